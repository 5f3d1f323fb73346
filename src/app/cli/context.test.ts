import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  CommandContext,
  commandAction,
  NoDataDirError,
  OutputFileError,
  OutputIsInputError,
} from './context.js'

function context(args: readonly string[] = []): CommandContext {
  let ctx: CommandContext | undefined
  const program = new Command().exitOverride()
  program
    .command('probe')
    .option('--data <dir>')
    .action((_o, cmd: Command) => {
      ctx = new CommandContext(cmd)
    })
  program.parse(['probe', ...args], { from: 'user' })
  if (!ctx) throw new TypeError('the probe command did not run')
  return ctx
}

describe(CommandContext.name, () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('resolves the data folder once: --data, else XCOLLAT_DATA_DIR, else none', () => {
    vi.stubEnv('XCOLLAT_DATA_DIR', '/from/env')
    expect(context(['--data', '/from/option']).dataDir).toBe('/from/option')
    expect(context().dataDir).toBe('/from/env')
    vi.stubEnv('XCOLLAT_DATA_DIR', '')
    expect(context().dataDir).toBeUndefined()
    expect(() => context().requireDataDir('prices')).toThrow(NoDataDirError)
  })

  it('never overwrites an input, and writes atomically', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-ctx-'))
    const input = join(dir, 'protocol.yaml')
    writeFileSync(input, 'version: 1\n')
    const ctx = context()
    ctx.addInput('config', input)
    await expect(ctx.writeOutput(input, '{}')).rejects.toBeInstanceOf(OutputIsInputError)
    await expect(ctx.writeOutput(join(dir, '.', 'protocol.yaml'), '{}')).rejects.toBeInstanceOf(
      OutputIsInputError,
    )
    expect(readFileSync(input, 'utf8')).toBe('version: 1\n')
    await ctx.writeOutput(join(dir, 'out.json'), '{"a":1}\n')
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{"a":1}\n')
    await expect(ctx.writeOutput(join(dir, 'missing', 'out.json'), 'x')).rejects.toBeInstanceOf(
      OutputFileError,
    )
    expect(readdirSync(dir).sort()).toEqual(['out.json', 'protocol.yaml']) // no temporary file left
  })

  it('builds the envelope with the inputs, the seed as a string and the warnings', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const ctx = context(['--data', '/d'])
    ctx.addInput('config', 'a.yaml')
    ctx.warn('something to know')
    expect(ctx.envelope({ result: { x: 1 }, seed: 42n, options: { paths: 10 } })).toMatchObject({
      command: 'probe',
      seed: '42',
      inputs: { config: 'a.yaml', paths: 10 },
      result: { x: 1 },
      warnings: ['something to know'],
      assumptions: [],
    })
  })
})

describe(commandAction.name, () => {
  it('passes the context, the options and the arguments, and sets the exit code', async () => {
    const before = process.exitCode
    const seen: unknown[] = []
    const program = new Command().exitOverride()
    program
      .command('probe')
      .argument('<file>')
      .option('--n <n>')
      .action(
        commandAction(async (ctx, o: { n?: string }, file: string) => {
          seen.push(ctx.command, o.n, file)
          return 1
        }),
      )
    try {
      await program.parseAsync(['probe', 'a.yaml', '--n', '3'], { from: 'user' })
      expect(seen).toEqual(['probe', '3', 'a.yaml'])
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = before
    }
  })
})
