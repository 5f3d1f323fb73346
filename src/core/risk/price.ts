import { InsufficientDataError, OutOfRangeError } from '../errors.js'
import { normalCdf, normalQuantile } from '../math/normal.js'
import { annualiseVolatility, logReturns, sortedQuantile, standardDeviation } from '../math/stats.js'
import { BOUNDS, withinBound } from '../units/bounds.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, nonNegative, nonNegativeInteger, openUnitInterval, positive } from '../units/validate.js'
import { potentialValueChange } from './settlement.js'

/**
 * Price risk: volatility from a price series (close-to-close and EWMA), and value at risk and
 * expected shortfall over a horizon, parametric (lognormal) and historical (overlapping
 * windows). Losses are fractions of the current value: `L = 1 − P_T / P_0`, positive for a
 * fall. See docs/model.md.
 */

/**
 * RiskMetrics' decay factor for daily data (J.P. Morgan/Reuters, RiskMetrics Technical Document, 1996).
 *
 * @example
 * ```ts
 * ewmaVolatility({ prices, periodSeconds: 86_400, lambda: RISKMETRICS_LAMBDA })
 * ```
 */
export const RISKMETRICS_LAMBDA = 0.94

/** Checks a one-sided confidence level: in [0.5, 1) so that the quantile z is ≥ 0. */
function confidenceLevel(name: string, value: number): number {
  finite(name, value)
  if (value < 0.5 || value >= 1) throw new OutOfRangeError(name, value, '[0.5, 1)')
  return value
}

/** Inputs of {@link closeToCloseVolatility}. */
export type CloseToCloseVolatilityParameters = {
  /** Closing prices, oldest first, equally spaced; all > 0. At least 3. */
  readonly prices: ArrayLike<number>
  /** Sampling interval of the series in seconds (3600 for hourly closes). */
  readonly periodSeconds: number
}

/**
 * Close-to-close volatility: the sample standard deviation (n − 1) of log returns
 * `r_i = ln(P_i / P_{i−1})`, annualised by the sampling interval with years of 365 days,
 * `σ = sd(r) · √(SECONDS_PER_YEAR / periodSeconds)`.
 *
 * @throws InsufficientDataError (fewer than 3 prices), InvalidNumberError, OutOfRangeError (a price ≤ 0).
 * @example
 * ```ts
 * closeToCloseVolatility({ prices: [100, 101, 99, 102], periodSeconds: 86_400 }) // ≈ 0.4794 a year
 * ```
 */
export function closeToCloseVolatility(parameters: CloseToCloseVolatilityParameters): number {
  const period = positive('periodSeconds', parameters.periodSeconds)
  if (parameters.prices.length < 3) {
    throw new InsufficientDataError('closeToCloseVolatility (prices)', 3, parameters.prices.length)
  }
  const returns = logReturns(parameters.prices)
  return annualiseVolatility(standardDeviation(returns), period)
}

/** Inputs of {@link ewmaVolatility}. */
export type EwmaVolatilityParameters = {
  /** Closing prices, oldest first, equally spaced; all > 0. At least 2. */
  readonly prices: ArrayLike<number>
  /** Sampling interval of the series in seconds. */
  readonly periodSeconds: number
  /** Decay factor λ in (0, 1); default {@link RISKMETRICS_LAMBDA} = 0.94. */
  readonly lambda?: number
  /** Variance per period before the first return; default: the first squared return. */
  readonly seedVariance?: number
}

/**
 * Exponentially weighted (RiskMetrics) volatility: with zero-mean log returns r_t,
 * `v_t = λ·v_{t−1} + (1 − λ)·r_t²`, seeded with `v_1 = r_1²` (or `v_0 = seedVariance`), and
 * `σ = √v_n · √(SECONDS_PER_YEAR / periodSeconds)`: the volatility forecast for the period
 * after the last price, annualised.
 *
 * @throws InsufficientDataError, InvalidNumberError, OutOfRangeError (λ outside (0, 1), a price ≤ 0).
 * @example
 * ```ts
 * ewmaVolatility({ prices: [100, 101, 99, 102], periodSeconds: 86_400 }) // ≈ 0.2443 a year
 * ```
 */
export function ewmaVolatility(parameters: EwmaVolatilityParameters): number {
  const period = positive('periodSeconds', parameters.periodSeconds)
  const lambda = openUnitInterval('lambda', parameters.lambda ?? RISKMETRICS_LAMBDA)
  if (parameters.prices.length < 2) {
    throw new InsufficientDataError('ewmaVolatility (prices)', 2, parameters.prices.length)
  }
  const returns = logReturns(parameters.prices)
  let start = 0
  let v: number
  if (parameters.seedVariance === undefined) {
    v = returns[0]! * returns[0]!
    start = 1
  } else {
    v = nonNegative('seedVariance', parameters.seedVariance)
  }
  for (let i = start; i < returns.length; i++) v = lambda * v + (1 - lambda) * returns[i]! * returns[i]!
  return annualiseVolatility(Math.sqrt(v), period)
}

/** Inputs of the parametric (lognormal) VaR and ES. */
export type ParametricRiskParameters = {
  /** Annualised volatility of log returns; ≥ 0. */
  readonly sigmaAnnual: number
  /** Horizon in seconds; converted to years of 365 days. */
  readonly horizonSeconds: number
  /** One-sided confidence level q in [0.5, 1). */
  readonly confidence: number
}

function horizonSigma(parameters: ParametricRiskParameters): { s: number; z: number; q: number } {
  const sigma = withinBound('sigmaAnnual', parameters.sigmaAnnual, BOUNDS.volatilityAnnual)
  const horizon = withinBound('horizonSeconds', parameters.horizonSeconds, BOUNDS.seconds)
  const q = confidenceLevel('confidence', parameters.confidence)
  return { s: sigma * Math.sqrt(horizon / SECONDS_PER_YEAR), z: normalQuantile(q), q }
}

/**
 * Parametric value at risk of a lognormal price with zero drift: ln(P_T/P_0) ~ N(0, s²),
 * s = σ·√T, so the loss fraction exceeded with probability 1 − q is
 * `VaR_q = 1 − exp(−z_q·s)`: the seed's potential value change, computed by the same function.
 *
 * @throws InvalidNumberError, NegativeValueError, OutOfRangeError (confidence outside [0.5, 1)).
 * @example
 * ```ts
 * parametricValueAtRisk({ sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 }) // 0.214648
 * ```
 */
export function parametricValueAtRisk(parameters: ParametricRiskParameters): number {
  return potentialValueChange(parameters)
}

/**
 * Parametric expected shortfall of a lognormal price with zero drift: the mean loss fraction
 * in the worst 1 − q of outcomes. With X = ln(P_T/P_0) ~ N(0, s²) and E[e^X; X ≤ −z·s] =
 * e^(s²/2)·Φ(−z − s):
 *
 * `ES_q = 1 − e^(s²/2) · Φ(−z_q − s) / (1 − q)`, always ≥ VaR_q.
 *
 * @throws InvalidNumberError, NegativeValueError, OutOfRangeError (confidence outside [0.5, 1)).
 * @example
 * ```ts
 * parametricExpectedShortfall({ sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 }) // ≈ 0.2414
 * ```
 */
export function parametricExpectedShortfall(parameters: ParametricRiskParameters): number {
  const { s, z, q } = horizonSigma(parameters)
  const valueAtRisk = potentialValueChange(parameters)
  if (s === 0) return valueAtRisk
  const es = 1 - (Math.exp(0.5 * s * s) * normalCdf(-z - s)) / (1 - q)
  // Guard rounding: ES lies in [VaR, 1].
  return Math.min(1, Math.max(es, valueAtRisk))
}

/** Inputs of {@link horizonLosses}. */
export type HorizonLossesParameters = {
  /** Prices, oldest first, equally spaced; all > 0. */
  readonly prices: ArrayLike<number>
  /** Horizon in sampling periods h (an integer ≥ 1): 24 for one day of hourly prices. */
  readonly horizonPeriods: number
}

/**
 * Loss fractions over every overlapping window of h periods: `L_i = 1 − P_{i+h} / P_i` for
 * i = 0 … n − h − 1 (n − h windows). Positive for a fall, negative for a rise.
 *
 * @throws InsufficientDataError (fewer than h + 1 prices), InvalidNumberError, OutOfRangeError.
 * @example
 * ```ts
 * horizonLosses({ prices: [100, 90, 99], horizonPeriods: 1 }) // [0.1, -0.1]
 * ```
 */
export function horizonLosses(parameters: HorizonLossesParameters): Float64Array {
  const h = nonNegativeInteger('horizonPeriods', parameters.horizonPeriods)
  if (h < 1) throw new OutOfRangeError('horizonPeriods', h, 'the integers ≥ 1')
  const prices = parameters.prices
  if (prices.length < h + 1) throw new InsufficientDataError('horizonLosses (prices)', h + 1, prices.length)
  for (let i = 0; i < prices.length; i++) positive(`prices[${i}]`, prices[i]!)
  const out = new Float64Array(prices.length - h)
  for (let i = 0; i < out.length; i++) out[i] = 1 - prices[i + h]! / prices[i]!
  return out
}

/** Inputs of the historical VaR and ES. */
export type HistoricalRiskParameters = HorizonLossesParameters & {
  /** Confidence level q in [0.5, 1). */
  readonly confidence: number
}

/**
 * Historical value at risk over h periods: the q-quantile (type 7, linear interpolation, as
 * NumPy's default) of the overlapping-window losses of {@link horizonLosses}. Overlapping
 * windows use all the data but are autocorrelated: n − h windows hold about (n − 1)/h
 * independent observations.
 *
 * @throws InsufficientDataError, InvalidNumberError, OutOfRangeError.
 * @example
 * ```ts
 * historicalValueAtRisk({ prices: [100, 99, 97, 94, 90, 85], horizonPeriods: 1, confidence: 0.5 }) // ≈ 0.0309 (the median of 1 %, 2.0 %, 3.1 %, 4.3 %, 5.6 %)
 * ```
 */
export function historicalValueAtRisk(parameters: HistoricalRiskParameters): number {
  const q = confidenceLevel('confidence', parameters.confidence)
  const losses = horizonLosses(parameters).sort()
  return sortedQuantile(losses, q)
}

/**
 * Historical expected shortfall over h periods: the mean of the overlapping-window losses at
 * or beyond the historical VaR (so ES ≥ VaR always; at least the largest loss is averaged).
 *
 * @throws InsufficientDataError, InvalidNumberError, OutOfRangeError.
 * @example
 * ```ts
 * historicalExpectedShortfall({ prices: [100, 99, 97, 94, 90, 85], horizonPeriods: 1, confidence: 0.5 }) // ≈ 0.0430 (mean of 3.1 %, 4.3 %, 5.6 %)
 * ```
 */
export function historicalExpectedShortfall(parameters: HistoricalRiskParameters): number {
  const q = confidenceLevel('confidence', parameters.confidence)
  const losses = horizonLosses(parameters).sort()
  const valueAtRisk = sortedQuantile(losses, q)
  let sum = 0
  let count = 0
  for (let i = losses.length - 1; i >= 0 && losses[i]! >= valueAtRisk; i--) {
    sum += losses[i]!
    count++
  }
  // Interpolation can round the VaR a hair above the largest loss; the tail is then that loss.
  return count === 0 ? losses[losses.length - 1]! : sum / count
}
