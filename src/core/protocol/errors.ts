import { XcollatError } from '../errors.js'

/**
 * A handler failed on one event. Carries the event's index in the run and the event itself, so
 * a failing run can be replayed up to the event that broke it. Code `XC_PROTOCOL_EVENT`.
 *
 * @example
 * ```ts
 * try { reduce(state, { type: 'borrow', at: 0, account: 99, amountUsd: 1n }) }
 * catch (e) { if (e instanceof ProtocolEventError) report(e.eventIndex, e.event.type) }
 * ```
 */
export class ProtocolEventError extends XcollatError {
  override name = 'ProtocolEventError'
  readonly eventIndex: number
  readonly event: unknown
  constructor(eventIndex: number, event: { readonly type: string; readonly at: number }, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`Event #${eventIndex} (${event.type} at t=${event.at}s) failed: ${reason}`, {
      code: 'XC_PROTOCOL_EVENT',
      instruction: 'Fix the event (its account, route, chain or amount) or the scenario that produced it.',
      cause,
    })
    this.eventIndex = eventIndex
    this.event = event
  }
}

/**
 * An event refers to something the protocol state does not have (an account, route or chain
 * index out of range) or carries an invalid amount. Code `XC_INVALID_EVENT`.
 *
 * @example
 * ```ts
 * throw new InvalidEventError('account 7 does not exist (3 accounts)')
 * ```
 */
export class InvalidEventError extends XcollatError {
  override name = 'InvalidEventError'
  constructor(problem: string) {
    super(`Invalid protocol event: ${problem}.`, {
      code: 'XC_INVALID_EVENT',
      instruction: 'Refer only to accounts, routes and chains defined in the protocol configuration.',
    })
  }
}

/**
 * The protocol configuration is inconsistent (a route to a chain that does not exist, LTV above
 * LT, a debt chain without oracle or position manager). Code `XC_INVALID_PROTOCOL_CONFIG`.
 *
 * @example
 * ```ts
 * throw new InvalidProtocolConfigError('ltvBps 9000 exceeds ltBps 8000 on chain 1')
 * ```
 */
export class InvalidProtocolConfigError extends XcollatError {
  override name = 'InvalidProtocolConfigError'
  constructor(problem: string) {
    super(`Invalid protocol configuration: ${problem}.`, {
      code: 'XC_INVALID_PROTOCOL_CONFIG',
      instruction: 'Correct the chains, routes, managers, oracles or accounts of the configuration.',
    })
  }
}

/**
 * No scenario with that name is registered. Code `XC_UNKNOWN_SCENARIO`.
 *
 * @example
 * ```ts
 * throw new UnknownScenarioError('crash-50', ['crash-40-24h', 'replay'])
 * ```
 */
export class UnknownScenarioError extends XcollatError {
  override name = 'UnknownScenarioError'
  constructor(name: string, known: readonly string[]) {
    super(`No scenario named "${name}".`, {
      code: 'XC_UNKNOWN_SCENARIO',
      instruction: `Use one of: ${known.join(', ')} (see \`xcollat scenario --list\`).`,
    })
  }
}
