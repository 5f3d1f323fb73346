import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { COMMANDS } from '../src/app/cli/commands/index.js'
import { envelopeJsonSchema, envelopeSchema } from '../src/app/cli/envelope.js'
import { createProgram, runCli } from '../src/app/cli/program.js'
import { removeQueueKeys, testRedis, uniqueQueueName } from './queue/redis.js'

// A data folder with a two-row incident file, for `bridges calibrate`.
const data = mkdtempSync(join(tmpdir(), 'xcollat-envelope-'))
mkdirSync(join(data, 'bridges'))
writeFileSync(
  join(data, 'bridges', 'bridge_incidents.csv'),
  'bridge,date_iso,date_corrected_iso,amount_lost_usd,chains,root_cause,validation_mechanism,validator_set_size,signing_threshold,amount_date_source,annotation_source\n' +
    'A,2022-01-01,,10,,,multisig (2-of-5),5,2,s,a\nB,2022-02-01,,5,,,optimistic,,,s,a\n',
)

// ... and 40 days of hourly ETH candles (a gentle sine), for `validate`.
mkdirSync(join(data, 'prices'))
writeFileSync(
  join(data, 'prices', 'binance_ethusdt_1h_2020-01_2022-10.csv'),
  `timestamp_utc,unix_ms,open,high,low,close,volume_base\n${Array.from({ length: 960 }, (_, i) => {
    const t = 1_600_000_000 + i * 3600
    const p = 2000 * (1 + 0.1 * Math.sin(i / 50))
    return `${new Date(t * 1000).toISOString()},${t * 1000},${p},${p * 1.01},${p * 0.99},${p},1`
  }).join('\n')}\n`,
)

// An empty file to publish and verify (its CID is the published CID of empty content).
writeFileSync(join(data, 'empty.txt'), '')
const EMPTY_CID = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'

// A Redis for `worker --once` (127.0.0.1:6379, or a redis-server started for this file); without
// one the worker's run is skipped with the reason printed (test/queue.cli.test.ts covers it too).
const queueRedis = await testRedis()
const workerQueue = uniqueQueueName('envelope')
if ('skip' in queueRedis) process.stdout.write(`worker envelope skipped: ${queueRedis.skip}\n`)
afterAll(async () => {
  if ('skip' in queueRedis) return
  await removeQueueKeys(queueRedis.url, workerQueue)
  await queueRedis.stop()
})

/** Every leaf command with a `--format json` run of it (the test checks this covers them all). */
const RUNS: Record<string, readonly (readonly string[])[]> = {
  assess: [['assess', 'examples/small.yaml', '--format', 'json']],
  schema: [
    ['schema', '--format', 'json'],
    ['schema', '--of', 'envelope', '--format', 'json'],
  ],
  'bridges calibrate': [['bridges', 'calibrate', '--data', data, '--format', 'json']],
  scenario: [
    ['scenario', 'replay', '--format', 'json'],
    ['scenario', '--list', '--format', 'json'],
  ],
  simulate: [
    [
      'simulate',
      'examples/small.yaml',
      '--paths',
      '40',
      '--seed',
      '3',
      '--horizon',
      '3600',
      '--format',
      'json',
    ],
  ],
  backtest: [
    ['backtest', 'examples/small.yaml', '--scenario', 'crash-40-24h', '--format', 'json'],
    ['backtest', '--list', '--format', 'json'],
  ],
  propose: [
    ['propose', 'examples/small.yaml', '--from', '2026-12-07', '--format', 'json'],
    ['propose', 'examples/small.yaml', '--change', 'weth-eth-arb-canonical.lt=80%', '--format', 'json'],
  ],
  report: [
    [
      'report',
      'examples/small.yaml',
      '--route',
      'weth-eth-arb-canonical',
      '--paths',
      '0',
      '--format',
      'json',
    ],
  ],
  publish: [['publish', join(data, 'empty.txt'), '--no-manifest', '--format', 'json']],
  verify: [['verify', join(data, 'empty.txt'), EMPTY_CID, '--format', 'json']],
  validate: [['validate', 'examples/small.yaml', '--data', data, '--format', 'json']],
  route: [
    [
      'route',
      'examples/three-chains.yaml',
      '--intent',
      'examples/three-chains.intent.yaml',
      '--format',
      'json',
    ],
  ],
  solve: [
    [
      'solve',
      'examples/small.yaml',
      '--paths',
      '40',
      '--epsilon',
      '0.25',
      '--confirm-paths',
      '40',
      '--horizon',
      '3600',
      '--format',
      'json',
    ],
  ],
  // a devnet that is gone: one pass, every RPC silent, so the envelope carries chain-stale alerts
  monitor: [
    [
      'monitor',
      '--manifest',
      'test/fixtures/stopped-devnet-manifest.json',
      '--db',
      'memory://',
      '--once',
      '--interval',
      '0.5',
      '--format',
      'json',
    ],
  ],
  worker:
    'skip' in queueRedis
      ? []
      : [['worker', '--queue', queueRedis.url, '--queue-name', workerQueue, '--once', '--format', 'json']],
}

// The devnet commands, run in order on one devnet (two anvil chains) that `devnet up` starts and
// `devnet down` stops; `devnet replay` starts and stops its own.
const devnetDir = mkdtempSync(join(tmpdir(), 'xcollat-envelope-devnet-'))
const manifest = join(devnetDir, 'manifest.json')
const CHAIN_RUNS: readonly (readonly [string, readonly string[]])[] = [
  ['devnet up', ['devnet', 'up', '--dir', devnetDir, '--no-relayer', '--format', 'json']],
  ['devnet status', ['devnet', 'status', '--dir', devnetDir, '--format', 'json']],
  ['relay', ['relay', '--manifest', manifest, '--once', '--format', 'json']],
  [
    'devnet dvn',
    ['devnet', 'dvn', '--dir', devnetDir, '--oapp', 'rsEthOft', '--required', '1', '--format', 'json'],
  ],
  [
    'devnet feed',
    ['devnet', 'feed', '--dir', devnetDir, '--feed', 'rsEth', '--price', '2050', '--format', 'json'],
  ],
  ['devnet sequencer', ['devnet', 'sequencer', '--dir', devnetDir, '--status', 'down', '--format', 'json']],
  ['devnet down', ['devnet', 'down', '--dir', devnetDir, '--format', 'json']],
  ['devnet replay', ['devnet', 'replay', 'replay', '--format', 'json']],
]

/** Hidden commands a user never runs (each with why it prints no envelope). */
const HIDDEN: Record<string, string> = {
  'devnet serve': 'the background process of `devnet up`: it writes the manifest, not stdout',
}

function leaves(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((c) => {
    const name = prefix === '' ? c.name() : `${prefix} ${c.name()}`
    return c.commands.length > 0 ? leaves(c, name) : [name]
  })
}

async function run(args: readonly string[]): Promise<{ code: number; out: string }> {
  const out: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  const before = process.exitCode
  try {
    await runCli(['node', 'xcollat', ...args])
    return { code: Number(process.exitCode ?? 0), out: out.join('') }
  } finally {
    process.exitCode = before
    vi.restoreAllMocks()
  }
}

describe('--format json envelope', () => {
  afterEach(() => vi.restoreAllMocks())

  it('has a run for every registered command, or says why it is pending', async () => {
    const names = leaves(await createProgram())
    expect(names.length).toBeGreaterThanOrEqual(COMMANDS.length)
    expect(
      [...Object.keys(RUNS), ...new Set(CHAIN_RUNS.map(([n]) => n)), ...Object.keys(HIDDEN)].sort(),
    ).toEqual([...names].sort())
  })

  it.each(Object.keys(HIDDEN))('%s is hidden from --help', async (name) => {
    const [parent, leaf] = name.split(' ') as [string, string]
    const program = await createProgram()
    const help = program.commands.find((c) => c.name() === parent)?.helpInformation() ?? ''
    expect(help).toContain('status')
    expect(help).not.toContain(leaf)
  })

  it.each(
    Object.entries(RUNS).flatMap(([name, runs]) => runs.map((args) => [name, args] as const)),
  )('%s prints the envelope (%j)', async (name, args) => {
    const r = await run(args)
    expect([0, 1]).toContain(r.code)
    const envelope = envelopeSchema.parse(JSON.parse(r.out))
    expect(envelope.command).toBe(name)
    expect(envelope.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it(
    'devnet up, status, relay, down and replay print the envelope (two anvil chains)',
    { timeout: 240_000 },
    async () => {
      try {
        for (const [name, args] of CHAIN_RUNS) {
          const r = await run(args)
          expect(r.code, name).toBe(0)
          const envelope = envelopeSchema.parse(JSON.parse(r.out))
          expect(envelope.command).toBe(name)
          const result = envelope.result as Record<string, unknown>
          if (name === 'devnet up') expect(result.manifestFile).toBe(manifest)
          if (name === 'devnet status') expect(result.running).toBe(true)
          if (name === 'relay') expect(result.deliveries).toEqual([])
          if (name === 'devnet down')
            expect((result.stopped as { how: string }[]).map((s) => s.how)).toContain('SIGTERM')
          if (name === 'devnet replay') expect(result.same).toBe(true)
        }
      } finally {
        await run(['devnet', 'down', '--dir', devnetDir])
        rmSync(devnetDir, { recursive: true, force: true })
      }
    },
  )

  it('publishes the JSON Schema it validates against', () => {
    const schema = envelopeJsonSchema() as { required?: string[]; additionalProperties?: unknown }
    expect(schema.required?.sort()).toEqual([
      'assumptions',
      'command',
      'inputs',
      'result',
      'version',
      'warnings',
    ])
    expect(schema.additionalProperties).toBe(false)
  })

  it('rejects what is not an envelope', () => {
    const ok = { command: 'x', version: '0.1.0', inputs: {}, result: {}, warnings: [], assumptions: [] }
    expect(envelopeSchema.safeParse(ok).success).toBe(true)
    for (const bad of [
      { ...ok, extra: 1 },
      { ...ok, seed: 42 },
      { ...ok, result: 'text' },
      { version: '0.1.0', inputs: {}, result: {}, warnings: [], assumptions: [] },
    ])
      expect(envelopeSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })
})
