import { describe, expect, it } from 'vitest'
import { simRoute } from '../../../test/fixtures/sim.js'
import { createRng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { conditionalExploit, createScratch, simulatePrices } from './engine.js'
import { runPaths } from './montecarlo.js'
import { compilePortfolio, NO_FAULTS, type SimPortfolio, type SimRoute } from './portfolio.js'

const route = (over: Partial<SimRoute>): SimRoute => simRoute(over)

describe('simulatePrices', () => {
  it('correlated assets: terminal log returns have variances σ²T and correlation ρ within 4 SE', () => {
    const rho = 0.6
    const p: SimPortfolio = {
      horizonSeconds: SECONDS_PER_YEAR,
      stepSeconds: SECONDS_PER_YEAR / 20,
      assets: [
        { id: 'A', sigmaAnnual: 0.8, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
        { id: 'B', sigmaAnnual: 0.5, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
      ],
      correlation: [
        [1, rho],
        [rho, 1],
      ],
      routes: [route({}), route({ id: 'r2', assetId: 'B' })],
    }
    const c = compilePortfolio(p)
    const s = createScratch(c)
    const rng = createRng(21)
    const n = 20_000
    const h = c.horizonSteps
    let sa = 0
    let sb = 0
    let saa = 0
    let sbb = 0
    let sab = 0
    for (let i = 0; i < n; i++) {
      simulatePrices(c, rng, s)
      // Remove the known drift −σ²/2·T so the sums are centred.
      const a = s.logPaths[0]![h]! + 0.32
      const b = s.logPaths[1]![h]! + 0.125
      sa += a
      sb += b
      saa += a * a
      sbb += b * b
      sab += a * b
    }
    const va = saa / n - (sa / n) ** 2
    const vb = sbb / n - (sb / n) ** 2
    const r = (sab / n - (sa / n) * (sb / n)) / Math.sqrt(va * vb)
    expect(Math.abs(va - 0.64)).toBeLessThan(4 * 0.64 * Math.sqrt(2 / n))
    expect(Math.abs(vb - 0.25)).toBeLessThan(4 * 0.25 * Math.sqrt(2 / n))
    expect(Math.abs(r - rho)).toBeLessThan((4 * (1 - rho * rho)) / Math.sqrt(n))
  })
})

describe('sampleBridgeFaults', () => {
  it('routes on the same bridge share its exploit (both lose on the same paths), other bridges do not', () => {
    // σ = 0; exploit rate ln 2 per day: P(exploit in the day) = 1/2. LGF 100 %.
    const rate = (Math.LN2 * SECONDS_PER_YEAR) / 86_400
    const faults = { ...NO_FAULTS, bridgeExploitRatePerYear: rate, exploitLossFraction: 1 }
    const p: SimPortfolio = {
      horizonSeconds: 86_400,
      stepSeconds: 3600,
      assets: [
        { id: 'A', sigmaAnnual: 0, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
        { id: 'B', sigmaAnnual: 0, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
      ],
      routes: [
        route({ faults }),
        route({ id: 'same-bridge', assetId: 'B', faults }),
        route({ id: 'other-bridge', bridgeId: 'b2', faults }),
      ],
    }
    const r = runPaths({ compiled: compilePortfolio(p), seed: 3, startPath: 0, endPath: 400 })
    let hit = 0
    let differ = 0
    for (let i = 0; i < 400; i++) {
      const a = r.routeBadDebt[0]![i]! > 0
      expect(r.routeBadDebt[1]![i]! > 0).toBe(a)
      if (a) hit++
      if (a !== r.routeBadDebt[2]![i]! > 0) differ++
    }
    // Binomial(400, 1/2): within 4 SE = 4·10 of 200; independent bridges differ on half the paths.
    expect(Math.abs(hit - 200)).toBeLessThan(40)
    expect(Math.abs(differ - 200)).toBeLessThan(40)
  })
})

describe('conditionalExploit', () => {
  it('q = 1 − exp(−λT) on an unstressed path, and the step lies in the horizon', () => {
    const p: SimPortfolio = {
      horizonSeconds: 86_400,
      stepSeconds: 3600,
      assets: [
        { id: 'A', sigmaAnnual: 0, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
      ],
      routes: [route({ faults: { ...NO_FAULTS, bridgeExploitRatePerYear: 2, exploitLossFraction: 1 } })],
    }
    const c = compilePortfolio(p)
    const s = createScratch(c)
    const rng = createRng(1)
    simulatePrices(c, rng, s)
    const e = conditionalExploit(c, c.routes[0]!, rng, s)
    expect(e.probability).toBeCloseTo(-Math.expm1((-2 * 86_400) / SECONDS_PER_YEAR), 14)
    expect(e.step).toBeGreaterThanOrEqual(1)
    expect(e.step).toBeLessThanOrEqual(24)
  })
})
