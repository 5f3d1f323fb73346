import type { Rng } from '../math/random.js'
import { BOUNDS, withinBound } from '../units/bounds.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, nonNegative, nonNegativeInteger, positive } from '../units/validate.js'
import { SimulationInputError } from './errors.js'

/**
 * Parameters of a jump-diffusion price (Merton 1976): `dS/S = μ dt + σ dW + (e^Y − 1) dN`, with
 * N a Poisson process of intensity λ per year and jump log-sizes Y ~ N(m, s²). With λ = 0 it is
 * a geometric Brownian motion. Times are seconds; rates and volatility are annual (365 days).
 *
 * @example
 * ```ts
 * const p: PathKernelParameters = { steps: 1440, stepSeconds: 60, sigmaAnnual: 0.8, driftAnnual: 0,
 *   jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 }
 * ```
 */
export type PathKernelParameters = {
  /** Number of steps of the path (the path has `steps + 1` points, point 0 at log-price 0). */
  readonly steps: number
  readonly stepSeconds: number
  readonly sigmaAnnual: number
  readonly driftAnnual: number
  readonly jumpIntensityPerYear: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
}

/**
 * An exponential tilt of the shocks, for importance sampling: each step's normal is drawn from
 * N(diffusionShift, 1) instead of N(0, 1); jumps arrive at `jumpIntensityFactor` times the rate
 * and their log-sizes have mean `m + jumpMeanShift`. The kernel returns the log likelihood ratio.
 *
 * @example
 * ```ts
 * const tilt: PathTilt = { diffusionShift: -0.05, jumpIntensityFactor: 1, jumpMeanShift: 0 }
 * ```
 */
export type PathTilt = {
  readonly diffusionShift: number
  readonly jumpIntensityFactor: number
  readonly jumpMeanShift: number
}

/**
 * Per-step constants of a validated kernel.
 *
 * @example
 * ```ts
 * const k: CompiledKernel = compileKernel(p)
 * ```
 */
export type CompiledKernel = {
  readonly steps: number
  readonly stepSeconds: number
  /** Log drift per step: (μ − σ²/2 − λκ)·dt with κ = E[e^Y] − 1 (so E[S_t] = S_0·e^{μt}). */
  readonly driftPerStep: number
  /** σ·√dt. */
  readonly volPerStep: number
  /** λ·dt: expected jumps per step. */
  readonly jumpsPerStep: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
}

/**
 * Validates jump-diffusion parameters and precomputes the per-step constants.
 *
 * @example
 * ```ts
 * const k = compileKernel({ steps: 1440, stepSeconds: 60, sigmaAnnual: 0.8, driftAnnual: 0,
 *   jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 })
 * k.volPerStep // 0.8 · √(60 / 31_536_000) ≈ 0.0011035
 * ```
 */
export function compileKernel(p: PathKernelParameters): CompiledKernel {
  nonNegativeInteger('steps', p.steps)
  positive('stepSeconds', p.stepSeconds)
  withinBound('sigmaAnnual', p.sigmaAnnual, BOUNDS.volatilityAnnual)
  finite('driftAnnual', p.driftAnnual)
  nonNegative('jumpIntensityPerYear', p.jumpIntensityPerYear)
  finite('jumpMeanLog', p.jumpMeanLog)
  nonNegative('jumpStdLog', p.jumpStdLog)
  const dt = p.stepSeconds / SECONDS_PER_YEAR
  const kappa = Math.exp(p.jumpMeanLog + 0.5 * p.jumpStdLog * p.jumpStdLog) - 1
  const driftPerStep =
    (p.driftAnnual - 0.5 * p.sigmaAnnual * p.sigmaAnnual - p.jumpIntensityPerYear * kappa) * dt
  finite('driftPerStep', driftPerStep)
  return {
    steps: p.steps,
    stepSeconds: p.stepSeconds,
    driftPerStep,
    volPerStep: p.sigmaAnnual * Math.sqrt(dt),
    jumpsPerStep: p.jumpIntensityPerYear * dt,
    jumpMeanLog: p.jumpMeanLog,
    jumpStdLog: p.jumpStdLog,
  }
}

const NO_TILT: PathTilt = { diffusionShift: 0, jumpIntensityFactor: 1, jumpMeanShift: 0 }

/**
 * The path kernel: fills `logPrice[0..steps]` with a jump-diffusion log-price path (log of
 * S_t / S_0, so point 0 is 0) and `runMin[0..steps]` with its running minimum, drawing from
 * `rng`. Jumps arrive by exponential waiting times in continuous time and are added in the step
 * they fall in. With a tilt, returns log(dP/dQ) of the drawn path (0 without one), so that
 * `E_P[f] = E_Q[f · e^{returned}]`.
 *
 * @example
 * ```ts
 * const k = compileKernel({ steps: 10, stepSeconds: 60, sigmaAnnual: 0.8, driftAnnual: 0,
 *   jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 })
 * const x = new Float64Array(11), m = new Float64Array(11)
 * fillLogPath(k, createRng(1), x, m) // 0; x[10] is ln(S_10 / S_0)
 * ```
 */
export function fillLogPath(
  kernel: CompiledKernel,
  rng: Rng,
  logPrice: Float64Array,
  runMin: Float64Array,
  tilt: PathTilt = NO_TILT,
): number {
  const n = kernel.steps
  if (logPrice.length < n + 1 || runMin.length < n + 1)
    throw new SimulationInputError(
      `path buffers hold ${Math.min(logPrice.length, runMin.length)} points, the kernel needs ${n + 1}`,
      'Allocate Float64Arrays of length steps + 1.',
    )
  const mu = kernel.driftPerStep
  const sig = kernel.volPerStep
  const theta = tilt.diffusionShift
  const lamQ = kernel.jumpsPerStep * tilt.jumpIntensityFactor
  const jm = kernel.jumpMeanLog
  const jmQ = jm + tilt.jumpMeanShift
  const js = kernel.jumpStdLog
  let x = 0
  let m = 0
  let sumZ = 0
  let jumps = 0
  let jumpLr = 0
  let nextJump = lamQ > 0 ? rng.exponential() / lamQ : Number.POSITIVE_INFINITY
  logPrice[0] = 0
  runMin[0] = 0
  for (let t = 1; t <= n; t++) {
    const z = rng.normal() + theta
    sumZ += z
    x += mu + sig * z
    while (nextJump < t) {
      const y = jmQ + js * rng.normal()
      x += y
      jumps++
      if (tilt.jumpMeanShift !== 0) {
        const d = tilt.jumpMeanShift
        jumpLr += (-2 * d * (y - jm) + d * d) / (2 * js * js)
      }
      nextJump += rng.exponential() / lamQ
    }
    logPrice[t] = x
    if (x < m) m = x
    runMin[t] = m
  }
  if (tilt === NO_TILT) return 0
  // Diffusion: Π φ(z)/φ(z − θ) = exp(−θ Σz + nθ²/2). Jumps: Poisson intensity λ → aλ over n
  // steps gives a^{−k}·exp((a − 1)·λ·n); the jump-mean shift adds jumpLr per jump.
  let lr = -theta * sumZ + 0.5 * n * theta * theta
  if (kernel.jumpsPerStep > 0 && tilt.jumpIntensityFactor !== 1) {
    const a = tilt.jumpIntensityFactor
    lr += -jumps * Math.log(a) + (a - 1) * kernel.jumpsPerStep * n
  }
  return lr + jumpLr
}

/**
 * The first step t in [0, last] at which the running minimum is at or below `level` (a binary
 * search: the running minimum never increases), or −1 when the path never gets there.
 *
 * @example
 * ```ts
 * firstPassage(Float64Array.of(0, -0.1, -0.1, -0.3), 3, -0.2) // 3
 * ```
 */
export function firstPassage(runMin: Float64Array, last: number, level: number): number {
  if (!(runMin[last]! <= level)) return -1
  let lo = 0
  let hi = last
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (runMin[mid]! <= level) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * The minimum of `values[from..to]` (both ends included): the lag window of a liquidation.
 *
 * @example
 * ```ts
 * windowMin(Float64Array.of(0, -1, 2, -3), 1, 2) // -1
 * ```
 */
export function windowMin(values: Float64Array, from: number, to: number): number {
  let m = values[from]!
  for (let t = from + 1; t <= to; t++) {
    const v = values[t]!
    if (v < m) m = v
  }
  return m
}
