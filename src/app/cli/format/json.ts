import type { AssessmentReport } from '../../../core/assess/assess.js'

/**
 * The assessment as JSON: `{ version: 1, routes: [...] }` with fractions as numbers and money in
 * USD. Non-finite numbers (an unbounded cap constraint) become strings ("Infinity") so the
 * output stays valid JSON.
 *
 * @example
 * ```ts
 * formatJson(assess(registry)) // '{\n  "version": 1,\n  "routes": [...'
 * ```
 */
export function formatJson(report: AssessmentReport): string {
  return `${JSON.stringify(
    { version: report.version, unsafe: report.unsafe, routes: report.routes },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  )}\n`
}
