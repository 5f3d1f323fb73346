import { afterEach, describe, expect, it, vi } from 'vitest'
import { BadOptionError } from '../src/app/cli/options.js'
import { EXIT } from '../src/app/cli/output.js'
import { createProgram, runCli } from '../src/app/cli/program.js'
import { ON_CHAIN_SCENARIOS } from '../src/app/devnet/replay.js'
import { UnknownScenarioError } from '../src/core/protocol/errors.js'
import { SCENARIOS } from '../src/core/protocol/scenarios/registry.js'
import { ScenarioEngineError, scenarioList, scenarioNames } from '../src/core/scenarios/catalog.js'

async function cli(...args: string[]): Promise<string> {
  const chunks: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  })
  await (await createProgram()).parseAsync(['node', 'xcollat', 'scenario', ...args])
  vi.restoreAllMocks()
  return chunks.join('')
}

/** Runs the real entry point (errors become one line on stderr and an exit code). */
async function shell(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk))
    return true
  })
  const before = process.exitCode
  try {
    await runCli(['node', 'xcollat', 'scenario', ...args])
    return { code: Number(process.exitCode ?? 0), out: out.join(''), err: err.join('') }
  } finally {
    process.exitCode = before
    vi.restoreAllMocks()
  }
}

describe('xcollat scenario', () => {
  afterEach(() => vi.restoreAllMocks())

  it('--list names the scenarios', async () => {
    const out = await cli('--list')
    for (const n of ['crash-40-24h', 'oracle-delay', 'forged-mint', 'replay', 'oracle-floor'])
      expect(out).toContain(n)
  })

  it('--list shows the one catalog with the engines that run each scenario', async () => {
    const rows = (await cli('--list')).split('\n')
    expect(rows[0]).toMatch(/^name\s+engines\s+title$/)
    expect(rows.some((r) => /^replay\s+protocol,devnet\s+\S/.test(r))).toBe(true)
    for (const n of scenarioNames('market'))
      expect(rows.some((r) => new RegExp(`^${n}\\s+(protocol,)?market\\s+\\S`).test(r))).toBe(true)
    // a name both engines run is listed once
    expect(rows.filter((r) => /^crash-40-24h\s/.test(r)).map((r) => r.split(/\s+/)[1])).toEqual([
      'protocol,market',
    ])
    expect(rows).toContain('market:   xcollat backtest --scenario NAME <config>')
  })

  it('--list --format json: every entry has its engines and a source list', async () => {
    const list = JSON.parse(await cli('--list', '--format', 'json')).result as {
      name: string
      engines: string[]
      title: string
      description: string
      source: unknown
    }[]
    expect(list).toHaveLength(new Set([...SCENARIOS.map((s) => s.name), ...scenarioNames('market')]).size)
    expect(list).toEqual(scenarioList())
    for (const e of list) {
      expect(e.engines.length).toBeGreaterThan(0)
      for (const engine of e.engines) expect(['protocol', 'market', 'devnet']).toContain(engine)
      expect(Array.isArray(e.source)).toBe(true)
      expect((e.source as unknown[]).length).toBeGreaterThan(0)
      for (const s of e.source as unknown[]) expect(typeof s).toBe('string')
      expect(e.title.length).toBeGreaterThan(0)
    }
    expect(list.filter((e) => e.engines.includes('protocol')).map((e) => e.name)).toEqual(
      SCENARIOS.map((s) => s.name),
    )
    expect(list.filter((e) => e.engines.includes('market')).map((e) => e.name)).toEqual(
      scenarioNames('market'),
    )
  })

  it('the devnet engine of the catalog is what `devnet replay` drives', () => {
    expect(scenarioNames('devnet')).toEqual([...ON_CHAIN_SCENARIOS].sort())
  })

  it('a market-only name exits 2 with one line naming the command that runs it', async () => {
    const market = scenarioNames('market').find((n) => !SCENARIOS.some((s) => s.name === n))!
    await expect(cli(market)).rejects.toBeInstanceOf(ScenarioEngineError)
    const r = await shell(market)
    expect(r.code).toBe(EXIT.badInput)
    expect(r.out).toBe('')
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toContain(`xcollat backtest --scenario ${market} <config>`)
    expect(r.err).toContain('XC_SCENARIO_ENGINE')
  })

  it('a name in both libraries runs the protocol scenario', async () => {
    const r = JSON.parse(await cli('crash-40-24h', '--seed', '2', '--format', 'json')).result
    expect(r.scenario).toBe('crash-40-24h')
    expect(r.liquidations).toBeGreaterThan(0)
  })

  it('--format json has the fields the issue asks for', async () => {
    const r = JSON.parse(await cli('replay', '--design', 'naive', '--seed', '3', '--format', 'json')).result
    expect(r).toMatchObject({ scenario: 'replay', design: 'naive', seed: 3 })
    for (const k of ['badDebtUsd', 'attackerProfitUsd', 'liquidationLagSeconds', 'invariantViolations'])
      expect(r).toHaveProperty(k)
    expect(Object.keys(r.liquidationLagSeconds)).toEqual(expect.arrayContaining(['p50', 'p95', 'max']))
    // naive replay: 30,000 borrowed against 10 ETH worth 20,000 → +10,000 (worked in adversarial.test.ts)
    expect(r.attackerProfitUsd).toBe(10_000)
  })

  it('the same seed prints the same JSON', async () => {
    const a = await cli('crash-40-24h', '--seed', '11', '--format', 'json')
    const b = await cli('crash-40-24h', '--seed', '11', '--format', 'json')
    expect(b).toBe(a)
  })

  it('--trace prints the event log with time, chain, event and change', async () => {
    const out = await cli('oracle-delay', '--design', 'naive', '--trace')
    expect(out).toContain('time(s)')
    expect(out).toMatch(/3605\.00\s+ethereum\s+withdraw\s+naive vault pays/)
  })

  it('refuses an unknown scenario, design, seed or format', async () => {
    await expect(cli('nope')).rejects.toBeInstanceOf(UnknownScenarioError)
    await expect(cli('replay', '--design', 'clever')).rejects.toBeInstanceOf(BadOptionError)
    await expect(cli('replay', '--seed', '-4')).rejects.toBeInstanceOf(BadOptionError)
    await expect(cli('replay', '--format', 'xml')).rejects.toBeInstanceOf(BadOptionError)
    await expect(cli()).rejects.toBeInstanceOf(BadOptionError)
    await expect(cli('replay', '--bogus')).rejects.toBeInstanceOf(BadOptionError)
  })

  it.each([
    ['nope', 'XC_UNKNOWN_SCENARIO'],
    ['replay --design clever', 'XC_BAD_OPTION'],
    ['replay --seed -4', 'XC_BAD_OPTION'],
    ['replay --seed 1.5', 'XC_BAD_OPTION'],
    ['replay --seed abc', 'XC_BAD_OPTION'],
    ['replay --seed', 'XC_BAD_OPTION'],
    ['replay --bogus', 'XC_BAD_OPTION'],
  ])('bad input "%s" exits 2 with one readable line and no stack', async (args, code) => {
    const r = await shell(...args.split(' '))
    expect(r.code).toBe(EXIT.badInput)
    expect(r.out).toBe('')
    const lines = r.err.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(code)
    expect(r.err).not.toMatch(/\n\s+at /)
  })
})
