import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Runs the CLI without a data folder (a fresh clone). */
function xcollat(...args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' }
  delete env.XCOLLAT_DATA_DIR
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

type Report = {
  command: string
  version: string
  seed: null
  scenario: { name: string; source: string[] }
  route: { liquidationThreshold: number; horizonSeconds: number; source: string; asset: string }
  series: {
    mode: string
    points: number
    from: number
    to: number
    coverage?: number
    reordered: number
    issues: Array<{ kind: string }>
  }
  faultsApplied: string[]
  bound: string
  historicallySafeLt: number | undefined
  attacker?: { borrowedUsd: number; badDebtUsd: number }
  runs: Array<{
    label: string
    liquidationThreshold: number
    ltv: number
    starts: number
    worst: { start: number; badDebtFraction: number }
    worstStart: { badDebt: number; liquidations: number }
  }>
}

/** The `result` of a `--format json` envelope. */
const result = (stdout: string) => (JSON.parse(stdout) as { result: Report }).result

const flags = ['--lt', '0.8', '--ltv', '0.7', '--bonus', '0.05', '--horizon', '3600']

describe('xcollat backtest (no data folder)', () => {
  it('runs a published scenario on a route given by flags, JSON with version and seed', () => {
    const r = xcollat('backtest', '--scenario', 'crash-40-24h', ...flags, '--format', 'json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const envelope = JSON.parse(r.stdout) as { command: string; version: string; result: Report }
    expect(envelope.command).toBe('backtest')
    expect(envelope.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(envelope).not.toHaveProperty('seed') // deterministic: no seed
    const json = envelope.result
    expect(json.series.mode).toBe('published')
    expect(json.runs.map((x) => x.label)).toEqual(['given', 'aggressive LT 0.95'])
    // LTV of the aggressive run scales with the LT: 0.95 · 0.7 / 0.8 = 0.83125
    expect(json.runs[1]?.ltv).toBeCloseTo(0.83125, 12)
    // A 40 % fall: the book at LT 0.8 (max LTV 0.7) is liquidatable below 0.7 / 0.8 = 0.875 of the start.
    expect(json.runs[0]?.worstStart.liquidations).toBeGreaterThan(0)
    expect(json.runs[1]?.worst.badDebtFraction).toBeGreaterThanOrEqual(
      json.runs[0]?.worst.badDebtFraction as number,
    )
    // books opened every 6 hours over the published path (24 h fall + the 1 h horizon)
    expect(json.runs[0]?.starts).toBeGreaterThan(1)
    expect(json.historicallySafeLt).toBeGreaterThan(0)
  })

  it('uses the recommended parameters of `xcollat assess` for a config route', () => {
    const r = xcollat(
      'backtest',
      'examples/small.yaml',
      '--route',
      'weth-eth-arb-messages',
      '--scenario',
      'eth-2020-03',
      '--format',
      'json',
    )
    expect(r.code).toBe(0)
    const json = result(r.stdout)
    expect(json.route.source).toContain('assess')
    expect(json.route.asset).toBe('ETH')
    expect(json.route.horizonSeconds).toBeGreaterThan(0)
    expect(json.series.mode).toBe('published')
  })

  it('charges a drain only to a route through the drained bridge (Nomad), and keeps the Kelp attacker apart', () => {
    const run = (...args: string[]) => result(xcollat('backtest', ...args, '--format', 'json').stdout)
    // The Arbitrum-canonical WETH route of the small example: Nomad's drain is not its bridge.
    const arb = run('examples/small.yaml', '--route', 'weth-eth-arb-canonical', '--scenario', 'nomad-2022-08')
    expect(arb.faultsApplied).toEqual([])
    expect(arb.runs[0]?.worst.badDebtFraction).toBe(0)
    // A synthetic route through Nomad on a Nomad chain: every position loses its backing.
    const nomadRoute = [
      ...flags,
      '--architecture',
      'synthetic',
      '--bridge',
      'nomad',
      '--chains',
      'ethereum,moonbeam',
    ]
    const nomad = run('--scenario', 'nomad-2022-08', ...nomadRoute)
    expect(nomad.faultsApplied.join(' ')).toContain('drained')
    expect(nomad.runs[0]?.worst.badDebtFraction).toBeGreaterThan(0.99)
    expect(nomad.bound).toContain('parameters cannot help')
    // What if the route's own bridge failed alike: only when asked.
    const assumed = run(
      'examples/small.yaml',
      '--route',
      'weth-eth-arb-canonical',
      '--scenario',
      'nomad-2022-08',
      '--fail-bridge',
    )
    expect(assumed.faultsApplied.join(' ')).toContain('assumed')
    // Kelp: the $193M attacker is not added to a $10M book; it is reported apart.
    const kelp = run(
      '--scenario',
      'kelp-rseth-2026-04',
      ...flags,
      '--asset',
      'rsETH',
      '--architecture',
      'synthetic',
      '--bridge',
      'layerzero-rseth',
    )
    expect(kelp.attacker?.borrowedUsd).toBe(193_000_000)
    expect(kelp.runs[0]?.worstStart.badDebt).toBeLessThan(10_000_000)
  })

  it('refuses a route whose asset is not the scenario asset (exit 2), and takes stETH for wstETH', () => {
    const usdc = xcollat('backtest', '--scenario', 'eth-2020-03', ...flags, '--asset', 'USDC')
    expect(usdc.code).toBe(2)
    expect(usdc.stderr).toContain('XC_BACKTEST_ASSET')
    const wsteth = xcollat(
      'backtest',
      '--scenario',
      'steth-2022-06',
      ...flags,
      '--asset',
      'wstETH',
      '--format',
      'json',
    )
    expect(wsteth.code).toBe(0)
    expect(result(wsteth.stdout).route.asset).toBe('stETH')
  })

  it('cuts a --price file to the scenario window, prints its coverage and refuses a thin one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-backtest-'))
    // Hourly 2020-02-01 → 2020-05-01 (wider than the window), one hour missing and one bad row.
    const rows: string[] = []
    for (
      let t = Date.parse('2020-02-01T00:00:00Z') / 1000;
      t < Date.parse('2020-05-01T00:00:00Z') / 1000;
      t += 3600
    ) {
      if (t === 1_583_971_200 + 3 * 3600) continue // 2020-03-12T03:00 missing
      rows.push(`${t},${t === 1_583_971_200 + 5 * 3600 ? 'n/a' : 200}`)
    }
    const full = join(dir, 'full.csv')
    writeFileSync(full, ['t,close', ...rows].join('\n'))
    const r = xcollat(
      'backtest',
      '--scenario',
      'eth-2020-03',
      ...flags,
      '--price',
      `ETH=${full}:close`,
      '--format',
      'json',
    )
    expect(r.stderr).toBe('')
    const json = result(r.stdout)
    expect(json.series.mode).toBe('price-option')
    expect(json.series.from).toBeGreaterThanOrEqual(Date.parse('2020-03-01T00:00:00Z') / 1000)
    expect(json.series.to).toBeLessThanOrEqual(Date.parse('2020-04-02T00:00:00Z') / 1000)
    expect(json.series.coverage).toBeGreaterThan(0.99)
    expect(json.series.issues.filter((i) => i.kind === 'gap')).toHaveLength(2)
    expect(json.series.issues.filter((i) => i.kind === 'bad-row')).toHaveLength(1)
    const text = xcollat('backtest', '--scenario', 'eth-2020-03', ...flags, '--price', `ETH=${full}:close`)
    expect(text.stdout).toContain('coverage')
    // Two rows, or a year-long gap: refused with the coverage named.
    const two = join(dir, 'two.csv')
    writeFileSync(two, 't,close\n2020-03-10T00:00:00Z,200\n2020-03-20T00:00:00Z,100\n')
    const thin = xcollat('backtest', '--scenario', 'eth-2020-03', ...flags, '--price', `ETH=${two}:close`)
    expect(thin.code).toBe(2)
    expect(thin.stderr).toContain('XC_SERIES_COVERAGE')
  })

  it('sorts a shuffled --price file (every row kept) and refuses duplicates and absurd prices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-backtest-'))
    const rows = Array.from({ length: 48 }, (_, i) => `${1_600_000_000 + i * 3600},${200 - i}`)
    const shuffled = join(dir, 's.csv')
    writeFileSync(shuffled, ['t,px', ...rows.map((_, i) => rows[(i * 7) % 48])].join('\n'))
    const ok = xcollat(
      'backtest',
      '--scenario',
      'crash-40-24h',
      ...flags,
      '--price',
      `ETH=${shuffled}:px`,
      '--format',
      'json',
    )
    expect(ok.code).toBe(0)
    const json = result(ok.stdout)
    expect(json.series.points).toBe(48)
    expect(json.series.reordered).toBeGreaterThan(0)
    const dup = join(dir, 'd.csv')
    writeFileSync(dup, 't,px\n1600000000,1\n\n1600003600,2\n1600000000,3\n')
    const d = xcollat('backtest', '--scenario', 'crash-40-24h', ...flags, '--price', `ETH=${dup}:px`)
    expect(d.code).toBe(2)
    expect(d.stderr).toContain('XC_SERIES_DUPLICATE')
    expect(d.stderr).toContain('lines 2 and 5') // the blank line 3 counted
    const big = join(dir, 'b.csv')
    writeFileSync(big, 't,px\n1600000000,1\n1600003600,1e308\n')
    const b = xcollat('backtest', '--scenario', 'crash-40-24h', ...flags, '--price', `ETH=${big}:px`)
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('XC_SERIES_VALUE')
    expect(b.stderr).not.toContain('BigInt')
  })

  it('replays a user CSV with unix-second times: hand-worked bad debt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-backtest-'))
    const file = join(dir, 'px.csv')
    writeFileSync(
      file,
      ['t,px', '1600000000,200', '1600003600,150', '1600007200,100', '1600010800,100'].join('\n'),
    )
    const r = xcollat(
      'backtest',
      '--scenario',
      'crash-40-24h',
      ...flags,
      '--positions',
      '1',
      '--min-utilisation',
      '1',
      '--collateral-usd',
      '1000',
      '--compare-lt',
      '',
      '--price',
      `ETH=${file}:px`,
      '--format',
      'json',
    )
    expect(r.stderr).toBe('')
    const json = result(r.stdout)
    expect(json.series.mode).toBe('price-option')
    // Book opened at 200: c = 1000 / 200 = 5 units, d = 1000 · 0.7 = 700. HF at 150 = 5 · 150 · 0.8 / 700
    // = 0.857 < 1, liquidated at t = 1600003600, sold one hour later at 100: 5 · 100 = 500 < 700 · 1.05, so
    // the whole collateral goes and repays 500 / 1.05 = 476.190476…; bad debt = 700 − 476.190476… = 223.809523…
    expect(json.runs).toHaveLength(1)
    expect(json.runs[0]?.worst.start).toBe(1_600_000_000)
    expect(json.runs[0]?.worstStart.badDebt).toBeCloseTo(700 - 500 / 1.05, 6)
    expect(json.runs[0]?.worst.badDebtFraction).toBeCloseTo((700 - 500 / 1.05) / 700, 9)
  })

  it('reports every bad option at once, one line each, exit 2', () => {
    const r = xcollat(
      'backtest',
      '--scenario',
      'crash-50',
      '--lt',
      '2',
      '--ltv',
      'x',
      '--bonus',
      '0.05',
      '--horizon',
      '-1',
      '--positions',
      '0',
      '--price',
      'junk',
    )
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trim().split('\n')
    // scenario, --lt, --ltv, --horizon, --positions, --price
    expect(lines).toHaveLength(6)
    for (const line of lines) expect(line).toMatch(/^error: \[XC_[A-Z_]+\] /)
    expect(r.stderr).toContain('XC_UNKNOWN_SCENARIO')
  })

  it('rejects an LTV at or above the LT, and an unknown option, with exit 2 and one line', () => {
    const ltv = xcollat(
      'backtest',
      '--scenario',
      'crash-40-24h',
      '--lt',
      '0.8',
      '--ltv',
      '0.8',
      '--bonus',
      '0',
      '--horizon',
      '0',
    )
    expect(ltv.code).toBe(2)
    expect(ltv.stderr.trim().split('\n')).toHaveLength(1)
    expect(ltv.stderr).toContain('--ltv')
    const unknown = xcollat('backtest', '--scenario', 'crash-40-24h', ...flags, '--bogus')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toContain('XC_BAD_OPTION')
    const help = xcollat('backtest', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--scenario')
  })

  it('lists the market scenarios', () => {
    const json = JSON.parse(xcollat('backtest', '--list', '--format', 'json').stdout) as {
      version: string
      result: Array<{ name: string }>
    }
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(json.result).toHaveLength(8)
    const r = xcollat('backtest', '--list')
    expect(r.code).toBe(0)
    for (const n of [
      'crash-40-24h',
      'luna-ust-2022-05',
      'steth-2022-06',
      'ftx-2022-11',
      'usdc-svb-2023-03',
      'nomad-2022-08',
      'kelp-rseth-2026-04',
    ])
      expect(r.stdout).toContain(n)
  })

  it('exits 2 with a named error on an unknown scenario or a missing flag', () => {
    const unknown = xcollat('backtest', '--scenario', 'crash-50', ...flags)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('XC_UNKNOWN_SCENARIO')
    const missing = xcollat('backtest', '--scenario', 'crash-40-24h', '--lt', '0.8')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('XC_BAD_OPTION')
  })
})
