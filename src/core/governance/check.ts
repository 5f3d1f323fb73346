import { XcollatError } from '../errors.js'
import { type ChangeEnvelope, type GovernedParameter, maxStep, type ParameterRule } from './envelope.js'

/**
 * Unix seconds as an ISO date.
 *
 * @example
 * ```ts
 * isoDate(1_796_601_600) // '2026-12-07T00:00:00.000Z'
 * ```
 */
export function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString()
}

/**
 * A proposed change cannot be made under the envelope at all: an update to zero, a no-op, a
 * parameter the envelope does not govern, a direction it forbids, a step that cannot move the
 * value, or a plan that passes through parameters the market would reject. Code
 * `XC_INVALID_CHANGE`.
 *
 * @example
 * ```ts
 * throw new InvalidChangeError('liquidationThreshold of weth: 8300 → 0 is an update to zero', 'Propose a value above zero.')
 * ```
 */
export class InvalidChangeError extends XcollatError {
  override name = 'InvalidChangeError'
  constructor(problem: string, instruction: string) {
    super(`Invalid change: ${problem}.`, { code: 'XC_INVALID_CHANGE', instruction })
  }
}

/**
 * An update comes before the parameter's minimum delay since its last update has passed. Code
 * `XC_DEBOUNCE`; `allowedAt` (unix seconds) is the first moment it is allowed.
 *
 * @example
 * ```ts
 * try { assertUpdateAllowed(p) } catch (e) { if (e instanceof DebounceError) e.allowedAt }
 * ```
 */
export class DebounceError extends XcollatError {
  override name = 'DebounceError'
  /** The first moment (unix seconds) the update is allowed. */
  readonly allowedAt: number
  constructor(what: string, allowedAt: number) {
    super(`${what} is too soon after its last update: allowed from ${isoDate(allowedAt)}.`, {
      code: 'XC_DEBOUNCE',
      instruction: `Submit it at or after ${isoDate(allowedAt)}, or plan it with \`xcollat propose\`.`,
    })
    this.allowedAt = allowedAt
  }
}

/**
 * One update moves a parameter further than the envelope allows in one step. Code
 * `XC_OUT_OF_ENVELOPE`; `maxDelta` is the largest allowed move.
 *
 * @example
 * ```ts
 * try { assertUpdateAllowed(p) } catch (e) { if (e instanceof OutOfEnvelopeError) e.maxDelta }
 * ```
 */
export class OutOfEnvelopeError extends XcollatError {
  override name = 'OutOfEnvelopeError'
  readonly maxDelta: bigint
  constructor(what: string, maxDelta: bigint) {
    super(`${what} moves more than the envelope allows in one update (at most ${maxDelta}).`, {
      code: 'XC_OUT_OF_ENVELOPE',
      instruction: 'Split the change into compliant steps: `xcollat propose` plans them.',
    })
    this.maxDelta = maxDelta
  }
}

/**
 * A pushed update was not executed before it lapsed (the envelope's `expirySeconds`). Code
 * `XC_UPDATE_EXPIRED`.
 *
 * @example
 * ```ts
 * throw new UpdateExpiredError('supplyCap of weth', 1_765_000_000)
 * ```
 */
export class UpdateExpiredError extends XcollatError {
  override name = 'UpdateExpiredError'
  constructor(what: string, expiredAt: number) {
    super(`${what} expired at ${isoDate(expiredAt)}.`, {
      code: 'XC_UPDATE_EXPIRED',
      instruction: 'Push the update again; it must be executed within the envelope’s expiry.',
    })
  }
}

/**
 * Why an update is refused: the debounce (with the date it becomes allowed), the range (with
 * the largest allowed move), an update to zero, a no-op, a parameter or direction the envelope
 * does not allow, or a lapsed push.
 *
 * @example
 * ```ts
 * const v: UpdateViolation = { kind: 'debounce', allowedAt: 1_765_238_400 }
 * ```
 */
export type UpdateViolation =
  | { readonly kind: 'debounce'; readonly allowedAt: number }
  | { readonly kind: 'range'; readonly maxDelta: bigint }
  | { readonly kind: 'zero' }
  | { readonly kind: 'noop' }
  | { readonly kind: 'notGoverned' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'expired'; readonly expiredAt: number }

/** An update to check against an envelope. Times are unix seconds. */
export type CheckUpdateParameters = {
  readonly envelope: ChangeEnvelope
  readonly parameter: GovernedParameter
  /** The asset or route the parameter belongs to (named in errors). */
  readonly subject: string
  readonly current: bigint
  readonly proposed: bigint
  /** When the update would execute. */
  readonly at: number
  /** The last update of this parameter of this subject; absent when it was never updated. */
  readonly lastUpdatedAt?: number | undefined
  /** When the update became due (pushed); with the envelope's expiry, when it lapses. */
  readonly pushedAt?: number | undefined
}

/**
 * Every reason the envelope refuses the update (empty: allowed). Mirrors Aave's
 * `_validateParamUpdate`: allowed once `at − lastUpdatedAt ≥ minDelay`, and within range when
 * `|proposed − current| ≤ max` (absolute) or `≤ ⌊maxBps · current / 10 000⌋` (relative); and
 * the envelope's rules that no update goes to zero and none is a no-op.
 *
 * @example
 * ```ts
 * checkUpdate({ envelope: envelopePreset('aave-risk-steward'), parameter: 'liquidationThreshold', subject: 'weth',
 *   current: 8300n, proposed: 8275n, at: 1_000_000, lastUpdatedAt: 900_000 })
 * // [{ kind: 'debounce', allowedAt: 1159200 }]
 * ```
 */
export function checkUpdate(p: CheckUpdateParameters): UpdateViolation[] {
  const rule: ParameterRule | undefined = p.envelope.rules[p.parameter]
  if (rule === undefined) return [{ kind: 'notGoverned' }]
  const violations: UpdateViolation[] = []
  if (p.proposed === 0n) violations.push({ kind: 'zero' })
  if (p.proposed === p.current) violations.push({ kind: 'noop' })
  if (p.lastUpdatedAt !== undefined && p.at - p.lastUpdatedAt < rule.minDelaySeconds)
    violations.push({ kind: 'debounce', allowedAt: p.lastUpdatedAt + rule.minDelaySeconds })
  if (p.proposed !== p.current) {
    const limit = p.proposed > p.current ? rule.increase : rule.decrease
    const delta = p.proposed > p.current ? p.proposed - p.current : p.current - p.proposed
    const ramped = p.proposed < p.current && rule.decreaseRamp !== undefined
    if (limit.kind === 'forbidden') violations.push({ kind: 'forbidden' })
    else if (!ramped) {
      const max = maxStep(limit, p.current)
      if (max !== undefined && delta > max) violations.push({ kind: 'range', maxDelta: max })
    }
  }
  if (p.pushedAt !== undefined && p.envelope.expirySeconds !== undefined) {
    const expiredAt = p.pushedAt + p.envelope.expirySeconds
    if (p.at > expiredAt) violations.push({ kind: 'expired', expiredAt })
  }
  return violations
}

/**
 * Throws the error of the first violation {@link checkUpdate} finds: {@link DebounceError}
 * (with the date the update becomes allowed), {@link OutOfEnvelopeError},
 * {@link UpdateExpiredError} or {@link InvalidChangeError}.
 *
 * @example
 * ```ts
 * assertUpdateAllowed({ envelope: envelopePreset('aave-risk-steward'), parameter: 'ltv', subject: 'weth',
 *   current: 8000n, proposed: 7975n, at: 1_000_000 }) // allowed: returns
 * ```
 */
export function assertUpdateAllowed(p: CheckUpdateParameters): void {
  const what = `${p.parameter} of ${p.subject} (${p.current} → ${p.proposed})`
  for (const v of checkUpdate(p)) {
    switch (v.kind) {
      case 'debounce':
        throw new DebounceError(what, v.allowedAt)
      case 'range':
        throw new OutOfEnvelopeError(what, v.maxDelta)
      case 'expired':
        throw new UpdateExpiredError(what, v.expiredAt)
      case 'zero':
        throw new InvalidChangeError(`${what} is an update to zero`, 'Propose a value above zero.')
      case 'noop':
        throw new InvalidChangeError(`${what} changes nothing`, 'Propose a different value, or none.')
      case 'notGoverned':
        throw new InvalidChangeError(
          `envelope ${p.envelope.name} does not govern ${p.parameter}`,
          'Use an envelope with a rule for this parameter.',
        )
      case 'forbidden':
        throw new InvalidChangeError(
          `envelope ${p.envelope.name} forbids this direction for ${what}`,
          'Change the parameter the other way, or through another envelope.',
        )
    }
  }
}
