import { DivisionByZeroError, InsufficientDataError, OutOfRangeError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { nonNegative, openUnitInterval, unitInterval } from '../units/validate.js'

/** Input of {@link costToCorrupt}. All amounts in USD. */
export type CostToCorruptParameters = {
  /** Total stake (or bond) of the verifier set, USD. */
  readonly totalStakeUsd: number
  /** Share of the stake that must collude to forge a message, in (0, 1] (e.g. 2/3; 1 = unanimity). */
  readonly thresholdFraction: number
  /** Share of the colluding stake that is slashed when the fraud is proven, in [0, 1]. */
  readonly slashableFraction: number
  /** Value the set secures (that a forged message could steal), USD. */
  readonly valueSecuredUsd: number
}

/** Output of {@link costToCorrupt}. */
export type CostToCorruptReturnType = {
  /** Stake an attacker must control: threshold · total stake, USD. */
  readonly stakeNeededUsd: number
  /** What the attack costs the attacker: slashable share of that stake, USD. */
  readonly costToCorruptUsd: number
  /** costToCorrupt / valueSecured: below 1 the attack pays (Infinity when nothing is secured). */
  readonly securityRatio: number
  /** `costToCorruptUsd < valueSecuredUsd`: a rational attacker profits. */
  readonly attackProfitable: boolean
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Economic security of a stake-weighted verifier set: the stake needed to reach the signing
 * threshold, the part of it that is lost to slashing (the cost to corrupt), and that cost against
 * the value secured. An attack is profitable when `costToCorrupt < valueSecured`. The stake is
 * treated as acquirable at its USD value (a continuous approximation: buying or bribing stake);
 * unslashable stake costs the attacker nothing beyond its opportunity cost, which is ignored.
 *
 * @example
 * ```ts
 * const r = costToCorrupt({ totalStakeUsd: 300e6, thresholdFraction: 2 / 3, slashableFraction: 0.5, valueSecuredUsd: 150e6 })
 * r.stakeNeededUsd // 200e6
 * r.costToCorruptUsd // 100e6
 * r.attackProfitable // true (100M < 150M)
 * ```
 */
export function costToCorrupt(parameters: CostToCorruptParameters): CostToCorruptReturnType {
  const totalStakeUsd = nonNegative('totalStakeUsd', parameters.totalStakeUsd)
  // (0, 1]: a unanimous set (every signer needed, e.g. a 2-of-2 by stake) is valid and costs all the stake.
  const thresholdFraction = unitInterval('thresholdFraction', parameters.thresholdFraction)
  if (thresholdFraction === 0) throw new OutOfRangeError('thresholdFraction', thresholdFraction, '(0, 1]')
  const slashableFraction = unitInterval('slashableFraction', parameters.slashableFraction)
  const valueSecuredUsd = nonNegative('valueSecuredUsd', parameters.valueSecuredUsd)
  const stakeNeededUsd = thresholdFraction * totalStakeUsd
  const costToCorruptUsd = slashableFraction * stakeNeededUsd
  const securityRatio = valueSecuredUsd === 0 ? Number.POSITIVE_INFINITY : costToCorruptUsd / valueSecuredUsd
  return {
    stakeNeededUsd,
    costToCorruptUsd,
    securityRatio,
    attackProfitable: costToCorruptUsd < valueSecuredUsd,
    explanation: [
      {
        term: 'stakeNeeded',
        value: stakeNeededUsd,
        inputs: { totalStakeUsd, thresholdFraction },
        formula: 'threshold · totalStake',
      },
      {
        term: 'costToCorrupt',
        value: costToCorruptUsd,
        inputs: { stakeNeededUsd, slashableFraction },
        formula: 'slashableFraction · stakeNeeded',
      },
      {
        term: 'securityRatio',
        value: securityRatio,
        inputs: { costToCorruptUsd, valueSecuredUsd },
        formula: 'costToCorrupt / valueSecured (attack profitable below 1)',
      },
    ],
  }
}

/**
 * Ratio of the total value secured (TVS: what a forged message could release) to the total value
 * locked as stake or bond (TVL). Above 1 the stake cannot cover a theft of everything secured.
 *
 * @example
 * ```ts
 * tvsToTvlRatio(1_000e6, 250e6) // 4
 * ```
 */
export function tvsToTvlRatio(totalValueSecuredUsd: number, totalValueLockedUsd: number): number {
  nonNegative('totalValueSecuredUsd', totalValueSecuredUsd)
  nonNegative('totalValueLockedUsd', totalValueLockedUsd)
  if (totalValueLockedUsd === 0) throw new DivisionByZeroError('tvsToTvlRatio (zero stake locked)')
  return totalValueSecuredUsd / totalValueLockedUsd
}

function validStakes(stakes: readonly number[]): { readonly sorted: number[]; readonly total: number } {
  if (stakes.length === 0) throw new InsufficientDataError('A stake distribution', 1, 0)
  stakes.forEach((s, i) => {
    nonNegative(`stakes[${i}]`, s)
  })
  const sorted = [...stakes].sort((a, b) => a - b)
  const total = sorted.reduce((a, b) => a + b, 0)
  if (total === 0) throw new DivisionByZeroError('a stake distribution whose stakes are all zero')
  return { sorted, total }
}

/**
 * Nakamoto coefficient: the smallest number of entities whose combined stake exceeds `threshold`
 * of the total (default 1/3, the share that halts a BFT set; use 2/3 for the share that forges).
 * Largest holders first; the comparison is strict (> threshold).
 *
 * @example
 * ```ts
 * nakamotoCoefficient([40, 30, 20, 10]) // 1 (40 % > 33.3 %)
 * nakamotoCoefficient([40, 30, 20, 10], 2 / 3) // 2 (70 % > 66.7 %)
 * ```
 */
export function nakamotoCoefficient(stakes: readonly number[], threshold = 1 / 3): number {
  openUnitInterval('threshold', threshold)
  const { sorted, total } = validStakes(stakes)
  let cumulative = 0
  let count = 0
  for (let i = sorted.length - 1; i >= 0; i--) {
    cumulative += sorted[i] as number
    count++
    if (cumulative > threshold * total) return count
  }
  return count // unreachable for threshold < 1: the whole set holds 100 % > threshold
}

/**
 * Gini coefficient of a stake distribution, in [0, (n − 1)/n]: 0 when every entity holds the
 * same stake, (n − 1)/n when one holds everything. Computed as
 * G = 2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1)/n with the stakes sorted ascending, i = 1..n, which equals
 * the mean absolute difference Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄).
 *
 * @example
 * ```ts
 * giniCoefficient([1, 1, 1, 1]) // 0
 * giniCoefficient([0, 0, 0, 4]) // 0.75
 * ```
 */
export function giniCoefficient(stakes: readonly number[]): number {
  const { sorted, total } = validStakes(stakes)
  const n = sorted.length
  let weighted = 0
  sorted.forEach((x, i) => {
    weighted += (i + 1) * x
  })
  const g = (2 * weighted) / (n * total) - (n + 1) / n
  return Math.max(0, g) // rounding can leave −1e-17 for an equal distribution
}
