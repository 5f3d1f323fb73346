import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DivisionByZeroError } from '../errors.js'
import { WAD } from '../units/wad.js'
import { ceilDiv, floorDiv, mulDivDown, mulDivUp, wDivDown, wDivUp, wMulDown, wMulUp } from './muldiv.js'

describe('floorDiv and ceilDiv', () => {
  it('round toward −∞ and +∞ for every sign', () => {
    expect(floorDiv(7n, 2n)).toBe(3n)
    expect(floorDiv(-7n, 2n)).toBe(-4n)
    expect(floorDiv(7n, -2n)).toBe(-4n)
    expect(floorDiv(-7n, -2n)).toBe(3n)
    expect(ceilDiv(7n, 2n)).toBe(4n)
    expect(ceilDiv(-7n, 2n)).toBe(-3n)
    expect(ceilDiv(7n, -2n)).toBe(-3n)
    expect(ceilDiv(-6n, 2n)).toBe(-3n)
  })
  it('bracket the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((b) => b !== 0n),
        (a, b) => {
          const f = floorDiv(a, b)
          const c = ceilDiv(a, b)
          expect(c - f === 0n || c - f === 1n).toBe(true)
          // f·b ≤ a ≤ c·b when b > 0 (reversed when b < 0)
          if (b > 0n) expect(f * b <= a && a <= c * b).toBe(true)
          else expect(f * b >= a && a >= c * b).toBe(true)
        },
      ),
    )
  })
  it('throws a named error on division by zero', () => {
    expect(() => mulDivDown(1n, 1n, 0n)).toThrow(DivisionByZeroError)
    expect(() => floorDiv(1n, 0n)).toThrow(DivisionByZeroError)
  })
})

describe('mulDivDown and mulDivUp', () => {
  it('match the worked examples of Morpho Blue MathLib', () => {
    // wMulDown(0.5, 0.5) = 0.25 exactly; 1/3 rounds down to …333 and up to …334.
    expect(wMulDown(WAD / 2n, WAD / 2n)).toBe(WAD / 4n)
    expect(wDivDown(1n, 3n)).toBe(333333333333333333n)
    expect(wDivUp(1n, 3n)).toBe(333333333333333334n)
    expect(wMulUp(1n, 1n)).toBe(1n)
    expect(wMulDown(1n, 1n)).toBe(0n)
  })
  it('differ by at most one and Up ≥ Down', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
        fc.bigInt({ min: 0n, max: 2n ** 128n }),
        fc.bigInt({ min: 1n, max: 2n ** 128n }),
        (a, b, d) => {
          const down = mulDivDown(a, b, d)
          const up = mulDivUp(a, b, d)
          expect(up - down === 0n || up - down === 1n).toBe(true)
          expect(up - down === 0n).toBe((a * b) % d === 0n)
        },
      ),
    )
  })
})
