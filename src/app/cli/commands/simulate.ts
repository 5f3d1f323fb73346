import type { Command } from 'commander'
import { loadConfig } from '../../../config/load.js'
import { simulationMetrics } from '../../../core/sim/metrics.js'
import {
  DEFAULT_SIMULATION_OPTIONS,
  portfolioFromRegistry,
  type SimulationOptions,
} from '../../sim/fromConfig.js'
import {
  BadOptionError,
  formatEstimate,
  packageVersion,
  parseErrorsAsBadInput,
  parseIntegerOption,
  parseNumberOption,
  parseSeedOption,
  toJson,
} from '../../sim/output.js'
import { runSimulation } from '../../sim/pool.js'
import { progressBar } from '../../sim/progress.js'
import { EXIT } from '../output.js'
import type { RegisterCommand } from './index.js'

/**
 * Options of `xcollat simulate` as commander passes them (strings).
 *
 * @example
 * ```ts
 * await runSimulate('examples/small.yaml', { paths: '1000', seed: '42', workers: '2', format: 'json', horizon: '86400',
 *   step: '60', positions: '10', jumpIntensity: '0', jumpMean: '0', jumpStd: '0' })
 * ```
 */
export type SimulateCliOptions = {
  readonly paths: string
  readonly seed?: string | undefined
  readonly workers: string
  readonly format: string
  readonly horizon: string
  readonly step: string
  readonly positions: string
  readonly jumpIntensity: string
  readonly jumpMean: string
  readonly jumpStd: string
}

/**
 * Parses the simulation-shape options shared by `simulate` and `solve`.
 *
 * @example
 * ```ts
 * simulationOptionsFrom({ horizon: '86400', step: '60', positions: '10', jumpIntensity: '0', jumpMean: '0', jumpStd: '0' })
 * ```
 */
export function simulationOptionsFrom(o: {
  readonly horizon: string
  readonly step: string
  readonly positions: string
  readonly jumpIntensity: string
  readonly jumpMean: string
  readonly jumpStd: string
}): SimulationOptions {
  return {
    ...DEFAULT_SIMULATION_OPTIONS,
    horizonSeconds: parseNumberOption('--horizon', o.horizon, 1, 365 * 86_400),
    stepSeconds: parseNumberOption('--step', o.step, 1, 86_400),
    positionsPerRoute: parseIntegerOption('--positions', o.positions, 1, 1000),
    jumpIntensityPerYear: parseNumberOption('--jump-intensity', o.jumpIntensity, 0, 10_000),
    jumpMeanLog: parseNumberOption('--jump-mean', o.jumpMean, -5, 5),
    jumpStdLog: parseNumberOption('--jump-std', o.jumpStd, 0, 5),
  }
}

/**
 * Adds the options shared by `simulate` and `solve` to a command.
 *
 * @example
 * ```ts
 * withSimulationShapeOptions(program.command('simulate'))
 * ```
 */
export function withSimulationShapeOptions(cmd: Command): Command {
  return cmd
    .option('--horizon <seconds>', 'simulated horizon', String(DEFAULT_SIMULATION_OPTIONS.horizonSeconds))
    .option(
      '--step <seconds>',
      'time step of the price paths',
      String(DEFAULT_SIMULATION_OPTIONS.stepSeconds),
    )
    .option(
      '--positions <n>',
      'synthetic positions per route',
      String(DEFAULT_SIMULATION_OPTIONS.positionsPerRoute),
    )
    .option('--jump-intensity <perYear>', 'Merton jumps per year', '0')
    .option('--jump-mean <log>', 'mean log jump size (negative: crashes)', '0')
    .option('--jump-std <log>', 'standard deviation of the log jump size', '0')
}

/**
 * Runs `xcollat simulate`: load the config, build the book, run the Monte Carlo on K workers
 * (Ctrl-C keeps the finished paths), print the metrics. Returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runSimulate('examples/small.yaml', { paths: '1000', seed: '42', workers: '2', format: 'json', ... })
 * ```
 */
export async function runSimulate(file: string, o: SimulateCliOptions): Promise<number> {
  if (o.format !== 'json' && o.format !== 'table')
    throw new BadOptionError('--format', 'json or table', o.format)
  if (o.seed === undefined)
    throw new BadOptionError('--seed', 'a whole number (the run is reproducible from it)', '')
  const seed = parseSeedOption(o.seed)
  // Per-path columns cost (5 + routes)·8 bytes per path, held up to three times (worker, merge,
  // sorted copies): 10^7 paths is already a few GB, 10^8 would exhaust memory mid-run.
  const paths = parseIntegerOption('--paths', o.paths, 1, 10_000_000)
  const workers = parseIntegerOption('--workers', o.workers, 1, 256)
  const options = simulationOptionsFrom(o)
  const registry = await loadConfig(file)
  const { portfolio, sources } = portfolioFromRegistry(registry, options)
  if (portfolio.routes.length === 0)
    throw new BadOptionError(
      '<config>',
      'at least one route with a positive LT (current or recommended)',
      file,
    )
  const controller = new AbortController()
  const onSigint = () => {
    controller.abort()
    process.stderr.write('\ninterrupted: keeping the finished paths\n')
  }
  process.once('SIGINT', onSigint)
  const bar = progressBar(process.stderr, paths)
  let run: Awaited<ReturnType<typeof runSimulation>>
  try {
    run = await runSimulation({
      portfolio,
      seed,
      paths,
      workers,
      signal: controller.signal,
      onProgress: (done) => bar.update(done),
    })
  } finally {
    bar.finish()
    process.removeListener('SIGINT', onSigint)
  }
  const routeMetrics = portfolio.routes.map((r, i) => {
    const m = simulationMetrics(
      { ...run.result, badDebt: run.result.routeBadDebt[i]!, lagCounts: [] },
      portfolio.stepSeconds,
    )
    return {
      id: r.id,
      liquidationThreshold: r.liquidationThreshold,
      loanToValue: r.loanToValue,
      liquidationBonus: r.liquidationBonus,
      collateralUsd: r.collateralUsd,
      badDebtVar95: m.badDebtVar95,
      badDebtEvar99: m.badDebtEvar99,
      probabilityOfBadDebt: m.probabilityOfBadDebt,
    }
  })
  const report = {
    version: packageVersion(),
    command: 'simulate',
    config: file,
    seed,
    paths: { requested: run.requestedPaths, completed: run.completedPaths },
    cancelled: run.cancelled,
    model: {
      horizonSeconds: portfolio.horizonSeconds,
      stepSeconds: portfolio.stepSeconds,
      book: portfolio.book,
      market: portfolio.market,
      assets: portfolio.assets,
      /** Share of the simulated path-steps inside the horizon (paths run on only while a liquidation is in flight). */
      stepsInHorizonShare: run.result.stepsInHorizon / run.result.stepsSimulated,
    },
    routes: sources,
    metrics: run.metrics,
    routeMetrics,
  }
  if (o.format === 'json') process.stdout.write(toJson(report))
  else {
    const m = run.metrics
    const lines = [
      `xcollat ${report.version} simulate ${file}  seed ${seed}  paths ${run.completedPaths}/${run.requestedPaths}${run.cancelled ? ' (cancelled)' : ''}`,
      `horizon ${portfolio.horizonSeconds} s in steps of ${portfolio.stepSeconds} s (${(report.model.stepsInHorizonShare * 100).toFixed(2)} % of the simulated steps inside it); 95 % confidence intervals in brackets`,
      portfolio.book
        ? `book: a cohort every ${portfolio.book.cohortSeconds} s living ${portfolio.book.lifeSeconds} s, positions at ${options.minUtilisation}–1 of their borrow limit; ${portfolio.market ? `stressed regime ${portfolio.market.stressRatePerYear}/year × ${portfolio.market.stressMeanSeconds / 86_400} days at ${portfolio.market.stressVolMultiplier}× volatility, ${portfolio.market.jumpIntensityPerYear} market jumps/year of ${((Math.exp(portfolio.market.jumpMeanLog) - 1) * 100).toFixed(1)} %` : 'calm market'}; depegs for stablecoins and liquid staking tokens`
        : 'book opened once at t = 0',
      `VaR95 bad debt (USD)          ${formatEstimate(m.badDebtVar95)}`,
      `EVaR99 bad debt (USD)         ${formatEstimate(m.badDebtEvar99)}`,
      `ES99 bad debt (USD)           ${formatEstimate(m.badDebtEs99)}`,
      `P(bad debt > 0)               ${formatEstimate(m.probabilityOfBadDebt)}`,
      `liquidations at risk P95 (USD) ${formatEstimate(m.liquidationsAtRisk95)}`,
      `borrow usage (mean)           ${formatEstimate(m.borrowUsage)}`,
      `liquidation efficiency        ${formatEstimate(m.liquidationEfficiency)}`,
      `liquidation lag (s)           ${m.liquidationLag.liquidations} liquidations; median ${m.liquidationLag.p50Seconds ? formatEstimate(m.liquidationLag.p50Seconds) : '-'}; P95 ${m.liquidationLag.p95Seconds ? formatEstimate(m.liquidationLag.p95Seconds) : '-'}; max ${m.liquidationLag.maxSeconds ?? '-'}`,
      '',
      'route                              LT      LTV     VaR95 (USD)            P(bad debt > 0)',
      ...routeMetrics.map(
        (r) =>
          `${r.id.padEnd(34)} ${r.liquidationThreshold.toFixed(4)}  ${r.loanToValue.toFixed(4)}  ${formatEstimate(r.badDebtVar95).padEnd(22)} ${formatEstimate(r.probabilityOfBadDebt)}`,
      ),
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  process.stderr.write(`${run.workers} worker${run.workers > 1 ? 's' : ''}\n`)
  return EXIT.ok
}

/**
 * Registers `xcollat simulate <config> --paths N --seed S [--workers K] [--format json]`.
 *
 * @example
 * ```ts
 * registerSimulate(program)
 * ```
 */
export const registerSimulate: RegisterCommand = (program: Command) => {
  parseErrorsAsBadInput(
    withSimulationShapeOptions(
      program
        .command('simulate')
        .description('Monte Carlo of bad debt, liquidations and lags for every route of a configuration')
        .argument('<config>', 'protocol configuration (YAML or JSON)')
        .option('-n, --paths <n>', 'number of paths', '10000')
        .option('-s, --seed <seed>', 'random seed (required; printed with the results)')
        .option('-w, --workers <k>', 'worker threads', '1')
        .option('-f, --format <format>', 'table or json', 'table'),
    ),
    'simulate',
  ).action(async (file: string, options: SimulateCliOptions) => {
    process.exitCode = await runSimulate(file, options)
  })
}
