import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NegativeValueError, OutOfRangeError } from '../errors.js'
import { EmptyVerifierSetError, InvalidBridgeError, InvalidThresholdError } from './errors.js'
import { type BridgeKind, bridgeTrust, stakeWeightedSet } from './kinds.js'
import {
  compromiseProbability,
  haltProbability,
  type StakedMember,
  singlePointsOfFailure,
  verifierSet,
} from './verifierSet.js'

function staked(stakes: readonly number[], p: readonly number[], q: readonly number[] = []): StakedMember[] {
  return stakes.map((stake, i) => ({
    id: `v${i}`,
    operator: `op${i}`,
    tags: [],
    pCompromise: p[i] ?? 0,
    pOffline: q[i] ?? 0,
    stake,
  }))
}

describe('stakeWeightedSet', () => {
  it('is unsafe when the compromised stake reaches the threshold share (exact integer stakes)', () => {
    const s = stakeWeightedSet({
      thresholdShare: 2 / 3,
      members: staked([40, 35, 25], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]),
    })
    expect(s.exactUnits).toBe(true)
    // Hand-worked: coalitions with ≥ 66.67 of 100: {40, 35} and {40, 35, 25}; {40, 25} = 65 is not enough.
    // P = p1·p2·(1 − p3) + p1·p2·p3 = p1·p2 = 0.02.
    expect(compromiseProbability(s)).toBeCloseTo(0.02, 15)
    // Halted when offline stake > 33.33: any coalition holding v0 or v1: 1 − (1 − 0.1)(1 − 0.2) = 0.28.
    expect(haltProbability(s)).toBeCloseTo(0.28, 15)
  })

  it('rounds non-integer stakes up to units and gives the same answer away from the threshold', () => {
    const s = stakeWeightedSet({ thresholdShare: 2 / 3, members: staked([0.4, 0.35, 0.25], [0.1, 0.2, 0.3]) })
    expect(s.exactUnits).toBe(false)
    expect(s.units).toEqual([4000, 3500, 2500])
    expect(s.unsafeUnits).toBe(6667)
    expect(compromiseProbability(s)).toBeCloseTo(0.02, 15)
  })

  it('equals a k-of-n verifier set for equal stakes and threshold share k/n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, kFrac, p) => {
          const k = Math.min(n, 1 + Math.floor(kFrac * n))
          const ms = staked(
            Array.from({ length: n }, () => 1),
            Array.from({ length: n }, () => p),
            Array.from({ length: n }, () => p / 2),
          )
          const weighted = stakeWeightedSet({ thresholdShare: k / n, members: ms })
          const counted = verifierSet({ threshold: k, members: ms })
          return (
            Math.abs(compromiseProbability(weighted) - compromiseProbability(counted)) <= 1e-14 &&
            Math.abs(haltProbability(weighted) - haltProbability(counted)) <= 1e-14
          )
        },
      ),
    )
  })

  it('rounding up to units never lowers the compromise probability (conservative)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (stakes, ps, theta) => {
          if (stakes.reduce((a, b) => a + b, 0) === 0) return true
          const exact = stakeWeightedSet({ thresholdShare: theta, members: staked(stakes, ps) })
          const scaled = stakeWeightedSet({
            thresholdShare: theta,
            members: staked(
              stakes.map((s) => s / 7 + 1e-9),
              ps,
            ),
            units: 1000,
          })
          return compromiseProbability(scaled) >= compromiseProbability(exact) - 1e-12
        },
      ),
      { numRuns: 200 },
    )
  })

  it('agrees with a seeded Monte Carlo when validators share a tag', () => {
    // mulberry32, written here so the check shares no code with the engine
    let a = 7 >>> 0
    const rand = () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const stakes = [30, 30, 25, 15]
    const p = [0.2, 0.1, 0.3, 0.25]
    const tagged = [true, false, true, false]
    const r = 0.15
    const members = staked(stakes, p).map((m, i) => (tagged[i] ? { ...m, tags: ['cloud'] } : m))
    const s = stakeWeightedSet({
      thresholdShare: 2 / 3,
      members,
      tagRisk: { cloud: { pCompromise: r, pOffline: 0 } },
    })
    const exact = compromiseProbability(s)
    const draws = 200_000
    let hits = 0
    for (let d = 0; d < draws; d++) {
      const cloud = rand() < r
      let down = 0
      for (let i = 0; i < 4; i++) {
        const own = rand() < (p[i] as number)
        if (own || (cloud && tagged[i])) down += stakes[i] as number
      }
      if (down >= (2 / 3) * 100) hits++
    }
    const se = Math.sqrt((exact * (1 - exact)) / draws)
    expect(Math.abs(hits / draws - exact)).toBeLessThan(5 * se)
  })

  it('rejects a zero total stake, a zero share and negative stakes', () => {
    expect(() => stakeWeightedSet({ thresholdShare: 0.5, members: staked([0, 0], [0.1, 0.1]) })).toThrow(
      EmptyVerifierSetError,
    )
    expect(() => stakeWeightedSet({ thresholdShare: 0, members: staked([1, 1], [0.1, 0.1]) })).toThrow(
      InvalidThresholdError,
    )
    expect(() => stakeWeightedSet({ thresholdShare: 1.5, members: staked([1, 1], [0.1, 0.1]) })).toThrow(
      OutOfRangeError,
    )
    expect(() => stakeWeightedSet({ thresholdShare: 0.5, members: staked([1, -1], [0.1, 0.1]) })).toThrow(
      NegativeValueError,
    )
    expect(() => stakeWeightedSet({ thresholdShare: 0.5, members: [] })).toThrow(EmptyVerifierSetError)
  })
})

describe('bridgeTrust', () => {
  it('light client: source chain ∪ implementation bug, halted with the chain', () => {
    const t = bridgeTrust({
      kind: 'lightClient',
      sourceChain: 'ethereum',
      sourceChainCompromise: 1e-4,
      sourceChainHalt: 0.001,
      implementationBug: 0.01,
    })
    // 1 − (1 − 1e-4)(1 − 0.01) = 0.010099
    expect(compromiseProbability(t.node)).toBeCloseTo(0.010099, 15)
    expect(haltProbability(t.node)).toBeCloseTo(0.001, 15)
    expect(t.verifierNode).toBeUndefined()
  })

  it('optimistic (Nomad-like): unsafe only if every watcher fails, plus a fraud-proof bug', () => {
    const watchers = [0, 1, 2].map((i) => ({ id: `w${i}`, operator: `w${i}`, tags: ['client'], pFail: 0.1 }))
    const updater = verifierSet({
      threshold: 1,
      members: [{ id: 'updater', operator: 'Nomad', tags: [], pCompromise: 0.01, pOffline: 0.002 }],
    })
    const kind: BridgeKind = {
      kind: 'optimistic',
      proposer: updater,
      watchers,
      watcherTagRisk: { client: { pCompromise: 0.05, pOffline: 0 } },
      fraudProofBug: 0.001,
      implementationBug: 0.01,
      challengeWindowHours: 0.5,
    }
    const t = bridgeTrust(kind)
    // python3 (stdlib): fraud = pu·(r + (1 − r)·w³) with pu = 0.01, r = 0.05, w = 0.1 → 0.0005095
    //   total = 1 − (1 − fraud)(1 − 0.001)(1 − 0.01) → 0.011493900595000106
    expect(compromiseProbability(t.node)).toBeCloseTo(0.011493900595000106, 15)
    expect(haltProbability(t.node)).toBeCloseTo(0.002, 15)
    expect(t.illiquidityHours).toBe(0.5)
    // permissionless proposing: fraud = r + (1 − r)·w³ = 0.05095 → total 0.06138005950000003
    const { proposer: _, ...permissionless } = kind
    expect(compromiseProbability(bridgeTrust(permissionless).node)).toBeCloseTo(0.06138005950000003, 15)
    expect(() => bridgeTrust({ ...kind, watchers: [] })).toThrow(EmptyVerifierSetError)
  })

  it('optimistic: watchers going offline (a shared watcher tag) never halts the bridge', () => {
    // Regression (review R2): the watcher set is n-of-n, so one offline watcher tag used to halt it
    // and, through all([proposer, watchers]), the whole bridge. Watchers guard safety only.
    const t = bridgeTrust({
      kind: 'optimistic',
      watchers: [0, 1, 2].map((i) => ({ id: `w${i}`, operator: `w${i}`, tags: ['client'], pFail: 0.1 })),
      watcherTagRisk: { client: { pCompromise: 0.05, pOffline: 0.3 } },
      fraudProofBug: 0,
      implementationBug: 0,
      challengeWindowHours: 168,
    })
    // permissionless proposer (never halts) and watchers only: halt = 0;
    // compromise = r + (1 − r)·w³ = 0.05 + 0.95·0.001 = 0.05095 (hand-worked)
    expect(haltProbability(t.node)).toBe(0)
    expect(compromiseProbability(t.node)).toBeCloseTo(0.05095, 15)
    // the inert helper leaf (pCompromise 0) is no single point of failure; the shared client tag is
    expect(singlePointsOfFailure(t.verifierNode ?? t.node)).toEqual([{ kind: 'tag', name: 'client' }])
  })

  it('bonded relayer: safe while the bond covers the value at risk', () => {
    const relayer = { id: 'relayer', operator: 'R', tags: ['rpc'], pCompromise: 0.05, pOffline: 0.01 }
    const base = {
      kind: 'bondedRelayer' as const,
      relayer,
      relayerTagRisk: { rpc: { pCompromise: 0.02, pOffline: 0 } },
      implementationBug: 0.001,
    }
    const covered = bridgeTrust({ ...base, bondUsd: 2e6, valueAtRiskUsd: 1e6 })
    const short = bridgeTrust({ ...base, bondUsd: 5e5, valueAtRiskUsd: 1e6 })
    expect(compromiseProbability(covered.node)).toBeCloseTo(0.001, 15)
    // 1 − (1 − 0.05)(1 − 0.02)(1 − 0.001) = 0.069931
    expect(compromiseProbability(short.node)).toBeCloseTo(1 - 0.95 * 0.98 * 0.999, 15)
    expect(haltProbability(covered.node)).toBeCloseTo(0.01, 15)
    expect(covered.verifierNode).toBeUndefined()
    expect(singlePointsOfFailure(short.verifierNode ?? covered.node)).toContainEqual({
      kind: 'member',
      name: 'relayer',
    })
  })

  it('external threshold: verifiers ∪ implementation bug', () => {
    const set = verifierSet({
      threshold: 1,
      members: [{ id: 'k', operator: 'k', tags: [], pCompromise: 0.02, pOffline: 0 }],
    })
    const t = bridgeTrust({ kind: 'externalThreshold', verifiers: set, implementationBug: 0.01 })
    expect(compromiseProbability(t.node)).toBeCloseTo(1 - 0.98 * 0.99, 15)
    expect(t.verifierNode).toBe(set)
  })

  it('rejects unknown kinds and bad fields', () => {
    expect(() => bridgeTrust({ kind: 'teleport' } as unknown as BridgeKind)).toThrow(InvalidBridgeError)
    expect(() =>
      bridgeTrust({ kind: 'zk', sourceChain: 'eth', sourceChainCompromise: 2, implementationBug: 0 }),
    ).toThrow(OutOfRangeError)
    expect(() =>
      bridgeTrust({ kind: 'zk', sourceChain: '', sourceChainCompromise: 0, implementationBug: 0 }),
    ).toThrow(InvalidBridgeError)
  })
})
