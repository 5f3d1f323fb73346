import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../config/load.js'
import { SimulationInputError } from '../../core/sim/errors.js'
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

  it('refuses a route whose bridge is certain to be compromised instead of simulating a finite rate', () => {
    // implementationBug 1: the bridge fails with certainty, so rateFromProbability gives ∞ and no
    // exploit rate can be simulated (a clamp would report a small loss for a certain one).
    const text = readFileSync('examples/small.yaml', 'utf8')
      .replace(
        'routes:\n',
        [
          'bridges:',
          '  - { id: doomed, name: Doomed, kind: zk-canonical, representation: canonical, mechanism: lock-and-mint,',
          '      trust: { kind: zk, sourceChain: ethereum, sourceChainCompromise: 0, implementationBug: 1 },',
          '      verificationSeconds: 60, executionSeconds: 60, source: test }',
          'routes:',
          '',
        ].join('\n'),
      )
      .replace(
        'bridge: arbitrum-canonical\n    oracle: eth-usd-arbitrum\n    venue: weth-usdc-arbitrum\n    architecture: message-passing',
        'bridge: doomed\n    oracle: eth-usd-arbitrum\n    venue: weth-usdc-arbitrum\n    architecture: message-passing',
      )
    const registry = parseConfig({ text, file: 'doomed.yaml' })
    expect(registry.routes.find((r) => r.id === 'weth-eth-arb-messages')?.bridges[0]?.id).toBe('doomed')
    expect(() => portfolioFromRegistry(registry)).toThrow(SimulationInputError)
  })
})
