import type { ExplanationTerm } from '../explain.js'
import { InvalidChangeError, isoDate } from './check.js'
import { type ChangeEnvelope, type GovernedParameter, maxStep, type ParameterRule } from './envelope.js'

/**
 * A linear ramp (Euler v2's `rampDuration`): the value falls from `from` at `startsAt` to `to`
 * at `endsAt`; see {@link rampValueAt}.
 *
 * @example
 * ```ts
 * const r: Ramp = { from: 8300n, to: 8000n, startsAt: 0, endsAt: 3_110_400 }
 * ```
 */
export type Ramp = {
  readonly from: bigint
  readonly to: bigint
  readonly startsAt: number
  readonly endsAt: number
}

/**
 * One compliant update: the parameter moves `from` → `to` at `at` (unix seconds), by a ramp
 * where the envelope lowers that way, and must be executed before `expiresAt` where the
 * envelope makes pushed updates lapse.
 *
 * @example
 * ```ts
 * const s: PlanStep = { subject: 'weth', parameter: 'liquidationThreshold', index: 1, at: 0, from: 8300n, to: 8275n }
 * ```
 */
export type PlanStep = {
  readonly subject: string
  readonly parameter: GovernedParameter
  /** 1-based position of the step in its parameter's plan. */
  readonly index: number
  readonly at: number
  readonly from: bigint
  readonly to: bigint
  readonly expiresAt?: number | undefined
  readonly ramp?: Ramp | undefined
}

/** One parameter's change planned under an envelope: its steps and why they are so many. */
export type ParameterPlan = {
  readonly subject: string
  readonly parameter: GovernedParameter
  readonly current: bigint
  readonly target: bigint
  readonly steps: readonly PlanStep[]
  /** When the last step lands (a ramp's end for a ramp). */
  readonly completesAt: number
  readonly explanation: readonly ExplanationTerm[]
}

/** A change of one parameter to plan. Times are unix seconds. */
export type PlanParameterChangeParameters = {
  readonly envelope: ChangeEnvelope
  readonly subject: string
  readonly parameter: GovernedParameter
  readonly current: bigint
  readonly target: bigint
  /** The earliest moment the first step may execute. */
  readonly from: number
  /** The last update of this parameter of this subject; absent when never updated. */
  readonly lastUpdatedAt?: number | undefined
}

/** More steps than this means the envelope cannot reasonably reach the target. */
const MAX_STEPS = 10_000

function ruleOf(envelope: ChangeEnvelope, subject: string, parameter: GovernedParameter): ParameterRule {
  const rule = envelope.rules[parameter]
  if (rule === undefined)
    throw new InvalidChangeError(
      `envelope ${envelope.name} does not govern ${parameter} (asked for ${subject})`,
      `Use an envelope with a rule for ${parameter}, or leave it out of the change.`,
    )
  return rule
}

/**
 * The value of a ramp at time `t`, as Euler v2's `LTVConfig.getLTV` computes it:
 * `to + (from − to) · (endsAt − t) / (endsAt − startsAt)`, rounded down (toward the lower,
 * safer threshold); `from` before the ramp starts and `to` from its end on.
 *
 * @example
 * ```ts
 * rampValueAt({ from: 8300n, to: 8000n, startsAt: 0, endsAt: 100 }, 50) // 8150n
 * ```
 */
export function rampValueAt(ramp: Ramp, t: number): bigint {
  if (t <= ramp.startsAt) return ramp.from
  if (t >= ramp.endsAt) return ramp.to
  const remaining = BigInt(ramp.endsAt - t)
  const duration = BigInt(ramp.endsAt - ramp.startsAt)
  return ramp.to + ((ramp.from - ramp.to) * remaining) / duration
}

/**
 * Plans one parameter's change as the fewest compliant updates: the first at `from`, or once
 * the debounce since `lastUpdatedAt` has passed, then one every `minDelaySeconds`, each moving
 * as far as the limit allows from the value it starts at (`max`, or `⌊maxBps · value / 10 000⌋`
 * for a relative limit), the last one landing exactly on the target. Where the envelope ramps
 * decreases, one update starts a ramp of `secondsPerUnit · |Δ|` seconds (rounded up).
 * Refuses an update to zero, a no-op, an ungoverned parameter, a forbidden direction and a
 * limit that cannot move the value ({@link InvalidChangeError}).
 *
 * @example
 * ```ts
 * planParameterChange({ envelope: envelopePreset('aave-risk-steward'), subject: 'weth', parameter: 'liquidationThreshold',
 *   current: 8300n, target: 8000n, from: 0 }).steps.length // 12 steps of 25 bps, 3 days apart
 * ```
 */
export function planParameterChange(p: PlanParameterChangeParameters): ParameterPlan {
  const { envelope, subject, parameter, current, target } = p
  const rule = ruleOf(envelope, subject, parameter)
  const what = `${parameter} of ${subject} (${current} → ${target})`
  if (target === 0n)
    throw new InvalidChangeError(`${what} is an update to zero`, 'Propose a value above zero.')
  if (target === current)
    throw new InvalidChangeError(`${what} changes nothing`, 'Leave it out of the change.')
  if (target < 0n || current < 0n)
    throw new InvalidChangeError(`${what} has a negative value`, 'Give values of zero or more.')
  const up = target > current
  const limit = up ? rule.increase : rule.decrease
  if (limit.kind === 'forbidden')
    throw new InvalidChangeError(
      `envelope ${envelope.name} forbids ${up ? 'raising' : 'lowering'} ${parameter}`,
      'Change it the other way, or under another envelope.',
    )
  const start =
    p.lastUpdatedAt === undefined ? p.from : Math.max(p.from, p.lastUpdatedAt + rule.minDelaySeconds)
  const expiry = (at: number) =>
    envelope.expirySeconds === undefined ? {} : { expiresAt: at + envelope.expirySeconds }
  const delta = up ? target - current : current - target
  const terms: ExplanationTerm[] = [
    {
      term: 'delta',
      value: Number(delta),
      inputs: { current: String(current), target: String(target) },
      formula: '|target − current|',
    },
    {
      term: 'firstStepAt',
      value: start,
      inputs: {
        from: p.from,
        lastUpdatedAt: p.lastUpdatedAt ?? 'never',
        minDelaySeconds: rule.minDelaySeconds,
        date: isoDate(start),
      },
      formula: 'max(from, lastUpdatedAt + minDelay)',
      source: envelope.source,
    },
  ]

  if (!up && rule.decreaseRamp !== undefined) {
    const duration = Math.ceil(Number(delta) * rule.decreaseRamp.secondsPerUnit)
    const ramp: Ramp = { from: current, to: target, startsAt: start, endsAt: start + duration }
    terms.push({
      term: 'rampSeconds',
      value: duration,
      inputs: { delta: Number(delta), secondsPerUnit: rule.decreaseRamp.secondsPerUnit },
      formula: '⌈|Δ| · secondsPerUnit⌉',
      source: envelope.source,
    })
    return {
      subject,
      parameter,
      current,
      target,
      steps: [{ subject, parameter, index: 1, at: start, from: current, to: target, ramp, ...expiry(start) }],
      completesAt: ramp.endsAt,
      explanation: terms,
    }
  }

  const steps: PlanStep[] = []
  let value = current
  let at = start
  while (value !== target) {
    const max = maxStep(limit, value)
    const remaining = up ? target - value : value - target
    const move = max === undefined || max > remaining ? remaining : max
    if (move <= 0n)
      throw new InvalidChangeError(
        `${what}: the ${limit.kind} limit of ${envelope.name} cannot move ${parameter} from ${value}`,
        'Set a non-zero value first through governance, or use an envelope with an absolute limit.',
      )
    if (steps.length >= MAX_STEPS)
      throw new InvalidChangeError(
        `${what} needs more than ${MAX_STEPS} updates under ${envelope.name}`,
        'Propose a closer target, or change the parameter through governance.',
      )
    const next = up ? value + move : value - move
    steps.push({ subject, parameter, index: steps.length + 1, at, from: value, to: next, ...expiry(at) })
    value = next
    at += rule.minDelaySeconds
  }
  const last = steps.at(-1)!
  terms.push({
    term: 'steps',
    value: steps.length,
    inputs: {
      limit:
        limit.kind === 'absolute'
          ? `±${limit.max} absolute`
          : limit.kind === 'relative'
            ? `±${limit.maxBps} bps of the value`
            : 'unlimited',
      minDelaySeconds: rule.minDelaySeconds,
    },
    formula:
      limit.kind === 'absolute' ? '⌈|Δ| / max⌉' : 'fewest steps with |vₖ₊₁ − vₖ| ≤ ⌊maxBps · vₖ / 10 000⌋',
    source: envelope.source,
  })
  return { subject, parameter, current, target, steps, completesAt: last.at, explanation: terms }
}

/** Parameter values of one subject (a market's collateral: an asset or a route). */
export type ParameterValues = Readonly<Partial<Record<GovernedParameter, bigint>>>

/** Every parameter of one subject to change, with the last update of each. */
export type SubjectChange = {
  readonly subject: string
  readonly current: ParameterValues
  readonly target: ParameterValues
  /** Last update of each parameter (unix seconds); absent: never updated. */
  readonly lastUpdatedAt?: Readonly<Partial<Record<GovernedParameter, number>>> | undefined
  /** Why the change is proposed: the terms that moved. */
  readonly why?: readonly ExplanationTerm[] | undefined
}

/** The parameters of a subject after the updates due at one moment. */
export type ScheduledUpdate = {
  readonly subject: string
  readonly at: number
  readonly steps: readonly PlanStep[]
  /** Every parameter's value once these updates are in (a ramp counted at its end). */
  readonly values: ParameterValues
}

/** The plan of a whole proposal: each parameter's steps and the merged schedule. */
export type ChangePlan = {
  readonly envelope: string
  readonly from: number
  readonly parameters: readonly ParameterPlan[]
  readonly schedule: readonly ScheduledUpdate[]
  readonly completesAt: number
  readonly why: Readonly<Record<string, readonly ExplanationTerm[]>>
}

/** Changes to plan together. */
export type PlanChangesParameters = {
  readonly envelope: ChangeEnvelope
  readonly changes: readonly SubjectChange[]
  readonly from: number
}

const PERCENTAGE_FACTOR = 10_000n

/** Aave's `percentMul`: `(x · y + 5 000) / 10 000` (half up). */
function percentMul(x: bigint, y: bigint): bigint {
  return (x * y + PERCENTAGE_FACTOR / 2n) / PERCENTAGE_FACTOR
}

/**
 * What a lending market refuses in a collateral configuration (Aave v3's `PoolConfigurator.
 * configureReserveAsCollateral`): LTV above LT, and `percentMul(LT, 10 000 + bonus) > 10 000`
 * (a liquidation would seize more than the collateral). Empty when the values are acceptable.
 *
 * @example
 * ```ts
 * collateralProblems({ ltv: 8000n, liquidationThreshold: 8300n, liquidationBonus: 500n }) // []
 * ```
 */
export function collateralProblems(v: ParameterValues): string[] {
  const problems: string[] = []
  if (v.ltv !== undefined && v.liquidationThreshold !== undefined && v.ltv > v.liquidationThreshold)
    problems.push(`LTV ${v.ltv} above LT ${v.liquidationThreshold}`)
  if (
    v.liquidationThreshold !== undefined &&
    v.liquidationBonus !== undefined &&
    percentMul(v.liquidationThreshold, PERCENTAGE_FACTOR + v.liquidationBonus) > PERCENTAGE_FACTOR
  )
    problems.push(`LT ${v.liquidationThreshold} · (100 % + bonus ${v.liquidationBonus}) above 100 %`)
  return problems
}

/**
 * Plans every change of a proposal under one envelope: each parameter by
 * {@link planParameterChange} (parameters whose target equals the current value are left out),
 * then the updates of a subject merged by date, checking after each that the market would accept
 * the parameters ({@link collateralProblems}); a plan that passes through a refused state is an
 * {@link InvalidChangeError} naming the date.
 *
 * @example
 * ```ts
 * planChanges({ envelope: envelopePreset('aave-risk-steward'), from: 0, changes: [{ subject: 'weth',
 *   current: { ltv: 8000n, liquidationThreshold: 8300n }, target: { ltv: 7700n, liquidationThreshold: 8000n } }] })
 * // 12 dated updates, each lowering both by 25 bps
 * ```
 */
export function planChanges(p: PlanChangesParameters): ChangePlan {
  const parameters: ParameterPlan[] = []
  const schedule: ScheduledUpdate[] = []
  const why: Record<string, readonly ExplanationTerm[]> = {}
  for (const change of p.changes) {
    if (change.why !== undefined) why[change.subject] = change.why
    const plans: ParameterPlan[] = []
    for (const [name, target] of Object.entries(change.target) as [GovernedParameter, bigint][]) {
      const current = change.current[name]
      if (current === undefined)
        throw new InvalidChangeError(
          `${name} of ${change.subject} has a target but no current value`,
          'Give the current value of every parameter you change.',
        )
      if (current === target) continue
      plans.push(
        planParameterChange({
          envelope: p.envelope,
          subject: change.subject,
          parameter: name,
          current,
          target,
          from: p.from,
          lastUpdatedAt: change.lastUpdatedAt?.[name],
        }),
      )
    }
    parameters.push(...plans)
    const byTime = new Map<number, PlanStep[]>()
    for (const step of plans.flatMap((x) => x.steps))
      byTime.set(step.at, [...(byTime.get(step.at) ?? []), step])
    let values: ParameterValues = { ...change.current }
    for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
      const steps = byTime.get(at)!
      values = { ...values, ...Object.fromEntries(steps.map((s) => [s.parameter, s.to])) }
      const problems = collateralProblems(values)
      if (problems.length > 0)
        throw new InvalidChangeError(
          `the plan for ${change.subject} reaches a configuration the market refuses on ${isoDate(at)}: ${problems.join('; ')}`,
          'Propose targets whose steps keep LTV ≤ LT and LT · (1 + bonus) ≤ 100 %, or change them in separate proposals.',
        )
      schedule.push({ subject: change.subject, at, steps, values })
    }
  }
  schedule.sort((a, b) => a.at - b.at || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
  return {
    envelope: p.envelope.name,
    from: p.from,
    parameters,
    schedule,
    completesAt: Math.max(p.from, ...parameters.map((x) => x.completesAt)),
    why,
  }
}
