import { describe, expect, it } from 'vitest'
import { InsufficientDataError } from '../errors.js'
import {
  lagDistribution,
  meanEstimate,
  proportionEstimate,
  quantileEstimate,
  ratioEstimate,
  shortfallEstimate,
  simulationMetrics,
} from './metrics.js'

const ramp = (n: number) => Float64Array.from({ length: n }, (_, i) => i)

describe('quantileEstimate', () => {
  it('gives the type-7 quantile with order-statistic bounds (hand-worked for 0..99)', () => {
    // h = 99·0.95 = 94.05 → 94.05. Half-width 1.96·√(100·0.95·0.05) = 4.2717;
    // j = ⌊95 − 4.27⌋ = 90 → x_(90) = 89; k = ⌈95 + 4.27⌉ = 100 → x_(100) = 99.
    const e = quantileEstimate(ramp(100), 0.95, 0.95)
    expect(e.value).toBeCloseTo(94.05, 12)
    expect(e.low).toBe(89)
    expect(e.high).toBe(99)
  })
  it('covers the true quantile about 95 % of the time (uniform samples, 400 trials, binomial 4 SE)', () => {
    let state = 12345
    const u = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return state / 2 ** 32
    }
    let covered = 0
    const trials = 400
    for (let t = 0; t < trials; t++) {
      const s = Float64Array.from({ length: 500 }, u).sort()
      const e = quantileEstimate(s, 0.95)
      if (e.low <= 0.95 && 0.95 <= e.high) covered++
    }
    // + 0.02: the normal approximation of the binomial order statistics (the interval is conservative).
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / trials) + 0.02)
  })
  it('rejects an empty sample', () => {
    expect(() => quantileEstimate(new Float64Array(0), 0.95)).toThrow(InsufficientDataError)
  })
})

describe('proportionEstimate', () => {
  it('Wilson interval with no success: upper bound z²/(n + z²)', () => {
    // z = 1.959963984540054: z²/(1000 + z²) = 0.0038267584855551234 (python3)
    const e = proportionEstimate(0, 1000, 0.95)
    expect(e.value).toBe(0)
    expect(e.low).toBe(0)
    expect(e.high).toBeCloseTo(0.0038267584855551234, 10)
  })
  it('is centred near p for many successes', () => {
    const e = proportionEstimate(500, 1000)
    expect(e.low).toBeLessThan(0.5)
    expect(e.high).toBeGreaterThan(0.5)
  })
})

describe('meanEstimate', () => {
  it('mean ± z·s/√n (hand-worked for 1, 2, 3, 4: s = 1.29099, half-width 1.2652)', () => {
    const e = meanEstimate(Float64Array.of(1, 2, 3, 4), 0.95)
    expect(e.value).toBe(2.5)
    expect(e.high - e.value).toBeCloseTo(1.959963984540054 * (Math.sqrt(5 / 3) / 2), 10)
  })
})

describe('ratioEstimate', () => {
  it('is Σy/Σx, and 1 with an empty denominator', () => {
    expect(ratioEstimate(Float64Array.of(1, 2), Float64Array.of(2, 2)).value).toBe(0.75)
    expect(ratioEstimate(Float64Array.of(0, 0), Float64Array.of(0, 0)).value).toBe(1)
  })
})

describe('shortfallEstimate', () => {
  it('averages the worst ⌈n(1 − q)⌉ samples', () => {
    expect(shortfallEstimate(ramp(100), 0.99).value).toBe(99)
    expect(shortfallEstimate(ramp(100), 0.9).value).toBe(94.5)
  })
})

describe('lagDistribution', () => {
  it('reads median, P95 and max from counts per step', () => {
    const d = lagDistribution([0, 3, 1], 60)
    expect(d.liquidations).toBe(4)
    expect(d.p50Seconds?.value).toBe(60)
    expect(d.p95Seconds?.value).toBe(120)
    expect(d.maxSeconds).toBe(120)
    expect(d.histogram).toEqual([
      [60, 3],
      [120, 1],
    ])
  })
  it('is empty without liquidations', () => {
    expect(lagDistribution([], 60).p50Seconds).toBeUndefined()
  })
})

describe('simulationMetrics', () => {
  it('computes every metric from the columns', () => {
    const bad = Float64Array.from({ length: 100 }, (_, i) => (i >= 90 ? i : 0))
    const m = simulationMetrics(
      {
        badDebt: bad,
        liquidatedValue: ramp(100),
        liquidatedDebt: new Float64Array(100).fill(1),
        recoveredDebt: new Float64Array(100).fill(0.5),
        borrowUsage: new Float64Array(100).fill(0.7),
        lagCounts: [0, 2],
      },
      60,
    )
    expect(m.paths).toBe(100)
    expect(m.probabilityOfBadDebt.value).toBe(0.1)
    expect(m.badDebtVar95.value).toBeCloseTo(94.05, 12)
    expect(m.liquidationEfficiency.value).toBe(0.5)
    expect(m.borrowUsage.value).toBeCloseTo(0.7, 12)
    expect(m.liquidationLag.liquidations).toBe(2)
  })
})

describe('interval clipping', () => {
  it('keeps a mean of non-negative losses non-negative, and Wilson ends exact at 0 and n', () => {
    const e = meanEstimate(Float64Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 100))
    expect(e.low).toBe(0)
    expect(proportionEstimate(0, 10_000).low).toBe(0)
    expect(proportionEstimate(10, 10).high).toBe(1)
  })
  it('keeps the liquidation efficiency interval inside [0, 1]', () => {
    // 9 liquidations repaid in full and one at 10 %: ratio 0.91, delta-method half-width
    // 1.96·√(Σ(y − 0.91x)²/(n(n − 1)))/x̄ = 1.96·√(0.729/90) ≈ 0.176 would reach 1.086.
    const m = simulationMetrics(
      {
        badDebt: new Float64Array(10),
        liquidatedValue: new Float64Array(10),
        liquidatedDebt: new Float64Array(10).fill(1),
        recoveredDebt: Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1),
        borrowUsage: new Float64Array(10),
        lagCounts: [],
      },
      60,
    )
    expect(m.liquidationEfficiency.value).toBeCloseTo(0.91, 12)
    expect(m.liquidationEfficiency.high).toBe(1)
    expect(m.liquidationEfficiency.low).toBeCloseTo(0.91 - 1.959963984540054 * Math.sqrt(0.729 / 90), 9)
  })
})
