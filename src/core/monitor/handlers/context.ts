import type { AlertBook } from '../alerts.js'
import type { MonitorConfig, MonitorState, Observation } from '../types.js'

/** The observation of one `type`. */
export type ObservationOf<T extends Observation['type']> = Extract<Observation, { readonly type: T }>

/** A handler: the next state from one observation; alert changes and other effects go to the book. */
export type Handler<O extends Observation> = (
  state: MonitorState,
  observation: O,
  book: AlertBook,
  config: MonitorConfig,
) => MonitorState

/** One handler per observation type. */
export type HandlerTable = { readonly [T in Observation['type']]: Handler<ObservationOf<T>> }
