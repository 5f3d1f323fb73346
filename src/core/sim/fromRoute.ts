import type { AssessPolicy, RouteInput } from '../assess/types.js'
import { rateFromProbability } from '../vocabulary.js'
import { DEPEG_CALIBRATION, FAULT_CALIBRATION } from './calibration.js'
import { SimulationInputError } from './errors.js'
import { NO_FAULTS, type SimAsset, type SimFaults } from './portfolio.js'

/**
 * The simulated price process of a config asset: σ is its unconditional volatility (the market
 * regime splits it into calm and stressed), the market's jumps apply to every asset but
 * stablecoins (exposure 0), stablecoins and liquid staking tokens get the calibrated depeg
 * (`DEPEG_CALIBRATION`), and `extraJumps` adds per-asset Merton jumps.
 *
 * @example
 * ```ts
 * simAssetOf(route.asset, { depegs: true }).depeg // undefined for WETH
 * ```
 */
export function simAssetOf(
  asset: RouteInput['asset'],
  options: {
    readonly depegs: boolean
    readonly extraJumps?: {
      readonly intensityPerYear: number
      readonly meanLog: number
      readonly stdLog: number
    }
  },
): SimAsset {
  const d =
    asset.class === 'third-party-stablecoin' || asset.class === 'exotic-lst'
      ? DEPEG_CALIBRATION[asset.class]
      : undefined
  return {
    id: asset.id,
    sigmaAnnual: asset.volatilityAnnual,
    driftAnnual: 0,
    jumpIntensityPerYear: options.extraJumps?.intensityPerYear ?? 0,
    jumpMeanLog: options.extraJumps?.meanLog ?? 0,
    jumpStdLog: options.extraJumps?.stdLog ?? 0,
    jumpExposure: asset.class === 'third-party-stablecoin' ? 0 : 1,
    ...(options.depegs && d !== undefined
      ? {
          depeg: {
            ratePerYear: d.ratePerYear,
            depth: d.depth,
            meanSeconds: d.meanSeconds,
            stressMultiplier: d.stressMultiplier,
          },
        }
      : {}),
  }
}

/**
 * The fault processes of a route: bridge exploit and halt rates from the bridge trust the
 * assessment computed (annual probability p → rate −ln(1 − p); p = 1 is refused, no finite rate
 * simulates a certainty), loss given failure from it,
 * and the assumptions of `FAULT_CALIBRATION` for the rest; congestion only on a chain with a
 * congestion multiplier above 1 (delay (multiplier − 1)·(detection + sale + block time)),
 * sequencer outages only on a chain with a sequencer (plus its grace period).
 *
 * @example
 * ```ts
 * routeFaultsOf(route, policy, { annualCompromiseProbability: 1e-3, haltProbability: 0.01, lossGivenFailure: 1 })
 * ```
 */
export function routeFaultsOf(
  route: RouteInput,
  policy: AssessPolicy,
  trust: {
    readonly annualCompromiseProbability: number
    readonly haltProbability: number
    readonly lossGivenFailure: number
  },
): SimFaults {
  const debtChain = route.debtChain
  const exploitRate = rateFromProbability(trust.annualCompromiseProbability, 1)
  const haltRate = rateFromProbability(trust.haltProbability, 1)
  if (!Number.isFinite(exploitRate) || !Number.isFinite(haltRate))
    throw new SimulationInputError(
      `route "${route.id}" has a bridge certain to be ${Number.isFinite(exploitRate) ? 'halted' : 'compromised'} within a year (annual probability 1), which no finite rate simulates`,
      'Check the bridge trust probabilities of the route (a probability of 1 is a certainty), or take the route out of the markets.',
    )
  return {
    ...NO_FAULTS,
    bridgeExploitRatePerYear: exploitRate,
    exploitLossFraction: trust.lossGivenFailure,
    bridgeHaltRatePerYear: haltRate,
    bridgeHaltSeconds: FAULT_CALIBRATION.bridgeHaltSeconds,
    oracleStaleProbability: FAULT_CALIBRATION.oracleStaleProbability,
    oracleStaleSeconds: Math.min(route.oracle.heartbeatSeconds, FAULT_CALIBRATION.oracleStaleMaxSeconds),
    congestionRatePerYear: debtChain.congestionMultiplier > 1 ? FAULT_CALIBRATION.congestionRatePerYear : 0,
    // A multiplier at or below 1 means no congestion (never a negative delay).
    congestionDelaySeconds:
      Math.max(0, debtChain.congestionMultiplier - 1) *
      (policy.detectionSeconds + policy.saleSeconds + debtChain.blockTimeSeconds),
    sequencerDowntimeRatePerYear: debtChain.sequencer ? FAULT_CALIBRATION.sequencerDowntimeRatePerYear : 0,
    sequencerDowntimeSeconds:
      FAULT_CALIBRATION.sequencerDowntimeSeconds + (debtChain.sequencer?.gracePeriodSeconds ?? 0),
    stressDrawdown: FAULT_CALIBRATION.stressDrawdown,
    stressMultiplier: FAULT_CALIBRATION.stressMultiplier,
  }
}
