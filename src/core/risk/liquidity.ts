import { OutOfRangeError, XcollatError } from '../errors.js'
import type { Explained, ExplanationTerm } from '../explain.js'
import { mulDivDown } from '../math/muldiv.js'
import { BPS, type Bps } from '../units/bps.js'
import { finite, nonNegative, nonNegativeBigint, positive, unitInterval } from '../units/validate.js'
import { WAD, type Wad } from '../units/wad.js'

/*
 * Liquidity risk: what it costs a liquidator to sell seized collateral on a venue, the bonus
 * that covers it, the supply cap the venue's depth supports, and Risk DAO's SmartLTV as a
 * closed-form baseline. Slippage is always a fraction of the mid (spot) value, fee included,
 * in [0, 1]: `1 − (amount received) / (amount sold × mid price)`.
 */

/**
 * A constant-product pool and a sale into it, in float (token units of the sold token).
 *
 * @example
 * ```ts
 * const p: ConstantProductParameters = { amountIn: 10, reserveIn: 1000, fee: 0.003 }
 * constantProductSlippage(p) // ≈ 0.01284
 * ```
 */
export type ConstantProductParameters = {
  /** Amount of the sold token (token units, any scale, the same as `reserveIn`). */
  readonly amountIn: number
  /** Pool reserve of the sold token (same units as `amountIn`), > 0. */
  readonly reserveIn: number
  /** Pool fee as a fraction in [0, 1] (Uniswap v2: 0.003). */
  readonly fee: number
}

/**
 * A pool has no reserves on a side a trade needs. Code `XC_INSUFFICIENT_LIQUIDITY`.
 *
 * @example
 * ```ts
 * constantProductSlippage({ amountIn: 1, reserveIn: 0, fee: 0.003 }) // throws InsufficientLiquidityError
 * ```
 */
export class InsufficientLiquidityError extends XcollatError {
  override name = 'InsufficientLiquidityError'
  constructor(what: string, value: unknown) {
    super(`${what} must be positive, got ${String(value)}.`, {
      code: 'XC_INSUFFICIENT_LIQUIDITY',
      instruction: 'Use a pool with non-zero reserves on both sides, or another liquidation venue.',
    })
  }
}

/**
 * A depth curve is empty, unsorted or has values out of range. Code `XC_INVALID_DEPTH_CURVE`.
 *
 * @example
 * ```ts
 * depthCurveSlippage({ curve: [], sizeUsd: 1 }) // throws InvalidDepthCurveError
 * ```
 */
export class InvalidDepthCurveError extends XcollatError {
  override name = 'InvalidDepthCurveError'
  constructor(problem: string) {
    super(`Invalid depth curve: ${problem}.`, {
      code: 'XC_INVALID_DEPTH_CURVE',
      instruction:
        'Give points { slippage, sizeUsd } with slippage in [0, 1] non-decreasing, sizeUsd ≥ 0 strictly increasing, and at least one positive sizeUsd.',
    })
  }
}

/**
 * A size beyond the last point of a depth curve with `beyond: 'error'`. Code `XC_DEPTH_EXCEEDED`.
 *
 * @example
 * ```ts
 * depthCurveSlippage({ curve: [{ slippage: 0.01, sizeUsd: 1_000 }], sizeUsd: 5_000 }) // throws DepthExceededError
 * ```
 */
export class DepthExceededError extends XcollatError {
  override name = 'DepthExceededError'
  constructor(sizeUsd: number, lastSizeUsd: number) {
    super(`Size ${sizeUsd} USD exceeds the depth curve, which ends at ${lastSizeUsd} USD.`, {
      code: 'XC_DEPTH_EXCEEDED',
      instruction:
        "Measure depth further out, reduce the size, or pass beyond: 'linear' to extrapolate the last segment explicitly.",
    })
  }
}

function checkPool(p: ConstantProductParameters): void {
  nonNegative('amountIn', p.amountIn)
  finite('reserveIn', p.reserveIn)
  if (p.reserveIn <= 0) throw new InsufficientLiquidityError('reserveIn', p.reserveIn)
  unitInterval('fee', p.fee)
}

/**
 * Amount received for selling `amountIn` into a constant-product pool with a fee, in float:
 * Uniswap v2's `getAmountOut` without its integer rounding,
 * `out = x·(1 − f)·R_out / (R_in + x·(1 − f))`. For screening; the exact contract result is
 * {@link constantProductAmountOutExact}.
 *
 * @example
 * ```ts
 * constantProductAmountOut({ amountIn: 100, reserveIn: 1000, reserveOut: 1000, fee: 0.003 }) // 90.661…
 * ```
 */
export function constantProductAmountOut(
  parameters: ConstantProductParameters & { readonly reserveOut: number },
): number {
  checkPool(parameters)
  finite('reserveOut', parameters.reserveOut)
  if (parameters.reserveOut <= 0) throw new InsufficientLiquidityError('reserveOut', parameters.reserveOut)
  const xg = parameters.amountIn * (1 - parameters.fee)
  // Divide first: xg / (R_in + xg) ≤ 1, so the product cannot overflow.
  return parameters.reserveOut * (xg / (parameters.reserveIn + xg))
}

/**
 * Slippage (fee included) of selling `amountIn` into a constant-product pool, relative to the
 * pool's mid price `R_out / R_in`: `s = 1 − (1 − f)·R_in / (R_in + x·(1 − f))`. It does not
 * depend on `R_out`. `s = f` at size 0, never negative, non-decreasing in size, below 1.
 *
 * @example
 * ```ts
 * constantProductSlippage({ amountIn: 0, reserveIn: 1000, fee: 0.003 }) // 0.003
 * ```
 */
export function constantProductSlippage(parameters: ConstantProductParameters): number {
  checkPool(parameters)
  const g = 1 - parameters.fee
  // Every IEEE operation below is monotone, so the float result keeps both properties:
  // g·R_in ≤ R_in ≤ R_in + x·g, hence the ratio ≤ 1 and s ≥ 0; s is non-decreasing in x.
  return 1 - (g * parameters.reserveIn) / (parameters.reserveIn + parameters.amountIn * g)
}

/**
 * The amount that can be sold into a constant-product pool within slippage `s` (fee included),
 * the inverse of {@link constantProductSlippage}: `x = R_in·(s − f) / ((1 − s)·(1 − f))` for
 * `s ≥ f`, and 0 below the fee. Same units as `reserveIn`; multiply by the price for USD.
 *
 * @example
 * ```ts
 * constantProductDepth({ reserveIn: 1000, fee: 0.003, slippage: 0.05 }) // ≈ 49.62
 * ```
 */
export function constantProductDepth(parameters: {
  readonly reserveIn: number
  readonly fee: number
  readonly slippage: number
}): number {
  finite('reserveIn', parameters.reserveIn)
  if (parameters.reserveIn <= 0) throw new InsufficientLiquidityError('reserveIn', parameters.reserveIn)
  const f = unitInterval('fee', parameters.fee)
  if (f >= 1) throw new OutOfRangeError('fee', f, '[0, 1)')
  const s = unitInterval('slippage', parameters.slippage)
  if (s >= 1) throw new OutOfRangeError('slippage', s, '[0, 1)')
  if (s <= f) return 0
  return finite('depth', parameters.reserveIn * ((s - f) / ((1 - s) * (1 - f))))
}

/** Inputs of {@link constantProductDepthCurve}. */
export type ConstantProductDepthCurveParameters = {
  /** Pool reserve of the sold token (token units), > 0. */
  readonly reserveIn: number
  /** Mid price of the sold token in USD, > 0. */
  readonly priceUsd: number
  /** Pool fee as a fraction in [0, 1). */
  readonly fee: number
  /** Slippage levels to tabulate, each in [0, 1), strictly increasing. */
  readonly slippages: readonly number[]
}

/**
 * A depth curve (see {@link DepthPoint}) of a constant-product pool: for each slippage level,
 * the USD sellable within it, `priceUsd · constantProductDepth(...)`. The curve starts with
 * the point (fee, 0), so a curve read from it never shows less slippage than the fee.
 *
 * @example
 * ```ts
 * constantProductDepthCurve({ reserveIn: 1000, priceUsd: 2000, fee: 0.003, slippages: [0.01, 0.05] })
 * // [{ slippage: 0.003, sizeUsd: 0 }, { slippage: 0.01, sizeUsd: ≈14 184 }, { slippage: 0.05, sizeUsd: ≈99 245 }]
 * ```
 */
export function constantProductDepthCurve(parameters: ConstantProductDepthCurveParameters): DepthPoint[] {
  const price = positive('priceUsd', parameters.priceUsd)
  const fee = unitInterval('fee', parameters.fee)
  if (!Array.isArray(parameters.slippages) || parameters.slippages.length === 0)
    throw new InvalidDepthCurveError('no slippage levels were given')
  const points: DepthPoint[] = [{ slippage: fee, sizeUsd: 0 }]
  let previous = -1
  parameters.slippages.forEach((s, i) => {
    unitInterval(`slippages[${i}]`, s)
    if (!(s > previous)) throw new InvalidDepthCurveError(`slippages are not strictly increasing at ${i}`)
    previous = s
    if (s <= fee) return
    const sizeUsd = finite(
      'sizeUsd',
      price * constantProductDepth({ reserveIn: parameters.reserveIn, fee, slippage: s }),
    )
    points.push({ slippage: s, sizeUsd })
  })
  if (points.length < 2) throw new InvalidDepthCurveError('every slippage level is at or below the fee')
  return points
}

/** Raw token amounts for the exact (bigint) constant-product functions. */
export type ConstantProductExactParameters = {
  /** Raw amount sold, > 0 (Uniswap v2 reverts with INSUFFICIENT_INPUT_AMOUNT on 0). */
  readonly amountIn: bigint
  /** Raw reserve of the sold token, > 0. */
  readonly reserveIn: bigint
  /** Raw reserve of the bought token, > 0. */
  readonly reserveOut: bigint
  /** Pool fee in basis points; Uniswap v2 is 30n (its 997/1000). Defaults to 30n. */
  readonly feeBps?: Bps
}

function checkExact(p: ConstantProductExactParameters): bigint {
  nonNegativeBigint('amountIn', p.amountIn)
  if (p.amountIn === 0n) throw new OutOfRangeError('amountIn', p.amountIn, '(0, ∞)')
  nonNegativeBigint('reserveIn', p.reserveIn)
  nonNegativeBigint('reserveOut', p.reserveOut)
  if (p.reserveIn === 0n) throw new InsufficientLiquidityError('reserveIn', p.reserveIn)
  if (p.reserveOut === 0n) throw new InsufficientLiquidityError('reserveOut', p.reserveOut)
  const fee = nonNegativeBigint('feeBps', p.feeBps ?? 30n)
  if (fee > BPS) throw new OutOfRangeError('feeBps', fee, '0..10000')
  return fee
}

/**
 * Uniswap v2's `UniswapV2Library.getAmountOut`, exactly, with the fee in basis points:
 * `inWithFee = in·(10000 − fee)`, `out = floor(inWithFee·R_out / (R_in·10000 + inWithFee))`.
 * With fee 30 bps this is the contract's `in·997·R_out / (R_in·1000 + in·997)` (numerator and
 * denominator both ×10, same floor). Rounds down: against the seller, as the contract does.
 *
 * @example
 * ```ts
 * constantProductAmountOutExact({ amountIn: 100n, reserveIn: 1000n, reserveOut: 1000n }) // 90n
 * ```
 */
export function constantProductAmountOutExact(parameters: ConstantProductExactParameters): bigint {
  const fee = checkExact(parameters)
  const inWithFee = parameters.amountIn * (BPS - fee)
  return (inWithFee * parameters.reserveOut) / (parameters.reserveIn * BPS + inWithFee)
}

/**
 * Slippage of {@link constantProductAmountOutExact} as a Wad, rounded against the seller
 * (up): `WAD − floor(out·R_in·WAD / (in·R_out))`, with `out` the contract's floored output.
 *
 * @example
 * ```ts
 * constantProductSlippageWad({ amountIn: 100n, reserveIn: 1000n, reserveOut: 1000n }) // 100000000000000000n (10 %)
 * ```
 */
export function constantProductSlippageWad(parameters: ConstantProductExactParameters): Wad {
  const out = constantProductAmountOutExact(parameters)
  const ratio = mulDivDown(out * parameters.reserveIn, WAD, parameters.amountIn * parameters.reserveOut)
  return (WAD - ratio) as Wad
}

/** One point of a depth curve: `sizeUsd` can be sold with at most `slippage` (fee included). */
export type DepthPoint = { readonly slippage: number; readonly sizeUsd: number }

/**
 * What to do for a size beyond the last point of a depth curve: `'error'` throws
 * {@link DepthExceededError}; `'linear'` continues the last segment's slope, capped at 1.
 */
export type DepthExtrapolation = 'error' | 'linear'

function normaliseCurve(curve: readonly DepthPoint[]): DepthPoint[] {
  if (!Array.isArray(curve) || curve.length === 0) throw new InvalidDepthCurveError('it has no points')
  const points: DepthPoint[] = []
  curve.forEach((p, i) => {
    unitInterval(`curve[${i}].slippage`, p.slippage)
    nonNegative(`curve[${i}].sizeUsd`, p.sizeUsd)
    points.push({ slippage: p.slippage, sizeUsd: p.sizeUsd })
  })
  const first = points[0] as DepthPoint
  // Implicit anchor: nothing sells at zero size; (slippage 0, size 0) unless the curve starts at size 0.
  if (first.sizeUsd > 0) points.unshift({ slippage: 0, sizeUsd: 0 })
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as DepthPoint
    const b = points[i] as DepthPoint
    if (!(b.sizeUsd > a.sizeUsd))
      throw new InvalidDepthCurveError(`sizeUsd is not strictly increasing at ${i}`)
    if (b.slippage < a.slippage) throw new InvalidDepthCurveError(`slippage decreases at ${i}`)
  }
  if (points.length < 2) throw new InvalidDepthCurveError('it has no point with a positive sizeUsd')
  return points
}

function lerp(x: number, x0: number, x1: number, y0: number, y1: number): number {
  const y = y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)
  // Clamp into the segment so that rounding cannot break monotonicity across segments.
  return Math.min(Math.max(y, y0), y1)
}

/**
 * Slippage of selling `sizeUsd` on a venue described by a depth curve: points "USD sellable
 * within slippage s", interpolated linearly in size. The curve starts at an implicit
 * (slippage 0, size 0) unless its first point has size 0 (use that to encode a fee). Beyond
 * the last point: `beyond: 'error'` (default) throws {@link DepthExceededError}; `'linear'`
 * extends the last segment and caps at 1. For a concave slippage-vs-size curve (a
 * constant-product pool's) the extension lies above the true curve (conservative) while
 * interpolation between points lies below it (slightly optimistic): tabulate the sizes that
 * matter. If the real curve steepens beyond the data, the extension is optimistic.
 *
 * @example
 * ```ts
 * const curve = [{ slippage: 0.01, sizeUsd: 1e6 }, { slippage: 0.05, sizeUsd: 3e6 }]
 * depthCurveSlippage({ curve, sizeUsd: 2e6 }) // 0.03
 * ```
 */
export function depthCurveSlippage(parameters: {
  readonly curve: readonly DepthPoint[]
  readonly sizeUsd: number
  readonly beyond?: DepthExtrapolation
}): number {
  const points = normaliseCurve(parameters.curve)
  const size = nonNegative('sizeUsd', parameters.sizeUsd)
  const beyond = parameters.beyond ?? 'error'
  if (beyond !== 'error' && beyond !== 'linear')
    throw new OutOfRangeError('beyond', beyond, "'error' | 'linear'")
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as DepthPoint
    const b = points[i] as DepthPoint
    if (size <= b.sizeUsd) return lerp(size, a.sizeUsd, b.sizeUsd, a.slippage, b.slippage)
  }
  const a = points[points.length - 2] as DepthPoint
  const b = points[points.length - 1] as DepthPoint
  if (beyond === 'error') throw new DepthExceededError(size, b.sizeUsd)
  const y = b.slippage + ((b.slippage - a.slippage) * (size - b.sizeUsd)) / (b.sizeUsd - a.sizeUsd)
  return Math.min(Math.max(y, b.slippage), 1)
}

/**
 * USD sellable within `slippage` on a depth curve (the forward reading of the curve, linear
 * between points). Beyond the last point's slippage it returns the last point's size: depth
 * is never extrapolated upwards.
 *
 * @example
 * ```ts
 * depthAtSlippage({ curve: [{ slippage: 0.01, sizeUsd: 1e6 }, { slippage: 0.05, sizeUsd: 3e6 }], slippage: 0.03 }) // 2e6
 * ```
 */
export function depthAtSlippage(parameters: {
  readonly curve: readonly DepthPoint[]
  readonly slippage: number
}): number {
  const points = normaliseCurve(parameters.curve)
  const s = unitInterval('slippage', parameters.slippage)
  // The largest size whose interpolated slippage is ≤ s.
  let depth = 0
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as DepthPoint
    const b = points[i] as DepthPoint
    if (b.slippage <= s) depth = b.sizeUsd
    else {
      if (a.slippage <= s) depth = lerp(s, a.slippage, b.slippage, a.sizeUsd, b.sizeUsd)
      break
    }
  }
  return depth
}

/** Inputs of {@link liquidationBonusNeeded}. */
export type LiquidationBonusNeededParameters = {
  /** Slippage of selling the seized collateral, fraction in [0, 1]. */
  readonly slippage: number
  /** Gas cost of the liquidation (all transactions), USD ≥ 0. */
  readonly gasUsd: number
  /** Size of the liquidation (collateral seized), USD > 0. */
  readonly sizeUsd: number
  /** Profit margin the liquidator requires, fraction in [0, 1]. */
  readonly margin: number
}

/**
 * The liquidation bonus a liquidator needs to act: `bonus = slippage + gasUsd / sizeUsd +
 * margin` (fractions of the seized value). A value ≥ 1 means no bonus makes the liquidation
 * worth doing at that size.
 *
 * @example
 * ```ts
 * liquidationBonusNeeded({ slippage: 0.02, gasUsd: 50, sizeUsd: 10_000, margin: 0.01 }).value // 0.035
 * ```
 */
export function liquidationBonusNeeded(parameters: LiquidationBonusNeededParameters): Explained<number> {
  const slippage = unitInterval('slippage', parameters.slippage)
  const gasUsd = nonNegative('gasUsd', parameters.gasUsd)
  const sizeUsd = positive('sizeUsd', parameters.sizeUsd)
  const margin = unitInterval('margin', parameters.margin)
  const gasShare = gasUsd / sizeUsd
  const value = slippage + gasShare + margin
  const explanation: ExplanationTerm[] = [
    { term: 'gasShare', value: gasShare, inputs: { gasUsd, sizeUsd }, formula: 'gasUsd / sizeUsd' },
    {
      term: 'liquidationBonusNeeded',
      value,
      inputs: { slippage, gasShare, margin },
      formula: 'slippage + gasShare + margin',
    },
  ]
  return { value, explanation }
}

/** Inputs of {@link supplyCapFromDepth}. */
export type SupplyCapFromDepthParameters = {
  /** Depth curve of the liquidation venue (USD sellable within each slippage). */
  readonly curve: readonly DepthPoint[]
  /** Liquidation bonus, fraction in [0, 1]: the price impact a liquidation can absorb. */
  readonly liquidationBonus: number
  /** Multiple of the depth; 2 by default (the rule "2 × liquidity within the bonus"). */
  readonly multiplier?: number
}

/**
 * Supply cap from venue depth: `cap = multiplier · depth(bonus)`, the USD sellable within a
 * slippage equal to the liquidation bonus, times 2 by default. Uses {@link depthAtSlippage},
 * which does not extrapolate depth beyond the curve.
 *
 * @example
 * ```ts
 * supplyCapFromDepth({ curve: [{ slippage: 0.05, sizeUsd: 4e6 }], liquidationBonus: 0.05 }).value // 8e6
 * ```
 */
export function supplyCapFromDepth(parameters: SupplyCapFromDepthParameters): Explained<number> {
  const bonus = unitInterval('liquidationBonus', parameters.liquidationBonus)
  const multiplier = nonNegative('multiplier', parameters.multiplier ?? 2)
  const depthUsd = depthAtSlippage({ curve: parameters.curve, slippage: bonus })
  const value = multiplier * depthUsd
  return {
    value,
    explanation: [
      {
        term: 'depthWithinBonus',
        value: depthUsd,
        inputs: { liquidationBonus: bonus, curvePoints: parameters.curve.length },
        formula: 'USD sellable within slippage = liquidationBonus (linear between depth points)',
      },
      {
        term: 'supplyCapUsd',
        value,
        inputs: { multiplier, depthWithinBonus: depthUsd },
        formula: 'multiplier · depthWithinBonus',
      },
    ],
  }
}

/**
 * Inputs of {@link smartLtv} (Risk DAO / B.Protocol SmartLTV).
 *
 * @example
 * ```ts
 * const p: SmartLtvParameters = { confidence: 1, sigma: 0.04, debtToLiquidity: 4, liquidationBonus: 0.05 }
 * smartLtv(p) // 0.873116
 * ```
 */
export type SmartLtvParameters = {
  /** SmartLTV's c: a positive multiplier on σ (not a probability). */
  readonly confidence: number
  /** Volatility σ of the collateral against the debt asset over the liquidation period, ≥ 0. */
  readonly sigma: number
  /** d / l: debt (borrow cap) over the liquidity available within slippage β, ≥ 0. */
  readonly debtToLiquidity: number
  /** β: liquidation bonus (and the slippage at which l is measured), fraction in [0, 1]. */
  readonly liquidationBonus: number
}

/**
 * Risk DAO's SmartLTV closed form `LTV = e^(−c·σ·√(d/l)) − β`, clamped at 0 (a negative value
 * means no LTV is safe and is returned as 0).
 *
 * @example
 * ```ts
 * smartLtv({ confidence: 1, sigma: 0.04, debtToLiquidity: 4, liquidationBonus: 0.05 }) // 0.873116…
 * ```
 */
export function smartLtv(parameters: SmartLtvParameters): number {
  const c = positive('confidence', parameters.confidence)
  const sigma = nonNegative('sigma', parameters.sigma)
  const dl = nonNegative('debtToLiquidity', parameters.debtToLiquidity)
  const beta = unitInterval('liquidationBonus', parameters.liquidationBonus)
  // σ = 0 or d/l = 0 means no move at all (and avoids ∞·0 for extreme c·σ).
  const exponent = sigma === 0 || dl === 0 ? 0 : c * sigma * Math.sqrt(dl)
  const ltv = Math.exp(-exponent) - beta
  return ltv > 0 ? ltv : 0
}
