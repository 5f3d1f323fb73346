import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { XcollatError } from '../errors.js'
import { normalCdf, normalPdf, normalQuantile } from './normal.js'

// Golden values from a second implementation: CPython 3.11's math.erfc
// (Φ(x) = erfc(−x/√2)/2) and statistics.NormalDist().inv_cdf (Wichura's AS241).
const CDF: ReadonlyArray<readonly [number, number]> = [
  [-37, 5.725571222525139e-300],
  [-20, 2.7536241186063314e-89],
  [-8, 6.220960574271819e-16],
  [-5, 2.866515718791946e-7],
  [-3.5, 0.00023262907903552504],
  [-3, 0.0013498980316300957],
  [-2.5, 0.006209665325776139],
  [-1, 0.15865525393145707],
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [4, 0.9999683287581669],
  [6, 0.9999999990134123],
]
const QUANTILE: ReadonlyArray<readonly [number, number]> = [
  [1e-12, -7.034483825301132],
  [1e-9, -5.9978070150076865],
  [1e-6, -4.753424308822899],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.02425, -1.9729610513118845],
  [0.05, -1.6448536269514726],
  [0.3, -0.5244005127080407],
  [0.5, 0],
  [0.9, 1.2815515655446008],
  [0.975, 1.9599639845400536],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [1 - 1e-9, 5.997807019601638],
]

describe('normalCdf', () => {
  it.each(CDF)('Φ(%d) matches CPython erfc to 1e-12 relative', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-12)
  })
  it('is monotone and symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14)
        expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x))
      }),
    )
  })
  it('rejects NaN and Infinity with a named error', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(XcollatError)
    expect(() => normalPdf(Number.POSITIVE_INFINITY)).toThrow(XcollatError)
  })
})

describe('normalQuantile', () => {
  it.each(QUANTILE)('Φ⁻¹(%d) matches CPython NormalDist to 1e-9', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-9)
  })
  it('inverts normalCdf to 1e-9 over (1e-12, 1 − 1e-12)', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: -1e-9, noNaN: true }), (e) => {
        const p = 10 ** e
        const x = normalQuantile(p)
        // Relative error of the round trip in the lower tail, and absolute in x via the density.
        expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-9)
        expect(normalQuantile(1 - p)).toBeCloseTo(-x, Math.min(9, 9 + Math.log10(p) + 12 - 12))
      }),
    )
  })
  it('rejects confidence levels outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => normalQuantile(p)).toThrow(XcollatError)
    }
  })
})
