import { ERROR_CODES, type ErrorCode, XcollatError } from '../../core/errors.js'

/**
 * The queue cannot be used: a malformed `--queue` URL, or no Redis answering there. Code
 * `XC_QUEUE`.
 *
 * @example
 * ```ts
 * throw new QueueUnavailableError('redis://127.0.0.1:6390', 'connect ECONNREFUSED')
 * ```
 */
export class QueueUnavailableError extends XcollatError {
  override name = 'QueueUnavailableError'
  constructor(url: string, reason: string) {
    super(`Cannot use the queue at ${url}: ${reason}.`, {
      code: 'XC_QUEUE',
      instruction:
        'Start Redis there (redis-server --port PORT) or pass --queue redis://HOST:PORT[/DB] of a running one; leave --queue out to run locally.',
    })
  }
}

/**
 * A worker could not read a chunk's input from Redis, or what it read does not have the content
 * hash the chunk names (expired, overwritten or corrupted). Code `XC_QUEUE_INPUT`.
 *
 * @example
 * ```ts
 * throw new QueueInputError('sha256:ab…', 'missing')
 * ```
 */
export class QueueInputError extends XcollatError {
  override name = 'QueueInputError'
  constructor(hash: string, reason: string) {
    super(`The queued input ${hash} is ${reason}.`, {
      code: 'XC_QUEUE_INPUT',
      instruction: 'Submit the run again (inputs are kept in Redis for a day).',
    })
  }
}

/**
 * A worker refuses a chunk submitted by a different xcollat version or model: its result could
 * differ from the submitter's local run. Code `XC_QUEUE_VERSION`.
 *
 * @example
 * ```ts
 * throw new QueueVersionError('0.1.0 model sha256:aa', '0.2.0 model sha256:bb')
 * ```
 */
export class QueueVersionError extends XcollatError {
  override name = 'QueueVersionError'
  constructor(submitter: string, worker: string) {
    super(`A chunk from xcollat ${submitter} reached a worker running xcollat ${worker}.`, {
      code: 'XC_QUEUE_VERSION',
      instruction: 'Run the same xcollat version on the submitting machine and on every worker.',
    })
  }
}

/**
 * The fields of an {@link XcollatError} that travel through the queue, so the submitter can raise
 * the error the worker met exactly as a local run would.
 *
 * @example
 * ```ts
 * const f: RemoteErrorFields = { name: 'SimulationInputError', code: 'XC_SIM_INPUT', shortMessage: '…', instruction: '…', details: undefined, problems: [] }
 * ```
 */
export type RemoteErrorFields = {
  readonly name: string
  readonly code: string
  readonly shortMessage: string
  readonly instruction: string
  readonly details: string | undefined
  readonly problems: readonly string[]
}

/**
 * The fields of an error that travel through the queue.
 *
 * @example
 * ```ts
 * remoteErrorFields(new QueueInputError('sha256:ab', 'missing')).code // 'XC_QUEUE_INPUT'
 * ```
 */
export function remoteErrorFields(error: XcollatError): RemoteErrorFields {
  return {
    name: error.name,
    code: error.code,
    shortMessage: error.shortMessage,
    instruction: error.instruction,
    details: error.details,
    problems: [...error.problems],
  }
}

/**
 * An error a worker met on a chunk, raised again on the submitter with the same name, code,
 * message, instruction and problems, so `--queue` fails exactly as a local run does.
 *
 * @example
 * ```ts
 * throw new RemoteChunkError(remoteErrorFields(error))
 * ```
 */
export class RemoteChunkError extends XcollatError {
  constructor(f: RemoteErrorFields) {
    const known = (ERROR_CODES as readonly string[]).includes(f.code)
    super(f.shortMessage, {
      code: known ? (f.code as ErrorCode) : 'XC_WORKER_FAILED',
      instruction: f.instruction,
      details: f.details,
      problems: f.problems,
    })
    this.name = f.name
  }
}
