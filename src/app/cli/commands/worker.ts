import type { Command } from 'commander'
import { serveChunks } from '../../../io/queue/serve.js'
import { workStamp } from '../../worker/chunks.js'
import { chunkThreads } from '../../worker/threads.js'
import { commandAction } from '../context.js'
import { formatOption, numberOption } from '../options.js'
import { EXIT } from '../output.js'
import { type QueueOptions, queueLocationOf, queueNameOption, queueOption } from '../queueOptions.js'

type WorkerOptions = QueueOptions & {
  readonly concurrency: number
  readonly lockDuration: number
  readonly once?: boolean | undefined
  readonly format: 'table' | 'json'
}

/** The URL without its password, for logs and output. */
function shown(url: string): string {
  const u = new URL(url)
  if (u.password !== '') u.password = '***'
  return u.toString().replace(/\/$/, '')
}

/**
 * Registers `xcollat worker --queue redis://HOST:PORT[/DB] [--queue-name NAME] [--concurrency K]
 * [--lock-duration MS] [--once] [--format json]`: runs the chunks that `simulate`, `solve` and
 * `validate` put on the queue with `--queue`, K at a time, each on its own thread, until Ctrl-C or
 * SIGTERM (the chunks in hand finish first), or with `--once` until no chunk is waiting; then
 * prints how many chunks it ran. Workers on several
 * machines may serve the same queue.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat worker --queue redis://127.0.0.1:6379 --concurrency 2
 * ```
 */
export function register(program: Command): void {
  program
    .command('worker')
    .description('Run the queued chunks of simulate, solve and validate (--queue) on this machine')
    .addOption(queueOption(true))
    .addOption(queueNameOption())
    .addOption(
      numberOption('-c, --concurrency <k>', 'chunks run at once, each on its own thread', {
        min: 1,
        max: 256,
        integer: true,
        default: 1,
      }),
    )
    .addOption(
      numberOption(
        '--lock-duration <ms>',
        "how long a chunk's lock lasts unrenewed: a chunk whose worker died runs again elsewhere after about this",
        { min: 1000, max: 3_600_000, integer: true, default: 30_000 },
      ),
    )
    .option('--once', 'stop when no chunk is waiting (the ones in hand finish first)')
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(
      commandAction(async (ctx, o: WorkerOptions) => {
        const location = queueLocationOf(o)
        if (location === undefined) return EXIT.badInput // --queue is mandatory: commander refuses first
        const url = shown(location.url)
        const stamp = workStamp()
        const threads = chunkThreads(o.concurrency)
        let served: Awaited<ReturnType<typeof serveChunks>> | undefined
        let stop: () => void = () => {}
        const stopped = new Promise<void>((resolve) => {
          stop = resolve
        })
        const signal = ctx.signal
        signal.addEventListener('abort', () => stop())
        const onTerm = () => stop()
        process.once('SIGTERM', onTerm)
        try {
          served = await serveChunks({
            location,
            stamp,
            concurrency: o.concurrency,
            lockDurationMs: o.lockDuration,
            run: (work) => threads.run(work),
            ...(o.once ? { onDrained: () => stop() } : {}),
            onEvent: (e) => {
              const what = `chunk ${e.jobId} (${e.kind} #${e.index})`
              const ms = e.ms === undefined ? '' : ` in ${e.ms.toFixed(0)} ms`
              process.stderr.write(
                e.type === 'failed' ? `${what} failed${ms}: ${e.error}\n` : `${what} ${e.type}${ms}\n`,
              )
            },
          })
          process.stderr.write(
            `worker on the queue ${location.name} at ${url}: ${o.concurrency} chunk(s) at a time (${stamp}); ${o.once ? 'stops when no chunk is waiting' : 'Ctrl-C or SIGTERM stops after the chunks in hand'}\n`,
          )
          await stopped
        } finally {
          process.removeListener('SIGTERM', onTerm)
          await served?.close()
          await threads.close()
        }
        const counts = { ...served.counts }
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            options: { queue: url, queueName: location.name, concurrency: o.concurrency, format: o.format },
            result: { stamp, chunks: counts },
          })
        else
          await ctx.writeOutput(
            undefined,
            `worker stopped: ${counts.completed} chunk(s) completed, ${counts.failed} failed (${stamp})\n`,
          )
        return EXIT.ok
      }),
    )
}
