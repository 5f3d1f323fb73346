import { QUEUE_PREFIX, type QueueLocation } from './connection.js'

/**
 * What each chunk job carries: the kind of work, the submitter's version stamp (a worker with a
 * different one refuses the chunk), the content hash of the shared input, the chunk's index and
 * its own small description (a path range, a route). Its result depends on these alone.
 *
 * @example
 * ```ts
 * const d: ChunkJobData = { kind: 'simulate', stamp: '0.1.0 model sha256:…', input: 'sha256:…', index: 0, chunk: { startPath: 0, endPath: 2500 } }
 * ```
 */
export type ChunkJobData = {
  readonly kind: string
  readonly stamp: string
  readonly input: string
  readonly index: number
  readonly chunk: unknown
}

/** The job name of a chunk, and of the parent (reduce) job of a flow. */
export const CHUNK_JOB = 'chunk'
export const REDUCE_JOB = 'reduce'

/** How an {@link XcollatError} met by a worker is marked in a failed job's reason. */
export const REMOTE_ERROR_TAG = 'xcollat-error:'

/** Inputs are kept this long in Redis (seconds), refreshed by every submission of the same input. */
export const INPUT_TTL_SECONDS = 86_400

/**
 * The Redis key of an input, inside the queue's own namespace.
 *
 * @example
 * ```ts
 * inputKey({ url: 'redis://127.0.0.1:6379', name: 'xcollat' }, 'sha256:ab') // 'bull:xcollat:input:sha256:ab'
 * ```
 */
export function inputKey(location: QueueLocation, hash: string): string {
  return `${QUEUE_PREFIX}:${location.name}:input:${hash}`
}
