import { textTable } from '../backtest/render.js'
import type { ValidatedRoute } from './run.js'

const pct = (x: number | undefined, d = 1) => (x === undefined ? '—' : `${(x * 100).toFixed(d)}`)
const yes = (b: boolean | undefined) => (b === undefined ? '—' : b ? 'yes' : 'NO')

function rows(routes: readonly ValidatedRoute[]): string[][] {
  return routes.map((r) => {
    const worst = Math.max(...r.atRecommendation.map((x) => x.worstBadDebtFraction))
    const a = r.anchor
    return [
      r.id,
      r.asset,
      `${pct(r.recommendation.ltv)}/${pct(r.recommendation.liquidationThreshold)}/${pct(r.recommendation.liquidationBonus, 2)}`,
      r.historicallySafeLt === undefined
        ? 'none ≥ 30'
        : `${r.safeLtAtUpperEnd ? '≥ ' : ''}${pct(r.historicallySafeLt, 2)}`,
      r.binding ?? '—',
      pct(worst, 2),
      a === undefined
        ? '—'
        : `${pct(a.ltv)}/${pct(a.liquidationThreshold)}/${pct(a.liquidationBonus, 2)}${a.sameChain ? '' : '*'}`,
      yes(r.safe),
      yes(r.efficient),
      yes(r.inAnchorBand),
    ]
  })
}

const HEADER = [
  'route',
  'asset',
  'rec LTV/LT/bonus %',
  'hist-safe LT %',
  'binding series',
  'worst bad debt at rec %',
  'anchor LTV/LT/bonus %',
  'safe',
  'efficient',
  'in anchor band',
]

function notes(routes: readonly ValidatedRoute[], skipped: readonly string[], budget: number): string[] {
  const anchors = [
    ...new Map(routes.flatMap((r) => (r.anchor ? [[r.anchor.market, r.anchor]] : []))).values(),
  ]
  return [
    `historically safe LT: the largest LT whose worst rolling start (a book every 6 h, 30 days each, at LTV = LT · rec LTV / rec LT; liquidations queued at the venue's capacity with Aave's close factor) keeps bad debt ≤ ${pct(budget, 2)} % of the book on every series of the asset's price in each debt asset the market lends; safe: rec LT ≤ it; efficient: rec LT ≥ it − 5 points; in band: within ±5 points of the anchor LT`,
    ...anchors.map((a) => `anchor ${a.market}: ${a.source}; as of ${a.asOf}`),
    ...(routes.some((r) => r.anchor && !r.anchor.sameChain)
      ? ["* the asset has no anchor on the route's chain: its Ethereum market"]
      : []),
    ...[...new Set(routes.flatMap((r) => r.caveats))].map((c) => `caveat: ${c}`),
    ...skipped.map((s) => `not validated: ${s}`),
  ]
}

/**
 * `xcollat validate` as a text table (`md: false`) or Markdown, with the definitions, anchor
 * sources, caveats and skipped routes below it.
 *
 * @example
 * ```ts
 * process.stdout.write(renderValidate(routes, skipped, 0.01, false))
 * ```
 */
export function renderValidate(
  routes: readonly ValidatedRoute[],
  skipped: readonly string[],
  budget: number,
  md: boolean,
): string {
  const body = rows(routes)
  if (md) {
    const line = (c: readonly string[]) => `| ${c.join(' | ')} |`
    return `${[line(HEADER), line(HEADER.map(() => '---')), ...body.map(line), '', ...notes(routes, skipped, budget).map((n) => `- ${n}`)].join('\n')}\n`
  }
  return `${textTable(HEADER, body, 2)}\n\n${notes(routes, skipped, budget).join('\n')}\n`
}
