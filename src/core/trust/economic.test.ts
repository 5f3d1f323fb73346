import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { costToCorrupt, giniCoefficient, nakamotoCoefficient, tvsToTvlRatio } from './economic.js'

describe(costToCorrupt.name, () => {
  it('prices the stake needed and the slashable part of it', () => {
    // Hand-worked: 2/3 × 300M = 200M needed; half slashable → 100M; 100M / 150M = 2/3 < 1.
    const r = costToCorrupt({
      totalStakeUsd: 300e6,
      thresholdFraction: 2 / 3,
      slashableFraction: 0.5,
      valueSecuredUsd: 150e6,
    })
    expect(r.stakeNeededUsd).toBeCloseTo(200e6, 4)
    expect(r.costToCorruptUsd).toBeCloseTo(100e6, 4)
    expect(r.securityRatio).toBeCloseTo(2 / 3, 12)
    expect(r.attackProfitable).toBe(true)
    expect(r.explanation.map((t) => t.term)).toEqual(['stakeNeeded', 'costToCorrupt', 'securityRatio'])
  })
  it('is not profitable when the slashable stake exceeds the value secured', () => {
    const r = costToCorrupt({
      totalStakeUsd: 900,
      thresholdFraction: 2 / 3,
      slashableFraction: 1,
      valueSecuredUsd: 500,
    })
    expect(r.costToCorruptUsd).toBeCloseTo(600, 9)
    expect(r.attackProfitable).toBe(false)
  })
  it('rejects fractions outside their ranges', () => {
    const ok = { totalStakeUsd: 1, thresholdFraction: 0.5, slashableFraction: 0.5, valueSecuredUsd: 1 }
    // Unanimity (threshold 1) is a valid set: the attacker needs all of the stake.
    expect(costToCorrupt({ ...ok, totalStakeUsd: 900, thresholdFraction: 1 }).stakeNeededUsd).toBe(900)
    expect(() => costToCorrupt({ ...ok, thresholdFraction: 0 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => costToCorrupt({ ...ok, thresholdFraction: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
    expect(() => costToCorrupt({ ...ok, thresholdFraction: 1.01 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => costToCorrupt({ ...ok, slashableFraction: 1.1 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => costToCorrupt({ ...ok, valueSecuredUsd: -1 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
  })
})

describe(tvsToTvlRatio.name, () => {
  it('divides value secured by value locked', () => {
    expect(tvsToTvlRatio(1_000e6, 250e6)).toBe(4)
    expect(() => tvsToTvlRatio(1, 0)).toThrow(expect.objectContaining({ code: 'XC_DIVISION_BY_ZERO' }))
  })
})

describe(nakamotoCoefficient.name, () => {
  it('counts the largest holders until they exceed the threshold', () => {
    // Hand-worked on [40, 30, 20, 10] (total 100): 40 > 33.3 → 1; 40+30 = 70 > 66.7 → 2;
    // at 1/2: 40 ≤ 50, 70 > 50 → 2.
    expect(nakamotoCoefficient([40, 30, 20, 10])).toBe(1)
    expect(nakamotoCoefficient([10, 20, 30, 40], 2 / 3)).toBe(2)
    expect(nakamotoCoefficient([40, 30, 20, 10], 0.5)).toBe(2)
  })
  it('needs floor(n/3) + 1 of n equal holders at 1/3 (strictly more than a third)', () => {
    // 9 equal: 3/9 = 1/3 is not > 1/3, so 4. 19 guardians at 2/3: 12/19 = 0.632, 13/19 = 0.684 → 13.
    expect(nakamotoCoefficient(Array(9).fill(1))).toBe(4)
    expect(nakamotoCoefficient(Array(19).fill(1), 2 / 3)).toBe(13)
  })
  it('is between 1 and n', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (s) => {
          const k = nakamotoCoefficient(s)
          return k >= 1 && k <= s.length
        },
      ),
    )
  })
  it('rejects empty, zero or negative distributions', () => {
    expect(() => nakamotoCoefficient([])).toThrow(expect.objectContaining({ code: 'XC_INSUFFICIENT_DATA' }))
    expect(() => nakamotoCoefficient([0, 0])).toThrow(
      expect.objectContaining({ code: 'XC_DIVISION_BY_ZERO' }),
    )
    expect(() => nakamotoCoefficient([1, -1])).toThrow(expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }))
    expect(() => nakamotoCoefficient([1], 1)).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
  })
})

describe(giniCoefficient.name, () => {
  it('is 0 for an equal distribution', () => {
    expect(giniCoefficient([5, 5, 5, 5, 5])).toBe(0)
  })
  it('is (n − 1)/n when one holder of n has everything', () => {
    // Hand-worked: Σ|xᵢ − xⱼ| over ordered pairs = 2(n − 1)X, mean X/n → 2(n−1)X / (2n² X/n) = (n−1)/n.
    for (const n of [2, 3, 4, 10, 19]) {
      const stakes = Array(n).fill(0)
      stakes[0] = 7
      expect(giniCoefficient(stakes)).toBeCloseTo((n - 1) / n, 14)
    }
  })
  it('matches the mean absolute difference on [1, 2, 3, 4]', () => {
    // Hand-worked: Σᵢ Σⱼ |xᵢ − xⱼ| = 2 × (1+2+3+1+2+1) = 20; 2 n² x̄ = 2 × 16 × 2.5 = 80 → 0.25.
    expect(giniCoefficient([4, 1, 3, 2])).toBeCloseTo(0.25, 14)
  })
  it('agrees with the pairwise definition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (s) => {
          const n = s.length
          const mean = s.reduce((a, b) => a + b, 0) / n
          let sum = 0
          for (const a of s) for (const b of s) sum += Math.abs(a - b)
          return Math.abs(giniCoefficient(s) - sum / (2 * n * n * mean)) < 1e-9
        },
      ),
    )
  })
})
