import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isoSeconds, marketScenarioNames, marketScenarios } from '../src/core/scenarios/scenarios.js'
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
  series: { mode: string; points: number; gaps: number; badRows: number; from: number; to: number }
  book: { positions: number; minUtilisation: number; collateralUsd: number }
  runs: Array<{
    label: string
    liquidationThreshold: number
    ltv: number
    badDebt: number
    totalDebt: number
    liquidations: number
    liquidationThresholdBps: number
    liquidationBonusBps: number
    worstDrawdown: { fraction: number }
  }>
}

function backtest(...args: string[]): Report {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', 'backtest', ...args, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  })
  if (r.status !== 0) throw new Error(`backtest failed (${r.status}): ${r.stderr}`)
  return JSON.parse(r.stdout) as Report
}

const BINANCE_ETH = 'prices/binance_ethusdt_1h_2020-01_2022-10.csv'

/** Hourly ETH closes from the Binance file, each at the END of its candle (open time + 3600 s). */
async function ethCloses(from: string, to: string, horizon: number) {
  const table = await readCsv(join(dir as string, BINANCE_ETH))
  const times: number[] = []
  const prices: number[] = []
  for (const row of table.rows) {
    const t = Number(row.values.unix_ms) / 1000 + 3600
    if (t >= isoSeconds(from) && t <= isoSeconds(to) + horizon) {
      times.push(t)
      prices.push(Number(row.values.close))
    }
  }
  return { times, prices }
}

/**
 * Second implementation of the backtest in plain floats (the module's note, written again from
 * docs/model.md §2, not from the code): HF = c·P·LT/d; at HF < 1 the position is
 * sold at the first point ≥ t + H; repaid = min(d, c·P_sale/(1 + b)); open positions add
 * max(0, d − c·P_last).
 */
function reference(
  series: { times: number[]; prices: number[] },
  book: { n: number; minUtilisation: number; value: number },
  p: { lt: number; ltv: number; bonus: number; horizon: number },
) {
  const { times, prices } = series
  const p0 = prices[0] as number
  const c = book.value / book.n / p0
  const debts = Array.from(
    { length: book.n },
    (_, k) =>
      (book.value / book.n) * p.ltv * (book.minUtilisation + ((1 - book.minUtilisation) * k) / (book.n - 1)),
  )
  const open = debts.map(() => true)
  let bad = 0
  for (let i = 0; i < times.length; i++)
    for (let k = 0; k < debts.length; k++) {
      const d = debts[k] as number
      if (!open[k] || (c * (prices[i] as number) * p.lt) / d >= 1) continue
      open[k] = false
      let j = i
      while (j < times.length - 1 && (times[j] as number) < (times[i] as number) + p.horizon) j++
      bad += d - Math.min(d, (c * (prices[j] as number)) / (1 + p.bonus))
    }
  const last = prices[prices.length - 1] as number
  for (let k = 0; k < debts.length; k++) if (open[k]) bad += Math.max(0, (debts[k] as number) - c * last)
  return bad
}

/**
 * Hand-derived upper bound: every sale happens at a price ≥ the window's lowest close P_min, so each
 * position's liquidator repays at least c·P_min/(1 + b) and its bad debt is at most
 * max(0, d_k − c·P_min/(1 + b)) (the same bound holds for an open position's shortfall).
 */
function upperBound(
  pMin: number,
  p0: number,
  n: number,
  value: number,
  minU: number,
  ltv: number,
  b: number,
) {
  const floor = ((value / n) * pMin) / p0 / (1 + b)
  let sum = 0
  for (let k = 0; k < n; k++)
    sum += Math.max(0, (value / n) * ltv * (minU + ((1 - minU) * k) / (n - 1)) - floor)
  return sum
}

// The message-passing route of the small example: WETH locked on Ethereum, borrowed against on Arbitrum;
// its liquidation horizon (from `xcollat assess`) includes the seize message home.
const ROUTE = ['examples/small.yaml', '--route', 'weth-eth-arb-messages']

describe.runIf(dir)('backtests on the real series (issue 6, Must show)', () => {
  for (const [scenario, from, to] of [
    ['eth-2020-03', '2020-03-01T00:00:00Z', '2020-04-01T00:00:00Z'],
    ['luna-ust-2022-05', '2022-05-01T00:00:00Z', '2022-06-01T00:00:00Z'],
  ] as const)
    it(`${scenario}: ETH through a message-passing route, recommended LT against an aggressive LT 0.95`, async () => {
      const r = backtest(...ROUTE, '--scenario', scenario, '--asset', 'ETH', '--compare-lt', '0.95')
      expect(r.series.mode).toBe('data')
      expect(r.route.architecture).toBe('message-passing')
      expect(r.route.horizonSeconds).toBeGreaterThan(3600) // includes the seize message home
      expect(r.series.from).toBe(isoSeconds(from))
      const [recommended, aggressive] = r.runs
      expect(recommended?.label).toBe('recommended')
      expect(aggressive?.liquidationThreshold).toBe(0.95)
      // printed for the record (the Must show asks the numbers to be printed)
      console.log(
        `${scenario}: bad debt ${recommended?.badDebt.toFixed(0)} at LT ${recommended?.liquidationThreshold}, ` +
          `${aggressive?.badDebt.toFixed(0)} at LT 0.95 (H = ${r.route.horizonSeconds} s)`,
      )
      expect(aggressive?.badDebt).toBeGreaterThanOrEqual(recommended?.badDebt as number)
      const series = await ethCloses(from, to, r.route.horizonSeconds)
      expect(series.times.length).toBe(r.series.points)
      const pMin = Math.min(...series.prices)
      const p0 = series.prices[0] as number
      const { positions: n, minUtilisation, collateralUsd } = r.book
      for (const run of r.runs) {
        expect(run.liquidationThresholdBps).toBe(Math.floor(run.liquidationThreshold * 10_000 + 1e-9))
        expect(run.liquidationBonusBps).toBe(Math.ceil(r.route.liquidationBonus * 10_000 - 1e-9))
        // within the hand-derived bound, and equal to the float re-implementation
        const bound = upperBound(
          pMin,
          p0,
          n,
          collateralUsd,
          minUtilisation,
          run.ltv,
          run.liquidationBonusBps / 10_000,
        )
        expect(run.badDebt).toBeGreaterThanOrEqual(0)
        expect(run.badDebt).toBeLessThanOrEqual(bound + 1e-6)
        const want = reference(
          series,
          { n, minUtilisation, value: collateralUsd },
          {
            // the run's on-chain parameters: LT rounded down and bonus rounded up to whole bps
            lt: run.liquidationThresholdBps / 10_000,
            ltv: run.ltv,
            bonus: run.liquidationBonusBps / 10_000,
            horizon: r.route.horizonSeconds,
          },
        )
        expect(Math.abs(run.badDebt - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, want))
      }
    })

  it('golden bad debt on the real series, from a python3 (stdlib) re-implementation', () => {
    // python3 script in docs/model.md §2 ("Independent check"), run on the shared data:
    //   eth-2020-03, LT 0.8 / LTV 0.7:        912 points, 9 liquidations, bad debt 473,111.0190343188
    //   eth-2020-03, LT 0.95 / LTV 0.83125:   9 liquidations, bad debt 1,117,484.64975742
    //   luna-ust-2022-05 ETH, LT 0.8:          913 points, 5 liquidations, bad debt 0
    //   luna-ust-2022-05 ETH, LT 0.95:         5 liquidations, bad debt 250,623.76375003264
    // Hand bound for eth-2020-03: P0 = 217.21 (close of 29 Feb 23:00), P_min = 96.62 (close of 13 March
    // 01:00), each $1M position repays ≥ 1e6 · 96.62 / 217.21 / 1.05 = 423,640.94, so bad debt ≤
    // Σ max(0, d_k − 423,640.94) = 1,121,983.63 (LTV 0.7) and 2,005,981.58 (LTV 0.83125).
    const flags = ['--lt', '0.8', '--ltv', '0.7', '--bonus', '0.05', '--horizon', '604800', '--asset', 'ETH']
    const march = backtest('--scenario', 'eth-2020-03', ...flags)
    expect(march.series.points).toBe(912)
    expect(march.runs.map((x) => x.liquidations)).toEqual([9, 9])
    expect(march.runs[0]?.badDebt).toBeCloseTo(473_111.0190343188, 4)
    expect(march.runs[1]?.badDebt).toBeCloseTo(1_117_484.64975742, 4)
    expect(march.runs[0]?.badDebt).toBeLessThan(1_121_983.63)
    expect(march.runs[1]?.badDebt).toBeLessThan(2_005_981.58)
    const may = backtest('--scenario', 'luna-ust-2022-05', ...flags)
    expect(may.series.points).toBe(913)
    expect(may.runs.map((x) => x.liquidations)).toEqual([5, 5])
    expect(may.runs[0]?.badDebt).toBe(0)
    expect(may.runs[1]?.badDebt).toBeCloseTo(250_623.76375003264, 4)
  })

  it('reports the gap of the Binance file (2020-03-04 10:00 candle missing), never fills it', () => {
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
    )
    expect(r.series.gaps).toBe(1)
    expect(r.series.badRows).toBe(0)
    // 2020-03-01 00:00 → 2020-04-01 01:00 hourly is 746 points; one is missing
    expect(r.series.points).toBe(745)
  })

  it('replays stETH/ETH from Chainlink rounds and LUNA from CoinMarketCap days', () => {
    const flags = ['--bonus', '0.05', '--horizon', '3600']
    const steth = backtest('--scenario', 'steth-2022-06', '--lt', '0.9', '--ltv', '0.8', ...flags)
    expect(steth.series.mode).toBe('data')
    // 1 − 0.93501933 / 1.00006133 (the 2 May round, the window's high before the 18 June low) = 0.065038
    expect(steth.runs[0]?.worstDrawdown.fraction).toBeCloseTo(1 - 0.93501933 / 1.00006133, 9)
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
    expect(luna.runs[0]?.badDebt).toBeGreaterThan(0) // daily closes fall 17.52 → 1.07 → 0.004: sold far below the debt
  })

  it('every key point that names a data cell equals that cell (file, row, column)', async () => {
    const tables = new Map<string, Awaited<ReturnType<typeof readCsv>>>()
    let checked = 0
    for (const name of marketScenarioNames()) {
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
