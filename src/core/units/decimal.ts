import { DecimalParseError } from '../errors.js'
import { type Wad, wad } from './wad.js'

const DECIMAL = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/
const PERCENT = /^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$/
const BPS = /^\s*([+-]?\d+(?:\.\d+)?)\s*bps\s*$/i

/**
 * Parses a plain decimal string into an integer scaled by 10^decimals, exactly. Digits
 * beyond `decimals` must be zero (no silent rounding).
 *
 * @example
 * ```ts
 * parseUnits('1.5', 6) // 1_500_000n
 * ```
 */
export function parseUnits(input: string, scale: number): bigint {
  const m = DECIMAL.exec(input)
  if (!m) throw new DecimalParseError(input, `a decimal number with at most ${scale} decimals`)
  const [, sign, whole = '0', frac = ''] = m
  const trimmed = frac.replace(/0+$/, '')
  if (trimmed.length > scale)
    throw new DecimalParseError(input, `a decimal number with at most ${scale} decimals`)
  const raw = BigInt(whole) * 10n ** BigInt(scale) + BigInt(trimmed.padEnd(scale, '0') || '0')
  return sign === '-' ? -raw : raw
}

/**
 * Parses a fraction written as a decimal ("0.825"), a percentage ("82.5%") or basis
 * points ("8250bps") into an exact Wad (0.825 -> 825e15).
 *
 * @example
 * ```ts
 * parseFractionWad('82.5%') === parseFractionWad('8250bps') // true
 * ```
 */
export function parseFractionWad(input: string): Wad {
  if (typeof input !== 'string') throw new DecimalParseError(String(input), 'a fraction')
  const percent = PERCENT.exec(input)
  if (percent?.[1] !== undefined) return wad(parseUnits(percent[1], 16)) // a percent is 1e16 in Wad units
  const basis = BPS.exec(input)
  if (basis?.[1] !== undefined) return wad(parseUnits(basis[1], 14)) // a basis point is 1e14 in Wad units
  return wad(parseUnits(input, 18))
}

/**
 * Parses a fraction string into a number (0.825). Use at the edges (config, CLI) only.
 *
 * @example
 * ```ts
 * parseFraction('8250bps') // 0.825
 * ```
 */
export function parseFraction(input: string): number {
  const w = parseFractionWad(input)
  return Number(w) / 1e18
}
