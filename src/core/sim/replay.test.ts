import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { SimulationInputError } from './errors.js'
import { NO_FAULTS, type SimRoute } from './portfolio.js'
import { replayRoute } from './replay.js'

const route: SimRoute = {
  id: 'r',
  assetId: 'eth',
  bridgeId: 'b',
  liquidationThreshold: 0.85,
  loanToValue: 0.8,
  liquidationBonus: 0.05,
  liquidationLagSeconds: 7200,
  collateralUsd: 1000,
  utilisations: [1],
  faults: NO_FAULTS,
}

describe('replayRoute', () => {
  it('replays a crash series: trigger, 2-step lag window, bad debt (hand-worked)', () => {
    // Relative prices 1, 0.95, 0.93, 0.90, 0.80, 0.85. Trigger 0.8/0.85 = 0.94118: first point ≤ it
    // is t = 2 (0.93). Execution at t = 4; window minimum 0.80. Repaid min(800, 1000·0.8/1.05) =
    // 761.905; bad debt 800 − 761.905 = 38.095 (python3: 800 - 800/1.05 = 38.095238095238074).
    const r = replayRoute({ route, prices: [3000, 2850, 2790, 2700, 2400, 2550], stepSeconds: 3600 })
    expect(r.badDebtUsd).toBeCloseTo(38.095238095238074, 9)
    expect(r.positions[0]!.liquidated).toBe(true)
    expect(r.positions[0]!.lagSeconds).toBe(7200)
    expect(r.positions[0]!.price).toBeCloseTo(0.8, 12)
    expect(r.truncatedWindows).toBe(0)
  })
  it('cuts a lag window at the end of the series and says so', () => {
    const r = replayRoute({ route, prices: [1, 0.99, 0.9], stepSeconds: 3600 })
    expect(r.truncatedWindows).toBe(1)
    expect(r.positions[0]!.lagSeconds).toBe(0)
  })
  it('leaves a position alone when the price never reaches its trigger', () => {
    const r = replayRoute({ route, prices: [1, 0.98, 1.02], stepSeconds: 60 })
    expect(r.badDebtUsd).toBe(0)
    expect(r.liquidatedDebtUsd).toBe(0)
  })
  it('rejects short series, bad prices and a horizon beyond the series', () => {
    expect(() => replayRoute({ route, prices: [1], stepSeconds: 60 })).toThrow(SimulationInputError)
    expect(() => replayRoute({ route, prices: [1, -1], stepSeconds: 60 })).toThrow(OutOfRangeError)
    expect(() => replayRoute({ route, prices: [1, 2], stepSeconds: 60, horizonSteps: 5 })).toThrow(
      SimulationInputError,
    )
  })
})
