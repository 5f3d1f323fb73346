import type { FrontierPlan, IntentResult } from '../../core/intent/intent.js'
import type { Plan } from '../../core/intent/plan.js'
import type { Intent } from '../../core/intent/types.js'
import { wadToNumber } from '../../core/units/wad.js'
import { duration, pct, usd } from '../cli/format/numbers.js'
import { type Colors, plain, type RenderFormat, type Rows, renderRows } from '../cli/format/render.js'

const money = (x: number) => (Math.abs(x) < 100 ? `$${x.toFixed(2)}` : usd(x))
const tokens = (w: bigint) => {
  const x = wadToNumber(w as never)
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(6)).toString()
}
const hf = (p: Plan) => (p.healthFactorWad === null ? '—' : wadToNumber(p.healthFactorWad).toFixed(3))

function legRows(plan: Plan): Rows {
  return {
    columns: [
      { header: 'route' },
      { header: 'asset' },
      { header: 'from → to' },
      { header: 'amount', align: 'right' },
      { header: 'value', align: 'right' },
      { header: 'LTV', align: 'right' },
      { header: 'cap used', align: 'right' },
      { header: 'fees', align: 'right' },
      { header: 'exp. bridge loss', align: 'right' },
      { header: 'cost', align: 'right' },
      { header: 'risk', align: 'right' },
      { header: 'trust', align: 'right' },
      { header: 'usable in', align: 'right' },
    ],
    rows: plan.legs.map((l) => [
      `${l.route}${l.singlePointOfFailure ? ' (SPOF)' : ''}`,
      l.asset,
      `${l.from} → ${l.to}`,
      tokens(l.amountWad),
      usd(wadToNumber(l.valueUsdWad)),
      pct(l.ltv),
      pct(l.capUsedShare, 1),
      money(l.costUsd.bridgeFee + l.costUsd.slippage + l.costUsd.fixed),
      money(l.costUsd.expectedBridgeLoss),
      money(l.costUsd.total),
      usd(l.riskUsd),
      l.trustScore.toFixed(1),
      duration(l.secondsToUsable),
    ]),
  }
}

function frontierRows(frontier: readonly FrontierPlan[]): Rows {
  return {
    columns: [
      { header: '' },
      { header: 'cost', align: 'right' },
      { header: 'risk', align: 'right' },
      { header: 'risk weight', align: 'right' },
      { header: 'HF', align: 'right' },
      { header: 'usable in', align: 'right' },
      { header: 'legs' },
    ],
    rows: frontier.map((p) => [
      p.chosen ? '→' : '',
      money(p.costUsd),
      usd(p.riskUsd),
      Number.isFinite(p.riskWeight) ? p.riskWeight.toPrecision(3) : '∞',
      hf(p),
      duration(p.secondsToUsable),
      p.legs.map((l) => `${l.route} ${usd(wadToNumber(l.valueUsdWad))}`).join(', '),
    ]),
  }
}

/**
 * `xcollat route` as a table or Markdown through the one renderer: the chosen plan's legs,
 * its totals, the cost–risk frontier, why the cheapest-looking route is not the plan, and the
 * routes left out.
 *
 * @example
 * ```ts
 * process.stdout.write(renderIntent(result, intent, assumptions, 'table'))
 * ```
 */
export function renderIntent(
  result: IntentResult,
  intent: Intent,
  assumptions: readonly string[],
  format: Exclude<RenderFormat, 'csv'>,
  c: Colors = plain,
): string {
  const md = format === 'md'
  const h = (t: string) => (md ? `### ${t}` : c.bold(t))
  const item = (t: string) => (md ? `- ${t}` : `  ${t}`)
  const p = result.plan
  const want = intent.want
  const objective =
    result.objective.kind === 'cheapest'
      ? 'cheapest total cost'
      : `cost + ${result.objective.riskWeight} · risk`
  const out: string[] = [
    h(
      `Plan (${objective}): ${want.kind === 'borrow' ? `borrow ${tokens(want.amountWad)} ${want.asset}` : `margin ${usd(wadToNumber(want.valueUsdWad))}`} on ${want.chain}`,
    ),
    ...renderRows(legRows(p), format, { colors: c }),
    '',
    item(
      `total cost ${money(p.costUsd)} over ${intent.horizonDays} days (fees, gas, slippage, expected bridge-failure loss, capital)${p.borrowInterestUsd > 0 ? `; borrow interest ${money(p.borrowInterestUsd)} on top (the same for every plan)` : ''}`,
    ),
    item(`risk ${usd(p.riskUsd)} (haircut-weighted collateral: Σ arrived · trust haircut)`),
    item(
      want.kind === 'borrow'
        ? `health factor after opening ${hf(p)} (minimum ${wadToNumber(intent.minHealthFactorWad).toFixed(2)}); borrow power ${usd(wadToNumber(p.borrowPowerUsdWad))} for a debt of ${usd(wadToNumber(p.debtUsdWad))}`
        : `collateral counted at LTV ${usd(wadToNumber(p.borrowPowerUsdWad))} for ${usd(wadToNumber(want.valueUsdWad))} wanted`,
    ),
    item(`usable in ${duration(p.secondsToUsable)} (the slowest leg)`),
    item(
      `checks (exact, bigint): ${Object.entries(p.checks)
        .map(([k, v]) => `${k} ${v ? 'ok' : 'FAILED'}`)
        .join(', ')}`,
    ),
    '',
    h('Cost–risk frontier (supported Pareto points, cheapest first; → the chosen plan)'),
    ...renderRows(frontierRows(result.frontier), format, { colors: c }),
  ]
  const cl = result.cheapestLooking
  if (cl !== undefined)
    out.push(
      '',
      h('The cheapest-looking route'),
      item(
        `${cl.route} (headline ${(cl.headlineCostPerUsd * 1e4).toFixed(1)} bps a dollar, ${pct(cl.usedShare, 1)} of the holding used): ${cl.reason}`,
      ),
    )
  if (result.excluded.length > 0)
    out.push('', h('Routes left out'), ...result.excluded.map((e) => item(`${e.route}: ${e.reason}`)))
  if (assumptions.length > 0) out.push('', h('Assumptions'), ...[...new Set(assumptions)].map(item))
  return `${out.join('\n')}\n`
}
