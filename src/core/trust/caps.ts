import { XcollatError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { nonNegative, unitInterval } from '../units/validate.js'
import type { RateLimitOutflow } from './rateLimit.js'

/** Which constraint sets an exposure cap. */
export type CapConstraint = 'liquidity' | 'rateLimit' | 'lossBudget'

/** Input of {@link exposureCap}. All amounts in USD. */
export type ExposureCapParameters = {
  /** Liquidity cap from the risk model (e.g. 2 × depth within the bonus's price impact), USD. */
  readonly liquidityCapUsd: number
  /**
   * Most the bridge's rate limit lets across within the time the protocol needs to move the
   * collateral (detection + exit), USD — from `tokenBucketMaxOutflow` / `governorMaxOutflow`.
   * Omit when the route has no rate limit (or the limit does not bound that window).
   */
  readonly rateLimitCapUsd?: number
  /** Reserve budget for a failure of this bridge, USD (≥ 0). */
  readonly lossBudgetUsd: number
  /** Fraction of the exposure lost if the bridge fails, in [0, 1]. */
  readonly lossGivenFailure: number
}

/** Output of {@link exposureCap}. */
export type ExposureCapReturnType = {
  /** The cap: the smallest of the constraints, USD. */
  readonly capUsd: number
  /** The constraint that sets it (ties: liquidity, then rate limit, then loss budget). */
  readonly binding: CapConstraint
  /**
   * Every constraint's value, USD (Infinity for a constraint that does not bind at any size; the
   * liquidity cap is always finite, so the cap itself is too).
   */
  readonly constraints: Readonly<Record<CapConstraint, number>>
  /** One sentence saying why. */
  readonly reason: string
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Exposure cap of a route, bridge or chain: the smallest of
 * - the liquidity cap (input from the risk model),
 * - the rate-limit cap (exposure above what the rate limit lets across within the exit window
 *   cannot be moved in time), and
 * - the loss-budget cap `lossBudgetUsd / lossGivenFailure`: the largest exposure E whose realised
 *   loss if the bridge fails, E · LGF, stays within the reserve budget. (The failure probability
 *   does not enter: the budget must absorb the failure when it happens; the probability prices the
 *   haircut instead.) With LGF = 0 this constraint never binds (Infinity).
 *
 * @example
 * ```ts
 * const c = exposureCap({ liquidityCapUsd: 50e6, rateLimitCapUsd: 10e6, lossBudgetUsd: 2e6, lossGivenFailure: 0.5 })
 * c.capUsd // 4e6 (= 2e6 / 0.5)
 * c.binding // 'lossBudget'
 * ```
 */
export function exposureCap(parameters: ExposureCapParameters): ExposureCapReturnType {
  const liquidity = nonNegative('liquidityCapUsd', parameters.liquidityCapUsd)
  const rateLimit =
    parameters.rateLimitCapUsd === undefined
      ? Number.POSITIVE_INFINITY
      : nonNegative('rateLimitCapUsd', parameters.rateLimitCapUsd)
  const budget = nonNegative('lossBudgetUsd', parameters.lossBudgetUsd)
  const lgf = unitInterval('lossGivenFailure', parameters.lossGivenFailure)
  const lossBudget = lgf === 0 ? Number.POSITIVE_INFINITY : budget / lgf
  const constraints = { liquidity, rateLimit, lossBudget } as const
  let binding: CapConstraint = 'liquidity'
  if (rateLimit < constraints[binding]) binding = 'rateLimit'
  if (lossBudget < constraints[binding]) binding = 'lossBudget'
  const capUsd = constraints[binding]
  const reasons: Record<CapConstraint, string> = {
    liquidity: `liquidity binds: a liquidation of more than ${fmt(liquidity)} USD cannot be sold within the bonus`,
    rateLimit: `the rate limit binds: at most ${fmt(rateLimit)} USD can cross the bridge within the exit window`,
    lossBudget: `the loss budget binds: a failure losing ${lgf} of the exposure stays within the ${fmt(budget)} USD reserve only up to ${fmt(lossBudget)} USD`,
  }
  return {
    capUsd,
    binding,
    constraints,
    reason: reasons[binding],
    explanation: [
      {
        term: 'liquidityCap',
        value: liquidity,
        inputs: { liquidityCapUsd: liquidity },
        formula: 'input (risk model)',
      },
      {
        term: 'rateLimitCap',
        value: rateLimit,
        inputs: { rateLimited: parameters.rateLimitCapUsd !== undefined },
        formula: 'most out within the exit window (token bucket: capacity + rate·t; Governor: daily limit)',
      },
      {
        term: 'lossBudgetCap',
        value: lossBudget,
        inputs: { lossBudgetUsd: budget, lossGivenFailure: lgf },
        formula: 'lossBudget / lossGivenFailure (realised loss on failure ≤ budget)',
      },
      {
        term: 'exposureCap',
        value: capUsd,
        inputs: { binding },
        formula: 'min(liquidityCap, rateLimitCap, lossBudgetCap)',
      },
    ],
  }
}

/**
 * The rate-limit input of {@link exposureCap} from a rate-limit outflow: the bound when there is one,
 * `undefined` (no rate-limit constraint) when the limit does not bound the window.
 *
 * @example
 * ```ts
 * rateLimitCapUsd(tokenBucketMaxOutflow({ capacity: 1e6, ratePerSecond: 100 }, 1800)) // 1_180_000
 * ```
 */
export function rateLimitCapUsd(outflow: RateLimitOutflow): number | undefined {
  return outflow.kind === 'bounded' ? outflow.mostOut : undefined
}

function fmt(x: number): string {
  // toLocaleString is slow on a hot path; the same digits with thousands separators.
  return Number.isFinite(x)
    ? Math.round(x)
        .toString()
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    : '∞'
}

/**
 * A route, bridge or chain id that is referenced but not defined. Code `XC_UNKNOWN_CAP_SCOPE`.
 *
 * @example
 * ```ts
 * const c = { liquidityCapUsd: 1e6, lossBudgetUsd: 1e5, lossGivenFailure: 1 }
 * nestedExposureCaps({ routes: [{ id: 'r', bridgeId: 'nope', chainId: 'arb', constraints: c }], bridges: {}, chains: { arb: c } })
 * // throws UnknownCapScopeError (bridge "nope")
 * ```
 */
export class UnknownCapScopeError extends XcollatError {
  override name = 'UnknownCapScopeError'
  constructor(kind: 'bridge' | 'chain', id: string, routeId: string) {
    super(`Route ${routeId} names ${kind} ${JSON.stringify(id)}, which has no cap constraints.`, {
      code: 'XC_UNKNOWN_CAP_SCOPE',
      instruction: `Add constraints for ${kind} ${JSON.stringify(id)} or correct the route's ${kind} id.`,
    })
  }
}

/** Input of {@link nestedExposureCaps}. */
export type NestedExposureCapsParameters = {
  readonly routes: ReadonlyArray<{
    readonly id: string
    readonly bridgeId: string
    readonly chainId: string
    readonly constraints: ExposureCapParameters
  }>
  readonly bridges: Readonly<Record<string, ExposureCapParameters>>
  readonly chains: Readonly<Record<string, ExposureCapParameters>>
}

/** One route's allocation in {@link nestedExposureCaps}. */
export type RouteCapAllocation = {
  readonly routeId: string
  /** The route's own cap (its three constraints), USD. */
  readonly ownCapUsd: number
  /** What the route may take after sharing its bridge's and chain's caps, USD. */
  readonly capUsd: number
  /** The level that set it: the route's own constraint, or the bridge's or chain's aggregate cap. */
  readonly bindingLevel: 'route' | 'bridge' | 'chain'
  readonly binding: CapConstraint
  readonly reason: string
}

/**
 * Exposure caps per route, bridge and chain together. Each route first gets its own cap; the routes
 * over one bridge then share that bridge's cap (scaled down pro rata when their sum exceeds it), and
 * the routes on one chain share the chain's cap the same way. The result never exceeds any of the
 * three levels, and each level's routes sum to at most its cap.
 *
 * @example
 * ```ts
 * const c = { liquidityCapUsd: 10, lossBudgetUsd: 100, lossGivenFailure: 1 }
 * nestedExposureCaps({
 *   routes: [{ id: 'a', bridgeId: 'b', chainId: 'c', constraints: c }, { id: 'd', bridgeId: 'b', chainId: 'c', constraints: c }],
 *   bridges: { b: { ...c, liquidityCapUsd: 10 } }, chains: { c: { ...c, liquidityCapUsd: 100 } },
 * }) // each route 5 (the bridge's 10 shared pro rata)
 * ```
 */
export function nestedExposureCaps(parameters: NestedExposureCapsParameters): {
  readonly routes: readonly RouteCapAllocation[]
  readonly bridges: Readonly<Record<string, ExposureCapReturnType>>
  readonly chains: Readonly<Record<string, ExposureCapReturnType>>
} {
  const bridges: Record<string, ExposureCapReturnType> = {}
  const chains: Record<string, ExposureCapReturnType> = {}
  for (const [id, c] of Object.entries(parameters.bridges)) bridges[id] = exposureCap(c)
  for (const [id, c] of Object.entries(parameters.chains)) chains[id] = exposureCap(c)
  const work = parameters.routes.map((r) => {
    if (!Object.hasOwn(bridges, r.bridgeId)) throw new UnknownCapScopeError('bridge', r.bridgeId, r.id)
    if (!Object.hasOwn(chains, r.chainId)) throw new UnknownCapScopeError('chain', r.chainId, r.id)
    const own = exposureCap(r.constraints)
    return {
      route: r,
      own,
      cap: own.capUsd,
      bindingLevel: 'route' as 'route' | 'bridge' | 'chain',
      binding: own.binding,
      reason: own.reason,
    }
  })
  const share = (level: 'bridge' | 'chain', caps: Record<string, ExposureCapReturnType>) => {
    for (const [id, levelCap] of Object.entries(caps)) {
      const members = work.filter((w) => (level === 'bridge' ? w.route.bridgeId : w.route.chainId) === id)
      const sum = members.reduce((a, w) => a + w.cap, 0)
      if (sum <= levelCap.capUsd) continue
      const scale = levelCap.capUsd / sum
      for (const w of members) {
        w.cap *= scale
        w.bindingLevel = level
        w.binding = levelCap.binding
        w.reason = `${level} ${id} cap ${fmt(levelCap.capUsd)} USD shared pro rata (${levelCap.reason})`
      }
    }
  }
  share('bridge', bridges)
  share('chain', chains)
  return {
    routes: work.map((w) => ({
      routeId: w.route.id,
      ownCapUsd: w.own.capUsd,
      capUsd: w.cap,
      bindingLevel: w.bindingLevel,
      binding: w.binding,
      reason: w.reason,
    })),
    bridges,
    chains,
  }
}
