import { mkdir } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { Command } from 'commander'
import { buildOnboardingReport } from '../../report/build.js'
import { reportHtml, reportMarkdown } from '../../report/render.js'
import { commandAction } from '../context.js'
import { BadOptionError, choiceOption, dataOption, numberOption, seedOption } from '../options.js'
import { packageVersion } from '../version.js'

const FORMATS = ['md', 'html', 'json'] as const

type ReportOptions = {
  readonly route?: string | undefined
  readonly out?: string | undefined
  readonly format?: (typeof FORMATS)[number] | undefined
  readonly paths: number
  readonly seed: bigint
  readonly data?: string | undefined
}

function formatOf(o: ReportOptions): (typeof FORMATS)[number] {
  if (o.format !== undefined) return o.format
  if (o.out === undefined) return 'md'
  const ext = extname(o.out).toLowerCase()
  if (ext === '.html' || ext === '.htm') return 'html'
  if (ext === '.json') return 'json'
  return 'md'
}

/**
 * Registers `xcollat report <config> --route ID [--data DIR] [--out FILE.md|FILE.html]
 * [--format md|html|json] [--paths N] [--seed S]`: the Collateral Onboarding Report of one route.
 * Markdown links its charts, written beside it as `FILE.<chart>.svg`; HTML holds them inline.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat report examples/small.yaml --route weth-eth-arb-canonical --out report.html
 * ```
 */
export function register(program: Command): void {
  program
    .command('report')
    .description('Collateral Onboarding Report of one route: every term, validation, frontier and charts')
    .argument('<config>', 'protocol configuration (YAML or JSON)')
    .option('--route <id>', 'the route to report on')
    .option(
      '-o, --out <file>',
      'write FILE.md (charts beside it as FILE.<chart>.svg) or FILE.html (self-contained)',
    )
    .addOption(
      choiceOption(
        '-f, --format <format>',
        'output format (default: from the --out extension, else md)',
        FORMATS,
      ),
    )
    .addOption(
      numberOption('-n, --paths <n>', 'Monte Carlo paths of the LT → loss frontier (0: none)', {
        min: 0,
        max: 1_000_000,
        integer: true,
        default: 1000,
      }),
    )
    .addOption(seedOption('random seed of the frontier (printed in the report)', 1n))
    .addOption(dataOption('data folder with price histories (validation and the price chart)'))
    .action(
      commandAction(async (ctx, o: ReportOptions, file: string) => {
        if (o.route === undefined)
          throw new BadOptionError('--route', 'a route id of the configuration', undefined)
        const format = formatOf(o)
        const registry = await ctx.loadRegistry(file)
        const built = await buildOnboardingReport({
          registry,
          configFile: file,
          routeId: o.route,
          dataDir: ctx.dataDir,
          paths: o.paths,
          seed: o.seed,
          createdAt: new Date().toISOString(),
          version: packageVersion(),
        })
        for (const f of built.dataFiles) ctx.addInput(`data:${basename(f)}`, f)
        if (format === 'json') {
          await ctx.writeEnvelope(o.out, {
            seed: o.seed,
            options: { route: o.route, paths: o.paths, format },
            result: {
              route: o.route,
              title: built.title,
              blocks: built.blocks,
              charts: [...built.svgs.keys()],
            },
          })
          return undefined
        }
        if (format === 'html') {
          await ctx.writeOutput(o.out, reportHtml(built.blocks, built.svgs, built.title))
          return undefined
        }
        if (o.out === undefined) {
          await ctx.writeOutput(undefined, reportMarkdown(built.blocks, undefined))
          return undefined
        }
        const stem = basename(o.out, extname(o.out))
        const chartFile = (id: string) => `${stem}.${id}.svg`
        await mkdir(dirname(o.out), { recursive: true })
        for (const [id, svg] of built.svgs) await ctx.writeOutput(join(dirname(o.out), chartFile(id)), svg)
        await ctx.writeOutput(o.out, reportMarkdown(built.blocks, chartFile))
        return undefined
      }),
    )
}
