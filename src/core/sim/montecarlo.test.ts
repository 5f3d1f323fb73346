import { describe, expect, it } from 'vitest'
import { simRoute } from '../../../test/fixtures/sim.js'
import { OutOfRangeError } from '../errors.js'
import { createRng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { SimulationInputError } from './errors.js'
import { mergePartials, PATHS_PER_STREAM_BLOCK, pathStreams, runPaths, streamAt } from './montecarlo.js'
import {
  compilePortfolio,
  evenUtilisations,
  NO_FAULTS,
  type SimPortfolio,
  type SimRoute,
} from './portfolio.js'

const route = (over: Partial<SimRoute> = {}): SimRoute => simRoute({ liquidationLagSeconds: 7200, ...over })

// A deterministic book: σ = 0 and a log drift of −0.05 per hourly step (μ = −0.05/dt).
const dt = 3600 / SECONDS_PER_YEAR
const falling = (over: Partial<SimRoute> = {}, driftPerStep = -0.05): SimPortfolio => ({
  horizonSeconds: 10 * 3600,
  stepSeconds: 3600,
  assets: [
    {
      id: 'A',
      sigmaAnnual: 0,
      driftAnnual: driftPerStep / dt,
      jumpIntensityPerYear: 0,
      jumpMeanLog: 0,
      jumpStdLog: 0,
    },
  ],
  routes: [route(over)],
})

const random: SimPortfolio = {
  horizonSeconds: 86_400,
  stepSeconds: 600,
  assets: [
    {
      id: 'A',
      sigmaAnnual: 1.2,
      driftAnnual: 0,
      jumpIntensityPerYear: 10,
      jumpMeanLog: -0.08,
      jumpStdLog: 0.05,
    },
    { id: 'B', sigmaAnnual: 0.9, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
  ],
  correlation: [
    [1, 0.8],
    [0.8, 1],
  ],
  routes: [
    route({
      utilisations: evenUtilisations(0.5, 5),
      faults: {
        ...NO_FAULTS,
        bridgeHaltRatePerYear: 50,
        bridgeHaltSeconds: 3600,
        oracleStaleProbability: 0.3,
        oracleStaleSeconds: 1200,
      },
    }),
    route({ id: 'r2', assetId: 'B', bridgeId: 'b2', liquidationLagSeconds: 1800, utilisations: [0.9, 1] }),
  ],
}

describe('runPaths', () => {
  it('hand-worked liquidation with lag: trigger at step 2, execution at step 4, bad debt 20.256…', () => {
    // Trigger price u·LTV/LT = 0.8/0.85 = 0.94118 → ln = −0.0606: first step with −0.05·t ≤ −0.0606 is t = 2.
    // Lag 7200 s = 2 steps → execution at step 4; lowest price in [2, 4] is e^{−0.2} = 0.818731.
    // Repaid min(800, 1000·0.818731/1.05) = 779.7436; bad debt 800 − 779.7436 = 20.2564;
    // collateral sold min(1000·0.818731, 779.7436·1.05) = 818.7308 (python3 arithmetic).
    const r = runPaths({ compiled: compilePortfolio(falling()), seed: 1, startPath: 0, endPath: 1 })
    expect(r.badDebt[0]).toBeCloseTo(20.25642564001737, 9)
    expect(r.recoveredDebt[0]).toBeCloseTo(779.7435743599826, 9)
    expect(r.liquidatedValue[0]).toBeCloseTo(818.7307530779818, 9)
    expect(r.liquidatedDebt[0]).toBeCloseTo(800, 12)
    expect(r.lagCounts).toEqual([0, 0, 1])
    expect(r.borrowUsage[0]).toBe(0)
  })

  it('no move: no liquidation, no bad debt, borrow usage = mean utilisation', () => {
    const r = runPaths({
      compiled: compilePortfolio(falling({ utilisations: [0.5, 1] }, 0)),
      seed: 1,
      startPath: 0,
      endPath: 3,
    })
    expect(Array.from(r.badDebt)).toEqual([0, 0, 0])
    expect(r.borrowUsage[0]).toBeCloseTo(0.75, 14)
    expect(r.lagCounts).toEqual([])
  })

  it('a bridge exploit cuts the collateral price (LGF 0.5 → bad debt 800 − 1000·0.5/1.05 = 323.81)', () => {
    const p = falling(
      { faults: { ...NO_FAULTS, bridgeExploitRatePerYear: 1e12, exploitLossFraction: 0.5 } },
      0,
    )
    const r = runPaths({ compiled: compilePortfolio(p), seed: 1, startPath: 0, endPath: 1 })
    expect(r.badDebt[0]).toBeCloseTo(800 - 500 / 1.05, 9)
  })

  it('an oracle floor above the trigger stops liquidations: bad debt at the horizon 800 − 500 = 300', () => {
    const p = falling(
      {
        faults: { ...NO_FAULTS, bridgeExploitRatePerYear: 1e12, exploitLossFraction: 0.5, oracleFloor: 0.95 },
      },
      0,
    )
    const r = runPaths({ compiled: compilePortfolio(p), seed: 1, startPath: 0, endPath: 1 })
    expect(r.badDebt[0]).toBeCloseTo(300, 9)
    expect(r.liquidatedDebt[0]).toBe(0)
  })

  it('sequencer downtime delays execution to the end of the outage', () => {
    const p = falling({
      faults: { ...NO_FAULTS, sequencerDowntimeRatePerYear: 1e12, sequencerDowntimeSeconds: 6 * 3600 },
    })
    const r = runPaths({ compiled: compilePortfolio(p), seed: 1, startPath: 0, endPath: 1 })
    // Outages start at every step from 0 (rate ≈ ∞) and last 6 steps: execution waits past them all.
    expect(r.lagCounts.length - 1).toBeGreaterThan(2)
  })

  it('gives bit-identical columns however the range is split (exact merge)', () => {
    const c = compilePortfolio(random)
    const whole = runPaths({ compiled: c, seed: 99, startPath: 0, endPath: 60 })
    const parts = [
      runPaths({ compiled: c, seed: 99, startPath: 41, endPath: 60 }),
      runPaths({ compiled: c, seed: 99, startPath: 0, endPath: 17 }),
      runPaths({ compiled: c, seed: 99, startPath: 17, endPath: 41 }),
    ]
    const merged = mergePartials(parts)
    expect(Array.from(merged.badDebt)).toEqual(Array.from(whole.badDebt))
    expect(Array.from(merged.liquidatedValue)).toEqual(Array.from(whole.liquidatedValue))
    expect(Array.from(merged.routeBadDebt[1]!)).toEqual(Array.from(whole.routeBadDebt[1]!))
    expect(merged.lagCounts).toEqual(whole.lagCounts)
    expect(merged.paths).toBe(60)
  })

  it('stops when asked and returns the finished paths', () => {
    let calls = 0
    const r = runPaths({
      compiled: compilePortfolio(random),
      seed: 1,
      startPath: 0,
      endPath: 50,
      shouldStop: () => ++calls > 10,
    })
    expect(r.endPath).toBe(10)
    expect(r.badDebt.length).toBe(10)
  })

  it('rejects a reversed range', () => {
    expect(() => runPaths({ compiled: compilePortfolio(random), seed: 1, startPath: 5, endPath: 2 })).toThrow(
      SimulationInputError,
    )
  })
})

describe('streamAt', () => {
  it('is the seeded generator jumped p times', () => {
    const a = streamAt(7, 3)
    const b = createRng(7)
    b.jump()
    b.jump()
    b.jump()
    expect(a.state()).toEqual(b.state())
  })
})

describe('mergePartials', () => {
  it('rejects overlapping ranges and an empty list', () => {
    const c = compilePortfolio(random)
    const a = runPaths({ compiled: c, seed: 1, startPath: 0, endPath: 5 })
    const b = runPaths({ compiled: c, seed: 1, startPath: 3, endPath: 6 })
    expect(() => mergePartials([a, b])).toThrow(SimulationInputError)
    expect(() => mergePartials([])).toThrow(SimulationInputError)
  })
})

describe('compilePortfolio', () => {
  it('rejects inconsistent books with named errors', () => {
    expect(() => compilePortfolio({ ...random, routes: [route({ assetId: 'X' })] })).toThrow(
      SimulationInputError,
    )
    expect(() => compilePortfolio({ ...random, routes: [route({ loanToValue: 0.9 })] })).toThrow(
      SimulationInputError,
    )
    expect(() => compilePortfolio({ ...random, routes: [route(), route()] })).toThrow(SimulationInputError)
    expect(() => compilePortfolio({ ...random, routes: [route({ utilisations: [] })] })).toThrow(
      SimulationInputError,
    )
    expect(() => compilePortfolio({ ...random, routes: [route({ utilisations: [1.5] })] })).toThrow(
      OutOfRangeError,
    )
    expect(() =>
      compilePortfolio({
        ...random,
        correlation: [
          [1, 1.5],
          [1.5, 1],
        ],
      }),
    ).toThrow(SimulationInputError)
    expect(() =>
      compilePortfolio({ ...random, routes: [route({ faults: { ...NO_FAULTS, stressMultiplier: 0.5 } })] }),
    ).toThrow(SimulationInputError)
  })
  it('sizes the path: horizon steps plus the longest possible delay', () => {
    const c = compilePortfolio(falling())
    expect(c.horizonSteps).toBe(10)
    expect(c.totalSteps).toBe(12)
  })
})

describe('evenUtilisations', () => {
  it('spreads from min to 1', () => {
    expect(evenUtilisations(0.5, 6).map((x) => Number(x.toFixed(12)))).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1])
    expect(evenUtilisations(0.3, 1)).toEqual([1])
    expect(() => evenUtilisations(0.5, 0)).toThrow(SimulationInputError)
  })
})

describe('bridge halts', () => {
  it('delay message-passing liquidations but not synthetic ones', () => {
    const faults = { ...NO_FAULTS, bridgeHaltRatePerYear: 1e12, bridgeHaltSeconds: 3 * 3600 }
    const lagOf = (architecture: 'message-passing' | 'synthetic') => {
      const r = runPaths({
        compiled: compilePortfolio(falling({ faults, architecture })),
        seed: 1,
        startPath: 0,
        endPath: 1,
      })
      return r.lagCounts.length - 1
    }
    // Synthetic: the plain 2-step lag. Message passing: halts start every step and last 3 steps.
    expect(lagOf('synthetic')).toBe(2)
    expect(lagOf('message-passing')).toBeGreaterThan(2)
  })
})

describe('pathStreams', () => {
  it('yields streamAt(seed, p) for consecutive p, across a block boundary', () => {
    const start = PATHS_PER_STREAM_BLOCK - 2
    const s = pathStreams(5, start)
    for (let p = start; p < start + 4; p++) expect(s.next().state()).toEqual(streamAt(5, p).state())
  })
  it('streamAt uses long jumps for whole blocks: path 2^16 + 1 = one long jump then one jump', () => {
    const ref = createRng(5)
    ref.longJump()
    ref.jump()
    expect(streamAt(5, PATHS_PER_STREAM_BLOCK + 1).state()).toEqual(ref.state())
  })
})

describe('asset models', () => {
  it('a bootstrap of constant −0.05 returns reproduces the hand-worked crash (bad debt 20.256…)', () => {
    const p = falling()
    const boot: SimPortfolio = {
      ...p,
      assets: [
        {
          ...p.assets[0]!,
          model: { kind: 'bootstrap', logReturns: new Array(20).fill(-0.05), blockLength: 5 },
        },
      ],
    }
    const r = runPaths({ compiled: compilePortfolio(boot), seed: 3, startPath: 0, endPath: 2 })
    expect(r.badDebt[0]).toBeCloseTo(20.25642564001737, 9)
    expect(r.badDebt[1]).toBeCloseTo(20.25642564001737, 9)
  })
  it('GARCH and EWMA assets simulate; they cannot be correlated', () => {
    const p = falling({}, 0)
    const garch: SimPortfolio = {
      ...p,
      assets: [
        {
          ...p.assets[0]!,
          sigmaAnnual: 0.8,
          model: { kind: 'garch11', omega: 1e-5, alpha: 0.1, beta: 0.85 },
        },
      ],
    }
    const r = runPaths({ compiled: compilePortfolio(garch), seed: 3, startPath: 0, endPath: 50 })
    expect(r.badDebt.length).toBe(50)
    const ewma: SimPortfolio = {
      ...garch,
      assets: [{ ...garch.assets[0]!, model: { kind: 'ewma', lambda: 0.94 } }],
    }
    expect(() => compilePortfolio(ewma)).not.toThrow()
    expect(() => compilePortfolio({ ...ewma, correlation: [[1]] })).toThrow(SimulationInputError)
    expect(() =>
      compilePortfolio({
        ...garch,
        assets: [{ ...garch.assets[0]!, model: { kind: 'garch11', omega: 1e-5, alpha: 0.5, beta: 0.6 } }],
      }),
    ).toThrow(SimulationInputError)
  })
})
