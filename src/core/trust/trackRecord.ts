import type { ExplanationTerm } from '../explain.js'
import { gammaQuantile } from '../math/gamma.js'
import { nonNegative, nonNegativeInteger, openUnitInterval, positive } from '../units/validate.js'
import { probabilityFromRate } from '../vocabulary.js'

/** A Gamma(shape α, rate β) distribution over an annual failure rate λ (failures per year). */
export type GammaPrior = { readonly shape: number; readonly rate: number }

/** Input of {@link posteriorFailureRate}. */
export type PosteriorFailureRateParameters = {
  /** Gamma prior on the annual failure rate: shape α > 0, rate β > 0 (in years). */
  readonly prior: GammaPrior
  /** Failures observed (an integer ≥ 0). */
  readonly incidents: number
  /** Exposure over which they were observed, in bridge-years (≥ 0). */
  readonly exposureYears: number
  /** Mass of the equal-tailed credible interval, in (0, 1); default 0.9. */
  readonly credibility?: number
}

/** Output of {@link posteriorFailureRate}. Rates are per year. */
export type PosteriorFailureRateReturnType = {
  /** Posterior mean of λ: α′ / β′ (failures per year). */
  readonly mean: number
  /** Lower end of the equal-tailed credible interval of λ. */
  readonly lower: number
  /** Upper end of the equal-tailed credible interval of λ. */
  readonly upper: number
  /** Posterior shape α′ = α + incidents. */
  readonly shape: number
  /** Posterior rate β′ = β + exposureYears (years). */
  readonly rate: number
  /** Mass of the credible interval used. */
  readonly credibility: number
  /** Annual probability of at least one failure at the posterior mean: 1 − exp(−mean). */
  readonly annualFailureProbability: number
  /** 1 − exp(−lower): the same probability at the interval's ends (a monotone map, so exact). */
  readonly annualFailureProbabilityLower: number
  /** 1 − exp(−upper). */
  readonly annualFailureProbabilityUpper: number
  /**
   * Posterior predictive probability of at least one failure in the next year, integrating over λ:
   * E[1 − e^{−λ}] = 1 − (β′ / (β′ + 1))^{α′}. At most `annualFailureProbability` (Jensen).
   */
  readonly predictiveAnnualFailureProbability: number
  /** Every term, for the assessment's explanation. */
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * Posterior annual failure rate of a bridge from its track record: a Gamma(α, β) prior on the
 * rate λ (per year) and a Poisson likelihood of `incidents` over `exposureYears` give the
 * conjugate posterior Gamma(α + incidents, β + exposureYears). Returns its mean, an
 * equal-tailed credible interval from the Gamma quantile (default 90 %), and the annual
 * probability of at least one failure 1 − exp(−λ). See docs/model.md.
 *
 * @example
 * ```ts
 * const r = posteriorFailureRate({ prior: { shape: 1, rate: 10 }, incidents: 1, exposureYears: 10 })
 * r.shape // 2
 * r.rate // 20
 * r.mean // 0.1 failures per year
 * r.annualFailureProbability // 1 − e^{−0.1} ≈ 0.0952
 * ```
 */
export function posteriorFailureRate(
  parameters: PosteriorFailureRateParameters,
): PosteriorFailureRateReturnType {
  const priorShape = positive('prior.shape', parameters.prior.shape)
  const priorRate = positive('prior.rate', parameters.prior.rate)
  const incidents = nonNegativeInteger('incidents', parameters.incidents)
  const exposureYears = nonNegative('exposureYears', parameters.exposureYears)
  const credibility = openUnitInterval('credibility', parameters.credibility ?? 0.9)
  const shape = priorShape + incidents
  const rate = priorRate + exposureYears
  const mean = shape / rate
  const tail = (1 - credibility) / 2
  const lower = gammaQuantile(tail, { shape, rate })
  const upper = gammaQuantile(1 - tail, { shape, rate })
  const annual = (lambda: number) => probabilityFromRate(lambda, 1)
  const predictive = -Math.expm1(shape * Math.log(rate / (rate + 1)))
  const inputs = { priorShape, priorRate, incidents, exposureYears }
  return {
    mean,
    lower,
    upper,
    shape,
    rate,
    credibility,
    annualFailureProbability: annual(mean),
    annualFailureProbabilityLower: annual(lower),
    annualFailureProbabilityUpper: annual(upper),
    predictiveAnnualFailureProbability: predictive,
    explanation: [
      {
        term: 'posteriorFailureRate',
        value: mean,
        inputs,
        formula: 'λ ~ Gamma(α + incidents, β + exposureYears); mean = (α + incidents) / (β + exposureYears)',
      },
      {
        term: 'failureRateCredibleInterval',
        value: upper,
        inputs: { shape, rate, credibility, lower, upper },
        formula: 'lower, upper = Gamma quantiles at (1 − c)/2 and (1 + c)/2 of the posterior',
      },
      {
        term: 'annualFailureProbability',
        value: annual(mean),
        inputs: { lambda: mean },
        formula: '1 − exp(−λ) (Poisson: probability of at least one failure in a year)',
      },
    ],
  }
}

/**
 * Bridge classes whose priors are calibrated from the incident record.
 *
 * @example
 * ```ts
 * BRIDGE_CLASSES.includes('optimistic') // true
 * ```
 */
export const BRIDGE_CLASSES = ['external', 'optimistic', 'lightClient', 'native'] as const
export type BridgeClass = (typeof BRIDGE_CLASSES)[number]

/** How an incident got its class: from the row's own annotation, or by the default rule. */
export type ClassificationBasis = 'annotation' | 'rule'

/**
 * Classifies an incident by its `validation_mechanism` text (case-insensitive), first match wins:
 * 1. "optimistic" → optimistic;
 * 2. "light client" / "light-client" / "zk" → lightClient;
 * 3. "native" / "rollup" / "canonical" → native;
 * 4. "multisig" / "mpc" / "external" / "validator" / "guardian" → external;
 * 5. anything else — an implementation bug annotated only as "contract logic (…)", or no
 *    annotation at all — → external **by rule**: in the incident record every bridge that is not
 *    externally verified is annotated as such (Nomad, BNB Token Hub), and the unannotated or
 *    contract-logic rows are bridges run by a validator, MPC or multisig set, or apps over one
 *    (Thorchain, Multichain/Anyswap, pNetwork, Qubit, Meter, Chainswap, LI.FI, …).
 *
 * @example
 * ```ts
 * classifyIncident('optimistic (updater + fraud-proof window)') // { bridgeClass: 'optimistic', basis: 'annotation' }
 * classifyIncident('') // { bridgeClass: 'external', basis: 'rule' }
 * ```
 */
export function classifyIncident(validationMechanism: string): {
  readonly bridgeClass: BridgeClass
  readonly basis: ClassificationBasis
} {
  const m = validationMechanism.toLowerCase()
  if (m.includes('optimistic')) return { bridgeClass: 'optimistic', basis: 'annotation' }
  if (/light[ -]client|\bzk\b/.test(m)) return { bridgeClass: 'lightClient', basis: 'annotation' }
  if (/\bnative\b|\brollup\b|\bcanonical\b/.test(m)) return { bridgeClass: 'native', basis: 'annotation' }
  if (/multisig|\bmpc\b|external|validator|guardian/.test(m))
    return { bridgeClass: 'external', basis: 'annotation' }
  return { bridgeClass: 'external', basis: 'rule' }
}

/** An exposure assumption for one class: bridge-years observed, with the reasoning shown to users. */
export type ClassExposure = { readonly bridgeYears: number; readonly reasoning: string }

/**
 * Default exposure assumptions (the incident file has incidents, not exposure). The observation
 * window is about 3 years (the record runs from 2021-06-29 to 2024-08-06, with 2024–2025 incidents
 * largely missing), times an assumed average number of live bridges of each class.
 *
 * @example
 * ```ts
 * DEFAULT_CLASS_EXPOSURE.external.bridgeYears // 120
 * ```
 */
export const DEFAULT_CLASS_EXPOSURE: Readonly<Record<BridgeClass, ClassExposure>> = {
  external: {
    bridgeYears: 120,
    reasoning:
      'assumed 40 externally verified bridges (multisig, MPC, validator sets) live on average over ~3 years; 21 distinct ones appear in the record, and public trackers listed some 30–60 with material value in 2021–2023',
  },
  optimistic: {
    bridgeYears: 15,
    reasoning: 'assumed 5 optimistic bridges (Nomad, Across, Connext and a few others) over ~3 years',
  },
  lightClient: {
    bridgeYears: 18,
    reasoning:
      'assumed 6 light-client bridges carrying material value (BSC Token Hub, NEAR Rainbow Bridge, a few IBC connections) over ~3 years',
  },
  native: {
    bridgeYears: 30,
    reasoning:
      'assumed 10 canonical rollup bridges (Arbitrum, Optimism, Base from 2023, zkSync, Starknet, …) averaged over ~3 years; none appears in the record',
  },
}

/** Input of {@link calibrateClassPriors}. */
export type CalibrateClassPriorsParameters = {
  /** The validation mechanism text of every incident (empty when unannotated). */
  readonly incidents: ReadonlyArray<{ readonly validationMechanism: string }>
  /** Exposure per class; default {@link DEFAULT_CLASS_EXPOSURE}. */
  readonly exposure?: Readonly<Record<BridgeClass, ClassExposure>>
  /** Evidence weight of the class prior, in bridge-years (default 5; capped at the class exposure). */
  readonly priorWeightYears?: number
  /** Credible mass of the reported prior interval (default 0.9). */
  readonly credibility?: number
}

/** One class's calibrated prior. */
export type ClassPrior = {
  readonly bridgeClass: BridgeClass
  readonly incidents: number
  readonly byAnnotation: number
  readonly byRule: number
  readonly exposureYears: number
  readonly exposureReasoning: string
  readonly prior: GammaPrior
  /** Prior mean rate α/β (failures per bridge-year) = (incidents + ½) / exposure. */
  readonly mean: number
  readonly lower: number
  readonly upper: number
  readonly credibility: number
  /** 1 − exp(−mean): a new bridge of the class, no record of its own. */
  readonly annualFailureProbability: number
  readonly why: string
}

/**
 * Calibrates a Gamma prior on the annual failure rate of each bridge class from the incident
 * record, by a **tempered Jeffreys** rule: with n incidents over E bridge-years, the Jeffreys
 * posterior Gamma(n + ½, E) of the class rate is flattened to carry the evidence of only
 * w = min(priorWeightYears, E) bridge-years, keeping its mean:
 * α = (n + ½) · w / E, β = w. So the prior is centred on the class's observed rate (plus ½ incident
 * so a class with no incident gets a non-zero rate), yet a bridge's own record of a few years moves
 * it materially, because bridges within a class differ widely.
 *
 * @example
 * ```ts
 * const [external] = calibrateClassPriors({ incidents: [{ validationMechanism: 'multisig (2-of-5)' }] })
 * external.prior // { shape: (1 + 0.5) * 5 / 120, rate: 5 }
 * ```
 */
export function calibrateClassPriors(parameters: CalibrateClassPriorsParameters): readonly ClassPrior[] {
  const exposure = parameters.exposure ?? DEFAULT_CLASS_EXPOSURE
  const weight = positive('priorWeightYears', parameters.priorWeightYears ?? 5)
  const credibility = openUnitInterval('credibility', parameters.credibility ?? 0.9)
  const counts = new Map<BridgeClass, { annotation: number; rule: number }>(
    BRIDGE_CLASSES.map((c) => [c, { annotation: 0, rule: 0 }]),
  )
  for (const incident of parameters.incidents) {
    const { bridgeClass, basis } = classifyIncident(incident.validationMechanism)
    const entry = counts.get(bridgeClass) as { annotation: number; rule: number }
    entry[basis]++
  }
  return BRIDGE_CLASSES.map((bridgeClass) => {
    const { annotation, rule } = counts.get(bridgeClass) as { annotation: number; rule: number }
    const n = annotation + rule
    const e = positive(`exposure.${bridgeClass}.bridgeYears`, exposure[bridgeClass].bridgeYears)
    const w = Math.min(weight, e)
    const prior = { shape: ((n + 0.5) * w) / e, rate: w }
    const mean = prior.shape / prior.rate
    const tail = (1 - credibility) / 2
    const lower = gammaQuantile(tail, prior)
    const upper = gammaQuantile(1 - tail, prior)
    const why =
      `${n} incident(s) (${annotation} by annotation, ${rule} by the default rule) over ${e} bridge-years ` +
      `(${exposure[bridgeClass].reasoning}); tempered Jeffreys: shape = (n + 0.5)·w/E = ${fmt(prior.shape)}, ` +
      `rate = w = ${fmt(w)} bridge-years of weight, so the mean (n + 0.5)/E = ${fmt(mean)} per year`
    return {
      bridgeClass,
      incidents: n,
      byAnnotation: annotation,
      byRule: rule,
      exposureYears: e,
      exposureReasoning: exposure[bridgeClass].reasoning,
      prior,
      mean,
      lower,
      upper,
      credibility,
      annualFailureProbability: probabilityFromRate(mean, 1),
      why,
    }
  })
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString()
}
