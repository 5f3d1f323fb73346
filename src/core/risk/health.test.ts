import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  InvalidDecimalsError,
  InvalidNumberError,
  NegativeValueError,
  OutOfRangeError,
  XcollatError,
} from '../errors.js'
import { WAD } from '../units/wad.js'
import {
  type CollateralInput,
  calculateHealthFactor,
  type DebtInput,
  debtValueWad,
  HealthFactor,
  healthFactor,
  isInfiniteHealthFactor,
  liquidationPrice,
  maxBorrow,
  NoCollateralPowerError,
  SEED_NO_DEBT_HEALTH_FACTOR,
  seedHealthFactorFloat,
  Uint256OverflowError,
  weightedCollateralValueWad,
  ZeroDebtPriceError,
} from './health.js'

const E18 = 10n ** 18n
const usd = (dollars: bigint): DebtInput => ({
  amount: dollars * E18,
  decimals: 18,
  price: 1n,
  priceDecimals: 0,
})

// Arbitraries: raw amounts/prices with token and oracle decimals as seen on chain.
const collateralArb = fc.record({
  amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
  decimals: fc.integer({ min: 0, max: 24 }),
  price: fc.bigInt({ min: 0n, max: 10n ** 14n }),
  priceDecimals: fc.integer({ min: 0, max: 18 }),
  liquidationThresholdBps: fc.bigInt({ min: 0n, max: 10_000n }),
})
const debtArb = fc.record({
  amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
  decimals: fc.integer({ min: 0, max: 24 }),
  price: fc.bigInt({ min: 1n, max: 10n ** 14n }),
  priceDecimals: fc.integer({ min: 0, max: 18 }),
})

describe(healthFactor.name, () => {
  it('gives 1.185714… for $10,000 at LT 83 % against $7,000 of debt', () => {
    // Hand: 10000 · 0.83 / 7000 = 8300 / 7000 = 83 / 70 = 1.185714285714285714…;
    // floor to 18 decimals = 1.185714285714285714 (python3 stdlib: 8300*10**36 // (7000*10**18)).
    const hf = healthFactor({
      collaterals: [
        // 10,000 "USD tokens" with 18 decimals at $1.00000000 (8-decimal feed)
        {
          amount: 10_000n * E18,
          decimals: 18,
          price: 100_000_000n,
          priceDecimals: 8,
          liquidationThresholdBps: 8_300n,
        },
      ],
      // 7,000 USDC (6 decimals) at $1.00000000
      debts: [{ amount: 7_000_000_000n, decimals: 6, price: 100_000_000n, priceDecimals: 8 }],
    })
    expect(hf).toBe(1_185_714_285_714_285_714n)
  })

  it('sums several collaterals and debts with their own decimals', () => {
    // Hand: collateral 1 ETH · $3000 · 0.825 + 1 BTC (8 dec) · $60000 · 0.75 = 2475 + 45000 = 47475;
    // debt 20,000 USDC + 1 ETH at $3000 = 23,000; HF = 47475 / 23000 = 2.0641304347826086956…
    const hf = healthFactor({
      collaterals: [
        {
          amount: E18,
          decimals: 18,
          price: 3_000_00000000n,
          priceDecimals: 8,
          liquidationThresholdBps: 8_250n,
        },
        {
          amount: 100_000_000n,
          decimals: 8,
          price: 60_000_00000000n,
          priceDecimals: 8,
          liquidationThresholdBps: 7_500n,
        },
      ],
      debts: [
        { amount: 20_000_000_000n, decimals: 6, price: 1_00000000n, priceDecimals: 8 },
        { amount: E18, decimals: 18, price: 3_000_00000000n, priceDecimals: 8 },
      ],
    })
    // python3 stdlib: 47475 * 10**18 // 23000 = 2064130434782608695
    expect(hf).toBe(2_064_130_434_782_608_695n)
  })

  it('rounds against the borrower: collateral value down, debt value up', () => {
    // 1 raw unit of a 36-decimal token at price 1 is worth 1e-36: 0 as collateral, 1e-18 (1 wei of Wad) as debt.
    const dust = { amount: 1n, decimals: 36, price: 1n, priceDecimals: 0 }
    expect(weightedCollateralValueWad([{ ...dust, liquidationThresholdBps: 10_000n }])).toBe(0n)
    expect(debtValueWad([dust])).toBe(1n)
    // HF itself rounds down: 2/3 -> 0.666…666
    const hf = healthFactor({
      collaterals: [
        { amount: 2n, decimals: 0, price: 1n, priceDecimals: 0, liquidationThresholdBps: 10_000n },
      ],
      debts: [{ amount: 3n, decimals: 0, price: 1n, priceDecimals: 0 }],
    })
    expect(hf).toBe(666_666_666_666_666_666n)
  })

  it('is HealthFactor.INFINITE exactly when there is no debt', () => {
    expect(healthFactor({ collaterals: [], debts: [] })).toBe(HealthFactor.INFINITE)
    fc.assert(
      fc.property(
        fc.array(collateralArb, { maxLength: 3 }),
        fc.array(debtArb, { maxLength: 3 }),
        (cs, ds) => {
          const hf = healthFactor({ collaterals: cs, debts: ds })
          const noDebt = ds.every((d) => d.amount === 0n)
          expect(hf === HealthFactor.INFINITE).toBe(noDebt)
          expect(isInfiniteHealthFactor(hf)).toBe(noDebt)
          if (!noDebt) expect(typeof hf).toBe('bigint')
        },
      ),
    )
  })

  it('never returns −1 or a negative value', () => {
    fc.assert(
      fc.property(
        fc.array(collateralArb, { maxLength: 3 }),
        fc.array(debtArb, { maxLength: 3 }),
        (cs, ds) => {
          const hf = healthFactor({ collaterals: cs, debts: ds })
          if (hf !== HealthFactor.INFINITE) expect(hf >= 0n).toBe(true)
        },
      ),
    )
  })

  it('is monotone (non-decreasing) in collateral amount and in collateral price', () => {
    fc.assert(
      fc.property(
        collateralArb,
        fc.array(debtArb, { minLength: 1, maxLength: 2 }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (c, ds, extraAmount, extraPrice) => {
          fc.pre(ds.some((d) => d.amount > 0n))
          const base = healthFactor({ collaterals: [c], debts: ds }) as bigint
          const more = healthFactor({
            collaterals: [{ ...c, amount: c.amount + extraAmount }],
            debts: ds,
          }) as bigint
          const dearer = healthFactor({
            collaterals: [{ ...c, price: c.price + extraPrice }],
            debts: ds,
          }) as bigint
          expect(more >= base).toBe(true)
          expect(dearer >= base).toBe(true)
        },
      ),
    )
  })

  it('rejects bad input with named errors', () => {
    const c: CollateralInput = {
      amount: 1n,
      decimals: 18,
      price: 1n,
      priceDecimals: 8,
      liquidationThresholdBps: 8_000n,
    }
    const d: DebtInput = { amount: 1n, decimals: 6, price: 1n, priceDecimals: 8 }
    const run = (cs: CollateralInput[], ds: DebtInput[]) => () => healthFactor({ collaterals: cs, debts: ds })
    expect(run([{ ...c, amount: -1n }], [d])).toThrow(NegativeValueError)
    expect(run([c], [{ ...d, amount: -5n }])).toThrow(NegativeValueError)
    expect(run([{ ...c, price: -1n }], [d])).toThrow(NegativeValueError)
    expect(run([{ ...c, decimals: 37 }], [d])).toThrow(InvalidDecimalsError)
    expect(run([c], [{ ...d, priceDecimals: 37 }])).toThrow(InvalidDecimalsError)
    expect(run([{ ...c, decimals: 1.5 }], [d])).toThrow(InvalidDecimalsError)
    expect(run([{ ...c, decimals: -1 }], [d])).toThrow(InvalidDecimalsError)
    expect(run([c], [{ ...d, decimals: Number.NaN }])).toThrow(InvalidDecimalsError)
    expect(run([{ ...c, priceDecimals: Number.POSITIVE_INFINITY }], [d])).toThrow(InvalidDecimalsError)
    expect(run([{ ...c, liquidationThresholdBps: -1n }], [d])).toThrow(NegativeValueError)
    expect(run([{ ...c, liquidationThresholdBps: 10_001n }], [d])).toThrow(OutOfRangeError)
    expect(run([{ ...c, amount: 1 as unknown as bigint }], [d])).toThrow(InvalidNumberError)
    expect(run([c], [{ ...d, price: 0n }])).toThrow(ZeroDebtPriceError)
    const thrown = (() => {
      try {
        healthFactor({ collaterals: [c], debts: [{ ...d, price: 0n }] })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(thrown).toBeInstanceOf(XcollatError)
    expect((thrown as XcollatError).code).toBe('XC_ZERO_DEBT_PRICE')
    // A zero debt amount at a zero price is simply no debt.
    expect(healthFactor({ collaterals: [c], debts: [{ ...d, amount: 0n, price: 0n }] })).toBe(
      HealthFactor.INFINITE,
    )
  })
})

describe(maxBorrow.name, () => {
  it('is collateral · LTV − debt, floored at 0', () => {
    // Hand: 10,000 · 0.80 − 7,000 = 1,000; with 9,000 of debt: 8,000 − 9,000 < 0 -> 0.
    const collaterals = [{ amount: 10_000n * E18, decimals: 18, price: 1n, priceDecimals: 0, ltvBps: 8_000n }]
    expect(maxBorrow({ collaterals, debts: [usd(7_000n)] })).toBe(1_000n * E18)
    expect(maxBorrow({ collaterals, debts: [usd(9_000n)] })).toBe(0n)
    expect(maxBorrow({ collaterals, debts: [] })).toBe(8_000n * E18)
  })
  it('rounds down and rejects bad input', () => {
    // 1 raw unit at 19 decimals is 0.1e-18 USD: 0 capacity.
    expect(
      maxBorrow({
        collaterals: [{ amount: 1n, decimals: 19, price: 1n, priceDecimals: 0, ltvBps: 10_000n }],
        debts: [],
      }),
    ).toBe(0n)
    expect(() =>
      maxBorrow({
        collaterals: [{ amount: 1n, decimals: 0, price: 1n, priceDecimals: 0, ltvBps: 10_001n }],
        debts: [],
      }),
    ).toThrow(OutOfRangeError)
  })
})

describe(liquidationPrice.name, () => {
  it('is the price at which HF = 1 for one collateral', () => {
    // Hand: 2 ETH · p · 0.80 = 3,000 -> p = 1,875 (8-decimal feed: 187_500_000_000).
    const p = liquidationPrice({
      collateral: { amount: 2n * E18, decimals: 18, priceDecimals: 8, liquidationThresholdBps: 8_000n },
      debts: [usd(3_000n)],
    })
    expect(p).toBe(187_500_000_000n)
    // Hand: 3 · p · 0.80 = 1,000 -> p = 416.666… -> rounded up to 417 at 0 decimals.
    expect(
      liquidationPrice({
        collateral: { amount: 3n, decimals: 0, priceDecimals: 0, liquidationThresholdBps: 8_000n },
        debts: [usd(1_000n)],
      }),
    ).toBe(417n)
  })

  it('is conservative: strictly below it the position is liquidatable', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 10 }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.array(debtArb, { minLength: 1, maxLength: 2 }),
        (amount, decimals, priceDecimals, lt, ds) => {
          fc.pre(ds.some((d) => d.amount > 0n))
          const p = liquidationPrice({
            collateral: { amount, decimals, priceDecimals, liquidationThresholdBps: lt },
            debts: ds,
          })
          expect(p).not.toBeNull()
          const below = (p as bigint) - 1n
          if (below < 0n) return
          const hf = healthFactor({
            collaterals: [{ amount, decimals, price: below, priceDecimals, liquidationThresholdBps: lt }],
            debts: ds,
          })
          expect(hf !== HealthFactor.INFINITE && hf < WAD).toBe(true)
        },
      ),
    )
  })

  it('is null without debt and refuses a collateral that counts for nothing', () => {
    const collateral = { amount: E18, decimals: 18, priceDecimals: 8, liquidationThresholdBps: 8_000n }
    expect(liquidationPrice({ collateral, debts: [] })).toBeNull()
    expect(() => liquidationPrice({ collateral: { ...collateral, amount: 0n }, debts: [usd(1n)] })).toThrow(
      NoCollateralPowerError,
    )
    expect(() =>
      liquidationPrice({ collateral: { ...collateral, liquidationThresholdBps: 0n }, debts: [usd(1n)] }),
    ).toThrow(NoCollateralPowerError)
    expect(() => liquidationPrice({ collateral: { ...collateral, decimals: 37 }, debts: [] })).toThrow(
      InvalidDecimalsError,
    )
  })
})

// Golden vectors from the seed (../seeds/002, Step 3), quoted:
//   if (debtValue == 0) return type(uint256).max; // No debt, position is safe
//   uint256 maxBorrow = (collateralValue * collateralFactor) / 10000;
//   uint256 liquidationLimit = (collateralValue * liquidationThreshold) / 10000;
//   healthFactor = (liquidationLimit * 1e18) / debtValue; // Scaled for precision
// with the seed's own example factors "7500 for 75%" and "8000 for 80%".
describe(calculateHealthFactor.name, () => {
  it('is floor(floor(collateral · LT / 10000) · 1e18 / debt), as the seed writes it', () => {
    // Hand: 10000 · 8000 / 10000 = 8000; 8000e18 / 7000 = 1.142857142857142857…e18, floored.
    expect(calculateHealthFactor(10_000n, 7_000n, 7_500n, 8_000n)).toBe(1_142_857_142_857_142_857n)
    // The first division floors: 1 · 8000 / 10000 = 0, so HF = 0 however small the debt.
    expect(calculateHealthFactor(1n, 1n, 7_500n, 8_000n)).toBe(0n)
    // 12345 · 8300 / 10000 = 10246.35 → 10246; 10246e18 / 3 = 3415.333…e18 → floored.
    expect(calculateHealthFactor(12_345n, 3n, 8_000n, 8_300n)).toBe(3_415_333_333_333_333_333_333n)
    // HF = 1 exactly at debt = collateral · LT.
    expect(calculateHealthFactor(10n ** 22n, 8n * 10n ** 21n, 7_500n, 8_000n)).toBe(10n ** 18n)
  })

  it('returns type(uint256).max without debt, and ignores the collateral factor otherwise', () => {
    expect(calculateHealthFactor(10_000n, 0n, 7_500n, 8_000n)).toBe(2n ** 256n - 1n)
    expect(calculateHealthFactor(0n, 0n, 0n, 0n)).toBe(SEED_NO_DEBT_HEALTH_FACTOR)
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (c, d, cf1, cf2, lt) => {
          expect(calculateHealthFactor(c, d, cf1, lt)).toBe(calculateHealthFactor(c, d, cf2, lt))
          expect(calculateHealthFactor(c, d, cf1, lt)).toBe((((c * lt) / 10_000n) * 10n ** 18n) / d)
        },
      ),
    )
  })

  it('reverts where the contract would: negative, above uint256, or an overflowing product', () => {
    expect(() => calculateHealthFactor(-1n, 1n, 7_500n, 8_000n)).toThrow(NegativeValueError)
    expect(() => calculateHealthFactor(1n << 256n, 1n, 7_500n, 8_000n)).toThrow(OutOfRangeError)
    expect(() => calculateHealthFactor(1 as unknown as bigint, 1n, 7_500n, 8_000n)).toThrow(
      InvalidNumberError,
    )
    // The unused maxBorrow product overflows: Solidity 0.8 reverts before the return.
    expect(() => calculateHealthFactor(1n << 255n, 1n, 7_500n, 1n)).toThrow(Uint256OverflowError)
    // liquidationLimit · 1e18 overflows.
    expect(() => calculateHealthFactor(1n << 240n, 1n, 1n, 10_000n)).toThrow(Uint256OverflowError)
    // Without debt the function returns before any multiplication.
    expect(calculateHealthFactor(1n << 255n, 0n, 7_500n, 8_000n)).toBe(SEED_NO_DEBT_HEALTH_FACTOR)
  })
})

describe(seedHealthFactorFloat.name, () => {
  it('is collateralValue · LT / debtValue', () => {
    // Hand: 10000 · 0.83 / 7000 = 83/70 = 1.1857142857142857 (float)
    expect(seedHealthFactorFloat(10_000, 7_000, 0.8, 0.83)).toBeCloseTo(83 / 70, 15)
    expect(seedHealthFactorFloat(10_000, 0, 0.8, 0.83)).toBe(HealthFactor.INFINITE)
    // Agrees with the exact seed function up to its two floors.
    const exact = Number(calculateHealthFactor(10_000n, 7_000n, 8_000n, 8_300n)) / 1e18
    expect(seedHealthFactorFloat(10_000, 7_000, 0.8, 0.83)).toBeCloseTo(exact, 12)
  })
  it('rejects bad input', () => {
    expect(() => seedHealthFactorFloat(Number.NaN, 1, 0.8, 0.83)).toThrow(InvalidNumberError)
    expect(() => seedHealthFactorFloat(1, -1, 0.8, 0.83)).toThrow(NegativeValueError)
    expect(() => seedHealthFactorFloat(1, 1, 1.2, 0.83)).toThrow(OutOfRangeError)
    expect(() => seedHealthFactorFloat(1, 1, 0.8, Number.POSITIVE_INFINITY)).toThrow(InvalidNumberError)
    expect(() => seedHealthFactorFloat(Number.MAX_VALUE, 1e-300, 0.8, 1)).toThrow(InvalidNumberError)
  })
})
