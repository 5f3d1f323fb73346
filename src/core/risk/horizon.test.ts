import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import type { Architecture } from '../vocabulary.js'
import { liquidationHorizon, MissingSeizeMessageError } from './horizon.js'

const base = {
  oracleLagSeconds: 60,
  detectionSeconds: 12,
  liquidationTxSeconds: 12,
  seizeMessageSeconds: 1200,
  saleSeconds: 300,
} as const

describe(liquidationHorizon.name, () => {
  it('adds the seize message only on message-passing routes', () => {
    // Hand-worked: 60 + 12 + 12 + 1200 + 300 = 1584; without the message 384.
    expect(liquidationHorizon({ ...base, architecture: 'message-passing' }).seconds).toBe(1584)
    expect(liquidationHorizon({ ...base, architecture: 'synthetic' }).seconds).toBe(384)
    expect(liquidationHorizon({ ...base, architecture: 'hybrid-l2' }).seconds).toBe(384)
  })
  it('explains every component and the sum', () => {
    const r = liquidationHorizon({ ...base, architecture: 'synthetic' })
    expect(r.explanation.map((t) => t.term)).toEqual([
      'oracleLagSeconds',
      'detectionSeconds',
      'liquidationTxSeconds',
      'seizeMessageSeconds',
      'saleSeconds',
      'liquidationHorizonSeconds',
    ])
    expect(r.explanation.find((t) => t.term === 'seizeMessageSeconds')?.value).toBe(0)
    // The explanation lets a reviewer redo the sum.
    const parts = r.explanation.slice(0, 5).reduce((s, t) => s + t.value, 0)
    expect(parts).toBe(r.seconds)
  })
  it('needs the seize message time on message-passing routes only', () => {
    const { seizeMessageSeconds: _, ...noSeize } = base
    expect(() => liquidationHorizon({ ...noSeize, architecture: 'message-passing' })).toThrow(
      MissingSeizeMessageError,
    )
    expect(liquidationHorizon({ ...noSeize, architecture: 'synthetic' }).seconds).toBe(384)
    try {
      liquidationHorizon({ ...noSeize, architecture: 'message-passing' })
    } catch (e) {
      expect((e as MissingSeizeMessageError).code).toBe('XC_MISSING_SEIZE_MESSAGE')
    }
  })
  it('is at least the sum without the message and monotone in every component', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom<Architecture>('message-passing', 'synthetic', 'hybrid-l2'),
        fc.integer({ min: 0, max: 4 }),
        ([a, b, c, d, e], architecture, bump) => {
          const p = {
            oracleLagSeconds: a as number,
            detectionSeconds: b as number,
            liquidationTxSeconds: c as number,
            seizeMessageSeconds: d as number,
            saleSeconds: e as number,
            architecture,
          }
          const t = liquidationHorizon(p).seconds
          expect(t).toBeGreaterThanOrEqual(0)
          const key = (
            [
              'oracleLagSeconds',
              'detectionSeconds',
              'liquidationTxSeconds',
              'seizeMessageSeconds',
              'saleSeconds',
            ] as const
          )[bump] as keyof typeof p
          const more = liquidationHorizon({ ...p, [key]: (p[key] as number) + 1 }).seconds
          expect(more).toBeGreaterThanOrEqual(t)
        },
      ),
    )
  })
  it('rejects bad input with named errors', () => {
    expect(() => liquidationHorizon({ ...base, oracleLagSeconds: -1, architecture: 'synthetic' })).toThrow(
      NegativeValueError,
    )
    expect(() => liquidationHorizon({ ...base, saleSeconds: Number.NaN, architecture: 'synthetic' })).toThrow(
      InvalidNumberError,
    )
    expect(() =>
      liquidationHorizon({
        ...base,
        seizeMessageSeconds: Number.POSITIVE_INFINITY,
        architecture: 'synthetic',
      }),
    ).toThrow(InvalidNumberError)
    expect(() => liquidationHorizon({ ...base, architecture: 'wormhole' as Architecture })).toThrow(
      OutOfRangeError,
    )
    expect(() =>
      liquidationHorizon({
        ...base,
        oracleLagSeconds: Number.MAX_VALUE,
        saleSeconds: Number.MAX_VALUE,
        architecture: 'synthetic',
      }),
    ).toThrow(InvalidNumberError)
  })
})
