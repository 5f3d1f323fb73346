import type { Design } from '../architectures.js'
import { type InvariantMode, type ProtocolSummary, runEvents, summarize, type TraceLine } from '../engine.js'
import { UnknownScenarioError } from '../errors.js'
import { createState } from '../state.js'
import { ADVERSARIAL_SCENARIOS } from './adversarial.js'
import { CRASH_SCENARIOS } from './crash.js'
import { latencyRng, type Scenario } from './types.js'

/**
 * The scenario library. The simulation modules add market scenarios by building a longer list
 * (`[...SCENARIOS, ...mine]`) and passing it to `findScenario` / `runScenario`.
 *
 * @example
 * ```ts
 * SCENARIOS.map((s) => s.name) // ['crash-40-24h', …, 'oracle-floor']
 * ```
 */
export const SCENARIOS: readonly Scenario[] = [...CRASH_SCENARIOS, ...ADVERSARIAL_SCENARIOS]

/**
 * The scenario with that name, or `UnknownScenarioError`.
 *
 * @example
 * ```ts
 * findScenario('replay').description
 * ```
 */
export function findScenario(name: string, library: readonly Scenario[] = SCENARIOS): Scenario {
  const found = library.find((s) => s.name === name)
  if (!found)
    throw new UnknownScenarioError(
      name,
      library.map((s) => s.name),
    )
  return found
}

/**
 * Inputs of `runScenario`.
 *
 * @example `import type { RunScenarioParameters } from './registry.js'`
 */
export type RunScenarioParameters = {
  readonly scenario: Scenario
  readonly design: Design
  readonly seed: number
  readonly invariants?: InvariantMode
  readonly trace?: boolean
}

/**
 * A scenario's result: its name, design and seed, the run's summary and (if asked) the trace.
 *
 * @example `import type { ScenarioResult } from './registry.js'`
 */
export type ScenarioResult = ProtocolSummary & {
  readonly scenario: string
  readonly design: Design
  readonly seed: number
  readonly trace?: readonly TraceLine[]
}

/**
 * Builds a scenario from the seed (stream 0 draws the scenario's events, stream 1 the message
 * latencies) and runs it with the invariants checked after every event (`cheap` by default). Same seed, same result, bit for bit.
 *
 * @example
 * ```ts
 * runScenario({ scenario: findScenario('replay'), design: 'naive', seed: 1 }).attackerProfitUsd // > 0
 * ```
 */
export function runScenario(p: RunScenarioParameters): ScenarioResult {
  const latency = latencyRng(p.seed) // validates the seed (InvalidSeedError)
  const setup = p.scenario.build(p.seed, p.design)
  const state = createState(setup.config, latency)
  const outcome = runEvents(state, setup.events, {
    invariants: p.invariants ?? 'cheap',
    trace: p.trace ?? false,
  })
  const summary = summarize(outcome.state, outcome.events)
  return {
    scenario: p.scenario.name,
    design: p.design,
    seed: p.seed,
    ...summary,
    ...(p.trace ? { trace: outcome.trace } : {}),
  }
}
