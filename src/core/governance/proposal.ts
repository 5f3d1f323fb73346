import type { AssessmentReport, RouteAssessment } from '../assess/assess.js'
import type { CurrentParameters } from '../assess/types.js'
import type { ExplanationTerm } from '../explain.js'
import { InvalidChangeError } from './check.js'
import type { GovernedParameter } from './envelope.js'
import type { ParameterValues, SubjectChange } from './plan.js'

/**
 * A target given by hand (`--change`): an absolute value in the parameter's units, or a move
 * relative to the current value in basis points (`+150%` is `{ kind: 'relative', bps: 15_000n }`).
 *
 * @example
 * ```ts
 * const t: TargetOverride = { route: 'weth-eth-arb-canonical', parameter: 'liquidationThreshold', value: { kind: 'absolute', value: 8_000n } }
 * ```
 */
export type TargetOverride = {
  readonly route: string
  /** Only this market's collateral; absent: every market that uses the route. */
  readonly market?: string | undefined
  readonly parameter: GovernedParameter
  readonly value:
    | { readonly kind: 'absolute'; readonly value: bigint }
    | { readonly kind: 'relative'; readonly bps: bigint }
}

/** What to propose: the assessment (current and recommended), and hand targets if any. */
export type ProposalChangesParameters = {
  readonly report: AssessmentReport
  /** Absent or empty: every market's current parameters move to the recommendation. */
  readonly overrides?: readonly TargetOverride[] | undefined
}

/** The changes to plan, and the market collateral left out with the reason. */
export type ProposalChangesReturnType = {
  readonly changes: readonly SubjectChange[]
  readonly skipped: ReadonlyArray<{ readonly subject: string; readonly reason: string }>
}

/** The explanation terms behind each recommended parameter, shown as the change's "why". */
const WHY_TERMS = [
  'liquidationThreshold',
  'liquidationThresholdUnrounded',
  'combinedLoss',
  'priceVaR',
  'oracleError',
  'slippage',
  'delayVaR',
  'haircut',
  'trustScore',
  'liquidationHorizonSeconds',
  'maxLtv',
  'ltvBufferMove',
  'liquidationBonusNeeded',
  'recommendedSupplyCapUsd',
] as const

// Fractions given by a user (0.83) as basis points, to the nearest: they are decimals already.
const currentBps = (fraction: number) => BigInt(Math.round(fraction * 10_000))
// Recommendations rounded against the borrower: LTV and LT down, the bonus up.
const down = (fraction: number) => BigInt(Math.floor(fraction * 10_000 * (1 + 1e-12)))
const up = (fraction: number) => BigInt(Math.ceil(fraction * 10_000 * (1 - 1e-12)))

function currentValues(c: CurrentParameters): ParameterValues {
  return {
    ltv: currentBps(c.ltv),
    liquidationThreshold: currentBps(c.liquidationThreshold),
    liquidationBonus: currentBps(c.liquidationBonus),
    ...(c.supplyCapUsd === undefined ? {} : { supplyCap: BigInt(Math.round(c.supplyCapUsd)) }),
  }
}

function recommendedValues(r: RouteAssessment, current: ParameterValues): ParameterValues {
  return {
    ltv: down(r.recommendation.ltv),
    liquidationThreshold: down(r.recommendation.liquidationThreshold),
    liquidationBonus: up(r.recommendation.liquidationBonus),
    ...(current.supplyCap === undefined
      ? {}
      : { supplyCap: BigInt(Math.floor(r.recommendation.supplyCapUsd)) }),
  }
}

function why(r: RouteAssessment): ExplanationTerm[] {
  const wanted = new Set<string>(WHY_TERMS)
  return r.explanation.filter((t) => wanted.has(t.term))
}

function targetOf(o: TargetOverride, current: bigint | undefined, subject: string): bigint {
  if (o.value.kind === 'absolute') return o.value.value
  if (current === undefined)
    throw new InvalidChangeError(
      `${o.parameter} of ${subject} has no current value to change by a relative amount`,
      'Give the current value in the configuration, or an absolute target.',
    )
  const moved = current + (current * o.value.bps) / 10_000n
  if (moved < 0n)
    throw new InvalidChangeError(
      `${o.parameter} of ${subject}: ${current} moved by ${o.value.bps} bps is negative`,
      'Give a decrease of at most 100 %.',
    )
  return moved
}

/**
 * The changes a proposal plans: for every market collateral with current parameters, the
 * current values (basis points; caps in whole USD) and the targets: the route's recommendation
 * (LTV and LT rounded down, the bonus up: against the borrower), or, with `overrides`, only the
 * parameters given by hand. Ineligible routes are left out (they need a freeze through
 * governance, not a steward's step), with the reason.
 *
 * @example
 * ```ts
 * proposalChanges({ report: assess(registry) }).changes[0].target.liquidationThreshold // 8450n
 * ```
 */
export function proposalChanges(p: ProposalChangesParameters): ProposalChangesReturnType {
  const changes: SubjectChange[] = []
  const skipped: { subject: string; reason: string }[] = []
  const overrides = p.overrides ?? []
  for (const o of overrides)
    if (
      !p.report.routes.some(
        (r) => r.id === o.route && r.current.some((c) => o.market === undefined || c.market === o.market),
      )
    )
      throw new InvalidChangeError(
        `no market uses route ${o.route}${o.market === undefined ? '' : ` in market ${o.market}`} with current parameters`,
        `Change one of: ${p.report.routes.flatMap((r) => r.current.map((c) => `${c.market}/${r.id}`)).join(', ') || 'none (give markets current parameters in the configuration)'}.`,
      )
  for (const r of p.report.routes)
    for (const c of r.current) {
      const subject = `${c.market}/${r.id}`
      const current = currentValues(c.current)
      if (overrides.length > 0) {
        const mine = overrides.filter(
          (o) => o.route === r.id && (o.market === undefined || o.market === c.market),
        )
        if (mine.length === 0) continue
        const target: Partial<Record<GovernedParameter, bigint>> = {}
        for (const o of mine) target[o.parameter] = targetOf(o, current[o.parameter], subject)
        changes.push({ subject, current, target, why: why(r) })
        continue
      }
      if (!r.recommendation.eligible) {
        skipped.push({ subject, reason: `route ${r.id} is ineligible: ${r.ineligibleReasons.join('; ')}` })
        continue
      }
      changes.push({ subject, current, target: recommendedValues(r, current), why: why(r) })
    }
  return { changes, skipped }
}
