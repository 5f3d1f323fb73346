import type { AssessmentReport } from '../../../core/assess/assess.js'

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

function cell(value: unknown): string {
  const text = value === undefined ? '' : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The assessment as CSV (RFC 4180): one row per route, the columns of {@link CSV_COLUMNS}.
 *
 * @example
 * ```ts
 * formatCsv(report).split('\n')[0] // 'id,asset,homeChain,...'
 * ```
 */
export function formatCsv(report: AssessmentReport): string {
  const rows = report.routes.map((r) =>
    [
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
      r.current.some((c) => c.unsafe),
      r.ineligibleReasons.join('; '),
      r.warnings.join('; '),
    ]
      .map(cell)
      .join(','),
  )
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`
}
