import { describe, expect, it } from 'vitest'
import { createRng } from '../../math/random.js'
import { buildCrash, crashPath } from './crash.js'

describe(crashPath.name, () => {
  it('starts at p0 and ends exactly at (1 − drop) · p0 (Brownian bridge: W_k − (k/K) · W_K is 0 at K)', () => {
    const path = crashPath(createRng(9), { p0: 2_000, drop: 0.4, steps: 1_440, sigmaPerStep: 0.003 })
    expect(path).toHaveLength(1_441)
    expect(path[0]).toBe(2_000)
    expect(path[1_440]).toBeCloseTo(1_200, 9)
  })
  it('without noise is the geometric path p0 · 0.6^(k/K)', () => {
    const path = crashPath(createRng(9), { p0: 2_000, drop: 0.4, steps: 4, sigmaPerStep: 0 })
    expect(path[2]).toBeCloseTo(2_000 * Math.sqrt(0.6), 9)
  })
})

describe(buildCrash.name, () => {
  it('locks and borrows for every position, within the LTV limit', () => {
    const { config, events } = buildCrash(createRng(4), 'reference', 'message-passing', 20)
    expect(config.accounts).toHaveLength(20)
    const locks = events.filter((e) => e.type === 'lock')
    const borrows = events.filter((e) => e.type === 'borrow')
    expect(locks).toHaveLength(20)
    expect(borrows).toHaveLength(20)
    // borrow ≤ collateral · 2,000 · 0.75 · 0.95
    borrows.forEach((b, i) => {
      const lock = locks[i]!
      if (b.type === 'borrow' && lock.type === 'lock')
        expect(Number(b.amountUsd) / 1e18).toBeLessThanOrEqual(
          (Number(lock.amount) / 1e18) * 2_000 * 0.75 * 0.95,
        )
    })
  })
})
