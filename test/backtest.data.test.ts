import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scenarioNames } from '../src/core/scenarios/catalog.js'
import { isoSeconds, marketScenarios } from '../src/core/scenarios/scenarios.js'
import { readCsv } from '../src/io/csv.js'

const dir = process.env.XCOLLAT_DATA_DIR

type Report = {
  route: {
    liquidationThreshold: number
    ltv: number
    liquidationBonus: number
    horizonSeconds: number
    architecture: string
  }
  series: {
    mode: string
    points: number
    from: number
    to: number
    coverage: number
    overlaid: number
    issues: Array<{ kind: string }>
  }
  historicallySafeLt: number | undefined
  runs: Array<{
    label: string
    liquidationThreshold: number
    ltv: number
    starts: number
    shareWithBadDebt: number
    worst: { start: number; badDebtFraction: number }
    worstStart: {
      badDebtFraction: number
      liquidationThresholdBps: number
      worstDrawdown: { fraction: number }
    }
  }>
}

function backtest(...args: string[]): Report {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', 'backtest', ...args, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  })
  if (r.status !== 0) throw new Error(`backtest failed (${r.status}): ${r.stderr}`)
  return (JSON.parse(r.stdout) as { result: Report }).result
}

const BINANCE_ETH = 'prices/binance_ethusdt_1h_2020-01_2022-10.csv'

/**
 * Second implementation of the rolling backtest in plain floats, written from docs/model.md (not
 * from the code): a book of n positions opened at the close of every start (every 6 h, up to the
 * end minus the horizon), debts LTV·u_k of value 1/n; liquidated at the first close with
 * P·LT < LTV·u_k·P0; sold at the first point ≥ t + H: repaid = min(d, (P_sale/P0)/n/(1 + b));
 * open positions add max(0, d − (P_last/P0)/n). Returns the worst start's bad debt over its debt.
 */
function referenceWorst(
  series: { times: number[]; prices: number[] },
  p: { lt: number; ltv: number; bonus: number; horizon: number; n: number; minU: number },
) {
  const { times, prices } = series
  const last = times.length - 1
  let worst = 0
  let next = times[0] as number
  for (let a = 0; a <= last; a++) {
    if ((times[a] as number) > (times[last] as number) - p.horizon) break
    if ((times[a] as number) < next) continue
    next = (times[a] as number) + 6 * 3600
    const p0 = prices[a] as number
    let bad = 0
    let debt = 0
    for (let k = 0; k < p.n; k++) {
      const d = (p.ltv * (p.minU + ((1 - p.minU) * k) / (p.n - 1))) / p.n
      debt += d
      let i = a
      while (i <= last && (prices[i] as number) * p.lt >= d * p.n * p0) i++
      if (i > last) {
        bad += Math.max(0, d - (prices[last] as number) / p0 / p.n)
        continue
      }
      let j = i
      while (j < last && (times[j] as number) < (times[i] as number) + p.horizon) j++
      bad += d - Math.min(d, (prices[j] as number) / p0 / p.n / (1 + p.bonus))
    }
    worst = Math.max(worst, bad / debt)
  }
  return worst
}

// The message-passing route of the small example: WETH locked on Ethereum, borrowed against on Arbitrum;
// its liquidation horizon (from `xcollat assess`) includes the seize message home.
const ROUTE = ['examples/small.yaml', '--route', 'weth-eth-arb-messages']

describe.runIf(dir)('backtests on the real series (issue 6, Must show)', () => {
  for (const [scenario, from] of [
    ['eth-2020-03', '2020-03-01T00:00:00Z'],
    ['luna-ust-2022-05', '2022-05-01T00:00:00Z'],
  ] as const)
    it(`${scenario}: ETH through a message-passing route, rolling starts, recommended LT against 0.95`, () => {
      const r = backtest(...ROUTE, '--scenario', scenario, '--compare-lt', '0.95')
      expect(r.series.mode).toBe('data')
      expect(r.series.coverage).toBeGreaterThan(0.99)
      expect(r.route.architecture).toBe('message-passing')
      expect(r.route.horizonSeconds).toBeGreaterThan(3600) // includes the seize message home
      expect(r.series.from).toBe(isoSeconds(from))
      const [recommended, aggressive] = r.runs
      expect(recommended?.label).toBe('recommended')
      expect(aggressive?.liquidationThreshold).toBe(0.95)
      expect(recommended?.starts).toBeGreaterThan(100) // every 6 h over a month
      console.log(
        `${scenario}: worst start ${recommended?.worst.badDebtFraction.toFixed(4)} at LT ${recommended?.liquidationThreshold}, ` +
          `${aggressive?.worst.badDebtFraction.toFixed(4)} at LT 0.95; historically safe LT ${r.historicallySafeLt}`,
      )
      expect(aggressive?.worst.badDebtFraction).toBeGreaterThanOrEqual(
        recommended?.worst.badDebtFraction as number,
      )
      // the worst start replayed exactly agrees with the rolling pass
      for (const run of r.runs)
        expect(run.worstStart.badDebtFraction).toBeCloseTo(run.worst.badDebtFraction, 6)
    })

  it('the rolling worst start on the Binance closes equals a float re-implementation', async () => {
    const flags = ['--lt', '0.8', '--ltv', '0.7', '--bonus', '0.05', '--horizon', '3600', '--asset', 'ETH']
    const r = backtest(
      '--scenario',
      'eth-2020-03',
      ...flags,
      '--price',
      `ETH=${join(dir as string, BINANCE_ETH)}:close`,
    )
    expect(r.series.mode).toBe('price-option')
    // --price stamps each close at its file time (the candle open); the reference does the same
    const table = await readCsv(join(dir as string, BINANCE_ETH))
    const times: number[] = []
    const prices: number[] = []
    for (const row of table.rows) {
      const t = Number(row.values.unix_ms) / 1000
      if (t >= isoSeconds('2020-03-01T00:00:00Z') && t <= isoSeconds('2020-04-01T00:00:00Z') + 3600) {
        times.push(t)
        prices.push(Number(row.values.close))
      }
    }
    expect(r.series.points).toBe(times.length)
    for (const run of r.runs) {
      const want = referenceWorst(
        { times, prices },
        { lt: run.liquidationThreshold, ltv: run.ltv, bonus: 0.05, horizon: 3600, n: 10, minU: 0.5 },
      )
      expect(run.worst.badDebtFraction).toBeCloseTo(want, 9)
    }
  })

  it('reports the gap of the Binance file (2020-03-04 10:00 candle missing), never fills it, overlays the published low', () => {
    const r = backtest(
      '--scenario',
      'eth-2020-03',
      '--lt',
      '0.8',
      '--ltv',
      '0.7',
      '--bonus',
      '0.05',
      '--horizon',
      '3600',
      '--asset',
      'ETH',
    )
    expect(r.series.issues.filter((i) => i.kind === 'gap')).toHaveLength(1)
    expect(r.series.issues.filter((i) => i.kind === 'bad-row')).toHaveLength(0)
    // 2020-03-01 00:00 → 2020-04-01 01:00 hourly is 746 points; one is missing
    expect(r.series.points).toBe(745)
  })

  it('replays stETH/ETH from Chainlink rounds (wstETH as its alias) and LUNA from CoinMarketCap days', () => {
    const flags = ['--bonus', '0.05', '--horizon', '3600']
    const steth = backtest(
      '--scenario',
      'steth-2022-06',
      '--asset',
      'wstETH',
      '--lt',
      '0.9',
      '--ltv',
      '0.8',
      ...flags,
    )
    expect(steth.series.mode).toBe('data')
    // from the worst start on, the fall to the 18 June low 0.93501933 is in the replay
    expect(steth.runs[0]?.worstStart.worstDrawdown.fraction).toBeGreaterThan(0.04)
    const luna = backtest(
      '--scenario',
      'luna-ust-2022-05',
      '--asset',
      'LUNA',
      '--architecture',
      'synthetic',
      '--lt',
      '0.6',
      '--ltv',
      '0.5',
      ...flags,
      '--bonus',
      '0.1',
    )
    expect(luna.series.mode).toBe('data')
    expect(luna.runs[0]?.worst.badDebtFraction).toBeGreaterThan(0) // daily closes fall 17.52 → 1.07 → 0.004
    expect(luna.historicallySafeLt).toBeUndefined() // no LT helps: the cap is the bound
  })

  it('usdc-svb-2023-03: the daily replay is never milder than the published low 0.8774', () => {
    const r = backtest(
      '--scenario',
      'usdc-svb-2023-03',
      '--asset',
      'USDC',
      '--lt',
      '0.9',
      '--ltv',
      '0.85',
      '--bonus',
      '0.05',
      '--horizon',
      '3600',
    )
    expect(r.series.mode).toBe('data')
    expect(r.series.overlaid).toBeGreaterThan(0)
    expect(r.runs[0]?.worstStart.worstDrawdown.fraction).toBeGreaterThanOrEqual(1 - 0.8774 - 1e-9)
  })

  it('every key point that names a data cell equals that cell (file, row, column)', async () => {
    const tables = new Map<string, Awaited<ReturnType<typeof readCsv>>>()
    let checked = 0
    for (const name of scenarioNames('market')) {
      const s = marketScenarios[name]
      for (const a of s?.assets ?? [])
        for (const k of a.keyPoints) {
          if (k.ref === undefined) continue
          let table = tables.get(k.ref.file)
          if (table === undefined) {
            table = await readCsv(join(dir as string, k.ref.file))
            tables.set(k.ref.file, table)
          }
          const first = table.header[0] as string
          const row = table.rows.find((r) => r.values[first] === k.ref?.row)
          expect(row, `${name} ${a.asset} ${k.ref.file} row ${k.ref.row}`).toBeDefined()
          expect(Number(row?.values[k.ref.column]), `${name} ${a.asset} ${k.ref.row} ${k.ref.column}`).toBe(
            k.price,
          )
          checked++
        }
    }
    // eth-2020-03 6, LUNA 9, UST 12, ETH May 2022 4, stETH 7, USDC 7
    expect(checked).toBe(45)
    // CoinMarketCap gives the time of the day's low: the key points sit at it
    const ust = (await readCsv(join(dir as string, 'prices/cmc_ustc_terrausd_1d_2020-2024.csv'))).rows.find(
      (r) => r.values.date_utc === '2022-05-11',
    )
    expect(ust?.values.time_low_utc).toBe('2022-05-11T07:45:00.000Z')
    const nomad = (await readCsv(join(dir as string, 'bridges/bridge_incidents.csv'))).rows.find(
      (r) => r.values.bridge === 'Nomad',
    )
    expect(Number(nomad?.values.amount_lost_usd)).toBe(190_000_000)
  })
})
