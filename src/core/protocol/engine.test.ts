import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import type { Architecture } from '../vocabulary.js'
import {
  attackerProfit,
  backedCollateral,
  liquidationLags,
  residualBadDebt,
  runEvents,
  summarize,
} from './engine.js'
import type { ProtocolEvent } from './events.js'
import { twoChainConfig, units } from './scenarios/base.js'
import { createState } from './state.js'

// End to end, one position per architecture, no jitter (so every time is exact):
//   t = 0      lock 10 ETH at home (price $2,000)           credit lands t = 60 (latency 60 s)
//   t = 100    borrow $15,000 = 10 · 2,000 · 0.75 (the LTV limit)
//   t = 1,000  market falls to $1,500: HF = 10 · 1,500 · 0.8 / 15,000 = 0.8 < 1   ← lag starts
//   t = 1,030  oracle round posted (30 s after the deviation trigger)             ← oracle shows it
//   t = 1,042  liquidation (12 s reaction). Close factor 100 %: repay 15,000 would seize
//              15,000 · 1.05 / 1,500 = 10.5 ETH > 10, so seize all 10 ETH and repay
//              10 · 1,500 / 1.05 = 14,285.714285714285714285 (WAD, rounded down)
//              debt left 15,000 − 14,285.714285714285714285 = 714.285714285714285715, no
//              collateral left → written off as bad debt
//   seize lands home: message passing t = 1,042 + 60 = 1,102 (lag 102 s);
//   synthetic settles on the debt chain at t = 1,042 (lag 42 s);
//   hybrid L2 waits the exit window of 3,600 s: t = 4,642 (lag 3,642 s).
// (14,285.714285714285714285 and 714.285714285714285715 checked with python3 integer arithmetic:
//  10e18 · 1500e18 · 10000 // (1e18 · 10500) = 14285714285714285714285; redone independently in
//  review with fractions.Fraction: 15000 − 10·1500/1.05 = 5000/7 = 714.2857142857…, stdlib only.)
const EVENTS: readonly ProtocolEvent[] = [
  { type: 'lock', at: 0, account: 0, amount: units(10) },
  { type: 'borrow', at: 100, account: 0, amountUsd: units(15_000) },
  { type: 'priceTick', at: 1_000, priceWad: units(1_500) },
]
const BAD_DEBT_WAD = 714_285_714_285_714_285_715n
const REPAID_WAD = 14_285_714_285_714_285_714_285n

function endToEnd(architecture: Architecture) {
  const state = createState(
    twoChainConfig({ design: 'reference', architecture, accounts: [{ route: 0 }], exitSeconds: 3_600 }),
  )
  const outcome = runEvents(state, EVENTS, { invariants: 'full' })
  return { state, summary: summarize(state, outcome.events) }
}

describe(runEvents.name, () => {
  it.each([
    ['message-passing', 1_102, 102],
    ['synthetic', 1_042, 42],
    ['hybrid-l2', 4_642, 3_642],
  ] as const)('%s: lock, credit, borrow, fall, liquidation, seize; lag and bad debt by hand', (arch, settled, lag) => {
    const { state, summary } = endToEnd(arch as Architecture)
    const l = state.liquidations[0]!
    expect(state.liquidations).toHaveLength(1)
    expect([l.tTrue, l.tOracle, l.tLiquidation, l.tSettled]).toEqual([1_000, 1_030, 1_042, settled])
    expect(l.seized).toBe(units(10))
    expect(l.repaidUsd).toBe(REPAID_WAD)
    expect(liquidationLags(state)).toEqual([lag])
    expect(summary.liquidationLagSeconds).toEqual({ p50: lag, p95: lag, max: lag, count: 1 })
    // stages: oracle 30 s, reaction 12 s, then the seize message (60 s, 0 s or 3,600 s)
    expect(summary.liquidationLagStagesSeconds).toEqual({
      toOracle: 30,
      toLiquidation: 12,
      toSettlement: lag - 42,
    })
    expect(state.badDebtUsd).toBe(BAD_DEBT_WAD)
    expect(summary.badDebtWad).toBe(BAD_DEBT_WAD.toString())
    expect(summary.invariantViolations).toEqual([])
    if (arch === 'synthetic') expect(state.routes[0]!.wrappedOutside).toBe(units(10))
    else {
      expect(state.routes[0]!.vaultLocked).toBe(0n)
      expect(state.liquidators[0]!.collateral[0]).toBe(units(10))
    }
  })

  it('hybrid: the price keeps falling during the exit window; the liquidator, not the protocol, loses', () => {
    const state = createState(
      twoChainConfig({
        design: 'reference',
        architecture: 'hybrid-l2',
        accounts: [{ route: 0 }],
        exitSeconds: 3_600,
      }),
    )
    const out = runEvents(state, [...EVENTS, { type: 'priceTick', at: 2_000, priceWad: units(1_300) }], {
      invariants: 'full',
    })
    // the liquidator repaid 14,285.714285714285714285 at t = 1,042 and receives 10 ETH at t = 4,642
    // worth 10 · 1,300 = 13,000: its loss is 1,285.714285714285714285
    expect(state.liquidatorLossUsd).toBe(REPAID_WAD - units(13_000))
    expect(summarize(state, out.events).liquidatorLossUsd).toBeCloseTo(1_285.714285714, 6)
    expect(state.badDebtUsd).toBe(BAD_DEBT_WAD)
  })

  it('runs events of equal time in the given order, then scheduled ones', () => {
    const state = createState(
      twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
    )
    const out = runEvents(
      state,
      [
        { type: 'lock', at: 0, account: 0, amount: units(1) },
        { type: 'borrow', at: 60, account: 0, amountUsd: units(1) }, // before the credit landing at 60
      ],
      { trace: true },
    )
    expect(out.trace.map((t) => t.event)).toEqual(['lock', 'borrow', 'deliver'])
    expect(state.counters.rejected['borrow-ltv']).toBe(1)
    expect(out.trace[0]!.chain).toBe('ethereum')
  })

  it('refuses an unknown invariant mode', () => {
    const state = createState(
      twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
    )
    expect(() => runEvents(state, [], { invariants: 'some' as never })).toThrow(OutOfRangeError)
  })

  it('sorts unsorted input by time', () => {
    const state = createState(
      twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
    )
    runEvents(state, [
      { type: 'borrow', at: 100, account: 0, amountUsd: units(1) },
      { type: 'lock', at: 0, account: 0, amount: units(1) },
    ])
    expect(state.accounts.debt[0]).toBe(units(1))
  })
})

describe(residualBadDebt.name, () => {
  it('counts debt that backed credit does not cover at the true price', () => {
    const state = createState(
      twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
    )
    runEvents(state, [
      { type: 'lock', at: 0, account: 0, amount: units(1) },
      { type: 'borrow', at: 100, account: 0, amountUsd: units(1_500) },
    ])
    state.truePriceWad = units(1_000) // no liquidation ran: 1,500 − 1 · 1,000 = 500
    expect(residualBadDebt(state)).toBe(units(500))
  })
})

describe(backedCollateral.name, () => {
  it('message passing: the genuine credit the vault still holds, min(credit − forged, locked)', () => {
    const state = createState(
      twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
    )
    runEvents(state, [
      { type: 'lock', at: 0, account: 0, amount: units(3) },
      { type: 'forge', at: 1, route: 0, account: 0, amount: units(5) },
    ])
    // credit 8 (5 forged), locked 3 → 3
    expect(backedCollateral(state, 0)).toBe(units(3))
  })
  it('synthetic: the share of the real backing, credit · vault / (vault + forged issued)', () => {
    const state = createState(
      twoChainConfig({ design: 'naive', architecture: 'synthetic', accounts: [{ route: 0 }, { route: 0 }] }),
    )
    runEvents(state, [
      { type: 'lock', at: 0, account: 0, amount: units(3) },
      { type: 'forge', at: 1, route: 0, account: 1, amount: units(1) },
    ])
    // 3 · 3 / (3 + 1) = 2.25
    expect(backedCollateral(state, 0)).toBe(units(2.25))
  })
})

describe(attackerProfit.name, () => {
  it('an ordinary loan nets 0 whatever the price does (the equity left counts)', () => {
    const state = createState(
      twoChainConfig({
        design: 'reference',
        architecture: 'message-passing',
        accounts: [{ route: 0, attacker: true }],
      }),
    )
    runEvents(state, [
      { type: 'lock', at: 0, account: 0, amount: units(10) },
      { type: 'borrow', at: 100, account: 0, amountUsd: units(9_000) },
      { type: 'priceTick', at: 200, priceWad: units(2_500) },
    ])
    // 9,000 − 10 · 2,500 + (25,000 − 9,000) = 0
    expect(attackerProfit(state)).toBe(0n)
  })
  it('counts collateral taken home, equity and push costs', () => {
    const state = createState(
      twoChainConfig({
        design: 'naive',
        architecture: 'message-passing',
        accounts: [{ route: 0, attacker: true }],
      }),
    )
    runEvents(state, [
      { type: 'lock', at: 0, account: 0, amount: units(10) },
      { type: 'borrow', at: 100, account: 0, amountUsd: units(9_000) },
      { type: 'oracleUpdate', at: 150, chain: 1, answerWad: units(2_000), costUsd: units(100) },
      { type: 'withdraw', at: 200, account: 0, amount: units(4) },
    ])
    // naive vault pays 4 ETH; the debit leaves credit 6 · 2,000 = 12,000 > 9,000 debt → equity 3,000:
    // 9,000 − (10 − 4) · 2,000 − 100 + 3,000 = −100 (the push cost, nothing else)
    expect(attackerProfit(state)).toBe(-units(100))
  })
})
