import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshSchema, testPostgres } from '../../../test/support/postgres.js'
import type { Alert, MonitorState, Snapshot } from '../../core/monitor/types.js'
import { type Database, DatabaseError, migrate, openDatabase } from './database.js'
import { repositories } from './repositories.js'

const postgres = await testPostgres()
if ('skip' in postgres) process.stdout.write(`skipping the PostgreSQL repository tests: ${postgres.skip}\n`)

const U256_MAX = 2n ** 256n - 1n

function alert(key: string, severity: Alert['severity'] = 'critical'): Alert {
  return {
    key,
    kind: 'backing-breach',
    severity,
    chain: 'home',
    subject: key,
    message: `${key} breached`,
    raisedAt: { time: 1_700_000_000n, block: 12n },
    details: { deficit: U256_MAX.toString(), nested: { list: [1, 'a', null] } },
  }
}

function snapshot(block: bigint, hash: string, hf: bigint | null): Snapshot {
  return {
    chain: 'debt',
    market: 'pm',
    block,
    blockHash: hash,
    time: 1_000n + block,
    positions: [{ account: '0xabc', healthFactor: hf, band: hf === null ? 'healthy' : 'critical' }],
    bands: { critical: hf === null ? 0 : 1, danger: 0, warning: 0, healthy: hf === null ? 1 : 0 },
    liquidatable: hf === null ? [] : ['0xabc'],
  }
}

const backends: [string, () => Promise<{ db: Database; done(): Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const db = await openDatabase('memory://')
      return { db, done: () => db.close() }
    },
  ],
]
if ('url' in postgres)
  backends.push([
    'PostgreSQL',
    async () => {
      const schema = await freshSchema(postgres.url, 'xc_repo')
      const db = await openDatabase(schema.url)
      return {
        db,
        async done() {
          await db.close()
          await schema.drop()
        },
      }
    },
  ])

describe.each(backends)('monitor repositories on %s', (_name, open) => {
  let db: Database
  let done: () => Promise<void>
  beforeAll(async () => {
    ;({ db, done } = await open())
  })
  afterAll(async () => {
    await done?.()
  })

  it('applies each migration once', async () => {
    expect(await migrate(db)).toEqual([])
    const rows = await db.query('SELECT version FROM schema_migrations ORDER BY version')
    expect(rows.map((r) => Number(r.version))).toEqual([1])
  })

  it('keeps at most one open alert per dedupe key, updates it, resolves it, and opens a new one after', async () => {
    const r = repositories(db)
    expect(await r.alerts.raise(alert('a'))).toBe(true)
    expect(await r.alerts.raise(alert('a', 'warning'))).toBe(false)
    await r.alerts.update(alert('a', 'danger'))
    const open = await r.alerts.open()
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ key: 'a', severity: 'danger', updates: 1, resolvedTime: null })
    expect(open[0]?.details).toEqual({ deficit: U256_MAX.toString(), nested: { list: [1, 'a', null] } })
    expect(open[0]?.raisedAt).toEqual({ time: 1_700_000_000n, block: 12n })
    await r.alerts.resolve('a', 1_700_000_100n)
    expect(await r.alerts.open()).toEqual([])
    expect(await r.alerts.raise(alert('a'))).toBe(true)
    const history = await r.alerts.history()
    expect(history.map((h) => [h.key, h.resolvedTime])).toEqual([
      ['a', 1_700_000_100n],
      ['a', null],
    ])
  })

  it('replaces a snapshot at the same chain, market and block, and deletes what a reorg invalidated', async () => {
    const r = repositories(db)
    await r.snapshots.upsert(snapshot(10n, '0x10', U256_MAX))
    await r.snapshots.upsert(snapshot(11n, '0x11', 5n))
    await r.snapshots.upsert(snapshot(11n, '0x11b', null))
    expect((await r.snapshots.list('debt', 'pm')).map((s) => [s.block, s.blockHash])).toEqual([
      [10n, '0x10'],
      [11n, '0x11b'],
    ])
    expect(await r.snapshots.latest('debt', 'pm')).toEqual(snapshot(11n, '0x11b', null))
    expect((await r.snapshots.list('debt'))[0]).toEqual(snapshot(10n, '0x10', U256_MAX))
    await r.snapshots.deleteFrom('debt', 11n)
    expect((await r.snapshots.list('debt', 'pm')).map((s) => s.block)).toEqual([10n])
  })

  it('stores blocks exactly, replaces from a reorg height, and keeps the cursor and the reducer state', async () => {
    const r = repositories(db)
    for (const n of [1n, 2n, 3n])
      await r.blocks.insert({
        chain: 'home',
        number: n,
        hash: `0x${n}`,
        parentHash: `0x${n - 1n}`,
        time: n,
        baseFee: n === 2n ? null : U256_MAX,
      })
    await r.blocks.deleteFrom('home', 2n)
    await r.blocks.insert({
      chain: 'home',
      number: 2n,
      hash: '0x2b',
      parentHash: '0x1',
      time: 9n,
      baseFee: 7n,
    })
    expect((await r.blocks.list('home')).map((b) => [b.number, b.hash, b.baseFee])).toEqual([
      [1n, '0x1', U256_MAX],
      [2n, '0x2b', 7n],
    ])
    expect(await r.cursors.get('home')).toBeUndefined()
    await r.cursors.set('home', 2n, '0x2b')
    await r.cursors.set('home', 3n, '0x3')
    expect(await r.cursors.get('home')).toEqual({ number: 3n, hash: '0x3' })
    const state: MonitorState = {
      chains: { home: { blocks: [{ number: U256_MAX, hash: '0x' }], lastOkMs: 5, lastTime: 3n } },
      alerts: { a: alert('a') },
      ulnBaselines: {},
      positions: { pm: { '0xabc': { band: 'danger', liquidatableSince: null } } },
    }
    await r.cursors.saveState('monitor', state)
    expect(await r.cursors.loadState('monitor')).toEqual(state)
  })

  it('rolls a transaction back whole when it fails', async () => {
    await expect(
      db.transaction(async (tx) => {
        await repositories(tx).alerts.raise(alert('rolled-back'))
        throw new RangeError('boom')
      }),
    ).rejects.toThrow(RangeError)
    expect((await repositories(db).alerts.history()).some((a) => a.key === 'rolled-back')).toBe(false)
  })

  it('takes values only as parameters (a quote in a key is data)', async () => {
    const r = repositories(db)
    const key = "x'); DROP TABLE monitor_alerts; --"
    expect(await r.alerts.raise(alert(key))).toBe(true)
    expect((await r.alerts.open()).some((a) => a.key === key)).toBe(true)
  })
})

describe(openDatabase.name, () => {
  it('names a server that does not answer with XC_DATABASE', async () => {
    await expect(openDatabase('postgres://nobody@127.0.0.1:1/none')).rejects.toBeInstanceOf(DatabaseError)
  })
})
