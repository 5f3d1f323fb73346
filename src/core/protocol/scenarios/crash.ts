import type { Rng } from '../../math/random.js'
import type { Architecture } from '../../vocabulary.js'
import type { Design } from '../architectures.js'
import type { ProtocolEvent } from '../events.js'
import type { AccountConfig } from '../state.js'
import { twoChainConfig, units } from './base.js'
import { type Scenario, type ScenarioSetup, scenarioRng } from './types.js'

const HOUR = 3_600
const P0 = 2_000

/**
 * The price path of the crash: log-price falls linearly by `ln(1 − drop)` over `durationSeconds`
 * plus a Brownian bridge (per-tick σ), so the path ends exactly at `(1 − drop) · p0`.
 *
 * @example
 * ```ts
 * crashPath(createRng(1), { p0: 2_000, drop: 0.4, steps: 1_440, sigmaPerStep: 0.003 }).at(-1) // 1200
 * ```
 */
export function crashPath(
  rng: Rng,
  p: { readonly p0: number; readonly drop: number; readonly steps: number; readonly sigmaPerStep: number },
): number[] {
  const w = [0]
  for (let k = 1; k <= p.steps; k++) w.push(w[k - 1]! + p.sigmaPerStep * rng.normal())
  const wEnd = w[p.steps]!
  const mu = Math.log(1 - p.drop)
  return w.map((wk, k) => p.p0 * Math.exp((mu * k) / p.steps + wk - (k / p.steps) * wEnd))
}

/**
 * A 40 % fall over 24 h on a 200-position book: locks at t = 0, borrows at t = 10 min (each at a
 * random 30–95 % of its LTV limit), the fall from t = 1 h, one tick a minute, congestion on both
 * chains rising with the drawdown (1 → 3), blocks every minute. Message latency 60 s + 60 s · Exp(1),
 * Ethereum finality 15 blocks.
 *
 * @example `const { config, events } = buildCrash(createRng(1), 'reference', 'message-passing')`
 */
export function buildCrash(
  rng: Rng,
  design: Design,
  architecture: Architecture,
  positions = 200,
): ScenarioSetup {
  const accounts: AccountConfig[] = Array.from({ length: positions }, () => ({ route: 0 }))
  const config = twoChainConfig({
    design,
    architecture,
    accounts,
    jitterSeconds: 60,
    jitterDistribution: 'exponential',
    finalityBlocks: 15,
    exitSeconds: HOUR,
  })
  const events: ProtocolEvent[] = []
  for (let a = 0; a < positions; a++) {
    const collateral = 1 + Math.floor(rng.next() * 99)
    const usage = 0.3 + 0.65 * rng.next()
    events.push({ type: 'lock', at: 0, account: a, amount: units(collateral) })
    events.push({
      type: 'borrow',
      at: 600,
      account: a,
      amountUsd: units(Math.floor(collateral * P0 * 0.75 * usage)),
    })
  }
  const steps = 24 * 60
  const path = crashPath(rng, { p0: P0, drop: 0.4, steps, sigmaPerStep: 0.003 })
  for (let k = 1; k <= steps; k++) {
    const at = HOUR + 60 * k
    const price = path[k]!
    const congestion = 1 + 2 * Math.min(1, (P0 - Math.min(P0, price)) / (0.4 * P0))
    events.push({ type: 'block', at, chain: 0, congestion })
    events.push({ type: 'block', at, chain: 1, congestion })
    events.push({ type: 'priceTick', at, priceWad: BigInt(Math.round(price * 1e6)) * 10n ** 12n })
  }
  return { config, events }
}

function crashScenario(name: string, architecture: Architecture): Scenario {
  const kind = { 'message-passing': 'message passing', synthetic: 'synthetic', 'hybrid-l2': 'hybrid L2' }
  return {
    name,
    title: `A 40 % fall in 24 hours, ${kind[architecture]} route`,
    description: `40 % fall of the collateral over 24 h, 200 positions, ${architecture} route${
      architecture === 'hybrid-l2' ? ' (1 h exit)' : ''
    }, congestion rising to 3×.`,
    source:
      'DESIGN.md scenario library ("a 40 % fall in 24 h"); Aave v3 WETH parameters (LT 80 %, LTV 75 %, bonus 5 %).',
    build: (seed, design) => buildCrash(scenarioRng(seed), design, architecture),
  }
}

/**
 * `crash-40-24h` (message passing) and its synthetic and hybrid-L2 twins.
 *
 * @example `CRASH_SCENARIOS[0]!.name // 'crash-40-24h'`
 */
export const CRASH_SCENARIOS: readonly Scenario[] = [
  crashScenario('crash-40-24h', 'message-passing'),
  crashScenario('crash-40-24h-synthetic', 'synthetic'),
  crashScenario('crash-40-24h-hybrid', 'hybrid-l2'),
]
