// Intent routing throughput: plans per second over a 50-route registry (chosen plan + the
// cost–risk frontier, every plan re-checked in bigint). Standalone:
// `node --import tsx bench/intent.bench.ts` (or `npm run bench -- intent`).
// The registry is synthetic and fixed (mulberry32, seed 17): 50 routes from 10 holdings (5
// assets on 2 home chains, 5 routes each) to one debt chain, mixed caps, fees, fixed costs,
// trust; the wanted borrow needs several routes (caps bind), so branch and bound has work to do.
import { planIntent } from '../src/core/intent/intent.js'
import { formulate } from '../src/core/intent/program.js'
import { solveProgram } from '../src/core/intent/solve.js'
import type { Holding, Intent, IntentRoute } from '../src/core/intent/types.js'
import { WAD, wadFromNumber } from '../src/core/units/wad.js'
import { line, timeMs } from './harness.js'

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = rng(17)
const assets = ['weth', 'wbtc', 'wsteth', 'sol', 'rseth']
const chains = ['ethereum', 'base']
const holdings: Holding[] = assets.flatMap((asset) =>
  chains.map((chain) => ({
    asset,
    chain,
    amountWad: wadFromNumber(50 + Math.floor(random() * 200)),
    priceUsdWad: wadFromNumber(500 + Math.floor(random() * 3000)),
  })),
)
const routes: IntentRoute[] = Array.from({ length: 50 }, (_, i) => {
  const h = holdings[i % holdings.length] as Holding
  const ltv = 0.5 + random() * 0.35
  return {
    id: `r${i}`,
    asset: h.asset,
    homeChain: h.chain,
    debtChain: 'arbitrum',
    architecture: 'synthetic',
    bridges: [`bridge-${i % 12}`],
    ltv,
    liquidationThreshold: ltv + 0.02 + random() * 0.05,
    capRemainingUsd: 20_000 + random() * 200_000,
    singlePointOfFailure: i % 9 === 0,
    tinyCapUsd: 100_000,
    eligible: true,
    ineligibleReasons: [],
    costs: {
      feeRate: random() * 0.002,
      fixedUsd: random() < 0.5 ? 0 : random() * 50,
      slippage: random() * 0.001,
    },
    annualFailureProbability: random() * 0.03,
    lossGivenFailure: 0.5 + random() * 0.5,
    haircut: random() * 0.15,
    trustScore: 90 + random() * 10,
    secondsToUsable: Math.floor(random() * 3600),
  }
})
const intent: Intent = {
  holdings,
  want: {
    kind: 'borrow',
    asset: 'usdc',
    chain: 'arbitrum',
    amountWad: wadFromNumber(1_200_000),
    priceUsdWad: WAD,
  },
  minHealthFactorWad: wadFromNumber(1.25),
  excludeBridges: [],
  horizonDays: 30,
  capitalCostAnnual: 0.02,
  objective: { kind: 'cheapest' },
}

const once = planIntent(intent, routes)
process.stdout.write(
  `50 routes, ${holdings.length} holdings: plan of ${once.plan.legs.length} legs, cost $${once.plan.costUsd.toFixed(2)}, frontier of ${once.frontier.length} points\n`,
)
const program = formulate(intent, routes)
const solve = await timeMs(() => solveProgram(program, { cost: 1, risk: 1e-9 }), {
  minSamples: 10,
  maxSamples: 60,
})
process.stdout.write(
  `${line('solveProgram (one objective), 50 routes', solve)}  ${(1000 / solve.p50).toFixed(1)} plans/s\n`,
)
const full = await timeMs(() => planIntent(intent, routes), { minSamples: 10, maxSamples: 40 })
process.stdout.write(
  `${line('planIntent (+ frontier, exact checks)', full)}  ${(1000 / full.p50).toFixed(1)} plans/s\n`,
)
