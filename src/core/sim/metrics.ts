import { InsufficientDataError } from '../errors.js'
import { normalQuantile } from '../math/normal.js'
import { sortedQuantile } from '../math/stats.js'
import { openUnitInterval, unitInterval } from '../units/validate.js'

/**
 * A point estimate with a confidence interval at `confidence`.
 *
 * @example
 * ```ts
 * const e: Estimate = { value: 120, low: 100, high: 150, confidence: 0.95 }
 * ```
 */
export type Estimate = {
  readonly value: number
  readonly low: number
  readonly high: number
  readonly confidence: number
}

function checkN(what: string, n: number, needed = 1): void {
  if (n < needed) throw new InsufficientDataError(what, needed, n)
}

/**
 * The q-quantile (type 7) of samples sorted ascending, with a distribution-free confidence
 * interval from order statistics: the number of samples below the true quantile is
 * Binomial(n, q), so [x_(j), x_(k)] with j = ⌊nq − z·√(nq(1 − q))⌋, k = ⌈nq + z·√(nq(1 − q))⌉
 * (1-based, clipped to [1, n]) covers it with probability ≈ confidence (normal approximation).
 *
 * @example
 * ```ts
 * quantileEstimate(Float64Array.from({ length: 100 }, (_, i) => i), 0.95, 0.95)
 * // value 94.05, low = x_(90) = 89, high = x_(100) = 99
 * ```
 */
export function quantileEstimate(sorted: Float64Array, q: number, confidence = 0.95): Estimate {
  checkN('quantileEstimate', sorted.length)
  unitInterval('q', q)
  openUnitInterval('confidence', confidence)
  const n = sorted.length
  const z = normalQuantile(0.5 + confidence / 2)
  const half = z * Math.sqrt(n * q * (1 - q))
  const j = Math.min(n, Math.max(1, Math.floor(n * q - half)))
  const k = Math.min(n, Math.max(1, Math.ceil(n * q + half)))
  return { value: sortedQuantile(sorted, q), low: sorted[j - 1]!, high: sorted[k - 1]!, confidence }
}

/**
 * A proportion with the Wilson score interval (Wilson 1927), which stays inside [0, 1] and
 * gives a useful upper bound when no event was seen.
 *
 * @example
 * ```ts
 * proportionEstimate(0, 1000, 0.95) // value 0, high ≈ 0.00383 (≈ 3.84/1000, the "rule of 3.84")
 * ```
 */
export function proportionEstimate(successes: number, n: number, confidence = 0.95): Estimate {
  checkN('proportionEstimate', n)
  openUnitInterval('confidence', confidence)
  const p = successes / n
  const z = normalQuantile(0.5 + confidence / 2)
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  // Exact ends at 0 and n successes (the formula leaves rounding noise of order 1e-20 there).
  const low = successes === 0 ? 0 : Math.max(0, centre - half)
  const high = successes === n ? 1 : Math.min(1, centre + half)
  return { value: p, low, high, confidence }
}

/**
 * The sample mean with a normal (CLT) confidence interval `mean ± z·s/√n`, clipped to the
 * range of the samples (so a mean of non-negative losses never gets a negative lower bound).
 *
 * @example
 * ```ts
 * meanEstimate(Float64Array.of(1, 2, 3, 4), 0.95) // value 2.5, half-width 1.96·1.291/2 ≈ 1.265
 * ```
 */
export function meanEstimate(samples: Float64Array, confidence = 0.95): Estimate {
  checkN('meanEstimate', samples.length)
  openUnitInterval('confidence', confidence)
  const n = samples.length
  let s = 0
  for (let i = 0; i < n; i++) s += samples[i]!
  const m = s / n
  let v = 0
  for (let i = 0; i < n; i++) v += (samples[i]! - m) ** 2
  const sd = n > 1 ? Math.sqrt(v / (n - 1)) : 0
  const half = normalQuantile(0.5 + confidence / 2) * (sd / Math.sqrt(n))
  let min = samples[0]!
  let max = samples[0]!
  for (let i = 1; i < n; i++) {
    const x = samples[i]!
    if (x < min) min = x
    if (x > max) max = x
  }
  // Clipped to the sample range: a mean of non-negative losses never gets a negative bound.
  return { value: m, low: Math.max(min, m - half), high: Math.min(max, m + half), confidence }
}

/**
 * A ratio of totals Σy / Σx with a delta-method confidence interval (the ratio estimator of
 * survey sampling): Var ≈ Σ(y − R·x)² / (n(n − 1)·x̄²). Returns value 1 with a zero-width
 * interval when Σx = 0 (nothing to measure: no liquidation, nothing lost).
 *
 * @example
 * ```ts
 * ratioEstimate(Float64Array.of(1, 2), Float64Array.of(2, 2), 0.95).value // 3/4
 * ```
 */
export function ratioEstimate(y: Float64Array, x: Float64Array, confidence = 0.95): Estimate {
  checkN('ratioEstimate', x.length)
  openUnitInterval('confidence', confidence)
  const n = x.length
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    sx += x[i]!
    sy += y[i]!
  }
  if (!(sx > 0)) return { value: 1, low: 1, high: 1, confidence }
  const r = sy / sx
  let v = 0
  for (let i = 0; i < n; i++) v += (y[i]! - r * x[i]!) ** 2
  const xbar = sx / n
  const se = n > 1 ? Math.sqrt(v / (n * (n - 1))) / xbar : 0
  const half = normalQuantile(0.5 + confidence / 2) * se
  return { value: r, low: r - half, high: r + half, confidence }
}

/**
 * Expected shortfall at q (mean of the worst ⌈n(1 − q)⌉ samples of a sorted column) with a CLT
 * interval over those tail samples (the order-statistic noise of the threshold is ignored).
 *
 * @example
 * ```ts
 * shortfallEstimate(Float64Array.from({ length: 100 }, (_, i) => i), 0.99).value // 99
 * ```
 */
export function shortfallEstimate(sorted: Float64Array, q: number, confidence = 0.95): Estimate {
  checkN('shortfallEstimate', sorted.length)
  openUnitInterval('q', q)
  const n = sorted.length
  const k = Math.max(1, Math.ceil(n * (1 - q) - 1e-9))
  const tail = sorted.subarray(n - k)
  const e = meanEstimate(tail, confidence)
  return k > 1 ? e : { value: e.value, low: e.value, high: e.value, confidence }
}

/**
 * The distribution of trigger-to-execution lags, in seconds.
 *
 * @example
 * ```ts
 * const d: LagDistribution = lagDistribution([0, 3, 1], 60)
 * ```
 */
export type LagDistribution = {
  readonly liquidations: number
  readonly p50Seconds: Estimate | undefined
  readonly p95Seconds: Estimate | undefined
  readonly maxSeconds: number | undefined
  /** `[seconds, count]` pairs for every lag seen. */
  readonly histogram: readonly (readonly [number, number])[]
}

function countQuantile(counts: readonly number[], rank: number): number {
  let c = 0
  for (let k = 0; k < counts.length; k++) {
    c += counts[k]!
    if (c >= rank) return k
  }
  return counts.length - 1
}

/**
 * Lag distribution from counts per lag in steps: median and P95 (lower empirical quantile) with
 * order-statistic intervals, the maximum and the histogram.
 *
 * @example
 * ```ts
 * lagDistribution([0, 3, 1], 60).p50Seconds?.value // 60
 * ```
 */
export function lagDistribution(
  counts: readonly number[],
  stepSeconds: number,
  confidence = 0.95,
): LagDistribution {
  const total = counts.reduce((s, c) => s + c, 0)
  const histogram = counts.flatMap((c, k) => (c > 0 ? [[k * stepSeconds, c] as const] : []))
  if (total === 0)
    return { liquidations: 0, p50Seconds: undefined, p95Seconds: undefined, maxSeconds: undefined, histogram }
  const z = normalQuantile(0.5 + confidence / 2)
  const q = (p: number): Estimate => {
    const half = z * Math.sqrt(total * p * (1 - p))
    const at = (rank: number) =>
      countQuantile(counts, Math.min(total, Math.max(1, Math.ceil(rank)))) * stepSeconds
    return { value: at(total * p), low: at(total * p - half), high: at(total * p + half), confidence }
  }
  let max = 0
  counts.forEach((c, k) => {
    if (c > 0) max = k
  })
  return {
    liquidations: total,
    p50Seconds: q(0.5),
    p95Seconds: q(0.95),
    maxSeconds: max * stepSeconds,
    histogram,
  }
}

/**
 * The metrics of a Monte Carlo run (bad debt and liquidations in USD).
 *
 * @example
 * ```ts
 * const m: SimulationMetrics = simulationMetrics(mergePartials(parts), 60)
 * ```
 */
export type SimulationMetrics = {
  readonly paths: number
  /** VaR95: 95th percentile of Σ max(0, debt − collateral) at the horizon. */
  readonly badDebtVar95: Estimate
  /** EVaR99 ("extreme VaR", as Chaos Labs publishes it): the 99th percentile of bad debt. */
  readonly badDebtEvar99: Estimate
  /** Expected shortfall of bad debt at 99 %. */
  readonly badDebtEs99: Estimate
  readonly badDebtMean: Estimate
  /** P(bad debt > 0). */
  readonly probabilityOfBadDebt: Estimate
  /** Liquidations at risk: the 95th percentile of liquidated collateral value. */
  readonly liquidationsAtRisk95: Estimate
  /** Mean share of the open borrow capacity in use at the horizon. */
  readonly borrowUsage: Estimate
  /** Debt repaid by liquidations / debt of the liquidated positions. */
  readonly liquidationEfficiency: Estimate
  readonly liquidationLag: LagDistribution
}

/**
 * Per-path columns the metrics read (a merged {@link PartialResult} has them).
 *
 * @example
 * ```ts
 * const cols: MetricColumns = mergePartials(parts)
 * ```
 */
export type MetricColumns = {
  readonly badDebt: Float64Array
  readonly liquidatedValue: Float64Array
  readonly liquidatedDebt: Float64Array
  readonly recoveredDebt: Float64Array
  readonly borrowUsage: Float64Array
  readonly lagCounts: readonly number[]
}

/**
 * Every metric with its confidence interval, from merged per-path columns.
 *
 * @example
 * ```ts
 * const m = simulationMetrics(mergePartials(parts), 60)
 * m.badDebtVar95.value
 * ```
 */
export function simulationMetrics(
  cols: MetricColumns,
  stepSeconds: number,
  confidence = 0.95,
): SimulationMetrics {
  const n = cols.badDebt.length
  checkN('simulationMetrics', n)
  const bad = Float64Array.from(cols.badDebt).sort()
  const liq = Float64Array.from(cols.liquidatedValue).sort()
  let withBad = 0
  for (let i = 0; i < n; i++) if (cols.badDebt[i]! > 0) withBad++
  // Repaid debt never exceeds the debt liquidated, so the efficiency and its interval lie in [0, 1].
  const eff = ratioEstimate(cols.recoveredDebt, cols.liquidatedDebt, confidence)
  return {
    paths: n,
    badDebtVar95: quantileEstimate(bad, 0.95, confidence),
    badDebtEvar99: quantileEstimate(bad, 0.99, confidence),
    badDebtEs99: shortfallEstimate(bad, 0.99, confidence),
    badDebtMean: meanEstimate(cols.badDebt, confidence),
    probabilityOfBadDebt: proportionEstimate(withBad, n, confidence),
    liquidationsAtRisk95: quantileEstimate(liq, 0.95, confidence),
    borrowUsage: meanEstimate(cols.borrowUsage, confidence),
    liquidationEfficiency: { ...eff, low: Math.max(0, eff.low), high: Math.min(1, eff.high) },
    liquidationLag: lagDistribution(cols.lagCounts, stepSeconds, confidence),
  }
}
