import pc from 'picocolors'
import type { AssessmentReport, RouteAssessment } from '../../../core/assess/assess.js'
import { duration, pct, usd } from './numbers.js'

type Colors = ReturnType<typeof pc.createColors>

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes to measure width
const ANSI = /\u001b\[[0-9;]*m/g

function visible(text: string): number {
  return text.replace(ANSI, '').length
}

function grid(header: readonly string[], rows: readonly (readonly string[])[], c: Colors): string[] {
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - visible(cell))
        return i >= 4 ? pad + cell : cell + pad // numbers right-aligned
      })
      .join('  ')
      .trimEnd()
  return [c.bold(line(header)), c.dim(widths.map((w) => '─'.repeat(w)).join('  ')), ...rows.map(line)]
}

function status(r: RouteAssessment, c: Colors): string {
  if (!r.recommendation.eligible) return c.red('ineligible')
  if (r.current.some((x) => x.unsafe)) return c.red('UNSAFE')
  if (r.warnings.length > 0) return c.yellow('review')
  return c.green('ok')
}

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
  const c = pc.createColors(options.color)
  const out: string[] = []
  out.push(c.bold('Recommended parameters'))
  out.push(
    ...grid(
      ['route', 'asset', 'home → debt', 'bridge', 'LTV', 'LT', 'bonus', 'supply cap', 'status', 'seed CF'],
      report.routes.map((r) => [
        r.id,
        r.asset,
        `${r.homeChain} → ${r.debtChain}`,
        r.bridge === '' ? '(native)' : r.bridge,
        pct(r.recommendation.ltv),
        pct(r.recommendation.liquidationThreshold),
        pct(r.recommendation.liquidationBonus),
        usd(r.recommendation.supplyCapUsd),
        status(r, c),
        r.seedPolicy ? pct(r.seedPolicy.collateralFactor) : '-',
      ]),
      c,
    ),
  )
  out.push('', c.bold('Components'))
  out.push(
    ...grid(
      [
        'route',
        'architecture',
        'cap set by',
        'trust',
        'haircut',
        'delay VaR',
        'price VaR',
        'oracle',
        'slippage',
        'T_liq',
        'binding debt',
      ],
      report.routes.map((r) => [
        r.id,
        r.architecture,
        r.capBinding,
        r.components.trustScore.toFixed(1),
        pct(r.components.bridgeHaircut, 3),
        pct(r.components.delayVaR),
        pct(r.components.priceVaR),
        pct(r.components.oracleError),
        pct(r.components.slippage),
        duration(r.components.liquidationHorizonSeconds),
        r.bindingDebt,
      ]),
      c,
    ),
  )
  const current = report.routes.flatMap((r) => r.current.map((x) => ({ r, x })))
  if (current.length > 0) {
    out.push('', c.bold('Current parameters'))
    out.push(
      ...grid(
        ['market', 'route', 'verdict', 'LTV', 'Δ LTV', 'LT', 'Δ LT', 'bonus', 'Δ bonus'],
        current.map(({ r, x }) => [
          x.market,
          r.id,
          x.unsafe ? c.red('UNSAFE') : c.green('safe'),
          pct(x.current.ltv),
          pct(x.difference.ltv),
          pct(x.current.liquidationThreshold),
          pct(x.difference.liquidationThreshold),
          pct(x.current.liquidationBonus),
          pct(x.difference.liquidationBonus),
        ]),
        c,
      ),
    )
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
