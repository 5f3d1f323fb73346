import { InvalidDecimalsError } from '../errors.js'
import { nonNegativeBigint } from './validate.js'

/**
 * Largest number of decimals a token or feed may declare.
 *
 * @example
 * ```ts
 * decimals('priceDecimals', MAX_DECIMALS) // 36; 37 throws InvalidDecimalsError
 * ```
 */
export const MAX_DECIMALS = 36

/**
 * Validates token or oracle decimals: an integer in 0..36.
 *
 * @example
 * ```ts
 * decimals('priceDecimals', 8) // 8
 * ```
 */
export function decimals(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DECIMALS)
    throw new InvalidDecimalsError(name, value)
  return value
}

/**
 * A token amount: the raw on-chain integer and the token's decimals.
 *
 * @example
 * ```ts
 * const oneEth = amount(10n ** 18n, 18)
 * amountToNumber(oneEth) // 1
 * ```
 */
export type Amount = { readonly raw: bigint; readonly decimals: number }

/**
 * Builds an Amount, rejecting negative raw values and decimals outside 0..36.
 *
 * @example
 * ```ts
 * const usdc = amount(1_500_000n, 6) // 1.5 USDC: { raw: 1500000n, decimals: 6 }
 * ```
 */
export function amount(raw: bigint, tokenDecimals: number): Amount {
  return { raw: nonNegativeBigint('amount', raw), decimals: decimals('decimals', tokenDecimals) }
}

/**
 * An Amount as a float in whole tokens (display and screening only).
 *
 * @example
 * ```ts
 * amountToNumber(amount(1_500_000n, 6)) // 1.5
 * ```
 */
export function amountToNumber(value: Amount): number {
  return Number(value.raw) / 10 ** value.decimals
}
