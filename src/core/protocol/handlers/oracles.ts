import { BPS } from '../../units/bps.js'
import { InvalidEventError } from '../errors.js'
import type { OracleUpdateEvent, PriceTickEvent } from '../events.js'
import type { ProtocolState } from '../state.js'
import { backingF, isLiquidatable, scheduleLiquidation } from './accounts.js'
import { at, chainIndex, type HandlerContext, positive, route, show } from './context.js'

/**
 * A new true price. Each oracle not already posting starts a round when the price deviates by
 * its threshold or its heartbeat has passed (posted `postDelaySeconds · congestion` later); then
 * accounts the new price puts under water get their lag start.
 *
 * @example
 * ```ts
 * handlePriceTick(state, { type: 'priceTick', at: 60, priceWad: 1_600n * WAD }, ctx)
 * ```
 */
export function handlePriceTick(state: ProtocolState, event: PriceTickEvent, ctx: HandlerContext): void {
  const p = positive('priceWad', event.priceWad)
  state.truePriceWad = p
  state.truePriceF = Number(p) / 1e18
  ctx.trace?.(-1, `market $${show(p)}`)
  for (const o of state.oracles) {
    if (o.pending) continue
    const diff = p > o.answerWad ? p - o.answerWad : o.answerWad - p
    if (
      diff * BPS >= o.config.deviationBps * o.answerWad ||
      state.time - o.updatedAt >= o.config.heartbeatSeconds
    ) {
      o.pending = true
      const delay = o.config.postDelaySeconds * at(state.chains, o.config.chain).congestion
      ctx.schedule({ type: 'oracleUpdate', at: state.time + delay, chain: o.config.chain, answerWad: p })
    }
  }
  let depeg = false
  for (const r of state.routes) if (r.forgedIssued > 0n && r.config.architecture === 'synthetic') depeg = true
  const price = state.truePriceF
  if (price >= state.maxLiqPriceF && price < state.minFlaggedLiqPriceF && !depeg) return
  // One pass: mark accounts the price puts under water (lag start), clear those it lifts back
  // above water (the episode ended), and recompute both scan triggers.
  const acc = state.accounts
  let max = 0
  let minFlagged = Number.POSITIVE_INFINITY
  for (let a = 0; a < acc.liqPriceF.length; a++) {
    const liq = at(acc.liqPriceF, a)
    if (liq === 0) continue
    const under = price * backingF(route(state, at(acc.route, a))) < liq
    const flagged = !Number.isNaN(at(acc.tTrue, a))
    if (under) {
      if (!flagged) {
        acc.tTrue[a] = state.time
        ctx.trace?.(-1, `account ${a} under water at the true price`)
      }
      if (liq < minFlagged) minFlagged = liq
    } else {
      if (flagged) acc.tTrue[a] = Number.NaN
      if (liq > max) max = liq
    }
  }
  state.minFlaggedLiqPriceF = minFlagged
  state.maxLiqPriceF = max
}

/**
 * An oracle round lands on a debt chain: the answer is clamped to [minAnswer, maxAnswer], then
 * every account it shows under water is handed to a liquidator (after its reaction delay). A
 * `costUsd` marks an attacker's push: its cost goes to the attacker's ledger and the feed's own
 * pending round still lands.
 *
 * @example
 * ```ts
 * handleOracleUpdate(state, { type: 'oracleUpdate', at: 90, chain: 1, answerWad: 1_600n * WAD }, ctx)
 * ```
 */
export function handleOracleUpdate(
  state: ProtocolState,
  event: OracleUpdateEvent,
  ctx: HandlerContext,
): void {
  const c = chainIndex(state, event.chain)
  const o = state.oracles[at(state.oracleOf, c)]
  if (!o) throw new InvalidEventError(`chain ${c} has no oracle`)
  const raw = positive('answerWad', event.answerWad)
  const answer =
    raw < o.config.minAnswerWad
      ? o.config.minAnswerWad
      : raw > o.config.maxAnswerWad
        ? o.config.maxAnswerWad
        : raw
  o.answerWad = answer
  o.answerF = Number(answer) / 1e18
  o.clamped = answer !== raw
  o.round++
  o.updatedAt = state.time
  if (event.costUsd === undefined) o.pending = false
  else state.attacker.costsUsd += event.costUsd
  ctx.trace?.(
    c,
    `oracle round ${o.round} answer $${show(answer)}${o.clamped ? ' (clamped)' : ''}${event.costUsd === undefined ? '' : ' (attacker push)'}`,
  )
  const acc = state.accounts
  for (const a of at(state.accountsOnChain, c)) {
    if (acc.liqPending[a] === 1 || acc.liqPriceF[a] === 0) continue
    if (o.answerF < at(acc.liqPriceF, a) * (1 + 1e-9) && isLiquidatable(state, a))
      scheduleLiquidation(state, a, ctx)
  }
}
