import type { Command } from 'commander'
import { compilePortfolio } from '../../../core/sim/portfolio.js'
import { type SolveRouteReturnType, solveRoute } from '../../../core/sim/solver.js'
import { portfolioFromRegistry } from '../../sim/fromConfig.js'
import { formatEstimate } from '../../sim/output.js'
import { commandAction } from '../context.js'
import { renderRows } from '../format/render.js'
import { dataOption, formatOption, numberOption, seedOption } from '../options.js'
import { EXIT } from '../output.js'
import {
  checkBook,
  type SimulationShapeOptions,
  simulationAssumptions,
  simulationOptionsFrom,
  withSimulationShapeOptions,
} from '../simOptions.js'
import { packageVersion } from '../version.js'

type SolveOptions = SimulationShapeOptions & {
  readonly paths: number
  readonly rarePaths: number
  readonly seed: bigint
  readonly budget?: number | undefined
  readonly epsilon: number
  readonly format: 'table' | 'json'
}

/**
 * Registers `xcollat solve <config> [--seed S] [--paths N] [--rare-paths M] [--budget USD]
 * [--epsilon ε] [--data DIR] [--format json]`: for every route, the largest LT (and LTV at the
 * route's LTV/LT ratio) with VaR95 of bad debt ≤ the loss budget and P(bad debt > 0) ≤ ε, and the
 * LT → loss frontier. Exit code 1 when a route's current LT is above its solution.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat solve examples/small.yaml --seed 1 --format json
 * ```
 */
export function register(program: Command): void {
  withSimulationShapeOptions(
    program
      .command('solve')
      .description(
        'Largest LT and LTV per route within a loss budget and a bad-debt probability, with the frontier',
      )
      .argument('<config>', 'protocol configuration (YAML or JSON)')
      .addOption(seedOption('random seed (printed with the results)', 1n))
      .addOption(
        numberOption('-n, --paths <n>', 'Monte Carlo paths for VaR95 (common random numbers across LTs)', {
          min: 20,
          max: 10_000_000,
          integer: true,
          default: 5000,
        }),
      )
      .addOption(
        numberOption('--rare-paths <n>', 'importance-sampling paths for P(bad debt > 0)', {
          min: 1,
          max: 10_000_000,
          integer: true,
          default: 20_000,
        }),
      )
      .addOption(
        numberOption(
          '--budget <usd>',
          'loss budget for VaR95 of bad debt per route (default: the policy lossBudgetUsd)',
          {
            min: 0,
            max: 1e15,
          },
        ),
      )
      .addOption(
        numberOption('--epsilon <p>', 'largest acceptable P(bad debt > 0) over the horizon', {
          min: 0,
          exclusiveMin: true,
          max: 0.5,
          default: 0.0001,
        }),
      )
      .addOption(formatOption(['table', 'json'], 'table'))
      .addOption(dataOption("data folder that assets' volatilitySeries files are read from")),
  ).action(
    commandAction(async (ctx, o: SolveOptions, file: string) => {
      const { seed, paths, rarePaths, epsilon } = o
      const registry = await ctx.loadRegistry(file)
      const { portfolio, sources, lossBudgetUsd } = portfolioFromRegistry(registry, simulationOptionsFrom(o))
      const budget = o.budget ?? lossBudgetUsd
      checkBook(ctx, registry, portfolio, file)
      const compiled = compilePortfolio(portfolio)
      const routes: SolveRouteReturnType[] = portfolio.routes.map((r) =>
        solveRoute({ compiled, routeId: r.id, seed, paths, rarePaths, lossBudgetUsd: budget, epsilon }),
      )
      const unsafe = routes.filter(
        (r) => r.liquidationThreshold === undefined || r.currentLiquidationThreshold > r.liquidationThreshold,
      )
      if (o.format === 'json')
        await ctx.writeEnvelope(undefined, {
          seed,
          options: { paths, rarePaths, lossBudgetUsd: budget, epsilon, format: o.format },
          result: {
            model: {
              horizonSeconds: portfolio.horizonSeconds,
              stepSeconds: portfolio.stepSeconds,
              assets: portfolio.assets,
            },
            sources,
            routes,
            unsafe: unsafe.map((r) => r.routeId),
          },
          assumptions: simulationAssumptions(),
        })
      else {
        const lines = [
          `xcollat ${packageVersion()} solve ${file}  seed ${seed}  paths ${paths} (VaR) + ${rarePaths} (importance sampling)`,
          `constraints: VaR95 of bad debt ≤ ${budget} USD and P(bad debt > 0) ≤ ${epsilon}; LTV kept at the route's LTV/LT ratio`,
        ]
        for (const r of routes) {
          lines.push(
            '',
            `${r.routeId}: current LT ${r.currentLiquidationThreshold} / LTV ${r.currentLoanToValue} → largest LT ${r.liquidationThreshold?.toFixed(4) ?? 'none'} / LTV ${r.loanToValue?.toFixed(4) ?? 'none'} (binding: ${r.binding})`,
            ...renderRows(
              {
                columns: [
                  { header: 'LT', align: 'right' },
                  { header: 'LTV', align: 'right' },
                  { header: 'VaR95 bad debt (USD)' },
                  { header: 'EVaR99 (USD)' },
                  { header: 'P(bad debt > 0) ± SE', align: 'right' },
                ],
                rows: r.frontier.map((f) => [
                  f.liquidationThreshold.toFixed(3),
                  f.loanToValue.toFixed(3),
                  formatEstimate(f.badDebtVar95),
                  formatEstimate(f.badDebtEvar99),
                  `${f.probabilityOfBadDebt.toExponential(3)} ± ${f.probabilityStandardError.toExponential(2)}`,
                ]),
              },
              'table',
            ),
          )
        }
        await ctx.writeOutput(undefined, `${lines.join('\n')}\n`)
      }
      if (unsafe.length > 0) {
        process.stderr.write(
          `Current LT above the solved LT for: ${unsafe.map((r) => r.routeId).join(', ')} (exit code 1).\n`,
        )
        return EXIT.unsafe
      }
      return EXIT.ok
    }),
  )
}
