// Test support: a real Redis for the queue tests (127.0.0.1:6379 where it runs, else a
// redis-server started on a free port, else a reason to skip), worker processes started and
// stopped by pid, and the removal of every key a test's queue left.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const bin = join(root, 'bin', 'xcollat.js')

export type TestRedis = { readonly url: string; stop(): Promise<void> }

async function answers(url: string): Promise<boolean> {
  const u = new URL(url)
  const r = new Redis({
    host: u.hostname,
    port: Number(u.port),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 1000,
  })
  r.on('error', () => {})
  try {
    await r.connect()
    return (await r.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    r.disconnect()
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => res(port))
    })
  })
}

/** A Redis to test against, or the reason there is none (the caller skips, printing it). */
export async function testRedis(): Promise<TestRedis | { readonly skip: string }> {
  const standard = 'redis://127.0.0.1:6379'
  if (await answers(standard)) return { url: standard, stop: async () => {} }
  const which = spawnSync('which', ['redis-server'], { encoding: 'utf8' })
  if (which.status !== 0)
    return { skip: 'no Redis at 127.0.0.1:6379 and no redis-server on PATH to start one' }
  const port = await freePort()
  const child = spawn(
    which.stdout.trim(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  const url = `redis://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) return { url, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  return { skip: `redis-server on port ${port} did not answer` }
}

/** A queue name no other test uses. */
export function uniqueQueueName(label: string): string {
  return `xcollat-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`
}

/** Deletes every key of the queue `name` (jobs, events, stored inputs). */
export async function removeQueueKeys(url: string, name: string): Promise<number> {
  const u = new URL(url)
  const r = new Redis({ host: u.hostname, port: Number(u.port), maxRetriesPerRequest: 1 })
  r.on('error', () => {})
  try {
    let cursor = '0'
    let removed = 0
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `bull:${name}:*`, 'COUNT', 500)
      cursor = next
      if (keys.length > 0) removed += await r.del(...keys)
    } while (cursor !== '0')
    return removed
  } finally {
    r.disconnect()
  }
}

/** The keys of the queue `name`. */
export async function queueKeys(url: string, name: string): Promise<string[]> {
  const u = new URL(url)
  const r = new Redis({ host: u.hostname, port: Number(u.port), maxRetriesPerRequest: 1 })
  r.on('error', () => {})
  try {
    return await r.keys(`bull:${name}:*`)
  } finally {
    r.disconnect()
  }
}

/** A worker process started by a test: its stderr so far, and how to stop it. */
export type WorkerProcess = {
  readonly child: ChildProcess
  readonly stderr: () => string
  readonly stdout: () => string
  /** Resolves when the stderr contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit code once it exited. */
  stop(): Promise<number | null>
}

/** Starts `xcollat worker` on the queue and waits until it serves. */
export async function startWorker(
  url: string,
  name: string,
  extra: readonly string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [bin, 'worker', '--queue', url, '--queue-name', name, '--lock-duration', '2000', ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let err = ''
  let out = ''
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString()
  })
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const w: WorkerProcess = {
    child,
    stderr: () => err,
    stdout: () => out,
    async waitFor(text, timeoutMs = 30_000) {
      const t0 = Date.now()
      const hit = () => (typeof text === 'string' ? err.includes(text) : text.test(err))
      while (!hit()) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`worker exited before "${String(text)}": ${err}`)
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for "${String(text)}": ${err}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
  await w.waitFor('worker on the queue')
  return w
}

/** Runs the CLI to its end (asynchronously, so workers keep being read meanwhile). */
export function cli(
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.once('close', (status) => res({ status, stdout, stderr }))
  })
}
