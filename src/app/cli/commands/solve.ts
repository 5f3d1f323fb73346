import type { Command } from 'commander'
import { loadConfig } from '../../../config/load.js'
import {
  MIN_EXPECTED_EXCEEDANCES,
  PLAIN_MONTE_CARLO_MIN_PROBABILITY,
  solveUnderAssessmentRules,
} from '../../../core/sim/bookSolver.js'
import { compilePortfolio } from '../../../core/sim/portfolio.js'
import { portfolioFromRegistry } from '../../sim/fromConfig.js'
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
import { EXIT } from '../output.js'
import type { RegisterCommand } from './index.js'
import { simulationOptionsFrom, withSimulationShapeOptions } from './simulate.js'

/**
 * Options of `xcollat solve` as commander passes them (strings).
 *
 * @example
 * ```ts
 * await runSolve('examples/small.yaml', { paths: '1000', confirmPaths: '1000', seed: '1', epsilon: '0.01',
 *   budgetFraction: '0.01', budgetOf: 'book', format: 'table', horizon: '31536000', step: '3600', positions: '5',
 *   jumpIntensity: '0', jumpMean: '0', jumpStd: '0' })
 * ```
 */
export type SolveCliOptions = {
  readonly paths: string
  readonly confirmPaths: string
  readonly seed: string
  readonly budget?: string | undefined
  readonly budgetFraction: string
  readonly budgetOf: string
  readonly epsilon: string
  readonly format: string
  readonly horizon: string
  readonly step: string
  readonly positions: string
  readonly jumpIntensity: string
  readonly jumpMean: string
  readonly jumpStd: string
}

const pct = (x: number | undefined) => (x === undefined ? 'none' : `${(x * 100).toFixed(2)} %`)

/**
 * Runs `xcollat solve`: for every route of the simulated year, the largest LT with
 * P(bad debt over the horizon > budget) ≤ ε under the rules `assess` applies, confirmed by a
 * plain simulation, compared with `assess` within a printed tolerance. Exit code 1 when a
 * route's current LT is above its solution.
 *
 * @example
 * ```ts
 * process.exitCode = await runSolve('examples/small.yaml', { seed: '1', paths: '1000', ... })
 * ```
 */
export async function runSolve(file: string, o: SolveCliOptions): Promise<number> {
  if (o.format !== 'json' && o.format !== 'table')
    throw new BadOptionError('--format', 'json or table', o.format)
  if (o.budgetOf !== 'book' && o.budgetOf !== 'reserve')
    throw new BadOptionError('--budget-of', 'book or reserve', o.budgetOf)
  const seed = parseSeedOption(o.seed)
  const epsilon = parseNumberOption('--epsilon', o.epsilon, PLAIN_MONTE_CARLO_MIN_PROBABILITY, 0.5)
  const paths = parseIntegerOption(
    '--paths',
    o.paths,
    Math.ceil(MIN_EXPECTED_EXCEEDANCES / epsilon),
    10_000_000,
  )
  const confirmPaths = parseIntegerOption('--confirm-paths', o.confirmPaths, 0, 10_000_000)
  const fraction = parseNumberOption('--budget-fraction', o.budgetFraction, 0, 1)
  const registry = await loadConfig(file)
  const { portfolio, sources, lossBudgetUsd } = portfolioFromRegistry(registry, simulationOptionsFrom(o))
  const fixed = o.budget === undefined ? undefined : parseNumberOption('--budget', o.budget, 0, 1e15)
  if (portfolio.routes.length === 0)
    throw new BadOptionError(
      '<config>',
      'at least one route with a positive LT (current or recommended)',
      file,
    )
  const compiled = compilePortfolio(portfolio)
  const routes = portfolio.routes.map((r, i) => {
    const budgetUsd = fixed ?? fraction * (o.budgetOf === 'book' ? r.collateralUsd : lossBudgetUsd)
    return {
      budgetUsd,
      currentLiquidationThreshold: r.liquidationThreshold,
      ...solveUnderAssessmentRules({
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
    }
  })
  const unsafe = routes.filter((r) => {
    const lt = r.solution?.liquidationThreshold
    return lt === undefined || r.currentLiquidationThreshold > lt
  })
  const report = {
    version: packageVersion(),
    command: 'solve',
    config: file,
    seed,
    paths,
    confirmPaths,
    epsilon,
    budget: fixed === undefined ? { fraction, of: o.budgetOf } : { usd: fixed },
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
  }
  if (o.format === 'json') process.stdout.write(toJson(report))
  else {
    const lines = [
      `xcollat ${report.version} solve ${file}  seed ${seed}  paths ${paths} (search, common random numbers across LTs) + ${confirmPaths} (confirmation)`,
      `target: P(bad debt over ${(portfolio.horizonSeconds / 86_400).toFixed(0)} days > budget) ≤ ${epsilon}; budget ${fixed === undefined ? `${fraction} × the ${o.budgetOf === 'book' ? "route's book" : 'reserve (policy lossBudgetUsd)'}` : `${fixed} USD`}; plain Monte Carlo`,
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
          `  confirmed on ${s.confirmation.paths} new paths: P(bad debt > budget) ${formatEstimate(s.confirmation.point.probabilityOverBudget)}${s.confirmation.consistent ? ', consistent with ε' : `, ABOVE ε: take the answer as an upper bound`}`,
        )
      const c = r.comparison
      if (c)
        lines.push(
          `  assess LT ${pct(c.assessLiquidationThreshold)}; difference ${Number.isNaN(c.difference) ? '-' : `${(c.difference * 100).toFixed(2)} points`}, tolerance ±${(c.tolerance * 100).toFixed(2)} points: ${c.agree ? 'agree' : `differ, because ${c.reason}`}`,
        )
      lines.push(
        '  LT      LTV     VaR95 bad debt (USD)        EVaR99 (USD)               P(bad debt > 0)            P(bad debt > budget)',
        ...s.frontier.map(
          (f) =>
            `  ${f.liquidationThreshold.toFixed(3)}   ${f.loanToValue.toFixed(3)}   ${formatEstimate(f.badDebtVar95).padEnd(27)} ${formatEstimate(f.badDebtEvar99).padEnd(26)} ${formatEstimate(f.probabilityOfBadDebt).padEnd(26)} ${formatEstimate(f.probabilityOverBudget)}`,
        ),
      )
    }
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  if (unsafe.length > 0) {
    process.stderr.write(
      `Current LT above the solved LT for: ${unsafe.map((r) => r.routeId).join(', ')} (exit code 1).\n`,
    )
    return EXIT.unsafe
  }
  return EXIT.ok
}

/**
 * Registers `xcollat solve <config> [--seed S] [--paths N] [--confirm-paths M] [--budget-fraction f] [--budget-of book|reserve] [--budget USD] [--epsilon ε] [--format json]`.
 *
 * @example
 * ```ts
 * registerSolve(program)
 * ```
 */
export const registerSolve: RegisterCommand = (program: Command) => {
  parseErrorsAsBadInput(
    withSimulationShapeOptions(
      program
        .command('solve')
        .description(
          'Largest LT and LTV per route with P(bad debt over the year > budget) ≤ ε, confirmed and compared with assess',
        )
        .argument('<config>', 'protocol configuration (YAML or JSON)')
        .option('-s, --seed <seed>', 'random seed (printed with the results)', '1')
        .option(
          '-n, --paths <n>',
          'paths of the search (common random numbers across LTs; at least 10/ε)',
          '1000',
        )
        .option('--confirm-paths <n>', 'paths of the plain simulation that confirms the answer', '1000')
        .option('--budget-fraction <f>', 'bad-debt budget per route as a fraction of --budget-of', '0.01')
        .option(
          '--budget-of <base>',
          "book (the route's collateral) or reserve (the policy lossBudgetUsd)",
          'book',
        )
        .option('--budget <usd>', 'a bad-debt budget per route in USD (instead of --budget-fraction)')
        .option('--epsilon <p>', 'largest acceptable P(bad debt over the horizon > budget), ≥ 0.001', '0.01')
        .option('-f, --format <format>', 'table or json', 'table'),
    ),
    'solve',
  ).action(async (file: string, options: SolveCliOptions) => {
    process.exitCode = await runSolve(file, options)
  })
}
