import { randomBytes } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import type { Registry } from '../../config/resolve.js'
import { XcollatError } from '../../core/errors.js'
import { type Envelope, toJson } from './envelope.js'
import { EXIT, errorLines } from './output.js'
import { packageVersion } from './version.js'

/**
 * No data folder was given where one is needed. Code `XC_NO_DATA_DIR`.
 *
 * @example
 * ```ts
 * throw new NoDataDirError('bridges/bridge_incidents.csv')
 * // error: [XC_NO_DATA_DIR] No data folder given. — Pass --data DIR or set XCOLLAT_DATA_DIR …
 * ```
 */
export class NoDataDirError extends XcollatError {
  override name = 'NoDataDirError'
  constructor(needs: string) {
    super('No data folder given.', {
      code: 'XC_NO_DATA_DIR',
      instruction: `Pass --data DIR or set XCOLLAT_DATA_DIR to a folder holding ${needs}.`,
    })
  }
}

/**
 * An output file cannot be written. Code `XC_OUTPUT`.
 *
 * @example
 * ```ts
 * throw new OutputFileError('/nope/a.json', 'ENOENT')
 * ```
 */
export class OutputFileError extends XcollatError {
  override name = 'OutputFileError'
  constructor(file: string, reason: string) {
    super(`Cannot write ${file}: ${reason}.`, {
      code: 'XC_OUTPUT',
      instruction: 'Pass --out a path in an existing, writable folder.',
    })
  }
}

/**
 * The output path is one of the command's inputs; writing it would destroy the input. Code
 * `XC_OUTPUT_IS_INPUT`, exit code 2, nothing written.
 *
 * @example
 * ```ts
 * throw new OutputIsInputError('protocol.yaml')
 * ```
 */
export class OutputIsInputError extends XcollatError {
  override name = 'OutputIsInputError'
  constructor(file: string) {
    super(`--out ${file} is an input of this command; writing it would overwrite the input.`, {
      code: 'XC_OUTPUT_IS_INPUT',
      instruction: 'Pass --out a different file.',
    })
  }
}

/** What {@link CommandContext.envelope} needs beyond what the context already knows. */
export type EnvelopeParameters = {
  readonly result: Envelope['result']
  readonly seed?: bigint | number | undefined
  /** Options in effect, beside the files the context recorded. */
  readonly options?: Readonly<Record<string, unknown>> | undefined
  readonly assumptions?: readonly string[] | undefined
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

/**
 * What every command receives: the data folder resolved once (`--data`, else
 * `XCOLLAT_DATA_DIR`), one way to load a configuration, the inputs read so far (outputs never
 * overwrite them), an abort signal for Ctrl-C, warnings, and the output envelope.
 *
 * @example
 * ```ts
 * program.command('assess').argument('<file>').action(commandAction(async (ctx, _o, file: string) => {
 *   const registry = await ctx.loadRegistry(file)
 *   await ctx.writeOutput(undefined, toJson(ctx.envelope({ result: assess(registry) })))
 * }))
 * ```
 */
export class CommandContext {
  /** The command as typed: `assess`, `bridges calibrate`. */
  readonly command: string
  /** The data folder: `--data`, else `XCOLLAT_DATA_DIR`, else undefined. */
  readonly dataDir: string | undefined
  /** `--debug` was given. */
  readonly debug: boolean
  readonly warnings: string[] = []
  readonly #inputs = new Map<string, string>()
  #controller: AbortController | undefined
  #onSigint: (() => void) | undefined

  constructor(command: Command) {
    const names: string[] = []
    for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name())
    this.command = names.join(' ')
    const options = command.optsWithGlobals() as { data?: unknown; debug?: unknown }
    const fromOption = typeof options.data === 'string' && options.data !== '' ? options.data : undefined
    const fromEnv = process.env.XCOLLAT_DATA_DIR
    this.dataDir = fromOption ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv)
    this.debug = options.debug === true
  }

  /** The data folder, or a {@link NoDataDirError} saying what it must hold. */
  requireDataDir(needs: string): string {
    if (this.dataDir === undefined) throw new NoDataDirError(needs)
    return this.dataDir
  }

  /** Records a file the command reads (kept in the envelope; never overwritten by an output). */
  addInput(role: string, path: string): void {
    this.#inputs.set(role, path)
  }

  /** The files recorded so far, by role (`config`, `data`, `price:weth`). */
  get inputs(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.#inputs)
  }

  /**
   * Loads and resolves a configuration the same way for every command: YAML or JSON, the data
   * folder for `volatilitySeries`, every problem listed in one `ConfigError`.
   */
  async loadRegistry(file: string): Promise<Registry> {
    this.addInput('config', file)
    if (this.dataDir !== undefined) this.addInput('data', this.dataDir)
    const { loadConfig } = await import('../../config/load.js')
    return loadConfig(file, { dataDir: this.dataDir })
  }

  /**
   * Aborted on Ctrl-C (SIGINT); a second Ctrl-C (a second or more later) exits at once with 130. The handler is installed
   * on first use only, so commands that never look at the signal stop on Ctrl-C as usual.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController()
      this.#controller = controller
      let first = 0
      this.#onSigint = () => {
        // `npm run` forwards the Ctrl-C its child already got from the terminal: the same key
        // press arrives twice, so only a second press a second later quits at once.
        if (controller.signal.aborted) {
          if (Date.now() - first > 1000) process.exit(EXIT.interrupted)
          return
        }
        first = Date.now()
        controller.abort()
        process.stderr.write('\ninterrupted: finishing what is done (Ctrl-C again to quit at once)\n')
      }
      process.on('SIGINT', this.#onSigint)
    }
    return this.#controller.signal
  }

  /** True once Ctrl-C was pressed. */
  get interrupted(): boolean {
    return this.#controller?.signal.aborted ?? false
  }

  /** Records a warning (printed now on stderr, kept in the envelope). */
  warn(message: string): void {
    this.warnings.push(message)
    process.stderr.write(`warning: ${message}\n`)
  }

  /** The `--format json` envelope of this run (see `envelopeSchema`). */
  envelope(p: EnvelopeParameters): Envelope {
    return {
      command: this.command,
      version: packageVersion(),
      ...(p.seed === undefined ? {} : { seed: String(p.seed) }),
      inputs: { ...this.inputs, ...(p.options ?? {}) },
      result: p.result,
      warnings: [...this.warnings],
      assumptions: [...(p.assumptions ?? [])],
    }
  }

  /** Prints an envelope as JSON on stdout, or writes it to `out`. */
  async writeEnvelope(out: string | undefined, p: EnvelopeParameters): Promise<void> {
    await this.writeOutput(out, toJson(this.envelope(p)))
  }

  /**
   * Writes `text` to stdout (no `path`) or to `path` atomically: a temporary file beside it,
   * then a rename, so a failed run never leaves half a file. Refuses to overwrite an input.
   */
  async writeOutput(path: string | undefined, text: string): Promise<void> {
    if (path === undefined) {
      process.stdout.write(text)
      return
    }
    const target = realOrResolved(path)
    for (const input of this.#inputs.values())
      if (realOrResolved(input) === target) throw new OutputIsInputError(path)
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
    try {
      await writeFile(temp, text, 'utf8')
      await rename(temp, target)
    } catch (error) {
      await rm(temp, { force: true })
      throw new OutputFileError(path, (error as { code?: string }).code ?? String(error))
    }
    process.stderr.write(`wrote ${path}\n`)
  }

  /** Removes the Ctrl-C handler. */
  dispose(): void {
    if (this.#onSigint) process.removeListener('SIGINT', this.#onSigint)
  }
}

/**
 * Wraps a command's action: builds its {@link CommandContext}, runs it, and sets the exit code
 * (the returned code, 0 by default, 130 when Ctrl-C interrupted the run, whether or not it could
 * keep anything). Other errors go up to `runCli`, which prints them as one line each.
 *
 * @example
 * ```ts
 * cmd.action(commandAction(async (ctx, o: { format: string }, file: string) => {
 *   const registry = await ctx.loadRegistry(file)
 *   return EXIT.ok
 * }))
 * ```
 */
export function commandAction<O, A extends unknown[]>(
  run: (ctx: CommandContext, options: O, ...args: A) => Promise<number | undefined> | number | undefined,
): (...all: unknown[]) => Promise<void> {
  return async (...all: unknown[]) => {
    const command = all.at(-1) as Command
    const options = all.at(-2) as O
    const args = all.slice(0, -2) as A
    const ctx = new CommandContext(command)
    try {
      const code = await run(ctx, options, ...args)
      process.exitCode = ctx.interrupted ? EXIT.interrupted : (code ?? EXIT.ok)
    } catch (error) {
      if (!ctx.interrupted) throw error
      // Interrupted before anything could be kept (no path finished): say so, still exit 130.
      for (const line of errorLines(error)) process.stderr.write(`${line}\n`)
      process.exitCode = EXIT.interrupted
    } finally {
      ctx.dispose()
    }
  }
}
