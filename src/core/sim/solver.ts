import { nonNegative, nonNegativeInteger, openUnitInterval } from '../units/validate.js'
import {
  createRouteOutcome,
  createScratch,
  evaluateRoute,
  sampleBridgeFaults,
  simulatePrices,
} from './engine.js'
import { SimulationInputError } from './errors.js'
import { type Estimate, quantileEstimate } from './metrics.js'
import { pathStreams } from './montecarlo.js'
import { type CompiledPortfolio, compilePortfolio } from './portfolio.js'
import { combinedProbability, defaultWindowTilt, sampleCriticalLts, type WindowTilt } from './rareevent.js'

/**
 * Inputs of {@link solveRoute}.
 *
 * @example
 * ```ts
 * const p: SolveRouteParameters = { compiled, routeId: 'r', seed: 1, paths: 5000, rarePaths: 20_000,
 *   lossBudgetUsd: 1e6, epsilon: 1e-4 }
 * ```
 */
export type SolveRouteParameters = {
  readonly compiled: CompiledPortfolio
  readonly routeId: string
  readonly seed: number | bigint
  /** Plain Monte Carlo paths for VaR95 (common random numbers across every LT tried). */
  readonly paths: number
  /** Importance-sampling paths for P(bad debt > 0). */
  readonly rarePaths: number
  /** VaR95 of the route's bad debt must stay at or below this (USD). */
  readonly lossBudgetUsd: number
  /** P(bad debt > 0) must stay at or below this. */
  readonly epsilon: number
  /** LT search range; defaults [0.05, 0.99]. */
  readonly lowerLt?: number
  readonly upperLt?: number
  /** LT values of the printed frontier; defaults 0.50, 0.55, …, 0.95. */
  readonly frontierLts?: readonly number[]
}

/**
 * One point of the LT → loss frontier.
 *
 * @example
 * ```ts
 * solveRoute(p).frontier[0].badDebtVar95.value
 * ```
 */
export type FrontierPoint = {
  readonly liquidationThreshold: number
  readonly loanToValue: number
  readonly badDebtVar95: Estimate
  readonly badDebtEvar99: Estimate
  readonly badDebtMean: number
  /** P(bad debt > 0) by importance sampling, with its standard error. */
  readonly probabilityOfBadDebt: number
  readonly probabilityStandardError: number
}

/**
 * The largest LT (and LTV) of a route within the loss budget and ε.
 *
 * @example
 * ```ts
 * const s: SolveRouteReturnType = solveRoute(p)
 * s.liquidationThreshold // undefined when infeasible
 * ```
 */
export type SolveRouteReturnType = {
  readonly routeId: string
  readonly currentLiquidationThreshold: number
  readonly currentLoanToValue: number
  /** undefined when even the lower end of the range breaks a constraint. */
  readonly liquidationThreshold: number | undefined
  readonly loanToValue: number | undefined
  /** Which constraint stops a higher LT: VaR95, P(bad debt), or the top of the range. */
  readonly binding: 'var95' | 'probability' | 'range' | 'infeasible'
  readonly atSolution: FrontierPoint | undefined
  readonly frontier: readonly FrontierPoint[]
  /** The importance-sampling tilt, or undefined for an asset that is sampled plainly. */
  readonly tilt: WindowTilt | undefined
}

/*
 * Per-path, per-position values that do not depend on LT (see docs/model.md): with
 * LTV = ρ·LT (ρ the route's LTV/LT kept fixed), position i's trigger u_i·ρ does not move with
 * LT, so the liquidation time, the lag window and the value v_i available per unit of
 * collateral are the same for every LT: common random numbers in the strongest form. Bad debt
 * at LT is then Σ_i c_i·max(0, u_i·ρ·LT − v_i), non-decreasing in LT on every path.
 */
function plainValues(c: CompiledPortfolio, seed: number | bigint, paths: number): Float64Array {
  const r = c.routes[0]!
  const k = r.collateral.length
  const scratch = createScratch(c)
  const out = createRouteOutcome(r)
  const values = new Float64Array(paths * k)
  const streams = pathStreams(seed, 0)
  for (let p = 0; p < paths; p++) {
    const rng = streams.next()
    simulatePrices(c, rng, scratch)
    sampleBridgeFaults(c, rng, scratch)
    evaluateRoute(c, r, rng, scratch, out)
    values.set(out.value, p * k)
  }
  return values
}

/**
 * Solves for the largest LT of one route such that VaR95 of its bad debt ≤ the loss budget and
 * P(bad debt > 0) ≤ ε, by bisection over LT with common random numbers (the same paths for every
 * LT), and prints the frontier LT → loss. VaR95 comes from plain Monte Carlo; the probability
 * from the window-tilted importance sampler (tilt fixed at the route's current LT, so the
 * estimate is a step function of LT and exactly monotone).
 *
 * @example
 * ```ts
 * const s = solveRoute({ compiled: c, routeId: 'weth-arb', seed: 1, paths: 5000, rarePaths: 20000,
 *   lossBudgetUsd: 10_000, epsilon: 1e-4 })
 * s.liquidationThreshold
 * ```
 */
export function solveRoute(p: SolveRouteParameters): SolveRouteReturnType {
  nonNegativeInteger('paths', p.paths)
  nonNegativeInteger('rarePaths', p.rarePaths)
  if (p.paths < 20) throw new SimulationInputError(`${p.paths} paths`, 'Use at least 20 paths for a VaR95.')
  if (p.rarePaths < 1)
    throw new SimulationInputError('no rare-event paths', 'Use at least one rare-event path.')
  nonNegative('lossBudgetUsd', p.lossBudgetUsd)
  openUnitInterval('epsilon', p.epsilon)
  const lo = openUnitInterval('lowerLt', p.lowerLt ?? 0.05)
  const hi = openUnitInterval('upperLt', p.upperLt ?? 0.99)
  if (lo >= hi) throw new SimulationInputError(`lowerLt ${lo} ≥ upperLt ${hi}`, 'Give lowerLt < upperLt.')
  const full = p.compiled
  const route = full.routes.find((r) => r.route.id === p.routeId)
  if (route === undefined)
    throw new SimulationInputError(`unknown route "${p.routeId}"`, 'Pick a route id of the portfolio.')
  const c = compilePortfolio({
    horizonSeconds: full.portfolio.horizonSeconds,
    stepSeconds: full.portfolio.stepSeconds,
    assets: [full.portfolio.assets[route.assetIndex]!],
    routes: [route.route],
  })
  const r = c.routes[0]!
  const rho = r.route.loanToValue / r.route.liquidationThreshold
  const u = r.route.utilisations
  const coll = r.collateral
  const k = u.length
  const plain = plainValues(c, p.seed, p.paths)
  // GARCH, EWMA and bootstrap assets cannot be tilted: their P(bad debt) comes from plain sampling.
  const tilt = c.models[0] === undefined ? defaultWindowTilt(c, 0) : undefined
  const rare = sampleCriticalLts(c, p.seed, 0, p.rarePaths, tilt)
  const rarePlain = sampleCriticalLts(
    c,
    p.seed,
    p.rarePaths,
    rare.q.some((q) => q > 0) ? p.rarePaths : 0,
    undefined,
  )
  const badAt = (lt: number): Float64Array => {
    const out = new Float64Array(p.paths)
    for (let q = 0; q < p.paths; q++) {
      let s = 0
      for (let i = 0; i < k; i++) {
        const d = u[i]! * rho * lt - plain[q * k + i]!
        if (d > 0) s += coll[i]! * d
      }
      out[q] = s
    }
    return out
  }
  const probAt = (lt: number): [number, number] => {
    const e = combinedProbability(rare, rarePlain, lt)
    return [e.probability, e.standardError]
  }
  const point = (lt: number): FrontierPoint => {
    const bad = badAt(lt)
    let mean = 0
    for (const b of bad) mean += b
    mean /= bad.length
    bad.sort()
    const [prob, se] = probAt(lt)
    return {
      liquidationThreshold: lt,
      loanToValue: rho * lt,
      badDebtVar95: quantileEstimate(bad, 0.95),
      badDebtEvar99: quantileEstimate(bad, 0.99),
      badDebtMean: mean,
      probabilityOfBadDebt: prob,
      probabilityStandardError: se,
    }
  }
  const check = (lt: number): 'ok' | 'var95' | 'probability' => {
    const pt = point(lt)
    if (pt.badDebtVar95.value > p.lossBudgetUsd) return 'var95'
    if (pt.probabilityOfBadDebt > p.epsilon) return 'probability'
    return 'ok'
  }
  const frontier = (p.frontierLts ?? Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i)).map((lt) =>
    point(openUnitInterval('frontierLts[]', lt)),
  )
  const base = {
    routeId: r.route.id,
    currentLiquidationThreshold: r.route.liquidationThreshold,
    currentLoanToValue: r.route.loanToValue,
    frontier,
    tilt,
  }
  if (check(lo) !== 'ok')
    return {
      ...base,
      liquidationThreshold: undefined,
      loanToValue: undefined,
      binding: 'infeasible',
      atSolution: undefined,
    }
  if (check(hi) === 'ok')
    return {
      ...base,
      liquidationThreshold: hi,
      loanToValue: rho * hi,
      binding: 'range',
      atSolution: point(hi),
    }
  let a = lo
  let b = hi
  let binding: 'var95' | 'probability' = 'var95'
  for (let it = 0; it < 40 && b - a > 1e-6; it++) {
    const mid = 0.5 * (a + b)
    const res = check(mid)
    if (res === 'ok') a = mid
    else {
      b = mid
      binding = res
    }
  }
  const lt = Math.floor(a * 1e6) / 1e6
  return { ...base, liquidationThreshold: lt, loanToValue: rho * lt, binding, atSolution: point(lt) }
}
