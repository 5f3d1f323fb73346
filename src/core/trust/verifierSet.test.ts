import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfRangeError, XcollatError } from '../errors.js'
import { all, any, path, thresholdOf } from './compose.js'
import {
  ConflictingTagRiskError,
  DuplicateMemberError,
  EmptyVerifierSetError,
  InvalidThresholdError,
  TooManySharedTagsError,
  UnknownTagError,
  UnusedTagRiskError,
} from './errors.js'
import { stakeWeightedSet } from './kinds.js'
import {
  compromiseEstimate,
  compromiseProbability,
  haltEstimate,
  haltProbability,
  singlePointsOfFailure,
  type TagRisk,
  type TagRiskMap,
  type TrustEstimate,
  type TrustNode,
  type VerifierMember,
  verifierSet,
} from './verifierSet.js'

type MemberSpec = { p: number; q?: number; operator?: string; tags?: string[] }

function members(prefix: string, specs: readonly MemberSpec[]): VerifierMember[] {
  return specs.map((s, i) => ({
    id: `${prefix}${i}`,
    operator: s.operator ?? `${prefix}-op${i}`,
    tags: s.tags ?? [],
    pCompromise: s.p,
    pOffline: s.q ?? 0,
  }))
}

function uniform(prefix: string, n: number, p: number, q = 0): VerifierMember[] {
  return members(
    prefix,
    Array.from({ length: n }, () => ({ p, q })),
  )
}

function relErr(got: number, expected: number): number {
  return Math.abs(got / expected - 1)
}

/** Exact binomial tail P(Bin(n, num/den) ≥ k) with bigint arithmetic, returned as a float. */
function bigintBinomialTail(n: number, k: number, num: bigint, den: bigint): number {
  let choose = 1n
  const coefficients: bigint[] = [1n]
  for (let j = 1; j <= n; j++) {
    choose = (choose * BigInt(n - j + 1)) / BigInt(j)
    coefficients.push(choose)
  }
  let numerator = 0n
  for (let j = k; j <= n; j++) {
    numerator += (coefficients[j] as bigint) * num ** BigInt(j) * (den - num) ** BigInt(n - j)
  }
  const denominator = den ** BigInt(n)
  // scale so the quotient keeps ~17 significant digits
  const scale = 10n ** 80n
  return Number((numerator * scale) / denominator) / 1e80
}

describe('verifierSet', () => {
  it('freezes a valid set', () => {
    const s = verifierSet({ threshold: 2, members: uniform('m', 3, 0.1) })
    expect(s.type).toBe('verifierSet')
    expect(Object.isFrozen(s)).toBe(true)
    expect(s.members).toHaveLength(3)
  })
  it('rejects bad thresholds, empty sets, bad probabilities and duplicate ids with named errors', () => {
    expect(() => verifierSet({ threshold: 4, members: uniform('m', 3, 0.1) })).toThrow(InvalidThresholdError)
    expect(() => verifierSet({ threshold: 0, members: uniform('m', 3, 0.1) })).toThrow(InvalidThresholdError)
    expect(() => verifierSet({ threshold: 1.5, members: uniform('m', 3, 0.1) })).toThrow(
      InvalidThresholdError,
    )
    expect(() => verifierSet({ threshold: 1, members: [] })).toThrow(EmptyVerifierSetError)
    expect(() => verifierSet({ threshold: 1, members: uniform('m', 2, 1.2) })).toThrow(OutOfRangeError)
    expect(() => verifierSet({ threshold: 1, members: uniform('m', 2, -0.1) })).toThrow(OutOfRangeError)
    expect(() => verifierSet({ threshold: 1, members: uniform('m', 2, Number.NaN) })).toThrow(XcollatError)
    const dup = [...uniform('m', 2, 0.1), ...uniform('m', 1, 0.1)]
    expect(() => verifierSet({ threshold: 1, members: dup })).toThrow(DuplicateMemberError)
    expect(() =>
      verifierSet({
        threshold: 1,
        members: uniform('m', 2, 0.1),
        tagRisk: { x: { pCompromise: 2, pOffline: 0 } },
      }),
    ).toThrow(OutOfRangeError)
  })
})

describe('compromiseProbability', () => {
  it('equals the exact binomial tail for 13-of-19 guardians at p = 0.01 (Wormhole)', () => {
    const guardians = verifierSet({ threshold: 13, members: uniform('g', 19, 0.01) })
    // Independent check 1: bigint binomial coefficients, Σ_{j=13}^{19} C(19,j) 1^j 99^(19−j) / 100^19.
    const exact = bigintBinomialTail(19, 13, 1n, 100n)
    // Independent check 2 (python3, stdlib only, ran while writing this test):
    //   from fractions import Fraction as F; from math import comb; p = F(1, 100)
    //   float(sum(comb(19, j) * p**j * (1 - p)**(19 - j) for j in range(13, 20)))
    //   → 2.5655193805461366e-22
    expect(relErr(exact, 2.5655193805461366e-22)).toBeLessThan(1e-14)
    expect(relErr(compromiseProbability(guardians), 2.5655193805461366e-22)).toBeLessThan(1e-12)
  })

  it('rises by orders of magnitude for Ronin 5-of-9 when one operator (Sky Mavis) holds four keys', () => {
    const independent = verifierSet({ threshold: 5, members: uniform('v', 9, 0.01) })
    const ronin = verifierSet({
      threshold: 5,
      members: members('v', [
        { p: 0.01, operator: 'Sky Mavis' },
        { p: 0.01, operator: 'Sky Mavis' },
        { p: 0.01, operator: 'Sky Mavis' },
        { p: 0.01, operator: 'Sky Mavis' },
        { p: 0.01, operator: 'Axie DAO' },
        { p: 0.01 },
        { p: 0.01 },
        { p: 0.01 },
        { p: 0.01 },
      ]),
      tagRisk: { 'Sky Mavis': { pCompromise: 0.01, pOffline: 0 } },
    })
    // python3 (stdlib, Fraction): with p = q = 1/100 and tail(n, k) the binomial tail,
    //   independent = tail(9, 5)                                    → 1.218536857e-08
    //   ronin = q·(1 − (1 − p)^5) + (1 − q)·tail(9, 5)             → 0.0004901115645148843
    //   (given Sky Mavis falls, four keys are forced and one of the other five suffices)
    const pInd = compromiseProbability(independent)
    const pRonin = compromiseProbability(ronin)
    expect(relErr(pInd, 1.218536857e-8)).toBeLessThan(1e-12)
    expect(relErr(pRonin, 0.0004901115645148843)).toBeLessThan(1e-12)
    expect(pRonin / pInd).toBeGreaterThan(1e4)
    // The Axie DAO key was also signable by Sky Mavis (allowlist): tag it too and one event suffices.
    const roninAllowlist = verifierSet({
      threshold: 5,
      members: ronin.members.map((m) => (m.operator === 'Axie DAO' ? { ...m, tags: ['Sky Mavis'] } : m)),
      tagRisk: { 'Sky Mavis': { pCompromise: 0.01, pOffline: 0 } },
    })
    // python3: q + (1 − q)·tail(9, 5) → 0.010000012063514885
    expect(relErr(compromiseProbability(roninAllowlist), 0.010000012063514885)).toBeLessThan(1e-12)
    expect(singlePointsOfFailure(roninAllowlist)).toContainEqual({ kind: 'operator', name: 'Sky Mavis' })
    expect(singlePointsOfFailure(independent)).toEqual([])
  })

  it("gives Harmony's 2-of-5 the binomial tail, far above a 13-of-19", () => {
    const harmony = verifierSet({ threshold: 2, members: uniform('h', 5, 0.01) })
    // python3 (stdlib, Fraction): tail(5, 2) at p = 1/100 → 0.0009801496
    //   = 1 − 0.99^5 − 5·0.01·0.99^4 by hand
    expect(relErr(compromiseProbability(harmony), 0.0009801496)).toBeLessThan(1e-12)
    expect(relErr(1 - 0.99 ** 5 - 5 * 0.01 * 0.99 ** 4, 0.0009801496)).toBeLessThan(1e-9)
  })

  it('re-checks hand-built nodes', () => {
    const good = verifierSet({ threshold: 1, members: uniform('m', 2, 0.1) })
    expect(() => compromiseProbability({ ...good, threshold: 3 })).toThrow(InvalidThresholdError)
    expect(() => compromiseProbability({ ...good, members: uniform('m', 2, 1.5) })).toThrow(OutOfRangeError)
    expect(() =>
      compromiseProbability({ type: 'thresholdOf', threshold: 3, children: [good], tagRisk: {} }),
    ).toThrow(InvalidThresholdError)
    expect(() => haltProbability({ type: 'all', children: [], tagRisk: {} })).toThrow(EmptyVerifierSetError)
    expect(() => compromiseProbability({ type: 'teleport' } as unknown as TrustNode)).toThrow(XcollatError)
  })

  it('treats tags with probability 1 as always fired and 0 as never', () => {
    const s = (r: number) =>
      verifierSet({
        threshold: 2,
        members: members('m', [{ p: 0.1, tags: ['t'] }, { p: 0.1 }, { p: 0.1 }]),
        tagRisk: { t: { pCompromise: r, pOffline: 0 } },
      })
    // r = 1: m0 forced, need ≥ 1 of two others: 1 − 0.9² = 0.19. r = 0: P(Bin(3, 0.1) ≥ 2) = 3·0.01·0.9 + 0.001 = 0.028
    expect(compromiseProbability(s(1))).toBeCloseTo(0.19, 14)
    expect(compromiseProbability(s(0))).toBeCloseTo(0.028, 14)
  })

  it('rejects unknown, unused and conflicting tags and too many shared tags', () => {
    const tagged = members('m', [{ p: 0.1, tags: ['rpc'] }, { p: 0.1 }])
    expect(() => compromiseProbability(verifierSet({ threshold: 1, members: tagged }))).toThrow(
      UnknownTagError,
    )
    expect(() =>
      compromiseProbability(
        verifierSet({
          threshold: 1,
          members: uniform('m', 2, 0.1),
          tagRisk: { rcp: { pCompromise: 0.1, pOffline: 0 } },
        }),
      ),
    ).toThrow(UnusedTagRiskError)
    const a = verifierSet({
      threshold: 1,
      members: tagged,
      tagRisk: { rpc: { pCompromise: 0.1, pOffline: 0 } },
    })
    const b = verifierSet({
      threshold: 1,
      members: members('n', [{ p: 0.1, tags: ['rpc'] }]),
      tagRisk: { rpc: { pCompromise: 0.2, pOffline: 0 } },
    })
    expect(() => compromiseProbability(all([a, b]))).toThrow(ConflictingTagRiskError)
    const many = members(
      'm',
      Array.from({ length: 21 }, (_, i) => ({ p: 0.1, tags: [`t${i}`] })),
    )
    const tagRisk: Record<string, { pCompromise: number; pOffline: number }> = {}
    for (let i = 0; i < 21; i++) tagRisk[`t${i}`] = { pCompromise: 0.01, pOffline: 0 }
    expect(() => compromiseProbability(verifierSet({ threshold: 3, members: many, tagRisk }))).toThrow(
      TooManySharedTagsError,
    )
    // the operator without a tagRisk entry only groups: no error, no common mode
    const grouped = verifierSet({
      threshold: 2,
      members: members('m', [
        { p: 0.1, operator: 'X' },
        { p: 0.1, operator: 'X' },
      ]),
    })
    expect(compromiseProbability(grouped)).toBeCloseTo(0.01, 15)
  })
})

describe('haltProbability', () => {
  it('halts a k-of-n set when more than n − k members are offline', () => {
    const s = verifierSet({ threshold: 2, members: uniform('m', 3, 0, 0.1) })
    // halted when ≥ 2 of 3 are offline: 3·0.1²·0.9 + 0.1³ = 0.028
    expect(haltProbability(s)).toBeCloseTo(0.028, 15)
    // 13-of-19: halted when ≥ 7 of 19 are offline
    const g = verifierSet({ threshold: 13, members: uniform('g', 19, 0, 0.01) })
    expect(relErr(haltProbability(g), bigintBinomialTail(19, 7, 1n, 100n))).toBeLessThan(1e-12)
  })
  it('applies common-mode offline tags', () => {
    const s = verifierSet({
      threshold: 2,
      members: members('m', [
        { p: 0, q: 0, tags: ['cloud'] },
        { p: 0, q: 0, tags: ['cloud'] },
        { p: 0, q: 0 },
      ]),
      tagRisk: { cloud: { pCompromise: 0, pOffline: 0.03 } },
    })
    expect(haltProbability(s)).toBeCloseTo(0.03, 15)
    expect(compromiseProbability(s)).toBe(0)
  })
})

// ───────────── Monte Carlo cross-check of the exact engine (test-only) ─────────────

/** mulberry32: a small seeded PRNG, written here so the check does not share code with the engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type McNode =
  | { kind: 'set'; k: number; members: VerifierMember[] }
  | { kind: 'all' | 'any' | 'path'; children: McNode[] }
  | { kind: 'thr'; m: number; children: McNode[] }

function build(n: McNode, tagRisk?: TagRiskMap): TrustNode {
  const opts = tagRisk ? { tagRisk } : undefined
  switch (n.kind) {
    case 'set':
      return verifierSet(
        tagRisk ? { threshold: n.k, members: n.members, tagRisk } : { threshold: n.k, members: n.members },
      )
    case 'all':
      return all(
        n.children.map((c) => build(c)),
        opts,
      )
    case 'any':
      return any(
        n.children.map((c) => build(c)),
        opts,
      )
    case 'path':
      return path(
        n.children.map((c) => build(c)),
        opts,
      )
    case 'thr':
      return thresholdOf(
        n.m,
        n.children.map((c) => build(c)),
        opts,
      )
  }
}

function simulate(n: McNode, down: (m: VerifierMember) => boolean, event: 'c' | 'o'): boolean {
  switch (n.kind) {
    case 'set': {
      const count = n.members.filter(down).length
      return event === 'c' ? count >= n.k : count > n.members.length - n.k
    }
    case 'all': {
      const r = n.children.map((c) => simulate(c, down, event))
      return event === 'c' ? r.every(Boolean) : r.some(Boolean)
    }
    case 'any': {
      const r = n.children.map((c) => simulate(c, down, event))
      return event === 'c' ? r.some(Boolean) : r.every(Boolean)
    }
    case 'path':
      return n.children.map((c) => simulate(c, down, event)).some(Boolean)
    case 'thr': {
      const count = n.children.filter((c) => simulate(c, down, event)).length
      return event === 'c' ? count >= n.m : count > n.children.length - n.m
    }
  }
}

function monteCarlo(
  tree: McNode,
  tagRisk: TagRiskMap,
  event: 'c' | 'o',
  draws: number,
  seed: number,
): number {
  const rand = mulberry32(seed)
  const leaves: VerifierMember[] = []
  const collect = (n: McNode): void => {
    if (n.kind === 'set') leaves.push(...n.members)
    else for (const c of n.children) collect(c)
  }
  collect(tree)
  const tags = Object.keys(tagRisk)
  let hits = 0
  for (let d = 0; d < draws; d++) {
    const fired = new Set<string>()
    for (const t of tags) {
      const r = tagRisk[t] as { pCompromise: number; pOffline: number }
      if (rand() < (event === 'c' ? r.pCompromise : r.pOffline)) fired.add(t)
    }
    const state = new Map<VerifierMember, boolean>()
    for (const m of leaves) {
      const own = rand() < (event === 'c' ? m.pCompromise : m.pOffline)
      state.set(m, own || fired.has(m.operator) || m.tags.some((t) => fired.has(t)))
    }
    if (simulate(tree, (m) => state.get(m) === true, event)) hits++
  }
  return hits / draws
}

describe('exact engine against Monte Carlo', () => {
  const tagRisk: TagRiskMap = {
    rpc: { pCompromise: 0.08, pOffline: 0.05 },
    cloud: { pCompromise: 0.05, pOffline: 0.1 },
    opX: { pCompromise: 0.1, pOffline: 0.02 },
  }
  const A = members('a', [
    { p: 0.2, q: 0.1, tags: ['rpc'] },
    { p: 0.15, q: 0.05, tags: ['rpc', 'cloud'] },
    { p: 0.25, q: 0.2, operator: 'opX' },
    { p: 0.1, q: 0.1, operator: 'opX', tags: ['cloud'] },
  ])
  const B = members('b', [
    { p: 0.3, q: 0.1, tags: ['rpc'] },
    { p: 0.2, q: 0.15 },
    { p: 0.1, q: 0.05, tags: ['cloud'] },
  ])
  const C = members('c', [{ p: 0.35, q: 0.1, operator: 'opX' }])
  const D = members('d', [
    { p: 0.3, q: 0.2, tags: ['rpc'] },
    { p: 0.2, q: 0.1 },
  ])
  const trees: Array<[string, McNode]> = [
    ['a 2-of-4 set with three tags', { kind: 'set', k: 2, members: A }],
    [
      'all(2-of-4, 1-of-3, any(1-of-1, 2-of-2))',
      {
        kind: 'all',
        children: [
          { kind: 'set', k: 2, members: A },
          { kind: 'set', k: 1, members: B },
          {
            kind: 'any',
            children: [
              { kind: 'set', k: 1, members: C },
              { kind: 'set', k: 2, members: D },
            ],
          },
        ],
      },
    ],
    [
      'thresholdOf(2, 3 sets) on a path with a 1-of-2 hop',
      {
        kind: 'path',
        children: [
          {
            kind: 'thr',
            m: 2,
            children: [
              { kind: 'set', k: 3, members: A },
              { kind: 'set', k: 2, members: B },
              { kind: 'set', k: 1, members: C },
            ],
          },
          { kind: 'set', k: 2, members: D },
        ],
      },
    ],
  ]
  const draws = 200_000
  it.each(trees)('%s: compromise and halt within 5 standard errors', (_, tree) => {
    const node = build(tree, tagRisk)
    for (const [event, exact] of [
      ['c', compromiseProbability(node)],
      ['o', haltProbability(node)],
    ] as const) {
      const mc = monteCarlo(tree, tagRisk, event, draws, 20260421)
      const se = Math.sqrt((exact * (1 - exact)) / draws)
      expect(exact).toBeGreaterThan(0.001)
      expect(Math.abs(mc - exact)).toBeLessThan(5 * se)
    }
  })
})

// ───────────── properties ─────────────

describe('properties of compromiseProbability', () => {
  const arbSet = fc
    .record({
      n: fc.integer({ min: 1, max: 12 }),
      p: fc.double({ min: 0, max: 1, noNaN: true }),
      kFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ n, p, kFrac }) => ({ n, p, k: Math.min(n, 1 + Math.floor(kFrac * n)) }))

  it('rises with p', () => {
    fc.assert(
      fc.property(arbSet, fc.double({ min: 0, max: 1, noNaN: true }), ({ n, p, k }, p2) => {
        const lo = Math.min(p, p2)
        const hi = Math.max(p, p2)
        const a = compromiseProbability(verifierSet({ threshold: k, members: uniform('m', n, lo) }))
        const b = compromiseProbability(verifierSet({ threshold: k, members: uniform('m', n, hi) }))
        return a <= b + 1e-15
      }),
    )
  })

  it('falls with k, with or without a shared tag', () => {
    fc.assert(
      fc.property(arbSet, fc.double({ min: 0, max: 1, noNaN: true }), ({ n, p, k }, r) => {
        if (k >= n) return true
        const ms = members(
          'm',
          Array.from({ length: n }, (_, i) => ({ p, tags: i % 2 === 0 ? ['t'] : [] })),
        )
        const tagRisk = { t: { pCompromise: r, pOffline: 0 } }
        const a = compromiseProbability(verifierSet({ threshold: k, members: ms, tagRisk }))
        const b = compromiseProbability(verifierSet({ threshold: k + 1, members: ms, tagRisk }))
        return b <= a + 1e-15
      }),
    )
  })

  it('stays in [0, 1] and matches the binomial tail for independent members', () => {
    fc.assert(
      fc.property(arbSet, ({ n, p, k }) => {
        const got = compromiseProbability(verifierSet({ threshold: k, members: uniform('m', n, p) }))
        let expected = 0
        let c = 1
        for (let j = 0; j <= n; j++) {
          if (j > 0) c = (c * (n - j + 1)) / j
          if (j >= k) expected += c * p ** j * (1 - p) ** (n - j)
        }
        return got >= 0 && got <= 1 && Math.abs(got - expected) <= 1e-12
      }),
    )
  })
})

// ───────────── brute-force enumeration (review R2): a second, independent implementation ─────────────

type BruteLeaf =
  | { kind: 'set'; k: number; members: VerifierMember[] }
  | { kind: 'stake'; theta: number; stakes: number[]; members: VerifierMember[] }
type BruteNode =
  | BruteLeaf
  | { kind: 'all' | 'any' | 'path'; children: BruteLeaf[] }
  | { kind: 'thr'; m: number; children: BruteLeaf[] }

/** P(event) by enumerating every joint outcome of every shared tag and every member (2^(T + M) states). */
function bruteForce(tree: BruteNode, tagRisk: TagRiskMap, event: 'c' | 'o'): number {
  const leaves: BruteLeaf[] = tree.kind === 'set' || tree.kind === 'stake' ? [tree] : tree.children
  const ms = leaves.flatMap((l) => l.members)
  const tags = Object.keys(tagRisk)
  const T = tags.length
  const M = ms.length
  const down = (leaf: BruteLeaf, isDown: (m: VerifierMember) => boolean): boolean => {
    if (leaf.kind === 'set') {
      const c = leaf.members.filter(isDown).length
      return event === 'c' ? c >= leaf.k : c > leaf.members.length - leaf.k
    }
    const total = leaf.stakes.reduce((a, b) => a + b, 0)
    const need = leaf.theta * total * (1 - 1e-12)
    let hit = 0
    leaf.members.forEach((m, i) => {
      if (isDown(m)) hit += leaf.stakes[i] as number
    })
    return event === 'c' ? hit >= need : total - hit < need
  }
  let total = 0
  for (let s = 0; s < 2 ** (T + M); s++) {
    let w = 1
    const fired = new Set<string>()
    tags.forEach((t, i) => {
      const r = tagRisk[t] as { pCompromise: number; pOffline: number }
      const q = event === 'c' ? r.pCompromise : r.pOffline
      if ((s >> i) & 1) {
        w *= q
        fired.add(t)
      } else w *= 1 - q
    })
    const own = new Map<VerifierMember, boolean>()
    ms.forEach((m, j) => {
      const p = event === 'c' ? m.pCompromise : m.pOffline
      const bit = ((s >> (T + j)) & 1) === 1
      w *= bit ? p : 1 - p
      own.set(m, bit)
    })
    if (w === 0) continue
    const isDown = (m: VerifierMember) =>
      own.get(m) === true || fired.has(m.operator) || m.tags.some((t) => fired.has(t))
    let result: boolean
    if (tree.kind === 'set' || tree.kind === 'stake') result = down(tree, isDown)
    else {
      const r = tree.children.map((c) => down(c, isDown))
      const n = r.filter(Boolean).length
      if (tree.kind === 'path') result = n > 0
      else if (tree.kind === 'thr') result = event === 'c' ? n >= tree.m : n > r.length - tree.m
      else if ((tree.kind === 'all') === (event === 'c')) result = n === r.length
      else result = n > 0
    }
    if (result) total += w
  }
  return total
}

describe('exact engine against brute-force enumeration', () => {
  // probabilities concentrated where engines break: 0, 1, tiny, nearly 1, and anything in between
  const prob = fc.oneof(
    fc.constantFrom(0, 1, 1e-9, 1 - 1e-9, 0.5),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  const tagPool = ['rpc', 'cloud', 'client'] as const
  const opPool = ['opA', 'opB'] as const
  let uid = 0
  const arbMember = fc
    .record({
      p: prob,
      q: prob,
      tags: fc.subarray([...tagPool]),
      op: fc.constantFrom<string | undefined>(undefined, ...opPool),
    })
    .map(({ p, q, tags, op }): VerifierMember => {
      uid++
      return { id: `m${uid}`, operator: op ?? `own${uid}`, tags, pCompromise: p, pOffline: q }
    })
  const arbLeaf: fc.Arbitrary<BruteLeaf> = fc.oneof(
    fc
      .record({
        members: fc.array(arbMember, { minLength: 1, maxLength: 4 }),
        // k near n is the interesting end: draw the distance from n
        gap: fc.integer({ min: 0, max: 3 }),
      })
      .map(({ members, gap }) => ({ kind: 'set' as const, k: Math.max(1, members.length - gap), members })),
    fc
      .record({
        members: fc.array(arbMember, { minLength: 1, maxLength: 4 }),
        stakes: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }),
        theta: fc.constantFrom(1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 0.6),
      })
      .map(({ members, stakes, theta }) => {
        const s = stakes.slice(0, members.length)
        if (!s.some((x) => x > 0)) s[0] = 1
        return { kind: 'stake' as const, theta, stakes: s, members }
      }),
  )
  const arbTree: fc.Arbitrary<BruteNode> = fc.oneof(
    arbLeaf,
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const, 'path' as const),
      children: fc.array(arbLeaf, { minLength: 1, maxLength: 3 }),
    }),
    fc
      .record({
        children: fc.array(arbLeaf, { minLength: 1, maxLength: 3 }),
        mFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ children, mFrac }) => ({
        kind: 'thr' as const,
        m: Math.min(children.length, 1 + Math.floor(mFrac * children.length)),
        children,
      })),
  )
  const toNode = (leaf: BruteLeaf, tagRisk: TagRiskMap | undefined): TrustNode => {
    const opts = tagRisk ? { tagRisk } : {}
    return leaf.kind === 'set'
      ? verifierSet({ threshold: leaf.k, members: leaf.members, ...opts })
      : stakeWeightedSet({
          thresholdShare: leaf.theta,
          members: leaf.members.map((m, i) => ({ ...m, stake: leaf.stakes[i] as number })),
          ...opts,
        })
  }

  it('agrees to 1e-12 on random trees with shared tags and operators across sets', () => {
    fc.assert(
      fc.property(arbTree, fc.array(fc.tuple(prob, prob), { minLength: 5, maxLength: 5 }), (tree, risks) => {
        const leaves = tree.kind === 'set' || tree.kind === 'stake' ? [tree] : tree.children
        const ms = leaves.flatMap((l) => l.members)
        if (ms.length > 10) return true
        const used = new Set(ms.flatMap((m) => [...m.tags, m.operator]))
        const tagRisk: Record<string, { pCompromise: number; pOffline: number }> = {}
        ;[...tagPool, ...opPool].forEach((t, i) => {
          const [pc, po] = risks[i] as [number, number]
          if (used.has(t)) tagRisk[t] = { pCompromise: pc, pOffline: po }
        })
        const node =
          tree.kind === 'set' || tree.kind === 'stake'
            ? toNode(tree, tagRisk)
            : tree.kind === 'thr'
              ? thresholdOf(
                  tree.m,
                  tree.children.map((c) => toNode(c, undefined)),
                  { tagRisk },
                )
              : { all, any, path }[tree.kind](
                  tree.children.map((c) => toNode(c, undefined)),
                  { tagRisk },
                )
        const ok = (got: number, want: number) => Math.abs(got - want) <= 1e-12 + 1e-9 * want
        // the bounded method (no work budget) must contain the exact value, and equal it when exact
        const contains = (e: TrustEstimate, want: number) =>
          e.lower <= want + 1e-12 + 1e-9 * want &&
          e.upper >= want - 1e-12 - 1e-9 * want &&
          (!e.exact || ok(e.value, want))
        const wantC = bruteForce(tree, tagRisk, 'c')
        const wantO = bruteForce(tree, tagRisk, 'o')
        return (
          ok(compromiseProbability(node), wantC) &&
          ok(haltProbability(node), wantO) &&
          compromiseEstimate(node).exact &&
          haltEstimate(node).exact &&
          contains(compromiseEstimate(node, { workBudget: 0 }), wantC) &&
          contains(haltEstimate(node, { workBudget: 0 }), wantO) &&
          // the composition bound (only the state with no cross tag fired enumerated) contains it too
          contains(compromiseEstimate(node, { crossStateBudget: 1 }), wantC) &&
          contains(haltEstimate(node, { crossStateBudget: 1 }), wantO)
        )
      }),
      { numRuns: 300 },
    )
  })
})

/**
 * The engine before per-set tag elimination, as a second implementation: every joint state of the
 * set's tags enumerated, and per state a Poisson-binomial dynamic program over all members.
 */
function enumeratedTail(
  k: number,
  ms: readonly VerifierMember[],
  tagRisk: TagRiskMap,
  event: 'c' | 'o',
): number {
  const tags = Object.keys(tagRisk).filter((t) => {
    const q = event === 'c' ? tagRisk[t]?.pCompromise : tagRisk[t]?.pOffline
    return q !== undefined && q > 0
  })
  const W = event === 'c' ? k : ms.length - k + 1
  let total = 0
  for (let state = 0; state < 2 ** tags.length; state++) {
    let weight = 1
    tags.forEach((t, i) => {
      const q = (event === 'c' ? tagRisk[t]?.pCompromise : tagRisk[t]?.pOffline) as number
      weight *= state & (1 << i) ? q : 1 - q
    })
    const fired = new Set(tags.filter((_, i) => state & (1 << i)))
    let dist = [1, ...new Array<number>(W).fill(0)]
    for (const m of ms) {
      const p = [...m.tags, m.operator].some((t) => fired.has(t))
        ? 1
        : event === 'c'
          ? m.pCompromise
          : m.pOffline
      const next = new Array<number>(W + 1).fill(0)
      dist.forEach((v, j) => {
        next[j] = (next[j] as number) + v * (1 - p)
        const up = Math.min(W, j + 1)
        next[up] = (next[up] as number) + v * p
      })
      dist = next
    }
    total += weight * (dist[W] as number)
  }
  return total
}

describe('per-set tag elimination against full enumeration', () => {
  const layout = fc.constantFrom('chain', 'random')
  const arbSet = fc
    .record({
      n: fc.integer({ min: 2, max: 30 }),
      tags: fc.integer({ min: 1, max: 7 }),
      kFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      layout,
      alike: fc.boolean(),
      p: fc.double({ min: 0, max: 0.5, noNaN: true }),
      ps: fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 30, maxLength: 30 }),
      picks: fc.array(fc.integer({ min: 0, max: 127 }), { minLength: 30, maxLength: 30 }),
      risk: fc.array(
        fc.tuple(
          fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
          fc.double({ min: 0, max: 0.5, noNaN: true }),
        ),
        {
          minLength: 7,
          maxLength: 7,
        },
      ),
    })
    .map((r) => {
      const names = Array.from({ length: r.tags }, (_, i) => `t${i}`)
      const ms: VerifierMember[] = Array.from({ length: r.n }, (_, i) => {
        const pick = r.picks[i] as number
        const tags =
          r.layout === 'chain'
            ? [
                names[i % r.tags] as string,
                ...(i % 3 === 0 && r.tags > 1 ? [names[(i + 1) % r.tags] as string] : []),
              ]
            : names.filter((_, b) => pick & (1 << b))
        const p = r.alike ? r.p : (r.ps[i] as number)
        return { id: `m${i}`, operator: `op${i}`, tags, pCompromise: p, pOffline: p / 2 }
      })
      const used = new Set(ms.flatMap((m) => m.tags))
      const tagRisk: Record<string, TagRisk> = {}
      names.forEach((t, i) => {
        const [c, o] = r.risk[i] as [number, number]
        if (used.has(t)) tagRisk[t] = { pCompromise: c, pOffline: o }
      })
      const k = 1 + Math.floor(r.kFrac * (r.n - 1))
      return { k, ms, tagRisk, alike: r.alike }
    })

  it('is exact within the budget, and the bounded method contains the value (equal when members are alike)', () => {
    fc.assert(
      fc.property(arbSet, ({ k, ms, tagRisk, alike }) => {
        const node = verifierSet({ threshold: k, members: ms, tagRisk })
        for (const [event, est] of [
          ['c', compromiseEstimate],
          ['o', haltEstimate],
        ] as const) {
          const want = enumeratedTail(k, ms, tagRisk, event)
          const tol = 1e-13 + 1e-9 * want
          const exact = est(node)
          expect(exact.exact).toBe(true)
          expect(Math.abs(exact.value - want)).toBeLessThanOrEqual(tol)
          const bounded = est(node, { workBudget: 0 })
          expect(bounded.lower).toBeLessThanOrEqual(want + tol)
          expect(bounded.upper).toBeGreaterThanOrEqual(want - tol)
          if (alike) expect(Math.abs(bounded.value - want)).toBeLessThanOrEqual(tol)
        }
      }),
      { numRuns: 150 },
    )
  })
})

describe('a 1,000-member set, threshold 500, 20 shared tags (the documented limit)', () => {
  const names = Array.from({ length: 20 }, (_, i) => `t${i}`)
  const tagRisk = Object.fromEntries(names.map((t) => [t, { pCompromise: 0.005, pOffline: 0.002 }]))
  const thousand = (tagsOf: (i: number) => string[], p: (i: number) => number) =>
    verifierSet({
      threshold: 500,
      members: Array.from({ length: 1000 }, (_, i) => ({
        id: `v${i}`,
        operator: `op${i}`,
        tags: tagsOf(i),
        pCompromise: p(i),
        pOffline: p(i),
      })),
      tagRisk,
    })
  const chain = (i: number) => [
    names[i % 20] as string,
    ...(i % 3 === 0 ? [names[(i + 1) % 20] as string] : []),
  ]
  // a seeded random layout: two tags drawn per member (one when both draws agree)
  const rand = mulberry32(12345)
  const drawn = Array.from({ length: 1000 }, () => [
    ...new Set([names[Math.floor(rand() * 20)] as string, names[Math.floor(rand() * 20)] as string]),
  ])
  const random = (i: number) => drawn[i] as string[]

  it('is exact for members alike, whatever the tag layout', () => {
    for (const layout of [chain, random]) {
      const node = thousand(layout, () => 0.3)
      const c = compromiseEstimate(node)
      const h = haltEstimate(node)
      expect(c.exact).toBe(true)
      expect(h.exact).toBe(true)
      // at least one tag fired forces ≥ 50 members; the value lies between "no tag can fire" and 1
      expect(c.value).toBeGreaterThan(0)
      expect(c.value).toBeLessThan(1)
    }
  })

  it('with mixed probabilities, bounds the value between the sets of all-lowest and all-highest probability', () => {
    const p = (i: number) => 0.28 + (0.04 * ((i * 37) % 101)) / 100
    for (const layout of [chain, random]) {
      const e = compromiseEstimate(thousand(layout, p))
      const low = compromiseEstimate(thousand(layout, () => 0.28))
      const high = compromiseEstimate(thousand(layout, () => 0.32))
      expect(e.lower).toBeLessThanOrEqual(e.upper)
      expect(e.lower).toBeGreaterThanOrEqual(low.value * (1 - 1e-9))
      expect(e.upper).toBeLessThanOrEqual(high.value * (1 + 1e-9))
      expect(e.bound).toBe((e.upper - e.lower) / 2)
    }
  })
})
