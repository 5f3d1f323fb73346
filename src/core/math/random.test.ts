import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NegativeValueError, OutOfRangeError } from '../errors.js'
import { normalCdf } from './normal.js'
import { createRng, InvalidSeedError, rngFromState, seedState, streams } from './random.js'

// Expected values below come from the reference C code of Blackman and Vigna
// (https://prng.di.unimi.it/xoshiro128starstar.c, with splitmix64.c for seeding), copied to
// /tmp/fref/xoshiro128ss_ref.c, compiled with `gcc -O2` and run:
//   state 1,2,3,4 first 8: 11520 0 5927040 70819200 2031721883 1637235492 1287239034 3734860849
//   after jump next 4: 913312880 2049367984 4290708443 2568308862
//   after long_jump next 4: 2998187458 2063353388 2134907575 816734234
//   seed 42 state: 803958421 3184996902 2993090819 686809907
//   seed 42 first 4: 1776835114 4165204688 17111135 2317295270
//   seed 0 state: 2065550767 3793791033 2713282036 1853398634
describe('rngFromState', () => {
  it('matches the reference C output of xoshiro128** from state [1, 2, 3, 4]', () => {
    const rng = rngFromState([1, 2, 3, 4])
    const first = Array.from({ length: 8 }, () => rng.nextUint32())
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849])
    rng.jump()
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toEqual([
      913312880, 2049367984, 4290708443, 2568308862,
    ])
    rng.longJump()
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toEqual([
      2998187458, 2063353388, 2134907575, 816734234,
    ])
  })
  it('rejects an all-zero state and words outside 32 bits', () => {
    expect(() => rngFromState([0, 0, 0, 0])).toThrow(InvalidSeedError)
    expect(() => rngFromState([2 ** 32, 0, 0, 1])).toThrow(InvalidSeedError)
    expect(() => rngFromState([-1, 0, 0, 1])).toThrow(InvalidSeedError)
  })
})

describe('seedState', () => {
  it('seeds through SplitMix64 like the reference code', () => {
    expect(seedState(42)).toEqual([803958421, 3184996902, 2993090819, 686809907])
    expect(seedState(0)).toEqual([2065550767, 3793791033, 2713282036, 1853398634])
    expect(seedState(42n)).toEqual(seedState(42))
  })
  it('rejects seeds that are not integers in [0, 2^64)', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, -1n, 1n << 64n]) {
      expect(() => seedState(bad)).toThrow(InvalidSeedError)
    }
    try {
      seedState(-1)
    } catch (e) {
      expect((e as InvalidSeedError).code).toBe('XC_INVALID_SEED')
    }
  })
})

describe('createRng', () => {
  it('gives the reference outputs for seed 42', () => {
    const rng = createRng(42)
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toEqual([
      1776835114, 4165204688, 17111135, 2317295270,
    ])
  })

  it('next() builds a 53-bit double from two outputs', () => {
    // (1776835114 >>> 5) · 2^26 + (4165204688 >>> 6), divided by 2^53; computed with python3:
    // ((1776835114 >> 5) * 2**26 + (4165204688 >> 6)) / 2**53 = 0.4137016681565887
    expect(createRng(42).next()).toBe(0.4137016681565887)
  })

  it('clone() continues identically and independently', () => {
    const a = createRng(7)
    a.normal()
    const b = a.clone()
    const xs = Array.from({ length: 50 }, () => a.normal())
    const ys = Array.from({ length: 50 }, () => b.normal())
    expect(xs).toEqual(ys)
  })

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const rng = createRng(2024)
    const n = 200_000
    let s = 0
    let s2 = 0
    for (let i = 0; i < n; i++) {
      const u = rng.next()
      expect(u >= 0 && u < 1).toBe(true)
      s += u
      s2 += u * u
    }
    const m = s / n
    const v = s2 / n - m * m
    // SE of the mean: sqrt(1/12/n); SE of the variance of U(0,1): sqrt((1/80 − 1/144)/n).
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n))
    expect(Math.abs(v - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n))
  })

  it('normal() has mean 0, variance 1, skewness 0 and excess kurtosis 0 within 4 standard errors', () => {
    const rng = createRng(12345)
    const n = 400_000
    let s1 = 0
    let s2 = 0
    let s3 = 0
    let s4 = 0
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      s1 += z
      s2 += z * z
      s3 += z * z * z
      s4 += z * z * z * z
    }
    const m = s1 / n
    const v = s2 / n - m * m
    // Standard errors for normal samples: mean 1/√n, variance √(2/n), third moment √(15/n),
    // fourth moment √(96/n) (Var(Z^4) = E Z^8 − 3² = 105 − 9).
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(v - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
    expect(Math.abs(s3 / n)).toBeLessThan(4 * Math.sqrt(15 / n))
    expect(Math.abs(s4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n))
  })

  it('normal() matches the normal CDF at points across the body and the tails (binomial SE)', () => {
    const rng = createRng(99)
    const n = 400_000
    const points = [-4, -3.7, -3, -2, -1, -0.3, 0, 0.5, 1.5, 2.5, 3.7, 4]
    const counts = new Array<number>(points.length).fill(0)
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      for (let j = 0; j < points.length; j++) if (z <= points[j]!) counts[j]!++
    }
    for (let j = 0; j < points.length; j++) {
      const p = normalCdf(points[j]!)
      const se = Math.sqrt((p * (1 - p)) / n)
      expect(Math.abs(counts[j]! / n - p)).toBeLessThan(4 * se + 1 / n)
    }
  })

  it('exponential() has mean 1 and variance 1 within 4 standard errors', () => {
    const rng = createRng(5)
    const n = 200_000
    let s = 0
    let s2 = 0
    for (let i = 0; i < n; i++) {
      const e = rng.exponential()
      s += e
      s2 += e * e
    }
    const m = s / n
    expect(Math.abs(m - 1)).toBeLessThan(4 / Math.sqrt(n))
    // Var of E^2 is E E^4 − (E E^2)^2 = 24 − 4 = 20.
    expect(Math.abs(s2 / n - 2)).toBeLessThan(4 * Math.sqrt(20 / n))
  })

  it('is deterministic for any seed (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (seed) => {
        const a = createRng(seed)
        const b = createRng(seed)
        for (let i = 0; i < 5; i++) expect(a.normal()).toBe(b.normal())
      }),
      { numRuns: 50 },
    )
  })
})

describe('streams', () => {
  it('stream i equals the seeded generator jumped i times', () => {
    const [s0, s1, s2] = streams(42, 3)
    const ref = createRng(42)
    expect(s0!.state()).toEqual(ref.state())
    ref.jump()
    expect(s1!.state()).toEqual(ref.state())
    ref.jump()
    expect(s2!.state()).toEqual(ref.state())
  })
  it('streams are uncorrelated (sample correlation within 4/√n)', () => {
    const [a, b] = streams(1, 2)
    const n = 100_000
    let sab = 0
    for (let i = 0; i < n; i++) sab += a!.normal() * b!.normal()
    expect(Math.abs(sab / n)).toBeLessThan(4 / Math.sqrt(n))
  })
  it('rejects a negative or fractional count', () => {
    expect(() => streams(1, -1)).toThrow(NegativeValueError)
    expect(() => streams(1, 1.5)).toThrow(OutOfRangeError)
  })
})
