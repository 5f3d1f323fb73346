/**
 * The protocol's events: a tagged union on `type`, one handler each (see `handlers.ts`), every
 * event stamped with its time `at` in seconds since the scenario start. Amounts are bigint:
 * collateral in the token's raw units, USD as WAD (1e18 = $1), prices as USD WAD per whole token.
 */

/**
 * What a cross-chain message asks for. Channel 0 runs home → debt chain, channel 1 debt → home.
 *
 * @example `MESSAGE_KINDS.length // 5`
 */
export const MESSAGE_KINDS = ['credit', 'withdrawal', 'debit', 'release', 'seize'] as const
/** @example `const k: MessageKind = 'seize'` */
export type MessageKind = (typeof MESSAGE_KINDS)[number]

/**
 * The two channels of a route by name: `toDebt` (0) carries credits, withdrawal requests and
 * naive debits from home to the debt chain; `toHome` (1) carries releases and seizes back.
 *
 * @example `CHANNELS.toHome // 1`
 */
export const CHANNELS = { toDebt: 0, toHome: 1 } as const

/** @example `const c: Channel = CHANNELS.toDebt` */
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS]

/**
 * Where a message is in its life. `dropped` genuine collateral stays counted as in flight (stuck).
 *
 * @example `import type { MessageStatus } from './events.js'`
 */
export type MessageStatus = 'inFlight' | 'held' | 'applied' | 'rejected' | 'dropped'

/**
 * One cross-chain message. Mutable: the transport layer updates `status` and `deliverAt`.
 * `forged` marks a message no lock backs (a compromised verifier signed it; its nonce is valid).
 *
 * @example
 * ```ts
 * const m: Message = { id: 0, route: 0, channel: 0, nonce: 0, kind: 'credit', account: 3,
 *   amount: 10n ** 18n, backed: 10n ** 18n, forged: false, sentAt: 0, deliverAt: 60, status: 'inFlight' }
 * ```
 */
export type Message = {
  readonly id: number
  readonly route: number
  readonly channel: Channel
  readonly nonce: number
  readonly kind: MessageKind
  readonly account: number
  readonly amount: bigint
  /** The part of `amount` a genuine lock backs (the rest is forged credit travelling home). */
  readonly backed: bigint
  readonly forged: boolean
  readonly sentAt: number
  deliverAt: number
  status: MessageStatus
  /** Liquidation id, on `seize` messages only. */
  readonly liquidation?: number
}

/**
 * A market price tick: the true price of the collateral, USD WAD per whole token.
 *
 * @example `import type { PriceTickEvent } from './events.js'`
 */
export type PriceTickEvent = { readonly type: 'priceTick'; readonly at: number; readonly priceWad: bigint }
/**
 * An oracle round on a debt chain; `costUsd` > 0 marks an attacker's manipulated push (its cost).
 *
 * @example `import type { OracleUpdateEvent } from './events.js'`
 */
export type OracleUpdateEvent = {
  readonly type: 'oracleUpdate'
  readonly at: number
  readonly chain: number
  readonly answerWad: bigint
  readonly costUsd?: bigint
}
/**
 * A borrower locks collateral in the home vault (message passing, hybrid) or bridge (synthetic).
 *
 * @example `import type { LockEvent } from './events.js'`
 */
export type LockEvent = {
  readonly type: 'lock'
  readonly at: number
  readonly account: number
  readonly amount: bigint
}
/**
 * Borrow USD (WAD) on the debt chain against the credit.
 *
 * @example `import type { BorrowEvent } from './events.js'`
 */
export type BorrowEvent = {
  readonly type: 'borrow'
  readonly at: number
  readonly account: number
  readonly amountUsd: bigint
}
/**
 * Repay USD (WAD) on the debt chain.
 *
 * @example `import type { RepayEvent } from './events.js'`
 */
export type RepayEvent = {
  readonly type: 'repay'
  readonly at: number
  readonly account: number
  readonly amountUsd: bigint
}
/**
 * A borrower asks for collateral back (at home for message passing and hybrid, on the debt chain for synthetic).
 *
 * @example `import type { WithdrawEvent } from './events.js'`
 */
export type WithdrawEvent = {
  readonly type: 'withdraw'
  readonly at: number
  readonly account: number
  readonly amount: bigint
}
/**
 * A liquidator tries to liquidate an account on its debt chain.
 *
 * @example `import type { LiquidateEvent } from './events.js'`
 */
export type LiquidateEvent = {
  readonly type: 'liquidate'
  readonly at: number
  readonly account: number
  readonly liquidator: number
}
/**
 * A message reaches its destination chain (transport: halt, nonce and order checks happen here).
 *
 * @example `import type { DeliverEvent } from './events.js'`
 */
export type DeliverEvent = { readonly type: 'deliver'; readonly at: number; readonly message: Message }
/**
 * Application of a verified message (called by `deliver`; usable directly in tests).
 *
 * @example `import type { CreditEvent } from './events.js'`
 */
export type CreditEvent = { readonly type: 'credit'; readonly at: number; readonly message: Message }
/**
 * Application of a verified withdrawal request on the debt chain (reference design).
 *
 * @example `import type { WithdrawalMessageEvent } from './events.js'`
 */
export type WithdrawalMessageEvent = {
  readonly type: 'withdrawalMessage'
  readonly at: number
  readonly message: Message
}
/**
 * Application of a verified after-the-fact debit on the debt chain (naive design).
 *
 * @example `import type { DebitEvent } from './events.js'`
 */
export type DebitEvent = { readonly type: 'debit'; readonly at: number; readonly message: Message }
/**
 * Application of a verified release at home: the vault pays the borrower.
 *
 * @example `import type { ReleaseEvent } from './events.js'`
 */
export type ReleaseEvent = { readonly type: 'release'; readonly at: number; readonly message: Message }
/**
 * Application of a verified seize at home: the vault pays the liquidator.
 *
 * @example `import type { SeizeEvent } from './events.js'`
 */
export type SeizeEvent = { readonly type: 'seize'; readonly at: number; readonly message: Message }
/**
 * Faults on a route: halt and resume the whole route.
 *
 * @example `import type { HaltEvent } from './events.js'`
 */
export type HaltEvent = { readonly type: 'halt'; readonly at: number; readonly route: number }
/**
 * @see HaltEvent
 *
 * @example `import type { ResumeEvent } from './events.js'`
 */
export type ResumeEvent = { readonly type: 'resume'; readonly at: number; readonly route: number }
/**
 * Drop the oldest message in flight on a channel (it never arrives; genuine collateral stays stuck in flight).
 *
 * @example `import type { DropEvent } from './events.js'`
 */
export type DropEvent = {
  readonly type: 'drop'
  readonly at: number
  readonly route: number
  readonly channel: 0 | 1
}
/**
 * Deliver the most recently sent message on a channel once more, `delaySeconds` from now (a replay).
 *
 * @example `import type { DuplicateEvent } from './events.js'`
 */
export type DuplicateEvent = {
  readonly type: 'duplicate'
  readonly at: number
  readonly route: number
  readonly channel: 0 | 1
  readonly delaySeconds: number
}
/**
 * Delay the oldest message in flight on a channel by `delaySeconds`, so later ones overtake it.
 *
 * @example `import type { ReorderEvent } from './events.js'`
 */
export type ReorderEvent = {
  readonly type: 'reorder'
  readonly at: number
  readonly route: number
  readonly channel: 0 | 1
  readonly delaySeconds: number
}
/**
 * A compromised verifier sends a credit that no lock backs (valid nonce, `forged: true`).
 *
 * @example `import type { ForgeEvent } from './events.js'`
 */
export type ForgeEvent = {
  readonly type: 'forge'
  readonly at: number
  readonly route: number
  readonly account: number
  readonly amount: bigint
}
/**
 * An L2 sequencer stops: every event on that chain waits until it is back up.
 *
 * @example `import type { SequencerDownEvent } from './events.js'`
 */
export type SequencerDownEvent = {
  readonly type: 'sequencerDown'
  readonly at: number
  readonly chain: number
}
/**
 * @see SequencerDownEvent
 *
 * @example `import type { SequencerUpEvent } from './events.js'`
 */
export type SequencerUpEvent = { readonly type: 'sequencerUp'; readonly at: number; readonly chain: number }
/**
 * A block on a chain; `congestion` (≥ 1) multiplies message latency, oracle posting and liquidator reaction from it.
 *
 * @example `import type { BlockEvent } from './events.js'`
 */
export type BlockEvent = {
  readonly type: 'block'
  readonly at: number
  readonly chain: number
  readonly congestion?: number
}
/**
 * The risk parameters a governance update may change on a debt chain's position manager.
 *
 * @example `PARAMETERS.includes('ltBps') // true`
 */
export const PARAMETERS = ['ltBps', 'ltvBps', 'bonusBps', 'closeFactorBps'] as const
/** @example `const p: Parameter = 'ltBps'` */
export type Parameter = (typeof PARAMETERS)[number]
/**
 * Governance changes one parameter (in bps) of a debt chain's position manager.
 *
 * @example `import type { ParameterUpdateEvent } from './events.js'`
 */
export type ParameterUpdateEvent = {
  readonly type: 'parameterUpdate'
  readonly at: number
  readonly chain: number
  readonly parameter: Parameter
  readonly valueBps: bigint
}

/**
 * Every event the reducer knows.
 *
 * @example
 * ```ts
 * const e: ProtocolEvent = { type: 'priceTick', at: 60, priceWad: 1_600n * 10n ** 18n }
 * ```
 */
export type ProtocolEvent =
  | PriceTickEvent
  | OracleUpdateEvent
  | LockEvent
  | BorrowEvent
  | RepayEvent
  | WithdrawEvent
  | LiquidateEvent
  | DeliverEvent
  | CreditEvent
  | WithdrawalMessageEvent
  | DebitEvent
  | ReleaseEvent
  | SeizeEvent
  | HaltEvent
  | ResumeEvent
  | DropEvent
  | DuplicateEvent
  | ReorderEvent
  | ForgeEvent
  | SequencerDownEvent
  | SequencerUpEvent
  | BlockEvent
  | ParameterUpdateEvent

/** @example `const t: ProtocolEventType = 'lock'` */
export type ProtocolEventType = ProtocolEvent['type']
