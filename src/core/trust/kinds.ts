import type { ExplanationTerm } from '../explain.js'
import { nonNegative, unitInterval } from '../units/validate.js'
import type { ChainSecuredKindName } from '../vocabulary.js'
import { all, any, path } from './compose.js'
import { EmptyVerifierSetError, InvalidBridgeError, InvalidThresholdError } from './errors.js'
import {
  type StakedMember,
  type StakeWeightedSet,
  type TagRiskMap,
  type TrustNode,
  validateMembers,
  validateTagRisk,
  verifierSet,
} from './verifierSet.js'

/**
 * Bridge kinds: how each way of securing a bridge becomes a trust tree for the exact engine.
 *
 * | kind | unsafe when | halted when |
 * |---|---|---|
 * | externalThreshold | the verifier tree is fooled, or an implementation bug | the verifier tree halts |
 * | optimistic | (the proposer is compromised AND every watcher fails within the window), or a fraud-proof bug, or an implementation bug | the proposer halts |
 * | lightClient / zk / nativeRollup | the source chain is compromised, or an implementation bug | the source chain halts |
 * | liquidityNetwork / bondedRelayer | the relayer is compromised while its bond < value at risk, or an implementation bug | the relayer is offline |
 *
 * An implementation bug is a 1-of-1 event in series (`path`) with the rest: it can forge but never
 * halts. See docs/model.md.
 */

/**
 * Stakes at or below this total, all integers, are used as exact units.
 *
 * @example
 * ```ts
 * MAX_EXACT_STAKE_UNITS // 100 000
 * ```
 */
export const MAX_EXACT_STAKE_UNITS = 100_000
/**
 * Units a stake distribution is rounded up to when it is not small integers (1 unit = 1 bp).
 *
 * @example
 * ```ts
 * DEFAULT_STAKE_UNITS // 10 000
 * ```
 */
export const DEFAULT_STAKE_UNITS = 10_000

/** Input of {@link stakeWeightedSet}. */
export type StakeWeightedSetParameters = {
  /** Share of total stake whose signatures make a message valid, in (0, 1] (e.g. 2/3). */
  readonly thresholdShare: number
  readonly members: readonly StakedMember[]
  readonly tagRisk?: TagRiskMap
  /** Units used when stakes are rounded (default {@link DEFAULT_STAKE_UNITS}). */
  readonly units?: number
}

/**
 * A stake-weighted validator set (PoS bridge, Axelar, Cosmos IBC counterparty): unsafe when the
 * compromised stake reaches `thresholdShare` of the total, halted when the online stake falls below it.
 *
 * Discretisation: integer stakes with a total ≤ {@link MAX_EXACT_STAKE_UNITS} are used as they are
 * (exact). Otherwise each member's share is rounded UP to `units` units (default 10 000, i.e. 1 bp),
 * which can only raise both the compromise and the halt probability (conservative), by at most the
 * probability mass within n units of the threshold. The threshold is ⌈θ·S⌉ units (a relative
 * tolerance of 1e-12 absorbs float noise such as 2/3·3).
 *
 * @example
 * ```ts
 * const validators = stakeWeightedSet({
 *   thresholdShare: 2 / 3,
 *   members: [
 *     { id: 'v1', operator: 'A', tags: [], pCompromise: 0.01, pOffline: 0.01, stake: 40 },
 *     { id: 'v2', operator: 'B', tags: [], pCompromise: 0.01, pOffline: 0.01, stake: 35 },
 *     { id: 'v3', operator: 'C', tags: [], pCompromise: 0.01, pOffline: 0.01, stake: 25 },
 *   ],
 * })
 * compromiseProbability(validators) // v1 + v2 (75 %) or v1 + v3 (65 % < 2/3: not enough) …
 * ```
 */
export function stakeWeightedSet(parameters: StakeWeightedSetParameters): StakeWeightedSet {
  const members = validateMembers('stakeWeightedSet', parameters.members)
  const theta = unitInterval('stakeWeightedSet.thresholdShare', parameters.thresholdShare)
  if (theta === 0) throw new InvalidThresholdError('stakeWeightedSet (share of stake)', theta, 1)
  const stakes = members.map((m, i) => nonNegative(`stakeWeightedSet.members[${i}].stake`, m.stake))
  const total = stakes.reduce((a, b) => a + b, 0)
  if (!(total > 0) || !Number.isFinite(total))
    throw new EmptyVerifierSetError('stakeWeightedSet (total stake)')
  const exactUnits = stakes.every((s) => Number.isSafeInteger(s)) && total <= MAX_EXACT_STAKE_UNITS
  let units: number[]
  let totalUnits: number
  if (exactUnits) {
    units = stakes
    totalUnits = total
  } else {
    const U = parameters.units ?? DEFAULT_STAKE_UNITS
    if (!Number.isInteger(U) || U < 1 || U > 1_000_000) {
      throw new InvalidBridgeError(
        `stakeWeightedSet.units must be an integer in 1..1000000, got ${String(U)}.`,
        'Use the default (10 000) or a resolution you can afford (cost ∝ n × units).',
      )
    }
    units = stakes.map((s) => Math.ceil((s / total) * U * (1 - 1e-12)))
    totalUnits = U
  }
  const unsafeUnits = Math.max(1, Math.ceil(theta * totalUnits * (1 - 1e-12)))
  return Object.freeze({
    type: 'stakeWeightedSet',
    thresholdShare: theta,
    members,
    tagRisk: validateTagRisk('stakeWeightedSet', parameters.tagRisk),
    units: Object.freeze(units),
    totalUnits,
    unsafeUnits,
    haltUnits: totalUnits - unsafeUnits + 1,
    exactUnits,
  })
}

/** External verifiers: a multisig, MPC committee, guardian set, DVN set or any composition of them. */
export type ExternalThresholdKind = {
  readonly kind: 'externalThreshold'
  readonly verifiers: TrustNode
  /** Probability of a contract/implementation bug that forges messages over the horizon. */
  readonly implementationBug: number
}

/** A watcher of an optimistic bridge. */
export type Watcher = {
  readonly id: string
  readonly operator: string
  readonly tags: readonly string[]
  /** Probability that this watcher fails to challenge a fraudulent claim within the window. */
  readonly pFail: number
}

/** Optimistic bridge: a claim stands unless a watcher proves fraud within the challenge window. */
export type OptimisticKind = {
  readonly kind: 'optimistic'
  /** Who may post claims. Omit for permissionless proposing (a fraudulent claim is always possible). */
  readonly proposer?: TrustNode
  readonly watchers: readonly Watcher[]
  /** Shared-tag probabilities for the watchers (same client, same RPC provider …). */
  readonly watcherTagRisk?: TagRiskMap
  /** Probability that the fraud proof itself is broken (a valid challenge cannot succeed). */
  readonly fraudProofBug: number
  readonly implementationBug: number
  /** Challenge window in hours: the time collateral is illiquid. */
  readonly challengeWindowHours: number
}

/** Light client, ZK and native rollup bridges inherit the source chain's security. */
export type ChainSecuredKind = {
  readonly kind: ChainSecuredKindName
  /** Name of the source chain (routes over one chain share this event). */
  readonly sourceChain: string
  /** Probability that the source chain's consensus is compromised (finality reverted, 2/3 stake) over the horizon. */
  readonly sourceChainCompromise: number
  /** Probability that the source chain is halted at a given moment (default 0). */
  readonly sourceChainHalt?: number
  /** Probability of a verifier/prover/contract bug that forges messages over the horizon. */
  readonly implementationBug: number
  /** Withdrawal delay in hours (a rollup's exit window), if collateral is illiquid for it. */
  readonly withdrawalDelayHours?: number
}

/** Liquidity networks and bonded relayers: a relayer fronts funds against a bond. */
export type BondedKind = {
  readonly kind: 'liquidityNetwork' | 'bondedRelayer'
  readonly relayer: {
    readonly id: string
    readonly operator: string
    readonly tags: readonly string[]
    readonly pCompromise: number
    readonly pOffline: number
  }
  readonly relayerTagRisk?: TagRiskMap
  /** Slashable bond (USD). */
  readonly bondUsd: number
  /** Value the relayer can take or misroute before it is caught (USD). */
  readonly valueAtRiskUsd: number
  readonly implementationBug: number
}

/**
 * Any bridge kind.
 *
 * @example
 * ```ts
 * const k: BridgeKind = { kind: 'zk', sourceChain: 'ethereum', sourceChainCompromise: 1e-4, implementationBug: 0.02 }
 * ```
 */
export type BridgeKind = ExternalThresholdKind | OptimisticKind | ChainSecuredKind | BondedKind

/** Trust tree of a bridge kind. */
export type BridgeTrust = {
  /** The whole tree (what can forge or halt). */
  readonly node: TrustNode
  /** The part made of verifiers (keys, committees, relayers) checked for single points of failure, if any. */
  readonly verifierNode: TrustNode | undefined
  /** Hours collateral is illiquid by design (challenge window, exit window), 0 if none. */
  readonly illiquidityHours: number
  readonly explanation: readonly ExplanationTerm[]
}

function bugLeaf(id: string, p: number): TrustNode {
  return verifierSet({
    threshold: 1,
    members: [{ id, operator: id, tags: [], pCompromise: unitInterval(id, p), pOffline: 0 }],
  })
}

/**
 * The trust tree of a bridge kind (see the table in this module's header).
 *
 * @example
 * ```ts
 * const t = bridgeTrust({
 *   kind: 'lightClient', sourceChain: 'ethereum', sourceChainCompromise: 1e-4, implementationBug: 0.01,
 * })
 * compromiseProbability(t.node) // 1 − (1 − 1e-4)(1 − 0.01) = 0.010099
 * ```
 */
export function bridgeTrust(kind: BridgeKind): BridgeTrust {
  if (typeof kind !== 'object' || kind === null) {
    throw new InvalidBridgeError('A bridge kind must be an object.', 'Pass { kind: "externalThreshold", … }.')
  }
  switch (kind.kind) {
    case 'externalThreshold': {
      if (typeof kind.verifiers !== 'object' || kind.verifiers === null) {
        throw new InvalidBridgeError(
          'externalThreshold.verifiers is missing.',
          'Pass a verifierSet or a composition.',
        )
      }
      const bug = bugLeaf('implementation bug', kind.implementationBug)
      return {
        node: path([kind.verifiers, bug]),
        verifierNode: kind.verifiers,
        illiquidityHours: 0,
        explanation: [
          {
            term: 'kind',
            value: 0,
            inputs: { kind: kind.kind, implementationBug: kind.implementationBug },
            formula: 'unsafe = verifiers fooled ∪ implementation bug; halted = verifiers halted',
          },
        ],
      }
    }
    case 'optimistic': {
      const window = nonNegative('optimistic.challengeWindowHours', kind.challengeWindowHours)
      if (!Array.isArray(kind.watchers) || kind.watchers.length === 0) {
        throw new EmptyVerifierSetError('optimistic.watchers')
      }
      const watchers = verifierSet({
        threshold: kind.watchers.length,
        members: kind.watchers.map((w, i) => ({
          id: w.id,
          operator: w.operator,
          tags: w.tags,
          pCompromise: unitInterval(`optimistic.watchers[${i}].pFail`, w.pFail),
          pOffline: 0,
        })),
        ...(kind.watcherTagRisk ? { tagRisk: kind.watcherTagRisk } : {}),
      })
      const proposer =
        kind.proposer ??
        verifierSet({
          threshold: 1,
          members: [
            { id: 'permissionless proposer', operator: 'anyone', tags: [], pCompromise: 1, pOffline: 0 },
          ],
        })
      // Watchers only guard safety: their being offline (a watcher tag's pOffline) must not halt the
      // bridge. any([watchers, inert]) has the watchers' compromise probability (1 − (1 − p)(1 − 0))
      // and halts only if the inert leaf (pOffline 0) halts too, i.e. never.
      const inert = verifierSet({
        threshold: 1,
        members: [
          {
            id: 'watchers never halt',
            operator: 'watchers never halt',
            tags: [],
            pCompromise: 0,
            pOffline: 0,
          },
        ],
      })
      const fraud = all([proposer, any([watchers, inert])])
      return {
        node: path([
          fraud,
          bugLeaf('fraud-proof bug', kind.fraudProofBug),
          bugLeaf('implementation bug', kind.implementationBug),
        ]),
        verifierNode: fraud,
        illiquidityHours: window,
        explanation: [
          {
            term: 'kind',
            value: window,
            inputs: {
              kind: kind.kind,
              watchers: kind.watchers.length,
              permissionlessProposer: kind.proposer === undefined,
              fraudProofBug: kind.fraudProofBug,
              implementationBug: kind.implementationBug,
              challengeWindowHours: window,
            },
            formula:
              'unsafe = (proposer compromised ∩ every watcher fails within the window) ∪ fraud-proof bug ∪ implementation bug; value = hours illiquid',
          },
        ],
      }
    }
    case 'lightClient':
    case 'zk':
    case 'nativeRollup': {
      if (typeof kind.sourceChain !== 'string' || kind.sourceChain === '') {
        throw new InvalidBridgeError(
          `${kind.kind}.sourceChain must be a chain name.`,
          'Name the source chain.',
        )
      }
      const delay = nonNegative(`${kind.kind}.withdrawalDelayHours`, kind.withdrawalDelayHours ?? 0)
      const chain = verifierSet({
        threshold: 1,
        members: [
          {
            id: `${kind.sourceChain} consensus`,
            operator: kind.sourceChain,
            tags: [],
            pCompromise: unitInterval(`${kind.kind}.sourceChainCompromise`, kind.sourceChainCompromise),
            pOffline: unitInterval(`${kind.kind}.sourceChainHalt`, kind.sourceChainHalt ?? 0),
          },
        ],
      })
      return {
        node: path([chain, bugLeaf('implementation bug', kind.implementationBug)]),
        verifierNode: undefined,
        illiquidityHours: delay,
        explanation: [
          {
            term: 'kind',
            value: delay,
            inputs: {
              kind: kind.kind,
              sourceChain: kind.sourceChain,
              sourceChainCompromise: kind.sourceChainCompromise,
              implementationBug: kind.implementationBug,
            },
            formula:
              'unsafe = source chain compromised ∪ implementation bug; halted = source chain halted; value = hours illiquid',
          },
        ],
      }
    }
    case 'liquidityNetwork':
    case 'bondedRelayer': {
      const bond = nonNegative(`${kind.kind}.bondUsd`, kind.bondUsd)
      const valueAtRisk = nonNegative(`${kind.kind}.valueAtRiskUsd`, kind.valueAtRiskUsd)
      const covered = bond >= valueAtRisk
      const r = kind.relayer
      if (typeof r !== 'object' || r === null) {
        throw new InvalidBridgeError(`${kind.kind}.relayer is missing.`, 'Describe the relayer as a member.')
      }
      const relayer = verifierSet({
        threshold: 1,
        members: [
          {
            ...r,
            pCompromise: covered ? 0 : unitInterval(`${kind.kind}.relayer.pCompromise`, r.pCompromise),
          },
        ],
        ...(kind.relayerTagRisk
          ? {
              tagRisk: Object.fromEntries(
                Object.entries(validateTagRisk(`${kind.kind}.relayerTagRisk`, kind.relayerTagRisk)).map(
                  ([t, x]) => [t, { pCompromise: covered ? 0 : x.pCompromise, pOffline: x.pOffline }],
                ),
              ),
            }
          : {}),
      })
      if (covered) unitInterval(`${kind.kind}.relayer.pCompromise`, r.pCompromise)
      return {
        node: path([relayer, bugLeaf('implementation bug', kind.implementationBug)]),
        verifierNode: covered ? undefined : relayer,
        illiquidityHours: 0,
        explanation: [
          {
            term: 'bondCoverage',
            value: valueAtRisk === 0 ? 1 : Math.min(1, bond / valueAtRisk),
            inputs: { kind: kind.kind, bondUsd: bond, valueAtRiskUsd: valueAtRisk, covered },
            formula:
              'bond ≥ value at risk ⇒ relayer compromise costs users nothing; otherwise unsafe with the relayer’s pCompromise',
          },
        ],
      }
    }
    default: {
      const unknown: never = kind
      throw new InvalidBridgeError(
        `Unknown bridge kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}.`,
        'Use externalThreshold, optimistic, lightClient, zk, nativeRollup, liquidityNetwork or bondedRelayer.',
      )
    }
  }
}
