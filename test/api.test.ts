import { describe, expect, it } from 'vitest'
import * as xcollat from '../src/index.js'

// The names issues 2 and 3 fix for the public API, and the README's library example.
describe('public API (src/index.ts)', () => {
  it('exports the names other tools rely on', () => {
    const names = [
      'potentialValueChange',
      'settlementRisk',
      'requiredCollateral',
      'riskScore',
      'calculateRiskScore',
      'calculateHealthFactor',
      'calibrateStress',
      'cushionForTarget',
      'perEpisodeProbability',
      'adjustedCollateralFactor',
      'smartLtv',
      'healthFactor',
      'HealthFactor',
      'closeFactor',
      'verifierSet',
      'all',
      'any',
      'thresholdOf',
      'path',
      'compromiseProbability',
      'haltProbability',
      'assessBridge',
      'loadConfig',
      'assess',
      'XcollatError',
    ]
    for (const name of names) expect(xcollat, name).toHaveProperty(name)
    for (const ns of ['protocol', 'sim', 'scenarios', 'backtest', 'assessment'])
      expect(xcollat, ns).toHaveProperty(ns)
    // The model's entry points other commands call (validate, backtest).
    for (const name of ['assessRoute', 'assetStressModel', 'pairStress', 'createAssessMemo'])
      expect(xcollat.assessment, name).toHaveProperty(name)
  })

  it('runs the README example', () => {
    // σ 80 %, 30 minutes, z = 3.09: 1 − exp(−3.09 · 0.8 · √(1800/31 536 000)) = 0.018503 (by hand).
    const pvc = xcollat.potentialValueChange({
      sigmaAnnual: 0.8,
      horizonSeconds: 1800,
      confidence: xcollat.normalCdf(3.09),
    })
    expect(pvc).toBeCloseTo(0.018503, 6)
    const hf = xcollat.healthFactor({
      collaterals: [
        {
          amount: 10_000n * 10n ** 6n,
          decimals: 6,
          price: 10n ** 8n,
          priceDecimals: 8,
          liquidationThresholdBps: 8_300n,
        },
      ],
      debts: [{ amount: 7_000n * 10n ** 6n, decimals: 6, price: 10n ** 8n, priceDecimals: 8 }],
    })
    // 10 000 · 0.83 / 7 000 = 83/70 = 1.185714285714285714…, rounded down to 18 decimals.
    expect(hf).toBe(1_185_714_285_714_285_714n)
    const dvn = (id: string) =>
      xcollat.verifierSet({
        threshold: 1,
        members: [{ id, operator: id, tags: ['rpc-a'], pCompromise: 0.01, pOffline: 0.001 }],
      })
    const shared = xcollat.compromiseProbability(
      xcollat.all([dvn('dvn-1'), dvn('dvn-2')], {
        tagRisk: { 'rpc-a': { pCompromise: 0.01, pOffline: 0.01 } },
      }),
    )
    // P = 0.01 + 0.99 · 0.01² = 0.010099: the shared RPC fails both at once (by hand).
    expect(shared).toBeCloseTo(0.010099, 9)
  })
})
