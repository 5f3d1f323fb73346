import type { ValidateRouteParameters, ValidateRouteReturnType } from '../../core/backtest/validate.js'
import { seedState } from '../../core/math/random.js'
import {
  type BookSamples,
  mergeBookSamples,
  type SolveStep,
  type SolveStepResult,
} from '../../core/sim/bookSolver.js'
import { simulationMetrics } from '../../core/sim/metrics.js'
import { mergePartials, type PartialResult } from '../../core/sim/montecarlo.js'
import { compilePortfolio, type SimPortfolio } from '../../core/sim/portfolio.js'
import { nonNegativeInteger } from '../../core/units/validate.js'
import type { QueueLocation } from '../../io/queue/connection.js'
import { submitChunks } from '../../io/queue/submit.js'
import { type RunSimulationReturnType, WorkerFailedError } from '../sim/pool.js'
import { type PathsInput, pathRanges, type RouteChunk, type ValidateInput, workStamp } from './chunks.js'

/** Paths per chunk when the command does not say (`--chunk-paths`). */
export const DEFAULT_CHUNK_PATHS = 2500

/**
 * Inputs of {@link runQueuedSimulation}: those of a local `runSimulation`, with the queue and the
 * chunk size in place of the thread count.
 *
 * @example
 * ```ts
 * const p: RunQueuedSimulationParameters = { location, portfolio, seed: 42n, paths: 10_000, chunkPaths: 2500 }
 * ```
 */
export type RunQueuedSimulationParameters = {
  readonly location: QueueLocation
  readonly portfolio: SimPortfolio
  readonly seed: bigint
  readonly paths: number
  readonly chunkPaths: number
  readonly onProgress?: (done: number, total: number) => void
  readonly signal?: AbortSignal
}

/**
 * `simulate` on queue workers: the paths split into chunks of `chunkPaths`, each run by a worker
 * as `runPaths` of its range (path i on stream i, as locally), the partial results merged in path
 * order, so the result is bit-identical to a local run with any number of threads or workers.
 * Ctrl-C cancels the chunks not started and keeps the finished ones (as a local run keeps its
 * finished paths).
 *
 * @example
 * ```ts
 * const run = await runQueuedSimulation({ location, portfolio, seed: 42n, paths: 10_000, chunkPaths: 2500 })
 * ```
 */
export async function runQueuedSimulation(
  p: RunQueuedSimulationParameters,
): Promise<RunSimulationReturnType> {
  nonNegativeInteger('paths', p.paths)
  if (p.paths < 1) throw new WorkerFailedError('no paths requested (use --paths 1 or more)')
  seedState(p.seed)
  const compiled = compilePortfolio(p.portfolio) // the same checks, and errors, as a local run
  const ranges = pathRanges(0, p.paths, p.chunkPaths)
  const done = new Array<number>(ranges.length).fill(0)
  const report = () =>
    p.onProgress?.(
      done.reduce((s, x) => s + x, 0),
      p.paths,
    )
  const { results } = await submitChunks<PartialResult>({
    location: p.location,
    kind: 'paths',
    stamp: workStamp(),
    input: { portfolio: p.portfolio, seed: p.seed } satisfies PathsInput,
    chunks: ranges,
    onProgress: (i, value) => {
      if (typeof value === 'number') done[i] = value
      report()
    },
    onChunkDone: (i) => {
      const r = ranges[i]
      if (r) done[i] = r.endPath - r.startPath
      report()
    },
    ...(p.signal ? { signal: p.signal } : {}),
  })
  const finished = results.filter((r): r is PartialResult => r !== undefined && r.endPath > r.startPath)
  if (finished.length === 0) throw new WorkerFailedError('cancelled before any path finished')
  const result = mergePartials(finished)
  return {
    seed: p.seed,
    requestedPaths: p.paths,
    completedPaths: result.paths,
    cancelled: result.paths < p.paths,
    workers: ranges.length,
    result,
    metrics: simulationMetrics(result, compiled.portfolio.stepSeconds),
  }
}

/**
 * Runs a solve's steps on queue workers: each {@link SolveStep} split into chunks of
 * `chunkPaths` paths, the chunk results merged in path order (`mergeBookSamples`,
 * `mergePartials`), so every step's answer, and so the solve, is bit-identical to a local run.
 *
 * @example
 * ```ts
 * const r = await runSolveStepsQueued(solveUnderAssessmentRulesSteps(p), { location, chunkPaths: 2500 })
 * ```
 */
export async function runSolveStepsQueued<T>(
  steps: Generator<SolveStep, T, SolveStepResult>,
  q: { readonly location: QueueLocation; readonly chunkPaths: number; readonly signal?: AbortSignal },
): Promise<T> {
  let r = steps.next()
  while (!r.done) {
    const step = r.value
    const { results, cancelled } = await submitChunks<SolveStepResult>({
      location: q.location,
      kind: step.kind,
      stamp: workStamp(),
      input: { portfolio: step.portfolio, seed: BigInt(step.seed) } satisfies PathsInput,
      chunks: pathRanges(step.startPath, step.endPath, q.chunkPaths),
      ...(q.signal ? { signal: q.signal } : {}),
    })
    if (cancelled || results.some((x) => x === undefined))
      throw new WorkerFailedError('cancelled before the solve finished')
    const parts = results as SolveStepResult[]
    r = steps.next(
      step.kind === 'sample'
        ? mergeBookSamples(parts as BookSamples[])
        : mergePartials(parts as PartialResult[]),
    )
  }
  return r.value
}

/**
 * Validates routes on queue workers, one chunk per route (the histories travel once, in the
 * shared input), in route order: the same `validateRoute` as a local run, so the same results.
 *
 * @example
 * ```ts
 * const results = await validateRoutesQueued(params, { location })
 * ```
 */
export async function validateRoutesQueued(
  routes: readonly ValidateRouteParameters[],
  q: { readonly location: QueueLocation; readonly signal?: AbortSignal },
): Promise<ValidateRouteReturnType[]> {
  if (routes.length === 0) return []
  const { results, cancelled } = await submitChunks<ValidateRouteReturnType>({
    location: q.location,
    kind: 'validate',
    stamp: workStamp(),
    input: { routes } satisfies ValidateInput,
    chunks: routes.map((_, index) => ({ index }) satisfies RouteChunk),
    ...(q.signal ? { signal: q.signal } : {}),
  })
  if (cancelled || results.some((x) => x === undefined))
    throw new WorkerFailedError('cancelled before every route was validated')
  return results as ValidateRouteReturnType[]
}
