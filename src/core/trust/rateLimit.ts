import type { ExplanationTerm } from '../explain.js'
import { nonNegative, positive } from '../units/validate.js'

/**
 * Seconds in the Wormhole Governor's sliding window and its large-transfer delay (24 h).
 *
 * @example
 * ```ts
 * GOVERNOR_WINDOW_SECONDS / 3600 // 24
 * ```
 */
export const GOVERNOR_WINDOW_SECONDS = 86_400

/** A token bucket (Chainlink CCIP token-pool rate limiter): `capacity` tokens, refilled at `ratePerSecond`. */
export type TokenBucket = {
  /** Bucket size, in token units (or USD if the limit is expressed in USD). */
  readonly capacity: number
  /** Refill speed, in the same units per second. */
  readonly ratePerSecond: number
}

/** What a rate limit lets out within a detection time. */
export type RateLimitOutflow =
  | {
      readonly kind: 'bounded'
      /** Most that can leave within the detection time, in the limit's units. */
      readonly mostOut: number
      readonly explanation: readonly ExplanationTerm[]
    }
  | {
      /** The limit does not bound the outflow within this detection time (the reason says why). */
      readonly kind: 'unbounded'
      readonly reason: string
      readonly explanation: readonly ExplanationTerm[]
    }

/**
 * Most that a token bucket lets out within `detectionSeconds`, starting full:
 * `capacity + ratePerSecond · t`. A continuous drain at the refill rate after emptying the bucket
 * achieves it, and no schedule beats it (the bucket never holds more than `capacity`, and it
 * gains at most `rate · t`). Source: Chainlink CCIP docs, "How Rate Limits Work"
 * (docs.chain.link/ccip/concepts/rate-limit-management/how-rate-limits-work).
 *
 * @example
 * ```ts
 * // CCIP docs "Common Scenarios": capacity 10 tokens, refill 0.1 token/s; 30 minutes:
 * tokenBucketMaxOutflow({ capacity: 10, ratePerSecond: 0.1 }, 1800).mostOut // 190
 * ```
 */
export function tokenBucketMaxOutflow(
  bucket: TokenBucket,
  detectionSeconds: number,
): RateLimitOutflow & {
  readonly kind: 'bounded'
} {
  const capacity = nonNegative('capacity', bucket.capacity)
  const rate = nonNegative('ratePerSecond', bucket.ratePerSecond)
  const t = nonNegative('detectionSeconds', detectionSeconds)
  const mostOut = capacity + rate * t
  return {
    kind: 'bounded',
    mostOut,
    explanation: [
      {
        term: 'tokenBucketOutflow',
        value: mostOut,
        inputs: { capacity, ratePerSecond: rate, detectionSeconds: t },
        formula: 'capacity + rate · t (bucket full at the start)',
        source: 'Chainlink CCIP token pool rate limits (token bucket)',
      },
    ],
  }
}

/** Wormhole Governor limits of one emitter chain, in USD notional. */
export type GovernorLimits = {
  /** The 24-hour sliding-window limit on small transfers ("dailyLimit"), USD. */
  readonly dailyLimitUsd: number
  /** Transfers at or above this size are "large" and delayed 24 h ("bigTransactionSize"), USD. */
  readonly bigTransactionSizeUsd: number
  /** Delay imposed on large transfers, seconds (default 24 h). */
  readonly largeTransferDelaySeconds?: number
}

/**
 * Most that Wormhole's Governor lets out of one chain within `detectionSeconds`.
 *
 * Rules (Wormhole whitepaper 0007_governor.md): small transfers (below the single-transaction
 * threshold) are signed at once while their sum over a sliding 24 h window stays within the daily
 * limit; larger ones are delayed 24 h and do not count towards the window. For t below the
 * 24 h delay, [0, t] lies inside one 24 h window, so the small transfers signed within it sum to at
 * most `dailyLimit`; the bound is reached when the window is empty at the start (earlier usage can
 * roll off at any moment, so assuming it does is the only safe reading without its timestamps).
 * Large transfers made within [0, t] are still queued at t. At t ≥ the delay, queued large
 * transfers are released automatically, so the Governor no longer bounds the outflow: the result
 * is `unbounded` (guardians must drop them within the delay).
 *
 * @example
 * ```ts
 * // Ethereum: dailyLimit $10M, bigTransactionSize $1M (mainnet_chains.go); 30 minutes:
 * governorMaxOutflow({ dailyLimitUsd: 10e6, bigTransactionSizeUsd: 1e6 }, 1800) // { kind: 'bounded', mostOut: 10e6, … }
 * ```
 */
export function governorMaxOutflow(limits: GovernorLimits, detectionSeconds: number): RateLimitOutflow {
  const dailyLimit = nonNegative('dailyLimitUsd', limits.dailyLimitUsd)
  const big = nonNegative('bigTransactionSizeUsd', limits.bigTransactionSizeUsd)
  const delay = positive(
    'largeTransferDelaySeconds',
    limits.largeTransferDelaySeconds ?? GOVERNOR_WINDOW_SECONDS,
  )
  const t = nonNegative('detectionSeconds', detectionSeconds)
  const inputs = { dailyLimitUsd: dailyLimit, bigTransactionSizeUsd: big, detectionSeconds: t }
  if (t >= delay) {
    const reason = `detection time ${t} s is not shorter than the large-transfer delay ${delay} s: delayed transfers are released automatically`
    return {
      kind: 'unbounded',
      reason,
      explanation: [
        {
          term: 'governorOutflow',
          value: Number.POSITIVE_INFINITY,
          inputs,
          formula: 't ≥ delay: large transfers queued at the start are released; no bound',
        },
      ],
    }
  }
  // A daily limit of 0 lets nothing through within t (every transfer waits for the 24 h release).
  const mostOut = dailyLimit
  return {
    kind: 'bounded',
    mostOut,
    explanation: [
      {
        term: 'governorOutflow',
        value: mostOut,
        inputs,
        formula:
          't < 24 h: dailyLimit (window empty at the start); large transfers (≥ bigTransactionSize) wait 24 h',
        source: 'Wormhole whitepapers/0007_governor.md',
      },
    ],
  }
}
