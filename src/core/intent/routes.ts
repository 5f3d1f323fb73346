import type { RouteAssessment } from '../assess/assess.js'
import { routeTrust } from '../assess/bridgeTrust.js'
import type { AssessPolicy, BridgeInput, MarketInput, RouteInput } from '../assess/types.js'
import type { IntentRoute, RouteCosts } from './types.js'

/** Costs the user states per route or per bridge (a route's own entry wins; a path sums its bridges'). */
export type CostTable = {
  readonly routes?: Readonly<Record<string, Partial<RouteCosts>>> | undefined
  readonly bridges?: Readonly<Record<string, Partial<RouteCosts>>> | undefined
}

/** Inputs of {@link intentRoutes}. */
export type IntentRoutesParameters = {
  readonly routes: readonly RouteInput[]
  readonly assessments: readonly RouteAssessment[]
  readonly markets: readonly MarketInput[]
  readonly policy: AssessPolicy
  /** How the assessment may name the wanted debt's pair (its id, its factor: `usdc`, `usd`), first match wins. */
  readonly debtKeys?: readonly string[] | undefined
  readonly costs?: CostTable | undefined
  /** Collateral each route already holds, USD (taken off its cap). */
  readonly exposureUsd?: Readonly<Record<string, number>> | undefined
}

/** {@link intentRoutes}' answer: the routes and the assumptions made for missing inputs. */
export type IntentRoutesReturnType = {
  readonly routes: readonly IntentRoute[]
  readonly assumptions: readonly string[]
}

/**
 * Seconds until collateral sent through a route counts on the debt chain, calm market:
 * the home chain's finality, then each bridge's verification and execution, plus its challenge
 * window where messages from the home chain wait for one (optimistic paths). 0 natively.
 *
 * @example
 * ```ts
 * secondsToUsable(route) // 768 + 60 + 30 for a canonical rollup deposit
 * ```
 */
export function secondsToUsable(route: RouteInput): number {
  if (route.bridges.length === 0) return 0
  return (
    route.homeChain.finalitySeconds +
    route.bridges.reduce((s, b) => s + b.verificationSeconds + b.executionSeconds + challengeOf(b, route), 0)
  )
}

function challengeOf(b: BridgeInput, route: RouteInput): number {
  if (b.challenge === undefined) return 0
  const from = b.challenge.fromChains
  return from === undefined || from.includes(route.homeChain.id) ? b.challenge.windowSeconds : 0
}

function costsOf(route: RouteInput, table: CostTable | undefined, assumptions: string[]): RouteCosts {
  const own = table?.routes?.[route.id]
  const hops = route.bridges.map((b) => table?.bridges?.[b.id])
  const missing = route.bridges.filter((_, i) => hops[i] === undefined).map((b) => b.id)
  if (own === undefined && missing.length > 0)
    assumptions.push(
      `route ${route.id}: no fee data for ${missing.join(', ')} (the catalog has none): 0 fee, 0 gas and 0 slippage assumed; give them under costs in the intent`,
    )
  const sum = (k: keyof RouteCosts) => own?.[k] ?? hops.reduce((s, h) => s + (h?.[k] ?? 0), 0)
  return { feeRate: sum('feeRate'), fixedUsd: sum('fixedUsd'), slippage: sum('slippage') }
}

function exposureCapOf(a: RouteAssessment): number {
  const term = a.explanation.find((t) => t.term === 'recommendedSupplyCapUsd')
  const cap = term?.inputs.exposureCap
  return typeof cap === 'number' ? cap : a.recommendation.supplyCapUsd
}

/**
 * The registry's routes as intent routing sees them: each route's assessed LTV and LT (for the
 * wanted debt's pair when assessed), its remaining cap (the recommended supply cap, or the
 * market's own if lower, less the exposure it already holds), its trust (annual failure
 * probability, loss given failure, haircut, score), its time to usable and its costs. A route
 * whose bridge path has a single point of failure, ineligible only for that, is usable within
 * the policy's tiny cap. Pure.
 *
 * @example
 * ```ts
 * const { routes } = intentRoutes({ routes: registry.routes, assessments: assess(registry).routes, markets: registry.markets, policy: registry.policy })
 * ```
 */
export function intentRoutes(p: IntentRoutesParameters): IntentRoutesReturnType {
  const assumptions: string[] = []
  const byId = new Map(p.assessments.map((a) => [a.id, a]))
  const marketCaps = new Map<string, number>()
  for (const m of p.markets)
    for (const c of m.collateral) {
      const cap = c.current?.supplyCapUsd
      if (cap !== undefined) marketCaps.set(c.route, Math.min(cap, marketCaps.get(c.route) ?? cap))
    }
  const routes = p.routes.flatMap((route): IntentRoute[] => {
    const a = byId.get(route.id)
    if (a === undefined) return []
    // The wanted debt's pair, else the binding pair: its LTV/LT hold even where the route's
    // recommendation is zeroed for ineligibility (a single point of failure within its tiny cap).
    const own = (p.debtKeys ?? []).map((k) => a.pairs.find((x) => x.debt === k)).find((x) => x !== undefined)
    const pair = own ?? a.pairs.find((x) => x.debt === a.bindingDebt)
    if (p.debtKeys !== undefined && own === undefined && a.pairs.length > 0)
      assumptions.push(
        `route ${route.id}: no pair assessed against ${p.debtKeys.join('/')}; the route's binding pair (${a.bindingDebt}) is used`,
      )
    const seconds = secondsToUsable(route)
    let singlePointOfFailure = false
    let eligible = a.recommendation.eligible
    let ineligibleReasons = a.ineligibleReasons
    let cap = Math.min(a.recommendation.supplyCapUsd, marketCaps.get(route.id) ?? Number.POSITIVE_INFINITY)
    if (route.bridges.length > 0 && route.acceptSinglePointOfFailure === undefined) {
      const trustAt = (capUsd: number) =>
        routeTrust({
          bridges: route.bridges,
          detectionSeconds: p.policy.detectionSeconds,
          exitSeconds: seconds,
          capUsd,
          tinyCapUsd: p.policy.tinyCapUsd,
          haircutHorizonYears: p.policy.haircutHorizonYears,
        })
      const tiny = trustAt(p.policy.tinyCapUsd)
      if (tiny.singlePoints.length > 0) {
        singlePointOfFailure = true
        const full = new Set(trustAt(Math.max(exposureCapOf(a), p.policy.tinyCapUsd * 2)).ineligibleReasons)
        const kept = new Set(tiny.ineligibleReasons)
        // The reasons a tiny cap lifts: eligible within it when no other reason is left.
        const rest = a.ineligibleReasons.filter((r) => !full.has(r) || kept.has(r))
        eligible = rest.length === 0
        ineligibleReasons = rest
        cap = Math.min(
          p.policy.tinyCapUsd,
          exposureCapOf(a),
          marketCaps.get(route.id) ?? Number.POSITIVE_INFINITY,
        )
      }
    }
    const exposure = p.exposureUsd?.[route.id] ?? 0
    return [
      {
        id: route.id,
        asset: route.asset.id,
        homeChain: route.homeChain.id,
        debtChain: route.debtChain.id,
        architecture: route.architecture,
        bridges: route.bridges.map((b) => b.id),
        ltv: Math.min(
          pair?.ltv ?? a.recommendation.ltv,
          eligible && a.recommendation.eligible ? a.recommendation.ltv : 1,
        ),
        liquidationThreshold: Math.min(
          pair?.liquidationThreshold ?? a.recommendation.liquidationThreshold,
          eligible && a.recommendation.eligible ? a.recommendation.liquidationThreshold : 1,
        ),
        capRemainingUsd: Math.max(0, cap - exposure),
        singlePointOfFailure,
        tinyCapUsd: p.policy.tinyCapUsd,
        eligible,
        ineligibleReasons,
        costs: costsOf(route, p.costs, assumptions),
        annualFailureProbability: a.bridgeTrust.annualCompromiseProbability,
        lossGivenFailure: a.bridgeTrust.lossGivenFailure,
        haircut: a.components.bridgeHaircut,
        trustScore: a.components.trustScore,
        secondsToUsable: seconds,
      },
    ]
  })
  return { routes, assumptions }
}
