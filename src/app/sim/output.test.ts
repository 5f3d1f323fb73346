import { describe, expect, it } from 'vitest'
import {
  BadOptionError,
  formatEstimate,
  parseIntegerOption,
  parseNumberOption,
  parseSeedOption,
  toJson,
} from './output.js'

describe('parseSeedOption', () => {
  it('accepts whole numbers below 2^64 only', () => {
    expect(parseSeedOption('42')).toBe(42n)
    expect(parseSeedOption('18446744073709551615')).toBe((1n << 64n) - 1n)
    for (const bad of ['-1', '1.5', 'abc', '18446744073709551616', ''])
      expect(() => parseSeedOption(bad)).toThrow(BadOptionError)
  })
})

describe('parseIntegerOption', () => {
  it('checks the range', () => {
    expect(parseIntegerOption('--paths', '10', 1, 100)).toBe(10)
    expect(() => parseIntegerOption('--paths', '0', 1, 100)).toThrow(BadOptionError)
    expect(() => parseIntegerOption('--paths', '2.5', 1, 100)).toThrow(BadOptionError)
  })
})

describe('parseNumberOption', () => {
  it('checks finiteness and range', () => {
    expect(parseNumberOption('--epsilon', '1e-4', 0, 1)).toBe(1e-4)
    expect(() => parseNumberOption('--epsilon', 'NaN', 0, 1)).toThrow(BadOptionError)
    expect(() => parseNumberOption('--epsilon', '2', 0, 1)).toThrow(BadOptionError)
  })
})

describe('toJson', () => {
  it('writes bigints and non-finite numbers as strings', () => {
    expect(JSON.parse(toJson({ seed: 42n, x: Number.POSITIVE_INFINITY }))).toEqual({
      seed: '42',
      x: 'Infinity',
    })
  })
})

describe('formatEstimate', () => {
  it('prints value and interval', () => {
    expect(formatEstimate({ value: 1234.5, low: 1000, high: 1500, confidence: 0.95 })).toBe(
      '1234.5 [1000, 1500]',
    )
  })
})
