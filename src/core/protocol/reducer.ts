import { assertUnreachable } from '../vocabulary.js'
import { settlesAtHome } from './architectures.js'
import { InvalidEventError, ProtocolEventError } from './errors.js'
import type { ProtocolEvent, ProtocolEventType } from './events.js'
import type { EventOf, HandlerContext, HandlerTable } from './handlers/context.js'
import { HANDLERS } from './handlers/table.js'
import type { ProtocolState } from './state.js'

/**
 * An effect the shell performs: schedule an event (the engine's queue).
 *
 * @example `import type { ProtocolEffect } from './reducer.js'`
 */
export type ProtocolEffect = { readonly kind: 'schedule'; readonly event: ProtocolEvent }

const unknownEvent = (value: unknown) =>
  new InvalidEventError(`unknown event type ${JSON.stringify((value as { type?: unknown }).type)}`)

function accountChain(state: ProtocolState, a: number, debtSide: boolean): number {
  const r = state.routes[state.accounts.route[a] ?? -1]
  if (!r) return -1
  return debtSide ? r.config.debt : r.config.home
}

/**
 * The chain an event executes on (−1 for market ticks, faults and sequencer switches); an event
 * for a chain whose sequencer is down waits until it is up.
 *
 * @example
 * ```ts
 * chainOfEvent(state, { type: 'borrow', at: 0, account: 0, amountUsd: 1n }) // the account's debt chain
 * ```
 */
export function chainOfEvent(state: ProtocolState, event: ProtocolEvent): number {
  switch (event.type) {
    case 'lock':
      return accountChain(state, event.account, false)
    case 'borrow':
    case 'repay':
    case 'liquidate':
      return accountChain(state, event.account, true)
    case 'withdraw': {
      const r = state.routes[state.accounts.route[event.account] ?? -1]
      return r ? (settlesAtHome(r.config.architecture) ? r.config.home : r.config.debt) : -1
    }
    case 'deliver':
    case 'credit':
    case 'withdrawalMessage':
    case 'debit':
    case 'release':
    case 'seize': {
      const r = state.routes[event.message.route]
      return r ? (event.message.channel === 0 ? r.config.debt : r.config.home) : -1
    }
    case 'oracleUpdate':
    case 'block':
    case 'parameterUpdate':
      return event.chain
    case 'priceTick':
    case 'halt':
    case 'resume':
    case 'drop':
    case 'duplicate':
    case 'reorder':
    case 'forge':
    case 'sequencerDown':
    case 'sequencerUp':
      return -1
    default:
      return assertUnreachable(event, unknownEvent)
  }
}

/** Runs the table's handler of the event's type (typed per type: no cast, no switch to keep in step). */
function dispatch<T extends ProtocolEventType>(
  handlers: HandlerTable,
  state: ProtocolState,
  event: EventOf<T>,
  ctx: HandlerContext,
): void {
  const type: T = event.type
  if (!Object.hasOwn(handlers, type)) throw unknownEvent(event)
  handlers[type](state, event, ctx)
}

/**
 * Applies one event in place (the engine's fast path: no allocation of its own). Advances the
 * clock to `event.at`, parks events for a chain whose sequencer is down (blocks on it are not
 * produced), and wraps any handler failure in a `ProtocolEventError` carrying the event's index
 * and the event.
 *
 * @example
 * ```ts
 * step(state, { type: 'lock', at: 0, account: 0, amount: WAD }, { schedule: (e) => queue.push(e), trace: null })
 * ```
 */
export function step(state: ProtocolState, event: ProtocolEvent, ctx: HandlerContext): void {
  const index = state.eventIndex++
  try {
    if (!Number.isFinite(event.at) || event.at < state.time)
      throw new InvalidEventError(`time ${event.at} is not finite or before the clock (${state.time})`)
    state.time = event.at
    const c = chainOfEvent(state, event)
    if (c >= 0) {
      const chain = state.chains[c]
      if (!chain) throw new InvalidEventError(`chain ${c} does not exist`)
      if (!chain.sequencerUp) {
        if (event.type !== 'block') chain.parked.push(event)
        return
      }
    }
    dispatch(HANDLERS, state, event, ctx)
  } catch (error) {
    if (error instanceof ProtocolEventError) throw error
    throw new ProtocolEventError(index, event, error)
  }
}

/**
 * The reducer: `reduce(state, event) → [state, effects]`. The state is updated IN PLACE and
 * the same object is returned (copying a 1,000-account state per event would cost more than the
 * event); to get an earlier state, replay the events up to it (runs are deterministic). Effects
 * are the events to schedule.
 *
 * @example
 * ```ts
 * const [next, effects] = reduce(state, { type: 'lock', at: 0, account: 0, amount: WAD })
 * effects[0]?.event.type // 'deliver'
 * ```
 */
export function reduce(state: ProtocolState, event: ProtocolEvent): [ProtocolState, ProtocolEffect[]] {
  const effects: ProtocolEffect[] = []
  step(state, event, { schedule: (e) => effects.push({ kind: 'schedule', event: e }), trace: null })
  return [state, effects]
}
