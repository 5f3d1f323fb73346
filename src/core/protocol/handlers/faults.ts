import { InvalidEventError } from '../errors.js'
import {
  CHANNELS,
  type DropEvent,
  type DuplicateEvent,
  type ForgeEvent,
  type HaltEvent,
  type ReorderEvent,
  type ResumeEvent,
  type SequencerDownEvent,
  type SequencerUpEvent,
} from '../events.js'
import type { ProtocolState } from '../state.js'
import { account, chainOf, type HandlerContext, positive, route, seconds } from './context.js'
import { channelOf, oldestInFlight, send } from './transport.js'

/**
 * Halts a route: arriving messages are parked until `resume`.
 *
 * @example
 * ```ts
 * handleHalt(state, { type: 'halt', at: 10, route: 0 }, ctx)
 * ```
 */
export function handleHalt(state: ProtocolState, event: HaltEvent, ctx: HandlerContext): void {
  route(state, event.route).halted = true
  ctx.trace?.(-1, `route ${event.route} halted`)
}

/**
 * Resumes a route: parked messages are delivered in their arrival order, now or at their delivery time.
 *
 * @example
 * ```ts
 * handleResume(state, { type: 'resume', at: 3_600, route: 0 }, ctx)
 * ```
 */
export function handleResume(state: ProtocolState, event: ResumeEvent, ctx: HandlerContext): void {
  const r = route(state, event.route)
  r.halted = false
  for (const m of r.parked)
    ctx.schedule({ type: 'deliver', at: m.deliverAt > state.time ? m.deliverAt : state.time, message: m })
  ctx.trace?.(-1, `route ${event.route} resumed, ${r.parked.length} parked messages released`)
  r.parked.length = 0
}

/**
 * Drops the oldest message in flight on a channel; genuine collateral in it stays counted as in flight.
 *
 * @example
 * ```ts
 * handleDrop(state, { type: 'drop', at: 5, route: 0, channel: 0 }, ctx)
 * ```
 */
export function handleDrop(state: ProtocolState, event: DropEvent, ctx: HandlerContext): void {
  const m = oldestInFlight(route(state, event.route), channelOf(event))
  if (!m) return
  m.status = 'dropped'
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} dropped`)
}

/**
 * Delivers the most recently sent message of a channel once more (a replay).
 *
 * @example
 * ```ts
 * handleDuplicate(state, { type: 'duplicate', at: 70, route: 0, channel: 0, delaySeconds: 30 }, ctx)
 * ```
 */
export function handleDuplicate(state: ProtocolState, event: DuplicateEvent, ctx: HandlerContext): void {
  const log = route(state, event.route).channels[channelOf(event)].log
  const m = log[log.length - 1]
  if (!m) return
  const at = Math.max(state.time + seconds('delaySeconds', event.delaySeconds), m.deliverAt)
  ctx.schedule({ type: 'deliver', at, message: m })
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} duplicated`)
}

/**
 * Delays the oldest message in flight on a channel so later ones overtake it.
 *
 * @example
 * ```ts
 * handleReorder(state, { type: 'reorder', at: 5, route: 0, channel: 0, delaySeconds: 600 }, ctx)
 * ```
 */
export function handleReorder(state: ProtocolState, event: ReorderEvent, ctx: HandlerContext): void {
  const delay = seconds('delaySeconds', event.delaySeconds)
  const m = oldestInFlight(route(state, event.route), channelOf(event))
  if (!m) return
  m.deliverAt = Math.max(m.deliverAt, state.time) + delay
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} delayed to t=${m.deliverAt}`)
}

/**
 * A compromised verifier sends a credit no lock backs. It carries a valid nonce, so only caps
 * (the reference design's rate limit) bound it.
 *
 * @example
 * ```ts
 * handleForge(state, { type: 'forge', at: 5, route: 0, account: 9, amount: 1_000n * WAD }, ctx)
 * ```
 */
export function handleForge(state: ProtocolState, event: ForgeEvent, ctx: HandlerContext): void {
  const r = route(state, event.route)
  const a = account(state, event.account)
  if (state.accounts.route[a] !== event.route)
    throw new InvalidEventError(`account ${a} is not on route ${event.route}`)
  const amount = positive('amount', event.amount)
  send(state, { route: r, channel: CHANNELS.toDebt, kind: 'credit', account: a, amount, backed: 0n }, ctx)
}

/**
 * The chain's sequencer stops; the reducer parks every event for this chain until it is up.
 *
 * @example
 * ```ts
 * handleSequencerDown(state, { type: 'sequencerDown', at: 100, chain: 1 }, ctx)
 * ```
 */
export function handleSequencerDown(
  state: ProtocolState,
  event: SequencerDownEvent,
  ctx: HandlerContext,
): void {
  chainOf(state, event.chain).sequencerUp = false
  ctx.trace?.(event.chain, 'sequencer down')
}

/**
 * The sequencer is back: parked events run now, in their original order. In the reference
 * design a manager's `sequencerGraceSeconds` then holds borrows and liquidations back.
 *
 * @example
 * ```ts
 * handleSequencerUp(state, { type: 'sequencerUp', at: 900, chain: 1 }, ctx)
 * ```
 */
export function handleSequencerUp(state: ProtocolState, event: SequencerUpEvent, ctx: HandlerContext): void {
  const c = chainOf(state, event.chain)
  c.sequencerUp = true
  c.upSince = state.time
  for (const e of c.parked) ctx.schedule({ ...e, at: state.time })
  ctx.trace?.(event.chain, `sequencer up, ${c.parked.length} parked events run`)
  c.parked.length = 0
}
