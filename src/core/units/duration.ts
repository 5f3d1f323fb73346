import { nonNegative } from './validate.js'

/**
 * A duration in seconds. Horizons, delays, heartbeats and windows are all seconds in the
 * core; years are always 365 days (`SECONDS_PER_YEAR`), as in the model's annualisation.
 *
 * @example
 * ```ts
 * const delay = seconds(30 * 60)
 * secondsToYears(delay) // 5.707762557077626e-5
 * ```
 */
export type Seconds = number & { readonly __unit: 'Seconds' }

/**
 * 365 days of 86 400 s.
 *
 * @example
 * ```ts
 * SECONDS_PER_YEAR // 31536000
 * ```
 */
export const SECONDS_PER_YEAR = 365 * 86_400
/**
 * One day in seconds.
 *
 * @example
 * ```ts
 * 7 * SECONDS_PER_DAY // 604800
 * ```
 */
export const SECONDS_PER_DAY = 86_400

/**
 * Brands a finite, non-negative number of seconds.
 *
 * @example
 * ```ts
 * const exit = seconds(7 * SECONDS_PER_DAY) // 604800
 * ```
 */
export function seconds(value: number): Seconds {
  return nonNegative('seconds', value) as Seconds
}

/**
 * Seconds as years of 365 days.
 *
 * @example
 * ```ts
 * secondsToYears(SECONDS_PER_YEAR / 2) // 0.5
 * ```
 */
export function secondsToYears(value: number): number {
  return nonNegative('seconds', value) / SECONDS_PER_YEAR
}
