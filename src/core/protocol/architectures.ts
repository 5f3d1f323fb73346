/**
 * The three architectures a route can use (DESIGN.md, "The protocol"):
 *
 * - `message-passing`: collateral stays in the home vault; the debt chain holds a credit. A
 *   withdrawal debits the credit on the debt chain first, then a release message frees it at home;
 *   a liquidation sends a seize message home.
 * - `synthetic`: the bridge mints a wrapped token on the debt chain, which is ordinary collateral
 *   there. Withdrawals and liquidations are local to the debt chain; a forged mint leaves the
 *   wrapped supply under-backed, and its true value falls to `price · locked / supply` (a depeg).
 * - `hybrid-l2`: as message passing, but the home chain is an L2 sharing the L1's security:
 *   messages towards the debt chain are fast, and anything leaving (release, seize) waits the
 *   exit window (`exitSeconds`).
 *
 * @example `ARCHITECTURES.includes('synthetic') // true`
 */
export const ARCHITECTURES = ['message-passing', 'synthetic', 'hybrid-l2'] as const

/** @example `const a: Architecture = 'synthetic'` */
export type Architecture = (typeof ARCHITECTURES)[number]

/**
 * The reference design (debit first, nonces, caps, clamp guard) or the naive one.
 *
 * @example `DESIGNS // ['reference', 'naive']`
 */
export const DESIGNS = ['reference', 'naive'] as const

/** @example `const d: Design = 'naive'` */
export type Design = (typeof DESIGNS)[number]

/**
 * Whether the architecture moves collateral home by message after a liquidation or withdrawal
 * (message passing and hybrid do; synthetic settles on the debt chain).
 *
 * @example
 * ```ts
 * settlesAtHome('synthetic') // false
 * ```
 */
export function settlesAtHome(architecture: Architecture): boolean {
  return architecture !== 'synthetic'
}
