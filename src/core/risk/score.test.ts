import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DivisionByZeroError,
  InsufficientDataError,
  InvalidNumberError,
  NegativeValueError,
  OutOfRangeError,
} from '../errors.js'
import {
  calculateRiskScore,
  riskScore,
  riskScoreExplained,
  smoothRiskScore,
  valueWeightedRiskScore,
  worstCaseRiskScore,
} from './score.js'

// Golden vectors from the seed (../seeds/002, "Implementation Example"), quoted:
//   uint8 liquidityScore = liquidityUSD > 100_000_000 ether ? 1 : liquidityUSD > 10_000_000 ether ? 5 : 10;
//   uint8 volatilityScore = volatilityPercent < 5 ? 1 : volatilityPercent < 20 ? 5 : 10;
//   return uint8((liquidityScore * 6 + volatilityScore * 4) / 10);
// Hand-worked (L·6 + V·4) / 10 in integer division, rows L = 1, 5, 10, columns V = 1, 5, 10:
//   L=1:  10/10 = 1,  26/10 = 2,  46/10 = 4
//   L=5:  34/10 = 3,  50/10 = 5,  70/10 = 7
//   L=10: 64/10 = 6,  80/10 = 8, 100/10 = 10
const ETHER = 10n ** 18n
const EXPECTED = [
  [1, 2, 4],
  [3, 5, 7],
  [6, 8, 10],
]
// One input inside each bracket, and the two edges of each (an edge goes to the riskier bracket).
const LIQUIDITY_USD = [
  { usd: 500_000_000n, row: 0 },
  { usd: 100_000_001n, row: 0 }, // just above the `> 100_000_000 ether` edge
  { usd: 100_000_000n, row: 1 }, // the edge itself: not `>`, so L = 5
  { usd: 50_000_000n, row: 1 },
  { usd: 10_000_001n, row: 1 },
  { usd: 10_000_000n, row: 2 }, // the edge itself: L = 10
  { usd: 1_000n, row: 2 },
  { usd: 0n, row: 2 },
]
const VOLATILITY_PERCENT = [
  { pct: 0n, col: 0 },
  { pct: 4n, col: 0 }, // just below the `< 5` edge
  { pct: 5n, col: 1 }, // the edge itself: not `<`, so V = 5
  { pct: 19n, col: 1 },
  { pct: 20n, col: 2 }, // the edge itself: V = 10
  { pct: 150n, col: 2 },
]

describe(calculateRiskScore.name, () => {
  it('scores every bracket and both edges as the seed does', () => {
    for (const { usd, row } of LIQUIDITY_USD)
      for (const { pct, col } of VOLATILITY_PERCENT)
        expect(calculateRiskScore(usd * ETHER, pct), `$${usd}, ${pct} %`).toBe(EXPECTED[row]![col])
  })

  it("compares liquidity in 18-decimal USD, as the seed's `ether` suffix says", () => {
    // 100_000_000 ether + 1 wei is above the edge; 100_000_000 ether is not.
    expect(calculateRiskScore(100_000_000n * ETHER + 1n, 0n)).toBe(1)
    expect(calculateRiskScore(100_000_000n * ETHER, 0n)).toBe(3)
    // $1e26 of liquidity given without decimals is only 1e8 wei: L = 10.
    expect(calculateRiskScore(100_000_001n, 0n)).toBe(6)
  })

  it('refuses what a uint256 cannot hold', () => {
    expect(() => calculateRiskScore(-1n, 0n)).toThrow(NegativeValueError)
    expect(() => calculateRiskScore(0n, 1n << 256n)).toThrow(OutOfRangeError)
    expect(() => calculateRiskScore(1 as unknown as bigint, 0n)).toThrow(InvalidNumberError)
  })
})

describe(riskScore.name, () => {
  it("uses the seed's brackets on plain USD and percent", () => {
    for (const { usd, row } of LIQUIDITY_USD)
      for (const { pct, col } of VOLATILITY_PERCENT)
        expect(riskScore({ liquidityUsd: Number(usd), volatilityPercent: Number(pct) })).toBe(
          EXPECTED[row]![col],
        )
    // Fractional inputs: 4.99 % is below 5; $100,000,000.01 is above $100M.
    expect(riskScore({ liquidityUsd: 100_000_000.01, volatilityPercent: 4.99 })).toBe(1)
  })

  it('agrees with calculateRiskScore on every whole-dollar, whole-percent input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.constantFrom(10_000_000n, 100_000_000n)),
        fc.bigInt({ min: 0n, max: 200n }),
        (usd, pct) => {
          expect(riskScore({ liquidityUsd: Number(usd), volatilityPercent: Number(pct) })).toBe(
            calculateRiskScore(usd * ETHER, pct),
          )
        },
      ),
    )
  })

  it('is an integer in 1..10, non-increasing in liquidity and non-decreasing in volatility', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (liquidityUsd, volatilityPercent, k) => {
          const s = riskScore({ liquidityUsd, volatilityPercent })
          expect(Number.isInteger(s)).toBe(true)
          expect(s).toBeGreaterThanOrEqual(1)
          expect(s).toBeLessThanOrEqual(10)
          expect(riskScore({ liquidityUsd: liquidityUsd * k, volatilityPercent })).toBeLessThanOrEqual(s)
          expect(
            riskScore({ liquidityUsd, volatilityPercent: volatilityPercent * k }),
          ).toBeGreaterThanOrEqual(s)
        },
      ),
    )
  })

  it('refuses negative and non-finite inputs', () => {
    expect(() => riskScore({ liquidityUsd: -1, volatilityPercent: 10 })).toThrow(NegativeValueError)
    expect(() => riskScore({ liquidityUsd: 1, volatilityPercent: Number.NaN })).toThrow(InvalidNumberError)
    expect(() => riskScore({ liquidityUsd: Number.POSITIVE_INFINITY, volatilityPercent: 10 })).toThrow(
      InvalidNumberError,
    )
    expect(() => riskScore({ liquidityUsd: 1, volatilityPercent: -5 })).toThrow(NegativeValueError)
  })
})

describe(riskScoreExplained.name, () => {
  it('lists the bracket scores and the weighted result', () => {
    const e = riskScoreExplained({ liquidityUsd: 50_000_000, volatilityPercent: 30 })
    expect(e.explanation.map((t) => [t.term, t.value])).toEqual([
      ['liquidityScore', 5],
      ['volatilityScore', 10],
      ['riskScore', 7],
    ])
  })
})

describe(smoothRiskScore.name, () => {
  it('interpolates between the bracket anchors', () => {
    // Hand-worked: ℓ(10M) = 1 + 4.5·(8 − 7) = 5.5, v(10 %) = 1 + 0.45·10 = 5.5; ℓ(1M) = 10, v(20 %) = 10.
    expect(smoothRiskScore({ liquidityUsd: 10_000_000, volatilityPercent: 10 })).toBeCloseTo(5.5, 12)
    expect(smoothRiskScore({ liquidityUsd: 1_000_000, volatilityPercent: 20 })).toBeCloseTo(10, 12)
    expect(smoothRiskScore({ liquidityUsd: 1e9, volatilityPercent: 0 })).toBe(1)
    expect(smoothRiskScore({ liquidityUsd: 0, volatilityPercent: 1000 })).toBe(10)
  })

  it('stays in [1, 10] and moves the right way', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (liquidityUsd, volatilityPercent, k) => {
          const s = smoothRiskScore({ liquidityUsd, volatilityPercent })
          expect(s).toBeGreaterThanOrEqual(1)
          expect(s).toBeLessThanOrEqual(10)
          expect(smoothRiskScore({ liquidityUsd: liquidityUsd * k, volatilityPercent })).toBeLessThanOrEqual(
            s + 1e-12,
          )
          expect(
            smoothRiskScore({ liquidityUsd, volatilityPercent: volatilityPercent * k }),
          ).toBeGreaterThanOrEqual(s - 1e-12)
        },
      ),
    )
  })
})

describe(worstCaseRiskScore.name, () => {
  it('takes the riskiest chain', () => {
    expect(worstCaseRiskScore([2, 7, 4])).toBe(7)
    expect(worstCaseRiskScore([1])).toBe(1)
  })

  it('refuses no scores and scores outside [1, 10]', () => {
    expect(() => worstCaseRiskScore([])).toThrow(InsufficientDataError)
    expect(() => worstCaseRiskScore([0])).toThrow(OutOfRangeError)
    expect(() => worstCaseRiskScore([11])).toThrow(OutOfRangeError)
  })
})

describe(valueWeightedRiskScore.name, () => {
  it('weights each chain by its value locked', () => {
    // Hand-worked: (2·90M + 8·10M) / 100M = 2.6
    expect(
      valueWeightedRiskScore([
        { chain: 'ethereum', score: 2, valueLockedUsd: 90_000_000 },
        { chain: 'bsc', score: 8, valueLockedUsd: 10_000_000 },
      ]),
    ).toBeCloseTo(2.6, 12)
  })

  it('lies between the lowest score and the worst case', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            chain: fc.constant('c'),
            score: fc.double({ min: 1, max: 10, noNaN: true }),
            valueLockedUsd: fc.double({ min: 1, max: 1e12, noNaN: true }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (chains) => {
          const w = valueWeightedRiskScore(chains)
          expect(w).toBeLessThanOrEqual(worstCaseRiskScore(chains.map((c) => c.score)) + 1e-9)
          expect(w).toBeGreaterThanOrEqual(Math.min(...chains.map((c) => c.score)) - 1e-9)
        },
      ),
    )
  })

  it('refuses no chains and no value locked', () => {
    expect(() => valueWeightedRiskScore([])).toThrow(InsufficientDataError)
    expect(() => valueWeightedRiskScore([{ chain: 'a', score: 3, valueLockedUsd: 0 }])).toThrow(
      DivisionByZeroError,
    )
    expect(() => valueWeightedRiskScore([{ chain: 'a', score: 3, valueLockedUsd: -1 }])).toThrow(
      NegativeValueError,
    )
  })
})
