import type { ExplanationTerm } from '../explain.js'
import { nonNegative, positive } from '../units/validate.js'
import { rateFromProbability } from '../vocabulary.js'
import { any, path } from './compose.js'
import { InvalidBridgeError } from './errors.js'
import {
  compromiseProbability,
  type TrustNode,
  type VerifierSet,
  type VerifierSetParameters,
  verifierSet,
} from './verifierSet.js'

/**
 * Admin keys and upgradeability. Whoever can upgrade a bridge's contracts (or change its verifier
 * set) can forge: the admin set joins the bridge as `any(bridge, admin)` unless its timelock gives
 * users time to notice and leave (timelock > detection + exit). A pauser cannot forge, but its
 * compromise halts the bridge until it is recovered (keys rotated, bridge unpaused).
 */

/**
 * Default mean duration of one halt episode, in hours: an explicit judgement value (a verifier
 * outage or a malicious pause is assumed to be fixed, keys rotated and the bridge unpaused, within a
 * day on average). Used for the pauser here and for every halt episode in assessBridge.
 *
 * @example
 * ```ts
 * DEFAULT_MEAN_RECOVERY_HOURS // 24
 * ```
 */
export const DEFAULT_MEAN_RECOVERY_HOURS = 24

const HOURS_IN_YEAR = 8760

/**
 * Share of time a bridge is halted by events of rate `ratePerYear` (per year of running time), each
 * halting it for `recoveryHours` on average: the stationary down probability of a two-state
 * (running/halted) process with exponential running times of mean 8760/λ hours,
 * `λ·R / (8760 + λ·R)` (≈ λ·R/8760 for small λ·R; 1 when λ = ∞).
 *
 * @example
 * ```ts
 * haltTimeShareFromRate(-Math.log(0.99), 24) // 0.0100503·24 / (8760 + 0.0100503·24) ≈ 2.7534e-5
 * ```
 */
export function haltTimeShareFromRate(ratePerYear: number, recoveryHours: number): number {
  const r = positive('recoveryHours', recoveryHours)
  if (ratePerYear === Number.POSITIVE_INFINITY) return 1
  const lr = nonNegative('ratePerYear', ratePerYear) * r
  return lr / (HOURS_IN_YEAR + lr)
}

/** Input of {@link adminSet}. */
export type AdminSetParameters = VerifierSetParameters & {
  /** Delay between an upgrade being queued and taking effect, in hours (0 if none). */
  readonly timelockHours: number
  /** A separate set able to pause the bridge (k-of-n needed to pause). */
  readonly pauser?: VerifierSetParameters
}

/** An admin (upgrade) set with its timelock and optional pauser. */
export type AdminSet = {
  readonly type: 'adminSet'
  readonly keys: VerifierSet
  readonly timelockHours: number
  readonly pauser: VerifierSet | undefined
}

/**
 * An admin set: k-of-n upgrade keys, a timelock and an optional pauser set.
 *
 * @example
 * ```ts
 * const admin = adminSet({
 *   threshold: 2,
 *   members: [a, b, c], // { id, operator, tags, pCompromise, pOffline }
 *   timelockHours: 0,
 * })
 * ```
 */
export function adminSet(parameters: AdminSetParameters): AdminSet {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new InvalidBridgeError(
      'adminSet needs { threshold, members, timelockHours }.',
      'Pass a parameter object.',
    )
  }
  const keys = verifierSet(
    parameters.tagRisk
      ? { threshold: parameters.threshold, members: parameters.members, tagRisk: parameters.tagRisk }
      : { threshold: parameters.threshold, members: parameters.members },
  )
  return Object.freeze({
    type: 'adminSet',
    keys,
    timelockHours: nonNegative('adminSet.timelockHours', parameters.timelockHours),
    pauser: parameters.pauser ? verifierSet(parameters.pauser) : undefined,
  })
}

/** Input of {@link withAdmin}. */
export type WithAdminParameters = {
  readonly bridge: TrustNode
  readonly admin: AdminSet
  /** Hours from a malicious upgrade being queued to users noticing it. */
  readonly detectionHours: number
  /** Hours users need to exit (withdraw) once they notice. */
  readonly exitHours: number
  /** Horizon (years) the pauser's `pCompromise` refer to; default 1. */
  readonly horizonYears?: number
  /** Mean hours a compromised pauser keeps the bridge halted; default {@link DEFAULT_MEAN_RECOVERY_HOURS}. */
  readonly pauserRecoveryHours?: number
}

/** Output of {@link withAdmin}. */
export type WithAdminReturnType = {
  /** The bridge with its admin and pauser joined. */
  readonly node: TrustNode
  /** True when the admin set adds to the compromise probability (timelock ≤ detection + exit). */
  readonly adminCounts: boolean
  /** The admin keys as they enter the tree (pOffline = 1: an admin cannot carry messages). */
  readonly adminNode: TrustNode | undefined
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Joins an admin set to a bridge.
 *
 * - Safety: `any(bridge, admin)` when `timelockHours ≤ detectionHours + exitHours`; otherwise the
 *   admin adds nothing to the compromise probability (the residual risk, users who do not watch or
 *   cannot exit in time, is listed in the explanation, not quantified).
 * - Liveness: an admin cannot deliver messages, so inside `any` its members are given pOffline = 1:
 *   `any` halts only when every child halts, so the bridge's halt probability is unchanged.
 * - Pauser: a k-of-n pauser halts the bridge when ≥ k of its members are compromised, for as long as
 *   it takes to recover (R hours, `pauserRecoveryHours`). Its compromise is an episode, not a
 *   state: `p_P` = exact P(≥ k pauser members compromised over the horizon h), episode rate
 *   `λ_P = −ln(1 − p_P)/h` per year, share of time halted `u_P = λ_P·R / (8760 + λ_P·R)`
 *   ({@link haltTimeShareFromRate}). It enters in series (`path`) as an independent 1-of-1 leaf with
 *   pCompromise 0 and pOffline u_P (its tags are the pauser's own, not shared with the bridge).
 *
 * @example
 * ```ts
 * const { node, adminCounts } = withAdmin({ bridge: guardians, admin, detectionHours: 24, exitHours: 24 })
 * compromiseProbability(node) // ≥ compromiseProbability(guardians) when adminCounts
 * ```
 */
export function withAdmin(parameters: WithAdminParameters): WithAdminReturnType {
  const { bridge, admin } = parameters
  if (typeof admin !== 'object' || admin === null || admin.type !== 'adminSet') {
    throw new InvalidBridgeError(
      'withAdmin.admin must come from adminSet(…).',
      'Build the admin with adminSet.',
    )
  }
  const detection = nonNegative('withAdmin.detectionHours', parameters.detectionHours)
  const horizon = positive('withAdmin.horizonYears', parameters.horizonYears ?? 1)
  const recovery = positive(
    'withAdmin.pauserRecoveryHours',
    parameters.pauserRecoveryHours ?? DEFAULT_MEAN_RECOVERY_HOURS,
  )
  const exit = nonNegative('withAdmin.exitHours', parameters.exitHours)
  const window = detection + exit
  const adminCounts = admin.timelockHours <= window
  const explanation: ExplanationTerm[] = [
    {
      term: 'adminTimelock',
      value: adminCounts ? 1 : 0,
      inputs: {
        timelockHours: admin.timelockHours,
        detectionHours: detection,
        exitHours: exit,
        adminThreshold: admin.keys.threshold,
        adminMembers: admin.keys.members.length,
      },
      formula: adminCounts
        ? 'timelock ≤ detection + exit ⇒ admin joins as any(bridge, admin)'
        : 'timelock > detection + exit ⇒ admin adds 0 to compromise; residual risk (users who miss the timelock) not quantified',
    },
  ]
  let node: TrustNode = bridge
  let adminNode: TrustNode | undefined
  if (adminCounts) {
    adminNode = verifierSet({
      threshold: admin.keys.threshold,
      members: admin.keys.members.map((m) => ({ ...m, pOffline: 1 })),
      tagRisk: admin.keys.tagRisk,
    })
    node = any([bridge, adminNode])
  }
  if (admin.pauser) {
    const p = admin.pauser
    const pPause = compromiseProbability(p)
    const rate = rateFromProbability(pPause, horizon)
    const share = haltTimeShareFromRate(rate, recovery)
    node = path([
      node,
      verifierSet({
        threshold: 1,
        members: [
          {
            id: 'pauser compromised',
            operator: 'pauser compromised',
            tags: [],
            pCompromise: 0,
            pOffline: share,
          },
        ],
      }),
    ])
    explanation.push({
      term: 'pauser',
      value: share,
      inputs: {
        pauserThreshold: p.threshold,
        pauserMembers: p.members.length,
        pauserCompromiseHorizon: pPause,
        horizonYears: horizon,
        pauserEpisodesPerYear: rate,
        pauserRecoveryHours: recovery,
        pauserHaltHoursPerYear: share * HOURS_IN_YEAR,
      },
      formula:
        'a compromised pauser halts the bridge for R hours: λ_P = −ln(1 − p_P)/h; share of time halted u_P = λ_P·R/(8760 + λ_P·R); halt = bridge halt ∪ pauser leaf (pOffline u_P)',
    })
  }
  return { node, adminCounts, adminNode, explanation }
}
