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
  series: { mode: string; gaps: number; badRows: number; issues: Array<{ kind: string }> }
  faultsApplied: string[]
  runs: Array<{
    label: string
    liquidationThreshold: number
    ltv: number
    badDebt: number
    liquidations: number
  }>
}

const flags = ['--lt', '0.8', '--ltv', '0.7', '--bonus', '0.05', '--horizon', '3600']

describe('xcollat backtest (no data folder)', () => {
  it('runs a published scenario on a route given by flags, JSON with version and seed', () => {
    const r = xcollat('backtest', '--scenario', 'crash-40-24h', ...flags, '--format', 'json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Report
    expect(json.command).toBe('backtest')
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(json).toHaveProperty('seed')
    expect(json.series.mode).toBe('published')
    expect(json.runs.map((x) => x.label)).toEqual(['given', 'aggressive LT 0.95'])
    // LTV of the aggressive run scales with the LT: 0.95 · 0.7 / 0.8 = 0.83125
    expect(json.runs[1]?.ltv).toBeCloseTo(0.83125, 12)
    // A 40 % fall: the book at LT 0.8 (max LTV 0.7) is liquidatable below 0.7 / 0.8 = 0.875 of the start.
    expect(json.runs[0]?.liquidations).toBeGreaterThan(0)
    expect(json.runs[1]?.badDebt).toBeGreaterThanOrEqual(json.runs[0]?.badDebt as number)
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
    const json = JSON.parse(r.stdout) as Report
    expect(json.route.source).toContain('assess')
    expect(json.route.asset).toBe('ETH')
    expect(json.route.horizonSeconds).toBeGreaterThan(0)
    expect(json.series.mode).toBe('published')
  })

  it('applies a drained bridge to a synthetic route (Nomad) and adds the attacker for Kelp', () => {
    const nomad = JSON.parse(
      xcollat(
        'backtest',
        '--scenario',
        'nomad-2022-08',
        ...flags,
        '--architecture',
        'synthetic',
        '--format',
        'json',
      ).stdout,
    ) as Report
    expect(nomad.faultsApplied.join(' ')).toContain('drained')
    // every position loses its whole backing: bad debt = the whole debt
    expect(nomad.runs[0]?.badDebt).toBeGreaterThan(0)
    const kelp = JSON.parse(
      xcollat(
        'backtest',
        '--scenario',
        'kelp-rseth-2026-04',
        ...flags,
        '--architecture',
        'synthetic',
        '--format',
        'json',
      ).stdout,
    ) as Report
    expect(kelp.runs[0]?.badDebt).toBeGreaterThanOrEqual(193_000_000)
  })

  it('replays --price ASSET=FILE:COLUMN and reports its gap and bad row, never fills them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-backtest-'))
    const file = join(dir, 'eth.csv')
    // hourly, one hour missing (03:00) and one bad row (05:00, price "n/a"): the bad row is skipped and
    // reported, which leaves a second gap (04:00 → 06:00), also reported: 2 gaps, 1 bad row.
    writeFileSync(
      file,
      [
        'time,close',
        '2020-03-12T00:00:00Z,200',
        '2020-03-12T01:00:00Z,190',
        '2020-03-12T02:00:00Z,150',
        '2020-03-12T04:00:00Z,120',
        '2020-03-12T05:00:00Z,n/a',
        '2020-03-12T06:00:00Z,110',
        '2020-03-12T07:00:00Z,100',
      ].join('\n'),
    )
    const r = xcollat(
      'backtest',
      '--scenario',
      'eth-2020-03',
      ...flags,
      '--price',
      `ETH=${file}:close`,
      '--format',
      'json',
    )
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Report
    expect(json.series.mode).toBe('price-option')
    expect(json.series.gaps).toBe(2)
    expect(json.series.badRows).toBe(1)
    const text = xcollat('backtest', '--scenario', 'eth-2020-03', ...flags, '--price', `ETH=${file}:close`)
    expect(text.stdout).toContain('2 gap(s), 1 bad row(s)')
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
    const json = JSON.parse(r.stdout) as Report & {
      runs: Array<{ liquidationDetail: Array<{ triggerTime: number; saleTime: number; salePrice: number }> }>
    }
    expect(json.series.mode).toBe('price-option')
    // Book: c = 1000 / 200 = 5 units, d = 1000 · 0.7 = 700. HF at 150 = 5 · 150 · 0.8 / 700 = 0.857 < 1,
    // liquidated at t = 1600003600, sold one hour later at 100: 5 · 100 = 500 < 700 · 1.05, so the whole
    // collateral goes and repays 500 / 1.05 = 476.190476…; bad debt = 700 − 476.190476… = 223.809523…
    expect(json.runs).toHaveLength(1)
    expect(json.runs[0]?.liquidationDetail[0]).toMatchObject({
      triggerTime: 1_600_003_600,
      saleTime: 1_600_007_200,
    })
    expect(json.runs[0]?.badDebt).toBeCloseTo(700 - 500 / 1.05, 6)
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
    expect(r.stderr).toContain('XC_UNKNOWN_MARKET_SCENARIO')
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
      seed: null
      scenarios: Array<{ name: string }>
    }
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(json).toHaveProperty('seed', null)
    expect(json.scenarios).toHaveLength(8)
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
    expect(unknown.stderr).toContain('XC_UNKNOWN_MARKET_SCENARIO')
    const missing = xcollat('backtest', '--scenario', 'crash-40-24h', '--lt', '0.8')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('XC_BAD_OPTION')
  })
})
