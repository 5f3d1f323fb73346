import { normalCdf } from '../math/normal.js'
import { finite, nonNegative, positive } from '../units/validate.js'
import { SimulationInputError } from './errors.js'

/**
 * Broadie–Glasserman–Kou constant β = −ζ(1/2)/√(2π) ≈ 0.5826 for discretely monitored barriers.
 *
 * @example
 * ```ts
 * const shifted = logBarrier - BGK_BETA * sigma * Math.sqrt(dtYears)
 * ```
 */
export const BGK_BETA = 0.5825971579390108

/**
 * P(min over [0, T] of X_t ≤ b) for X_t = ν·t + σ·W_t started at 0 and a barrier b < 0 (the
 * log of a down barrier on a GBM, with ν = μ − σ²/2), by the reflection principle:
 * `Φ((b − νT)/(σ√T)) + e^{2νb/σ²}·Φ((b + νT)/(σ√T))` (e.g. Shreve, Stochastic Calculus for
 * Finance II, §7.2). For monitoring every Δt only, pass `monitoringSeconds`: the barrier is
 * shifted to `b − β·σ·√Δt` (Broadie, Glasserman and Kou 1997).
 *
 * @example
 * ```ts
 * // ν = 0, σ = 1, T = 1, b = −1: 2·Φ(−1) = 0.31731050786291415
 * barrierHitProbability({ logBarrier: -1, driftPerYear: 0, sigmaAnnual: 1, horizonYears: 1 })
 * ```
 */
export function barrierHitProbability(p: {
  readonly logBarrier: number
  readonly driftPerYear: number
  readonly sigmaAnnual: number
  readonly horizonYears: number
  readonly monitoringYears?: number
}): number {
  finite('logBarrier', p.logBarrier)
  finite('driftPerYear', p.driftPerYear)
  positive('sigmaAnnual', p.sigmaAnnual)
  positive('horizonYears', p.horizonYears)
  if (p.logBarrier >= 0)
    throw new SimulationInputError(
      `logBarrier ${p.logBarrier} ≥ 0`,
      'Give a barrier below the start (log < 0).',
    )
  const dt = p.monitoringYears === undefined ? 0 : nonNegative('monitoringYears', p.monitoringYears)
  const b = p.logBarrier - BGK_BETA * p.sigmaAnnual * Math.sqrt(dt)
  const s = p.sigmaAnnual * Math.sqrt(p.horizonYears)
  const nu = p.driftPerYear
  const t = p.horizonYears
  return (
    normalCdf((b - nu * t) / s) +
    Math.exp((2 * nu * b) / (p.sigmaAnnual * p.sigmaAnnual)) * normalCdf((b + nu * t) / s)
  )
}
