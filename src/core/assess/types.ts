import type {
  BridgeFamily,
  ChainKind,
  ChainSecuredKindName,
  CollateralClass,
  Mechanism,
  ParameterPolicy,
  Representation,
  RouteArchitecture,
} from '../vocabulary.js'

/**
 * The resolved inputs of an assessment: every reference of a configuration replaced by the
 * object it names. `src/config` builds these from YAML/JSON and the catalog; the pure
 * pipeline in `./assess.ts` turns them into a {@link RouteAssessment} each.
 *
 * Field names carry their units: `…Seconds`, `…Usd`, fractions are plain numbers in [0, 1].
 *
 * @example
 * ```ts
 * const policy: AssessPolicy = { confidence: 0.99, ltvHorizonSeconds: 86_400, ... }
 * ```
 */

/** Where a fact comes from: a citable source and the date it describes, and the fields that are assumptions. */
export type Provenance = {
  readonly source?: string | undefined
  readonly asOf?: string | undefined
  /** Field name → why the value is an assumption rather than a sourced fact. Shown to the user. */
  readonly assumptions?: Readonly<Record<string, string>> | undefined
}

/** A chain: block time, finality and (for rollups) the sequencer. */
export type ChainInput = Provenance & {
  readonly id: string
  readonly name: string
  readonly kind: ChainKind
  readonly blockTimeSeconds: number
  readonly finalitySeconds: number
  /** Multiplier ≥ 1 on message delays in congestion. */
  readonly congestionMultiplier: number
  readonly sequencer?:
    | {
        readonly gracePeriodSeconds: number
        readonly uptimeFeed?: string | undefined
      }
    | undefined
}

/** One verifier of a bridge (guardian, DVN, validator, signer). */
export type VerifierMemberInput = {
  readonly id: string
  readonly operator: string
  readonly tags: readonly string[]
  /** Probability the member is compromised over one year. */
  readonly pCompromise: number
  /** Probability the member is offline when needed. */
  readonly pOffline: number
}

/** A shared tag's own probabilities (common-mode failure of every member carrying it). */
export type TagRiskInput = Readonly<
  Record<string, { readonly pCompromise: number; readonly pOffline: number }>
>

/** A verifier set as data: k-of-n members, or a composition of sets. */
export type VerifierSpec =
  | {
      readonly type: 'threshold'
      readonly threshold: number
      readonly members: readonly VerifierMemberInput[]
      readonly tagRisk?: TagRiskInput | undefined
    }
  | {
      readonly type: 'stakeWeighted'
      /** Share of total stake whose signatures make a message valid, in (0, 1] (e.g. 2/3). */
      readonly thresholdShare: number
      readonly members: ReadonlyArray<VerifierMemberInput & { readonly stake: number }>
      readonly tagRisk?: TagRiskInput | undefined
    }
  | {
      readonly type: 'all'
      readonly sets: readonly VerifierSpec[]
      readonly tagRisk?: TagRiskInput | undefined
    }
  | {
      readonly type: 'any'
      readonly sets: readonly VerifierSpec[]
      readonly tagRisk?: TagRiskInput | undefined
    }
  | {
      readonly type: 'thresholdOf'
      readonly m: number
      readonly sets: readonly VerifierSpec[]
      readonly tagRisk?: TagRiskInput | undefined
    }

/** An optimistic watcher: fails to challenge a fraudulent claim within the window with `pFail`. */
export type WatcherInput = {
  readonly id: string
  readonly operator: string
  readonly tags: readonly string[]
  readonly pFail: number
}

/** The trust model of a bridge (src/core/trust/kinds.ts), probabilities per year. */
export type BridgeTrustInput =
  | {
      readonly kind: 'externalThreshold'
      readonly verifiers: VerifierSpec
      readonly implementationBug: number
    }
  | {
      readonly kind: 'optimistic'
      readonly proposer?: VerifierSpec | undefined
      readonly watchers: readonly WatcherInput[]
      readonly watcherTagRisk?: TagRiskInput | undefined
      readonly fraudProofBug: number
      readonly implementationBug: number
    }
  | {
      readonly kind: ChainSecuredKindName
      readonly sourceChain: string
      readonly sourceChainCompromise: number
      readonly sourceChainHalt?: number | undefined
      readonly implementationBug: number
    }

/** A rate limit on what may leave through the bridge. */
export type RateLimitInput =
  | { readonly kind: 'token-bucket'; readonly capacityUsd: number; readonly refillUsdPerSecond: number }
  | {
      readonly kind: 'daily-notional'
      readonly dailyLimitUsd: number
      readonly largeTransferUsd?: number | undefined
      readonly largeTransferDelaySeconds?: number | undefined
    }

/** A bridge or messaging protocol. */
export type BridgeInput = Provenance & {
  readonly id: string
  readonly name: string
  readonly kind: BridgeFamily
  readonly representation: Representation
  readonly mechanism: Mechanism
  readonly trust: BridgeTrustInput
  /** Upgrade keys: k-of-n, each compromised with `pCompromise` a year, behind a timelock. */
  readonly admin?:
    | {
        readonly threshold: number
        readonly size: number
        readonly timelockSeconds: number
        readonly pCompromise: number
        /** A separate set able to pause the bridge (k-of-n): its compromise halts the bridge. */
        readonly pauser?:
          | { readonly threshold: number; readonly size: number; readonly pCompromise: number }
          | undefined
      }
    | undefined
  /** Optimistic verification: messages from `fromChains` (all chains if absent) wait this long. */
  readonly challenge?:
    | { readonly windowSeconds: number; readonly fromChains?: readonly string[] | undefined }
    | undefined
  /** Off-chain verification time (attestation, DVN confirmations, guardian signatures), seconds. */
  readonly verificationSeconds: number
  /** Time to execute the message on the destination chain, seconds. */
  readonly executionSeconds: number
  readonly rateLimit?: RateLimitInput | undefined
  readonly trackRecord?:
    | {
        readonly incidents: number
        readonly exposureYears: number
        readonly prior?: { readonly shape: number; readonly rate: number } | undefined
        /** Weight (pseudo-incidents) of the default prior centred on the structure. */
        readonly priorStrength?: number | undefined
      }
    | undefined
  /** Fraction of the bridged value lost if the bridge fails; default by representation and mechanism. */
  readonly lossGivenFailure?: number | undefined
}

/** A price feed. */
export type OracleInput = Provenance & {
  readonly id: string
  readonly provider: string
  readonly pair: string
  readonly chain: string
  readonly heartbeatSeconds: number
  readonly deviationThreshold: number
  readonly decimals: number
  readonly minAnswer?: number | undefined
  readonly maxAnswer?: number | undefined
  readonly address?: string | undefined
  /** Seconds from the market crossing the threshold to the new answer being usable (round + transmission). */
  readonly updateLatencySeconds?: number | undefined
  /** A multi-source median behind a deviation breaker: how many sources, and the breaker's bound (fraction). */
  readonly sources?: { readonly count: number; readonly maxDeviation: number } | undefined
}

/** The stressed regime of an asset's market factor against USD (src/core/risk/tail.ts). */
export type AssetStressInput = {
  /** Annualised volatility of the stressed regime (p99 of rolling 7-day realised volatility). */
  readonly sigmaStressed: number
  /** Crisis episodes per year in which the volatility reaches the stressed regime. */
  readonly episodeRate: number
  /** Generalised Pareto tail of EWMA-standardised one-period losses. */
  readonly tail: {
    readonly threshold: number
    readonly xi: number
    readonly beta: number
    readonly zeta: number
  }
  readonly source?: string | undefined
}

/**
 * A depeg process of a pegged asset against its factor: jumps to `1 − depth`, `rate` times a
 * year in all; each observed episode's depth (`episodes`) at `rate / episodes.length`, else every
 * jump at the deepest `level`.
 */
export type AssetDepegInput = {
  readonly level: number
  readonly rate: number
  readonly episodes?: readonly number[] | undefined
  readonly source?: string | undefined
}

/** A collateral asset. */
export type AssetInput = Provenance & {
  readonly id: string
  readonly symbol: string
  readonly class: CollateralClass
  /** Annualised volatility (fraction, 0.75 = 75 %/√year) of the calm regime. */
  readonly volatilityAnnual: number
  /**
   * The market factor the asset's USD price moves with ('ETH' for WETH and wstETH, 'BTC' for
   * WBTC, 'USD' for a dollar stablecoin); default: the symbol. Assets of one factor move
   * together; their ratio moves only by depeg and peg noise.
   */
  readonly factor?: string | undefined
  /** The stressed regime of the factor; absent: a default multiple of the calm volatility. */
  readonly stress?: AssetStressInput | undefined
  /** A depeg process against the factor (pegged assets: stablecoins, liquid-staking tokens). */
  readonly depeg?: AssetDepegInput | undefined
  /** Stressed annualised volatility of the asset against its factor (peg noise), fraction. */
  readonly pegVolatilityStressed?: number | undefined
}

/** Where liquidators sell: a constant-product pool or a depth curve. */
export type VenueInput = Provenance & {
  readonly id: string
  readonly chain: string
} & (
    | { readonly kind: 'constant-product'; readonly reserveUsd: number; readonly fee: number }
    | {
        readonly kind: 'depth-curve'
        /** Liquidity available up to each slippage level, increasing. */
        readonly points: ReadonlyArray<{ readonly slippage: number; readonly sizeUsd: number }>
      }
  )

/** The unit of assessment: an asset from its home chain used on a debt chain. */
export type RouteInput = {
  readonly id: string
  readonly architecture: RouteArchitecture
  readonly asset: AssetInput
  readonly homeChain: ChainInput
  readonly debtChain: ChainInput
  /** One bridge, or several hops in series; empty for a native route. */
  readonly bridges: readonly BridgeInput[]
  readonly oracle: OracleInput
  readonly venue: VenueInput
  /** Size of one liquidation sale, USD. */
  readonly liquidationSizeUsd: number
  /** Collateral the route holds (the book), USD; absent: its recommended supply cap. */
  readonly bookUsd?: number | undefined
  /** Why a single point of failure of the bridge is accepted (e.g. the attester is the asset's issuer). */
  readonly acceptSinglePointOfFailure?: string | undefined
}

/** Current parameters a market uses for a route. */
export type CurrentParameters = {
  readonly ltv: number
  readonly liquidationThreshold: number
  readonly liquidationBonus: number
  readonly supplyCapUsd?: number | undefined
}

/** A market: routes used as collateral on a chain, with current parameters if any. */
export type MarketInput = {
  readonly id: string
  /** Ids of the assets it lends; absent: every asset the configuration lists (a general lending market). */
  readonly debts?: readonly string[] | undefined
  readonly collateral: ReadonlyArray<{
    readonly route: string
    readonly current?: CurrentParameters | undefined
  }>
}

/** The assessment policy: the annual target, horizons, costs and budgets. */
export type AssessPolicy = {
  /**
   * ε: the allowed probability that a route's bad debt exceeds its reserve share
   * (`lossBudgetUsd`) within a year. Every solvency quantile follows from it (docs/model.md).
   */
  readonly annualBadDebtProbability: number
  /** Confidence of the seed's settlement term (Step 2, reported) only; not a solvency quantile. */
  readonly confidence: number
  /** Confidence that a position opened at max LTV is not liquidatable within ltvHorizonSeconds (calm market). */
  readonly ltvBufferConfidence: number
  /** Oracle noise added to the deviation band in the LTV buffer, fraction. */
  readonly oracleNoise: number
  /** Floor of the liquidation horizon, seconds. */
  readonly minLiquidationHorizonSeconds: number
  /** Share of the venue's depth left in a crash (depth thins in stress), fraction in (0, 1]. */
  readonly depthThinning: number
  /** Seconds for arbitrage to refill the venue's depth after a liquidation sale. */
  readonly depthRefillSeconds: number
  /** Share of the book's collateral that falls below LT at the stress move, fraction. */
  readonly atRiskShare: number
  /** Share of the bonus the protocol keeps (Aave v3: 10 %); the liquidator receives the rest. */
  readonly liquidationProtocolFee: number
  /** Multiple of gasUsd in a crash (congestion). */
  readonly crashGasMultiplier: number
  /** Stressed volatility as a multiple of the calm one for an asset without stressed figures. */
  readonly defaultStressMultiple: number
  /** Crisis episodes per year for an asset without stressed figures. */
  readonly defaultEpisodeRate: number
  /** The move a position opened at max LTV must survive before it is liquidatable, over this horizon. */
  readonly ltvHorizonSeconds: number
  /** Time for a liquidator to notice an unhealthy position. */
  readonly detectionSeconds: number
  /** Time to sell the seized collateral on the venue. */
  readonly saleSeconds: number
  readonly gasUsd: number
  /** Profit margin a liquidator requires on top of slippage and gas, fraction of size. */
  readonly liquidatorMargin: number
  /** Loss the protocol can absorb if one bridge fails, USD. */
  readonly lossBudgetUsd: number
  readonly parameterPolicy: ParameterPolicy
  /** The seed's base collateral factor for `base · trustScore / 100`. */
  readonly baseCollateralFactor: number
  /** The seed's bridged discount: native collateral factor → bridged collateral factor. */
  readonly nativeCollateralFactor: number
  readonly bridgedCollateralFactor: number
  /** A route whose bridge trust score is below this is ineligible. */
  readonly minTrustScore: number
  /** Oracle update latency used when a feed does not state its own, seconds. */
  readonly oracleUpdateLatencySeconds: number
  /** A bridge with a single point of failure (a 1-of-1 verifier) is eligible only with a cap ≤ this, USD. */
  readonly tinyCapUsd: number
  /** Years over which the bridge haircut covers the expected loss (src/core/trust assessBridge). */
  readonly haircutHorizonYears: number
}

/** Everything an assessment needs. */
export type AssessInput = {
  readonly policy: AssessPolicy
  readonly routes: readonly RouteInput[]
  readonly markets: readonly MarketInput[]
  /** The assets the configuration lists (what a market without `debts` lends); default: the routes' assets. */
  readonly listedAssets?: readonly AssetInput[] | undefined
  /** Stressed correlations of factor returns, keyed `A|B` with A < B ('BTC|ETH'); absent: 0. */
  readonly factorCorrelations?: Readonly<Record<string, number>> | undefined
}
