import { mulDivDown } from '../../math/muldiv.js'
import { BPS } from '../../units/bps.js'
import type { BadDebtEntry, ProtocolState, RouteState } from '../state.js'
import { at, type HandlerContext, routeOf, show } from './context.js'

/**
 * The steps every handler family shares: account health (exact and float), the liquidation
 * trigger, the credit ledger and bad debt.
 */

/** USD WAD value of `units` collateral at `priceWad`, rounded down (against the borrower). */
export function valueDown(state: ProtocolState, units: bigint, priceWad: bigint): bigint {
  return mulDivDown(units, priceWad, state.collateralScale)
}

/**
 * Synthetic routes: share of the wrapped supply a lock backs, `vault / (vault + forged issued)`;
 * 1 for the other architectures (a forged credit there shows up as a seize shortfall instead).
 */
export function backingF(r: RouteState): number {
  if (r.config.architecture !== 'synthetic' || r.forgedIssued === 0n) return 1
  const v = Number(r.vaultLocked)
  return v / (v + Number(r.forgedIssued))
}

/**
 * Whether an account is liquidatable at its debt chain's oracle (exact): `credit · answer · LT < debt`.
 *
 * @example
 * ```ts
 * isLiquidatable(state, 0) // false while healthy
 * ```
 */
export function isLiquidatable(state: ProtocolState, a: number): boolean {
  const acc = state.accounts
  const debt = at(acc.debt, a)
  if (debt === 0n) return false
  const r = routeOf(state, a)
  const weighted = mulDivDown(valueDown(state, at(acc.credit, a), r.oracle.answerWad), r.manager.ltBps, BPS)
  return weighted < debt
}

/** Whether `debt ≤ credit · answer · LTV` after the change (the borrow-side check; exact). */
export function withinLtv(state: ProtocolState, r: RouteState, credit: bigint, debt: bigint): boolean {
  if (debt === 0n) return true
  const o = r.oracle
  if (state.design === 'reference' && o.clamped) return false
  return debt <= mulDivDown(valueDown(state, credit, o.answerWad), r.manager.ltvBps, BPS)
}

/** Reference design: inside the grace period after the route's debt chain's sequencer came back up. */
export function inGrace(state: ProtocolState, r: RouteState): boolean {
  if (state.design !== 'reference') return false
  const grace = r.manager.graceSeconds
  return grace > 0 && state.time < r.debtChain.upSince + grace
}

function chooseLiquidator(state: ProtocolState, c: number): number {
  for (let i = 0; i < state.liquidators.length; i++) {
    const l = state.liquidators[i]
    if (l && at(l.capitalUsd, c) > 0n) return i
  }
  return -1
}

/** Hands an account to the first liquidator with capital on its debt chain (after its reaction delay). */
export function scheduleLiquidation(state: ProtocolState, a: number, ctx: HandlerContext): void {
  const acc = state.accounts
  if (acc.liqPending[a] === 1) return
  const r = routeOf(state, a)
  const l = chooseLiquidator(state, r.config.debt)
  const liquidator = state.liquidators[l]
  if (!liquidator) return
  if (Number.isNaN(at(acc.tOracle, a))) acc.tOracle[a] = state.time
  acc.liqPending[a] = 1
  const delay = liquidator.config.reactionSeconds * r.debtChain.congestion
  ctx.schedule({ type: 'liquidate', at: state.time + delay, account: a, liquidator: l })
}

/**
 * Recomputes an account's float liquidation price after a change, marks when the true price
 * puts it under water (lag start) and schedules a liquidation when the oracle already shows it.
 */
export function refresh(state: ProtocolState, a: number, ctx: HandlerContext): void {
  const acc = state.accounts
  const debt = at(acc.debt, a)
  if (debt === 0n) {
    acc.liqPriceF[a] = 0
    acc.tTrue[a] = Number.NaN
    acc.tOracle[a] = Number.NaN
    return
  }
  const r = routeOf(state, a)
  const credit = Number(at(acc.credit, a)) / Number(state.collateralScale)
  const lt = Number(r.manager.ltBps) / 1e4
  const liq = credit > 0 ? Number(debt) / 1e18 / (credit * lt) : Number.POSITIVE_INFINITY
  acc.liqPriceF[a] = liq
  if (state.truePriceF * backingF(r) < liq) {
    if (Number.isNaN(at(acc.tTrue, a))) acc.tTrue[a] = state.time
    if (liq < state.minFlaggedLiqPriceF) state.minFlaggedLiqPriceF = liq
  } else {
    acc.tTrue[a] = Number.NaN
    if (liq > state.maxLiqPriceF) state.maxLiqPriceF = liq
  }
  if (r.oracle.answerF < liq * (1 + 1e-9) && isLiquidatable(state, a)) scheduleLiquidation(state, a, ctx)
  else if (acc.liqPending[a] === 0) acc.tOracle[a] = Number.NaN
}

/** Takes `amount` off an account's credit, forged part first (or last), and returns the backed part. */
export function debitCredit(
  state: ProtocolState,
  r: RouteState,
  a: number,
  amount: bigint,
  forgedFirst: boolean,
): bigint {
  const acc = state.accounts
  const forged = at(acc.forged, a)
  const credit = at(acc.credit, a)
  const genuine = credit - forged
  const forgedPart = forgedFirst
    ? amount < forged
      ? amount
      : forged
    : amount > genuine
      ? amount - genuine < forged
        ? amount - genuine
        : forged
      : 0n
  acc.credit[a] = credit - amount
  acc.forged[a] = forged - forgedPart
  r.credited -= amount
  r.forgedOutstanding -= forgedPart
  return amount - forgedPart
}

/** Books bad debt (covered by the reserve as far as it goes). */
export function recordBadDebt(
  state: ProtocolState,
  a: number,
  kind: BadDebtEntry['kind'],
  amountUsd: bigint,
): void {
  state.badDebtUsd += amountUsd
  state.reserveUsd -= amountUsd < state.reserveUsd ? amountUsd : state.reserveUsd
  state.badDebt.push({ at: state.time, account: a, kind, amountUsd })
}

/** Writes off an account's debt left with no credit as bad debt. */
export function writeOff(state: ProtocolState, a: number, r: RouteState, ctx: HandlerContext): void {
  const debt = at(state.accounts.debt, a)
  state.accounts.debt[a] = 0n
  recordBadDebt(state, a, 'writeOff', debt)
  ctx.trace?.(r.config.debt, `write off $${show(debt)} of account ${a}`)
  refresh(state, a, ctx)
}
