import { OutOfRangeError } from '../errors.js'
import { mulDivDown, mulDivUp } from '../math/muldiv.js'
import { quantile } from '../math/stats.js'
import { InvalidEventError } from './errors.js'
import type { ProtocolEvent } from './events.js'
import type { HandlerContext } from './handlers/context.js'
import { checkInvariants, checkInvariantsFull } from './invariants.js'
import { EventQueue } from './queue.js'
import { chainOfEvent, step } from './reducer.js'
import type { ProtocolState, Violation } from './state.js'

/**
 * `off`: no checks; `cheap`: ledger totals after every event (O(routes)); `full`: also every account (O(accounts)).
 *
 * @example `import type { InvariantMode } from './engine.js'`
 */
export type InvariantMode = 'off' | 'cheap' | 'full'

/**
 * Options of `runEvents`.
 *
 * @example `import type { RunOptions } from './engine.js'`
 */
export type RunOptions = {
  readonly invariants?: InvariantMode
  readonly trace?: boolean
}

/**
 * One line of the event log: time, chain, event type and what changed.
 *
 * @example `import type { TraceLine } from './engine.js'`
 */
export type TraceLine = {
  readonly time: number
  readonly chain: string
  readonly event: string
  readonly change: string
}

/**
 * What `runEvents` returns: the final (same, mutated) state, how many events ran, the trace if asked.
 *
 * @example `import type { RunOutcome } from './engine.js'`
 */
export type RunOutcome = {
  readonly state: ProtocolState
  readonly events: number
  readonly trace: TraceLine[]
}

function sortedCopy(events: readonly ProtocolEvent[]): readonly ProtocolEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.at < events[i - 1]!.at) return [...events].sort((a, b) => a.at - b.at) // stable
  return events
}

/**
 * Runs a list of events (and everything they schedule) through the reducer in time order; at
 * equal times the given events come first, in their order, then scheduled ones first-in
 * first-out. Deterministic: the same state, events and rng seed give the same result bit for bit.
 *
 * @example
 * ```ts
 * const { state: end, events } = runEvents(createState(config, createRng(1)), scenarioEvents, { invariants: 'cheap' })
 * ```
 */
export function runEvents(
  state: ProtocolState,
  events: readonly ProtocolEvent[],
  options: RunOptions = {},
): RunOutcome {
  const initial = sortedCopy(events)
  const queue = new EventQueue()
  const mode = options.invariants ?? 'off'
  if (mode !== 'off' && mode !== 'cheap' && mode !== 'full')
    throw new OutOfRangeError('invariants', mode, "'off' | 'cheap' | 'full'")
  const trace: TraceLine[] = []
  let notes: string[] = []
  let noteChain = -1
  const ctx: HandlerContext = {
    schedule: (e) => queue.push(e),
    trace: options.trace
      ? (c, change) => {
          notes.push(change)
          if (noteChain < 0) noteChain = c
        }
      : null,
  }
  let i = 0
  let count = 0
  const n = initial.length
  for (;;) {
    let event: ProtocolEvent | undefined
    if (i < n && initial[i]!.at <= queue.peekAt()) event = initial[i++]
    else event = queue.pop()
    if (event === undefined) break
    count++
    if (options.trace) {
      notes = []
      noteChain = -1
    }
    step(state, event, ctx)
    if (mode === 'cheap') checkInvariants(state)
    else if (mode === 'full') checkInvariantsFull(state)
    if (options.trace) {
      const c = chainOfEvent(state, event)
      const chainIndex = c >= 0 ? c : noteChain
      trace.push({
        time: state.time,
        chain: chainIndex >= 0 ? (state.chains[chainIndex]?.config.name ?? '-') : '-',
        event: event.type,
        change: notes.join('; '),
      })
    }
  }
  return { state, events: count, trace }
}

/**
 * Liquidation lag percentiles in seconds (null without liquidations).
 *
 * @example `import type { LagSummary } from './engine.js'`
 */
export type LagSummary = {
  readonly p50: number | null
  readonly p95: number | null
  readonly max: number | null
  readonly count: number
}

/**
 * Median seconds of each stage of the lag over settled liquidations: true price → oracle shows
 * it, oracle → liquidation, liquidation → seize lands home (0 for synthetic). Null without any.
 *
 * @example `import type { LagStages } from './engine.js'`
 */
export type LagStages = {
  readonly toOracle: number | null
  readonly toLiquidation: number | null
  readonly toSettlement: number | null
}

/**
 * The metrics of a run. USD figures as numbers (from WAD) and exact WAD strings beside them.
 *
 * @example `import type { ProtocolSummary } from './engine.js'`
 */
export type ProtocolSummary = {
  readonly events: number
  readonly endTimeSeconds: number
  readonly badDebtUsd: number
  readonly badDebtWad: string
  readonly realizedBadDebtWad: string
  readonly residualBadDebtWad: string
  readonly attackerProfitUsd: number
  readonly attackerProfitWad: string
  readonly liquidations: number
  /** Liquidators' loss: repaid more than the seized collateral was worth when it landed (slow exits). */
  readonly liquidatorLossUsd: number
  readonly liquidationLagSeconds: LagSummary
  readonly liquidationLagStagesSeconds: LagStages
  readonly reserveUsd: number
  readonly invariantViolations: readonly Violation[]
  readonly counters: ProtocolState['counters']
}

/**
 * Collateral units an account could still take home at the end: the credit its vault lock backs,
 * `min(credit − forged, locked)` (message passing, hybrid), or its wrapped tokens' share of the
 * real backing, `floor(credit · vault / (vault + forgedIssued))` (synthetic, the depeg). Rounded down.
 *
 * @example
 * ```ts
 * backedCollateral(state, 0) // 10n ** 19n for 10 ETH credited and locked
 * ```
 */
export function backedCollateral(state: ProtocolState, a: number): bigint {
  const acc = state.accounts
  const r = state.routes[acc.route[a]!]
  if (!r) throw new InvalidEventError(`account ${a} does not exist (${acc.route.length} accounts)`)
  if (r.config.architecture === 'synthetic') {
    const supply = r.vaultLocked + r.forgedIssued
    return supply === 0n ? 0n : (acc.credit[a]! * r.vaultLocked) / supply
  }
  const genuine = acc.credit[a]! - acc.forged[a]!
  return genuine < acc.locked[a]! ? genuine : acc.locked[a]!
}

/**
 * Debt no collateral covers at the end, at the true price: `Σ max(0, debt − value)` over accounts,
 * value = `floor(backedCollateral · price / 10^decimals)` (rounded down, so the bad debt is never
 * understated). USD WAD.
 *
 * @example
 * ```ts
 * residualBadDebt(state) // 0n when every position is covered
 * ```
 */
export function residualBadDebt(state: ProtocolState): bigint {
  const acc = state.accounts
  let total = 0n
  for (let a = 0; a < acc.route.length; a++) {
    const debt = acc.debt[a]!
    if (debt === 0n) continue
    const value = mulDivDown(backedCollateral(state, a), state.truePriceWad, state.collateralScale)
    if (debt > value) total += debt - value
  }
  return total
}

/**
 * The attacker's net gain at the end, USD WAD, at the final true price `P`:
 *
 * `borrowed − repaid − (locked − returned) · P − costs + Σ_attacker max(0, backed · P − debt)`.
 *
 * The last term is the equity it can still take out of its positions (repay and withdraw), so an
 * honest position with no attack nets exactly 0 and a protocol cannot look safe merely because the
 * attacker left collateral behind. Every rounding favours the attacker (the figure is never
 * understated): the collateral it lost is valued down, its equity up.
 *
 * @example
 * ```ts
 * attackerProfit(state) // 0n for a borrower who only locked and borrowed
 * ```
 */
export function attackerProfit(state: ProtocolState): bigint {
  const at = state.attacker
  const acc = state.accounts
  let equity = 0n
  for (let a = 0; a < acc.route.length; a++) {
    if (acc.attacker[a] !== 1) continue
    const value = mulDivUp(backedCollateral(state, a), state.truePriceWad, state.collateralScale)
    if (value > acc.debt[a]!) equity += value - acc.debt[a]!
  }
  const lost = mulDivDown(at.locked - at.returned, state.truePriceWad, state.collateralScale)
  return at.borrowedUsd - at.repaidUsd - lost - at.costsUsd + equity
}

/**
 * Lag of each settled liquidation, seconds: from the true price making HF < 1 (or, if the true
 * price never did, the oracle showing it) to the seize landing home (synthetic: the liquidation).
 *
 * @example
 * ```ts
 * liquidationLags(state) // [3_912, 4_105]
 * ```
 */
export function liquidationLags(state: ProtocolState): number[] {
  const lags: number[] = []
  for (const l of state.liquidations) {
    if (Number.isNaN(l.tSettled)) continue
    const start = !Number.isNaN(l.tTrue) ? l.tTrue : !Number.isNaN(l.tOracle) ? l.tOracle : l.tLiquidation
    lags.push(l.tSettled - start)
  }
  return lags
}

const toUsd = (wad: bigint): number => Number(wad) / 1e18

/**
 * Median of each lag stage over settled liquidations whose true-price start is known.
 *
 * @example
 * ```ts
 * lagStages(state) // { toOracle: 30, toLiquidation: 12, toSettlement: 60 }
 * ```
 */
export function lagStages(state: ProtocolState): LagStages {
  const oracle: number[] = []
  const liquidation: number[] = []
  const settlement: number[] = []
  for (const l of state.liquidations) {
    if (Number.isNaN(l.tSettled) || Number.isNaN(l.tTrue) || Number.isNaN(l.tOracle)) continue
    oracle.push(l.tOracle - l.tTrue)
    liquidation.push(l.tLiquidation - l.tOracle)
    settlement.push(l.tSettled - l.tLiquidation)
  }
  const median = (xs: number[]) => (xs.length === 0 ? null : quantile(xs, 0.5))
  return { toOracle: median(oracle), toLiquidation: median(liquidation), toSettlement: median(settlement) }
}

/**
 * Summarises a finished run. Bad debt = write-offs + seize shortfalls (realized) + residual at
 * the end; attacker profit as `attackerProfit`.
 *
 * @example
 * ```ts
 * summarize(outcome.state, outcome.events).badDebtUsd
 * ```
 */
export function summarize(state: ProtocolState, events: number): ProtocolSummary {
  const residual = residualBadDebt(state)
  const bad = state.badDebtUsd + residual
  const profit = attackerProfit(state)
  const lags = liquidationLags(state)
  return {
    events,
    endTimeSeconds: state.time,
    badDebtUsd: toUsd(bad),
    badDebtWad: bad.toString(),
    realizedBadDebtWad: state.badDebtUsd.toString(),
    residualBadDebtWad: residual.toString(),
    attackerProfitUsd: toUsd(profit),
    attackerProfitWad: profit.toString(),
    liquidations: state.liquidations.length,
    liquidatorLossUsd: toUsd(state.liquidatorLossUsd),
    liquidationLagSeconds:
      lags.length === 0
        ? { p50: null, p95: null, max: null, count: 0 }
        : {
            p50: quantile(lags, 0.5),
            p95: quantile(lags, 0.95),
            max: lags.reduce((m, x) => (x > m ? x : m), lags[0]!), // no spread: a long run has 10⁵+ lags
            count: lags.length,
          },
    liquidationLagStagesSeconds: lagStages(state),
    reserveUsd: toUsd(state.reserveUsd),
    invariantViolations: state.violations.map((v) => ({ ...v })),
    counters: state.counters,
  }
}
