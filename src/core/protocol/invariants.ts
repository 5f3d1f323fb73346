import { violate } from './handlers/context.js'
import type { ProtocolState } from './state.js'

/**
 * The invariants checked after every event (names as recorded in `state.violations`):
 *
 * - `collateral-conserved`: per route, `vaultLocked = (credited − forgedOutstanding) + inFlight +
 *   wrappedOutside`: every unit of genuine credit is backed by a lock, counting collateral in
 *   messages and (synthetic) wrapped tokens outside the protocol; forged credit is tracked apart.
 * - `no-negative-balance`: no ledger total, account balance, liquidator capital or reserve below 0.
 * - `nonce-replay` and `seize-at-most-once` are recorded by the transport and seize handlers at
 *   the moment they happen (only the naive design lets them happen).
 *
 * @example `INVARIANTS[0] // 'collateral-conserved'`
 */
export const INVARIANTS = [
  'collateral-conserved',
  'no-negative-balance',
  'nonce-replay',
  'seize-at-most-once',
] as const

/** @example `const i: InvariantName = 'nonce-replay'` */
export type InvariantName = (typeof INVARIANTS)[number]

/**
 * O(routes) check from the ledger totals, recording each broken invariant in `state.violations`.
 * Returns how many were broken by this check.
 *
 * @example
 * ```ts
 * checkInvariants(state) // 0 for the reference design
 * ```
 */
export function checkInvariants(state: ProtocolState): number {
  let broken = 0
  for (let i = 0; i < state.routes.length; i++) {
    const r = state.routes[i]!
    if (r.vaultLocked !== r.credited - r.forgedOutstanding + r.inFlight + r.wrappedOutside) {
      violate(state, 'collateral-conserved', i)
      broken++
    }
    if (
      r.vaultLocked < 0n ||
      r.credited < 0n ||
      r.forgedOutstanding < 0n ||
      r.inFlight < 0n ||
      r.wrappedOutside < 0n ||
      r.forgedOutstanding > r.credited
    ) {
      violate(state, 'no-negative-balance', i)
      broken++
    }
  }
  if (state.reserveUsd < 0n) {
    violate(state, 'no-negative-balance', -1)
    broken++
  }
  return broken
}

/**
 * O(accounts) check: everything `checkInvariants` checks, plus every account balance ≥ 0,
 * forged ≤ credit, and the route totals equal the sums of their accounts' columns.
 *
 * @example
 * ```ts
 * checkInvariantsFull(state) // 0 for the reference design
 * ```
 */
export function checkInvariantsFull(state: ProtocolState): number {
  let broken = checkInvariants(state)
  const acc = state.accounts
  const locked = state.routes.map(() => 0n)
  const credit = state.routes.map(() => 0n)
  const forged = state.routes.map(() => 0n)
  const negative = new Set<number>()
  for (let a = 0; a < acc.route.length; a++) {
    const ri = acc.route[a]!
    const l = acc.locked[a]!
    const c = acc.credit[a]!
    const f = acc.forged[a]!
    if (l < 0n || c < 0n || f < 0n || f > c || acc.debt[a]! < 0n) negative.add(ri)
    locked[ri] = locked[ri]! + l
    credit[ri] = credit[ri]! + c
    forged[ri] = forged[ri]! + f
  }
  for (const ri of negative) {
    violate(state, 'no-negative-balance', ri)
    broken++
  }
  state.routes.forEach((r, i) => {
    if (locked[i] !== r.vaultLocked || credit[i] !== r.credited || forged[i] !== r.forgedOutstanding) {
      violate(state, 'collateral-conserved', i)
      broken++
    }
  })
  for (const l of state.liquidators)
    if (l.capitalUsd.some((c) => c < 0n)) {
      violate(state, 'no-negative-balance', -1)
      broken++
    }
  for (const m of state.managers)
    if (m.liquidityUsd < 0n) {
      violate(state, 'no-negative-balance', -1)
      broken++
    }
  return broken
}
