import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { loadConfig } from '../../../config/load.js'
import { type AssessmentReport, assess } from '../../../core/assess/assess.js'
import { XcollatError } from '../../../core/errors.js'
import { formatCsv } from '../format/csv.js'
import { formatJson } from '../format/json.js'
import { formatMarkdown } from '../format/md.js'
import { formatTable } from '../format/table.js'
import { EXIT } from '../output.js'
import type { RegisterCommand } from './index.js'

/**
 * Output formats of `xcollat assess`.
 *
 * @example
 * ```ts
 * ASSESS_FORMATS.includes('md') // true
 * ```
 */
export const ASSESS_FORMATS = ['table', 'json', 'csv', 'md'] as const

/** One of {@link ASSESS_FORMATS}. */
export type AssessFormat = (typeof ASSESS_FORMATS)[number]

/**
 * `--format` is not one of the formats. Code `XC_BAD_FORMAT`.
 *
 * @example
 * ```ts
 * throw new UnknownFormatError('xml') // code XC_BAD_FORMAT
 * ```
 */
export class UnknownFormatError extends XcollatError {
  override name = 'UnknownFormatError'
  readonly problems: readonly string[]
  constructor(value: string) {
    super(`--format ${JSON.stringify(value)} is not a known format.`, {
      code: 'XC_BAD_FORMAT',
      instruction: `Use one of ${ASSESS_FORMATS.join(', ')}.`,
    })
    this.problems = [
      `--format: expected one of ${ASSESS_FORMATS.join(' | ')}, found ${JSON.stringify(value)}`,
    ]
  }
}

/**
 * The output file cannot be written. Code `XC_OUTPUT`.
 *
 * @example
 * ```ts
 * throw new OutputFileError('/nope/a.json', 'ENOENT') // code XC_OUTPUT
 * ```
 */
export class OutputFileError extends XcollatError {
  override name = 'OutputFileError'
  constructor(file: string, reason: string) {
    super(`Cannot write ${file}: ${reason}.`, {
      code: 'XC_OUTPUT',
      instruction: 'Pass --out a path in an existing, writable directory.',
    })
  }
}

/**
 * Renders a report in one of the formats.
 *
 * @example
 * ```ts
 * renderReport(report, 'md', { color: false })
 * ```
 */
export function renderReport(
  report: AssessmentReport,
  format: AssessFormat,
  options: { readonly color: boolean },
): string {
  switch (format) {
    case 'json':
      return formatJson(report)
    case 'csv':
      return formatCsv(report)
    case 'md':
      return formatMarkdown(report)
    case 'table':
      return formatTable(report, options)
  }
}

/** Options of `xcollat assess`. */
export type AssessOptions = {
  readonly format: string
  readonly out?: string | undefined
  readonly data?: string | undefined
}

/**
 * Runs `xcollat assess <file>`: load, assess, render, write; returns the exit code (0, or 1
 * when a market's current parameters are unsafe). Bad input throws a named error (exit 2).
 *
 * @example
 * ```ts
 * process.exitCode = await runAssess('examples/small.yaml', { format: 'json' })
 * ```
 */
export async function runAssess(file: string, options: AssessOptions): Promise<number> {
  const format = options.format as AssessFormat
  if (!ASSESS_FORMATS.includes(format)) throw new UnknownFormatError(options.format)
  const registry = await loadConfig(file, {
    dataDir: options.data ?? (process.env.XCOLLAT_DATA_DIR || undefined),
  })
  const report = assess(registry)
  const color =
    options.out === undefined && format === 'table' && process.stdout.isTTY === true && !process.env.NO_COLOR
  const text = renderReport(report, format, { color })
  if (options.out !== undefined) {
    try {
      await writeFile(options.out, text, 'utf8')
    } catch (error) {
      throw new OutputFileError(options.out, (error as { code?: string }).code ?? String(error))
    }
    process.stderr.write(`wrote ${options.out}\n`)
  } else process.stdout.write(text)
  if (report.unsafe) {
    process.stderr.write('Current parameters are unsafe for at least one route (exit code 1).\n')
    return EXIT.unsafe
  }
  return EXIT.ok
}

/**
 * Registers `xcollat assess <file> [--format table|json|csv|md] [--out FILE] [--data DIR]`.
 *
 * @example
 * ```ts
 * registerAssess(program)
 * ```
 */
export const registerAssess: RegisterCommand = (program: Command) => {
  program
    .command('assess')
    .description(
      'Recommend LTV, liquidation threshold, bonus and supply cap for every route of a configuration',
    )
    .argument('<file>', 'protocol configuration (YAML or JSON)')
    .option('-f, --format <format>', `output format: ${ASSESS_FORMATS.join(', ')}`, 'table')
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option(
      '--data <dir>',
      "data directory that assets' volatilitySeries files are read from (default: XCOLLAT_DATA_DIR)",
    )
    .action(async (file: string, options: AssessOptions) => {
      process.exitCode = await runAssess(file, options)
    })
}
