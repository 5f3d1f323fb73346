import { alertKey } from '../alerts.js'
import type { Handler, ObservationOf } from './context.js'
import { verified } from './failures.js'

/**
 * The backing invariant of a route: what the home escrow holds must cover what other chains
 * credit or mint. A shortfall is critical (a forged message credited collateral that was never
 * locked: the KelpDAO case). A read that fails is a `readFailed` observation of scope
 * `backing:<route>`, also critical: the invariant is never assumed.
 */
export const handleBacking: Handler<ObservationOf<'backing'>> = (state, o, book) => {
  verified(book, `backing:${o.route}`, o.at)
  const breach = o.locked < o.supply
  book.set(
    breach,
    {
      key: alertKey('backing-breach', o.route),
      kind: 'backing-breach',
      severity: 'critical',
      chain: o.at.chain,
      subject: o.route,
      message: `${o.route}: ${o.supply - o.locked} raw units credited beyond what is locked`,
      raisedAt: { time: o.at.time, block: o.at.block },
      details: {
        locked: o.locked.toString(),
        supply: o.supply.toString(),
        deficit: (o.supply - o.locked).toString(),
        decimals: o.decimals,
      },
    },
    o.at,
  )
  return state
}
