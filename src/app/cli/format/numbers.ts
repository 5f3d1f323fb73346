/**
 * Number formatting shared by the human-readable outputs (table, markdown).
 *
 * @example
 * ```ts
 * pct(0.8254) // '82.54%'
 * ```
 */
export function pct(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`
}

/**
 * USD with thousands separators and no cents; `∞` for an unbounded value.
 *
 * @example
 * ```ts
 * usd(1234567.8) // '$1,234,568'
 * ```
 */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return '∞'
  return `$${Math.round(x).toLocaleString('en-US')}`
}

/**
 * A duration in the largest sensible unit: `45s`, `12.5m`, `3.2h`, `7.0d`.
 *
 * @example
 * ```ts
 * duration(604800) // '7.0d'
 * ```
 */
export function duration(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toFixed(1))}s`
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)}m`
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)}h`
  return `${(seconds / 86_400).toFixed(1)}d`
}
