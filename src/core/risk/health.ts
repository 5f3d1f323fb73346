import { InvalidNumberError, NegativeValueError, OutOfRangeError, XcollatError } from '../errors.js'
import { decimals, MAX_DECIMALS } from '../units/amount.js'
import { nonNegative, unitInterval } from '../units/validate.js'
import { WAD, type Wad } from '../units/wad.js'

/**
 * Exact health factor, max borrow and liquidation price, in bigint with rounding against the
 * borrower (Aave v3 `GenericLogic.calculateUserAccountData`, Morpho Blue `_isHealthy`):
 *
 * - each collateral value rounds **down**: `floor(amount · price · 1e18 / 10^(decimals + priceDecimals))`,
 *   then its liquidation-threshold share rounds down again: `floor(value · ltBps / 10_000)`;
 * - each debt value rounds **up**: `ceil(amount · price · 1e18 / 10^(decimals + priceDecimals))`;
 * - `HF = floor(Σ weightedCollateral · 1e18 / Σ debt)` (a Wad).
 *
 * Values are in the quote currency of the prices (USD for USD feeds) held as Wad (18 decimals).
 * All prices of one call must share one quote currency.
 */

const INFINITE: unique symbol = Symbol.for('xcollat.HealthFactor.INFINITE')

/**
 * Named values of the health factor. `HealthFactor.INFINITE` is what a position without debt has:
 * a unique symbol, never −1 (Aave's math-utils returns −1, so a naive `hf < 1` flags every
 * debt-free user) and never `MaxUint256`. Test it with `hf === HealthFactor.INFINITE` or
 * `isInfiniteHealthFactor(hf)`; TypeScript narrows the union to `Wad` afterwards.
 *
 * @example
 * ```ts
 * const hf = healthFactor({ collaterals: [], debts: [] })
 * const label = hf === HealthFactor.INFINITE ? 'no debt' : wadToNumber(hf).toFixed(4)
 * ```
 */
export const HealthFactor = { INFINITE } as const

/**
 * The type of `HealthFactor.INFINITE`.
 *
 * @example
 * ```ts
 * const none: InfiniteHealthFactor = HealthFactor.INFINITE
 * ```
 */
export type InfiniteHealthFactor = typeof HealthFactor.INFINITE

/**
 * A health factor: a Wad (1.0 = 1e18) or `HealthFactor.INFINITE` when there is no debt.
 *
 * @example
 * ```ts
 * const hf: HealthFactorValue = healthFactor(p)
 * const label = hf === HealthFactor.INFINITE ? 'no debt' : wadToNumber(hf).toFixed(4)
 * ```
 */
export type HealthFactorValue = Wad | InfiniteHealthFactor

/**
 * Whether a health factor is `HealthFactor.INFINITE` (no debt).
 *
 * @example
 * ```ts
 * isInfiniteHealthFactor(HealthFactor.INFINITE) // true
 * isInfiniteHealthFactor(WAD) // false
 * ```
 */
export function isInfiniteHealthFactor(value: HealthFactorValue): value is InfiniteHealthFactor {
  return value === INFINITE
}

/**
 * A debt was given a zero price, so it cannot be valued. Code `XC_ZERO_DEBT_PRICE`.
 *
 * @example
 * ```ts
 * healthFactor({ collaterals: [], debts: [{ amount: 1n, decimals: 6, price: 0n, priceDecimals: 8 }] })
 * // throws ZeroDebtPriceError (code 'XC_ZERO_DEBT_PRICE')
 * ```
 */
export class ZeroDebtPriceError extends XcollatError {
  override name = 'ZeroDebtPriceError'
  constructor(index: number, what = `debts[${index}]`) {
    super(`${what} has a non-zero amount but a price of zero.`, {
      code: 'XC_ZERO_DEBT_PRICE',
      instruction:
        'Pass the oracle price of the debt asset; a zero price means the feed is broken, so do not use it.',
    })
  }
}

/**
 * A liquidation price was asked for a position whose collateral counts for nothing. Code `XC_NO_COLLATERAL_POWER`.
 *
 * @example
 * ```ts
 * liquidationPrice({
 *   collateral: { amount: 0n, decimals: 18, priceDecimals: 8, liquidationThresholdBps: 8_000n },
 *   debts: [{ amount: 1n, decimals: 0, price: 1n, priceDecimals: 0 }],
 * }) // throws NoCollateralPowerError
 * ```
 */
export class NoCollateralPowerError extends XcollatError {
  override name = 'NoCollateralPowerError'
  constructor() {
    super(
      'The collateral amount or its liquidation threshold is zero, so the debt is liquidatable at any price.',
      {
        code: 'XC_NO_COLLATERAL_POWER',
        instruction: 'Add collateral with a non-zero liquidation threshold, or repay the debt.',
      },
    )
  }
}

/**
 * One collateral asset of a position: raw amount and oracle price, each with its decimals.
 *
 * @example
 * ```ts
 * // 1 ETH at $3,000 (Chainlink, 8 decimals), LT 82.5 %
 * const eth: CollateralInput = { amount: 10n ** 18n, decimals: 18, price: 3_000_00000000n, priceDecimals: 8, liquidationThresholdBps: 8_250n }
 * ```
 */
export type CollateralInput = {
  /** Raw token amount (e.g. 1 ETH = 10n ** 18n). */
  readonly amount: bigint
  /** Token decimals, 0..36. */
  readonly decimals: number
  /** Raw oracle price in the quote currency (Chainlink ETH/USD $3000 = 300_000_000_000n with 8 decimals). */
  readonly price: bigint
  /** Oracle decimals, 0..36. */
  readonly priceDecimals: number
  /** Liquidation threshold in basis points, 0..10_000 (82.5 % = 8_250n). */
  readonly liquidationThresholdBps: bigint
}

/**
 * One debt asset of a position.
 *
 * @example
 * ```ts
 * // 2,000 USDC at $1.00000000
 * const usdc: DebtInput = { amount: 2_000_000_000n, decimals: 6, price: 1_00000000n, priceDecimals: 8 }
 * ```
 */
export type DebtInput = {
  readonly amount: bigint
  readonly decimals: number
  readonly price: bigint
  readonly priceDecimals: number
}

/**
 * Parameters of `healthFactor`.
 *
 * @example
 * ```ts
 * const p: HealthFactorParameters = {
 *   collaterals: [{ amount: 10n ** 18n, decimals: 18, price: 3_000_00000000n, priceDecimals: 8, liquidationThresholdBps: 8_300n }],
 *   debts: [{ amount: 2_000_000_000n, decimals: 6, price: 1_00000000n, priceDecimals: 8 }],
 * }
 * healthFactor(p) // 1.245e18
 * ```
 */
export type HealthFactorParameters = {
  readonly collaterals: readonly CollateralInput[]
  readonly debts: readonly DebtInput[]
}

// 10^0 .. 10^(2·MAX_DECIMALS): decimals + priceDecimals can reach 72.
const POW10: readonly bigint[] = Array.from({ length: 2 * MAX_DECIMALS + 1 }, (_, i) => 10n ** BigInt(i))

function rawBigint(name: string, value: bigint): bigint {
  if (typeof value !== 'bigint') throw new InvalidNumberError(name, value)
  if (value < 0n) throw new NegativeValueError(name, value)
  return value
}

function bpsAtMost(name: string, value: bigint, max: bigint): bigint {
  rawBigint(name, value)
  if (value > max) throw new OutOfRangeError(name, value, `0..${max} bps`)
  return value
}

// Hot-path validation: the field name (a template string) is built only when a check fails.
function rawAt(list: string, i: number, field: string, value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n) rawBigint(`${list}[${i}].${field}`, value)
  return value
}

function decimalsAt(list: string, i: number, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DECIMALS) decimals(`${list}[${i}].${field}`, value)
  return value
}

function bpsAt(list: string, i: number, field: string, value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > 10_000n)
    bpsAtMost(`${list}[${i}].${field}`, value, 10_000n)
  return value
}

/** `amount · price · 1e18 / 10^(d + pd)`, rounded down (non-negative inputs). */
function valueWadDown(amount: bigint, tokenDecimals: number, price: bigint, priceDecimals: number): bigint {
  const scale = tokenDecimals + priceDecimals
  if (scale <= 18) return amount * price * (POW10[18 - scale] as bigint)
  return (amount * price) / (POW10[scale - 18] as bigint)
}

/** `amount · price · 1e18 / 10^(d + pd)`, rounded up (non-negative inputs). */
function valueWadUp(amount: bigint, tokenDecimals: number, price: bigint, priceDecimals: number): bigint {
  const scale = tokenDecimals + priceDecimals
  if (scale <= 18) return amount * price * (POW10[18 - scale] as bigint)
  const d = POW10[scale - 18] as bigint
  const n = amount * price
  const q = n / d
  return q * d === n ? q : q + 1n
}

function weightedCollateralWad(collaterals: readonly CollateralInput[]): bigint {
  let total = 0n
  for (let i = 0; i < collaterals.length; i++) {
    const c = collaterals[i] as CollateralInput
    const a = rawAt('collaterals', i, 'amount', c.amount)
    const p = rawAt('collaterals', i, 'price', c.price)
    const d = decimalsAt('collaterals', i, 'decimals', c.decimals)
    const pd = decimalsAt('collaterals', i, 'priceDecimals', c.priceDecimals)
    const lt = bpsAt('collaterals', i, 'liquidationThresholdBps', c.liquidationThresholdBps)
    total += (valueWadDown(a, d, p, pd) * lt) / 10_000n
  }
  return total
}

function debtWad(debts: readonly DebtInput[]): bigint {
  let total = 0n
  for (let i = 0; i < debts.length; i++) {
    const b = debts[i] as DebtInput
    const a = rawAt('debts', i, 'amount', b.amount)
    const p = rawAt('debts', i, 'price', b.price)
    const d = decimalsAt('debts', i, 'decimals', b.decimals)
    const pd = decimalsAt('debts', i, 'priceDecimals', b.priceDecimals)
    if (a > 0n && p === 0n) throw new ZeroDebtPriceError(i)
    total += valueWadUp(a, d, p, pd)
  }
  return total
}

function checkList(name: string, value: unknown): void {
  if (!Array.isArray(value)) throw new InvalidNumberError(name, 'not an array')
}

/**
 * The total debt value of a position in Wad of the quote currency, each debt rounded up.
 *
 * @example
 * ```ts
 * // 7,000 USDC (6 decimals) at $1.00000000 (8 decimals) -> 7000e18
 * debtValueWad([{ amount: 7_000_000_000n, decimals: 6, price: 100_000_000n, priceDecimals: 8 }])
 * ```
 */
export function debtValueWad(debts: readonly DebtInput[]): Wad {
  checkList('debts', debts)
  return debtWad(debts) as Wad
}

/**
 * The liquidation-threshold-weighted collateral value in Wad of the quote currency:
 * `Σ floor(floor(value_i) · lt_i / 10_000)` (each step rounded down).
 *
 * @example
 * ```ts
 * // 10,000 USD of collateral at LT 83 % -> 8300e18
 * weightedCollateralValueWad([{ amount: 10_000n, decimals: 0, price: 1n, priceDecimals: 0, liquidationThresholdBps: 8_300n }])
 * ```
 */
export function weightedCollateralValueWad(collaterals: readonly CollateralInput[]): Wad {
  checkList('collaterals', collaterals)
  return weightedCollateralWad(collaterals) as Wad
}

/**
 * The exact health factor of a position: `floor(Σ floor(floor(value_i) · LT_i) · 1e18 / Σ ceil(debt_j))`,
 * or `HealthFactor.INFINITE` exactly when there is no debt (empty list or every debt amount zero).
 * A position is liquidatable when `hf < WAD` (Aave: `HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1e18`).
 *
 * @throws InvalidNumberError, NegativeValueError, InvalidDecimalsError, OutOfRangeError (LT > 10_000 bps),
 *   ZeroDebtPriceError (a debt with an amount but a zero price).
 * @example
 * ```ts
 * const hf = healthFactor({
 *   collaterals: [{ amount: 10n ** 18n, decimals: 18, price: 3_000_00000000n, priceDecimals: 8, liquidationThresholdBps: 8_300n }],
 *   debts: [{ amount: 2_000_000_000n, decimals: 6, price: 1_00000000n, priceDecimals: 8 }],
 * })
 * // hf === 1_245_000_000_000_000_000n (3000 · 0.83 / 2000)
 * ```
 */
export function healthFactor(parameters: HealthFactorParameters): HealthFactorValue {
  checkList('collaterals', parameters.collaterals)
  checkList('debts', parameters.debts)
  const debt = debtWad(parameters.debts)
  const weighted = weightedCollateralWad(parameters.collaterals)
  if (debt === 0n) return INFINITE
  return ((weighted * WAD) / debt) as Wad
}

/** One collateral asset for `maxBorrow`: as `CollateralInput` but with the loan-to-value instead of the LT. */
export type BorrowCollateralInput = {
  readonly amount: bigint
  readonly decimals: number
  readonly price: bigint
  readonly priceDecimals: number
  /** Maximum loan-to-value in basis points, 0..10_000. */
  readonly ltvBps: bigint
}

/** Parameters of `maxBorrow`. */
export type MaxBorrowParameters = {
  readonly collaterals: readonly BorrowCollateralInput[]
  readonly debts: readonly DebtInput[]
}

/**
 * How much more value (Wad of the quote currency) the position may borrow under its LTVs:
 * `max(0, Σ floor(floor(value_i) · LTV_i / 10_000) − Σ ceil(debt_j))`, rounded down
 * (Aave `availableBorrowsBase`; Morpho `getMaxBorrowableAssets` with LLTV in place of LTV).
 *
 * @example
 * ```ts
 * // $10,000 of collateral at LTV 80 %, $7,000 debt -> $1,000 more
 * maxBorrow({
 *   collaterals: [{ amount: 10_000n, decimals: 0, price: 1n, priceDecimals: 0, ltvBps: 8_000n }],
 *   debts: [{ amount: 7_000n, decimals: 0, price: 1n, priceDecimals: 0 }],
 * }) // 1000n * 10n ** 18n
 * ```
 */
export function maxBorrow(parameters: MaxBorrowParameters): Wad {
  checkList('collaterals', parameters.collaterals)
  checkList('debts', parameters.debts)
  let capacity = 0n
  for (let i = 0; i < parameters.collaterals.length; i++) {
    const c = parameters.collaterals[i] as BorrowCollateralInput
    const a = rawAt('collaterals', i, 'amount', c.amount)
    const p = rawAt('collaterals', i, 'price', c.price)
    const d = decimalsAt('collaterals', i, 'decimals', c.decimals)
    const pd = decimalsAt('collaterals', i, 'priceDecimals', c.priceDecimals)
    const ltv = bpsAt('collaterals', i, 'ltvBps', c.ltvBps)
    capacity += (valueWadDown(a, d, p, pd) * ltv) / 10_000n
  }
  const debt = debtWad(parameters.debts)
  return (capacity > debt ? capacity - debt : 0n) as Wad
}

/** Parameters of `liquidationPrice`: one collateral (its price is the unknown) and any debts. */
export type LiquidationPriceParameters = {
  readonly collateral: {
    readonly amount: bigint
    readonly decimals: number
    /** Decimals of the price to return. */
    readonly priceDecimals: number
    readonly liquidationThresholdBps: bigint
  }
  readonly debts: readonly DebtInput[]
}

/**
 * The collateral price (raw, with `collateral.priceDecimals`) at which a single-collateral position
 * reaches HF = 1, debts held at their prices: `ceil(debtWad · 10^(d + pd) · 10_000 / (amount · LT · 1e18))`.
 * Rounded up, so it is conservative: at any price strictly below it the position is liquidatable.
 * Returns `null` when there is no debt (no price liquidates a debt-free position).
 *
 * @throws NoCollateralPowerError when there is debt but the amount or the LT is zero; and the input
 *   errors of `healthFactor`.
 * @example
 * ```ts
 * // 2 ETH at LT 80 % against $3,000 of debt -> $1,875.00000000 (8 decimals)
 * liquidationPrice({
 *   collateral: { amount: 2n * 10n ** 18n, decimals: 18, priceDecimals: 8, liquidationThresholdBps: 8_000n },
 *   debts: [{ amount: 3_000n, decimals: 0, price: 1n, priceDecimals: 0 }],
 * }) // 187_500_000_000n
 * ```
 */
export function liquidationPrice(parameters: LiquidationPriceParameters): bigint | null {
  checkList('debts', parameters.debts)
  const c = parameters.collateral
  const a = rawBigint('collateral.amount', c.amount)
  const d = decimals('collateral.decimals', c.decimals)
  const pd = decimals('collateral.priceDecimals', c.priceDecimals)
  const lt = bpsAtMost('collateral.liquidationThresholdBps', c.liquidationThresholdBps, 10_000n)
  const debt = debtWad(parameters.debts)
  if (debt === 0n) return null
  if (a === 0n || lt === 0n) throw new NoCollateralPowerError()
  const n = debt * (POW10[d + pd] as bigint) * 10_000n
  const den = a * lt * WAD
  const q = n / den
  return q * den === n ? q : q + 1n
}

const UINT256_MAX = (1n << 256n) - 1n

/**
 * A checked uint256 operation of the seed's Solidity overflowed (Solidity ≥ 0.8 reverts with
 * `Panic(0x11)`). Code `XC_UINT256_OVERFLOW`.
 *
 * @example
 * ```ts
 * calculateHealthFactor((1n << 255n), 1n, 7_500n, 8_000n) // throws Uint256OverflowError
 * ```
 */
export class Uint256OverflowError extends XcollatError {
  override name = 'Uint256OverflowError'
  constructor(what: string) {
    super(`${what} exceeds 2^256 − 1, so the contract would revert (Panic 0x11).`, {
      code: 'XC_UINT256_OVERFLOW',
      instruction: 'Pass values a uint256 contract can multiply: collateralValue below 2^256 / 10_000.',
    })
  }
}

function uint256(name: string, value: bigint): bigint {
  if (typeof value !== 'bigint') throw new InvalidNumberError(name, value)
  if (value < 0n) throw new NegativeValueError(name, value)
  if (value > UINT256_MAX) throw new OutOfRangeError(name, value, '0..2^256 − 1 (uint256)')
  return value
}

function checkedMul(what: string, a: bigint, b: bigint): bigint {
  const p = a * b
  if (p > UINT256_MAX) throw new Uint256OverflowError(what)
  return p
}

/**
 * `type(uint256).max`, what the seed's `calculateHealthFactor` returns without debt.
 *
 * @example
 * ```ts
 * calculateHealthFactor(1n, 0n, 7_500n, 8_000n) === SEED_NO_DEBT_HEALTH_FACTOR // true
 * ```
 */
export const SEED_NO_DEBT_HEALTH_FACTOR: bigint = UINT256_MAX

/**
 * The seed's `calculateHealthFactor(uint256 collateralValue, uint256 debtValue, uint256
 * collateralFactor, uint256 liquidationThreshold) returns (uint256)`, exactly as written in the
 * seed (../seeds/002, Step 3), in checked uint256 arithmetic:
 *
 * ```solidity
 * if (debtValue == 0) return type(uint256).max;
 * uint256 maxBorrow = (collateralValue * collateralFactor) / 10000;        // computed, unused
 * uint256 liquidationLimit = (collateralValue * liquidationThreshold) / 10000;
 * healthFactor = (liquidationLimit * 1e18) / debtValue;
 * ```
 *
 * Factors are in basis points (7500 = 75 %); values in any one unit; the result is a Wad
 * (1e18 = 1.0), rounded down at each division as Solidity does. `maxBorrow` does not enter the
 * result, but its multiplication is checked, so an input that would overflow it reverts here too
 * (a faithful port). For the position maths the engine uses, see {@link healthFactor}.
 *
 * @throws InvalidNumberError (not a bigint), NegativeValueError, OutOfRangeError (above uint256),
 *   Uint256OverflowError (a product above 2^256 − 1).
 * @example
 * ```ts
 * calculateHealthFactor(10_000n, 7_000n, 7_500n, 8_000n) // 8000 · 1e18 / 7000 = 1_142_857_142_857_142_857n
 * calculateHealthFactor(10_000n, 0n, 7_500n, 8_000n) // 2n ** 256n - 1n
 * ```
 */
export function calculateHealthFactor(
  collateralValue: bigint,
  debtValue: bigint,
  collateralFactor: bigint,
  liquidationThreshold: bigint,
): bigint {
  const c = uint256('collateralValue', collateralValue)
  const d = uint256('debtValue', debtValue)
  const cf = uint256('collateralFactor', collateralFactor)
  const lt = uint256('liquidationThreshold', liquidationThreshold)
  if (d === 0n) return UINT256_MAX
  checkedMul('collateralValue · collateralFactor (maxBorrow)', c, cf)
  const liquidationLimit = checkedMul('collateralValue · liquidationThreshold', c, lt) / 10_000n
  return checkedMul('liquidationLimit · 1e18', liquidationLimit, WAD) / d
}

/**
 * The seed's health factor in floats, `collateralValue · liquidationThreshold / debtValue`, with
 * the thresholds as fractions, and `HealthFactor.INFINITE` when `debtValue` is 0. The collateral
 * factor is validated and, as in the seed, does not enter the result. For screening and charts;
 * {@link calculateHealthFactor} is the exact seed function.
 *
 * @example
 * ```ts
 * seedHealthFactorFloat(10_000, 7_000, 0.8, 0.83) // 1.1857142857142857
 * ```
 */
export function seedHealthFactorFloat(
  collateralValue: number,
  debtValue: number,
  collateralFactor: number,
  liquidationThreshold: number,
): number | InfiniteHealthFactor {
  nonNegative('collateralValue', collateralValue)
  nonNegative('debtValue', debtValue)
  unitInterval('collateralFactor', collateralFactor)
  unitInterval('liquidationThreshold', liquidationThreshold)
  if (debtValue === 0) return INFINITE
  const hf = (collateralValue * liquidationThreshold) / debtValue
  if (!Number.isFinite(hf)) throw new InvalidNumberError('healthFactor', hf)
  return hf
}
