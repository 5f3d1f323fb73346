import { describe, expect, it } from 'vitest'
import { createRng } from '../../math/random.js'
import type { Design } from '../architectures.js'
import { runEvents, summarize } from '../engine.js'
import { createState } from '../state.js'
import {
  buildForgedMint,
  buildOracleDelay,
  buildOracleFloor,
  buildReorder,
  buildReplay,
} from './adversarial.js'
import { units } from './base.js'
import type { ScenarioSetup } from './types.js'

function play(setup: ScenarioSetup) {
  const state = createState(setup.config, createRng(1))
  const out = runEvents(state, setup.events, { invariants: 'full' })
  return { state, summary: summarize(state, out.events) }
}

const usd = (wad: string) => BigInt(wad)

describe(buildOracleDelay.name, () => {
  // Attacker: 100 ETH locked at $2,000, $150,000 borrowed; market $1,600 at t = 3,600; push costs $1,000.
  it('reference: the home withdrawal must pass the debt chain, which liquidated first; profit ≤ 0', () => {
    const { state, summary } = play(buildOracleDelay('reference'))
    // liquidation at $1,600: seize 150,000 · 1.05 / 1,600 = 98.4375 ETH, 1.5625 ETH left in the vault
    expect(state.liquidations[0]!.seized).toBe(units(98.4375))
    // profit = 150,000 borrowed − (100 locked − 0 returned) · 1,600 − 1,000 push
    //          + equity left (1.5625 ETH · 1,600 − 0 debt = 2,500) = −8,500
    // (python3 fractions, stdlib: 150000 − 100·1600 − 1000 + (100 − 150000·105/100/1600)·1600 = −8500)
    expect(usd(summary.attackerProfitWad)).toBe(-units(8_500))
    expect(summary.badDebtUsd).toBe(0)
    expect(summary.invariantViolations).toEqual([])
    expect(state.counters.rejected['withdraw-ltv']).toBe(1)
  })
  it('reference, no halt, slow feed: the request meets the pushed $2,000 answer and is still refused', () => {
    const setup = buildOracleDelay('reference')
    const slow = {
      config: { ...setup.config, oracles: [{ ...setup.config.oracles[0]!, postDelaySeconds: 600 }] },
      events: setup.events.filter((e) => e.type !== 'halt' && e.type !== 'resume'),
    }
    const { state, summary } = play(slow)
    // request lands t = 3,665 with the answer at $2,000: debt 150,000 ≤ (100 − w) · 2,000 · 0.75 ⇔ w ≤ 0
    expect(state.counters.rejected['withdraw-ltv']).toBe(1)
    // the feed's round lands at 4,200 and the liquidation follows: same −8,500 as above
    expect(usd(summary.attackerProfitWad)).toBe(-units(8_500))
  })
  it('reference: a push ABOVE the borrow price is an oracle attack no message design stops', () => {
    // Documents the defence's boundary. Answer pushed to $2,500, slow feed (round lands at 4,200):
    // the debt chain allows 150,000 ≤ (100 − w) · 2,500 · 0.75 ⇔ w ≤ 20 ETH, so a request for 20
    // ETH is debited and released before the true round; the liquidation then takes the other 80.
    // profit = 150,000 − (100 − 20) · 1,600 − 1,000 = 21,000 (python3 fractions, stdlib). A
    // single-chain market reading the same feed loses the same: the reference design removes the
    // cross-chain window, not oracle risk.
    const setup = buildOracleDelay('reference')
    const pushed = {
      config: { ...setup.config, oracles: [{ ...setup.config.oracles[0]!, postDelaySeconds: 600 }] },
      events: setup.events
        .filter((e) => e.type !== 'halt' && e.type !== 'resume')
        .map((e) =>
          e.type === 'oracleUpdate'
            ? { ...e, answerWad: units(2_500) }
            : e.type === 'withdraw'
              ? { ...e, amount: units(20) }
              : e,
        ),
    }
    const { state, summary } = play(pushed)
    expect(state.routes[0]!.released).toBe(units(20))
    expect(usd(summary.attackerProfitWad)).toBe(units(21_000))
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive: the vault pays before the debt chain knows; profit > 0 and the seize finds nothing', () => {
    const { summary } = play(buildOracleDelay('naive'))
    // profit = 150,000 − (100 − 100) · 1,600 − 1,000 = 149,000
    expect(usd(summary.attackerProfitWad)).toBe(units(149_000))
    // seize shortfall 98.4375 ETH · $1,600 = $157,500
    expect(usd(summary.badDebtWad)).toBe(units(157_500))
    expect(summary.invariantViolations.map((v) => v.invariant)).toContain('collateral-conserved')
  })
})

describe('forged mint on a synthetic route', () => {
  it('dilutes the wrapped token: backing = 1,000 / (1,000 + forged)', () => {
    // reference: 1,000 forged → backing 1/2 → honest 100 wETH worth 100 · 2,000 · 0.5 = 100,000 = debt
    // (no bad debt); attacker's 1,000 forged wETH worth 1 M against 1.5 M debt → 0.5 M residual.
    const ref = play(buildForgedMint('reference', 'synthetic')).summary
    expect(usd(ref.badDebtWad)).toBe(units(500_000))
    // naive: 10,000 forged → backing 1/11 → each honest 100 wETH is worth 18,181.81…, so the ten honest
    // positions leave 10 · (100,000 − 200,000/11) and the attacker 15 M − 10,000 · 2,000/11 in bad debt:
    // total 1,000,000 − 2,000,000/11 + 15,000,000 − 20,000,000/11 = 16,000,000 − 2,000,000 = 14,000,000
    const naive = play(buildForgedMint('naive', 'synthetic')).summary
    expect(Math.abs(naive.badDebtUsd - 14_000_000)).toBeLessThan(1e-6)
  })
})

describe(buildReplay.name, () => {
  it('reference refuses the second delivery: an ordinary loan, profit 0', () => {
    const { state, summary } = play(buildReplay('reference'))
    // $30,000 refused (limit 10 · 2,000 · 0.75 = 15,000), $15,000 lent:
    // profit = 15,000 − 10 · 2,000 + equity (20,000 − 15,000) = 0
    expect(state.accounts.debt[0]).toBe(units(15_000))
    expect(usd(summary.attackerProfitWad)).toBe(0n)
    expect(state.counters.replaysBlocked).toBe(1)
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive credits twice: profit = 30,000 − 10 · 2,000 + 0 equity = 10,000, all of it bad debt', () => {
    const { summary } = play(buildReplay('naive'))
    expect(usd(summary.attackerProfitWad)).toBe(units(10_000))
    // backed value min(20, 10 locked) · 2,000 = 20,000 against 30,000 debt
    expect(usd(summary.badDebtWad)).toBe(units(10_000))
    expect(summary.invariantViolations.map((v) => v.invariant).sort()).toEqual([
      'collateral-conserved',
      'nonce-replay',
    ])
  })
})

describe(buildReorder.name, () => {
  it('reference holds the withdrawal until the credit lands, then debits it: an ordinary round trip, profit 0', () => {
    const { state, summary } = play(buildReorder('reference'))
    // credit lands at 60 + 600 = 660, the held withdrawal right after it, the release at 720;
    // borrow at 900 finds credit 0: profit = 0 − (10 − 10) · 2,000 + 0 = 0
    expect(state.counters.outOfOrderHeld).toBe(1)
    expect(state.routes[0]!.released).toBe(units(10))
    expect(state.accounts.debt[0]).toBe(0n)
    expect(usd(summary.attackerProfitWad)).toBe(0n)
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive: the debit overtakes the credit and debits 0; the stale credit backs $15,000', () => {
    const { state, summary } = play(buildReorder('naive'))
    // vault pays 10 ETH at t = 2; the debit (t = 62) finds credit 0; the credit lands at 660:
    // 10 ETH credited, nothing locked. Borrow 10 · 2,000 · 0.75 = 15,000 at t = 900.
    // profit = 15,000 − (10 − 10) · 2,000 + equity max(0, min(10, 0) · 2,000 − 15,000) = 15,000,
    // all of it bad debt (the residual: 15,000 − 0)
    expect(state.accounts.credit[0]).toBe(units(10))
    expect(state.accounts.locked[0]).toBe(0n)
    expect(usd(summary.attackerProfitWad)).toBe(units(15_000))
    expect(usd(summary.badDebtWad)).toBe(units(15_000))
    expect(summary.invariantViolations.map((v) => v.invariant)).toContain('collateral-conserved')
  })
})

describe(buildForgedMint.name, () => {
  it('reference: the rate limit bounds the loss by capacity · price · LTV = 2,000 · 2,000 · 0.75 = $3 M', () => {
    const { state, summary } = play(buildForgedMint('reference'))
    // first forged 1,000 ETH fits the bucket (2,000 − 1,000 honest + refill); the other nine do not
    expect(state.routes[0]!.forgedIssued).toBe(units(1_000))
    // borrow 1,000 · 2,000 · 0.75 = $1.5 M, never repaid, backed by nothing
    expect(usd(summary.attackerProfitWad)).toBe(units(1_500_000))
    expect(usd(summary.attackerProfitWad)).toBeLessThanOrEqual(units(3_000_000))
    expect(usd(summary.badDebtWad)).toBe(units(1_500_000))
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive: all 10,000 forged ETH are credited; the attacker takes $15 M', () => {
    const { summary } = play(buildForgedMint('naive'))
    expect(usd(summary.attackerProfitWad)).toBe(units(15_000_000))
  })
})

describe(buildOracleFloor.name, () => {
  it('reference refuses borrows at a clamped answer: the attacker takes nothing', () => {
    const { state, summary } = play(buildOracleFloor('reference'))
    expect(state.oracles[0]!.clamped).toBe(true)
    expect(summary.attackerProfitUsd).toBe(0)
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive lends at the $0.10 floor: 10 M · 0.10 · 0.75 = $750,000 against tokens worth $100,000', () => {
    const { summary } = play(buildOracleFloor('naive'))
    // it also withdraws its tokens at once (naive vault): profit = 750,000 − (10 M − 10 M) · 0.01
    expect(usd(summary.attackerProfitWad)).toBe(units(750_000))
    expect(summary.badDebtUsd).toBeGreaterThanOrEqual(750_000)
  })
})

describe('adversarial scenarios, reference against naive', () => {
  it.each([
    ['oracle-delay', buildOracleDelay],
    ['replay', buildReplay],
    ['reorder', buildReorder],
  ] as const)('%s: reference profit ≤ 0 < naive profit', (_name, build) => {
    const profit = (d: Design) => usd(play(build(d)).summary.attackerProfitWad)
    expect(profit('reference')).toBeLessThanOrEqual(0n)
    expect(profit('naive')).toBeGreaterThan(0n)
  })
  it('forged-mint: the reference loss stays within the cap bound, the naive one does not', () => {
    // bound = bucket capacity · price · LTV = 2,000 ETH · $2,000 · 0.75 = $3 M (CCIP-style token bucket;
    // the refill over the 6,000 s attack adds at most 60 ETH · 2,000 · 0.75 = $90,000 more)
    const setup = buildForgedMint('reference')
    const limit = setup.config.routes[0]!.rateLimit!
    const bound = (limit.capacity * units(2_000) * 7_500n) / (units(1) * 10_000n)
    expect(bound).toBe(units(3_000_000))
    const ref = play(setup).summary
    const naive = play(buildForgedMint('naive')).summary
    expect(usd(ref.attackerProfitWad)).toBeGreaterThan(0n) // a compromised verifier is not stopped…
    expect(usd(ref.attackerProfitWad)).toBeLessThanOrEqual(bound) // …but bounded by the cap
    expect(usd(ref.badDebtWad)).toBeLessThanOrEqual(bound)
    expect(usd(naive.attackerProfitWad)).toBeGreaterThan(bound)
  })
  it('oracle-floor: nothing for the attacker in the reference design, $750,000 in the naive one', () => {
    const profit = (d: Design) => usd(play(buildOracleFloor(d)).summary.attackerProfitWad)
    expect(profit('reference')).toBe(0n)
    expect(profit('naive')).toBe(units(750_000))
  })
})
