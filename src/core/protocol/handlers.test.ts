import { describe, expect, it } from 'vitest'
import { createRng } from '../math/random.js'
import { ARCHITECTURES, type Architecture, assertUnreachable } from '../vocabulary.js'
import { type Design, settlesAtHome } from './architectures.js'
import { runEvents } from './engine.js'
import { InvalidEventError, ProtocolEventError } from './errors.js'
import type { Message, ProtocolEvent } from './events.js'
import { isLiquidatable } from './handlers/accounts.js'
import { handleBlock, handleParameterUpdate } from './handlers/chains.js'
import type { HandlerContext } from './handlers/context.js'
import {
  handleDrop,
  handleDuplicate,
  handleForge,
  handleHalt,
  handleReorder,
  handleResume,
  handleSequencerDown,
  handleSequencerUp,
} from './handlers/faults.js'
import { handleLiquidate } from './handlers/liquidations.js'
import {
  handleCredit,
  handleDebit,
  handleDeliver,
  handleRelease,
  handleSeize,
  handleWithdrawalMessage,
} from './handlers/messages.js'
import { handleOracleUpdate, handlePriceTick } from './handlers/oracles.js'
import { handleBorrow, handleLock, handleRepay, handleWithdraw } from './handlers/positions.js'
import { chainOfEvent, reduce } from './reducer.js'
import { twoChainConfig, units } from './scenarios/base.js'
import { createState, type ProtocolState } from './state.js'

// Setup shared by every test: home chain 0, debt chain 1, one route, 60 s latency, no jitter, no
// finality wait; LT 80 %, LTV 75 %, bonus 5 %; oracle 0.5 % deviation, 1 h heartbeat, posted 30 s
// later; liquidator reacts in 12 s with $5 gas. Account 0 honest, account 1 the attacker.
function setup(design: Design = 'reference', architecture: Architecture = 'message-passing'): ProtocolState {
  return createState(
    twoChainConfig({
      design,
      architecture,
      accounts: [{ route: 0 }, { route: 0, attacker: true }],
      exitSeconds: 3_600,
      minAnswerWad: units(100),
    }),
  )
}

function collect(): { readonly scheduled: ProtocolEvent[]; readonly ctx: HandlerContext } {
  const scheduled: ProtocolEvent[] = []
  return { scheduled, ctx: { schedule: (e) => scheduled.push(e), trace: null } }
}

/** Runs events through the engine with every invariant checked after every event. */
function run(state: ProtocolState, events: readonly ProtocolEvent[]): ProtocolState {
  runEvents(state, events, { invariants: 'full' })
  return state
}

/** 10 ETH locked and credited (t = 60), $12,000 borrowed at t = 100. HF at $2,000 = 10·2000·0.8/12000 = 1.333. */
function funded(design: Design = 'reference', architecture: Architecture = 'message-passing'): ProtocolState {
  return run(setup(design, architecture), [
    { type: 'lock', at: 0, account: 0, amount: units(10) },
    { type: 'borrow', at: 100, account: 0, amountUsd: units(12_000) },
  ])
}

function at(state: ProtocolState, t: number): ProtocolState {
  state.time = t
  return state
}

describe(handlePriceTick.name, () => {
  it('starts an oracle round at the deviation threshold, posted 30 s later', () => {
    const state = at(setup(), 10)
    const { scheduled, ctx } = collect()
    // |2010 − 2000| / 2000 = 0.5 % ≥ 0.5 % → a round
    handlePriceTick(state, { type: 'priceTick', at: 10, priceWad: units(2_010) }, ctx)
    expect(scheduled).toEqual([{ type: 'oracleUpdate', at: 40, chain: 1, answerWad: units(2_010) }])
    expect(state.truePriceWad).toBe(units(2_010))
  })
  it('does not start a round below the threshold before the heartbeat, and does after it', () => {
    const state = at(setup(), 10)
    const { scheduled, ctx } = collect()
    handlePriceTick(state, { type: 'priceTick', at: 10, priceWad: units(2_009) }, ctx) // 0.45 %
    expect(scheduled).toEqual([])
    state.time = 3_600
    handlePriceTick(state, { type: 'priceTick', at: 3_600, priceWad: units(2_009) }, ctx)
    expect(scheduled.map((e) => e.type)).toEqual(['oracleUpdate'])
  })
  it('marks when the true price puts an account under water', () => {
    const state = at(funded(), 500)
    // liquidation price = 12,000 / (10 · 0.8) = $1,500
    handlePriceTick(state, { type: 'priceTick', at: 500, priceWad: units(1_499) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBe(500)
  })
  it('ends the episode when the price recovers before any liquidation', () => {
    const state = at(funded(), 500)
    handlePriceTick(state, { type: 'priceTick', at: 500, priceWad: units(1_499) }, collect().ctx)
    handlePriceTick(at(state, 501), { type: 'priceTick', at: 501, priceWad: units(1_501) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBeNaN()
    handlePriceTick(at(state, 900), { type: 'priceTick', at: 900, priceWad: units(1_400) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBe(900)
  })
  it('rejects a non-positive price', () => {
    expect(() => handlePriceTick(setup(), { type: 'priceTick', at: 0, priceWad: 0n }, collect().ctx)).toThrow(
      InvalidEventError,
    )
  })
})

describe(handleOracleUpdate.name, () => {
  it('clamps to minAnswer and flags the clamp', () => {
    const state = setup()
    handleOracleUpdate(state, { type: 'oracleUpdate', at: 0, chain: 1, answerWad: units(50) }, collect().ctx)
    expect(state.oracles[0]!.answerWad).toBe(units(100))
    expect(state.oracles[0]!.clamped).toBe(true)
    expect(state.oracles[0]!.round).toBe(2)
  })
  it('hands an account it shows under water to the liquidator after the reaction delay', () => {
    const state = at(funded(), 500)
    const { scheduled, ctx } = collect()
    handleOracleUpdate(state, { type: 'oracleUpdate', at: 500, chain: 1, answerWad: units(1_400) }, ctx)
    expect(scheduled).toEqual([{ type: 'liquidate', at: 512, account: 0, liquidator: 0 }])
    expect(state.accounts.tOracle[0]).toBe(500)
  })
  it("books a manipulated push's cost to the attacker and keeps the feed's round pending", () => {
    const state = setup()
    state.oracles[0]!.pending = true
    handleOracleUpdate(
      state,
      { type: 'oracleUpdate', at: 0, chain: 1, answerWad: units(3_000), costUsd: units(7) },
      collect().ctx,
    )
    expect(state.attacker.costsUsd).toBe(units(7))
    expect(state.oracles[0]!.pending).toBe(true)
  })
  it('rejects a chain without an oracle', () => {
    expect(() =>
      handleOracleUpdate(
        setup(),
        { type: 'oracleUpdate', at: 0, chain: 0, answerWad: units(1) },
        collect().ctx,
      ),
    ).toThrow(InvalidEventError)
  })
})

describe(handleLock.name, () => {
  it('locks in the vault and sends a credit that lands after the latency', () => {
    const state = setup()
    const { scheduled, ctx } = collect()
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: units(3) }, ctx)
    expect(state.routes[0]!.vaultLocked).toBe(units(3))
    expect(state.routes[0]!.inFlight).toBe(units(3))
    expect(scheduled).toHaveLength(1)
    expect(scheduled[0]!.type).toBe('deliver')
    expect(scheduled[0]!.at).toBe(60)
  })
  it('rejects an unknown account and a zero amount', () => {
    expect(() => handleLock(setup(), { type: 'lock', at: 0, account: 5, amount: 1n }, collect().ctx)).toThrow(
      InvalidEventError,
    )
    expect(() => handleLock(setup(), { type: 'lock', at: 0, account: 0, amount: 0n }, collect().ctx)).toThrow(
      InvalidEventError,
    )
  })
})

describe('message latency', () => {
  it('draws exponential jitter from the seeded rng: base 60 s + 30 s · Exp(1), same seed same times', () => {
    const times = (seed: number) => {
      const state = createState(
        twoChainConfig({
          design: 'reference',
          architecture: 'message-passing',
          accounts: [{ route: 0 }],
          jitterSeconds: 30,
          jitterDistribution: 'exponential',
        }),
        createRng(seed),
      )
      const { scheduled, ctx } = collect()
      for (let i = 0; i < 2_000; i++) handleLock(state, { type: 'lock', at: 0, account: 0, amount: 1n }, ctx)
      return scheduled.map((e) => e.at)
    }
    const t = times(5)
    expect(times(5)).toEqual(t)
    expect(Math.min(...t)).toBeGreaterThanOrEqual(60)
    // mean of Exp(1) is 1: the sample mean of 2,000 draws lies within 1 ± 4 · 1/√2000 (±0.09)
    const meanJitter = t.reduce((s, x) => s + (x - 60), 0) / t.length / 30
    expect(Math.abs(meanJitter - 1)).toBeLessThan(0.09)
  })
})

describe(handleBorrow.name, () => {
  it('lends up to credit · price · LTV and refuses a cent more', () => {
    const state = run(setup(), [{ type: 'lock', at: 0, account: 0, amount: units(10) }])
    // limit 10 · 2,000 · 0.75 = $15,000
    handleBorrow(
      at(state, 100),
      { type: 'borrow', at: 100, account: 0, amountUsd: units(15_000.01) },
      collect().ctx,
    )
    expect(state.accounts.debt[0]).toBe(0n)
    expect(state.counters.rejected['borrow-ltv']).toBe(1)
    handleBorrow(state, { type: 'borrow', at: 100, account: 0, amountUsd: units(15_000) }, collect().ctx)
    expect(state.accounts.debt[0]).toBe(units(15_000))
  })
  it('refuses while the answer is clamped (reference) but not in the naive design', () => {
    for (const design of ['reference', 'naive'] as const) {
      const state = run(setup(design), [
        { type: 'lock', at: 0, account: 0, amount: units(10) },
        { type: 'oracleUpdate', at: 61, chain: 1, answerWad: units(1) }, // clamped to $100
      ])
      handleBorrow(state, { type: 'borrow', at: 100, account: 0, amountUsd: units(100) }, collect().ctx)
      expect(state.accounts.debt[0]).toBe(design === 'reference' ? 0n : units(100))
    }
  })
})

describe(handleRepay.name, () => {
  it('repays at most the debt and restores liquidity', () => {
    const state = funded()
    const before = state.managers[0]!.liquidityUsd
    handleRepay(state, { type: 'repay', at: 200, account: 0, amountUsd: units(20_000) }, collect().ctx)
    expect(state.accounts.debt[0]).toBe(0n)
    expect(state.managers[0]!.liquidityUsd - before).toBe(units(12_000))
  })
})

describe(handleWithdraw.name, () => {
  it('reference: sends a withdrawal request to the debt chain, nothing leaves the vault yet', () => {
    const state = funded()
    const { scheduled, ctx } = collect()
    handleWithdraw(at(state, 200), { type: 'withdraw', at: 200, account: 0, amount: units(1) }, ctx)
    expect(state.routes[0]!.vaultLocked).toBe(units(10))
    expect((scheduled[0] as { message: Message }).message.kind).toBe('withdrawal')
  })
  it('naive: the vault pays at once and a debit follows', () => {
    const state = funded('naive')
    const { scheduled, ctx } = collect()
    handleWithdraw(at(state, 200), { type: 'withdraw', at: 200, account: 0, amount: units(1) }, ctx)
    expect(state.routes[0]!.vaultLocked).toBe(units(9))
    expect((scheduled[0] as { message: Message }).message.kind).toBe('debit')
  })
  it('synthetic: local LTV check on the debt chain; the wrapped token leaves', () => {
    const state = funded('reference', 'synthetic')
    // 12,000 ≤ (10 − w) · 2,000 · 0.75 ⇔ w ≤ 2
    handleWithdraw(state, { type: 'withdraw', at: 200, account: 0, amount: units(2.01) }, collect().ctx)
    expect(state.counters.rejected['withdraw-ltv']).toBe(1)
    handleWithdraw(state, { type: 'withdraw', at: 200, account: 0, amount: units(2) }, collect().ctx)
    expect(state.accounts.credit[0]).toBe(units(8))
    expect(state.routes[0]!.wrappedOutside).toBe(units(2))
  })
})

describe(handleLiquidate.name, () => {
  it('skips a healthy account', () => {
    const state = funded()
    handleLiquidate(state, { type: 'liquidate', at: 200, account: 0, liquidator: 0 }, collect().ctx)
    expect(state.liquidations).toHaveLength(0)
    expect(state.counters.liquidationsSkipped).toBe(1)
  })
  it('close factor 50 %: repays half the debt and seizes repay · 1.05 / price, rounded up', () => {
    const state = funded()
    state.managers[0]!.closeFactorBps = 5_000n
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    const { scheduled, ctx } = collect()
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, ctx)
    // repay = 12,000 / 2 = 6,000; seize = 6,000 · 1.05 / 1,400 = 4.5 ETH exactly
    expect(state.liquidations[0]!.repaidUsd).toBe(units(6_000))
    expect(state.liquidations[0]!.seized).toBe(units(4.5))
    expect(state.accounts.credit[0]).toBe(units(5.5))
    // remaining HF = 5.5 · 1400 · 0.8 / 6000 = 1.027 → no further liquidation scheduled
    expect(scheduled.map((e) => e.type)).toEqual(['deliver'])
  })
  it('rounds the seize up and the capped repay down (against the borrower)', () => {
    const state = funded()
    state.managers[0]!.closeFactorBps = 5_000n
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_300) },
      collect().ctx,
    )
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    // seize = 6,000 · 1.05 / 1,300 = 63/13 ETH = 4.846153846153846153|846… → …154 wei (up);
    // python3 stdlib: -(-(6000e18 · 10500 · 1e18) // (10000 · 1300e18)) = 4846153846153846154
    expect(state.liquidations[0]!.seized).toBe(4_846_153_846_153_846_154n)
    // second case: the seize is capped by the credit, so the repay is recomputed and rounded down:
    // 1 ETH credit, $1,400 debt, answer $1,300: repay = floor(1e18 · 1300e18 · 10000 / (1e18 · 10500))
    // = 1,238.095238095238095238 (python3 integer division, stdlib)
    const small = run(setup(), [
      { type: 'lock', at: 0, account: 0, amount: units(1) },
      { type: 'borrow', at: 100, account: 0, amountUsd: units(1_400) },
    ])
    handleOracleUpdate(
      at(small, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_300) },
      collect().ctx,
    )
    handleLiquidate(at(small, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    expect(small.liquidations[0]!.seized).toBe(units(1))
    expect(small.liquidations[0]!.repaidUsd).toBe(1_238_095_238_095_238_095_238n)
  })
  it('does not liquidate when the seized collateral at the true price does not cover repay + gas', () => {
    const state = funded()
    // oracle $1,400 (under water) but market $1,000: 10 ETH · 1,000 = 10,000 < 12,000 · ... → loss
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    state.truePriceWad = units(1_000)
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    expect(state.liquidations).toHaveLength(0)
  })
})

describe(handleDeliver.name, () => {
  function twoLocks(design: Design): { state: ProtocolState; first: ProtocolEvent; second: ProtocolEvent } {
    const state = setup(design)
    const { scheduled, ctx } = collect()
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: units(1) }, ctx)
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: units(2) }, ctx)
    return { state: at(state, 60), first: scheduled[0]!, second: scheduled[1]! }
  }
  it('reference: holds a later nonce until the earlier one arrives', () => {
    const { state, first, second } = twoLocks('reference')
    handleDeliver(state, second as never, collect().ctx)
    expect(state.accounts.credit[0]).toBe(0n)
    handleDeliver(state, first as never, collect().ctx)
    expect(state.accounts.credit[0]).toBe(units(3))
  })
  it('reference refuses a replay; naive executes it and records the violation', () => {
    for (const design of ['reference', 'naive'] as const) {
      const { state, first } = twoLocks(design)
      handleDeliver(state, first as never, collect().ctx)
      handleDeliver(state, first as never, collect().ctx)
      expect(state.accounts.credit[0]).toBe(design === 'reference' ? units(1) : units(2))
      expect(state.violations.map((v) => v.invariant)).toEqual(design === 'reference' ? [] : ['nonce-replay'])
    }
  })
  it('parks messages on a halted route', () => {
    const { state, first } = twoLocks('reference')
    state.routes[0]!.halted = true
    handleDeliver(state, first as never, collect().ctx)
    expect(state.routes[0]!.parked).toHaveLength(1)
    expect(state.accounts.credit[0]).toBe(0n)
  })
})

function message(state: ProtocolState, kind: Message['kind'], amount: bigint, channel: 0 | 1): Message {
  return {
    id: 99,
    route: 0,
    channel,
    nonce: 99,
    kind,
    account: 0,
    amount,
    backed: amount,
    forged: false,
    sentAt: state.time,
    deliverAt: state.time,
    status: 'inFlight',
  }
}

describe(handleCredit.name, () => {
  it('credits the account; the reference rate limit refuses what exceeds the bucket', () => {
    const state = createState(
      twoChainConfig({
        design: 'reference',
        architecture: 'message-passing',
        accounts: [{ route: 0 }],
        rateLimit: { capacity: units(5), refillPerSecond: 0n },
      }),
    )
    state.routes[0]!.inFlight = units(11) // as if the locks had been sent
    state.routes[0]!.vaultLocked = units(11)
    handleCredit(
      state,
      { type: 'credit', at: 0, message: message(state, 'credit', units(4), 0) },
      collect().ctx,
    )
    handleCredit(
      state,
      { type: 'credit', at: 0, message: message(state, 'credit', units(2), 0) },
      collect().ctx,
    )
    expect(state.accounts.credit[0]).toBe(units(4))
    expect(state.counters.rejected['credit-rate-limit']).toBe(1)
  })
})

describe(handleWithdrawalMessage.name, () => {
  it('debits first, then sends the release home', () => {
    const state = at(funded(), 200)
    const { scheduled, ctx } = collect()
    handleWithdrawalMessage(
      state,
      { type: 'withdrawalMessage', at: 200, message: message(state, 'withdrawal', units(2), 0) },
      ctx,
    )
    expect(state.accounts.credit[0]).toBe(units(8))
    expect((scheduled[0] as { message: Message }).message.kind).toBe('release')
    expect(state.routes[0]!.inFlight).toBe(units(2))
  })
  it('refuses a withdrawal that breaks the LTV', () => {
    const state = at(funded(), 200)
    handleWithdrawalMessage(
      state,
      { type: 'withdrawalMessage', at: 200, message: message(state, 'withdrawal', units(3), 0) },
      collect().ctx,
    )
    expect(state.accounts.credit[0]).toBe(units(10))
  })
})

describe(handleDebit.name, () => {
  it('debits at most the credit left', () => {
    const state = at(funded('naive'), 200)
    handleDebit(
      state,
      { type: 'debit', at: 200, message: message(state, 'debit', units(15), 0) },
      collect().ctx,
    )
    expect(state.accounts.credit[0]).toBe(0n)
  })
})

describe(handleRelease.name, () => {
  it('pays the borrower from the vault', () => {
    const state = at(funded(), 200)
    state.routes[0]!.inFlight += units(1)
    handleRelease(
      state,
      { type: 'release', at: 200, message: message(state, 'release', units(1), 1) },
      collect().ctx,
    )
    expect(state.accounts.locked[0]).toBe(units(9))
    expect(state.routes[0]!.released).toBe(units(1))
  })
})

describe(handleSeize.name, () => {
  it('books what the vault cannot pay as bad debt at the true price', () => {
    const state = at(funded('naive'), 200)
    state.accounts.locked[0] = units(1)
    state.routes[0]!.vaultLocked = units(1)
    state.liquidations.push({
      id: 0,
      account: 0,
      liquidator: 0,
      tTrue: 100,
      tOracle: 150,
      tLiquidation: 160,
      tSettled: Number.NaN,
      repaidUsd: units(1),
      seized: units(3),
      seizeCount: 0,
    })
    handleSeize(
      state,
      { type: 'seize', at: 200, message: { ...message(state, 'seize', units(3), 1), liquidation: 0 } },
      collect().ctx,
    )
    // 2 ETH missing · $2,000 = $4,000
    expect(state.badDebtUsd).toBe(units(4_000))
    expect(state.liquidators[0]!.collateral[0]).toBe(units(1))
    expect(state.liquidations[0]!.tSettled).toBe(200)
  })
  it('rejects a seize for an unknown liquidation', () => {
    const state = setup()
    expect(() =>
      handleSeize(
        state,
        { type: 'seize', at: 0, message: { ...message(state, 'seize', 1n, 1), liquidation: 3 } },
        collect().ctx,
      ),
    ).toThrow(InvalidEventError)
  })
})

describe(handleHalt.name, () => {
  it('halts and resume delivers what was parked', () => {
    const state = run(setup(), [
      { type: 'halt', at: 0, route: 0 },
      { type: 'lock', at: 1, account: 0, amount: units(1) },
      { type: 'resume', at: 500, route: 0 },
    ])
    expect(state.accounts.credit[0]).toBe(units(1))
    expect(state.time).toBe(500)
  })
  it('rejects an unknown route', () => {
    expect(() => handleHalt(setup(), { type: 'halt', at: 0, route: 3 }, collect().ctx)).toThrow(
      InvalidEventError,
    )
  })
})

describe(handleResume.name, () => {
  it('redelivers parked messages at the later of now and their arrival time', () => {
    const state = setup()
    const { ctx } = collect()
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: units(1) }, ctx)
    const m = state.routes[0]!.channels[0].log[0]!
    state.routes[0]!.parked.push(m)
    state.routes[0]!.halted = true
    const out = collect()
    handleResume(at(state, 10), { type: 'resume', at: 10, route: 0 }, out.ctx)
    expect(out.scheduled).toEqual([{ type: 'deliver', at: 60, message: m }])
    expect(state.routes[0]!.halted).toBe(false)
  })
})

describe(handleDrop.name, () => {
  it('drops the oldest message in flight; its collateral stays counted in flight', () => {
    const state = run(setup(), [
      { type: 'lock', at: 0, account: 0, amount: units(1) },
      { type: 'drop', at: 1, route: 0, channel: 0 },
    ])
    expect(state.accounts.credit[0]).toBe(0n)
    expect(state.routes[0]!.inFlight).toBe(units(1))
    expect(state.violations).toEqual([])
  })
})

describe(handleDuplicate.name, () => {
  it('redelivers the last message sent', () => {
    const state = setup('naive')
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: units(1) }, collect().ctx)
    const out = collect()
    handleDuplicate(state, { type: 'duplicate', at: 0, route: 0, channel: 0, delaySeconds: 100 }, out.ctx)
    expect(out.scheduled[0]!.at).toBe(100)
  })
})

describe(handleReorder.name, () => {
  it('delays the oldest message so a later one arrives first (reference: still applied in order)', () => {
    const state = run(setup(), [
      { type: 'lock', at: 0, account: 0, amount: units(1) },
      { type: 'lock', at: 1, account: 0, amount: units(2) },
      { type: 'reorder', at: 2, route: 0, channel: 0, delaySeconds: 600 },
    ])
    expect(state.counters.outOfOrderHeld).toBe(1)
    expect(state.accounts.credit[0]).toBe(units(3))
    expect(state.time).toBe(660)
  })
})

describe(handleForge.name, () => {
  it('credits collateral no lock backs and tracks it apart', () => {
    const state = run(setup(), [{ type: 'forge', at: 0, route: 0, account: 1, amount: units(50) }])
    expect(state.accounts.credit[1]).toBe(units(50))
    expect(state.routes[0]!.forgedOutstanding).toBe(units(50))
    expect(state.routes[0]!.vaultLocked).toBe(0n)
    expect(state.violations).toEqual([])
  })
})

describe(handleSequencerDown.name, () => {
  it('parks the events of a chain until the sequencer is back', () => {
    const state = run(setup(), [
      { type: 'lock', at: 0, account: 0, amount: units(10) },
      { type: 'sequencerDown', at: 30, chain: 1 },
      { type: 'sequencerUp', at: 900, chain: 1 },
    ])
    // the credit due at t = 60 lands when the sequencer is up again
    expect(state.accounts.credit[0]).toBe(units(10))
    expect(state.chains[1]!.sequencerUp).toBe(true)
    expect(state.time).toBe(900)
  })
})

describe(handleSequencerUp.name, () => {
  it('reference: the grace period after restart holds liquidations back and refuses borrows', () => {
    for (const design of ['reference', 'naive'] as const) {
      const base = twoChainConfig({ design, architecture: 'message-passing', accounts: [{ route: 0 }] })
      const state = createState({
        ...base,
        managers: [{ ...base.managers[0]!, sequencerGraceSeconds: 3_600 }],
      })
      run(state, [
        { type: 'lock', at: 0, account: 0, amount: units(10) },
        { type: 'borrow', at: 100, account: 0, amountUsd: units(12_000) },
        { type: 'sequencerDown', at: 200, chain: 1 },
        { type: 'priceTick', at: 300, priceWad: units(1_400) }, // oracle round due at 330, parked
        { type: 'sequencerUp', at: 1_000, chain: 1 },
        { type: 'borrow', at: 1_100, account: 0, amountUsd: units(1) },
      ])
      // round lands at 1,000; liquidator reacts at 1,012; reference waits to 1,000 + 3,600 = 4,600
      expect(state.liquidations[0]!.tLiquidation).toBe(design === 'reference' ? 4_600 : 1_012)
      expect(state.counters.rejected['borrow-sequencer-grace'] ?? 0).toBe(design === 'reference' ? 1 : 0)
    }
  })

  it('runs parked events at the time it comes back', () => {
    const state = setup()
    state.chains[1]!.sequencerUp = false
    state.chains[1]!.parked.push({ type: 'block', at: 5, chain: 1 })
    const out = collect()
    handleSequencerUp(at(state, 50), { type: 'sequencerUp', at: 50, chain: 1 }, out.ctx)
    expect(out.scheduled).toEqual([{ type: 'block', at: 50, chain: 1 }])
  })
})

describe(handleBlock.name, () => {
  it('advances the height and sets congestion; congestion stretches message latency', () => {
    const state = setup()
    handleBlock(state, { type: 'block', at: 0, chain: 0, congestion: 3 }, collect().ctx)
    expect(state.chains[0]!.height).toBe(1)
    const out = collect()
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: 1n }, out.ctx)
    expect(out.scheduled[0]!.at).toBe(180) // 60 s · 3
  })
  it('does not stretch a hybrid exit window: a seize home takes exitSeconds under any congestion', () => {
    const state = funded('reference', 'hybrid-l2')
    handleBlock(at(state, 200), { type: 'block', at: 200, chain: 1, congestion: 3 }, collect().ctx)
    handleOracleUpdate(
      state,
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    const out = collect()
    handleLiquidate(at(state, 236), { type: 'liquidate', at: 236, account: 0, liquidator: 0 }, out.ctx)
    // the setup's exit window is 3,600 s: lands at 236 + 3,600, not 236 + 3 · 3,600
    expect(out.scheduled.find((e) => e.type === 'deliver')!.at).toBe(3_836)
  })
  it('rejects congestion below 1', () => {
    expect(() =>
      handleBlock(setup(), { type: 'block', at: 0, chain: 0, congestion: 0.5 }, collect().ctx),
    ).toThrow(InvalidEventError)
  })
})

describe(handleParameterUpdate.name, () => {
  it('lowering LT makes a position liquidatable', () => {
    const state = at(funded(), 200)
    // HF with LT 60 %: 10 · 2000 · 0.6 / 12000 = 1.0 → not below 1; LT 59 % → 0.983
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltvBps', valueBps: 5_000n },
      collect().ctx,
    )
    const out = collect()
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltBps', valueBps: 6_000n },
      out.ctx,
    )
    expect(isLiquidatable(state, 0)).toBe(false)
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltBps', valueBps: 5_900n },
      out.ctx,
    )
    expect(isLiquidatable(state, 0)).toBe(true)
    expect(out.scheduled.map((e) => e.type)).toEqual(['liquidate'])
  })
  it('refuses LTV above LT', () => {
    expect(() =>
      handleParameterUpdate(
        setup(),
        { type: 'parameterUpdate', at: 0, chain: 1, parameter: 'ltvBps', valueBps: 9_000n },
        collect().ctx,
      ),
    ).toThrow(InvalidEventError)
  })
})

describe(reduce.name, () => {
  it('returns the state and the events to schedule', () => {
    const state = setup()
    const [next, effects] = reduce(state, { type: 'lock', at: 0, account: 0, amount: units(1) })
    expect(next).toBe(state)
    expect(effects.map((e) => e.event.type)).toEqual(['deliver'])
  })
  it('wraps a handler failure with the event index and the event', () => {
    const state = setup()
    reduce(state, { type: 'block', at: 0, chain: 0 })
    const bad = { type: 'borrow', at: 1, account: 9, amountUsd: 1n } as const
    try {
      reduce(state, bad)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolEventError)
      expect((e as ProtocolEventError).eventIndex).toBe(1)
      expect((e as ProtocolEventError).event).toBe(bad)
      expect((e as ProtocolEventError).code).toBe('XC_PROTOCOL_EVENT')
    }
  })
  it('refuses an event before the clock', () => {
    const state = setup()
    reduce(state, { type: 'block', at: 10, chain: 0 })
    expect(() => reduce(state, { type: 'block', at: 5, chain: 0 })).toThrow(ProtocolEventError)
  })
})

describe(assertUnreachable.name, () => {
  it('an event of unknown type fails with the event index, the cause an InvalidEventError', () => {
    try {
      reduce(setup(), { type: 'teleport', at: 0 } as never)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolEventError)
      expect((e as ProtocolEventError).cause).toBeInstanceOf(InvalidEventError)
    }
  })
})

describe(chainOfEvent.name, () => {
  it('places user actions on the chain they execute on', () => {
    const mp = setup()
    const synthetic = setup('reference', 'synthetic')
    expect(chainOfEvent(mp, { type: 'lock', at: 0, account: 0, amount: 1n })).toBe(0)
    expect(chainOfEvent(mp, { type: 'borrow', at: 0, account: 0, amountUsd: 1n })).toBe(1)
    expect(chainOfEvent(mp, { type: 'withdraw', at: 0, account: 0, amount: 1n })).toBe(0)
    expect(chainOfEvent(synthetic, { type: 'withdraw', at: 0, account: 0, amount: 1n })).toBe(1)
    expect(chainOfEvent(mp, { type: 'halt', at: 0, route: 0 })).toBe(-1)
  })
})

describe(settlesAtHome.name, () => {
  it('is false only for synthetic routes', () => {
    expect(ARCHITECTURES.map(settlesAtHome)).toEqual([true, false, true])
  })
})
