import { InvalidNumberError } from '../errors.js'
import { finite } from './validate.js'

/**
 * A fixed-point number with 18 decimals held in a bigint (1.0 = 10n ** 18n), as in
 * Morpho Blue and Aave's WadRayMath. Signed values are allowed; rounding is always
 * explicit in the name of the function that rounds.
 *
 * @example
 * ```ts
 * const lt: Wad = wad(825_000_000_000_000_000n) // 0.825
 * wadToNumber(lt) // 0.825
 * ```
 */
export type Wad = bigint & { readonly __unit: 'Wad' }

/**
 * 1.0 as a Wad.
 *
 * @example
 * ```ts
 * wadToNumber(WAD) // 1
 * ```
 */
export const WAD = 1_000_000_000_000_000_000n as Wad

/**
 * Brands a raw 18-decimal bigint as a Wad.
 *
 * @example
 * ```ts
 * const lt = wad(825_000_000_000_000_000n) // 0.825
 * ```
 */
export function wad(value: bigint): Wad {
  if (typeof value !== 'bigint') throw new InvalidNumberError('wad', value)
  return value as Wad
}

/**
 * Converts a Wad to a float (for display and screening only; loses precision beyond 2^53).
 *
 * @example
 * ```ts
 * wadToNumber(wad(1_500_000_000_000_000_000n)) // 1.5
 * ```
 */
export function wadToNumber(value: Wad): number {
  const whole = value / WAD
  const frac = value % WAD
  return Number(whole) + Number(frac) / 1e18
}

/**
 * Converts a float to a Wad, rounding toward −∞ (down). For edges and tests; exact inputs
 * should be parsed from strings with `parseFractionWad`.
 *
 * @example
 * ```ts
 * wadFromNumber(0.825) // 825000000000000000n
 * ```
 */
export function wadFromNumber(value: number): Wad {
  finite('value', value)
  // The shortest decimal that round-trips the float (0.825 -> "0.825", not 0.82499999…).
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  const negative = m?.[1] === '-'
  const frac = m?.[3] ?? ''
  const digits = BigInt(`${m?.[2] ?? '0'}${frac}`)
  const scale = Number(m?.[4] ?? 0) - frac.length + 18
  let raw: bigint
  if (scale >= 0) raw = digits * 10n ** BigInt(scale)
  else {
    const div = 10n ** BigInt(-scale)
    raw = digits / div
    if (negative && digits % div !== 0n) raw += 1n
  }
  return (negative ? -raw : raw) as Wad
}
