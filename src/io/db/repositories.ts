import type { Alert, MonitorState, Snapshot } from '../../core/monitor/types.js'
import type { Row, Sql } from './database.js'
import { decodeJson, encodeJson } from './json.js'

/**
 * One repository per table of the monitor (migrations/001_monitor.sql). Every query is
 * parameterised; bigints go in and come out as NUMERIC text, exactly.
 */

const big = (v: unknown): bigint => BigInt(String(v))
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)))

/** A processed block as stored. */
type BlockRow = {
  readonly chain: string
  readonly number: bigint
  readonly hash: string
  readonly parentHash: string
  readonly time: bigint
  readonly baseFee: bigint | null
}

/** `monitor_blocks`: every processed block; a reorg deletes from its height and re-inserts. */
class BlockRepository {
  constructor(private readonly sql: Sql) {}

  async insert(block: BlockRow): Promise<void> {
    await this.sql.query(
      `INSERT INTO monitor_blocks (chain, number, hash, parent_hash, time, base_fee) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain, number) DO UPDATE SET hash = EXCLUDED.hash, parent_hash = EXCLUDED.parent_hash,
         time = EXCLUDED.time, base_fee = EXCLUDED.base_fee`,
      [
        block.chain,
        block.number.toString(),
        block.hash,
        block.parentHash,
        block.time.toString(),
        block.baseFee?.toString() ?? null,
      ],
    )
  }

  /** Deletes the blocks of a chain from a height on (a reorg). */
  async deleteFrom(chain: string, fromBlock: bigint): Promise<void> {
    await this.sql.query('DELETE FROM monitor_blocks WHERE chain = $1 AND number >= $2', [
      chain,
      fromBlock.toString(),
    ])
  }

  async list(chain: string): Promise<BlockRow[]> {
    const rows = await this.sql.query(
      'SELECT chain, number, hash, parent_hash, time, base_fee FROM monitor_blocks WHERE chain = $1 ORDER BY number',
      [chain],
    )
    return rows.map((r) => ({
      chain: String(r.chain),
      number: big(r.number),
      hash: String(r.hash),
      parentHash: String(r.parent_hash),
      time: big(r.time),
      baseFee: bigOrNull(r.base_fee),
    }))
  }
}

function snapshotOf(r: Row): Snapshot {
  const positions = decodeJson<
    { account: string; healthFactor: string | null; band: Snapshot['positions'][number]['band'] }[]
  >(r.positions)
  return {
    chain: String(r.chain),
    market: String(r.market),
    block: big(r.block),
    blockHash: String(r.block_hash),
    time: big(r.time),
    bands: decodeJson(r.bands),
    liquidatable: decodeJson(r.liquidatable),
    positions: positions.map((p) => ({
      ...p,
      healthFactor: p.healthFactor === null ? null : BigInt(p.healthFactor),
    })),
  }
}

/** `monitor_snapshots`: one per chain, market and block; a later write at the same block replaces it. */
class SnapshotRepository {
  constructor(private readonly sql: Sql) {}

  async upsert(s: Snapshot): Promise<void> {
    const positions = s.positions.map((p) => ({
      account: p.account,
      healthFactor: p.healthFactor === null ? null : p.healthFactor.toString(),
      band: p.band,
    }))
    await this.sql.query(
      `INSERT INTO monitor_snapshots (chain, market, block, block_hash, time, bands, liquidatable, positions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (chain, market, block) DO UPDATE SET block_hash = EXCLUDED.block_hash, time = EXCLUDED.time,
         bands = EXCLUDED.bands, liquidatable = EXCLUDED.liquidatable, positions = EXCLUDED.positions`,
      [
        s.chain,
        s.market,
        s.block.toString(),
        s.blockHash,
        s.time.toString(),
        JSON.stringify(s.bands),
        JSON.stringify(s.liquidatable),
        JSON.stringify(positions),
      ],
    )
  }

  /** Deletes a chain's snapshots from a height on (what a reorg invalidated). */
  async deleteFrom(chain: string, fromBlock: bigint): Promise<void> {
    await this.sql.query('DELETE FROM monitor_snapshots WHERE chain = $1 AND block >= $2', [
      chain,
      fromBlock.toString(),
    ])
  }

  async list(chain: string, market?: string): Promise<Snapshot[]> {
    const rows =
      market === undefined
        ? await this.sql.query('SELECT * FROM monitor_snapshots WHERE chain = $1 ORDER BY market, block', [
            chain,
          ])
        : await this.sql.query(
            'SELECT * FROM monitor_snapshots WHERE chain = $1 AND market = $2 ORDER BY block',
            [chain, market],
          )
    return rows.map(snapshotOf)
  }

  async latest(chain: string, market: string): Promise<Snapshot | undefined> {
    const rows = await this.sql.query(
      'SELECT * FROM monitor_snapshots WHERE chain = $1 AND market = $2 ORDER BY block DESC LIMIT 1',
      [chain, market],
    )
    return rows[0] === undefined ? undefined : snapshotOf(rows[0])
  }
}

/** An alert as stored, with its history fields. */
type AlertRow = Alert & {
  readonly id: string
  readonly updates: number
  readonly resolvedTime: bigint | null
}

function alertOf(r: Row): AlertRow {
  return {
    id: String(r.id),
    key: String(r.dedupe_key),
    kind: String(r.kind) as Alert['kind'],
    severity: String(r.severity) as Alert['severity'],
    chain: String(r.chain),
    subject: String(r.subject),
    message: String(r.message),
    details: decodeJson(r.details),
    raisedAt: { time: big(r.raised_time), block: bigOrNull(r.raised_block) ?? undefined },
    updates: Number(r.updates),
    resolvedTime: bigOrNull(r.resolved_time),
  }
}

const ALERT_COLUMNS =
  'id::text AS id, dedupe_key, kind, severity, chain, subject, message, details, raised_time, raised_block, updates, resolved_time'

/** `monitor_alerts`: at most one open alert per dedupe key; raising an open key again changes nothing. */
class AlertRepository {
  constructor(private readonly sql: Sql) {}

  /** Opens an alert; returns false (and writes nothing) when one is already open under its key. */
  async raise(a: Alert): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO monitor_alerts (dedupe_key, kind, severity, chain, subject, message, details, raised_time, raised_block)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dedupe_key) WHERE resolved_time IS NULL DO NOTHING RETURNING id`,
      [
        a.key,
        a.kind,
        a.severity,
        a.chain,
        a.subject,
        a.message,
        encodeJson(a.details),
        a.raisedAt.time.toString(),
        a.raisedAt.block?.toString() ?? null,
      ],
    )
    return rows.length === 1
  }

  /** Updates the open alert under a key (severity, message, details). */
  async update(a: Alert): Promise<void> {
    await this.sql.query(
      `UPDATE monitor_alerts SET severity = $2, message = $3, details = $4, updates = updates + 1
       WHERE dedupe_key = $1 AND resolved_time IS NULL`,
      [a.key, a.severity, a.message, encodeJson(a.details)],
    )
  }

  /** Resolves the open alert under a key at a chain time. */
  async resolve(key: string, time: bigint): Promise<void> {
    await this.sql.query(
      'UPDATE monitor_alerts SET resolved_time = $2 WHERE dedupe_key = $1 AND resolved_time IS NULL',
      [key, time.toString()],
    )
  }

  async open(): Promise<AlertRow[]> {
    return (
      await this.sql.query(
        `SELECT ${ALERT_COLUMNS} FROM monitor_alerts WHERE resolved_time IS NULL ORDER BY id`,
      )
    ).map(alertOf)
  }

  /** Every alert ever raised, oldest first. */
  async history(): Promise<AlertRow[]> {
    return (await this.sql.query(`SELECT ${ALERT_COLUMNS} FROM monitor_alerts ORDER BY id`)).map(alertOf)
  }
}

/** `monitor_cursors` and `monitor_state`: the last processed block per chain and the reducer's state. */
class CursorRepository {
  constructor(private readonly sql: Sql) {}

  async set(chain: string, number: bigint, hash: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO monitor_cursors (chain, number, hash) VALUES ($1, $2, $3)
       ON CONFLICT (chain) DO UPDATE SET number = EXCLUDED.number, hash = EXCLUDED.hash`,
      [chain, number.toString(), hash],
    )
  }

  async get(chain: string): Promise<{ number: bigint; hash: string } | undefined> {
    const rows = await this.sql.query('SELECT number, hash FROM monitor_cursors WHERE chain = $1', [chain])
    const r = rows[0]
    return r === undefined ? undefined : { number: big(r.number), hash: String(r.hash) }
  }

  async saveState(id: string, state: MonitorState): Promise<void> {
    await this.sql.query(
      'INSERT INTO monitor_state (id, state) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state',
      [id, encodeJson(state)],
    )
  }

  async loadState(id: string): Promise<MonitorState | undefined> {
    const rows = await this.sql.query('SELECT state FROM monitor_state WHERE id = $1', [id])
    return rows[0] === undefined ? undefined : decodeJson<MonitorState>(rows[0].state)
  }
}

/** The repositories over one connection or transaction. */
export type Repositories = {
  readonly blocks: BlockRepository
  readonly snapshots: SnapshotRepository
  readonly alerts: AlertRepository
  readonly cursors: CursorRepository
}

/**
 * The monitor's repositories over a database or a transaction.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => { const r = repositories(tx); await r.alerts.raise(alert) })
 * ```
 */
export function repositories(sql: Sql): Repositories {
  return {
    blocks: new BlockRepository(sql),
    snapshots: new SnapshotRepository(sql),
    alerts: new AlertRepository(sql),
    cursors: new CursorRepository(sql),
  }
}
