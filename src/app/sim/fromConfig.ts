import type { Registry } from '../../config/resolve.js'
import { assessRoute } from '../../core/assess/assess.js'
import { routeTrust } from '../../core/assess/bridgeTrust.js'
import type { CurrentParameters } from '../../core/assess/types.js'
import { SimulationInputError } from '../../core/sim/errors.js'
import {
  evenUtilisations,
  NO_FAULTS,
  type SimAsset,
  type SimPortfolio,
  type SimRoute,
} from '../../core/sim/portfolio.js'
import { rateFromProbability } from '../../core/vocabulary.js'

/**
 * Choices the config does not state, with the defaults the commands use (see docs/model.md).
 *
 * @example
 * ```ts
 * const o: SimulationOptions = { ...DEFAULT_SIMULATION_OPTIONS, horizonSeconds: 3600 }
 * ```
 */
export type SimulationOptions = {
  readonly horizonSeconds: number
  readonly stepSeconds: number
  readonly positionsPerRoute: number
  /** Lowest borrow utilisation of the synthetic positions (the highest is 1). */
  readonly minUtilisation: number
  readonly jumpIntensityPerYear: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
}

/**
 * Defaults: one day in one-minute steps, ten positions from 50 % to 100 % of their limit, no jumps.
 *
 * @example
 * ```ts
 * portfolioFromRegistry(registry, { ...DEFAULT_SIMULATION_OPTIONS, stepSeconds: 300 })
 * ```
 */
export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  horizonSeconds: 86_400,
  stepSeconds: 60,
  positionsPerRoute: 10,
  minUtilisation: 0.5,
  jumpIntensityPerYear: 0,
  jumpMeanLog: 0,
  jumpStdLog: 0,
}

/**
 * Fault assumptions not in the config (documented in docs/model.md).
 *
 * @example
 * ```ts
 * FAULT_ASSUMPTIONS.bridgeHaltSeconds // 21600
 * ```
 */
export const FAULT_ASSUMPTIONS = {
  bridgeHaltSeconds: 6 * 3600,
  oracleStaleProbability: 0.01,
  /** A stale episode lasts one heartbeat, at most this long (deviation updates resume in a crash). */
  oracleStaleMaxSeconds: 3600,
  congestionRatePerYear: 12,
  sequencerDowntimeRatePerYear: 2,
  sequencerDowntimeSeconds: 3600,
  stressDrawdown: 0.2,
  stressMultiplier: 5,
} as const

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
}

/**
 * Builds the simulated book from a resolved configuration: one simulated route per market
 * collateral entry (its current parameters), or per route with no market entry (the assessed
 * recommendation); one asset per config asset (σ from the config, jumps from the options);
 * bridge exploit and halt rates from the route's trust (annual probability p → rate −ln(1 − p));
 * lag = the assessed liquidation horizon T_liq; book size = the supply cap, else the route's
 * liquidation size; positions spread evenly in utilisation.
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
      assets.set(a.id, {
        id: a.id,
        sigmaAnnual: a.volatilityAnnual,
        driftAnnual: 0,
        jumpIntensityPerYear: options.jumpIntensityPerYear,
        jumpMeanLog: options.jumpMeanLog,
        jumpStdLog: options.jumpStdLog,
      })
    const current = uses.get(route.id) ?? []
    const assessment = assessRoute({ route, policy: registry.policy, current })
    const lag = assessment.components.liquidationHorizonSeconds
    const trust = routeTrust({
      bridges: route.bridges,
      detectionSeconds: registry.policy.detectionSeconds,
      exitSeconds: lag,
      tinyCapUsd: registry.policy.tinyCapUsd,
      haircutHorizonYears: registry.policy.haircutHorizonYears,
    })
    const exploitRate = rateFromProbability(trust.annualCompromiseProbability, 1)
    const haltRate = rateFromProbability(trust.haltProbability, 1)
    if (!Number.isFinite(exploitRate) || !Number.isFinite(haltRate))
      throw new SimulationInputError(
        `route "${route.id}" has a bridge certain to be ${Number.isFinite(exploitRate) ? 'halted' : 'compromised'} within a year (annual probability 1), which no finite rate simulates`,
        'Check the bridge trust probabilities of the route (a probability of 1 is a certainty), or take the route out of the markets.',
      )
    const debtChain = route.debtChain
    const faults = {
      ...NO_FAULTS,
      bridgeExploitRatePerYear: exploitRate,
      exploitLossFraction: trust.lossGivenFailure,
      bridgeHaltRatePerYear: haltRate,
      bridgeHaltSeconds: FAULT_ASSUMPTIONS.bridgeHaltSeconds,
      oracleStaleProbability: FAULT_ASSUMPTIONS.oracleStaleProbability,
      oracleStaleSeconds: Math.min(route.oracle.heartbeatSeconds, FAULT_ASSUMPTIONS.oracleStaleMaxSeconds),
      congestionRatePerYear: debtChain.congestionMultiplier > 1 ? FAULT_ASSUMPTIONS.congestionRatePerYear : 0,
      // A multiplier at or below 1 means no congestion (never a negative delay).
      congestionDelaySeconds:
        Math.max(0, debtChain.congestionMultiplier - 1) *
        (registry.policy.detectionSeconds + registry.policy.saleSeconds + debtChain.blockTimeSeconds),
      sequencerDowntimeRatePerYear: debtChain.sequencer ? FAULT_ASSUMPTIONS.sequencerDowntimeRatePerYear : 0,
      sequencerDowntimeSeconds:
        FAULT_ASSUMPTIONS.sequencerDowntimeSeconds + (debtChain.sequencer?.gracePeriodSeconds ?? 0),
      stressDrawdown: FAULT_ASSUMPTIONS.stressDrawdown,
      stressMultiplier: FAULT_ASSUMPTIONS.stressMultiplier,
    }
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
      })
    }
  }
  return {
    portfolio: {
      horizonSeconds: options.horizonSeconds,
      stepSeconds: options.stepSeconds,
      assets: [...assets.values()],
      routes,
    },
    sources,
    lossBudgetUsd: registry.policy.lossBudgetUsd,
  }
}
