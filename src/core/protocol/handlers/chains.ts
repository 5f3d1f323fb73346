import { BPS } from '../../units/bps.js'
import { InvalidEventError } from '../errors.js'
import { type BlockEvent, PARAMETERS, type ParameterUpdateEvent } from '../events.js'
import type { ProtocolState } from '../state.js'
import { refresh } from './accounts.js'
import { at, chainIndex, chainOf, type HandlerContext } from './context.js'

/**
 * A block: the chain's height advances and its congestion (≥ 1) is set if given.
 *
 * @example
 * ```ts
 * handleBlock(state, { type: 'block', at: 12, chain: 0, congestion: 2 }, ctx)
 * ```
 */
export function handleBlock(state: ProtocolState, event: BlockEvent, ctx: HandlerContext): void {
  const c = chainOf(state, event.chain)
  c.height++
  if (event.congestion !== undefined) {
    if (!Number.isFinite(event.congestion) || event.congestion < 1)
      throw new InvalidEventError(`congestion must be a finite number ≥ 1, got ${event.congestion}`)
    c.congestion = event.congestion
  }
  ctx.trace?.(event.chain, `block ${c.height}`)
}

/**
 * Governance sets one parameter of a debt chain's manager; LTV must stay ≤ LT. Accounts the new
 * parameters put under water are handed to liquidators.
 *
 * @example
 * ```ts
 * handleParameterUpdate(state, { type: 'parameterUpdate', at: 0, chain: 1, parameter: 'ltBps', valueBps: 7_500n }, ctx)
 * ```
 */
export function handleParameterUpdate(
  state: ProtocolState,
  event: ParameterUpdateEvent,
  ctx: HandlerContext,
): void {
  const c = chainIndex(state, event.chain)
  const m = state.managers[at(state.managerOf, c)]
  if (!m) throw new InvalidEventError(`chain ${c} has no position manager`)
  if (!(PARAMETERS as readonly string[]).includes(event.parameter))
    throw new InvalidEventError(`unknown parameter ${String(event.parameter)}`)
  const v = event.valueBps
  if (typeof v !== 'bigint' || v < 0n || v > BPS)
    throw new InvalidEventError(`valueBps must be in [0, 10000]`)
  const next = { ltBps: m.ltBps, ltvBps: m.ltvBps, bonusBps: m.bonusBps, closeFactorBps: m.closeFactorBps }
  next[event.parameter] = v
  if (next.ltBps === 0n || next.ltvBps === 0n || next.ltvBps > next.ltBps || next.closeFactorBps === 0n)
    throw new InvalidEventError(
      `the update leaves LT ${next.ltBps}, LTV ${next.ltvBps}, close factor ${next.closeFactorBps}`,
    )
  m[event.parameter] = v
  ctx.trace?.(c, `${event.parameter} = ${v}`)
  for (const a of at(state.accountsOnChain, c)) refresh(state, a, ctx)
}
