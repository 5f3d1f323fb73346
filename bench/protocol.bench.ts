// Protocol engine throughput: a 1,000-position, two-chain message-passing book over ~28 days of
// 12-second steps (a block on each chain, a price tick and a user action per step, plus every
// message, oracle round and liquidation they schedule); the price follows a GBM (80 %/yr) with a
// 40 % fall over the middle tenth, so part of the book is liquidated. Reports events/s on one core, with the
// invariants off (the Monte Carlo setting) and with the O(routes) ledger check after every event.
import { createRng } from '../src/core/math/random.js'
import { runEvents } from '../src/core/protocol/engine.js'
import type { ProtocolEvent } from '../src/core/protocol/events.js'
import { twoChainConfig, units } from '../src/core/protocol/scenarios/base.js'
import { createState } from '../src/core/protocol/state.js'
import { perSecond, timeMs } from './harness.js'

const POSITIONS = 1_000
const STEPS = Number(process.env.XCOLLAT_BENCH_STEPS ?? 200_000)
const STEP_SECONDS = 12

function build(seed: number): ProtocolEvent[] {
  const rng = createRng(seed)
  const events: ProtocolEvent[] = []
  for (let a = 0; a < POSITIONS; a++) {
    const eth = 1 + Math.floor(rng.next() * 99)
    events.push({ type: 'lock', at: 0, account: a, amount: units(eth) })
    events.push({
      type: 'borrow',
      at: 300,
      account: a,
      amountUsd: units(Math.floor(eth * 2_000 * 0.75 * (0.3 + 0.6 * rng.next()))),
    })
  }
  const sigma = 0.8 * Math.sqrt(STEP_SECONDS / 31_536_000) // 80 % a year, per step
  let logPrice = Math.log(2_000)
  for (let k = 1; k <= STEPS; k++) {
    const at = 600 + k * STEP_SECONDS
    const crash = k > 0.4 * STEPS && k <= 0.5 * STEPS ? Math.log(0.6) / (0.1 * STEPS) : 0
    logPrice += crash + sigma * rng.normal()
    events.push({ type: 'block', at, chain: 0 })
    events.push({ type: 'block', at, chain: 1 })
    events.push({
      type: 'priceTick',
      at,
      priceWad: BigInt(Math.round(Math.exp(logPrice) * 1e6)) * 10n ** 12n,
    })
    const a = Math.floor(rng.next() * POSITIONS)
    const u = rng.next()
    if (u < 0.35) events.push({ type: 'borrow', at, account: a, amountUsd: units(100) })
    else if (u < 0.7) events.push({ type: 'repay', at, account: a, amountUsd: units(100) })
    else if (u < 0.85) events.push({ type: 'lock', at, account: a, amount: units(0.1) })
    else events.push({ type: 'withdraw', at, account: a, amount: units(0.1) })
  }
  return events
}

function run(events: readonly ProtocolEvent[], invariants: 'off' | 'cheap') {
  const state = createState(
    twoChainConfig({
      design: 'reference',
      architecture: 'message-passing',
      accounts: Array.from({ length: POSITIONS }, () => ({ route: 0 })),
      jitterSeconds: 30,
    }),
    createRng(2),
  )
  const out = runEvents(state, events, { invariants })
  return {
    events: out.events,
    liquidations: state.liquidations.length,
    rounds: state.oracles[0]!.round,
  }
}

const events = build(1)
// warm both modes up first, so the first mode timed does not pay for the JIT alone
run(events, 'off')
run(events, 'cheap')
for (const mode of ['off', 'cheap'] as const) {
  let last = run(events, mode)
  // each sample builds a fresh state (small beside the events it runs) and runs every event
  const t = await timeMs(
    () => {
      last = run(events, mode)
    },
    { minSamples: 3, maxSamples: 3 },
  )
  process.stdout.write(
    `protocol engine, invariants ${mode.padEnd(5)}: ${last.events.toLocaleString('en-US')} events ` +
      `(${last.liquidations} liquidations, ${last.rounds} oracle rounds), ` +
      `median ${(perSecond(last.events, t) / 1e6).toFixed(2)} M events/s (interquartile ${(perSecond(last.events, { p50: t.p75 }) / 1e6).toFixed(2)}–${(perSecond(last.events, { p50: t.p25 }) / 1e6).toFixed(2)} M/s)\n`,
  )
}
