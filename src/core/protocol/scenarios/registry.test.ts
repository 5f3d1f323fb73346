import { describe, expect, it } from 'vitest'
import { InvalidSeedError } from '../../math/random.js'
import { UnknownScenarioError } from '../errors.js'
import { findScenario, runScenario, SCENARIOS } from './registry.js'

describe('SCENARIOS', () => {
  it('holds at least the five scenarios the issue names, each with a description and a source', () => {
    const names = SCENARIOS.map((s) => s.name)
    for (const n of ['crash-40-24h', 'oracle-delay', 'forged-mint', 'replay', 'oracle-floor'])
      expect(names).toContain(n)
    expect(new Set(names).size).toBe(names.length)
    for (const s of SCENARIOS) {
      expect(s.description.length).toBeGreaterThan(10)
      expect(s.source.length).toBeGreaterThan(10)
    }
  })
})

describe(findScenario.name, () => {
  it('finds by name and names the known ones otherwise', () => {
    expect(findScenario('replay').name).toBe('replay')
    expect(() => findScenario('crash-50')).toThrow(UnknownScenarioError)
  })
  it('searches a longer library passed in', () => {
    const extra = { ...findScenario('replay'), name: 'mine' }
    expect(findScenario('mine', [...SCENARIOS, extra])).toBe(extra)
  })
})

describe(runScenario.name, () => {
  it('the same seed gives the same result, bit for bit; another seed another path', () => {
    const scenario = findScenario('crash-40-24h')
    const a = runScenario({ scenario, design: 'reference', seed: 7, trace: true })
    const b = runScenario({ scenario, design: 'reference', seed: 7, trace: true })
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    const c = runScenario({ scenario, design: 'reference', seed: 8 })
    expect(c.liquidationLagSeconds).not.toEqual(a.liquidationLagSeconds)
  })
  it.each([
    'crash-40-24h',
    'crash-40-24h-synthetic',
    'crash-40-24h-hybrid',
  ])('%s: liquidations settle, invariants hold (checked on every account after every event)', (name) => {
    const r = runScenario({ scenario: findScenario(name), design: 'reference', seed: 3, invariants: 'full' })
    expect(r.invariantViolations).toEqual([])
    expect(r.liquidations).toBeGreaterThan(0)
    expect(r.liquidationLagSeconds.count).toBe(r.liquidations)
    // lag includes at least oracle posting (30 s) + reaction (12 s)
    expect(r.liquidationLagSeconds.p50!).toBeGreaterThanOrEqual(42)
    expect(r.attackerProfitUsd).toBe(0)
  })
  it('hybrid lags include the one-hour exit window; synthetic ones do not wait for a message home', () => {
    const lag = (name: string) =>
      runScenario({ scenario: findScenario(name), design: 'reference', seed: 3 }).liquidationLagSeconds.p50!
    expect(lag('crash-40-24h-hybrid')).toBeGreaterThanOrEqual(3_600)
    expect(lag('crash-40-24h-synthetic')).toBeLessThan(lag('crash-40-24h'))
  })
  it('records the seed and design and refuses an invalid seed', () => {
    const r = runScenario({ scenario: findScenario('replay'), design: 'naive', seed: 5 })
    expect([r.scenario, r.design, r.seed]).toEqual(['replay', 'naive', 5])
    expect(() => runScenario({ scenario: findScenario('replay'), design: 'naive', seed: -1 })).toThrow(
      InvalidSeedError,
    )
  })
})
