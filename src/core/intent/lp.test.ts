import { describe, expect, it } from 'vitest'
import { solveLp } from './lp.js'

describe(solveLp.name, () => {
  it('solves a covering program with bounds (worked by hand: fill the cheaper ratio first)', () => {
    // min x + 2y, x + y ≥ 1, x ≤ 0.5 → x = 0.5, y = 0.5, cost 1.5
    const r = solveLp({
      cost: [1, 2],
      rows: [{ coefficients: [1, 1], sense: '>=', rhs: 1 }],
      upper: [0.5, 5],
    })
    expect(r.status).toBe('optimal')
    if (r.status !== 'optimal') return
    expect(r.x[0]).toBeCloseTo(0.5, 12)
    expect(r.x[1]).toBeCloseTo(0.5, 12)
    expect(r.objective).toBeCloseTo(1.5, 12)
  })

  it('handles a shared budget row and two covering rows', () => {
    // min 3a + 2b + 4c; a + b ≤ 10 (one holding); 0.8a + 0.5b + 0.7c ≥ 6; 0.9a + 0.6b + 0.75c ≥ 7.2
    // vertices worked by hand: a = 8 alone meets both (6.4 ≥ 6, 7.2 ≥ 7.2) at cost 24; any use of b
    // (2/0.6 = 3.33 per LT unit) beats a (3/0.9 = 3.33): equal ratios on the LT row, and on the LTV
    // row a is cheaper (3.75 vs 4): the optimum is 24.
    const r = solveLp({
      cost: [3, 2, 4],
      rows: [
        { coefficients: [1, 1, 0], sense: '<=', rhs: 10 },
        { coefficients: [0.8, 0.5, 0.7], sense: '>=', rhs: 6 },
        { coefficients: [0.9, 0.6, 0.75], sense: '>=', rhs: 7.2 },
      ],
      upper: [Infinity, Infinity, Infinity],
    })
    expect(r.status).toBe('optimal')
    if (r.status === 'optimal') expect(r.objective).toBeCloseTo(24, 9)
  })

  it('reports infeasibility', () => {
    const r = solveLp({ cost: [1], rows: [{ coefficients: [1], sense: '>=', rhs: 2 }], upper: [1] })
    expect(r.status).toBe('infeasible')
  })

  it('reports an unbounded program', () => {
    const r = solveLp({ cost: [-1], rows: [{ coefficients: [1], sense: '>=', rhs: 1 }], upper: [Infinity] })
    expect(r.status).toBe('unbounded')
  })
})
