import { describe, expect, it } from 'vitest'
import { createRng } from '../../math/random.js'
import type { Design } from '../architectures.js'
import { runEvents, summarize } from '../engine.js'
import { createState } from '../state.js'
import { buildForgedMint, buildOracleDelay, buildOracleFloor, buildReplay } from './adversarial.js'
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
    // profit = 150,000 borrowed − (100 locked − 0 returned) · 1,600 − 1,000 = −11,000
    expect(usd(summary.attackerProfitWad)).toBe(-units(11_000))
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
    // the feed's round lands at 4,200 and the liquidation follows: same −11,000 as above
    expect(usd(summary.attackerProfitWad)).toBe(-units(11_000))
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
  it('reference refuses the second delivery: profit = 15,000 − 10 · 2,000 = −5,000', () => {
    const { state, summary } = play(buildReplay('reference'))
    expect(usd(summary.attackerProfitWad)).toBe(-units(5_000))
    expect(state.counters.replaysBlocked).toBe(1)
    expect(summary.invariantViolations).toEqual([])
  })
  it('naive credits twice: profit = 30,000 − 10 · 2,000 = 10,000, all of it bad debt', () => {
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
  ] as const)('%s: reference profit ≤ 0 < naive profit', (_name, build) => {
    const profit = (d: Design) => usd(play(build(d)).summary.attackerProfitWad)
    expect(profit('reference')).toBeLessThanOrEqual(0n)
    expect(profit('naive')).toBeGreaterThan(0n)
  })
})
