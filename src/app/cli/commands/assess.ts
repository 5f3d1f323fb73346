import type { Command } from 'commander'
import { type AssessmentReport, assess } from '../../../core/assess/assess.js'
import { commandAction } from '../context.js'
import { formatCsv } from '../format/csv.js'
import { formatMarkdown } from '../format/md.js'
import { formatTable } from '../format/table.js'
import { dataOption, formatOption } from '../options.js'
import { EXIT } from '../output.js'
import { trustProgressLine } from '../trustProgress.js'

/**
 * Output formats of `xcollat assess`.
 *
 * @example
 * ```ts
 * ASSESS_FORMATS.includes('md') // true
 * ```
 */
export const ASSESS_FORMATS = ['table', 'json', 'csv', 'md'] as const

type AssessOptions = {
  readonly format: (typeof ASSESS_FORMATS)[number]
  readonly out?: string | undefined
  readonly data?: string | undefined
}

/** The assessment's JSON result: `{ version: 1, unsafe, routes }`. */
function resultOf(report: AssessmentReport) {
  return { version: report.version, unsafe: report.unsafe, routes: report.routes }
}

/**
 * Registers `xcollat assess <file> [--format table|json|csv|md] [--out FILE] [--data DIR]`:
 * load, assess, render, write. Exit 0, or 1 when a market's current parameters are unsafe.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat assess examples/small.yaml --format json
 * ```
 */
export function register(program: Command): void {
  program
    .command('assess')
    .description(
      'Recommend LTV, liquidation threshold, bonus and supply cap for every route of a configuration',
    )
    .argument('<file>', 'protocol configuration (YAML or JSON)')
    .addOption(formatOption(ASSESS_FORMATS, 'table'))
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .addOption(dataOption("data folder that assets' volatilitySeries files are read from"))
    .action(
      commandAction(async (ctx, o: AssessOptions, file: string) => {
        const registry = await ctx.loadRegistry(file)
        const report = assess(registry, { onTrustProgress: trustProgressLine(process.stderr) })
        const color =
          o.out === undefined &&
          o.format === 'table' &&
          process.stdout.isTTY === true &&
          !process.env.NO_COLOR
        if (o.format === 'json')
          await ctx.writeEnvelope(o.out, {
            result: resultOf(report),
            options: { format: o.format },
            assumptions: [...new Set(report.routes.flatMap((r) => r.assumptions))],
          })
        else
          await ctx.writeOutput(
            o.out,
            o.format === 'csv'
              ? formatCsv(report)
              : o.format === 'md'
                ? formatMarkdown(report)
                : formatTable(report, { color }),
          )
        if (report.unsafe) {
          process.stderr.write('Current parameters are unsafe for at least one route (exit code 1).\n')
          return EXIT.unsafe
        }
        return EXIT.ok
      }),
    )
}
