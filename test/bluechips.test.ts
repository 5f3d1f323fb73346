import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/load.js'
import { assess } from '../src/core/assess/assess.js'

// Aave v3 parameters on the same assets (public governance, point-in-time 2025–26; MODEL-NOTES):
// Ethereum WETH 80.5/83/5, wstETH 78.5/81/6, WBTC 73/78/5, USDC 75/78/4.5; Arbitrum WETH 80/83/5.
const AAVE: Record<string, { ltv: number; lt: number; bonus: number }> = {
  'weth-ethereum': { ltv: 0.805, lt: 0.83, bonus: 0.05 },
  'wsteth-ethereum': { ltv: 0.785, lt: 0.81, bonus: 0.06 },
  'wbtc-ethereum': { ltv: 0.73, lt: 0.78, bonus: 0.05 },
  'usdc-ethereum': { ltv: 0.75, lt: 0.78, bonus: 0.045 },
  'weth-ethereum-arbitrum-canonical': { ltv: 0.8, lt: 0.83, bonus: 0.05 },
}

describe('examples/bluechips.yaml under one policy', async () => {
  const registry = await loadConfig('examples/bluechips.yaml')
  const report = assess(registry)

  it('uses one policy: the defaults, with no per-asset setting', () => {
    // Only the reserve share is set in the file; every other policy field is the default.
    expect(registry.policy.annualBadDebtProbability).toBe(0.01)
    expect(report.routes.map((r) => r.id).sort()).toEqual(Object.keys(AAVE).sort())
  })

  for (const [id, aave] of Object.entries(AAVE))
    it(`recommends ${id} within ±5 points of Aave's LT and ±2 points of its bonus`, () => {
      const r = report.routes.find((x) => x.id === id)
      expect(r?.recommendation.eligible).toBe(true)
      const rec = r!.recommendation
      expect(
        Math.abs(rec.liquidationThreshold - aave.lt),
        `LT ${rec.liquidationThreshold} vs ${aave.lt}`,
      ).toBeLessThanOrEqual(0.05)
      expect(
        Math.abs(rec.liquidationBonus - aave.bonus),
        `bonus ${rec.liquidationBonus} vs ${aave.bonus}`,
      ).toBeLessThanOrEqual(0.02)
      expect(rec.ltv).toBeLessThan(rec.liquidationThreshold)
      expect(rec.liquidationThreshold * (1 + rec.liquidationBonus)).toBeLessThan(1)
    })

  it('keeps the USDC LTV–LT gap wider than its oracle deviation threshold', () => {
    const r = report.routes.find((x) => x.id === 'usdc-ethereum')!
    const threshold = registry.oracles.get('usdc-usd-ethereum')!.deviationThreshold
    expect(r.recommendation.liquidationThreshold - r.recommendation.ltv).toBeGreaterThan(threshold)
  })

  it('names the least correlated debt as binding: a stablecoin for ETH and BTC collateral, ETH for USDC', () => {
    const bind = (id: string) => report.routes.find((x) => x.id === id)?.bindingDebt
    expect(bind('weth-ethereum')).toBe('usdc')
    expect(bind('wsteth-ethereum')).toBe('usdc')
    expect(bind('wbtc-ethereum')).toBe('usdc')
    expect(['weth', 'wsteth']).toContain(bind('usdc-ethereum'))
    // wstETH against WETH (one factor) is e-mode-like, far above its binding pair.
    const wsteth = report.routes.find((x) => x.id === 'wsteth-ethereum')!
    const emode = wsteth.pairs.find((p) => p.debt === 'weth')!
    expect(emode.liquidationThreshold).toBeGreaterThan(wsteth.recommendation.liquidationThreshold + 0.08)
  })

  it('treats native collateral as a route without a bridge, and the bridged copy as capped by its reserve share', () => {
    const native = report.routes.find((x) => x.id === 'weth-ethereum')!
    const bridged = report.routes.find((x) => x.id === 'weth-ethereum-arbitrum-canonical')!
    expect(native.bridge).toBe('')
    expect(native.components.bridgeHaircut).toBe(0)
    expect(bridged.capBinding).toBe('lossBudget')
    expect(bridged.recommendation.supplyCapUsd).toBeLessThanOrEqual(registry.policy.lossBudgetUsd + 1e-6)
  })
})
