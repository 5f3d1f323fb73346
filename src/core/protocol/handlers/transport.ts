import { InvalidEventError } from '../errors.js'
import { CHANNELS, type Channel, type Message, type MessageKind } from '../events.js'
import type { ProtocolState, RouteState } from '../state.js'
import { type HandlerContext, show } from './context.js'

/** What {@link send} puts on the wire. */
export type SendParameters = {
  readonly route: RouteState
  /** `CHANNELS.toDebt` (home → debt chain) or `CHANNELS.toHome`. */
  readonly channel: Channel
  readonly kind: MessageKind
  readonly account: number
  readonly amount: bigint
  /** The part of `amount` a genuine lock backs: `amount` for a lock's credit, 0 for a forged one or a request. */
  readonly backed: bigint
  /** The liquidation a `seize` message settles. */
  readonly liquidation?: number
}

function carriesCollateral(kind: MessageKind): boolean {
  return kind === 'credit' || kind === 'release' || kind === 'seize'
}

/**
 * Sends a message on a route's channel. Latency: base × the sending chain's congestion (hybrid
 * returns: the fixed exit window instead) + jitter · (U or Exp(1)) + finality.
 */
export function send(state: ProtocolState, parameters: SendParameters, ctx: HandlerContext): Message {
  const { route: r, channel, kind, amount, backed } = parameters
  const cfg = r.config
  const toDebt = channel === CHANNELS.toDebt
  const from = toDebt ? r.homeChain : r.debtChain
  // a hybrid exit waits a fixed window (a challenge or proving period, a clock that congestion
  // does not stretch); relaying a message takes longer when its chain is congested
  const base =
    !toDebt && cfg.architecture === 'hybrid-l2'
      ? (cfg.exitSeconds ?? 0)
      : cfg.latencySeconds * from.congestion
  const rng = state.rng
  const jitter =
    rng && cfg.jitterSeconds > 0
      ? cfg.jitterSeconds * (cfg.jitterDistribution === 'exponential' ? rng.exponential() : rng.next())
      : 0
  const latency = base + jitter + from.config.finalityBlocks * from.config.blockSeconds
  const ch = r.channels[channel]
  const message: Message = {
    id: state.nextMessageId++,
    route: r.index,
    channel,
    nonce: ch.nextNonce++,
    kind,
    account: parameters.account,
    amount,
    backed,
    forged: backed < amount && kind === 'credit',
    sentAt: state.time,
    deliverAt: state.time + latency,
    status: 'inFlight',
    ...(parameters.liquidation === undefined ? {} : { liquidation: parameters.liquidation }),
  }
  ch.log.push(message)
  if (carriesCollateral(kind)) r.inFlight += backed
  ctx.schedule({ type: 'deliver', at: message.deliverAt, message })
  ctx.trace?.(
    toDebt ? cfg.home : cfg.debt,
    `send ${kind} #${message.nonce} of ${show(amount, state.collateralScale)} → arrives t=${message.deliverAt}`,
  )
  return message
}

/** The oldest message still in flight on a channel (held ones are skipped, not passed). */
export function oldestInFlight(r: RouteState, channel: Channel): Message | undefined {
  const ch = r.channels[channel]
  for (let m = ch.log[ch.head]; m && m.status !== 'inFlight' && m.status !== 'held'; m = ch.log[ch.head])
    ch.head++
  for (let i = ch.head; i < ch.log.length; i++) {
    const m = ch.log[i]
    if (m?.status === 'inFlight') return m
  }
  return undefined
}

/** An event's channel, checked. */
export function channelOf(event: { readonly channel: number }): Channel {
  if (event.channel !== CHANNELS.toDebt && event.channel !== CHANNELS.toHome)
    throw new InvalidEventError(`channel must be 0 or 1`)
  return event.channel
}
