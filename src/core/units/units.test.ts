import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecimalParseError, InvalidDecimalsError, NegativeValueError } from '../errors.js'
import { amount } from './amount.js'
import { bpsFromFraction } from './bps.js'
import { parseFraction, parseFractionWad, parseUnits } from './decimal.js'
import { secondsToYears } from './duration.js'
import { price } from './price.js'
import { wadFromNumber, wadToNumber } from './wad.js'

describe('parseFractionWad', () => {
  it('reads decimals, percentages and basis points to the same exact Wad', () => {
    const expected = 825_000_000_000_000_000n
    expect(parseFractionWad('0.825')).toBe(expected)
    expect(parseFractionWad('82.5%')).toBe(expected)
    expect(parseFractionWad('8250bps')).toBe(expected)
    expect(parseFraction('8250 bps')).toBe(0.825)
  })
  it('rejects what is not a number, and digits beyond the precision', () => {
    for (const bad of ['', 'abc', '1.2.3', '0x10', '82.5%%', '1e5']) {
      expect(() => parseFractionWad(bad)).toThrow(DecimalParseError)
    }
    expect(() => parseUnits('1.0000001', 6)).toThrow(DecimalParseError)
    expect(parseUnits('1.500000', 6)).toBe(1_500_000n)
  })
})

describe('wadFromNumber', () => {
  it('round-trips the printed digits of a float', () => {
    expect(wadFromNumber(0.825)).toBe(825_000_000_000_000_000n)
    expect(wadFromNumber(-1.5)).toBe(-1_500_000_000_000_000_000n)
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        expect(wadToNumber(wadFromNumber(x))).toBeCloseTo(x, 9)
      }),
    )
  })
})

describe('constructors', () => {
  it('validate decimals, signs and fractions', () => {
    expect(() => amount(1n, 37)).toThrow(InvalidDecimalsError)
    expect(() => amount(1n, 1.5)).toThrow(InvalidDecimalsError)
    expect(() => amount(-1n, 18)).toThrow(NegativeValueError)
    expect(() => price('ETH', 'USD', 1n, -1)).toThrow(InvalidDecimalsError)
    expect(bpsFromFraction(0.825)).toBe(8250n)
    expect(secondsToYears(30 * 60)).toBeCloseTo(5.707762557077626e-5, 18)
  })
})
