import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { XcollatError } from '../../core/errors.js'
import type { Estimate } from '../../core/sim/metrics.js'

/**
 * A command-line option has a bad value. Code `XC_BAD_OPTION`.
 *
 * @example
 * ```ts
 * throw new BadOptionError('--paths', 'a whole number from 1 to 100000000', '0')
 * ```
 */
export class BadOptionError extends XcollatError {
  override name = 'BadOptionError'
  readonly problems: readonly string[]
  constructor(option: string, expected: string, found: string) {
    super(`${option}: expected ${expected}, found ${JSON.stringify(found)}.`, {
      code: 'XC_BAD_OPTION',
      instruction: `Pass ${option} as ${expected}.`,
    })
    this.problems = [`${option}: expected ${expected}, found ${JSON.stringify(found)}`]
  }
}

/**
 * The command line could not be parsed (unknown option, missing argument or value). Code
 * `XC_BAD_OPTION`, reported as one line with exit code 2.
 *
 * @example
 * ```ts
 * throw new CommandLineError('simulate', "unknown option '--bogus'")
 * ```
 */
export class CommandLineError extends XcollatError {
  override name = 'CommandLineError'
  readonly problems: readonly string[]
  constructor(command: string, problem: string) {
    super(`${problem} (see \`xcollat ${command} --help\`).`, {
      code: 'XC_BAD_OPTION',
      instruction: `Run \`xcollat ${command} --help\` for the options.`,
    })
    this.problems = [`${problem} (see \`xcollat ${command} --help\`)`]
  }
}

/**
 * Makes commander's parse errors on `cmd` (unknown option, missing argument, missing value) a
 * {@link CommandLineError}, so the program reports one readable line and exits with code 2
 * instead of commander's exit code 1 and the full help. Help and version still exit 0.
 *
 * @example
 * ```ts
 * parseErrorsAsBadInput(program.command('simulate'), 'simulate')
 * ```
 */
export function parseErrorsAsBadInput(cmd: Command, name: string): Command {
  return cmd
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error) => {
      if (error.exitCode === 0) return
      throw new CommandLineError(name, error.message.replace(/^error: /, '').replace(/\n/g, ' '))
    })
}

/**
 * The package version, read from package.json (four levels above this file in src/ and dist/).
 *
 * @example
 * ```ts
 * packageVersion() // '0.1.0'
 * ```
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Parses a whole number option within [min, max].
 *
 * @example
 * ```ts
 * parseIntegerOption('--paths', '10000', 1, 1e9) // 10000
 * ```
 */
export function parseIntegerOption(option: string, text: string, min: number, max: number): number {
  const v = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min || v > max)
    throw new BadOptionError(option, `a whole number from ${min} to ${max}`, text)
  return v
}

/**
 * Parses a finite number option within [min, max].
 *
 * @example
 * ```ts
 * parseNumberOption('--epsilon', '1e-4', 0, 1) // 0.0001
 * ```
 */
export function parseNumberOption(option: string, text: string, min: number, max: number): number {
  const v = Number(text)
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max)
    throw new BadOptionError(option, `a number from ${min} to ${max}`, text)
  return v
}

/**
 * Parses a seed: a whole number in [0, 2^64).
 *
 * @example
 * ```ts
 * parseSeedOption('42') // 42n
 * ```
 */
export function parseSeedOption(text: string): bigint {
  if (!/^\d{1,20}$/.test(text.trim()))
    throw new BadOptionError('--seed', 'a whole number from 0 to 2^64 − 1', text)
  const v = BigInt(text.trim())
  if (v >= 1n << 64n) throw new BadOptionError('--seed', 'a whole number from 0 to 2^64 − 1', text)
  return v
}

/**
 * JSON text with non-finite numbers as strings and bigints as decimal strings.
 *
 * @example
 * ```ts
 * toJson({ seed: 42n, x: Infinity }) // '{\n  "seed": "42",\n  "x": "Infinity"\n}\n'
 * ```
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    2,
  )}\n`
}

/**
 * An estimate as `value [low, high]` with a fixed number of significant digits.
 *
 * @example
 * ```ts
 * formatEstimate({ value: 1234.5, low: 1000, high: 1500, confidence: 0.95 }) // '1234.5 [1000, 1500]'
 * ```
 */
export function formatEstimate(e: Estimate, digits = 5): string {
  const f = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x))
  return `${f(e.value)} [${f(e.low)}, ${f(e.high)}]`
}
