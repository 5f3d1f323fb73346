import { createRng, type Rng } from '../math/random.js'
import { nonNegativeInteger } from '../units/validate.js'
import {
  compileBook,
  createBookRouteTotals,
  createBookScratch,
  evaluateBookRoute,
  startBookPath,
} from './book.js'
import {
  createRouteOutcome,
  createScratch,
  evaluateRoute,
  type RouteOutcome,
  sampleBridgeFaults,
  simulatePrices,
} from './engine.js'
import { SimulationInputError } from './errors.js'
import type { CompiledPortfolio } from './portfolio.js'

/**
 * Per-path results of the paths `[startPath, endPath)`, one column entry per path in path
 * order, plus integer counts. Partial results of adjacent ranges merge exactly
 * ({@link mergePartials}), so any split across workers gives bit-identical merged columns.
 *
 * @example
 * ```ts
 * const part: PartialResult = runPaths({ compiled, seed: 1, startPath: 0, endPath: 100 })
 * part.badDebt[0] // bad debt of path 0, USD
 * ```
 */
export type PartialResult = {
  readonly startPath: number
  readonly endPath: number
  /** Σ over positions of max(0, debt − recovered) after liquidation, or max(0, debt − collateral) at the horizon (USD). */
  readonly badDebt: Float64Array
  /** Bad debt per route: `routeBadDebt[r][path]`. */
  readonly routeBadDebt: Float64Array[]
  /** Collateral value seized and sold by liquidations (USD). */
  readonly liquidatedValue: Float64Array
  /** Debt of the liquidated positions (USD). */
  readonly liquidatedDebt: Float64Array
  /** Debt repaid by liquidations (USD). */
  readonly recoveredDebt: Float64Array
  /** Σ open debt / Σ open borrow capacity (collateral · S_T · LTV) at the horizon; 0 with nothing open. */
  readonly borrowUsage: Float64Array
  /** `lagCounts[k]`: liquidations whose trigger-to-execution lag was k steps. */
  readonly lagCounts: number[]
  /** Σ over paths and assets of the steps drawn inside the horizon. */
  stepsInHorizon: number
  /** Σ over paths and assets of the steps drawn (inside the horizon and past it). */
  stepsSimulated: number
}

/**
 * Inputs of {@link runPaths}.
 *
 * @example
 * ```ts
 * const p: RunPathsParameters = { compiled, seed: 42, startPath: 0, endPath: 1000, shouldStop: () => false }
 * ```
 */
export type RunPathsParameters = {
  readonly compiled: CompiledPortfolio
  readonly seed: number | bigint
  readonly startPath: number
  readonly endPath: number
  /** Checked before each path; when it returns true the run stops and returns the paths done. */
  readonly shouldStop?: () => boolean
  /** Called after each block of `progressEvery` paths with the number of paths done. */
  readonly onProgress?: (done: number) => void
  readonly progressEvery?: number
}

/**
 * Paths per block of streams: path p uses long jump ⌊p / 65536⌋ then jump (p mod 65536).
 *
 * @example
 * ```ts
 * Math.floor(100_000 / PATHS_PER_STREAM_BLOCK) // 1: path 100000 is in the second block of streams
 * ```
 */
export const PATHS_PER_STREAM_BLOCK = 65_536

/**
 * The random stream of path `p`: the seeded generator advanced by ⌊p/2^16⌋ long jumps (2^96
 * draws each) and (p mod 2^16) jumps (2^64 draws each). Offsets differ for distinct paths, so
 * streams never overlap (for < 2^32 blocks and < 2^64 draws per path), a path's numbers do not
 * depend on which worker runs it, and reaching path p costs at most p/2^16 + 2^16 jumps.
 *
 * @example
 * ```ts
 * const rng = streamAt(42, 1000) // createRng(42) jumped 1000 times
 * ```
 */
export function streamAt(seed: number | bigint, path: number): Rng {
  nonNegativeInteger('path', path)
  const rng = createRng(seed)
  const blocks = Math.floor(path / PATHS_PER_STREAM_BLOCK)
  for (let i = 0; i < blocks; i++) rng.longJump()
  for (let i = 0; i < path % PATHS_PER_STREAM_BLOCK; i++) rng.jump()
  return rng
}

/**
 * The streams of paths `start, start + 1, …` in turn, each {@link streamAt} of its path, at the
 * cost of one jump per path (and one long jump per block boundary).
 *
 * @example
 * ```ts
 * const s = pathStreams(42, 10); const rng10 = s.next(); const rng11 = s.next()
 * ```
 */
export function pathStreams(seed: number | bigint, start: number): { next(): Rng } {
  nonNegativeInteger('start', start)
  let path = start
  const block = streamAt(seed, start - (start % PATHS_PER_STREAM_BLOCK))
  let current = streamAt(seed, start)
  return {
    next(): Rng {
      const rng = current.clone()
      path++
      if (path % PATHS_PER_STREAM_BLOCK === 0) {
        block.longJump()
        current = block.clone()
      } else current.jump()
      return rng
    },
  }
}

/**
 * Adds one path's route outcomes into the per-path columns.
 */
function accumulate(
  c: CompiledPortfolio,
  outcomes: readonly RouteOutcome[],
  i: number,
  res: PartialResult,
): void {
  let bad = 0
  let liqValue = 0
  let liqDebt = 0
  let recovered = 0
  let openDebt = 0
  let capacity = 0
  for (let r = 0; r < c.routes.length; r++) {
    const route = c.routes[r]!
    const o = outcomes[r]!
    const ltv = route.route.loanToValue
    const bonus1 = 1 + route.route.liquidationBonus
    let routeBad = 0
    for (let k = 0; k < route.collateral.length; k++) {
      const coll = route.collateral[k]!
      const debt = route.route.utilisations[k]! * ltv * coll
      if (o.liquidated[k]) {
        // Aave v3 rule with a 100 % close factor: the liquidator repays min(debt, collateral value / (1 + bonus)).
        const rec = Math.min(debt, coll * o.value[k]!)
        recovered += rec
        liqDebt += debt
        liqValue += Math.min(coll * o.price[k]!, rec * bonus1)
        routeBad += debt - rec
        const lag = o.lagSteps[k]!
        while (res.lagCounts.length <= lag) res.lagCounts.push(0)
        res.lagCounts[lag]!++
      } else {
        const value = coll * o.value[k]!
        if (debt > value) routeBad += debt - value
        openDebt += debt
        capacity += value * ltv
      }
    }
    res.routeBadDebt[r]![i] = routeBad
    bad += routeBad
  }
  res.badDebt[i] = bad
  res.liquidatedValue[i] = liqValue
  res.liquidatedDebt[i] = liqDebt
  res.recoveredDebt[i] = recovered
  res.borrowUsage[i] = capacity > 0 ? openDebt / capacity : 0
}

function emptyPartial(c: CompiledPortfolio, start: number, n: number): PartialResult {
  return {
    startPath: start,
    endPath: start + n,
    badDebt: new Float64Array(n),
    routeBadDebt: c.routes.map(() => new Float64Array(n)),
    liquidatedValue: new Float64Array(n),
    liquidatedDebt: new Float64Array(n),
    recoveredDebt: new Float64Array(n),
    borrowUsage: new Float64Array(n),
    lagCounts: [],
    stepsInHorizon: 0,
    stepsSimulated: 0,
  }
}

function truncate(p: PartialResult, n: number): PartialResult {
  return {
    startPath: p.startPath,
    endPath: p.startPath + n,
    badDebt: p.badDebt.slice(0, n),
    routeBadDebt: p.routeBadDebt.map((x) => x.slice(0, n)),
    liquidatedValue: p.liquidatedValue.slice(0, n),
    liquidatedDebt: p.liquidatedDebt.slice(0, n),
    recoveredDebt: p.recoveredDebt.slice(0, n),
    borrowUsage: p.borrowUsage.slice(0, n),
    lagCounts: p.lagCounts,
    stepsInHorizon: p.stepsInHorizon,
    stepsSimulated: p.stepsSimulated,
  }
}

/**
 * Simulates the paths `[startPath, endPath)` of a compiled portfolio. Pure: the result depends
 * only on the portfolio, the seed and the range. Each path uses its own stream
 * ({@link streamAt}); within a path the draws come in a fixed order (asset prices, bridge
 * faults, then each route's faults).
 *
 * @example
 * ```ts
 * const part = runPaths({ compiled: compilePortfolio(p), seed: 42, startPath: 0, endPath: 1000 })
 * part.badDebt.length // 1000
 * ```
 */
export function runPaths(params: RunPathsParameters): PartialResult {
  const { compiled: c, startPath, endPath } = params
  nonNegativeInteger('startPath', startPath)
  nonNegativeInteger('endPath', endPath)
  if (endPath < startPath)
    throw new SimulationInputError(`endPath ${endPath} < startPath ${startPath}`, 'Give a range start ≤ end.')
  const n = endPath - startPath
  if (c.portfolio.book !== undefined) return runBookPaths(params, n)
  const res = emptyPartial(c, startPath, n)
  const scratch = createScratch(c)
  const outcomes = c.routes.map(createRouteOutcome)
  const streams = pathStreams(params.seed, startPath)
  const every = params.progressEvery ?? 1000
  for (let i = 0; i < n; i++) {
    if (params.shouldStop?.()) return truncate(res, i)
    const rng = streams.next()
    simulatePrices(c, rng, scratch)
    sampleBridgeFaults(c, rng, scratch)
    for (let r = 0; r < c.routes.length; r++) evaluateRoute(c, c.routes[r]!, rng, scratch, outcomes[r]!)
    accumulate(c, outcomes, i, res)
    res.stepsInHorizon += c.horizonSteps * c.kernels.length
    res.stepsSimulated += c.totalSteps * c.kernels.length
    if (params.onProgress && ((i + 1) % every === 0 || i + 1 === n)) params.onProgress(i + 1)
  }
  return res
}

function runBookPaths(params: RunPathsParameters, n: number): PartialResult {
  const c = params.compiled
  const b = compileBook(c)
  const res = emptyPartial(c, params.startPath, n)
  const scratch = createBookScratch(c)
  const totals = c.routes.map(createBookRouteTotals)
  const streams = pathStreams(params.seed, params.startPath)
  const every = params.progressEvery ?? 1000
  const assets = c.kernels.length
  for (let i = 0; i < n; i++) {
    if (params.shouldStop?.()) return truncate(res, i)
    const rng = streams.next()
    startBookPath(c, b, rng, scratch)
    let bad = 0
    let liqValue = 0
    let liqDebt = 0
    let recovered = 0
    let openDebt = 0
    let capacity = 0
    for (let r = 0; r < c.routes.length; r++) {
      const t = totals[r]!
      Object.assign(t, createBookRouteTotals())
      evaluateBookRoute(c, b, c.routes[r]!, rng, scratch, t, res.lagCounts)
      res.routeBadDebt[r]![i] = t.badDebt
      bad += t.badDebt
      liqValue += t.liquidatedValue
      liqDebt += t.liquidatedDebt
      recovered += t.recoveredDebt
      openDebt += t.openDebt
      capacity += t.openCapacity
    }
    res.badDebt[i] = bad
    res.liquidatedValue[i] = liqValue
    res.liquidatedDebt[i] = liqDebt
    res.recoveredDebt[i] = recovered
    res.borrowUsage[i] = capacity > 0 ? openDebt / capacity : 0
    res.stepsInHorizon += c.horizonSteps * assets
    res.stepsSimulated += scratch.generated * assets
    if (params.onProgress && ((i + 1) % every === 0 || i + 1 === n)) params.onProgress(i + 1)
  }
  return res
}

/**
 * Merges partial results into one, in path order. Ranges must not overlap; gaps are allowed
 * (a cancelled run keeps what finished) and reported through `paths`.
 *
 * @example
 * ```ts
 * const all = mergePartials([partB, partA]) // sorted by startPath, columns concatenated
 * ```
 */
export function mergePartials(parts: readonly PartialResult[]): PartialResult & { readonly paths: number } {
  if (parts.length === 0) throw new SimulationInputError('no partial results', 'Run at least one path.')
  const sorted = [...parts].sort((a, b) => a.startPath - b.startPath)
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.startPath < sorted[i - 1]!.endPath)
      throw new SimulationInputError('overlapping path ranges', 'Give each worker a disjoint range.')
  const n = sorted.reduce((s, p) => s + (p.endPath - p.startPath), 0)
  const routes = sorted[0]!.routeBadDebt.length
  const cat = (pick: (p: PartialResult) => Float64Array) => {
    const out = new Float64Array(n)
    let o = 0
    for (const p of sorted) {
      out.set(pick(p), o)
      o += pick(p).length
    }
    return out
  }
  const lagCounts: number[] = []
  for (const p of sorted)
    p.lagCounts.forEach((v, k) => {
      while (lagCounts.length <= k) lagCounts.push(0)
      lagCounts[k]! += v
    })
  return {
    startPath: sorted[0]!.startPath,
    endPath: sorted[sorted.length - 1]!.endPath,
    paths: n,
    badDebt: cat((p) => p.badDebt),
    routeBadDebt: Array.from({ length: routes }, (_, r) => cat((p) => p.routeBadDebt[r]!)),
    liquidatedValue: cat((p) => p.liquidatedValue),
    liquidatedDebt: cat((p) => p.liquidatedDebt),
    recoveredDebt: cat((p) => p.recoveredDebt),
    borrowUsage: cat((p) => p.borrowUsage),
    lagCounts,
    stepsInHorizon: sorted.reduce((s, p) => s + p.stepsInHorizon, 0),
    stepsSimulated: sorted.reduce((s, p) => s + p.stepsSimulated, 0),
  }
}
