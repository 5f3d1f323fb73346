import { describe, expect, it } from 'vitest'
import { at, collect, run, setup } from '../../../../test/fixtures/protocol.js'
import { InvalidEventError } from '../errors.js'
import { twoChainConfig, units } from '../scenarios/base.js'
import { createState } from '../state.js'
import {
  handleDrop,
  handleDuplicate,
  handleForge,
  handleHalt,
  handleReorder,
  handleResume,
  handleSequencerDown,
  handleSequencerUp,
} from './faults.js'
import { handleLock } from './positions.js'

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
