import type { AssessmentReport } from '../../../core/assess/assess.js'
import { colors, renderRows } from './render.js'
import { componentRows, currentRows, recommendationRows } from './rows.js'

/**
 * The assessment as a readable table: one row of parameters and one of components per route,
 * then the seed's policy, current-parameter checks, warnings and every assumption used.
 * Colour (via picocolors) only when `color` is true (a terminal).
 *
 * @example
 * ```ts
 * process.stdout.write(formatTable(report, { color: process.stdout.isTTY }))
 * ```
 */
export function formatTable(report: AssessmentReport, options: { readonly color: boolean }): string {
  const c = colors(options.color)
  const out: string[] = []
  out.push(
    c.bold('Recommended parameters'),
    ...renderRows(recommendationRows(report, c), 'table', { colors: c }),
  )
  out.push('', c.bold('Components'), ...renderRows(componentRows(report), 'table', { colors: c }))
  const current = report.routes.flatMap((r) => r.current.map((x) => ({ r, x })))
  if (current.length > 0) {
    out.push('', c.bold('Current parameters'), ...renderRows(currentRows(report, c), 'table', { colors: c }))
    for (const { r, x } of current)
      for (const reason of x.reasons) out.push(c.red(`  ${x.market} / ${r.id}: ${reason}`))
  }
  const notes = report.routes.flatMap((r) => [
    ...r.ineligibleReasons.map((w) => c.red(`  ${r.id}: ineligible: ${w}`)),
    ...r.warnings.map((w) => c.yellow(`  ${r.id}: ${w}`)),
  ])
  if (notes.length > 0) out.push('', c.bold('Notes'), ...notes)
  const assumptions = [...new Set(report.routes.flatMap((r) => r.assumptions))].sort()
  if (assumptions.length > 0)
    out.push(
      '',
      c.bold(
        `Assumptions (${assumptions.length}; values without a citable source, override them in your file)`,
      ),
      ...assumptions.map((a) => c.dim(`  - ${a}`)),
    )
  out.push(
    '',
    c.dim('Every number is explained term by term in --format json or md. Fractions: LTV 80% = 0.8.'),
  )
  return `${out.join('\n')}\n`
}
