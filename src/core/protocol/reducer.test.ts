import { describe, expect, it } from 'vitest'
import { setup } from '../../../test/fixtures/protocol.js'
import { ARCHITECTURES, assertUnreachable } from '../vocabulary.js'
import { settlesAtHome } from './architectures.js'
import { InvalidEventError, ProtocolEventError } from './errors.js'
import { chainOfEvent, reduce } from './reducer.js'
import { units } from './scenarios/base.js'

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
