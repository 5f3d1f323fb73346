import pc from 'picocolors'

/** Terminal colours (picocolors); `plain` has none. */
export type Colors = ReturnType<typeof pc.createColors>

/**
 * No colours: what a pipe, a file or `NO_COLOR` gets.
 *
 * @example
 * ```ts
 * renderRows(rows, 'table', { colors: plain })
 * ```
 */
export const plain: Colors = pc.createColors(false)

/**
 * Colours for a terminal when `enabled`, else {@link plain}.
 *
 * @example
 * ```ts
 * const c = colors(process.stdout.isTTY === true && !process.env.NO_COLOR)
 * ```
 */
export function colors(enabled: boolean): Colors {
  return enabled ? pc.createColors(true) : plain
}

/** A cell: text as shown in a table or Markdown; a number or boolean is written raw in CSV. */
type Cell = string | number | boolean | undefined

/**
 * A column: its header, its CSV name (`key`, default the header), its alignment and how a
 * cell is shown in a table or Markdown (`format`, default `String`).
 *
 * @example
 * ```ts
 * const ltv: Column = { header: 'LTV', key: 'ltv', align: 'right', format: (v) => pct(Number(v)) }
 * ```
 */
type Column = {
  readonly header: string
  readonly key?: string | undefined
  readonly align?: 'left' | 'right' | undefined
  readonly format?: ((value: Cell) => string) | undefined
}

/**
 * Rows to render: the same rows give the terminal table, the Markdown table and the CSV.
 *
 * @example
 * ```ts
 * const rows: Rows = { columns: [{ header: 'route' }, { header: 'LT', align: 'right' }], rows: [['r1', '82.50%']] }
 * ```
 */
export type Rows = {
  readonly columns: readonly Column[]
  readonly rows: readonly (readonly Cell[])[]
}

/** The formats {@link renderRows} draws. */
export type RenderFormat = 'table' | 'md' | 'csv'

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes to measure width
const ANSI = /\u001b\[[0-9;]*m/g
const width = (text: string) => [...text.replace(ANSI, '')].length
const show = (column: Column, value: Cell) =>
  column.format ? column.format(value) : value === undefined ? '' : String(value)

function csvCell(value: Cell): string {
  const text = value === undefined ? '' : String(value).replace(ANSI, '')
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Draws rows as lines: `table` (padded columns, bold header and a rule, colours kept),
 * `md` (a GitHub table, `|` escaped) or `csv` (RFC 4180, raw numbers, `key` headers).
 *
 * @example
 * ```ts
 * renderRows({ columns: [{ header: 'a' }, { header: 'b', align: 'right' }], rows: [['x', 1]] }, 'md')
 * // ['| a | b |', '| --- | ---: |', '| x | 1 |']
 * ```
 */
export function renderRows(
  t: Rows,
  format: RenderFormat,
  options: { readonly colors?: Colors | undefined } = {},
): string[] {
  const { columns } = t
  if (format === 'csv')
    return [
      columns.map((c) => csvCell(c.key ?? c.header)).join(','),
      ...t.rows.map((r) => columns.map((_, i) => csvCell(r[i])).join(',')),
    ]
  const cells = t.rows.map((r) => columns.map((c, i) => show(c, r[i])))
  if (format === 'md') {
    const line = (row: readonly string[]) =>
      `| ${row.map((x) => x.replace(ANSI, '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join(' | ')} |`
    return [
      line(columns.map((c) => c.header)),
      line(columns.map((c) => (c.align === 'right' ? '---:' : '---'))),
      ...cells.map(line),
    ]
  }
  const c = options.colors ?? plain
  const widths = columns.map((col, i) => Math.max(width(col.header), ...cells.map((r) => width(r[i] ?? ''))))
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell))
        return columns[i]?.align === 'right' ? pad + cell : cell + pad
      })
      .join('  ')
      .trimEnd()
  return [
    c.bold(line(columns.map((col) => col.header))),
    c.dim(widths.map((w) => '─'.repeat(w)).join('  ')),
    ...cells.map(line),
  ]
}
