import { decimals } from './amount.js'
import { nonNegativeBigint } from './validate.js'

/**
 * A price of one unit of `base` in `quote`, as an oracle reports it: a raw integer and
 * the feed's decimals (Chainlink ETH/USD: 8). The type parameters make a conversion
 * with the wrong pair fail to compile.
 *
 * @example
 * ```ts
 * const ethUsd = price('ETH', 'USD', 3_000_00000000n, 8)
 * priceToNumber(ethUsd) // 3000
 * ```
 */
export type Price<Base extends string = string, Quote extends string = string> = {
  readonly base: Base
  readonly quote: Quote
  readonly raw: bigint
  readonly decimals: number
}

/**
 * Builds a Price, rejecting negative raw values and decimals outside 0..36.
 *
 * @example
 * ```ts
 * const ethUsd = price('ETH', 'USD', 3_000_00000000n, 8) // $3,000 from an 8-decimal feed
 * ```
 */
export function price<Base extends string, Quote extends string>(
  base: Base,
  quote: Quote,
  raw: bigint,
  priceDecimals: number,
): Price<Base, Quote> {
  return {
    base,
    quote,
    raw: nonNegativeBigint('price', raw),
    decimals: decimals('priceDecimals', priceDecimals),
  }
}

/**
 * A Price as a float (display and screening only).
 *
 * @example
 * ```ts
 * priceToNumber(price('ETH', 'USD', 3_000_00000000n, 8)) // 3000
 * ```
 */
export function priceToNumber(value: Price): number {
  return Number(value.raw) / 10 ** value.decimals
}
