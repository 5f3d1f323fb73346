import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InsufficientDataError, InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import {
  closeToCloseVolatility,
  ewmaVolatility,
  historicalExpectedShortfall,
  historicalValueAtRisk,
  horizonLosses,
  parametricExpectedShortfall,
  parametricValueAtRisk,
} from './price.js'
import { potentialValueChange } from './settlement.js'

const PRICES = [100, 101, 99, 102]
// Log returns, worked by hand: ln(1.01) = 0.00995033, ln(99/101) = −0.02000067, ln(102/99) = 0.02985296.
const R1 = 0.009950330853168092
const R2 = -0.020000666706669543
const R3 = 0.02985296314968113

describe(closeToCloseVolatility.name, () => {
  it('annualises the sample deviation of log returns by the sampling interval', () => {
    // python3 (stdlib): statistics.stdev([R1, R2, R3]) * math.sqrt(365) = 0.4794397641188397
    expect(closeToCloseVolatility({ prices: PRICES, periodSeconds: 86_400 })).toBeCloseTo(
      0.4794397641188397,
      12,
    )
    // Hourly sampling of the same returns: × √(8760/365) = × √24.
    expect(closeToCloseVolatility({ prices: PRICES, periodSeconds: 3600 })).toBeCloseTo(
      0.4794397641188397 * Math.sqrt(24),
      12,
    )
  })

  it('is zero for a constant growth rate and refuses short or bad series', () => {
    expect(closeToCloseVolatility({ prices: [1, 2, 4, 8], periodSeconds: 60 })).toBeCloseTo(0, 12)
    expect(() => closeToCloseVolatility({ prices: [1, 2], periodSeconds: 60 })).toThrow(InsufficientDataError)
    expect(() => closeToCloseVolatility({ prices: [1, 0, 2], periodSeconds: 60 })).toThrow(OutOfRangeError)
    expect(() => closeToCloseVolatility({ prices: [1, Number.NaN, 2], periodSeconds: 60 })).toThrow(
      InvalidNumberError,
    )
    expect(() => closeToCloseVolatility({ prices: [1, 2, 3], periodSeconds: 0 })).toThrow(OutOfRangeError)
  })
})

describe(ewmaVolatility.name, () => {
  it('follows the RiskMetrics recursion, worked by hand over 3 steps', () => {
    // v1 = R1² = 9.900908e-5
    // v2 = 0.94·v1 + 0.06·R2² = 9.306854e-5 + 2.400160e-5 = 1.1707014e-4
    // v3 = 0.94·v2 + 0.06·R3² = 1.1004593e-4 + 5.347196e-5 = 1.6351790e-4
    // σ = √v3 · √365 = 0.0127874 · 19.10497 = 0.2443032
    const v1 = R1 * R1
    const v2 = 0.94 * v1 + 0.06 * R2 * R2
    const v3 = 0.94 * v2 + 0.06 * R3 * R3
    expect(v3).toBeCloseTo(1.635179e-4, 9)
    expect(ewmaVolatility({ prices: PRICES, periodSeconds: 86_400 })).toBeCloseTo(0.2443031555272351, 12)
  })

  it('starts from a given seed variance and accepts another λ', () => {
    // python3 (stdlib): w = 0.0004; for r in (R1, R2, R3): w = 0.94*w + 0.06*r*r
    // → w = 0.00041351613424627263, √w·√365 = 0.38850146589155815
    expect(ewmaVolatility({ prices: PRICES, periodSeconds: 86_400, seedVariance: 0.0004 })).toBeCloseTo(
      0.38850146589155815,
      12,
    )
    // λ → 0 keeps only the last squared return: |R3|·√365.
    expect(ewmaVolatility({ prices: PRICES, periodSeconds: 86_400, lambda: 1e-12 })).toBeCloseTo(
      Math.abs(R3) * Math.sqrt(365),
      9,
    )
  })

  it('refuses λ outside (0, 1), a negative seed and too few prices', () => {
    expect(() => ewmaVolatility({ prices: PRICES, periodSeconds: 1, lambda: 1 })).toThrow(OutOfRangeError)
    expect(() => ewmaVolatility({ prices: PRICES, periodSeconds: 1, seedVariance: -1 })).toThrow(
      NegativeValueError,
    )
    expect(() => ewmaVolatility({ prices: [1], periodSeconds: 1 })).toThrow(InsufficientDataError)
  })
})

/** Brute-force ES: (1/(1 − q)) ∫_{−∞}^{−z·s} (1 − eˣ) φ(x; 0, s) dx by Simpson's rule. */
function bruteForceEs(s: number, z: number, q: number): number {
  const upper = -z * s
  const lower = upper - 14 * s
  const n = 200_000
  const h = (upper - lower) / n
  const f = (x: number) =>
    ((1 - Math.exp(x)) * Math.exp((-0.5 * x * x) / (s * s))) / (s * Math.sqrt(2 * Math.PI))
  let sum = f(lower) + f(upper)
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lower + i * h)
  return (sum * h) / 3 / (1 - q)
}

describe(parametricValueAtRisk.name, () => {
  it('coincides with the potential value change', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        (sigmaAnnual, horizonSeconds, confidence) => {
          const p = { sigmaAnnual, horizonSeconds, confidence }
          expect(parametricValueAtRisk(p)).toBe(potentialValueChange(p))
        },
      ),
    )
    // python3 (stdlib): 1 - exp(-NormalDist().inv_cdf(0.99)*0.75*sqrt(7/365)) = 0.2146479040606849
    expect(
      parametricValueAtRisk({ sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 }),
    ).toBeCloseTo(0.2146479040606849, 9)
  })
})

describe(parametricExpectedShortfall.name, () => {
  it('matches its closed form, computed independently', () => {
    // python3 (stdlib): s = 0.75*sqrt(7/365); z = NormalDist().inv_cdf(0.99);
    // 1 - exp(s*s/2)*NormalDist().cdf(-z-s)/0.01 = 0.241418825226416
    expect(
      parametricExpectedShortfall({ sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 }),
    ).toBeCloseTo(0.241418825226416, 8)
  })

  it('matches a brute-force numeric integral of the tail', () => {
    const cases = [
      { sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99, z: 2.3263478740408408 },
      { sigmaAnnual: 0.8, horizonSeconds: 86_400, confidence: 0.975, z: 1.959963984540054 },
      { sigmaAnnual: 1.5, horizonSeconds: 30 * 86_400, confidence: 0.9, z: 1.2815515655446004 },
    ]
    for (const c of cases) {
      const s = c.sigmaAnnual * Math.sqrt(c.horizonSeconds / (365 * 86_400))
      expect(parametricExpectedShortfall(c)).toBeCloseTo(bruteForceEs(s, c.z, c.confidence), 7)
    }
  })

  it('is at least the VaR and at most 1, and zero without volatility', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        (sigmaAnnual, horizonSeconds, confidence) => {
          const p = { sigmaAnnual, horizonSeconds, confidence }
          const es = parametricExpectedShortfall(p)
          expect(es).toBeGreaterThanOrEqual(parametricValueAtRisk(p))
          expect(es).toBeLessThanOrEqual(1)
        },
      ),
    )
    expect(parametricExpectedShortfall({ sigmaAnnual: 0, horizonSeconds: 10, confidence: 0.99 })).toBe(0)
    // Shrunk counterexample, kept: s underflows to 0 while the VaR is the smallest subnormal.
    const tiny = {
      sigmaAnnual: 1.146077957285514e-295,
      horizonSeconds: 1.0593303203467113e-51,
      confidence: 0.9999,
    }
    expect(parametricExpectedShortfall(tiny)).toBeGreaterThanOrEqual(parametricValueAtRisk(tiny))
  })

  it('refuses a confidence outside [0.5, 1)', () => {
    expect(() => parametricExpectedShortfall({ sigmaAnnual: 1, horizonSeconds: 1, confidence: 1 })).toThrow(
      OutOfRangeError,
    )
  })
})

describe(horizonLosses.name, () => {
  it('takes every overlapping window of h periods', () => {
    const losses = Array.from(horizonLosses({ prices: [100, 90, 99, 81], horizonPeriods: 2 }))
    // 1 − 99/100 = 0.01; 1 − 81/90 = 0.1
    expect(losses[0]).toBeCloseTo(0.01, 15)
    expect(losses[1]).toBeCloseTo(0.1, 15)
    expect(losses).toHaveLength(2)
  })

  it('refuses h = 0, a fractional h and too short a series', () => {
    expect(() => horizonLosses({ prices: [1, 2], horizonPeriods: 0 })).toThrow(OutOfRangeError)
    expect(() => horizonLosses({ prices: [1, 2, 3], horizonPeriods: 1.5 })).toThrow(OutOfRangeError)
    expect(() => horizonLosses({ prices: [1, 2], horizonPeriods: 2 })).toThrow(InsufficientDataError)
  })
})

describe(historicalValueAtRisk.name, () => {
  // 21 flat prices with one halving at index 10. Windows of 3 periods start at i = 0 … 17 (18
  // windows); the three that span the drop (i = 7, 8, 9) lose 50 %, the other 15 lose nothing.
  const prices = Array.from({ length: 21 }, (_, i) => (i < 10 ? 100 : 50))

  it('finds the obvious answer on a constructed series', () => {
    // Sorted losses: 15 × 0, 3 × 0.5. Type 7 at q = 0.9: position 17·0.9 = 15.3 → 0.5.
    expect(historicalValueAtRisk({ prices, horizonPeriods: 3, confidence: 0.9 })).toBe(0.5)
    // At q = 0.8: position 13.6, between two zeros → 0.
    expect(historicalValueAtRisk({ prices, horizonPeriods: 3, confidence: 0.8 })).toBe(0)
    // At q = 0.85: position 14.45, between 0 (index 14) and 0.5 (index 15) → 0.45 · 0.5 = 0.225.
    expect(historicalValueAtRisk({ prices, horizonPeriods: 3, confidence: 0.85 })).toBeCloseTo(0.225, 12)
  })

  it('sees daily losses of 1 % … 10 % as they are', () => {
    // Prices falling by k % on day k (k = 1 … 10, shuffled): the one-day losses are exactly k/100.
    const ks = [3, 7, 1, 10, 5, 2, 9, 4, 8, 6]
    const series = [100]
    for (const k of ks) series.push(series.at(-1)! * (1 - k / 100))
    // numpy.quantile(range(1, 11), 0.9) = 9.1 → 0.091
    expect(historicalValueAtRisk({ prices: series, horizonPeriods: 1, confidence: 0.9 })).toBeCloseTo(
      0.091,
      12,
    )
  })
})

describe(historicalExpectedShortfall.name, () => {
  it('averages the losses at or beyond the VaR', () => {
    const prices = Array.from({ length: 21 }, (_, i) => (i < 10 ? 100 : 50))
    expect(historicalExpectedShortfall({ prices, horizonPeriods: 3, confidence: 0.9 })).toBe(0.5)
    // q = 0.85: VaR 0.225, the losses beyond it are the three halvings → 0.5.
    expect(historicalExpectedShortfall({ prices, horizonPeriods: 3, confidence: 0.85 })).toBe(0.5)
    // q = 0.8: VaR 0, every loss ≥ 0 is averaged: 3·0.5/18 = 1/12.
    expect(historicalExpectedShortfall({ prices, horizonPeriods: 3, confidence: 0.8 })).toBeCloseTo(
      1 / 12,
      12,
    )
  })

  it('is never below the historical VaR', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 3, maxLength: 60 }),
        fc.integer({ min: 1, max: 2 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (prices, horizonPeriods, confidence) => {
          const p = { prices, horizonPeriods, confidence }
          expect(historicalExpectedShortfall(p)).toBeGreaterThanOrEqual(historicalValueAtRisk(p))
        },
      ),
    )
  })
})
