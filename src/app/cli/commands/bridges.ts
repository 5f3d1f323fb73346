import type { Command } from 'commander'
import { type ClassPrior, calibrateClassPriors } from '../../../core/trust/trackRecord.js'
import { bridgeIncidentsPath, loadBridgeIncidents } from '../../../io/data/bridgeIncidents.js'
import { commandAction } from '../context.js'
import { type Rows, renderRows } from '../format/render.js'
import { dataOption, formatOption, numberOption } from '../options.js'

const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const num = (x: number) => Number(x.toPrecision(4)).toString()

/**
 * Renders calibrated priors as text, one block per class.
 *
 * @example
 * ```ts
 * process.stdout.write(formatPriors(priors, 'data/bridges/bridge_incidents.csv', 33))
 * ```
 */
export function formatPriors(priors: readonly ClassPrior[], file: string, rows: number): string {
  const lines = [`Bridge-class priors from ${file} (${rows} incidents)`, '']
  const table: Rows = {
    columns: [
      { header: 'class' },
      { header: 'incidents' },
      { header: 'exposure' },
      { header: 'shape', align: 'right' },
      { header: 'rate', align: 'right' },
      { header: 'mean/yr', align: 'right' },
      { header: '90% interval/yr', align: 'right' },
      { header: 'P(fail)/yr', align: 'right' },
    ],
    rows: priors.map((p) => [
      p.bridgeClass,
      `${p.incidents} (${p.byAnnotation} annotated, ${p.byRule} by rule)`,
      `${p.exposureYears} bridge-yr`,
      num(p.prior.shape),
      num(p.prior.rate),
      num(p.mean),
      `[${num(p.lower)}, ${num(p.upper)}]`,
      pct(p.annualFailureProbability),
    ]),
  }
  lines.push(...renderRows(table, 'table'), '', 'Why:')
  for (const p of priors) lines.push(`- ${p.bridgeClass}: ${p.why}.`)
  lines.push(
    '',
    'Classification: a row is optimistic / light client / native when its validation_mechanism says so;',
    'every other row (external, multisig, MPC annotations, "contract logic" bugs and unannotated rows) is',
    'external; "rule" counts the rows classed by that default rather than by their own annotation.',
    'Exposure is an assumption (the file has incidents, not exposure); the prior carries the weight of',
    'w bridge-years (--prior-weight), so a bridge with a few years of its own record moves it materially.',
  )
  return `${lines.join('\n')}\n`
}

type CalibrateOptions = { readonly format: 'text' | 'json'; readonly priorWeight: number }

/**
 * Registers `xcollat bridges calibrate --data DIR [--format json] [--prior-weight YEARS]`: prints
 * the Gamma prior of each bridge class calibrated from `bridges/bridge_incidents.csv`, and why.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat bridges calibrate --data ../shared/data
 * ```
 */
export function register(program: Command): void {
  const bridges = program.command('bridges').description('Bridge track records and class priors')
  bridges
    .command('calibrate')
    .description('calibrate the Gamma prior of each bridge class from the incident record')
    .addOption(dataOption('data folder holding bridges/bridge_incidents.csv'))
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(
      numberOption('--prior-weight <years>', 'evidence weight of each class prior, in bridge-years', {
        min: 0,
        exclusiveMin: true,
        max: 1e6,
        default: 5,
      }),
    )
    .action(
      commandAction(async (ctx, o: CalibrateOptions) => {
        const dataDir = ctx.requireDataDir('bridges/bridge_incidents.csv')
        const incidents = await loadBridgeIncidents(dataDir)
        const file = bridgeIncidentsPath(dataDir)
        ctx.addInput('incidents', file)
        const priors = calibrateClassPriors({ incidents, priorWeightYears: o.priorWeight })
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { file, incidents: incidents.length, priorWeightYears: o.priorWeight, priors },
            options: { format: o.format, priorWeightYears: o.priorWeight },
            assumptions: [
              `each class prior carries the weight of ${o.priorWeight} bridge-years (--prior-weight)`,
              'exposure is assumed (the incident file has incidents, not exposure)',
            ],
          })
        else await ctx.writeOutput(undefined, formatPriors(priors, file, incidents.length))
        return undefined
      }),
    )
}
