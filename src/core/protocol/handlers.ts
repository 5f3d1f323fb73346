import { mulDivDown, mulDivUp } from '../math/muldiv.js'
import { BPS } from '../units/bps.js'
import { settlesAtHome } from './architectures.js'
import { InvalidEventError } from './errors.js'
import type {
  BlockEvent,
  BorrowEvent,
  CreditEvent,
  DebitEvent,
  DeliverEvent,
  DropEvent,
  DuplicateEvent,
  ForgeEvent,
  HaltEvent,
  LiquidateEvent,
  LockEvent,
  Message,
  MessageKind,
  OracleUpdateEvent,
  ParameterUpdateEvent,
  PriceTickEvent,
  ProtocolEvent,
  ReleaseEvent,
  ReorderEvent,
  RepayEvent,
  ResumeEvent,
  SeizeEvent,
  SequencerDownEvent,
  SequencerUpEvent,
  WithdrawalMessageEvent,
  WithdrawEvent,
} from './events.js'
import { PARAMETERS } from './events.js'
import type { ProtocolState, RouteState } from './state.js'

/**
 * What a handler may do besides changing the state: schedule follow-up events (the engine puts
 * them in its queue) and, when tracing, describe the state change on a chain.
 *
 * @example `import type { HandlerContext } from './handlers.js'`
 */
export type HandlerContext = {
  readonly schedule: (event: ProtocolEvent) => void
  readonly trace: ((chain: number, change: string) => void) | null
}

/** @example `const h: Handler<LockEvent> = handleLock` */
export type Handler<E extends ProtocolEvent> = (state: ProtocolState, event: E, ctx: HandlerContext) => void

// ---------------------------------------------------------------- helpers

/** A raw amount as a short decimal for the trace (18-decimal USD, or the collateral's decimals). */
function show(x: bigint, scale: bigint = 10n ** 18n): string {
  return (Number(x) / Number(scale)).toLocaleString('en-US', { maximumFractionDigits: 6 })
}

function account(state: ProtocolState, a: number): number {
  if (!Number.isInteger(a) || a < 0 || a >= state.accounts.route.length)
    throw new InvalidEventError(`account ${a} does not exist (${state.accounts.route.length} accounts)`)
  return a
}

function route(state: ProtocolState, r: number): RouteState {
  const found = Number.isInteger(r) ? state.routes[r] : undefined
  if (!found) throw new InvalidEventError(`route ${r} does not exist (${state.routes.length} routes)`)
  return found
}

function chain(state: ProtocolState, c: number): number {
  if (!Number.isInteger(c) || c < 0 || c >= state.chains.length)
    throw new InvalidEventError(`chain ${c} does not exist (${state.chains.length} chains)`)
  return c
}

function positive(name: string, x: bigint): bigint {
  if (typeof x !== 'bigint' || x <= 0n)
    throw new InvalidEventError(`${name} must be a positive bigint, got ${x}`)
  return x
}

function seconds(name: string, x: number): number {
  if (!Number.isFinite(x) || x < 0)
    throw new InvalidEventError(`${name} must be finite seconds ≥ 0, got ${x}`)
  return x
}

function reject(state: ProtocolState, reason: string): void {
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

function manager(state: ProtocolState, r: RouteState) {
  return state.managers[state.managerOf[r.config.debt]!]!
}

function oracle(state: ProtocolState, r: RouteState) {
  return state.oracles[state.oracleOf[r.config.debt]!]!
}

/** USD WAD value of `units` collateral at `priceWad`, rounded down (against the borrower). */
function valueDown(state: ProtocolState, units: bigint, priceWad: bigint): bigint {
  return mulDivDown(units, priceWad, state.collateralScale)
}

/**
 * Synthetic routes: share of the wrapped supply a lock backs, `vault / (vault + forged issued)`;
 * 1 for the other architectures (a forged credit there shows up as a seize shortfall instead).
 */
function backingF(r: RouteState): number {
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
  const debt = acc.debt[a]!
  if (debt === 0n) return false
  const r = state.routes[acc.route[a]!]!
  const weighted = mulDivDown(
    valueDown(state, acc.credit[a]!, oracle(state, r).answerWad),
    manager(state, r).ltBps,
    BPS,
  )
  return weighted < debt
}

/** Whether `debt ≤ credit · answer · LTV` after the change (the borrow-side check; exact). */
function withinLtv(state: ProtocolState, r: RouteState, credit: bigint, debt: bigint): boolean {
  if (debt === 0n) return true
  const o = oracle(state, r)
  if (state.design === 'reference' && o.clamped) return false
  return debt <= mulDivDown(valueDown(state, credit, o.answerWad), manager(state, r).ltvBps, BPS)
}

/** Reference design: inside the grace period after the debt chain's sequencer came back up. */
function inGrace(state: ProtocolState, c: number): boolean {
  if (state.design !== 'reference') return false
  const m = state.managers[state.managerOf[c]!]!
  return m.graceSeconds > 0 && state.time < state.chains[c]!.upSince + m.graceSeconds
}

function chooseLiquidator(state: ProtocolState, c: number): number {
  for (let i = 0; i < state.liquidators.length; i++) if (state.liquidators[i]!.capitalUsd[c]! > 0n) return i
  return -1
}

function scheduleLiquidation(state: ProtocolState, a: number, ctx: HandlerContext): void {
  const acc = state.accounts
  if (acc.liqPending[a] === 1) return
  const debtChain = state.routes[acc.route[a]!]!.config.debt
  const l = chooseLiquidator(state, debtChain)
  if (l < 0) return
  if (Number.isNaN(acc.tOracle[a]!)) acc.tOracle[a] = state.time
  acc.liqPending[a] = 1
  const delay = state.liquidators[l]!.config.reactionSeconds * state.chains[debtChain]!.congestion
  ctx.schedule({ type: 'liquidate', at: state.time + delay, account: a, liquidator: l })
}

/**
 * Recomputes an account's float liquidation price after a change, marks when the true price
 * puts it under water (lag start) and schedules a liquidation when the oracle already shows it.
 */
function refresh(state: ProtocolState, a: number, ctx: HandlerContext): void {
  const acc = state.accounts
  const debt = acc.debt[a]!
  if (debt === 0n) {
    acc.liqPriceF[a] = 0
    acc.tTrue[a] = Number.NaN
    acc.tOracle[a] = Number.NaN
    return
  }
  const r = state.routes[acc.route[a]!]!
  const credit = Number(acc.credit[a]!) / Number(state.collateralScale)
  const lt = Number(manager(state, r).ltBps) / 1e4
  const liq = credit > 0 ? Number(debt) / 1e18 / (credit * lt) : Number.POSITIVE_INFINITY
  acc.liqPriceF[a] = liq
  if (state.truePriceF * backingF(r) < liq) {
    if (Number.isNaN(acc.tTrue[a]!)) acc.tTrue[a] = state.time
    if (liq < state.minFlaggedLiqPriceF) state.minFlaggedLiqPriceF = liq
  } else {
    acc.tTrue[a] = Number.NaN
    if (liq > state.maxLiqPriceF) state.maxLiqPriceF = liq
  }
  if (oracle(state, r).answerF < liq * (1 + 1e-9) && isLiquidatable(state, a))
    scheduleLiquidation(state, a, ctx)
  else if (acc.liqPending[a] === 0) acc.tOracle[a] = Number.NaN
}

/** Takes `amount` off an account's credit, forged part first (or last), and returns the backed part. */
function debitCredit(
  state: ProtocolState,
  r: RouteState,
  a: number,
  amount: bigint,
  forgedFirst: boolean,
): bigint {
  const acc = state.accounts
  const forged = acc.forged[a]!
  const genuine = acc.credit[a]! - forged
  const forgedPart = forgedFirst
    ? amount < forged
      ? amount
      : forged
    : amount > genuine
      ? amount - genuine < forged
        ? amount - genuine
        : forged
      : 0n
  acc.credit[a] = acc.credit[a]! - amount
  acc.forged[a] = forged - forgedPart
  r.credited -= amount
  r.forgedOutstanding -= forgedPart
  return amount - forgedPart
}

function carriesCollateral(kind: MessageKind): boolean {
  return kind === 'credit' || kind === 'release' || kind === 'seize'
}

/**
 * Sends a message on a route's channel (0 home → debt, 1 debt → home). Latency: base × the
 * sending chain's congestion (hybrid returns: the fixed exit window instead) + jitter · (U or
 * Exp(1)) + finality.
 */
function send(
  state: ProtocolState,
  r: RouteState,
  routeIndex: number,
  channelIndex: 0 | 1,
  kind: MessageKind,
  a: number,
  amount: bigint,
  backed: bigint,
  liquidation: number,
  ctx: HandlerContext,
): Message {
  const cfg = r.config
  const from = state.chains[channelIndex === 0 ? cfg.home : cfg.debt]!
  // a hybrid exit waits a fixed window (a challenge or proving period, a clock that congestion
  // does not stretch); relaying a message takes longer when its chain is congested
  const base =
    channelIndex === 1 && cfg.architecture === 'hybrid-l2'
      ? (cfg.exitSeconds ?? 0)
      : cfg.latencySeconds * from.congestion
  const rng = state.rng
  const jitter =
    rng && cfg.jitterSeconds > 0
      ? cfg.jitterSeconds * (cfg.jitterDistribution === 'exponential' ? rng.exponential() : rng.next())
      : 0
  const latency = base + jitter + from.config.finalityBlocks * from.config.blockSeconds
  const ch = r.channels[channelIndex]
  const message: Message = {
    id: state.nextMessageId++,
    route: routeIndex,
    channel: channelIndex,
    nonce: ch.nextNonce++,
    kind,
    account: a,
    amount,
    backed,
    forged: backed < amount && kind === 'credit',
    sentAt: state.time,
    deliverAt: state.time + latency,
    status: 'inFlight',
    liquidation,
  }
  ch.log.push(message)
  if (carriesCollateral(kind)) r.inFlight += backed
  ctx.schedule({ type: 'deliver', at: message.deliverAt, message })
  ctx.trace?.(
    channelIndex === 0 ? cfg.home : cfg.debt,
    `send ${kind} #${message.nonce} of ${show(amount, state.collateralScale)} → arrives t=${message.deliverAt}`,
  )
  return message
}

function oldestInFlight(r: RouteState, channelIndex: 0 | 1): Message | undefined {
  const ch = r.channels[channelIndex]
  while (
    ch.head < ch.log.length &&
    ch.log[ch.head]!.status !== 'inFlight' &&
    ch.log[ch.head]!.status !== 'held'
  )
    ch.head++
  for (let i = ch.head; i < ch.log.length; i++) if (ch.log[i]!.status === 'inFlight') return ch.log[i]
  return undefined
}

// ---------------------------------------------------------------- market and oracle

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
      const delay = o.config.postDelaySeconds * state.chains[o.config.chain]!.congestion
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
    const liq = acc.liqPriceF[a]!
    if (liq === 0) continue
    const under = price * backingF(state.routes[acc.route[a]!]!) < liq
    const flagged = !Number.isNaN(acc.tTrue[a]!)
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
  const c = chain(state, event.chain)
  const oi = state.oracleOf[c]!
  if (oi < 0) throw new InvalidEventError(`chain ${c} has no oracle`)
  const o = state.oracles[oi]!
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
  const list = state.accountsOnChain[c]!
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!
    if (acc.liqPending[a] === 1 || acc.liqPriceF[a] === 0) continue
    if (o.answerF < acc.liqPriceF[a]! * (1 + 1e-9) && isLiquidatable(state, a))
      scheduleLiquidation(state, a, ctx)
  }
}

// ---------------------------------------------------------------- user actions

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
  const ri = state.accounts.route[a]!
  const r = state.routes[ri]!
  state.accounts.locked[a] = state.accounts.locked[a]! + amount
  r.vaultLocked += amount
  if (state.accounts.attacker[a] === 1) state.attacker.locked += amount
  ctx.trace?.(r.config.home, `account ${a} locks ${show(amount, state.collateralScale)}`)
  send(state, r, ri, 0, 'credit', a, amount, amount, -1, ctx)
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
  const r = state.routes[state.accounts.route[a]!]!
  const m = manager(state, r)
  const newDebt = state.accounts.debt[a]! + x
  if (inGrace(state, r.config.debt)) {
    reject(state, 'borrow-sequencer-grace')
    return
  }
  if (x > m.liquidityUsd) {
    reject(state, 'borrow-liquidity')
    return
  }
  if (!withinLtv(state, r, state.accounts.credit[a]!, newDebt)) {
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
  const debt = state.accounts.debt[a]!
  const x = requested < debt ? requested : debt
  const r = state.routes[state.accounts.route[a]!]!
  state.accounts.debt[a] = debt - x
  manager(state, r).liquidityUsd += x
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
  const ri = state.accounts.route[a]!
  const r = state.routes[ri]!
  const acc = state.accounts
  if (!settlesAtHome(r.config.architecture)) {
    const credit = acc.credit[a]!
    if (amount > credit || !withinLtv(state, r, credit - amount, acc.debt[a]!)) {
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
    send(state, r, ri, 0, 'withdrawal', a, amount, 0n, -1, ctx)
    return
  }
  const locked = acc.locked[a]!
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
  send(state, r, ri, 0, 'debit', a, pay, 0n, -1, ctx)
}

// ---------------------------------------------------------------- liquidation

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
  const liquidator = state.liquidators[event.liquidator]
  if (!liquidator) throw new InvalidEventError(`liquidator ${event.liquidator} does not exist`)
  const acc = state.accounts
  acc.liqPending[a] = 0
  const ri = acc.route[a]!
  const r = state.routes[ri]!
  const c = r.config.debt
  if (inGrace(state, c)) {
    const chainState = state.chains[c]!
    acc.liqPending[a] = 1
    ctx.schedule({ ...event, at: chainState.upSince + manager(state, r).graceSeconds })
    ctx.trace?.(c, `liquidation of account ${a} waits for the sequencer grace period`)
    return
  }
  if (!isLiquidatable(state, a)) {
    state.counters.liquidationsSkipped++
    acc.tOracle[a] = Number.NaN
    return
  }
  const m = manager(state, r)
  const answer = oracle(state, r).answerWad
  const debt = acc.debt[a]!
  const credit = acc.credit[a]!
  const capital = liquidator.capitalUsd[c]!
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
  const record = {
    id,
    account: a,
    liquidator: event.liquidator,
    tTrue: acc.tTrue[a]!,
    tOracle: acc.tOracle[a]!,
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
  if (settlesAtHome(r.config.architecture)) send(state, r, ri, 1, 'seize', a, seize, backed, id, ctx)
  else {
    r.wrappedOutside += backed
    liquidator.collateral[c] = liquidator.collateral[c]! + seize
    record.tSettled = state.time
    record.seizeCount = 1
    if (trueValue < repay) state.liquidatorLossUsd += repay - trueValue
  }
  if (acc.credit[a] === 0n && acc.debt[a]! > 0n) writeOff(state, a, r, ctx)
  acc.tOracle[a] = Number.NaN
  const tTrue = acc.tTrue[a]!
  refresh(state, a, ctx)
  if (acc.debt[a]! > 0n && !Number.isNaN(tTrue) && Number.isNaN(acc.tTrue[a]!)) acc.tTrue[a] = tTrue
}

function writeOff(state: ProtocolState, a: number, r: RouteState, ctx: HandlerContext): void {
  const debt = state.accounts.debt[a]!
  state.accounts.debt[a] = 0n
  recordBadDebt(state, a, 'writeOff', debt)
  ctx.trace?.(r.config.debt, `write off $${show(debt)} of account ${a}`)
  refresh(state, a, ctx)
}

function recordBadDebt(
  state: ProtocolState,
  a: number,
  kind: 'writeOff' | 'seizeShortfall' | 'residual',
  amountUsd: bigint,
): void {
  state.badDebtUsd += amountUsd
  state.reserveUsd -= amountUsd < state.reserveUsd ? amountUsd : state.reserveUsd
  state.badDebt.push({ at: state.time, account: a, kind, amountUsd })
}

// ---------------------------------------------------------------- transport

function applyMessage(state: ProtocolState, m: Message, replay: boolean, ctx: HandlerContext): void {
  switch (m.kind) {
    case 'credit':
      applyCredit(state, m, replay, ctx)
      return
    case 'withdrawal':
      applyWithdrawal(state, m, ctx)
      return
    case 'debit':
      applyDebit(state, m, ctx)
      return
    case 'release':
      applyRelease(state, m, replay, ctx)
      return
    case 'seize':
      applySeize(state, m, replay, ctx)
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
    applyMessage(state, m, true, ctx)
    return
  }
  if (state.design === 'naive') {
    ch.executed.add(m.nonce)
    applyMessage(state, m, false, ctx)
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
  applyMessage(state, m, false, ctx)
  for (let next = ch.held.get(ch.expected); next; next = ch.held.get(ch.expected)) {
    ch.held.delete(ch.expected)
    ch.executed.add(next.nonce)
    ch.expected++
    applyMessage(state, next, false, ctx)
  }
}

function applyCredit(state: ProtocolState, m: Message, replay: boolean, ctx: HandlerContext): void {
  const r = state.routes[m.route]!
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
  acc.credit[a] = acc.credit[a]! + m.amount
  acc.forged[a] = acc.forged[a]! + forged
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

function applyWithdrawal(state: ProtocolState, m: Message, ctx: HandlerContext): void {
  const r = state.routes[m.route]!
  const a = m.account
  const acc = state.accounts
  const credit = acc.credit[a]!
  if (m.amount > credit || !withinLtv(state, r, credit - m.amount, acc.debt[a]!)) {
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
  send(state, r, m.route, 1, 'release', a, m.amount, backed, -1, ctx)
  refresh(state, a, ctx)
}

function applyDebit(state: ProtocolState, m: Message, ctx: HandlerContext): void {
  const r = state.routes[m.route]!
  const a = m.account
  const credit = state.accounts.credit[a]!
  const amount = m.amount < credit ? m.amount : credit
  debitCredit(state, r, a, amount, false)
  m.status = 'applied'
  ctx.trace?.(r.config.debt, `late debit ${show(amount, state.collateralScale)} from account ${a}`)
  refresh(state, a, ctx)
}

/** Pays from the vault the backed part of a message home; returns the unpaid part (units). */
function payFromVault(state: ProtocolState, r: RouteState, m: Message, replay: boolean): bigint {
  const acc = state.accounts
  const locked = acc.locked[m.account]!
  const pay = m.backed < locked ? m.backed : locked
  acc.locked[m.account] = locked - pay
  r.vaultLocked -= pay
  if (!replay) r.inFlight -= m.backed
  m.status = 'applied'
  return m.amount - pay
}

function applyRelease(state: ProtocolState, m: Message, replay: boolean, ctx: HandlerContext): void {
  const r = state.routes[m.route]!
  const unpaid = payFromVault(state, r, m, replay)
  const paid = m.amount - unpaid
  r.released += paid
  if (state.accounts.attacker[m.account] === 1) state.attacker.returned += paid
  ctx.trace?.(r.config.home, `release ${show(paid, state.collateralScale)} to account ${m.account}`)
}

function applySeize(state: ProtocolState, m: Message, replay: boolean, ctx: HandlerContext): void {
  const r = state.routes[m.route]!
  const record = state.liquidations[m.liquidation]
  if (!record) throw new InvalidEventError(`seize message for unknown liquidation ${m.liquidation}`)
  record.seizeCount++
  if (record.seizeCount > 1) violate(state, 'seize-at-most-once', m.route)
  const unpaid = payFromVault(state, r, m, replay)
  const paid = m.amount - unpaid
  r.seizedHome += paid
  const liquidator = state.liquidators[record.liquidator]!
  liquidator.collateral[r.config.home] = liquidator.collateral[r.config.home]! + paid
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
  route(state, event.message.route)
  applyCredit(state, event.message, false, ctx)
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
  route(state, event.message.route)
  applyWithdrawal(state, event.message, ctx)
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
  route(state, event.message.route)
  applyDebit(state, event.message, ctx)
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
  route(state, event.message.route)
  applyRelease(state, event.message, false, ctx)
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
  route(state, event.message.route)
  applySeize(state, event.message, false, ctx)
}

// ---------------------------------------------------------------- faults

/**
 * Halts a route: arriving messages are parked until `resume`.
 *
 * @example
 * ```ts
 * handleHalt(state, { type: 'halt', at: 10, route: 0 }, ctx)
 * ```
 */
export function handleHalt(state: ProtocolState, event: HaltEvent, ctx: HandlerContext): void {
  route(state, event.route).halted = true
  ctx.trace?.(-1, `route ${event.route} halted`)
}

/**
 * Resumes a route: parked messages are delivered in their arrival order, now or at their delivery time.
 *
 * @example
 * ```ts
 * handleResume(state, { type: 'resume', at: 3_600, route: 0 }, ctx)
 * ```
 */
export function handleResume(state: ProtocolState, event: ResumeEvent, ctx: HandlerContext): void {
  const r = route(state, event.route)
  r.halted = false
  for (const m of r.parked)
    ctx.schedule({ type: 'deliver', at: m.deliverAt > state.time ? m.deliverAt : state.time, message: m })
  ctx.trace?.(-1, `route ${event.route} resumed, ${r.parked.length} parked messages released`)
  r.parked.length = 0
}

function channelOf(event: { readonly channel: number }): 0 | 1 {
  if (event.channel !== 0 && event.channel !== 1) throw new InvalidEventError(`channel must be 0 or 1`)
  return event.channel
}

/**
 * Drops the oldest message in flight on a channel; genuine collateral in it stays counted as in flight.
 *
 * @example
 * ```ts
 * handleDrop(state, { type: 'drop', at: 5, route: 0, channel: 0 }, ctx)
 * ```
 */
export function handleDrop(state: ProtocolState, event: DropEvent, ctx: HandlerContext): void {
  const m = oldestInFlight(route(state, event.route), channelOf(event))
  if (!m) return
  m.status = 'dropped'
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} dropped`)
}

/**
 * Delivers the most recently sent message of a channel once more (a replay).
 *
 * @example
 * ```ts
 * handleDuplicate(state, { type: 'duplicate', at: 70, route: 0, channel: 0, delaySeconds: 30 }, ctx)
 * ```
 */
export function handleDuplicate(state: ProtocolState, event: DuplicateEvent, ctx: HandlerContext): void {
  const log = route(state, event.route).channels[channelOf(event)].log
  const m = log[log.length - 1]
  if (!m) return
  const at = Math.max(state.time + seconds('delaySeconds', event.delaySeconds), m.deliverAt)
  ctx.schedule({ type: 'deliver', at, message: m })
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} duplicated`)
}

/**
 * Delays the oldest message in flight on a channel so later ones overtake it.
 *
 * @example
 * ```ts
 * handleReorder(state, { type: 'reorder', at: 5, route: 0, channel: 0, delaySeconds: 600 }, ctx)
 * ```
 */
export function handleReorder(state: ProtocolState, event: ReorderEvent, ctx: HandlerContext): void {
  const delay = seconds('delaySeconds', event.delaySeconds)
  const m = oldestInFlight(route(state, event.route), channelOf(event))
  if (!m) return
  m.deliverAt = Math.max(m.deliverAt, state.time) + delay
  ctx.trace?.(-1, `message #${m.nonce} on route ${event.route} delayed to t=${m.deliverAt}`)
}

/**
 * A compromised verifier sends a credit no lock backs. It carries a valid nonce, so only caps
 * (the reference design's rate limit) bound it.
 *
 * @example
 * ```ts
 * handleForge(state, { type: 'forge', at: 5, route: 0, account: 9, amount: 1_000n * WAD }, ctx)
 * ```
 */
export function handleForge(state: ProtocolState, event: ForgeEvent, ctx: HandlerContext): void {
  const r = route(state, event.route)
  const a = account(state, event.account)
  if (state.accounts.route[a] !== event.route)
    throw new InvalidEventError(`account ${a} is not on route ${event.route}`)
  send(state, r, event.route, 0, 'credit', a, positive('amount', event.amount), 0n, -1, ctx)
}

// ---------------------------------------------------------------- chains and governance

/**
 * The chain's sequencer stops; the reducer parks every event for this chain until it is up.
 *
 * @example
 * ```ts
 * handleSequencerDown(state, { type: 'sequencerDown', at: 100, chain: 1 }, ctx)
 * ```
 */
export function handleSequencerDown(
  state: ProtocolState,
  event: SequencerDownEvent,
  ctx: HandlerContext,
): void {
  state.chains[chain(state, event.chain)]!.sequencerUp = false
  ctx.trace?.(event.chain, 'sequencer down')
}

/**
 * The sequencer is back: parked events run now, in their original order. In the reference
 * design a manager's `sequencerGraceSeconds` then holds borrows and liquidations back.
 *
 * @example
 * ```ts
 * handleSequencerUp(state, { type: 'sequencerUp', at: 900, chain: 1 }, ctx)
 * ```
 */
export function handleSequencerUp(state: ProtocolState, event: SequencerUpEvent, ctx: HandlerContext): void {
  const c = state.chains[chain(state, event.chain)]!
  c.sequencerUp = true
  c.upSince = state.time
  for (const e of c.parked) ctx.schedule({ ...e, at: state.time })
  ctx.trace?.(event.chain, `sequencer up, ${c.parked.length} parked events run`)
  c.parked.length = 0
}

/**
 * A block: the chain's height advances and its congestion (≥ 1) is set if given.
 *
 * @example
 * ```ts
 * handleBlock(state, { type: 'block', at: 12, chain: 0, congestion: 2 }, ctx)
 * ```
 */
export function handleBlock(state: ProtocolState, event: BlockEvent, ctx: HandlerContext): void {
  const c = state.chains[chain(state, event.chain)]!
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
  const c = chain(state, event.chain)
  const mi = state.managerOf[c]!
  if (mi < 0) throw new InvalidEventError(`chain ${c} has no position manager`)
  const m = state.managers[mi]!
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
  for (const a of state.accountsOnChain[c]!) refresh(state, a, ctx)
}
