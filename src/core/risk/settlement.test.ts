import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import { normalCdf } from '../math/normal.js'
import {
  failureProbabilityOverHorizon,
  maxVerifiableDelay,
  potentialValueChange,
  requiredCollateral,
  settlementAssessment,
  settlementRisk,
} from './settlement.js'

const YEAR = 365 * 86_400

describe(potentialValueChange.name, () => {
  it('gives 1.850 % for the seed example (σ 0.8, 30 minutes, z 3.09), not the seed’s "≈ 4.2 %"', () => {
    // Hand-worked: T = 1800 / 31 536 000 = 5.7078e-5 years, √T = 0.0075550,
    // z·σ·√T = 3.09 · 0.8 · 0.0075550 = 0.018676, 1 − e^(−0.018676) = 0.018503.
    // Second implementation (python3, stdlib only): 1 - math.exp(-3.09*0.8*math.sqrt(1800/(365*86400)))
    // = 0.018502580740475283.
    const pvc = potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 1800, confidence: normalCdf(3.09) })
    expect(pvc).toBeCloseTo(0.018502580740475283, 9)
    expect(Math.round(pvc * 100_000) / 1000).toBe(1.85)
  })

  it('gives 21.46 % for σ 0.75 over 7 days at 99 %', () => {
    // python3 (stdlib): z = statistics.NormalDist().inv_cdf(0.99) = 2.3263478740408408;
    // 1 - math.exp(-z*0.75*math.sqrt(7/365)) = 0.2146479040606849.
    const pvc = potentialValueChange({ sigmaAnnual: 0.75, horizonSeconds: 7 * 86_400, confidence: 0.99 })
    expect(pvc).toBeCloseTo(0.2146479040606849, 9)
  })

  it('is zero for zero volatility, zero horizon or confidence 0.5', () => {
    expect(potentialValueChange({ sigmaAnnual: 0, horizonSeconds: 3600, confidence: 0.99 })).toBe(0)
    expect(potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 0, confidence: 0.99 })).toBe(0)
    expect(potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 3600, confidence: 0.5 })).toBe(0)
  })

  it('stays in [0, 1] and grows with σ, horizon and confidence (to rounding)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 10 * YEAR, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999999, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (sigma, horizon, q, k) => {
          const base = potentialValueChange({ sigmaAnnual: sigma, horizonSeconds: horizon, confidence: q })
          expect(base).toBeGreaterThanOrEqual(0)
          expect(base).toBeLessThanOrEqual(1)
          const q2 = Math.min(0.999999, q + (1 - q) * (k - 1) * 0.5)
          expect(
            potentialValueChange({ sigmaAnnual: sigma * k, horizonSeconds: horizon, confidence: q }),
          ).toBeGreaterThanOrEqual(base * (1 - 1e-12))
          expect(
            potentialValueChange({ sigmaAnnual: sigma, horizonSeconds: horizon * k, confidence: q }),
          ).toBeGreaterThanOrEqual(base * (1 - 1e-12))
          expect(
            potentialValueChange({ sigmaAnnual: sigma, horizonSeconds: horizon, confidence: q2 }),
          ).toBeGreaterThanOrEqual(base * (1 - 1e-12))
        },
      ),
    )
  })

  it('keeps its shrunk counterexamples as plain tests', () => {
    // Subnormal results are not monotone to the last bit: 1.4354467430071e-309 (kept; hence the
    // relative tolerance above).
    const tiny = potentialValueChange({
      sigmaAnnual: 5.174824249260623e-186,
      horizonSeconds: 1.1768717243023054e-240,
      confidence: 0.9244874345331677,
    })
    expect(tiny).toBeGreaterThan(0)
    expect(tiny).toBeLessThan(1e-300)
    // z(0.999999) = 4.7534, σ = 5, T = 10 years: z·σ·√T = 75.2, and 1 − e^(−75.2) is 1 in doubles.
    expect(potentialValueChange({ sigmaAnnual: 5, horizonSeconds: 10 * YEAR, confidence: 0.999999 })).toBe(1)
  })

  it('refuses bad input with named errors', () => {
    expect(() =>
      potentialValueChange({ sigmaAnnual: Number.NaN, horizonSeconds: 1, confidence: 0.9 }),
    ).toThrow(InvalidNumberError)
    expect(() => potentialValueChange({ sigmaAnnual: -0.1, horizonSeconds: 1, confidence: 0.9 })).toThrow(
      NegativeValueError,
    )
    expect(() =>
      potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: Number.POSITIVE_INFINITY, confidence: 0.9 }),
    ).toThrow(InvalidNumberError)
    for (const confidence of [0, 1, 1.5, -0.2, 0.4]) {
      expect(() => potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 1, confidence })).toThrow(
        OutOfRangeError,
      )
    }
  })
})

describe(settlementRisk.name, () => {
  it('combines AFR and PVC as AFR + (1 − AFR)·PVC', () => {
    // Hand-worked: 0.001 + 0.999 · 0.042 = 0.001 + 0.041958 = 0.042958.
    expect(settlementRisk({ failureProbability: 0.001, potentialValueChange: 0.042 })).toBeCloseTo(
      0.042958,
      15,
    )
    expect(settlementRisk({ failureProbability: 1, potentialValueChange: 0.3 })).toBe(1)
    expect(settlementRisk({ failureProbability: 0, potentialValueChange: 0.3 })).toBe(0.3)
  })

  it('lies between max(AFR, PVC) and AFR + PVC', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, p) => {
          const r = settlementRisk({ failureProbability: a, potentialValueChange: p })
          expect(r).toBeGreaterThanOrEqual(Math.max(a, p) - 1e-15)
          expect(r).toBeLessThanOrEqual(Math.min(1, a + p) + 1e-15)
        },
      ),
    )
  })

  it('refuses probabilities outside [0, 1]', () => {
    expect(() => settlementRisk({ failureProbability: 1.1, potentialValueChange: 0 })).toThrow(
      OutOfRangeError,
    )
    expect(() => settlementRisk({ failureProbability: 0, potentialValueChange: -0.1 })).toThrow(
      OutOfRangeError,
    )
    expect(() => settlementRisk({ failureProbability: Number.NaN, potentialValueChange: 0 })).toThrow(
      InvalidNumberError,
    )
  })
})

describe(requiredCollateral.name, () => {
  it('turns $100 with AFR 0.1 % and PVC 4.2 % into $104.30', () => {
    // Hand-worked (the seed's vector): risk = 0.001 + 0.999·0.042 = 0.042958;
    // 100 · 1.042958 = 104.2958, i.e. $104.30 to the cent.
    const required = requiredCollateral({
      value: 100,
      failureProbability: 0.001,
      potentialValueChange: 0.042,
    })
    expect(required).toBeCloseTo(104.2958, 10)
    expect(Math.round(required * 100) / 100).toBe(104.3)
  })

  it('refuses a negative value', () => {
    expect(() => requiredCollateral({ value: -1, failureProbability: 0, potentialValueChange: 0 })).toThrow(
      NegativeValueError,
    )
  })
})

describe(failureProbabilityOverHorizon.name, () => {
  it('is 1 − exp(−λT) (Poisson)', () => {
    // python3 (stdlib): 1 - math.exp(-0.05) = 0.048770575499285984
    expect(failureProbabilityOverHorizon({ annualRate: 0.05, horizonSeconds: YEAR })).toBeCloseTo(
      0.048770575499285984,
      15,
    )
    // Small λT: ≈ λT. 0.1 per year over one hour: 0.1/8760 = 1.14155e-5.
    expect(failureProbabilityOverHorizon({ annualRate: 0.1, horizonSeconds: 3600 })).toBeCloseTo(
      0.1 / 8760,
      9,
    )
    expect(failureProbabilityOverHorizon({ annualRate: 0, horizonSeconds: YEAR })).toBe(0)
  })

  it('is 1 for an infinite rate (a bridge certain to fail, rateFromProbability(1, 1))', () => {
    expect(failureProbabilityOverHorizon({ annualRate: Number.POSITIVE_INFINITY, horizonSeconds: 600 })).toBe(
      1,
    )
  })

  it('stays a probability for any rate and horizon', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        (l, t) => {
          const p = failureProbabilityOverHorizon({ annualRate: l, horizonSeconds: t })
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
        },
      ),
    )
  })

  it('refuses a negative rate', () => {
    expect(() => failureProbabilityOverHorizon({ annualRate: -1, horizonSeconds: 1 })).toThrow(
      NegativeValueError,
    )
  })
})

describe(maxVerifiableDelay.name, () => {
  const parts = {
    sourceFinalitySeconds: 768,
    verificationSeconds: 60,
    rateLimitDelaySeconds: 3600,
    destinationExecutionSeconds: 12,
    congestionMultiplier: 3,
  }

  it('scales only verification and destination execution by congestion', () => {
    // Hand-worked: 768 + 3600 + 3·(60 + 12) = 4584.
    const d = maxVerifiableDelay(parts)
    expect(d.seconds).toBe(4584)
    expect(d.explanation.map((t) => t.term)).toEqual([
      'sourceFinality',
      'verification',
      'rateLimitDelay',
      'destinationExecution',
      'maxVerifiableDelay',
    ])
    const sum = d.explanation.slice(0, 4).reduce((s, t) => s + t.value, 0)
    expect(sum).toBe(d.seconds)
  })

  it('refuses a congestion multiplier below 1 and negative parts', () => {
    expect(() => maxVerifiableDelay({ ...parts, congestionMultiplier: 0.5 })).toThrow(OutOfRangeError)
    expect(() => maxVerifiableDelay({ ...parts, verificationSeconds: -1 })).toThrow(NegativeValueError)
    expect(() => maxVerifiableDelay({ ...parts, congestionMultiplier: Number.NaN })).toThrow(
      InvalidNumberError,
    )
  })
})

describe(settlementAssessment.name, () => {
  it('chains delay → AFR → PVC → risk → required collateral', () => {
    // python3 (stdlib): T = 984 s; z = NormalDist().inv_cdf(0.999);
    // pvc = 1-exp(-z*0.8*sqrt(984/31536000)) = 0.013714504935016802;
    // afr = 1-exp(-0.02*984/31536000) = 6.240485115327488e-07; risk = afr+(1-afr)*pvc;
    // 100*(1+risk) = 101.3715120425012.
    const a = settlementAssessment({
      value: 100,
      sigmaAnnual: 0.8,
      confidence: 0.999,
      annualFailureRate: 0.02,
      sourceFinalitySeconds: 768,
      verificationSeconds: 60,
      rateLimitDelaySeconds: 0,
      destinationExecutionSeconds: 12,
      congestionMultiplier: 3,
    })
    expect(a.delaySeconds).toBe(984)
    expect(a.potentialValueChange).toBeCloseTo(0.013714504935016802, 9)
    expect(a.failureProbability).toBeCloseTo(6.240485115327488e-7, 15)
    expect(a.requiredCollateral).toBeCloseTo(101.3715120425012, 7)
    expect(a.explanation.at(-1)?.term).toBe('requiredCollateral')
  })
})
