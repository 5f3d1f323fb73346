import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { positionBook, runBacktest, worstDrawdown } from './backtest.js'

const base = { liquidationThreshold: 0.8, liquidationBonus: 0.05 }

describe(runBacktest.name, () => {
  it('liquidates at HF < 1 and sells after the horizon (hand-worked)', () => {
    // collateral 1 @ 100, debt 75, LT 0.8: HF 80/75 = 1.067 at t0; at 70 HF = 56/75 = 0.7467 < 1.
    // Sold one hour later at 50 < 75 · 1.05, so the whole collateral goes: repaid = 50 / 1.05 = 47.6190…,
    // bad debt = 75 − 47.6190… = 27.3809…
    const r = runBacktest({
      ...base,
      times: [0, 3600, 7200],
      prices: [100, 70, 50],
      positions: [{ id: 'a', collateral: 1, debt: 75 }],
      horizonSeconds: 3600,
    })
    expect(r.liquidations).toHaveLength(1)
    expect(r.liquidations[0]?.triggerTime).toBe(3600)
    expect(r.liquidations[0]?.saleTime).toBe(7200)
    expect(r.liquidations[0]?.healthFactor).toBeCloseTo(56 / 75, 12)
    expect(r.badDebt).toBeCloseTo(75 - 50 / 1.05, 9)
    expect(r.openShortfall).toBe(0)
  })

  it('has no bad debt when the sale covers debt and bonus; seizes debt · (1 + bonus) / price', () => {
    // sold at 70 with no lag: seized = 75 · 1.05 / 70 = 1.125 > 1 → capped? 78.75 > 70, yes capped:
    // use debt 50 instead: HF at 60 = 48/50 = 0.96 < 1; seized = 50 · 1.05 / 60 = 0.875.
    const r = runBacktest({
      ...base,
      times: [0, 1],
      prices: [100, 60],
      positions: [{ id: 'a', collateral: 1, debt: 50 }],
      horizonSeconds: 0,
    })
    expect(r.badDebt).toBe(0)
    expect(r.liquidations[0]?.collateralSeized).toBeCloseTo(0.875, 12)
    expect(r.liquidations[0]?.debtRepaid).toBeCloseTo(50, 12)
  })

  it('counts the open shortfall when an oracle floor hides the fall', () => {
    // floor 50: oracle HF = 1 · 50 · 0.8 / 30 = 1.33, never liquidated; market 5 at the end: 30 − 5 = 25.
    const r = runBacktest({
      ...base,
      times: [0, 1, 2],
      prices: [100, 20, 5],
      positions: [{ id: 'a', collateral: 1, debt: 30 }],
      horizonSeconds: 0,
      faults: { oracleFloors: [{ from: 0, floor: 50 }] },
    })
    expect(r.liquidations).toHaveLength(0)
    expect(r.openShortfall).toBeCloseTo(25, 12)
    expect(r.badDebt).toBeCloseTo(25, 12)
  })

  it('delays the sale by a halt and marks a never-ending halt as stuck (whole debt lost)', () => {
    const times = [0, 10, 20, 30, 40, 50]
    const prices = [100, 70, 65, 60, 55, 50]
    const position = [{ id: 'a', collateral: 1, debt: 60 }]
    // trigger at t=10 (HF 56/60); horizon 10 → sale 20; halt [15, 35) overlaps by 20 → the sale ends
    // at 40, spread over the points in (10, 40]: mean(65, 60, 55) = 60.
    const r = runBacktest({
      ...base,
      times,
      prices,
      positions: position,
      horizonSeconds: 10,
      faults: { halts: [{ from: 15, to: 35 }] },
    })
    expect(r.liquidations[0]?.saleTime).toBe(40)
    expect(r.liquidations[0]?.salePrice).toBeCloseTo(60, 12)
    expect(r.badDebt).toBeCloseTo(60 - 60 / 1.05, 9)
    const stuck = runBacktest({
      ...base,
      times,
      prices,
      positions: position,
      horizonSeconds: 10,
      faults: { halts: [{ from: 0, to: Number.POSITIVE_INFINITY }] },
    })
    expect(stuck.liquidations[0]?.stuck).toBe(true)
    expect(stuck.badDebt).toBe(60)
  })

  it('values a drained collateral at nothing while the oracle still shows the underlying', () => {
    const r = runBacktest({
      ...base,
      times: [0, 1, 2],
      prices: [100, 100, 100],
      positions: [{ id: 'a', collateral: 1, debt: 70 }],
      horizonSeconds: 0,
      faults: { collateralLosses: [{ at: 1, fraction: 1 }] },
    })
    expect(r.liquidations).toHaveLength(0)
    expect(r.badDebt).toBe(70)
    expect(r.worstDrawdown.fraction).toBe(1)
  })

  it('marks a sale after the end of the series as censored (last price)', () => {
    const r = runBacktest({
      ...base,
      times: [0, 1],
      prices: [100, 60],
      positions: [{ id: 'a', collateral: 1, debt: 50 }],
      horizonSeconds: 100,
    })
    expect(r.censored).toBe(1)
    expect(r.liquidations[0]?.salePrice).toBe(60)
  })

  it('keeps bad debt within [0, total debt] and at 0 when prices never fall (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        (prices, lt, lag) => {
          const times = prices.map((_, i) => i)
          const positions = positionBook({
            price: prices[0] as number,
            ltv: lt * 0.9,
            count: 5,
            minUtilisation: 0.5,
            collateralValue: 1e6,
          })
          const r = runBacktest({
            times,
            prices,
            positions,
            liquidationThreshold: lt,
            liquidationBonus: 0.05,
            horizonSeconds: lag,
          })
          const rising = [...prices].sort((a, b) => a - b)
          const up = runBacktest({
            times,
            prices: rising,
            positions: positionBook({
              price: rising[0] as number,
              ltv: lt * 0.9,
              count: 5,
              minUtilisation: 0.5,
              collateralValue: 1e6,
            }),
            liquidationThreshold: lt,
            liquidationBonus: 0.05,
            horizonSeconds: lag,
          })
          return r.badDebt >= 0 && r.badDebt <= r.totalDebt * (1 + 1e-12) && up.badDebt === 0
        },
      ),
      { numRuns: 100 },
    )
  })

  it('agrees with a plain float re-implementation (second implementation, property)', () => {
    // Reference: HF = c·P·LT/d at each step; on HF < 1 sell evenly over the points in (t, t + lag]
    // (mean price; lag 0: at t); repaid = min(d, c·P_sale/(1 + b)); bad = d − repaid; open
    // shortfall = max(0, d − c·P_last).
    const reference = (prices: number[], c: number[], d: number[], lt: number, b: number, lag: number) => {
      const open = c.map(() => true)
      let bad = 0
      prices.forEach((p, i) => {
        c.forEach((cj, j) => {
          const dj = d[j] as number
          if (!open[j] || (cj * p * lt) / dj >= 1) return
          open[j] = false
          const window = prices.slice(i + 1, Math.min(prices.length, i + lag + 1))
          const sale =
            lag === 0 || window.length === 0
              ? (prices[Math.min(prices.length - 1, i + lag)] as number)
              : window.reduce((x, y) => x + y, 0) / window.length
          bad += dj - Math.min(dj, (cj * sale) / (1 + b))
        })
      })
      const last = prices[prices.length - 1] as number
      c.forEach((cj, j) => {
        if (open[j]) bad += Math.max(0, (d[j] as number) - cj * last)
      })
      return bad
    }
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 2, maxLength: 25 }),
        fc.integer({ min: 0, max: 5 }),
        (cents, lag) => {
          const prices = cents.map((x) => x / 100)
          const positions = positionBook({
            price: prices[0] as number,
            ltv: 0.7,
            count: 4,
            minUtilisation: 0.4,
            collateralValue: 1e6,
          })
          const c = positions.map((p) => p.collateral)
          const d = positions.map((p) => p.debt)
          // skip the knife-edge where exact and float HF may round to different sides of 1
          fc.pre(
            prices.every((p) => c.every((cj, j) => Math.abs((cj * p * 0.8) / (d[j] as number) - 1) > 1e-9)),
          )
          const r = runBacktest({
            times: prices.map((_, i) => i),
            prices,
            positions,
            liquidationThreshold: 0.8,
            liquidationBonus: 0.05,
            horizonSeconds: lag,
          })
          const want = reference(prices, c, d, 0.8, 0.05, lag)
          return Math.abs(r.badDebt - want) <= 1e-9 * Math.max(1, want) + 1e-6
        },
      ),
      { numRuns: 200 },
    )
  })

  it('rounds the LT down and the bonus up to whole basis points (against the borrower)', () => {
    // LT 0.79999 → 7999 bps: HF = 1 · 100 · 0.7999 / 80 = 0.999875 < 1, liquidated at once (rounding to
    // the nearest bps, 8000, would give HF = 1 exactly and no liquidation). Bonus 0.04991 (499.1 bps) → 500 bps:
    // seized = 80 · 1.05 / 100 = 0.84 (499 bps would give 0.83992).
    const r = runBacktest({
      times: [0, 1],
      prices: [100, 100],
      positions: [{ id: 'a', collateral: 1, debt: 80 }],
      liquidationThreshold: 0.79999,
      liquidationBonus: 0.04991,
      horizonSeconds: 0,
    })
    expect(r.liquidationThresholdBps).toBe(7999)
    expect(r.liquidationBonusBps).toBe(500)
    expect(r.liquidations[0]?.healthFactor).toBeCloseTo(0.999875, 12)
    expect(r.liquidations[0]?.collateralSeized).toBeCloseTo(0.84, 12)
    expect(r.badDebt).toBe(0)
    // binary noise does not lose a basis point: 0.29 · 1e4 = 2899.9999999999995 → 2900
    expect(
      runBacktest({
        ...base,
        times: [0, 1],
        prices: [1, 1],
        positions: [],
        horizonSeconds: 0,
        liquidationThreshold: 0.29,
      }).liquidationThresholdBps,
    ).toBe(2900)
  })

  it('rejects bad inputs with named errors', () => {
    const ok = { ...base, times: [0, 1], prices: [1, 1], positions: [], horizonSeconds: 0 }
    expect(() => runBacktest({ ...ok, liquidationThreshold: 1.2 })).toThrow(OutOfRangeError)
    expect(() => runBacktest({ ...ok, times: [1, 0] })).toThrow(
      expect.objectContaining({ code: 'XC_BACKTEST_INPUT' }),
    )
    expect(() => runBacktest({ ...ok, prices: [1, Number.NaN] })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
    expect(() => runBacktest({ ...ok, horizonSeconds: -1 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => runBacktest({ ...ok, faults: { collateralLosses: [{ at: 0, fraction: 2 }] } })).toThrow(
      OutOfRangeError,
    )
  })
})

describe(worstDrawdown.name, () => {
  it('finds the largest peak-to-trough fall', () => {
    // peak 120 at t=1, trough 60 at t=2: 1 − 60/120 = 0.5
    expect(worstDrawdown([0, 1, 2, 3], [100, 120, 60, 90])).toMatchObject({
      fraction: 0.5,
      peakTime: 1,
      troughTime: 2,
    })
  })
})

describe(positionBook.name, () => {
  it('spreads borrows from minUtilisation · LTV to LTV', () => {
    // each position: $2,000 of collateral = 1 unit; borrows 0.8 · 2000 · {0.5, 1} = {800, 1600}
    expect(
      positionBook({ price: 2000, ltv: 0.8, count: 2, minUtilisation: 0.5, collateralValue: 4000 }),
    ).toEqual([
      { id: 'p1', collateral: 1, debt: 800 },
      { id: 'p2', collateral: 1, debt: 1600 },
    ])
    expect(() => positionBook({ price: 1, ltv: 1, count: 1, minUtilisation: 1, collateralValue: 1 })).toThrow(
      OutOfRangeError,
    )
  })
})

describe('unbacked positions', () => {
  it('an unbacked position that is liquidated recovers nothing: bad debt = its whole debt', () => {
    // oracle 100 → 70: HF = 56 / 60 < 1, liquidated; its collateral is worth nothing to the liquidator
    const r = runBacktest({
      ...base,
      times: [0, 1],
      prices: [100, 70],
      positions: [{ id: 'x', collateral: 1, debt: 60, unbacked: true }],
      horizonSeconds: 0,
    })
    expect(r.liquidations[0]?.debtRepaid).toBe(0)
    expect(r.badDebt).toBe(60)
  })
})
