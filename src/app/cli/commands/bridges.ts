import type { Command } from 'commander'
import { XcollatError } from '../../../core/errors.js'
import { type ClassPrior, calibrateClassPriors } from '../../../core/trust/trackRecord.js'
import { bridgeIncidentsPath, loadBridgeIncidents } from '../../../io/data/bridgeIncidents.js'
import type { RegisterCommand } from './index.js'

/**
 * Neither `--data` nor `XCOLLAT_DATA_DIR` was given. Code `XC_NO_DATA_DIR`.
 *
 * @example
 * ```ts
 * // $ xcollat bridges calibrate          (no --data, XCOLLAT_DATA_DIR unset)
 * // error [XC_NO_DATA_DIR]: No data directory given. Pass --data DIR or set XCOLLAT_DATA_DIR …
 * ```
 */
export class NoDataDirError extends XcollatError {
  override name = 'NoDataDirError'
  constructor() {
    super('No data directory given.', {
      code: 'XC_NO_DATA_DIR',
      instruction:
        'Pass --data DIR or set XCOLLAT_DATA_DIR to a directory holding bridges/bridge_incidents.csv.',
    })
  }
}

/**
 * A CLI option value that cannot be used. Code `XC_BAD_OPTION`.
 *
 * @example
 * ```ts
 * // $ xcollat bridges calibrate --data DIR --format xml
 * // error [XC_BAD_OPTION]: --format "xml" is not "text" or "json". …
 * ```
 */
export class BadOptionError extends XcollatError {
  override name = 'BadOptionError'
  constructor(option: string, value: string, expected: string) {
    super(`${option} ${JSON.stringify(value)} is not ${expected}.`, {
      code: 'XC_BAD_OPTION',
      instruction: `Pass ${option} as ${expected}.`,
    })
  }
}

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
  const header = [
    'class',
    'incidents',
    'exposure',
    'shape',
    'rate',
    'mean/yr',
    '90% interval/yr',
    'P(fail)/yr',
  ]
  const table = priors.map((p) => [
    p.bridgeClass,
    `${p.incidents} (${p.byAnnotation} annotated, ${p.byRule} by rule)`,
    `${p.exposureYears} bridge-yr`,
    num(p.prior.shape),
    num(p.prior.rate),
    num(p.mean),
    `[${num(p.lower)}, ${num(p.upper)}]`,
    pct(p.annualFailureProbability),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)))
  const row = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  lines.push(row(header), row(widths.map((w) => '-'.repeat(w))), ...table.map(row), '', 'Why:')
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

/**
 * `xcollat bridges calibrate --data DIR [--format json] [--prior-weight YEARS]`: prints the Gamma
 * prior of each bridge class calibrated from `bridges/bridge_incidents.csv`, and why.
 *
 * @example
 * ```ts
 * registerBridges(program) // then: xcollat bridges calibrate --data ../shared/data
 * ```
 */
export const registerBridges: RegisterCommand = (program: Command) => {
  const bridges = program.command('bridges').description('bridge track records and class priors')
  bridges
    .command('calibrate')
    .description('calibrate the Gamma prior of each bridge class from the incident record')
    .option('--data <dir>', 'data directory holding bridges/bridge_incidents.csv (or XCOLLAT_DATA_DIR)')
    .option('--format <format>', 'text or json', 'text')
    .option('--prior-weight <years>', 'evidence weight of each class prior, in bridge-years', '5')
    .action(async (options: { data?: string; format: string; priorWeight: string }) => {
      const dataDir = options.data ?? process.env.XCOLLAT_DATA_DIR
      if (dataDir === undefined || dataDir === '') throw new NoDataDirError()
      if (options.format !== 'text' && options.format !== 'json')
        throw new BadOptionError('--format', options.format, '"text" or "json"')
      const priorWeightYears = Number(options.priorWeight)
      if (!Number.isFinite(priorWeightYears) || priorWeightYears <= 0)
        throw new BadOptionError('--prior-weight', options.priorWeight, 'a positive number of bridge-years')
      const incidents = await loadBridgeIncidents(dataDir)
      const priors = calibrateClassPriors({ incidents, priorWeightYears })
      const file = bridgeIncidentsPath(dataDir)
      if (options.format === 'json')
        process.stdout.write(
          `${JSON.stringify({ file, incidents: incidents.length, priorWeightYears, priors }, null, 2)}\n`,
        )
      else process.stdout.write(formatPriors(priors, file, incidents.length))
    })
}
