import { describe, expect, it } from 'vitest'
import { UnknownScenarioError } from '../protocol/errors.js'
import { SCENARIOS } from '../protocol/scenarios/registry.js'
import {
  catalogScenario,
  marketScenario,
  protocolScenario,
  SCENARIO_CATALOG,
  ScenarioEngineError,
  scenarioList,
  scenarioNames,
} from './catalog.js'
import { marketScenarios } from './scenarios.js'

describe('SCENARIO_CATALOG', () => {
  it('holds every protocol and every market scenario once, under one name space', () => {
    const names = SCENARIO_CATALOG.map((s) => s.name)
    expect(new Set(names).size).toBe(names.length)
    expect(scenarioNames('protocol')).toEqual(SCENARIOS.map((s) => s.name))
    expect(scenarioNames('market')).toEqual(Object.keys(marketScenarios))
    // the one name both engines define is one entry, not two
    const both = SCENARIO_CATALOG.filter(
      (s) => s.engines.includes('protocol') && s.engines.includes('market'),
    )
    expect(both.map((s) => s.name)).toEqual(['crash-40-24h'])
    expect(names).toHaveLength(SCENARIOS.length + Object.keys(marketScenarios).length - 1)
  })

  it("gives each engine the library's own definition (same object, so the same figures)", () => {
    for (const p of SCENARIOS) expect(protocolScenario(p.name)).toBe(p)
    for (const [name, m] of Object.entries(marketScenarios)) expect(marketScenario(name)).toBe(m)
  })

  it('says which engines run each scenario, and lists them without the definitions', () => {
    for (const s of SCENARIO_CATALOG) {
      expect(s.engines.length).toBeGreaterThan(0)
      expect(s.engines.includes('protocol')).toBe(s.protocol !== undefined)
      expect(s.engines.includes('market')).toBe(s.market !== undefined)
      // the devnet drives protocol scenarios only
      if (s.engines.includes('devnet')) expect(s.protocol).toBeDefined()
      expect(s.source.length).toBeGreaterThan(0)
    }
    expect(scenarioNames('devnet')).toEqual(['forged-mint', 'replay'])
    expect(catalogScenario('crash-40-24h').engines).toEqual(['protocol', 'market'])
    const row = scenarioList().find((s) => s.name === 'crash-40-24h')
    expect(row && Object.keys(row).sort()).toEqual(['description', 'engines', 'name', 'source', 'title'])
    expect(scenarioList('market').map((s) => s.name)).toEqual(scenarioNames('market'))
  })

  it('refuses a name in no engine (UnknownScenarioError, listing every name) and a name on the wrong engine', () => {
    expect(() => catalogScenario('crash-50')).toThrow(UnknownScenarioError)
    expect(() => catalogScenario('constructor')).toThrow(UnknownScenarioError)
    expect(() => protocolScenario('eth-2020-03')).toThrow(ScenarioEngineError)
    expect(() => marketScenario('oracle-delay')).toThrow(ScenarioEngineError)
    try {
      protocolScenario('nomad-2022-08')
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioEngineError)
      const err = e as ScenarioEngineError
      expect(err.code).toBe('XC_SCENARIO_ENGINE')
      expect(err.engines).toEqual(['market'])
      expect(err.instruction).toContain('xcollat backtest --scenario nomad-2022-08 <config>')
    }
  })
})
