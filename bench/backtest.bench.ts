// Backtest replay throughput: an hourly price series through a book of 1,000 positions.
// Standalone: `node --import tsx bench/backtest.bench.ts` (or `npm run bench -- backtest`).
// The series is one month of hourly prices (745 points) from a seeded GBM with a 45 % crash in the
// middle (so positions are liquidated along the way), or, when XCOLLAT_DATA_DIR is set, the real
// Binance ETH/USDT closes of March 2020. Each step checks every open position's exact (bigint) health
// factor; a liquidated position is sold after the horizon. Reported: position-steps per second, both
// nominal (positions × steps) and counted (steps each position was open and checked).
import { join } from 'node:path'
import { positionBook, runBacktest } from '../src/core/backtest/backtest.js'
import { readCsv } from '../src/io/csv.js'
import { timeMs } from './harness.js'

const POSITIONS = 1_000
const RUNS = 5

// mulberry32: a small deterministic generator, so every run replays the same path.
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function syntheticSeries(): { times: number[]; prices: number[]; label: string } {
  const next = rng(20_200_312)
  const steps = 745
  const sigma = 0.8 / Math.sqrt(365 * 24) // 80 % a year, hourly
  const times: number[] = []
  const prices: number[] = []
  let p = 200
  for (let i = 0; i < steps; i++) {
    // Box–Muller normal
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
    p *= Math.exp(-0.5 * sigma * sigma + sigma * z)
    if (i >= 300 && i < 326) p *= 0.55 ** (1 / 26) // a 45 % crash over 26 hours
    times.push(1_583_020_800 + 3600 * i)
    prices.push(p)
  }
  return { times, prices, label: 'synthetic GBM (σ 80 %/yr) with a 45 % crash, seed 20200312' }
}

async function realSeries(dir: string): Promise<{ times: number[]; prices: number[]; label: string }> {
  const table = await readCsv(join(dir, 'prices/binance_ethusdt_1h_2020-01_2022-10.csv'))
  const times: number[] = []
  const prices: number[] = []
  for (const row of table.rows) {
    const t = Number(row.values.unix_ms) / 1000 + 3600
    if (t >= 1_583_020_800 && t <= 1_585_699_200) {
      times.push(t)
      prices.push(Number(row.values.close))
    }
  }
  return { times, prices, label: 'Binance ETH/USDT hourly closes, March 2020 (XCOLLAT_DATA_DIR)' }
}

const dir = process.env.XCOLLAT_DATA_DIR
const series = dir ? await realSeries(dir) : syntheticSeries()
const positions = positionBook({
  price: series.prices[0] as number,
  ltv: 0.7,
  count: POSITIONS,
  minUtilisation: 0.3,
  collateralValue: 1e8,
})
const parameters = {
  times: series.times,
  prices: series.prices,
  positions,
  liquidationThreshold: 0.8,
  liquidationBonus: 0.05,
  horizonSeconds: 6 * 3600,
}

let last = runBacktest(parameters)
const timing = await timeMs(
  () => {
    last = runBacktest(parameters)
  },
  { minSamples: RUNS, maxSamples: RUNS },
)
// `seconds` covers RUNS replays at the median replay time
const seconds = (RUNS * timing.p50) / 1000

const steps = series.times.length
const nominal = POSITIONS * steps * RUNS
// counted: each position is checked from the first step until (and including) its liquidation step
const first = series.times[0] as number
const index = new Map(series.times.map((t, i) => [t, i]))
let counted = 0
const liquidated = new Set<string>()
for (const l of last.liquidations) {
  counted += (index.get(l.triggerTime) ?? steps - 1) + 1
  liquidated.add(l.position)
}
counted += (POSITIONS - liquidated.size) * steps
counted *= RUNS

const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 })
process.stdout.write(
  [
    `series: ${series.label}; ${steps} hourly points from ${new Date(first * 1000).toISOString()}`,
    `book: ${POSITIONS} positions, LT 0.8, LTV 0.7 (utilisation 0.3..1), bonus 5 %, horizon 6 h`,
    `result: ${last.liquidations.length} liquidations, bad debt ${fmt(last.badDebt)} of ${fmt(last.totalDebt)}`,
    `time: median of ${timing.samples} replays ${timing.p50.toFixed(1)} ms [${timing.p25.toFixed(1)}, ${timing.p75.toFixed(1)}]`,
    `throughput: ${fmt(nominal / seconds)} position-steps/s nominal (positions × steps), ${fmt(counted / seconds)} counted (open positions checked)`,
    '',
  ].join('\n'),
)
