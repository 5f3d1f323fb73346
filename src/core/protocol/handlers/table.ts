import { handleBlock, handleParameterUpdate } from './chains.js'
import type { HandlerTable } from './context.js'
import {
  handleDrop,
  handleDuplicate,
  handleForge,
  handleHalt,
  handleReorder,
  handleResume,
  handleSequencerDown,
  handleSequencerUp,
} from './faults.js'
import { handleLiquidate } from './liquidations.js'
import {
  handleCredit,
  handleDebit,
  handleDeliver,
  handleRelease,
  handleSeize,
  handleWithdrawalMessage,
} from './messages.js'
import { handleOracleUpdate, handlePriceTick } from './oracles.js'
import { handleBorrow, handleLock, handleRepay, handleWithdraw } from './positions.js'

/**
 * The handler of every event type, by family: positions (lock, borrow, repay, withdraw),
 * messages (deliver and the messages it applies), oracles (price ticks, rounds), liquidations,
 * faults (halts, drops, replays, reorders, forgeries, sequencer outages), chains and governance
 * (blocks, parameter updates). The reducer dispatches through it.
 *
 * @example
 * ```ts
 * HANDLERS.lock(state, { type: 'lock', at: 0, account: 0, amount: WAD }, ctx)
 * ```
 */
export const HANDLERS: HandlerTable = {
  lock: handleLock,
  borrow: handleBorrow,
  repay: handleRepay,
  withdraw: handleWithdraw,
  deliver: handleDeliver,
  credit: handleCredit,
  withdrawalMessage: handleWithdrawalMessage,
  debit: handleDebit,
  release: handleRelease,
  seize: handleSeize,
  priceTick: handlePriceTick,
  oracleUpdate: handleOracleUpdate,
  liquidate: handleLiquidate,
  halt: handleHalt,
  resume: handleResume,
  drop: handleDrop,
  duplicate: handleDuplicate,
  reorder: handleReorder,
  forge: handleForge,
  sequencerDown: handleSequencerDown,
  sequencerUp: handleSequencerUp,
  block: handleBlock,
  parameterUpdate: handleParameterUpdate,
}
