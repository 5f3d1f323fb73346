import type { AssessmentReport } from '../../../core/assess/assess.js'
import { duration } from './numbers.js'
import { renderRows } from './render.js'
import { recommendationRows } from './rows.js'

function value(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e9)) return String(Number(x.toPrecision(6)))
  return x.toExponential(4)
}

/**
 * The assessment as Markdown: a summary table, then per route its components, the
 * explanation (every term with inputs and formula) and the assumptions used.
 *
 * @example
 * ```ts
 * writeFileSync('assessment.md', formatMarkdown(report))
 * ```
 */
export function formatMarkdown(report: AssessmentReport): string {
  const out: string[] = ['# xcollat assessment', '']
  out.push(...renderRows(recommendationRows(report), 'md'), '')
  for (const r of report.routes) {
    out.push(`## ${r.id}`, '')
    out.push(
      `${r.asset} from ${r.homeChain} on ${r.debtChain} through ${r.bridge} (${r.architecture}). ` +
        `Liquidation horizon ${duration(r.components.liquidationHorizonSeconds)}; supply cap set by ${r.capBinding}.`,
      '',
    )
    for (const x of r.current)
      out.push(
        `- Market ${x.market}: ${x.unsafe ? `**UNSAFE** (${x.reasons.join('; ')})` : 'current parameters are within the recommendation'}`,
      )
    for (const w of r.ineligibleReasons) out.push(`- Ineligible: ${w}`)
    for (const w of r.warnings) out.push(`- Warning: ${w}`)
    if (r.current.length + r.ineligibleReasons.length + r.warnings.length > 0) out.push('')
    out.push(
      ...renderRows(
        {
          columns: [
            { header: 'term' },
            { header: 'value', align: 'right' },
            { header: 'inputs' },
            { header: 'formula' },
          ],
          rows: r.explanation.map((t) => [
            t.term,
            value(t.value),
            Object.entries(t.inputs)
              .map(([k, v]) => `${k}=${typeof v === 'number' ? value(v) : String(v)}`)
              .join(', '),
            t.formula + (t.source ? ` (source: ${t.source})` : ''),
          ]),
        },
        'md',
      ),
    )
    if (r.assumptions.length > 0) out.push('', '**Assumptions**', '', ...r.assumptions.map((a) => `- ${a}`))
    out.push('')
  }
  return `${out.join('\n')}`
}
