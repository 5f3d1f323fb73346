import { readFile } from 'node:fs/promises'
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
 * Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields.
 *
 * @example
 * ```ts
 * parseCsvText('a,b\n1,"x,y"\n') // [['a', 'b'], ['1', 'x,y']]
 * ```
 */
export function parseCsvText(text: string): string[][] {
  return parseCsvLines(text).map((r) => r.fields)
}

/**
 * Like {@link parseCsvText}, with each row's 1-based line number in the file (the line the row
 * starts on), so blank lines and quoted line breaks never shift the numbers of later rows.
 * A UTF-8 byte-order mark at the start is dropped.
 *
 * @example
 * ```ts
 * parseCsvLines('a\n\n1\n') // [{ line: 1, fields: ['a'] }, { line: 3, fields: ['1'] }]
 * ```
 */
export function parseCsvLines(text: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.length > 1 || row[0] !== '') rows.push({ line: rowLine, fields: row })
      row = []
      line++
      rowLine = line
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push({ line: rowLine, fields: row })
  }
  return rows
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
  const [first, ...body] = parseCsvLines(text)
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
