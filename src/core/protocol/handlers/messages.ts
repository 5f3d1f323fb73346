import { mulDivUp } from '../../math/muldiv.js'
import { InvalidEventError } from '../errors.js'
import {
  CHANNELS,
  type CreditEvent,
  type DebitEvent,
  type DeliverEvent,
  type Message,
  type ReleaseEvent,
  type SeizeEvent,
  type WithdrawalMessageEvent,
} from '../events.js'
import type { ProtocolState, RouteState } from '../state.js'
import { debitCredit, recordBadDebt, refresh, valueDown, withinLtv } from './accounts.js'
import { at, type HandlerContext, reject, route, show, violate } from './context.js'
import { send } from './transport.js'

function applyMessage(
  state: ProtocolState,
  r: RouteState,
  m: Message,
  replay: boolean,
  ctx: HandlerContext,
): void {
  switch (m.kind) {
    case 'credit':
      applyCredit(state, r, m, replay, ctx)
      return
    case 'withdrawal':
      applyWithdrawal(state, r, m, ctx)
      return
    case 'debit':
      applyDebit(state, r, m, ctx)
      return
    case 'release':
      applyRelease(state, r, m, replay, ctx)
      return
    case 'seize':
      applySeize(state, r, m, replay, ctx)
      return
  }
}

/**
 * A message arrives. Parked while its route is halted; re-queued if a reorder delayed it.
 * Reference design: each nonce executes once and in order (later nonces are held until the gap
 * fills; replays are refused). Naive design: executes whatever arrives, replays included (and
 * records the `nonce-replay` violation).
 *
 * @example
 * ```ts
 * handleDeliver(state, { type: 'deliver', at: 60, message }, ctx)
 * ```
 */
export function handleDeliver(state: ProtocolState, event: DeliverEvent, ctx: HandlerContext): void {
  const m = event.message
  const r = route(state, m.route)
  if (m.status === 'dropped') return
  if (r.halted) {
    r.parked.push(m)
    ctx.trace?.(-1, `${m.kind} #${m.nonce} parked (route ${m.route} halted)`)
    return
  }
  if (state.time < m.deliverAt) {
    ctx.schedule({ type: 'deliver', at: m.deliverAt, message: m })
    return
  }
  const ch = r.channels[m.channel]
  if (ch.executed.has(m.nonce)) {
    if (state.design === 'reference') {
      state.counters.replaysBlocked++
      ctx.trace?.(-1, `replay of nonce ${m.nonce} refused`)
      return
    }
    state.counters.replaysExecuted++
    violate(state, 'nonce-replay', m.route)
    applyMessage(state, r, m, true, ctx)
    return
  }
  if (state.design === 'naive') {
    ch.executed.add(m.nonce)
    applyMessage(state, r, m, false, ctx)
    return
  }
  if (m.nonce !== ch.expected) {
    m.status = 'held'
    ch.held.set(m.nonce, m)
    state.counters.outOfOrderHeld++
    ctx.trace?.(-1, `${m.kind} #${m.nonce} held until #${ch.expected} arrives`)
    return
  }
  ch.executed.add(m.nonce)
  ch.expected++
  applyMessage(state, r, m, false, ctx)
  for (let next = ch.held.get(ch.expected); next; next = ch.held.get(ch.expected)) {
    ch.held.delete(ch.expected)
    ch.executed.add(next.nonce)
    ch.expected++
    applyMessage(state, r, next, false, ctx)
  }
}

function applyCredit(
  state: ProtocolState,
  r: RouteState,
  m: Message,
  replay: boolean,
  ctx: HandlerContext,
): void {
  const a = m.account
  const limit = r.config.rateLimit
  if (limit && state.design === 'reference') {
    const refilled = r.bucketLevel + limit.refillPerSecond * BigInt(Math.floor(state.time - r.bucketAt))
    r.bucketLevel = refilled < limit.capacity ? refilled : limit.capacity
    r.bucketAt = Math.floor(state.time)
    if (m.amount > r.bucketLevel) {
      m.status = 'rejected'
      reject(state, 'credit-rate-limit')
      ctx.trace?.(r.config.debt, `credit #${m.nonce} over the rate limit (collateral stays in flight)`)
      return
    }
    r.bucketLevel -= m.amount
  }
  const forged = m.amount - m.backed
  const acc = state.accounts
  acc.credit[a] = at(acc.credit, a) + m.amount
  acc.forged[a] = at(acc.forged, a) + forged
  r.credited += m.amount
  r.forgedOutstanding += forged
  r.forgedIssued += forged
  if (!replay) r.inFlight -= m.backed
  m.status = 'applied'
  ctx.trace?.(
    r.config.debt,
    `credit ${show(m.amount, state.collateralScale)} to account ${a}${forged > 0n ? ' (forged)' : ''}`,
  )
  refresh(state, a, ctx)
}

function applyWithdrawal(state: ProtocolState, r: RouteState, m: Message, ctx: HandlerContext): void {
  const a = m.account
  const acc = state.accounts
  const credit = at(acc.credit, a)
  if (m.amount > credit || !withinLtv(state, r, credit - m.amount, at(acc.debt, a))) {
    m.status = 'rejected'
    reject(state, 'withdraw-ltv')
    ctx.trace?.(
      r.config.debt,
      `withdrawal of ${show(m.amount, state.collateralScale)} by account ${a} refused`,
    )
    return
  }
  const backed = debitCredit(state, r, a, m.amount, true)
  m.status = 'applied'
  ctx.trace?.(
    r.config.debt,
    `debit ${show(m.amount, state.collateralScale)} from account ${a}, release follows`,
  )
  send(
    state,
    { route: r, channel: CHANNELS.toHome, kind: 'release', account: a, amount: m.amount, backed },
    ctx,
  )
  refresh(state, a, ctx)
}

function applyDebit(state: ProtocolState, r: RouteState, m: Message, ctx: HandlerContext): void {
  const a = m.account
  const credit = at(state.accounts.credit, a)
  const amount = m.amount < credit ? m.amount : credit
  debitCredit(state, r, a, amount, false)
  m.status = 'applied'
  ctx.trace?.(r.config.debt, `late debit ${show(amount, state.collateralScale)} from account ${a}`)
  refresh(state, a, ctx)
}

/** Pays from the vault the backed part of a message home; returns the unpaid part (units). */
function payFromVault(state: ProtocolState, r: RouteState, m: Message, replay: boolean): bigint {
  const acc = state.accounts
  const locked = at(acc.locked, m.account)
  const pay = m.backed < locked ? m.backed : locked
  acc.locked[m.account] = locked - pay
  r.vaultLocked -= pay
  if (!replay) r.inFlight -= m.backed
  m.status = 'applied'
  return m.amount - pay
}

function applyRelease(
  state: ProtocolState,
  r: RouteState,
  m: Message,
  replay: boolean,
  ctx: HandlerContext,
): void {
  const unpaid = payFromVault(state, r, m, replay)
  const paid = m.amount - unpaid
  r.released += paid
  if (state.accounts.attacker[m.account] === 1) state.attacker.returned += paid
  ctx.trace?.(r.config.home, `release ${show(paid, state.collateralScale)} to account ${m.account}`)
}

function applySeize(
  state: ProtocolState,
  r: RouteState,
  m: Message,
  replay: boolean,
  ctx: HandlerContext,
): void {
  const record = m.liquidation === undefined ? undefined : state.liquidations[m.liquidation]
  if (!record) throw new InvalidEventError(`seize message for unknown liquidation ${m.liquidation}`)
  const liquidator = state.liquidators[record.liquidator]
  if (!liquidator)
    throw new InvalidEventError(`liquidation ${record.id} names unknown liquidator ${record.liquidator}`)
  record.seizeCount++
  if (record.seizeCount > 1) violate(state, 'seize-at-most-once', m.route)
  const unpaid = payFromVault(state, r, m, replay)
  const paid = m.amount - unpaid
  r.seizedHome += paid
  liquidator.collateral[r.config.home] = at(liquidator.collateral, r.config.home) + paid
  // valued up: the protocol's loss is never understated
  if (unpaid > 0n)
    recordBadDebt(
      state,
      m.account,
      'seizeShortfall',
      mulDivUp(unpaid, state.truePriceWad, state.collateralScale),
    )
  if (record.seizeCount === 1) {
    record.tSettled = state.time
    // the liquidator is made whole for a shortfall (booked as bad debt above), so it holds the
    // full seize; what that is worth now against what it repaid is its loss, if any
    const worth = valueDown(state, m.amount, state.truePriceWad)
    if (worth < record.repaidUsd) state.liquidatorLossUsd += record.repaidUsd - worth
  }
  ctx.trace?.(
    r.config.home,
    `seize ${show(paid, state.collateralScale)} for liquidation ${record.id}${unpaid > 0n ? `, ${show(unpaid, state.collateralScale)} missing` : ''}`,
  )
}

/**
 * Applies a verified credit on the debt chain (the reference design's rate limit applies).
 * Normally reached through `deliver`; calling it directly skips the transport checks.
 *
 * @example
 * ```ts
 * handleCredit(state, { type: 'credit', at: 60, message }, ctx)
 * ```
 */
export function handleCredit(state: ProtocolState, event: CreditEvent, ctx: HandlerContext): void {
  applyCredit(state, route(state, event.message.route), event.message, false, ctx)
}

/**
 * Applies a verified withdrawal request on the debt chain: LTV check, debit, release message home.
 *
 * @example
 * ```ts
 * handleWithdrawalMessage(state, { type: 'withdrawalMessage', at: 60, message }, ctx)
 * ```
 */
export function handleWithdrawalMessage(
  state: ProtocolState,
  event: WithdrawalMessageEvent,
  ctx: HandlerContext,
): void {
  applyWithdrawal(state, route(state, event.message.route), event.message, ctx)
}

/**
 * Applies the naive design's after-the-fact debit on the debt chain (at most the credit left).
 *
 * @example
 * ```ts
 * handleDebit(state, { type: 'debit', at: 60, message }, ctx)
 * ```
 */
export function handleDebit(state: ProtocolState, event: DebitEvent, ctx: HandlerContext): void {
  applyDebit(state, route(state, event.message.route), event.message, ctx)
}

/**
 * Applies a release at home: the vault pays the borrower the backed part.
 *
 * @example
 * ```ts
 * handleRelease(state, { type: 'release', at: 60, message }, ctx)
 * ```
 */
export function handleRelease(state: ProtocolState, event: ReleaseEvent, ctx: HandlerContext): void {
  applyRelease(state, route(state, event.message.route), event.message, false, ctx)
}

/**
 * Applies a seize at home: the vault pays the liquidator; what it cannot pay (forged credit, or a
 * naive vault already emptied) is a shortfall booked as bad debt at the true price.
 *
 * @example
 * ```ts
 * handleSeize(state, { type: 'seize', at: 60, message }, ctx)
 * ```
 */
export function handleSeize(state: ProtocolState, event: SeizeEvent, ctx: HandlerContext): void {
  applySeize(state, route(state, event.message.route), event.message, false, ctx)
}
