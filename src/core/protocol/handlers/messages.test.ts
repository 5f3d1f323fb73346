import { describe, expect, it } from 'vitest'
import { at, collect, funded, message, setup } from '../../../../test/fixtures/protocol.js'
import type { Design } from '../architectures.js'
import { InvalidEventError } from '../errors.js'
import type { Message, ProtocolEvent } from '../events.js'
import { twoChainConfig, units } from '../scenarios/base.js'
import { createState, type ProtocolState } from '../state.js'
import {
  handleCredit,
  handleDebit,
  handleDeliver,
  handleRelease,
  handleSeize,
  handleWithdrawalMessage,
} from './messages.js'
import { handleLock } from './positions.js'

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
