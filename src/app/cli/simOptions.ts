import type { Command } from 'commander'
import type { Registry } from '../../config/resolve.js'
import {
  BOOK_CALIBRATION,
  DEPEG_CALIBRATION,
  FAULT_CALIBRATION,
  MARKET_CALIBRATION,
} from '../../core/sim/calibration.js'
import type { SimPortfolio } from '../../core/sim/portfolio.js'
import { DEFAULT_SIMULATION_OPTIONS, type SimulationOptions } from '../sim/fromConfig.js'
import type { CommandContext } from './context.js'
import { BadOptionError, numberOption } from './options.js'

/** The simulation-shape options of `simulate` and `solve`, as commander parses them. */
export type SimulationShapeOptions = {
  readonly horizon: number
  readonly step: number
  readonly positions: number
  readonly jumpIntensity: number
  readonly jumpMean: number
  readonly jumpStd: number
}

/**
 * Adds the options shared by `simulate` and `solve` (horizon, step, positions, jumps), each
 * parsed and bounded by commander.
 *
 * @example
 * ```ts
 * withSimulationShapeOptions(program.command('simulate'))
 * ```
 */
export function withSimulationShapeOptions(cmd: Command): Command {
  const d = DEFAULT_SIMULATION_OPTIONS
  return cmd
    .addOption(
      numberOption('--horizon <seconds>', 'simulated horizon', {
        min: 1,
        max: 365 * 86_400,
        default: d.horizonSeconds,
      }),
    )
    .addOption(
      numberOption('--step <seconds>', 'time step of the price paths', {
        min: 1,
        max: 86_400,
        default: d.stepSeconds,
      }),
    )
    .addOption(
      numberOption('--positions <n>', 'synthetic positions per route', {
        min: 1,
        max: 1000,
        integer: true,
        default: d.positionsPerRoute,
      }),
    )
    .addOption(
      numberOption('--jump-intensity <perYear>', 'Merton jumps per year', {
        min: 0,
        max: 10_000,
        default: 0,
      }),
    )
    .addOption(
      numberOption('--jump-mean <log>', 'mean log jump size (negative: crashes)', {
        min: -5,
        max: 5,
        default: 0,
      }),
    )
    .addOption(
      numberOption('--jump-std <log>', 'standard deviation of the log jump size', {
        min: 0,
        max: 5,
        default: 0,
      }),
    )
}

/**
 * The {@link SimulationOptions} the shape options give.
 *
 * @example
 * ```ts
 * simulationOptionsFrom({ horizon: 86400, step: 60, positions: 10, jumpIntensity: 0, jumpMean: 0, jumpStd: 0 })
 * ```
 */
export function simulationOptionsFrom(o: SimulationShapeOptions): SimulationOptions {
  return {
    ...DEFAULT_SIMULATION_OPTIONS,
    horizonSeconds: o.horizon,
    stepSeconds: o.step,
    positionsPerRoute: o.positions,
    jumpIntensityPerYear: o.jumpIntensity,
    jumpMeanLog: o.jumpMean,
    jumpStdLog: o.jumpStd,
  }
}

/**
 * Checks the simulated book of `simulate` and `solve`: warns about every route of the
 * configuration left out (no positive LT), and refuses an empty book.
 *
 * @example
 * ```ts
 * checkBook(ctx, registry, portfolio, 'examples/small.yaml')
 * ```
 */
export function checkBook(
  ctx: CommandContext,
  registry: Registry,
  portfolio: SimPortfolio,
  file: string,
): void {
  // A simulated route is named after its config route, or `market/route` when several markets use it.
  const simulated = portfolio.routes.map((r) => r.id)
  for (const route of registry.routes)
    if (!simulated.some((id) => id === route.id || id.endsWith(`/${route.id}`)))
      ctx.warn(`route ${route.id} is left out: it has no positive LT (current or recommended)`)
  if (portfolio.routes.length === 0)
    throw new BadOptionError(
      '<config>',
      'at least one route with a positive LT (current or recommended)',
      file,
    )
}

/**
 * The model assumptions of `simulate` and `solve` that the configuration does not state
 * (`core/sim/calibration.ts`, documented in docs/model.md), one line each.
 *
 * @example
 * ```ts
 * simulationAssumptions()[0] // 'bridgeHaltSeconds: 21600'
 * ```
 */
export function simulationAssumptions(): string[] {
  const line = (prefix: string, o: object) =>
    Object.entries(o).map(([k, v]) => `${prefix}${k}: ${typeof v === 'number' ? v : String(v)}`)
  return [
    ...line('', FAULT_CALIBRATION),
    ...line('market.', MARKET_CALIBRATION),
    ...line('book.', BOOK_CALIBRATION),
    ...Object.entries(DEPEG_CALIBRATION).flatMap(([cls, d]) => line(`depeg.${cls}.`, d)),
  ]
}

/**
 * One line describing the simulated book and market, for the table output of `simulate`.
 *
 * @example
 * ```ts
 * describeBook(portfolio) // 'book: a cohort every 86400 s living 86400 s; stressed regime 1/year × 7 days at 3× volatility, …'
 * ```
 */
export function describeBook(portfolio: SimPortfolio): string {
  const b = portfolio.book
  if (b === undefined) return 'book opened once at t = 0'
  const m = portfolio.market
  const market = m
    ? `stressed regime ${m.stressRatePerYear}/year × ${m.stressMeanSeconds / 86_400} days at ${m.stressVolMultiplier}× volatility, ${m.jumpIntensityPerYear} market jumps/year of ${((Math.exp(m.jumpMeanLog) - 1) * 100).toFixed(1)} %`
    : 'calm market'
  const depegs = portfolio.assets.filter((a) => a.depeg !== undefined).map((a) => a.id)
  return `book: a cohort every ${b.cohortSeconds} s living ${b.lifeSeconds} s; ${market}; depegs: ${depegs.length > 0 ? depegs.join(', ') : 'none'}`
}
