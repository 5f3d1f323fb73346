import { OutOfRangeError } from '../errors.js'
import type { Explained, ExplanationTerm } from '../explain.js'
import type { Bps } from '../units/bps.js'
import { unitInterval } from '../units/validate.js'

/**
 * The components of a route's risk that {@link deriveParameters} turns into a liquidation
 * threshold and a max LTV. All are fractions in [0, 1]; losses are fractions of the
 * collateral's value.
 *
 * @example
 * ```ts
 * const p: DeriveParametersParameters = {
 *   bridgeHaircut: 0.05, priceVar: 0.03, oracleError: 0.01, slippage: 0.02,
 *   liquidationBonus: 0.05, ltvBufferMove: 0.1,
 * }
 * ```
 */
export type DeriveParametersParameters = {
  /** h: bridge haircut (share of value lost if the bridge fails, weighted by its probability). */
  readonly bridgeHaircut: number
  /** Price VaR over the liquidation horizon T_liq at the policy's confidence. */
  readonly priceVar: number
  /** Extra price error an oracle can show a liquidation (lag, deviation threshold, clamps). */
  readonly oracleError: number
  /** Slippage of selling the seized collateral (fee included). */
  readonly slippage: number
  /** Liquidation bonus paid to the liquidator (0.05 = 5 %; Aave stores it as 10500 bps). */
  readonly liquidationBonus: number
  /** m: the move over the policy horizon at the policy confidence that a position opened at max LTV must survive. */
  readonly ltvBufferMove: number
  /** Reasons the route is ineligible whatever its numbers (e.g. a 1-of-1 verifier). Empty or absent: none. */
  readonly ineligibleReasons?: readonly string[]
  /**
   * Terms that produced the inputs (the liquidation horizon, the price VaR, the oracle error,
   * the bridge haircut, …), prepended to every explanation so it is complete from the data up.
   */
  readonly inputExplanation?: readonly ExplanationTerm[]
}

/** Result of {@link deriveParameters}. Every derived number carries its own, self-contained explanation. */
export type DeriveParametersReturnType = {
  /** False when LT would be ≤ 0 (after rounding) or the inputs give a reason; LT and LTV are then 0. */
  readonly eligible: boolean
  readonly ineligibleReasons: readonly string[]
  /** v = 1 − (1 − priceVar)(1 − oracleError)(1 − slippage). */
  readonly combinedLoss: Explained<number>
  /** LT as a fraction, a whole number of bps, rounded down; LT·(1 + bonus) < 1 always. */
  readonly liquidationThreshold: Explained<number>
  /** Max LTV as a fraction, a whole number of bps, rounded down; ≤ LT. */
  readonly maxLtv: Explained<number>
  /** The bonus the parameters were derived for (echoed). */
  readonly liquidationBonus: number
  readonly liquidationThresholdBps: Bps
  readonly maxLtvBps: Bps
  /** Conditions a reviewer should look at (they do not make the route ineligible). */
  readonly warnings: readonly string[]
  /** Every term, in order: the max LTV's explanation, which contains all the others. */
  readonly explanation: readonly ExplanationTerm[]
}

const BPS_PER_UNIT = 10_000

/**
 * Derives a route's liquidation threshold and max LTV from its risk components.
 *
 * - Combined loss over T_liq: `v = 1 − (1 − priceVar)·(1 − oracleError)·(1 − slippage)`: the
 *   losses compound (the price falls, the oracle overstates what is left, the sale loses a
 *   share of that), so `max ≤ v ≤ priceVar + oracleError + slippage`.
 * - Solvency at liquidation, after the bridge haircut: `LT·(1 + bonus) ≤ (1 − h)·(1 − v)`, so
 *   `LT = (1 − h)·(1 − v) / (1 + bonus)`, rounded down to whole bps, and lowered by 1 bp
 *   while the float check `LT·(1 + bonus) < 1` (or `≤ (1 − h)(1 − v)`) fails.
 * - `LTV = LT·(1 − m)`, rounded down to whole bps.
 * - Ineligible (LT = LTV = 0) when LT rounds to 0 bps or `ineligibleReasons` is not empty.
 *
 * @example
 * ```ts
 * const r = deriveParameters({
 *   bridgeHaircut: 0.05, priceVar: 0.03, oracleError: 0.01, slippage: 0.02,
 *   liquidationBonus: 0.05, ltvBufferMove: 0.1,
 * })
 * r.liquidationThreshold.value // 0.8514
 * r.maxLtv.value // 0.7662
 * ```
 */
export function deriveParameters(parameters: DeriveParametersParameters): DeriveParametersReturnType {
  const h = unitInterval('bridgeHaircut', parameters.bridgeHaircut)
  const priceVar = unitInterval('priceVar', parameters.priceVar)
  const oracleError = unitInterval('oracleError', parameters.oracleError)
  const slippage = unitInterval('slippage', parameters.slippage)
  const bonus = unitInterval('liquidationBonus', parameters.liquidationBonus)
  const m = unitInterval('ltvBufferMove', parameters.ltvBufferMove)
  const given = parameters.ineligibleReasons ?? []
  if (!Array.isArray(given) || given.some((r) => typeof r !== 'string'))
    throw new OutOfRangeError('ineligibleReasons', given, 'a list of strings')
  const upstream = parameters.inputExplanation ?? []
  if (!Array.isArray(upstream)) throw new OutOfRangeError('inputExplanation', upstream, 'a list of terms')

  // Combined loss over the liquidation horizon.
  const v = 1 - (1 - priceVar) * (1 - oracleError) * (1 - slippage)
  const vTerms: ExplanationTerm[] = [
    ...upstream,
    {
      term: 'combinedLoss',
      value: v,
      inputs: { priceVar, oracleError, slippage },
      formula: 'v = 1 − (1 − priceVar)·(1 − oracleError)·(1 − slippage)',
    },
  ]

  // Liquidation threshold.
  const cover = (1 - h) * (1 - v)
  const ltRaw = cover / (1 + bonus)
  let ltBps = Math.floor(ltRaw * BPS_PER_UNIT)
  let stepsDown = 0
  while (
    ltBps > 0 &&
    ((ltBps / BPS_PER_UNIT) * (1 + bonus) >= 1 || (ltBps / BPS_PER_UNIT) * (1 + bonus) > cover)
  ) {
    ltBps -= 1
    stepsDown += 1
  }
  const reasons = [...given]
  if (ltBps <= 0)
    reasons.push(`LT is ${ltRaw} (below 1 bp): the haircut and losses leave nothing to lend against`)
  const eligible = reasons.length === 0
  if (!eligible) ltBps = 0
  const lt = ltBps / BPS_PER_UNIT
  const ltTerms: ExplanationTerm[] = [
    ...vTerms,
    {
      term: 'solvencyCover',
      value: cover,
      inputs: { bridgeHaircut: h, combinedLoss: v },
      formula: '(1 − h)·(1 − v): value left at liquidation per unit of collateral, after the bridge haircut',
    },
    {
      term: 'liquidationThresholdUnrounded',
      value: ltRaw,
      inputs: { solvencyCover: cover, liquidationBonus: bonus },
      formula: 'LT = (1 − h)·(1 − v) / (1 + bonus), from LT·(1 + bonus) ≤ (1 − h)·(1 − v)',
    },
    {
      term: 'liquidationThreshold',
      value: lt,
      inputs: { liquidationThresholdUnrounded: ltRaw, stepsDownBps: stepsDown, eligible },
      formula: eligible
        ? 'floor to whole bps, minus 1 bp per step while LT·(1 + bonus) ≥ 1 or > (1 − h)·(1 − v)'
        : `0: ineligible (${reasons.join('; ')})`,
    },
    {
      term: 'solvencyCheck',
      value: lt * (1 + bonus),
      inputs: { liquidationThreshold: lt, liquidationBonus: bonus },
      formula: 'LT·(1 + bonus), < 1 and ≤ (1 − h)·(1 − v)',
    },
  ]

  // Max LTV.
  const ltvRaw = lt * (1 - m)
  const ltvBps = eligible ? Math.min(Math.floor(ltvRaw * BPS_PER_UNIT), ltBps) : 0
  const ltv = ltvBps / BPS_PER_UNIT
  const ltvTerms: ExplanationTerm[] = [
    ...ltTerms,
    {
      term: 'maxLtv',
      value: ltv,
      inputs: { liquidationThreshold: lt, ltvBufferMove: m },
      formula: 'LTV = LT·(1 − m), floored to whole bps and ≤ LT',
    },
  ]

  const warnings: string[] = []
  if (eligible && bonus < slippage)
    warnings.push(
      `The liquidation bonus ${bonus} is below the slippage ${slippage}: liquidators lose on the sale.`,
    )
  if (eligible && ltvBps === 0) warnings.push('Max LTV rounds to 0: the asset can back no new borrowing.')

  return {
    eligible,
    ineligibleReasons: reasons,
    combinedLoss: { value: v, explanation: vTerms },
    liquidationThreshold: { value: lt, explanation: ltTerms },
    maxLtv: { value: ltv, explanation: ltvTerms },
    liquidationBonus: bonus,
    liquidationThresholdBps: BigInt(ltBps) as Bps,
    maxLtvBps: BigInt(ltvBps) as Bps,
    warnings,
    explanation: ltvTerms,
  }
}
