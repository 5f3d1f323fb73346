import { type Job, UnrecoverableError, Worker } from 'bullmq'
import { XcollatError } from '../../core/errors.js'
import { CHUNK_JOB, type ChunkJobData, inputKey, REMOTE_ERROR_TAG } from './chunk.js'
import { contentHash, decodeValue, encodeValue } from './codec.js'
import { connectRedis, QUEUE_PREFIX, type QueueLocation, redisOptions } from './connection.js'
import { QueueInputError, QueueVersionError, remoteErrorFields } from './errors.js'

/**
 * Runs one chunk: its kind, the shared input (decoded, with its content hash for caching), the
 * chunk's own description, and a progress callback (any JSON value; forwarded to the submitter).
 */
export type ChunkRunner = (work: {
  readonly kind: string
  readonly inputHash: string
  readonly input: unknown
  readonly chunk: unknown
  readonly progress: (value: number) => void
}) => Promise<unknown>

/** What {@link serveChunks} reports about each chunk, for the worker's log. */
export type ChunkEvent = {
  readonly type: 'started' | 'completed' | 'failed'
  readonly jobId: string
  readonly kind: string
  readonly index: number
  readonly chunk: unknown
  readonly ms?: number
  readonly error?: string
}

/**
 * Inputs of {@link serveChunks}.
 *
 * @example
 * ```ts
 * const p: ServeChunksParameters = { location, stamp: '0.1.0', concurrency: 2, lockDurationMs: 30_000, run }
 * ```
 */
export type ServeChunksParameters = {
  readonly location: QueueLocation
  /** This worker's version stamp; a chunk with another one is refused ({@link QueueVersionError}). */
  readonly stamp: string
  readonly concurrency: number
  /**
   * How long a chunk's lock lasts without renewal. A worker that dies stops renewing: after this
   * (and one stalled check) another worker runs the chunk again.
   */
  readonly lockDurationMs: number
  readonly run: ChunkRunner
  readonly onEvent?: (e: ChunkEvent) => void
  /** Called when the worker finds no chunk waiting (at start with an empty queue, or after the last). */
  readonly onDrained?: () => void
}

/**
 * A running chunk worker: {@link ChunkWorker.close} waits for the chunks in hand, then
 * disconnects.
 *
 * @example
 * ```ts
 * const w = await serveChunks(p); await w.close()
 * ```
 */
export type ChunkWorker = {
  close(): Promise<void>
  readonly counts: { completed: number; failed: number }
}

/**
 * Serves chunks of the BullMQ queue at `location`: each chunk's input is read from Redis by its
 * content hash (checked, then cached), run by `run`, and its result stored exactly
 * ({@link encodeValue}). A chunk that fails on an {@link XcollatError} fails at once, with the
 * error's fields, and is not retried (BullMQ's `UnrecoverableError`); a chunk whose worker dies is
 * taken up again by another worker after its lock expires (BullMQ's stalled-job check). The parent
 * job of each flow completes once every chunk has.
 *
 * @example
 * ```ts
 * const w = await serveChunks({ location, stamp, concurrency: 2, lockDurationMs: 30_000, run })
 * process.on('SIGTERM', () => void w.close())
 * ```
 */
export async function serveChunks(p: ServeChunksParameters): Promise<ChunkWorker> {
  const redis = await connectRedis(p.location.url)
  const inputs = new Map<string, unknown>()
  const readInput = async (hash: string): Promise<unknown> => {
    const cached = inputs.get(hash)
    if (cached !== undefined) return cached
    const text = await redis.get(inputKey(p.location, hash))
    if (text === null) throw new QueueInputError(hash, 'missing')
    if (contentHash(text) !== hash) throw new QueueInputError(hash, 'altered (its content hash differs)')
    const value = decodeValue<unknown>(text)
    if (inputs.size >= 8) inputs.delete(inputs.keys().next().value as string)
    inputs.set(hash, value)
    return value
  }
  const counts = { completed: 0, failed: 0 }
  const processor = async (job: Job): Promise<unknown> => {
    if (job.name !== CHUNK_JOB) {
      // The reduce job of a flow: every chunk is done (BullMQ starts it only then); the submitter
      // reads and merges the chunks' results itself.
      const values = await job.getChildrenValues()
      return { chunks: Object.keys(values).length }
    }
    const d = job.data as ChunkJobData
    const base = { jobId: job.id ?? '', kind: d.kind, index: d.index, chunk: d.chunk }
    const started = performance.now()
    p.onEvent?.({ type: 'started', ...base })
    try {
      if (d.stamp !== p.stamp) throw new QueueVersionError(d.stamp, p.stamp)
      const input = await readInput(d.input)
      let last = 0
      const result = await p.run({
        kind: d.kind,
        inputHash: d.input,
        input,
        chunk: d.chunk,
        progress: (value) => {
          const now = performance.now()
          if (now - last < 200) return
          last = now
          void job.updateProgress(value).catch(() => {})
        },
      })
      counts.completed++
      p.onEvent?.({ type: 'completed', ...base, ms: performance.now() - started })
      return encodeValue(result)
    } catch (error) {
      counts.failed++
      const message = error instanceof Error ? error.message : String(error)
      p.onEvent?.({ type: 'failed', ...base, ms: performance.now() - started, error: message })
      // Bad input fails the same way on every worker: fail once, never retry.
      if (error instanceof XcollatError)
        throw new UnrecoverableError(`${REMOTE_ERROR_TAG}${JSON.stringify(remoteErrorFields(error))}`)
      throw new UnrecoverableError(message)
    }
  }
  const worker = new Worker(p.location.name, processor, {
    connection: redisOptions(p.location.url),
    prefix: QUEUE_PREFIX,
    concurrency: p.concurrency,
    lockDuration: p.lockDurationMs,
    stalledInterval: Math.max(500, Math.floor(p.lockDurationMs / 2)),
    maxStalledCount: 1,
  })
  worker.on('error', () => {}) // connection errors: ioredis reconnects
  if (p.onDrained) worker.on('drained', p.onDrained)
  await worker.waitUntilReady()
  return {
    counts,
    async close() {
      await worker.close()
      redis.disconnect()
    },
  }
}
