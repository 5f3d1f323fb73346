import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, NegativeValueError, OutOfRangeError } from './errors.js'
import {
  ARCHITECTURES,
  assertUnreachable,
  isArchitecture,
  probabilityFromRate,
  rateFromProbability,
  UnreachableError,
} from './vocabulary.js'

describe(rateFromProbability.name, () => {
  it('is −ln(1 − p)/h', () => {
    // python3: -math.log1p(-0.01) = 0.010050335853501442; over half a year, twice that
    expect(rateFromProbability(0.01, 1)).toBe(0.010050335853501442)
    expect(rateFromProbability(0.01, 0.5)).toBe(0.020100671707002884)
    expect(rateFromProbability(0, 3)).toBe(0)
  })

  it('gives Infinity at p = 1: a certain event has no finite rate', () => {
    expect(rateFromProbability(1, 1)).toBe(Number.POSITIVE_INFINITY)
    expect(rateFromProbability(1, 0.25)).toBe(Number.POSITIVE_INFINITY)
  })

  it('rejects a probability outside [0, 1] and a horizon that is not positive', () => {
    expect(() => rateFromProbability(1.01, 1)).toThrow(OutOfRangeError)
    expect(() => rateFromProbability(-0.1, 1)).toThrow(OutOfRangeError)
    expect(() => rateFromProbability(Number.NaN, 1)).toThrow(InvalidNumberError)
    expect(() => rateFromProbability(0.5, 0)).toThrow(OutOfRangeError)
  })

  it('is undone by probabilityFromRate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (p, h) => {
          expect(probabilityFromRate(rateFromProbability(p, h), h)).toBeCloseTo(p, 12)
        },
      ),
    )
  })
})

describe(probabilityFromRate.name, () => {
  it('is 1 − e^{−λh}', () => {
    // python3: -math.expm1(-2.5) = 0.9179150013761013
    expect(probabilityFromRate(0.5, 5)).toBe(0.9179150013761013)
    expect(probabilityFromRate(0, 5)).toBe(0)
    expect(probabilityFromRate(3, 0)).toBe(0)
  })

  it('gives 1 for an infinite rate over any positive horizon, 0 over none', () => {
    expect(probabilityFromRate(Number.POSITIVE_INFINITY, 1e-9)).toBe(1)
    expect(probabilityFromRate(Number.POSITIVE_INFINITY, 0)).toBe(0)
  })

  it('rejects a negative or NaN rate or horizon', () => {
    expect(() => probabilityFromRate(-1, 1)).toThrow(NegativeValueError)
    expect(() => probabilityFromRate(1, -1)).toThrow(NegativeValueError)
    expect(() => probabilityFromRate(Number.NaN, 1)).toThrow(InvalidNumberError)
  })
})

describe(isArchitecture.name, () => {
  it('accepts exactly the architectures', () => {
    for (const a of ARCHITECTURES) expect(isArchitecture(a)).toBe(true)
    for (const v of ['wormhole', '', 'Synthetic', 3, undefined]) expect(isArchitecture(v)).toBe(false)
  })
})

describe(assertUnreachable.name, () => {
  it('throws UnreachableError by default and the given error otherwise', () => {
    expect(() => assertUnreachable('teleport' as never)).toThrow(UnreachableError)
    expect(() =>
      assertUnreachable('teleport' as never, (v) => new OutOfRangeError('kind', v, 'a | b')),
    ).toThrow(OutOfRangeError)
  })
})
