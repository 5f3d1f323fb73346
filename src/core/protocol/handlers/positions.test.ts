import { describe, expect, it } from 'vitest'
import { at, collect, funded, run, setup } from '../../../../test/fixtures/protocol.js'
import { InvalidEventError } from '../errors.js'
import type { Message } from '../events.js'
import { units } from '../scenarios/base.js'
import { handleBorrow, handleLock, handleRepay, handleWithdraw } from './positions.js'

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
