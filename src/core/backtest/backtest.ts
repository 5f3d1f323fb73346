import { InvalidNumberError, NegativeValueError, OutOfRangeError, XcollatError } from '../errors.js'
import { healthFactor } from '../risk/health.js'
import { seizedCollateral } from '../risk/liquidation.js'
import type { FaultEvent } from '../scenarios/scenarios.js'
import type { Architecture } from '../vocabulary.js'

/**
 * Historical backtest of a position book through a price series: a position whose exact health
 * factor (`healthFactor`, bigint, rounding against the borrower) falls below 1 at the oracle price
 * is liquidated in full; the seized collateral is only sold `horizonSeconds` later (oracle lag +
 * detection + liquidation + the seize message home + sale, i.e. the route's liquidation horizon),
 * at the market price then. The collateral seized is computed with Aave v3.3's rule
 * (`seizedCollateral`); when the collateral is worth less than debt · (1 + bonus) the whole
 * balance is taken and `debt − debtRepaid` is bad debt. Positions still open at the end count
 * their shortfall `max(0, debt − collateral · price)`.
 */

/** One position: collateral in units of the asset, debt in the price's currency (USD for USD prices). */
export type BacktestPosition = {
  readonly id: string
  readonly collateral: number
  readonly debt: number
  /**
   * The collateral has no backing (a forged message credited or minted it): the oracle still
   * prices it, but it is worth nothing to the lender that seizes or sells it, on every route.
   */
  readonly unbacked?: boolean
}

/** Faults applied during the replay (times in unix seconds). */
export type BacktestFaults = {
  /** The oracle reports max(market, floor) from `from` on (Chainlink minAnswer). */
  readonly oracleFloors?: ReadonlyArray<{ readonly from: number; readonly floor: number }>
  /** Messages stop over [from, to): a seize message in flight waits (message-passing routes). */
  readonly halts?: ReadonlyArray<{ readonly from: number; readonly to: number }>
  /** From `at` the collateral's market value is multiplied by (1 − fraction); the oracle does not see it. */
  readonly collateralLosses?: ReadonlyArray<{ readonly at: number; readonly fraction: number }>
}

/** Inputs of {@link runBacktest}. */
export type BacktestParameters = {
  /** Unix seconds, strictly increasing. */
  readonly times: ArrayLike<number>
  /** Market price of the collateral in the debt's currency at each time (≥ 0). */
  readonly prices: ArrayLike<number>
  readonly positions: readonly BacktestPosition[]
  /** Liquidation threshold, (0, 1); rounded DOWN to whole basis points as on-chain (against the borrower). */
  readonly liquidationThreshold: number
  /** Liquidation bonus, [0, 1] (0.05 = 5 %); rounded UP to whole basis points (against the borrower). */
  readonly liquidationBonus: number
  /** Seconds from HF < 1 to the sale of the seized collateral. */
  readonly horizonSeconds: number
  readonly faults?: BacktestFaults
}

/** One liquidation of the replay. Money in the debt's currency. */
export type BacktestLiquidation = {
  readonly position: string
  readonly triggerTime: number
  readonly oraclePrice: number
  readonly healthFactor: number
  readonly saleTime: number
  readonly salePrice: number
  readonly debt: number
  readonly debtRepaid: number
  readonly collateralSeized: number
  readonly badDebt: number
  /** The sale falls after the series ends: valued at the last price. */
  readonly censored: boolean
  /** A halt never ends: the collateral cannot be seized, the whole debt is bad debt. */
  readonly stuck: boolean
}

/** The largest peak-to-trough fall of the (effective) market price. */
export type Drawdown = {
  readonly fraction: number
  readonly peakTime: number
  readonly peakPrice: number
  readonly troughTime: number
  readonly troughPrice: number
}

/** Result of {@link runBacktest}. */
export type BacktestReturnType = {
  /** The liquidation threshold used, in whole basis points (rounded down). */
  readonly liquidationThresholdBps: number
  /** The liquidation bonus used, in whole basis points (rounded up; 500 = 5 %). */
  readonly liquidationBonusBps: number
  readonly steps: number
  readonly from: number
  readonly to: number
  readonly positions: number
  readonly totalDebt: number
  readonly liquidations: readonly BacktestLiquidation[]
  readonly liquidatedDebt: number
  /** Bad debt of liquidations. */
  readonly realisedBadDebt: number
  /** Σ max(0, debt − collateral · price) of positions still open at the end. */
  readonly openShortfall: number
  /** realisedBadDebt + openShortfall. */
  readonly badDebt: number
  readonly badDebtFraction: number
  readonly censored: number
  readonly worstDrawdown: Drawdown
}

/**
 * A backtest input is unusable. Code `XC_BACKTEST_INPUT`.
 *
 * @example
 * ```ts
 * throw new BacktestInputError('times[2] is not after times[1].', 'Sort the series by time.')
 * ```
 */
export class BacktestInputError extends XcollatError {
  override name = 'BacktestInputError'
  constructor(what: string, instruction: string) {
    super(what, { code: 'XC_BACKTEST_INPUT', instruction })
  }
}

const E18 = 10n ** 18n
const toRaw = (x: number): bigint => BigInt(Math.round(x * 1e18))
const fromRaw = (x: bigint): number => Number(x) / 1e18

function finiteNonNegative(name: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidNumberError(name, x)
  if (x < 0) throw new NegativeValueError(name, x)
  return x
}

function checkSeries(times: ArrayLike<number>, prices: ArrayLike<number>): void {
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

function checkFaults(f: BacktestFaults): void {
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
function remaining(f: BacktestFaults, t: number): number {
  let r = 1
  for (const l of f.collateralLosses ?? []) if (t >= l.at) r *= 1 - l.fraction
  return r
}

function oraclePrice(f: BacktestFaults, t: number, market: number): number {
  let p = market
  for (const o of f.oracleFloors ?? []) if (t >= o.from) p = Math.max(p, o.floor)
  return p
}

/** Sale time after halts: each halt overlapping the flight of the seize message delays it by the overlap. */
function saleTimeAfterHalts(f: BacktestFaults, trigger: number, horizon: number): number {
  let sale = trigger + horizon
  const halts = [...(f.halts ?? [])].sort((a, b) => a.from - b.from)
  for (const h of halts) if (h.from < sale && h.to > trigger) sale += h.to - Math.max(h.from, trigger)
  return sale
}

/**
 * The largest peak-to-trough fall of a price series.
 *
 * @example
 * ```ts
 * worstDrawdown([0, 1, 2, 3], [100, 120, 60, 90]) // { fraction: 0.5, peakTime: 1, troughTime: 2, ... }
 * ```
 */
export function worstDrawdown(times: ArrayLike<number>, prices: ArrayLike<number>): Drawdown {
  checkSeries(times, prices)
  let peak = 0
  let best: Drawdown = {
    fraction: 0,
    peakTime: times[0] as number,
    peakPrice: prices[0] as number,
    troughTime: times[0] as number,
    troughPrice: prices[0] as number,
  }
  for (let i = 1; i < prices.length; i++) {
    if ((prices[i] as number) > (prices[peak] as number)) peak = i
    const p = prices[peak] as number
    const dd = p > 0 ? 1 - (prices[i] as number) / p : 0
    if (dd > best.fraction)
      best = {
        fraction: dd,
        peakTime: times[peak] as number,
        peakPrice: p,
        troughTime: times[i] as number,
        troughPrice: prices[i] as number,
      }
  }
  return best
}

/**
 * Replays a price series through a position book (see the module note): exact HF checks,
 * full liquidations sold after the horizon, bad debt and the open shortfall at the end.
 *
 * @throws BacktestInputError, InvalidNumberError, NegativeValueError, OutOfRangeError on bad input.
 * @example
 * ```ts
 * const r = runBacktest({
 *   times: [0, 3600, 7200], prices: [100, 70, 50],
 *   positions: [{ id: 'a', collateral: 1, debt: 75 }],
 *   liquidationThreshold: 0.8, liquidationBonus: 0.05, horizonSeconds: 3600,
 * })
 * r.badDebt // ≈ 27.38: liquidated at 70 (HF 0.747), sold at 50: repaid 50 / 1.05, debt 75
 * ```
 */
export function runBacktest(parameters: BacktestParameters): BacktestReturnType {
  const { times, prices, positions } = parameters
  checkSeries(times, prices)
  const lt = parameters.liquidationThreshold
  if (!Number.isFinite(lt) || lt <= 0 || lt >= 1)
    throw new OutOfRangeError('liquidationThreshold', lt, '(0, 1)')
  const bonus = parameters.liquidationBonus
  if (!Number.isFinite(bonus) || bonus < 0 || bonus > 1)
    throw new OutOfRangeError('liquidationBonus', bonus, '[0, 1]')
  const horizon = finiteNonNegative('horizonSeconds', parameters.horizonSeconds)
  const faults = parameters.faults ?? {}
  checkFaults(faults)
  if (!Array.isArray(positions)) throw new InvalidNumberError('positions', 'not an array')
  // Whole basis points as configured on-chain, rounded against the borrower: the LT down, the
  // bonus up (the 1e-9 absorbs binary noise such as 0.29 · 1e4 = 2899.9999999999995).
  const ltBps = BigInt(Math.floor(lt * 10_000 + 1e-9))
  const bonusBps = 10_000n + BigInt(Math.ceil(bonus * 10_000 - 1e-9))
  if (ltBps === 0n) throw new OutOfRangeError('liquidationThreshold', lt, '[0.0001, 1)')
  const book = positions.map((p, i) => ({
    id: p.id,
    collateral: toRaw(finiteNonNegative(`positions[${i}].collateral`, p.collateral)),
    debt: toRaw(finiteNonNegative(`positions[${i}].debt`, p.debt)),
    open: true,
    unbacked: p.unbacked === true,
  }))
  const n = times.length
  const last = n - 1
  const effective = Float64Array.from(
    { length: n },
    (_, i) => (prices[i] as number) * remaining(faults, times[i] as number),
  )
  const liquidations: BacktestLiquidation[] = []
  let realised = 0n
  let liquidated = 0n
  for (let i = 0; i < n; i++) {
    const t = times[i] as number
    const oracle = toRaw(oraclePrice(faults, t, prices[i] as number))
    for (const p of book) {
      if (!p.open || p.debt === 0n) continue
      const hf = healthFactor({
        collaterals: [
          {
            amount: p.collateral,
            decimals: 18,
            price: oracle,
            priceDecimals: 18,
            liquidationThresholdBps: ltBps,
          },
        ],
        debts: [{ amount: p.debt, decimals: 18, price: E18, priceDecimals: 18 }],
      })
      if (typeof hf !== 'bigint' || hf >= E18) continue
      p.open = false
      const saleTime = saleTimeAfterHalts(faults, t, horizon)
      const stuck = !Number.isFinite(saleTime)
      let j = i
      while (j < last && (times[j] as number) < saleTime) j++
      const censored = !stuck && (times[j] as number) < saleTime
      const salePrice = effective[j] as number
      const saleRaw = stuck || p.unbacked ? 0n : toRaw(salePrice)
      let repaid = 0n
      let seized = p.collateral
      if (saleRaw > 0n) {
        const s = seizedCollateral({
          debtToCover: p.debt,
          debtDecimals: 18,
          debtPrice: E18,
          collateralDecimals: 18,
          collateralPrice: saleRaw,
          collateralBalance: p.collateral,
          liquidationBonusBps: bonusBps,
        })
        repaid = s.debtRepaid
        seized = s.collateralToLiquidator + s.protocolFee
      }
      const bad = p.debt - repaid
      realised += bad
      liquidated += p.debt
      liquidations.push({
        position: p.id,
        triggerTime: t,
        oraclePrice: fromRaw(oracle),
        healthFactor: fromRaw(hf),
        saleTime: stuck ? Number.POSITIVE_INFINITY : (times[j] as number),
        salePrice: stuck || p.unbacked ? 0 : salePrice,
        debt: fromRaw(p.debt),
        debtRepaid: fromRaw(repaid),
        collateralSeized: fromRaw(seized),
        badDebt: fromRaw(bad),
        censored,
        stuck,
      })
    }
  }
  const endPrice = toRaw(effective[last] as number)
  let open = 0n
  for (const p of book) {
    if (!p.open) continue
    const value = p.unbacked ? 0n : (p.collateral * endPrice) / E18
    if (p.debt > value) open += p.debt - value
  }
  const totalDebt = book.reduce((s, p) => s + p.debt, 0n)
  const bad = realised + open
  return {
    liquidationThresholdBps: Number(ltBps),
    liquidationBonusBps: Number(bonusBps - 10_000n),
    steps: n,
    from: times[0] as number,
    to: times[last] as number,
    positions: book.length,
    totalDebt: fromRaw(totalDebt),
    liquidations,
    liquidatedDebt: fromRaw(liquidated),
    realisedBadDebt: fromRaw(realised),
    openShortfall: fromRaw(open),
    badDebt: fromRaw(bad),
    badDebtFraction: totalDebt === 0n ? 0 : Number((bad * 10n ** 12n) / totalDebt) / 1e12,
    censored: liquidations.filter((l) => l.censored).length,
    worstDrawdown: worstDrawdown(times, effective),
  }
}

/** Inputs of {@link positionBook}. */
export type PositionBookParameters = {
  /** Collateral price when the positions open. */
  readonly price: number
  /** The maximum loan-to-value, (0, 1). */
  readonly ltv: number
  /** Number of positions (≥ 1). */
  readonly count: number
  /** Smallest borrow as a fraction of the maximum, (0, 1]; positions spread evenly from it to 1. */
  readonly minUtilisation: number
  /** Total collateral value at `price`, split evenly. */
  readonly collateralValue: number
}

/**
 * A book of `count` equal-collateral positions opened at `price` with borrows spread evenly
 * from `minUtilisation · ltv` to `ltv` of the collateral value (one position at max LTV).
 *
 * @example
 * ```ts
 * positionBook({ price: 2000, ltv: 0.8, count: 2, minUtilisation: 0.5, collateralValue: 4000 })
 * // [{ id: 'p1', collateral: 1, debt: 800 }, { id: 'p2', collateral: 1, debt: 1600 }]
 * ```
 */
export function positionBook(parameters: PositionBookParameters): BacktestPosition[] {
  const { price, ltv, count, minUtilisation, collateralValue } = parameters
  if (!Number.isFinite(price) || price <= 0) throw new OutOfRangeError('price', price, '(0, ∞)')
  if (!Number.isFinite(ltv) || ltv <= 0 || ltv >= 1) throw new OutOfRangeError('ltv', ltv, '(0, 1)')
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
    throw new OutOfRangeError('count', count, '1..1e6')
  if (!Number.isFinite(minUtilisation) || minUtilisation <= 0 || minUtilisation > 1)
    throw new OutOfRangeError('minUtilisation', minUtilisation, '(0, 1]')
  if (!Number.isFinite(collateralValue) || collateralValue <= 0)
    throw new OutOfRangeError('collateralValue', collateralValue, '(0, ∞)')
  const each = collateralValue / count
  return Array.from({ length: count }, (_, k) => {
    const u = count === 1 ? 1 : minUtilisation + ((1 - minUtilisation) * k) / (count - 1)
    return { id: `p${k + 1}`, collateral: each / price, debt: each * ltv * u }
  })
}

/** The route facts that decide how a scenario's faults apply. */
export type FaultRoute = {
  readonly architecture: Architecture
  /** The scenario asset the route is replayed against. */
  readonly asset: string
}

/**
 * Maps a scenario's fault events (times in unix seconds) to backtest faults for a route, and
 * says what was applied. A scenario's bridge faults are applied to the route's own bridge (the
 * question is "what if your bridge failed as this one did"):
 * - `oracle-floor` on the route's asset → an oracle floor;
 * - `bridge-halted` → a halt of the seize message (message-passing and hybrid routes);
 * - `bridge-drained` of the route's asset → a collateral loss (synthetic routes: the wrapped
 *   token loses its backing, the oracle of the underlying does not see it); for message-passing
 *   and hybrid routes the locked native collateral keeps its value and the bridge halts instead;
 * - `depeg` is already in the price path; `unbacked-mint` adds the attacker's position (see
 *   {@link unbackedMintPosition}). Neither changes the faults.
 *
 * @example
 * ```ts
 * const { faults, applied } = backtestFaults(paths.events, { architecture: 'synthetic', asset: 'rsETH' })
 * ```
 */
export function backtestFaults(
  events: readonly FaultEvent[],
  route: FaultRoute,
): { readonly faults: BacktestFaults; readonly applied: readonly string[] } {
  const oracleFloors: { from: number; floor: number }[] = []
  const halts: { from: number; to: number }[] = []
  const collateralLosses: { at: number; fraction: number }[] = []
  const applied: string[] = []
  const when = (t: number) =>
    !Number.isFinite(t)
      ? 'never'
      : t < 1e8
        ? `t+${t} s`
        : new Date(t * 1000).toISOString().replace('.000Z', 'Z')
  const sameAsset = (a: string) => a.toUpperCase() === route.asset.toUpperCase()
  const messages = route.architecture !== 'synthetic'
  for (const e of events) {
    if (e.kind === 'oracle-floor' && sameAsset(e.asset)) {
      oracleFloors.push({ from: e.at, floor: e.floor })
      applied.push(`oracle floor ${e.floor} on ${e.asset} from ${when(e.at)}`)
    } else if (e.kind === 'bridge-halted' && messages) {
      const to = e.durationSeconds === undefined ? Number.POSITIVE_INFINITY : e.at + e.durationSeconds
      halts.push({ from: e.at, to })
      applied.push(
        `bridge ${e.bridge} halted from ${when(e.at)}${Number.isFinite(to) ? ` to ${when(to)}` : ', never reopened'}`,
      )
    } else if (e.kind === 'bridge-drained' && e.assets.some(sameAsset)) {
      if (messages) {
        halts.push({ from: e.at, to: Number.POSITIVE_INFINITY })
        applied.push(
          `bridge ${e.bridge} drained at ${when(e.at)}: locked collateral keeps its value; messages halt`,
        )
      } else {
        collateralLosses.push({ at: e.at, fraction: e.fractionLost })
        applied.push(
          `bridge ${e.bridge} drained at ${when(e.at)}: collateral loses ${e.fractionLost} of its backing`,
        )
      }
    }
  }
  return { faults: { oracleFloors, halts, collateralLosses }, applied }
}

/**
 * The attacker's position of an `unbacked-mint` event: collateral worth `collateralPostedUsd`
 * at `price` to the oracle but `unbacked` (worth nothing to the lender on any route), debt
 * `borrowedUsd`.
 *
 * @example
 * ```ts
 * unbackedMintPosition(kelpEvent, 2506.44) // { id: 'attacker', collateral: 88_174…, debt: 193_000_000 }
 * ```
 */
export function unbackedMintPosition(
  event: Extract<FaultEvent, { kind: 'unbacked-mint' }>,
  price: number,
): BacktestPosition {
  if (!Number.isFinite(price) || price <= 0) throw new OutOfRangeError('price', price, '(0, ∞)')
  return {
    id: 'attacker',
    collateral: event.collateralPostedUsd / price,
    debt: event.borrowedUsd,
    unbacked: true,
  }
}
