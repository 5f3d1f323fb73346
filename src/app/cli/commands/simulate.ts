import { availableParallelism } from 'node:os'
import type { Command } from 'commander'
import { simulationMetrics } from '../../../core/sim/metrics.js'
import { portfolioFromRegistry } from '../../sim/fromConfig.js'
import { formatEstimate } from '../../sim/output.js'
import { runSimulation } from '../../sim/pool.js'
import { progressBar } from '../../sim/progress.js'
import { runQueuedSimulation } from '../../worker/remote.js'
import { commandAction } from '../context.js'
import { renderRows } from '../format/render.js'
import { BadOptionError, dataOption, formatOption, numberOption, seedOption } from '../options.js'
import {
  chunkPathsOption,
  type QueueOptions,
  queueLocationOf,
  queueNameOption,
  queueOption,
} from '../queueOptions.js'
import {
  checkBook,
  describeBook,
  type SimulationShapeOptions,
  simulationAssumptions,
  simulationOptionsFrom,
  withSimulationShapeOptions,
} from '../simOptions.js'
import { packageVersion } from '../version.js'

type SimulateOptions = SimulationShapeOptions &
  QueueOptions & {
    readonly chunkPaths: number
    readonly paths: number
    readonly seed?: bigint | undefined
    readonly workers: number
    readonly format: 'table' | 'json'
  }

/**
 * Registers `xcollat simulate <config> --paths N --seed S [--workers K] [--queue URL] [--data DIR] [--format json]`:
 * load the config, build the book, run the Monte Carlo on K threads, or on queue workers with
 * `--queue` (the same result to the bit); Ctrl-C keeps the finished paths and exits 130; print
 * the metrics.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat simulate examples/small.yaml --paths 10000 --seed 42
 * ```
 */
export function register(program: Command): void {
  withSimulationShapeOptions(
    program
      .command('simulate')
      .description('Monte Carlo of bad debt, liquidations and lags for every route of a configuration')
      .argument('<config>', 'protocol configuration (YAML or JSON)')
      // Per-path columns cost (5 + routes)·8 bytes per path, held up to three times (worker, merge,
      // sorted copies): 10^7 paths is already a few GB, 10^8 would exhaust memory mid-run.
      .addOption(
        numberOption('-n, --paths <n>', 'number of paths', {
          min: 1,
          max: 10_000_000,
          integer: true,
          default: 10_000,
        }),
      )
      .addOption(seedOption('random seed (required; printed with the results)'))
      .addOption(
        numberOption('-w, --workers <k>', 'worker threads (at most the cores available)', {
          min: 1,
          max: 4096,
          integer: true,
          default: 1,
        }),
      )
      .addOption(formatOption(['table', 'json'], 'table'))
      .addOption(dataOption("data folder that assets' volatilitySeries files are read from"))
      .addOption(queueOption(false))
      .addOption(queueNameOption())
      .addOption(chunkPathsOption()),
  ).action(
    commandAction(async (ctx, o: SimulateOptions, file: string) => {
      if (o.seed === undefined)
        throw new BadOptionError('--seed', 'a whole number (the run is reproducible from it)', undefined)
      const seed = o.seed
      const cores = availableParallelism()
      let workers = o.workers
      if (workers > cores) {
        ctx.warn(`--workers ${workers} is more than the ${cores} cores available; using ${cores}`)
        workers = cores
      }
      const registry = await ctx.loadRegistry(file)
      const { portfolio, sources } = portfolioFromRegistry(registry, simulationOptionsFrom(o))
      checkBook(ctx, registry, portfolio, file)
      const location = queueLocationOf(o)
      process.stderr.write(
        location === undefined
          ? `simulating ${o.paths} paths on ${Math.min(workers, o.paths)} worker(s); Ctrl-C stops and keeps the finished paths\n`
          : `simulating ${o.paths} paths in chunks of ${o.chunkPaths} on the queue ${location.name}; Ctrl-C stops and keeps the finished chunks\n`,
      )
      const bar = progressBar(process.stderr, o.paths)
      let run: Awaited<ReturnType<typeof runSimulation>>
      try {
        const common = {
          portfolio,
          seed,
          paths: o.paths,
          signal: ctx.signal,
          onProgress: (done: number) => bar.update(done),
        }
        run =
          location === undefined
            ? await runSimulation({ ...common, workers })
            : await runQueuedSimulation({ ...common, location, chunkPaths: o.chunkPaths })
      } finally {
        bar.finish()
      }
      if (run.cancelled)
        ctx.warn(
          `interrupted: ${run.completedPaths} of ${run.requestedPaths} paths finished; results use those`,
        )
      const share = run.result.stepsInHorizon / run.result.stepsSimulated
      const routeMetrics = portfolio.routes.map((r, i) => {
        const m = simulationMetrics(
          { ...run.result, badDebt: run.result.routeBadDebt[i] ?? new Float64Array(0), lagCounts: [] },
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
      if (o.format === 'json')
        await ctx.writeEnvelope(undefined, {
          seed,
          // not the worker count: the result is the same for any split (it is printed on stderr)
          options: { paths: o.paths, format: o.format },
          result: {
            paths: { requested: run.requestedPaths, completed: run.completedPaths },
            cancelled: run.cancelled,
            model: {
              horizonSeconds: portfolio.horizonSeconds,
              stepSeconds: portfolio.stepSeconds,
              book: portfolio.book,
              market: portfolio.market,
              assets: portfolio.assets,
              /** Share of the simulated path-steps inside the horizon (paths run on only while a liquidation is in flight). */
              stepsInHorizonShare: share,
            },
            routes: sources,
            metrics: run.metrics,
            routeMetrics,
          },
          assumptions: simulationAssumptions(),
        })
      else {
        const m = run.metrics
        const lines = [
          `xcollat ${packageVersion()} simulate ${file}  seed ${seed}  paths ${run.completedPaths}/${run.requestedPaths}${run.cancelled ? ' (cancelled)' : ''}`,
          `horizon ${portfolio.horizonSeconds} s in steps of ${portfolio.stepSeconds} s (${(share * 100).toFixed(2)} % of the simulated steps inside it); 95 % confidence intervals in brackets`,
          describeBook(portfolio),
          `VaR95 bad debt (USD)          ${formatEstimate(m.badDebtVar95)}`,
          `EVaR99 bad debt (USD)         ${formatEstimate(m.badDebtEvar99)}`,
          `ES99 bad debt (USD)           ${formatEstimate(m.badDebtEs99)}`,
          `P(bad debt > 0)               ${formatEstimate(m.probabilityOfBadDebt)}`,
          `liquidations at risk P95 (USD) ${formatEstimate(m.liquidationsAtRisk95)}`,
          `borrow usage (mean)           ${formatEstimate(m.borrowUsage)}`,
          `liquidation efficiency        ${formatEstimate(m.liquidationEfficiency)}`,
          `liquidation lag (s)           ${m.liquidationLag.liquidations} liquidations; median ${m.liquidationLag.p50Seconds ? formatEstimate(m.liquidationLag.p50Seconds) : '-'}; P95 ${m.liquidationLag.p95Seconds ? formatEstimate(m.liquidationLag.p95Seconds) : '-'}; max ${m.liquidationLag.maxSeconds ?? '-'}`,
          '',
          ...renderRows(
            {
              columns: [
                { header: 'route' },
                { header: 'LT', align: 'right' },
                { header: 'LTV', align: 'right' },
                { header: 'VaR95 (USD)' },
                { header: 'P(bad debt > 0)' },
              ],
              rows: routeMetrics.map((r) => [
                r.id,
                r.liquidationThreshold.toFixed(4),
                r.loanToValue.toFixed(4),
                formatEstimate(r.badDebtVar95),
                formatEstimate(r.probabilityOfBadDebt),
              ]),
            },
            'table',
          ),
        ]
        await ctx.writeOutput(undefined, `${lines.join('\n')}\n`)
      }
      return undefined
    }),
  )
}
