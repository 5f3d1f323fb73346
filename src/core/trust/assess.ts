import type { ExplanationTerm } from '../explain.js'
import { nonNegative, positive, unitInterval } from '../units/validate.js'
import {
  MECHANISMS,
  type Mechanism,
  probabilityFromRate,
  REPRESENTATIONS,
  type Representation,
  rateFromProbability,
} from '../vocabulary.js'
import { type AdminSet, DEFAULT_MEAN_RECOVERY_HOURS, withAdmin } from './admin.js'
import { InvalidBridgeError } from './errors.js'
import { type BridgeKind, bridgeTrust } from './kinds.js'
import { type GammaPrior, posteriorFailureRate } from './trackRecord.js'
import {
  compromiseEstimate,
  compromiseProbability,
  haltEstimate,
  type SinglePointOfFailure,
  singlePointsOfFailure,
  type TrustNode,
} from './verifierSet.js'

/**
 * Per-bridge assessment: the trust tree of a described bridge (kind, admin, track record,
 * representation) turned into an annual compromise probability, a halt probability, a loss given
 * failure, a haircut and a trust score, with every term explained.
 * See docs/model.md.
 */

/**
 * Default loss given failure (fraction of the bridged value lost when the bridge is compromised),
 * by representation and mechanism. Judgement values, overridable per bridge:
 *
 * - lock-and-mint (either representation) 1.0: the escrow on the home chain is the only backing; a
 *   forged release drains it and every bridged unit is unbacked (Ronin, Nomad, Harmony, Multichain
 *   copies lost nearly all value; a bail-out such as Wormhole's in 2022 is not assumed).
 * - burn-and-mint, wrapped 0.75: there is no escrow to drain; a forged mint dilutes the supply and
 *   is dumped on pools before anyone can react, so copies depeg heavily but keep part of their value.
 * - burn-and-mint, canonical 0.5: the issuer of a native multi-chain token can freeze forged units
 *   and has historically stood behind its token; half the value is the assumed residual loss.
 *
 * @example
 * ```ts
 * LOSS_GIVEN_FAILURE.wrapped['lock-and-mint'] // 1
 * ```
 */
export const LOSS_GIVEN_FAILURE = {
  canonical: { 'lock-and-mint': 1, 'burn-and-mint': 0.5 },
  wrapped: { 'lock-and-mint': 1, 'burn-and-mint': 0.75 },
} as const satisfies Record<Representation, Record<Mechanism, number>>

/**
 * Default years over which the haircut covers the expected loss (calibrated, see {@link assessBridge}).
 *
 * @example
 * ```ts
 * DEFAULT_HAIRCUT_HORIZON_YEARS // 5
 * ```
 */
export const DEFAULT_HAIRCUT_HORIZON_YEARS = 5
/**
 * Default cap (USD) at or below which a bridge with a single point of failure stays eligible.
 *
 * @example
 * ```ts
 * DEFAULT_TINY_CAP_USD // 100 000
 * ```
 */
export const DEFAULT_TINY_CAP_USD = 100_000
/**
 * Hours in a 365-day year.
 *
 * @example
 * ```ts
 * HOURS_PER_YEAR // 8760
 * ```
 */
export const HOURS_PER_YEAR = 8760

/** Output of {@link annualHaltFromTimeShare}. */
export type AnnualHaltReturnType = {
  /** Halt episodes per year ν = 8760·u / D. */
  readonly episodesPerYear: number
  /** Probability of being halted at some moment of a year (an episode starts in it or is under way). */
  readonly annualHaltProbability: number
  /** Expected hours halted per year = ν · D = 8760 · u. */
  readonly hoursPerYear: number
}

/**
 * From the share of time a bridge is halted (`u`, the exact probability of being halted at a given
 * moment) and the mean duration of one halt episode (`D` hours), under a stationary two-state
 * (running/halted) process whose running times are exponential:
 *
 * - episodes per year `ν = 8760·u / D` (hours halted per year `ν·D = 8760·u`);
 * - mean running time between episodes `M = D·(1 − u)/u` hours;
 * - probability of being halted at some moment of a year
 *   `P = u + (1 − u)·(1 − e^(−8760/M)) = 1 − (1 − u)·e^(−ν/(1 − u))` (≈ 1 − e^(−ν) for small u);
 *   `P = 1` when u = 1, 0 when u = 0.
 *
 * @example
 * ```ts
 * const h = annualHaltFromTimeShare(0.001, 24)
 * h.episodesPerYear // 8760·0.001/24 = 0.365
 * h.annualHaltProbability // 1 − 0.999·e^(−0.365/0.999) ≈ 0.3068
 * h.hoursPerYear // 8.76
 * ```
 */
export function annualHaltFromTimeShare(timeShare: number, meanRecoveryHours: number): AnnualHaltReturnType {
  const u = unitInterval('haltTimeShare', timeShare)
  const d = positive('meanRecoveryHours', meanRecoveryHours)
  const episodesPerYear = (HOURS_PER_YEAR * u) / d
  const annualHaltProbability = u === 1 ? 1 : -Math.expm1(Math.log1p(-u) - episodesPerYear / (1 - u))
  return { episodesPerYear, annualHaltProbability, hoursPerYear: HOURS_PER_YEAR * u }
}

/** A bridge's incident history for the Gamma–Poisson update (trackRecord.ts). */
export type BridgeTrackRecord = {
  /** Incidents (compromises) observed. */
  readonly incidents: number
  /** Bridge-years of exposure they were observed over. */
  readonly exposureYears: number
  /** Prior on the annual failure rate; default: centred on the structural rate (see assessBridge). */
  readonly prior?: GammaPrior
  /** Shape of the default prior (its weight in pseudo-incidents); default 1. */
  readonly priorStrength?: number
  /** Credible-interval mass, default 0.9. */
  readonly credibility?: number
}

/**
 * A described bridge.
 *
 * @example
 * ```ts
 * const b: BridgeDescription = {
 *   name: 'Portal (Wormhole)',
 *   trust: { kind: 'externalThreshold', verifiers: guardians, implementationBug: 0.02 },
 *   representation: 'wrapped', mechanism: 'lock-and-mint', capUsd: 5e6,
 * }
 * ```
 */
export type BridgeDescription = {
  readonly name: string
  readonly trust: BridgeKind
  readonly admin?: {
    readonly set: AdminSet
    readonly detectionHours: number
    readonly exitHours: number
  }
  /** Horizon (years) the members' and events' `pCompromise` refer to; default 1. */
  readonly horizonYears?: number
  readonly representation: Representation
  readonly mechanism: Mechanism
  /** Overrides {@link LOSS_GIVEN_FAILURE}. */
  readonly lossGivenFailure?: number
  readonly trackRecord?: BridgeTrackRecord
  /** Value the bridge secures (USD), for the expected annual loss. */
  readonly valueSecuredUsd?: number
  /** Exposure cap requested on this bridge (USD); decides eligibility of a single point of failure. */
  readonly capUsd?: number
  /**
   * Mean duration of one halt episode (hours): verifiers back online, or a compromised pauser's keys
   * rotated and the bridge unpaused. Default {@link DEFAULT_MEAN_RECOVERY_HOURS} (24 h, an assumption).
   */
  readonly meanRecoveryHours?: number
}

/** Policy of {@link assessBridge}. */
export type AssessBridgePolicy = {
  /** Default {@link DEFAULT_HAIRCUT_HORIZON_YEARS}. */
  readonly haircutHorizonYears?: number
  /** Default {@link DEFAULT_TINY_CAP_USD}. */
  readonly tinyCapUsd?: number
  /** Progress of the trust engine on long work (see `TrustEstimateOptions.onProgress`). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined
}

/**
 * Output of {@link assessBridge}.
 *
 * @example
 * ```ts
 * const { trustScore, haircut, eligible } = assessBridge(b)
 * ```
 */
export type BridgeAssessment = {
  readonly name: string
  /** 0–100, = 100 · (1 − haircut). */
  readonly trustScore: number
  /** Fraction of collateral value not recognised, in [0, 1]. */
  readonly haircut: number
  /** Probability of at least one compromise within a year (after the track record, if any). */
  readonly annualCompromiseProbability: number
  /** The same from the structure alone (before the track record). */
  readonly structuralAnnualCompromiseProbability: number
  /**
   * Annual compromise rate λ (per year) behind `annualCompromiseProbability` (= −ln(1 − P)); with a
   * track record the effective rate of the predictive probability, α′·ln(1 + 1/β′).
   */
  readonly annualCompromiseRate: number
  /** Posterior mean rate α′/β′ (per year) when a track record is given, else undefined. */
  readonly posteriorMeanRate: number | undefined
  /**
   * Probability of being halted at some moment within a year (at least one halt episode), from the
   * share of time halted and the mean episode duration (see {@link annualHaltFromTimeShare}).
   */
  readonly haltProbability: number
  /** Share of time halted = exact probability of being halted at a given moment. */
  readonly haltTimeShare: number
  /** Halt episodes per year: 8760 · haltTimeShare / expectedHaltDurationHours. */
  readonly haltEpisodesPerYear: number
  /** Expected duration of one halt episode, hours (`meanRecoveryHours`, default 24). */
  readonly expectedHaltDurationHours: number
  /** Expected hours halted per year: haltEpisodesPerYear · expectedHaltDurationHours = 8760 · haltTimeShare. */
  readonly expectedHaltHoursPerYear: number
  /** Hours collateral is illiquid by design (challenge or exit window). */
  readonly illiquidityHours: number
  readonly lossGivenFailure: number
  /** valueSecuredUsd · annualCompromiseProbability · lossGivenFailure, when the value is given. */
  readonly expectedAnnualLossUsd: number | undefined
  readonly eligible: boolean
  readonly ineligibleReason: string | undefined
  readonly singlePointsOfFailure: readonly SinglePointOfFailure[]
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Haircut from an annual compromise rate λ, a loss given failure and a horizon H (years):
 * `haircut = LGF · (1 − exp(−H · λ))`: the expected loss fraction over H years of a constant
 * hazard (probability of a failure within H years times the loss it causes). At most LGF.
 *
 * @example
 * ```ts
 * haircutFromRate(0.01, 1, 5) // 1 − e^(−0.05) ≈ 0.0488
 * haircutFromRate(0.01, 0.5, 5) // 0.5 · (1 − e^(−0.05)) ≈ 0.0244
 * ```
 */
export function haircutFromRate(ratePerYear: number, lossGivenFailure: number, horizonYears: number): number {
  const lgf = unitInterval('lossGivenFailure', lossGivenFailure)
  const h = positive('haircutHorizonYears', horizonYears)
  // an infinite rate (a certain compromise) is allowed and loses the whole LGF share
  return lgf * probabilityFromRate(ratePerYear, h)
}

/**
 * Trust score from a haircut: `100 · (1 − haircut)`, so that the seed's
 * `adjustedCF = baseCF · trustScore / 100` equals `baseCF · (1 − haircut)`.
 *
 * @example
 * ```ts
 * trustScoreFromHaircut(0.05) // 95
 * ```
 */
export function trustScoreFromHaircut(haircut: number): number {
  return 100 * (1 - unitInterval('haircut', haircut))
}

function validateDescription(bridge: BridgeDescription): void {
  if (typeof bridge !== 'object' || bridge === null) {
    throw new InvalidBridgeError(
      'assessBridge needs a bridge description.',
      'Pass { name, trust, representation, mechanism }.',
    )
  }
  if (typeof bridge.name !== 'string' || bridge.name === '') {
    throw new InvalidBridgeError('bridge.name must be a non-empty string.', 'Name the bridge.')
  }
  if (!REPRESENTATIONS.includes(bridge.representation)) {
    throw new InvalidBridgeError(
      `bridge.representation must be "canonical" or "wrapped", got ${JSON.stringify(bridge.representation)}.`,
      'Say whether the destination token is the canonical representation or a wrapped copy.',
    )
  }
  if (!MECHANISMS.includes(bridge.mechanism)) {
    throw new InvalidBridgeError(
      `bridge.mechanism must be "lock-and-mint" or "burn-and-mint", got ${JSON.stringify(bridge.mechanism)}.`,
      'Say whether the bridge locks on the home chain and mints, or burns and mints.',
    )
  }
}

/**
 * Assesses one bridge.
 *
 * 1. Trust tree: the kind's tree (kinds.ts), joined with the admin set (admin.ts) when given.
 * 2. `p_h` = exact compromise probability over the horizon h (years, default 1); annual rate
 *    `λ_s = −ln(1 − p_h)/h` (constant hazard, so a half-year probability counts twice).
 * 3. Track record (optional): posterior Gamma(α′, β′) of the rate from `posteriorFailureRate` with
 *    the given prior, or by default a prior centred on the structure: Gamma(shape = s, rate = s/λ_s),
 *    s = priorStrength (default 1, one pseudo-incident). The annual probability is the Bayesian
 *    predictive `P = 1 − (β′/(β′ + 1))^α′` and `λ = −ln(1 − P) = α′·ln(1 + 1/β′)` (≤ the posterior
 *    mean α′/β′); otherwise `λ = λ_s`.
 * 4. `annualCompromiseProbability = 1 − e^(−λ)`; `haircut = LGF·(1 − e^(−H·λ))` with H = 5 years by
 *    default, chosen so that a mature light-client bridge (λ ≈ 0.01) gets ≈ 5 % and a new multisig
 *    (λ ≈ 0.05) 20–30 %, the seed's calibration targets; `trustScore = 100·(1 − haircut)`.
 * 5. Halt: `u` = exact probability of being halted at a moment (share of time), a compromised pauser
 *    counting as an episode of `meanRecoveryHours` (admin.ts); episodes per year `ν = 8760·u/D`;
 *    `haltProbability = 1 − (1 − u)·e^(−ν/(1 − u))`; `expectedHaltHoursPerYear = ν·D = 8760·u`.
 * 6. Eligibility: a single point of failure among the verifiers (a 1-of-1 set, an operator or a tag
 *    that alone reaches the threshold; the admin keys too when they count) makes the bridge
 *    ineligible unless `capUsd ≤ tinyCapUsd` (default $100 000).
 *
 * @example
 * ```ts
 * const a = assessBridge({
 *   name: 'light client',
 *   trust: { kind: 'lightClient', sourceChain: 'ethereum', sourceChainCompromise: 1e-4, implementationBug: 0.01 },
 *   representation: 'wrapped', mechanism: 'lock-and-mint',
 * })
 * a.haircut // ≈ 0.049
 * a.trustScore // ≈ 95.1
 * ```
 */
export function assessBridge(bridge: BridgeDescription, policy: AssessBridgePolicy = {}): BridgeAssessment {
  validateDescription(bridge)
  const H = positive('haircutHorizonYears', policy.haircutHorizonYears ?? DEFAULT_HAIRCUT_HORIZON_YEARS)
  const tinyCap = nonNegative('tinyCapUsd', policy.tinyCapUsd ?? DEFAULT_TINY_CAP_USD)
  const horizon = positive('horizonYears', bridge.horizonYears ?? 1)
  const recoveryHours = positive('meanRecoveryHours', bridge.meanRecoveryHours ?? DEFAULT_MEAN_RECOVERY_HOURS)
  const explanation: ExplanationTerm[] = []

  const kind = bridgeTrust(bridge.trust)
  explanation.push(...kind.explanation)
  let node: TrustNode = kind.node
  const checked: TrustNode[] = kind.verifierNode ? [kind.verifierNode] : []
  if (bridge.admin) {
    const joined = withAdmin({
      bridge: node,
      admin: bridge.admin.set,
      detectionHours: bridge.admin.detectionHours,
      exitHours: bridge.admin.exitHours,
      horizonYears: horizon,
      pauserRecoveryHours: recoveryHours,
    })
    node = joined.node
    if (joined.adminNode) checked.push(joined.adminNode)
    explanation.push(...joined.explanation)
  }

  const pKind = compromiseProbability(kind.node)
  const progress = policy.onProgress ? { onProgress: policy.onProgress } : {}
  const horizonEstimate = compromiseEstimate(node, progress)
  const pHorizon = horizonEstimate.upper
  explanation.push({
    term: 'compromiseProbabilityHorizon',
    value: pHorizon,
    inputs: {
      kindOnly: pKind,
      horizonYears: horizon,
      admin: bridge.admin !== undefined,
      ...(horizonEstimate.exact ? {} : { lower: horizonEstimate.lower, upper: horizonEstimate.upper }),
    },
    formula: horizonEstimate.exact
      ? 'exact: Σ over shared-tag states of P(state) · P(tree unsafe | state)'
      : `bounded (beyond the exact work budget): the upper end of [${horizonEstimate.lower.toExponential(4)}, ${horizonEstimate.upper.toExponential(4)}], error of the midpoint ≤ ${horizonEstimate.bound.toExponential(2)}`,
  })
  const lambdaStructural = rateFromProbability(pHorizon, horizon)
  const structuralAnnual = probabilityFromRate(lambdaStructural, 1)
  explanation.push({
    term: 'structuralAnnualRate',
    value: lambdaStructural,
    inputs: { pHorizon, horizonYears: horizon },
    formula: 'λ_s = −ln(1 − p_h) / h',
  })

  let lambda = lambdaStructural
  let posteriorMeanRate: number | undefined
  if (bridge.trackRecord) {
    const tr = bridge.trackRecord
    let prior: GammaPrior
    if (tr.prior) prior = tr.prior
    else {
      const s = positive('trackRecord.priorStrength', tr.priorStrength ?? 1)
      if (!(lambdaStructural > 0) || !Number.isFinite(lambdaStructural)) {
        throw new InvalidBridgeError(
          `The structural annual rate is ${lambdaStructural}; a prior centred on it is undefined.`,
          'Pass trackRecord.prior (e.g. the class prior from `xcollat bridges calibrate`).',
        )
      }
      prior = { shape: s, rate: s / lambdaStructural }
    }
    const post = posteriorFailureRate({
      prior,
      incidents: tr.incidents,
      exposureYears: tr.exposureYears,
      ...(tr.credibility !== undefined ? { credibility: tr.credibility } : {}),
    })
    posteriorMeanRate = post.mean
    // effective rate of the predictive annual probability 1 − (β′/(β′ + 1))^α′
    lambda = post.shape * Math.log1p(1 / post.rate)
    explanation.push(...post.explanation)
    explanation.push({
      term: 'trackRecordRate',
      value: lambda,
      inputs: {
        priorShape: prior.shape,
        priorRate: prior.rate,
        priorFromStructure: tr.prior === undefined,
        incidents: tr.incidents,
        exposureYears: tr.exposureYears,
        posteriorMean: post.mean,
        lower: post.lower,
        upper: post.upper,
        predictiveAnnualFailureProbability: post.predictiveAnnualFailureProbability,
      },
      formula:
        'α′ = α + incidents, β′ = β + exposureYears; predictive P = 1 − (β′/(β′ + 1))^α′; λ = −ln(1 − P) = α′·ln(1 + 1/β′); default prior α = s, β = s/λ_s',
      source: 'trackRecord.ts posteriorFailureRate (Gamma–Poisson predictive)',
    })
  }
  const annual = probabilityFromRate(lambda, 1)
  explanation.push({
    term: 'annualCompromiseProbability',
    value: annual,
    inputs: { ratePerYear: lambda },
    formula: '1 − e^(−λ)',
  })

  const lgf =
    bridge.lossGivenFailure !== undefined
      ? unitInterval('lossGivenFailure', bridge.lossGivenFailure)
      : LOSS_GIVEN_FAILURE[bridge.representation][bridge.mechanism]
  explanation.push({
    term: 'lossGivenFailure',
    value: lgf,
    inputs: {
      representation: bridge.representation,
      mechanism: bridge.mechanism,
      overridden: bridge.lossGivenFailure !== undefined,
    },
    formula: 'table LOSS_GIVEN_FAILURE[representation][mechanism] unless overridden',
  })

  const haircut = haircutFromRate(lambda, lgf, H)
  explanation.push({
    term: 'haircut',
    value: haircut,
    inputs: { ratePerYear: lambda, lossGivenFailure: lgf, haircutHorizonYears: H },
    formula: 'LGF · (1 − e^(−H · λ))',
  })
  const trustScore = trustScoreFromHaircut(haircut)
  explanation.push({
    term: 'trustScore',
    value: trustScore,
    inputs: { haircut },
    formula: '100 · (1 − haircut)',
  })

  const haltShareEstimate = haltEstimate(node, progress)
  const haltShare = haltShareEstimate.upper
  const halt = annualHaltFromTimeShare(haltShare, recoveryHours)
  explanation.push(
    {
      term: 'haltTimeShare',
      value: haltShare,
      inputs: {
        pauser: bridge.admin?.set.pauser !== undefined,
        ...(haltShareEstimate.exact
          ? {}
          : { lower: haltShareEstimate.lower, upper: haltShareEstimate.upper }),
      },
      formula: haltShareEstimate.exact
        ? 'exact P(halted at a given moment): too few verifiers online ∪ compromised pauser (admin.ts)'
        : `bounded P(halted at a given moment): the upper end of [${haltShareEstimate.lower.toExponential(4)}, ${haltShareEstimate.upper.toExponential(4)}], error of the midpoint ≤ ${haltShareEstimate.bound.toExponential(2)}`,
    },
    {
      term: 'meanRecoveryHours',
      value: recoveryHours,
      inputs: { assumed: bridge.meanRecoveryHours === undefined, defaultHours: DEFAULT_MEAN_RECOVERY_HOURS },
      formula: 'mean duration D of one halt episode (hours); default 24 h is an assumption',
    },
    {
      term: 'haltEpisodesPerYear',
      value: halt.episodesPerYear,
      inputs: { haltTimeShare: haltShare, meanRecoveryHours: recoveryHours, hoursPerYear: HOURS_PER_YEAR },
      formula: 'ν = 8760 · u / D',
    },
    {
      term: 'haltProbability',
      value: halt.annualHaltProbability,
      inputs: { haltTimeShare: haltShare, episodesPerYear: halt.episodesPerYear },
      formula: 'P(halted at some moment of a year) = 1 − (1 − u)·e^(−ν/(1 − u)) (two-state process)',
    },
    {
      term: 'expectedHaltHoursPerYear',
      value: halt.hoursPerYear,
      inputs: { episodesPerYear: halt.episodesPerYear, meanRecoveryHours: recoveryHours },
      formula: 'ν · D = 8760 · u',
    },
  )

  const spofs: SinglePointOfFailure[] = []
  for (const n of checked) {
    for (const s of singlePointsOfFailure(n)) {
      if (!spofs.some((x) => x.kind === s.kind && x.name === s.name)) spofs.push(s)
    }
  }
  const cap = bridge.capUsd === undefined ? undefined : nonNegative('capUsd', bridge.capUsd)
  let eligible = true
  let ineligibleReason: string | undefined
  if (spofs.length > 0) {
    const names = spofs.map((s) => `${s.kind} ${s.name}`).join(', ')
    if (cap !== undefined && cap <= tinyCap) {
      ineligibleReason = undefined
    } else {
      eligible = false
      ineligibleReason = `single point of failure (1-of-1 verifier): ${names}; eligible only with a cap ≤ $${tinyCap}`
    }
  }
  explanation.push({
    term: 'eligibility',
    value: eligible ? 1 : 0,
    inputs: { singlePointsOfFailure: spofs.length, capUsd: cap ?? 'none', tinyCapUsd: tinyCap },
    formula: 'ineligible if a single member, operator or tag can forge, unless cap ≤ tinyCapUsd',
  })

  let expectedAnnualLossUsd: number | undefined
  if (bridge.valueSecuredUsd !== undefined) {
    const v = nonNegative('valueSecuredUsd', bridge.valueSecuredUsd)
    expectedAnnualLossUsd = v * annual * lgf
    explanation.push({
      term: 'expectedAnnualLossUsd',
      value: expectedAnnualLossUsd,
      inputs: { valueSecuredUsd: v, annualCompromiseProbability: annual, lossGivenFailure: lgf },
      formula: 'value · P(annual) · LGF',
    })
  }

  return {
    name: bridge.name,
    trustScore,
    haircut,
    annualCompromiseProbability: annual,
    structuralAnnualCompromiseProbability: structuralAnnual,
    annualCompromiseRate: lambda,
    posteriorMeanRate,
    haltProbability: halt.annualHaltProbability,
    haltTimeShare: haltShare,
    haltEpisodesPerYear: halt.episodesPerYear,
    expectedHaltDurationHours: recoveryHours,
    expectedHaltHoursPerYear: halt.hoursPerYear,
    illiquidityHours: kind.illiquidityHours,
    lossGivenFailure: lgf,
    expectedAnnualLossUsd,
    eligible,
    ineligibleReason,
    singlePointsOfFailure: spofs,
    explanation,
  }
}
