import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq'
import {
  CHUNK_JOB,
  type ChunkJobData,
  INPUT_TTL_SECONDS,
  inputKey,
  REDUCE_JOB,
  REMOTE_ERROR_TAG,
} from './chunk.js'
import { contentHash, decodeValue, encodeValue } from './codec.js'
import { connectRedis, QUEUE_PREFIX, type QueueLocation, redisOptions } from './connection.js'
import { RemoteChunkError, type RemoteErrorFields } from './errors.js'

/**
 * Inputs of {@link submitChunks}.
 *
 * @example
 * ```ts
 * const p: SubmitChunksParameters = { location, kind: 'simulate', stamp: '0.1.0', input: { portfolio, seed: '42' },
 *   chunks: [{ startPath: 0, endPath: 2500 }, { startPath: 2500, endPath: 5000 }] }
 * ```
 */
export type SubmitChunksParameters = {
  readonly location: QueueLocation
  readonly kind: string
  /** The submitter's version stamp; workers with another one refuse the chunks. */
  readonly stamp: string
  /** What every chunk shares (the portfolio, the seed, the histories): stored once, by content hash. */
  readonly input: unknown
  /** Each chunk's own description (a path range, a route index). */
  readonly chunks: readonly unknown[]
  /** The last progress value a worker reported for chunk `index` (and the chunk's result once done). */
  readonly onProgress?: (index: number, value: unknown) => void
  /** Chunk `index` finished. */
  readonly onChunkDone?: (index: number) => void
  /** Aborting cancels the chunks not yet started and returns the ones finished. */
  readonly signal?: AbortSignal
}

/**
 * What {@link submitChunks} returns: each chunk's result in chunk order (`undefined` for a chunk
 * a cancel left unfinished).
 *
 * @example
 * ```ts
 * const { results, cancelled } = await submitChunks(p)
 * ```
 */
export type SubmitChunksReturnType<R> = {
  readonly results: ReadonlyArray<R | undefined>
  readonly cancelled: boolean
}

type Outcome = { readonly type: 'completed' } | { readonly type: 'failed' } | { readonly type: 'aborted' }

/**
 * Runs `chunks` on the workers of the queue at `location` as one BullMQ flow (a parent reduce job
 * over one child job per chunk) and waits for it. The shared input is stored once under its
 * content hash; each chunk's result comes back exactly as the worker computed it. A chunk that
 * fails fails the flow with the worker's error, raised here as a {@link RemoteChunkError} with
 * the same name, code and message; the finished jobs are then removed.
 *
 * @example
 * ```ts
 * const { results } = await submitChunks<PartialResult>({ location, kind: 'simulate', stamp, input, chunks })
 * ```
 */
export async function submitChunks<R>(p: SubmitChunksParameters): Promise<SubmitChunksReturnType<R>> {
  const redis = await connectRedis(p.location.url)
  const connection = redisOptions(p.location.url)
  const opts = { connection, prefix: QUEUE_PREFIX }
  const queue = new Queue(p.location.name, opts)
  const events = new QueueEvents(p.location.name, opts)
  const flows = new FlowProducer(opts)
  queue.on('error', () => {})
  events.on('error', () => {})
  flows.on('error', () => {})
  try {
    const encoded = encodeValue(p.input)
    const hash = contentHash(encoded)
    await redis.set(inputKey(p.location, hash), encoded, 'EX', INPUT_TTL_SECONDS)
    await events.waitUntilReady()
    const tree = await flows.add({
      name: REDUCE_JOB,
      queueName: p.location.name,
      data: { kind: p.kind, chunks: p.chunks.length },
      opts: { removeOnFail: false },
      children: p.chunks.map((chunk, index) => ({
        name: CHUNK_JOB,
        queueName: p.location.name,
        data: { kind: p.kind, stamp: p.stamp, input: hash, index, chunk } satisfies ChunkJobData,
        opts: { attempts: 1, failParentOnFailure: true, removeOnFail: false },
      })),
    })
    const parent = tree.job
    const children = (tree.children ?? []).map((c) => c.job)
    const indexOf = new Map(children.map((c) => [c.id ?? '', (c.data as ChunkJobData).index]))
    const outcome = await new Promise<Outcome>((resolve) => {
      const finish = (o: Outcome) => {
        clearInterval(poll)
        events.off('progress', onProgress)
        events.off('completed', onCompleted)
        events.off('failed', onFailed)
        p.signal?.removeEventListener('abort', onAbort)
        resolve(o)
      }
      const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
        const index = indexOf.get(jobId)
        if (index !== undefined) p.onProgress?.(index, data)
      }
      const onCompleted = ({ jobId }: { jobId: string }) => {
        if (jobId === parent.id) finish({ type: 'completed' })
        const index = indexOf.get(jobId)
        if (index !== undefined) p.onChunkDone?.(index)
      }
      const onFailed = ({ jobId }: { jobId: string }) => {
        if (jobId === parent.id || indexOf.has(jobId)) finish({ type: 'failed' })
      }
      const onAbort = () => finish({ type: 'aborted' })
      // Events are best effort (a reconnect can lose one): the parent's state is polled as well.
      const poll = setInterval(() => {
        void parent
          .getState()
          .then((s) => {
            if (s === 'completed') finish({ type: 'completed' })
            else if (s === 'failed') finish({ type: 'failed' })
          })
          .catch(() => {})
      }, 1000)
      events.on('progress', onProgress)
      events.on('completed', onCompleted)
      events.on('failed', onFailed)
      p.signal?.addEventListener('abort', onAbort)
      if (p.signal?.aborted) onAbort()
    })
    if (outcome.type === 'failed') throw await flowFailure(queue, parent, children)
    if (outcome.type === 'aborted') {
      // Cancel what has not started; what is running finishes on its worker and is dropped.
      for (const c of children) {
        const state = await c.getState().catch(() => 'unknown')
        if (state === 'waiting' || state === 'delayed' || state === 'prioritized')
          await c.remove().catch(() => {})
      }
    }
    const values = await parent.getChildrenValues<string>()
    const results = new Array<R | undefined>(p.chunks.length).fill(undefined)
    for (const [key, value] of Object.entries(values)) {
      const index = indexOf.get(key.slice(key.lastIndexOf(':') + 1))
      if (index !== undefined && typeof value === 'string') results[index] = decodeValue<R>(value)
    }
    await parent.remove().catch(() => {})
    return { results, cancelled: outcome.type === 'aborted' }
  } finally {
    await Promise.allSettled([flows.close(), events.close(), queue.close()])
    redis.disconnect()
  }
}

/** The error of the first failed chunk (a worker's own error, or why BullMQ failed the job). */
async function flowFailure(queue: Queue, parent: Job, children: readonly Job[]): Promise<RemoteChunkError> {
  for (const c of children) {
    const job = await Job.fromId(queue, c.id ?? '')
    if (job === undefined || (await job.getState()) !== 'failed') continue
    const reason = job.failedReason ?? ''
    await parent.remove().catch(() => {})
    return reason.startsWith(REMOTE_ERROR_TAG)
      ? new RemoteChunkError(JSON.parse(reason.slice(REMOTE_ERROR_TAG.length)) as RemoteErrorFields)
      : workerFailed(reason)
  }
  const parentJob = await Job.fromId(queue, parent.id ?? '')
  await parent.remove().catch(() => {})
  return workerFailed(parentJob?.failedReason ?? 'the flow failed without a failed chunk')
}

function workerFailed(reason: string): RemoteChunkError {
  return new RemoteChunkError({
    name: 'WorkerFailedError',
    code: 'XC_WORKER_FAILED',
    shortMessage: `A queued chunk failed: ${reason}.`,
    instruction: "Check the workers' logs; run again (without --queue to run locally).",
    details: undefined,
    problems: [],
  })
}
