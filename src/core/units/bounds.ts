import { OutOfRangeError } from '../errors.js'
import { finite, nonNegative } from './validate.js'

/**
 * Bounds shared by the configuration schema (src/config/schema.ts) and the library functions
 * that take the same quantities, so a value the config refuses is refused by the function too.
 * A bound is inclusive at both ends.
 *
 * @example
 * ```ts
 * BOUNDS.volatilityAnnual.max // 20: σ is a fraction per √year (0.8 for 80 %), 80 is a percent by mistake
 * ```
 */
export const BOUNDS = {
  /** Annualised volatility σ of log returns, a fraction per √year (0.8 for 80 %). */
  volatilityAnnual: { min: 0, max: 20, hint: 'a fraction per √year: 0.8 for 80 %' },
  /** A duration in seconds (at most about 317 years). */
  seconds: { min: 0, max: 1e10, hint: 'seconds' },
  /** An amount in USD. */
  usd: { min: 0, max: 1e15, hint: 'USD' },
} as const

/**
 * One entry of {@link BOUNDS}.
 *
 * @example
 * ```ts
 * const b: Bound = BOUNDS.seconds
 * ```
 */
export type Bound = { readonly min: number; readonly max: number; readonly hint: string }

/**
 * A finite number within a shared bound, else `OutOfRangeError` (code `XC_OUT_OF_RANGE`) naming
 * the bound and its unit (`NegativeValueError` below a lower bound of 0, `InvalidNumberError` for
 * NaN and ±∞).
 *
 * @example
 * ```ts
 * withinBound('sigmaAnnual', 0.8, BOUNDS.volatilityAnnual) // 0.8
 * withinBound('sigmaAnnual', 80, BOUNDS.volatilityAnnual) // throws OutOfRangeError
 * ```
 */
export function withinBound(name: string, value: number, bound: Bound): number {
  // below a lower bound of 0 stays a NegativeValueError, as everywhere else
  if (bound.min === 0) nonNegative(name, value)
  else finite(name, value)
  if (value < bound.min || value > bound.max)
    throw new OutOfRangeError(name, value, `[${bound.min}, ${bound.max}] (${bound.hint})`)
  return value
}
