import type { Command } from 'commander'
import { loadConfig } from '../../../config/load.js'
import { compilePortfolio } from '../../../core/sim/portfolio.js'
import { type SolveRouteReturnType, solveRoute } from '../../../core/sim/solver.js'
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
 * await runSolve('examples/small.yaml', { paths: '5000', rarePaths: '20000', seed: '1', epsilon: '1e-4', format: 'table',
 *   horizon: '86400', step: '60', positions: '10', jumpIntensity: '0', jumpMean: '0', jumpStd: '0' })
 * ```
 */
export type SolveCliOptions = {
  readonly paths: string
  readonly rarePaths: string
  readonly seed: string
  readonly budget?: string | undefined
  readonly epsilon: string
  readonly format: string
  readonly horizon: string
  readonly step: string
  readonly positions: string
  readonly jumpIntensity: string
  readonly jumpMean: string
  readonly jumpStd: string
}

/**
 * Runs `xcollat solve`: for every route, the largest LT (and LTV at the route's LTV/LT ratio)
 * with VaR95 of bad debt ≤ the loss budget and P(bad debt > 0) ≤ ε, and the LT → loss frontier.
 * Exit code 1 when a route's current LT is above its solution.
 *
 * @example
 * ```ts
 * process.exitCode = await runSolve('examples/small.yaml', { seed: '1', paths: '5000', ... })
 * ```
 */
export async function runSolve(file: string, o: SolveCliOptions): Promise<number> {
  if (o.format !== 'json' && o.format !== 'table')
    throw new BadOptionError('--format', 'json or table', o.format)
  const seed = parseSeedOption(o.seed)
  const paths = parseIntegerOption('--paths', o.paths, 20, 10_000_000)
  const rarePaths = parseIntegerOption('--rare-paths', o.rarePaths, 1, 10_000_000)
  const epsilon = parseNumberOption('--epsilon', o.epsilon, Number.MIN_VALUE, 0.5)
  const registry = await loadConfig(file)
  const { portfolio, sources, lossBudgetUsd } = portfolioFromRegistry(registry, simulationOptionsFrom(o))
  const budget = o.budget === undefined ? lossBudgetUsd : parseNumberOption('--budget', o.budget, 0, 1e15)
  if (portfolio.routes.length === 0)
    throw new BadOptionError(
      '<config>',
      'at least one route with a positive LT (current or recommended)',
      file,
    )
  const compiled = compilePortfolio(portfolio)
  const routes: SolveRouteReturnType[] = portfolio.routes.map((r) =>
    solveRoute({ compiled, routeId: r.id, seed, paths, rarePaths, lossBudgetUsd: budget, epsilon }),
  )
  const unsafe = routes.filter(
    (r) => r.liquidationThreshold === undefined || r.currentLiquidationThreshold > r.liquidationThreshold,
  )
  const report = {
    version: packageVersion(),
    command: 'solve',
    config: file,
    seed,
    paths,
    rarePaths,
    lossBudgetUsd: budget,
    epsilon,
    model: {
      horizonSeconds: portfolio.horizonSeconds,
      stepSeconds: portfolio.stepSeconds,
      assets: portfolio.assets,
    },
    sources,
    routes,
    unsafe: unsafe.map((r) => r.routeId),
  }
  if (o.format === 'json') process.stdout.write(toJson(report))
  else {
    const lines = [
      `xcollat ${report.version} solve ${file}  seed ${seed}  paths ${paths} (VaR) + ${rarePaths} (importance sampling)`,
      `constraints: VaR95 of bad debt ≤ ${budget} USD and P(bad debt > 0) ≤ ${epsilon}; LTV kept at the route's LTV/LT ratio`,
    ]
    for (const r of routes) {
      lines.push(
        '',
        `${r.routeId}: current LT ${r.currentLiquidationThreshold} / LTV ${r.currentLoanToValue} → largest LT ${r.liquidationThreshold?.toFixed(4) ?? 'none'} / LTV ${r.loanToValue?.toFixed(4) ?? 'none'} (binding: ${r.binding})`,
        '  LT      LTV     VaR95 bad debt (USD)        EVaR99 (USD)               P(bad debt > 0) ± SE',
        ...r.frontier.map(
          (f) =>
            `  ${f.liquidationThreshold.toFixed(3)}   ${f.loanToValue.toFixed(3)}   ${formatEstimate(f.badDebtVar95).padEnd(27)} ${formatEstimate(f.badDebtEvar99).padEnd(26)} ${f.probabilityOfBadDebt.toExponential(3)} ± ${f.probabilityStandardError.toExponential(2)}`,
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
 * Registers `xcollat solve <config> [--seed S] [--paths N] [--rare-paths M] [--budget USD] [--epsilon ε] [--format json]`.
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
          'Largest LT and LTV per route within a loss budget and a bad-debt probability, with the frontier',
        )
        .argument('<config>', 'protocol configuration (YAML or JSON)')
        .option('-s, --seed <seed>', 'random seed (printed with the results)', '1')
        .option('-n, --paths <n>', 'Monte Carlo paths for VaR95 (common random numbers across LTs)', '5000')
        .option('--rare-paths <n>', 'importance-sampling paths for P(bad debt > 0)', '20000')
        .option(
          '--budget <usd>',
          'loss budget for VaR95 of bad debt per route (default: the policy lossBudgetUsd)',
        )
        .option('--epsilon <p>', 'largest acceptable P(bad debt > 0) over the horizon', '0.0001')
        .option('-f, --format <format>', 'table or json', 'table'),
    ),
    'solve',
  ).action(async (file: string, options: SolveCliOptions) => {
    process.exitCode = await runSolve(file, options)
  })
}
