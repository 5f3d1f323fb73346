import { settlesAtHome } from '../architectures.js'
import { type BorrowEvent, CHANNELS, type LockEvent, type RepayEvent, type WithdrawEvent } from '../events.js'
import type { ProtocolState } from '../state.js'
import { debitCredit, inGrace, refresh, withinLtv } from './accounts.js'
import { account, at, type HandlerContext, positive, reject, routeOf, show } from './context.js'
import { send } from './transport.js'

/**
 * A borrower locks collateral at home; a credit message leaves for the debt chain (for synthetic
 * routes the bridge mints the wrapped token there on delivery).
 *
 * @example
 * ```ts
 * handleLock(state, { type: 'lock', at: 0, account: 0, amount: 10n * WAD }, ctx)
 * ```
 */
export function handleLock(state: ProtocolState, event: LockEvent, ctx: HandlerContext): void {
  const a = account(state, event.account)
  const amount = positive('amount', event.amount)
  const r = routeOf(state, a)
  state.accounts.locked[a] = at(state.accounts.locked, a) + amount
  r.vaultLocked += amount
  if (state.accounts.attacker[a] === 1) state.attacker.locked += amount
  ctx.trace?.(r.config.home, `account ${a} locks ${show(amount, state.collateralScale)}`)
  send(state, { route: r, channel: CHANNELS.toDebt, kind: 'credit', account: a, amount, backed: amount }, ctx)
}

/**
 * Borrow USD on the debt chain: allowed when `debt + x ≤ credit · answer · LTV` and the manager
 * has the liquidity. The reference design also refuses while the oracle answer is clamped at its
 * min or max (the LUNA floor) and during the sequencer grace period. Refusals are counted, not thrown.
 *
 * @example
 * ```ts
 * handleBorrow(state, { type: 'borrow', at: 120, account: 0, amountUsd: 1_000n * WAD }, ctx)
 * ```
 */
export function handleBorrow(state: ProtocolState, event: BorrowEvent, ctx: HandlerContext): void {
  const a = account(state, event.account)
  const x = positive('amountUsd', event.amountUsd)
  const r = routeOf(state, a)
  const m = r.manager
  const newDebt = at(state.accounts.debt, a) + x
  if (inGrace(state, r)) {
    reject(state, 'borrow-sequencer-grace')
    return
  }
  if (x > m.liquidityUsd) {
    reject(state, 'borrow-liquidity')
    return
  }
  if (!withinLtv(state, r, at(state.accounts.credit, a), newDebt)) {
    reject(state, 'borrow-ltv')
    return
  }
  state.accounts.debt[a] = newDebt
  m.liquidityUsd -= x
  if (state.accounts.attacker[a] === 1) state.attacker.borrowedUsd += x
  ctx.trace?.(r.config.debt, `account ${a} borrows $${show(x)}`)
  refresh(state, a, ctx)
}

/**
 * Repay USD on the debt chain (at most the debt).
 *
 * @example
 * ```ts
 * handleRepay(state, { type: 'repay', at: 200, account: 0, amountUsd: 500n * WAD }, ctx)
 * ```
 */
export function handleRepay(state: ProtocolState, event: RepayEvent, ctx: HandlerContext): void {
  const a = account(state, event.account)
  const requested = positive('amountUsd', event.amountUsd)
  const debt = at(state.accounts.debt, a)
  const x = requested < debt ? requested : debt
  const r = routeOf(state, a)
  state.accounts.debt[a] = debt - x
  r.manager.liquidityUsd += x
  if (state.accounts.attacker[a] === 1) state.attacker.repaidUsd += x
  ctx.trace?.(r.config.debt, `account ${a} repays $${show(x)}`)
  refresh(state, a, ctx)
}

/**
 * A withdrawal request. Synthetic: local to the debt chain (LTV check, the wrapped token leaves).
 * Message passing and hybrid, reference: a withdrawal message to the debt chain, which debits
 * first and then releases. Naive: the home vault pays at once and tells the debt chain afterwards.
 *
 * @example
 * ```ts
 * handleWithdraw(state, { type: 'withdraw', at: 300, account: 0, amount: WAD }, ctx)
 * ```
 */
export function handleWithdraw(state: ProtocolState, event: WithdrawEvent, ctx: HandlerContext): void {
  const a = account(state, event.account)
  const amount = positive('amount', event.amount)
  const r = routeOf(state, a)
  const acc = state.accounts
  if (!settlesAtHome(r.config.architecture)) {
    const credit = at(acc.credit, a)
    if (amount > credit || !withinLtv(state, r, credit - amount, at(acc.debt, a))) {
      reject(state, 'withdraw-ltv')
      return
    }
    const backed = debitCredit(state, r, a, amount, false)
    r.wrappedOutside += backed
    if (acc.attacker[a] === 1) state.attacker.returned += amount
    ctx.trace?.(r.config.debt, `account ${a} withdraws ${show(amount, state.collateralScale)} wrapped`)
    refresh(state, a, ctx)
    return
  }
  if (state.design === 'reference') {
    send(
      state,
      { route: r, channel: CHANNELS.toDebt, kind: 'withdrawal', account: a, amount, backed: 0n },
      ctx,
    )
    return
  }
  const locked = at(acc.locked, a)
  const pay = amount < locked ? amount : locked
  if (pay === 0n) {
    reject(state, 'withdraw-empty')
    return
  }
  acc.locked[a] = locked - pay
  r.vaultLocked -= pay
  r.released += pay
  if (acc.attacker[a] === 1) state.attacker.returned += pay
  ctx.trace?.(
    r.config.home,
    `naive vault pays ${show(pay, state.collateralScale)} to account ${a} before the debt chain knows`,
  )
  send(state, { route: r, channel: CHANNELS.toDebt, kind: 'debit', account: a, amount: pay, backed: 0n }, ctx)
}
