import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import { type BacktestFaults, BacktestInputError, MAX_BACKTEST_VALUE } from './backtest.js'

// Input checks and fault arithmetic shared by the exact replay (backtest.ts) and the rolling
// replay (rolling.ts). Internal: not re-exported by the module index.

export function finiteNonNegative(name: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidNumberError(name, x)
  if (x < 0) throw new NegativeValueError(name, x)
  if (x > MAX_BACKTEST_VALUE) throw new OutOfRangeError(name, x, `[0, ${MAX_BACKTEST_VALUE}]`)
  return x
}

export function checkSeries(times: ArrayLike<number>, prices: ArrayLike<number>): void {
  if (times.length !== prices.length || times.length < 2)
    throw new BacktestInputError(
      `times (${times.length}) and prices (${prices.length}) must have the same length, at least 2.`,
      'Pass one price per time.',
    )
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number
    if (!Number.isFinite(t)) throw new InvalidNumberError(`times[${i}]`, t)
    if (i > 0 && t <= (times[i - 1] as number))
      throw new BacktestInputError(`times[${i}] is not after times[${i - 1}].`, 'Sort the series by time.')
    finiteNonNegative(`prices[${i}]`, prices[i] as number)
  }
}

export function checkFaults(f: BacktestFaults): void {
  for (const [i, o] of (f.oracleFloors ?? []).entries()) {
    finiteNonNegative(`oracleFloors[${i}].floor`, o.floor)
    if (Number.isNaN(o.from)) throw new InvalidNumberError(`oracleFloors[${i}].from`, o.from)
  }
  for (const [i, h] of (f.halts ?? []).entries())
    if (Number.isNaN(h.from) || Number.isNaN(h.to) || h.to < h.from)
      throw new BacktestInputError(`halts[${i}] is not an interval.`, 'Pass from ≤ to (to may be Infinity).')
  for (const [i, l] of (f.collateralLosses ?? []).entries()) {
    if (!Number.isFinite(l.fraction) || l.fraction < 0 || l.fraction > 1)
      throw new OutOfRangeError(`collateralLosses[${i}].fraction`, l.fraction, '[0, 1]')
    if (Number.isNaN(l.at)) throw new InvalidNumberError(`collateralLosses[${i}].at`, l.at)
  }
}

/** The fraction of collateral value left at time t after losses. */
export function remaining(f: BacktestFaults, t: number): number {
  let r = 1
  for (const l of f.collateralLosses ?? []) if (t >= l.at) r *= 1 - l.fraction
  return r
}

export function oraclePrice(f: BacktestFaults, t: number, market: number): number {
  let p = market
  for (const o of f.oracleFloors ?? []) if (t >= o.from) p = Math.max(p, o.floor)
  return p
}

/** Sale time after halts: each halt overlapping the flight of the seize message delays it by the overlap. */
export function saleTimeAfterHalts(f: BacktestFaults, trigger: number, horizon: number): number {
  let sale = trigger + horizon
  const halts = [...(f.halts ?? [])].sort((a, b) => a.from - b.from)
  for (const h of halts) if (h.from < sale && h.to > trigger) sale += h.to - Math.max(h.from, trigger)
  return sale
}

/**
 * The sale of a liquidation spread evenly over its horizon: the mean of `sale` over the points in
 * (from, saleTime] (sold as the venue absorbs it), or, when no point falls inside, at the first
 * point at or after `saleTime`. Points are searched from `i` up to `end`; `censored` when the
 * series ends before `saleTime`.
 */
export function salePriceOver(
  times: ArrayLike<number>,
  sale: ArrayLike<number>,
  i: number,
  end: number,
  from: number,
  saleTime: number,
): { readonly price: number; readonly index: number; readonly censored: boolean } {
  let j = i
  while (j < end && (times[j] as number) <= from) j++
  let sum = 0
  let count = 0
  let k = j
  for (; k <= end && (times[k] as number) <= saleTime; k++) {
    sum += sale[k] as number
    count++
  }
  let index = k - 1
  if (count === 0) {
    index = i
    while (index < end && (times[index] as number) < saleTime) index++
  }
  const censored = (times[end] as number) < saleTime
  return { price: count > 0 ? sum / count : (sale[index] as number), index, censored }
}
