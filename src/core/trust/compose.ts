import { EmptyVerifierSetError, InvalidBridgeError, InvalidThresholdError } from './errors.js'
import { type Composition, type TagRiskMap, type TrustNode, validateTagRisk } from './verifierSet.js'

/**
 * The composition algebra of verifier sets. Sets in a composition are independent given the
 * states of the shared tags, which the engine (verifierSet.ts) enumerates once for the whole tree.
 *
 * | node | unsafe when | halted when |
 * |---|---|---|
 * | `all(sets)` | every set is fooled (Π p) | any set halts (every verifier must sign) |
 * | `any(sets)` | one set is fooled (1 − Π(1 − p)) | every set halts |
 * | `thresholdOf(m, sets)` | ≥ m sets fooled (Poisson-binomial tail) | > n − m sets halt |
 * | `path(hops)` | any hop is fooled | any hop halts |
 */

/** Options of a composition: shared-tag probabilities for tags used anywhere below it. */
export type CompositionOptions = { readonly tagRisk?: TagRiskMap }

function checkChildren(what: string, children: readonly TrustNode[]): readonly TrustNode[] {
  if (!Array.isArray(children)) {
    throw new InvalidBridgeError(`${what} needs an array of sets.`, `Call ${what}([setA, setB]).`)
  }
  if (children.length === 0) throw new EmptyVerifierSetError(`${what}([])`)
  children.forEach((c, i) => {
    if (typeof c !== 'object' || c === null || typeof (c as { type?: unknown }).type !== 'string') {
      throw new InvalidBridgeError(
        `${what}: child ${i} is not a verifier set or composition.`,
        'Build children with verifierSet, stakeWeightedSet, all, any, thresholdOf or path.',
      )
    }
  })
  return Object.freeze([...children])
}

function compose(
  type: 'all' | 'any' | 'path',
  children: readonly TrustNode[],
  options?: CompositionOptions,
): Composition {
  return Object.freeze({
    type,
    children: checkChildren(type, children),
    tagRisk: validateTagRisk(type, options?.tagRisk),
  })
}

/**
 * Every set must be fooled (LayerZero required DVNs, a Hyperlane aggregation ISM): unsafe with
 * probability Π pᵢ given the shared-tag state; halted when any set halts.
 *
 * @example
 * ```ts
 * const kelp = all([dvnLayerZero, dvnNethermind], { tagRisk: { rpc: { pCompromise: 0.02, pOffline: 0.001 } } })
 * compromiseProbability(kelp)
 * ```
 */
export function all(children: readonly TrustNode[], options?: CompositionOptions): Composition {
  return compose('all', children, options)
}

/**
 * One set suffices to forge (several independent ways in, e.g. a bridge and its admin): unsafe with
 * probability 1 − Π(1 − pᵢ) given the shared-tag state; halted only when every set halts.
 *
 * @example
 * ```ts
 * compromiseProbability(any([bridge, upgradeKeys])) // ≥ each
 * ```
 */
export function any(children: readonly TrustNode[], options?: CompositionOptions): Composition {
  return compose('any', children, options)
}

/**
 * A multi-hop route: unsafe if any hop is unsafe, halted if any hop halts.
 *
 * @example
 * ```ts
 * compromiseProbability(path([ethToArbitrum, arbitrumToBase]))
 * ```
 */
export function path(hops: readonly TrustNode[], options?: CompositionOptions): Composition {
  return compose('path', hops, options)
}

/**
 * m of n sets must agree (Aave's a.DI delivers when m of its n bridges agree): unsafe when at least
 * m sets are fooled, halted when more than n − m sets halt.
 *
 * @example
 * ```ts
 * const adi = thresholdOf(2, [ccip, layerZero, hyperlane])
 * compromiseProbability(adi) // ≈ 3p² for three independent bridges at p
 * ```
 */
export function thresholdOf(
  m: number,
  children: readonly TrustNode[],
  options?: CompositionOptions,
): Composition {
  const checked = checkChildren('thresholdOf', children)
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > checked.length) {
    throw new InvalidThresholdError('thresholdOf', m, checked.length)
  }
  return Object.freeze({
    type: 'thresholdOf',
    threshold: m,
    children: checked,
    tagRisk: validateTagRisk('thresholdOf', options?.tagRisk),
  })
}
