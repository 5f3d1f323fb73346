import { mulDivDown, mulDivUp } from '../../math/muldiv.js'
import { BPS } from '../../units/bps.js'
import { settlesAtHome } from '../architectures.js'
import { CHANNELS, type LiquidateEvent } from '../events.js'
import type { LiquidationRecord, ProtocolState } from '../state.js'
import { backingF, debitCredit, inGrace, isLiquidatable, refresh, valueDown, writeOff } from './accounts.js'
import { account, at, type HandlerContext, liquidatorOf, routeOf, show } from './context.js'
import { send } from './transport.js'

/**
 * A liquidator acts on the debt chain. If the account is under water at the oracle, it repays
 * `min(debt · closeFactor, capital)` and seizes `repay · (1 + bonus) / answer` collateral
 * (rounded up, against the borrower), capped by the credit (then repay = `credit · answer /
 * (1 + bonus)`, rounded down). It goes ahead only if the seized collateral at the TRUE price
 * covers repay + gas + its profit floor. Debt left with no credit is written off as bad debt
 * (covered by the reserve as far as it goes). Message passing and hybrid send a seize message
 * home; synthetic settles at once. In the reference design a liquidation inside the sequencer
 * grace period waits until it ends.
 *
 * @example
 * ```ts
 * handleLiquidate(state, { type: 'liquidate', at: 400, account: 0, liquidator: 0 }, ctx)
 * ```
 */
export function handleLiquidate(state: ProtocolState, event: LiquidateEvent, ctx: HandlerContext): void {
  const a = account(state, event.account)
  const liquidator = liquidatorOf(state, event.liquidator)
  const acc = state.accounts
  acc.liqPending[a] = 0
  const r = routeOf(state, a)
  const c = r.config.debt
  const m = r.manager
  if (inGrace(state, r)) {
    acc.liqPending[a] = 1
    ctx.schedule({ ...event, at: r.debtChain.upSince + m.graceSeconds })
    ctx.trace?.(c, `liquidation of account ${a} waits for the sequencer grace period`)
    return
  }
  if (!isLiquidatable(state, a)) {
    state.counters.liquidationsSkipped++
    acc.tOracle[a] = Number.NaN
    return
  }
  const answer = r.oracle.answerWad
  const debt = at(acc.debt, a)
  const credit = at(acc.credit, a)
  const capital = at(liquidator.capitalUsd, c)
  const maxRepay = mulDivUp(debt, m.closeFactorBps, BPS)
  let repay = maxRepay < capital ? maxRepay : capital
  if (repay > debt) repay = debt
  if (repay === 0n || credit === 0n) {
    state.counters.liquidationsSkipped++
    if (credit === 0n) writeOff(state, a, r, ctx)
    return
  }
  const bonusFactor = BPS + m.bonusBps
  let seize = mulDivUp(repay * bonusFactor, state.collateralScale, BPS * answer)
  if (seize > credit) {
    seize = credit
    repay = mulDivDown(credit * answer, BPS, state.collateralScale * bonusFactor)
  }
  const exactValue = valueDown(state, seize, state.truePriceWad)
  const backing = backingF(r)
  const trueValue = backing === 1 ? exactValue : BigInt(Math.floor(Number(exactValue) * backing))
  const profit = trueValue - repay - liquidator.config.gasUsd
  if (profit < liquidator.config.minProfitUsd || repay === 0n) {
    state.counters.liquidationsSkipped++
    ctx.trace?.(c, `liquidator ${event.liquidator} skips account ${a} (profit $${show(profit)})`)
    return
  }
  acc.debt[a] = debt - repay
  m.liquidityUsd += repay
  liquidator.capitalUsd[c] = capital - repay
  liquidator.profitUsd += profit
  const backed = debitCredit(state, r, a, seize, true)
  const id = state.liquidations.length
  const record: LiquidationRecord = {
    id,
    account: a,
    liquidator: event.liquidator,
    tTrue: at(acc.tTrue, a),
    tOracle: at(acc.tOracle, a),
    tLiquidation: state.time,
    tSettled: Number.NaN,
    repaidUsd: repay,
    seized: seize,
    seizeCount: 0,
  }
  state.liquidations.push(record)
  ctx.trace?.(
    c,
    `liquidation ${id}: account ${a} repay $${show(repay)} seize ${show(seize, state.collateralScale)}`,
  )
  if (settlesAtHome(r.config.architecture))
    send(
      state,
      {
        route: r,
        channel: CHANNELS.toHome,
        kind: 'seize',
        account: a,
        amount: seize,
        backed,
        liquidation: id,
      },
      ctx,
    )
  else {
    r.wrappedOutside += backed
    liquidator.collateral[c] = at(liquidator.collateral, c) + seize
    record.tSettled = state.time
    record.seizeCount = 1
    if (trueValue < repay) state.liquidatorLossUsd += repay - trueValue
  }
  if (acc.credit[a] === 0n && at(acc.debt, a) > 0n) writeOff(state, a, r, ctx)
  acc.tOracle[a] = Number.NaN
  const tTrue = at(acc.tTrue, a)
  refresh(state, a, ctx)
  if (at(acc.debt, a) > 0n && !Number.isNaN(tTrue) && Number.isNaN(at(acc.tTrue, a))) acc.tTrue[a] = tTrue
}
