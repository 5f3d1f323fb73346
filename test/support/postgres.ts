import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import pg from 'pg'

/** The test server: `XCOLLAT_TEST_POSTGRES_URL`, else the trust-auth server on 127.0.0.1:5432, database `test`. */
export const TEST_POSTGRES_URL =
  process.env.XCOLLAT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return (error as Error).message
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * A PostgreSQL URL for the repository tests, starting the local cluster if it is installed but
 * stopped; otherwise the reason it cannot be had (the caller skips, printing it). The server is
 * a machine service: a test that started it leaves it as the machine has it configured.
 */
export async function testPostgres(): Promise<{ url: string } | { skip: string }> {
  const first = await answers(TEST_POSTGRES_URL)
  if (first === undefined) return { url: TEST_POSTGRES_URL }
  if (existsSync('/usr/bin/pg_ctlcluster')) {
    try {
      execFileSync('pg_ctlcluster', ['15', 'main', 'start'], { stdio: 'ignore', timeout: 20_000 })
    } catch {
      // not startable here: fall through to the reason
    }
    if ((await answers(TEST_POSTGRES_URL)) === undefined) return { url: TEST_POSTGRES_URL }
  }
  return { skip: `PostgreSQL at ${TEST_POSTGRES_URL} is not running and could not be started (${first})` }
}

/**
 * A fresh schema on the test server and a URL whose connections use it, so parallel test files
 * never see each other's tables; `drop()` removes it.
 */
export async function freshSchema(
  url: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}
