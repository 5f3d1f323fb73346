import { createHash } from 'node:crypto'
import { type ValidateRouteParameters, validateRoute } from '../../core/backtest/validate.js'
import { sampleBookPaths } from '../../core/sim/bookSolver.js'
import {
  BOOK_CALIBRATION,
  DEPEG_CALIBRATION,
  FAULT_CALIBRATION,
  MARKET_CALIBRATION,
} from '../../core/sim/calibration.js'
import { runPaths } from '../../core/sim/montecarlo.js'
import { type CompiledPortfolio, compilePortfolio, type SimPortfolio } from '../../core/sim/portfolio.js'
import { QueueInputError } from '../../io/queue/errors.js'
import { packageVersion } from '../cli/version.js'

/** The shared input of `simulate` and `solve` chunks: the portfolio and the seed. */
export type PathsInput = { readonly portfolio: SimPortfolio; readonly seed: bigint }

/** A chunk of paths `[startPath, endPath)`. */
export type PathRange = { readonly startPath: number; readonly endPath: number }

/** The shared input of `validate` chunks: every route's validation; a chunk is one route. */
export type ValidateInput = { readonly routes: readonly ValidateRouteParameters[] }

/** A chunk of `validate`: the route at `index` of its input. */
export type RouteChunk = { readonly index: number }

/**
 * The kinds of chunk a worker runs, each a pure function of the shared input and the chunk:
 * `paths` (Monte Carlo paths of `simulate`, and the confirmation run of `solve`), `sample` (the
 * LT decomposition of `solve`'s search paths) and `validate` (one route's validation).
 *
 * @example
 * ```ts
 * CHUNK_KINDS.includes('paths') // true
 * ```
 */
export const CHUNK_KINDS = ['paths', 'sample', 'validate'] as const

/** One of {@link CHUNK_KINDS}. */
export type ChunkKind = (typeof CHUNK_KINDS)[number]

/**
 * The version stamp a submitter puts on its chunks and a worker checks: the xcollat version and a
 * hash of the model's calibration (the constants of `core/sim/calibration.ts`), so a worker whose
 * model could give different numbers refuses the chunk.
 *
 * @example
 * ```ts
 * workStamp() // 'xcollat 0.1.0 model sha256:3f…'
 * ```
 */
export function workStamp(): string {
  const model = JSON.stringify([FAULT_CALIBRATION, MARKET_CALIBRATION, BOOK_CALIBRATION, DEPEG_CALIBRATION])
  return `xcollat ${packageVersion()} model sha256:${createHash('sha256').update(model).digest('hex').slice(0, 16)}`
}

/**
 * Splits `[0, paths)` into ranges of `size` paths (the last one shorter), in path order.
 *
 * @example
 * ```ts
 * pathRanges(5, 2) // [{ startPath: 0, endPath: 2 }, { startPath: 2, endPath: 4 }, { startPath: 4, endPath: 5 }]
 * ```
 */
export function pathRanges(start: number, end: number, size: number): PathRange[] {
  const out: PathRange[] = []
  for (let s = start; s < end; s += size) out.push({ startPath: s, endPath: Math.min(end, s + size) })
  return out
}

const compiledCache = new Map<string, CompiledPortfolio>()

function compiledFor(inputHash: string, portfolio: SimPortfolio): CompiledPortfolio {
  const hit = compiledCache.get(inputHash)
  if (hit !== undefined) return hit
  const compiled = compilePortfolio(portfolio)
  if (compiledCache.size >= 4) compiledCache.delete(compiledCache.keys().next().value as string)
  compiledCache.set(inputHash, compiled)
  return compiled
}

/**
 * Runs one chunk (in a worker's thread): the same pure functions a local run calls, on the
 * chunk's range or route, so its result depends only on the input and the chunk.
 *
 * @example
 * ```ts
 * runChunk({ kind: 'paths', inputHash, input: { portfolio, seed: 42n }, chunk: { startPath: 0, endPath: 100 } })
 * ```
 */
export function runChunk(work: {
  readonly kind: string
  readonly inputHash: string
  readonly input: unknown
  readonly chunk: unknown
  readonly progress?: (done: number) => void
}): unknown {
  switch (work.kind as ChunkKind) {
    case 'paths': {
      const input = work.input as PathsInput
      const range = work.chunk as PathRange
      return runPaths({
        compiled: compiledFor(work.inputHash, input.portfolio),
        seed: input.seed,
        startPath: range.startPath,
        endPath: range.endPath,
        ...(work.progress ? { onProgress: work.progress, progressEvery: 200 } : {}),
      })
    }
    case 'sample': {
      const input = work.input as PathsInput
      const range = work.chunk as PathRange
      return sampleBookPaths({
        compiled: compiledFor(work.inputHash, input.portfolio),
        seed: input.seed,
        startPath: range.startPath,
        endPath: range.endPath,
      })
    }
    case 'validate': {
      const input = work.input as ValidateInput
      const route = input.routes[(work.chunk as RouteChunk).index]
      if (route === undefined)
        throw new QueueInputError(work.inputHash, `without route ${(work.chunk as RouteChunk).index}`)
      return validateRoute(route)
    }
    default:
      throw new QueueInputError(work.inputHash, `for a chunk kind this worker does not know (${work.kind})`)
  }
}
