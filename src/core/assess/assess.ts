import { XcollatError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { liquidationHorizon } from '../risk/horizon.js'
import {
  constantProductDepthCurve,
  constantProductSlippage,
  type DepthPoint,
  depthCurveSlippage,
  liquidationBonusNeeded,
  supplyCapFromDepth,
} from '../risk/liquidity.js'
import { oracleError } from '../risk/oracle.js'
import { deriveParameters } from '../risk/parameters.js'
import { adjustedCollateralFactor, applyBridgedDiscount, guardrail } from '../risk/policy.js'
import { parametricValueAtRisk } from '../risk/price.js'
import {
  type MaxVerifiableDelayParameters,
  maxVerifiableDelay,
  potentialValueChange,
  settlementAssessment,
} from '../risk/settlement.js'
import { exposureCap } from '../trust/caps.js'
import { governorMaxOutflow, tokenBucketMaxOutflow } from '../trust/rateLimit.js'
import { rateFromProbability } from '../vocabulary.js'
import { routeTrust } from './bridgeTrust.js'
import type {
  AssessInput,
  AssessPolicy,
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
}

/**
 * Assesses one route: bridge trust, message delay, liquidation horizon, price VaR, oracle
 * error, slippage and bonus, parameters, caps, the seed's policy and the comparison with
 * current parameters. Every number is explained. Pure.
 *
 * @example
 * ```ts
 * const a = assessRoute({ route, policy })
 * a.recommendation.liquidationThreshold // e.g. 0.8123
 * ```
 */
export function assessRoute(parameters: AssessRouteParameters): RouteAssessment {
  const { route, policy } = parameters
  const q = policy.confidence
  const sigma = route.asset.volatilityAnnual
  const assumptions: string[] = [
    ...assumptionsOf('asset', route.asset.id, route.asset),
    ...assumptionsOf('chain', route.homeChain.id, route.homeChain),
    ...assumptionsOf('chain', route.debtChain.id, route.debtChain),
    ...route.bridges.flatMap((b) => assumptionsOf('bridge', b.id, b)),
    ...assumptionsOf('oracle', route.oracle.id, route.oracle),
    ...assumptionsOf('venue', route.venue.id, route.venue),
  ]
  const warnings: string[] = []
  const ineligibleReasons: string[] = []

  // 1. Bridge trust through the trust engine (assessBridge per bridge, hops in series).
  const delay = delayInputs(route, route.architecture === 'synthetic' ? 'home-to-debt' : 'debt-to-home')
  const delaySeconds = maxVerifiableDelay(delay.parameters).seconds
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
  }
  let trust = routeTrust(trustParameters)
  // 2. Settlement risk over the max verifiable delay (the seed's Step 2): delay VaR.
  const annualRate = rateFromProbability(trust.annualCompromiseProbability, 1)
  const settlement = settlementAssessment({
    ...delay.parameters,
    value: 1,
    sigmaAnnual: sigma,
    confidence: q,
    annualFailureRate: annualRate,
  })
  const delayVaR = settlement.risk

  // 3. Liquidation horizon.
  const latency = route.oracle.updateLatencySeconds ?? policy.oracleUpdateLatencySeconds
  if (route.oracle.updateLatencySeconds === undefined)
    assumptions.push(
      `oracle ${route.oracle.id}.updateLatencySeconds: not stated; the policy's ${policy.oracleUpdateLatencySeconds} s is used.`,
    )
  const horizon = liquidationHorizon({
    oracleLagSeconds: latency,
    detectionSeconds: policy.detectionSeconds,
    liquidationTxSeconds: route.debtChain.blockTimeSeconds,
    seizeMessageSeconds: delaySeconds,
    saleSeconds: policy.saleSeconds,
    architecture: route.architecture,
  })

  // 4. Price VaR over the horizon, oracle error, slippage and the bonus a liquidator needs.
  const priceVaR = parametricValueAtRisk({
    sigmaAnnual: sigma,
    horizonSeconds: horizon.seconds,
    confidence: q,
  })
  const oracle = oracleError({
    deviationThreshold: route.oracle.deviationThreshold,
    updateLatencySeconds: latency,
    sigmaAnnual: sigma,
    confidence: q,
    ...(route.oracle.sources ? { sourceDeviationBound: route.oracle.sources.maxDeviation } : {}),
  })
  const slippage = slippageOf(route.venue, route.liquidationSizeUsd)
  const bonusNeeded = liquidationBonusNeeded({
    slippage,
    gasUsd: policy.gasUsd,
    sizeUsd: route.liquidationSizeUsd,
    margin: policy.liquidatorMargin,
  })
  let bonus = bonusNeeded.value
  if (bonus >= 1) {
    ineligibleReasons.push(`no bonus below 100 % pays a liquidator at size ${route.liquidationSizeUsd} USD`)
    bonus = 0.99
  }
  const ltvBufferMove = potentialValueChange({
    sigmaAnnual: sigma,
    horizonSeconds: policy.ltvHorizonSeconds,
    confidence: q,
  })
  if (ltvBufferMove === 0) {
    // A degenerate input makes the LTV buffer vanish: LTV = LT, liquidation at the first tick.
    const causes = [
      ...(sigma === 0 ? [`asset "${route.asset.id}" has volatilityAnnual 0`] : []),
      ...(policy.ltvHorizonSeconds === 0 ? ['policy.ltvHorizonSeconds is 0'] : []),
      ...(q === 0.5 ? ['policy.confidence is 0.5 (z = 0)'] : []),
    ]
    warnings.push(
      `LTV equals the liquidation threshold (no buffer) because ${causes.join(', ') || 'the buffer move rounds to 0'}: give a positive volatility and horizon and a confidence above 0.5`,
    )
  }
  // 5. Caps: liquidity, rate limit, loss budget. A single point of failure is tolerated only under a tiny cap.
  const curve = depthCurveOf(route.venue, bonus)
  const liquidityCap = supplyCapFromDepth({ curve, liquidationBonus: bonus })
  const rlCap = rateLimitCap(route.bridges, policy.detectionSeconds + delaySeconds)
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
      trust = routeTrust({ ...trustParameters, capUsd: 0 })
      warnings.push(
        `single point of failure accepted by the configuration (${trust.singlePoints.join(', ')}): ${route.acceptSinglePointOfFailure}`,
      )
    } else trust = routeTrust({ ...trustParameters, capUsd: supplyCapUsd })
  }
  if (trust.trustScore < policy.minTrustScore)
    ineligibleReasons.push(
      `trust score ${trust.trustScore.toFixed(1)} is below the policy minimum ${policy.minTrustScore}`,
    )
  ineligibleReasons.push(...trust.ineligibleReasons)

  // 6. Parameters.
  const derived = deriveParameters({
    bridgeHaircut: trust.haircut,
    priceVar: priceVaR,
    oracleError: oracle.value,
    slippage,
    liquidationBonus: bonus,
    ltvBufferMove,
    ineligibleReasons,
  })
  warnings.push(...derived.warnings)

  const eligible = derived.eligible
  if (!eligible) supplyCapUsd = 0
  capTerms.push({
    term: 'recommendedSupplyCapUsd',
    value: supplyCapUsd,
    inputs: { exposureCap: cap.capUsd, binding: capBinding, eligible },
    formula: 'exposureCap if eligible, else 0',
  })

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

  let ltv = derived.maxLtv.value
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
    ...delay.explanation,
    ...settlement.explanation,
    {
      term: 'delayVaR',
      value: delayVaR,
      inputs: {
        maxVerifiableDelaySeconds: settlement.delaySeconds,
        failureProbability: settlement.failureProbability,
        potentialValueChange: settlement.potentialValueChange,
      },
      formula:
        'AFR + (1 − AFR)·PVC over the max verifiable delay (seed Step 2); inside priceVaR for message-passing routes, where the seize message is part of T_liq',
    },
    ...horizon.explanation,
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
    {
      term: 'priceVaR',
      value: priceVaR,
      inputs: { sigmaAnnual: sigma, horizonSeconds: horizon.seconds, confidence: q },
      formula: '1 − exp(−z_q·σ·√T_liq), T_liq in years of 365 days',
      ...(route.asset.source ? { source: route.asset.source } : {}),
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
      inputs: { venue: route.venue.id, kind: route.venue.kind, liquidationSizeUsd: route.liquidationSizeUsd },
      formula:
        route.venue.kind === 'constant-product'
          ? '1 − (1 − f)·R / (R + x·(1 − f))'
          : 'linear interpolation of the depth curve at the size (last segment extended beyond it)',
    },
    ...bonusNeeded.explanation,
    {
      term: 'ltvBufferMove',
      value: ltvBufferMove,
      inputs: { sigmaAnnual: sigma, horizonSeconds: policy.ltvHorizonSeconds, confidence: q },
      formula: '1 − exp(−z_q·σ·√T_policy)',
    },
    ...derived.explanation,
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
 * Assesses every route of a resolved configuration. A route the risk model rejects is reported
 * as a {@link RouteAssessmentError} listing every such route (nothing is silently skipped).
 *
 * @example
 * ```ts
 * const report = assess(registry)
 * report.routes[0]?.recommendation.ltv
 * ```
 */
export function assess(input: AssessInput): AssessmentReport {
  const byRoute = new Map<string, Array<{ market: string; current: CurrentParameters }>>()
  for (const market of input.markets)
    for (const c of market.collateral)
      if (c.current) {
        const list = byRoute.get(c.route) ?? []
        list.push({ market: market.id, current: c.current })
        byRoute.set(c.route, list)
      }
  const problems: string[] = []
  let firstCause: unknown
  const routes: RouteAssessment[] = []
  for (const route of input.routes) {
    try {
      routes.push(assessRoute({ route, policy: input.policy, current: byRoute.get(route.id) ?? [] }))
    } catch (error) {
      if (!(error instanceof XcollatError)) throw error
      firstCause ??= error
      problems.push(`route ${route.id}: ${error.message}`)
    }
  }
  if (problems.length > 0) throw new RouteAssessmentError(problems, firstCause)
  return { version: 1, routes, unsafe: routes.some((r) => r.current.some((c) => c.unsafe)) }
}
