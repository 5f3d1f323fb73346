import { InvalidEventError } from '../errors.js'
import type { ProtocolEvent, ProtocolEventType } from '../events.js'
import type { ChainState, LiquidatorState, ProtocolState, RouteState } from '../state.js'

/**
 * What a handler may do besides changing the state: schedule follow-up events (the engine puts
 * them in its queue) and, when tracing, describe the state change on a chain.
 *
 * @example `import type { HandlerContext } from './context.js'`
 */
export type HandlerContext = {
  readonly schedule: (event: ProtocolEvent) => void
  readonly trace: ((chain: number, change: string) => void) | null
}

/** The event of one type. @example `const e: EventOf<'lock'> = { type: 'lock', at: 0, account: 0, amount: 1n }` */
export type EventOf<T extends ProtocolEventType> = Extract<ProtocolEvent, { readonly type: T }>

/** A handler applies one event type to the state in place. @example `const h: Handler<LockEvent> = handleLock` */
type Handler<E extends ProtocolEvent> = (state: ProtocolState, event: E, ctx: HandlerContext) => void

/**
 * One handler per event type: the table the reducer dispatches through. A new event type fails to
 * compile until it has a handler.
 *
 * @example `HANDLERS.lock(state, { type: 'lock', at: 0, account: 0, amount: WAD }, ctx)`
 */
export type HandlerTable = { readonly [T in ProtocolEventType]: Handler<EventOf<T>> }

/** A raw amount as a short decimal for the trace (18-decimal USD, or the collateral's decimals). */
export function show(x: bigint, scale: bigint = 10n ** 18n): string {
  return (Number(x) / Number(scale)).toLocaleString('en-US', { maximumFractionDigits: 6 })
}

/**
 * An entry of a per-account (or per-chain) column. The index was checked on entry (`account`,
 * `chainIndex`); a struct-of-arrays column cannot carry that in its type, so the read checks it.
 */
export function at<T>(column: ArrayLike<T>, index: number): T {
  const value = column[index]
  if (value === undefined)
    throw new InvalidEventError(`index ${index} is outside a table of ${column.length}`)
  return value
}

/** An event's account index, checked. */
export function account(state: ProtocolState, a: number): number {
  if (!Number.isInteger(a) || a < 0 || a >= state.accounts.route.length)
    throw new InvalidEventError(`account ${a} does not exist (${state.accounts.route.length} accounts)`)
  return a
}

/** A route by index, checked. */
export function route(state: ProtocolState, r: number): RouteState {
  const found = Number.isInteger(r) ? state.routes[r] : undefined
  if (!found) throw new InvalidEventError(`route ${r} does not exist (${state.routes.length} routes)`)
  return found
}

/** The route an account uses. */
export function routeOf(state: ProtocolState, a: number): RouteState {
  return route(state, at(state.accounts.route, a))
}

/** An event's chain index, checked. */
export function chainIndex(state: ProtocolState, c: number): number {
  if (!Number.isInteger(c) || c < 0 || c >= state.chains.length)
    throw new InvalidEventError(`chain ${c} does not exist (${state.chains.length} chains)`)
  return c
}

/** An event's chain, checked. */
export function chainOf(state: ProtocolState, c: number): ChainState {
  return at(state.chains, chainIndex(state, c))
}

/** A liquidator by index, checked. */
export function liquidatorOf(state: ProtocolState, l: number): LiquidatorState {
  const found = Number.isInteger(l) ? state.liquidators[l] : undefined
  if (!found) throw new InvalidEventError(`liquidator ${l} does not exist`)
  return found
}

/** A positive bigint amount, checked. */
export function positive(name: string, x: bigint): bigint {
  if (typeof x !== 'bigint' || x <= 0n)
    throw new InvalidEventError(`${name} must be a positive bigint, got ${x}`)
  return x
}

/** A duration, finite and ≥ 0, checked. */
export function seconds(name: string, x: number): number {
  if (!Number.isFinite(x) || x < 0)
    throw new InvalidEventError(`${name} must be finite seconds ≥ 0, got ${x}`)
  return x
}

/** Counts a refusal (normal behaviour, not an error). */
export function reject(state: ProtocolState, reason: string): void {
  state.counters.rejected[reason] = (state.counters.rejected[reason] ?? 0) + 1
}

/**
 * Records a broken invariant (first event index and a count; one entry per invariant and route).
 *
 * @example
 * ```ts
 * violate(state, 'nonce-replay', 0)
 * ```
 */
export function violate(state: ProtocolState, invariant: string, routeIndex: number): void {
  for (const v of state.violations)
    if (v.invariant === invariant && v.route === routeIndex) {
      v.count++
      return
    }
  state.violations.push({ invariant, route: routeIndex, firstEvent: state.eventIndex - 1, count: 1 })
}
