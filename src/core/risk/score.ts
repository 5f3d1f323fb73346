import {
  DivisionByZeroError,
  InsufficientDataError,
  InvalidNumberError,
  NegativeValueError,
  OutOfRangeError,
} from '../errors.js'
import type { Explained } from '../explain.js'
import { finite, nonNegative } from '../units/validate.js'

/**
 * The seed's risk score (1 = safest, 10 = riskiest) from liquidity and volatility, a smooth
 * variant, and aggregation of per-chain scores at the hub.
 *
 * The seed (../seeds/002, "Implementation Example: A Simple Risk Scoring Contract") gives the
 * function in Solidity:
 *
 * ```solidity
 * function calculateRiskScore(uint256 liquidityUSD, uint256 volatilityPercent) public pure returns (uint8) {
 *   uint8 liquidityScore = liquidityUSD > 100_000_000 ether ? 1 : liquidityUSD > 10_000_000 ether ? 5 : 10;
 *   uint8 volatilityScore = volatilityPercent < 5 ? 1 : volatilityPercent < 20 ? 5 : 10;
 *   return uint8((liquidityScore * 6 + volatilityScore * 4) / 10);
 * }
 * ```
 *
 * `ether` is Solidity's 10^18 multiplier, so `liquidityUSD` is USD with 18 decimals (a Wad);
 * `volatilityPercent` is a whole percentage. {@link calculateRiskScore} is that function in
 * `bigint`; {@link riskScore} is the same brackets on plain USD and percent numbers, and equals it
 * on every input both accept.
 */

/** A liquidity bracket: liquidity strictly above `aboveLiquidityUsd` scores `score`. Checked in order. */
export type LiquidityBracket = { readonly aboveLiquidityUsd: number; readonly score: number }
/** A volatility bracket: volatility strictly below `belowVolatilityPercent` scores `score`. Checked in order. */
export type VolatilityBracket = { readonly belowVolatilityPercent: number; readonly score: number }

/**
 * The seed's liquidity brackets: > $100M → 1, > $10M → 5, else 10 (edges go to the riskier bracket).
 *
 * @example
 * ```ts
 * RISK_SCORE_LIQUIDITY_BRACKETS[0] // { aboveLiquidityUsd: 100_000_000, score: 1 }
 * ```
 */
export const RISK_SCORE_LIQUIDITY_BRACKETS: readonly LiquidityBracket[] = [
  { aboveLiquidityUsd: 100_000_000, score: 1 },
  { aboveLiquidityUsd: 10_000_000, score: 5 },
  { aboveLiquidityUsd: Number.NEGATIVE_INFINITY, score: 10 },
]

/**
 * The seed's volatility brackets: < 5 % → 1, < 20 % → 5, else 10 (edges go to the riskier bracket).
 *
 * @example
 * ```ts
 * RISK_SCORE_VOLATILITY_BRACKETS[0] // { belowVolatilityPercent: 5, score: 1 }
 * ```
 */
export const RISK_SCORE_VOLATILITY_BRACKETS: readonly VolatilityBracket[] = [
  { belowVolatilityPercent: 5, score: 1 },
  { belowVolatilityPercent: 20, score: 5 },
  { belowVolatilityPercent: Number.POSITIVE_INFINITY, score: 10 },
]

/**
 * The seed's integer weights of the liquidity and volatility scores, in tenths:
 * `⌊(6·L + 4·V) / 10⌋`.
 *
 * @example
 * ```ts
 * RISK_SCORE_WEIGHTS.liquidity // 6
 * ```
 */
export const RISK_SCORE_WEIGHTS = { liquidity: 6, volatility: 4, denominator: 10 } as const

/**
 * Inputs of {@link riskScore}.
 *
 * @example
 * ```ts
 * const p: RiskScoreParameters = { liquidityUsd: 50_000_000, volatilityPercent: 30 }
 * riskScore(p) // ⌊(6·5 + 4·10)/10⌋ = 7
 * ```
 */
export type RiskScoreParameters = {
  /** Liquidity available to liquidations, in USD; ≥ 0. */
  readonly liquidityUsd: number
  /** Price volatility in percent (the seed's oracle-provided volatility; 30 = 30 %); ≥ 0. */
  readonly volatilityPercent: number
}

function liquidityBracketScore(liquidityUsd: number): number {
  for (const b of RISK_SCORE_LIQUIDITY_BRACKETS) if (liquidityUsd > b.aboveLiquidityUsd) return b.score
  return RISK_SCORE_LIQUIDITY_BRACKETS.at(-1)!.score
}

function volatilityBracketScore(volatilityPercent: number): number {
  for (const b of RISK_SCORE_VOLATILITY_BRACKETS)
    if (volatilityPercent < b.belowVolatilityPercent) return b.score
  return RISK_SCORE_VOLATILITY_BRACKETS.at(-1)!.score
}

function weighted(l: number, v: number): number {
  return Math.floor(
    (RISK_SCORE_WEIGHTS.liquidity * l + RISK_SCORE_WEIGHTS.volatility * v) / RISK_SCORE_WEIGHTS.denominator,
  )
}

/**
 * The seed's risk score with its explanation: bracket scores L (liquidity) and V (volatility),
 * combined with the seed's integer weights `⌊(6·L + 4·V) / 10⌋`, an integer in 1..10.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * riskScoreExplained({ liquidityUsd: 50_000_000, volatilityPercent: 10 }).value // ⌊(30 + 20)/10⌋ = 5
 * ```
 */
export function riskScoreExplained(parameters: RiskScoreParameters): Explained<number> {
  const liquidityUsd = nonNegative('liquidityUsd', parameters.liquidityUsd)
  const volatilityPercent = nonNegative('volatilityPercent', parameters.volatilityPercent)
  const l = liquidityBracketScore(liquidityUsd)
  const v = volatilityBracketScore(volatilityPercent)
  const value = weighted(l, v)
  return {
    value,
    explanation: [
      {
        term: 'liquidityScore',
        value: l,
        inputs: { liquidityUsd },
        formula: '> $100M → 1, > $10M → 5, else 10',
      },
      {
        term: 'volatilityScore',
        value: v,
        inputs: { volatilityPercent },
        formula: '< 5 % → 1, < 20 % → 5, else 10',
      },
      {
        term: 'riskScore',
        value,
        inputs: { liquidityScore: l, volatilityScore: v },
        formula: '⌊(6·liquidityScore + 4·volatilityScore) / 10⌋',
        source:
          'seed "How to Design a Collateral Risk Model for Cross-Chain Protocols", Implementation Example (calculateRiskScore)',
      },
    ],
  }
}

/**
 * The seed's risk score, an integer in 1..10 (1 = safest), on plain USD and percent numbers:
 * the seed's brackets and integer 6/4 weighting. See {@link riskScoreExplained} for the terms.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * riskScore({ liquidityUsd: 200_000_000, volatilityPercent: 4 }) // 1
 * riskScore({ liquidityUsd: 5_000_000, volatilityPercent: 80 }) // 10
 * ```
 */
export function riskScore(parameters: RiskScoreParameters): number {
  return riskScoreExplained(parameters).value
}

const UINT256_MAX = (1n << 256n) - 1n
const ETHER = 10n ** 18n

function uint256(name: string, value: bigint): bigint {
  if (typeof value !== 'bigint') throw new InvalidNumberError(name, value)
  if (value < 0n) throw new NegativeValueError(name, value)
  if (value > UINT256_MAX) throw new OutOfRangeError(name, value, '0..2^256 − 1 (uint256)')
  return value
}

/**
 * The seed's `calculateRiskScore(uint256 liquidityUSD, uint256 volatilityPercent) returns (uint8)`
 * exactly as written: `liquidityUSD` in USD with 18 decimals (the seed compares it with
 * `100_000_000 ether` = 1e26), `volatilityPercent` a whole percentage; liquidity > $100M → 1,
 * > $10M → 5, else 10; volatility < 5 → 1, < 20 → 5, else 10; `(L·6 + V·4) / 10` in integer
 * division.
 *
 * @throws InvalidNumberError (not a bigint), NegativeValueError, OutOfRangeError (above uint256).
 * @example
 * ```ts
 * calculateRiskScore(100_000_001n * 10n ** 18n, 4n) // 1
 * calculateRiskScore(100_000_000n * 10n ** 18n, 5n) // L 5, V 5: (30 + 20) / 10 = 5
 * ```
 */
export function calculateRiskScore(liquidityUSD: bigint, volatilityPercent: bigint): number {
  const liquidity = uint256('liquidityUSD', liquidityUSD)
  const volatility = uint256('volatilityPercent', volatilityPercent)
  const l = liquidity > 100_000_000n * ETHER ? 1n : liquidity > 10_000_000n * ETHER ? 5n : 10n
  const v = volatility < 5n ? 1n : volatility < 20n ? 5n : 10n
  return Number((l * 6n + v * 4n) / 10n)
}

/**
 * A smooth risk score in [1, 10] without bracket cliffs, anchored on the seed's brackets: a
 * liquidity score log-linear from 1 at ≥ $100M through 5.5 at $10M to 10 at ≤ $1M,
 * `ℓ = clamp(1 + 4.5·(8 − log10 L), 1, 10)`, a volatility score linear from 1 at 0 % to 10 at
 * ≥ 20 %, `v = clamp(1 + 0.45·V, 1, 10)`, weighted `0.6·ℓ + 0.4·v`. Non-increasing in liquidity,
 * non-decreasing in volatility. Not rounded.
 *
 * @throws InvalidNumberError, NegativeValueError.
 * @example
 * ```ts
 * smoothRiskScore({ liquidityUsd: 10_000_000, volatilityPercent: 10 }) // 0.6·5.5 + 0.4·5.5 = 5.5
 * ```
 */
export function smoothRiskScore(parameters: RiskScoreParameters): number {
  const liquidityUsd = nonNegative('liquidityUsd', parameters.liquidityUsd)
  const volatilityPercent = nonNegative('volatilityPercent', parameters.volatilityPercent)
  const clamp = (x: number) => Math.min(10, Math.max(1, x))
  const l = liquidityUsd === 0 ? 10 : clamp(1 + 4.5 * (8 - Math.log10(liquidityUsd)))
  const v = clamp(1 + 0.45 * volatilityPercent)
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
