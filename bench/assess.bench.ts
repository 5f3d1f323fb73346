// Assessing a generated 500-route configuration: parse + resolve (YAML text → registry) and the
// assessment itself, timed separately and together. Target: the whole in under 1 s.
import { stringify } from 'yaml'
import { parseConfig } from '../src/config/load.js'
import { assess } from '../src/core/assess/assess.js'
import { onceMs, timeMs } from './harness.js'

const ROUTES = 500
const spokes = [
  { chain: 'arbitrum', bridge: 'arbitrum-canonical', oracle: 'eth-usd-arbitrum' },
  { chain: 'optimism', bridge: 'optimism-canonical', oracle: 'eth-usd-optimism' },
  { chain: 'base', bridge: 'base-canonical', oracle: 'eth-usd-base' },
]
const bridges = ['canonical', 'wormhole', 'layerzero-oft-2dvn', 'ccip', 'axelar']
const architectures = ['synthetic', 'message-passing', 'hybrid-l2'] as const

function config(n: number): string {
  const venues = spokes.flatMap((s) =>
    [5e6, 20e6, 80e6].map((reserveUsd, i) => ({
      id: `pool-${s.chain}-${i}`,
      chain: s.chain,
      kind: 'constant-product',
      reserveUsd,
      fee: 0.003,
    })),
  )
  const routes = Array.from({ length: n }, (_, i) => {
    const s = spokes[i % spokes.length] as (typeof spokes)[number]
    const b = bridges[i % bridges.length] as string
    return {
      id: `route-${i}`,
      asset: i % 2 === 0 ? 'weth' : 'wsteth',
      homeChain: 'ethereum',
      debtChain: s.chain,
      bridge: b === 'canonical' ? s.bridge : b,
      oracle: s.oracle,
      venue: `pool-${s.chain}-${i % 3}`,
      architecture: architectures[i % architectures.length],
      liquidationSizeUsd: 100_000 + (i % 10) * 100_000,
    }
  })
  const markets = [
    {
      id: 'm',
      collateral: routes.map((r) => ({
        route: r.id,
        current: { ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.05 },
      })),
    },
  ]
  return stringify({ version: 1, venues, routes, markets })
}

const text = config(ROUTES)
// the first run, cold (JIT warm-up included): once, as a user's first command pays it
const coldParse = await onceMs(() => parseConfig({ text, file: 'bench.yaml' }))
const coldAssess = await onceMs(() => assess(coldParse.value))
if (coldAssess.value.routes.length !== ROUTES) {
  console.error(`bench: expected ${ROUTES} routes, got ${coldAssess.value.routes.length}`)
  process.exit(1)
}
const first = { parse: coldParse.ms, assess: coldAssess.ms }
// then warm, sampled by mitata
const registry = coldParse.value
const parse = (
  await timeMs(() => parseConfig({ text, file: 'bench.yaml' }), { minSamples: 5, maxSamples: 5 })
).p50
const assessMs = (await timeMs(() => assess(registry), { minSamples: 5, maxSamples: 5 })).p50
console.log(`routes: ${ROUTES} (${(text.length / 1024).toFixed(0)} KiB of YAML)`)
console.log(
  `first run (cold): parse+resolve ${first.parse.toFixed(0)} ms, assess ${first.assess.toFixed(0)} ms, total ${(first.parse + first.assess).toFixed(0)} ms`,
)
console.log(
  `median of 5 warm mitata samples: parse+resolve ${parse.toFixed(0)} ms, assess ${assessMs.toFixed(0)} ms, total ${(parse + assessMs).toFixed(0)} ms`,
)
console.log(
  `per route: ${((1000 * assessMs) / ROUTES).toFixed(0)} µs; target < 1000 ms for 500 routes: ${first.parse + first.assess < 1000 ? 'met (cold)' : parse + assessMs < 1000 ? 'met (warm)' : 'MISSED'}`,
)
