import { DivisionByZeroError, InsufficientDataError, OutOfRangeError } from '../errors.js'
import type { Explained } from '../explain.js'
import { finite, nonNegative } from '../units/validate.js'

/**
 * The seed's risk score (1 = safest, 10 = riskiest) from liquidity and volatility, a smooth
 * variant, and aggregation of per-chain scores at the hub.
 *
 * ASSUMPTION: the seed ("How to Design a Collateral Risk Model for Cross-Chain Protocols",
 * chainscorelabs.com) names `calculateRiskScore(liquidityUSD, volatilityPercent)` with bracket
 * scores and an integer 60/40 weighting, but its bracket table could not be retrieved (only the
 * page's opening is in the stored copy we could search). The brackets below are ours, stated in
 * docs/model.md; replace the two tables when the seed's are
 * known. The weighting is integer arithmetic as on chain: ⌊(60·L + 40·V) / 100⌋.
 */

/** A liquidity bracket: liquidity ≥ `minLiquidityUsd` scores `score`. Checked in order. */
export type LiquidityBracket = { readonly minLiquidityUsd: number; readonly score: number }
/** A volatility bracket: volatility < `belowVolatilityPercent` scores `score`. Checked in order. */
export type VolatilityBracket = { readonly belowVolatilityPercent: number; readonly score: number }

/**
 * Liquidity brackets (ASSUMED, see the module note): ≥ $10M → 1, ≥ $1M → 3, ≥ $100k → 6, else 10.
 *
 * @example
 * ```ts
 * RISK_SCORE_LIQUIDITY_BRACKETS[0] // { minLiquidityUsd: 10_000_000, score: 1 }
 * ```
 */
export const RISK_SCORE_LIQUIDITY_BRACKETS: readonly LiquidityBracket[] = [
  { minLiquidityUsd: 10_000_000, score: 1 },
  { minLiquidityUsd: 1_000_000, score: 3 },
  { minLiquidityUsd: 100_000, score: 6 },
  { minLiquidityUsd: 0, score: 10 },
]

/**
 * Volatility brackets (ASSUMED, see the module note): < 20 % → 1, < 50 % → 4, < 100 % → 7, else 10.
 *
 * @example
 * ```ts
 * RISK_SCORE_VOLATILITY_BRACKETS[0] // { belowVolatilityPercent: 20, score: 1 }
 * ```
 */
export const RISK_SCORE_VOLATILITY_BRACKETS: readonly VolatilityBracket[] = [
  { belowVolatilityPercent: 20, score: 1 },
  { belowVolatilityPercent: 50, score: 4 },
  { belowVolatilityPercent: 100, score: 7 },
  { belowVolatilityPercent: Number.POSITIVE_INFINITY, score: 10 },
]

/**
 * Integer weights of the liquidity and volatility scores, in percent.
 *
 * @example
 * ```ts
 * RISK_SCORE_WEIGHTS.liquidity // 60
 * ```
 */
export const RISK_SCORE_WEIGHTS = { liquidity: 60, volatility: 40 } as const

/**
 * Inputs of {@link riskScore}.
 *
 * @example
 * ```ts
 * const p: RiskScoreParameters = { liquidityUsd: 5_000_000, volatilityPercent: 60 }
 * riskScore(p) // 4
 * ```
 */
export type RiskScoreParameters = {
  /** Liquidity available to liquidations, in USD; ≥ 0. */
  readonly liquidityUsd: number
  /** Annualised volatility in percent (80 = 80 %); ≥ 0. */
  readonly volatilityPercent: number
}

function liquidityBracketScore(liquidityUsd: number): number {
  for (const b of RISK_SCORE_LIQUIDITY_BRACKETS) if (liquidityUsd >= b.minLiquidityUsd) return b.score
  return RISK_SCORE_LIQUIDITY_BRACKETS.at(-1)!.score
}

function volatilityBracketScore(volatilityPercent: number): number {
  for (const b of RISK_SCORE_VOLATILITY_BRACKETS)
    if (volatilityPercent < b.belowVolatilityPercent) return b.score
  return RISK_SCORE_VOLATILITY_BRACKETS.at(-1)!.score
}

/**
 * The seed's risk score with its explanation: bracket scores L (liquidity) and V (volatility),
 * combined with integer weights `⌊(60·L + 40·V) / 100⌋`, an integer in 1..10.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * riskScoreExplained({ liquidityUsd: 5_000_000, volatilityPercent: 60 }).value // ⌊(60·3 + 40·7)/100⌋ = 4
 * ```
 */
export function riskScoreExplained(parameters: RiskScoreParameters): Explained<number> {
  const liquidityUsd = nonNegative('liquidityUsd', parameters.liquidityUsd)
  const volatilityPercent = nonNegative('volatilityPercent', parameters.volatilityPercent)
  const l = liquidityBracketScore(liquidityUsd)
  const v = volatilityBracketScore(volatilityPercent)
  const value = Math.floor((RISK_SCORE_WEIGHTS.liquidity * l + RISK_SCORE_WEIGHTS.volatility * v) / 100)
  return {
    value,
    explanation: [
      {
        term: 'liquidityScore',
        value: l,
        inputs: { liquidityUsd },
        formula: '≥ $10M → 1, ≥ $1M → 3, ≥ $100k → 6, else 10 (assumed brackets)',
      },
      {
        term: 'volatilityScore',
        value: v,
        inputs: { volatilityPercent },
        formula: '< 20 % → 1, < 50 % → 4, < 100 % → 7, else 10 (assumed brackets)',
      },
      {
        term: 'riskScore',
        value,
        inputs: { liquidityScore: l, volatilityScore: v },
        formula: '⌊(60·liquidityScore + 40·volatilityScore) / 100⌋',
        source: 'chainscorelabs.com, "How to Design a Collateral Risk Model for Cross-Chain Protocols"',
      },
    ],
  }
}

/**
 * The seed's risk score, an integer in 1..10 (1 = safest): bracket scores for liquidity and
 * volatility with integer 60/40 weighting. See {@link riskScoreExplained} for the terms.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * riskScore({ liquidityUsd: 50_000_000, volatilityPercent: 15 }) // 1
 * riskScore({ liquidityUsd: 50_000, volatilityPercent: 150 }) // 10
 * ```
 */
export function riskScore(parameters: RiskScoreParameters): number {
  return riskScoreExplained(parameters).value
}

/**
 * The seed's function under the seed's name and positional signature; same result as
 * {@link riskScore}.
 *
 * @example
 * ```ts
 * calculateRiskScore(5_000_000, 60) // 4
 * ```
 */
export function calculateRiskScore(liquidityUSD: number, volatilityPercent: number): number {
  return riskScore({ liquidityUsd: liquidityUSD, volatilityPercent })
}

/**
 * A smooth risk score in [1, 10] without bracket cliffs: a liquidity score log-linear from 1 at
 * ≥ $10M to 10 at ≤ $10k, `ℓ = clamp(1 + 3·(7 − log10 L), 1, 10)`, a volatility score linear
 * from 1 at 0 % to 10 at ≥ 100 %, `v = clamp(1 + 0.09·V, 1, 10)`, weighted `0.6·ℓ + 0.4·v`.
 * Non-increasing in liquidity, non-decreasing in volatility. Not rounded.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * smoothRiskScore({ liquidityUsd: 1_000_000, volatilityPercent: 50 }) // 0.6·4 + 0.4·5.5 = 4.6
 * ```
 */
export function smoothRiskScore(parameters: RiskScoreParameters): number {
  const liquidityUsd = nonNegative('liquidityUsd', parameters.liquidityUsd)
  const volatilityPercent = nonNegative('volatilityPercent', parameters.volatilityPercent)
  const clamp = (x: number) => Math.min(10, Math.max(1, x))
  const l = liquidityUsd === 0 ? 10 : clamp(1 + 3 * (7 - Math.log10(liquidityUsd)))
  const v = clamp(1 + 0.09 * volatilityPercent)
  return 0.6 * l + 0.4 * v
}

function score(name: string, value: number): number {
  finite(name, value)
  if (value < 1 || value > 10) throw new OutOfRangeError(name, value, '[1, 10]')
  return value
}

/**
 * Hub aggregation, worst case: the highest (riskiest) per-chain score.
 *
 * @throws InsufficientDataError (no scores), InvalidNumberError, OutOfRangeError (a score outside [1, 10]).
 * @example
 * ```ts
 * worstCaseRiskScore([2, 7, 4]) // 7
 * ```
 */
export function worstCaseRiskScore(scores: readonly number[]): number {
  if (scores.length < 1) throw new InsufficientDataError('worstCaseRiskScore (scores)', 1, scores.length)
  let worst = 1
  scores.forEach((s, i) => {
    worst = Math.max(worst, score(`scores[${i}]`, s))
  })
  return worst
}

/** One chain's score and the value locked on it, for {@link valueWeightedRiskScore}. */
export type ChainRiskScore = {
  readonly chain: string
  /** The chain's score in [1, 10]. */
  readonly score: number
  /** Value locked on that chain, USD; ≥ 0. */
  readonly valueLockedUsd: number
}

/**
 * Hub aggregation weighted by value locked: `Σ score_i·V_i / Σ V_i`, in [1, 10], not rounded.
 * It hides a risky chain with little value on it; report it beside {@link worstCaseRiskScore}.
 *
 * @throws InsufficientDataError (no chains), DivisionByZeroError (no value locked anywhere),
 *   InvalidNumberError, NegativeValueError, OutOfRangeError.
 * @example
 * ```ts
 * valueWeightedRiskScore([
 *   { chain: 'ethereum', score: 2, valueLockedUsd: 90_000_000 },
 *   { chain: 'bsc', score: 8, valueLockedUsd: 10_000_000 },
 * ]) // (2·90 + 8·10) / 100 = 2.6
 * ```
 */
export function valueWeightedRiskScore(chains: readonly ChainRiskScore[]): number {
  if (chains.length < 1) throw new InsufficientDataError('valueWeightedRiskScore (chains)', 1, chains.length)
  let weighted = 0
  let total = 0
  chains.forEach((c, i) => {
    const s = score(`chains[${i}].score`, c.score)
    const v = nonNegative(`chains[${i}].valueLockedUsd`, c.valueLockedUsd)
    weighted += s * v
    total += v
  })
  if (total === 0) throw new DivisionByZeroError('valueWeightedRiskScore (total value locked is zero)')
  return Math.min(10, Math.max(1, weighted / total))
}
