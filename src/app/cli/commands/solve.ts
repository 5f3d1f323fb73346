import type { Command } from 'commander'
import {
  MIN_EXPECTED_EXCEEDANCES,
  PLAIN_MONTE_CARLO_MIN_PROBABILITY,
  type RuledSolveReturnType,
  runSolveSteps,
  solveUnderAssessmentRulesSteps,
} from '../../../core/sim/bookSolver.js'
import { compilePortfolio } from '../../../core/sim/portfolio.js'
import { portfolioFromRegistry } from '../../sim/fromConfig.js'
import { formatEstimate } from '../../sim/output.js'
import { runSolveStepsQueued } from '../../worker/remote.js'
import { commandAction } from '../context.js'
import { renderRows } from '../format/render.js'
import {
  BadOptionError,
  choiceOption,
  dataOption,
  formatOption,
  numberOption,
  seedOption,
} from '../options.js'
import { EXIT } from '../output.js'
import {
  chunkPathsOption,
  type QueueOptions,
  queueLocationOf,
  queueNameOption,
  queueOption,
} from '../queueOptions.js'
import {
  checkBook,
  type SimulationShapeOptions,
  simulationAssumptions,
  simulationOptionsFrom,
  withSimulationShapeOptions,
} from '../simOptions.js'
import { packageVersion } from '../version.js'

type SolveOptions = SimulationShapeOptions &
  QueueOptions & {
    readonly chunkPaths: number
    readonly paths: number
    readonly confirmPaths: number
    readonly seed: bigint
    readonly budget?: number | undefined
    readonly budgetFraction: number
    readonly budgetOf: 'book' | 'reserve'
    readonly epsilon: number
    readonly format: 'table' | 'json'
  }

const pct = (x: number | undefined) => (x === undefined ? 'none' : `${(x * 100).toFixed(2)} %`)

/**
 * Registers `xcollat solve <config> [--seed S] [--paths N] [--confirm-paths M] [--budget-fraction f]
 * [--budget-of book|reserve] [--budget USD] [--epsilon ε] [--data DIR] [--format json]`: for every
 * route of the simulated year, the largest LT with P(bad debt over the horizon > budget) ≤ ε under
 * the rules `assess` applies, confirmed by a plain simulation on new paths and compared with
 * `assess` within a printed tolerance. Exit code 1 when a route's current LT is above its solution.
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
        'Largest LT and LTV per route with P(bad debt over the horizon > budget) ≤ ε, confirmed and compared with assess',
      )
      .argument('<config>', 'protocol configuration (YAML or JSON)')
      .addOption(seedOption('random seed (printed with the results)', 1n))
      .addOption(
        numberOption(
          '-n, --paths <n>',
          'paths of the search (common random numbers across LTs; at least 10/ε)',
          {
            min: 20,
            max: 10_000_000,
            integer: true,
            default: 1000,
          },
        ),
      )
      .addOption(
        numberOption('--confirm-paths <n>', 'paths of the plain simulation that confirms the answer', {
          min: 0,
          max: 10_000_000,
          integer: true,
          default: 1000,
        }),
      )
      .addOption(
        numberOption('--budget-fraction <f>', 'bad-debt budget per route as a fraction of --budget-of', {
          min: 0,
          max: 1,
          default: 0.01,
        }),
      )
      .addOption(
        choiceOption(
          '--budget-of <base>',
          "what the budget is a fraction of: book (the route's collateral) or reserve (the policy lossBudgetUsd)",
          ['book', 'reserve'],
          'book',
        ),
      )
      .addOption(
        numberOption('--budget <usd>', 'a bad-debt budget per route in USD (instead of --budget-fraction)', {
          min: 0,
          max: 1e15,
        }),
      )
      .addOption(
        numberOption('--epsilon <p>', 'largest acceptable P(bad debt over the horizon > budget)', {
          min: PLAIN_MONTE_CARLO_MIN_PROBABILITY,
          max: 0.5,
          default: 0.01,
        }),
      )
      .addOption(formatOption(['table', 'json'], 'table'))
      .addOption(dataOption("data folder that assets' volatilitySeries files are read from"))
      .addOption(queueOption(false))
      .addOption(queueNameOption())
      .addOption(chunkPathsOption()),
  ).action(
    commandAction(async (ctx, o: SolveOptions, file: string) => {
      const { seed, paths, confirmPaths, epsilon } = o
      if (paths * epsilon < MIN_EXPECTED_EXCEEDANCES)
        throw new BadOptionError(
          '--paths',
          `at least ${Math.ceil(MIN_EXPECTED_EXCEEDANCES / epsilon)} (${MIN_EXPECTED_EXCEEDANCES}/ε) for ε = ${epsilon}`,
          String(paths),
        )
      const registry = await ctx.loadRegistry(file)
      const { portfolio, sources, lossBudgetUsd } = portfolioFromRegistry(registry, simulationOptionsFrom(o))
      checkBook(ctx, registry, portfolio, file)
      const compiled = compilePortfolio(portfolio)
      const location = queueLocationOf(o)
      if (location !== undefined)
        process.stderr.write(`solving on the queue ${location.name}, ${o.chunkPaths} paths per chunk\n`)
      const solveRoute = (steps: ReturnType<typeof solveUnderAssessmentRulesSteps>) =>
        location === undefined
          ? runSolveSteps(steps)
          : runSolveStepsQueued(steps, { location, chunkPaths: o.chunkPaths, signal: ctx.signal })
      const routes = await Promise.all(
        portfolio.routes.map(async (r, i) => {
          const budgetUsd =
            o.budget ?? o.budgetFraction * (o.budgetOf === 'book' ? r.collateralUsd : lossBudgetUsd)
          return {
            budgetUsd,
            currentLiquidationThreshold: r.liquidationThreshold,
            ...(await solveRoute(
              solveUnderAssessmentRulesSteps({
                compiled,
                routeId: r.id,
                seed,
                paths,
                confirmPaths,
                budgetUsd,
                epsilon,
                assessed: sources[i]!.assessment,
                routeBonus: r.liquidationBonus,
              }),
            )),
          }
        }),
      )
      const unsafe = routes.filter((r) => {
        const lt = r.solution?.liquidationThreshold
        return lt === undefined || r.currentLiquidationThreshold > lt
      })
      const budget =
        o.budget === undefined
          ? `${o.budgetFraction} × the ${o.budgetOf === 'book' ? "route's book" : 'reserve (policy lossBudgetUsd)'}`
          : `${o.budget} USD`
      if (o.format === 'json')
        await ctx.writeEnvelope(undefined, {
          seed,
          options: {
            paths,
            confirmPaths,
            epsilon,
            budgetFraction: o.budgetFraction,
            budgetOf: o.budgetOf,
            budgetUsd: o.budget,
            format: o.format,
          },
          result: {
            model: {
              horizonSeconds: portfolio.horizonSeconds,
              stepSeconds: portfolio.stepSeconds,
              book: portfolio.book,
              market: portfolio.market,
              assets: portfolio.assets,
            },
            sources,
            routes,
            unsafe: unsafe.map((r) => r.routeId),
          },
          assumptions: simulationAssumptions(),
        })
      else
        await ctx.writeOutput(
          undefined,
          `${solveTable(file, o, budget, portfolio.horizonSeconds, routes).join('\n')}\n`,
        )
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

function solveTable(
  file: string,
  o: SolveOptions,
  budget: string,
  horizonSeconds: number,
  routes: ReadonlyArray<
    RuledSolveReturnType & { readonly budgetUsd: number; readonly currentLiquidationThreshold: number }
  >,
): string[] {
  const lines = [
    `xcollat ${packageVersion()} solve ${file}  seed ${o.seed}  paths ${o.paths} (search, common random numbers across LTs) + ${o.confirmPaths} (confirmation)`,
    `target: P(bad debt over ${(horizonSeconds / 86_400).toFixed(0)} days > budget) ≤ ${o.epsilon}; budget ${budget}; plain Monte Carlo`,
  ]
  for (const r of routes) {
    const s = r.solution
    lines.push('', `${r.routeId}: budget ${r.budgetUsd.toFixed(0)} USD; rules: ${r.rules.join('; ')}`)
    if (s === undefined) {
      lines.push(`  not solved: ineligible (${r.ineligibleReasons.join('; ')})`)
      continue
    }
    lines.push(
      `  current LT ${pct(r.currentLiquidationThreshold)} → largest LT ${pct(s.liquidationThreshold)} / LTV ${pct(s.loanToValue)} (binding: ${s.binding}; solvency limit ${pct(s.solvencyLimit)}${s.resolution ? `; sampling resolution ${pct(s.resolution.low)}–${pct(s.resolution.high)}` : ''})`,
    )
    if (s.confirmation)
      lines.push(
        `  confirmed on ${s.confirmation.paths} new paths: P(bad debt > budget) ${formatEstimate(s.confirmation.point.probabilityOverBudget)}${s.confirmation.consistent ? ', consistent with ε' : ', ABOVE ε: read the answer as an upper bound (raise --paths)'}`,
      )
    const c = r.comparison
    if (c)
      lines.push(
        `  assess LT ${pct(c.assessLiquidationThreshold)}; difference ${Number.isNaN(c.difference) ? '-' : `${(c.difference * 100).toFixed(2)} points`}, tolerance ±${(c.tolerance * 100).toFixed(2)} points: ${c.agree ? 'agree' : `differ, because ${c.reason}`}`,
      )
    lines.push(
      ...renderRows(
        {
          columns: [
            { header: 'LT', align: 'right' },
            { header: 'LTV', align: 'right' },
            { header: 'VaR95 bad debt (USD)' },
            { header: 'EVaR99 (USD)' },
            { header: 'P(bad debt > 0)' },
            { header: 'P(bad debt > budget)' },
          ],
          rows: s.frontier.map((f) => [
            f.liquidationThreshold.toFixed(3),
            f.loanToValue.toFixed(3),
            formatEstimate(f.badDebtVar95),
            formatEstimate(f.badDebtEvar99),
            formatEstimate(f.probabilityOfBadDebt),
            formatEstimate(f.probabilityOverBudget),
          ]),
        },
        'table',
      ).map((l) => `  ${l}`),
    )
  }
  return lines
}
