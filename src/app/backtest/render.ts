import type { BacktestScenarioReturnType } from '../../core/backtest/scenario.js'
import type { ScenarioHistory } from '../../io/data/history.js'

const usd = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 })
const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const iso = (t: number | undefined) =>
  t === undefined || !Number.isFinite(t)
    ? 'never'
    : t < 1e8
      ? `t+${t} s`
      : new Date(t * 1000).toISOString().replace('.000Z', 'Z')

/**
 * Rows as a plain text table: columns padded to their widest cell, numbers (columns from
 * `rightFrom` on) right-aligned.
 *
 * @example
 * ```ts
 * textTable(['a', 'b'], [['x', '1']], 1) // 'a  b\nx  1'
 * ```
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightFrom: number,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

/** What `renderBacktest` prints. */
export type BacktestReport = BacktestScenarioReturnType & {
  readonly version: string
  readonly scenario: { readonly name: string }
  readonly route: {
    readonly id: string
    readonly architecture: string
    readonly asset: string
    readonly source: string
    readonly liquidationThreshold: number
    readonly liquidationBonus: number
    readonly horizonSeconds: number
    readonly saleSlippage: number
  }
  readonly series: Omit<ScenarioHistory, 'history'> & {
    readonly points: number
    readonly from: number | undefined
    readonly to: number | undefined
  }
  readonly notes: readonly string[]
}

/**
 * The backtest as text: the series and its issues, the parameters, the faults that apply, one
 * row per parameter setting (worst start, share of starts with bad debt), the historically safe
 * LT beside the recommendation, the bound, caveats and notes.
 *
 * @example
 * ```ts
 * process.stdout.write(renderBacktest(report))
 * ```
 */
export function renderBacktest(r: BacktestReport): string {
  const gaps = r.series.issues.filter((i) => i.kind === 'gap')
  const bad = r.series.issues.filter((i) => i.kind === 'bad-row')
  const rows = r.runs.map((x) => [
    x.label,
    pct(x.liquidationThreshold),
    pct(x.ltv),
    String(x.starts),
    iso(x.worst.start),
    pct(x.worst.badDebtFraction),
    `$${usd(x.worstStart.badDebt)}`,
    pct(x.shareWithBadDebt),
    x.withinBudget ? 'yes' : 'NO',
  ])
  const lines = [
    `xcollat ${r.version} backtest  scenario ${r.scenario.name}  route ${r.route.id} (${r.route.architecture}, asset ${r.route.asset})`,
    `series: ${r.series.mode}, ${r.series.points} points ${iso(r.series.from)} → ${iso(r.series.to)}, step ${r.series.stepSeconds} s; ${r.series.note}`,
    `data issues: ${gaps.length} gap(s), ${bad.length} bad row(s), ${r.series.reordered} row(s) out of order (sorted); reported, not filled`,
    ...gaps
      .slice(0, 10)
      .map((g) =>
        g.kind === 'gap' ? `  gap ${iso(g.fromTime)} → ${iso(g.toTime)} (${g.missingSteps} missing)` : '',
      ),
    ...bad.slice(0, 10).map((b) => (b.kind === 'bad-row' ? `  line ${b.line}: ${b.reason}` : '')),
    `parameters from ${r.route.source}: bonus ${pct(r.route.liquidationBonus)}, horizon ${r.route.horizonSeconds} s, sale slippage ${pct(r.route.saleSlippage)}`,
    `faults applied: ${r.faultsApplied.length === 0 ? 'none' : r.faultsApplied.join('; ')}`,
    ...r.faultsSkipped.map((s) => `fault not applied: ${s}`),
    '',
    textTable(
      [
        'run',
        'LT',
        'LTV',
        'starts',
        'worst start',
        'worst bad debt',
        'worst $',
        'starts w/ bad debt',
        'in budget',
      ],
      rows,
      1,
    ),
    '',
    `historically safe LT on this scenario: ${r.historicallySafeLt ?? 'none ≥ 0.30'} (recommended ${r.route.liquidationThreshold})`,
    `bound: ${r.bound}`,
    ...(r.attacker === undefined
      ? []
      : [
          `attacker (apart from the book): borrowed $${usd(r.attacker.borrowedUsd)}; bad debt on this market $${usd(r.attacker.badDebtUsd)}${r.attacker.boundUsd === undefined ? ' (no supply cap known: unbounded)' : ` (bounded by supply cap · LTV = $${usd(r.attacker.boundUsd)})`}`,
        ]),
    ...r.caveats.map((c) => `caveat: ${c}`),
    ...r.notes.map((n) => `note: ${n}`),
  ]
  return `${lines.join('\n')}\n`
}
