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

// The seed's brackets could not be retrieved; these vectors check the ASSUMED brackets stated in
// docs/model.md (liquidity ≥ $10M/1M/100k → 1/3/6, else 10;
// volatility < 20/50/100 % → 1/4/7, else 10) and the integer weighting ⌊(60·L + 40·V)/100⌋.
describe(riskScore.name, () => {
  // One representative input per bracket.
  const liquidity = [50_000_000, 5_000_000, 500_000, 50_000] // L = 1, 3, 6, 10
  const volatility = [10, 30, 70, 150] // V = 1, 4, 7, 10
  // Hand-worked ⌊(60·L + 40·V) / 100⌋, rows L = 1, 3, 6, 10, columns V = 1, 4, 7, 10:
  // L=1:  100→1, 220→2, 340→3, 460→4
  // L=3:  220→2, 340→3, 460→4, 580→5
  // L=6:  400→4, 520→5, 640→6, 760→7
  // L=10: 640→6, 760→7, 880→8, 1000→10
  const expected = [
    [1, 2, 3, 4],
    [2, 3, 4, 5],
    [4, 5, 6, 7],
    [6, 7, 8, 10],
  ]

  it('scores every bracket combination', () => {
    liquidity.forEach((liquidityUsd, i) => {
      volatility.forEach((volatilityPercent, j) => {
        expect(
          riskScore({ liquidityUsd, volatilityPercent }),
          `L ${liquidityUsd}, V ${volatilityPercent}`,
        ).toBe(expected[i]![j])
      })
    })
  })

  it('puts bracket edges in the safer bracket for liquidity and the riskier for volatility', () => {
    expect(riskScore({ liquidityUsd: 10_000_000, volatilityPercent: 0 })).toBe(1)
    expect(riskScore({ liquidityUsd: 9_999_999, volatilityPercent: 0 })).toBe(2) // L 3: ⌊(180 + 40)/100⌋
    expect(riskScore({ liquidityUsd: 10_000_000, volatilityPercent: 20 })).toBe(2) // V 4: ⌊(60 + 160)/100⌋
    expect(riskScore({ liquidityUsd: 0, volatilityPercent: 100 })).toBe(10)
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

describe(calculateRiskScore.name, () => {
  it('is the seed-named positional form of riskScore', () => {
    expect(calculateRiskScore(5_000_000, 60)).toBe(4) // L 3, V 7: ⌊(180 + 280)/100⌋ = 4
    expect(calculateRiskScore(50_000, 150)).toBe(10)
  })
})

describe(riskScoreExplained.name, () => {
  it('lists the bracket scores and the weighted result', () => {
    const e = riskScoreExplained({ liquidityUsd: 500_000, volatilityPercent: 30 })
    expect(e.explanation.map((t) => [t.term, t.value])).toEqual([
      ['liquidityScore', 6],
      ['volatilityScore', 4],
      ['riskScore', 5],
    ])
  })
})

describe(smoothRiskScore.name, () => {
  it('interpolates between the bracket anchors', () => {
    // Hand-worked: ℓ(1M) = 1 + 3·(7 − 6) = 4, v(50 %) = 1 + 0.09·50 = 5.5, 0.6·4 + 0.4·5.5 = 4.6.
    expect(smoothRiskScore({ liquidityUsd: 1_000_000, volatilityPercent: 50 })).toBeCloseTo(4.6, 12)
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
