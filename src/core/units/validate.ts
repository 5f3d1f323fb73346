import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'

/**
 * Validation guards used at the entry of every public core function. Each returns the
 * value so it can be used inline, and throws a named error otherwise.
 *
 * @example
 * ```ts
 * const sigma = nonNegative('sigmaAnnual', input.sigmaAnnual)
 * ```
 */
export function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidNumberError(name, value)
  return value
}

/**
 * A finite number ≥ 0.
 *
 * @example
 * ```ts
 * nonNegative('reserveUsd', 0) // 0; -1 throws NegativeValueError
 * ```
 */
export function nonNegative(name: string, value: number): number {
  finite(name, value)
  if (value < 0) throw new NegativeValueError(name, value)
  return value
}

/**
 * A finite number > 0.
 *
 * @example
 * ```ts
 * positive('horizonYears', 1) // 1; 0 throws OutOfRangeError
 * ```
 */
export function positive(name: string, value: number): number {
  finite(name, value)
  if (value <= 0) throw new OutOfRangeError(name, value, '(0, ∞)')
  return value
}

/**
 * A probability or fraction in the closed interval [0, 1].
 *
 * @example
 * ```ts
 * unitInterval('pCompromise', 0.01) // 0.01; 1.5 throws OutOfRangeError
 * ```
 */
export function unitInterval(name: string, value: number): number {
  finite(name, value)
  if (value < 0 || value > 1) throw new OutOfRangeError(name, value, '[0, 1]')
  return value
}

/**
 * A confidence level or probability in the open interval (0, 1).
 *
 * @example
 * ```ts
 * openUnitInterval('confidence', 0.99) // 0.99; 1 throws OutOfRangeError
 * ```
 */
export function openUnitInterval(name: string, value: number): number {
  finite(name, value)
  if (value <= 0 || value >= 1) throw new OutOfRangeError(name, value, '(0, 1)')
  return value
}

/**
 * A bigint ≥ 0.
 *
 * @example
 * ```ts
 * nonNegativeBigint('raw', 5n) // 5n; -1n throws NegativeValueError
 * ```
 */
export function nonNegativeBigint(name: string, value: bigint): bigint {
  if (typeof value !== 'bigint') throw new InvalidNumberError(name, value)
  if (value < 0n) throw new NegativeValueError(name, value)
  return value
}

/**
 * An integer ≥ 0 (counts, indices).
 *
 * @example
 * ```ts
 * nonNegativeInteger('positions', 3) // 3; 2.5 throws OutOfRangeError
 * ```
 */
export function nonNegativeInteger(name: string, value: number): number {
  nonNegative(name, value)
  if (!Number.isInteger(value)) throw new OutOfRangeError(name, value, 'the integers ≥ 0')
  return value
}
