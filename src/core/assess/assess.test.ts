import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assess, assessRoute, RouteAssessmentError } from './assess.js'
import type {
  AssessPolicy,
  BridgeInput,
  ChainInput,
  RouteInput,
  VenueInput,
  VerifierMemberInput,
} from './types.js'

const ethereum: ChainInput = {
  id: 'ethereum',
  name: 'Ethereum',
  kind: 'l1',
  blockTimeSeconds: 12,
  finalitySeconds: 768,
  congestionMultiplier: 1,
}
const arbitrum: ChainInput = {
  id: 'arbitrum',
  name: 'Arbitrum',
  kind: 'optimistic-rollup',
  blockTimeSeconds: 0.25,
  finalitySeconds: 1800,
  congestionMultiplier: 1,
}
const member = (id: string, p = 0.01): VerifierMemberInput => ({
  id,
  operator: id,
  tags: [],
  pCompromise: p,
  pOffline: p,
})
const external = (id: string, verifiers: BridgeInput['trust']): BridgeInput => ({
  id,
  name: id,
  kind: 'layerzero-oft',
  representation: 'wrapped',
  mechanism: 'lock-and-mint',
  trust: verifiers,
  verificationSeconds: 180,
  executionSeconds: 60,
})
const oneOfOne = external('one-dvn', {
  kind: 'externalThreshold',
  implementationBug: 0.01,
  verifiers: { type: 'threshold', threshold: 1, members: [member('dvn-a')] },
})
const twoDvns = external('two-dvns', {
  kind: 'externalThreshold',
  implementationBug: 0.01,
  verifiers: {
    type: 'all',
    sets: [
      { type: 'threshold', threshold: 1, members: [member('dvn-a')] },
      { type: 'threshold', threshold: 1, members: [member('dvn-b')] },
    ],
  },
})
const canonical = (windowSeconds = 604_800): BridgeInput => ({
  id: 'arbitrum-canonical',
  name: 'canonical',
  kind: 'optimistic-canonical',
  representation: 'canonical',
  mechanism: 'lock-and-mint',
  trust: {
    kind: 'optimistic',
    watchers: [1, 2, 3].map((i) => ({ id: `w${i}`, operator: `w${i}`, tags: [], pFail: 0.01 })),
    fraudProofBug: 0.002,
    implementationBug: 0.002,
  },
  challenge: { windowSeconds, fromChains: ['arbitrum'] },
  verificationSeconds: 0,
  executionSeconds: 600,
})
const pool = (reserveUsd = 50e6): VenueInput => ({
  id: 'pool',
  chain: 'arbitrum',
  kind: 'constant-product',
  reserveUsd,
  fee: 0.003,
})
const policy: AssessPolicy = {
  annualBadDebtProbability: 0.01,
  confidence: 0.99,
  ltvHorizonSeconds: 3600,
  ltvBufferConfidence: 0.99,
  oracleNoise: 0.001,
  minLiquidationHorizonSeconds: 7200,
  depthThinning: 0.6,
  depthRefillSeconds: 1800,
  atRiskShare: 0.05,
  liquidationProtocolFee: 0.1,
  crashGasMultiplier: 20,
  defaultStressMultiple: 3.2,
  defaultEpisodeRate: 1,
  detectionSeconds: 60,
  saleSeconds: 300,
  gasUsd: 5,
  liquidatorMargin: 0.01,
  lossBudgetUsd: 1e12,
  parameterPolicy: 'both',
  baseCollateralFactor: 0.8,
  nativeCollateralFactor: 0.8,
  bridgedCollateralFactor: 0.65,
  minTrustScore: 0,
  oracleUpdateLatencySeconds: 60,
  tinyCapUsd: 100_000,
  haircutHorizonYears: 5,
}
const route = (over: Partial<RouteInput> = {}): RouteInput => ({
  id: 'r',
  architecture: 'synthetic',
  asset: { id: 'weth', symbol: 'WETH', class: 'native-bridged', volatilityAnnual: 0.8 },
  homeChain: ethereum,
  debtChain: arbitrum,
  bridges: [canonical()],
  oracle: {
    id: 'eth-usd-arbitrum',
    provider: 'chainlink',
    pair: 'ETH/USD',
    chain: 'arbitrum',
    heartbeatSeconds: 86_400,
    deviationThreshold: 0.005,
    decimals: 8,
    updateLatencySeconds: 60,
  },
  venue: pool(),
  liquidationSizeUsd: 1e6,
  ...over,
})
const lt = (r: RouteInput, p: AssessPolicy = policy) =>
  assessRoute({ route: r, policy: p }).recommendation.liquidationThreshold

describe(assessRoute.name, () => {
  it('computes the components from their closed forms', () => {
    const a = assessRoute({ route: route(), policy })
    const term = (name: string) => a.explanation.find((t) => t.term === name)
    // python3 (stdlib), test values: WETH without stressed figures → σ_s = 3.2 · 0.8 = 2.56, one
    // episode a year, tail (u 1.65, ξ 0.19, β 0.7, ζ 0.05); p = −ln(0.99)/1 = 0.01005033585350145;
    // L_p = 1.65 + 0.7/0.19·((p/0.05)^−0.19 − 1) = 2.9630780669283077.
    // Operations: oracle 60 + detection 60 + one Arbitrum block 0.25 = 120.25 s; the capacity
    // (at-risk 5 % of 2 × depth within the bonus, absorbed at thinned depth per 1800 s) is shorter
    // than the floor, so T_liq = 7200 s.
    expect(term('operationsSeconds')?.value).toBe(120.25)
    expect(a.components.liquidationHorizonSeconds).toBe(7200)
    // c = 1 − exp(−2.56·√(7200/31536000)·L_p) = 0.10829168367365949
    expect(a.components.priceVaR).toBeCloseTo(0.10829168367365949, 12)
    // one liquidation on the pool thinned to 60 %: 1 − (1 − f)·R/(R + x(1 − f)), R 30e6, x 1e6, f 0.003
    expect(a.components.slippage).toBeCloseTo(0.03506790979772234, 12)
    // inventory over 300 s at p: 1 − exp(−2.56·√(300/31536000)·L_p) = 0.02312437084226926
    expect(term('inventoryRisk')?.value).toBeCloseTo(0.02312437084226926, 12)
    // bonus = ceil_bps((slippage + 20·5/1e6 + inventory + 0.01) / (1 − 0.1)) = 0.0759
    expect(a.recommendation.liquidationBonus).toBe(0.0759)
    // oracle: 1 − 0.995·(1 − (1 − exp(−z_{1−p}·2.56·√(60/yr)))) = 0.013133490464202313
    expect(a.components.oracleError).toBeCloseTo(0.013133490464202313, 12)
    // LT = floor_bps((1 − c)(1 − oracle)(1 − slippage)/(1 + bonus)) = floor_bps(0.789234515899019)
    expect(a.recommendation.liquidationThreshold).toBe(0.7892)
    // LTV = floor_bps(LT·(1 − (1 − exp(−z_0.99·0.8·√(3600/yr))))) with a 1.9688 % calm move
    expect(a.recommendation.ltv).toBe(0.7736)
    expect(a.bindingDebt).toBe('usd')
    // the synthetic route's message (home → debt) does not wait for the challenge window
    expect(term('challengeWindowSeconds')?.value).toBe(0)
    expect(a.recommendation.eligible).toBe(true)
    expect(a.recommendation.liquidationThreshold * (1 + a.recommendation.liquidationBonus)).toBeLessThan(1)
  })

  it('keeps a bridge failure out of LT (the cap bounds it) and makes a 1-of-1 verifier ineligible', () => {
    // The new model: a bridge failure is a jump to its loss given failure, bounded by the
    // loss-budget cap; its expected loss (the haircut) is reported, not taken off LT again.
    const one = assessRoute({ route: route({ bridges: [oneOfOne] }), policy })
    const two = assessRoute({ route: route({ bridges: [twoDvns] }), policy })
    const canon = assessRoute({ route: route({ bridges: [canonical()] }), policy })
    expect(one.recommendation.liquidationThreshold).toBe(0)
    expect(two.recommendation.liquidationThreshold).toBe(canon.recommendation.liquidationThreshold)
    expect(two.components.bridgeHaircut).toBeGreaterThan(canon.components.bridgeHaircut)
    const tight = { ...policy, lossBudgetUsd: 1e6 }
    const capTwo = assessRoute({ route: route({ bridges: [twoDvns] }), policy: tight }).recommendation
      .supplyCapUsd
    // wrapped (lock-and-mint) loses everything on failure: cap = budget / 1
    expect(capTwo).toBeCloseTo(1e6, 6)
    const accepted = lt(route({ bridges: [oneOfOne], acceptSinglePointOfFailure: 'test' }))
    expect(accepted).toBeGreaterThan(0)
  })

  it('gives a native route no bridge, no message and no haircut', () => {
    const n = assessRoute({
      route: route({
        architecture: 'native',
        bridges: [],
        debtChain: ethereum,
        venue: { ...pool(), chain: 'ethereum' },
      }),
      policy,
    })
    expect(n.recommendation.eligible).toBe(true)
    expect(n.components.bridgeHaircut).toBe(0)
    expect(n.components.delayVaR).toBe(0)
    expect(n.bridge).toBe('')
    expect(n.components.trustScore).toBe(100)
    const wrong = assessRoute({ route: route({ architecture: 'native' }), policy })
    expect(wrong.recommendation.eligible).toBe(false)
  })

  it('sets LT per (collateral, debt) pair: ETH against ETH is e-mode-like, against a stablecoin it binds', () => {
    const eth = {
      factor: 'ETH',
      stress: {
        sigmaStressed: 2.72,
        episodeRate: 0.72,
        tail: { threshold: 1.66, xi: 0.22, beta: 0.77, zeta: 0.05 },
      },
    }
    const weth = {
      id: 'weth',
      symbol: 'WETH',
      class: 'native-bridged' as const,
      volatilityAnnual: 0.86,
      ...eth,
    }
    const wsteth = {
      id: 'wsteth',
      symbol: 'wstETH',
      class: 'exotic-lst' as const,
      volatilityAnnual: 0.86,
      ...eth,
      depeg: { level: 0.065, rate: 1, episodes: [0.065, 0.02] },
      pegVolatilityStressed: 0.3,
    }
    const usdc = {
      id: 'usdc',
      symbol: 'USDC',
      class: 'third-party-stablecoin' as const,
      volatilityAnnual: 0.02,
      factor: 'USD',
    }
    const r = route({ asset: wsteth })
    const emode = assessRoute({ route: r, policy, debts: [weth] })
    const general = assessRoute({ route: r, policy, debts: [weth, usdc] })
    expect(emode.bindingDebt).toBe('weth')
    expect(general.bindingDebt).toBe('usdc')
    expect(emode.recommendation.liquidationThreshold).toBeGreaterThan(
      general.recommendation.liquidationThreshold + 0.05,
    )
    expect(general.pairs.map((p) => p.debt)).toEqual(['weth', 'usdc'])
    expect(general.recommendation.liquidationThreshold).toBe(
      Math.min(...general.pairs.map((p) => p.liquidationThreshold)),
    )
  })

  it('lowers LT with a longer challenge window on a message-passing route (seize message from the rollup)', () => {
    const mp = (w: number) => lt(route({ architecture: 'message-passing', bridges: [canonical(w)] }))
    expect(mp(7 * 86_400)).toBeLessThan(mp(86_400))
    expect(mp(86_400)).toBeLessThan(mp(3600))
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 * 86_400 }),
        fc.integer({ min: 0, max: 30 * 86_400 }),
        (a, b) => {
          const [short, long] = a <= b ? [a, b] : [b, a]
          expect(mp(long)).toBeLessThanOrEqual(mp(short))
        },
      ),
      { numRuns: 40 },
    )
  })

  it('lowers LT with a slower oracle (update latency or deviation threshold)', () => {
    const base = route()
    const slow = route({ oracle: { ...base.oracle, updateLatencySeconds: 1800 } })
    const coarse = route({ oracle: { ...base.oracle, deviationThreshold: 0.02 } })
    expect(lt(slow)).toBeLessThan(lt(base))
    expect(lt(coarse)).toBeLessThan(lt(base))
  })

  it('lowers LT when the oracle is a median whose breaker allows a wider deviation', () => {
    const base = route()
    const median = (maxDeviation: number) =>
      lt(route({ oracle: { ...base.oracle, sources: { count: 5, maxDeviation } } }))
    expect(median(0.02)).toBeLessThan(median(0.005))
    expect(median(0.005)).toBeLessThan(lt(base))
  })

  it('raises the supply cap with deeper liquidity', () => {
    const cap = (reserve: number) =>
      assessRoute({ route: route({ venue: pool(reserve) }), policy }).recommendation.supplyCapUsd
    expect(cap(100e6)).toBeGreaterThan(cap(50e6))
    expect(cap(50e6)).toBeGreaterThan(cap(10e6))
  })

  it('reports the seed policy beside the principled one', () => {
    const a = assessRoute({ route: route(), policy })
    // adjustedCF = 0.8 · trustScore / 100, then × 0.65 / 0.8 for a bridged (synthetic) representation
    expect(a.seedPolicy?.trustScoreCollateralFactor).toBeCloseTo((0.8 * a.components.trustScore) / 100, 12)
    expect(a.seedPolicy?.collateralFactor).toBeCloseTo((0.8 * a.components.trustScore * 0.65) / 0.8 / 100, 12)
    expect(
      assessRoute({ route: route(), policy: { ...policy, parameterPolicy: 'principled' } }).seedPolicy,
    ).toBe(undefined)
  })

  it("uses the seed's collateral factor as LTV under the 'trust-score' policy, never above the principled LTV", () => {
    const both = assessRoute({ route: route(), policy })
    const seed = assessRoute({ route: route(), policy: { ...policy, parameterPolicy: 'trust-score' } })
    const cf = Math.floor((both.seedPolicy?.collateralFactor ?? 0) * 10_000) / 10_000
    expect(seed.recommendation.ltv).toBe(Math.min(cf, both.recommendation.ltv))
    expect(seed.recommendation.liquidationThreshold).toBe(both.recommendation.liquidationThreshold)
  })

  it('never raises LT for a stricter annual target or a longer horizon floor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.double({ min: 600, max: 86_400, noNaN: true }),
        (eps, floor) => {
          const at = (e: number, f: number) =>
            lt(route(), { ...policy, annualBadDebtProbability: e, minLiquidationHorizonSeconds: f })
          expect(at(eps / 2, floor)).toBeLessThanOrEqual(at(eps, floor))
          expect(at(eps, floor * 2)).toBeLessThanOrEqual(at(eps, floor))
        },
      ),
      { numRuns: 30 },
    )
  })

  it('counts the seize message only on message-passing routes', () => {
    const a = (architecture: RouteInput['architecture']) =>
      assessRoute({ route: route({ architecture, bridges: [canonical()] }), policy })
    const mp = a('message-passing')
    const capacity = mp.explanation.find((t) => t.term === 'capacitySeconds')?.value ?? Number.NaN
    // message-passing adds the seize message: Arbitrum finality 1800 + 7-day window 604 800 +
    // execution 600 (congestion 1) to the operations, before the capacity time
    expect(mp.explanation.find((t) => t.term === 'operationsSeconds')?.value).toBeCloseTo(120.25 + 607_200, 9)
    expect(mp.components.liquidationHorizonSeconds).toBeCloseTo(120.25 + 607_200 + capacity, 6)
    // the others stay at the floor (their capacity time is shorter than it)
    expect(a('hybrid-l2').components.liquidationHorizonSeconds).toBe(7200)
    expect(a('synthetic').components.liquidationHorizonSeconds).toBe(7200)
  })

  it('flags current parameters above the recommendation as unsafe and those below as safe', () => {
    const safe = { ltv: 0.5, liquidationThreshold: 0.6, liquidationBonus: 0.1 }
    const risky = { ltv: 0.95, liquidationThreshold: 0.97, liquidationBonus: 0.05 }
    const a = assessRoute({
      route: route(),
      policy,
      current: [
        { market: 'm1', current: safe },
        { market: 'm2', current: risky },
      ],
    })
    expect(a.current.map((c) => c.unsafe)).toEqual([false, true])
    expect(a.current[1]?.difference.liquidationThreshold).toBeCloseTo(
      0.97 - a.recommendation.liquidationThreshold,
      12,
    )
  })

  it('keeps every output in range and LT·(1 + bonus) < 1 for any volatility, size and confidence', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 1e3, max: 1e8, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        fc.constantFrom('synthetic', 'message-passing', 'hybrid-l2'),
        (sigma, size, confidence, architecture) => {
          const base = route()
          const a = assessRoute({
            route: route({
              architecture: architecture as RouteInput['architecture'],
              asset: { ...base.asset, volatilityAnnual: sigma },
              liquidationSizeUsd: size,
            }),
            policy: { ...policy, confidence },
          })
          const r = a.recommendation
          for (const x of [r.ltv, r.liquidationThreshold, r.liquidationBonus, a.components.bridgeHaircut])
            expect(x >= 0 && x <= 1).toBe(true)
          expect(r.ltv).toBeLessThanOrEqual(r.liquidationThreshold)
          expect(r.liquidationThreshold * (1 + r.liquidationBonus)).toBeLessThan(1)
          expect(r.supplyCapUsd).toBeGreaterThanOrEqual(0)
          expect(a.components.trustScore >= 0 && a.components.trustScore <= 100).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe(assess.name, () => {
  it('returns version 1, one entry per route, and unsafe when a market is', () => {
    const report = assess({
      policy,
      routes: [route(), route({ id: 'r2', bridges: [twoDvns] })],
      markets: [
        {
          id: 'm',
          collateral: [
            { route: 'r2', current: { ltv: 0.97, liquidationThreshold: 0.98, liquidationBonus: 0.01 } },
          ],
        },
      ],
    })
    expect(report.version).toBe(1)
    expect(report.routes.map((r) => r.id)).toEqual(['r', 'r2'])
    expect(report.unsafe).toBe(true)
  })

  it('reports routes the risk model rejects as a RouteAssessmentError listing each', () => {
    const bad = route({
      id: 'bad',
      bridges: [
        external('tagged', {
          kind: 'externalThreshold',
          implementationBug: 0.01,
          verifiers: {
            type: 'threshold',
            threshold: 1,
            members: [{ ...member('x'), tags: ['no-risk-given'] }],
          },
        }),
      ],
    })
    expect(() => assess({ policy, routes: [route(), bad], markets: [] })).toThrow(RouteAssessmentError)
    try {
      assess({ policy, routes: [bad], markets: [] })
    } catch (e) {
      expect((e as RouteAssessmentError).code).toBe('XC_ASSESS_ROUTE')
      expect((e as RouteAssessmentError).problems[0]).toMatch(/^route bad: /)
    }
  })
})
