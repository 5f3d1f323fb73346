import type { AssessmentReport, RouteAssessment } from '../../../core/assess/assess.js'
import { duration, pct, usd } from './numbers.js'
import { type Colors, plain, type Rows } from './render.js'

function status(r: RouteAssessment, c: Colors): string {
  if (!r.recommendation.eligible) return c.red('ineligible')
  if (r.current.some((x) => x.unsafe)) return c.red('UNSAFE')
  if (r.warnings.length > 0) return c.yellow('review')
  return c.green('ok')
}

const right = 'right' as const

/**
 * The recommendation per route (the summary of the table and of the Markdown): route, asset,
 * chains, bridge, LTV, LT, bonus, supply cap, status, trust score and the seed's collateral factor.
 *
 * @example
 * ```ts
 * renderRows(recommendationRows(report), 'md')
 * ```
 */
export function recommendationRows(report: AssessmentReport, c: Colors = plain): Rows {
  return {
    columns: [
      { header: 'route' },
      { header: 'asset' },
      { header: 'home → debt' },
      { header: 'bridge' },
      { header: 'LTV', align: right },
      { header: 'LT', align: right },
      { header: 'bonus', align: right },
      { header: 'supply cap', align: right },
      { header: 'status', align: right },
      { header: 'trust', align: right },
      { header: 'seed CF', align: right },
    ],
    rows: report.routes.map((r) => [
      r.id,
      r.asset,
      `${r.homeChain} → ${r.debtChain}`,
      r.bridge === '' ? '(native)' : r.bridge,
      pct(r.recommendation.ltv),
      pct(r.recommendation.liquidationThreshold),
      pct(r.recommendation.liquidationBonus),
      usd(r.recommendation.supplyCapUsd),
      status(r, c),
      r.components.trustScore.toFixed(1),
      r.seedPolicy ? pct(r.seedPolicy.collateralFactor) : '-',
    ]),
  }
}

/**
 * The components behind each recommendation: architecture, what sets the cap, haircut, delay VaR,
 * price VaR, oracle error, slippage and the liquidation horizon.
 *
 * @example
 * ```ts
 * renderRows(componentRows(report), 'table')
 * ```
 */
export function componentRows(report: AssessmentReport): Rows {
  return {
    columns: [
      { header: 'route' },
      { header: 'architecture' },
      { header: 'cap set by' },
      { header: 'haircut', align: right },
      { header: 'delay VaR', align: right },
      { header: 'price VaR', align: right },
      { header: 'oracle', align: right },
      { header: 'slippage', align: right },
      { header: 'T_liq', align: right },
      { header: 'binding debt' },
    ],
    rows: report.routes.map((r) => [
      r.id,
      r.architecture,
      r.capBinding,
      pct(r.components.bridgeHaircut, 3),
      pct(r.components.delayVaR),
      pct(r.components.priceVaR),
      pct(r.components.oracleError),
      pct(r.components.slippage),
      duration(r.components.liquidationHorizonSeconds),
      r.bindingDebt,
    ]),
  }
}

/**
 * Each market's current parameters against the recommendation: verdict and differences.
 *
 * @example
 * ```ts
 * renderRows(currentRows(report), 'table')
 * ```
 */
export function currentRows(report: AssessmentReport, c: Colors = plain): Rows {
  return {
    columns: [
      { header: 'market' },
      { header: 'route' },
      { header: 'verdict' },
      { header: 'LTV', align: right },
      { header: 'Δ LTV', align: right },
      { header: 'LT', align: right },
      { header: 'Δ LT', align: right },
      { header: 'bonus', align: right },
      { header: 'Δ bonus', align: right },
    ],
    rows: report.routes.flatMap((r) =>
      r.current.map((x) => [
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
    ),
  }
}

/**
 * The columns of the CSV output, in order.
 *
 * @example
 * ```ts
 * CSV_COLUMNS.join(',') // the header row
 * ```
 */
export const CSV_COLUMNS = [
  'id',
  'asset',
  'homeChain',
  'debtChain',
  'bridge',
  'architecture',
  'eligible',
  'ltv',
  'liquidationThreshold',
  'liquidationBonus',
  'supplyCapUsd',
  'capBinding',
  'trustScore',
  'bridgeHaircut',
  'delayVaR',
  'priceVaR',
  'oracleError',
  'slippage',
  'liquidationHorizonSeconds',
  'seedCollateralFactor',
  'currentUnsafe',
  'ineligibleReasons',
  'warnings',
] as const

/**
 * One row per route with every figure raw (fractions as numbers, money in USD): the CSV output.
 *
 * @example
 * ```ts
 * renderRows(routeFigureRows(report), 'csv')[0] // 'id,asset,homeChain,...'
 * ```
 */
export function routeFigureRows(report: AssessmentReport): Rows {
  const key = (k: string) => ({ header: k, key: k })
  return {
    columns: CSV_COLUMNS.map(key),
    rows: report.routes.map((r) => [
      r.id,
      r.asset,
      r.homeChain,
      r.debtChain,
      r.bridge,
      r.architecture,
      r.recommendation.eligible,
      r.recommendation.ltv,
      r.recommendation.liquidationThreshold,
      r.recommendation.liquidationBonus,
      r.recommendation.supplyCapUsd,
      r.capBinding,
      r.components.trustScore,
      r.components.bridgeHaircut,
      r.components.delayVaR,
      r.components.priceVaR,
      r.components.oracleError,
      r.components.slippage,
      r.components.liquidationHorizonSeconds,
      r.seedPolicy?.collateralFactor,
      r.current.some((x) => x.unsafe),
      r.ineligibleReasons.join('; '),
      r.warnings.join('; '),
    ]),
  }
}
