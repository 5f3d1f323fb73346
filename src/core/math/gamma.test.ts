import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { XcollatError } from '../errors.js'
import {
  gammaCdf,
  gammaQuantile,
  inverseRegularizedGammaP,
  lnGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from './gamma.js'

// Golden values from a second implementation in python3 (stdlib only), test/golden/gamma.py
// (rerun: python3 test/golden/gamma.py):
// - integer a: P(a, x) = 1 − Σ_{k<a} e^{−x} x^k / k! (the Poisson tail, summed term by term);
// - a = 1/2: P(1/2, x) = erf(√x); a = 3/2: P(3/2, x) = erf(√x) − 2√(x/π)·e^{−x} (math.erf);
// - quantiles: 300 bisection steps on those closed forms; ln Γ from math.lgamma.
const P_INT: ReadonlyArray<readonly [number, number, number, number]> = [
  // a, x, P, Q
  [1, 1, 0.6321205588285577, 0.36787944117144233],
  [1, 0.1, 0.09516258196404048, 0.9048374180359595],
  [2, 0.5, 0.09020401043104986, 0.9097959895689501],
  [3, 2, 0.3233235838169365, 0.6766764161830635],
  [5, 5, 0.5595067149347877, 0.4404932850652124],
  [10, 3, 0.0011024881301154865, 0.9988975118698845],
  [10, 20, 0.9950045876916924, 0.004995412308307588],
  [30, 25, 0.182103915977455, 0.817896084022545],
  [100, 90, 0.15822098918642924, 0.8417790108135708],
  [100, 120, 0.9721362601094794, 0.027863739890520656],
]
const P_HALF: ReadonlyArray<readonly [number, number, number]> = [
  [0.01, 0.1124629160182849, 0.8875370839817152],
  [0.5, 0.682689492137086, 0.31731050786291404],
  [2, 0.9544997361036416, 0.045500263896358396],
  [8, 0.9999366575163338, 6.334248366623977e-5],
]
const P_3HALF: ReadonlyArray<readonly [number, number]> = [
  [0.3, 0.1035676266580885],
  [1.5, 0.608374823728911],
  [6, 0.9926168394946403],
]
const QUANTILES: ReadonlyArray<readonly [number, number, number]> = [
  // a, p, x
  [1, 0.05, 0.05129329438755052],
  [1, 0.95, 2.9957322735539886],
  [2, 0.05, 0.35536151069866173],
  [2, 0.95, 4.743864518390575],
  [5, 0.05, 1.970149568059529],
  [5, 0.5, 4.670908882795983],
  [5, 0.95, 9.153519026637571],
  [20, 0.01, 11.082130626487583],
  [20, 0.99, 31.845369875782218],
  [34, 0.05, 25.01011662714464],
  [34, 0.95, 44.12508221093705],
  [0.5, 0.05, 0.0019660700000097616],
  [0.5, 0.5, 0.22746821155978636],
  [0.5, 0.95, 1.9207294103470613],
]

describe(lnGamma.name, () => {
  it.each([
    [0.1, 2.2527126517342055],
    [0.5, 0.5723649429247004],
    [1, 0],
    [2.5, 0.2846828704729196],
    [10, 12.801827480081467],
    [100.5, 361.4355404677776],
    [1000, 5905.220423209181],
  ])('ln Γ(%d) matches math.lgamma', (x, expected) => {
    expect(lnGamma(x)).toBeCloseTo(expected, 12)
  })
  it('rejects x ≤ 0', () => {
    expect(() => lnGamma(0)).toThrow(XcollatError)
  })
})

describe(regularizedGammaP.name, () => {
  it.each(P_INT)('P(%d, %d) equals the Poisson tail', (a, x, p, q) => {
    expect(Math.abs(regularizedGammaP(a, x) - p)).toBeLessThan(1e-13)
    expect(Math.abs(regularizedGammaQ(a, x) - q)).toBeLessThan(1e-13)
  })
  it.each(P_HALF)('P(1/2, %d) equals erf(√x)', (x, p, q) => {
    expect(Math.abs(regularizedGammaP(0.5, x) - p)).toBeLessThan(1e-14)
    expect(Math.abs(regularizedGammaQ(0.5, x) - q) / q).toBeLessThan(1e-12)
  })
  it.each(P_3HALF)('P(3/2, %d) equals its closed form', (x, p) => {
    expect(Math.abs(regularizedGammaP(1.5, x) - p)).toBeLessThan(1e-14)
  })
  it('is 0 at x = 0 and P + Q = 1', () => {
    expect(regularizedGammaP(3, 0)).toBe(0)
    expect(regularizedGammaQ(3, 0)).toBe(1)
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (a, x) => Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1) < 1e-12,
      ),
    )
  })
  it('is non-decreasing in x and within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, x, dx) => {
          const p1 = regularizedGammaP(a, x)
          const p2 = regularizedGammaP(a, x + dx)
          return p1 >= 0 && p2 <= 1 && p2 >= p1 - 1e-14
        },
      ),
    )
  })
  it('rejects bad input with named errors', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
    expect(() => regularizedGammaP(1, -1)).toThrow(expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }))
    expect(() => regularizedGammaP(1, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
    expect(() => regularizedGammaQ(Number.POSITIVE_INFINITY, 1)).toThrow(XcollatError)
  })
})

describe(inverseRegularizedGammaP.name, () => {
  it.each(QUANTILES)('P⁻¹(a = %d, p = %d) matches bisection on the closed form', (a, p, x) => {
    expect(Math.abs(inverseRegularizedGammaP(p, a) - x) / x).toBeLessThan(1e-10)
  })
  it('inverts P over a wide range of shapes and probabilities', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.005, max: 5000, noNaN: true }),
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        (a, p) => {
          const x = inverseRegularizedGammaP(p, a)
          // Roots among the subnormal doubles (a ≪ 1, small p) cannot carry 1e-9 precision.
          return x < 1e-300 || Math.abs(regularizedGammaP(a, x) - p) < 1e-9
        },
      ),
    )
  })
  it('finds tiny roots for a ≪ 1 in relative terms', () => {
    // For a ≪ 1 and tiny x, P(a, x) = x^a / Γ(a + 1) · (1 − a·x/(a + 1) + …), so the root is
    // (p · Γ(1 + a))^{1/a} (python3: math.exp((math.log(p) + math.lgamma(1 + a)) / a)).
    expect(Math.abs(inverseRegularizedGammaP(0.5, 0.001) / 5.24420640827928e-302 - 1)).toBeLessThan(1e-9)
    expect(Math.abs(inverseRegularizedGammaP(0.9, 0.001) / 9.821659644068977e-47 - 1)).toBeLessThan(1e-9)
    // (0.05)^1000 underflows: the smallest double comes back, never 0 or NaN.
    expect(inverseRegularizedGammaP(0.05, 0.001)).toBe(5e-324)
  })
  it('rejects p outside (0, 1)', () => {
    expect(() => inverseRegularizedGammaP(0, 2)).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
    expect(() => inverseRegularizedGammaP(1, 2)).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
  })
})

describe(gammaQuantile.name, () => {
  it('scales by the rate: median of Exponential(rate 2) is ln 2 / 2', () => {
    expect(gammaQuantile(0.5, { shape: 1, rate: 2 })).toBeCloseTo(Math.LN2 / 2, 14)
  })
  it('round-trips through gammaCdf', () => {
    const d = { shape: 3.7, rate: 12.5 }
    expect(gammaCdf(gammaQuantile(0.9, d), d)).toBeCloseTo(0.9, 12)
    expect(gammaCdf(-1, d)).toBe(0)
  })
  it('rejects a non-positive rate', () => {
    expect(() => gammaQuantile(0.5, { shape: 1, rate: 0 })).toThrow(XcollatError)
  })
})
