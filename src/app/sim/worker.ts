// Worker thread of the Monte Carlo pool: runs one path range of the pure runner and posts
// progress and the partial result back. Started by ./pool.ts; never imported by anything else.
import { parentPort, workerData } from 'node:worker_threads'
import { runPaths } from '../../core/sim/montecarlo.js'
import { compilePortfolio, type SimPortfolio } from '../../core/sim/portfolio.js'

/** What the pool sends each worker. */
type WorkerInput = {
  readonly portfolio: SimPortfolio
  readonly seed: string
  readonly startPath: number
  readonly endPath: number
  readonly stop: SharedArrayBuffer
}

const input = workerData as WorkerInput
const stop = new Int32Array(input.stop)
const port = parentPort
if (port) {
  try {
    const result = runPaths({
      compiled: compilePortfolio(input.portfolio),
      seed: BigInt(input.seed),
      startPath: input.startPath,
      endPath: input.endPath,
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      onProgress: (done) => port.postMessage({ type: 'progress', done }),
      progressEvery: 200,
    })
    port.postMessage({ type: 'done', result })
  } catch (error) {
    port.postMessage({
      type: 'error',
      code: (error as { code?: string }).code,
      message: error instanceof Error ? error.message : String(error),
    })
  }
}
