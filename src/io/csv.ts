import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { XcollatError } from '../core/errors.js'

/** A CSV file could not be read or parsed. Code `XC_CSV`. */
export class CsvError extends XcollatError {
  override name = 'CsvError'
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`, {
      code: 'XC_CSV',
      instruction: 'Check the file exists and is comma-separated with a header row.',
    })
  }
}

/** Parsed CSV: the header and one record per data row, keyed by header name, with 1-based line numbers. */
export type CsvTable = {
  readonly file: string
  readonly header: readonly string[]
  readonly rows: ReadonlyArray<{ readonly line: number; readonly values: Readonly<Record<string, string>> }>
}

/**
 * Splits CSV text into rows of fields with csv-parse (RFC 4180: quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 byte-order mark dropped, blank lines skipped), each with the 1-based line
 * number it starts on in the file, so blank lines and quoted line breaks never shift the numbers
 * of later rows. A CRLF inside a quoted field is read as LF. Malformed quoting is a
 * {@link CsvError} naming the line.
 *
 * @example
 * ```ts
 * parseCsvLines('a\n\n1,"x\ny"\n') // [{ line: 1, fields: ['a'] }, { line: 3, fields: ['1', 'x\ny'] }]
 * ```
 */
export function parseCsvLines(text: string, file = '(text)'): Array<{ line: number; fields: string[] }> {
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    // csv-parse counts both characters of a CRLF inside quotes as line breaks: read CRLF as LF.
    records = parse(text.replace(/\r\n/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>
  } catch (error) {
    const e = error as { message?: string; lines?: number }
    const where = e.lines === undefined ? '' : `line ${e.lines}: `
    throw new CsvError(file, `${where}${e.message ?? String(error)}`)
  }
  // `info.lines` is the line a record ends on; its quoted line breaks come before that.
  return records.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0),
    fields: record,
  }))
}

/**
 * Reads a CSV file with a header row into records. Rows with a different number of fields
 * than the header are errors that name the line.
 *
 * @example
 * ```ts
 * const table = await readCsv(`${dataDir}/bridges/bridge_incidents.csv`)
 * table.rows[0]?.values.bridge // 'Ronin'
 * ```
 */
export async function readCsv(file: string): Promise<CsvTable> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new CsvError(file, `cannot read file (${(cause as NodeJS.ErrnoException).code ?? 'unknown error'})`)
  }
  return csvTableFromText(file, text)
}

/** Like `readCsv`, from text already in memory. @example `csvTableFromText('x.csv', 'a\n1\n').rows.length // 1` */
export function csvTableFromText(file: string, text: string): CsvTable {
  const [first, ...body] = parseCsvLines(text, file)
  if (!first) throw new CsvError(file, 'the file is empty')
  const header = first.fields
  const rows = body.map(({ line, fields }) => {
    if (fields.length !== header.length)
      throw new CsvError(file, `line ${line} has ${fields.length} fields, the header has ${header.length}`)
    const values: Record<string, string> = {}
    header.forEach((name, k) => {
      values[name] = fields[k] ?? ''
    })
    return { line, values }
  })
  return { file, header, rows }
}
