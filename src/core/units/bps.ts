import { OutOfRangeError } from '../errors.js'
import { finite, nonNegativeBigint } from './validate.js'

/**
 * Basis points held in a bigint: 10_000n = 100 %. Non-negative; values above 10_000n are
 * allowed where a protocol uses them (Aave stores a 5 % bonus as 10_500n).
 *
 * @example
 * ```ts
 * const lt = bps(8_250n) // 82.5 %
 * bpsToNumber(lt) // 0.825
 * ```
 */
export type Bps = bigint & { readonly __unit: 'Bps' }

/**
 * 100 % in basis points.
 *
 * @example
 * ```ts
 * bpsToNumber(BPS) // 1
 * ```
 */
export const BPS = 10_000n as Bps

/**
 * Brands a non-negative bigint as basis points.
 *
 * @example
 * ```ts
 * const lt = bps(8_250n) // 82.5 %
 * ```
 */
export function bps(value: bigint): Bps {
  return nonNegativeBigint('bps', value) as Bps
}

/**
 * Basis points as a fraction (8250n -> 0.825).
 *
 * @example
 * ```ts
 * bpsToNumber(bps(8_250n)) // 0.825
 * ```
 */
export function bpsToNumber(value: Bps): number {
  return Number(value) / 10_000
}

/**
 * A fraction as basis points, rounded down (0.82509 -> 8250n). Rejects negative and non-finite input.
 *
 * @example
 * ```ts
 * bpsFromFraction(0.82509) // 8250n
 * ```
 */
export function bpsFromFraction(fraction: number): Bps {
  finite('fraction', fraction)
  if (fraction < 0) throw new OutOfRangeError('fraction', fraction, '[0, ∞)')
  // Nudge by a relative epsilon so that 0.825 (=0.82499999…) gives 8250, not 8249.
  return BigInt(Math.floor(fraction * 10_000 * (1 + 1e-12))) as Bps
}
