import { describe, expect, it } from 'vitest'
import { assessRoute } from '../core/assess/assess.js'
import type { RouteInput } from '../core/assess/types.js'
import { OutOfRangeError } from '../core/errors.js'
import { potentialValueChange } from '../core/risk/settlement.js'
import { BOUNDS } from '../core/units/bounds.js'
import { ConfigError } from './errors.js'
import { parseConfig } from './load.js'

// Cross-entry checks of resolveConfig: each case passed silently before (exit 0 with a wrong
// result); each is now one problem line in the usual `file: path: expected …, found …` form.

const ROUTE = (id: string, extra = '') => `
  - id: ${id}
    asset: weth
    homeChain: ethereum
    debtChain: arbitrum
    bridge: arbitrum-canonical
    oracle: eth-usd-arbitrum
    venue: pool
    architecture: synthetic${extra}`

const BASE = `
version: 1
venues:
  - id: pool
    chain: arbitrum
    kind: constant-product
    reserveUsd: 10000000
    fee: 0.003
routes:${ROUTE('r1')}${ROUTE('r2')}
`

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig({ text, file: 'p.yaml' })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  return []
}

describe('configuration cross-checks', () => {
  it('accepts the base configuration', () => {
    expect(problemsOf(BASE)).toEqual([])
  })

  it('refuses the same bridge repeated in a route path (not independent hops)', () => {
    const text = BASE.replace(
      'bridge: arbitrum-canonical\n    oracle: eth-usd-arbitrum\n    venue: pool\n    architecture: synthetic\n  - id: r2',
      'bridge: [arbitrum-canonical, arbitrum-canonical, arbitrum-canonical]\n    oracle: eth-usd-arbitrum\n    venue: pool\n    architecture: synthetic\n  - id: r2',
    )
    expect(problemsOf(text)).toEqual([
      `p.yaml: routes[0].bridge[1]: expected each bridge once in a route's path (a repeated hop is the same bridge, not an independent one), found "arbitrum-canonical" again (first at routes[0].bridge[0])`,
      `p.yaml: routes[0].bridge[2]: expected each bridge once in a route's path (a repeated hop is the same bridge, not an independent one), found "arbitrum-canonical" again (first at routes[0].bridge[0])`,
    ])
  })

  it('refuses duplicate market ids, a route listed twice in a market and duplicate debts', () => {
    const text = `${BASE}markets:
  - id: m
    collateral:
      - route: r1
      - route: r1
    debts: [usdc, usdc]
  - id: m
    collateral:
      - route: r2
`
    expect(problemsOf(text)).toEqual([
      'p.yaml: markets[0].collateral[1].route: expected each route once in a market, found "r1" again (first at collateral[0])',
      'p.yaml: markets[0].debts[1]: expected each debt asset once, found "usdc" again (first at debts[0])',
      'p.yaml: markets[1].id: expected a unique id, found "m" again (first at markets[0])',
    ])
  })

  it("refuses a market whose chain is not the route's debt chain", () => {
    const text = `${BASE}markets:
  - id: m
    chain: optimism
    collateral:
      - route: r1
`
    expect(problemsOf(text)).toEqual([
      `p.yaml: markets[0].collateral[0].route: expected a route whose debtChain is the market's chain "optimism", found "r1" with debtChain "arbitrum"`,
    ])
    expect(problemsOf(text.replace('chain: optimism', 'chain: arbitrum'))).toEqual([])
  })

  it('refuses a light-client bridge on an unknown source chain', () => {
    const bridge = (chain: string) => `bridges:
  - id: arbitrum-canonical
    trust: { kind: lightClient, sourceChain: ${chain}, sourceChainCompromise: 0.0001, implementationBug: 0.01 }
`
    expect(problemsOf(BASE.replace('venues:', `${bridge('nowhere')}venues:`))).toEqual([
      'p.yaml: bridges[0].trust.sourceChain: expected a chain id (the chain whose consensus the lightClient bridge verifies), found "nowhere"',
    ])
    expect(problemsOf(BASE.replace('venues:', `${bridge('ethereum')}venues:`))).toEqual([])
  })

  it('says "characters" for a string too long or empty', () => {
    const long = 'x'.repeat(501)
    const problems = problemsOf(
      BASE.replace(
        'architecture: synthetic\n  - id: r2',
        `architecture: synthetic\n    acceptSinglePointOfFailure: ${long}\n  - id: r2`,
      ),
    )
    expect(problems).toEqual([
      'p.yaml: routes[0].acceptSinglePointOfFailure: expected at most 500 characters, found 501 characters',
    ])
    expect(
      problemsOf(
        BASE.replace(
          'architecture: synthetic\n  - id: r2',
          `architecture: synthetic\n    acceptSinglePointOfFailure: ''\n  - id: r2`,
        ),
      ),
    ).toEqual(['p.yaml: routes[0].acceptSinglePointOfFailure: expected at least 1 character, found ""'])
  })
})

describe('bounds shared by the configuration and the library', () => {
  it('refuses the same volatility in the config and in potentialValueChange (80 is a percent by mistake)', () => {
    const withSigma = (sigma: number) =>
      BASE.replace('venues:', `assets:\n  - id: weth\n    volatilityAnnual: ${sigma}\nvenues:`)
    expect(problemsOf(withSigma(BOUNDS.volatilityAnnual.max))).toEqual([])
    expect(problemsOf(withSigma(80))).toEqual(['p.yaml: assets[0].volatilityAnnual: expected ≤ 20, found 80'])
    const pvc = (sigmaAnnual: number) =>
      potentialValueChange({ sigmaAnnual, horizonSeconds: 86_400, confidence: 0.99 })
    expect(pvc(BOUNDS.volatilityAnnual.max)).toBeGreaterThan(0)
    expect(() => pvc(80)).toThrow(OutOfRangeError)
    try {
      pvc(80)
    } catch (e) {
      expect((e as OutOfRangeError).code).toBe('XC_OUT_OF_RANGE')
      expect((e as OutOfRangeError).message).toContain('0.8 for 80 %')
    }
  })
})

describe('degenerate policies', () => {
  const routeOf = (text: string) => {
    const registry = parseConfig({ text, file: 'p.yaml' })
    return assessRoute({ route: registry.routes[0] as RouteInput, policy: registry.policy })
  }
  it('keeps an LTV buffer of at least the oracle band, and warns only when even that is 0', () => {
    // The LTV buffer is max(calm move over ltvHorizonSeconds, deviation threshold + oracle noise):
    // σ = 0 or ltvHorizonSeconds 0 leave the oracle band (0.05 % + 0.1 % here), never LTV = LT.
    for (const section of [
      'assets:\n  - id: weth\n    volatilityAnnual: 0\n',
      'policy:\n  ltvHorizonSeconds: 0\n',
    ]) {
      const a = routeOf(BASE.replace('venues:', `${section}venues:`))
      expect(a.recommendation.liquidationThreshold - a.recommendation.ltv).toBeGreaterThan(1e-4)
      expect(a.warnings.some((w) => w.startsWith('LTV equals'))).toBe(false)
    }
    const none = routeOf(
      BASE.replace(
        'venues:',
        'policy:\n  ltvHorizonSeconds: 0\n  oracleNoise: 0\noracles:\n  - id: eth-usd-arbitrum\n    deviationThreshold: 0\nvenues:',
      ),
    )
    expect(none.recommendation.liquidationThreshold - none.recommendation.ltv).toBeLessThanOrEqual(
      1e-4 + 1e-12,
    )
    expect(none.warnings.filter((w) => w.startsWith('LTV equals the liquidation threshold'))).toHaveLength(1)
    expect(routeOf(BASE).warnings.some((w) => w.startsWith('LTV equals'))).toBe(false)
  })
})
