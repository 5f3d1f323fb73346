import { OutOfRangeError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { normalQuantile } from '../math/normal.js'
import { BOUNDS, withinBound } from '../units/bounds.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, nonNegative, unitInterval } from '../units/validate.js'
import { probabilityFromRate } from '../vocabulary.js'

/**
 * Settlement and message-delay risk (the seed's "Step 2"). While a cross-chain message is in
 * flight the collateral's price keeps moving and the message itself may fail. See
 * docs/model.md for every formula, unit and source.
 */

const SEED_SOURCE =
  'chainscorelabs.com, "How to Design a Collateral Risk Model for Cross-Chain Protocols", Step 2'

/** Checks a one-sided confidence level: in [0.5, 1) so that the quantile z is ≥ 0. */
function confidenceLevel(name: string, value: number): number {
  finite(name, value)
  if (value < 0.5 || value >= 1) throw new OutOfRangeError(name, value, '[0.5, 1)')
  return value
}

/**
 * Inputs of {@link potentialValueChange}.
 *
 * @example
 * ```ts
 * const p: PotentialValueChangeParameters = { sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 }
 * potentialValueChange(p) // 0.2146
 * ```
 */
export type PotentialValueChangeParameters = {
  /** Annualised volatility of log returns (0.8 = 80 % a year). */
  readonly sigmaAnnual: number
  /** Horizon in seconds (the maximum verifiable delay); converted to years of 365 days. */
  readonly horizonSeconds: number
  /** One-sided confidence level q in [0.5, 1); z = Φ⁻¹(q). */
  readonly confidence: number
}

/**
 * Potential value change over a horizon at a confidence: the fall in value that a lognormal
 * price with annualised volatility σ exceeds with probability 1 − q over T years,
 * `PVC = 1 − exp(−z·σ·√T)`, z = Φ⁻¹(q), T = horizonSeconds / (365·86 400). A fraction of the
 * current value in [0, 1) (in floating point it reaches 1 only when z·σ·√T > 37).
 *
 * @throws InvalidNumberError, NegativeValueError (σ or horizon), OutOfRangeError (confidence outside [0.5, 1)).
 * @example
 * ```ts
 * // σ 0.8, 30 minutes, z = 3.09
 * potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 1800, confidence: normalCdf(3.09) }) // 0.018503 (1.85 %)
 * ```
 */
export function potentialValueChange(parameters: PotentialValueChangeParameters): number {
  const sigma = withinBound('sigmaAnnual', parameters.sigmaAnnual, BOUNDS.volatilityAnnual)
  const horizon = withinBound('horizonSeconds', parameters.horizonSeconds, BOUNDS.seconds)
  const q = confidenceLevel('confidence', parameters.confidence)
  const z = normalQuantile(q)
  const years = horizon / SECONDS_PER_YEAR
  // −expm1(−x) = 1 − e^(−x) without cancellation for small x.
  return -Math.expm1(-z * sigma * Math.sqrt(years))
}

/**
 * Inputs of {@link settlementRisk}.
 *
 * @example
 * ```ts
 * const p: SettlementRiskParameters = { failureProbability: 0.001, potentialValueChange: 0.042 }
 * settlementRisk(p) // 0.042958
 * ```
 */
export type SettlementRiskParameters = {
  /** Probability that the settlement (message or bridge transfer) fails over the horizon, in [0, 1]. */
  readonly failureProbability: number
  /** Potential value change over the same horizon, a fraction in [0, 1]. */
  readonly potentialValueChange: number
}

/**
 * Combined settlement risk: either the settlement fails (the whole value is at risk), or it
 * succeeds late and the value may have moved by PVC: `risk = AFR + (1 − AFR)·PVC`, in [0, 1].
 *
 * @throws InvalidNumberError, OutOfRangeError (an input outside [0, 1]).
 * @example
 * ```ts
 * settlementRisk({ failureProbability: 0.001, potentialValueChange: 0.042 }) // 0.042958
 * ```
 */
export function settlementRisk(parameters: SettlementRiskParameters): number {
  const afr = unitInterval('failureProbability', parameters.failureProbability)
  const pvc = unitInterval('potentialValueChange', parameters.potentialValueChange)
  return afr + (1 - afr) * pvc
}

/**
 * Inputs of {@link requiredCollateral}.
 *
 * @example
 * ```ts
 * const p: RequiredCollateralParameters = { value: 100, failureProbability: 0.001, potentialValueChange: 0.042 }
 * requiredCollateral(p) // 104.2958
 * ```
 */
export type RequiredCollateralParameters = SettlementRiskParameters & {
  /** The value to be secured (any currency unit, e.g. USD); ≥ 0. */
  readonly value: number
}

/**
 * Collateral required to secure `value` across a settlement: `value · (1 + risk)` with
 * `risk = AFR + (1 − AFR)·PVC` ({@link settlementRisk}). Same unit as `value`; not rounded
 * (round up, against the borrower, when converting to token units).
 *
 * @throws InvalidNumberError, NegativeValueError (value), OutOfRangeError (probabilities).
 * @example
 * ```ts
 * requiredCollateral({ value: 100, failureProbability: 0.001, potentialValueChange: 0.042 }) // 104.2958
 * ```
 */
export function requiredCollateral(parameters: RequiredCollateralParameters): number {
  const value = nonNegative('value', parameters.value)
  return value * (1 + settlementRisk(parameters))
}

/** Inputs of {@link failureProbabilityOverHorizon}. */
export type FailureProbabilityOverHorizonParameters = {
  /** Failure rate λ in events per year (e.g. 0.02 = one failure in 50 years); ≥ 0. */
  readonly annualRate: number
  /** Horizon in seconds; converted to years of 365 days. */
  readonly horizonSeconds: number
}

/**
 * Probability of at least one failure over a horizon when failures arrive as a Poisson
 * process with annual rate λ: `P = 1 − exp(−λ·T)`, T in years of 365 days. For small λT it is
 * ≈ λT; it never exceeds 1 (a naive λT would for long horizons).
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * failureProbabilityOverHorizon({ annualRate: 0.05, horizonSeconds: 365 * 86_400 }) // 1 − e^(−0.05) = 0.048771
 * ```
 */
export function failureProbabilityOverHorizon(parameters: FailureProbabilityOverHorizonParameters): number {
  // λ = ∞ (a bridge certain to fail, see rateFromProbability) gives P = 1 over any T > 0
  const rate =
    parameters.annualRate === Number.POSITIVE_INFINITY
      ? parameters.annualRate
      : nonNegative('annualRate', parameters.annualRate)
  const horizon = nonNegative('horizonSeconds', parameters.horizonSeconds)
  return probabilityFromRate(rate, horizon / SECONDS_PER_YEAR)
}

/** Inputs of {@link maxVerifiableDelay}: the parts of a cross-chain message's worst-case delay, in seconds. */
export type MaxVerifiableDelayParameters = {
  /** Time until the source transaction is final (e.g. Ethereum: 2 epochs ≈ 768 s). Not congestion-scaled. */
  readonly sourceFinalitySeconds: number
  /** Time for the bridge's verifiers to attest/prove and post the verification on the destination. */
  readonly verificationSeconds: number
  /** Governor, rate-limit or timelock delay (Wormhole Governor 24 h, CCIP bucket refill). Not congestion-scaled. */
  readonly rateLimitDelaySeconds: number
  /** Time for the executor's delivery transaction to be included on the destination chain. */
  readonly destinationExecutionSeconds: number
  /** Worst-case slowdown of transaction inclusion under congestion; ≥ 1 (1 = none). */
  readonly congestionMultiplier: number
}

/** Result of {@link maxVerifiableDelay}: the total and one explanation term per part. */
export type MaxVerifiableDelayReturnType = {
  readonly seconds: number
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Maximum verifiable delay of a cross-chain message, the horizon T of {@link potentialValueChange}:
 *
 * `T = sourceFinality + rateLimitDelay + congestion · (verification + destinationExecution)`.
 *
 * The congestion multiplier scales only the parts that wait for block space (posting the
 * verification and executing on the destination). Source finality is fixed by consensus
 * (Ethereum finalises in 2 epochs whatever the gas price) and a governor or rate-limit delay
 * is a contract timer, so neither is scaled.
 *
 * @throws InvalidNumberError, NegativeValueError, OutOfRangeError (congestionMultiplier < 1).
 * @example
 * ```ts
 * maxVerifiableDelay({
 *   sourceFinalitySeconds: 768, verificationSeconds: 60, rateLimitDelaySeconds: 0,
 *   destinationExecutionSeconds: 12, congestionMultiplier: 3,
 * }).seconds // 768 + 0 + 3·(60 + 12) = 984
 * ```
 */
export function maxVerifiableDelay(parameters: MaxVerifiableDelayParameters): MaxVerifiableDelayReturnType {
  const finality = nonNegative('sourceFinalitySeconds', parameters.sourceFinalitySeconds)
  const verification = nonNegative('verificationSeconds', parameters.verificationSeconds)
  const rateLimit = nonNegative('rateLimitDelaySeconds', parameters.rateLimitDelaySeconds)
  const execution = nonNegative('destinationExecutionSeconds', parameters.destinationExecutionSeconds)
  const congestion = finite('congestionMultiplier', parameters.congestionMultiplier)
  if (congestion < 1) throw new OutOfRangeError('congestionMultiplier', congestion, '[1, ∞)')
  const scaledVerification = congestion * verification
  const scaledExecution = congestion * execution
  const seconds = finality + rateLimit + scaledVerification + scaledExecution
  const explanation: ExplanationTerm[] = [
    {
      term: 'sourceFinality',
      value: finality,
      inputs: { sourceFinalitySeconds: finality },
      formula: 'sourceFinalitySeconds (consensus, not congestion-scaled)',
    },
    {
      term: 'verification',
      value: scaledVerification,
      inputs: { verificationSeconds: verification, congestionMultiplier: congestion },
      formula: 'congestionMultiplier · verificationSeconds',
    },
    {
      term: 'rateLimitDelay',
      value: rateLimit,
      inputs: { rateLimitDelaySeconds: rateLimit },
      formula: 'rateLimitDelaySeconds (contract timer, not congestion-scaled)',
    },
    {
      term: 'destinationExecution',
      value: scaledExecution,
      inputs: { destinationExecutionSeconds: execution, congestionMultiplier: congestion },
      formula: 'congestionMultiplier · destinationExecutionSeconds',
    },
    {
      term: 'maxVerifiableDelay',
      value: seconds,
      inputs: {
        sourceFinalitySeconds: finality,
        verificationSeconds: verification,
        rateLimitDelaySeconds: rateLimit,
        destinationExecutionSeconds: execution,
        congestionMultiplier: congestion,
      },
      formula: 'finality + rateLimitDelay + congestion · (verification + destinationExecution)',
    },
  ]
  return { seconds, explanation }
}

/** Inputs of {@link settlementAssessment}. */
export type SettlementAssessmentParameters = MaxVerifiableDelayParameters & {
  /** The value to be secured (e.g. USD). */
  readonly value: number
  /** Annualised volatility of the collateral's log returns. */
  readonly sigmaAnnual: number
  /** One-sided confidence level in [0.5, 1). */
  readonly confidence: number
  /** Settlement failure rate λ per year (Poisson). */
  readonly annualFailureRate: number
}

/** Result of {@link settlementAssessment}. */
export type SettlementAssessmentReturnType = {
  readonly delaySeconds: number
  readonly potentialValueChange: number
  readonly failureProbability: number
  readonly risk: number
  readonly requiredCollateral: number
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * The whole settlement chain in one call, every step explained: maximum verifiable delay T →
 * failure probability over T (Poisson) → PVC over T → `risk = AFR + (1 − AFR)·PVC` →
 * `requiredCollateral = value·(1 + risk)`.
 *
 * @example
 * ```ts
 * const a = settlementAssessment({
 *   value: 100, sigmaAnnual: 0.8, confidence: 0.999, annualFailureRate: 0.02,
 *   sourceFinalitySeconds: 768, verificationSeconds: 60, rateLimitDelaySeconds: 0,
 *   destinationExecutionSeconds: 12, congestionMultiplier: 3,
 * })
 * a.requiredCollateral // ≈ 101.3715 (T = 984 s, PVC 1.3715 %, AFR 6.2e-7)
 * ```
 */
export function settlementAssessment(
  parameters: SettlementAssessmentParameters,
): SettlementAssessmentReturnType {
  const delay = maxVerifiableDelay(parameters)
  const failureProbability = failureProbabilityOverHorizon({
    annualRate: parameters.annualFailureRate,
    horizonSeconds: delay.seconds,
  })
  const pvc = potentialValueChange({
    sigmaAnnual: parameters.sigmaAnnual,
    horizonSeconds: delay.seconds,
    confidence: parameters.confidence,
  })
  const risk = settlementRisk({ failureProbability, potentialValueChange: pvc })
  const required = requiredCollateral({
    value: parameters.value,
    failureProbability,
    potentialValueChange: pvc,
  })
  const explanation: ExplanationTerm[] = [
    ...delay.explanation,
    {
      term: 'settlementFailureProbability',
      value: failureProbability,
      inputs: { annualRate: parameters.annualFailureRate, horizonSeconds: delay.seconds },
      formula: '1 − exp(−λ·T), T in years of 365 days (Poisson)',
    },
    {
      term: 'potentialValueChange',
      value: pvc,
      inputs: {
        sigmaAnnual: parameters.sigmaAnnual,
        horizonSeconds: delay.seconds,
        confidence: parameters.confidence,
      },
      formula: '1 − exp(−z·σ·√T), z = Φ⁻¹(confidence), T in years of 365 days',
      source: SEED_SOURCE,
    },
    {
      term: 'settlementRisk',
      value: risk,
      inputs: { failureProbability, potentialValueChange: pvc },
      formula: 'AFR + (1 − AFR)·PVC',
      source: SEED_SOURCE,
    },
    {
      term: 'requiredCollateral',
      value: required,
      inputs: { value: parameters.value, risk },
      formula: 'value · (1 + risk)',
      source: SEED_SOURCE,
    },
  ]
  return {
    delaySeconds: delay.seconds,
    potentialValueChange: pvc,
    failureProbability,
    risk,
    requiredCollateral: required,
    explanation,
  }
}
