import { describe, expect, it } from 'vitest'
import { InsufficientDataError, XcollatError } from '../errors.js'
import {
  annualiseVolatility,
  expectedShortfall,
  logReturns,
  mean,
  quantile,
  standardDeviation,
  variance,
} from './stats.js'

describe('quantile', () => {
  it('interpolates like NumPy (type 7)', () => {
    // numpy.quantile([1, 2, 3, 4], [0.5, 0.25, 0.9]) = [2.5, 1.75, 3.7]
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12)
  })
  it('does not modify its input', () => {
    const xs = [3, 1, 2]
    quantile(xs, 0.5)
    expect(xs).toEqual([3, 1, 2])
  })
})

describe('expectedShortfall', () => {
  it('averages the worst tail', () => {
    expect(expectedShortfall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8)).toBe(9.5)
    expect(expectedShortfall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10)
  })
})

describe('moments', () => {
  it('computes the sample mean, variance and deviation', () => {
    expect(mean([1, 2, 3])).toBe(2)
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 14)
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12)
  })
  it('refuses too few samples and NaN', () => {
    expect(() => variance([1])).toThrow(InsufficientDataError)
    expect(() => mean([1, Number.NaN])).toThrow(XcollatError)
  })
})

describe('logReturns and annualiseVolatility', () => {
  it('takes ln of consecutive ratios', () => {
    const r = logReturns([100, 110, 99])
    expect(r[0]).toBeCloseTo(Math.log(1.1), 15)
    expect(r[1]).toBeCloseTo(Math.log(0.9), 15)
  })
  it('rejects non-positive prices', () => {
    expect(() => logReturns([100, 0])).toThrow(XcollatError)
  })
  it('scales by √(periods per 365-day year)', () => {
    expect(annualiseVolatility(0.01, 3600)).toBeCloseTo(0.01 * Math.sqrt(8760), 14)
    expect(annualiseVolatility(0.05, 86_400)).toBeCloseTo(0.05 * Math.sqrt(365), 14)
  })
})
