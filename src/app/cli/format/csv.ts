import type { AssessmentReport } from '../../../core/assess/assess.js'
import { renderRows } from './render.js'
import { routeFigureRows } from './rows.js'

/**
 * The assessment as CSV (RFC 4180): one row per route, every figure raw (see `routeFigureRows`).
 *
 * @example
 * ```ts
 * formatCsv(report).split('\n')[0] // 'id,asset,homeChain,...'
 * ```
 */
export function formatCsv(report: AssessmentReport): string {
  return `${renderRows(routeFigureRows(report), 'csv').join('\n')}\n`
}
