import { describe, expect, it } from 'vitest'
import { runEvents } from './engine.js'
import { checkInvariants, checkInvariantsFull } from './invariants.js'
import { twoChainConfig, units } from './scenarios/base.js'
import { createState } from './state.js'

function locked() {
  const state = createState(
    twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] }),
  )
  runEvents(state, [{ type: 'lock', at: 0, account: 0, amount: units(5) }], { invariants: 'full' })
  return state
}

describe(checkInvariants.name, () => {
  it('holds after a lock and its credit', () => {
    const state = locked()
    expect(checkInvariants(state)).toBe(0)
    expect(state.violations).toEqual([])
  })
  it('flags credit that no lock backs', () => {
    const state = locked()
    state.routes[0]!.credited += 1n
    expect(checkInvariants(state)).toBe(1)
    expect(state.violations[0]!.invariant).toBe('collateral-conserved')
  })
  it('flags a negative total', () => {
    const state = locked()
    state.reserveUsd = -1n
    checkInvariants(state)
    expect(state.violations.map((v) => v.invariant)).toEqual(['no-negative-balance'])
  })
})

describe(checkInvariantsFull.name, () => {
  it('flags an account column that disagrees with the route total', () => {
    const state = locked()
    state.accounts.credit[0] = units(4)
    expect(checkInvariantsFull(state)).toBeGreaterThan(0)
    expect(state.violations.map((v) => v.invariant)).toContain('collateral-conserved')
  })
  it('flags a negative account balance', () => {
    const state = locked()
    state.accounts.debt[0] = -1n
    checkInvariantsFull(state)
    expect(state.violations.map((v) => v.invariant)).toContain('no-negative-balance')
  })
})
