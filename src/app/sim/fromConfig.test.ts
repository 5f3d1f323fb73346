import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load.js'
import { compilePortfolio } from '../../core/sim/portfolio.js'
import { DEFAULT_SIMULATION_OPTIONS, portfolioFromRegistry } from './fromConfig.js'

describe('portfolioFromRegistry', () => {
  it('builds a valid book from examples/small.yaml: current parameters where a market states them, else the recommendation', async () => {
    const registry = await loadConfig('examples/small.yaml')
    const { portfolio, sources, lossBudgetUsd } = portfolioFromRegistry(registry)
    expect(() => compilePortfolio(portfolio)).not.toThrow()
    expect(lossBudgetUsd).toBe(5_000_000)
    const canonical = portfolio.routes.find((r) => r.id === 'weth-eth-arb-canonical')!
    // The market's current parameters from the file: ltv 0.8, LT 0.83, bonus 0.05.
    expect([canonical.loanToValue, canonical.liquidationThreshold, canonical.liquidationBonus]).toEqual([
      0.8, 0.83, 0.05,
    ])
    expect(sources.find((s) => s.id === 'weth-eth-arb-canonical')?.parameters).toBe('current')
    expect(sources.find((s) => s.id === 'weth-eth-arb-messages')?.parameters).toBe('recommended')
    expect(portfolio.assets.map((a) => a.id)).toEqual(['weth'])
    expect(canonical.utilisations).toHaveLength(DEFAULT_SIMULATION_OPTIONS.positionsPerRoute)
    for (const r of portfolio.routes) {
      expect(r.liquidationLagSeconds).toBeGreaterThan(0)
      expect(r.faults.bridgeExploitRatePerYear).toBeGreaterThanOrEqual(0)
      expect(r.loanToValue).toBeLessThanOrEqual(r.liquidationThreshold)
    }
  })
})
