import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InsufficientDataError, InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import { medianPrice, oracleError, priceUsability, reportedPriceError } from './oracle.js'

describe(oracleError.name, () => {
  it('composes the deviation threshold with the move over the update latency', () => {
    // python3 (stdlib): z = NormalDist().inv_cdf(0.99); m = 1 - exp(-z*0.8*sqrt(60/31536000))
    // = 0.0025637735040401344; 1 - 0.995*(1 - m) = 0.007550954636519891
    const e = oracleError({
      deviationThreshold: 0.005,
      updateLatencySeconds: 60,
      sigmaAnnual: 0.8,
      confidence: 0.99,
    })
    expect(e.value).toBeCloseTo(0.007550954636519891, 12)
    expect(e.explanation.map((t) => t.term)).toEqual([
      'deviationThreshold',
      'updateLatencyMove',
      'oracleError',
    ])
    expect(e.explanation[1]?.value).toBeCloseTo(0.0025637735040401344, 12)
  })

  it('adds the median breaker bound when given', () => {
    // python3 (stdlib): m = 1 - exp(-z*0.8*sqrt(600/31536000)) = 0.008084914045191738;
    // 1 - 0.995*(1 - m)*(1 - 0.01) = 0.022914044580216175
    const e = oracleError({
      deviationThreshold: 0.005,
      updateLatencySeconds: 600,
      sigmaAnnual: 0.8,
      confidence: 0.99,
      sourceDeviationBound: 0.01,
    })
    expect(e.value).toBeCloseTo(0.022914044580216175, 12)
    expect(e.explanation.map((t) => t.term)).toContain('sourceDeviationBound')
  })

  it('is the threshold alone with no latency, and stays in [d, 1)', () => {
    expect(
      oracleError({ deviationThreshold: 0.01, updateLatencySeconds: 0, sigmaAnnual: 2, confidence: 0.999 })
        .value,
    ).toBeCloseTo(0.01, 15)
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 86_400, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (d, latency, sigma) => {
          const v = oracleError({
            deviationThreshold: d,
            updateLatencySeconds: latency,
            sigmaAnnual: sigma,
            confidence: 0.99,
          }).value
          expect(v).toBeGreaterThanOrEqual(d - 1e-15)
          expect(v).toBeLessThan(1)
        },
      ),
    )
  })

  it('refuses a threshold outside [0, 1), a negative latency and NaN', () => {
    const ok = { deviationThreshold: 0.005, updateLatencySeconds: 60, sigmaAnnual: 0.8, confidence: 0.99 }
    expect(() => oracleError({ ...ok, deviationThreshold: 1 })).toThrow(OutOfRangeError)
    expect(() => oracleError({ ...ok, updateLatencySeconds: -1 })).toThrow(NegativeValueError)
    expect(() => oracleError({ ...ok, sigmaAnnual: Number.NaN })).toThrow(InvalidNumberError)
    expect(() => oracleError({ ...ok, confidence: 1 })).toThrow(OutOfRangeError)
  })
})

describe(reportedPriceError.name, () => {
  it('finds the LUNA feed wrong by 900 % at its $0.10 floor with the market at $0.01', () => {
    // Hand-worked: (0.10 − 0.01) / 0.01 = 9.
    expect(reportedPriceError({ reported: 0.1, market: 0.01 })).toBeCloseTo(9, 12)
    expect(reportedPriceError({ reported: 99, market: 100 })).toBeCloseTo(-0.01, 15)
  })

  it('refuses a zero market price', () => {
    expect(() => reportedPriceError({ reported: 1, market: 0 })).toThrow(OutOfRangeError)
  })
})

describe(medianPrice.name, () => {
  it('takes the median and trips the breaker when a source strays', () => {
    const calm = medianPrice({ prices: [3010, 3000, 2990], maxDeviation: 0.01 })
    expect(calm.median).toBe(3000)
    // Hand-worked: max(|2990 − 3000|, |3010 − 3000|) / 3000 = 1/300.
    expect(calm.deviation).toBeCloseTo(1 / 300, 15)
    expect(calm.tripped).toBe(false)
    const split = medianPrice({ prices: [3000, 3010, 2500], maxDeviation: 0.01 })
    expect(split.median).toBe(3000)
    expect(split.tripped).toBe(true)
  })

  it('averages the middle two of an even count and does not modify its input', () => {
    const prices = [4, 1, 3, 2]
    expect(medianPrice({ prices, maxDeviation: 0.9 }).median).toBe(2.5)
    expect(prices).toEqual([4, 1, 3, 2])
  })

  it('never trips when all sources agree', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 9 }), (p, n) => {
        expect(medianPrice({ prices: Array.from({ length: n }, () => p), maxDeviation: 0 }).tripped).toBe(
          false,
        )
      }),
    )
  })

  it('refuses no sources and a non-positive price', () => {
    expect(() => medianPrice({ prices: [], maxDeviation: 0.01 })).toThrow(InsufficientDataError)
    expect(() => medianPrice({ prices: [1, -1], maxDeviation: 0.01 })).toThrow(OutOfRangeError)
  })
})

describe(priceUsability.name, () => {
  const fresh = {
    now: 10_000,
    answer: 3000,
    updatedAt: 9_000,
    heartbeatSeconds: 3600,
    stalenessGraceSeconds: 600,
  }

  it('accepts a fresh, unclamped price', () => {
    expect(priceUsability({ ...fresh, minAnswer: 1, maxAnswer: 1e6 })).toEqual({ usable: true, reasons: [] })
  })

  it('flags the LUNA feed stuck at its minAnswer while the market traded near $0.01', () => {
    // Chainlink LUNA/USD, May 2022: minAnswer $0.10; the reported price stayed at the floor.
    const r = priceUsability({
      ...fresh,
      answer: 0.1,
      minAnswer: 0.1,
      maxAnswer: 1e4,
      market: { price: 0.01, maxDeviation: 0.05 },
    })
    expect(r.usable).toBe(false)
    expect(r.reasons).toEqual(['at-min-answer', 'deviates-from-market'])
    // A feed stuck just above the floor ($0.107) is caught with a margin.
    expect(priceUsability({ ...fresh, answer: 0.107, minAnswer: 0.1, boundMargin: 0.1 }).reasons).toEqual([
      'at-min-answer',
    ])
    expect(priceUsability({ ...fresh, answer: 0.107, minAnswer: 0.1 }).usable).toBe(true)
  })

  it('is stale only after heartbeat + grace (strictly)', () => {
    // Age 4200 = 3600 + 600: not yet stale; 4201: stale.
    expect(priceUsability({ ...fresh, updatedAt: 10_000 - 4200 }).usable).toBe(true)
    expect(priceUsability({ ...fresh, updatedAt: 10_000 - 4201 }).reasons).toEqual(['stale'])
    expect(priceUsability({ ...fresh, updatedAt: 10_001 }).reasons).toEqual(['future-timestamp'])
  })

  it('flags clamps at the max, a broken answer and disagreeing sources', () => {
    expect(priceUsability({ ...fresh, maxAnswer: 3000 }).reasons).toEqual(['at-max-answer'])
    expect(priceUsability({ ...fresh, answer: 0 }).reasons).toEqual(['non-positive-answer'])
    expect(
      priceUsability({ ...fresh, sources: { prices: [3000, 3001, 2400], maxDeviation: 0.02 } }).reasons,
    ).toEqual(['sources-disagree'])
  })

  it('follows Aave’s PriceOracleSentinel on an L2: down, then a grace period after restart', () => {
    const sequencer = { up: true, statusChangedAt: 10_000 - 3600, gracePeriodSeconds: 3600 }
    // Up for exactly the grace period: still inside it (Aave requires now − t > grace).
    expect(priceUsability({ ...fresh, sequencer }).reasons).toEqual(['sequencer-grace-period'])
    expect(
      priceUsability({ ...fresh, sequencer: { ...sequencer, statusChangedAt: 10_000 - 3601 } }).usable,
    ).toBe(true)
    expect(priceUsability({ ...fresh, sequencer: { ...sequencer, up: false } }).reasons).toEqual([
      'sequencer-down',
    ])
  })

  it('refuses malformed inputs with named errors', () => {
    expect(() => priceUsability({ ...fresh, now: Number.NaN })).toThrow(InvalidNumberError)
    expect(() => priceUsability({ ...fresh, heartbeatSeconds: 0 })).toThrow(OutOfRangeError)
    expect(() => priceUsability({ ...fresh, stalenessGraceSeconds: -1 })).toThrow(NegativeValueError)
    expect(() => priceUsability({ ...fresh, market: { price: 0, maxDeviation: 0.1 } })).toThrow(
      OutOfRangeError,
    )
  })
})
