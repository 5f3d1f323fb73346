import type { ExplanationTerm } from '../explain.js'
import { mulDivDown, mulDivUp } from '../math/muldiv.js'
import { WAD, type Wad, wadFromNumber, wadToNumber } from '../units/wad.js'
import { IntentInfeasibleError } from './errors.js'
import { type IntentProgram, valueDownWad } from './program.js'
import { type ProgramSolution, usedLeg } from './solve.js'
import type { Intent } from './types.js'

/** One leg of a plan: tokens of a holding sent through a route, exact, with its costs explained. */
export type PlanLeg = {
  readonly route: string
  readonly asset: string
  readonly from: string
  readonly to: string
  readonly architecture: string
  readonly bridges: readonly string[]
  /** Tokens taken from the holding, Wad (rounded up from the solver's USD amount, within the holding). */
  readonly amountWad: Wad
  /** Their USD value at the holding's price, rounded down. */
  readonly valueUsdWad: Wad
  /** What counts on the debt chain after fees and slippage taken in kind, rounded down. */
  readonly arrivedUsdWad: Wad
  /** `arrived · LTV` and `arrived · LT`, rounded down. */
  readonly borrowPowerUsdWad: Wad
  readonly ltWeightedUsdWad: Wad
  readonly ltv: number
  readonly liquidationThreshold: number
  /** The cap room the route had (a single point of failure: at most its tiny cap), USD. */
  readonly capRemainingUsd: number
  /** arrived / remaining cap. */
  readonly capUsedShare: number
  readonly singlePointOfFailure: boolean
  readonly secondsToUsable: number
  readonly trustScore: number
  readonly costUsd: {
    readonly bridgeFee: number
    readonly slippage: number
    readonly fixed: number
    readonly expectedBridgeLoss: number
    readonly capital: number
    readonly total: number
  }
  /** Haircut-weighted exposure, USD (arrived · haircut). */
  readonly riskUsd: number
  readonly explanation: readonly ExplanationTerm[]
}

/** The exact checks of a plan (bigint), every one true for a plan xcollat returns. */
export type PlanChecks = {
  readonly withinHoldings: boolean
  readonly withinCaps: boolean
  /** Borrow power ≥ debt (borrow) or ≥ the wanted collateral value (margin). */
  readonly withinLtv: boolean
  /** LT-weighted collateral ≥ min HF · debt (borrow; true for margin). */
  readonly aboveMinHealthFactor: boolean
  /** Every single-point-of-failure route within its tiny cap. */
  readonly singlePointsWithinTinyCap: boolean
}

/** A plan: its legs, totals, the health factor after opening, and its exact checks. */
export type Plan = {
  readonly legs: readonly PlanLeg[]
  readonly costUsd: number
  readonly riskUsd: number
  /** Debt interest over the horizon at the intent's borrow rate (the same for every plan), USD. */
  readonly borrowInterestUsd: number
  /** The slowest leg: when the whole position is usable. */
  readonly secondsToUsable: number
  readonly debtUsdWad: Wad
  readonly borrowPowerUsdWad: Wad
  readonly ltWeightedUsdWad: Wad
  /** HF right after opening, Wad (`Σ arrived·LT / debt`, rounded down); null for a margin want. */
  readonly healthFactorWad: Wad | null
  readonly checks: PlanChecks
}

/**
 * Turns the solver's USD amounts into an exact plan: tokens per leg rounded up to the wei
 * (within the holding and the cap, rounded down), then every constraint re-checked in bigint,
 * rounding against the borrower (values and borrow power down, debt and required LT cover up).
 *
 * @example
 * ```ts
 * const plan = toPlan(intent, program, solution)
 * plan.checks.aboveMinHealthFactor // true
 * ```
 */
export function toPlan(intent: Intent, program: IntentProgram, solution: ProgramSolution): Plan {
  const remaining = intent.holdings.map((h) => h.amountWad as bigint)
  const years = intent.horizonDays / 365
  const legs: PlanLeg[] = []
  const limits: { readonly capWad: bigint; readonly tinyCapUsd: number }[] = []
  program.legs.forEach((leg, j) => {
    const x = solution.x[j] ?? 0
    const holding = intent.holdings[leg.holding]
    if (holding === undefined || !usedLeg(x, leg)) return
    const price = wadToNumber(holding.priceUsdWad)
    let tokens = BigInt(Math.ceil((x / price) * 1e18))
    const capTokens =
      leg.keepWad === 0n || holding.priceUsdWad === 0n
        ? 0n
        : mulDivDown(mulDivDown(leg.capWad, WAD, leg.keepWad), WAD, holding.priceUsdWad)
    const room = remaining[leg.holding] ?? 0n
    if (tokens > room) tokens = room
    if (tokens > capTokens) tokens = capTokens
    if (tokens <= 0n) return
    remaining[leg.holding] = room - tokens
    limits.push({ capWad: leg.capWad, tinyCapUsd: leg.route.tinyCapUsd })
    const valueUsdWad = valueDownWad(tokens, holding.priceUsdWad)
    const arrivedUsdWad = mulDivDown(valueUsdWad, leg.keepWad, WAD) as Wad
    const borrowPowerUsdWad = mulDivDown(arrivedUsdWad, leg.ltvWad, WAD) as Wad
    const ltWeightedUsdWad = mulDivDown(arrivedUsdWad, leg.ltWad, WAD) as Wad
    const value = wadToNumber(valueUsdWad)
    const arrived = wadToNumber(arrivedUsdWad)
    const r = leg.route
    const bridgeFee = value * r.costs.feeRate
    const slippage = value * r.costs.slippage
    const expectedBridgeLoss = arrived * r.lossGivenFailure * leg.failureProbability
    const capital = value * intent.capitalCostAnnual * years
    const total = bridgeFee + slippage + r.costs.fixedUsd + expectedBridgeLoss + capital
    legs.push({
      route: r.id,
      asset: r.asset,
      from: r.homeChain,
      to: r.debtChain,
      architecture: r.architecture,
      bridges: r.bridges,
      amountWad: tokens as Wad,
      valueUsdWad,
      arrivedUsdWad,
      borrowPowerUsdWad,
      ltWeightedUsdWad,
      ltv: wadToNumber(leg.ltvWad),
      liquidationThreshold: wadToNumber(leg.ltWad),
      capRemainingUsd: wadToNumber(leg.capWad),
      capUsedShare: leg.capWad > 0n ? arrived / wadToNumber(leg.capWad) : 1,
      singlePointOfFailure: r.singlePointOfFailure,
      secondsToUsable: r.secondsToUsable,
      trustScore: r.trustScore,
      costUsd: { bridgeFee, slippage, fixed: r.costs.fixedUsd, expectedBridgeLoss, capital, total },
      riskUsd: arrived * r.haircut,
      explanation: [
        {
          term: 'arrivedUsd',
          value: arrived,
          inputs: { valueUsd: value, feeRate: r.costs.feeRate, slippage: r.costs.slippage },
          formula: 'value · (1 − feeRate − slippage), rounded down',
        },
        {
          term: 'expectedBridgeLossUsd',
          value: expectedBridgeLoss,
          inputs: {
            arrivedUsd: arrived,
            lossGivenFailure: r.lossGivenFailure,
            annualFailureProbability: r.annualFailureProbability,
            horizonDays: intent.horizonDays,
            failureProbabilityOverHorizon: leg.failureProbability,
          },
          formula: 'arrived · LGF · (1 − (1 − p_annual)^(horizonDays/365))',
        },
        {
          term: 'riskUsd',
          value: arrived * r.haircut,
          inputs: { arrivedUsd: arrived, haircut: r.haircut, trustScore: r.trustScore },
          formula: 'arrived · haircut',
        },
        {
          term: 'borrowPowerUsd',
          value: wadToNumber(borrowPowerUsdWad),
          inputs: { arrivedUsd: arrived, ltv: wadToNumber(leg.ltvWad) },
          formula: 'arrived · LTV, rounded down',
        },
      ],
    })
  })
  const sum = (f: (l: PlanLeg) => bigint) => legs.reduce((s, l) => s + f(l), 0n) as Wad
  const borrowPowerUsdWad = sum((l) => l.borrowPowerUsdWad)
  const ltWeightedUsdWad = sum((l) => l.ltWeightedUsdWad)
  const want = intent.want
  const debtUsdWad = (want.kind === 'borrow' ? program.requiredLtvWad : 0n) as Wad
  const healthFactorWad =
    want.kind === 'borrow' && debtUsdWad > 0n ? (mulDivDown(ltWeightedUsdWad, WAD, debtUsdWad) as Wad) : null
  const checks: PlanChecks = {
    withinHoldings: remaining.every((r) => r >= 0n),
    withinCaps: legs.every((l, i) => l.arrivedUsdWad <= (limits[i]?.capWad ?? -1n)),
    withinLtv: borrowPowerUsdWad >= program.requiredLtvWad,
    aboveMinHealthFactor:
      want.kind !== 'borrow' || ltWeightedUsdWad >= mulDivUp(debtUsdWad, intent.minHealthFactorWad, WAD),
    singlePointsWithinTinyCap: legs.every(
      (l, i) => !l.singlePointOfFailure || l.arrivedUsdWad <= wadFromNumber(limits[i]?.tinyCapUsd ?? 0),
    ),
  }
  if (!Object.values(checks).every(Boolean))
    throw new IntentInfeasibleError(
      checks.withinCaps ? 'ltv' : 'cap',
      'The plan no longer meets its constraints once rounded to whole wei (the position is at the edge of what the holdings allow).',
      Object.entries(checks).flatMap(([k, v]) => (v ? [] : [`failed check: ${k}`])),
    )
  return {
    legs,
    costUsd: legs.reduce((s, l) => s + l.costUsd.total, 0),
    riskUsd: legs.reduce((s, l) => s + l.riskUsd, 0),
    borrowInterestUsd:
      want.kind === 'borrow' ? wadToNumber(debtUsdWad) * (intent.borrowRateAnnual ?? 0) * years : 0,
    secondsToUsable: Math.max(0, ...legs.map((l) => l.secondsToUsable)),
    debtUsdWad,
    borrowPowerUsdWad,
    ltWeightedUsdWad,
    healthFactorWad,
    checks,
  }
}
