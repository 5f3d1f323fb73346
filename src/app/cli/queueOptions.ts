import { Option } from 'commander'
import { XcollatError } from '../../core/errors.js'
import type { QueueLocation } from '../../io/queue/connection.js'
import { redisOptions } from '../../io/queue/connection.js'
import { DEFAULT_CHUNK_PATHS } from '../worker/remote.js'
import { BadOptionError, numberOption } from './options.js'

/** The queue options of `simulate`, `solve`, `validate` and `worker`, as commander parses them. */
export type QueueOptions = {
  readonly queue?: string | undefined
  readonly queueName: string
}

/**
 * Parses `--queue`: a `redis://HOST:PORT[/DB]` (or `rediss://`) URL, else a {@link BadOptionError}.
 *
 * @example
 * ```ts
 * parseQueueUrl('redis://127.0.0.1:6379') // 'redis://127.0.0.1:6379'
 * ```
 */
export function parseQueueUrl(text: string): string {
  try {
    redisOptions(text)
  } catch (error) {
    if (error instanceof XcollatError)
      throw new BadOptionError('--queue', 'redis://HOST:PORT[/DB]', text, error.shortMessage)
    throw error
  }
  return text
}

/**
 * `--chunk-paths <n>`: paths per queued chunk of `simulate` and `solve` (with `--queue`).
 *
 * @example
 * ```ts
 * cmd.addOption(chunkPathsOption())
 * ```
 */
export function chunkPathsOption(): Option {
  return numberOption('--chunk-paths <n>', 'paths per queued chunk (with --queue)', {
    min: 1,
    max: 10_000_000,
    integer: true,
    default: DEFAULT_CHUNK_PATHS,
  })
}

/**
 * `--queue <url>` parsed by {@link parseQueueUrl}; mandatory for `worker`, optional elsewhere.
 *
 * @example
 * ```ts
 * cmd.addOption(queueOption(false))
 * ```
 */
export function queueOption(required: boolean): Option {
  const queue = new Option(
    '--queue <url>',
    required
      ? 'the Redis of the queue: redis://HOST:PORT[/DB]'
      : 'run on queue workers (xcollat worker) through this Redis: redis://HOST:PORT[/DB]; the result is identical to a local run',
  ).argParser(parseQueueUrl)
  if (required) queue.makeOptionMandatory()
  return queue
}

/**
 * `--queue-name <name>` (default `xcollat`): the BullMQ queue on that Redis.
 *
 * @example
 * ```ts
 * cmd.addOption(queueNameOption())
 * ```
 */
export function queueNameOption(): Option {
  return new Option('--queue-name <name>', 'name of the BullMQ queue on that Redis')
    .default('xcollat')
    .argParser((text: string) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(text))
        throw new BadOptionError('--queue-name', 'letters, digits, _ . - (at most 100)', text)
      return text
    })
}

/**
 * The queue a command was given, or undefined (run locally).
 *
 * @example
 * ```ts
 * queueLocationOf({ queue: 'redis://127.0.0.1:6379', queueName: 'xcollat' }) // { url, name }
 * ```
 */
export function queueLocationOf(o: QueueOptions): QueueLocation | undefined {
  return o.queue === undefined ? undefined : { url: o.queue, name: o.queueName }
}
