import { alertKey } from '../alerts.js'
import type { Severity } from '../types.js'
import type { Handler, ObservationOf } from './context.js'

/**
 * How severe an unverified check is, by its scope: the backing invariant, positions and bridge
 * configuration fail closed as critical; an oracle read as danger; anything else as a warning.
 */
function readFailedSeverity(scope: string): Severity {
  const family = scope.split(':', 1)[0]
  if (family === 'backing' || family === 'positions' || family === 'uln') return 'critical'
  if (family === 'feed' || family === 'sequencer') return 'danger'
  return 'warning'
}

/** A read that failed: its check is unverified, which is an alert (never a pass). */
export const handleReadFailed: Handler<ObservationOf<'readFailed'>> = (state, o, book) => {
  book.set(
    true,
    {
      key: alertKey('read-failed', o.scope),
      kind: 'read-failed',
      severity: readFailedSeverity(o.scope),
      chain: o.at.chain,
      subject: o.scope,
      message: `${o.what} could not be read, so ${o.scope} is unverified: ${o.error}`,
      raisedAt: { time: o.at.time, block: o.at.block },
      details: { what: o.what, error: o.error },
    },
    o.at,
  )
  return state
}

/** A check whose read succeeded is verified again: its read-failed alert, if any, resolves. */
export function verified(
  book: { resolve(key: string, at: { readonly time: bigint }): void },
  scope: string,
  at: { readonly time: bigint },
): void {
  book.resolve(alertKey('read-failed', scope), at)
}
