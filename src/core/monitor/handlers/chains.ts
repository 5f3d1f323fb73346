import { alertKey } from '../alerts.js'
import type { ChainState, MonitorState } from '../types.js'
import type { Handler, ObservationOf } from './context.js'

const EMPTY_CHAIN: ChainState = { blocks: [], lastOkMs: null, lastTime: null }

function withChain(state: MonitorState, chain: string, next: ChainState): MonitorState {
  return { ...state, chains: { ...state.chains, [chain]: next } }
}

/**
 * A block header. A block at a height already seen with another hash is a reorg: the blocks from
 * that height on are forgotten and a `reorg` effect tells the shell to replace what it stored
 * from there. The same block seen twice changes nothing.
 */
export const handleBlock: Handler<ObservationOf<'block'>> = (state, o, book, config) => {
  const c = state.chains[o.chain] ?? EMPTY_CHAIN
  const last = c.blocks[c.blocks.length - 1]
  let blocks = c.blocks
  if (last !== undefined && o.number <= last.number) {
    const same = blocks.find((b) => b.number === o.number)
    if (same?.hash === o.hash) return state
    blocks = blocks.filter((b) => b.number < o.number)
    book.effects.push({ type: 'reorg', chain: o.chain, fromBlock: o.number, hash: o.hash })
  } else if (last !== undefined && o.number === last.number + 1n && o.parentHash !== last.hash) {
    // the parent we hold was replaced: forget it, and let the shell re-read from its height
    blocks = blocks.slice(0, -1)
    book.effects.push({ type: 'reorg', chain: o.chain, fromBlock: last.number, hash: o.parentHash })
  }
  const next = [...blocks, { number: o.number, hash: o.hash }]
  const trimmed = next.length > config.reorgWindow ? next.slice(next.length - config.reorgWindow) : next
  return withChain(state, o.chain, { ...c, blocks: trimmed, lastTime: o.timestamp })
}

/**
 * Whether a chain's RPC answered. A failure after `staleAfterMs` without an answer (or before any
 * answer at all) raises "chain stale"; the next answer resolves it.
 */
export const handleRpc: Handler<ObservationOf<'rpc'>> = (state, o, book, config) => {
  const c = state.chains[o.chain] ?? EMPTY_CHAIN
  const key = alertKey('chain-stale', o.chain)
  const at = { time: c.lastTime ?? 0n }
  if (o.ok) {
    book.resolve(key, at)
    return withChain(state, o.chain, { ...c, lastOkMs: o.atMs })
  }
  const silentMs = c.lastOkMs === null ? null : o.atMs - c.lastOkMs
  const stale = silentMs === null || silentMs >= config.staleAfterMs
  book.set(
    stale,
    {
      key,
      kind: 'chain-stale',
      severity: 'critical',
      chain: o.chain,
      subject: o.chain,
      message:
        silentMs === null
          ? `the ${o.chain} RPC has not answered yet: ${o.error ?? 'no answer'}`
          : `the ${o.chain} RPC has not answered for ${Math.round(silentMs / 1000)} s: ${o.error ?? 'no answer'}`,
      raisedAt: at,
      details: { silentMs, lastOkMs: c.lastOkMs, error: o.error ?? null },
    },
    at,
  )
  return state
}
