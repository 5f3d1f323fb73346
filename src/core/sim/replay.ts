import { createRng } from '../math/random.js'
import { nonNegativeInteger, positive } from '../units/validate.js'
import { createRouteOutcome, createScratch, evaluateRoute, sampleBridgeFaults } from './engine.js'
import { SimulationInputError } from './errors.js'
import { compilePortfolio, type SimRoute } from './portfolio.js'

/** Inputs of {@link replayRoute}. */
export type ReplayRouteParameters = {
  readonly route: SimRoute
  /** Collateral prices in the debt asset at t = 0, dt, 2·dt, … (any unit: only ratios matter). */
  readonly prices: ArrayLike<number>
  readonly stepSeconds: number
  /** Liquidations may trigger up to this step; defaults to the last point of the series. */
  readonly horizonSteps?: number
  /** Seed for the route's fault draws (unused when every fault rate is 0). */
  readonly seed?: number | bigint
}

/** One position of a replayed route. */
export type ReplayedPosition = {
  readonly collateralUsd: number
  readonly debtUsd: number
  readonly liquidated: boolean
  /** Trigger to execution (liquidated positions), seconds. */
  readonly lagSeconds: number | undefined
  /** Lowest relative price of the lag window, or the horizon price when not liquidated. */
  readonly price: number
  readonly recoveredUsd: number
  readonly badDebtUsd: number
}

/** Result of {@link replayRoute}. */
export type ReplayRouteReturnType = {
  readonly badDebtUsd: number
  readonly liquidatedDebtUsd: number
  readonly positions: readonly ReplayedPosition[]
  /** Liquidations whose lag window ran past the end of the series (cut at its last point). */
  readonly truncatedWindows: number
}

/**
 * Runs one route's liquidation model (trigger, oracle floor and staleness, lag, halts, window
 * minimum, Aave-style repayment with bonus) over a given price series instead of a simulated
 * path: the hook for historical backtests and scenario paths. Prices are taken relative to the
 * first point. A lag window that runs past the end of the series is cut there and counted in
 * `truncatedWindows`, never extended with invented prices.
 *
 * @example
 * ```ts
 * const r = replayRoute({ route, prices: [3000, 2700, 2100, 1800], stepSeconds: 3600 })
 * r.badDebtUsd
 * ```
 */
export function replayRoute(p: ReplayRouteParameters): ReplayRouteReturnType {
  positive('stepSeconds', p.stepSeconds)
  const n = p.prices.length - 1
  if (n < 1) throw new SimulationInputError(`${p.prices.length} price points`, 'Give at least two prices.')
  for (let i = 0; i <= n; i++) positive(`prices[${i}]`, p.prices[i]!)
  const h = p.horizonSteps ?? n
  nonNegativeInteger('horizonSteps', h)
  if (h > n)
    throw new SimulationInputError(`horizonSteps ${h} beyond the series (${n} steps)`, 'Shorten the horizon.')
  const base = compilePortfolio({
    horizonSeconds: Math.max(1, h) * p.stepSeconds,
    stepSeconds: p.stepSeconds,
    assets: [
      {
        id: p.route.assetId,
        sigmaAnnual: 0,
        driftAnnual: 0,
        jumpIntensityPerYear: 0,
        jumpMeanLog: 0,
        jumpStdLog: 0,
      },
    ],
    routes: [p.route],
  })
  const c = { ...base, horizonSteps: h, totalSteps: n }
  const r = c.routes[0]!
  const scratch = createScratch(c)
  const x = scratch.logPaths[0]!
  const m = scratch.runMins[0]!
  const p0 = p.prices[0]!
  let min = 0
  for (let t = 0; t <= n; t++) {
    const v = Math.log(p.prices[t]! / p0)
    x[t] = v
    if (v < min) min = v
    m[t] = min
  }
  const rng = createRng(p.seed ?? 0)
  sampleBridgeFaults(c, rng, scratch)
  const out = createRouteOutcome(r)
  evaluateRoute(c, r, rng, scratch, out)
  let bad = 0
  let liqDebt = 0
  let truncated = 0
  const positions: ReplayedPosition[] = []
  for (let i = 0; i < r.collateral.length; i++) {
    const coll = r.collateral[i]!
    const debt = r.route.utilisations[i]! * r.route.loanToValue * coll
    const liquidated = out.liquidated[i] === 1
    const recovered = liquidated ? Math.min(debt, coll * out.value[i]!) : 0
    const b = liquidated ? debt - recovered : Math.max(0, debt - coll * out.value[i]!)
    if (liquidated) {
      liqDebt += debt
      truncated += out.truncated[i]!
    }
    bad += b
    positions.push({
      collateralUsd: coll,
      debtUsd: debt,
      liquidated,
      lagSeconds: liquidated ? out.lagSteps[i]! * p.stepSeconds : undefined,
      price: out.price[i]!,
      recoveredUsd: recovered,
      badDebtUsd: b,
    })
  }
  return { badDebtUsd: bad, liquidatedDebtUsd: liqDebt, positions, truncatedWindows: truncated }
}
