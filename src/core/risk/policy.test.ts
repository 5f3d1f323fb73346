import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, OutOfRangeError } from '../errors.js'
import { COLLATERAL_CLASSES, type CollateralClass } from '../vocabulary.js'
import {
  adjustedCollateralFactor,
  applyBridgedDiscount,
  BRIDGED_DISCOUNT_DEFAULTS,
  bridgedDiscount,
  COLLATERAL_FACTOR_GUARDRAILS,
  guardrail,
} from './policy.js'

/**
 * x plus the error of two correctly rounded operations, each within half an ulp (u = ε/2):
 * (1 + u)² = 1 + ε + ε²/4 exceeds 1 + ε, and the bound's own product rounds too, so the allowance
 * is x·(1 + 2ε) + the smallest subnormal (a bound of 1 + ε failed once near 1e-123).
 */
function withRoundingAllowance(x: number): number {
  return x * (1 + 2 * Number.EPSILON) + Number.MIN_VALUE
}

describe(adjustedCollateralFactor.name, () => {
  it("computes the seed's base · score / 100", () => {
    // 0.8 · 90 / 100 = 72 / 100 = 0.72; 0.825 · 73 / 100 = 0.60225 (hand-worked, python3 agrees).
    expect(adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: 90 })).toBeCloseTo(
      0.72,
      15,
    )
    expect(adjustedCollateralFactor({ baseCollateralFactor: 0.825, bridgeTrustScore: 73 })).toBeCloseTo(
      0.60225,
      15,
    )
    expect(adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: 100 })).toBe(0.8)
    expect(adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: 0 })).toBe(0)
  })
  it('never exceeds the base and is monotone in the score', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (base, s1, s2) => {
          const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1]
          const a = adjustedCollateralFactor({ baseCollateralFactor: base, bridgeTrustScore: lo })
          const b = adjustedCollateralFactor({ baseCollateralFactor: base, bridgeTrustScore: hi })
          expect(a).toBeLessThanOrEqual(b)
          expect(b).toBeLessThanOrEqual(withRoundingAllowance(base))
          expect(a).toBeGreaterThanOrEqual(0)
        },
      ),
    )
  })
  // (base · 100) / 100 is two roundings of half an ulp each, so the full score may return the
  // base plus one ulp; a subnormal intermediate adds at most Number.MIN_VALUE. Counterexamples
  // of the exact bound `b ≤ base` (fast-check seeds 15851 and 23770):
  it.each([
    [6.487581927792791e-220, 100],
    [1.666085831058093e-223, 100],
  ])('stays within one rounding of base %d at score %d (counterexample)', (base, score) => {
    const b = adjustedCollateralFactor({ baseCollateralFactor: base, bridgeTrustScore: score })
    expect(b).toBeGreaterThan(base) // the case the exact bound got wrong
    expect(b).toBeLessThanOrEqual(withRoundingAllowance(base))
  })
  it('rejects bad input with named errors', () => {
    expect(() => adjustedCollateralFactor({ baseCollateralFactor: 1.2, bridgeTrustScore: 50 })).toThrow(
      OutOfRangeError,
    )
    expect(() => adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: 101 })).toThrow(
      OutOfRangeError,
    )
    expect(() => adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: -1 })).toThrow(
      OutOfRangeError,
    )
    expect(() =>
      adjustedCollateralFactor({ baseCollateralFactor: Number.NaN, bridgeTrustScore: 50 }),
    ).toThrow(InvalidNumberError)
  })
})

describe(bridgedDiscount.name, () => {
  it("has the seed's defaults: 80 % native → 65 % bridged", () => {
    // 0.65 / 0.8 = 0.8125 (= 13/16); 1 − 0.8125 = 0.1875; 0.8 − 0.65 = 0.15 (hand-worked).
    const d = bridgedDiscount()
    expect(BRIDGED_DISCOUNT_DEFAULTS).toEqual({ nativeCollateralFactor: 0.8, bridgedCollateralFactor: 0.65 })
    expect(d.nativeCollateralFactor).toBe(0.8)
    expect(d.bridgedCollateralFactor).toBe(0.65)
    expect(d.ratio).toBeCloseTo(0.8125, 15)
    expect(d.discount).toBeCloseTo(0.1875, 15)
    expect(d.points).toBeCloseTo(0.15, 15)
  })
  it('takes other factors', () => {
    // 0.75 / 0.85 = 0.882352…; discount 0.117647… (hand-worked: 1 − 15/17 = 2/17).
    expect(
      bridgedDiscount({ nativeCollateralFactor: 0.85, bridgedCollateralFactor: 0.75 }).discount,
    ).toBeCloseTo(2 / 17, 15)
  })
  it('rejects a bridged factor above the native one, and a zero native factor', () => {
    expect(() => bridgedDiscount({ nativeCollateralFactor: 0.6, bridgedCollateralFactor: 0.7 })).toThrow(
      OutOfRangeError,
    )
    expect(() => bridgedDiscount({ nativeCollateralFactor: 0 })).toThrow(OutOfRangeError)
  })
})

describe(applyBridgedDiscount.name, () => {
  it('maps 80 % to 65 % and scales other factors by the same ratio', () => {
    expect(applyBridgedDiscount({ collateralFactor: 0.8 })).toBeCloseTo(0.65, 15)
    // 0.72 · 0.8125 = 0.585 (hand-worked)
    expect(applyBridgedDiscount({ collateralFactor: 0.72 })).toBeCloseTo(0.585, 15)
    expect(() => applyBridgedDiscount({ collateralFactor: -0.1 })).toThrow(OutOfRangeError)
  })
})

describe(guardrail.name, () => {
  it("holds the seed's risk matrix", () => {
    expect(COLLATERAL_FACTOR_GUARDRAILS).toEqual({
      'native-bridged': { min: 0.75, max: 0.85 },
      'third-party-stablecoin': { min: 0.7, max: 0.8 },
      'exotic-lst': { min: 0.6, max: 0.75 },
      synthetic: { min: 0.5, max: 0.65 },
    })
  })
  it('flags recommendations outside the range, bounds included as within', () => {
    expect(guardrail('native-bridged', 0.8)).toMatchObject({ within: true, position: 'within' })
    expect(guardrail('native-bridged', 0.85).within).toBe(true)
    expect(guardrail('native-bridged', 0.75).within).toBe(true)
    expect(guardrail('native-bridged', 0.86)).toMatchObject({ within: false, position: 'above' })
    expect(guardrail('synthetic', 0.7)).toMatchObject({ within: false, position: 'above' })
    expect(guardrail('exotic-lst', 0.5)).toMatchObject({ within: false, position: 'below' })
    expect(guardrail('third-party-stablecoin', 0.72).range).toEqual({ min: 0.7, max: 0.8 })
    expect(typeof guardrail('synthetic', 0.7).message).toBe('string')
  })
  it('agrees with the table for every class and factor', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COLLATERAL_CLASSES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, cf) => {
          const r = guardrail(c, cf)
          const { min, max } = COLLATERAL_FACTOR_GUARDRAILS[c]
          expect(r.within).toBe(cf >= min && cf <= max)
        },
      ),
    )
  })
  it('rejects unknown classes and bad factors', () => {
    expect(() => guardrail('meme' as CollateralClass, 0.5)).toThrow(OutOfRangeError)
    expect(() => guardrail('synthetic', 1.5)).toThrow(OutOfRangeError)
    expect(() => guardrail('synthetic', Number.NaN)).toThrow(InvalidNumberError)
  })
})
