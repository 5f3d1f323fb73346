import { OutOfRangeError } from '../errors.js'
import type { FaultEvent } from '../scenarios/scenarios.js'
import type { Architecture } from '../vocabulary.js'
import type { BacktestFaults } from './backtest.js'

/** The route facts that decide which of a scenario's faults apply to it. */
export type FaultRoute = {
  readonly architecture: Architecture
  /** The scenario asset the route is replayed against. */
  readonly asset: string
  /** The route's own bridge ids (one per hop). */
  readonly bridges: readonly string[]
  /** The route's chains (home and debt). */
  readonly chains: readonly string[]
  /**
   * Apply the scenario's bridge faults to the route's own bridge: "what if my bridge failed as
   * this one did". Off by default: a fault hits only the bridge it happened to.
   */
  readonly assumeOwnBridgeFails?: boolean
}

/** What {@link backtestFaults} applied and what it left out, each with its reason. */
export type BacktestFaultsReturnType = {
  readonly faults: BacktestFaults
  readonly applied: readonly string[]
  readonly skipped: readonly string[]
  /** The scenario's `unbacked-mint` when it came through this route's bridge (else undefined). */
  readonly attacker: Extract<FaultEvent, { kind: 'unbacked-mint' }> | undefined
}

const when = (t: number) =>
  !Number.isFinite(t)
    ? 'never'
    : t < 1e8
      ? `t+${t} s`
      : new Date(t * 1000).toISOString().replace('.000Z', 'Z')

/**
 * Maps a scenario's fault events (times in unix seconds) to backtest faults for one route,
 * selecting each event by the route's own bridge, chain and asset:
 * - `oracle-floor` on the route's asset → an oracle floor;
 * - `bridge-halted` of the route's bridge (on one of its chains when the event names chains) →
 *   a halt: the seize message waits (message-passing, hybrid), and a seized bridged token
 *   cannot be redeemed home, so its sale waits too (synthetic);
 * - `bridge-drained` of the route's bridge and asset → a collateral loss on synthetic routes
 *   (the wrapped token loses its backing, the oracle of the underlying does not see it); on
 *   message-passing and hybrid routes the locked native collateral keeps its value and the
 *   bridge halts instead;
 * - `depeg` is already in the price path; `unbacked-mint` is the attacker's position, kept
 *   apart from the protocol's book (see {@link attackerLoss}).
 * A bridge event on another bridge is skipped and said so, unless `assumeOwnBridgeFails`.
 *
 * @example
 * ```ts
 * const { applied, skipped } = backtestFaults(nomadEvents, {
 *   architecture: 'synthetic', asset: 'ETH', bridges: ['arbitrum-canonical'], chains: ['ethereum', 'arbitrum'],
 * })
 * applied // [] — Nomad's drain is not this route's bridge
 * ```
 */
export function backtestFaults(events: readonly FaultEvent[], route: FaultRoute): BacktestFaultsReturnType {
  const oracleFloors: { from: number; floor: number }[] = []
  const halts: { from: number; to: number }[] = []
  const collateralLosses: { at: number; fraction: number }[] = []
  const applied: string[] = []
  const skipped: string[] = []
  let attacker: BacktestFaultsReturnType['attacker']
  const sameAsset = (a: string) => a.toUpperCase() === route.asset.toUpperCase()
  const messages = route.architecture !== 'synthetic'
  const own = route.bridges.map((b) => b.toLowerCase())
  const ownBridge = (e: { bridge: string; chains?: readonly string[] | undefined }): string | undefined => {
    if (route.assumeOwnBridgeFails === true) return undefined
    if (!own.includes(e.bridge.toLowerCase()))
      return `bridge ${e.bridge} is not this route's bridge (${route.bridges.join(' → ') || 'none'})`
    if (e.chains !== undefined && !route.chains.some((c) => e.chains?.includes(c)))
      return `bridge ${e.bridge} failed on ${e.chains.join(', ')}, not on this route's chains (${route.chains.join(', ')})`
    return undefined
  }
  const as = (bridge: string) =>
    route.assumeOwnBridgeFails === true && !own.includes(bridge.toLowerCase())
      ? `${bridge} (assumed: this route's bridge ${route.bridges.join(' → ')} fails alike)`
      : bridge
  for (const e of events) {
    if (e.kind === 'oracle-floor') {
      if (sameAsset(e.asset)) {
        oracleFloors.push({ from: e.at, floor: e.floor })
        applied.push(`oracle floor ${e.floor} on ${e.asset} from ${when(e.at)}`)
      }
    } else if (e.kind === 'bridge-halted') {
      const why = ownBridge(e)
      if (why !== undefined) {
        skipped.push(`halt of ${e.bridge}: ${why}`)
        continue
      }
      const to = e.durationSeconds === undefined ? Number.POSITIVE_INFINITY : e.at + e.durationSeconds
      halts.push({ from: e.at, to })
      applied.push(
        `bridge ${as(e.bridge)} halted from ${when(e.at)}${Number.isFinite(to) ? ` to ${when(to)}` : ', never reopened'}${messages ? '' : ': seized bridged tokens cannot be redeemed, the sale waits'}`,
      )
    } else if (e.kind === 'unbacked-mint') {
      if (!sameAsset(e.asset)) continue
      const why = ownBridge(e)
      if (why !== undefined) skipped.push(`unbacked mint through ${e.bridge}: ${why}`)
      else {
        attacker = e
        applied.push(
          `unbacked mint through ${as(e.bridge)} at ${when(e.at)}: the attacker's position is counted apart from the book`,
        )
      }
    } else if (e.kind === 'bridge-drained') {
      if (!e.assets.some(sameAsset)) continue
      const why = ownBridge(e)
      if (why !== undefined) {
        skipped.push(`drain of ${e.bridge}: ${why}`)
        continue
      }
      if (messages) {
        halts.push({ from: e.at, to: Number.POSITIVE_INFINITY })
        applied.push(
          `bridge ${as(e.bridge)} drained at ${when(e.at)}: locked collateral keeps its value; messages halt`,
        )
      } else {
        collateralLosses.push({ at: e.at, fraction: e.fractionLost })
        applied.push(
          `bridge ${as(e.bridge)} drained at ${when(e.at)}: collateral loses ${e.fractionLost} of its backing`,
        )
      }
    }
  }
  return { faults: { oracleFloors, halts, collateralLosses }, applied, skipped, attacker }
}

/** Result of {@link attackerLoss}. Money in USD. */
export type AttackerLossReturnType = {
  /** What the attacker borrowed in the scenario. */
  readonly borrowedUsd: number
  /** What it could borrow on this market: min(borrowed, supply cap · LTV). */
  readonly badDebtUsd: number
  /** The cap that bounds it, when one is given. */
  readonly boundUsd: number | undefined
}

/**
 * The loss an `unbacked-mint` attacker leaves on a market, kept apart from the protocol's book:
 * the forged collateral is worth nothing to a lender, so all it borrowed is bad debt. A supply
 * cap bounds it: the attacker can post at most the cap, and borrow at most cap · LTV.
 *
 * @example
 * ```ts
 * attackerLoss(kelpEvent, { ltv: 0.7, supplyCapUsd: 10_000_000 }).badDebtUsd // 7_000_000
 * ```
 */
export function attackerLoss(
  event: Extract<FaultEvent, { kind: 'unbacked-mint' }>,
  market: { readonly ltv: number; readonly supplyCapUsd?: number | undefined },
): AttackerLossReturnType {
  if (!(market.ltv > 0 && market.ltv < 1)) throw new OutOfRangeError('ltv', market.ltv, '(0, 1)')
  const cap = market.supplyCapUsd
  if (cap !== undefined && !(cap >= 0)) throw new OutOfRangeError('supplyCapUsd', cap, '[0, ∞)')
  const bound = cap === undefined ? undefined : cap * market.ltv
  const borrowed = Math.min(event.borrowedUsd, event.collateralPostedUsd * market.ltv)
  return {
    borrowedUsd: event.borrowedUsd,
    badDebtUsd: bound === undefined ? borrowed : Math.min(borrowed, bound),
    boundUsd: bound,
  }
}
