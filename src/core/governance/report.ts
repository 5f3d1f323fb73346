import type { RouteAssessment } from '../assess/assess.js'
import type { RouteInput } from '../assess/types.js'
import type { ValidateRouteReturnType } from '../backtest/validate.js'
import type { ExplanationTerm } from '../explain.js'
import type { GuardrailReturnType } from '../risk/policy.js'
import type { BookFrontierPoint } from '../sim/bookSolver.js'

/**
 * One block of an onboarding report: the Markdown and the HTML renderers draw the same blocks.
 * A chart block names its chart; the renderer embeds the SVG (HTML) or links the file beside
 * the Markdown.
 *
 * @example
 * ```ts
 * const b: ReportBlock = { kind: 'table', header: ['term', 'value'], rows: [['priceVaR', '10.84 %']] }
 * ```
 */
export type ReportBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table'
      readonly header: readonly string[]
      readonly rows: readonly (readonly string[])[]
      /** Right-aligned columns (numbers), by index. */
      readonly right?: readonly number[] | undefined
    }
  | { readonly kind: 'chart'; readonly id: string; readonly title: string; readonly caption: string }

/** The sections the assessment's explanation terms fall in, in report order. */
export const REPORT_SECTIONS = [
  'bridge',
  'delay',
  'oracle',
  'volatility',
  'liquidity',
  'horizon',
  'parameters',
  'caps',
  'seed',
  'other',
] as const

/** One of {@link REPORT_SECTIONS}. */
export type ReportSection = (typeof REPORT_SECTIONS)[number]

const SECTION_OF: Readonly<Record<string, ReportSection>> = {
  ...Object.fromEntries(
    [
      'kind',
      'adminTimelock',
      'compromiseProbabilityHorizon',
      'structuralAnnualRate',
      'annualCompromiseProbability',
      'lossGivenFailure',
      'haircut',
      'trustScore',
      'haltTimeShare',
      'meanRecoveryHours',
      'haltEpisodesPerYear',
      'haltProbability',
      'expectedHaltHoursPerYear',
      'eligibility',
      'expectedLossHaircut',
    ].map((t) => [t, 'bridge']),
  ),
  ...Object.fromEntries(
    [
      'challengeWindowSeconds',
      'governorDelaySeconds',
      'sourceFinality',
      'verification',
      'rateLimitDelay',
      'destinationExecution',
      'maxVerifiableDelay',
      'settlementFailureProbability',
      'potentialValueChange',
      'settlementRisk',
      'requiredCollateral',
      'delayVaR',
    ].map((t) => [t, 'delay']),
  ),
  ...Object.fromEntries(
    [
      'deviationThreshold',
      'updateLatencyMove',
      'oracleError',
      'heartbeatSeconds',
      'oracleLagSeconds',
      'sequencerGracePeriodSeconds',
    ].map((t) => [t, 'oracle']),
  ),
  ...Object.fromEntries(
    ['allowedBadEpisodeRate', 'perEpisodeProbability', 'priceLossCushion', 'priceVaR', 'ltvBufferMove'].map(
      (t) => [t, 'volatility'],
    ),
  ),
  ...Object.fromEntries(
    [
      'crashSlippage',
      'crashGasShare',
      'inventoryRisk',
      'liquidationBonusNeeded',
      'slippage',
      'depthWithinBonus',
      'supplyCapUsd',
      'liquidityCap',
    ].map((t) => [t, 'liquidity']),
  ),
  ...Object.fromEntries(
    [
      'detectionSeconds',
      'liquidationTxSeconds',
      'seizeMessageSeconds',
      'saleSeconds',
      'operationsSeconds',
      'atRiskCollateralUsd',
      'absorbableUsdPerSecond',
      'capacitySeconds',
      'liquidationHorizonSeconds',
    ].map((t) => [t, 'horizon']),
  ),
  ...Object.fromEntries(
    [
      'combinedLoss',
      'solvencyCover',
      'liquidationThresholdUnrounded',
      'liquidationThreshold',
      'solvencyCheck',
      'maxLtv',
    ].map((t) => [t, 'parameters']),
  ),
  ...Object.fromEntries(
    ['rateLimitCap', 'lossBudgetCap', 'exposureCap', 'recommendedSupplyCapUsd'].map((t) => [t, 'caps']),
  ),
  seedCollateralFactor: 'seed',
}

/**
 * The section of the report an explanation term belongs to (`pair.*` terms are volatility:
 * each (collateral, debt) pair's stressed loss); a term no section claims goes to `other`, so
 * every term of the assessment appears once.
 *
 * @example
 * ```ts
 * sectionOfTerm('delayVaR') // 'delay'
 * ```
 */
export function sectionOfTerm(term: string): ReportSection {
  if (term.startsWith('pair.')) return 'volatility'
  return Object.hasOwn(SECTION_OF, term) ? SECTION_OF[term]! : 'other'
}

/** What an onboarding report is built from. Charts are named; the caller draws them. */
export type OnboardingReportParameters = {
  readonly route: RouteInput
  readonly assessment: RouteAssessment
  /** The seed's risk score (1 low – 10 high) and its terms. */
  readonly riskScore: { readonly value: number; readonly explanation: readonly ExplanationTerm[] }
  readonly riskMatrix: GuardrailReturnType
  /** `xcollat validate` for the route, when the data folder has its history. */
  readonly validation?: ValidateRouteReturnType | undefined
  /** The LT → loss frontier of the route's simulated book, when simulated. */
  readonly frontier?:
    | {
        readonly points: readonly BookFrontierPoint[]
        readonly paths: number
        readonly seed: string
        readonly budgetUsd: number
      }
    | undefined
  /** Round-data statistics of the oracle, when the data folder has them. */
  readonly oracleRounds?:
    | {
        readonly rounds: number
        readonly medianIntervalSeconds: number
        readonly p95IntervalSeconds: number
        readonly medianDeviation: number
        readonly file: string
      }
    | undefined
  /** The charts drawn, by id (slippage, volatility, frontier, price). */
  readonly charts: readonly { readonly id: string; readonly title: string; readonly caption: string }[]
  /** Inputs and their content addresses. */
  readonly provenance: readonly { readonly role: string; readonly file: string; readonly cid: string }[]
  /** When the report was made (ISO), and by which version. */
  readonly createdAt: string
  readonly version: string
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`
const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x))
const hours = (s: number) => (s >= 86_400 ? `${(s / 86_400).toFixed(1)} d` : `${(s / 3600).toFixed(2)} h`)

function termRows(terms: readonly ExplanationTerm[]): string[][] {
  return terms.map((t) => [
    t.term,
    num(t.value),
    Object.entries(t.inputs)
      .map(([k, v]) => `${k} = ${typeof v === 'number' ? num(v) : String(v)}`)
      .join(', '),
    t.formula,
    t.source ?? '',
  ])
}

const TERM_HEADER = ['term', 'value', 'inputs', 'formula', 'source'] as const

const TITLES: Readonly<Record<ReportSection, string>> = {
  bridge: 'Bridge security',
  delay: 'Settlement and message delay',
  oracle: 'Oracle reliability',
  volatility: 'Volatility and price loss',
  liquidity: 'Liquidity depth and the liquidation bonus',
  horizon: 'Liquidation horizon',
  parameters: 'Recommended parameters: the arithmetic',
  caps: 'Exposure caps',
  seed: "The seed's trust-score policy",
  other: 'Other terms',
}

/**
 * The Collateral Onboarding Report of one route as blocks: the asset and its chains; bridge
 * security (verifier sets, admin keys, track record, single points of failure); message delay;
 * oracle reliability (with round statistics where given); volatility; liquidity and the slippage
 * curve; the liquidation horizon; the historical validation; the Monte Carlo frontier; the
 * recommended parameters with every explanation term of the assessment; caps; the seed's risk
 * score and risk-matrix class; the assumptions and the inputs' content addresses. Every term of
 * the assessment appears in exactly one section ({@link sectionOfTerm}).
 *
 * @example
 * ```ts
 * const blocks = onboardingReport({ route, assessment, riskScore, riskMatrix, charts: [], provenance: [], createdAt, version })
 * ```
 */
export function onboardingReport(p: OnboardingReportParameters): ReportBlock[] {
  const a = p.assessment
  const r = p.route
  const rec = a.recommendation
  const chart = (id: string): ReportBlock[] => {
    const c = p.charts.find((x) => x.id === id)
    return c === undefined ? [] : [{ kind: 'chart', id: c.id, title: c.title, caption: c.caption }]
  }
  const bySection = new Map<ReportSection, ExplanationTerm[]>()
  for (const t of a.explanation) {
    const s = sectionOfTerm(t.term)
    bySection.set(s, [...(bySection.get(s) ?? []), t])
  }
  const terms = (s: ReportSection): ReportBlock[] => {
    const list = bySection.get(s) ?? []
    return list.length === 0 ? [] : [{ kind: 'table', header: TERM_HEADER, rows: termRows(list), right: [1] }]
  }
  const blocks: ReportBlock[] = [
    {
      kind: 'heading',
      level: 1,
      text: `Collateral Onboarding Report: ${r.asset.symbol} on ${r.debtChain.name} (${a.id})`,
    },
    {
      kind: 'paragraph',
      text: `${r.asset.symbol} (${r.asset.class}) from ${r.homeChain.name} used as collateral on ${r.debtChain.name}, ${a.architecture} architecture, through ${r.bridges.map((b) => b.name).join(' → ') || 'no bridge (native)'}, priced by ${r.oracle.provider} ${r.oracle.pair} on ${r.oracle.chain}, liquidated on ${r.venue.id}. Made ${p.createdAt} by xcollat ${p.version}; every number below lists the terms behind it.`,
    },
    { kind: 'heading', level: 2, text: 'Recommendation' },
    {
      kind: 'table',
      header: ['parameter', 'recommended', ...a.current.map((c) => `current (${c.market})`)],
      right: [1, ...a.current.map((_, i) => i + 2)],
      rows: [
        ['LTV', pct(rec.ltv), ...a.current.map((c) => pct(c.current.ltv))],
        [
          'liquidation threshold',
          pct(rec.liquidationThreshold),
          ...a.current.map((c) => pct(c.current.liquidationThreshold)),
        ],
        [
          'liquidation bonus',
          pct(rec.liquidationBonus),
          ...a.current.map((c) => pct(c.current.liquidationBonus)),
        ],
        [
          'supply cap',
          `$${Math.round(rec.supplyCapUsd).toLocaleString('en-US')} (${a.capBinding})`,
          ...a.current.map((c) =>
            c.current.supplyCapUsd === undefined ? '—' : `$${c.current.supplyCapUsd.toLocaleString('en-US')}`,
          ),
        ],
        [
          'eligible',
          rec.eligible ? 'yes' : `no: ${a.ineligibleReasons.join('; ')}`,
          ...a.current.map((c) => (c.unsafe ? `unsafe: ${c.reasons.join('; ')}` : 'safe')),
        ],
      ],
    },
    {
      kind: 'paragraph',
      text: `Components: trust score ${num(a.components.trustScore)}, bridge haircut ${pct(a.components.bridgeHaircut)}, delay VaR ${pct(a.components.delayVaR)}, price VaR ${pct(a.components.priceVaR)}, oracle error ${pct(a.components.oracleError)}, slippage ${pct(a.components.slippage)}, liquidation horizon ${hours(a.components.liquidationHorizonSeconds)}; binding debt ${a.bindingDebt}.`,
    },
    { kind: 'heading', level: 2, text: "The seed's risk score and risk-matrix class" },
    {
      kind: 'paragraph',
      text: `Risk score ${num(p.riskScore.value)} of 10 (the seed's calculateRiskScore brackets, 60 % liquidity, 40 % volatility). Risk-matrix class ${r.asset.class}: ${p.riskMatrix.message}`,
    },
    { kind: 'table', header: TERM_HEADER, rows: termRows(p.riskScore.explanation), right: [1] },
    { kind: 'heading', level: 2, text: TITLES.bridge },
    {
      kind: 'list',
      items: [
        ...r.bridges.map(
          (b) =>
            `${b.name} (${b.kind}, ${b.mechanism}, ${b.representation}): trust model ${b.trust.kind}; admin ${b.admin === undefined ? 'none' : `${b.admin.threshold}-of-${b.admin.size}, timelock ${hours(b.admin.timelockSeconds)}`}; track record ${b.trackRecord === undefined ? 'none given' : `${b.trackRecord.incidents} incidents over ${b.trackRecord.exposureYears} years`}; loss given failure ${b.lossGivenFailure === undefined ? 'default' : pct(b.lossGivenFailure)}${b.source === undefined ? '' : `; source: ${b.source}`}`,
        ),
        `annual compromise probability ${num(a.bridgeTrust.annualCompromiseProbability)}, halt probability ${num(a.bridgeTrust.haltProbability)}, loss given failure ${pct(a.bridgeTrust.lossGivenFailure)}`,
        ...(a.ineligibleReasons.length > 0 ? [`ineligible: ${a.ineligibleReasons.join('; ')}`] : []),
        ...(r.acceptSinglePointOfFailure === undefined
          ? []
          : [`single point of failure accepted: ${r.acceptSinglePointOfFailure}`]),
      ],
    },
    ...terms('bridge'),
    { kind: 'heading', level: 2, text: TITLES.delay },
    ...terms('delay'),
    { kind: 'heading', level: 2, text: TITLES.oracle },
    {
      kind: 'paragraph',
      text: `${r.oracle.provider} ${r.oracle.pair} on ${r.oracle.chain}: heartbeat ${hours(r.oracle.heartbeatSeconds)}, deviation threshold ${pct(r.oracle.deviationThreshold, 3)}, ${r.oracle.decimals} decimals${r.oracle.minAnswer === undefined ? '' : `, min answer ${r.oracle.minAnswer}`}${r.oracle.source === undefined ? '' : `; source: ${r.oracle.source}`}.`,
    },
    ...(p.oracleRounds === undefined
      ? [
          {
            kind: 'paragraph',
            text: 'No round data for this feed in the data folder: the empirical update interval is not measured.',
          } as const,
        ]
      : [
          {
            kind: 'paragraph',
            text: `From ${p.oracleRounds.rounds} rounds in ${p.oracleRounds.file}: median update interval ${hours(p.oracleRounds.medianIntervalSeconds)}, 95th percentile ${hours(p.oracleRounds.p95IntervalSeconds)}, median deviation at update ${pct(p.oracleRounds.medianDeviation, 3)}.`,
          } as const,
        ]),
    ...terms('oracle'),
    { kind: 'heading', level: 2, text: TITLES.volatility },
    ...chart('volatility'),
    ...chart('price'),
    ...terms('volatility'),
    { kind: 'heading', level: 2, text: TITLES.liquidity },
    ...chart('slippage'),
    ...terms('liquidity'),
    { kind: 'heading', level: 2, text: TITLES.horizon },
    ...terms('horizon'),
    { kind: 'heading', level: 2, text: 'Historical validation' },
    ...(p.validation === undefined
      ? [
          {
            kind: 'paragraph',
            text: 'Not validated: no data folder, or no price history of this asset in it (`xcollat validate --data DIR`).',
          } as const,
        ]
      : [
          {
            kind: 'paragraph',
            text: `Historically safe LT ${p.validation.historicallySafeLt === undefined ? 'none ≥ 30 %' : pct(p.validation.historicallySafeLt)}${p.validation.binding === undefined ? '' : ` (bound by ${p.validation.binding})`}: the recommendation is ${p.validation.safe ? 'safe' : 'UNSAFE'}${p.validation.efficient ? ', efficient' : ''}${p.validation.inAnchorBand === undefined ? '' : p.validation.inAnchorBand ? ', within the anchor band' : ', outside the anchor band'}${p.validation.anchor === undefined ? '' : ` (anchor LT ${pct(p.validation.anchor.liquidationThreshold)}, ${p.validation.anchor.source})`}.`,
          } as const,
          {
            kind: 'table',
            header: ['history', 'rolling starts', 'worst bad debt (share of book)', 'starts with bad debt'],
            right: [1, 2, 3],
            rows: p.validation.atRecommendation.map((h) => [
              h.name,
              String(h.starts),
              pct(h.worstBadDebtFraction, 3),
              pct(h.shareWithBadDebt),
            ]),
          } as const,
          ...(p.validation.caveats.length > 0
            ? [{ kind: 'list', items: p.validation.caveats } as const]
            : []),
        ]),
    { kind: 'heading', level: 2, text: 'Monte Carlo: the LT → loss frontier' },
    ...(p.frontier === undefined
      ? [{ kind: 'paragraph', text: 'Not simulated (`--paths 0`).' } as const]
      : [
          {
            kind: 'paragraph',
            text: `${p.frontier.paths} simulated years (seed ${p.frontier.seed}) of the route's cohort book; budget $${Math.round(p.frontier.budgetUsd).toLocaleString('en-US')} of bad debt per year.`,
          } as const,
          ...chart('frontier'),
          {
            kind: 'table',
            header: [
              'LT',
              'LTV',
              'P(bad debt > budget)',
              'P(bad debt > 0)',
              'VaR95 bad debt',
              'mean bad debt',
            ],
            right: [0, 1, 2, 3, 4, 5],
            rows: p.frontier.points.map((x) => [
              pct(x.liquidationThreshold),
              pct(x.loanToValue),
              num(x.probabilityOverBudget.value),
              num(x.probabilityOfBadDebt.value),
              `$${Math.round(x.badDebtVar95.value).toLocaleString('en-US')}`,
              `$${Math.round(x.badDebtMean).toLocaleString('en-US')}`,
            ]),
          } as const,
        ]),
    { kind: 'heading', level: 2, text: TITLES.parameters },
    ...terms('parameters'),
    { kind: 'heading', level: 2, text: TITLES.caps },
    ...terms('caps'),
    ...(bySection.has('seed')
      ? [{ kind: 'heading', level: 2, text: TITLES.seed } as const, ...terms('seed')]
      : []),
    ...(bySection.has('other')
      ? [{ kind: 'heading', level: 2, text: TITLES.other } as const, ...terms('other')]
      : []),
    { kind: 'heading', level: 2, text: 'Warnings and assumptions' },
    {
      kind: 'list',
      items:
        [...a.warnings.map((w) => `warning: ${w}`), ...a.assumptions].length > 0
          ? [...a.warnings.map((w) => `warning: ${w}`), ...a.assumptions]
          : ['none'],
    },
    { kind: 'heading', level: 2, text: 'Provenance' },
    {
      kind: 'table',
      header: ['input', 'file', 'CIDv1'],
      rows: p.provenance.map((x) => [x.role, x.file, x.cid]),
    },
    {
      kind: 'paragraph',
      text: 'Check an input with `xcollat verify FILE CID`; rebuild this report with the same inputs and version to get the same numbers.',
    },
  ]
  return blocks
}
