import { InsufficientDataError, OutOfRangeError } from '../errors.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, positive, unitInterval } from '../units/validate.js'

function checkSamples(what: string, samples: ArrayLike<number>, needed: number): void {
  if (samples.length < needed) throw new InsufficientDataError(what, needed, samples.length)
  for (let i = 0; i < samples.length; i++) finite(`${what}[${i}]`, samples[i]!)
}

/**
 * Arithmetic mean.
 *
 * @example
 * ```ts
 * mean([1, 2, 3]) // 2
 * ```
 */
export function mean(samples: ArrayLike<number>): number {
  checkSamples('mean', samples, 1)
  let s = 0
  for (let i = 0; i < samples.length; i++) s += samples[i]!
  return s / samples.length
}

/**
 * Sample variance with Bessel's correction (n − 1), by Welford's update.
 *
 * @example
 * ```ts
 * variance([1, 2, 3, 4]) // 1.6666666666666667
 * ```
 */
export function variance(samples: ArrayLike<number>): number {
  checkSamples('variance', samples, 2)
  let m = 0
  let m2 = 0
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!
    const delta = x - m
    m += delta / (i + 1)
    m2 += delta * (x - m)
  }
  return m2 / (samples.length - 1)
}

/** Sample standard deviation (n − 1). @example `standardDeviation([1, 3]) // 1.4142135623730951` */
export function standardDeviation(samples: ArrayLike<number>): number {
  return Math.sqrt(variance(samples))
}

/**
 * Log returns `ln(p[i] / p[i−1])` of a price series. Prices must be positive.
 *
 * @example
 * ```ts
 * logReturns([100, 110]) // [0.09531017980432493]
 * ```
 */
export function logReturns(prices: ArrayLike<number>): Float64Array {
  checkSamples('logReturns', prices, 2)
  const out = new Float64Array(prices.length - 1)
  for (let i = 1; i < prices.length; i++) {
    positive(`prices[${i - 1}]`, prices[i - 1]!)
    positive(`prices[${i}]`, prices[i]!)
    out[i - 1] = Math.log(prices[i]! / prices[i - 1]!)
  }
  return out
}

/**
 * Annualises a per-period standard deviation sampled every `periodSeconds`, by the square
 * root of time with years of 365 days: `σ_year = σ_period · √(SECONDS_PER_YEAR / period)`.
 *
 * @example
 * ```ts
 * annualiseVolatility(0.01, 3600) // 0.01 · √8760 = 0.9359487165438072
 * ```
 */
export function annualiseVolatility(sigmaPerPeriod: number, periodSeconds: number): number {
  finite('sigmaPerPeriod', sigmaPerPeriod)
  if (sigmaPerPeriod < 0) throw new OutOfRangeError('sigmaPerPeriod', sigmaPerPeriod, '[0, ∞)')
  positive('periodSeconds', periodSeconds)
  return sigmaPerPeriod * Math.sqrt(SECONDS_PER_YEAR / periodSeconds)
}

/**
 * The q-quantile of samples by linear interpolation between order statistics (Hyndman and
 * Fan type 7, the default of R and NumPy). Does not modify its input.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5) // 2.5
 * ```
 */
export function quantile(samples: ArrayLike<number>, q: number): number {
  checkSamples('quantile', samples, 1)
  unitInterval('q', q)
  const sorted = Float64Array.from(samples).sort()
  return sortedQuantile(sorted, q)
}

/**
 * `quantile` over samples already sorted ascending (no copy).
 *
 * @example
 * ```ts
 * sortedQuantile([1, 2, 3, 4], 0.5) // 2.5
 * ```
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/**
 * Expected shortfall (CVaR) of losses at level q: the mean of the worst ⌈n·(1 − q)⌉ samples
 * (at least one). Losses are positive numbers; a larger value is a worse outcome.
 *
 * @example
 * ```ts
 * expectedShortfall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8) // mean of 9 and 10 = 9.5
 * ```
 */
export function expectedShortfall(losses: ArrayLike<number>, q: number): number {
  checkSamples('expectedShortfall', losses, 1)
  unitInterval('q', q)
  const sorted = Float64Array.from(losses).sort()
  const k = Math.max(1, Math.ceil(sorted.length * (1 - q) - 1e-9))
  let s = 0
  for (let i = sorted.length - k; i < sorted.length; i++) s += sorted[i]!
  return s / k
}
