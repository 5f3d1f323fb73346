import type { Command } from 'commander'
import type { Registry } from '../../config/resolve.js'
import type { SimPortfolio } from '../../core/sim/portfolio.js'
import { DEFAULT_SIMULATION_OPTIONS, FAULT_ASSUMPTIONS, type SimulationOptions } from '../sim/fromConfig.js'
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
 * (FAULT_ASSUMPTIONS, documented in docs/model.md), one line each.
 *
 * @example
 * ```ts
 * simulationAssumptions()[0] // 'bridgeHaltSeconds: 21600'
 * ```
 */
export function simulationAssumptions(): string[] {
  return Object.entries(FAULT_ASSUMPTIONS).map(([k, v]) => `${k}: ${v}`)
}
