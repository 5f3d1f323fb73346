import { mulDivUp } from '../math/muldiv.js'
import { WAD, type Wad, wadFromNumber, wadToNumber } from '../units/wad.js'
import { rateFromProbability } from '../vocabulary.js'
import type { Intent, IntentRoute } from './types.js'

/**
 * One way to post collateral: a route fed by the holding of its asset on its home chain. The
 * solver's variable is `x`, the USD value (at the holding's price) sent through it.
 * Per USD of `x`: `ltvFactor = LTV · keep` and `ltFactor = LT · keep` count towards the
 * borrow and the health factor (`keep = 1 − fee − slippage`, what arrives), `unitCostUsd` is the
 * variable cost, `unitRiskUsd` the risk; `fixedUsd` is paid once if the leg is used.
 */
export type Leg = {
  readonly route: IntentRoute
  /** Index into the intent's holdings. */
  readonly holding: number
  /** Share of the value that arrives, rounded down to a Wad. */
  readonly keepWad: Wad
  /** LTV and LT rounded down to a Wad (against the borrower). */
  readonly ltvWad: Wad
  readonly ltWad: Wad
  /** The route's remaining cap, USD Wad rounded down. */
  readonly capWad: Wad
  readonly ltvFactor: number
  readonly ltFactor: number
  /** Largest `x`: the remaining cap over `keep`, and the holding's value. */
  readonly upperUsd: number
  /** Same without the cap (what the holding alone allows). */
  readonly upperWithoutCapUsd: number
  readonly unitCostUsd: number
  readonly unitRiskUsd: number
  readonly fixedUsd: number
  /** Probability that the bridge path fails within the intent's horizon. */
  readonly failureProbability: number
}

/** A route left out of the program, and why. */
export type ExcludedRoute = { readonly route: string; readonly reason: string }

/**
 * The intent as a program over its legs: minimise `Σ unitCost·x + Σ fixed·[x > 0]` (plus
 * `riskWeight · Σ unitRisk·x`) subject to `0 ≤ x ≤ upper`, one `Σ x ≤ value` per holding,
 * `Σ ltvFactor·x ≥ requiredLtvUsd` and, for a borrow, `Σ ltFactor·x ≥ requiredLtUsd`.
 *
 * @example
 * ```ts
 * const program = formulate(intent, routes)
 * program.legs.map((l) => l.route.id)
 * ```
 */
export type IntentProgram = {
  readonly legs: readonly Leg[]
  /** USD value of each holding (index as in the intent). */
  readonly holdingValueUsd: readonly number[]
  /** The debt in USD (borrow, rounded up) or the collateral value wanted (margin). */
  readonly requiredLtvUsd: number
  readonly requiredLtvWad: Wad
  /** `minHealthFactor · debt` (borrow only): the LT-weighted collateral needed. */
  readonly requiredLtUsd?: number | undefined
  readonly requiredLtWad?: Wad | undefined
  readonly excluded: readonly ExcludedRoute[]
}

const YEAR_DAYS = 365

/**
 * USD value of tokens at a price, both Wad, rounded down (a holding's value).
 *
 * @example
 * ```ts
 * valueDownWad(2n * WAD, 3000n * WAD) // 6000n * WAD
 * ```
 */
export function valueDownWad(amountWad: bigint, priceUsdWad: bigint): Wad {
  return ((amountWad * priceUsdWad) / WAD) as Wad
}

/**
 * Builds the program of an intent over the registry's routes: keeps the routes that lend on
 * the wanted chain, start where the user holds their asset, are eligible (single points of
 * failure within their tiny cap), use no excluded bridge, count within the time limit and
 * says why each other route is left out. Pure.
 *
 * @example
 * ```ts
 * formulate(intent, routes).excluded // [{ route: 'wbtc-base', reason: 'lends on base, not arbitrum' }]
 * ```
 */
export function formulate(intent: Intent, routes: readonly IntentRoute[]): IntentProgram {
  const want = intent.want
  const years = intent.horizonDays / YEAR_DAYS
  const holdingValueUsd = intent.holdings.map((h) => wadToNumber(valueDownWad(h.amountWad, h.priceUsdWad)))
  const legs: Leg[] = []
  const excluded: ExcludedRoute[] = []
  for (const route of routes) {
    const reason = exclusionOf(intent, route)
    if (reason !== undefined) {
      excluded.push({ route: route.id, reason })
      continue
    }
    const holding = intent.holdings.findIndex((h) => h.asset === route.asset && h.chain === route.homeChain)
    if (holding < 0 || (intent.holdings[holding]?.amountWad ?? 0n) <= 0n) {
      excluded.push({ route: route.id, reason: `no ${route.asset} held on ${route.homeChain}` })
      continue
    }
    const { feeRate, slippage, fixedUsd } = route.costs
    const keepWad = wadFromNumber(Math.max(0, 1 - feeRate - slippage))
    const ltvWad = wadFromNumber(route.ltv)
    const ltWad = wadFromNumber(route.liquidationThreshold)
    // A single point of failure carries at most its tiny cap, whatever cap room the route has.
    const capUsd = route.singlePointOfFailure
      ? Math.min(route.capRemainingUsd, route.tinyCapUsd)
      : route.capRemainingUsd
    const capWad = wadFromNumber(Math.max(0, capUsd))
    const keep = wadToNumber(keepWad)
    if (keep <= 0 || ltvWad <= 0n) {
      excluded.push({
        route: route.id,
        reason: keep <= 0 ? 'its fees take the whole amount' : 'its LTV is 0',
      })
      continue
    }
    const failureProbability =
      route.annualFailureProbability <= 0 || years === 0
        ? 0
        : -Math.expm1(-rateFromProbability(Math.min(route.annualFailureProbability, 1 - 1e-12), 1) * years)
    const value = holdingValueUsd[holding] ?? 0
    legs.push({
      route,
      holding,
      keepWad,
      ltvWad,
      ltWad,
      capWad,
      ltvFactor: wadToNumber(ltvWad) * keep,
      ltFactor: wadToNumber(ltWad) * keep,
      upperUsd: Math.min(value, wadToNumber(capWad) / keep),
      upperWithoutCapUsd: value,
      unitCostUsd:
        feeRate +
        slippage +
        keep * route.lossGivenFailure * failureProbability +
        intent.capitalCostAnnual * years,
      unitRiskUsd: keep * route.haircut,
      fixedUsd,
      failureProbability,
    })
  }
  if (want.kind === 'borrow') {
    const debtWad = mulDivUp(want.amountWad, want.priceUsdWad, WAD) as Wad
    const ltWad = mulDivUp(debtWad, intent.minHealthFactorWad, WAD) as Wad
    return {
      legs,
      holdingValueUsd,
      requiredLtvUsd: wadToNumber(debtWad),
      requiredLtvWad: debtWad,
      requiredLtUsd: wadToNumber(ltWad),
      requiredLtWad: ltWad,
      excluded,
    }
  }
  return {
    legs,
    holdingValueUsd,
    requiredLtvUsd: wadToNumber(want.valueUsdWad),
    requiredLtvWad: want.valueUsdWad,
    excluded,
  }
}

function exclusionOf(intent: Intent, route: IntentRoute): string | undefined {
  if (route.debtChain !== intent.want.chain) return `lends on ${route.debtChain}, not ${intent.want.chain}`
  if (!route.eligible) return `ineligible: ${route.ineligibleReasons.join('; ') || 'by its assessment'}`
  const banned = route.bridges.filter((b) => intent.excludeBridges.includes(b))
  if (banned.length > 0) return `uses an excluded bridge (${banned.join(', ')})`
  if (intent.maxSeconds !== undefined && route.secondsToUsable > intent.maxSeconds)
    return `counts after ${(route.secondsToUsable / 60).toFixed(1)} min, above the limit of ${(intent.maxSeconds / 60).toFixed(1)} min`
  return undefined
}
