import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidDecimalsError, InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import type { Wad } from '../units/wad.js'
import {
  CLOSE_FACTOR_HF_THRESHOLD,
  closeFactor,
  leavesDust,
  MIN_LEFTOVER_USD,
  NotLiquidatableError,
  type SeizedCollateralParameters,
  seizedCollateral,
} from './liquidation.js'

const hf = (x: bigint) => x as Wad
const E18 = 10n ** 18n

describe(closeFactor.name, () => {
  // Source of the rule: aave-dao/aave-v3-origin, LiquidationLogic.sol (v3.3):
  // CLOSE_FACTOR_HF_THRESHOLD = 0.95e18, MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000e8,
  // 50 % iff collateral >= $2000 && debt >= $2000 && HF > 0.95.
  it('follows Aave v3.3 on the golden vectors', () => {
    // HF 0.96, $5k collateral / $4k debt: all three conditions hold -> 50 %
    expect(
      closeFactor({ healthFactor: hf(960_000_000_000_000_000n), collateralUsd: 5_000, debtUsd: 4_000 }),
    ).toBe(5_000n)
    // HF 0.94 <= 0.95 -> 100 %
    expect(
      closeFactor({ healthFactor: hf(940_000_000_000_000_000n), collateralUsd: 5_000, debtUsd: 4_000 }),
    ).toBe(10_000n)
    // HF 0.99 but the debt is $1.5k < $2k -> 100 %
    expect(
      closeFactor({ healthFactor: hf(990_000_000_000_000_000n), collateralUsd: 5_000, debtUsd: 1_500 }),
    ).toBe(10_000n)
  })

  it('uses > for the HF threshold and >= for the $2000 thresholds, as the Solidity does', () => {
    expect(
      closeFactor({ healthFactor: CLOSE_FACTOR_HF_THRESHOLD, collateralUsd: 5_000, debtUsd: 5_000 }),
    ).toBe(10_000n)
    expect(
      closeFactor({ healthFactor: hf(CLOSE_FACTOR_HF_THRESHOLD + 1n), collateralUsd: 2_000, debtUsd: 2_000 }),
    ).toBe(5_000n)
    expect(
      closeFactor({ healthFactor: hf(960_000_000_000_000_000n), collateralUsd: 1_999.99, debtUsd: 5_000 }),
    ).toBe(10_000n)
  })

  it('is 5000n or 10000n for every liquidatable position', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: E18 - 1n }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        (h, c, d) => {
          const cf = closeFactor({ healthFactor: hf(h), collateralUsd: c, debtUsd: d })
          expect(cf === 5_000n || cf === 10_000n).toBe(true)
        },
      ),
    )
  })

  it('rejects a healthy position and bad input', () => {
    expect(() => closeFactor({ healthFactor: hf(E18), collateralUsd: 5_000, debtUsd: 4_000 })).toThrow(
      NotLiquidatableError,
    )
    expect(() => closeFactor({ healthFactor: hf(-1n), collateralUsd: 5_000, debtUsd: 4_000 })).toThrow(
      NegativeValueError,
    )
    expect(() =>
      closeFactor({ healthFactor: hf(E18 / 2n), collateralUsd: Number.NaN, debtUsd: 4_000 }),
    ).toThrow(InvalidNumberError)
    expect(() => closeFactor({ healthFactor: hf(E18 / 2n), collateralUsd: 5_000, debtUsd: -1 })).toThrow(
      NegativeValueError,
    )
    expect(() =>
      closeFactor({ healthFactor: 0.9 as unknown as Wad, collateralUsd: 5_000, debtUsd: 4_000 }),
    ).toThrow(InvalidNumberError)
  })
})

describe(leavesDust.name, () => {
  // Aave v3.3: a partial liquidation (debt and collateral both left) must leave >= MIN_LEFTOVER_BASE ($1000) of each.
  it('flags a partial liquidation that leaves less than $1000 of either side', () => {
    expect(MIN_LEFTOVER_USD).toBe(1_000)
    expect(leavesDust({ debtLeftUsd: 500, collateralLeftUsd: 3_000 })).toBe(true)
    expect(leavesDust({ debtLeftUsd: 3_000, collateralLeftUsd: 999.99 })).toBe(true)
    expect(leavesDust({ debtLeftUsd: 1_000, collateralLeftUsd: 1_000 })).toBe(false)
    expect(leavesDust({ debtLeftUsd: 0, collateralLeftUsd: 300 })).toBe(false) // debt cleared
    expect(leavesDust({ debtLeftUsd: 300, collateralLeftUsd: 0 })).toBe(false) // collateral all taken
  })
  it('rejects bad input', () => {
    expect(() => leavesDust({ debtLeftUsd: Number.NaN, collateralLeftUsd: 1 })).toThrow(InvalidNumberError)
    expect(() => leavesDust({ debtLeftUsd: 1, collateralLeftUsd: -1 })).toThrow(NegativeValueError)
  })
})

// A second implementation written from aave-v3-origin's `_calculateAvailableCollateralToLiquidate`
// (two-step, with PercentageMath's half-up percentMul/percentDiv), to bound our protocol-favouring rounding.
function aaveReference(p: SeizedCollateralParameters) {
  const percentMul = (v: bigint, pct: bigint) => (v * pct + 5_000n) / 10_000n
  const percentDiv = (v: bigint, pct: bigint) => (v * 10_000n + pct / 2n) / pct
  const du = 10n ** BigInt(p.debtDecimals)
  const cu = 10n ** BigInt(p.collateralDecimals)
  const base = (p.debtPrice * p.debtToCover * cu) / (p.collateralPrice * du)
  const max = percentMul(base, p.liquidationBonusBps)
  if (max > p.collateralBalance) {
    const debt = percentDiv(
      (p.collateralPrice * p.collateralBalance * du) / (p.debtPrice * cu),
      p.liquidationBonusBps,
    )
    return { collateral: p.collateralBalance, debt }
  }
  return { collateral: max, debt: p.debtToCover }
}

const ethForUsdc: SeizedCollateralParameters = {
  debtToCover: 1_000_000_000n, // 1,000 USDC
  debtDecimals: 6,
  debtPrice: 1_00000000n,
  collateralDecimals: 18,
  collateralPrice: 2_000_00000000n, // ETH at $2,000
  collateralBalance: 10n * E18,
  liquidationBonusBps: 10_500n,
}

describe(seizedCollateral.name, () => {
  it('seizes debt value plus the bonus in collateral', () => {
    // Hand: 1000 USDC / 2000 $/ETH = 0.5 ETH; · 1.05 = 0.525 ETH.
    expect(seizedCollateral(ethForUsdc)).toEqual({
      collateralToLiquidator: 525_000_000_000_000_000n,
      protocolFee: 0n,
      debtRepaid: 1_000_000_000n,
      capped: false,
    })
  })

  it('caps at the balance and recomputes the debt, rounded up', () => {
    // Hand: balance 0.1 ETH = $200; debt needed = 200 / 1.05 = 190.476190… USDC -> 190.476191 (ceil, 6 dec).
    expect(seizedCollateral({ ...ethForUsdc, collateralBalance: E18 / 10n })).toEqual({
      collateralToLiquidator: E18 / 10n,
      protocolFee: 0n,
      debtRepaid: 190_476_191n,
      capped: true,
    })
  })

  it('takes the protocol fee from the bonus part', () => {
    // Hand: 0.525 ETH = 0.5 base + 0.025 bonus; 10 % fee of the bonus = 0.0025 ETH; liquidator 0.5225 ETH.
    expect(seizedCollateral({ ...ethForUsdc, protocolFeeBps: 1_000n })).toEqual({
      collateralToLiquidator: 522_500_000_000_000_000n,
      protocolFee: 2_500_000_000_000_000n,
      debtRepaid: 1_000_000_000n,
      capped: false,
    })
  })

  const paramsArb = fc.record({
    debtToCover: fc.bigInt({ min: 0n, max: 10n ** 27n }),
    debtDecimals: fc.integer({ min: 0, max: 18 }),
    debtPrice: fc.bigInt({ min: 1n, max: 10n ** 14n }),
    collateralDecimals: fc.integer({ min: 0, max: 18 }),
    collateralPrice: fc.bigInt({ min: 1n, max: 10n ** 14n }),
    collateralBalance: fc.bigInt({ min: 0n, max: 10n ** 27n }),
    liquidationBonusBps: fc.bigInt({ min: 10_000n, max: 11_500n }),
  })

  it('never takes more than the balance, never repays more than offered, never over-pays the bonus', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const r = seizedCollateral(p)
        expect(r.collateralToLiquidator + r.protocolFee <= p.collateralBalance).toBe(true)
        expect(r.debtRepaid <= p.debtToCover).toBe(true)
        // value seized <= value repaid · bonus (exact rational comparison, cross-multiplied)
        const du = 10n ** BigInt(p.debtDecimals)
        const cu = 10n ** BigInt(p.collateralDecimals)
        const seizedValue = (r.collateralToLiquidator + r.protocolFee) * p.collateralPrice * du * 10_000n
        const repaidValue = r.debtRepaid * p.debtPrice * cu * p.liquidationBonusBps
        expect(seizedValue <= repaidValue).toBe(true)
      }),
    )
  })

  it('agrees with Aave v3.3 (half-up rounding) within 2 wei of collateral and of debt', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const ours = seizedCollateral(p)
        const aave = aaveReference(p)
        const dc = ours.collateralToLiquidator - aave.collateral
        expect(dc <= 0n ? -dc <= 2n : dc <= 2n).toBe(true)
        if (ours.capped) {
          // Y = exact debt needed. Ours = ceil(Y); Aave = halfUp(Y − δ) with δ in [0, 10_000/bonus] ⊂ [0, 1]
          // (its inner floor), so 0 <= ours − Aave <= 2.
          const dd = ours.debtRepaid - aave.debt
          expect(dd >= 0n && dd <= 2n).toBe(true)
        } else expect(ours.debtRepaid).toBe(aave.debt)
      }),
    )
  })

  it('rejects bad input', () => {
    expect(() => seizedCollateral({ ...ethForUsdc, debtToCover: -1n })).toThrow(NegativeValueError)
    expect(() => seizedCollateral({ ...ethForUsdc, liquidationBonusBps: 500n })).toThrow(OutOfRangeError)
    expect(() => seizedCollateral({ ...ethForUsdc, protocolFeeBps: 10_001n })).toThrow(OutOfRangeError)
    expect(() => seizedCollateral({ ...ethForUsdc, collateralPrice: 0n })).toThrow(OutOfRangeError)
    expect(() => seizedCollateral({ ...ethForUsdc, debtDecimals: 37 })).toThrow(InvalidDecimalsError)
  })
})
