import { XcollatError } from '../../core/errors.js'
import { type CsvTable, readCsv } from '../csv.js'

/** A problem found while reading a time series: a row that could not be used, or a gap in time. */
export type SeriesIssue =
  | { readonly kind: 'bad-row'; readonly line: number; readonly reason: string }
  | {
      readonly kind: 'gap'
      readonly fromTime: number
      readonly toTime: number
      readonly missingSteps: number
    }

/**
 * A time series read from a file: times in unix seconds (ascending) and values, with every
 * row that was skipped and every gap reported, never silently filled.
 */
export type TimeSeries = {
  readonly name: string
  readonly file: string
  readonly column: string
  readonly times: Float64Array
  readonly values: Float64Array
  /** The median spacing between consecutive points, in seconds. */
  readonly stepSeconds: number
  readonly issues: readonly SeriesIssue[]
  /** Rows that were not in time order in the file (the series is sorted; 0 for a sorted file). */
  readonly reordered: number
}

/** A series option or file is unusable. Code `XC_SERIES`. */
export class SeriesError extends XcollatError {
  override name = 'SeriesError'
  constructor(what: string, instruction: string) {
    super(what, { code: 'XC_SERIES', instruction })
  }
}

/**
 * Two rows of a series file have the same time. Code `XC_SERIES_DUPLICATE`.
 *
 * @example
 * ```ts
 * throw new SeriesDuplicateError('eth.csv', '2020-03-12T00:00:00Z', [5, 9])
 * ```
 */
export class SeriesDuplicateError extends XcollatError {
  override name = 'SeriesDuplicateError'
  constructor(file: string, time: string, lines: readonly number[]) {
    super(`${file}: lines ${lines.join(' and ')} have the same time ${time}.`, {
      code: 'XC_SERIES_DUPLICATE',
      instruction: 'Keep one row per time (remove the duplicate rows).',
    })
  }
}

/** The largest price a series may hold: beyond it the exact (1e18-scaled bigint) replay would overflow a double. */
const MAX_SERIES_VALUE = 1e15

/**
 * A value of a series file is a number too large to be a price. Code `XC_SERIES_VALUE`.
 *
 * @example
 * ```ts
 * throw new SeriesValueError('eth.csv', 7, 'close', '1e308')
 * ```
 */
export class SeriesValueError extends XcollatError {
  override name = 'SeriesValueError'
  constructor(file: string, line: number, column: string, raw: string) {
    super(
      `${file}: line ${line}: ${column} ${JSON.stringify(raw.slice(0, 40))} is above ${MAX_SERIES_VALUE}.`,
      {
        code: 'XC_SERIES_VALUE',
        instruction: `Give prices at most ${MAX_SERIES_VALUE} (check the column and its unit).`,
      },
    )
  }
}

/**
 * Parses a time cell: ISO 8601 (`2022-05-11T07:45:00Z`, `2022-05-11`), or unix seconds or
 * milliseconds (a number above 1e11 is taken as milliseconds). Returns unix seconds, or
 * undefined when the cell is not a time.
 *
 * @example
 * ```ts
 * parseTime('2020-03-12T00:00:00Z') // 1583971200
 * parseTime('1583971200000') // 1583971200
 * ```
 */
export function parseTime(cell: string): number | undefined {
  const text = cell.trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text)
    return n > 1e11 ? n / 1000 : n
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? ms / 1000 : undefined
}

/**
 * Builds a series from a parsed table: the time from `timeColumn` (default: the first
 * column), the value from `column` (a header name or a 0-based index). Rows with a bad time
 * or a value that is not a positive number are reported and skipped; a value above
 * {@link MAX_SERIES_VALUE} is refused (`SeriesValueError`); rows out of order are sorted (and
 * counted in `reordered`); two rows with the same time are refused (`SeriesDuplicateError`);
 * gaps wider than 1.5 steps are reported.
 *
 * @example
 * ```ts
 * const s = seriesFromTable(table, { column: 'close', name: 'ETH' })
 * s.issues.filter((i) => i.kind === 'gap').length
 * ```
 */
export function seriesFromTable(
  table: CsvTable,
  options: { readonly column: string; readonly name?: string; readonly timeColumn?: string },
): TimeSeries {
  const column = /^\d+$/.test(options.column) ? table.header[Number(options.column)] : options.column
  if (column === undefined || !table.header.includes(column))
    throw new SeriesError(
      `${table.file}: no column ${JSON.stringify(options.column)}.`,
      `Use one of: ${table.header.join(', ')}.`,
    )
  const timeColumn = options.timeColumn ?? table.header[0]!
  const rows: Array<{ t: number; v: number; line: number }> = []
  const issues: SeriesIssue[] = []
  const timeText = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z')
  for (const row of table.rows) {
    const t = parseTime(row.values[timeColumn] ?? '')
    const raw = row.values[column] ?? ''
    const v = Number(raw)
    if (t === undefined)
      issues.push({
        kind: 'bad-row',
        line: row.line,
        reason: `time ${JSON.stringify((row.values[timeColumn] ?? '').slice(0, 40))} is not a date or unix time`,
      })
    else if (raw.trim() === '' || Number.isNaN(v) || v <= 0)
      issues.push({
        kind: 'bad-row',
        line: row.line,
        reason: `${column} ${JSON.stringify(raw.slice(0, 40))} is not a positive number`,
      })
    else if (!(v <= MAX_SERIES_VALUE)) throw new SeriesValueError(table.file, row.line, column, raw)
    else rows.push({ t, v, line: row.line })
  }
  let reordered = 0
  for (let i = 1; i < rows.length; i++) if (rows[i]!.t < rows[i - 1]!.t) reordered++
  if (reordered > 0) rows.sort((a, b) => a.t - b.t || a.line - b.line)
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.t === rows[i - 1]!.t)
      throw new SeriesDuplicateError(table.file, timeText(rows[i]!.t), [rows[i - 1]!.line, rows[i]!.line])
  const times = rows.map((r) => r.t)
  const values = rows.map((r) => r.v)
  if (times.length < 2)
    throw new SeriesError(
      `${table.file}: fewer than two usable rows in ${column}.`,
      'Check the column and the time format.',
    )
  const steps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b)
  const stepSeconds = steps[Math.floor((steps.length - 1) / 2)]! // lower median: robust to gaps
  for (let i = 1; i < times.length; i++) {
    const dt = times[i]! - times[i - 1]!
    if (dt > 1.5 * stepSeconds)
      issues.push({
        kind: 'gap',
        fromTime: times[i - 1]!,
        toTime: times[i]!,
        missingSteps: Math.round(dt / stepSeconds) - 1,
      })
  }
  return {
    name: options.name ?? column,
    file: table.file,
    column,
    times: Float64Array.from(times),
    values: Float64Array.from(values),
    stepSeconds,
    issues,
    reordered,
  }
}

/**
 * Reads column `column` of a CSV file as a time series (first column the time, unless
 * `timeColumn` says otherwise). Works for the OHLCV candle files (`close`), Chainlink round
 * files (`answer`, time column `updated_at_unix`), CoinMarketCap days (`close_usd`) and any
 * user file in the same shape.
 *
 * @example
 * ```ts
 * const eth = await readSeries(`${dir}/prices/binance_ethusdt_1h_2020-01_2022-10.csv`, { column: 'close' })
 * ```
 */
export async function readSeries(
  file: string,
  options: { readonly column: string; readonly name?: string; readonly timeColumn?: string },
): Promise<TimeSeries> {
  return seriesFromTable(await readCsv(file), options)
}

/** `--price ASSET=FILE:COLUMN` parsed. */
export type PriceOption = { readonly asset: string; readonly file: string; readonly column: string }

/**
 * Parses a `--price ASSET=FILE:COLUMN` option. The column is after the last colon, so a
 * Windows-style or colon-containing path still works.
 *
 * @example
 * ```ts
 * parsePriceOption('WETH=data/eth.csv:close') // { asset: 'WETH', file: 'data/eth.csv', column: 'close' }
 * ```
 */
export function parsePriceOption(text: string): PriceOption {
  const eq = text.indexOf('=')
  const colon = text.lastIndexOf(':')
  if (eq <= 0 || colon <= eq + 1 || colon === text.length - 1)
    throw new SeriesError(
      `Cannot read --price ${JSON.stringify(text)}.`,
      'Write it as ASSET=FILE:COLUMN, e.g. WETH=eth.csv:close.',
    )
  return { asset: text.slice(0, eq), file: text.slice(eq + 1, colon), column: text.slice(colon + 1) }
}

/**
 * The data folder: the `--data` option if given, else `XCOLLAT_DATA_DIR`, else undefined
 * (the product runs without one).
 *
 * @example
 * ```ts
 * const dir = dataDir(opts.data, process.env)
 * ```
 */
export function dataDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const dir = option ?? env.XCOLLAT_DATA_DIR
  return dir === undefined || dir === '' ? undefined : dir
}
