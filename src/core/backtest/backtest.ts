import { InvalidNumberError, OutOfRangeError, XcollatError } from '../errors.js'
import { healthFactor } from '../risk/health.js'
import { seizedCollateral } from '../risk/liquidation.js'
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
 * Historical backtest of a position book through a price series: a position whose exact health
 * factor (`healthFactor`, bigint, rounding against the borrower) falls below 1 at the oracle price
 * is liquidated in full; the seized collateral is sold evenly over the next `horizonSeconds` (oracle lag +
 * detection + liquidation + the seize message home + sale, i.e. the route's liquidation horizon),
 * at the mean market price over that time (see `docs/model.md`). The collateral seized is computed with Aave v3.3's rule
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
  /** Market price of the collateral in the debt's currency at each time (≥ 0, ≤ 1e15). */
  readonly prices: ArrayLike<number>
  /**
   * The lowest price of the period that ends at each time (a candle's low, ≤ the price), when the
   * data has it: liquidations trigger on it and sales are made at it (the worst the period
   * allowed). Defaults to the prices.
   */
  readonly lows?: ArrayLike<number>
  /** Price impact of a sale, [0, 1): the proceeds are salePrice · (1 − slippage). Default 0. */
  readonly saleSlippage?: number
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
/**
 * The largest price or amount the exact replay takes: its 1e18-scaled bigint stays exact in a double's range.
 *
 * @example
 * ```ts
 * MAX_BACKTEST_VALUE // 1e15: a price of 1e308 in a CSV is refused, not replayed
 * ```
 */
export const MAX_BACKTEST_VALUE = 1e15
const toRaw = (x: number): bigint => BigInt(Math.round(x * 1e18))
const fromRaw = (x: bigint): number => Number(x) / 1e18

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
  const lows = parameters.lows ?? prices
  if (lows.length !== prices.length)
    throw new BacktestInputError(
      `lows (${lows.length}) and prices (${prices.length}) differ in length.`,
      'Pass one low per price.',
    )
  for (let i = 0; i < lows.length; i++) {
    const l = finiteNonNegative(`lows[${i}]`, lows[i] as number)
    if (l > (prices[i] as number))
      throw new BacktestInputError(`lows[${i}] ${l} is above prices[${i}].`, 'A low is at most the price.')
  }
  const slip = parameters.saleSlippage ?? 0
  if (!Number.isFinite(slip) || slip < 0 || slip >= 1)
    throw new OutOfRangeError('saleSlippage', slip, '[0, 1)')
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
  // Sales happen at the period's low, net of the slippage.
  const saleAt = Float64Array.from(
    { length: n },
    (_, i) => (lows[i] as number) * remaining(faults, times[i] as number) * (1 - slip),
  )
  const liquidations: BacktestLiquidation[] = []
  let realised = 0n
  let liquidated = 0n
  for (let i = 0; i < n; i++) {
    const t = times[i] as number
    const oracle = toRaw(oraclePrice(faults, t, lows[i] as number))
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
      // With period lows the crossing happened somewhere in (t_{i−1}, t_i]: dated at the period's
      // start, so a horizon shorter than a step sells at this period's low.
      const from = parameters.lows !== undefined && i > 0 ? (times[i - 1] as number) : t
      const saleTime = saleTimeAfterHalts(faults, from, horizon)
      const stuck = !Number.isFinite(saleTime)
      const sold = stuck ? undefined : salePriceOver(times, saleAt, i, last, from, saleTime)
      const j = sold?.index ?? i
      const censored = sold?.censored ?? false
      const salePrice = sold?.price ?? 0
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
