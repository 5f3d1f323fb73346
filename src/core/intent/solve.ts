import { type LpRow, solveLp } from './lp.js'
import type { IntentProgram, Leg } from './program.js'

/** Weights of the objective: `cost · Σ cost + risk · Σ risk` (both USD). */
export type Weights = { readonly cost: number; readonly risk: number }

/** An optimal point of the program: the USD sent through each leg, its cost and risk. */
export type ProgramSolution = {
  readonly x: readonly number[]
  /** Σ unitCost·x + Σ fixed·[x > 0], USD. */
  readonly costUsd: number
  /** Σ unitRisk·x, USD. */
  readonly riskUsd: number
  /** The weighted objective. */
  readonly objective: number
}

/** Options of {@link solveProgram}. */
export type SolveProgramOptions = {
  /** Lift the routes' remaining caps (to find out whether they bind). */
  readonly relaxCaps?: boolean | undefined
  /** Drop the health-factor row (to find out whether it binds). */
  readonly dropHealthRow?: boolean | undefined
}

/**
 * Relative safety margin of the solver: it asks for `(1 + MARGIN)` of the required value and
 * at most `(1 − MARGIN)` of every bound, so the plan still satisfies every constraint exactly
 * once its amounts are rounded to whole wei (docs/model.md, "Intents").
 *
 * @example
 * ```ts
 * const rhs = debtUsd * (1 + SOLVER_MARGIN)
 * ```
 */
export const SOLVER_MARGIN = 1e-9

/** A leg counts as used above this share of its bound (below: a floating-point zero). */
const USED = 1e-12

/**
 * Whether the solver's amount for a leg is a real use (above a floating-point zero).
 *
 * @example
 * ```ts
 * usedLeg(1e-20, leg) // false
 * ```
 */
export function usedLeg(x: number, leg: Leg): boolean {
  return x > USED * Math.max(1, leg.upperWithoutCapUsd)
}

/**
 * The true (fixed-charge) cost and risk of a point.
 *
 * @example
 * ```ts
 * evaluate(program, x, { cost: 1, risk: 0 }).costUsd
 * ```
 */
export function evaluate(program: IntentProgram, x: readonly number[], w: Weights): ProgramSolution {
  let costUsd = 0
  let riskUsd = 0
  program.legs.forEach((leg, j) => {
    const v = x[j] ?? 0
    if (!usedLeg(v, leg)) return
    costUsd += leg.unitCostUsd * v + leg.fixedUsd
    riskUsd += leg.unitRiskUsd * v
  })
  return { x, costUsd, riskUsd, objective: w.cost * costUsd + w.risk * riskUsd }
}

function rowsOf(program: IntentProgram, options: SolveProgramOptions): LpRow[] {
  const n = program.legs.length
  const rows: LpRow[] = []
  program.holdingValueUsd.forEach((value, h) => {
    const members = program.legs.flatMap((l, j) => (l.holding === h ? [j] : []))
    if (members.length < 2) return
    const coefficients = new Array<number>(n).fill(0)
    for (const j of members) coefficients[j] = 1
    rows.push({ coefficients, sense: '<=', rhs: value * (1 - SOLVER_MARGIN) })
  })
  rows.push({
    coefficients: program.legs.map((l) => l.ltvFactor),
    sense: '>=',
    rhs: program.requiredLtvUsd * (1 + SOLVER_MARGIN),
  })
  if (program.requiredLtUsd !== undefined && !options.dropHealthRow)
    rows.push({
      coefficients: program.legs.map((l) => l.ltFactor),
      sense: '>=',
      rhs: program.requiredLtUsd * (1 + SOLVER_MARGIN),
    })
  return rows
}

function upperOf(leg: Leg, options: SolveProgramOptions): number {
  return (options.relaxCaps ? leg.upperWithoutCapUsd : leg.upperUsd) * (1 - SOLVER_MARGIN)
}

/**
 * The most a leg is worth sending in an optimal plan: enough to cover every row on its own.
 * Sending more only costs (every cost is ≥ 0), so an optimum exists within it; the pro-rata
 * fixed cost over this bound is a much tighter relaxation than over the holding.
 */
function usefulOf(program: IntentProgram, leg: Leg, upper: number): number {
  const need = Math.max(
    program.requiredLtvUsd / leg.ltvFactor,
    program.requiredLtUsd === undefined || leg.ltFactor <= 0 ? 0 : program.requiredLtUsd / leg.ltFactor,
  )
  return Math.min(upper, need * (1 + 2 * SOLVER_MARGIN))
}

/**
 * Is there any point that meets every row and bound (phase 1 only)?
 *
 * @example
 * ```ts
 * feasible(program, { relaxCaps: true })
 * ```
 */
export function feasible(program: IntentProgram, options: SolveProgramOptions = {}): boolean {
  if (program.legs.length === 0) return program.requiredLtvUsd <= 0
  const r = solveLp({
    cost: program.legs.map(() => 0),
    rows: rowsOf(program, options),
    upper: program.legs.map((l) => upperOf(l, options)),
  })
  return r.status === 'optimal'
}

/**
 * The largest `Σ factor·x` the legs can reach (caps in force): the most the holdings can back.
 *
 * @example
 * ```ts
 * maxCover(program, 'ltv') // USD of borrowing power at most
 * ```
 */
export function maxCover(
  program: IntentProgram,
  factor: 'ltv' | 'lt',
  options: SolveProgramOptions = {},
): number {
  if (program.legs.length === 0) return 0
  const rows = rowsOf(program, { dropHealthRow: true }).slice(0, -1)
  const r = solveLp({
    cost: program.legs.map((l) => -(factor === 'ltv' ? l.ltvFactor : l.ltFactor)),
    rows,
    upper: program.legs.map((l) => upperOf(l, options)),
  })
  return r.status === 'optimal' ? -r.objective : 0
}

/**
 * The exact optimum of the fixed-charge program for the weights, by branch and bound: the LP
 * relaxation charges a leg's fixed cost pro rata (`fixed / upper` per USD), which is exact at
 * `x ∈ {0, upper}` and a lower bound between; a leg strictly between is branched on (unused:
 * `x = 0`; used: the fixed cost paid, `0 ≤ x ≤ upper`). A node whose bound is not below the best
 * plan found is pruned. Without fixed costs it is one LP. `undefined` when no point is feasible.
 *
 * Complexity: an LP is O(iterations · m · (n + m)) with m = holdings + 2 rows; the relaxation's
 * basic solution has at most m legs strictly between their bounds, so the tree branches only on
 * those and is small in practice (2^(fixed-cost legs) in the worst case).
 *
 * @example
 * ```ts
 * solveProgram(program, { cost: 1, risk: 0 })?.costUsd
 * ```
 */
export function solveProgram(
  program: IntentProgram,
  w: Weights,
  options: SolveProgramOptions = {},
): ProgramSolution | undefined {
  const legs = program.legs
  if (legs.length === 0) return undefined
  const rows = rowsOf(program, options)
  const baseUpper = legs.map((l) => usefulOf(program, l, upperOf(l, options)))
  // -1 free, 0 unused, 1 used (fixed cost paid)
  const state: number[] = legs.map((l) => (l.fixedUsd > 0 ? -1 : 1))
  let best: ProgramSolution | undefined
  const node = (depth: number): void => {
    const upper = baseUpper.map((u, j) => (state[j] === 0 ? 0 : u))
    let constant = 0
    const cost = legs.map((l, j) => {
      const s = state[j]
      const u = upper[j] ?? 0
      if (s === 1 && l.fixedUsd > 0) constant += w.cost * l.fixedUsd
      const prorated = s === -1 && u > 0 ? l.fixedUsd / u : 0
      return w.cost * (l.unitCostUsd + prorated) + w.risk * l.unitRiskUsd
    })
    const r = solveLp({ cost, rows, upper })
    if (r.status !== 'optimal') return
    const bound = r.objective + constant
    if (best !== undefined && bound >= best.objective - 1e-12 * Math.max(1, Math.abs(best.objective))) return
    // The node's LP point is itself a plan: its true (fixed-charge) cost is an incumbent.
    const here = evaluate(program, r.x, w)
    if (best === undefined || here.objective < best.objective) best = here
    if (bound >= here.objective - 1e-12 * Math.max(1, Math.abs(here.objective))) return
    let branch = -1
    let score = 0
    legs.forEach((l, j) => {
      if (state[j] !== -1) return
      const u = upper[j] ?? 0
      const x = r.x[j] ?? 0
      if (u <= 0) return
      const f = Math.min(x / u, 1 - x / u)
      if (f > 1e-9 && l.fixedUsd * f > score) {
        score = l.fixedUsd * f
        branch = j
      }
    })
    if (branch < 0) {
      const candidate = evaluate(program, r.x, w)
      if (best === undefined || candidate.objective < best.objective) best = candidate
      return
    }
    for (const s of [1, 0]) {
      state[branch] = s
      node(depth + 1)
    }
    state[branch] = -1
  }
  node(0)
  return best
}

/** One supported point of the cost–risk frontier. */
export type FrontierPoint = ProgramSolution & {
  /** The risk weight (USD of cost per USD of risk) at which this point is optimal. */
  readonly riskWeight: number
}

const MAX_FRONTIER = 16

/**
 * The supported points of the cost–risk Pareto frontier, cheapest first, by dichotomic search
 * (Aneja & Nair, 1979): the cheapest plan and the least risky, then, between two neighbours A
 * and B, the plan optimal for the weights `(risk_A − risk_B, cost_B − cost_A)`; a plan strictly
 * below the segment AB is a new point and both halves are searched again. Exact for every
 * supported point (each is optimal for some risk weight); at most 16 points.
 *
 * @example
 * ```ts
 * frontier(program).map((p) => [p.costUsd, p.riskUsd])
 * ```
 */
export function frontier(program: IntentProgram): FrontierPoint[] {
  const tiny = 1e-9
  const cheapest = solveProgram(program, { cost: 1, risk: tiny })
  const safest = solveProgram(program, { cost: tiny, risk: 1 })
  if (cheapest === undefined || safest === undefined) return []
  const points: FrontierPoint[] = [{ ...cheapest, riskWeight: 0 }]
  const same = (a: ProgramSolution, b: ProgramSolution) =>
    Math.abs(a.costUsd - b.costUsd) <= 1e-9 * Math.max(1, a.costUsd) &&
    Math.abs(a.riskUsd - b.riskUsd) <= 1e-9 * Math.max(1, a.riskUsd)
  if (!same(cheapest, safest)) points.push({ ...safest, riskWeight: Number.POSITIVE_INFINITY })
  const between = (a: FrontierPoint, b: FrontierPoint): FrontierPoint[] => {
    if (points.length >= MAX_FRONTIER) return []
    const wc = a.riskUsd - b.riskUsd
    const wr = b.costUsd - a.costUsd
    if (!(wc > 0) || !(wr > 0)) return []
    const s = solveProgram(program, { cost: wc, risk: wr })
    if (s === undefined) return []
    const line = wc * a.costUsd + wr * a.riskUsd
    if (s.objective >= line - 1e-9 * Math.max(1, Math.abs(line))) return []
    const p: FrontierPoint = { ...s, riskWeight: wr / wc }
    points.push(p)
    return [...between(a, p), p, ...between(p, b)]
  }
  const first = points[0] as FrontierPoint
  const last = points[1]
  if (last === undefined) return [first]
  // Keep the Pareto-efficient points, cheapest first (a point no cheaper and no less risky than
  // another is dropped; floating-point ties at extreme scales could otherwise slip in).
  const found = [first, ...between(first, last), last].sort(
    (a, b) => a.costUsd - b.costUsd || a.riskUsd - b.riskUsd,
  )
  const efficient: FrontierPoint[] = []
  for (const p of found) {
    const prev = efficient[efficient.length - 1]
    if (prev === undefined || p.riskUsd < prev.riskUsd - 1e-9 * Math.max(1, prev.riskUsd)) efficient.push(p)
  }
  return efficient
}
