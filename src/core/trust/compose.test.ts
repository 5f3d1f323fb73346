import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { all, any, path, thresholdOf } from './compose.js'
import { EmptyVerifierSetError, InvalidThresholdError, UnknownTagError } from './errors.js'
import {
  compromiseProbability,
  haltProbability,
  singlePointsOfFailure,
  type VerifierMember,
  verifierSet,
} from './verifierSet.js'

function one(id: string, p: number, q = 0, tags: string[] = [], operator = id): VerifierMember {
  return { id, operator, tags, pCompromise: p, pOffline: q }
}

function relErr(got: number, expected: number): number {
  return Math.abs(got / expected - 1)
}

describe('all', () => {
  it('KelpDAO: two required DVNs against the downgraded 1-of-1', () => {
    const layerZero = verifierSet({ threshold: 1, members: [one('LayerZero Labs DVN', 0.01)] })
    const nethermind = verifierSet({ threshold: 1, members: [one('Nethermind DVN', 0.01)] })
    const required = all([layerZero, nethermind])
    // python3 (stdlib): p = 0.01 → 1-of-1: p = 0.01; two required DVNs: p² = 0.0001
    expect(compromiseProbability(layerZero)).toBe(0.01)
    expect(relErr(compromiseProbability(required), 1e-4)).toBeLessThan(1e-12)
    expect(singlePointsOfFailure(layerZero)).toEqual([{ kind: 'member', name: 'LayerZero Labs DVN' }])
    expect(singlePointsOfFailure(required)).toEqual([])
  })

  it('KelpDAO: two DVNs sharing one RPC provider against two that do not', () => {
    const shared = all(
      [
        verifierSet({ threshold: 1, members: [one('dvnA', 0.01, 0, ['rpc-shared'])] }),
        verifierSet({ threshold: 1, members: [one('dvnB', 0.01, 0, ['rpc-shared'])] }),
      ],
      { tagRisk: { 'rpc-shared': { pCompromise: 0.01, pOffline: 0 } } },
    )
    const separate = all(
      [
        verifierSet({ threshold: 1, members: [one('dvnA', 0.01, 0, ['rpc-a'])] }),
        verifierSet({ threshold: 1, members: [one('dvnB', 0.01, 0, ['rpc-b'])] }),
      ],
      {
        tagRisk: { 'rpc-a': { pCompromise: 0.01, pOffline: 0 }, 'rpc-b': { pCompromise: 0.01, pOffline: 0 } },
      },
    )
    // python3 (stdlib Fraction), p = r = 1/100:
    //   shared:   r + (1 − r)·p²               → 0.010099   (poisoned RPC fools both at once)
    //   separate: (1 − (1 − p)(1 − r))²        → 0.00039601
    expect(relErr(compromiseProbability(shared), 0.010099)).toBeLessThan(1e-12)
    expect(relErr(compromiseProbability(separate), 0.00039601)).toBeLessThan(1e-12)
    expect(singlePointsOfFailure(shared)).toEqual([{ kind: 'tag', name: 'rpc-shared' }])
    // the shared tag must be defined somewhere in the tree
    expect(() =>
      compromiseProbability(all([verifierSet({ threshold: 1, members: [one('dvnA', 0.01, 0, ['rpc'])] })])),
    ).toThrow(UnknownTagError)
  })

  it('halts when any required verifier halts', () => {
    const a = verifierSet({ threshold: 1, members: [one('a', 0, 0.1)] })
    const b = verifierSet({ threshold: 1, members: [one('b', 0, 0.2)] })
    // 1 − 0.9·0.8 = 0.28 ; any: 0.1·0.2 = 0.02 ; path: as all
    expect(haltProbability(all([a, b]))).toBeCloseTo(0.28, 15)
    expect(haltProbability(any([a, b]))).toBeCloseTo(0.02, 15)
    expect(haltProbability(path([a, b]))).toBeCloseTo(0.28, 15)
  })

  it('rejects empty compositions', () => {
    expect(() => all([])).toThrow(EmptyVerifierSetError)
    expect(() => any([])).toThrow(EmptyVerifierSetError)
    expect(() => path([])).toThrow(EmptyVerifierSetError)
    expect(() => thresholdOf(1, [])).toThrow(EmptyVerifierSetError)
  })
})

describe('thresholdOf', () => {
  it("a.DI's 2-of-3 bridges against a 1-of-1 canonical path", () => {
    const bridge = (id: string) => verifierSet({ threshold: 1, members: [one(id, 0.001, 0.01)] })
    const adi = thresholdOf(2, [bridge('CCIP'), bridge('LayerZero'), bridge('Hyperlane')])
    const canonical = path([bridge('canonical')])
    // python3 (stdlib Fraction), p = 1/1000: 3p²(1 − p) + p³ → 2.998e-06 ; canonical: p = 0.001
    expect(relErr(compromiseProbability(adi), 2.998e-6)).toBeLessThan(1e-12)
    expect(compromiseProbability(canonical)).toBe(0.001)
    // halted when more than 3 − 2 = 1 bridge halts: 3q²(1 − q) + q³ at q = 0.01 = 0.000298
    expect(relErr(haltProbability(adi), 0.000298)).toBeLessThan(1e-12)
    expect(haltProbability(canonical)).toBeCloseTo(0.01, 15)
  })
  it('rejects m outside 1..n', () => {
    const s = verifierSet({ threshold: 1, members: [one('a', 0.1)] })
    expect(() => thresholdOf(0, [s])).toThrow(InvalidThresholdError)
    expect(() => thresholdOf(2, [s])).toThrow(InvalidThresholdError)
    expect(() => thresholdOf(1.5, [s, s])).toThrow(InvalidThresholdError)
  })
  it('reduces to all (m = n) and any (m = 1) for compromise', () => {
    const a = verifierSet({ threshold: 2, members: [one('a1', 0.2), one('a2', 0.3), one('a3', 0.1)] })
    const b = verifierSet({ threshold: 1, members: [one('b1', 0.05), one('b2', 0.07)] })
    expect(compromiseProbability(thresholdOf(2, [a, b]))).toBeCloseTo(compromiseProbability(all([a, b])), 15)
    expect(compromiseProbability(thresholdOf(1, [a, b]))).toBeCloseTo(compromiseProbability(any([a, b])), 15)
  })
})

describe('path', () => {
  it('is unsafe if any hop is unsafe', () => {
    const hop = (id: string, p: number) => verifierSet({ threshold: 1, members: [one(id, p)] })
    // 1 − 0.99·0.98 = 0.0298
    expect(compromiseProbability(path([hop('h1', 0.01), hop('h2', 0.02)]))).toBeCloseTo(0.0298, 15)
  })
})

describe('properties of the composition algebra', () => {
  const arbSet = (prefix: string) =>
    fc
      .record({
        ps: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        kFrac: fc.double({ min: 0, max: 1, noNaN: true }),
        tagged: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      })
      .map(({ ps, kFrac, tagged }) => ({
        k: Math.min(ps.length, 1 + Math.floor(kFrac * ps.length)),
        members: ps.map((p, i) => one(`${prefix}${i}`, p, 0, tagged[i] ? ['shared'] : [])),
      }))

  it('all(A, B) ≤ each of A, B ≤ any(A, B), with a shared tag across them', () => {
    fc.assert(
      fc.property(arbSet('a'), arbSet('b'), fc.double({ min: 0, max: 1, noNaN: true }), (x, y, r) => {
        const risk = (ms: readonly VerifierMember[]) =>
          ms.some((m) => m.tags.length > 0) ? { shared: { pCompromise: r, pOffline: 0 } } : {}
        const tagRisk = risk([...x.members, ...y.members])
        const A = verifierSet({ threshold: x.k, members: x.members })
        const B = verifierSet({ threshold: y.k, members: y.members })
        const pa = compromiseProbability(all([A], { tagRisk: risk(x.members) }))
        const pb = compromiseProbability(all([B], { tagRisk: risk(y.members) }))
        const pAll = compromiseProbability(all([A, B], { tagRisk }))
        const pAny = compromiseProbability(any([A, B], { tagRisk }))
        const eps = 1e-12
        return pAll <= Math.min(pa, pb) + eps && Math.max(pa, pb) <= pAny + eps
      }),
      { numRuns: 200 },
    )
  })

  it('adding a shared tag never lowers the compromise probability of an all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 31 }),
        (ps, r, pick) => {
          const sets = (withTag: boolean) =>
            ps.map((p, i) =>
              verifierSet({
                threshold: 1,
                members: [one(`d${i}`, p, 0, withTag && (pick >> i) & 1 ? ['rpc'] : [])],
              }),
            )
          const usesTag = ps.some((_, i) => (pick >> i) & 1)
          const before = compromiseProbability(all(sets(false)))
          const after = compromiseProbability(
            all(sets(true), usesTag ? { tagRisk: { rpc: { pCompromise: r, pOffline: 0 } } } : {}),
          )
          return after >= before - 1e-15
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('correlation through a shared tag (review R2)', () => {
  // Same marginals, more correlation: each set's members carry one tag of probability r, either
  // one tag per set (independent sets) or one tag shared by every set. The sets' own probabilities
  // are unchanged, so by positive association (Harris–FKG) `all` (an intersection) can only rise
  // and `any` (a union) can only fall.
  const prob = fc.oneof(fc.constantFrom(0, 1, 1e-9, 1 - 1e-9), fc.double({ min: 0, max: 1, noNaN: true }))
  const arbSet = fc.record({
    ps: fc.array(prob, { minLength: 1, maxLength: 4 }),
    gap: fc.integer({ min: 0, max: 3 }),
    tagged: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  it('never lowers all and never raises any, for k-of-n sets with k near n', () => {
    fc.assert(
      fc.property(fc.array(arbSet, { minLength: 2, maxLength: 3 }), prob, (specs, r) => {
        const build = (shared: boolean) => {
          const tagRisk: Record<string, { pCompromise: number; pOffline: number }> = {}
          const sets = specs.map((s, j) => {
            const tag = shared ? 'rpc' : `rpc${j}`
            const tagged = s.tagged.slice(0, s.ps.length)
            if (!tagged.some(Boolean)) tagged[0] = true
            tagRisk[tag] = { pCompromise: r, pOffline: 0 }
            return verifierSet({
              threshold: Math.max(1, s.ps.length - s.gap),
              members: s.ps.map((p, i) => one(`s${j}m${i}`, p, 0, tagged[i] ? [tag] : [])),
            })
          })
          return { sets, tagRisk }
        }
        const ind = build(false)
        const sh = build(true)
        const eps = 1e-12
        return (
          compromiseProbability(all(sh.sets, { tagRisk: sh.tagRisk })) >=
            compromiseProbability(all(ind.sets, { tagRisk: ind.tagRisk })) - eps &&
          compromiseProbability(any(sh.sets, { tagRisk: sh.tagRisk })) <=
            compromiseProbability(any(ind.sets, { tagRisk: ind.tagRisk })) + eps
        )
      }),
      { numRuns: 300 },
    )
  })
})
