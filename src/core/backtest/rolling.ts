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
  /** The highest price of the period ending at each time (≥ price), when known. */
  readonly highs?: ArrayLike<number> | undefined
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
  /**
   * Liquidations in a queue at the venue's capacity (see {@link LiquidationQueue}) instead of the
   * sale spread over `horizonSeconds`. `xcollat validate` replays with it.
   */
  readonly queue?: LiquidationQueue | undefined
}

/**
 * The queue execution rule of {@link rollingBacktest} (docs/model.md, "Liquidations in a queue"):
 * a position whose health factor at the period's low (at the oracle) falls below 1 joins a FIFO
 * queue; in each period the venue absorbs `capacityPerSecond` × the period's seconds of seized
 * collateral (as a share of the book's opening collateral value); each liquidation repays Aave
 * v3.3's close factor of the debt (50 % while HF > 0.95, else 100 %) at the period's `price`
 * (close, or low), the liquidator seizing `repaid · (1 + bonus)` of collateral at that price
 * (or all of it when it is worth less, the rest of the debt being bad debt). The liquidator's
 * slippage is its own (the capacity is the depth within the bonus's price impact): the protocol
 * recovers at the oracle price. A liquidation waits while a halt is active and while the market
 * price is below `1/(1 + bonus)` of the oracle's (a floored oracle: no liquidator profits).
 */
export type LiquidationQueue = {
  /** Seized collateral the venue absorbs per second, as a share of the book's opening collateral value (> 0). */
  readonly capacityPerSecond: number
  /** The price a liquidation in a period executes at. Default 'close'. */
  readonly price?: 'close' | 'low'
  /** Aave v3.3's close factor (50 % while HF > 0.95). Default true; false: 100 % always. */
  readonly closeFactor?: boolean
  /**
   * A position that becomes liquidatable in a period when nothing is queued before it is
   * liquidated at its crossing price (HF = 1: liquidators act in the block of the oracle update),
   * within [the period's low, the previous close]. Default true; false: at `price` like the queue.
   */
  readonly firstAtCrossing?: boolean
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
  const queue = p.queue
  if (queue !== undefined) {
    const c = queue.capacityPerSecond
    if (!(c > 0 && Number.isFinite(c))) throw new OutOfRangeError('queue.capacityPerSecond', c, '(0, ∞)')
  }
  const halted = (t0: number, t1: number) => (faults.halts ?? []).some((h) => h.from < t1 && h.to > t0)
  // The queue replay of one start (book opened at index a, price p0, lives to index e).
  const qc = new Float64Array(count)
  const qd = new Float64Array(count)
  const inQueue = new Uint8Array(count)
  const closed = new Uint8Array(count)
  const order: number[] = []
  const queueStart = (a: number, e: number, p0: number) => {
    const q = queue as LiquidationQueue
    const atLow = q.price === 'low'
    const cf = q.closeFactor ?? true
    const crossing = q.firstAtCrossing ?? true
    for (let k = 0; k < count; k++) {
      qc[k] = 1 / p0
      qd[k] = p.ltv * (u[k] as number)
      inQueue[k] = 0
      closed[k] = 0
    }
    order.length = 0
    let bad = 0
    let liquidations = 0
    let next = 0 // positions sorted by trigger level: 0..next-1 have triggered once
    for (let i = a + 1; i <= e; i++) {
      const t0 = times[i - 1] as number
      const t1 = times[i] as number
      const o = oracle[i] as number
      const queuedBefore = order.length
      // new triggers at the period's low, at the oracle (positions in trigger order)
      while (next < count && (qc[next] as number) * o * ltR < (qd[next] as number)) {
        inQueue[next] = 1
        order.push(next)
        next++
      }
      // positions liquidated before and liquidatable again
      for (let k = 0; k < next; k++)
        if (inQueue[k] === 0 && closed[k] === 0 && (qc[k] as number) * o * ltR < (qd[k] as number)) {
          inQueue[k] = 1
          order.push(k)
        }
      if (order.length === 0) continue
      const market = atLow ? (sale[i] as number) / (1 - slip) : (close[i] as number)
      const px = Math.max(market, atLow ? o : oraclePrice(faults, t1, market))
      if (halted(t0, t1) || market < px / bonusFactor) continue
      let cap = q.capacityPerSecond * count * (t1 - t0)
      let w = 0
      const lowMarket = (sale[i] as number) / (1 - slip)
      const prevMarket = close[i - 1] as number
      for (let r = 0; r < order.length; r++) {
        const k = order[r] as number
        let keep = true
        let atCrossing = crossing && r >= queuedBefore && o === lowMarket
        while (cap > 0) {
          const c = qc[k] as number
          const d = qd[k] as number
          let hf = (c * px * ltR) / d
          let pk = px
          if (atCrossing) {
            pk = Math.max(lowMarket, Math.min(prevMarket, d / (c * ltR)))
            hf = Math.min((c * pk * ltR) / d, 1 - 1e-12)
            atCrossing = false
          }
          if (!(hf < 1)) break
          let repay = (cf && hf > 0.95 ? 0.5 : 1) * d
          let seize = (repay * bonusFactor) / pk
          let all = false
          if (seize >= c) {
            seize = c
            repay = (c * pk) / bonusFactor
            all = true
          }
          let full = true
          if (seize * pk > cap) {
            const f = cap / (seize * pk)
            seize *= f
            repay *= f
            all = false
            full = false
          }
          cap = full ? cap - seize * pk : 0
          qc[k] = c - seize
          qd[k] = d - repay
          liquidations++
          if (all) {
            bad += Math.max(0, d - repay)
            qd[k] = 0
            closed[k] = 1
            keep = false
            break
          }
        }
        // it keeps its place while it is liquidatable at the period's low
        if (keep && (qc[k] as number) * o * ltR < (qd[k] as number)) order[w++] = k
        else inQueue[k] = 0
      }
      order.length = w
    }
    const end = (close[e] as number) / p0
    for (let k = 0; k < count; k++)
      if (closed[k] === 0) bad += Math.max(0, (qd[k] as number) - (qc[k] as number) * p0 * end)
    return { bad, liquidations }
  }
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
    if (queue !== undefined) {
      const r = queueStart(a, e, p0)
      perStart.push({ start: ta, badDebtFraction: r.bad / (p.ltv * totalU), liquidations: r.liquidations })
      continue
    }
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
