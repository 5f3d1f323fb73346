import { handleBacking } from './backing.js'
import { handleUlnConfig } from './bridge.js'
import { handleBlock, handleRpc } from './chains.js'
import type { HandlerTable } from './context.js'
import { handleReadFailed } from './failures.js'
import { handleFeedRound, handleSequencer } from './oracles.js'
import { handlePositions } from './positions.js'

/**
 * The handler of every observation type, by family: chains (blocks, RPC liveness), failures,
 * oracles (rounds, sequencer), bridge configuration, backing, positions.
 */
export const HANDLERS: HandlerTable = {
  block: handleBlock,
  rpc: handleRpc,
  readFailed: handleReadFailed,
  feedRound: handleFeedRound,
  sequencer: handleSequencer,
  ulnConfig: handleUlnConfig,
  backing: handleBacking,
  positions: handlePositions,
}
