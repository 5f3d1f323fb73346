import { describe, expect, it } from 'vitest'
import * as xcollat from '../src/index.js'

// The names issues 2 and 3 fix for the public API, and the README's library example.
describe('public API (src/index.ts)', () => {
  it('exports namespaces only, holding the names other tools rely on', () => {
    expect(Object.keys(xcollat).sort()).toEqual([
      'assessment',
      'backtest',
      'config',
      'errors',
      'explain',
      'governance',
      'intent',
      'math',
      'monitor',
      'protocol',
      'risk',
      'scenarios',
      'sim',
      'trust',
      'units',
      'vocabulary',
    ])
    const names: Record<string, readonly string[]> = {
      risk: [
        'potentialValueChange',
        'settlementRisk',
        'requiredCollateral',
        'riskScore',
        'adjustedCollateralFactor',
        'smartLtv',
        'healthFactor',
        'HealthFactor',
        'closeFactor',
        'calculateRiskScore',
        'calculateHealthFactor',
        'calibrateStress',
        'cushionForTarget',
        'perEpisodeProbability',
      ],
      trust: [
        'verifierSet',
        'all',
        'any',
        'thresholdOf',
        'path',
        'compromiseProbability',
        'haltProbability',
        'assessBridge',
      ],
      config: ['loadConfig', 'parseConfig'],
      // the model's entry points other commands call (validate, backtest)
      assessment: ['assess', 'assessRoute', 'assetStressModel', 'pairStress', 'createAssessMemo'],
      errors: ['XcollatError', 'ERROR_CODES'],
      intent: ['planIntent', 'intentRoutes', 'solveProgram', 'frontier', 'IntentInfeasibleError'],
      math: ['normalCdf'],
      governance: [
        'envelopePreset',
        'checkUpdate',
        'assertUpdateAllowed',
        'planParameterChange',
        'planChanges',
      ],
    }
    for (const [ns, list] of Object.entries(names))
      for (const name of list)
        expect((xcollat as Record<string, object>)[ns], `${ns}.${name}`).toHaveProperty(name)
  })

  it('keeps internals out: no protocol handlers, no simulation scratch space', () => {
    expect(xcollat.protocol).not.toHaveProperty('HANDLERS')
    expect(xcollat.sim).not.toHaveProperty('createScratch')
    expect(xcollat.sim).not.toHaveProperty('simulatePrices')
  })

  it('runs the README example', () => {
    // σ 80 %, 30 minutes, z = 3.09: 1 − exp(−3.09 · 0.8 · √(1800/31 536 000)) = 0.018503 (by hand).
    const pvc = xcollat.risk.potentialValueChange({
      sigmaAnnual: 0.8,
      horizonSeconds: 1800,
      confidence: xcollat.math.normalCdf(3.09),
    })
    expect(pvc).toBeCloseTo(0.018503, 6)
    const hf = xcollat.risk.healthFactor({
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
      xcollat.trust.verifierSet({
        threshold: 1,
        members: [{ id, operator: id, tags: ['rpc-a'], pCompromise: 0.01, pOffline: 0.001 }],
      })
    const shared = xcollat.trust.compromiseProbability(
      xcollat.trust.all([dvn('dvn-1'), dvn('dvn-2')], {
        tagRisk: { 'rpc-a': { pCompromise: 0.01, pOffline: 0.01 } },
      }),
    )
    // P = 0.01 + 0.99 · 0.01² = 0.010099: the shared RPC fails both at once (by hand).
    expect(shared).toBeCloseTo(0.010099, 9)
  })
})
