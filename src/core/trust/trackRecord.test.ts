import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  calibrateClassPriors,
  classifyIncident,
  DEFAULT_CLASS_EXPOSURE,
  posteriorFailureRate,
} from './trackRecord.js'

describe(posteriorFailureRate.name, () => {
  it('updates a Gamma(1, 10) prior with 1 incident in 10 years to Gamma(2, 20)', () => {
    // Hand-worked: α′ = 1 + 1 = 2, β′ = 10 + 10 = 20, mean = 2/20 = 0.1.
    // Interval: Gamma(2, rate 1) quantiles at 0.05 and 0.95 are 0.35536151069866173 and
    // 4.743864518390575 (python3 stdlib: bisection on P(2, x) = 1 − e^{−x}(1 + x)); ÷ 20.
    // 1 − e^{−0.1} = 0.09516258196404043 (math.expm1); predictive 1 − (20/21)² = 41/441.
    const r = posteriorFailureRate({ prior: { shape: 1, rate: 10 }, incidents: 1, exposureYears: 10 })
    expect(r.shape).toBe(2)
    expect(r.rate).toBe(20)
    expect(r.mean).toBeCloseTo(0.1, 15)
    expect(r.lower).toBeCloseTo(0.017768075534933085, 12)
    expect(r.upper).toBeCloseTo(0.23719322591952877, 12)
    expect(r.credibility).toBe(0.9)
    expect(r.annualFailureProbability).toBeCloseTo(0.09516258196404043, 15)
    expect(r.annualFailureProbabilityLower).toBeCloseTo(-Math.expm1(-0.017768075534933085), 12)
    expect(r.predictiveAnnualFailureProbability).toBeCloseTo(41 / 441, 14)
    expect(r.explanation.map((t) => t.term)).toContain('annualFailureProbability')
  })

  it('returns the prior itself with no data', () => {
    // Gamma(5, rate 2): Gamma(5, 1) quantiles 1.970149568059529 and 9.153519026637571
    // (python3 bisection on the Poisson tail 1 − Σ_{k<5} e^{−x}x^k/k!), ÷ 2.
    const r = posteriorFailureRate({ prior: { shape: 5, rate: 2 }, incidents: 0, exposureYears: 0 })
    expect(r.mean).toBe(2.5)
    expect(r.lower).toBeCloseTo(0.9850747840297644, 11)
    expect(r.upper).toBeCloseTo(4.576759513318786, 11)
  })

  it('honours another credibility', () => {
    const r = posteriorFailureRate({
      prior: { shape: 5, rate: 1 },
      incidents: 0,
      exposureYears: 0,
      credibility: 0.9,
    })
    expect(r.upper).toBeCloseTo(9.153519026637571, 11)
    const wide = posteriorFailureRate({
      prior: { shape: 5, rate: 1 },
      incidents: 0,
      exposureYears: 0,
      credibility: 0.99,
    })
    expect(wide.lower).toBeLessThan(r.lower)
    expect(wide.upper).toBeGreaterThan(r.upper)
  })

  it('rises with incidents, falls with exposure, and orders its outputs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 200, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (shape, rate, incidents, exposureYears) => {
          const base = posteriorFailureRate({ prior: { shape, rate }, incidents, exposureYears })
          const more = posteriorFailureRate({
            prior: { shape, rate },
            incidents: incidents + 1,
            exposureYears,
          })
          const longer = posteriorFailureRate({
            prior: { shape, rate },
            incidents,
            exposureYears: exposureYears + 1,
          })
          return (
            more.mean > base.mean &&
            more.upper > base.upper &&
            longer.mean < base.mean &&
            base.lower < base.upper &&
            base.lower > 0 &&
            base.predictiveAnnualFailureProbability <= base.annualFailureProbability + 1e-15 &&
            base.annualFailureProbability >= 0 &&
            base.annualFailureProbability <= 1
          )
        },
      ),
    )
  })

  it('saturates at probability 1 for a huge rate (shrunk counterexample [0.05, 0.05, 2, 0])', () => {
    const r = posteriorFailureRate({ prior: { shape: 0.05, rate: 0.05 }, incidents: 2, exposureYears: 0 })
    expect(r.mean).toBeCloseTo(41, 12)
    expect(r.annualFailureProbability).toBeLessThanOrEqual(1)
    expect(r.lower).toBeLessThan(r.upper)
  })

  it('rejects bad input with named errors', () => {
    const ok = { prior: { shape: 1, rate: 1 }, incidents: 0, exposureYears: 1 }
    expect(() => posteriorFailureRate({ ...ok, prior: { shape: 0, rate: 1 } })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => posteriorFailureRate({ ...ok, prior: { shape: 1, rate: -1 } })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => posteriorFailureRate({ ...ok, incidents: 1.5 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() => posteriorFailureRate({ ...ok, incidents: -1 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => posteriorFailureRate({ ...ok, exposureYears: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
    expect(() => posteriorFailureRate({ ...ok, credibility: 1 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
  })
})

describe(classifyIncident.name, () => {
  it.each([
    ['external validator set / multisig-like (5-of-9)', 'external', 'annotation'],
    ['external validators (19 guardians, 13-of-19)', 'external', 'annotation'],
    ['multisig (2-of-5)', 'external', 'annotation'],
    ['MPC (2/3 of MPC nodes)', 'external', 'annotation'],
    ['optimistic (updater + fraud-proof window)', 'optimistic', 'annotation'],
    ['light client (proof verification bug)', 'lightClient', 'annotation'],
    ['native rollup bridge', 'native', 'annotation'],
    ['contract logic (deposit validation)', 'external', 'rule'],
    ['', 'external', 'rule'],
  ])('%s → %s by %s', (mechanism, bridgeClass, basis) => {
    expect(classifyIncident(mechanism)).toEqual({ bridgeClass, basis })
  })
})

describe(calibrateClassPriors.name, () => {
  // The real file's composition (checked against the file in test/bridgeIncidents.data.test.ts):
  // 6 external by annotation, 25 by rule (6 contract logic + 19 unannotated), 1 optimistic, 1 light client.
  const incidents = [
    ...Array(6).fill({ validationMechanism: 'multisig' }),
    ...Array(6).fill({ validationMechanism: 'contract logic (x)' }),
    ...Array(19).fill({ validationMechanism: '' }),
    { validationMechanism: 'optimistic' },
    { validationMechanism: 'light client' },
  ]
  const priors = calibrateClassPriors({ incidents })
  const byClass = Object.fromEntries(priors.map((p) => [p.bridgeClass, p]))
  it('counts incidents per class with their basis', () => {
    expect(priors.map((p) => [p.bridgeClass, p.incidents, p.byAnnotation, p.byRule])).toEqual([
      ['external', 31, 6, 25],
      ['optimistic', 1, 1, 0],
      ['lightClient', 1, 1, 0],
      ['native', 0, 0, 0],
    ])
  })
  it('sets a tempered Jeffreys prior: shape (n + ½)·w/E, rate w', () => {
    // Hand-worked, w = 5: external 31.5 × 5 / 120 = 1.3125, mean 31.5/120 = 0.2625;
    // native 0.5 × 5 / 30 = 0.08333…, mean 0.5/30 = 0.016667.
    expect(byClass.external?.prior.shape).toBeCloseTo(1.3125, 14)
    expect(byClass.external?.prior.rate).toBe(5)
    expect(byClass.external?.mean).toBeCloseTo(0.2625, 14)
    expect(byClass.native?.mean).toBeCloseTo(0.5 / 30, 14)
    expect(byClass.external?.annualFailureProbability).toBeCloseTo(-Math.expm1(-0.2625), 14)
    expect(byClass.external?.exposureYears).toBe(DEFAULT_CLASS_EXPOSURE.external.bridgeYears)
  })
  it('reports the 90 % prior interval', () => {
    // python3 stdlib, test/golden/trackrecord.py (rerun it with python3): Simpson integration of the Gamma density (substitution
    // u = x^a) and bisection. Gamma(1.3125, 5): 0.02431860459868343, 0.7153762362832412;
    // Gamma(0.41667, 5): 0.00011301579947612173, 0.3413736728903699.
    const rel = (a: number | undefined, b: number) => Math.abs((a ?? Number.NaN) - b) / b
    expect(rel(byClass.external?.lower, 0.02431860459868343)).toBeLessThan(1e-6)
    expect(rel(byClass.external?.upper, 0.7153762362832412)).toBeLessThan(1e-6)
    expect(rel(byClass.lightClient?.lower, 0.00011301579947612173)).toBeLessThan(1e-6)
    expect(rel(byClass.lightClient?.upper, 0.3413736728903699)).toBeLessThan(1e-6)
    expect(rel(byClass.native?.upper, 0.09705607059068183)).toBeLessThan(1e-6)
  })
  it('caps the weight at the exposure and validates it', () => {
    const small = calibrateClassPriors({
      incidents: [],
      exposure: { ...DEFAULT_CLASS_EXPOSURE, native: { bridgeYears: 2, reasoning: 'test' } },
    })
    expect(small[3]?.prior).toEqual({ shape: 0.5, rate: 2 })
    expect(() => calibrateClassPriors({ incidents: [], priorWeightYears: 0 })).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
    expect(() =>
      calibrateClassPriors({
        incidents: [],
        exposure: { ...DEFAULT_CLASS_EXPOSURE, optimistic: { bridgeYears: -1, reasoning: '' } },
      }),
    ).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
  })
})
