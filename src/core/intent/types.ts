import type { Wad } from '../units/wad.js'

/**
 * The inputs of intent routing, resolved: what the user holds, what they want, and every route
 * of the registry as the solver sees it (its assessed LTV/LT, its remaining cap, its costs,
 * time and trust). Amounts of tokens and USD are `Wad` (18 decimals, whatever the token's own
 * decimals); fractions and rates are plain numbers; times are seconds.
 *
 * @example
 * ```ts
 * const h: Holding = { asset: 'weth', chain: 'ethereum', amountWad: 500n * WAD, priceUsdWad: 3000n * WAD }
 * ```
 */
export type Holding = {
  /** Asset id of the registry (`weth`). */
  readonly asset: string
  /** Chain id where it sits (`ethereum`). */
  readonly chain: string
  /** Tokens held, Wad (1 token = 1e18). */
  readonly amountWad: Wad
  /** USD per token, Wad. */
  readonly priceUsdWad: Wad
}

/** The wanted position: a borrow of an asset on a chain, or a collateral (margin) value on a chain. */
export type Want =
  | {
      readonly kind: 'borrow'
      readonly asset: string
      readonly chain: string
      /** Tokens to borrow, Wad. */
      readonly amountWad: Wad
      /** USD per token of the debt asset, Wad. */
      readonly priceUsdWad: Wad
    }
  | {
      readonly kind: 'margin'
      readonly chain: string
      /** Collateral the position needs, counted at each route's LTV (USD, Wad). */
      readonly valueUsdWad: Wad
    }

/** What the plan minimises: its total cost, or cost + `riskWeight` · risk (USD per USD). */
export type Objective =
  | { readonly kind: 'cheapest' }
  | { readonly kind: 'tradeoff'; readonly riskWeight: number }

/** An intent: holdings, a wanted position, the user's limits and the objective. */
export type Intent = {
  readonly holdings: readonly Holding[]
  readonly want: Want
  /** Health factor the position must have right after opening (borrow only), Wad ≥ 1. */
  readonly minHealthFactorWad: Wad
  /** The collateral must count within this many seconds; absent: no limit. */
  readonly maxSeconds?: number | undefined
  /** Bridge ids the user will not use. */
  readonly excludeBridges: readonly string[]
  /** How long the position is held, days: the horizon of the expected bridge-failure loss and of capital costs. */
  readonly horizonDays: number
  /** The user's annual opportunity cost of collateral it locks (fraction a year, 0 if none). */
  readonly capitalCostAnnual: number
  /** Annual borrow rate of the debt, if known (the same for every plan; reported, not optimised). */
  readonly borrowRateAnnual?: number | undefined
  readonly objective: Objective
}

/** Costs of moving collateral through a route that the registry does not hold (from the intent file or defaults). */
export type RouteCosts = {
  /** Bridge fee, fraction of the amount bridged (taken in kind). */
  readonly feeRate: number
  /** Fixed cost per use (gas and message fees), USD. */
  readonly fixedUsd: number
  /** Slippage of the bridge's liquidity (taken in kind), fraction. */
  readonly slippage: number
}

/** A route as the solver sees it. Fractions are numbers in [0, 1]; money in USD. */
export type IntentRoute = {
  readonly id: string
  readonly asset: string
  readonly homeChain: string
  readonly debtChain: string
  readonly architecture: string
  readonly bridges: readonly string[]
  /** LTV and LT for the wanted debt (the pair's, else the route's binding pair). */
  readonly ltv: number
  readonly liquidationThreshold: number
  /** Supply cap the route may still take (cap − current exposure), USD of collateral arrived. */
  readonly capRemainingUsd: number
  /** The route's bridge path has a single point of failure: `capRemainingUsd` is within the policy's tiny cap. */
  readonly singlePointOfFailure: boolean
  readonly tinyCapUsd: number
  /** Usable at all (assessment eligible, or eligible within its tiny cap). */
  readonly eligible: boolean
  readonly ineligibleReasons: readonly string[]
  readonly costs: RouteCosts
  /** Annual probability that the bridge path is compromised, and the share then lost. */
  readonly annualFailureProbability: number
  readonly lossGivenFailure: number
  /** The trust model's haircut of the path (a mature light client ≈ 5 %, a new multisig 20–30 %). */
  readonly haircut: number
  readonly trustScore: number
  /** Seconds from sending until the collateral counts on the debt chain (0 natively). */
  readonly secondsToUsable: number
}
