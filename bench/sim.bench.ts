// Simulation benchmarks: the path kernel (GBM + Merton jumps, per-step running minimum, liquidation
// lag window) on one core and on two worker threads, the rare-event estimator on a ~1e-5 event,
// and a year of examples/multichain.yaml (cohort book, stressed regime, jumps, depegs, one-hour
// steps) on two worker threads: its wall time and the share of simulated path-steps inside the
// horizon, beside the share of the former one-day, one-minute, horizon-plus-longest-delay paths.
// Run: npm run bench -- sim   (prints figures; asserts nothing)
// XCOLLAT_BENCH_YEAR_PATHS sets the year's paths (default 100,000; `0` skips it).
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { portfolioFromRegistry } from '../src/app/sim/fromConfig.js'
import { runSimulation } from '../src/app/sim/pool.js'
import { loadConfig } from '../src/config/load.js'
import { createRng } from '../src/core/math/random.js'
import { compileKernel, fillLogPath, firstPassage, windowMin } from '../src/core/sim/kernel.js'
import { compilePortfolio, NO_FAULTS } from '../src/core/sim/portfolio.js'
import { rareBadDebtProbability } from '../src/core/sim/rareevent.js'
import { onceMs, perSecond, timeMs } from './harness.js'

const STEPS = 1440 // one day of one-minute steps
const LAG = 30 // 30-minute liquidation lag window
const kernelParams = {
  steps: STEPS,
  stepSeconds: 60,
  sigmaAnnual: 0.8,
  driftAnnual: 0,
  jumpIntensityPerYear: 20,
  jumpMeanLog: -0.05,
  jumpStdLog: 0.05,
}

/** Runs `paths` paths of the kernel from stream `seed`; returns a checksum so nothing is optimised away. */
export function kernelLoop(seed: number, paths: number): number {
  const k = compileKernel(kernelParams)
  const x = new Float64Array(STEPS + 1)
  const m = new Float64Array(STEPS + 1)
  const rng = createRng(seed)
  const trigger = Math.log(0.94)
  let acc = 0
  for (let p = 0; p < paths; p++) {
    fillLogPath(k, rng, x, m)
    const tau = firstPassage(m, STEPS, trigger)
    if (tau >= 0) acc += windowMin(x, tau, Math.min(STEPS, tau + LAG))
  }
  return acc
}

async function single(paths: number): Promise<number> {
  kernelLoop(1, 2000) // warm-up
  return perSecond(paths * STEPS, await timeMs(() => kernelLoop(2, paths), { minSamples: 3, maxSamples: 3 }))
}

// Two worker threads' wall time, with and without their start-up: timed by hand across the
// threads (mitata samples a function on one thread).
async function parallel(
  workers: number,
  pathsPerWorker: number,
): Promise<{ withStartup: number; steady: number }> {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
  const self = new URL(import.meta.url).href
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self)}) }).then((b) => {
      b.kernelLoop(workerData.seed, 2000)
      parentPort.postMessage({ ready: true })
      parentPort.once('message', () => {
        const t0 = performance.now()
        b.kernelLoop(workerData.seed + 1, workerData.paths)
        parentPort.postMessage({ ms: performance.now() - t0 })
      })
    })`
  const t0 = performance.now()
  const ws = Array.from(
    { length: workers },
    (_, i) =>
      new Worker(code, { eval: true, workerData: { seed: 100 + i, paths: pathsPerWorker, bench: true } }),
  )
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))))
  const t1 = performance.now()
  const done = ws.map((w) => new Promise<number>((r) => w.once('message', (m: { ms: number }) => r(m.ms))))
  for (const w of ws) w.postMessage('go')
  await Promise.all(done)
  const t2 = performance.now()
  await Promise.all(ws.map((w) => w.terminate()))
  const total = workers * pathsPerWorker * STEPS
  return { withStartup: total / ((t2 - t0) / 1000), steady: total / ((t2 - t1) / 1000) }
}

async function rare(): Promise<void> {
  // One position-book route: σ 80 %, one-day horizon in 5-minute steps, 1-hour lag, rare jumps
  // (0.06 a year, mean −10 %). P(bad debt) is of order 1e-5; brute force would need ~10^7 paths.
  const c = compilePortfolio({
    horizonSeconds: 86_400,
    stepSeconds: 300,
    assets: [
      {
        id: 'A',
        sigmaAnnual: 0.8,
        driftAnnual: 0,
        jumpIntensityPerYear: 0.06,
        jumpMeanLog: -0.1,
        jumpStdLog: 0.05,
      },
    ],
    routes: [
      {
        id: 'r',
        assetId: 'A',
        bridgeId: 'b',
        liquidationThreshold: 0.85,
        loanToValue: 0.8,
        liquidationBonus: 0.05,
        liquidationLagSeconds: 3600,
        collateralUsd: 1e6,
        utilisations: [0.9, 1],
        faults: NO_FAULTS,
      },
    ],
  })
  let paths = 2000
  let totalMs = 0
  for (;;) {
    // one run per size: the sizes double until the estimate is precise enough
    const { value: e, ms } = await onceMs(() =>
      rareBadDebtProbability({ compiled: c, routeId: 'r', seed: 1, paths }),
    )
    totalMs += ms
    process.stdout.write(
      `  rare-event: ${paths} paths  P = ${e.probability.toExponential(3)}  relative error ${(100 * e.relativeError).toFixed(1)} %  ${ms.toFixed(0)} ms\n`,
    )
    if (e.relativeError <= 0.1 || paths >= 1_000_000) {
      const reached = e.relativeError <= 0.1 ? '≤ 10 %' : 'NOT ≤ 10 % (gave up at 1,000,000 paths)'
      process.stdout.write(
        `rare-event estimator: relative error ${(100 * e.relativeError).toFixed(1)} % (${reached}) on P = ${e.probability.toExponential(2)} in ${(ms / 1000).toFixed(2)} s (${(totalMs / 1000).toFixed(2)} s including the smaller tries)\n`,
      )
      // The SE of a small importance sample is itself noisy: confirm with 10× the paths.
      const { value: check, ms: checkMs } = await onceMs(() =>
        rareBadDebtProbability({ compiled: c, routeId: 'r', seed: 2, paths: 10 * paths }),
      )
      process.stdout.write(
        `  confirmation (other seed, ${10 * paths} paths): P = ${check.probability.toExponential(3)}  relative error ${(100 * check.relativeError).toFixed(1)} %  ${checkMs.toFixed(0)} ms\n`,
      )
      return
    }
    paths *= 2
  }
}

async function year(): Promise<void> {
  const paths = Number(process.env.XCOLLAT_BENCH_YEAR_PATHS ?? 100_000)
  if (!(paths > 0)) return
  const file = new URL('../examples/multichain.yaml', import.meta.url).pathname
  const { portfolio } = portfolioFromRegistry(await loadConfig(file))
  const { book: _book, market: _market, ...shape } = portfolio
  const former = compilePortfolio({ ...shape, horizonSeconds: 86_400, stepSeconds: 60 })
  process.stdout.write(
    `former one-day book (60 s steps): ${former.totalSteps} steps drawn per asset for a ${former.horizonSteps}-step horizon, share inside the horizon ${(former.horizonSteps / former.totalSteps).toFixed(3)}\n`,
  )
  // one run (minutes at the default paths)
  const { value: run, ms } = await onceMs(() => runSimulation({ portfolio, seed: 1n, paths, workers: 2 }))
  const s = ms / 1000
  const share = run.result.stepsInHorizon / run.result.stepsSimulated
  process.stdout.write(
    `year of examples/multichain.yaml (${portfolio.assets.length} assets, ${portfolio.routes.length} routes, ${portfolio.stepSeconds} s steps): ${paths} paths on 2 workers in ${s.toFixed(1)} s; share of path-steps inside the horizon ${share.toFixed(4)}; VaR95 ${run.metrics.badDebtVar95.value.toFixed(0)} USD, EVaR99 ${run.metrics.badDebtEvar99.value.toFixed(0)} USD, P(bad debt > 0) ${run.metrics.probabilityOfBadDebt.value.toFixed(4)}\n`,
  )
}

if (!process.argv.includes('--no-main') && (await import('node:worker_threads')).isMainThread) {
  const one = await single(20_000)
  process.stdout.write(
    `path kernel, 1 core:    ${(one / 1e6).toFixed(1)} M path-steps/s (GBM + jumps, per-step min, ${LAG}-step lag window, ${STEPS} steps/path)\n`,
  )
  const two = await parallel(2, 40_000)
  process.stdout.write(
    `path kernel, 2 workers: ${(two.steady / 1e6).toFixed(1)} M path-steps/s (${(two.steady / one).toFixed(2)}× one core; ${(two.withStartup / 1e6).toFixed(1)} M/s counting thread start-up)\n`,
  )
  await rare()
  await year()
}
