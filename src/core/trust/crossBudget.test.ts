import { describe, expect, it } from 'vitest'
import { all, thresholdOf } from './compose.js'
import {
  CROSS_STATE_BUDGET,
  compromiseEstimate,
  haltEstimate,
  type TrustNode,
  type VerifierMember,
  verifierSet,
} from './verifierSet.js'

// Compositions whose sets share tags with each other: the engine enumerates the joint states of
// those cross tags, 2^C of them, within CROSS_STATE_BUDGET; beyond it, the states with at most k
// fired and a monotone bound on the rest.

const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)

/** `n` members, member i carrying tag i mod T and every third one also tag i + 1 mod T. */
function members(prefix: string, n: number, names: readonly string[], p: number): VerifierMember[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    operator: `${prefix}-op${i}`,
    tags: [
      names[i % names.length] as string,
      ...(i % 3 === 0 ? [names[(i + 1) % names.length] as string] : []),
    ],
    pCompromise: p,
    pOffline: p / 2,
  }))
}

function composition(sets: number, n: number, k: number, crossTags: number, q: number): TrustNode {
  const names = tags(crossTags)
  const children = Array.from({ length: sets }, (_, s) =>
    verifierSet({ threshold: k, members: members(String.fromCharCode(97 + s), n, names, 0.05) }),
  )
  return thresholdOf(2, children, {
    tagRisk: Object.fromEntries(names.map((t) => [t, { pCompromise: q, pOffline: q / 2 }])),
  })
}

describe('CROSS_STATE_BUDGET', () => {
  it('leaves a composition with up to 12 cross tags exact, bit for bit the full enumeration', () => {
    expect(CROSS_STATE_BUDGET).toBe(2 ** 12)
    const node = composition(3, 12, 3, 12, 0.05)
    for (const estimate of [compromiseEstimate, haltEstimate]) {
      const byDefault = estimate(node)
      const full = estimate(node, { crossStateBudget: Number.POSITIVE_INFINITY })
      expect(byDefault).toEqual(full)
      expect(byDefault.exact).toBe(true)
    }
  })

  it('beyond it, brackets the exact value (14 cross tags, enumerated in full as the reference)', () => {
    const node = composition(3, 14, 3, 14, 0.05)
    for (const estimate of [compromiseEstimate, haltEstimate]) {
      const exact = estimate(node, { crossStateBudget: 2 ** 14 })
      expect(exact.exact).toBe(true)
      const bounded = estimate(node)
      expect(bounded.exact).toBe(false)
      expect(bounded.lower).toBeLessThanOrEqual(exact.value * (1 + 1e-12))
      expect(bounded.upper).toBeGreaterThanOrEqual(exact.value * (1 - 1e-12))
      // k = 5 of 14 at q = 0.05: the unenumerated states weigh P(≥ 6 of 14 fire) ≈ 1.7e-5, which bounds the error
      expect(bounded.bound).toBeLessThan(2e-5)
      // a smaller budget gives a wider bracket around the same value
      const rough = estimate(node, { crossStateBudget: 15 })
      expect(rough.lower).toBeLessThanOrEqual(bounded.lower * (1 + 1e-12))
      expect(rough.upper).toBeGreaterThanOrEqual(bounded.upper * (1 - 1e-12))
    }
  })

  it('bounds a composition of three 134-of-200 sets sharing 20 tags (2^20 states before) and reports progress', () => {
    const node = all(
      ['a', 'b', 'c'].map((p) => verifierSet({ threshold: 134, members: members(p, 200, tags(20), 0.01) })),
      { tagRisk: Object.fromEntries(tags(20).map((t) => [t, { pCompromise: 0.005, pOffline: 0.002 }])) },
    )
    const seen: Array<[number, number]> = []
    const e = compromiseEstimate(node, { onProgress: (done, total) => seen.push([done, total]) })
    expect(e.exact).toBe(false)
    expect(e.lower).toBeLessThanOrEqual(e.upper)
    // k = 3 of 20 (1 + 20 + 190 + 1140 = 1351 states); P(≥ 4 of 20 fire at 0.005) ≈ 2.9e-6 bounds the error
    expect(e.bound).toBeLessThan(3e-6)
    expect(seen.at(-1)).toEqual([1351, 1351])
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0])
  })
})
