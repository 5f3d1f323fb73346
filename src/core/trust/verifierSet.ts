import { OutOfRangeError } from '../errors.js'
import { unitInterval } from '../units/validate.js'
import { assertUnreachable } from '../vocabulary.js'
import {
  ConflictingTagRiskError,
  DuplicateMemberError,
  EmptyVerifierSetError,
  InvalidBridgeError,
  InvalidThresholdError,
  TooManySharedTagsError,
  UnknownTagError,
  UnusedTagRiskError,
} from './errors.js'

/**
 * Verifier sets and the exact probability engine of the bridge-trust algebra.
 *
 * A bridge (or one hop of a route) is secured by a *verifier set*: k-of-n members, each run by an
 * operator on some infrastructure (key custody, RPC provider, cloud, client software). Every member
 * has its own independent probabilities of being compromised (over the assessment horizon) and of
 * being offline (at a given moment); every tag (and an operator that has a `tagRisk` entry) is a
 * shared event that compromises, or takes offline, every member carrying it at once (common mode).
 *
 * Sets compose (see compose.ts): `all`, `any`, `thresholdOf`, `path`. The engine enumerates the
 * joint states of the tags several sets share once (2^C states within {@link CROSS_STATE_BUDGET},
 * the rest bounded; a set's own tags are summed out inside it, T ≤ {@link MAX_SHARED_TAGS});
 * given a state, every member is independent, so each set's tail is an exact dynamic program
 * (Poisson-binomial, or over stake units) and the children of a composition are combined exactly.
 * See docs/model.md.
 */

/**
 * Probabilities of a shared tag (infrastructure, operator): compromise over the horizon, offline now.
 *
 * @example
 * ```ts
 * const rpc: TagRisk = { pCompromise: 0.01, pOffline: 0.002 }
 * ```
 */
export type TagRisk = { readonly pCompromise: number; readonly pOffline: number }

/**
 * Shared-tag probabilities by tag name.
 *
 * @example
 * ```ts
 * const tagRisk: TagRiskMap = { 'Sky Mavis': { pCompromise: 0.01, pOffline: 0 }, alchemy: { pCompromise: 0.005, pOffline: 0.001 } }
 * ```
 */
export type TagRiskMap = Readonly<Record<string, TagRisk>>

/**
 * One member (signer, guardian, DVN, validator) of a verifier set.
 *
 * @example
 * ```ts
 * const g: VerifierMember = { id: 'guardian-1', operator: 'Jump', tags: ['aws'], pCompromise: 0.01, pOffline: 0.01 }
 * ```
 */
export type VerifierMember = {
  /** Distinct within its set. */
  readonly id: string
  /** Who runs it. Members with one operator fail together only if `tagRisk[operator]` is given. */
  readonly operator: string
  /** Shared infrastructure; every tag needs a `tagRisk` entry in the set or a composition above it. */
  readonly tags: readonly string[]
  /** Probability that this member alone is compromised over the horizon, in [0, 1]. */
  readonly pCompromise: number
  /** Probability that this member alone is offline at a given moment, in [0, 1]. */
  readonly pOffline: number
}

/** A member of a stake-weighted validator set (see `stakeWeightedSet` in kinds.ts). */
export type StakedMember = VerifierMember & {
  /** Stake (any unit; only shares matter), ≥ 0. */
  readonly stake: number
}

/** Input of {@link verifierSet}. */
export type VerifierSetParameters = {
  /** k: signatures needed. */
  readonly threshold: number
  readonly members: readonly VerifierMember[]
  readonly tagRisk?: TagRiskMap
}

/** A k-of-n verifier set. Unsafe when ≥ k members are compromised, halted when > n − k are offline. */
export type VerifierSet = {
  readonly type: 'verifierSet'
  readonly threshold: number
  readonly members: readonly VerifierMember[]
  readonly tagRisk: TagRiskMap
}

/**
 * A stake-weighted set (built by `stakeWeightedSet` in kinds.ts): unsafe when the compromised stake
 * reaches `thresholdShare` of the total, halted when the online stake falls below it. Stakes are held
 * as integer units (see kinds.ts for the discretisation).
 */
export type StakeWeightedSet = {
  readonly type: 'stakeWeightedSet'
  readonly thresholdShare: number
  readonly members: readonly StakedMember[]
  readonly tagRisk: TagRiskMap
  /** Integer stake units per member. */
  readonly units: readonly number[]
  /** Total stake units the shares refer to. */
  readonly totalUnits: number
  /** Unsafe when compromised units ≥ this. */
  readonly unsafeUnits: number
  /** Halted when offline units ≥ this (= totalUnits − unsafeUnits + 1). */
  readonly haltUnits: number
  /** True when the stakes were used as given (integers), false when rounded up to units. */
  readonly exactUnits: boolean
}

/** A composition of trust nodes (see compose.ts). */
export type Composition =
  | {
      readonly type: 'all' | 'any' | 'path'
      readonly children: readonly TrustNode[]
      readonly tagRisk: TagRiskMap
    }
  | {
      readonly type: 'thresholdOf'
      readonly threshold: number
      readonly children: readonly TrustNode[]
      readonly tagRisk: TagRiskMap
    }

/**
 * Anything the engine can evaluate: a set or a composition of sets.
 *
 * @example
 * ```ts
 * const route: TrustNode = path([thresholdOf(2, [ccip, layerZero, hyperlane]), canonical])
 * ```
 */
export type TrustNode = VerifierSet | StakeWeightedSet | Composition

/**
 * The most shared tags (with a probability strictly between 0 and 1 for the event evaluated) the
 * exact engine enumerates: 2^20 ≈ 1.05 million joint states.
 *
 * @example
 * ```ts
 * MAX_SHARED_TAGS // 20
 * ```
 */
export const MAX_SHARED_TAGS = 20

/**
 * Validates and freezes one member list (ids distinct, probabilities in [0, 1], tags strings).
 *
 * @example
 * ```ts
 * const ms = validateMembers('guardians', [{ id: 'g1', operator: 'A', tags: [], pCompromise: 0.01, pOffline: 0.01 }])
 * ```
 */
export function validateMembers<M extends VerifierMember>(what: string, members: readonly M[]): readonly M[] {
  if (!Array.isArray(members)) {
    throw new InvalidBridgeError(`${what}.members must be an array.`, 'Pass members as an array of objects.')
  }
  if (members.length === 0) throw new EmptyVerifierSetError(`${what}.members`)
  const seen = new Set<string>()
  return Object.freeze(
    members.map((m, i) => {
      const where = `${what}.members[${i}]`
      if (typeof m !== 'object' || m === null) {
        throw new InvalidBridgeError(
          `${where} is not an object.`,
          'Pass { id, operator, tags, pCompromise, pOffline }.',
        )
      }
      if (typeof m.id !== 'string' || m.id === '') {
        throw new InvalidBridgeError(`${where}.id must be a non-empty string.`, 'Give every member an id.')
      }
      if (typeof m.operator !== 'string' || m.operator === '') {
        throw new InvalidBridgeError(
          `${where}.operator must be a non-empty string.`,
          'Name who runs the member (the id itself if unknown).',
        )
      }
      if (!Array.isArray(m.tags) || m.tags.some((t: unknown) => typeof t !== 'string' || t === '')) {
        throw new InvalidBridgeError(
          `${where}.tags must be an array of non-empty strings.`,
          'Pass tags: [] when the member shares no infrastructure.',
        )
      }
      if (seen.has(m.id)) throw new DuplicateMemberError(m.id)
      seen.add(m.id)
      unitInterval(`${where}.pCompromise`, m.pCompromise)
      unitInterval(`${where}.pOffline`, m.pOffline)
      return Object.freeze({ ...m, tags: Object.freeze([...m.tags]) })
    }),
  )
}

/**
 * Validates and freezes a `tagRisk` map.
 *
 * @example
 * ```ts
 * validateTagRisk('set', { rpc: { pCompromise: 0.01, pOffline: 0.001 } })
 * ```
 */
export function validateTagRisk(what: string, tagRisk: TagRiskMap | undefined): TagRiskMap {
  if (tagRisk === undefined) return Object.freeze({})
  if (typeof tagRisk !== 'object' || tagRisk === null || Array.isArray(tagRisk)) {
    throw new InvalidBridgeError(
      `${what}.tagRisk must be an object.`,
      'Pass { [tag]: { pCompromise, pOffline } }.',
    )
  }
  const out: Record<string, TagRisk> = {}
  for (const [tag, r] of Object.entries(tagRisk)) {
    if (typeof r !== 'object' || r === null) {
      throw new InvalidBridgeError(
        `${what}.tagRisk.${tag} is not an object.`,
        'Pass { pCompromise, pOffline }.',
      )
    }
    out[tag] = Object.freeze({
      pCompromise: unitInterval(`${what}.tagRisk.${tag}.pCompromise`, r.pCompromise),
      pOffline: unitInterval(`${what}.tagRisk.${tag}.pOffline`, r.pOffline),
    })
  }
  return Object.freeze(out)
}

/**
 * A k-of-n verifier set (multisig, MPC committee, guardian set, DVN set). Unsafe when at least k
 * members are compromised; halted when more than n − k are offline (fewer than k can sign).
 *
 * @example
 * ```ts
 * const guardians = verifierSet({
 *   threshold: 13,
 *   members: Array.from({ length: 19 }, (_, i) => ({
 *     id: `g${i}`, operator: `op${i}`, tags: [], pCompromise: 0.01, pOffline: 0.01,
 *   })),
 * })
 * compromiseProbability(guardians) // P(Binomial(19, 0.01) ≥ 13)
 * ```
 */
export function verifierSet(parameters: VerifierSetParameters): VerifierSet {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new InvalidBridgeError('verifierSet needs { threshold, members }.', 'Pass a parameter object.')
  }
  const members = validateMembers('verifierSet', parameters.members)
  const k = parameters.threshold
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > members.length) {
    throw new InvalidThresholdError('verifierSet', k, members.length)
  }
  return Object.freeze({
    type: 'verifierSet',
    threshold: k,
    members,
    tagRisk: validateTagRisk('verifierSet', parameters.tagRisk),
  })
}

// ───────────────────────────── engine ─────────────────────────────

type TrustEvent = 'compromise' | 'offline'

/**
 * Elementary operations (one multiply-add on a distribution bin) the exact engine may spend on one
 * set given the state of the tags it shares with other sets. Beyond it, the set is evaluated by the
 * bounded method (see {@link TrustEstimate}); a set whose members all have the same weight and
 * probability is always exact.
 *
 * @example
 * ```ts
 * EXACT_WORK_BUDGET // 2e8
 * ```
 */
export const EXACT_WORK_BUDGET = 2e8

/**
 * A probability computed by the trust engine: exact, or bounded with its error stated.
 * `lower ≤ P ≤ upper` holds for the true probability P (up to floating-point rounding);
 * `value` is the midpoint and `bound = (upper − lower) / 2` the largest error of `value`.
 * Conservative consumers use `upper` (what {@link compromiseProbability} returns).
 *
 * @example
 * ```ts
 * const e: TrustEstimate = compromiseEstimate(guardians)
 * e.exact // true for every set of identical members, and whenever the work fits EXACT_WORK_BUDGET
 * `${e.value} ± ${e.bound}`
 * ```
 */
export type TrustEstimate = {
  readonly value: number
  readonly lower: number
  readonly upper: number
  readonly bound: number
  readonly exact: boolean
}

/**
 * Joint states of the tags several sets share (the cross tags of a composition) the engine
 * evaluates. Up to log2 of it (12 cross tags) every state is enumerated and the result is exact
 * as far as the sets are; beyond it, the states with at most k tags fired (the largest k that
 * fits) are enumerated and the rest is bounded by monotonicity (see {@link TrustEstimate}).
 *
 * @example
 * ```ts
 * CROSS_STATE_BUDGET // 4096 = 2^12
 * ```
 */
export const CROSS_STATE_BUDGET = 4096

/**
 * Options of {@link compromiseEstimate} and {@link haltEstimate}.
 *
 * @example
 * ```ts
 * const options: TrustEstimateOptions = { crossStateBudget: 1024, onProgress: (done, total) => log(`${done}/${total}`) }
 * ```
 */
export type TrustEstimateOptions = {
  /** Work allowed for the exact method per set and shared-tag state; default {@link EXACT_WORK_BUDGET}. */
  readonly workBudget?: number
  /** Cross-tag states evaluated; default {@link CROSS_STATE_BUDGET}. */
  readonly crossStateBudget?: number
  /**
   * Called as cross-tag states are evaluated (every 64 states and at the end) with the states
   * done and the states to do, when there are more than 64: a long run can show its progress.
   */
  readonly onProgress?: (done: number, total: number) => void
}

/** Members of one set with the same weight, probability and tags, counted together. */
type Group = { readonly w: number; readonly p: number; readonly mask: number; count: number }

type CompiledLeaf = {
  readonly t: 'leaf'
  /** Distribution of the weight of the members without an enumerated tag, absorbed at W. */
  readonly base: Float64Array
  /** Weight forced in every state (members with a tag of probability 1). */
  readonly alwaysForced: number
  readonly W: number
  readonly groups: readonly Group[]
  /** Enumerated tags carried by this set's members (bit i = tag i). */
  readonly mask: number
  /** Of those, the tags other sets also carry (enumerated at the top). */
  crossMask: number
  readonly memo: Map<number, Interval>
}

type CompiledComposition = {
  readonly t: 'all' | 'any' | 'path' | 'thresholdOf'
  readonly m: number
  readonly children: readonly Compiled[]
}

type Compiled = CompiledLeaf | CompiledComposition

/** [lower, upper] of a probability; lower === upper when exact. */
type Interval = { readonly lo: number; readonly hi: number }

const unknownNode = (node: unknown) =>
  new InvalidBridgeError(
    `Unknown trust node ${JSON.stringify((node as { type?: unknown })?.type)}.`,
    'Build nodes with verifierSet, stakeWeightedSet, all, any, thresholdOf or path.',
  )

function leafMembers(node: VerifierSet | StakeWeightedSet): {
  readonly members: readonly VerifierMember[]
  readonly weights: readonly number[]
  readonly unsafeUnits: number
  readonly haltUnits: number
} {
  if (node.type === 'verifierSet') {
    return {
      members: node.members,
      weights: node.members.map(() => 1),
      unsafeUnits: node.threshold,
      haltUnits: node.members.length - node.threshold + 1,
    }
  }
  return {
    members: node.members,
    weights: node.units,
    unsafeUnits: node.unsafeUnits,
    haltUnits: node.haltUnits,
  }
}

function childrenOf(node: TrustNode): readonly TrustNode[] {
  switch (node.type) {
    case 'verifierSet':
    case 'stakeWeightedSet':
      return []
    case 'all':
    case 'any':
    case 'path':
    case 'thresholdOf':
      if (!Array.isArray(node.children) || node.children.length === 0) {
        throw new EmptyVerifierSetError(`${node.type}(…)`)
      }
      return node.children
    default:
      return assertUnreachable(node, unknownNode)
  }
}

/** Re-checks a node that may have been built by hand rather than by its constructor. */
function checkNode(n: TrustNode): void {
  switch (n.type) {
    case 'verifierSet': {
      const members = validateMembers('verifierSet', n.members)
      if (!Number.isInteger(n.threshold) || n.threshold < 1 || n.threshold > members.length) {
        throw new InvalidThresholdError('verifierSet', n.threshold, members.length)
      }
      return
    }
    case 'stakeWeightedSet': {
      const members = validateMembers('stakeWeightedSet', n.members)
      const unitsOk =
        Array.isArray(n.units) &&
        n.units.length === members.length &&
        n.units.every((u) => Number.isSafeInteger(u) && u >= 0) &&
        Number.isSafeInteger(n.totalUnits) &&
        Number.isSafeInteger(n.unsafeUnits) &&
        n.unsafeUnits >= 1 &&
        n.unsafeUnits <= n.totalUnits &&
        n.haltUnits === n.totalUnits - n.unsafeUnits + 1
      if (!unitsOk) {
        throw new InvalidBridgeError(
          'stakeWeightedSet has inconsistent stake units.',
          'Build stake-weighted sets with stakeWeightedSet(…) rather than by hand.',
        )
      }
      return
    }
    case 'thresholdOf': {
      const count = childrenOf(n).length
      if (!Number.isInteger(n.threshold) || n.threshold < 1 || n.threshold > count) {
        throw new InvalidThresholdError('thresholdOf', n.threshold, count)
      }
      return
    }
    case 'all':
    case 'any':
    case 'path':
      childrenOf(n)
      return
    default:
      assertUnreachable(n, unknownNode)
  }
}

/**
 * The merged `tagRisk` of a tree, checked: every member tag has an entry (else
 * {@link UnknownTagError}), every entry is used by a member as a tag or operator (else
 * {@link UnusedTagRiskError}), and one tag has one entry (else {@link ConflictingTagRiskError}).
 *
 * @example
 * ```ts
 * const risk = sharedTagRisk(all([dvnA, dvnB])) // { rpc: { pCompromise: 0.01, pOffline: 0 } }
 * ```
 */
export function sharedTagRisk(node: TrustNode): TagRiskMap {
  const merged = new Map<string, TagRisk>()
  const leaves: Array<VerifierSet | StakeWeightedSet> = []
  const visit = (n: TrustNode, depth: number): void => {
    if (depth > 64) {
      throw new InvalidBridgeError('Trust tree deeper than 64 levels.', 'Flatten the composition.')
    }
    if (typeof n !== 'object' || n === null) assertUnreachable(n as never, unknownNode)
    for (const [tag, r] of Object.entries(validateTagRisk(n.type, n.tagRisk))) {
      const prev = merged.get(tag)
      if (prev && (prev.pCompromise !== r.pCompromise || prev.pOffline !== r.pOffline)) {
        throw new ConflictingTagRiskError(tag)
      }
      merged.set(tag, r)
    }
    checkNode(n)
    if (n.type === 'verifierSet' || n.type === 'stakeWeightedSet') leaves.push(n)
    for (const c of childrenOf(n)) visit(c, depth + 1)
  }
  visit(node, 0)
  const used = new Set<string>()
  for (const leaf of leaves) {
    for (const m of leaf.members) {
      used.add(m.operator)
      for (const tag of m.tags) {
        if (!merged.has(tag)) throw new UnknownTagError(tag, m.id)
        used.add(tag)
      }
    }
  }
  for (const tag of merged.keys()) if (!used.has(tag)) throw new UnusedTagRiskError(tag)
  return Object.freeze(Object.fromEntries(merged))
}

function memberTags(m: VerifierMember): readonly string[] {
  return m.tags.includes(m.operator) ? m.tags : [...m.tags, m.operator]
}

/** Adds an independent member of weight w and probability p to a distribution absorbed at W. */
function addMember(dist: Float64Array, w: number, p: number): void {
  if (p === 0 || w === 0) return
  const W = dist.length - 1
  for (let j = W - 1; j >= 0; j--) {
    const v = dist[j] as number
    if (v === 0) continue
    const target = j + w >= W ? W : j + w
    dist[j] = v * (1 - p)
    dist[target] = (dist[target] as number) + v * p
  }
}

/** P(X ≥ t) for a distribution absorbed at W = dist.length − 1. */
function tail(dist: Float64Array, t: number): number {
  if (t <= 0) return 1
  let s = 0
  for (let j = dist.length - 1; j >= t; j--) s += dist[j] as number
  return s > 1 ? 1 : s
}

function compile(
  node: TrustNode,
  event: TrustEvent,
  tagIndex: ReadonlyMap<string, number>,
  always: ReadonlySet<string>,
): Compiled {
  switch (node.type) {
    case 'verifierSet':
    case 'stakeWeightedSet': {
      const { members, weights, unsafeUnits, haltUnits } = leafMembers(node)
      const W = event === 'compromise' ? unsafeUnits : haltUnits
      const base = new Float64Array(W + 1)
      base[0] = 1
      let alwaysForced = 0
      let leafMask = 0
      const groups = new Map<string, Group>()
      members.forEach((m, i) => {
        const w = weights[i] as number
        const p = event === 'compromise' ? m.pCompromise : m.pOffline
        if (w === 0) return
        let mask = 0
        let forced = false
        for (const tag of memberTags(m)) {
          if (always.has(tag)) forced = true
          const idx = tagIndex.get(tag)
          if (idx !== undefined) mask |= 1 << idx
        }
        if (forced || p === 1) alwaysForced += w
        else if (mask === 0) addMember(base, w, p)
        else {
          leafMask |= mask
          const key = `${w}|${p}|${mask}`
          const g = groups.get(key)
          if (g) g.count++
          else groups.set(key, { w, p, mask, count: 1 })
        }
      })
      return {
        t: 'leaf',
        base,
        alwaysForced,
        W,
        groups: [...groups.values()],
        mask: leafMask,
        crossMask: 0,
        memo: new Map(),
      }
    }
    case 'all':
    case 'any':
    case 'path':
    case 'thresholdOf': {
      const children = childrenOf(node).map((c) => compile(c, event, tagIndex, always))
      const m = node.type === 'thresholdOf' ? node.threshold : 0
      // Halting of a thresholdOf(m of n): halts when more than n − m children halt.
      return { t: node.type, m: event === 'compromise' ? m : children.length - m + 1, children }
    }
    default:
      return assertUnreachable(node, unknownNode)
  }
}

/** 1 − Π(1 − pᵢ), accurate for tiny pᵢ. */
function anyOf(ps: readonly number[]): number {
  let s = 0
  for (const p of ps) s += Math.log1p(-p)
  return -Math.expm1(s)
}

function allOf(ps: readonly number[]): number {
  let s = 1
  for (const p of ps) s *= p
  return s
}

/** P(at least m of independent events with probabilities ps). */
function atLeast(ps: readonly number[], m: number): number {
  const dist = new Float64Array(m + 1)
  dist[0] = 1
  for (const p of ps) addMember(dist, 1, p)
  return tail(dist, m)
}

/** Moves all mass up by s bins, absorbing at the top bin. */
function shiftUp(dist: Float64Array, s: number): void {
  if (s <= 0) return
  const W = dist.length - 1
  for (let j = W - 1; j >= 0; j--) {
    const v = dist[j] as number
    if (v === 0) continue
    const target = j + s >= W ? W : j + s
    dist[target] = (dist[target] as number) + v
    dist[j] = 0
  }
}

/**
 * Exact tail of one set by a dynamic program over its member groups in an order that keeps few tags
 * "open" (carried by groups already added and groups still to come): the state is the joint value
 * of the open tags, each with its own distribution; a tag is split in (fired, not fired) at its first
 * group and summed out after its last. Cost Σ_groups 2^open · count · (W + 1).
 */
function frontierPlan(
  groups: readonly Group[],
  q: readonly number[],
  W: number,
): { readonly order: Group[]; readonly first: Int32Array; readonly last: Int32Array; readonly cost: number } {
  // Relabel tags by first appearance (members keep their given order), then add groups by their
  // lowest, then highest, label: sets whose tags follow the member order (a chain) stay narrow.
  const label = new Map<number, number>()
  for (const g of groups)
    for (let b = 0; b < q.length; b++) if (g.mask & (1 << b) && !label.has(b)) label.set(b, label.size)
  const lowHigh = (g: Group): [number, number] => {
    let lo = Number.POSITIVE_INFINITY
    let hi = -1
    for (let b = 0; b < q.length; b++)
      if (g.mask & (1 << b)) {
        const l = label.get(b) as number
        if (l < lo) lo = l
        if (l > hi) hi = l
      }
    return [lo, hi]
  }
  const order = [...groups].sort((a, b) => {
    const [al, ah] = lowHigh(a)
    const [bl, bh] = lowHigh(b)
    return al - bl || ah - bh
  })
  const first = new Int32Array(q.length).fill(-1)
  const last = new Int32Array(q.length).fill(-1)
  order.forEach((g, i) => {
    for (let b = 0; b < q.length; b++)
      if (g.mask & (1 << b)) {
        if (first[b] === -1) first[b] = i
        last[b] = i
      }
  })
  let cost = 0
  order.forEach((g, i) => {
    let open = 0
    for (let b = 0; b < q.length; b++) if ((first[b] as number) <= i && (last[b] as number) >= i) open++
    cost += 2 ** open * g.count * (W + 1)
  })
  return { order, first, last, cost }
}

function frontierTail(
  start: Float64Array,
  plan: ReturnType<typeof frontierPlan>,
  q: readonly number[],
  threshold: number,
): number {
  let states = new Map<number, Float64Array>([[0, start]])
  plan.order.forEach((g, i) => {
    for (let b = 0; b < q.length; b++) {
      if (plan.first[b] !== i) continue
      const qb = q[b] as number
      const next = new Map<number, Float64Array>()
      for (const [s, d] of states) {
        next.set(
          s | (1 << b),
          d.map((v) => v * qb),
        )
        next.set(
          s,
          d.map((v) => v * (1 - qb)),
        )
      }
      states = next
    }
    for (const [s, d] of states) {
      if ((s & g.mask) !== 0) shiftUp(d, g.w * g.count)
      else for (let c = 0; c < g.count; c++) addMember(d, g.w, g.p)
    }
    for (let b = 0; b < q.length; b++) {
      if (plan.last[b] !== i) continue
      const bit = 1 << b
      for (const [s, d] of [...states]) {
        if ((s & bit) === 0) continue
        const off = states.get(s ^ bit)
        if (off) for (let j = 0; j < d.length; j++) off[j] = (off[j] as number) + (d[j] as number)
        else states.set(s ^ bit, d)
        states.delete(s)
      }
    }
  })
  return tail(states.get(0) as Float64Array, threshold)
}

/**
 * Tail of one set by the distribution of its unforced tagged weight over all 2^L states of its L
 * tags (a subset-sum transform, O(L·2^L)), then, per unforced weight u, the tail with those members
 * random. When the tagged members are alike (one weight, one probability) this is exact. Otherwise
 * which members are unforced is not known from u alone, and the result is bounded: with unit weights,
 * by the u members of smallest and of largest probability (a coupling: P(X ≥ t) rises with every
 * member's probability); with unequal weights, by none and all of the tagged members random.
 */
function subsetSumTail(
  start: Float64Array,
  groups: readonly Group[],
  q: readonly number[],
  threshold: number,
): Interval {
  const L = q.length
  const size = 2 ** L
  const keep = new Float64Array(size)
  let M = 0
  for (const g of groups) {
    keep[g.mask] = (keep[g.mask] as number) + g.w * g.count
    M += g.w * g.count
  }
  // keep[S] = weight of the groups whose tags all lie in S (unforced when the fired tags are ¬S).
  for (let b = 0; b < L; b++) {
    const bit = 1 << b
    for (let s = 0; s < size; s++) if (s & bit) keep[s] = (keep[s] as number) + (keep[s ^ bit] as number)
  }
  const mass = new Float64Array(M + 1)
  // P(fired set): products built tag by tag (no division, so no loss when a q is close to 1).
  const pState = new Float64Array(size)
  pState[0] = 1
  for (let b = 0; b < L; b++) {
    const bit = 1 << b
    const qb = q[b] as number
    for (let s = 0; s < bit; s++) {
      pState[s | bit] = (pState[s] as number) * qb
      pState[s] = (pState[s] as number) * (1 - qb)
    }
  }
  const full = size - 1
  for (let fired = 0; fired < size; fired++) {
    const u = keep[full ^ fired] as number
    mass[u] = (mass[u] as number) + (pState[fired] as number)
  }
  const first = groups[0] as Group
  const alike = groups.every((g) => g.w === first.w && g.p === first.p)
  const unit = groups.every((g) => g.w === 1)
  // h(u) = P(base + unforced ≥ threshold − forced), forced = M − u.
  const sweep = (ps: readonly number[], w: number): Float64Array => {
    const h = new Float64Array(M + 1)
    const d = start.slice()
    for (let m = 0; m * w <= M; m++) {
      h[m * w] = tail(d, threshold - (M - m * w))
      if (m < ps.length) addMember(d, w, ps[m] as number)
    }
    return h
  }
  const expect = (h: Float64Array): number => {
    let s = 0
    for (let u = 0; u <= M; u++) if ((mass[u] as number) > 0) s += (mass[u] as number) * (h[u] as number)
    return s > 1 ? 1 : s
  }
  if (alike) {
    const v = expect(sweep(new Array(M / first.w).fill(first.p), first.w))
    return { lo: v, hi: v }
  }
  if (unit) {
    const ps = groups.flatMap((g) => new Array<number>(g.count).fill(g.p)).sort((a, b) => a - b)
    return { lo: expect(sweep(ps, 1)), hi: expect(sweep([...ps].reverse(), 1)) }
  }
  const all = start.slice()
  for (const g of groups) for (let c = 0; c < g.count; c++) addMember(all, g.w, g.p)
  // Tails at every threshold from suffix sums: O(W) once instead of O(W) per u.
  const tails = (d: Float64Array): Float64Array => {
    const h = new Float64Array(M + 1)
    const suffix = new Float64Array(d.length + 1)
    for (let j = d.length - 1; j >= 0; j--) suffix[j] = (suffix[j + 1] as number) + (d[j] as number)
    for (let u = 0; u <= M; u++) {
      const t = threshold - (M - u)
      h[u] = t <= 0 ? 1 : t >= d.length ? 0 : Math.min(1, suffix[t] as number)
    }
    return h
  }
  return { lo: expect(tails(start)), hi: expect(tails(all)) }
}

/** One set given the state of the tags it shares with other sets (bits outside crossMask unused). */
function evaluateLeaf(c: CompiledLeaf, q: readonly number[], crossState: number, budget: number): Interval {
  const key = crossState & c.crossMask
  const cached = c.memo.get(key)
  if (cached) return cached
  const dist = c.base.slice()
  let forced = c.alwaysForced
  const local: Group[] = []
  const localBits: number[] = []
  const relabel = new Map<number, number>()
  for (const g of c.groups) {
    if ((g.mask & key) !== 0) {
      forced += g.w * g.count
      continue
    }
    const own = g.mask & ~c.crossMask
    if (own === 0) {
      for (let i = 0; i < g.count; i++) addMember(dist, g.w, g.p)
      continue
    }
    let mask = 0
    for (let b = 0; b < q.length; b++) {
      if ((own & (1 << b)) === 0) continue
      let l = relabel.get(b)
      if (l === undefined) {
        l = localBits.length
        relabel.set(b, l)
        localBits.push(b)
      }
      mask |= 1 << l
    }
    local.push({ w: g.w, p: g.p, mask, count: g.count })
  }
  const threshold = c.W - forced
  let result: Interval
  if (local.length === 0) {
    const v = tail(dist, threshold)
    result = { lo: v, hi: v }
  } else {
    const lq = localBits.map((b) => q[b] as number)
    const f = local[0] as Group
    const alike = local.every((g) => g.w === f.w && g.p === f.p)
    const subsetCost = lq.length * 2 ** lq.length + (local.reduce((s, g) => s + g.count, 0) + 1) * dist.length
    const plan = frontierPlan(local, lq, c.W)
    if (alike && subsetCost <= plan.cost) result = subsetSumTail(dist, local, lq, threshold)
    else if (plan.cost <= budget) {
      const v = frontierTail(dist, plan, lq, threshold)
      result = { lo: v, hi: v }
    } else result = subsetSumTail(dist, local, lq, threshold)
  }
  c.memo.set(key, result)
  return result
}

function evaluate(
  c: Compiled,
  event: TrustEvent,
  q: readonly number[],
  state: number,
  budget: number,
): Interval {
  if (c.t === 'leaf') return evaluateLeaf(c, q, state, budget)
  const parts = c.children.map((ch) => evaluate(ch, event, q, state, budget))
  // Every combination below rises with each child's probability, so bounds combine end to end.
  const combine = (ps: readonly number[]): number => {
    switch (c.t) {
      case 'all':
        // unsafe: every child fooled; halted: any child halted (every verifier must sign)
        return event === 'compromise' ? allOf(ps) : anyOf(ps)
      case 'any':
        // unsafe: one child fooled suffices; halted: only if every child is halted
        return event === 'compromise' ? anyOf(ps) : allOf(ps)
      case 'path':
        // a route is unsafe if any hop is unsafe and halted if any hop is halted
        return anyOf(ps)
      case 'thresholdOf':
        return atLeast(ps, c.m)
    }
  }
  const lo = combine(parts.map((x) => x.lo))
  const hi = parts.every((x) => x.lo === x.hi) ? lo : combine(parts.map((x) => x.hi))
  return { lo, hi }
}

function leavesOf(c: Compiled, out: CompiledLeaf[] = []): CompiledLeaf[] {
  if (c.t === 'leaf') out.push(c)
  else for (const ch of c.children) leavesOf(ch, out)
  return out
}

function estimate(node: TrustNode, event: TrustEvent, options: TrustEstimateOptions = {}): TrustEstimate {
  const budget = options.workBudget ?? EXACT_WORK_BUDGET
  if (typeof budget !== 'number' || Number.isNaN(budget) || budget < 0)
    throw new OutOfRangeError('workBudget', budget, '≥ 0')
  const risk = sharedTagRisk(node)
  const enumerated: Array<{ tag: string; q: number }> = []
  const always = new Set<string>()
  for (const [tag, r] of Object.entries(risk)) {
    const q = event === 'compromise' ? r.pCompromise : r.pOffline
    if (q === 1) always.add(tag)
    else if (q > 0) enumerated.push({ tag, q })
  }
  if (enumerated.length > MAX_SHARED_TAGS)
    throw new TooManySharedTagsError(enumerated.length, MAX_SHARED_TAGS)
  const tagIndex = new Map(enumerated.map((e, i) => [e.tag, i]))
  const q = enumerated.map((e) => e.q)
  const compiled = compile(node, event, tagIndex, always)
  // Tags carried by one set only are summed out inside that set; tags carried by several sets are
  // enumerated here, and each set is evaluated once per state of the shared tags it carries.
  const leaves = leavesOf(compiled)
  let seenOnce = 0
  let seenTwice = 0
  for (const leaf of leaves) {
    seenTwice |= seenOnce & leaf.mask
    seenOnce |= leaf.mask
  }
  for (const leaf of leaves) leaf.crossMask = leaf.mask & seenTwice
  const cross: number[] = []
  for (let b = 0; b < q.length; b++) if (seenTwice & (1 << b)) cross.push(b)
  // Every state of the cross tags when they fit the budget (exact); else the states with at most
  // k of them fired, the largest k that fits, and the rest bounded: every set's probability, and
  // every composition of them, rises with each tag fired, so a state beyond k lies between the
  // state with none fired and the state with all fired.
  const C = cross.length
  const stateBudget = options.crossStateBudget ?? CROSS_STATE_BUDGET
  if (typeof stateBudget !== 'number' || !(stateBudget >= 1))
    throw new OutOfRangeError('crossStateBudget', stateBudget, '≥ 1')
  let k = C
  let total = 2 ** C
  if (total > stateBudget) {
    k = 0
    total = 1
    let choose = 1
    while (k < C) {
      choose = (choose * (C - k)) / (k + 1)
      if (total + choose > stateBudget) break
      total += choose
      k++
    }
  }
  // noneAfter[i] = P(no cross tag from i on fires)
  const noneAfter = new Float64Array(C + 1)
  noneAfter[C] = 1
  for (let i = C - 1; i >= 0; i--)
    noneAfter[i] = (noneAfter[i + 1] as number) * (1 - (q[cross[i] as number] as number))
  const progress = options.onProgress
  let done = 0
  let lo = 0
  let hi = 0
  const walk = (i: number, state: number, weight: number, fired: number): void => {
    if (i === C || fired === k) {
      const w = i === C ? weight : weight * (noneAfter[i] as number)
      const r = evaluate(compiled, event, q, state, budget)
      lo += w * r.lo
      hi += w * r.hi
      done++
      if (progress && total > 64 && done % 64 === 0) progress(done, total)
      return
    }
    const b = cross[i] as number
    const qb = q[b] as number
    walk(i + 1, state | (1 << b), weight * qb, fired + 1)
    walk(i + 1, state, weight * (1 - qb), fired)
  }
  walk(0, 0, 1, 0)
  if (k < C) {
    // P(more than k cross tags fire), by the distribution of their count
    const count = new Float64Array(C + 1)
    count[0] = 1
    for (const b of cross) addMember(count, 1, q[b] as number)
    let rest = 0
    for (let j = k + 1; j <= C; j++) rest += count[j] as number
    const none = evaluate(compiled, event, q, 0, budget)
    const every = evaluate(
      compiled,
      event,
      q,
      cross.reduce((m, b) => m | (1 << b), 0),
      budget,
    )
    lo += rest * none.lo
    hi += rest * every.hi
  }
  if (progress && total > 64) progress(total, total)
  for (const total of [lo, hi])
    if (!Number.isFinite(total) || total < 0)
      throw new OutOfRangeError(`${event} probability`, total, '[0, 1]')
  const lower = Math.min(lo, 1)
  const upper = Math.min(hi, 1)
  const exact = lower === upper
  return { value: (lower + upper) / 2, lower, upper, bound: (upper - lower) / 2, exact }
}

/**
 * Probability that a verifier set or composition is unsafe (enough verifiers compromised to forge a
 * message) over the horizon its members' `pCompromise` refer to, with its error.
 *
 * Members are independent given the joint state of the shared tags. Tags that several sets carry
 * are enumerated (2^C states, within {@link CROSS_STATE_BUDGET}; beyond it the states with few tags
 * fired, the rest bounded); the tags of one set are summed out inside it by a dynamic program
 * over its member groups (members with the same weight, probability and tags count together),
 * which is exact within {@link EXACT_WORK_BUDGET}; beyond it, by the distribution of the forced
 * weight over all tag states (exact when the tagged members are alike, otherwise bounded: see
 * {@link TrustEstimate}). docs/model.md §10.1 has the derivation.
 *
 * @example
 * ```ts
 * const e = compromiseEstimate(verifierSet({ threshold: 500, members: thousandMembers, tagRisk }))
 * e.exact ? e.value : `${e.lower} … ${e.upper}`
 * ```
 */
export function compromiseEstimate(node: TrustNode, options?: TrustEstimateOptions): TrustEstimate {
  return estimate(node, 'compromise', options)
}

/**
 * Probability that a verifier set or composition is halted at a given moment (too few verifiers
 * online to sign), from members' and tags' `pOffline`, with its error (see {@link compromiseEstimate}).
 *
 * @example
 * ```ts
 * haltEstimate(verifierSet({ threshold: 2, members: twoOfThree })).value // P(≥ 2 of 3 offline)
 * ```
 */
export function haltEstimate(node: TrustNode, options?: TrustEstimateOptions): TrustEstimate {
  return estimate(node, 'offline', options)
}

/**
 * Probability that a verifier set or composition is unsafe (enough verifiers compromised to
 * forge a message) over the horizon its members' `pCompromise` refer to: the exact value, or
 * where the engine bounds it, the upper end (never an understatement). See
 * {@link compromiseEstimate} for the error.
 *
 * @example
 * ```ts
 * const ronin = verifierSet({ threshold: 5, members: nineValidators, tagRisk: { 'Sky Mavis': { pCompromise: 0.01, pOffline: 0 } } })
 * compromiseProbability(ronin) // ≈ 4.9e-4, against ≈ 1.2e-8 with nine independent operators
 * ```
 */
export function compromiseProbability(node: TrustNode): number {
  return estimate(node, 'compromise').upper
}

/**
 * Probability that a verifier set or composition is halted at a given moment (too few
 * verifiers online to sign), from members' and tags' `pOffline`: exact, or the upper end of its
 * bound (see {@link haltEstimate}).
 *
 * @example
 * ```ts
 * haltProbability(verifierSet({ threshold: 2, members: twoOfThree })) // P(≥ 2 of 3 offline)
 * ```
 */
export function haltProbability(node: TrustNode): number {
  return estimate(node, 'offline').upper
}

/**
 * A single event whose compromise alone makes a trust tree unsafe.
 *
 * @example
 * ```ts
 * const s: SinglePointOfFailure = { kind: 'operator', name: 'Sky Mavis' }
 * ```
 */
export type SinglePointOfFailure = { readonly kind: 'member' | 'operator' | 'tag'; readonly name: string }

/**
 * The single events whose compromise alone makes the tree unsafe: a member with pCompromise > 0 (a
 * 1-of-1 set, or a member every path needs with k = 1), an operator running enough members (≥ 2
 * members), or a shared tag with a compromise probability above 0. Operators count here even without a `tagRisk` entry:
 * whoever holds the keys can sign with all of them.
 *
 * @example
 * ```ts
 * singlePointsOfFailure(oneOfOne) // [{ kind: 'member', name: 'LayerZero Labs DVN' }]
 * ```
 */
export function singlePointsOfFailure(node: TrustNode): readonly SinglePointOfFailure[] {
  const risk = sharedTagRisk(node)
  const leaves: Array<VerifierSet | StakeWeightedSet> = []
  const collect = (n: TrustNode): void => {
    if (n.type === 'verifierSet' || n.type === 'stakeWeightedSet') leaves.push(n)
    for (const c of childrenOf(n)) collect(c)
  }
  collect(node)
  const unsafe = (n: TrustNode, failed: (m: VerifierMember) => boolean): boolean => {
    switch (n.type) {
      case 'verifierSet':
      case 'stakeWeightedSet': {
        const { members, weights, unsafeUnits } = leafMembers(n)
        let sum = 0
        members.forEach((m, i) => {
          if (failed(m)) sum += weights[i] as number
        })
        return sum >= unsafeUnits
      }
      case 'all':
        return n.children.every((c) => unsafe(c, failed))
      case 'any':
      case 'path':
        return n.children.some((c) => unsafe(c, failed))
      case 'thresholdOf':
        return n.children.filter((c) => unsafe(c, failed)).length >= n.threshold
      default:
        return assertUnreachable(n, unknownNode)
    }
  }
  // events certain to happen (probability 1) are failed in every scenario
  const certain = (x: VerifierMember): boolean =>
    x.pCompromise === 1 || memberTags(x).some((t) => risk[t]?.pCompromise === 1)
  const baseline = unsafe(node, certain)
  const out: SinglePointOfFailure[] = []
  if (baseline) {
    for (const leaf of leaves)
      for (const m of leaf.members) if (certain(m)) out.push({ kind: 'member', name: m.id })
    return out
  }
  const seenMembers = new Set<string>()
  const operators = new Set<string>()
  const groupSize = new Map<string, number>()
  for (const leaf of leaves) {
    for (const m of leaf.members) {
      operators.add(m.operator)
      for (const g of memberTags(m)) groupSize.set(g, (groupSize.get(g) ?? 0) + 1)
      // a member that cannot be compromised on its own (pCompromise 0) is not a point of failure
      if (m.pCompromise > 0 && unsafe(node, (x) => x === m || certain(x)) && !seenMembers.has(m.id)) {
        seenMembers.add(m.id)
        out.push({ kind: 'member', name: m.id })
      }
    }
  }
  for (const [group, size] of groupSize) {
    const isOperator = operators.has(group)
    // an operator holds its keys whatever its tagRisk; a tag counts when it can be compromised
    const counts = isOperator ? size >= 2 : (risk[group]?.pCompromise ?? 0) > 0
    if (counts && unsafe(node, (x) => memberTags(x).includes(group) || certain(x))) {
      out.push({ kind: isOperator ? 'operator' : 'tag', name: group })
    }
  }
  return out
}

/**
 * Number of members in a tree and the largest number of tags enumerated, for reports.
 *
 * @example
 * ```ts
 * treeSize(all([a, b])) // { sets: 2, members: 4, sharedTags: 1 }
 * ```
 */
export function treeSize(node: TrustNode): {
  readonly sets: number
  readonly members: number
  readonly sharedTags: number
} {
  const risk = sharedTagRisk(node)
  let sets = 0
  let members = 0
  const visit = (n: TrustNode): void => {
    if (n.type === 'verifierSet' || n.type === 'stakeWeightedSet') {
      sets++
      members += n.members.length
    }
    for (const c of childrenOf(n)) visit(c)
  }
  visit(node)
  const sharedTags = Object.values(risk).filter(
    (r) => (r.pCompromise > 0 && r.pCompromise < 1) || (r.pOffline > 0 && r.pOffline < 1),
  ).length
  return { sets, members, sharedTags }
}
