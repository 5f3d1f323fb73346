import { XcollatError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { liquidationHorizon } from '../risk/horizon.js'
import {
  constantProductDepthCurve,
  constantProductSlippage,
  type DepthPoint,
  depthAtSlippage,
  depthCurveSlippage,
  supplyCapFromDepth,
} from '../risk/liquidity.js'
import { oracleError } from '../risk/oracle.js'
import { deriveParameters } from '../risk/parameters.js'
import { adjustedCollateralFactor, applyBridgedDiscount, guardrail } from '../risk/policy.js'
import {
  type MaxVerifiableDelayParameters,
  maxVerifiableDelay,
  potentialValueChange,
  settlementAssessment,
} from '../risk/settlement.js'
import {
  cushionForTarget,
  type DepegModel,
  perEpisodeProbability,
  type StressModel,
  stressedLossQuantile,
  type TailFit,
} from '../risk/tail.js'
import { exposureCap } from '../trust/caps.js'
import { governorMaxOutflow, tokenBucketMaxOutflow } from '../trust/rateLimit.js'
import { rateFromProbability } from '../vocabulary.js'
import { routeTrust, type TrustProgress } from './bridgeTrust.js'
import type {
  AssessInput,
  AssessPolicy,
  AssetInput,
  BridgeInput,
  CurrentParameters,
  Provenance,
  RouteInput,
  VenueInput,
} from './types.js'

/** The recommended parameters of a route (fractions; money in USD). */
export type Recommendation = {
  readonly ltv: number
  readonly liquidationThreshold: number
  readonly liquidationBonus: number
  readonly supplyCapUsd: number
  readonly eligible: boolean
}

/** The terms behind a recommendation. */
export type Components = {
  readonly trustScore: number
  readonly bridgeHaircut: number
  readonly delayVaR: number
  readonly priceVaR: number
  readonly oracleError: number
  readonly slippage: number
  readonly liquidationHorizonSeconds: number
}

/**
 * The route's bridge trust as the assessment computed it (its exit time, its cap): what the
 * simulator turns into exploit and halt rates, so that both read the same trust.
 */
export type AssessedBridgeTrust = {
  /** Annual probability that the bridge path is compromised. */
  readonly annualCompromiseProbability: number
  /** Annual probability that the bridge path halts. */
  readonly haltProbability: number
  /** Share of the collateral lost if the bridge path fails. */
  readonly lossGivenFailure: number
}

/** The seed's trust-score policy, beside the principled recommendation. */
export type SeedPolicy = {
  readonly baseCollateralFactor: number
  /** `base · trustScore / 100`. */
  readonly trustScoreCollateralFactor: number
  /** The trust-score factor with the bridged discount (synthetic routes) or as is. */
  readonly collateralFactor: number
  readonly bridgedDiscountApplied: boolean
}

/** A market's current parameters for a route, compared with the recommendation. */
export type CurrentComparison = {
  readonly market: string
  readonly current: CurrentParameters
  /** current − recommended, per field. */
  readonly difference: {
    readonly ltv: number
    readonly liquidationThreshold: number
    readonly liquidationBonus: number
    readonly supplyCapUsd?: number | undefined
  }
  readonly unsafe: boolean
  readonly reasons: readonly string[]
}

/** The assessment of one route. Extra fields sit beside the shape other tools rely on. */
export type RouteAssessment = {
  readonly id: string
  readonly asset: string
  readonly homeChain: string
  readonly debtChain: string
  readonly bridge: string
  readonly architecture: string
  readonly recommendation: Recommendation
  readonly components: Components
  readonly bridgeTrust: AssessedBridgeTrust
  /** The debt asset whose pair sets the LT ('usd' for a dollar debt). */
  readonly bindingDebt: string
  /** Every (collateral, debt) pair's parameters. */
  readonly pairs: readonly PairAssessment[]
  readonly seedPolicy?: SeedPolicy | undefined
  readonly capBinding: 'liquidity' | 'rateLimit' | 'lossBudget'
  readonly ineligibleReasons: readonly string[]
  readonly warnings: readonly string[]
  readonly assumptions: readonly string[]
  readonly current: readonly CurrentComparison[]
  readonly explanation: readonly ExplanationTerm[]
}

/** The whole report: `version` 1 and one entry per route. */
export type AssessmentReport = {
  readonly version: 1
  readonly routes: readonly RouteAssessment[]
  /** True when some market's current parameters are unsafe (the CLI exits 1). */
  readonly unsafe: boolean
}

/**
 * A route could not be assessed (an input the risk model rejects). Code `XC_ASSESS_ROUTE`.
 *
 * @example
 * ```ts
 * try { assess(input) } catch (e) { if (e instanceof RouteAssessmentError) e.problems }
 * ```
 */
export class RouteAssessmentError extends XcollatError {
  override name = 'RouteAssessmentError'
  constructor(problems: readonly string[], cause?: unknown) {
    super(`${problems.length} route(s) could not be assessed.`, {
      code: 'XC_ASSESS_ROUTE',
      instruction: 'Fix the inputs named in each problem (venue depth, verifier sets, probabilities).',
      details: problems.slice(0, 10).join('; '),
      cause,
      problems,
    })
  }
}

const NO_BRIDGE_TRUST: ReturnType<typeof routeTrust> = {
  annualCompromiseProbability: 0,
  haltProbability: 0,
  lossGivenFailure: 0,
  trustScore: 100,
  haircut: 0,
  eligible: true,
  ineligibleReasons: [],
  singlePoints: [],
  bridges: [],
  explanation: [],
}

const SLIPPAGE_GRID = [
  0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 0.9,
]

function assumptionsOf(kind: string, id: string, p: Provenance): string[] {
  return Object.entries(p.assumptions ?? {}).map(([field, why]) => `${kind} ${id}.${field}: ${why}`)
}

function depthCurveOf(venue: VenueInput, extraSlippage: number): DepthPoint[] {
  if (venue.kind === 'depth-curve')
    return venue.points.map((p) => ({ slippage: p.slippage, sizeUsd: p.sizeUsd }))
  const slippages = [...new Set([...SLIPPAGE_GRID, extraSlippage])]
    .filter((s) => s > 0 && s < 1)
    .sort((a, b) => a - b)
  return constantProductDepthCurve({ reserveIn: venue.reserveUsd, priceUsd: 1, fee: venue.fee, slippages })
}

function slippageOf(venue: VenueInput, sizeUsd: number): number {
  if (venue.kind === 'constant-product')
    return constantProductSlippage({ amountIn: sizeUsd, reserveIn: venue.reserveUsd, fee: venue.fee })
  return depthCurveSlippage({ curve: depthCurveOf(venue, 0), sizeUsd, beyond: 'linear' })
}

/**
 * The inputs of the max verifiable delay of a message in one direction of the route. The
 * message that matters for the delay VaR and the horizon is the seize message home (debt →
 * home) on message-passing and hybrid routes and the transfer out (home → debt) on synthetic
 * routes; the exit (debt → home) also sets how long users need to leave before an admin
 * upgrade lands. Challenge windows that apply to messages from the sending chain and a
 * governor's large-transfer delay are contract timers, passed as `rateLimitDelaySeconds`.
 */
function delayInputs(
  route: RouteInput,
  direction: 'home-to-debt' | 'debt-to-home',
): {
  parameters: MaxVerifiableDelayParameters
  explanation: ExplanationTerm[]
} {
  const fromChain = direction === 'home-to-debt' ? route.homeChain : route.debtChain
  const toChain = direction === 'home-to-debt' ? route.debtChain : route.homeChain
  const applies = (b: BridgeInput) =>
    b.challenge !== undefined &&
    (b.challenge.fromChains === undefined || b.challenge.fromChains.includes(fromChain.id))
  const challenge = route.bridges.reduce(
    (s, b) => s + (applies(b) ? (b.challenge?.windowSeconds ?? 0) : 0),
    0,
  )
  const governor = route.bridges.reduce((s, b) => {
    const rl = b.rateLimit
    if (rl?.kind !== 'daily-notional' || rl.largeTransferUsd === undefined) return s
    return route.liquidationSizeUsd >= rl.largeTransferUsd ? s + (rl.largeTransferDelaySeconds ?? 86_400) : s
  }, 0)
  const parameters: MaxVerifiableDelayParameters = {
    sourceFinalitySeconds: fromChain.finalitySeconds,
    verificationSeconds: route.bridges.reduce((s, b) => s + b.verificationSeconds, 0),
    rateLimitDelaySeconds: challenge + governor,
    destinationExecutionSeconds: route.bridges.reduce((s, b) => s + b.executionSeconds, 0),
    congestionMultiplier: Math.max(fromChain.congestionMultiplier, toChain.congestionMultiplier),
  }
  const explanation: ExplanationTerm[] = [
    {
      term: 'challengeWindowSeconds',
      value: challenge,
      inputs: {
        fromChain: fromChain.id,
        toChain: toChain.id,
        bridges: route.bridges.map((b) => b.id).join(' → '),
      },
      formula:
        'sum of the challenge windows that apply to messages from fromChain (a contract timer, in rateLimitDelay)',
    },
    {
      term: 'governorDelaySeconds',
      value: governor,
      inputs: { liquidationSizeUsd: route.liquidationSizeUsd },
      formula:
        'large-transfer delay of a daily-notional limit when the liquidation size reaches its threshold (in rateLimitDelay)',
    },
  ]
  return { parameters, explanation }
}

function rateLimitCap(bridges: readonly BridgeInput[], windowSeconds: number): number | undefined {
  let cap: number | undefined
  for (const b of bridges) {
    const rl = b.rateLimit
    if (!rl) continue
    let mostOut: number | undefined
    if (rl.kind === 'token-bucket') {
      mostOut = tokenBucketMaxOutflow(
        { capacity: rl.capacityUsd, ratePerSecond: rl.refillUsdPerSecond },
        windowSeconds,
      ).mostOut
    } else {
      const out = governorMaxOutflow(
        {
          dailyLimitUsd: rl.dailyLimitUsd,
          bigTransactionSizeUsd: rl.largeTransferUsd ?? rl.dailyLimitUsd,
          ...(rl.largeTransferDelaySeconds === undefined
            ? {}
            : { largeTransferDelaySeconds: rl.largeTransferDelaySeconds }),
        },
        windowSeconds,
      )
      if (out.kind === 'bounded') mostOut = out.mostOut
    }
    if (mostOut !== undefined) cap = cap === undefined ? mostOut : Math.min(cap, mostOut)
  }
  return cap
}

/** Inputs of {@link assessRoute}. */
export type AssessRouteParameters = {
  readonly route: RouteInput
  readonly policy: AssessPolicy
  /** Current parameters of markets that use this route. */
  readonly current?: ReadonlyArray<{ readonly market: string; readonly current: CurrentParameters }>
  /**
   * The assets borrowed against the route's collateral (each pair gets its LT; the lowest binds).
   * Absent or empty: a dollar debt (a stablecoin at its peg).
   */
  readonly debts?: readonly AssetInput[] | undefined
  /** Stressed correlations of factor returns, keyed `A|B` with A < B; absent pairs: 0. */
  readonly factorCorrelations?: Readonly<Record<string, number>> | undefined
  /**
   * Results shared by the routes of one assessment (bridge trust of a path), so that each is
   * computed once; {@link assess} passes one. Pure: a cache of a pure function's results.
   */
  readonly memo?: AssessMemo | undefined
  /** Progress of the trust engine on long work, by bridge id. */
  readonly onTrustProgress?: TrustProgress | undefined
}

/**
 * Results shared across the routes of one assessment.
 *
 * @example
 * ```ts
 * const memo = createAssessMemo()
 * routes.map((route) => assessRoute({ route, policy, memo }))
 * ```
 */
export type AssessMemo = { readonly trust: Map<string, ReturnType<typeof routeTrust>> }

/**
 * An empty {@link AssessMemo}.
 *
 * @example
 * ```ts
 * assessRoute({ route, policy, memo: createAssessMemo() })
 * ```
 */
export function createAssessMemo(): AssessMemo {
  return { trust: new Map() }
}

/**
 * The shape of standardised losses for an asset without a fitted tail: the median of the fits of
 * ETH, BTC, SOL, AVAX and MATIC hourly 2020–2022 (test/golden/stress_calibration.json).
 *
 * @example
 * ```ts
 * DEFAULT_TAIL.xi // 0.19
 * ```
 */
export const DEFAULT_TAIL = { threshold: 1.65, xi: 0.19, beta: 0.7, zeta: 0.05 } as const

/** The price of one collateral against one debt asset in the stressed regime. */
export type PairStress = {
  /** The debt asset's id, or 'usd' for a dollar debt. */
  readonly debt: string
  readonly sigmaCalm: number
  readonly sigmaStressed: number
  readonly episodeRate: number
  readonly tail: TailFit
  readonly depeg?: readonly DepegModel[] | undefined
  /** Both assets move with one factor: only depeg and peg noise move their ratio. */
  readonly sameFactor: boolean
  readonly correlation: number
  readonly assumptions: readonly string[]
}

function factorOf(asset: AssetInput): string {
  return (asset.factor ?? asset.symbol).toUpperCase()
}

/**
 * The stressed model of an asset's factor against USD: the catalog's or configuration's stressed
 * figures, else `defaultStressMultiple` × the calm volatility, `defaultEpisodeRate` and
 * {@link DEFAULT_TAIL}. A dollar asset (factor USD) has none.
 *
 * @example
 * ```ts
 * assetStressModel(weth, policy).sigmaStressed // 2.7213
 * ```
 */
export function assetStressModel(
  asset: AssetInput,
  policy: Pick<AssessPolicy, 'defaultStressMultiple' | 'defaultEpisodeRate'>,
): StressModel & { readonly assumed: boolean } {
  if (factorOf(asset) === 'USD')
    return { sigmaCalm: 0, sigmaStressed: 0, episodeRate: 0, tail: DEFAULT_TAIL, assumed: false }
  if (asset.stress)
    return {
      sigmaCalm: asset.volatilityAnnual,
      sigmaStressed: asset.stress.sigmaStressed,
      episodeRate: asset.stress.episodeRate,
      tail: asset.stress.tail,
      assumed: false,
    }
  return {
    sigmaCalm: asset.volatilityAnnual,
    sigmaStressed: asset.volatilityAnnual * policy.defaultStressMultiple,
    episodeRate: policy.defaultEpisodeRate,
    tail: DEFAULT_TAIL,
    assumed: true,
  }
}

/**
 * The stressed model of the price of `collateral` in units of `debt` (a dollar debt when absent):
 * ratio volatility `√(σ_c² + σ_d² − 2ρ·σ_c·σ_d)` for different factors (calm and stressed), the
 * peg noise of both for one factor; the tail of the more volatile leg; the episodes of either
 * (the larger rate); the collateral's depeg.
 *
 * @example
 * ```ts
 * pairStress({ collateral: wsteth, debt: weth, policy }).sameFactor // true
 * ```
 */
export function pairStress(parameters: {
  readonly collateral: AssetInput
  readonly debt?: AssetInput | undefined
  readonly policy: Pick<AssessPolicy, 'defaultStressMultiple' | 'defaultEpisodeRate'>
  readonly factorCorrelations?: Readonly<Record<string, number>> | undefined
}): PairStress {
  const { collateral, debt, policy } = parameters
  const assumptions: string[] = []
  const c = assetStressModel(collateral, policy)
  if (c.assumed)
    assumptions.push(
      `asset ${collateral.id}.stress: no stressed figures; ${policy.defaultStressMultiple} × its calm volatility, ${policy.defaultEpisodeRate} episodes a year and the default tail are used.`,
    )
  const fc = factorOf(collateral)
  const fd = debt ? factorOf(debt) : 'USD'
  const d = debt ? assetStressModel(debt, policy) : assetStressModel(collateral, policy)
  if (debt && d.assumed && fd !== fc)
    assumptions.push(`asset ${debt.id}.stress: no stressed figures; defaults used.`)
  const given = collateral.depeg
  const depeg: DepegModel[] | undefined = given
    ? given.episodes
      ? given.episodes.map((level) => ({ level, rate: given.rate / (given.episodes?.length ?? 1) }))
      : [{ level: given.level, rate: given.rate }]
    : undefined
  const pegNoise = (a: AssetInput | undefined) => a?.pegVolatilityStressed ?? 0
  if (fc === fd) {
    const s = Math.hypot(pegNoise(collateral), debt ? pegNoise(debt) : 0)
    return {
      debt: debt?.id ?? 'usd',
      sigmaCalm: s / 3,
      sigmaStressed: s,
      episodeRate: c.episodeRate,
      tail: c.tail,
      depeg,
      sameFactor: true,
      correlation: 1,
      assumptions,
    }
  }
  const dm = fd === 'USD' ? { sigmaCalm: 0, sigmaStressed: 0, episodeRate: 0, tail: DEFAULT_TAIL } : d
  const key = [fc, fd].sort().join('|')
  const rho = fd === 'USD' || fc === 'USD' ? 0 : (parameters.factorCorrelations?.[key] ?? 0)
  if (fd !== 'USD' && fc !== 'USD' && parameters.factorCorrelations?.[key] === undefined)
    assumptions.push(
      `correlation ${key}: not stated; 0 is used (the ratio's volatility is then the largest).`,
    )
  const ratio = (a: number, b: number) => Math.sqrt(Math.max(0, a * a + b * b - 2 * rho * a * b))
  const sigmaStressed = ratio(c.sigmaStressed, dm.sigmaStressed)
  const heavier = c.sigmaStressed >= dm.sigmaStressed ? c : dm
  return {
    debt: debt?.id ?? 'usd',
    sigmaCalm: ratio(c.sigmaCalm, dm.sigmaCalm),
    sigmaStressed,
    episodeRate: Math.max(c.episodeRate, dm.episodeRate),
    tail: heavier.tail,
    depeg,
    sameFactor: false,
    correlation: rho,
    assumptions,
  }
}

/** One (collateral, debt) pair's parameters. */
export type PairAssessment = {
  readonly debt: string
  readonly liquidationThreshold: number
  readonly ltv: number
  /** The stressed price-loss cushion the annual target needs. */
  readonly priceLoss: number
  readonly sigmaStressed: number
  readonly episodeRate: number
  readonly ltvBufferMove: number
  readonly feasible: boolean
}

/**
 * Assesses one route: bridge trust, message delay, the bonus a liquidator needs in a crash, the
 * liquidation horizon from capacity, the stressed price loss of every (collateral, debt) pair
 * against the annual target, oracle error, parameters (the binding pair named), caps, the seed's
 * policy and the comparison with current parameters. Every number is explained. Pure.
 *
 * @example
 * ```ts
 * const a = assessRoute({ route, policy, debts: [usdc, weth] })
 * a.recommendation.liquidationThreshold // e.g. 0.8412
 * a.bindingDebt // 'usdc'
 * ```
 */
export function assessRoute(parameters: AssessRouteParameters): RouteAssessment {
  const { route, policy } = parameters
  const q = policy.confidence
  const eps = policy.annualBadDebtProbability
  const native = route.architecture === 'native'
  const own = assetStressModel(route.asset, policy)
  const sigma = route.asset.volatilityAnnual
  const assumptions: string[] = [
    ...assumptionsOf('asset', route.asset.id, route.asset),
    ...assumptionsOf('chain', route.homeChain.id, route.homeChain),
    ...(native ? [] : assumptionsOf('chain', route.debtChain.id, route.debtChain)),
    ...route.bridges.flatMap((b) => assumptionsOf('bridge', b.id, b)),
    ...assumptionsOf('oracle', route.oracle.id, route.oracle),
    ...assumptionsOf('venue', route.venue.id, route.venue),
  ]
  const warnings: string[] = []
  const ineligibleReasons: string[] = []
  if (native && route.bridges.length > 0)
    ineligibleReasons.push('a native route has no bridge: remove the bridge or choose a bridged architecture')
  if (!native && route.bridges.length === 0)
    ineligibleReasons.push(`a ${route.architecture} route needs at least one bridge`)

  // 1. Bridge trust through the trust engine (assessBridge per bridge, hops in series).
  const delay = delayInputs(route, route.architecture === 'synthetic' ? 'home-to-debt' : 'debt-to-home')
  const delaySeconds = native ? 0 : maxVerifiableDelay(delay.parameters).seconds
  // Users exit by bringing the collateral home (debt → home), whatever the architecture.
  const exitSeconds =
    route.architecture === 'synthetic'
      ? maxVerifiableDelay(delayInputs(route, 'debt-to-home').parameters).seconds
      : delaySeconds
  const trustParameters = {
    bridges: route.bridges,
    detectionSeconds: policy.detectionSeconds,
    exitSeconds,
    tinyCapUsd: policy.tinyCapUsd,
    haircutHorizonYears: policy.haircutHorizonYears,
    onTrustProgress: parameters.onTrustProgress,
  }
  const memo = parameters.memo
  const trustOf = (p: Parameters<typeof routeTrust>[0]) => {
    if (memo === undefined) return routeTrust(p)
    const key = `${p.bridges.map((b) => b.id).join('>')}|${p.detectionSeconds}|${p.exitSeconds}|${p.capUsd}|${p.tinyCapUsd}|${p.haircutHorizonYears}`
    let t = memo.trust.get(key)
    if (t === undefined) {
      t = routeTrust(p)
      memo.trust.set(key, t)
    }
    return t
  }
  let trust = route.bridges.length === 0 ? NO_BRIDGE_TRUST : trustOf(trustParameters)
  // 2. Settlement risk over the max verifiable delay (the seed's Step 2): delay VaR, reported.
  const annualRate = rateFromProbability(trust.annualCompromiseProbability, 1)
  const settlement = native
    ? undefined
    : settlementAssessment({
        ...delay.parameters,
        value: 1,
        sigmaAnnual: sigma,
        confidence: q,
        annualFailureRate: annualRate,
      })
  const delayVaR = settlement?.risk ?? 0

  // 3. The debt side: one stressed model per (collateral, debt) pair.
  const debtAssets = (parameters.debts ?? []).filter((d) => d.id !== route.asset.id)
  const pairs = (debtAssets.length > 0 ? debtAssets : [undefined]).map((debt) =>
    pairStress({
      collateral: route.asset,
      debt,
      policy,
      factorCorrelations: parameters.factorCorrelations,
    }),
  )
  for (const p of pairs) for (const a of p.assumptions) if (!assumptions.includes(a)) assumptions.push(a)

  // 4. Operations before a sale: the oracle's update, congestion, the seize message home.
  const latency = route.oracle.updateLatencySeconds ?? policy.oracleUpdateLatencySeconds
  if (route.oracle.updateLatencySeconds === undefined)
    assumptions.push(
      `oracle ${route.oracle.id}.updateLatencySeconds: not stated; the policy's ${policy.oracleUpdateLatencySeconds} s is used.`,
    )
  const congestion = Math.max(route.debtChain.congestionMultiplier, 1)
  const ops = liquidationHorizon({
    oracleLagSeconds: latency,
    detectionSeconds: policy.detectionSeconds * congestion,
    liquidationTxSeconds: route.debtChain.blockTimeSeconds * congestion,
    seizeMessageSeconds: delaySeconds,
    saleSeconds: 0,
    architecture: route.architecture,
  })

  // 5. The bonus a liquidator accepts in a crash and the horizon from capacity, solved together:
  //    the bonus sets the depth within its price impact (so the cap and how fast the venue absorbs
  //    the at-risk collateral); the horizon sets how much is sold per refill (so the slippage).
  const theta = policy.depthThinning
  const curve = depthCurveOf(route.venue, 0)
  const thinned = curve.map((p) => ({ slippage: p.slippage, sizeUsd: p.sizeUsd * theta }))
  const slippageAt = (sizeUsd: number) =>
    route.venue.kind === 'constant-product'
      ? constantProductSlippage({
          amountIn: sizeUsd,
          reserveIn: route.venue.reserveUsd * theta,
          fee: route.venue.fee,
        })
      : depthCurveSlippage({ curve: thinned, sizeUsd, beyond: 'linear' })
  const gasShare = (policy.gasUsd * policy.crashGasMultiplier) / route.liquidationSizeUsd
  const inventoryOf = (p: PairStress) =>
    p.sigmaStressed === 0
      ? 0
      : stressedLossQuantile(p, policy.saleSeconds, perEpisodeProbability(eps, Math.max(p.episodeRate, 1e-9)))
  let inventory = 0
  let inventoryPair = pairs[0] as PairStress
  for (const p of pairs) {
    const v = inventoryOf(p)
    if (v > inventory) {
      inventory = v
      inventoryPair = p
    }
  }
  const fee = policy.liquidationProtocolFee
  const bonusOf = (slip: number) => (slip + gasShare + inventory + policy.liquidatorMargin) / (1 - fee)
  // Pair LT for a horizon, bonus and slippage (the full terms are built for the chosen one below).
  const oracleAt = (p: PairStress, pEpisode: number) =>
    oracleError({
      deviationThreshold: route.oracle.deviationThreshold,
      updateLatencySeconds: latency,
      sigmaAnnual: Math.max(own.sigmaStressed, p.sigmaStressed),
      confidence: Math.max(0.5, 1 - Math.min(0.5, pEpisode)),
      ...(route.oracle.sources ? { sourceDeviationBound: route.oracle.sources.maxDeviation } : {}),
    })
  // Cushions depend on the pair and the horizon only; many candidates share the floor horizon.
  const cushions = new Map<string, ReturnType<typeof cushionForTarget>>()
  const cushionAt = (i: number, T: number) => {
    const key = `${i}|${T}`
    let c = cushions.get(key)
    if (c === undefined) {
      const p = pairs[i] as PairStress
      c = cushionForTarget({ market: p, depeg: p.depeg, horizonSeconds: T, annualProbability: eps })
      cushions.set(key, c)
    }
    return c
  }
  const ltAt = (T: number, b: number, slip: number): number => {
    let worst = Number.POSITIVE_INFINITY
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i] as PairStress
      const c = cushionAt(i, T)
      if (!c.feasible) return 0
      const o = oracleAt(p, c.perEpisodeProbability).value
      worst = Math.min(worst, ((1 - c.cushion) * (1 - o) * (1 - slip)) / (1 + b))
    }
    return worst
  }
  // Liquidators sell the at-risk collateral at a price impact of their choosing: a larger impact
  // sells faster (a shorter horizon) for a larger bonus. Each candidate impact s gives a bonus,
  // a horizon from capacity and an LT; the recommendation takes the s with the highest LT.
  const minSlip = slippageAt(route.liquidationSizeUsd)
  const candidates = [...new Set([minSlip, ...SLIPPAGE_GRID, ...curve.map((p) => p.slippage)])]
    .filter((x) => x >= minSlip && x < 0.5)
    .sort((x, y) => x - y)
  type Plan = {
    slippage: number
    bonus: number
    bookUsd: number
    atRiskUsd: number
    depthWithinImpact: number
    absorbablePerSecond: number
    capacitySeconds: number
    horizonSeconds: number
    lt: number
  }
  let plan: Plan | undefined
  for (const slip of candidates) {
    const b = Math.min(0.99, Math.ceil(bonusOf(slip) * 10_000) / 10_000)
    const book =
      route.bookUsd ?? supplyCapFromDepth({ curve: depthCurveOf(route.venue, b), liquidationBonus: b }).value
    const atRisk = book * policy.atRiskShare
    // A single liquidation's impact is its own: at least one liquidation per refill is sold.
    const depth = Math.max(
      depthAtSlippage({ curve: thinned, slippage: slip }),
      slip <= minSlip ? route.liquidationSizeUsd : 0,
    )
    const absorb = depth / policy.depthRefillSeconds
    const capacity = absorb > 0 ? atRisk / absorb : Number.POSITIVE_INFINITY
    const horizon = Math.max(policy.minLiquidationHorizonSeconds, ops.seconds + capacity)
    if (!Number.isFinite(horizon) || horizon > 365 * 86_400) continue
    const lt = ltAt(horizon, b, slip)
    if (plan === undefined || lt > plan.lt + 1e-12)
      plan = {
        slippage: slip,
        bonus: b,
        bookUsd: book,
        atRiskUsd: atRisk,
        depthWithinImpact: depth,
        absorbablePerSecond: absorb,
        capacitySeconds: capacity,
        horizonSeconds: horizon,
        lt,
      }
  }
  if (plan === undefined) {
    ineligibleReasons.push(
      'the venue absorbs nothing within any price impact below 50 %: liquidations cannot be sold',
    )
    plan = {
      slippage: minSlip,
      bonus: Math.min(0.99, bonusOf(minSlip)),
      bookUsd: route.bookUsd ?? 0,
      atRiskUsd: (route.bookUsd ?? 0) * policy.atRiskShare,
      depthWithinImpact: 0,
      absorbablePerSecond: 0,
      capacitySeconds: Number.POSITIVE_INFINITY,
      horizonSeconds: 365 * 86_400,
      lt: 0,
    }
  }
  const slippage = plan.slippage
  let bonus = plan.bonus
  if (bonusOf(slippage) >= 1) {
    ineligibleReasons.push(`no bonus below 100 % pays a liquidator at a price impact of ${slippage}`)
    bonus = 0.99
  }
  const T = plan.horizonSeconds
  const { bookUsd, atRiskUsd, absorbablePerSecond, capacitySeconds } = plan
  const depthWithinBonus = plan.depthWithinImpact
  const bonusTerms: ExplanationTerm[] = [
    {
      term: 'crashSlippage',
      value: slippage,
      inputs: {
        venue: route.venue.id,
        depthThinning: theta,
        oneLiquidationSlippage: minSlip,
        liquidationSizeUsd: route.liquidationSizeUsd,
      },
      formula:
        'the price impact liquidators sell the at-risk collateral at, on the venue depth × depthThinning; chosen among the candidates for the highest LT (at least one liquidation’s own impact)',
    },
    {
      term: 'crashGasShare',
      value: gasShare,
      inputs: {
        gasUsd: policy.gasUsd,
        crashGasMultiplier: policy.crashGasMultiplier,
        sizeUsd: route.liquidationSizeUsd,
      },
      formula: 'gasUsd · crashGasMultiplier / liquidationSizeUsd',
    },
    {
      term: 'inventoryRisk',
      value: inventory,
      inputs: {
        saleSeconds: policy.saleSeconds,
        debt: inventoryPair.debt,
        sigmaStressed: inventoryPair.sigmaStressed,
      },
      formula:
        'stressed loss of collateral against the debt repaid over saleSeconds at the per-episode probability (largest over the pairs)',
    },
    {
      term: 'liquidationBonusNeeded',
      value: bonus,
      inputs: {
        crashSlippage: slippage,
        crashGasShare: gasShare,
        inventoryRisk: inventory,
        margin: policy.liquidatorMargin,
        liquidationProtocolFee: fee,
      },
      formula:
        '(crashSlippage + crashGasShare + inventoryRisk + margin) / (1 − protocol fee), rounded up to whole bps',
    },
  ]
  const horizonTerms: ExplanationTerm[] = [
    ...ops.explanation.slice(0, -1),
    {
      term: 'operationsSeconds',
      value: ops.seconds,
      inputs: {
        oracleLagSeconds: latency,
        congestionMultiplier: congestion,
        seizeMessageSeconds: route.architecture === 'message-passing' ? delaySeconds : 0,
      },
      formula: 'oracleLag + congestion·(detection + liquidationTx) + seizeMessage (message passing)',
    },
    {
      term: 'atRiskCollateralUsd',
      value: atRiskUsd,
      inputs: { bookUsd, atRiskShare: policy.atRiskShare, bookFromConfig: route.bookUsd !== undefined },
      formula: 'book (configured, else 2 × depth within the bonus) · atRiskShare',
    },
    {
      term: 'absorbableUsdPerSecond',
      value: absorbablePerSecond,
      inputs: { depthWithinBonusThinned: depthWithinBonus, depthRefillSeconds: policy.depthRefillSeconds },
      formula: 'thinned depth within the chosen price impact / depthRefillSeconds',
    },
    {
      term: 'capacitySeconds',
      value: capacitySeconds,
      inputs: { atRiskCollateralUsd: atRiskUsd, absorbableUsdPerSecond: absorbablePerSecond },
      formula: 'atRiskCollateral / absorbableUsdPerSecond',
    },
    {
      term: 'liquidationHorizonSeconds',
      value: T,
      inputs: {
        operationsSeconds: ops.seconds,
        capacitySeconds,
        minLiquidationHorizonSeconds: policy.minLiquidationHorizonSeconds,
      },
      formula: 'max(minLiquidationHorizon, operations + capacity)',
    },
  ]

  // 6. Caps: liquidity (2 × depth within the bonus), rate limit, loss budget for a bridge failure.
  const liquidityCap = supplyCapFromDepth({
    curve: depthCurveOf(route.venue, bonus),
    liquidationBonus: bonus,
  })
  const rlCap = native ? undefined : rateLimitCap(route.bridges, policy.detectionSeconds + delaySeconds)
  const cap = exposureCap({
    liquidityCapUsd: liquidityCap.value,
    ...(rlCap === undefined ? {} : { rateLimitCapUsd: rlCap }),
    lossBudgetUsd: policy.lossBudgetUsd,
    lossGivenFailure: trust.lossGivenFailure,
  })
  let supplyCapUsd = cap.capUsd
  const capBinding: RouteAssessment['capBinding'] = cap.binding
  const capTerms: ExplanationTerm[] = [...liquidityCap.explanation, ...cap.explanation]
  if (trust.singlePoints.length > 0) {
    if (route.acceptSinglePointOfFailure !== undefined) {
      trust = trustOf({ ...trustParameters, capUsd: 0 })
      warnings.push(
        `single point of failure accepted by the configuration (${trust.singlePoints.join(', ')}): ${route.acceptSinglePointOfFailure}`,
      )
    } else trust = trustOf({ ...trustParameters, capUsd: supplyCapUsd })
  }
  if (!native && trust.trustScore < policy.minTrustScore)
    ineligibleReasons.push(
      `trust score ${trust.trustScore.toFixed(1)} is below the policy minimum ${policy.minTrustScore}`,
    )
  ineligibleReasons.push(...trust.ineligibleReasons)

  // 7. Every pair against the annual target; the lowest LT binds.
  const pairResults = pairs.map((p, i) => {
    const cushion = cushionAt(i, T)
    const oracle = oracleAt(p, cushion.perEpisodeProbability)
    const calmMove = potentialValueChange({
      sigmaAnnual: p.sigmaCalm,
      horizonSeconds: policy.ltvHorizonSeconds,
      confidence: policy.ltvBufferConfidence,
    })
    const band = route.oracle.deviationThreshold + policy.oracleNoise
    const m = Math.max(calmMove, band)
    const derived = deriveParameters({
      bridgeHaircut: 0,
      priceVar: cushion.cushion,
      oracleError: oracle.value,
      slippage,
      liquidationBonus: bonus,
      ltvBufferMove: Math.min(m, 1),
      ineligibleReasons: cushion.feasible
        ? []
        : [
            `against ${p.debt}: no LT meets the annual target (depegs of ${route.asset.depeg?.level ?? 0} at ${route.asset.depeg?.rate ?? 0} a year); the cap is the bound`,
          ],
    })
    return { p, cushion, oracle, calmMove, band, m, derived }
  })
  let binding = pairResults[0] as (typeof pairResults)[number]
  for (const r of pairResults)
    if (
      r.derived.liquidationThreshold.value < binding.derived.liquidationThreshold.value ||
      (!r.derived.eligible && binding.derived.eligible)
    )
      binding = r
  let minLtv = binding.derived.maxLtv.value
  for (const r of pairResults) minLtv = Math.min(minLtv, r.derived.maxLtv.value)
  const pairTerms: ExplanationTerm[] = pairResults.map((r) => ({
    term: `pair.${r.p.debt}.liquidationThreshold`,
    value: r.derived.liquidationThreshold.value,
    inputs: {
      debt: r.p.debt,
      sigmaStressed: r.p.sigmaStressed,
      sigmaCalm: r.p.sigmaCalm,
      correlation: r.p.correlation,
      sameFactor: r.p.sameFactor,
      episodeRate: r.p.episodeRate,
      priceLossCushion: r.cushion.cushion,
      oracleError: r.oracle.value,
      ltv: r.derived.maxLtv.value,
    },
    formula: 'LT of this (collateral, debt) pair; the lowest binds',
  }))
  const combined = deriveParameters({
    bridgeHaircut: 0,
    priceVar: binding.cushion.cushion,
    oracleError: binding.oracle.value,
    slippage,
    liquidationBonus: bonus,
    ltvBufferMove: Math.min(binding.m, 1),
    ineligibleReasons: [...ineligibleReasons, ...pairResults.flatMap((r) => r.derived.ineligibleReasons)],
  })
  const derived = combined
  warnings.push(...derived.warnings)
  const eligible = derived.eligible
  if (!eligible) supplyCapUsd = 0
  capTerms.push({
    term: 'recommendedSupplyCapUsd',
    value: supplyCapUsd,
    inputs: { exposureCap: cap.capUsd, binding: capBinding, eligible },
    formula: 'exposureCap if eligible, else 0',
  })
  const priceVaR = binding.cushion.cushion
  const oracle = binding.oracle
  const ltvBufferMove = binding.m
  if (ltvBufferMove === 0)
    // A degenerate input makes the LTV buffer vanish: LTV = LT, liquidation at the first tick.
    warnings.push(
      'LTV equals the liquidation threshold (no buffer) because the calm move and the oracle band (deviation threshold + oracle noise) are both 0: give a positive volatility, horizon and oracle band',
    )
  const horizon = { seconds: T }

  // 7. The seed's trust-score policy.
  let seedPolicy: SeedPolicy | undefined
  const seedTerms: ExplanationTerm[] = []
  if (policy.parameterPolicy !== 'principled') {
    const trustCf = adjustedCollateralFactor({
      baseCollateralFactor: policy.baseCollateralFactor,
      bridgeTrustScore: trust.trustScore,
    })
    const bridged = route.architecture === 'synthetic'
    const cf = bridged
      ? applyBridgedDiscount({
          collateralFactor: trustCf,
          nativeCollateralFactor: policy.nativeCollateralFactor,
          bridgedCollateralFactor: policy.bridgedCollateralFactor,
        })
      : trustCf
    seedPolicy = {
      baseCollateralFactor: policy.baseCollateralFactor,
      trustScoreCollateralFactor: trustCf,
      collateralFactor: cf,
      bridgedDiscountApplied: bridged,
    }
    seedTerms.push({
      term: 'seedCollateralFactor',
      value: cf,
      inputs: {
        baseCollateralFactor: policy.baseCollateralFactor,
        trustScore: trust.trustScore,
        bridged,
        nativeCollateralFactor: policy.nativeCollateralFactor,
        bridgedCollateralFactor: policy.bridgedCollateralFactor,
      },
      formula: 'base · trustScore / 100, × bridged / native for a bridged (synthetic) representation',
      source: "the seed's trust-score policy and bridged discount",
    })
  }

  let ltv = eligible ? Math.min(derived.maxLtv.value, minLtv) : 0
  if (policy.parameterPolicy === 'trust-score' && seedPolicy) {
    ltv = eligible ? Math.min(ltv, Math.floor(seedPolicy.collateralFactor * 10_000) / 10_000) : 0
    seedTerms.push({
      term: 'recommendedLtv',
      value: ltv,
      inputs: { seedCollateralFactor: seedPolicy.collateralFactor, principledLtv: derived.maxLtv.value },
      formula: "policy 'trust-score': min(seed collateral factor floored to bps, principled LTV)",
    })
  }
  const lt = derived.liquidationThreshold.value
  if (eligible) {
    const g = guardrail(route.asset.class, ltv)
    if (!g.within) warnings.push(g.message)
  }

  const recommendation: Recommendation = {
    ltv,
    liquidationThreshold: lt,
    liquidationBonus: bonus,
    supplyCapUsd,
    eligible,
  }

  // 8. Current parameters.
  const current = (parameters.current ?? []).map(({ market, current: c }) => {
    const reasons: string[] = []
    if (!eligible) reasons.push('the route is ineligible')
    if (c.liquidationThreshold > lt) reasons.push(`LT ${c.liquidationThreshold} > recommended ${lt}`)
    if (c.ltv > ltv) reasons.push(`LTV ${c.ltv} > recommended ${ltv}`)
    if (c.liquidationBonus < bonus) reasons.push(`bonus ${c.liquidationBonus} < needed ${round(bonus)}`)
    if (c.liquidationThreshold * (1 + c.liquidationBonus) >= 1)
      reasons.push(`LT·(1 + bonus) = ${round(c.liquidationThreshold * (1 + c.liquidationBonus))} ≥ 1`)
    if (c.supplyCapUsd !== undefined && c.supplyCapUsd > supplyCapUsd)
      reasons.push(`supply cap ${c.supplyCapUsd} USD > recommended ${Math.round(supplyCapUsd)} USD`)
    return {
      market,
      current: c,
      difference: {
        ltv: c.ltv - ltv,
        liquidationThreshold: c.liquidationThreshold - lt,
        liquidationBonus: c.liquidationBonus - bonus,
        ...(c.supplyCapUsd === undefined ? {} : { supplyCapUsd: c.supplyCapUsd - supplyCapUsd }),
      },
      unsafe: reasons.length > 0,
      reasons,
    }
  })

  const explanation: ExplanationTerm[] = [
    ...trust.explanation,
    ...(native ? [] : delay.explanation),
    ...(settlement ? settlement.explanation : []),
    {
      term: 'delayVaR',
      value: delayVaR,
      inputs: {
        maxVerifiableDelaySeconds: settlement?.delaySeconds ?? 0,
        failureProbability: settlement?.failureProbability ?? 0,
        potentialValueChange: settlement?.potentialValueChange ?? 0,
      },
      formula: native
        ? '0: a native route sends no message'
        : 'AFR + (1 − AFR)·PVC over the max verifiable delay (seed Step 2), reported; not in LT (the seize message is in the horizon, a bridge failure in the caps)',
    },
    {
      term: 'expectedLossHaircut',
      value: trust.haircut,
      inputs: {
        annualCompromiseProbability: trust.annualCompromiseProbability,
        lossGivenFailure: trust.lossGivenFailure,
        haircutHorizonYears: policy.haircutHorizonYears,
      },
      formula:
        'reported, not in LT: prices the expected loss of a bridge failure over the haircut horizon; the failure itself (a jump to lossGivenFailure) is bounded by the loss-budget cap, so it is not counted twice. It does not protect against a failure larger than the reserve; the cap does.',
    },
    ...bonusTerms,
    ...horizonTerms,
    ...(route.debtChain.sequencer
      ? [
          {
            term: 'sequencerGracePeriodSeconds',
            value: route.debtChain.sequencer.gracePeriodSeconds,
            inputs: { debtChain: route.debtChain.id },
            formula:
              'not in T_liq: after a sequencer outage, liquidations on the debt chain wait this long (a tail scenario for `xcollat simulate`)',
          },
        ]
      : []),
    ...binding.cushion.explanation,
    {
      term: 'priceVaR',
      value: priceVaR,
      inputs: {
        bindingDebt: binding.p.debt,
        sigmaStressed: binding.p.sigmaStressed,
        horizonSeconds: horizon.seconds,
        annualBadDebtProbability: eps,
      },
      formula: 'the binding pair’s stressed price-loss cushion over T_liq for the annual target',
      ...(route.asset.source || route.asset.stress?.source
        ? { source: [route.asset.source, route.asset.stress?.source].filter(Boolean).join('; ') }
        : {}),
    },
    ...oracle.explanation,
    {
      term: 'heartbeatSeconds',
      value: route.oracle.heartbeatSeconds,
      inputs: { oracle: route.oracle.id, pair: route.oracle.pair },
      formula:
        'not in the error while the feed is alive (the deviation trigger bounds it); an answer older than heartbeat + grace is unusable (priceUsability)',
      ...(route.oracle.source ? { source: route.oracle.source } : {}),
    },
    {
      term: 'slippage',
      value: slippage,
      inputs: {
        venue: route.venue.id,
        kind: route.venue.kind,
        liquidationSizeUsd: route.liquidationSizeUsd,
        depthThinning: theta,
      },
      formula:
        route.venue.kind === 'constant-product'
          ? '1 − (1 − f)·θR / (θR + x·(1 − f))'
          : 'linear interpolation of the thinned depth curve at the size (last segment extended beyond it)',
    },
    {
      term: 'ltvBufferMove',
      value: ltvBufferMove,
      inputs: {
        sigmaCalm: binding.p.sigmaCalm,
        horizonSeconds: policy.ltvHorizonSeconds,
        confidence: policy.ltvBufferConfidence,
        calmMove: binding.calmMove,
        oracleBand: binding.band,
      },
      formula:
        'max(1 − exp(−z·σ_calm·√T_ltv), deviationThreshold + oracleNoise): never inside the oracle’s band',
    },
    ...pairTerms,
    ...derived.explanation,
    ...(ltv < derived.maxLtv.value
      ? [
          {
            term: 'recommendedLtvAcrossPairs',
            value: ltv,
            inputs: { bindingPairLtv: derived.maxLtv.value },
            formula: 'the lowest LTV over the pairs',
          },
        ]
      : []),
    ...capTerms,
    ...seedTerms,
  ]

  return {
    id: route.id,
    asset: route.asset.symbol,
    homeChain: route.homeChain.id,
    debtChain: route.debtChain.id,
    bridge: route.bridges.map((b) => b.id).join(' → '),
    architecture: route.architecture,
    recommendation,
    components: {
      trustScore: trust.trustScore,
      bridgeHaircut: trust.haircut,
      delayVaR,
      priceVaR,
      oracleError: oracle.value,
      slippage,
      liquidationHorizonSeconds: horizon.seconds,
    },
    bridgeTrust: {
      annualCompromiseProbability: trust.annualCompromiseProbability,
      haltProbability: trust.haltProbability,
      lossGivenFailure: trust.lossGivenFailure,
    },
    bindingDebt: binding.p.debt,
    pairs: pairResults.map((r) => ({
      debt: r.p.debt,
      liquidationThreshold: r.derived.liquidationThreshold.value,
      ltv: r.derived.maxLtv.value,
      priceLoss: r.cushion.cushion,
      sigmaStressed: r.p.sigmaStressed,
      episodeRate: r.p.episodeRate,
      ltvBufferMove: r.m,
      feasible: r.cushion.feasible,
    })),
    ...(seedPolicy ? { seedPolicy } : {}),
    capBinding,
    ineligibleReasons: derived.ineligibleReasons,
    warnings,
    assumptions,
    current,
    explanation,
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/**
 * Options of {@link assess} that do not change its result.
 *
 * @example
 * ```ts
 * assess(registry, { onTrustProgress: (bridge, done, total) => process.stderr.write(`${bridge} ${done}/${total}\r`) })
 * ```
 */
export type AssessOptions = {
  /** Progress of the trust engine on long work (a composition of many sets sharing tags), by bridge id. */
  readonly onTrustProgress?: TrustProgress | undefined
}

/**
 * Assesses every route of a resolved configuration. A route the risk model rejects is reported
 * as a {@link RouteAssessmentError} listing every such route (nothing is silently skipped).
 *
 * @example
 * ```ts
 * const report = assess(registry)
 * report.routes[0]?.recommendation.ltv
 * ```
 */
export function assess(input: AssessInput, options: AssessOptions = {}): AssessmentReport {
  const byRoute = new Map<string, Array<{ market: string; current: CurrentParameters }>>()
  for (const market of input.markets)
    for (const c of market.collateral)
      if (c.current) {
        const list = byRoute.get(c.route) ?? []
        list.push({ market: market.id, current: c.current })
        byRoute.set(c.route, list)
      }
  const listed = new Map<string, AssetInput>()
  for (const a of input.listedAssets ?? []) listed.set(a.id, a)
  for (const r of input.routes) if (!listed.has(r.asset.id)) listed.set(r.asset.id, r.asset)
  const debtsByRoute = new Map<string, Map<string, AssetInput>>()
  for (const market of input.markets) {
    const lent = market.debts
      ? market.debts.flatMap((id) => (listed.has(id) ? [listed.get(id) as AssetInput] : []))
      : [...listed.values()]
    for (const c of market.collateral) {
      const m = debtsByRoute.get(c.route) ?? new Map<string, AssetInput>()
      for (const d of lent) m.set(d.id, d)
      debtsByRoute.set(c.route, m)
    }
  }
  const problems: string[] = []
  let firstCause: unknown
  const routes: RouteAssessment[] = []
  const memo = createAssessMemo()
  for (const route of input.routes) {
    try {
      routes.push(
        assessRoute({
          route,
          policy: input.policy,
          current: byRoute.get(route.id) ?? [],
          // A route no market lists is assessed as in a general lending market: every listed asset.
          debts: [...(debtsByRoute.get(route.id)?.values() ?? listed.values())],
          factorCorrelations: input.factorCorrelations,
          memo,
          onTrustProgress: options.onTrustProgress,
        }),
      )
    } catch (error) {
      if (!(error instanceof XcollatError)) throw error
      firstCause ??= error
      problems.push(`route ${route.id}: ${error.message}`)
    }
  }
  if (problems.length > 0) throw new RouteAssessmentError(problems, firstCause)
  return { version: 1, routes, unsafe: routes.some((r) => r.current.some((c) => c.unsafe)) }
}
