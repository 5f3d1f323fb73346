import { nonNegative, nonNegativeInteger, openUnitInterval } from '../units/validate.js'
import {
  type BookRouteTotals,
  compileBook,
  createBookRouteTotals,
  createBookScratch,
  evaluateBookRoute,
  type LtSensitivity,
  startBookPath,
} from './book.js'
import { SimulationInputError } from './errors.js'
import { type Estimate, proportionEstimate, quantileEstimate } from './metrics.js'
import { type PartialResult, pathStreams, runPaths } from './montecarlo.js'
import { type CompiledPortfolio, compilePortfolio, type SimPortfolio, type SimRoute } from './portfolio.js'

/** Plain Monte Carlo resolves probabilities at or above this; below it a solver needs variance reduction. */
export const PLAIN_MONTE_CARLO_MIN_PROBABILITY = 1e-3

/** Expected number of paths beyond the budget at P = ε that a solve needs (ε·paths ≥ this). */
export const MIN_EXPECTED_EXCEEDANCES = 10

/**
 * Inputs of {@link solveBookRoute}.
 *
 * @example
 * ```ts
 * const p: SolveBookRouteParameters = { compiled, routeId: 'weth', seed: 1, paths: 1000, confirmPaths: 1000,
 *   budgetUsd: 100_000, epsilon: 0.01, loanToValueRatio: 0.9, liquidationBonus: 0.05 }
 * ```
 */
export type SolveBookRouteParameters = {
  /** A cohort-book portfolio (`book` set). */
  readonly compiled: CompiledPortfolio
  readonly routeId: string
  readonly seed: number | bigint
  /** Paths of the search (common random numbers across every LT tried). */
  readonly paths: number
  /** Paths of the confirmation run at the answer, on streams the search did not use. */
  readonly confirmPaths: number
  /** Bad debt of the route over the horizon that must be exceeded with probability ≤ ε (USD). */
  readonly budgetUsd: number
  /** Largest acceptable P(bad debt over the horizon > budget), at least 1e-3 (plain Monte Carlo). */
  readonly epsilon: number
  /** LTV / LT kept fixed while LT moves (the assessment's LTV rule LTV = LT·(1 − m)). */
  readonly loanToValueRatio: number
  readonly liquidationBonus: number
  /** LT search range; defaults [0.05, 0.99], capped so that LT·(1 + bonus) < 1. */
  readonly lowerLt?: number
  readonly upperLt?: number
  /** LT values of the printed frontier; defaults 0.50, 0.55, …, 0.95 (those with LT·(1 + bonus) < 1). */
  readonly frontierLts?: readonly number[]
}

/**
 * One point of the LT → loss frontier of a cohort book.
 *
 * @example
 * ```ts
 * solveBookRoute(p).frontier[0].probabilityOverBudget.value
 * ```
 */
export type BookFrontierPoint = {
  readonly liquidationThreshold: number
  readonly loanToValue: number
  readonly badDebtVar95: Estimate
  readonly badDebtEvar99: Estimate
  readonly badDebtMean: number
  readonly probabilityOfBadDebt: Estimate
  /** P(bad debt over the horizon > budget) with its Wilson interval. */
  readonly probabilityOverBudget: Estimate
}

/**
 * The answer of {@link solveBookRoute}.
 *
 * @example
 * ```ts
 * const s: SolveBookRouteReturnType = solveBookRoute(p)
 * s.liquidationThreshold // undefined when infeasible
 * ```
 */
export type SolveBookRouteReturnType = {
  readonly routeId: string
  readonly currentLiquidationThreshold: number
  readonly currentLoanToValue: number
  readonly liquidationBonus: number
  readonly loanToValueRatio: number
  readonly budgetUsd: number
  readonly epsilon: number
  /** The largest LT allowed by LT·(1 + bonus) < 1, in whole bps. */
  readonly solvencyLimit: number
  readonly liquidationThreshold: number | undefined
  readonly loanToValue: number | undefined
  /** What stops a higher LT: the probability target, the solvency rule (LT·(1 + bonus) < 1) or the range. */
  readonly binding: 'probability' | 'solvency' | 'range' | 'infeasible'
  /**
   * LTs whose search estimate is within its 95 % Wilson interval of ε: the answer's sampling
   * resolution (`low` the largest LT whose upper bound is ≤ ε, `high` the smallest whose lower bound is > ε).
   */
  readonly resolution: { readonly low: number; readonly high: number } | undefined
  readonly atSolution: BookFrontierPoint | undefined
  /** A plain simulation of the answer on streams the search did not use. */
  readonly confirmation:
    | {
        readonly paths: number
        readonly point: BookFrontierPoint
        /** True when the confirmation's Wilson interval reaches down to ε or below. */
        readonly consistent: boolean
      }
    | undefined
  readonly frontier: readonly BookFrontierPoint[]
}

/**
 * The LT decomposition of one route's bad debt on the paths `[startPath, endPath)`: per path, the
 * liquidations' debt per unit of LT and sale values (bad debt at LT = Σ max(0, d·LT − v)). Samples
 * of adjacent ranges merge exactly ({@link mergeBookSamples}).
 *
 * @example
 * ```ts
 * const s: BookSamples = sampleBookPaths({ compiled, seed: 1, startPath: 0, endPath: 1000 })
 * s.paths // 1000
 * ```
 */
export type BookSamples = {
  readonly startPath: number
  readonly paths: number
  /** Per path, offsets into debtPerLt/value (length paths + 1). */
  readonly offsets: Int32Array
  readonly debtPerLt: Float64Array
  readonly value: Float64Array
}

type Samples = BookSamples

function sample(c: CompiledPortfolio, seed: number | bigint, start: number, paths: number): Samples {
  const b = compileBook(c)
  const scratch = createBookScratch(c)
  const totals: BookRouteTotals = createBookRouteTotals()
  const sink: LtSensitivity = { debtPerLt: [], value: [] }
  const offsets = new Int32Array(paths + 1)
  const lags: number[] = []
  const streams = pathStreams(seed, start)
  for (let p = 0; p < paths; p++) {
    const rng = streams.next()
    startBookPath(c, b, rng, scratch)
    evaluateBookRoute(c, b, c.routes[0]!, rng, scratch, totals, lags, sink)
    offsets[p + 1] = sink.value.length
  }
  return {
    startPath: start,
    paths,
    offsets,
    debtPerLt: Float64Array.from(sink.debtPerLt),
    value: Float64Array.from(sink.value),
  }
}

/**
 * Samples the paths `[startPath, endPath)` of the (single-route) cohort book for the solver. Pure:
 * each path uses its own stream, so the samples of a range do not depend on how it is split.
 *
 * @example
 * ```ts
 * const s = sampleBookPaths({ compiled, seed: 1, startPath: 0, endPath: 1000 })
 * ```
 */
export function sampleBookPaths(p: {
  readonly compiled: CompiledPortfolio
  readonly seed: number | bigint
  readonly startPath: number
  readonly endPath: number
}): BookSamples {
  nonNegativeInteger('startPath', p.startPath)
  nonNegativeInteger('endPath', p.endPath)
  if (p.endPath < p.startPath)
    throw new SimulationInputError(
      `endPath ${p.endPath} < startPath ${p.startPath}`,
      'Give a range start ≤ end.',
    )
  return sample(p.compiled, p.seed, p.startPath, p.endPath - p.startPath)
}

/**
 * Concatenates the samples of adjacent path ranges, in path order: the result equals one
 * {@link sampleBookPaths} over the whole range, bit for bit.
 *
 * @example
 * ```ts
 * mergeBookSamples([s0, s1]).paths // s0.paths + s1.paths
 * ```
 */
export function mergeBookSamples(parts: readonly BookSamples[]): BookSamples {
  if (parts.length === 0) throw new SimulationInputError('no samples', 'Sample at least one range.')
  const sorted = [...parts].sort((a, b) => a.startPath - b.startPath)
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.startPath !== sorted[i - 1]!.startPath + sorted[i - 1]!.paths)
      throw new SimulationInputError('sample ranges that are not adjacent', 'Merge adjacent ranges only.')
  const paths = sorted.reduce((s, x) => s + x.paths, 0)
  const entries = sorted.reduce((s, x) => s + x.value.length, 0)
  const offsets = new Int32Array(paths + 1)
  const debtPerLt = new Float64Array(entries)
  const value = new Float64Array(entries)
  let path = 0
  let entry = 0
  for (const x of sorted) {
    for (let i = 1; i <= x.paths; i++) offsets[path + i] = entry + x.offsets[i]!
    debtPerLt.set(x.debtPerLt, entry)
    value.set(x.value, entry)
    path += x.paths
    entry += x.value.length
  }
  return { startPath: sorted[0]!.startPath, paths, offsets, debtPerLt, value }
}

function badDebtAt(s: Samples, lt: number): Float64Array {
  const out = new Float64Array(s.paths)
  for (let p = 0; p < s.paths; p++) {
    let bad = 0
    for (let j = s.offsets[p]!; j < s.offsets[p + 1]!; j++) {
      const d = s.debtPerLt[j]! * lt - s.value[j]!
      if (d > 0) bad += d
    }
    out[p] = bad
  }
  return out
}

function pointOf(s: Samples, lt: number, rho: number, budget: number): BookFrontierPoint {
  return pointOfColumn(badDebtAt(s, lt), lt, rho, budget)
}

function pointOfColumn(column: Float64Array, lt: number, rho: number, budget: number): BookFrontierPoint {
  const bad = Float64Array.from(column)
  let mean = 0
  let positive = 0
  let over = 0
  for (const x of bad) {
    mean += x
    if (x > 0) positive++
    if (x > budget) over++
  }
  bad.sort()
  return {
    liquidationThreshold: lt,
    loanToValue: rho * lt,
    badDebtVar95: quantileEstimate(bad, 0.95),
    badDebtEvar99: quantileEstimate(bad, 0.99),
    badDebtMean: mean / bad.length,
    probabilityOfBadDebt: proportionEstimate(positive, bad.length),
    probabilityOverBudget: proportionEstimate(over, bad.length),
  }
}

/**
 * The largest LT of one route of a cohort book such that P(bad debt over the horizon > budget)
 * ≤ ε, with LTV = ρ·LT (ρ fixed) and the bonus fixed, LT·(1 + bonus) < 1 always. Plain Monte
 * Carlo with common random numbers: with ρ and the bonus fixed, every trigger and every sale is
 * the same at every LT, so the bad debt of each path is Σ max(0, d_j·LT − v_j), non-decreasing
 * in LT, and the estimated probability is an exact step function of LT (bisection to 1 bp). ε
 * must be ≥ 1e-3 (below that plain sampling cannot resolve it) and the paths at least 10/ε.
 * The answer is then re-simulated on independent streams (`confirmPaths`).
 *
 * @example
 * ```ts
 * const s = solveBookRoute({ compiled, routeId: 'weth', seed: 1, paths: 1000, confirmPaths: 1000,
 *   budgetUsd: 100_000, epsilon: 0.01, loanToValueRatio: 0.9, liquidationBonus: 0.05 })
 * s.liquidationThreshold
 * ```
 */
export function solveBookRoute(p: SolveBookRouteParameters): SolveBookRouteReturnType {
  return runSolveSteps(solveBookRouteSteps(p))
}

/**
 * A batch of paths a solve needs simulated: the LT decomposition of a range (`sample`, for the
 * search) or a plain run of the engine on a range (`paths`, for the confirmation). Whoever runs
 * it (here, or chunked on workers) answers with {@link sampleBookPaths} or `runPaths` of the same
 * range, merged in path order.
 *
 * @example
 * ```ts
 * const step: SolveStep = { kind: 'sample', portfolio, seed: 1, startPath: 0, endPath: 1000 }
 * ```
 */
export type SolveStep = {
  readonly kind: 'sample' | 'paths'
  readonly portfolio: SimPortfolio
  readonly seed: number | bigint
  readonly startPath: number
  readonly endPath: number
}

/** The answer to a {@link SolveStep}: samples for `sample`, a partial result for `paths`. */
export type SolveStepResult = BookSamples | PartialResult

/**
 * Runs one {@link SolveStep} here, in one piece.
 *
 * @example
 * ```ts
 * runSolveStep({ kind: 'sample', portfolio, seed: 1, startPath: 0, endPath: 1000 })
 * ```
 */
export function runSolveStep(step: SolveStep): SolveStepResult {
  const compiled = compilePortfolio(step.portfolio)
  const range = { compiled, seed: step.seed, startPath: step.startPath, endPath: step.endPath }
  return step.kind === 'sample' ? sampleBookPaths(range) : runPaths(range)
}

/**
 * Drives a solve's steps to its answer, running each step here ({@link runSolveStep}).
 *
 * @example
 * ```ts
 * const s = runSolveSteps(solveBookRouteSteps(p)) // = solveBookRoute(p)
 * ```
 */
export function runSolveSteps<T>(steps: Generator<SolveStep, T, SolveStepResult>): T {
  let r = steps.next()
  while (!r.done) r = steps.next(runSolveStep(r.value))
  return r.value
}

/**
 * {@link solveBookRoute} as a sequence of {@link SolveStep}s: it yields each batch of paths it
 * needs and continues with the answer, so the paths can run anywhere (one thread, or chunks on
 * queue workers) and the solve stays the same pure function of its inputs.
 *
 * @example
 * ```ts
 * const steps = solveBookRouteSteps(p); let r = steps.next() // r.value: the first SolveStep
 * ```
 */
export function* solveBookRouteSteps(
  p: SolveBookRouteParameters,
): Generator<SolveStep, SolveBookRouteReturnType, SolveStepResult> {
  nonNegativeInteger('paths', p.paths)
  nonNegativeInteger('confirmPaths', p.confirmPaths)
  nonNegative('budgetUsd', p.budgetUsd)
  openUnitInterval('epsilon', p.epsilon)
  openUnitInterval('loanToValueRatio', p.loanToValueRatio)
  nonNegative('liquidationBonus', p.liquidationBonus)
  if (p.epsilon < PLAIN_MONTE_CARLO_MIN_PROBABILITY)
    throw new SimulationInputError(
      `ε = ${p.epsilon} is below ${PLAIN_MONTE_CARLO_MIN_PROBABILITY}`,
      'The solver samples plainly over the year; use ε ≥ 0.001 (the policy target is annual).',
    )
  if (p.paths * p.epsilon < MIN_EXPECTED_EXCEEDANCES)
    throw new SimulationInputError(
      `${p.paths} paths for ε = ${p.epsilon} (${p.paths * p.epsilon} expected paths beyond the budget)`,
      `Use at least ${Math.ceil(MIN_EXPECTED_EXCEEDANCES / p.epsilon)} paths.`,
    )
  const full = p.compiled
  if (full.portfolio.book === undefined)
    throw new SimulationInputError('a portfolio without a cohort book', 'Give the portfolio a book.')
  const route = full.routes.find((r) => r.route.id === p.routeId)
  if (route === undefined)
    throw new SimulationInputError(`unknown route "${p.routeId}"`, 'Pick a route id of the portfolio.')
  const bonus = p.liquidationBonus
  const rho = p.loanToValueRatio
  // LT·(1 + bonus) < 1 in whole bps.
  const solvencyLimit = (Math.ceil(10_000 / (1 + bonus)) - 1) / 10_000
  const lo = openUnitInterval('lowerLt', p.lowerLt ?? 0.05)
  const top = openUnitInterval('upperLt', p.upperLt ?? 0.99)
  const hi = Math.min(top, solvencyLimit)
  if (lo >= hi)
    throw new SimulationInputError(
      `lowerLt ${lo} ≥ upper limit ${hi}`,
      'Give lowerLt below the solvency limit.',
    )
  const single = (lt: number): SimRoute => ({
    ...route.route,
    liquidationThreshold: lt,
    loanToValue: rho * lt,
    liquidationBonus: bonus,
  })
  const { correlation: _dropped, ...shape } = full.portfolio
  const portfolioAt = (lt: number): SimPortfolio => ({
    ...shape,
    assets: [full.portfolio.assets[route.assetIndex]!],
    routes: [single(lt)],
  })
  // Triggers depend on ρ only: any LT compiles the same book for sampling.
  compilePortfolio(portfolioAt(hi)) // validate before any path runs
  const samples = (yield {
    kind: 'sample',
    portfolio: portfolioAt(hi),
    seed: p.seed,
    startPath: 0,
    endPath: p.paths,
  }) as BookSamples
  const over = (lt: number) => {
    const bad = badDebtAt(samples, lt)
    let n = 0
    for (const x of bad) if (x > p.budgetUsd) n++
    return n
  }
  const ok = (lt: number) => over(lt) / p.paths <= p.epsilon
  const frontier = (p.frontierLts ?? Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i))
    .map((lt) => openUnitInterval('frontierLts[]', lt))
    .filter((lt) => lt <= solvencyLimit)
    .map((lt) => pointOf(samples, lt, rho, p.budgetUsd))
  const base = {
    routeId: route.route.id,
    currentLiquidationThreshold: route.route.liquidationThreshold,
    currentLoanToValue: route.route.loanToValue,
    liquidationBonus: bonus,
    loanToValueRatio: rho,
    budgetUsd: p.budgetUsd,
    epsilon: p.epsilon,
    solvencyLimit,
    frontier,
  }
  if (!ok(lo))
    return {
      ...base,
      liquidationThreshold: undefined,
      loanToValue: undefined,
      binding: 'infeasible',
      resolution: undefined,
      atSolution: undefined,
      confirmation: undefined,
    }
  // Bisection in whole bps on the monotone step function.
  let a = Math.round(lo * 10_000)
  let b = Math.round(hi * 10_000)
  let binding: SolveBookRouteReturnType['binding']
  if (ok(b / 10_000)) {
    a = b
    binding = hi < top ? 'solvency' : 'range'
  } else {
    binding = 'probability'
    while (b - a > 1) {
      const mid = (a + b) >>> 1
      if (ok(mid / 10_000)) a = mid
      else b = mid
    }
  }
  const lt = a / 10_000
  // Sampling resolution: the LTs at which ε sits inside the estimate's 95 % interval.
  const within = (x: number) => {
    const e = proportionEstimate(over(x), p.paths)
    return e.low <= p.epsilon && p.epsilon <= e.high
  }
  // Walked at most 10 points either way (wider is reported as flat).
  const floorBps = Math.max(Math.round(lo * 10_000), a - 1000)
  const ceilBps = Math.min(Math.round(hi * 10_000), a + 1000)
  let rl = a
  while (rl > floorBps && within((rl - 1) / 10_000)) rl--
  let rh = a
  while (rh < ceilBps && within((rh + 1) / 10_000)) rh++
  const confirmPaths = p.confirmPaths
  let confirmation: SolveBookRouteReturnType['confirmation']
  if (confirmPaths > 0) {
    // The engine itself (not the LT decomposition) on streams the search did not use.
    const check = (yield {
      kind: 'paths',
      portfolio: portfolioAt(lt),
      seed: p.seed,
      startPath: p.paths,
      endPath: p.paths + confirmPaths,
    }) as PartialResult
    const point = pointOfColumn(check.badDebt, lt, rho, p.budgetUsd)
    confirmation = { paths: confirmPaths, point, consistent: point.probabilityOverBudget.low <= p.epsilon }
  }
  return {
    ...base,
    liquidationThreshold: lt,
    loanToValue: Math.floor(rho * lt * 10_000) / 10_000,
    binding,
    resolution: { low: rl / 10_000, high: rh / 10_000 },
    atSolution: pointOf(samples, lt, rho, p.budgetUsd),
    confirmation,
  }
}

/**
 * How far `solve` may sit from `assess` before the output must explain the difference: 5 points
 * of LT (the band the issue sets against the market's anchors) plus the solve's own sampling
 * resolution.
 *
 * @example
 * ```ts
 * MODEL_TOLERANCE // 0.05
 * ```
 */
export const MODEL_TOLERANCE = 0.05

/**
 * What `assess` recommends for a route, as the solver needs it.
 *
 * @example
 * ```ts
 * const a: AssessedRoute = { ltv: 0.8, liquidationThreshold: 0.85, liquidationBonus: 0.05, eligible: true, ineligibleReasons: [] }
 * ```
 */
export type AssessedRoute = {
  readonly ltv: number
  readonly liquidationThreshold: number
  readonly liquidationBonus: number
  readonly eligible: boolean
  readonly ineligibleReasons: readonly string[]
}

/**
 * A solve under the assessment's rules, with the comparison to its LT.
 *
 * @example
 * ```ts
 * const r: RuledSolveReturnType = solveUnderAssessmentRules(p)
 * r.comparison?.agree
 * ```
 */
export type RuledSolveReturnType = {
  readonly routeId: string
  /** The rules applied, in words, for the output. */
  readonly rules: readonly string[]
  /** Undefined when the assessment finds the route ineligible (then `ineligibleReasons`). */
  readonly solution: SolveBookRouteReturnType | undefined
  readonly ineligibleReasons: readonly string[]
  readonly comparison:
    | {
        readonly assessLiquidationThreshold: number
        readonly difference: number
        readonly tolerance: number
        readonly agree: boolean
        /** Why they differ, when they do not agree. */
        readonly reason: string | undefined
      }
    | undefined
}

/**
 * Solves a route under every rule `assess` applies to its recommendation: an ineligible route is
 * not solved; LTV follows assess's rule LTV = LT·(1 − m) (ρ = the recommendation's LTV / LT);
 * the bonus is at least the one a liquidator needs (assess's); LT·(1 + bonus) < 1. Then compares
 * the answer with assess's LT within {@link MODEL_TOLERANCE} plus the sampling resolution.
 *
 * @example
 * ```ts
 * solveUnderAssessmentRules({ compiled, routeId: 'weth', seed: 1, paths: 1000, confirmPaths: 1000,
 *   budgetUsd: 1e5, epsilon: 0.01, assessed, routeBonus: 0.05 })
 * ```
 */
export function solveUnderAssessmentRules(p: RuledSolveParameters): RuledSolveReturnType {
  return runSolveSteps(solveUnderAssessmentRulesSteps(p))
}

/**
 * Inputs of {@link solveUnderAssessmentRules}.
 *
 * @example
 * ```ts
 * const p: RuledSolveParameters = { compiled, routeId: 'weth', seed: 1, paths: 1000, confirmPaths: 1000,
 *   budgetUsd: 1e5, epsilon: 0.01, assessed, routeBonus: 0.05 }
 * ```
 */
export type RuledSolveParameters = Omit<SolveBookRouteParameters, 'loanToValueRatio' | 'liquidationBonus'> & {
  readonly assessed: AssessedRoute
  /** The bonus the route pays today (its market's, or the recommendation's). */
  readonly routeBonus: number
}

/**
 * {@link solveUnderAssessmentRules} as a sequence of {@link SolveStep}s (see
 * {@link solveBookRouteSteps}).
 *
 * @example
 * ```ts
 * const r = runSolveSteps(solveUnderAssessmentRulesSteps(p)) // = solveUnderAssessmentRules(p)
 * ```
 */
export function* solveUnderAssessmentRulesSteps(
  p: RuledSolveParameters,
): Generator<SolveStep, RuledSolveReturnType, SolveStepResult> {
  const a = p.assessed
  const bonus = Math.max(p.routeBonus, a.liquidationBonus)
  const rules = [
    'LT·(1 + bonus) < 1',
    `LTV = LT·(1 − m), assess's LTV rule (LTV/LT = ${a.liquidationThreshold > 0 ? (a.ltv / a.liquidationThreshold).toFixed(4) : 'n/a'})`,
    `bonus ${bonus} = max(the route's ${p.routeBonus}, the ${a.liquidationBonus.toFixed(4)} a liquidator needs)`,
    'an ineligible route is not solved',
  ]
  if (!a.eligible || !(a.liquidationThreshold > 0) || !(a.ltv > 0))
    return {
      routeId: p.routeId,
      rules,
      solution: undefined,
      ineligibleReasons: a.ineligibleReasons.length > 0 ? a.ineligibleReasons : ['assess recommends LT 0'],
      comparison: undefined,
    }
  const solution = yield* solveBookRouteSteps({
    ...p,
    loanToValueRatio: Math.min(a.ltv / a.liquidationThreshold, 1 - 1e-9),
    liquidationBonus: bonus,
  })
  const lt = solution.liquidationThreshold
  if (lt === undefined)
    return {
      routeId: p.routeId,
      rules,
      solution,
      ineligibleReasons: [],
      comparison: {
        assessLiquidationThreshold: a.liquidationThreshold,
        difference: Number.NaN,
        tolerance: MODEL_TOLERANCE,
        agree: false,
        reason: `no LT from ${p.lowerLt ?? 0.05} up keeps P(bad debt > budget) ≤ ε in the simulated year (the bridge or depeg alone breaks it); assess does not test a probability of the route's total bad debt`,
      },
    }
  const res = solution.resolution
  const half = res ? Math.max(lt - res.low, res.high - lt) : 0
  // A resolution wider than the model band means the probability is flat in LT near ε (a loss
  // LT does not move: a bridge failure, a depeg): the tolerance does not widen with it.
  const flat = half > MODEL_TOLERANCE
  const tolerance = MODEL_TOLERANCE + Math.min(half, MODEL_TOLERANCE)
  const difference = lt - a.liquidationThreshold
  const agree = Math.abs(difference) <= tolerance
  const direction =
    difference < 0
      ? "assess's loss is one quantile of a move over its liquidation horizon on the unconditional volatility; the simulated year opens positions near max LTV every day through the stressed regime, jumps and depegs, and the annual target P(bad debt > budget) ≤ ε binds at a lower LT"
      : 'assess stacks its losses (bridge haircut, oracle error, slippage at the policy confidence) per liquidation; the simulated year finds bad debt beyond the budget rarer than ε at a higher LT, with the bridge failure as a jump in the loss rather than a haircut'
  const reason = agree
    ? undefined
    : flat && res
      ? `${direction}; also, P(bad debt > budget) moves slowly with LT near ε (within sampling error from LT ${res.low} to ${res.high}), as when long lags, a bridge failure or a depeg carry the loss`
      : direction
  return {
    routeId: p.routeId,
    rules,
    solution,
    ineligibleReasons: [],
    comparison: { assessLiquidationThreshold: a.liquidationThreshold, difference, tolerance, agree, reason },
  }
}
