import type { ExplanationTerm } from '../explain.js'
import { nonNegative } from '../units/validate.js'
import { any, path } from './compose.js'
import { InvalidBridgeError } from './errors.js'
import {
  type TagRiskMap,
  type TrustNode,
  type VerifierMember,
  type VerifierSet,
  type VerifierSetParameters,
  verifierSet,
} from './verifierSet.js'

/**
 * Admin keys and upgradeability. Whoever can upgrade a bridge's contracts (or change its verifier
 * set) can forge: the admin set joins the bridge as `any(bridge, admin)` unless its timelock gives
 * users time to notice and leave (timelock > detection + exit). A pauser cannot forge, but its
 * compromise halts the bridge.
 */

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
 * - Pauser: a k-of-n pauser halts the bridge when ≥ k of its members are compromised. It enters as a
 *   series hop (`path`) whose "offline" event is that compromise: the same members with
 *   pOffline := pCompromise, pCompromise := 0, threshold n − k + 1 (halted when ≥ k are "offline"),
 *   its tags renamed `pause:<tag>` so they do not clash with the tags' own offline probabilities.
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
    const rename = (tag: string) => `pause:${tag}`
    const asHalt: VerifierMember[] = p.members.map((m) => ({
      id: m.id,
      operator: rename(m.operator),
      tags: m.tags.map(rename),
      pCompromise: 0,
      pOffline: m.pCompromise,
    }))
    const tagRisk: TagRiskMap = Object.fromEntries(
      Object.entries(p.tagRisk).map(([t, r]) => [rename(t), { pCompromise: 0, pOffline: r.pCompromise }]),
    )
    node = path([
      node,
      verifierSet({ threshold: p.members.length - p.threshold + 1, members: asHalt, tagRisk }),
    ])
    explanation.push({
      term: 'pauser',
      value: p.threshold,
      inputs: { pauserThreshold: p.threshold, pauserMembers: p.members.length },
      formula: 'a compromised pauser halts the bridge: halt = bridge halt ∪ (≥ k pauser members compromised)',
    })
  }
  return { node, adminCounts, adminNode, explanation }
}
