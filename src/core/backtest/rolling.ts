import { OutOfRangeError } from '../errors.js'
import type { BacktestFaults } from './backtest.js'
import {
  checkFaults,
  checkSeries,
  finiteNonNegative,
  oraclePrice,
  remaining,
  salePriceOver,
  saleTimeAfterHalts,
} from './checks.js'

/**
 * The rolling replay: the same liquidation model as {@link runBacktest} (trigger at HF < 1 on the
 * period's low at the oracle, full liquidation, sale `horizonSeconds` later at the period's low
 * net of slippage, Aave v3.3 seizure with the bonus, open shortfall at the end), run on a fresh
 * book opened at every start date. A book opens at the close of its start and lives
 * `windowSeconds`; a sale after the window is valued at the window's last point (censored).
 * Computed in floating point (one pass per start, positions sorted by trigger level), so that
 * thousands of starts and a search over LTs stay fast; a test checks it against the exact
 * bigint replay.
 */

/** A price history: times (unix seconds, increasing), prices, and the period lows when known. */
export type PriceHistory = {
  readonly times: ArrayLike<number>
  readonly prices: ArrayLike<number>
  /** The lowest price of the period ending at each time (≤ price); defaults to the prices. */
  readonly lows?: ArrayLike<number> | undefined
}

/** Inputs of {@link rollingBacktest}. */
export type RollingBacktestParameters = {
  readonly history: PriceHistory
  /** Liquidation threshold, (0, 1), rounded down to whole basis points. */
  readonly liquidationThreshold: number
  /** Max LTV the books open at, (0, LT). */
  readonly ltv: number
  /** Liquidation bonus, [0, 1], rounded up to whole basis points. */
  readonly liquidationBonus: number
  readonly horizonSeconds: number
  /** Sale price impact, [0, 1). Default 0. */
  readonly saleSlippage?: number
  /** Seconds between start dates (> 0). */
  readonly startStepSeconds: number
  /** How long each book lives, seconds (> 0). Default: to the end of the history. */
  readonly windowSeconds?: number | undefined
  /** Positions per book (≥ 1), borrows spread evenly from `minUtilisation · ltv` to `ltv`. Default 10. */
  readonly positions?: number
  /** Default 0.5. */
  readonly minUtilisation?: number
  readonly faults?: BacktestFaults
  /** Only starts in [from, to] (unix seconds). Defaults: the history's first time; its last time minus the window. */
  readonly from?: number | undefined
  readonly to?: number | undefined
}

/** One start of {@link rollingBacktest}. */
export type RollingStart = {
  readonly start: number
  /** Bad debt over the book's debt. */
  readonly badDebtFraction: number
  readonly liquidations: number
}

/** Result of {@link rollingBacktest}. */
export type RollingBacktestReturnType = {
  readonly starts: number
  readonly worst: RollingStart
  /** Share of starts with any bad debt. */
  readonly shareWithBadDebt: number
  readonly meanBadDebtFraction: number
  readonly perStart: readonly RollingStart[]
}

const bpsDown = (x: number) => Math.floor(x * 10_000 + 1e-9) / 10_000
const bpsUp = (x: number) => Math.ceil(x * 10_000 - 1e-9) / 10_000

/**
 * Replays a book opened at every start date (see the module note) and returns the bad debt of
 * each start, the worst and the share of starts with bad debt.
 *
 * @throws BacktestInputError, InvalidNumberError, NegativeValueError, OutOfRangeError on bad input.
 * @example
 * ```ts
 * const r = rollingBacktest({
 *   history: { times: [0, 3600, 7200, 10_800], prices: [100, 100, 60, 60] },
 *   liquidationThreshold: 0.8, ltv: 0.7, liquidationBonus: 0.05, horizonSeconds: 3600,
 *   startStepSeconds: 3600, windowSeconds: 7200, positions: 1,
 * })
 * r.worst.start // 0 (the book that lives through the fall)
 * ```
 */
export function rollingBacktest(p: RollingBacktestParameters): RollingBacktestReturnType {
  const { times, prices } = p.history
  checkSeries(times, prices)
  const n = times.length
  const lows = p.history.lows ?? prices
  const hasLows = p.history.lows !== undefined
  if (lows.length !== n) throw new OutOfRangeError('history.lows length', lows.length, `${n}`)
  for (let i = 0; i < n; i++) finiteNonNegative(`lows[${i}]`, lows[i] as number)
  const lt = p.liquidationThreshold
  if (!(lt > 0 && lt < 1)) throw new OutOfRangeError('liquidationThreshold', lt, '(0, 1)')
  if (!(p.ltv > 0 && p.ltv < lt)) throw new OutOfRangeError('ltv', p.ltv, `(0, ${lt})`)
  const bonus = p.liquidationBonus
  if (!(bonus >= 0 && bonus <= 1)) throw new OutOfRangeError('liquidationBonus', bonus, '[0, 1]')
  const horizon = finiteNonNegative('horizonSeconds', p.horizonSeconds)
  const slip = p.saleSlippage ?? 0
  if (!(slip >= 0 && slip < 1)) throw new OutOfRangeError('saleSlippage', slip, '[0, 1)')
  if (!(p.startStepSeconds > 0 && Number.isFinite(p.startStepSeconds)))
    throw new OutOfRangeError('startStepSeconds', p.startStepSeconds, '(0, ∞)')
  const window = p.windowSeconds ?? Number.POSITIVE_INFINITY
  if (!(window > 0)) throw new OutOfRangeError('windowSeconds', window, '(0, ∞]')
  const count = p.positions ?? 10
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    throw new OutOfRangeError('positions', count, '1..10000')
  const mu = p.minUtilisation ?? 0.5
  if (!(mu > 0 && mu <= 1)) throw new OutOfRangeError('minUtilisation', mu, '(0, 1]')
  const faults = p.faults ?? {}
  checkFaults(faults)
  const ltR = bpsDown(lt)
  const bonusFactor = 1 + bpsUp(bonus)
  const first = times[0] as number
  const last = times[n - 1] as number
  const from = p.from ?? first
  // a history shorter than one window still gets its first start (the book lives to the end)
  const to = Math.max(from, p.to ?? (Number.isFinite(window) ? last - window : last))
  // Per time: the oracle's view of the low (with floors), the market value left (losses), and
  // what a sale fetches (the low, after losses and slippage).
  const oracle = new Float64Array(n)
  const close = new Float64Array(n)
  const sale = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = times[i] as number
    const left = remaining(faults, t)
    oracle[i] = oraclePrice(faults, t, lows[i] as number)
    close[i] = (prices[i] as number) * left
    sale[i] = (lows[i] as number) * left * (1 - slip)
  }
  // Utilisations, highest first (they trigger first): u_k from 1 down to mu.
  const u = Float64Array.from({ length: count }, (_, k) =>
    count === 1 ? 1 : 1 - ((1 - mu) * k) / (count - 1),
  )
  const totalU = u.reduce((s, x) => s + x, 0)
  const perStart: RollingStart[] = []
  let a = 0
  let nextStart = from
  while (a < n && (times[a] as number) < from) a++
  for (; a < n; a++) {
    const ta = times[a] as number
    if (ta > to) break
    if (ta < nextStart) continue
    nextStart = ta + p.startStepSeconds
    const p0 = prices[a] as number
    if (!(p0 > 0)) continue
    let e = a
    while (e + 1 < n && (times[e + 1] as number) <= ta + window) e++
    // position k: collateral 1/count of value 1 at p0 (units 1/(count·p0)), debt ltv·u_k/count
    let ptr = 0
    let bad = 0
    let liquidations = 0
    for (let i = a; i <= e && ptr < count; i++) {
      const x = (oracle[i] as number) / p0
      while (ptr < count && x * ltR < p.ltv * (u[ptr] as number)) {
        const debt = p.ltv * (u[ptr] as number)
        // with period lows the crossing is dated at the period's start (see runBacktest)
        const from = hasLows && i > a ? (times[i - 1] as number) : (times[i] as number)
        const saleTime = saleTimeAfterHalts(faults, from, horizon)
        liquidations++
        if (!Number.isFinite(saleTime)) bad += debt
        else {
          const value = salePriceOver(times, sale, i, e, from, saleTime).price / p0
          bad += Math.max(0, debt - value / bonusFactor)
        }
        ptr++
      }
    }
    const end = (close[e] as number) / p0
    for (let k = ptr; k < count; k++) bad += Math.max(0, p.ltv * (u[k] as number) - end)
    perStart.push({ start: ta, badDebtFraction: bad / (p.ltv * totalU), liquidations })
  }
  if (perStart.length === 0)
    throw new OutOfRangeError('start dates', 0, 'at least one start in the history (shorten the window)')
  let worst = perStart[0] as RollingStart
  let withBad = 0
  let sum = 0
  for (const s of perStart) {
    if (s.badDebtFraction > worst.badDebtFraction) worst = s
    if (s.badDebtFraction > 1e-12) withBad++
    sum += s.badDebtFraction
  }
  return {
    starts: perStart.length,
    worst,
    shareWithBadDebt: withBad / perStart.length,
    meanBadDebtFraction: sum / perStart.length,
    perStart,
  }
}

/** Inputs of {@link historicallySafeLt}. */
export type HistoricallySafeLtParameters = Omit<
  RollingBacktestParameters,
  'history' | 'liquidationThreshold' | 'ltv'
> & {
  readonly histories: ReadonlyArray<{ readonly name: string; readonly history: PriceHistory }>
  /** The book's LTV as a share of the LT (the recommendation's LTV / LT), (0, 1). */
  readonly ltvShareOfLt: number
  /** Crisis budget: the worst start's bad debt over the book's debt must stay ≤ this, [0, 1). */
  readonly budget: number
  /** Search range of the LT. Defaults 0.30 and 0.99. */
  readonly minLt?: number
  readonly maxLt?: number
}

/** Result of {@link historicallySafeLt}. */
export type HistoricallySafeLtReturnType = {
  /** The largest LT (whole basis points) whose worst rolling start stays within the budget on every history; undefined when even `minLt` does not. */
  readonly liquidationThreshold: number | undefined
  /** True when the search's upper end `maxLt` is already safe (the true bound may be higher). */
  readonly atUpperEnd: boolean
  /** The history whose worst start binds at one basis point above the answer. */
  readonly binding: string | undefined
  /** Worst start per history at the answer. */
  readonly worst: ReadonlyArray<{
    readonly name: string
    readonly worst: RollingStart
    readonly starts: number
  }>
}

/**
 * The largest liquidation threshold (in whole basis points) that keeps the worst rolling-start
 * bad debt within `budget` on every history, books opened at LTV = `ltvShareOfLt` · LT. Found by
 * bisection over basis points, which takes bad debt to grow with the LT (the book is more
 * leveraged and liquidated later); a property test checks that on random paths.
 *
 * @example
 * ```ts
 * historicallySafeLt({
 *   histories: [{ name: 'crash', history: { times: [0, 86_400], prices: [1, 0.6] } }],
 *   ltvShareOfLt: 0.95, budget: 0.01, liquidationBonus: 0.05, horizonSeconds: 3600,
 *   startStepSeconds: 86_400, positions: 1,
 * }).liquidationThreshold // the safe LT of a 40 % fall
 * ```
 */
export function historicallySafeLt(p: HistoricallySafeLtParameters): HistoricallySafeLtReturnType {
  const { histories, ltvShareOfLt: share, budget } = p
  if (histories.length === 0) throw new OutOfRangeError('histories', 0, 'at least one history')
  if (!(share > 0 && share < 1)) throw new OutOfRangeError('ltvShareOfLt', share, '(0, 1)')
  if (!(budget >= 0 && budget < 1)) throw new OutOfRangeError('budget', budget, '[0, 1)')
  const lo0 = Math.round((p.minLt ?? 0.3) * 10_000)
  const hi0 = Math.round((p.maxLt ?? 0.99) * 10_000)
  if (!(lo0 >= 1 && hi0 <= 9999 && lo0 <= hi0))
    throw new OutOfRangeError('minLt..maxLt', lo0, '0.0001 ≤ minLt ≤ maxLt < 1')
  const { histories: _h, ltvShareOfLt: _s, budget: _b, minLt: _l, maxLt: _m, ...rest } = p
  const run = (bps: number) =>
    histories.map((h) => {
      const r = rollingBacktest({
        ...rest,
        history: h.history,
        liquidationThreshold: bps / 10_000,
        ltv: (bps / 10_000) * share,
      })
      return { name: h.name, worst: r.worst, starts: r.starts }
    })
  const safe = (rows: ReturnType<typeof run>) => rows.every((r) => r.worst.badDebtFraction <= budget)
  const top = run(hi0)
  if (safe(top))
    return { liquidationThreshold: hi0 / 10_000, atUpperEnd: true, binding: undefined, worst: top }
  const bottom = run(lo0)
  if (!safe(bottom))
    return {
      liquidationThreshold: undefined,
      atUpperEnd: false,
      binding: bottom.find((r) => r.worst.badDebtFraction > budget)?.name,
      worst: bottom,
    }
  let lo = lo0
  let hi = hi0
  let atLo = bottom
  let atHi = top
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    const rows = run(mid)
    if (safe(rows)) {
      lo = mid
      atLo = rows
    } else {
      hi = mid
      atHi = rows
    }
  }
  return {
    liquidationThreshold: lo / 10_000,
    atUpperEnd: false,
    binding: atHi.find((r) => r.worst.badDebtFraction > budget)?.name,
    worst: atLo,
  }
}
