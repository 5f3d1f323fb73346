import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exposureCap, nestedExposureCaps, rateLimitCapUsd, UnknownCapScopeError } from './caps.js'
import { governorMaxOutflow, tokenBucketMaxOutflow } from './rateLimit.js'

describe(exposureCap.name, () => {
  it('takes the loss-budget cap when it is smallest', () => {
    // Hand-worked: 2M / 0.5 = 4M < 10M < 50M.
    const c = exposureCap({
      liquidityCapUsd: 50e6,
      rateLimitCapUsd: 10e6,
      lossBudgetUsd: 2e6,
      lossGivenFailure: 0.5,
    })
    expect(c.capUsd).toBe(4e6)
    expect(c.binding).toBe('lossBudget')
    expect(c.constraints).toEqual({ liquidity: 50e6, rateLimit: 10e6, lossBudget: 4e6 })
    expect(c.explanation.map((t) => t.term)).toContain('lossBudgetCap')
  })
  it('takes the rate limit when it is smallest', () => {
    // CCIP bucket 1M capacity, 100 USD/s, 30 min: 1M + 180k = 1.18M < 5M/0.25 = 20M < 50M.
    const c = exposureCap({
      liquidityCapUsd: 50e6,
      rateLimitCapUsd: 1.18e6,
      lossBudgetUsd: 5e6,
      lossGivenFailure: 0.25,
    })
    expect(c.binding).toBe('rateLimit')
    expect(c.capUsd).toBe(1.18e6)
  })
  it('takes the liquidity cap when nothing else binds, and ignores a zero loss given failure', () => {
    const c = exposureCap({ liquidityCapUsd: 3e6, lossBudgetUsd: 0, lossGivenFailure: 0 })
    expect(c.binding).toBe('liquidity')
    expect(c.constraints.lossBudget).toBe(Number.POSITIVE_INFINITY)
    expect(c.constraints.rateLimit).toBe(Number.POSITIVE_INFINITY)
  })
  it('keeps the realised loss on failure within the budget and is ≤ every constraint', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (liquidityCapUsd, rateLimitCapUsd, lossBudgetUsd, lossGivenFailure) => {
          const c = exposureCap({
            liquidityCapUsd,
            lossBudgetUsd,
            lossGivenFailure,
            ...(rateLimitCapUsd === undefined ? {} : { rateLimitCapUsd }),
          })
          return (
            c.capUsd <= c.constraints.liquidity &&
            c.capUsd <= c.constraints.rateLimit &&
            c.capUsd <= c.constraints.lossBudget &&
            c.capUsd * lossGivenFailure <= lossBudgetUsd * (1 + 1e-12) &&
            c.capUsd === c.constraints[c.binding]
          )
        },
      ),
    )
  })
  it('rejects a negative budget and a loss fraction above 1', () => {
    expect(() => exposureCap({ liquidityCapUsd: 1, lossBudgetUsd: -1, lossGivenFailure: 0.5 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => exposureCap({ liquidityCapUsd: 1, lossBudgetUsd: 1, lossGivenFailure: 1.5 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
  })
})

describe(nestedExposureCaps.name, () => {
  const loose = { liquidityCapUsd: 1e9, lossBudgetUsd: 1e9, lossGivenFailure: 1 }
  it('shares a bridge cap pro rata across its routes', () => {
    // Hand-worked: own caps 30 and 10 (sum 40) over a bridge capped at 20 → 15 and 5.
    const r = nestedExposureCaps({
      routes: [
        { id: 'r1', bridgeId: 'b', chainId: 'c', constraints: { ...loose, liquidityCapUsd: 30 } },
        { id: 'r2', bridgeId: 'b', chainId: 'c', constraints: { ...loose, liquidityCapUsd: 10 } },
        { id: 'r3', bridgeId: 'x', chainId: 'c', constraints: { ...loose, liquidityCapUsd: 7 } },
      ],
      bridges: { b: { ...loose, lossBudgetUsd: 10, lossGivenFailure: 0.5 }, x: loose },
      chains: { c: loose },
    })
    expect(r.routes.map((x) => x.capUsd)).toEqual([15, 5, 7])
    expect(r.routes[0]).toMatchObject({ bindingLevel: 'bridge', binding: 'lossBudget' })
    expect(r.routes[2]).toMatchObject({ bindingLevel: 'route', binding: 'liquidity' })
  })
  it('never exceeds any level and each level sums within its cap', () => {
    const constraint = fc.record({
      liquidityCapUsd: fc.double({ min: 0, max: 1e6, noNaN: true }),
      lossBudgetUsd: fc.double({ min: 0, max: 1e6, noNaN: true }),
      lossGivenFailure: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('b1', 'b2'), fc.constantFrom('c1', 'c2'), constraint), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.tuple(constraint, constraint, constraint, constraint),
        (routes, [b1, b2, c1, c2]) => {
          const r = nestedExposureCaps({
            routes: routes.map(([bridgeId, chainId, constraints], i) => ({
              id: `r${i}`,
              bridgeId,
              chainId,
              constraints,
            })),
            bridges: { b1, b2 },
            chains: { c1, c2 },
          })
          const tol = 1e-9
          const sumBy = (pick: (i: number) => string, id: string) =>
            r.routes.reduce((a, x, i) => a + (pick(i) === id ? x.capUsd : 0), 0)
          return (
            r.routes.every((x) => x.capUsd <= x.ownCapUsd * (1 + tol) && x.capUsd >= 0) &&
            (['b1', 'b2'] as const).every(
              (b) => sumBy((i) => routes[i]?.[0] ?? '', b) <= (r.bridges[b]?.capUsd ?? 0) * (1 + tol) + tol,
            ) &&
            (['c1', 'c2'] as const).every(
              (c) => sumBy((i) => routes[i]?.[1] ?? '', c) <= (r.chains[c]?.capUsd ?? 0) * (1 + tol) + tol,
            )
          )
        },
      ),
    )
  })
  it('names an unknown bridge or chain', () => {
    expect(() =>
      nestedExposureCaps({
        routes: [{ id: 'r', bridgeId: 'nope', chainId: 'c', constraints: loose }],
        bridges: {},
        chains: { c: loose },
      }),
    ).toThrow(UnknownCapScopeError)
  })
})

describe(rateLimitCapUsd.name, () => {
  it('passes a bound through and drops an unbounded limit', () => {
    // 1M + 100 × 1800 = 1.18M (hand-worked).
    expect(rateLimitCapUsd(tokenBucketMaxOutflow({ capacity: 1e6, ratePerSecond: 100 }, 1800))).toBe(
      1_180_000,
    )
    expect(
      rateLimitCapUsd(governorMaxOutflow({ dailyLimitUsd: 1e6, bigTransactionSizeUsd: 1e5 }, 2 * 86_400)),
    ).toBe(undefined)
  })
})
