import { XcollatError } from './errors.js'
import { nonNegative, positive, unitInterval } from './units/validate.js'

/**
 * The words of the domain, each defined once: the config schema, the assessment, the bridge
 * trust model, the protocol engine and the simulator all import them from here.
 */

/**
 * The three cross-chain architectures a route can use (DESIGN.md, "The protocol"):
 *
 * - `message-passing`: collateral stays in the home vault; the debt chain holds a credit. A
 *   withdrawal debits the credit on the debt chain first, then a release message frees it at home;
 *   a liquidation sends a seize message home.
 * - `synthetic`: the bridge mints a wrapped token on the debt chain, which is ordinary collateral
 *   there. Withdrawals and liquidations are local to the debt chain; a forged mint leaves the
 *   wrapped supply under-backed, and its true value falls to `price · locked / supply` (a depeg).
 * - `hybrid-l2`: as message passing, but the home chain is an L2 sharing the L1's security:
 *   messages towards the debt chain are fast, and anything leaving (release, seize) waits the
 *   exit window.
 *
 * @example
 * ```ts
 * ARCHITECTURES.includes('synthetic') // true
 * ```
 */
export const ARCHITECTURES = ['message-passing', 'synthetic', 'hybrid-l2'] as const

/**
 * One of {@link ARCHITECTURES}.
 *
 * @example
 * ```ts
 * const a: Architecture = 'message-passing'
 * ```
 */
export type Architecture = (typeof ARCHITECTURES)[number]

/**
 * What a route (the unit of assessment) can be: one of the three cross-chain {@link ARCHITECTURES},
 * or `native`: the collateral sits on the debt chain itself, no bridge and no message (the baseline
 * every bridged route of the same asset is compared with). The protocol engine and the simulator
 * model the cross-chain three; a native route has nothing cross-chain to simulate.
 *
 * @example
 * ```ts
 * ROUTE_ARCHITECTURES.includes('native') // true
 * ```
 */
export const ROUTE_ARCHITECTURES = ['native', ...ARCHITECTURES] as const

/**
 * One of {@link ROUTE_ARCHITECTURES}.
 *
 * @example
 * ```ts
 * const a: RouteArchitecture = 'native'
 * ```
 */
export type RouteArchitecture = (typeof ROUTE_ARCHITECTURES)[number]

/**
 * Whether a value (an option, an untyped input) is one of {@link ARCHITECTURES}.
 *
 * @example
 * ```ts
 * isArchitecture('synthetic') // true
 * isArchitecture('wormhole') // false
 * ```
 */
export function isArchitecture(value: unknown): value is Architecture {
  return (ARCHITECTURES as readonly unknown[]).includes(value)
}

/**
 * Chain kinds: an L1, a rollup that settles on an L1, or a chain with its own validators.
 *
 * @example
 * ```ts
 * CHAIN_KINDS.includes('zk-rollup') // true
 * ```
 */
export const CHAIN_KINDS = ['l1', 'optimistic-rollup', 'zk-rollup', 'sidechain'] as const

/**
 * One of {@link CHAIN_KINDS}.
 *
 * @example
 * ```ts
 * const k: ChainKind = 'optimistic-rollup'
 * ```
 */
export type ChainKind = (typeof CHAIN_KINDS)[number]

/**
 * Bridge families of the catalog: a label; the trust model of a bridge is described apart.
 *
 * @example
 * ```ts
 * BRIDGE_FAMILIES.includes('ccip') // true
 * ```
 */
export const BRIDGE_FAMILIES = [
  'optimistic-canonical',
  'zk-canonical',
  'external-threshold',
  'layerzero-oft',
  'ccip',
  'cctp',
  'axelar',
  'ibc',
] as const

/**
 * One of {@link BRIDGE_FAMILIES}.
 *
 * @example
 * ```ts
 * const f: BridgeFamily = 'layerzero-oft'
 * ```
 */
export type BridgeFamily = (typeof BRIDGE_FAMILIES)[number]

/**
 * Bridges whose trust is the source chain's own security: a light client, a ZK proof of its
 * consensus, or a native rollup bridge.
 *
 * @example
 * ```ts
 * CHAIN_SECURED_KINDS // ['lightClient', 'zk', 'nativeRollup']
 * ```
 */
export const CHAIN_SECURED_KINDS = ['lightClient', 'zk', 'nativeRollup'] as const

/**
 * One of {@link CHAIN_SECURED_KINDS}.
 *
 * @example
 * ```ts
 * const k: ChainSecuredKindName = 'zk'
 * ```
 */
export type ChainSecuredKindName = (typeof CHAIN_SECURED_KINDS)[number]

/**
 * Which parameter policy an assessment reports: the principled parameters, the seed's
 * trust-score adjustment, or both.
 *
 * @example
 * ```ts
 * PARAMETER_POLICIES[2] // 'both'
 * ```
 */
export const PARAMETER_POLICIES = ['principled', 'trust-score', 'both'] as const

/**
 * One of {@link PARAMETER_POLICIES}.
 *
 * @example
 * ```ts
 * const p: ParameterPolicy = 'principled'
 * ```
 */
export type ParameterPolicy = (typeof PARAMETER_POLICIES)[number]

/**
 * How a bridge moves an asset: it locks it on the home chain and mints a copy, or burns it on one
 * chain and mints it on the other.
 *
 * @example
 * ```ts
 * MECHANISMS // ['lock-and-mint', 'burn-and-mint']
 * ```
 */
export const MECHANISMS = ['lock-and-mint', 'burn-and-mint'] as const

/**
 * One of {@link MECHANISMS}.
 *
 * @example
 * ```ts
 * const m: Mechanism = 'burn-and-mint'
 * ```
 */
export type Mechanism = (typeof MECHANISMS)[number]

/**
 * How the asset exists on the destination chain: the issuer's canonical token, or a wrapped copy.
 *
 * @example
 * ```ts
 * REPRESENTATIONS.includes('wrapped') // true
 * ```
 */
export const REPRESENTATIONS = ['canonical', 'wrapped'] as const

/**
 * One of {@link REPRESENTATIONS}.
 *
 * @example
 * ```ts
 * const r: Representation = 'canonical'
 * ```
 */
export type Representation = (typeof REPRESENTATIONS)[number]

/**
 * The seed's collateral classes, in the order of its risk matrix.
 *
 * @example
 * ```ts
 * COLLATERAL_CLASSES[0] // 'native-bridged'
 * ```
 */
export const COLLATERAL_CLASSES = [
  'native-bridged',
  'third-party-stablecoin',
  'exotic-lst',
  'synthetic',
] as const

/**
 * One of {@link COLLATERAL_CLASSES}.
 *
 * @example
 * ```ts
 * const c: CollateralClass = 'exotic-lst'
 * ```
 */
export type CollateralClass = (typeof COLLATERAL_CLASSES)[number]

/**
 * Rate of a constant hazard (Poisson arrivals) from the probability of at least one event over a
 * horizon: `λ = −ln(1 − p) / h`, events per unit of `h` (per year when `h` is in years).
 * `p = 0` gives 0; `p = 1` gives `Infinity` (the event is certain, so no finite rate reproduces
 * it): callers that need a finite rate must treat that case, never clamp it silently.
 *
 * @throws InvalidNumberError, OutOfRangeError (p outside [0, 1], h not > 0).
 * @example
 * ```ts
 * rateFromProbability(0.01, 1) // 0.010050335853501442
 * rateFromProbability(0.01, 0.5) // 0.020100671707002884 (two half-years)
 * rateFromProbability(1, 1) // Infinity
 * ```
 */
export function rateFromProbability(p: number, horizon: number): number {
  unitInterval('probability', p)
  const h = positive('horizon', horizon)
  if (p === 1) return Number.POSITIVE_INFINITY
  return -Math.log1p(-p) / h
}

/**
 * Probability of at least one event over a horizon for a constant hazard: `p = 1 − exp(−λ·h)`,
 * the inverse of {@link rateFromProbability} (`λ = Infinity` gives 1). Never above 1, where the
 * naive `λ·h` would be for long horizons.
 *
 * @throws InvalidNumberError, NegativeValueError (a NaN or negative rate or horizon).
 * @example
 * ```ts
 * probabilityFromRate(0.1, 1) // 0.09516258196404048
 * probabilityFromRate(rateFromProbability(0.3, 2), 2) // 0.3 (to rounding)
 * ```
 */
export function probabilityFromRate(rate: number, horizon: number): number {
  const h = nonNegative('horizon', horizon)
  if (rate === Number.POSITIVE_INFINITY) return h === 0 ? 0 : 1
  return -Math.expm1(-nonNegative('rate', rate) * h)
}

/**
 * A value of a union reached a branch that handles none of its members: the input was built
 * outside the types (an untyped caller, a bad cast). Code `XC_UNREACHABLE`.
 *
 * @example
 * ```ts
 * new UnreachableError('unknown event type "teleport"').code // 'XC_UNREACHABLE'
 * ```
 */
export class UnreachableError extends XcollatError {
  override name = 'UnreachableError'
  constructor(message: string) {
    super(message, {
      code: 'XC_UNREACHABLE',
      instruction: 'Build the value with the constructors of its module, not by hand or through a cast.',
    })
  }
}

/**
 * Compile-time exhaustiveness: a `switch` over a union calls this in its `default` branch, so that
 * a new member fails to compile until it is handled. At run time (a value built outside the types)
 * it throws `fail(value)` when given (a module's own named error), else {@link UnreachableError}.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'tick': return onTick(event)
 *   default: return assertUnreachable(event, (e) => new InvalidEventError(`unknown event ${String(e)}`))
 * }
 * ```
 */
export function assertUnreachable(value: never, fail?: (value: unknown) => Error): never {
  throw fail ? fail(value) : new UnreachableError(`unexpected value ${describe(value)}`)
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
