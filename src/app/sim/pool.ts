import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { XcollatError } from '../../core/errors.js'
import { seedState } from '../../core/math/random.js'
import { type SimulationMetrics, simulationMetrics } from '../../core/sim/metrics.js'
import { mergePartials, type PartialResult } from '../../core/sim/montecarlo.js'
import { compilePortfolio, type SimPortfolio } from '../../core/sim/portfolio.js'
import { nonNegativeInteger } from '../../core/units/validate.js'

/**
 * A worker thread failed (a bug, or out of memory). Code `XC_WORKER_FAILED`.
 *
 * @example
 * ```ts
 * throw new WorkerFailedError('exit code 1')
 * ```
 */
export class WorkerFailedError extends XcollatError {
  override name = 'WorkerFailedError'
  constructor(detail: string) {
    super(`A simulation worker failed: ${detail}.`, {
      code: 'XC_WORKER_FAILED',
      instruction: 'Retry with fewer paths or --workers 1, and report the problem with --debug output.',
    })
  }
}

/**
 * Inputs of {@link runSimulation}.
 *
 * @example
 * ```ts
 * const p: RunSimulationParameters = { portfolio, seed: 42n, paths: 10_000, workers: 2 }
 * ```
 */
export type RunSimulationParameters = {
  readonly portfolio: SimPortfolio
  readonly seed: bigint
  readonly paths: number
  /** Worker threads (≥ 1); the paths are split into that many contiguous ranges. */
  readonly workers: number
  /** Called with the paths finished so far (all workers). */
  readonly onProgress?: (done: number, total: number) => void
  /** Aborting stops every worker after its current path; the finished paths are kept. */
  readonly signal?: AbortSignal
}

/**
 * Result of {@link runSimulation}.
 *
 * @example
 * ```ts
 * const run: RunSimulationReturnType = await runSimulation(p)
 * ```
 */
export type RunSimulationReturnType = {
  readonly seed: bigint
  readonly requestedPaths: number
  readonly completedPaths: number
  readonly cancelled: boolean
  readonly workers: number
  readonly result: PartialResult & { readonly paths: number }
  readonly metrics: SimulationMetrics
}

type WorkerSource = { readonly target: URL | string; readonly options: { readonly eval?: boolean } }

function workerSource(): WorkerSource {
  // From dist the worker is plain JavaScript. From source (tsx, vitest) it is TypeScript: a tiny
  // eval'd bootstrap registers tsx's ESM loader in the thread, then imports worker.ts.
  if (!import.meta.url.endsWith('.ts'))
    return { target: new URL('./worker.js', import.meta.url), options: {} }
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
  const worker = new URL('./worker.ts', import.meta.url).href
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}) })`
  return { target: code, options: { eval: true } }
}

/**
 * Runs a Monte Carlo simulation on `workers` threads. Path i always uses random stream i
 * (the seed's generator jumped i times), and results are merged in path order, so the output
 * is identical for any number of workers. Cancelling keeps the paths each worker finished.
 *
 * @example
 * ```ts
 * const run = await runSimulation({ portfolio, seed: 42n, paths: 10_000, workers: 2 })
 * run.metrics.badDebtVar95.value
 * ```
 */
export async function runSimulation(p: RunSimulationParameters): Promise<RunSimulationReturnType> {
  nonNegativeInteger('paths', p.paths)
  nonNegativeInteger('workers', p.workers)
  if (p.paths < 1) throw new WorkerFailedError('no paths requested (use --paths 1 or more)')
  seedState(p.seed)
  const compiled = compilePortfolio(p.portfolio) // validate before starting threads
  const k = Math.max(1, Math.min(p.workers, p.paths))
  const stop = new SharedArrayBuffer(4)
  const flag = new Int32Array(stop)
  const done = new Array<number>(k).fill(0)
  const source = workerSource()
  const onAbort = () => Atomics.store(flag, 0, 1)
  p.signal?.addEventListener('abort', onAbort)
  if (p.signal?.aborted) onAbort()
  try {
    const parts = await Promise.all(
      Array.from({ length: k }, (_, w) => {
        const startPath = Math.floor((p.paths * w) / k)
        const endPath = Math.floor((p.paths * (w + 1)) / k)
        return new Promise<PartialResult>((resolve, reject) => {
          const worker = new Worker(source.target, {
            ...source.options,
            workerData: { portfolio: p.portfolio, seed: p.seed.toString(), startPath, endPath, stop },
          })
          let settled = false
          worker.on(
            'message',
            (m: { type: string; done?: number; result?: PartialResult; message?: string }) => {
              if (m.type === 'progress') {
                done[w] = m.done ?? 0
                p.onProgress?.(
                  done.reduce((s, x) => s + x, 0),
                  p.paths,
                )
              } else if (m.type === 'done' && m.result) {
                settled = true
                resolve(m.result)
                void worker.terminate()
              } else if (m.type === 'error') {
                settled = true
                reject(new WorkerFailedError(m.message ?? 'unknown error'))
                void worker.terminate()
              }
            },
          )
          worker.on('error', (e) => {
            if (!settled) reject(new WorkerFailedError(e instanceof Error ? e.message : String(e)))
            settled = true
          })
          worker.on('exit', (code) => {
            if (!settled) reject(new WorkerFailedError(`exit code ${code}`))
            settled = true
          })
        })
      }),
    )
    const nonEmpty = parts.filter((x) => x.endPath > x.startPath)
    if (nonEmpty.length === 0) throw new WorkerFailedError('cancelled before any path finished')
    const result = mergePartials(nonEmpty)
    return {
      seed: p.seed,
      requestedPaths: p.paths,
      completedPaths: result.paths,
      cancelled: result.paths < p.paths,
      workers: k,
      result,
      metrics: simulationMetrics(result, compiled.portfolio.stepSeconds),
    }
  } finally {
    p.signal?.removeEventListener('abort', onAbort)
  }
}
