import type { Architecture } from '../vocabulary.js'

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
