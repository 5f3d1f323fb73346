import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { marketScenario } from '../scenarios/scenarios.js'
import { positionBook, runBacktest } from './backtest.js'
import { historicallySafeLt, rollingBacktest } from './rolling.js'

const FC = { interruptAfterTimeLimit: 20_000, endOnFailure: true } as const

describe(rollingBacktest.name, () => {
  it('opens a book at every start date; only the books that live through the fall lose (hand-worked)', () => {
    // 100 → 60 between 2 h and 3 h. LT 0.8, LTV 0.7, one position: liquidated when 0.8 · x < 0.7,
    // i.e. at 60 (x = 0.6); sold one hour later at 60: value 0.6 / 1.05 = 0.5714 < 0.7 debt.
    const r = rollingBacktest({
      history: { times: [0, 3600, 7200, 10_800, 14_400], prices: [100, 100, 100, 60, 60] },
      liquidationThreshold: 0.8,
      ltv: 0.7,
      liquidationBonus: 0.05,
      horizonSeconds: 3600,
      startStepSeconds: 3600,
      positions: 1,
    })
    expect(r.perStart.map((s) => s.start)).toEqual([0, 3600, 7200, 10_800, 14_400])
    const lost = 1 - 0.6 / 1.05 / 0.7
    for (const s of r.perStart.slice(0, 3)) expect(s.badDebtFraction).toBeCloseTo(lost, 12)
    expect(r.perStart[3]?.badDebtFraction).toBe(0) // opened at 60
    expect(r.shareWithBadDebt).toBeCloseTo(3 / 5, 12)
    expect(r.worst.start).toBe(0)
  })

  it('triggers on the period low and sells at it', () => {
    const base = {
      liquidationThreshold: 0.8,
      ltv: 0.7,
      liquidationBonus: 0,
      horizonSeconds: 3600,
      startStepSeconds: 1e9,
      positions: 1,
    }
    const closes = { times: [0, 3600, 7200], prices: [100, 100, 100] }
    expect(rollingBacktest({ ...base, history: closes }).worst.badDebtFraction).toBe(0)
    const history = { ...closes, lows: [100, 80, 50] }
    // triggered by the 80 low of (0, 3600] (0.8 · 0.8 < 0.7), dated at the period's start 0: a
    // one-hour horizon sells at that period's low 80 (≥ the 0.7 debt, no loss) ...
    expect(rollingBacktest({ ...base, history }).worst.badDebtFraction).toBe(0)
    // ... a two-hour horizon spreads the sale over both period lows, mean(80, 50) = 65: 1 − 0.65 / 0.7
    const late = rollingBacktest({ ...base, horizonSeconds: 7200, history })
    expect(late.worst.badDebtFraction).toBeCloseTo(1 - 0.65 / 0.7, 12)
  })

  it('agrees with the exact bigint replay on every start (second implementation, property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: 4, maxLength: 40 }),
        fc.integer({ min: 5000, max: 9500 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 3 }),
        (moves, ltBps, bonusBps, horizonSteps) => {
          const prices = [100]
          for (const m of moves) prices.push(Math.max(0.01, (prices.at(-1) as number) * (0.7 + 0.3 * m)))
          const times = prices.map((_, i) => i * 3600)
          const lt = ltBps / 10_000
          const ltv = lt * 0.9
          const p = {
            liquidationThreshold: lt,
            liquidationBonus: bonusBps / 10_000,
            horizonSeconds: horizonSteps * 3600,
          }
          const lows = prices.map((x, i) => x * (i % 3 === 1 ? 0.93 : 1)) // 0.93, not 0.9 = LTV/LT: no exact HF = 1 ties
          const r = rollingBacktest({
            ...p,
            ltv,
            history: { times, prices, lows },
            startStepSeconds: 7200,
            positions: 4,
          })
          for (const s of r.perStart) {
            const a = times.indexOf(s.start)
            if (a >= times.length - 1) continue // the exact replay needs two points
            const exact = runBacktest({
              ...p,
              times: times.slice(a),
              prices: prices.slice(a),
              lows: lows.slice(a),
              positions: positionBook({
                price: prices[a] as number,
                ltv,
                count: 4,
                minUtilisation: 0.5,
                collateralValue: 1e6,
              }),
            })
            expect(s.badDebtFraction).toBeCloseTo(exact.badDebtFraction, 9)
          }
        },
      ),
      { ...FC, numRuns: 150, seed: 7 },
    )
  })

  it('refuses bad input with named errors', () => {
    const ok = {
      history: { times: [0, 1], prices: [1, 1] },
      liquidationThreshold: 0.8,
      ltv: 0.7,
      liquidationBonus: 0.05,
      horizonSeconds: 0,
      startStepSeconds: 1,
    }
    expect(() => rollingBacktest({ ...ok, ltv: 0.9 })).toThrow(OutOfRangeError)
    expect(() => rollingBacktest({ ...ok, startStepSeconds: 0 })).toThrow(OutOfRangeError)
  })
})

describe(historicallySafeLt.name, () => {
  it('crash-40-24h: 0.9320, the value of the independent script test/golden/crash-40-24h-safe-lt.py', () => {
    const paths = marketScenario('crash-40-24h').build({ stepSeconds: 3600, tailSeconds: 3600 })
    const r = historicallySafeLt({
      histories: [
        { name: 'crash', history: { times: paths.times, prices: paths.prices.ETH as Float64Array } },
      ],
      ltvShareOfLt: 0.97,
      budget: 0.01,
      liquidationBonus: 0.05,
      horizonSeconds: 3600,
      startStepSeconds: 21_600,
      positions: 10,
      minUtilisation: 0.5,
    })
    // python3 test/golden/crash-40-24h-safe-lt.py → 0.9320 (exact fractions, stdlib only)
    expect(r.liquidationThreshold).toBe(0.932)
    expect(r.worst[0]?.worst.badDebtFraction).toBeLessThanOrEqual(0.01)
  })

  it('bad debt grows with the LT on random paths (the bisection relies on it, property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 30 }),
        fc.integer({ min: 5000, max: 9800 }),
        (moves, ltBps) => {
          const prices = [100]
          for (const m of moves) prices.push((prices.at(-1) as number) * (0.8 + 0.3 * m))
          const history = { times: prices.map((_, i) => i * 3600), prices }
          const run = (bps: number) =>
            rollingBacktest({
              history,
              liquidationThreshold: bps / 10_000,
              ltv: (0.9 * bps) / 10_000,
              liquidationBonus: 0.05,
              horizonSeconds: 3600,
              startStepSeconds: 3600,
            }).worst.badDebtFraction
          expect(run(ltBps + 100)).toBeGreaterThanOrEqual(run(ltBps) - 1e-12)
        },
      ),
      { ...FC, numRuns: 200, seed: 11 },
    )
  })
})

describe('rollingBacktest with a liquidation queue', () => {
  // One position: collateral worth 1 at 100 (0.01 units), debt 0.79, LT 0.8, bonus 5 %. The price
  // holds at 100, then the next hour's low and close are 70: liquidatable (0.01 · 70 · 0.8 < 0.79).
  const history = { times: [0, 3600, 7200], prices: [100, 100, 70], lows: [100, 100, 70] }
  const base = {
    history,
    liquidationThreshold: 0.8,
    ltv: 0.79,
    liquidationBonus: 0.05,
    horizonSeconds: 3600,
    startStepSeconds: 1e9,
    positions: 1,
  }
  it('liquidates half at the crossing, then the rest at the close (hand-worked)', () => {
    // At the crossing (HF = 1: 0.79 / (0.01 · 0.8) = 98.75) the close factor is 50 %: repays
    // 0.395, seizes 0.395 · 1.05 / 98.75 = 0.0042, leaving 0.0058 units against 0.395. At the close
    // 70, HF = 0.0058 · 70 · 0.8 / 0.395 = 0.822 ≤ 0.95: 100 %, but 0.395 · 1.05 / 70 > 0.0058, so
    // the liquidator takes it all and repays 0.0058 · 70 / 1.05 = 0.386667: bad debt 0.008333.
    const r = rollingBacktest({ ...base, queue: { capacityPerSecond: 1 } })
    expect(r.worst.badDebtFraction).toBeCloseTo((0.395 - (0.0058 * 70) / 1.05) / 0.79, 12)
    expect(r.worst.liquidations).toBe(2)
  })
  it('without the close factor the whole debt is repaid at the crossing: no bad debt', () => {
    // 0.79 · 1.05 / 98.75 = 0.0084 ≤ 0.01 units: repaid in full.
    const r = rollingBacktest({ ...base, queue: { capacityPerSecond: 1, closeFactor: false } })
    expect(r.worst.badDebtFraction).toBe(0)
  })
  it('at the period close instead of the crossing: all at 70', () => {
    // HF at 70 = 0.7088 ≤ 0.95: 100 %; 0.79 · 1.05 / 70 > 0.01: takes all, repays 0.7 / 1.05.
    const r = rollingBacktest({ ...base, queue: { capacityPerSecond: 1, firstAtCrossing: false } })
    expect(r.worst.badDebtFraction).toBeCloseTo((0.79 - 0.7 / 1.05) / 0.79, 12)
  })
  it('a venue that absorbs nothing in time leaves the open shortfall at the end', () => {
    // Capacity 1e-12 of the book per second: 3.6e-9 per hour, nothing to speak of is sold, and the
    // position ends with debt ≈ 0.79 against collateral worth 0.7.
    const r = rollingBacktest({ ...base, queue: { capacityPerSecond: 1e-12 } })
    expect(r.worst.badDebtFraction).toBeCloseTo((0.79 - 0.7) / 0.79, 6)
  })
  it('waits while a halt is active', () => {
    const r = rollingBacktest({
      ...base,
      queue: { capacityPerSecond: 1 },
      faults: { halts: [{ from: 3600, to: Number.POSITIVE_INFINITY }] },
    })
    expect(r.worst.badDebtFraction).toBeCloseTo((0.79 - 0.7) / 0.79, 12)
  })
  it('refuses a capacity that is not positive', () => {
    expect(() => rollingBacktest({ ...base, queue: { capacityPerSecond: 0 } })).toThrow(OutOfRangeError)
  })
})
