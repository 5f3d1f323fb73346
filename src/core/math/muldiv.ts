import { DivisionByZeroError, InvalidNumberError } from '../errors.js'
import { WAD, type Wad } from '../units/wad.js'

function check(a: bigint, b: bigint, d: bigint, op: string): void {
  if (typeof a !== 'bigint' || typeof b !== 'bigint' || typeof d !== 'bigint')
    throw new InvalidNumberError(op, 'non-bigint')
  if (d === 0n) throw new DivisionByZeroError(op)
}

/**
 * `floor(a / b)` for signed bigints (bigint `/` truncates toward zero, which rounds
 * negative results up).
 *
 * @example
 * ```ts
 * floorDiv(-7n, 2n) // -4n
 * ```
 */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new DivisionByZeroError('floorDiv')
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/**
 * `ceil(a / b)` for signed bigints.
 *
 * @example
 * ```ts
 * ceilDiv(7n, 2n) // 4n
 * ```
 */
export function ceilDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new DivisionByZeroError('ceilDiv')
  const q = a / b
  return a % b !== 0n && a < 0n === b < 0n ? q + 1n : q
}

/**
 * `floor(a · b / d)`, exact for any sizes (bigint has no overflow) and any signs.
 *
 * @example
 * ```ts
 * mulDivDown(10n, 1n, 3n) // 3n
 * ```
 */
export function mulDivDown(a: bigint, b: bigint, d: bigint): bigint {
  check(a, b, d, 'mulDivDown')
  return floorDiv(a * b, d)
}

/**
 * `ceil(a · b / d)`, exact for any sizes and signs.
 *
 * @example
 * ```ts
 * mulDivUp(10n, 1n, 3n) // 4n
 * ```
 */
export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  check(a, b, d, 'mulDivUp')
  return ceilDiv(a * b, d)
}

/** `a · b / 1e18` rounded down (Morpho's wMulDown). @example `wMulDown(WAD, 5n) // 5n` */
export function wMulDown(a: bigint, b: bigint): Wad {
  return mulDivDown(a, b, WAD) as Wad
}

/** `a · b / 1e18` rounded up. @example `wMulUp(1n, 1n) // 1n` */
export function wMulUp(a: bigint, b: bigint): Wad {
  return mulDivUp(a, b, WAD) as Wad
}

/** `a · 1e18 / b` rounded down. @example `wDivDown(1n, 3n) // 333333333333333333n` */
export function wDivDown(a: bigint, b: bigint): Wad {
  return mulDivDown(a, WAD, b) as Wad
}

/** `a · 1e18 / b` rounded up. @example `wDivUp(1n, 3n) // 333333333333333334n` */
export function wDivUp(a: bigint, b: bigint): Wad {
  return mulDivUp(a, WAD, b) as Wad
}

/**
 * The smaller of two bigints.
 *
 * @example
 * ```ts
 * minBigint(3n, -2n) // -2n
 * ```
 */
export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

/**
 * The larger of two bigints.
 *
 * @example
 * ```ts
 * maxBigint(3n, -2n) // 3n
 * ```
 */
export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
