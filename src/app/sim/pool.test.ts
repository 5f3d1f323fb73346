import { describe, expect, it } from 'vitest'
import { simBook } from '../../../test/fixtures/sim.js'
import { InvalidSeedError } from '../../core/math/random.js'
import { mergePartials, runPaths } from '../../core/sim/montecarlo.js'
import { compilePortfolio, NO_FAULTS, type SimPortfolio } from '../../core/sim/portfolio.js'
import { runSimulation, WorkerFailedError } from './pool.js'

const portfolio: SimPortfolio = simBook({
  stepSeconds: 300,
  asset: { sigmaAnnual: 1.5, jumpIntensityPerYear: 20, jumpMeanLog: -0.05, jumpStdLog: 0.05 },
  route: {
    collateralUsd: 1e6,
    utilisations: [0.7, 0.85, 1],
    faults: { ...NO_FAULTS, oracleStaleProbability: 0.2, oracleStaleSeconds: 900 },
  },
})

describe('runSimulation', () => {
  it('gives identical results on 1 and 2 workers, equal to the in-process runner', async () => {
    const one = await runSimulation({ portfolio, seed: 42n, paths: 301, workers: 1 })
    const two = await runSimulation({ portfolio, seed: 42n, paths: 301, workers: 2 })
    expect(two.workers).toBe(2)
    expect(Array.from(two.result.badDebt)).toEqual(Array.from(one.result.badDebt))
    expect(JSON.stringify(two.metrics)).toBe(JSON.stringify(one.metrics))
    const local = mergePartials([
      runPaths({ compiled: compilePortfolio(portfolio), seed: 42n, startPath: 0, endPath: 301 }),
    ])
    expect(Array.from(one.result.liquidatedValue)).toEqual(Array.from(local.liquidatedValue))
    expect(one.completedPaths).toBe(301)
    expect(one.cancelled).toBe(false)
  })

  it('reports progress and keeps finished paths when cancelled', async () => {
    const controller = new AbortController()
    let last = 0
    const run = await runSimulation({
      portfolio,
      seed: 1n,
      paths: 20_000,
      workers: 1,
      signal: controller.signal,
      onProgress: (done) => {
        last = done
        controller.abort()
      },
    })
    expect(last).toBeGreaterThan(0)
    expect(run.cancelled).toBe(true)
    expect(run.completedPaths).toBeGreaterThan(0)
    expect(run.completedPaths).toBeLessThan(20_000)
    expect(run.metrics.paths).toBe(run.completedPaths)
  })

  it('fails cleanly when cancelled before any path, and on a bad seed', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      runSimulation({ portfolio, seed: 1n, paths: 10, workers: 1, signal: controller.signal }),
    ).rejects.toThrow(WorkerFailedError)
    await expect(runSimulation({ portfolio, seed: -1n, paths: 10, workers: 1 })).rejects.toThrow(
      InvalidSeedError,
    )
  })
})
