import { wadToNumber } from '../units/wad.js'
import { IntentInfeasibleError, IntentInputError } from './errors.js'
import { type Plan, toPlan } from './plan.js'
import { type ExcludedRoute, formulate, type IntentProgram } from './program.js'
import { feasible, frontier, maxCover, type ProgramSolution, solveProgram, usedLeg } from './solve.js'
import type { Intent, IntentRoute } from './types.js'

/** A frontier point as a plan, with the risk weight at which it is optimal. */
export type FrontierPlan = Plan & { readonly riskWeight: number; readonly chosen: boolean }

/** Why the route that looks cheapest (lowest fees per USD moved) is not the plan, or not all of it. */
export type CheapestLooking = {
  readonly route: string
  /** Fees and slippage per USD moved, plus the fixed cost spread over what the route could carry. */
  readonly headlineCostPerUsd: number
  readonly usedShare: number
  readonly reason: string
}

/** The answer to an intent: the chosen plan, the cost–risk frontier, and what was left out. */
export type IntentResult = {
  readonly objective: Intent['objective']
  readonly plan: Plan
  readonly frontier: readonly FrontierPlan[]
  readonly excluded: readonly ExcludedRoute[]
  readonly cheapestLooking?: CheapestLooking | undefined
}

function validate(intent: Intent): void {
  const problems: string[] = []
  if (intent.minHealthFactorWad < 10n ** 18n) problems.push('the minimum health factor must be at least 1')
  if (!(intent.horizonDays >= 0) || !Number.isFinite(intent.horizonDays))
    problems.push('horizonDays must be a finite number ≥ 0')
  if (!(intent.capitalCostAnnual >= 0) || !Number.isFinite(intent.capitalCostAnnual))
    problems.push('capitalCostAnnual must be a finite number ≥ 0')
  if (
    intent.objective.kind === 'tradeoff' &&
    !(intent.objective.riskWeight >= 0 && Number.isFinite(intent.objective.riskWeight))
  )
    problems.push('the risk weight must be a finite number ≥ 0')
  intent.holdings.forEach((h, i) => {
    if (h.amountWad < 0n) problems.push(`holding ${i + 1}: a negative amount`)
    if (h.priceUsdWad <= 0n) problems.push(`holding ${i + 1} (${h.asset}@${h.chain}): a price of 0`)
  })
  const seen = new Set<string>()
  for (const h of intent.holdings) {
    const key = `${h.asset}@${h.chain}`
    if (seen.has(key)) problems.push(`${key} is listed twice: add the amounts into one holding`)
    seen.add(key)
  }
  const w = intent.want
  if (w.kind === 'borrow' && (w.amountWad <= 0n || w.priceUsdWad <= 0n))
    problems.push('the borrow needs an amount and a price above 0')
  if (w.kind === 'margin' && w.valueUsdWad <= 0n) problems.push('the margin value must be above 0')
  if (problems.length > 0) throw new IntentInputError(problems)
}

const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`

/**
 * Why an intent has no plan: the first of no route, the caps (feasible were they lifted), the
 * holdings at LTV, the minimum health factor.
 */
function diagnose(program: IntentProgram, intent: Intent): IntentInfeasibleError {
  if (program.legs.length === 0)
    return new IntentInfeasibleError(
      'no-route',
      `No route takes the holdings to ${intent.want.chain}.`,
      program.excluded.map((e) => `${e.route}: ${e.reason}`),
    )
  const needed = program.requiredLtvUsd
  if (feasible(program, { relaxCaps: true })) {
    const capped = program.legs
      .filter((l) => l.upperUsd < l.upperWithoutCapUsd)
      .map(
        (l) =>
          `${l.route.id}: ${usd(wadToNumber(l.capWad))} of cap left${l.route.singlePointOfFailure ? ` (a single point of failure, capped at the tiny cap ${usd(l.route.tinyCapUsd)})` : ''}`,
      )
    return new IntentInfeasibleError(
      'cap',
      `The routes' remaining supply caps allow at most ${usd(maxCover(program, 'ltv'))} of borrowing power; ${usd(needed)} is needed.`,
      capped,
    )
  }
  const ltvMax = maxCover(program, 'ltv', { relaxCaps: true })
  if (intent.want.kind === 'margin' || ltvMax < needed * (1 + 1e-9))
    return new IntentInfeasibleError(
      'ltv',
      `The holdings at the routes' LTV back at most ${usd(ltvMax)}; ${usd(needed)} is needed.`,
    )
  const ltMax = maxCover(program, 'lt', { relaxCaps: true })
  return new IntentInfeasibleError(
    'health-factor',
    `A health factor of ${wadToNumber(intent.minHealthFactorWad).toFixed(2)} after opening is out of reach: the holdings give at most ${(ltMax / needed).toFixed(3)} at this debt.`,
  )
}

function cheapestLooking(program: IntentProgram, chosen: ProgramSolution): CheapestLooking | undefined {
  const headline = (j: number) => {
    const l = program.legs[j]
    if (l === undefined) return Number.POSITIVE_INFINITY
    return (
      l.route.costs.feeRate +
      l.route.costs.slippage +
      (l.upperUsd > 0 ? l.fixedUsd / l.upperUsd : Number.POSITIVE_INFINITY)
    )
  }
  let best = -1
  program.legs.forEach((_, j) => {
    if (best < 0 || headline(j) < headline(best)) best = j
  })
  const leg = program.legs[best]
  if (leg === undefined) return undefined
  const x = chosen.x[best] ?? 0
  const usedShare = leg.upperWithoutCapUsd > 0 ? x / leg.upperWithoutCapUsd : 0
  const perBorrowed = (j: number) => {
    const l = program.legs[j]
    return l === undefined ? Number.POSITIVE_INFINITY : l.unitCostUsd / l.ltvFactor
  }
  const used = program.legs.flatMap((l, j) =>
    usedLeg(chosen.x[j] ?? 0, l) && j !== best ? [[l, j] as const] : [],
  )
  let reason: string
  if (x >= leg.upperUsd * (1 - 1e-6) && leg.upperUsd < leg.upperWithoutCapUsd)
    reason = leg.route.singlePointOfFailure
      ? `its bridge path has a single point of failure, so it may carry only its tiny cap (${usd(wadToNumber(leg.capWad))}); the plan fills it and the rest goes elsewhere`
      : `it is used up to its remaining supply cap (${usd(wadToNumber(leg.capWad))}); the rest goes elsewhere`
  else if (x >= leg.upperUsd * (1 - 1e-6)) reason = 'it is chosen in full (the holding is spent)'
  else {
    const fail = leg.route.lossGivenFailure * leg.failureProbability * 1e4
    const mine = perBorrowed(best)
    const theirs = Math.min(...used.map(([, j]) => perBorrowed(j)))
    const parts = [
      `its full cost per USD of borrowing power is ${(mine * 1e4).toFixed(1)} bps (fees ${((leg.route.costs.feeRate + leg.route.costs.slippage) * 1e4).toFixed(1)} bps + expected bridge-failure loss ${fail.toFixed(1)} bps over the horizon, at LTV ${(leg.route.ltv * 100).toFixed(1)} %)`,
      Number.isFinite(theirs)
        ? `, against ${(theirs * 1e4).toFixed(1)} bps on the cheapest route chosen`
        : '',
      leg.route.singlePointOfFailure
        ? `; its bridge path has a single point of failure, so it could carry at most ${usd(wadToNumber(leg.capWad))} anyway`
        : '',
      leg.route.haircut > 0 ? `; its trust haircut is ${(leg.route.haircut * 100).toFixed(1)} %` : '',
      x > 0 && usedLeg(x, leg) ? `; the plan uses it for ${usd(x)} only` : '',
    ]
    reason = parts.join('')
  }
  return { route: leg.route.id, headlineCostPerUsd: headline(best), usedShare, reason }
}

/**
 * Routes an intent: the exact optimum for its objective (cheapest total cost, or cost + risk
 * weight · risk) over the registry's routes, the supported cost–risk frontier, every plan
 * re-checked in bigint, and what was left out and why. Throws {@link IntentInfeasibleError}
 * naming the binding constraint when no plan exists, {@link IntentInputError} on bad input. Pure.
 *
 * @example
 * ```ts
 * const result = planIntent(intent, routes)
 * result.plan.legs.map((l) => [l.route, l.amountWad])
 * result.frontier.map((p) => [p.costUsd, p.riskUsd])
 * ```
 */
export function planIntent(intent: Intent, routes: readonly IntentRoute[]): IntentResult {
  validate(intent)
  const program = formulate(intent, routes)
  const riskWeight = intent.objective.kind === 'tradeoff' ? intent.objective.riskWeight : 1e-9
  const chosen = solveProgram(program, { cost: 1, risk: riskWeight })
  if (chosen === undefined) throw diagnose(program, intent)
  const plan = toPlan(intent, program, chosen)
  const points = frontier(program)
  const chosenPoint = (p: ProgramSolution) =>
    Math.abs(p.costUsd - chosen.costUsd) <= 1e-9 * Math.max(1, chosen.costUsd) &&
    Math.abs(p.riskUsd - chosen.riskUsd) <= 1e-9 * Math.max(1, chosen.riskUsd)
  const frontierPlans = points.map((p) => ({
    ...toPlan(intent, program, p),
    riskWeight: p.riskWeight,
    chosen: chosenPoint(p),
  }))
  return {
    objective: intent.objective,
    plan,
    frontier: frontierPlans,
    excluded: program.excluded,
    cheapestLooking: cheapestLooking(program, chosen),
  }
}
