import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRng } from '../math/random.js'
import { ARCHITECTURES, type Architecture } from '../vocabulary.js'
import type { Design } from './architectures.js'
import { runEvents, summarize } from './engine.js'
import type { ProtocolEvent } from './events.js'
import { checkInvariantsFull } from './invariants.js'
import { twoChainConfig, units } from './scenarios/base.js'
import { createState, type ProtocolState } from './state.js'

const ACCOUNTS = 3

// One random event (time filled in later). Amounts small enough to interact: 1–20 ETH, $1–30,000.
const eventArb: fc.Arbitrary<(at: number) => ProtocolEvent> = fc.oneof(
  fc.record({ a: fc.nat(ACCOUNTS - 1), x: fc.integer({ min: 1, max: 20 }) }).map(
    ({ a, x }) =>
      (at: number) =>
        ({ type: 'lock', at, account: a, amount: units(x) }) as const,
  ),
  fc.record({ a: fc.nat(ACCOUNTS - 1), x: fc.integer({ min: 1, max: 30_000 }) }).map(
    ({ a, x }) =>
      (at: number) =>
        ({ type: 'borrow', at, account: a, amountUsd: units(x) }) as const,
  ),
  fc.record({ a: fc.nat(ACCOUNTS - 1), x: fc.integer({ min: 1, max: 30_000 }) }).map(
    ({ a, x }) =>
      (at: number) =>
        ({ type: 'repay', at, account: a, amountUsd: units(x) }) as const,
  ),
  fc.record({ a: fc.nat(ACCOUNTS - 1), x: fc.integer({ min: 1, max: 20 }) }).map(
    ({ a, x }) =>
      (at: number) =>
        ({ type: 'withdraw', at, account: a, amount: units(x) }) as const,
  ),
  fc
    .integer({ min: 300, max: 4_000 })
    .map((p) => (at: number) => ({ type: 'priceTick', at, priceWad: units(p) }) as const),
  fc
    .integer({ min: 300, max: 4_000 })
    .map(
      (p) => (at: number) =>
        ({ type: 'oracleUpdate', at, chain: 1, answerWad: units(p), costUsd: units(1) }) as const,
    ),
  fc.constantFrom(
    (at: number) => ({ type: 'halt', at, route: 0 }) as const,
    (at: number) => ({ type: 'resume', at, route: 0 }) as const,
    (at: number) => ({ type: 'drop', at, route: 0, channel: 0 }) as const,
    (at: number) => ({ type: 'drop', at, route: 0, channel: 1 }) as const,
    (at: number) => ({ type: 'sequencerDown', at, chain: 1 }) as const,
    (at: number) => ({ type: 'sequencerUp', at, chain: 1 }) as const,
    (at: number) => ({ type: 'block', at, chain: 0, congestion: 2 }) as const,
    (at: number) => ({ type: 'block', at, chain: 1 }) as const,
  ),
  fc
    .record({ c: fc.constantFrom(0 as const, 1 as const), d: fc.integer({ min: 0, max: 600 }) })
    .chain(({ c, d }) =>
      fc.constantFrom(
        (at: number) => ({ type: 'duplicate', at, route: 0, channel: c, delaySeconds: d }) as const,
        (at: number) => ({ type: 'reorder', at, route: 0, channel: c, delaySeconds: d }) as const,
      ),
    ),
  fc
    .integer({ min: 1, max: 20 })
    .map(
      (x) => (at: number) =>
        ({ type: 'forge', at, route: 0, account: ACCOUNTS - 1, amount: units(x) }) as const,
    ),
  fc
    .integer({ min: 7_600, max: 9_000 })
    .map(
      (v) => (at: number) =>
        ({ type: 'parameterUpdate', at, chain: 1, parameter: 'ltBps', valueBps: BigInt(v) }) as const,
    ),
)

const sequenceArb = fc
  // size 'max': without it fast-check keeps arrays near 10 items and few positions reach a liquidation
  .array(fc.tuple(fc.integer({ min: 0, max: 300 }), eventArb), { minLength: 1, maxLength: 80, size: 'max' })
  .map((items) => {
    let t = 0
    return items.map(([dt, make]) => {
      t += dt
      return make(t)
    })
  })

function play(design: Design, architecture: Architecture, events: readonly ProtocolEvent[], seed: number) {
  const state = createState(
    twoChainConfig({
      design,
      architecture,
      accounts: Array.from({ length: ACCOUNTS }, () => ({ route: 0 })),
      jitterSeconds: 120,
      exitSeconds: 900,
      rateLimit: { capacity: units(40), refillPerSecond: units(0.01) },
      sequencerGraceSeconds: 600,
    }),
    createRng(seed),
  )
  const out = runEvents(state, events, { invariants: 'full' })
  return { state, summary: summarize(state, out.events) }
}

/**
 * Per-account conservation (message passing, hybrid): every account's vault balance equals its
 * genuine credit plus the backed collateral of its messages not yet applied (credits on their way
 * or stuck, releases and seizes on their way home). Stronger than the route totals the engine checks.
 */
function accountsConserved(state: ProtocolState): boolean {
  const inFlight = state.accounts.locked.map(() => 0n)
  for (const ch of state.routes[0]!.channels)
    for (const m of ch.log)
      if (m.kind !== 'withdrawal' && m.kind !== 'debit' && m.status !== 'applied')
        inFlight[m.account] = inFlight[m.account]! + m.backed
  return state.accounts.locked.every(
    (l, a) => l === state.accounts.credit[a]! - state.accounts.forged[a]! + inFlight[a]!,
  )
}

describe('protocol invariants over random event sequences', () => {
  it.each(ARCHITECTURES)('%s, reference design: every invariant holds after every event', (architecture) => {
    let liquidations = 0
    fc.assert(
      fc.property(sequenceArb, fc.nat(1_000), (events, seed) => {
        const { state, summary } = play('reference', architecture, events, seed)
        liquidations += state.liquidations.length
        expect(summary.invariantViolations).toEqual([])
        expect(checkInvariantsFull(state)).toBe(0)
        for (const l of state.liquidations) {
          expect(l.seizeCount).toBeLessThanOrEqual(1)
          // the lag's stages happen in order
          if (!Number.isNaN(l.tTrue)) expect(l.tTrue).toBeLessThanOrEqual(l.tLiquidation)
          if (!Number.isNaN(l.tOracle)) expect(l.tOracle).toBeLessThanOrEqual(l.tLiquidation)
          if (!Number.isNaN(l.tSettled)) expect(l.tSettled).toBeGreaterThanOrEqual(l.tLiquidation)
        }
        if (architecture !== 'synthetic') expect(accountsConserved(state)).toBe(true)
        // only the forged account's seizes can find the vault short
        for (const b of state.badDebt) if (b.kind === 'seizeShortfall') expect(b.account).toBe(ACCOUNTS - 1)
      }),
      { numRuns: 150 },
    )
    // the sequences are long enough to exercise liquidations, not only locks and borrows
    expect(liquidations).toBeGreaterThan(0)
  })
  it.each(
    ARCHITECTURES,
  )('%s, naive design: runs without a handler failure (violations are recorded)', (architecture) => {
    fc.assert(
      fc.property(sequenceArb, fc.nat(1_000), (events, seed) => {
        const { state } = play('naive', architecture, events, seed)
        for (const l of state.accounts.debt) expect(l >= 0n).toBe(true)
      }),
      { numRuns: 60 },
    )
  })
  it('the same events and seed give the same result, bit for bit', () => {
    fc.assert(
      fc.property(sequenceArb, fc.nat(1_000), (events, seed) => {
        const a = play('reference', 'message-passing', events, seed).summary
        const b = play('reference', 'message-passing', events, seed).summary
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
      }),
      { numRuns: 40 },
    )
  })
})
