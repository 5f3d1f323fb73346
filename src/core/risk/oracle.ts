import { InsufficientDataError, OutOfRangeError } from '../errors.js'
import type { Explained, ExplanationTerm } from '../explain.js'
import { finite, nonNegative, positive } from '../units/validate.js'
import { potentialValueChange } from './settlement.js'

/**
 * Oracle risk for Chainlink-style push feeds: how far a reported price can be from the market
 * when a liquidation uses it, and whether a price may be used at all (staleness, min/max answer
 * clamps, a multi-source median with a deviation circuit breaker, L2 sequencer downtime).
 * Times are unix seconds and `now` is always passed in. Prices here are plain numbers in quote
 * units (screening level); exact valuation uses `Price` from units/price.ts.
 * See docs/model.md.
 */

function fraction(name: string, value: number): number {
  finite(name, value)
  if (value < 0 || value >= 1) throw new OutOfRangeError(name, value, '[0, 1)')
  return value
}

/** Inputs of {@link oracleError}. */
export type OracleErrorParameters = {
  /** The feed's deviation threshold as a fraction (Chainlink ETH/USD on Ethereum: 0.005). */
  readonly deviationThreshold: number
  /**
   * Seconds from the market crossing the threshold to the new answer being usable where the
   * liquidation happens: the feed's round (observation, report, transmission) plus, for a price
   * relayed from another chain, the relay.
   */
  readonly updateLatencySeconds: number
  /** Annualised volatility of the asset's log returns. */
  readonly sigmaAnnual: number
  /** One-sided confidence level in [0.5, 1) for the move during the update latency. */
  readonly confidence: number
  /**
   * Optional: for a multi-source median behind a deviation breaker, the breaker's bound. While it
   * has not tripped, the median may still sit this far from the market. Fraction in [0, 1).
   */
  readonly sourceDeviationBound?: number
}

/**
 * The extra price error a liquidation can face from the oracle, as a fraction of the reported
 * value: the market may sit up to the deviation threshold d from the last answer without
 * triggering an update, and after it crosses d it may move further, by the move over the
 * update latency at the confidence, `m = 1 − exp(−z·σ·√latency)`, before the new answer lands:
 *
 * `error = 1 − (1 − d)·(1 − m)·(1 − b)`, with b the optional source deviation bound (0 if absent).
 *
 * The heartbeat does not enter: while the feed is alive, the deviation trigger bounds the error
 * between heartbeats. A feed that stops updating is caught by {@link priceUsability}'s
 * staleness check (heartbeat + grace).
 *
 * @throws InvalidNumberError, NegativeValueError, OutOfRangeError.
 * @example
 * ```ts
 * oracleError({ deviationThreshold: 0.005, updateLatencySeconds: 60, sigmaAnnual: 0.8, confidence: 0.99 }).value
 * // 1 − 0.995 · (1 − 0.002564) = 0.007551
 * ```
 */
export function oracleError(parameters: OracleErrorParameters): Explained<number> {
  const d = fraction('deviationThreshold', parameters.deviationThreshold)
  const latency = nonNegative('updateLatencySeconds', parameters.updateLatencySeconds)
  const b = fraction('sourceDeviationBound', parameters.sourceDeviationBound ?? 0)
  const m = potentialValueChange({
    sigmaAnnual: parameters.sigmaAnnual,
    horizonSeconds: latency,
    confidence: parameters.confidence,
  })
  const value = 1 - (1 - d) * (1 - m) * (1 - b)
  const explanation: ExplanationTerm[] = [
    {
      term: 'deviationThreshold',
      value: d,
      inputs: { deviationThreshold: d },
      formula: 'd: the market can move this far from the last answer without an update',
      source: 'Chainlink Data Feeds: deviation threshold and heartbeat trigger parameters',
    },
    {
      term: 'updateLatencyMove',
      value: m,
      inputs: {
        sigmaAnnual: parameters.sigmaAnnual,
        updateLatencySeconds: latency,
        confidence: parameters.confidence,
      },
      formula: '1 − exp(−z·σ·√latency), latency in years of 365 days',
    },
  ]
  if (b > 0) {
    explanation.push({
      term: 'sourceDeviationBound',
      value: b,
      inputs: { sourceDeviationBound: b },
      formula: 'b: a median that has not tripped the breaker may sit this far from the market',
    })
  }
  explanation.push({
    term: 'oracleError',
    value,
    inputs: { deviationThreshold: d, updateLatencyMove: m, sourceDeviationBound: b },
    formula: '1 − (1 − d)·(1 − m)·(1 − b)',
  })
  return { value, explanation }
}

/** Inputs of {@link reportedPriceError}: two prices of the same pair, in quote units, > 0. */
export type ReportedPriceErrorParameters = { readonly reported: number; readonly market: number }

/**
 * Signed error of a reported price relative to the market: `(reported − market) / market`.
 * The LUNA/USD feed stuck at its $0.10 minAnswer while LUNA traded near $0.01 (May 2022) was
 * wrong by (0.10 − 0.01) / 0.01 = +900 %.
 *
 * @throws InvalidNumberError, OutOfRangeError (a price ≤ 0).
 * @example
 * ```ts
 * reportedPriceError({ reported: 0.1, market: 0.01 }) // 9 (+900 %)
 * ```
 */
export function reportedPriceError(parameters: ReportedPriceErrorParameters): number {
  const reported = positive('reported', parameters.reported)
  const market = positive('market', parameters.market)
  return (reported - market) / market
}

/** Inputs of {@link medianPrice}. */
export type MedianPriceParameters = {
  /** Prices of the same asset from independent sources; at least 1. */
  readonly prices: readonly number[]
  /** The breaker's bound: the largest relative deviation of any source from the median, in [0, 1). */
  readonly maxDeviation: number
}

/** Result of {@link medianPrice}. */
export type MedianPriceReturnType = {
  readonly median: number
  /** The largest observed `|p_i − median| / median`. */
  readonly deviation: number
  /** True when `deviation > maxDeviation`: the sources disagree and the median must not be used. */
  readonly tripped: boolean
}

/**
 * Median of several sources with a deviation circuit breaker: the median (mean of the middle
 * two for an even count), and a trip when any source deviates from it by more than the bound.
 *
 * @throws InsufficientDataError (no prices), InvalidNumberError, OutOfRangeError (a price ≤ 0).
 * @example
 * ```ts
 * medianPrice({ prices: [3000, 3010, 2990], maxDeviation: 0.01 }) // { median: 3000, deviation: 0.00333…, tripped: false }
 * medianPrice({ prices: [3000, 3010, 2500], maxDeviation: 0.01 }).tripped // true
 * ```
 */
export function medianPrice(parameters: MedianPriceParameters): MedianPriceReturnType {
  const bound = fraction('maxDeviation', parameters.maxDeviation)
  const n = parameters.prices.length
  if (n < 1) throw new InsufficientDataError('medianPrice (prices)', 1, n)
  const sorted = parameters.prices.map((p, i) => positive(`prices[${i}]`, p)).sort((a, b) => a - b)
  const mid = n >> 1
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  const deviation = Math.max((median - sorted[0]!) / median, (sorted[n - 1]! - median) / median)
  return { median, deviation, tripped: deviation > bound }
}

/** Status of a Chainlink L2 sequencer uptime feed. */
export type SequencerStatus = {
  /** The feed's answer: 0 means up (true here), 1 means down. */
  readonly up: boolean
  /** Unix seconds at which the current status began (the round's timestamp). */
  readonly statusChangedAt: number
  /** Grace period after the sequencer comes back, in seconds (Aave's PriceOracleSentinel: 3600 on most L2s). */
  readonly gracePeriodSeconds: number
}

/**
 * Why a price may not be used; stable codes, documented in docs/model.
 *
 * @example
 * ```ts
 * PRICE_UNUSABLE_REASONS.includes('stale') // true
 * ```
 */
export const PRICE_UNUSABLE_REASONS = [
  'non-positive-answer',
  'future-timestamp',
  'stale',
  'at-min-answer',
  'at-max-answer',
  'deviates-from-market',
  'sources-disagree',
  'sequencer-down',
  'sequencer-grace-period',
] as const

/** One of {@link PRICE_UNUSABLE_REASONS}. */
export type PriceUnusableReason = (typeof PRICE_UNUSABLE_REASONS)[number]

/** Inputs of {@link priceUsability}. */
export type PriceUsabilityParameters = {
  /** The current time, unix seconds (passed in: the core has no clock). */
  readonly now: number
  /** The feed's latest answer, in quote units. */
  readonly answer: number
  /** The answer's `updatedAt`, unix seconds. */
  readonly updatedAt: number
  /** The feed's heartbeat in seconds (ETH/USD on Ethereum: 3600). */
  readonly heartbeatSeconds: number
  /** Extra tolerance beyond the heartbeat before the answer is stale, seconds. */
  readonly stalenessGraceSeconds: number
  /** The aggregator's minAnswer, in quote units (LUNA/USD: 0.10). */
  readonly minAnswer?: number
  /** The aggregator's maxAnswer, in quote units. */
  readonly maxAnswer?: number
  /** Flag answers within this fraction of a bound too (a feed stuck just above minAnswer); default 0. */
  readonly boundMargin?: number
  /** An independent market reference and the largest tolerated `|answer − market| / market`. */
  readonly market?: { readonly price: number; readonly maxDeviation: number }
  /** Other sources for the median breaker (include the feed's own answer if it is one of them). */
  readonly sources?: MedianPriceParameters
  /** The L2 sequencer uptime feed, on an L2. */
  readonly sequencer?: SequencerStatus
}

/** Result of {@link priceUsability}. */
export type PriceUsabilityReturnType = {
  readonly usable: boolean
  readonly reasons: readonly PriceUnusableReason[]
}

/**
 * Whether a price may be used, and every reason it may not:
 * - `non-positive-answer`: answer ≤ 0 (a broken feed).
 * - `future-timestamp`: updatedAt > now.
 * - `stale`: now − updatedAt > heartbeat + grace.
 * - `at-min-answer` / `at-max-answer`: answer ≤ minAnswer·(1 + margin) or ≥ maxAnswer·(1 − margin):
 *   the aggregator cannot report outside [minAnswer, maxAnswer], so an answer at a bound may be a
 *   clamp (LUNA/USD stuck at $0.10 while the market traded near $0.01).
 * - `deviates-from-market`: |answer − market| / market > the market bound.
 * - `sources-disagree`: the median breaker of {@link medianPrice} tripped.
 * - `sequencer-down`, `sequencer-grace-period`: on an L2, the sequencer is down, or came back
 *   no more than the grace period ago (Aave v3 PriceOracleSentinel: usable only when up and
 *   `now − statusChangedAt > gracePeriod`).
 *
 * @throws InvalidNumberError, NegativeValueError, OutOfRangeError for malformed inputs (a
 *   condition of the feed is a reason, never an exception).
 * @example
 * ```ts
 * priceUsability({
 *   now: 1_652_400_000, answer: 0.1, updatedAt: 1_652_399_000, heartbeatSeconds: 86_400,
 *   stalenessGraceSeconds: 600, minAnswer: 0.1, market: { price: 0.01, maxDeviation: 0.05 },
 * }) // { usable: false, reasons: ['at-min-answer', 'deviates-from-market'] }
 * ```
 */
export function priceUsability(parameters: PriceUsabilityParameters): PriceUsabilityReturnType {
  const now = nonNegative('now', parameters.now)
  const answer = finite('answer', parameters.answer)
  const updatedAt = nonNegative('updatedAt', parameters.updatedAt)
  const heartbeat = positive('heartbeatSeconds', parameters.heartbeatSeconds)
  const grace = nonNegative('stalenessGraceSeconds', parameters.stalenessGraceSeconds)
  const margin = fraction('boundMargin', parameters.boundMargin ?? 0)
  const reasons: PriceUnusableReason[] = []

  if (answer <= 0) reasons.push('non-positive-answer')
  if (updatedAt > now) reasons.push('future-timestamp')
  else if (now - updatedAt > heartbeat + grace) reasons.push('stale')

  if (parameters.minAnswer !== undefined) {
    const min = finite('minAnswer', parameters.minAnswer)
    if (answer <= min * (1 + margin)) reasons.push('at-min-answer')
  }
  if (parameters.maxAnswer !== undefined) {
    const max = finite('maxAnswer', parameters.maxAnswer)
    if (answer >= max * (1 - margin)) reasons.push('at-max-answer')
  }
  if (parameters.market !== undefined) {
    const market = positive('market.price', parameters.market.price)
    const bound = nonNegative('market.maxDeviation', parameters.market.maxDeviation)
    if (Math.abs(answer - market) / market > bound) reasons.push('deviates-from-market')
  }
  if (parameters.sources !== undefined && medianPrice(parameters.sources).tripped)
    reasons.push('sources-disagree')

  const sequencer = parameters.sequencer
  if (sequencer !== undefined) {
    const changedAt = nonNegative('sequencer.statusChangedAt', sequencer.statusChangedAt)
    const sequencerGrace = nonNegative('sequencer.gracePeriodSeconds', sequencer.gracePeriodSeconds)
    if (!sequencer.up) reasons.push('sequencer-down')
    else if (!(now - changedAt > sequencerGrace)) reasons.push('sequencer-grace-period')
  }
  return { usable: reasons.length === 0, reasons }
}
