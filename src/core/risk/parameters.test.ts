import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, OutOfRangeError } from '../errors.js'
import { type DeriveParametersParameters, deriveParameters } from './parameters.js'

const example: DeriveParametersParameters = {
  bridgeHaircut: 0.05,
  priceVar: 0.03,
  oracleError: 0.01,
  slippage: 0.02,
  liquidationBonus: 0.05,
  ltvBufferMove: 0.1,
}

function term(r: ReturnType<typeof deriveParameters>, name: string) {
  const t = r.explanation.find((x) => x.term === name)
  if (!t) throw new TypeError(`no term ${name}`)
  return t
}

describe(deriveParameters.name, () => {
  it('matches a hand-worked example', () => {
    // v = 1 − 0.97·0.99·0.98 = 1 − 0.941094 = 0.058906
    // (1 − h)(1 − v) = 0.95 · 0.941094 = 0.8940393
    // LT = 0.8940393 / 1.05 = 0.851466 → floor to bps 8514 → 0.8514 (0.8514·1.05 = 0.89397 < 1)
    // LTV = 0.8514 · 0.9 = 0.76626 → 7662 bps.  (Checked with python3, stdlib float.)
    const r = deriveParameters(example)
    expect(r.eligible).toBe(true)
    expect(r.combinedLoss.value).toBeCloseTo(0.058906, 12)
    expect(term(r, 'solvencyCover').value).toBeCloseTo(0.8940393, 12)
    expect(term(r, 'liquidationThresholdUnrounded').value).toBeCloseTo(0.851466, 12)
    expect(r.liquidationThreshold.value).toBe(0.8514)
    expect(r.liquidationThresholdBps).toBe(8514n)
    expect(r.maxLtv.value).toBe(0.7662)
    expect(r.maxLtvBps).toBe(7662n)
    expect(r.warnings).toEqual([])
  })
  it('explains each number so a reviewer can redo it from the terms', () => {
    const r = deriveParameters(example)
    const v = term(r, 'combinedLoss')
    const i = v.inputs as Record<string, number>
    expect(v.value).toBe(
      1 - (1 - (i.priceVar as number)) * (1 - (i.oracleError as number)) * (1 - (i.slippage as number)),
    )
    const cover = term(r, 'solvencyCover')
    const ci = cover.inputs as Record<string, number>
    expect(cover.value).toBe((1 - (ci.bridgeHaircut as number)) * (1 - (ci.combinedLoss as number)))
    const raw = term(r, 'liquidationThresholdUnrounded')
    const ri = raw.inputs as Record<string, number>
    expect(raw.value).toBe((ri.solvencyCover as number) / (1 + (ri.liquidationBonus as number)))
    for (const t of r.explanation) {
      expect(typeof t.formula).toBe('string')
      expect(Number.isFinite(t.value)).toBe(true)
    }
    // Each Explained is self-contained: the LT's terms include v's, the LTV's include the LT's.
    expect(r.liquidationThreshold.explanation.map((t) => t.term)).toContain('combinedLoss')
    expect(r.maxLtv.explanation.map((t) => t.term)).toContain('liquidationThreshold')
  })
  it('keeps LT·(1 + bonus) strictly below 1 when nothing is lost', () => {
    // h = v = 0, bonus 0: the formula gives LT = 1, which fails the strict check; 1 bp less.
    const zero = {
      ...example,
      bridgeHaircut: 0,
      priceVar: 0,
      oracleError: 0,
      slippage: 0,
      liquidationBonus: 0,
    }
    const r = deriveParameters(zero)
    expect(r.liquidationThresholdBps).toBe(9999n)
    // bonus 0.25: 1/1.25 = 0.8 exactly, and 0.8·1.25 = 1 → 7999 bps.
    expect(deriveParameters({ ...zero, liquidationBonus: 0.25 }).liquidationThresholdBps).toBe(7999n)
  })
  it('is ineligible when the haircut or the loss takes everything, or the inputs say so', () => {
    const full = deriveParameters({ ...example, bridgeHaircut: 1 })
    expect(full.eligible).toBe(false)
    expect(full.liquidationThreshold.value).toBe(0)
    expect(full.maxLtv.value).toBe(0)
    expect(full.ineligibleReasons).toHaveLength(1)
    expect(deriveParameters({ ...example, priceVar: 1 }).eligible).toBe(false)
    expect(deriveParameters({ ...example, bridgeHaircut: 0.99999 }).eligible).toBe(false)
    const flagged = deriveParameters({ ...example, ineligibleReasons: ['1-of-1 verifier'] })
    expect(flagged.eligible).toBe(false)
    expect(flagged.liquidationThresholdBps).toBe(0n)
    expect(flagged.ineligibleReasons).toEqual(['1-of-1 verifier'])
  })
  it('warns when the bonus is below the slippage or the LTV rounds to 0', () => {
    expect(deriveParameters({ ...example, slippage: 0.08 }).warnings).toHaveLength(1)
    const r = deriveParameters({ ...example, ltvBufferMove: 1 })
    expect(r.maxLtvBps).toBe(0n)
    expect(r.eligible).toBe(true)
    expect(r.warnings).toHaveLength(1)
  })
  it('rejects bad input with named errors', () => {
    expect(() => deriveParameters({ ...example, priceVar: Number.NaN })).toThrow(InvalidNumberError)
    expect(() => deriveParameters({ ...example, bridgeHaircut: 1.2 })).toThrow(OutOfRangeError)
    expect(() => deriveParameters({ ...example, oracleError: -0.1 })).toThrow(OutOfRangeError)
    expect(() => deriveParameters({ ...example, liquidationBonus: Number.POSITIVE_INFINITY })).toThrow(
      InvalidNumberError,
    )
    expect(() => deriveParameters({ ...example, ineligibleReasons: [1] as unknown as string[] })).toThrow(
      OutOfRangeError,
    )
    try {
      deriveParameters({ ...example, slippage: 2 })
    } catch (e) {
      expect((e as OutOfRangeError).code).toBe('XC_OUT_OF_RANGE')
    }
  })

  const unit = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 0.25, 1e-12))
  const inputs = fc.record({
    bridgeHaircut: unit,
    priceVar: unit,
    oracleError: unit,
    slippage: unit,
    liquidationBonus: unit,
    ltvBufferMove: unit,
  })

  it('guarantees LT·(1 + bonus) < 1 and solvency for every input in the domain', () => {
    fc.assert(
      fc.property(inputs, (p) => {
        const r = deriveParameters(p)
        const lt = r.liquidationThreshold.value
        const ltv = r.maxLtv.value
        expect(lt * (1 + p.liquidationBonus)).toBeLessThan(1)
        expect(lt * (1 + p.liquidationBonus)).toBeLessThanOrEqual(
          (1 - p.bridgeHaircut) * (1 - r.combinedLoss.value),
        )
        expect(lt).toBeGreaterThanOrEqual(0)
        expect(ltv).toBeGreaterThanOrEqual(0)
        expect(ltv).toBeLessThanOrEqual(lt)
        expect(Number(r.liquidationThresholdBps)).toBe(Math.round(lt * 10_000))
        expect(Number(r.maxLtvBps)).toBe(Math.round(ltv * 10_000))
        expect(r.eligible).toBe(r.liquidationThresholdBps > 0n)
      }),
      { numRuns: 2000 },
    )
  })
  it('combines losses between their maximum and their sum', () => {
    fc.assert(
      fc.property(inputs, (p) => {
        const v = deriveParameters(p).combinedLoss.value
        expect(v).toBeGreaterThanOrEqual(Math.max(p.priceVar, p.oracleError, p.slippage) - 1e-15)
        expect(v).toBeLessThanOrEqual(p.priceVar + p.oracleError + p.slippage + 1e-15)
      }),
    )
  })
  it('never raises LT or LTV when a risk input grows', () => {
    const keys = ['bridgeHaircut', 'priceVar', 'oracleError', 'slippage', 'liquidationBonus'] as const
    fc.assert(
      fc.property(
        inputs,
        fc.constantFrom(...keys),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, key, x) => {
          const worse = { ...p, [key]: Math.max(p[key], x) }
          const a = deriveParameters(p)
          const b = deriveParameters(worse)
          expect(b.liquidationThresholdBps <= a.liquidationThresholdBps).toBe(true)
          expect(b.maxLtvBps <= a.maxLtvBps).toBe(true)
        },
      ),
    )
  })
})

describe(`${deriveParameters.name} with inputExplanation`, () => {
  it('prepends the terms that produced the inputs to every explanation', () => {
    const horizon = {
      term: 'liquidationHorizonSeconds',
      value: 384,
      inputs: { saleSeconds: 300 },
      formula: 'sum',
    }
    const r = deriveParameters({ ...example, inputExplanation: [horizon] })
    expect(r.combinedLoss.explanation[0]).toEqual(horizon)
    expect(r.liquidationThreshold.explanation[0]).toEqual(horizon)
    expect(r.maxLtv.explanation[0]).toEqual(horizon)
    expect(r.liquidationThresholdBps).toBe(8514n)
  })
})
