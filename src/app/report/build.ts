import { historyFor } from '../../config/catalog/history.js'
import type { Registry } from '../../config/resolve.js'
import { assess } from '../../core/assess/assess.js'
import { UnknownRouteError } from '../../core/backtest/route.js'
import { onboardingReport, type ReportBlock } from '../../core/governance/report.js'
import { constantProductDepthCurve } from '../../core/risk/liquidity.js'
import { guardrail } from '../../core/risk/policy.js'
import { riskScoreExplained } from '../../core/risk/score.js'
import { MIN_EXPECTED_EXCEEDANCES, solveUnderAssessmentRules } from '../../core/sim/bookSolver.js'
import { compilePortfolio } from '../../core/sim/portfolio.js'
import { hashFile } from '../../io/cid.js'
import { loadAssetHistories } from '../../io/data/history.js'
import { DEFAULT_SIMULATION_OPTIONS, portfolioFromRegistry } from '../sim/fromConfig.js'
import { validateRegistry } from '../validate/run.js'
import { frontierChart, priceChart, slippageChart, volatilityChart } from './charts.js'

/** What {@link buildOnboardingReport} needs. */
export type BuildReportParameters = {
  readonly registry: Registry
  readonly configFile: string
  readonly routeId: string
  readonly dataDir?: string | undefined
  /** Monte Carlo paths of the frontier (0: no frontier). */
  readonly paths: number
  readonly seed: bigint
  readonly createdAt: string
  readonly version: string
}

/** The report as blocks, the SVG of each chart by id, and the files it read. */
export type BuiltReport = {
  readonly title: string
  readonly blocks: readonly ReportBlock[]
  readonly svgs: ReadonlyMap<string, string>
  readonly dataFiles: readonly string[]
}

const SLIPPAGES = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2]

/**
 * `xcollat report`'s workflow: assess the configuration, then, for the route, the seed's risk
 * score and risk-matrix class, the historical validation and the price history (when the data
 * folder has the asset's series), the Monte Carlo frontier (when `paths > 0`), the charts (ECharts
 * SVG) and the content address of every input; then the report's blocks (core/governance).
 *
 * @example
 * ```ts
 * const { blocks, svgs } = await buildOnboardingReport({ registry, configFile: 'examples/small.yaml',
 *   routeId: 'weth-eth-arb-canonical', paths: 400, seed: 1n, createdAt: new Date().toISOString(), version: '0.1.0' })
 * ```
 */
export async function buildOnboardingReport(p: BuildReportParameters): Promise<BuiltReport> {
  const report = assess(p.registry)
  const assessment = report.routes.find((r) => r.id === p.routeId)
  const route = p.registry.routes.find((r) => r.id === p.routeId)
  if (assessment === undefined || route === undefined)
    throw new UnknownRouteError(
      p.routeId,
      p.registry.routes.map((r) => r.id),
    )
  const term = (name: string) => assessment.explanation.find((t) => t.term === name)?.value
  const liquidityUsd = term('depthWithinBonus') ?? 0
  const riskScore = riskScoreExplained({
    liquidityUsd,
    volatilityPercent: route.asset.volatilityAnnual * 100,
  })
  const riskMatrix = guardrail(route.asset.class, assessment.recommendation.ltv)

  const svgs = new Map<string, string>()
  const charts: { id: string; title: string; caption: string }[] = []
  const add = (id: string, title: string, caption: string, svg: string) => {
    svgs.set(id, svg)
    charts.push({ id, title, caption })
  }
  const venue = route.venue
  const depth =
    venue.kind === 'depth-curve'
      ? venue.points
      : constantProductDepthCurve({
          reserveIn: venue.reserveUsd,
          priceUsd: 1,
          fee: venue.fee,
          slippages: SLIPPAGES,
        })
  add(
    'slippage',
    'Slippage curve',
    `${venue.id}: slippage of a sale against its size${venue.kind === 'depth-curve' ? ' (the configured depth curve)' : ` (constant-product pool, reserve $${venue.reserveUsd.toLocaleString('en-US')}, fee ${venue.fee})`}.`,
    slippageChart(depth),
  )
  const bars = [
    ...new Map(
      assessment.pairs.map((x) => [
        x.debt,
        {
          name: `${route.asset.symbol} / ${x.debt}`,
          calm: route.asset.volatilityAnnual,
          stressed: x.sigmaStressed,
        },
      ]),
    ).values(),
  ]
  if (bars.length > 0)
    add(
      'volatility',
      'Volatility',
      'Calm: the asset’s annualised volatility; stressed: the pair’s volatility in its stressed regime (docs/model.md).',
      volatilityChart(bars),
    )

  let frontier: Parameters<typeof onboardingReport>[0]['frontier']
  if (p.paths > 0) {
    const { portfolio, sources } = portfolioFromRegistry(p.registry, DEFAULT_SIMULATION_OPTIONS)
    const index = portfolio.routes.findIndex((r) => r.id === p.routeId)
    const simulated = index < 0 ? undefined : portfolio.routes[index]
    if (simulated !== undefined) {
      const budgetUsd = 0.01 * simulated.collateralUsd
      // The solver needs enough paths beyond the budget: ε = 1 % from 1,000 paths, coarser below.
      const epsilon = Math.max(0.01, MIN_EXPECTED_EXCEEDANCES / p.paths)
      const solved = solveUnderAssessmentRules({
        compiled: compilePortfolio(portfolio),
        routeId: p.routeId,
        seed: p.seed,
        paths: p.paths,
        confirmPaths: 0,
        budgetUsd,
        epsilon,
        assessed: sources[index]!.assessment,
        routeBonus: simulated.liquidationBonus,
      })
      if (solved.solution !== undefined) {
        frontier = { points: solved.solution.frontier, paths: p.paths, seed: String(p.seed), budgetUsd }
        add(
          'frontier',
          'Monte Carlo frontier',
          `P(bad debt over a year > $${Math.round(budgetUsd).toLocaleString('en-US')}) and VaR95 of bad debt against LT, ${p.paths} paths, seed ${p.seed}.`,
          frontierChart({
            points: solved.solution.frontier.map((x) => ({
              lt: x.liquidationThreshold,
              pOverBudget: x.probabilityOverBudget.value,
              var95Usd: x.badDebtVar95.value,
            })),
            recommendedLt: assessment.recommendation.liquidationThreshold,
            currentLts: assessment.current.map((c) => c.current.liquidationThreshold),
          }),
        )
      }
    }
  }

  let validation: Parameters<typeof onboardingReport>[0]['validation']
  const dataFiles: string[] = []
  if (p.dataDir !== undefined) {
    const h = historyFor(route.asset.symbol)
    const histories = h === undefined ? [] : await loadAssetHistories(p.dataDir, h.series)
    if (histories.length > 0) {
      dataFiles.push(...new Set(histories.map((x) => x.file)))
      add(
        'price',
        'Price history',
        `${histories.map((x) => `${x.name} (${x.source})`).join('; ')}; each series thinned to the low and high of 1,000 buckets.`,
        priceChart(
          histories.map((x) => ({ name: x.name, times: x.history.times, prices: x.history.prices })),
        ),
      )
      const { routes } = await validateRegistry(p.registry, p.dataDir, {
        budget: 0.01,
        startStepSeconds: 21_600,
        windowSeconds: 30 * 86_400,
      })
      validation = routes.find((r) => r.id === p.routeId)
    }
  }

  const provenance = [{ role: 'config', file: p.configFile, cid: (await hashFile(p.configFile)).cid }]
  for (const f of dataFiles) provenance.push({ role: 'data', file: f, cid: (await hashFile(f)).cid })
  const blocks = onboardingReport({
    route,
    assessment,
    riskScore,
    riskMatrix,
    validation,
    frontier,
    charts,
    provenance,
    createdAt: p.createdAt,
    version: p.version,
  })
  return { title: `Collateral Onboarding Report: ${p.routeId}`, blocks, svgs, dataFiles }
}
