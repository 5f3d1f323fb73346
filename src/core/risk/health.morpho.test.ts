// Agreement of our exact health factor with Morpho Blue's SDK (a second, independent implementation;
// a dev dependency, imported only here in a test). The formulas coincide when the debt is an 18-decimal
// loan token valued at exactly 1 (price 1, 0 decimals) and the collateral price is expressed at Morpho's
// scale: ORACLE_PRICE_SCALE (1e36) · 10^(loanDecimals − collateralDecimals) per unit of our price:
//   Morpho: wDivDown(wMulDown(mulDivDown(collateral, price, 1e36), lltv), borrowAssets)
//   ours:   floor(floor(floor(amount · price · 1e18 / 10^(d + pd)) · lt / 1e4) · 1e18 / debt)
// with lltv = lt · 1e14, both round down at the same three places.
import { MarketUtils } from '@morpho-org/blue-sdk'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HealthFactor, healthFactor } from './health.js'

const MAX_UINT_256 = (1n << 256n) - 1n

describe(`${healthFactor.name} against @morpho-org/blue-sdk`, () => {
  it('equals MarketUtils.getHealthFactor bit for bit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }), // collateral raw amount
        fc.integer({ min: 0, max: 18 }), // collateral decimals
        fc.bigInt({ min: 0n, max: 10n ** 15n }), // collateral price raw
        fc.integer({ min: 0, max: 18 }), // price decimals
        fc.bigInt({ min: 0n, max: 10_000n }), // LT in bps
        fc.bigInt({ min: 0n, max: 10n ** 30n }), // debt raw (18 decimals, $1)
        (amount, decimals, price, priceDecimals, lt, debt) => {
          const ours = healthFactor({
            collaterals: [{ amount, decimals, price, priceDecimals, liquidationThresholdBps: lt }],
            debts: [{ amount: debt, decimals: 18, price: 1n, priceDecimals: 0 }],
          })
          // toBorrowAssets(shares) = ceil(shares · (A + 1) / (S + 1e6)) = shares / 1e6 with S = A · 1e6.
          const theirs = MarketUtils.getHealthFactor(
            { collateral: amount, borrowShares: debt * 1_000_000n },
            {
              totalBorrowAssets: 10n ** 30n,
              totalBorrowShares: 10n ** 36n,
              price: price * 10n ** BigInt(36 + 18 - decimals - priceDecimals),
            },
            { lltv: lt * 10n ** 14n },
          )
          if (ours === HealthFactor.INFINITE) expect(theirs).toBe(MAX_UINT_256)
          else expect(ours).toBe(theirs)
        },
      ),
    )
  })
})
