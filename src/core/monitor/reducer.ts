import { XcollatError } from '../errors.js'
import { AlertBook } from './alerts.js'
import type { Handler } from './handlers/context.js'
import { HANDLERS } from './handlers/table.js'
import { DEFAULT_HEALTH_BANDS } from './health.js'
import type { Effect, MonitorConfig, MonitorState, Observation } from './types.js'

/**
 * An observation the monitor does not know (a type outside the table). Code
 * `XC_MONITOR_OBSERVATION`.
 *
 * @example
 * ```ts
 * reduce(initialMonitorState(), { type: 'nope' } as never, DEFAULT_MONITOR_CONFIG) // throws InvalidObservationError
 * ```
 */
export class InvalidObservationError extends XcollatError {
  override name = 'InvalidObservationError'
  constructor(type: unknown, index?: number) {
    super(
      `Unknown monitor observation type ${JSON.stringify(type)}${index === undefined ? '' : ` at index ${index}`}.`,
      {
        code: 'XC_MONITOR_OBSERVATION',
        instruction: `Record only observations of the types ${Object.keys(HANDLERS).join(', ')}.`,
      },
    )
  }
}

/**
 * The monitor's defaults: bands critical < 1, danger < 1.1, warning < 1.25 (1 % recovery margin),
 * keeper liveness after 10 blocks, an RPC stale after 30 s of silence, 128 blocks of reorg window,
 * and a route model of independent DVNs compromised at 5 % a year each, a 0.5 % implementation
 * bug, the devnet's 80 % base collateral factor and a $10M cap.
 *
 * @example
 * ```ts
 * const config = { ...DEFAULT_MONITOR_CONFIG, staleAfterMs: 5_000 }
 * ```
 */
export const DEFAULT_MONITOR_CONFIG: MonitorConfig = {
  bands: DEFAULT_HEALTH_BANDS,
  keeperBlocks: 10n,
  staleAfterMs: 30_000,
  reorgWindow: 128,
  trust: {
    dvnAnnualCompromise: 0.05,
    implementationBug: 0.005,
    baseCollateralFactorBps: 8_000n,
    capUsd: 10_000_000,
  },
}

/**
 * The state of a monitor that has seen nothing.
 *
 * @example
 * ```ts
 * const [state, effects] = reduce(initialMonitorState(), observation, DEFAULT_MONITOR_CONFIG)
 * ```
 */
export function initialMonitorState(): MonitorState {
  return { chains: {}, alerts: {}, ulnBaselines: {}, positions: {} }
}

/**
 * The monitor's pure reducer: one observation in, the next state and the effects out (raise,
 * update or resolve an alert; write a snapshot; replace what a reorg invalidated). No IO, no
 * clock: every time comes in the observation, so a recorded log replays to the same alerts.
 *
 * @throws InvalidObservationError for an observation type outside the handler table.
 * @example
 * ```ts
 * const [next, effects] = reduce(state, { type: 'rpc', chain: 'home', ok: false, atMs: 1_700_000_060_000 }, config)
 * effects.filter((e) => e.type === 'raise') // a 'chain-stale' alert once the RPC is silent long enough
 * ```
 */
export function reduce(
  state: MonitorState,
  observation: Observation,
  config: MonitorConfig,
): [MonitorState, Effect[]] {
  const handler = (HANDLERS as Record<string, Handler<Observation> | undefined>)[observation?.type]
  if (handler === undefined) throw new InvalidObservationError(observation?.type)
  const book = new AlertBook(state.alerts)
  const next = handler(state, observation, book, config)
  return [{ ...next, alerts: book.alerts }, book.effects]
}

/**
 * Replays a log of observations from a state: the final state and every effect in order.
 *
 * @throws InvalidObservationError naming the index of an unknown observation.
 * @example
 * ```ts
 * const { state, effects } = replay(log, DEFAULT_MONITOR_CONFIG)
 * ```
 */
export function replay(
  log: readonly Observation[],
  config: MonitorConfig,
  from: MonitorState = initialMonitorState(),
): { readonly state: MonitorState; readonly effects: readonly Effect[] } {
  let state = from
  const effects: Effect[] = []
  for (let i = 0; i < log.length; i++) {
    const o = log[i] as Observation
    if (!(o?.type in HANDLERS)) throw new InvalidObservationError(o?.type, i)
    const [next, out] = reduce(state, o, config)
    state = next
    for (const e of out) effects.push(e)
  }
  return { state, effects }
}
