import { assessBridge } from '../trust/assess.js'
import { all } from '../trust/compose.js'
import { type TrustNode, type VerifierMember, verifierSet } from '../trust/verifierSet.js'
import type { DetailRecord, RouteTrustModel, UlnConfigValue } from './types.js'

/**
 * How many DVN signatures a ULN config needs before a message is accepted: every required DVN
 * and the optional threshold. A forger must fool this many verifiers.
 *
 * @example
 * ```ts
 * signaturesNeeded({ confirmations: 1n, requiredDVNCount: 2, optionalDVNCount: 3, optionalDVNThreshold: 1, requiredDVNs: [], optionalDVNs: [] }) // 3
 * ```
 */
export function signaturesNeeded(config: UlnConfigValue): number {
  return config.requiredDVNCount + config.optionalDVNThreshold
}

function members(prefix: string, dvns: readonly string[], p: number): VerifierMember[] {
  // Each DVN its own operator, no shared infrastructure known: independent members.
  return dvns.map((id) => ({
    id: `${prefix}:${id.toLowerCase()}`,
    operator: id.toLowerCase(),
    tags: [],
    pCompromise: p,
    pOffline: 0,
  }))
}

/** The trust tree of a ULN config: every required DVN (n of n) and the optional threshold (k of m). */
function ulnTrustNode(config: UlnConfigValue, p: number): TrustNode | undefined {
  const parts: TrustNode[] = []
  if (config.requiredDVNs.length > 0)
    parts.push(
      verifierSet({
        threshold: config.requiredDVNs.length,
        members: members('required', config.requiredDVNs, p),
      }),
    )
  if (config.optionalDVNThreshold > 0 && config.optionalDVNs.length > 0)
    parts.push(
      verifierSet({
        threshold: config.optionalDVNThreshold,
        members: members('optional', config.optionalDVNs, p),
      }),
    )
  if (parts.length === 0) return undefined
  return parts.length === 1 ? parts[0] : all(parts)
}

/** The route as the risk model assesses it under one ULN config. */
export type RouteReassessment = {
  readonly signaturesNeeded: number
  /** 0–100 from the trust engine (`assessBridge`). */
  readonly trustScore: number
  readonly haircut: number
  readonly annualCompromiseProbability: number
  /** The seed's adjusted collateral factor, `floor(base · trustScore / 100)` (bps). */
  readonly adjustedCollateralFactorBps: number
  readonly eligible: boolean
  /** The exposure cap the route may keep: the requested cap when eligible, 0 when not. */
  readonly capUsd: number
  readonly singlePointsOfFailure: readonly string[]
}

/**
 * Reassesses a route's bridge under a ULN config with the trust engine of `xcollat assess`
 * (src/core/trust): the required DVNs as an n-of-n set, the optional ones as a k-of-m set, both
 * needed (`all`), and an implementation bug in series. A config that needs no signature at all
 * (no DVN) gets a trust score of 0.
 *
 * @example
 * ```ts
 * const r = reassessRoute(uln, { dvnAnnualCompromise: 0.05, implementationBug: 0.005, baseCollateralFactorBps: 8_000n, capUsd: 1e7 })
 * r.trustScore // higher with 2 required DVNs than with 1
 * ```
 */
export function reassessRoute(config: UlnConfigValue, model: RouteTrustModel): RouteReassessment {
  const node = ulnTrustNode(config, model.dvnAnnualCompromise)
  if (node === undefined)
    return {
      signaturesNeeded: 0,
      trustScore: 0,
      haircut: 1,
      annualCompromiseProbability: 1,
      adjustedCollateralFactorBps: 0,
      eligible: false,
      capUsd: 0,
      singlePointsOfFailure: ['no DVN'],
    }
  const a = assessBridge({
    name: 'uln',
    trust: { kind: 'externalThreshold', verifiers: node, implementationBug: model.implementationBug },
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    capUsd: model.capUsd,
  })
  // floor(base · score / 100) on the score rounded down to 1e-6, so the bps never round up
  const scoreMicro = BigInt(Math.floor(a.trustScore * 1e6))
  const adjusted = (model.baseCollateralFactorBps * scoreMicro) / 100_000_000n
  return {
    signaturesNeeded: signaturesNeeded(config),
    trustScore: a.trustScore,
    haircut: a.haircut,
    annualCompromiseProbability: a.annualCompromiseProbability,
    adjustedCollateralFactorBps: Number(adjusted),
    eligible: a.eligible,
    capUsd: a.eligible ? model.capUsd : 0,
    singlePointsOfFailure: a.singlePointsOfFailure.map((s) => `${s.kind}:${s.name}`),
  }
}

/**
 * A reassessment as alert details.
 *
 * @example
 * ```ts
 * const details = reassessmentDetails(reassessRoute(config, model))
 * details.trustScore // the route's trust score under the new DVN set
 * ```
 */
export function reassessmentDetails(r: RouteReassessment): DetailRecord {
  return { ...r, singlePointsOfFailure: [...r.singlePointsOfFailure] }
}
