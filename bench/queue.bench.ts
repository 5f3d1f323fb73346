// Queue benchmarks: Monte Carlo paths per second on BullMQ workers (one and two `xcollat worker`
// processes, one chunk at a time each) beside the local run on one thread, and the queue's
// overhead per chunk on a small job (queued minus the same paths run here, per chunk).
// Needs a Redis (127.0.0.1:6379, or a redis-server it starts) and a built dist/ (npm run build).
// Run: npm run bench -- queue   (prints figures; asserts nothing)
// XCOLLAT_BENCH_QUEUE_PATHS sets the throughput run's paths (default 4000).
import { loadavg } from 'node:os'
import { DEFAULT_SIMULATION_OPTIONS, portfolioFromRegistry } from '../src/app/sim/fromConfig.js'
import { runSimulation } from '../src/app/sim/pool.js'
import { runQueuedSimulation } from '../src/app/worker/remote.js'
import { loadConfig } from '../src/config/load.js'
import { runPaths } from '../src/core/sim/montecarlo.js'
import { compilePortfolio } from '../src/core/sim/portfolio.js'
import {
  removeQueueKeys,
  startWorker,
  testRedis,
  uniqueQueueName,
  type WorkerProcess,
} from '../test/queue/redis.js'
import { line, timeMs } from './harness.js'

const found = await testRedis()
if ('skip' in found) {
  process.stdout.write(`queue bench skipped: ${found.skip}\n`)
  process.exit(0)
}
const redis = found
const registry = await loadConfig('examples/small.yaml', { dataDir: undefined })
const { portfolio } = portfolioFromRegistry(registry, {
  ...DEFAULT_SIMULATION_OPTIONS,
  horizonSeconds: 86_400,
})
const paths = Number(process.env.XCOLLAT_BENCH_QUEUE_PATHS ?? 4000)
const chunkPaths = 500
const workers: WorkerProcess[] = []
const names: string[] = []

const perSecond = (ms: number) => `${((paths / ms) * 1000).toFixed(0)} paths/s`

try {
  process.stdout.write(
    `examples/small.yaml, 1-day horizon, ${paths} paths in chunks of ${chunkPaths}; load average ${loadavg()[0]!.toFixed(1)} on ${'2'} shared cores\n`,
  )
  const local = await timeMs(() => runSimulation({ portfolio, seed: 1n, paths, workers: 1 }), {
    minSamples: 3,
    maxSamples: 3,
  })
  process.stdout.write(`${line('local, 1 thread', local)}  ${perSecond(local.p50)}\n`)

  const results: Record<number, number> = {}
  for (const k of [1, 2]) {
    const name = uniqueQueueName(`bench${k}`)
    names.push(name)
    for (let i = 0; i < k; i++) workers.push(await startWorker(redis.url, name))
    const location = { url: redis.url, name }
    const t = await timeMs(() => runQueuedSimulation({ location, portfolio, seed: 1n, paths, chunkPaths }), {
      minSamples: 3,
      maxSamples: 3,
    })
    results[k] = t.p50
    process.stdout.write(`${line(`queue, ${k} worker process(es)`, t)}  ${perSecond(t.p50)}\n`)
    await Promise.all(workers.splice(0).map((w) => w.stop()))
  }
  process.stdout.write(`2 workers / 1 worker: ${((results[1] ?? 0) / (results[2] ?? 1)).toFixed(2)}×\n`)

  // Overhead: a small job, 8 chunks of 10 paths, on one worker, against the same paths run here.
  const name = uniqueQueueName('overhead')
  names.push(name)
  workers.push(await startWorker(redis.url, name))
  const location = { url: redis.url, name }
  const small = { location, portfolio, seed: 2n, paths: 80, chunkPaths: 10 }
  const compiled = compilePortfolio(portfolio)
  const here = await timeMs(() => runPaths({ compiled, seed: 2n, startPath: 0, endPath: 80 }), {
    minSamples: 10,
    maxSamples: 20,
  })
  const queued = await timeMs(() => runQueuedSimulation(small), { minSamples: 10, maxSamples: 20 })
  process.stdout.write(`${line('80 paths here (runPaths)', here)}\n`)
  process.stdout.write(`${line('80 paths, 8 chunks, queued', queued)}\n`)
  process.stdout.write(`queue overhead: ${((queued.p50 - here.p50) / 8).toFixed(1)} ms per chunk\n`)
} finally {
  await Promise.all(workers.map((w) => w.stop()))
  for (const n of names) await removeQueueKeys(redis.url, n)
  await redis.stop()
}
