import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import { wadToNumber } from '../units/wad.js'
import {
  debtValueWad,
  HealthFactor,
  healthFactor,
  weightedCollateralValueWad,
  ZeroDebtPriceError,
} from './health.js'
import {
  ColumnShapeError,
  createScreeningBook,
  type ScreeningBookParameters,
  screenHealthFactors,
  screenMarket,
} from './screening.js'

function oneMarket(ca: number[], lt: number[], da: number[]): ScreeningBookParameters {
  return {
    assetCount: 2,
    collateralAmount: Float64Array.from(ca),
    collateralAsset: new Uint32Array(ca.length),
    liquidationThreshold: Float64Array.from(lt),
    debtAmount: Float64Array.from(da),
    debtAsset: new Uint32Array(ca.length).fill(1),
  }
}

describe(screenHealthFactors.name, () => {
  it('gives 1.185714… for $10,000 at LT 83 % against $7,000, and counts HF < 1', () => {
    // Hand: 10000 · 0.83 / 7000 = 83/70 = 1.185714285714…; second position 5 ETH · 2000 · 0.8 / 9000 = 0.888…
    const book = createScreeningBook({
      assetCount: 3,
      collateralAmount: Float64Array.of(10_000, 5),
      collateralAsset: Uint32Array.of(0, 2),
      liquidationThreshold: Float64Array.of(0.83, 0.8),
      debtAmount: Float64Array.of(7_000, 9_000),
      debtAsset: Uint32Array.of(1, 1),
    })
    const out = new Float64Array(2)
    const mask = new Uint8Array(2)
    const r = screenHealthFactors({ book, prices: Float64Array.of(1, 1, 2_000), out, mask })
    expect(out[0]).toBeCloseTo(83 / 70, 14)
    expect(out[1]).toBeCloseTo(8 / 9, 14)
    expect(r.liquidatable).toBe(1)
    expect(Array.from(mask)).toEqual([0, 1])
  })

  it('gives +Infinity, never NaN, to a position without debt, even without collateral', () => {
    const book = createScreeningBook(oneMarket([1, 0, 0], [0.8, 0.8, 0.8], [0, 0, 5]))
    const out = new Float64Array(3)
    const r = screenHealthFactors({ book, prices: Float64Array.of(3_000, 1), out })
    expect(Array.from(out)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0])
    expect(r.liquidatable).toBe(1)
    // A zero collateral price: debtors at 0, debt-free still +Infinity.
    screenHealthFactors({ book, prices: Float64Array.of(0, 1), out })
    expect(Array.from(out)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0])
  })

  it('agrees with the single-market path', () => {
    // Realistic magnitudes: subnormal intermediate products lose relative precision in either order.
    const zeroOr = (min: number, max: number) =>
      fc.oneof(fc.constant(0), fc.double({ min, max, noNaN: true }))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(zeroOr(1e-12, 1e6), zeroOr(1e-4, 1), zeroOr(1e-12, 1e9)), {
          minLength: 1,
          maxLength: 20,
        }),
        zeroOr(1e-6, 1e5),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (rows, cp, dp) => {
          const book = createScreeningBook(
            oneMarket(
              rows.map((r) => r[0]),
              rows.map((r) => r[1]),
              rows.map((r) => r[2]),
            ),
          )
          const a = new Float64Array(book.size)
          const b = new Float64Array(book.size)
          const ra = screenHealthFactors({ book, prices: Float64Array.of(cp, dp), out: a })
          const rb = screenMarket({ book, collateralPrice: cp, debtPrice: dp, out: b })
          for (let i = 0; i < book.size; i++) {
            const x = a[i] as number
            const y = b[i] as number
            expect(Number.isNaN(x) || Number.isNaN(y)).toBe(false)
            if (x === Number.POSITIVE_INFINITY || y === Number.POSITIVE_INFINITY) expect(x).toBe(y)
            else expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-12 * Math.max(x, y))
          }
          // The two orders of multiplication can differ in the last bit right at HF = 1.
          expect(Math.abs(ra.liquidatable - rb.liquidatable)).toBeLessThanOrEqual(book.size)
        },
      ),
    )
  })

  // Exact vs columnar. The exact path floors each value to 1e-18 of the quote currency (and the HF to
  // 1e-18); the float path makes about ten roundings of 2^-53 ≈ 1.1e-16 relative each (raw -> Number,
  // ÷ 10^decimals, three products, one quotient). With every non-zero value ≥ 1e-6, the exact floors
  // contribute at most ~1e-12 relative, so the two agree far inside the 1e-9 asserted here.
  it('agrees with the exact bigint path within a relative 1e-9', () => {
    const position = fc.record({
      cAmount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      cDecimals: fc.integer({ min: 0, max: 24 }),
      cPrice: fc.bigInt({ min: 0n, max: 10n ** 14n }),
      cPriceDecimals: fc.integer({ min: 0, max: 18 }),
      lt: fc.bigInt({ min: 0n, max: 10_000n }),
      dAmount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      dDecimals: fc.integer({ min: 0, max: 24 }),
      dPrice: fc.bigInt({ min: 1n, max: 10n ** 14n }),
      dPriceDecimals: fc.integer({ min: 0, max: 18 }),
    })
    fc.assert(
      fc.property(fc.array(position, { minLength: 1, maxLength: 8 }), (ps) => {
        const inputs = ps.map((p) => ({
          collaterals: [
            {
              amount: p.cAmount,
              decimals: p.cDecimals,
              price: p.cPrice,
              priceDecimals: p.cPriceDecimals,
              liquidationThresholdBps: p.lt,
            },
          ],
          debts: [
            { amount: p.dAmount, decimals: p.dDecimals, price: p.dPrice, priceDecimals: p.dPriceDecimals },
          ],
        }))
        // Values must be exactly 0 or ≥ 1e-6 (1e12 in Wad) for the tolerance argument above.
        inputs.forEach((x, i) => {
          const p = ps[i]!
          const w = weightedCollateralValueWad(x.collaterals)
          const d = debtValueWad(x.debts)
          const exactlyZero = p.cAmount === 0n || p.cPrice === 0n || p.lt === 0n
          fc.pre((exactlyZero || w >= 10n ** 12n) && (p.dAmount === 0n || d >= 10n ** 12n))
        })
        const n = ps.length
        // Each position has its own collateral asset (2i) and debt asset (2i + 1).
        const book = createScreeningBook({
          assetCount: 2 * n,
          collateralAmount: Float64Array.from(ps, (p) => Number(p.cAmount) / 10 ** p.cDecimals),
          collateralAsset: Uint32Array.from(ps, (_, i) => 2 * i),
          liquidationThreshold: Float64Array.from(ps, (p) => Number(p.lt) / 10_000),
          debtAmount: Float64Array.from(ps, (p) => Number(p.dAmount) / 10 ** p.dDecimals),
          debtAsset: Uint32Array.from(ps, (_, i) => 2 * i + 1),
        })
        const prices = new Float64Array(2 * n)
        ps.forEach((p, i) => {
          prices[2 * i] = Number(p.cPrice) / 10 ** p.cPriceDecimals
          prices[2 * i + 1] = Number(p.dPrice) / 10 ** p.dPriceDecimals
        })
        const out = new Float64Array(n)
        screenHealthFactors({ book, prices, out })
        inputs.forEach((x, i) => {
          const exact = healthFactor(x)
          const float = out[i] as number
          if (exact === HealthFactor.INFINITE) expect(float).toBe(Number.POSITIVE_INFINITY)
          else {
            const e = wadToNumber(exact)
            expect(Math.abs(float - e)).toBeLessThanOrEqual(1e-9 * Math.max(e, float) + 1e-18)
          }
        })
      }),
    )
  })

  it('rejects bad prices and outputs', () => {
    const book = createScreeningBook(oneMarket([1], [0.8], [1]))
    const out = new Float64Array(1)
    expect(() => screenHealthFactors({ book, prices: Float64Array.of(Number.NaN, 1), out })).toThrow(
      InvalidNumberError,
    )
    expect(() => screenHealthFactors({ book, prices: Float64Array.of(-1, 1), out })).toThrow(
      NegativeValueError,
    )
    expect(() => screenHealthFactors({ book, prices: Float64Array.of(1), out })).toThrow(ColumnShapeError)
    expect(() =>
      screenHealthFactors({ book, prices: Float64Array.of(1, 1), out: new Float64Array(2) }),
    ).toThrow(ColumnShapeError)
  })

  it('refuses a zero debt price under a debt, as the exact path does, but not under no debt', () => {
    // Exact path: healthFactor throws ZeroDebtPriceError for a debt with an amount and a zero price.
    const book = createScreeningBook(oneMarket([1, 1], [0.8, 0.8], [0, 5]))
    const out = new Float64Array(2)
    expect(() => screenHealthFactors({ book, prices: Float64Array.of(3000, 0), out })).toThrow(
      ZeroDebtPriceError,
    )
    const noDebt = createScreeningBook(oneMarket([1], [0.8], [0]))
    const one = new Float64Array(1)
    screenHealthFactors({ book: noDebt, prices: Float64Array.of(3000, 0), out: one })
    expect(one[0]).toBe(Number.POSITIVE_INFINITY)
    // A collateral price of 0 is a real state (a depeg to nothing): HF 0, liquidatable.
    expect(screenHealthFactors({ book, prices: Float64Array.of(0, 1), out }).liquidatable).toBe(1)
  })
})

describe(createScreeningBook.name, () => {
  it('rejects NaN, Infinity, negatives, thresholds above 1, bad shapes and indices', () => {
    const good = oneMarket([1, 2], [0.8, 0.7], [1, 1])
    expect(() => createScreeningBook({ ...good, collateralAmount: Float64Array.of(1, Number.NaN) })).toThrow(
      InvalidNumberError,
    )
    expect(() =>
      createScreeningBook({ ...good, debtAmount: Float64Array.of(Number.NEGATIVE_INFINITY, 1) }),
    ).toThrow(InvalidNumberError)
    expect(() => createScreeningBook({ ...good, debtAmount: Float64Array.of(-1, 1) })).toThrow(
      NegativeValueError,
    )
    expect(() => createScreeningBook({ ...good, liquidationThreshold: Float64Array.of(1.5, 0.5) })).toThrow(
      OutOfRangeError,
    )
    expect(() => createScreeningBook({ ...good, collateralAmount: Float64Array.of(1e200, 1) })).toThrow(
      OutOfRangeError,
    )
    expect(() => createScreeningBook({ ...good, debtAmount: Float64Array.of(1) })).toThrow(ColumnShapeError)
    expect(() => createScreeningBook({ ...good, debtAsset: Uint32Array.of(1, 2) })).toThrow(ColumnShapeError)
    expect(() =>
      createScreeningBook({ ...good, collateralAmount: [1, 2] as unknown as Float64Array }),
    ).toThrow(ColumnShapeError)
    expect(() => createScreeningBook({ ...good, assetCount: 0 })).toThrow(OutOfRangeError)
  })
})

describe(screenMarket.name, () => {
  it('screens one market with a single price ratio', () => {
    // Hand: 2 ETH · $3000 · 0.8 / $4000 = 1.2; 1 ETH · 3000 · 0.8 / 2500 = 0.96
    const book = createScreeningBook(oneMarket([2, 1], [0.8, 0.8], [4_000, 2_500]))
    const out = new Float64Array(2)
    const mask = new Uint8Array(2)
    const r = screenMarket({ book, collateralPrice: 3_000, debtPrice: 1, out, mask })
    expect(out[0]).toBeCloseTo(1.2, 14)
    expect(out[1]).toBeCloseTo(0.96, 14)
    expect(r.liquidatable).toBe(1)
    expect(Array.from(mask)).toEqual([0, 1])
  })
  it('rejects bad prices', () => {
    const book = createScreeningBook(oneMarket([1], [0.8], [1]))
    const out = new Float64Array(1)
    expect(() => screenMarket({ book, collateralPrice: Number.NaN, debtPrice: 1, out })).toThrow(
      InvalidNumberError,
    )
    expect(() => screenMarket({ book, collateralPrice: 1, debtPrice: 0, out })).toThrow(OutOfRangeError)
    expect(() => screenMarket({ book, collateralPrice: -1, debtPrice: 1, out })).toThrow(NegativeValueError)
    expect(() => screenMarket({ book, collateralPrice: 1e150, debtPrice: 1e-10, out })).toThrow(
      OutOfRangeError,
    )
  })
})
