import type { ExplanationTerm } from '../explain.js'
import { adminSet } from '../trust/admin.js'
import { assessBridge, type BridgeAssessment, type BridgeDescription } from '../trust/assess.js'
import { all, any, thresholdOf } from '../trust/compose.js'
import { stakeWeightedSet, type BridgeKind as TrustKind } from '../trust/kinds.js'
import { type TrustNode, verifierSet } from '../trust/verifierSet.js'
import { nonNegative } from '../units/validate.js'
import type { BridgeInput, BridgeTrustInput, VerifierSpec } from './types.js'

const SECONDS_PER_HOUR = 3600

/**
 * Builds the trust-engine node (src/core/trust) of a verifier set written as data.
 *
 * @example
 * ```ts
 * const node = trustNodeOf({ type: 'threshold', threshold: 1, members: [dvn] })
 * ```
 */
export function trustNodeOf(spec: VerifierSpec): TrustNode {
  const options = spec.tagRisk ? { tagRisk: spec.tagRisk } : {}
  switch (spec.type) {
    case 'threshold':
      return verifierSet({ threshold: spec.threshold, members: spec.members, ...options })
    case 'stakeWeighted':
      return stakeWeightedSet({ thresholdShare: spec.thresholdShare, members: spec.members, ...options })
    case 'all':
      return all(spec.sets.map(trustNodeOf), options)
    case 'any':
      return any(spec.sets.map(trustNodeOf), options)
    case 'thresholdOf':
      return thresholdOf(spec.m, spec.sets.map(trustNodeOf), options)
  }
}

function trustKindOf(trust: BridgeTrustInput, challengeWindowSeconds: number): TrustKind {
  switch (trust.kind) {
    case 'externalThreshold':
      return {
        kind: 'externalThreshold',
        verifiers: trustNodeOf(trust.verifiers),
        implementationBug: trust.implementationBug,
      }
    case 'optimistic':
      return {
        kind: 'optimistic',
        ...(trust.proposer ? { proposer: trustNodeOf(trust.proposer) } : {}),
        watchers: trust.watchers,
        ...(trust.watcherTagRisk ? { watcherTagRisk: trust.watcherTagRisk } : {}),
        fraudProofBug: trust.fraudProofBug,
        implementationBug: trust.implementationBug,
        challengeWindowHours: challengeWindowSeconds / SECONDS_PER_HOUR,
      }
    default:
      return {
        kind: trust.kind,
        sourceChain: trust.sourceChain,
        sourceChainCompromise: trust.sourceChainCompromise,
        ...(trust.sourceChainHalt === undefined ? {} : { sourceChainHalt: trust.sourceChainHalt }),
        implementationBug: trust.implementationBug,
      }
  }
}

/**
 * The `assessBridge` description (src/core/trust/assess.ts) of a configured bridge.
 *
 * @example
 * ```ts
 * assessBridge(bridgeDescription({ bridge, detectionSeconds: 60, exitSeconds: 3600 }))
 * ```
 */
export function bridgeDescription(parameters: {
  readonly bridge: BridgeInput
  readonly detectionSeconds: number
  readonly exitSeconds: number
  readonly capUsd?: number | undefined
}): BridgeDescription {
  const { bridge } = parameters
  const admin = bridge.admin
  return {
    name: bridge.id,
    trust: trustKindOf(bridge.trust, bridge.challenge?.windowSeconds ?? 0),
    ...(admin
      ? {
          admin: {
            set: adminSet({
              threshold: admin.threshold,
              members: Array.from({ length: admin.size }, (_, i) => ({
                id: `${bridge.id} admin key ${i + 1}`,
                operator: `${bridge.id} admin key ${i + 1}`,
                tags: [],
                pCompromise: admin.pCompromise,
                pOffline: 0,
              })),
              timelockHours: admin.timelockSeconds / SECONDS_PER_HOUR,
              ...(admin.pauser
                ? {
                    pauser: {
                      threshold: admin.pauser.threshold,
                      members: Array.from({ length: admin.pauser.size }, (_, i) => ({
                        id: `${bridge.id} pauser key ${i + 1}`,
                        operator: `${bridge.id} pauser key ${i + 1}`,
                        tags: [],
                        pCompromise: admin.pauser?.pCompromise ?? 0,
                        pOffline: 0,
                      })),
                    },
                  }
                : {}),
            }),
            detectionHours: parameters.detectionSeconds / SECONDS_PER_HOUR,
            exitHours: parameters.exitSeconds / SECONDS_PER_HOUR,
          },
        }
      : {}),
    representation: bridge.representation,
    mechanism: bridge.mechanism,
    ...(bridge.lossGivenFailure === undefined ? {} : { lossGivenFailure: bridge.lossGivenFailure }),
    ...(bridge.trackRecord
      ? {
          trackRecord: {
            incidents: bridge.trackRecord.incidents,
            exposureYears: bridge.trackRecord.exposureYears,
            ...(bridge.trackRecord.prior ? { prior: bridge.trackRecord.prior } : {}),
            ...(bridge.trackRecord.priorStrength === undefined
              ? {}
              : { priorStrength: bridge.trackRecord.priorStrength }),
          },
        }
      : {}),
    ...(parameters.capUsd === undefined ? {} : { capUsd: parameters.capUsd }),
  }
}

/** Inputs of {@link routeTrust}. */
export type RouteTrustParameters = {
  /** The bridges of the route, in series. */
  readonly bridges: readonly BridgeInput[]
  readonly detectionSeconds: number
  /** Seconds users need to exit through the route once they notice a malicious upgrade. */
  readonly exitSeconds: number
  /** The route's exposure cap, USD (decides whether a single point of failure is tolerated); absent: not tolerated. */
  readonly capUsd?: number | undefined
  /** Cap at or below which a single point of failure is tolerated, USD. */
  readonly tinyCapUsd: number
  readonly haircutHorizonYears: number
  /** Progress of the trust engine on long work, by bridge id (see `TrustEstimateOptions.onProgress`). */
  readonly onTrustProgress?: TrustProgress | undefined
}

/**
 * Progress of the trust engine on one bridge: shared-tag states done of the states to do.
 *
 * @example
 * ```ts
 * const onTrustProgress: TrustProgress = (bridge, done, total) => log(`${bridge}: ${done}/${total}`)
 * ```
 */
export type TrustProgress = (bridge: string, done: number, total: number) => void

/** Result of {@link routeTrust}: the path's combined numbers and each bridge's assessment. */
export type RouteTrustReturnType = {
  readonly annualCompromiseProbability: number
  readonly haltProbability: number
  readonly lossGivenFailure: number
  readonly trustScore: number
  readonly haircut: number
  readonly eligible: boolean
  readonly ineligibleReasons: readonly string[]
  readonly singlePoints: readonly string[]
  readonly bridges: readonly BridgeAssessment[]
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Trust of a route's bridge path: each bridge through the trust engine's `assessBridge`, then
 * the hops in series, treated as independent (a hop's own shared tags stay inside it):
 * `p = 1 − Π(1 − p_i)`, `halt = 1 − Π(1 − halt_i)`, `haircut = 1 − Π(1 − h_i)`,
 * `trustScore = 100·(1 − haircut)` (as in assessBridge), LGF the largest hop's, eligible when
 * every hop is. One bridge: its numbers as they are.
 *
 * @example
 * ```ts
 * routeTrust({ bridges: [wormhole], detectionSeconds: 60, exitSeconds: 3600, capUsd: 1e6, tinyCapUsd: 1e5, haircutHorizonYears: 5 })
 * ```
 */
export function routeTrust(parameters: RouteTrustParameters): RouteTrustReturnType {
  const detection = nonNegative('detectionSeconds', parameters.detectionSeconds)
  const exit = nonNegative('exitSeconds', parameters.exitSeconds)
  const policy = { tinyCapUsd: parameters.tinyCapUsd, haircutHorizonYears: parameters.haircutHorizonYears }
  const report = parameters.onTrustProgress
  const assessed = parameters.bridges.map((bridge) =>
    assessBridge(
      bridgeDescription({
        bridge,
        detectionSeconds: detection,
        exitSeconds: exit,
        capUsd: parameters.capUsd,
      }),
      report ? { ...policy, onProgress: (done, total) => report(bridge.id, done, total) } : policy,
    ),
  )
  const survive = (f: (a: BridgeAssessment) => number) => assessed.reduce((s, a) => s * (1 - f(a)), 1)
  const p = 1 - survive((a) => a.annualCompromiseProbability)
  const halt = 1 - survive((a) => a.haltProbability)
  const haircut = 1 - survive((a) => a.haircut)
  const lgf = Math.max(...assessed.map((a) => a.lossGivenFailure))
  const trustScore = 100 * (1 - haircut)
  const ineligibleReasons = assessed.flatMap((a) =>
    a.ineligibleReason ? [`${a.name}: ${a.ineligibleReason}`] : [],
  )
  const singlePoints = assessed.flatMap((a) =>
    a.singlePointsOfFailure.map((s) => `${a.name}: ${s.kind} ${s.name}`),
  )
  const explanation: ExplanationTerm[] = assessed.flatMap((a) =>
    a.explanation.map((t) => ({ ...t, term: assessed.length > 1 ? `${a.name}.${t.term}` : t.term })),
  )
  if (assessed.length > 1)
    explanation.push(
      {
        term: 'pathAnnualCompromiseProbability',
        value: p,
        inputs: { hops: assessed.length },
        formula: '1 − Π(1 − p_i): a path fails if any hop fails (hops independent)',
      },
      {
        term: 'pathHaircut',
        value: haircut,
        inputs: { hops: assessed.length },
        formula: '1 − Π(1 − haircut_i); trustScore = 100·(1 − haircut)',
      },
    )
  return {
    annualCompromiseProbability: p,
    haltProbability: halt,
    lossGivenFailure: lgf,
    trustScore,
    haircut,
    eligible: ineligibleReasons.length === 0,
    ineligibleReasons,
    singlePoints,
    bridges: assessed,
    explanation,
  }
}
