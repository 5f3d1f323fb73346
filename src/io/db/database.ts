import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XcollatError } from '../../core/errors.js'

/** A row as both drivers return it: column name to value. */
export type Row = Readonly<Record<string, unknown>>

/**
 * The one SQL surface the repositories use, over PGlite or PostgreSQL: parameterised queries
 * (`$1`, `$2`, …) only, and transactions.
 */
export type Sql = {
  query(text: string, params?: readonly unknown[]): Promise<readonly Row[]>
}

/** An open database: queries, transactions, migrations applied, and `close()`. */
export type Database = Sql & {
  readonly dialect: 'pglite' | 'postgres'
  /** Where it lives: the PGlite folder (or `memory://`) or the PostgreSQL URL without a password. */
  readonly location: string
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * The database could not be opened or migrated. Code `XC_DATABASE`.
 *
 * @example
 * ```ts
 * throw new DatabaseError('postgres://127.0.0.1:5432/test', 'ECONNREFUSED')
 * ```
 */
export class DatabaseError extends XcollatError {
  override name = 'DatabaseError'
  constructor(location: string, reason: string, cause?: unknown) {
    super(`Cannot use the database at ${location}: ${reason}.`, {
      code: 'XC_DATABASE',
      instruction:
        'Pass --db a postgres:// URL of a running server, or a folder for the embedded PGlite database (created if missing).',
      cause,
    })
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url
  }
}

/** Whether a `--db` value names a PostgreSQL server (else it is a PGlite folder or `memory://`). */
function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target)
}

async function openPglite(target: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  let db: InstanceType<typeof PGlite>
  try {
    db = target === 'memory://' ? new PGlite() : new PGlite(target)
    await db.waitReady
  } catch (error) {
    throw new DatabaseError(target, (error as Error).message, error)
  }
  const sql: Sql = {
    async query(text, params = []) {
      return (await db.query(text, [...params])).rows as Row[]
    },
  }
  return {
    dialect: 'pglite',
    location: target,
    query: sql.query,
    async transaction(work) {
      return db.transaction(async (tx) =>
        work({ query: async (text, params = []) => (await tx.query(text, [...params])).rows as Row[] }),
      )
    },
    async close() {
      await db.close()
    },
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pg = (await import('pg')).default
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  const location = redact(url)
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end()
    throw new DatabaseError(location, (error as Error).message, error)
  }
  return {
    dialect: 'postgres',
    location,
    async query(text, params = []) {
      return (await pool.query(text, [...params])).rows as Row[]
    },
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const out = await work({
          query: async (text, params = []) => (await client.query(text, [...params])).rows as Row[],
        })
        await client.query('COMMIT')
        return out
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    },
    async close() {
      await pool.end()
    },
  }
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../src/io/db/migrations/', import.meta.url))

/** The numbered migrations (`NNN_name.sql`), in order. */
function migrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8'),
    }))
}

/**
 * Applies the migrations not applied yet, each in its own transaction, under an advisory lock so
 * two monitors starting at once do not race. Returns the versions applied now.
 */
export async function migrate(db: Database): Promise<number[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)',
  )
  const applied: number[] = []
  for (const m of migrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [727_013])
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])
      if (seen.length > 0) return false
      for (const statement of m.sql
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter((s) => s.replace(/--.*$/gm, '').trim() !== ''))
        await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      return true
    })
    if (done) applied.push(m.version)
  }
  return applied
}

/**
 * Opens the monitor's database and applies its migrations: PostgreSQL for a `postgres://` URL,
 * otherwise the embedded PGlite in a folder (`memory://` for a database that lives in memory).
 *
 * @throws DatabaseError when it cannot be opened or migrated.
 * @example
 * ```ts
 * const db = await openDatabase('.devnet/monitor-db')
 * try { … } finally { await db.close() }
 * ```
 */
export async function openDatabase(target: string): Promise<Database> {
  const db = isPostgresUrl(target) ? await openPostgres(target) : await openPglite(target)
  try {
    await migrate(db)
  } catch (error) {
    await db.close()
    if (error instanceof XcollatError) throw error
    throw new DatabaseError(db.location, `migration failed: ${(error as Error).message}`, error)
  }
  return db
}
