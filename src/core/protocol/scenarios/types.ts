import { type Rng, streams } from '../../math/random.js'
import type { Design } from '../architectures.js'
import type { ProtocolEvent } from '../events.js'
import type { ProtocolConfig } from '../state.js'

/**
 * What a scenario builds: the protocol's configuration and its initial events (sorted by time).
 *
 * @example `import type { ScenarioSetup } from './types.js'`
 */
export type ScenarioSetup = { readonly config: ProtocolConfig; readonly events: readonly ProtocolEvent[] }

/**
 * A named, sourced scenario. `build(seed, design)` draws everything random from
 * `scenarioRng(seed)` (stream 0 of the seed; the engine's message latencies use stream 1), so the
 * same seed gives the same events.
 *
 * @example
 * ```ts
 * const s: Scenario = { name: 'x', description: '…', source: '…', build: (seed, design) => setup }
 * ```
 */
export type Scenario = {
  readonly name: string
  /** A short title for tables (`xcollat scenario --list`); the name stands in without one. */
  readonly title?: string
  readonly description: string
  readonly source: string
  readonly build: (seed: number, design: Design) => ScenarioSetup
}

/**
 * The generator a scenario's `build` draws from: stream 0 of the seed (`streams(seed, 2)[0]`).
 * Throws `InvalidSeedError` for a seed that is not an integer in [0, 2^64).
 *
 * @example
 * ```ts
 * const u = scenarioRng(42).next()
 * ```
 */
export function scenarioRng(seed: number): Rng {
  return streams(seed, 1)[0]!
}

/**
 * The generator the engine draws message latencies from: stream 1 of the seed.
 *
 * @example
 * ```ts
 * createState(config, latencyRng(42))
 * ```
 */
export function latencyRng(seed: number): Rng {
  return streams(seed, 2)[1]!
}
