import type { Rng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, nonNegative, nonNegativeInteger, openUnitInterval, positive } from '../units/validate.js'
import { NotPositiveDefiniteError, SimulationInputError } from './errors.js'
import { compileKernel, fillLogPath, type PathKernelParameters } from './kernel.js'

/**
 * A price path source: fills `out[0..steps]` with prices at times 0, dt, …, steps·dt seconds.
 * Scenario and data engineers plug their series in through this one signature.
 *
 * @example
 * ```ts
 * const source: PricePathSource = (out, steps) => { for (let t = 0; t <= steps; t++) out[t] = 100 }
 * ```
 */
export type PricePathSource = (out: Float64Array, steps: number, stepSeconds: number) => void

function checkOut(out: Float64Array, steps: number): void {
  nonNegativeInteger('steps', steps)
  if (out.length < steps + 1)
    throw new SimulationInputError(
      `the output holds ${out.length} points, ${steps + 1} are needed`,
      'Allocate steps + 1 points.',
    )
}

/**
 * GBM or Merton jump-diffusion prices from `initialPrice` (see {@link PathKernelParameters}).
 *
 * @example
 * ```ts
 * const src = jumpDiffusionSource({ initialPrice: 3000, sigmaAnnual: 0.8, driftAnnual: 0,
 *   jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 }, createRng(1))
 * src(new Float64Array(1441), 1440, 60)
 * ```
 */
export function jumpDiffusionSource(
  p: Omit<PathKernelParameters, 'steps' | 'stepSeconds'> & { readonly initialPrice: number },
  rng: Rng,
): PricePathSource {
  positive('initialPrice', p.initialPrice)
  return (out, steps, stepSeconds) => {
    checkOut(out, steps)
    const k = compileKernel({ ...p, steps, stepSeconds })
    const min = new Float64Array(steps + 1)
    fillLogPath(k, rng, out, min)
    for (let t = 0; t <= steps; t++) out[t] = p.initialPrice * Math.exp(out[t]!)
  }
}

/**
 * Replays a historical series: point t is `series[t]`. Fails if the series is shorter than the
 * path (never pads or fills silently).
 *
 * @example
 * ```ts
 * replaySource([100, 90, 95])(new Float64Array(3), 2, 3600) // out = [100, 90, 95]
 * ```
 */
export function replaySource(series: ArrayLike<number>): PricePathSource {
  for (let i = 0; i < series.length; i++) positive(`series[${i}]`, series[i]!)
  return (out, steps) => {
    checkOut(out, steps)
    if (series.length < steps + 1)
      throw new SimulationInputError(
        `the series has ${series.length} points, the path needs ${steps + 1}`,
        'Shorten the horizon or give a longer series.',
      )
    for (let t = 0; t <= steps; t++) out[t] = series[t]!
  }
}

/**
 * Moving-block bootstrap of historical log returns (Künsch 1989): the path is built from blocks
 * of `blockLength` consecutive returns starting at uniform random offsets, which keeps
 * volatility clustering within a block. Returns are per step (sampled at the path's step).
 *
 * @example
 * ```ts
 * blockBootstrapSource({ initialPrice: 1, logReturns: r, blockLength: 24 }, createRng(3))
 * ```
 */
export function blockBootstrapSource(
  p: { readonly initialPrice: number; readonly logReturns: ArrayLike<number>; readonly blockLength: number },
  rng: Rng,
): PricePathSource {
  positive('initialPrice', p.initialPrice)
  nonNegativeInteger('blockLength', p.blockLength)
  const n = p.logReturns.length
  if (p.blockLength < 1 || p.blockLength > n)
    throw new SimulationInputError(
      `blockLength ${p.blockLength} with ${n} returns`,
      'Use a block length from 1 to the number of returns.',
    )
  for (let i = 0; i < n; i++) finite(`logReturns[${i}]`, p.logReturns[i]!)
  return (out, steps) => {
    checkOut(out, steps)
    fillBootstrapLogPath(rng, out, steps, p.logReturns, p.blockLength)
    for (let t = 0; t <= steps; t++) out[t] = p.initialPrice * Math.exp(out[t]!)
  }
}

/**
 * The unchecked core of {@link blockBootstrapSource}: writes log(S_t/S_0) for t = 0..steps
 * (validate the returns and block length first).
 *
 * @example
 * ```ts
 * fillBootstrapLogPath(createRng(1), out, 1440, returns, 60)
 * ```
 */
export function fillBootstrapLogPath(
  rng: Rng,
  out: Float64Array,
  steps: number,
  logReturns: ArrayLike<number>,
  blockLength: number,
): void {
  const n = logReturns.length
  let x = 0
  out[0] = 0
  let t = 1
  while (t <= steps) {
    const start = Math.floor(rng.next() * (n - blockLength + 1))
    for (let j = 0; j < blockLength && t <= steps; j++, t++) {
      x += logReturns[start + j]!
      out[t] = x
    }
  }
}

/**
 * GARCH(1,1) parameters on per-step log returns: σ²_t = ω + α·r²_{t−1} + β·σ²_{t−1}.
 *
 * @example
 * ```ts
 * const g: Garch11Parameters = { initialPrice: 1, omega: 1e-6, alpha: 0.08, beta: 0.9 }
 * ```
 */
export type Garch11Parameters = {
  readonly initialPrice: number
  readonly omega: number
  readonly alpha: number
  readonly beta: number
  /** σ²_0 per step; defaults to the stationary ω / (1 − α − β). */
  readonly initialVariance?: number
}

/**
 * GARCH(1,1) prices (Bollerslev 1986) with normal innovations and zero mean log return.
 * Requires α + β < 1 (covariance stationary). EWMA (RiskMetrics, λ = 0.94) is the limit
 * ω = 0, α = 1 − λ, β = λ: use {@link ewmaSource}.
 *
 * @example
 * ```ts
 * garch11Source({ initialPrice: 1, omega: 1e-6, alpha: 0.08, beta: 0.9 }, createRng(1))
 * ```
 */
export function garch11Source(p: Garch11Parameters, rng: Rng): PricePathSource {
  positive('initialPrice', p.initialPrice)
  positive('omega', p.omega)
  nonNegative('alpha', p.alpha)
  nonNegative('beta', p.beta)
  if (p.alpha + p.beta >= 1)
    throw new SimulationInputError(
      `alpha + beta = ${p.alpha + p.beta} ≥ 1`,
      'Use a stationary GARCH (alpha + beta < 1) or EWMA.',
    )
  const v0 = p.initialVariance ?? p.omega / (1 - p.alpha - p.beta)
  positive('initialVariance', v0)
  return varianceRecursionSource(p.initialPrice, v0, p.omega, p.alpha, p.beta, rng)
}

/**
 * EWMA-volatility prices (RiskMetrics 1996): σ²_t = λ·σ²_{t−1} + (1 − λ)·r²_{t−1}, started at
 * the annual volatility `sigmaAnnual` converted to the step.
 *
 * @example
 * ```ts
 * ewmaSource({ initialPrice: 1, sigmaAnnual: 0.8, lambda: 0.94, stepSeconds: 3600 }, createRng(1))
 * ```
 */
export function ewmaSource(
  p: {
    readonly initialPrice: number
    readonly sigmaAnnual: number
    readonly lambda: number
    readonly stepSeconds: number
  },
  rng: Rng,
): PricePathSource {
  positive('initialPrice', p.initialPrice)
  positive('sigmaAnnual', p.sigmaAnnual)
  openUnitInterval('lambda', p.lambda)
  positive('stepSeconds', p.stepSeconds)
  const v0 = (p.sigmaAnnual * p.sigmaAnnual * p.stepSeconds) / SECONDS_PER_YEAR
  return varianceRecursionSource(p.initialPrice, v0, 0, 1 - p.lambda, p.lambda, rng)
}

function varianceRecursionSource(
  s0: number,
  v0: number,
  omega: number,
  alpha: number,
  beta: number,
  rng: Rng,
): PricePathSource {
  return (out, steps) => {
    checkOut(out, steps)
    fillVarianceRecursionLogPath(rng, out, steps, v0, omega, alpha, beta)
    for (let t = 0; t <= steps; t++) out[t] = s0 * Math.exp(out[t]!)
  }
}

/**
 * The unchecked core of {@link garch11Source} and {@link ewmaSource}: writes log(S_t/S_0) with
 * r_t = σ_t·Z_t and σ²_{t+1} = ω + α·r²_t + β·σ²_t from σ²_0 = v0 (validate the inputs first).
 *
 * @example
 * ```ts
 * fillVarianceRecursionLogPath(createRng(1), out, 1440, 1e-6, 1e-7, 0.08, 0.9)
 * ```
 */
export function fillVarianceRecursionLogPath(
  rng: Rng,
  out: Float64Array,
  steps: number,
  v0: number,
  omega: number,
  alpha: number,
  beta: number,
): void {
  let v = v0
  let x = 0
  out[0] = 0
  for (let t = 1; t <= steps; t++) {
    const r = Math.sqrt(v) * rng.normal()
    x += r
    out[t] = x
    v = omega + alpha * r * r + beta * v
  }
}

/**
 * Cholesky factor L (lower triangular, row-major n×n) of a symmetric positive definite matrix,
 * so that C = L·Lᵀ. Correlated normals are z = L·ε for independent standard normals ε.
 *
 * @example
 * ```ts
 * cholesky([[1, 0.5], [0.5, 1]]) // Float64Array [1, 0, 0.5, 0.8660254037844386]
 * ```
 */
export function cholesky(matrix: readonly (readonly number[])[]): Float64Array {
  const n = matrix.length
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!
    if (row.length !== n)
      throw new SimulationInputError(`row ${i} has ${row.length} entries, not ${n}`, 'Give a square matrix.')
    for (let j = 0; j < n; j++) {
      finite(`matrix[${i}][${j}]`, row[j]!)
      if (Math.abs(row[j]! - matrix[j]![i]!) > 1e-12)
        throw new SimulationInputError(
          `the matrix is not symmetric at (${i}, ${j})`,
          'Give a symmetric matrix.',
        )
    }
  }
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i]![j]!
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!
      if (i === j) {
        if (!(s > 1e-14)) throw new NotPositiveDefiniteError(i)
        l[i * n + i] = Math.sqrt(s)
      } else l[i * n + j] = s / l[j * n + j]!
    }
  }
  return l
}

/**
 * Fills `out` (length n) with correlated standard normals `L·ε`, drawing n independent normals.
 *
 * @example
 * ```ts
 * const l = cholesky([[1, 0.9], [0.9, 1]]); const z = new Float64Array(2)
 * correlatedNormals(l, 2, createRng(1), new Float64Array(2), z)
 * ```
 */
export function correlatedNormals(
  l: Float64Array,
  n: number,
  rng: Rng,
  scratch: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) scratch[i] = rng.normal()
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let k = 0; k <= i; k++) s += l[i * n + k]! * scratch[k]!
    out[i] = s
  }
}
