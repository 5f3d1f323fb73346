import { XcollatError } from '../errors.js'

/**
 * Named errors of the bridge-trust algebra (verifier sets, composition, kinds, admin keys,
 * assessment). Each has a stable `code`; tests and callers match on the class or the code.
 *
 * @example
 * ```ts
 * try { verifierSet({ threshold: 4, members: threeMembers }) }
 * catch (e) { if (e instanceof InvalidThresholdError) report(e.code) } // 'XC_INVALID_THRESHOLD'
 * ```
 */
export class InvalidThresholdError extends XcollatError {
  override name = 'InvalidThresholdError'
  constructor(what: string, threshold: unknown, n: number) {
    super(`${what} threshold must be an integer in 1..${n}, got ${String(threshold)}.`, {
      code: 'XC_INVALID_THRESHOLD',
      instruction: `Use a threshold k with 1 ≤ k ≤ n (here n = ${n}): k signatures out of n members.`,
    })
  }
}

/**
 * A verifier set without members or a composition without children.
 *
 * @example
 * ```ts
 * expect(() => all([])).toThrow(EmptyVerifierSetError) // code 'XC_EMPTY_SET'
 * ```
 */
export class EmptyVerifierSetError extends XcollatError {
  override name = 'EmptyVerifierSetError'
  constructor(what: string) {
    super(`${what} is empty.`, {
      code: 'XC_EMPTY_SET',
      instruction: 'Give a verifier set at least one member and a composition at least one child.',
    })
  }
}

/**
 * A member lists a tag (shared infrastructure) that no `tagRisk` in the set or its compositions
 * gives a probability for. Silently ignoring it would understate the common-mode risk.
 *
 * @example
 * ```ts
 * // member tags: ['rpc-a'], tagRisk: {} → UnknownTagError, code 'XC_UNKNOWN_TAG'
 * ```
 */
export class UnknownTagError extends XcollatError {
  override name = 'UnknownTagError'
  constructor(tag: string, memberId: string) {
    super(`Member ${JSON.stringify(memberId)} uses tag ${JSON.stringify(tag)}, which has no tagRisk entry.`, {
      code: 'XC_UNKNOWN_TAG',
      instruction: `Add tagRisk[${JSON.stringify(tag)}] = { pCompromise, pOffline } to the set or to a composition above it, or fix the tag's spelling.`,
    })
  }
}

/**
 * A `tagRisk` entry that no member uses as a tag or operator: almost always a misspelt key.
 *
 * @example
 * ```ts
 * // tagRisk: { 'rcp-a': … } while members use 'rpc-a' → UnusedTagRiskError, code 'XC_UNUSED_TAG_RISK'
 * ```
 */
export class UnusedTagRiskError extends XcollatError {
  override name = 'UnusedTagRiskError'
  constructor(tag: string) {
    super(`tagRisk entry ${JSON.stringify(tag)} is used by no member (as a tag or an operator).`, {
      code: 'XC_UNUSED_TAG_RISK',
      instruction: 'Remove the entry, or add the tag to the members that share that infrastructure.',
    })
  }
}

/**
 * The same tag is given two different probabilities in one composition tree.
 *
 * @example
 * ```ts
 * // A.tagRisk.rpc = { pCompromise: 0.01, … }, B.tagRisk.rpc = { pCompromise: 0.02, … }, all([A, B]) → code 'XC_CONFLICTING_TAG_RISK'
 * ```
 */
export class ConflictingTagRiskError extends XcollatError {
  override name = 'ConflictingTagRiskError'
  constructor(tag: string) {
    super(`Tag ${JSON.stringify(tag)} has two different tagRisk entries in one composition.`, {
      code: 'XC_CONFLICTING_TAG_RISK',
      instruction:
        'A tag is one shared event: give it one { pCompromise, pOffline } (best on the top composition).',
    })
  }
}

/**
 * More shared tags with a probability strictly between 0 and 1 than the exact engine enumerates.
 *
 * @example
 * ```ts
 * // 21 risky shared tags → TooManySharedTagsError, code 'XC_TOO_MANY_SHARED_TAGS'
 * ```
 */
export class TooManySharedTagsError extends XcollatError {
  override name = 'TooManySharedTagsError'
  constructor(count: number, limit: number) {
    super(
      `The exact engine enumerates at most ${limit} shared tags (2^${limit} joint states), got ${count}.`,
      {
        code: 'XC_TOO_MANY_SHARED_TAGS',
        instruction:
          'Merge tags that describe the same infrastructure, or drop tags whose probability is negligible (set them to 0).',
      },
    )
  }
}

/**
 * Two members of one verifier set share an `id`.
 *
 * @example
 * ```ts
 * // members [{ id: 'a', … }, { id: 'a', … }] → DuplicateMemberError, code 'XC_DUPLICATE_MEMBER'
 * ```
 */
export class DuplicateMemberError extends XcollatError {
  override name = 'DuplicateMemberError'
  constructor(id: string) {
    super(`Member id ${JSON.stringify(id)} appears twice in one verifier set.`, {
      code: 'XC_DUPLICATE_MEMBER',
      instruction:
        'Give every member a distinct id; to make two members fail together, give them a shared tag or operator.',
    })
  }
}

/**
 * A bridge, member or admin description is malformed (missing name, unknown kind, bad field).
 *
 * @example
 * ```ts
 * // assessBridge({ kind: 'teleport', … }) → InvalidBridgeError, code 'XC_INVALID_BRIDGE'
 * ```
 */
export class InvalidBridgeError extends XcollatError {
  override name = 'InvalidBridgeError'
  constructor(problem: string, instruction: string) {
    super(problem, { code: 'XC_INVALID_BRIDGE', instruction })
  }
}
