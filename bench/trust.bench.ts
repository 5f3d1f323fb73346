// Exact bridge-trust engine: compromise + halt probability of k-of-n verifier sets and compositions.
// Standalone: `node --import tsx bench/trust.bench.ts` (or `npm run bench -- trust`).
// Each case times compromiseProbability + haltProbability together (one "set evaluation"), best of
// several mitata samples (the median). Target (issue 3): n = 100 with ≤ 10 shared tags under 50 ms.
import { all, path, thresholdOf } from '../src/core/trust/compose.js'
import {
  compromiseProbability,
  haltProbability,
  type TagRiskMap,
  type TrustNode,
  type VerifierMember,
  verifierSet,
} from '../src/core/trust/verifierSet.js'
import { timeMs } from './harness.js'

/** n members at p = 0.01 compromise, q = 0.01 offline; with T tags every member carries tag i mod T
 * and every third also tag (i + 1) mod T (so every member is tagged: the engine's worst case). */
function set(prefix: string, n: number, tags: readonly string[]): VerifierMember[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    operator: `${prefix}-op${i}`,
    tags:
      tags.length === 0
        ? []
        : [
            tags[i % tags.length] as string,
            ...(i % 3 === 0 && tags.length > 1 ? [tags[(i + 1) % tags.length] as string] : []),
          ],
    pCompromise: 0.01,
    pOffline: 0.01,
  }))
}

function tagNames(t: number): string[] {
  return Array.from({ length: t }, (_, i) => `tag${i}`)
}

function risk(tags: readonly string[]): TagRiskMap {
  return Object.fromEntries(tags.map((t) => [t, { pCompromise: 0.005, pOffline: 0.002 }]))
}

/** k = ⌊2n/3⌋ + 1: a two-thirds supermajority (13-of-19 style). */
function kOf(n: number): number {
  return Math.floor((2 * n) / 3) + 1
}

function single(n: number, t: number): TrustNode {
  const tags = tagNames(t)
  return verifierSet({ threshold: kOf(n), members: set('m', n, tags), tagRisk: risk(tags) })
}

/** Independent check: P(Binomial(n, p) ≥ k) by a plain sum (different code from the engine's DP). */
function binomialTail(n: number, k: number, p: number): number {
  let s = 0
  let c = 1
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * (n - j + 1)) / j
    if (j >= k) s += c * p ** j * (1 - p) ** (n - j)
  }
  return s
}

type Row = { label: string; node: TrustNode; reps: number }

const cases: Row[] = []
for (const n of [10, 50, 100]) {
  for (const t of [0, 5, 10]) {
    cases.push({
      label: `${kOf(n)}-of-${n}, ${t === 0 ? 'independent' : `${t} shared tags`}`,
      node: single(n, t),
      reps: 20,
    })
  }
}
{
  // three sets of 50 sharing 5 tags across them (a.DI-like 2-of-3, LayerZero-like all, a route)
  const tags = tagNames(5)
  const three = ['a', 'b', 'c'].map((p) => verifierSet({ threshold: kOf(50), members: set(p, 50, tags) }))
  cases.push({
    label: 'thresholdOf(2, 3 × 34-of-50), 5 shared tags',
    node: thresholdOf(2, three, { tagRisk: risk(tags) }),
    reps: 20,
  })
  cases.push({
    label: 'all(3 × 34-of-50), 5 shared tags',
    node: all(three, { tagRisk: risk(tags) }),
    reps: 20,
  })
  cases.push({
    label: 'path(3 × 34-of-50), 5 shared tags',
    node: path(three, { tagRisk: risk(tags) }),
    reps: 20,
  })
  const tags10 = tagNames(10)
  const three10 = ['a', 'b', 'c'].map((p) =>
    verifierSet({ threshold: kOf(100), members: set(p, 100, tags10) }),
  )
  cases.push({
    label: 'thresholdOf(2, 3 × 67-of-100), 10 shared tags',
    node: thresholdOf(2, three10, { tagRisk: risk(tags10) }),
    reps: 5,
  })
}

// correctness guard: the independent n = 100 case must equal the binomial tail
const check = compromiseProbability(single(100, 0))
const expected = binomialTail(100, kOf(100), 0.01)
if (Math.abs(check / expected - 1) > 1e-9) {
  process.stderr.write(`engine ${check} ≠ binomial tail ${expected}\n`)
  process.exit(1)
}

const rows: string[] = []
let worstN100Ms = 0
for (const c of cases) {
  let pc = 0
  let ph = 0
  const bestMs = (
    await timeMs(
      () => {
        pc = compromiseProbability(c.node)
        ph = haltProbability(c.node)
      },
      { minSamples: c.reps, maxSamples: c.reps },
    )
  ).p50
  if (c.label.includes('-of-100,') && !c.label.startsWith('thresholdOf'))
    worstN100Ms = Math.max(worstN100Ms, bestMs)
  rows.push(
    `| ${c.label.padEnd(46)} | ${bestMs.toFixed(3).padStart(9)} | ${(1000 / bestMs).toFixed(0).padStart(8)} | ${pc.toExponential(3).padStart(10)} | ${ph.toExponential(3).padStart(10)} |`,
  )
}
process.stdout.write(
  [
    'Exact compromise + halt per set (median of mitata samples; p = 0.01, q = 0.01, tags 0.005 / 0.002):',
    `| ${'case'.padEnd(46)} | ${'ms/set'.padStart(9)} | ${'sets/s'.padStart(8)} | ${'P(unsafe)'.padStart(10)} | ${'P(halt)'.padStart(10)} |`,
    `|${'-'.repeat(48)}|${'-'.repeat(11)}|${'-'.repeat(10)}|${'-'.repeat(12)}|${'-'.repeat(12)}|`,
    ...rows,
    `n = 100 with ≤ 10 shared tags: worst ${worstN100Ms.toFixed(2)} ms (target < 50 ms) ${worstN100Ms < 50 ? 'OK' : 'MISSED'}`,
    '',
  ].join('\n'),
)
