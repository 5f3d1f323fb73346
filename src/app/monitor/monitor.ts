import type { Block, PublicClient } from 'viem'
import { initialMonitorState, reduce } from '../../core/monitor/reducer.js'
import type {
  Alert,
  Effect,
  MonitorConfig,
  MonitorState,
  Observation,
  Snapshot,
} from '../../core/monitor/types.js'
import type { Database } from '../../io/db/database.js'
import { type Repositories, repositories } from '../../io/db/repositories.js'
import {
  blockObservation,
  monitorClient,
  type Reads,
  readBalance,
  readFeed,
  readMarket,
  readSequencer,
  readUln,
} from './reads.js'
import type { MonitorTargets } from './targets.js'

const STATE_ID = 'monitor'

/** Options of {@link createMonitor}. */
export type CreateMonitorParameters = {
  readonly targets: MonitorTargets
  readonly db: Database
  readonly config: MonitorConfig
  /** Wall clock (ms): the shell's only clock, passed in (tests give their own). */
  readonly now: () => number
  /** A feed without a `heartbeat()` of its own is stale after this long (s). */
  readonly heartbeatSeconds: bigint
  /** Sequencer grace period (s). */
  readonly gracePeriodSeconds: bigint
  /** Per-request RPC timeout (ms). */
  readonly timeoutMs: number
  /** At most this many new blocks per chain and pass (the rest in later passes). */
  readonly maxBlocksPerPass?: bigint | undefined
  /** Called with each committed alert effect (raise, update, resolve), in order. */
  readonly onAlert?: ((effect: Extract<Effect, { alert: Alert }>) => void) | undefined
}

/** What one pass did. */
export type PassResult = {
  /** Block each chain was read at (absent for a chain whose RPC did not answer). */
  readonly heads: Readonly<Record<string, bigint>>
  readonly observations: number
  readonly effects: readonly Effect[]
  readonly snapshots: readonly Snapshot[]
  readonly openAlerts: readonly Alert[]
}

/** A monitor over a database: `pass()` reads every target once and commits what it saw. */
export type Monitor = {
  pass(): Promise<PassResult>
  readonly state: MonitorState
}

type Op =
  | { readonly kind: 'block'; readonly chain: string; readonly block: Block }
  | { readonly kind: 'effect'; readonly effect: Effect }

async function applyOps(r: Repositories, ops: readonly Op[]): Promise<void> {
  for (const op of ops) {
    if (op.kind === 'block') {
      const b = op.block
      await r.blocks.insert({
        chain: op.chain,
        number: b.number as bigint,
        hash: b.hash as string,
        parentHash: b.parentHash,
        time: b.timestamp,
        baseFee: b.baseFeePerGas ?? null,
      })
      continue
    }
    const e = op.effect
    switch (e.type) {
      case 'raise':
        await r.alerts.raise(e.alert)
        break
      case 'update':
        await r.alerts.update(e.alert)
        break
      case 'resolve':
        await r.alerts.resolve(e.alert.key, e.at.time)
        break
      case 'snapshot':
        await r.snapshots.upsert(e.snapshot)
        break
      case 'reorg':
        await r.blocks.deleteFrom(e.chain, e.fromBlock)
        await r.snapshots.deleteFrom(e.chain, e.fromBlock)
        break
    }
  }
}

/**
 * Builds the monitor's shell: clients per chain, the reducer's state loaded from the database (a
 * restart resumes at the last committed pass). Each pass reads every chain's new blocks (walking
 * back over a reorg until a stored hash matches) and, pinned at the newest, every target; feeds
 * the observations through the pure reducer; and commits blocks, alerts, snapshots, the cursor and
 * the state in one transaction, so a process killed mid-pass loses nothing that was committed and
 * repeats nothing (alerts are deduplicated by key in the reducer and in the table).
 *
 * @example
 * ```ts
 * const monitor = await createMonitor({ targets, db, config: DEFAULT_MONITOR_CONFIG, now: Date.now, heartbeatSeconds: 3600n, gracePeriodSeconds: 3600n, timeoutMs: 2000 })
 * const { openAlerts } = await monitor.pass()
 * ```
 */
export async function createMonitor(p: CreateMonitorParameters): Promise<Monitor> {
  const clients = new Map<string, PublicClient>(
    p.targets.chains.map((c) => [c.name, monitorClient(c, p.timeoutMs)]),
  )
  let state: MonitorState = (await repositories(p.db).cursors.loadState(STATE_ID)) ?? initialMonitorState()
  const maxBlocks = p.maxBlocksPerPass ?? 500n

  async function newBlocks(chain: string, client: PublicClient, head: Block): Promise<Block[]> {
    const known = state.chains[chain]?.blocks ?? []
    const headNumber = head.number as bigint
    let from = headNumber
    if (known.length > 0) {
      from = (known[known.length - 1]?.number as bigint) + 1n
      for (let i = known.length - 1; i >= 0; i--) {
        const k = known[i] as { number: bigint; hash: string }
        if (k.number > headNumber) {
          from = k.number
          continue
        }
        const b =
          k.number === headNumber
            ? head
            : await client.getBlock({ blockNumber: k.number }).catch(() => undefined)
        if (b?.hash === k.hash) break
        from = k.number
      }
    }
    if (from > headNumber) return []
    const to = from + maxBlocks - 1n < headNumber ? from + maxBlocks - 1n : headNumber
    const out: Block[] = []
    for (let n = from; n <= to; n++)
      out.push(n === headNumber ? head : await client.getBlock({ blockNumber: n }))
    return out
  }

  async function pass(): Promise<PassResult> {
    const observations: Observation[] = []
    const blocks: { chain: string; block: Block }[] = []
    const heads: Record<string, Block> = {}
    for (const c of p.targets.chains) {
      const client = clients.get(c.name) as PublicClient
      const atMs = p.now()
      try {
        const head = await client.getBlock()
        const fresh = await newBlocks(c.name, client, head)
        observations.push({ type: 'rpc', chain: c.name, ok: true, atMs })
        for (const b of fresh) {
          observations.push(blockObservation(c.name, b))
          blocks.push({ chain: c.name, block: b })
        }
        // reads are pinned at the newest processed block: a new one, or the head already held when
        // the chain did not move (an idle chain is still checked every pass)
        const last = fresh[fresh.length - 1]
        const held = state.chains[c.name]?.blocks.at(-1)
        if (last) heads[c.name] = last
        else if (held?.hash === head.hash) heads[c.name] = head
      } catch (error) {
        const e = error as { shortMessage?: string; message?: string }
        observations.push({
          type: 'rpc',
          chain: c.name,
          ok: false,
          atMs,
          error: (e.shortMessage ?? e.message ?? 'no answer').split('\n')[0],
        })
      }
    }
    const reads: Reads = { observations: [], failures: [] }
    const atOf = (chain: string) => {
      const b = heads[chain]
      return b ? { chain, block: b.number as bigint, time: b.timestamp } : undefined
    }
    const client = (chain: string) => clients.get(chain) as PublicClient
    for (const f of p.targets.feeds) {
      const at = atOf(f.chain)
      if (at) await readFeed(client(f.chain), f, at, p, reads)
    }
    for (const s of p.targets.sequencers) {
      const at = atOf(s.chain)
      if (at) await readSequencer(client(s.chain), s, at, p, reads)
    }
    for (const u of p.targets.uln) {
      const at = atOf(u.chain)
      if (at) await readUln(client(u.chain), u, at, reads)
    }
    const credits = new Map<string, bigint | undefined>()
    for (const m of p.targets.markets) {
      const at = atOf(m.chain)
      const head = heads[m.chain]
      if (!at || !head) continue
      const r = await readMarket(client(m.chain), m, at, head.hash as string, reads)
      credits.set(m.manager, r?.totalCredit)
    }
    for (const b of p.targets.backing) {
      const homeAt = atOf(b.home.chain)
      const creditAt = atOf(b.credit.chain)
      const scope = `backing:${b.route}`
      // fail closed: a chain that did not answer (or is mid-reorg) leaves the invariant unverified
      if (!homeAt || !creditAt) {
        const missing = !homeAt ? b.home.chain : b.credit.chain
        reads.failures.push({
          scope,
          what: `${missing} chain`,
          error: 'no block to read at (the RPC did not answer)',
        })
        continue
      }
      const supply = credits.get(b.credit.manager)
      if (supply === undefined) {
        reads.failures.push({ scope, what: 'credited supply', error: 'the positions could not be read' })
        continue
      }
      try {
        const locked = await readBalance(client(b.home.chain), b.home.token, b.home.escrow, homeAt.block)
        reads.observations.push({ type: 'backing', at: homeAt, route: b.route, locked, supply, decimals: 18 })
      } catch (error) {
        const e = error as { shortMessage?: string; message?: string }
        reads.failures.push({
          scope,
          what: `balanceOf(${b.home.escrow})`,
          error: (e.shortMessage ?? e.message ?? '').split('\n')[0] as string,
        })
      }
    }
    for (const f of reads.failures) {
      const chain = f.scope.split(':')[1] ?? ''
      const at = atOf(chain) ?? atOf(p.targets.chains[0]?.name ?? '') ?? { chain, time: 0n }
      reads.observations.push({
        type: 'readFailed',
        at: { ...at, chain },
        scope: f.scope,
        what: f.what,
        error: f.error,
      })
    }
    // reduce: block observations in order (with their inserts), then the reads
    const ops: Op[] = []
    const effects: Effect[] = []
    let next = state
    let bi = 0
    for (const o of [...observations, ...reads.observations]) {
      const [s, out] = reduce(next, o, p.config)
      next = s
      for (const e of out) {
        ops.push({ kind: 'effect', effect: e })
        effects.push(e)
      }
      if (o.type === 'block') {
        const b = blocks[bi++] as { chain: string; block: Block }
        ops.push({ kind: 'block', chain: b.chain, block: b.block })
      }
    }
    const committed = next
    await p.db.transaction(async (tx) => {
      const r = repositories(tx)
      await applyOps(r, ops)
      for (const [chain, b] of Object.entries(heads))
        await r.cursors.set(chain, b.number as bigint, b.hash as string)
      await r.cursors.saveState(STATE_ID, committed)
    })
    state = committed
    for (const e of effects) if ('alert' in e) p.onAlert?.(e)
    return {
      heads: Object.fromEntries(Object.entries(heads).map(([c, b]) => [c, b.number as bigint])),
      observations: observations.length + reads.observations.length,
      effects,
      snapshots: effects.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : [])),
      openAlerts: Object.values(state.alerts),
    }
  }

  return {
    pass,
    get state() {
      return state
    },
  }
}
