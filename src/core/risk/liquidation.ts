import { InvalidNumberError, NegativeValueError, OutOfRangeError, XcollatError } from '../errors.js'
import { decimals } from '../units/amount.js'
import type { Bps } from '../units/bps.js'
import { nonNegative } from '../units/validate.js'
import { WAD, type Wad } from '../units/wad.js'

/**
 * Liquidation rules of Aave v3.3 (aave-dao/aave-v3-origin,
 * `src/contracts/protocol/libraries/logic/LiquidationLogic.sol`): the close factor, the dust rule and
 * the collateral seized for a repaid debt with the liquidation bonus.
 */

/**
 * Aave v3.3 `DEFAULT_LIQUIDATION_CLOSE_FACTOR` = 0.5e4: 50 % of the debt per liquidation.
 *
 * @example
 * ```ts
 * bpsToNumber(DEFAULT_LIQUIDATION_CLOSE_FACTOR) // 0.5
 * ```
 */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 5_000n as Bps

/**
 * The full close factor, 100 %.
 *
 * @example
 * ```ts
 * bpsToNumber(MAX_LIQUIDATION_CLOSE_FACTOR) // 1
 * ```
 */
export const MAX_LIQUIDATION_CLOSE_FACTOR = 10_000n as Bps

/**
 * Aave v3.3 `CLOSE_FACTOR_HF_THRESHOLD` = 0.95e18: at or below it the whole debt may be liquidated.
 *
 * @example
 * ```ts
 * wadToNumber(CLOSE_FACTOR_HF_THRESHOLD) // 0.95
 * ```
 */
export const CLOSE_FACTOR_HF_THRESHOLD = 950_000_000_000_000_000n as Wad

/**
 * Aave v3.3 `MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD` = 2000e8 (USD, 8 decimals): $2,000.
 *
 * @example
 * ```ts
 * collateralUsd >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD
 * ```
 */
export const MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD = 2_000

/**
 * Aave v3.3 `MIN_LEFTOVER_BASE` = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD / 2: $1,000.
 *
 * @example
 * ```ts
 * debtLeftUsd >= MIN_LEFTOVER_USD
 * ```
 */
export const MIN_LEFTOVER_USD = 1_000

/**
 * The position is not liquidatable (HF ≥ 1), so no liquidation rule applies. Code `XC_NOT_LIQUIDATABLE`.
 *
 * @example
 * ```ts
 * closeFactor({ healthFactor: WAD, collateralUsd: 5_000, debtUsd: 4_000 }) // throws NotLiquidatableError
 * ```
 */
export class NotLiquidatableError extends XcollatError {
  override name = 'NotLiquidatableError'
  constructor(healthFactor: bigint) {
    super(`A position with health factor ${healthFactor} (Wad) is not liquidatable.`, {
      code: 'XC_NOT_LIQUIDATABLE',
      instruction:
        'Apply liquidation rules only to positions with a health factor below 1 (below 1e18 as a Wad).',
    })
  }
}

/**
 * Parameters of `closeFactor`.
 *
 * @example
 * ```ts
 * const p: CloseFactorParameters = { healthFactor: 960_000_000_000_000_000n as Wad, collateralUsd: 5_000, debtUsd: 4_000 }
 * closeFactor(p) // 5000n
 * ```
 */
export type CloseFactorParameters = {
  /** The position's health factor as a Wad; must be below 1e18 (liquidatable). */
  readonly healthFactor: Wad
  /** Value of the position's collateral in the reserve being seized, in USD. */
  readonly collateralUsd: number
  /** Value of the position's debt in the reserve being repaid, in USD. */
  readonly debtUsd: number
}

/**
 * Aave v3.3's close factor: 50 % (`5000n`) when `HF > 0.95` **and** the reserve's collateral and debt are
 * both at least $2,000; otherwise 100 % (`10000n`). Source: `LiquidationLogic.executeLiquidationCall`,
 * `if (userReserveCollateralInBaseCurrency >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD &&
 * userReserveDebtInBaseCurrency >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD && healthFactor > CLOSE_FACTOR_HF_THRESHOLD)`.
 * (In Aave the 50 % applies to the position's total debt and caps the reserve's debt only when that
 * is larger; this returns the rule's percentage.)
 *
 * @throws NotLiquidatableError when HF ≥ 1; NegativeValueError / InvalidNumberError on bad input.
 * @example
 * ```ts
 * closeFactor({ healthFactor: 960_000_000_000_000_000n as Wad, collateralUsd: 5_000, debtUsd: 4_000 }) // 5000n
 * closeFactor({ healthFactor: 940_000_000_000_000_000n as Wad, collateralUsd: 5_000, debtUsd: 4_000 }) // 10000n
 * ```
 */
export function closeFactor(parameters: CloseFactorParameters): Bps {
  const hf = parameters.healthFactor
  if (typeof hf !== 'bigint') throw new InvalidNumberError('healthFactor', hf)
  if (hf < 0n) throw new NegativeValueError('healthFactor', hf)
  if (hf >= WAD) throw new NotLiquidatableError(hf)
  const collateralUsd = nonNegative('collateralUsd', parameters.collateralUsd)
  const debtUsd = nonNegative('debtUsd', parameters.debtUsd)
  return collateralUsd >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD &&
    debtUsd >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD &&
    hf > CLOSE_FACTOR_HF_THRESHOLD
    ? DEFAULT_LIQUIDATION_CLOSE_FACTOR
    : MAX_LIQUIDATION_CLOSE_FACTOR
}

/** Parameters of `leavesDust`: what remains of the reserve's debt and collateral after a liquidation, in USD. */
export type LeavesDustParameters = {
  readonly debtLeftUsd: number
  readonly collateralLeftUsd: number
}

/**
 * Aave v3.3's dust rule: a liquidation must repay all of the reserve's debt, or take all of its
 * collateral, or leave at least $1,000 (`MIN_LEFTOVER_BASE`) of **each**; otherwise it reverts with
 * `MUST_NOT_LEAVE_DUST` and the liquidator must take everything. Returns `true` when the liquidation
 * would leave dust (so it is not allowed as a partial liquidation).
 *
 * @example
 * ```ts
 * leavesDust({ debtLeftUsd: 500, collateralLeftUsd: 3_000 }) // true: repay all the debt instead
 * leavesDust({ debtLeftUsd: 0, collateralLeftUsd: 300 }) // false: the debt is cleared
 * leavesDust({ debtLeftUsd: 1_000, collateralLeftUsd: 1_500 }) // false
 * ```
 */
export function leavesDust(parameters: LeavesDustParameters): boolean {
  const debtLeftUsd = nonNegative('debtLeftUsd', parameters.debtLeftUsd)
  const collateralLeftUsd = nonNegative('collateralLeftUsd', parameters.collateralLeftUsd)
  if (debtLeftUsd === 0 || collateralLeftUsd === 0) return false
  return debtLeftUsd < MIN_LEFTOVER_USD || collateralLeftUsd < MIN_LEFTOVER_USD
}

/** Parameters of `seizedCollateral`. Both prices are raw and in the same units (one oracle, one base currency). */
export type SeizedCollateralParameters = {
  /** Raw amount of debt the liquidator offers to repay (already capped by the close factor). */
  readonly debtToCover: bigint
  readonly debtDecimals: number
  readonly debtPrice: bigint
  readonly collateralDecimals: number
  readonly collateralPrice: bigint
  /** Raw collateral balance of the borrower in this reserve. */
  readonly collateralBalance: bigint
  /** Aave's format: 100 % plus the bonus, 10_500n = a 5 % bonus. Must be 10_000n..20_000n. */
  readonly liquidationBonusBps: bigint
  /** Share of the bonus that goes to the protocol treasury (Aave `liquidationProtocolFee`), default 0. */
  readonly protocolFeeBps?: bigint
}

/** Result of `seizedCollateral` (all raw amounts). */
export type SeizedCollateralReturnType = {
  /** Collateral the liquidator receives (after the protocol fee). */
  readonly collateralToLiquidator: bigint
  /** Collateral taken by the protocol fee. */
  readonly protocolFee: bigint
  /** Debt actually repaid: `debtToCover`, or less when the collateral balance caps the seizure. */
  readonly debtRepaid: bigint
  /** Whether the collateral balance capped the seizure. */
  readonly capped: boolean
}

function raw(name: string, value: bigint): bigint {
  if (typeof value !== 'bigint') throw new InvalidNumberError(name, value)
  if (value < 0n) throw new NegativeValueError(name, value)
  return value
}

function ceilDivPositive(n: bigint, d: bigint): bigint {
  const q = n / d
  return q * d === n ? q : q + 1n
}

/**
 * Collateral seized for a repaid debt, with the liquidation bonus, after Aave v3.3's
 * `_calculateAvailableCollateralToLiquidate`:
 * `base = debtToCover · debtPrice · 10^cd / (collateralPrice · 10^dd)`,
 * `collateral = base · bonus / 10_000`; if that exceeds the balance, the whole balance is taken and the
 * debt recomputed: `debtRepaid = balance · collateralPrice · 10^dd · 10_000 / (debtPrice · 10^cd · bonus)`.
 * The protocol fee is `protocolFeeBps` of the bonus part `collateral − collateral · 10_000 / bonus`.
 * Rounding favours the protocol (the lender side): collateral out rounds down, debt repaid rounds up,
 * the fee's base part rounds up (so the bonus, and the fee on it, round down). Aave rounds its
 * `percentMul`/`percentDiv` half-up instead, so results can differ from on-chain by 1 wei.
 *
 * @example
 * ```ts
 * // Repay 1,000 USDC (6 dec, $1) against ETH (18 dec, $2,000), 5 % bonus -> 0.525 ETH
 * seizedCollateral({
 *   debtToCover: 1_000_000_000n, debtDecimals: 6, debtPrice: 1_00000000n,
 *   collateralDecimals: 18, collateralPrice: 2_000_00000000n, collateralBalance: 10n ** 19n,
 *   liquidationBonusBps: 10_500n,
 * }) // { collateralToLiquidator: 525_000_000_000_000_000n, protocolFee: 0n, debtRepaid: 1_000_000_000n, capped: false }
 * ```
 */
export function seizedCollateral(parameters: SeizedCollateralParameters): SeizedCollateralReturnType {
  const debtToCover = raw('debtToCover', parameters.debtToCover)
  const debtPrice = raw('debtPrice', parameters.debtPrice)
  const collateralPrice = raw('collateralPrice', parameters.collateralPrice)
  const balance = raw('collateralBalance', parameters.collateralBalance)
  const dd = decimals('debtDecimals', parameters.debtDecimals)
  const cd = decimals('collateralDecimals', parameters.collateralDecimals)
  const bonus = raw('liquidationBonusBps', parameters.liquidationBonusBps)
  if (bonus < 10_000n || bonus > 20_000n)
    throw new OutOfRangeError(
      'liquidationBonusBps',
      bonus,
      '10_000..20_000 (Aave format: 10_500 = 5 % bonus)',
    )
  const fee = raw('protocolFeeBps', parameters.protocolFeeBps ?? 0n)
  if (fee > 10_000n) throw new OutOfRangeError('protocolFeeBps', fee, '0..10_000')
  if (debtPrice === 0n) throw new OutOfRangeError('debtPrice', debtPrice, '(0, ∞)')
  if (collateralPrice === 0n) throw new OutOfRangeError('collateralPrice', collateralPrice, '(0, ∞)')
  const debtUnit = 10n ** BigInt(dd)
  const collateralUnit = 10n ** BigInt(cd)

  // max collateral = debt · dp · cu · bonus / (cp · du · 1e4), one floor (in favour of the protocol).
  const maxCollateral =
    (debtToCover * debtPrice * collateralUnit * bonus) / (collateralPrice * debtUnit * 10_000n)
  let collateral: bigint
  let debtRepaid: bigint
  let capped = false
  if (maxCollateral > balance) {
    collateral = balance
    // Strictly below debtToCover in exact arithmetic, so the ceiling never exceeds it.
    debtRepaid = ceilDivPositive(
      balance * collateralPrice * debtUnit * 10_000n,
      debtPrice * collateralUnit * bonus,
    )
    if (debtRepaid > debtToCover) debtRepaid = debtToCover
    capped = true
  } else {
    collateral = maxCollateral
    debtRepaid = debtToCover
  }
  let protocolFee = 0n
  if (fee !== 0n) {
    const bonusCollateral = collateral - ceilDivPositive(collateral * 10_000n, bonus)
    protocolFee = (bonusCollateral * fee) / 10_000n
  }
  return { collateralToLiquidator: collateral - protocolFee, protocolFee, debtRepaid, capped }
}
