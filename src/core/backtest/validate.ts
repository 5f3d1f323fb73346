import { OutOfRangeError } from '../errors.js'
import { historicallySafeLt, type LiquidationQueue, type PriceHistory, rollingBacktest } from './rolling.js'

/** The published parameters a recommendation is compared with (fractions). */
export type Anchor = {
  readonly market: string
  readonly ltv: number
  readonly liquidationThreshold: number
  readonly liquidationBonus: number
  readonly source: string
  readonly asOf: string
  /** False when the anchor is the asset's market on another chain. */
  readonly sameChain: boolean
}

/** Inputs of {@link validateRoute}. */
export type ValidateRouteParameters = {
  readonly id: string
  readonly recommendation: {
    readonly ltv: number
    readonly liquidationThreshold: number
    readonly liquidationBonus: number
  }
  readonly horizonSeconds: number
  readonly saleSlippage: number
  /**
   * Liquidations in a queue at the venue's capacity (docs/model.md, "Liquidations in a queue");
   * without it, the sale spread over `horizonSeconds` at `saleSlippage`.
   */
  readonly queue?: LiquidationQueue | undefined
  readonly histories: ReadonlyArray<{
    readonly name: string
    readonly history: PriceHistory
    readonly stepSeconds: number
    readonly caveat?: string | undefined
  }>
  readonly anchor: Anchor | undefined
  /** Crisis budget: the worst start's bad debt over the book's debt, [0, 1). Default 0.01. */
  readonly budget?: number
  /** Default 6 h. */
  readonly startStepSeconds?: number
  /** How long each book lives. Default 30 days. */
  readonly windowSeconds?: number
  /** Efficiency tolerance and anchor band, in LT points. Default 0.05 each. */
  readonly efficiencyTolerance?: number
  readonly anchorBand?: number
}

/** Result of {@link validateRoute}. */
export type ValidateRouteReturnType = {
  readonly id: string
  readonly recommendation: ValidateRouteParameters['recommendation']
  /** The largest LT keeping the worst rolling start within the budget on every history (undefined: none ≥ 0.30). */
  readonly historicallySafeLt: number | undefined
  /** True when 0.99 is already safe (the bound may be higher). */
  readonly safeLtAtUpperEnd: boolean
  /** The history that binds the safe LT. */
  readonly binding: string | undefined
  /** Worst rolling start at the recommended parameters, per history. */
  readonly atRecommendation: ReadonlyArray<{
    readonly name: string
    readonly starts: number
    readonly worstStart: number
    readonly worstBadDebtFraction: number
    readonly shareWithBadDebt: number
  }>
  readonly anchor: Anchor | undefined
  /** recommendation LT ≤ historically safe LT. */
  readonly safe: boolean
  /** recommendation LT ≥ historically safe LT − tolerance. */
  readonly efficient: boolean
  /** |recommendation LT − anchor LT| ≤ band; undefined without an anchor. */
  readonly inAnchorBand: boolean | undefined
  readonly caveats: readonly string[]
}

/**
 * Validates one route's recommendation against history: books opened at the recommended LTV at
 * every start date (rolling) of every history of the route's asset, the largest LT whose worst
 * start keeps bad debt within the crisis budget (books at LTV = LT · LTV_rec / LT_rec), and the
 * verdicts: safe (recommended LT ≤ that), efficient (≥ it − 5 points), in the anchor band (within
 * ±5 points of the anchor's LT).
 *
 * @example
 * ```ts
 * validateRoute({ id: 'weth', recommendation: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
 *   horizonSeconds: 1800, saleSlippage: 0.005, histories: [eth], anchor: undefined }).safe
 * ```
 */
export function validateRoute(p: ValidateRouteParameters): ValidateRouteReturnType {
  const rec = p.recommendation
  if (p.histories.length === 0) throw new OutOfRangeError(`histories of ${p.id}`, 0, 'at least one')
  const budget = p.budget ?? 0.01
  const tolerance = p.efficiencyTolerance ?? 0.05
  const band = p.anchorBand ?? 0.05
  const common = {
    liquidationBonus: rec.liquidationBonus,
    horizonSeconds: p.horizonSeconds,
    saleSlippage: p.saleSlippage,
    startStepSeconds: p.startStepSeconds ?? 6 * 3600,
    windowSeconds: p.windowSeconds ?? 30 * 86_400,
    ...(p.queue === undefined ? {} : { queue: p.queue }),
  }
  const atRecommendation = p.histories.map((h) => {
    const r = rollingBacktest({
      ...common,
      history: h.history,
      liquidationThreshold: rec.liquidationThreshold,
      ltv: rec.ltv,
    })
    return {
      name: h.name,
      starts: r.starts,
      worstStart: r.worst.start,
      worstBadDebtFraction: r.worst.badDebtFraction,
      shareWithBadDebt: r.shareWithBadDebt,
    }
  })
  const safe = historicallySafeLt({
    ...common,
    histories: p.histories,
    ltvShareOfLt: rec.ltv / rec.liquidationThreshold,
    budget,
  })
  const lt = safe.liquidationThreshold
  const caveats = p.histories.flatMap((h) => [
    ...(h.caveat === undefined ? [] : [`${h.name}: ${h.caveat}`]),
    ...(h.stepSeconds > p.horizonSeconds
      ? [
          `${h.name}: step ${h.stepSeconds} s coarser than the liquidation horizon ${Math.round(p.horizonSeconds)} s`,
        ]
      : []),
  ])
  const recLt = rec.liquidationThreshold
  return {
    id: p.id,
    recommendation: rec,
    historicallySafeLt: lt,
    safeLtAtUpperEnd: safe.atUpperEnd,
    binding: safe.binding,
    atRecommendation,
    anchor: p.anchor,
    safe: lt !== undefined && recLt <= lt + 1e-12,
    efficient: lt === undefined ? false : recLt >= lt - tolerance - 1e-12,
    inAnchorBand:
      p.anchor === undefined ? undefined : Math.abs(recLt - p.anchor.liquidationThreshold) <= band + 1e-12,
    caveats,
  }
}
