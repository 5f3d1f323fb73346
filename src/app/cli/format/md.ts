import type { AssessmentReport } from '../../../core/assess/assess.js'
import { duration, pct, usd } from './numbers.js'

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
}

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
  out.push(
    row([
      'route',
      'asset',
      'home → debt',
      'bridge',
      'LTV',
      'LT',
      'bonus',
      'supply cap',
      'eligible',
      'trust',
      'seed CF',
    ]),
    row(['---', '---', '---', '---', '---:', '---:', '---:', '---:', '---', '---:', '---:']),
    ...report.routes.map((r) =>
      row([
        r.id,
        r.asset,
        `${r.homeChain} → ${r.debtChain}`,
        r.bridge,
        pct(r.recommendation.ltv),
        pct(r.recommendation.liquidationThreshold),
        pct(r.recommendation.liquidationBonus),
        usd(r.recommendation.supplyCapUsd),
        r.recommendation.eligible ? 'yes' : 'no',
        r.components.trustScore.toFixed(1),
        r.seedPolicy ? pct(r.seedPolicy.collateralFactor) : '-',
      ]),
    ),
    '',
  )
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
    out.push(row(['term', 'value', 'inputs', 'formula']), row(['---', '---:', '---', '---']))
    for (const t of r.explanation)
      out.push(
        row([
          t.term,
          value(t.value),
          Object.entries(t.inputs)
            .map(([k, v]) => `${k}=${typeof v === 'number' ? value(v) : String(v)}`)
            .join(', '),
          t.formula + (t.source ? ` (source: ${t.source})` : ''),
        ]),
      )
    if (r.assumptions.length > 0) out.push('', '**Assumptions**', '', ...r.assumptions.map((a) => `- ${a}`))
    out.push('')
  }
  return `${out.join('\n')}`
}
