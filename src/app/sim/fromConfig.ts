import type { Registry } from '../../config/resolve.js'
import { assessRoute } from '../../core/assess/assess.js'
import type { CurrentParameters } from '../../core/assess/types.js'
import { BOOK_CALIBRATION, MARKET_CALIBRATION } from '../../core/sim/calibration.js'
import { routeFaultsOf, simAssetOf } from '../../core/sim/fromRoute.js'
import {
  evenUtilisations,
  type MarketRegime,
  type SimAsset,
  type SimPortfolio,
  type SimRoute,
} from '../../core/sim/portfolio.js'

/**
 * Choices the config does not state, with the defaults the commands use (see docs/model.md).
 *
 * @example
 * ```ts
 * const o: SimulationOptions = { ...DEFAULT_SIMULATION_OPTIONS, horizonSeconds: 86_400 }
 * ```
 */
export type SimulationOptions = {
  readonly horizonSeconds: number
  readonly stepSeconds: number
  readonly positionsPerRoute: number
  /** Lowest borrow utilisation of the synthetic positions (the highest is 1). */
  readonly minUtilisation: number
  /** Extra per-asset jumps on top of the market's (Merton; 0 for none). */
  readonly jumpIntensityPerYear: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
  /** A cohort opens every this many seconds and lives `cohortLifeSeconds`. */
  readonly cohortSeconds: number
  readonly cohortLifeSeconds: number
  /** The market regime and jumps; `undefined` for a calm market without market jumps. */
  readonly market: MarketRegime | undefined
  /** Depeg processes for stablecoins and liquid staking tokens. */
  readonly depegs: boolean
}

/**
 * Defaults: a year in one-hour steps, a cohort of five positions from 90 % to 100 % of their
 * borrow limit opening every day, the calibrated market regime, jumps and depegs
 * (`core/sim/calibration.ts`).
 *
 * @example
 * ```ts
 * portfolioFromRegistry(registry, { ...DEFAULT_SIMULATION_OPTIONS, stepSeconds: 1800 })
 * ```
 */
export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  horizonSeconds: BOOK_CALIBRATION.horizonSeconds,
  stepSeconds: BOOK_CALIBRATION.stepSeconds,
  positionsPerRoute: BOOK_CALIBRATION.positions,
  minUtilisation: BOOK_CALIBRATION.minUtilisation,
  jumpIntensityPerYear: 0,
  jumpMeanLog: 0,
  jumpStdLog: 0,
  cohortSeconds: BOOK_CALIBRATION.cohortSeconds,
  cohortLifeSeconds: BOOK_CALIBRATION.lifeSeconds,
  market: {
    stressRatePerYear: MARKET_CALIBRATION.stressRatePerYear,
    stressMeanSeconds: MARKET_CALIBRATION.stressMeanSeconds,
    stressVolMultiplier: MARKET_CALIBRATION.stressVolMultiplier,
    jumpIntensityPerYear: MARKET_CALIBRATION.jumpIntensityPerYear,
    jumpMeanLog: MARKET_CALIBRATION.jumpMeanLog,
    jumpStdLog: MARKET_CALIBRATION.jumpStdLog,
  },
  depegs: true,
}

/**
 * Where each simulated route's numbers came from, for the output.
 *
 * @example
 * ```ts
 * portfolioFromRegistry(registry).sources[0].parameters // 'current' or 'recommended'
 * ```
 */
export type RouteSource = {
  readonly id: string
  readonly parameters: 'current' | 'recommended'
  readonly market?: string | undefined
  readonly liquidationLagSeconds: number
  readonly exploitRatePerYear: number
  readonly haltRatePerYear: number
  /** What `assess` recommends for the route (the solver's rules and its comparison). */
  readonly assessment: {
    readonly ltv: number
    readonly liquidationThreshold: number
    readonly liquidationBonus: number
    readonly eligible: boolean
    readonly ineligibleReasons: readonly string[]
  }
}

/**
 * Builds the simulated book from a resolved configuration: one simulated route per market
 * collateral entry (its current parameters), or per route with no market entry (the assessed
 * recommendation); one asset per config asset (σ from the config as its unconditional
 * volatility, the market's jumps except for stablecoins, a depeg for stablecoins and liquid
 * staking tokens); bridge exploit and halt rates from the bridge trust exactly as `assess`
 * computed it (annual probability p → rate −ln(1 − p)); lag = the assessed liquidation horizon
 * T_liq; book size = the supply cap, else the route's liquidation size; a cohort of positions
 * spread evenly in utilisation opening every day. Every model constant comes from
 * `core/sim/calibration.ts`.
 *
 * @example
 * ```ts
 * const { portfolio } = portfolioFromRegistry(await loadConfig('examples/small.yaml'))
 * ```
 */
export function portfolioFromRegistry(
  registry: Registry,
  options: SimulationOptions = DEFAULT_SIMULATION_OPTIONS,
): {
  readonly portfolio: SimPortfolio
  readonly sources: readonly RouteSource[]
  readonly lossBudgetUsd: number
} {
  const assets = new Map<string, SimAsset>()
  const routes: SimRoute[] = []
  const sources: RouteSource[] = []
  const uses = new Map<string, Array<{ market: string; current: CurrentParameters }>>()
  for (const m of registry.markets)
    for (const c of m.collateral)
      if (c.current) {
        const list = uses.get(c.route) ?? []
        list.push({ market: m.id, current: c.current })
        uses.set(c.route, list)
      }
  const utilisations = evenUtilisations(options.minUtilisation, options.positionsPerRoute)
  for (const route of registry.routes) {
    const a = route.asset
    if (!assets.has(a.id))
      assets.set(
        a.id,
        simAssetOf(a, {
          depegs: options.depegs,
          extraJumps: {
            intensityPerYear: options.jumpIntensityPerYear,
            meanLog: options.jumpMeanLog,
            stdLog: options.jumpStdLog,
          },
        }),
      )
    const current = uses.get(route.id) ?? []
    const assessment = assessRoute({ route, policy: registry.policy, current })
    const lag = assessment.components.liquidationHorizonSeconds
    // The trust assess computed (its exit time, its cap), not a second computation.
    const trust = assessment.bridgeTrust
    const faults = routeFaultsOf(route, registry.policy, trust)
    const exploitRate = faults.bridgeExploitRatePerYear
    const haltRate = faults.bridgeHaltRatePerYear
    const entries: Array<{
      id: string
      market?: string
      p: CurrentParameters
      kind: 'current' | 'recommended'
    }> =
      current.length > 0
        ? current.map((c) => ({
            id: current.length > 1 ? `${c.market}/${route.id}` : route.id,
            market: c.market,
            p: c.current,
            kind: 'current' as const,
          }))
        : [
            {
              id: route.id,
              p: {
                ltv: assessment.recommendation.ltv,
                liquidationThreshold: assessment.recommendation.liquidationThreshold,
                liquidationBonus: assessment.recommendation.liquidationBonus,
                supplyCapUsd: assessment.recommendation.supplyCapUsd,
              },
              kind: 'recommended' as const,
            },
          ]
    for (const e of entries) {
      // A route the assessment finds ineligible may recommend LT 0: keep it out of the book.
      if (!(e.p.liquidationThreshold > 0 && e.p.ltv > 0)) continue
      routes.push({
        id: e.id,
        assetId: a.id,
        bridgeId: route.bridges.map((b) => b.id).join('>'),
        liquidationThreshold: e.p.liquidationThreshold,
        loanToValue: Math.min(e.p.ltv, e.p.liquidationThreshold),
        liquidationBonus: e.p.liquidationBonus,
        liquidationLagSeconds: lag,
        collateralUsd: e.p.supplyCapUsd ?? route.liquidationSizeUsd,
        utilisations,
        faults,
        // A native route has no bridge (no exploit or halt rate) and no message: as synthetic here.
        architecture: route.architecture === 'native' ? 'synthetic' : route.architecture,
      })
      sources.push({
        id: e.id,
        parameters: e.kind,
        market: e.market,
        liquidationLagSeconds: lag,
        exploitRatePerYear: exploitRate,
        haltRatePerYear: haltRate,
        assessment: {
          ltv: assessment.recommendation.ltv,
          liquidationThreshold: assessment.recommendation.liquidationThreshold,
          liquidationBonus: assessment.recommendation.liquidationBonus,
          eligible: assessment.recommendation.eligible,
          ineligibleReasons: assessment.ineligibleReasons,
        },
      })
    }
  }
  return {
    portfolio: {
      horizonSeconds: options.horizonSeconds,
      stepSeconds: options.stepSeconds,
      assets: [...assets.values()],
      routes,
      book: { cohortSeconds: options.cohortSeconds, lifeSeconds: options.cohortLifeSeconds },
      ...(options.market ? { market: options.market } : {}),
    },
    sources,
    lossBudgetUsd: registry.policy.lossBudgetUsd,
  }
}
