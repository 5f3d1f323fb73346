// Worst case of the trust engine at the config's limits: a 1,000-member set, threshold 500,
// 20 shared tags (MAX_SHARED_TAGS), compromise + halt together, one run each (seconds).
// Standalone: `node --import tsx bench/trust-worst-case.bench.ts` (or `npm run bench -- worst`).
// Before per-set tag elimination (full 2^T enumeration with a member DP per state), the chain
// layout took 3.1 s at 10 tags, 5.3 s at 12, 13.7 s at 14 and ran past 180 s at 20 (doubling per
// tag). Target: every case below under 10 s on a 2-core machine, the composition of three sets
// sharing the 20 tags included (CROSS_STATE_BUDGET).

import { all } from '../src/core/trust/compose.js'
import {
  compromiseEstimate,
  EXACT_WORK_BUDGET,
  haltEstimate,
  type TrustEstimate,
  verifierSet,
} from '../src/core/trust/verifierSet.js'
import { onceMs } from './harness.js'

const N = 1000
const K = 500
const names = Array.from({ length: 20 }, (_, i) => `tag${i}`)
const tagRisk = Object.fromEntries(names.map((t) => [t, { pCompromise: 0.005, pOffline: 0.002 }]))

/** mulberry32, seeded: a fixed random layout. */
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
const rand = mulberry32(12345)
const drawn = Array.from({ length: N }, () => [
  ...new Set([names[Math.floor(rand() * 20)] as string, names[Math.floor(rand() * 20)] as string]),
])

const layouts: Record<string, (i: number) => string[]> = {
  // tag i mod 20, every third member also tag i + 1 (tags follow the member order)
  chain: (i) => [names[i % 20] as string, ...(i % 3 === 0 ? [names[(i + 1) % 20] as string] : [])],
  // two tags drawn at random per member (no order to exploit)
  random: (i) => drawn[i] as string[],
}
const probabilities: Record<string, (i: number) => number> = {
  'alike p = 0.01': () => 0.01,
  'mixed p ∈ [0.005, 0.015]': (i) => 0.005 + (0.01 * ((i * 37) % 101)) / 100,
}

const show = (e: TrustEstimate) =>
  e.exact ? `${e.value.toExponential(4)} exact` : `${e.value.toExponential(4)} ± ${e.bound.toExponential(2)}`

const rows: string[] = []
let worst = 0
for (const [layoutName, tagsOf] of Object.entries(layouts)) {
  for (const [pName, p] of Object.entries(probabilities)) {
    const node = verifierSet({
      threshold: K,
      members: Array.from({ length: N }, (_, i) => ({
        id: `v${i}`,
        operator: `op${i}`,
        tags: tagsOf(i),
        pCompromise: p(i),
        pOffline: p(i),
      })),
      tagRisk,
    })
    // one run each (seconds): a sample of several would cost the shared machine minutes
    const { value, ms } = await onceMs(() => [compromiseEstimate(node), haltEstimate(node)] as const)
    const [c, h] = value
    const s = ms / 1000
    worst = Math.max(worst, s)
    rows.push(
      `| ${`${layoutName}, ${pName}`.padEnd(34)} | ${s.toFixed(2).padStart(6)} | ${show(c).padStart(22)} | ${show(h).padStart(22)} |`,
    )
  }
}
// A composition whose sets share the 20 tags with each other: 2^20 joint states of the cross tags
// before CROSS_STATE_BUDGET; now the 1,351 states with at most 3 fired, the rest bounded.
{
  const chain = layouts.chain as (i: number) => string[]
  const sets = ['a', 'b', 'c'].map((p) =>
    verifierSet({
      threshold: 134,
      members: Array.from({ length: 200 }, (_, i) => ({
        id: `${p}${i}`,
        operator: `${p}-op${i}`,
        tags: chain(i),
        pCompromise: 0.01,
        pOffline: 0.01,
      })),
    }),
  )
  const node = all(sets, { tagRisk })
  const { value, ms } = await onceMs(() => [compromiseEstimate(node), haltEstimate(node)] as const)
  const [c, h] = value
  const s = ms / 1000
  worst = Math.max(worst, s)
  rows.push(
    `| ${'all(3 × 134-of-200), 20 cross tags'.padEnd(34)} | ${s.toFixed(2).padStart(6)} | ${show(c).padStart(22)} | ${show(h).padStart(22)} |`,
  )
}
process.stdout.write(
  [
    `${K}-of-${N}, 20 shared tags (0.005 / 0.002), exact work budget ${EXACT_WORK_BUDGET.toExponential(0)}:`,
    `| ${'case'.padEnd(34)} | ${'s'.padStart(6)} | ${'P(unsafe)'.padStart(22)} | ${'P(halt)'.padStart(22)} |`,
    `|${'-'.repeat(36)}|${'-'.repeat(8)}|${'-'.repeat(24)}|${'-'.repeat(24)}|`,
    ...rows,
    `worst ${worst.toFixed(2)} s (target < 10 s) ${worst < 10 ? 'OK' : 'MISSED'}`,
    '',
  ].join('\n'),
)
