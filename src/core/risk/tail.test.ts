import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InsufficientDataError, OutOfRangeError } from '../errors.js'
import { createRng } from '../math/random.js'
import {
  calibrateStress,
  cushionForTarget,
  ewmaResiduals,
  fitGeneralisedPareto,
  perEpisodeProbability,
  periodReturns,
  stressedLossProbability,
  stressedLossQuantile,
  tailProbability,
  tailQuantile,
} from './tail.js'

// ETH/USDT hourly 2020-01 → 2022-10, from test/golden/stress_calibration.py (rounded).
const ETH = {
  sigmaCalm: 0.8622,
  sigmaStressed: 2.7213,
  episodeRate: 0.721,
  tail: { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 },
}
const YEAR = 365 * 86_400

describe(tailProbability.name, () => {
  it('is ζ at the threshold and follows the GPD above it', () => {
    expect(tailProbability(ETH.tail, 1.6602)).toBeCloseTo(0.05, 12)
    // Hand (python3): x = u + β: 0.05·1.2156^(−1/0.2156) = 0.05·0.404317 = 0.0202159
    expect(tailProbability(ETH.tail, 1.6602 + 0.7679)).toBeCloseTo(0.05 * 1.2156 ** (-1 / 0.2156), 12)
    expect(tailProbability(ETH.tail, 1.6602 + 0.7679)).toBeCloseTo(0.0202159, 6)
    expect(tailProbability(ETH.tail, -10)).toBe(1)
  })

  it('is decreasing and inverted by tailQuantile', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.99, noNaN: true }), (p) => {
        const x = tailQuantile(ETH.tail, p)
        expect(tailProbability(ETH.tail, x)).toBeCloseTo(p, 9)
        expect(tailQuantile(ETH.tail, p / 2)).toBeGreaterThan(x)
      }),
    )
  })

  it('handles ξ = 0 (exponential) and ξ < 0 (bounded) tails', () => {
    const exp = { threshold: 1, xi: 0, beta: 0.5, zeta: 0.1 }
    expect(tailProbability(exp, 1.5)).toBeCloseTo(0.1 * Math.exp(-1), 12)
    expect(tailQuantile(exp, 0.1 * Math.exp(-1))).toBeCloseTo(1.5, 12)
    const bounded = { threshold: 1, xi: -0.5, beta: 0.5, zeta: 0.1 }
    expect(tailProbability(bounded, 2.1)).toBe(0) // upper end u − β/ξ = 2
  })

  it('refuses an unusable tail', () => {
    expect(() => tailProbability({ ...ETH.tail, beta: 0 }, 1)).toThrow()
    expect(() => tailQuantile({ ...ETH.tail, zeta: 0 }, 0.01)).toThrow(OutOfRangeError)
    expect(() => tailQuantile(ETH.tail, 0)).toThrow(OutOfRangeError)
  })
})

describe(fitGeneralisedPareto.name, () => {
  it('recovers the shape and scale of GPD samples (inverse-CDF draws)', () => {
    const rng = createRng(7)
    const xi = 0.2
    const beta = 0.8
    const y = Array.from({ length: 50_000 }, () => (beta / xi) * ((1 - rng.next()) ** -xi - 1))
    const fit = fitGeneralisedPareto(y)
    expect(fit.xi).toBeGreaterThan(0.17)
    expect(fit.xi).toBeLessThan(0.23)
    expect(fit.beta).toBeGreaterThan(0.77)
    expect(fit.beta).toBeLessThan(0.83)
  })

  it('needs at least 10 excesses', () => {
    expect(() => fitGeneralisedPareto([1, 2, 3])).toThrow(InsufficientDataError)
  })
})

describe(ewmaResiduals.name, () => {
  it('divides each return by the EWMA volatility known before it', () => {
    // Hand: seed 2 → s² = (0.01² + 0.03²)/2 = 5e-4; z = 0.02/√5e-4 = 0.894427;
    // s² = 0.94·5e-4 + 0.06·0.02² = 4.94e-4; z = −0.01/√4.94e-4 = −0.449921
    const z = ewmaResiduals([0.01, 0.03, 0.02, -0.01], { seed: 2 })
    expect(z[0]).toBeCloseTo(0.02 / Math.sqrt(5e-4), 12)
    expect(z[1]).toBeCloseTo(-0.01 / Math.sqrt(4.94e-4), 12)
  })
})

describe(periodReturns.name, () => {
  it('skips pairs across a gap', () => {
    expect([
      ...periodReturns({ times: [0, 3600, 10_800, 14_400], prices: [100, 110, 99, 99], periodSeconds: 3600 }),
    ]).toEqual([Math.log(1.1), 0])
  })
})

describe(calibrateStress.name, () => {
  it('finds the stressed regime of a two-regime series', () => {
    // Calm hours at σ 0.5/yr with a 7-day crisis at σ 3/yr in the middle: the stressed volatility
    // is the crisis level and there is one episode.
    const rng = createRng(11)
    const calm = 0.5 / Math.sqrt(8760)
    const crisis = 3 / Math.sqrt(8760)
    const returns = Array.from(
      { length: 8760 * 2 },
      (_, i) => rng.normal() * (i >= 8000 && i < 8000 + 168 ? crisis : calm),
    )
    const c = calibrateStress({ returns, periodSeconds: 3600 })
    expect(c.episodes).toBe(1)
    expect(c.sigmaStressed).toBeGreaterThan(1.5)
    expect(c.sigmaStressed).toBeLessThan(3.5)
    expect(c.sigmaCalm).toBeGreaterThan(0.45)
    expect(c.sigmaCalm).toBeLessThan(0.55)
  })

  it('needs enough returns', () => {
    expect(() => calibrateStress({ returns: [0.01, 0.02], periodSeconds: 3600 })).toThrow(
      InsufficientDataError,
    )
  })
})

describe(perEpisodeProbability.name, () => {
  it('is −ln(1 − ε)/λ', () => {
    // Hand: −ln(0.99) = 0.0100503; / 0.721 = 0.0139394
    expect(perEpisodeProbability(0.01, 0.721)).toBeCloseTo(0.0139394, 6)
    expect(perEpisodeProbability(0.01, 0)).toBe(1)
    expect(perEpisodeProbability(0.5, 0.1)).toBe(1)
  })
})

describe(stressedLossQuantile.name, () => {
  it('is 1 − exp(−σ_s·√(T/year)·L_p) and inverts stressedLossProbability', () => {
    // At p = ζ the standardised loss is the threshold: 1 − exp(−2.7213·√(7200/31536000)·1.6602)
    const s = 2.7213 * Math.sqrt(7200 / YEAR)
    expect(stressedLossQuantile(ETH, 7200, 0.05)).toBeCloseTo(1 - Math.exp(-s * 1.6602), 12)
    const q = stressedLossQuantile(ETH, 7200, 0.0139)
    expect(stressedLossProbability(ETH, 7200, q)).toBeCloseTo(0.0139, 9)
  })
})

describe(cushionForTarget.name, () => {
  it('is the stressed quantile at the per-episode probability without a depeg', () => {
    const r = cushionForTarget({ market: ETH, horizonSeconds: 7200, annualProbability: 0.01 })
    const p = perEpisodeProbability(0.01, ETH.episodeRate)
    expect(r.cushion).toBeCloseTo(stressedLossQuantile(ETH, 7200, p), 9)
    expect(r.feasible).toBe(true)
    // About 10.8 % for ETH over two hours: (1.6602 + 0.7679/0.2156·((0.01394/0.05)^−0.2156 − 1))·σ√τ
    expect(r.cushion).toBeGreaterThan(0.1)
    expect(r.cushion).toBeLessThan(0.12)
  })

  it('covers a frequent depeg and the stressed move after it', () => {
    const usdc = { level: 0.1226, rate: 0.4 }
    const r = cushionForTarget({ market: ETH, depeg: usdc, horizonSeconds: 7200, annualProbability: 0.01 })
    expect(r.cushion).toBeGreaterThan(0.1226)
    // λ·P(V > c) + λ_D·P(V > 1 − (1 − c)/(1 − D)) equals the allowed rate at the answer.
    const rate =
      ETH.episodeRate * stressedLossProbability(ETH, 7200, r.cushion) +
      usdc.rate * stressedLossProbability(ETH, 7200, 1 - (1 - r.cushion) / (1 - usdc.level))
    expect(rate).toBeCloseTo(-Math.log(0.99), 9)
  })

  it('is infeasible when a total depeg is more frequent than the target (UST)', () => {
    const r = cushionForTarget({
      market: ETH,
      depeg: { level: 1, rate: 0.25 },
      horizonSeconds: 7200,
      annualProbability: 0.01,
    })
    expect(r.feasible).toBe(false)
    expect(r.cushion).toBe(1)
  })

  it('grows with the horizon, the stressed volatility and a stricter target', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 600, max: 86_400, noNaN: true }),
        fc.double({ min: 0.2, max: 4, noNaN: true }),
        fc.double({ min: 0.001, max: 0.1, noNaN: true }),
        (T, sigma, eps) => {
          const m = { ...ETH, sigmaStressed: sigma }
          const c = cushionForTarget({ market: m, horizonSeconds: T, annualProbability: eps }).cushion
          expect(
            cushionForTarget({ market: m, horizonSeconds: T * 2, annualProbability: eps }).cushion,
          ).toBeGreaterThanOrEqual(c - 1e-9)
          expect(
            cushionForTarget({
              market: { ...m, sigmaStressed: sigma * 1.5 },
              horizonSeconds: T,
              annualProbability: eps,
            }).cushion,
          ).toBeGreaterThanOrEqual(c - 1e-9)
          expect(
            cushionForTarget({ market: m, horizonSeconds: T, annualProbability: eps / 2 }).cushion,
          ).toBeGreaterThanOrEqual(c - 1e-9)
        },
      ),
      { numRuns: 50 },
    )
  })
})
