import { Redis, type RedisOptions } from 'ioredis'
import { QueueUnavailableError } from './errors.js'

/**
 * Where the queue lives: a Redis server (`redis://HOST:PORT[/DB]`, or `rediss://` over TLS) and
 * the name of the BullMQ queue on it. Every key of the queue, and every input it stores, starts
 * with `bull:<name>:`.
 *
 * @example
 * ```ts
 * const q: QueueLocation = { url: 'redis://127.0.0.1:6379', name: 'xcollat' }
 * ```
 */
export type QueueLocation = {
  readonly url: string
  readonly name: string
}

/** The key prefix of BullMQ (its default), kept explicit so inputs share the queue's namespace. */
export const QUEUE_PREFIX = 'bull'

/**
 * The ioredis options of a `redis://HOST:PORT[/DB]` URL (user and password allowed), or a
 * {@link QueueUnavailableError} saying what is wrong with it.
 *
 * @example
 * ```ts
 * redisOptions('redis://127.0.0.1:6379/2') // { host: '127.0.0.1', port: 6379, db: 2, … }
 * ```
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new QueueUnavailableError(url, 'not a URL (expected redis://HOST:PORT[/DB])')
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new QueueUnavailableError(url, `the scheme ${u.protocol} is not redis: or rediss:`)
  if (u.hostname === '') throw new QueueUnavailableError(url, 'no host')
  const port = u.port === '' ? 6379 : Number(u.port)
  const path = u.pathname.replace(/^\//, '')
  if (path !== '' && !/^\d{1,2}$/.test(path))
    throw new QueueUnavailableError(url, `the database "${path}" is not a number from 0 to 99`)
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: path === '' ? 0 : Number(path),
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis: it requires this to be null.
    maxRetriesPerRequest: null,
  }
}

/**
 * Connects to the queue's Redis once, failing fast (no endless reconnects) with a
 * {@link QueueUnavailableError} when nothing answers. Returns the open client.
 *
 * @example
 * ```ts
 * const redis = await connectRedis('redis://127.0.0.1:6379'); await redis.quit()
 * ```
 */
export async function connectRedis(url: string): Promise<Redis> {
  const options = redisOptions(url)
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 5000,
  })
  probe.on('error', () => {}) // reported by connect() below
  try {
    await probe.connect()
    await probe.ping()
  } catch (error) {
    probe.disconnect()
    throw new QueueUnavailableError(url, error instanceof Error ? error.message : String(error))
  }
  probe.disconnect()
  const redis = new Redis(options)
  redis.on('error', () => {}) // ioredis reconnects by itself; a command that cannot wait fails on its own
  return redis
}
