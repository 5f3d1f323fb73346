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
  confidence: 0.99,
  ltvHorizonSeconds: 86_400,
  detectionSeconds: 60,
  saleSeconds: 60,
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
    // T_liq = oracle latency 60 + detection 60 + liquidation tx (one Arbitrum block) 0.25 + sale 60 = 180.25 s
    expect(a.components.liquidationHorizonSeconds).toBe(180.25)
    // python3 (stdlib): z = NormalDist().inv_cdf(0.99); 1 - exp(-z*0.8*sqrt(180.25/(365*86400))) = 0.00443949086990747
    expect(a.components.priceVaR).toBeCloseTo(0.00443949086990747, 12)
    // constant product: 1 - (1-f)·R/(R + x(1-f)), R 50e6, x 1e6, f 0.003 = 0.022491519108967184 (python3)
    expect(a.components.slippage).toBeCloseTo(0.022491519108967184, 12)
    // bonus = slippage + gas/size + margin = 0.022491519 + 5/1e6 + 0.01 = 0.032496519108967184
    expect(a.recommendation.liquidationBonus).toBeCloseTo(0.032496519108967184, 12)
    // the synthetic route's message (home → debt) does not wait for the challenge window
    const window = a.explanation.find((t) => t.term === 'challengeWindowSeconds')
    expect(window?.value).toBe(0)
    expect(a.recommendation.eligible).toBe(true)
    expect(a.recommendation.ltv).toBeLessThanOrEqual(a.recommendation.liquidationThreshold)
    expect(a.recommendation.liquidationThreshold * (1 + a.recommendation.liquidationBonus)).toBeLessThan(1)
  })

  it('orders bridges: a 1-of-1 verifier < two required DVNs < the canonical bridge', () => {
    const one = lt(route({ bridges: [oneOfOne] }))
    const two = lt(route({ bridges: [twoDvns] }))
    const canon = lt(route({ bridges: [canonical()] }))
    expect(one).toBeLessThan(two)
    expect(two).toBeLessThan(canon)
    // 1-of-1 is ineligible (LT 0); accepted explicitly it is still lower than two DVNs
    expect(one).toBe(0)
    const accepted = lt(route({ bridges: [oneOfOne], acceptSinglePointOfFailure: 'test' }))
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(two)
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

  it('counts the seize message only on message-passing routes', () => {
    const horizon = (architecture: RouteInput['architecture']) =>
      assessRoute({ route: route({ architecture, bridges: [canonical()] }), policy }).components
        .liquidationHorizonSeconds
    // message-passing adds T = Arbitrum finality 1800 + 7-day window 604 800 + execution 600 (congestion 1)
    expect(horizon('message-passing')).toBeCloseTo(180.25 + 604_800 + 1800 + 600, 9)
    expect(horizon('hybrid-l2')).toBe(180.25)
    expect(horizon('synthetic')).toBe(180.25)
  })

  it('flags current parameters above the recommendation as unsafe and those below as safe', () => {
    const safe = { ltv: 0.5, liquidationThreshold: 0.6, liquidationBonus: 0.05 }
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
