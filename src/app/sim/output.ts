import type { Estimate } from '../../core/sim/metrics.js'

/**
 * An estimate as `value [low, high]` with a fixed number of significant digits.
 *
 * @example
 * ```ts
 * formatEstimate({ value: 1234.5, low: 1000, high: 1500, confidence: 0.95 }) // '1234.5 [1000, 1500]'
 * ```
 */
export function formatEstimate(e: Estimate, digits = 5): string {
  const f = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x))
  return `${f(e.value)} [${f(e.low)}, ${f(e.high)}]`
}
