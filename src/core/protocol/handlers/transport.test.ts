import { describe, expect, it } from 'vitest'
import { collect } from '../../../../test/fixtures/protocol.js'
import { createRng } from '../../math/random.js'
import { twoChainConfig } from '../scenarios/base.js'
import { createState } from '../state.js'
import { handleLock } from './positions.js'

describe('message latency', () => {
  it('draws exponential jitter from the seeded rng: base 60 s + 30 s · Exp(1), same seed same times', () => {
    const times = (seed: number) => {
      const state = createState(
        twoChainConfig({
          design: 'reference',
          architecture: 'message-passing',
          accounts: [{ route: 0 }],
          jitterSeconds: 30,
          jitterDistribution: 'exponential',
        }),
        createRng(seed),
      )
      const { scheduled, ctx } = collect()
      for (let i = 0; i < 2_000; i++) handleLock(state, { type: 'lock', at: 0, account: 0, amount: 1n }, ctx)
      return scheduled.map((e) => e.at)
    }
    const t = times(5)
    expect(times(5)).toEqual(t)
    expect(Math.min(...t)).toBeGreaterThanOrEqual(60)
    // mean of Exp(1) is 1: the sample mean of 2,000 draws lies within 1 ± 4 · 1/√2000 (±0.09)
    const meanJitter = t.reduce((s, x) => s + (x - 60), 0) / t.length / 30
    expect(Math.abs(meanJitter - 1)).toBeLessThan(0.09)
  })
})
