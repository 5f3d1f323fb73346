import type { Architecture } from '../../vocabulary.js'
import type { Design } from '../architectures.js'
import type { ProtocolEvent } from '../events.js'
import type { AccountConfig } from '../state.js'
import { twoChainConfig, units } from './base.js'
import type { Scenario, ScenarioSetup } from './types.js'

/**
 * (a) oracle-delay, the seed's game. The attacker locks 100 ETH at $2,000 and borrows the LTV
 * limit, $150,000. At t = 3,600 the market falls to $1,600 (HF = 100 · 1,600 · 0.8 / 150,000 =
 * 0.853). The attacker pushes the debt-chain oracle back to $2,000 ($1,000 cost), halts the
 * route for two hours to delay messages, and asks for the 100 ETH at home. Reference: the request
 * must pass the debt chain, which has liquidated by then, so it is refused. Naive: the home vault
 * pays at once and the liquidator's seize finds an empty vault.
 *
 * @example `runEvents(createState(buildOracleDelay('naive').config), buildOracleDelay('naive').events)`
 */
export function buildOracleDelay(design: Design): ScenarioSetup {
  const config = twoChainConfig({
    design,
    architecture: 'message-passing',
    accounts: [{ route: 0, attacker: true }],
    oraclePostDelaySeconds: 60,
    reactionSeconds: 30,
  })
  const events: ProtocolEvent[] = [
    { type: 'lock', at: 0, account: 0, amount: units(100) },
    { type: 'borrow', at: 120, account: 0, amountUsd: units(150_000) },
    { type: 'priceTick', at: 3_600, priceWad: units(1_600) },
    { type: 'halt', at: 3_601, route: 0 },
    { type: 'oracleUpdate', at: 3_602, chain: 1, answerWad: units(2_000), costUsd: units(1_000) },
    { type: 'withdraw', at: 3_605, account: 0, amount: units(100) },
    { type: 'resume', at: 3_601 + 7_200, route: 0 },
  ]
  return { config, events }
}

/**
 * (b) forged-mint. Ten honest accounts lock 100 ETH and borrow $100,000 each. At t = 1,000 a
 * compromised verifier sends ten forged credits of 1,000 ETH for the attacker, ten minutes apart
 * (valid nonces); at t = 7,000 the attacker borrows $15 M, or failing that $1.5 M. The reference
 * route has a token-bucket rate limit (2,000 ETH capacity, 0.01 ETH/s refill) that lets the first
 * forged 1,000 ETH through and refuses the rest, so the loss is bounded by capacity · price · LTV
 * = $3 M. The naive route has no cap. On a synthetic route the forged tokens also dilute the
 * wrapped token's backing to `vault / (vault + forged)`: a depeg every holder shares.
 *
 * @example `const { config, events } = buildForgedMint('reference', 'synthetic')`
 */
export function buildForgedMint(
  design: Design,
  architecture: Architecture = 'message-passing',
): ScenarioSetup {
  const accounts: AccountConfig[] = [
    ...Array.from({ length: 10 }, () => ({ route: 0 })),
    { route: 0, attacker: true },
  ]
  const config = twoChainConfig({
    design,
    architecture,
    accounts,
    rateLimit: { capacity: units(2_000), refillPerSecond: units(0.01) },
    liquidityUsd: units(20_000_000),
  })
  const events: ProtocolEvent[] = []
  for (let a = 0; a < 10; a++) {
    events.push({ type: 'lock', at: 0, account: a, amount: units(100) })
    events.push({ type: 'borrow', at: 300, account: a, amountUsd: units(100_000) })
  }
  for (let k = 0; k < 10; k++)
    events.push({ type: 'forge', at: 1_000 + 600 * k, route: 0, account: 10, amount: units(1_000) })
  events.push({ type: 'borrow', at: 7_000, account: 10, amountUsd: units(15_000_000) })
  events.push({ type: 'borrow', at: 7_001, account: 10, amountUsd: units(1_500_000) })
  return { config, events }
}

/**
 * (c) replay. The attacker locks 10 ETH; a faulty relayer delivers the credit twice. The attacker
 * borrows $30,000 (the limit on a doubled credit), or failing that $15,000, and walks away.
 * Reference: the second delivery's nonce has executed, so it is refused. Naive: credited twice.
 *
 * @example `const { config, events } = buildReplay('naive')`
 */
export function buildReplay(design: Design): ScenarioSetup {
  const config = twoChainConfig({
    design,
    architecture: 'message-passing',
    accounts: [{ route: 0, attacker: true }],
  })
  const events: ProtocolEvent[] = [
    { type: 'lock', at: 0, account: 0, amount: units(10) },
    { type: 'duplicate', at: 1, route: 0, channel: 0, delaySeconds: 0 },
    { type: 'borrow', at: 120, account: 0, amountUsd: units(30_000) },
    { type: 'borrow', at: 121, account: 0, amountUsd: units(15_000) },
  ]
  return { config, events }
}

/**
 * (c′) reorder: the same relayer fault, out of order instead of twice. The attacker locks 10 ETH
 * and at once asks for them back; the credit is delayed by 600 s so the later message overtakes
 * it, then the attacker borrows $15,000. Naive: the home vault pays at once, the after-the-fact
 * debit arrives first and finds no credit to take (it debits 0), then the late credit lands, so the
 * debt chain credits 10 ETH the vault no longer holds. Reference: the withdrawal request is held
 * until the credit (the earlier nonce) arrives, then debits it before the release; the borrow
 * finds no credit.
 *
 * @example `const { config, events } = buildReorder('naive')`
 */
export function buildReorder(design: Design): ScenarioSetup {
  const config = twoChainConfig({
    design,
    architecture: 'message-passing',
    accounts: [{ route: 0, attacker: true }],
  })
  const events: ProtocolEvent[] = [
    { type: 'lock', at: 0, account: 0, amount: units(10) },
    { type: 'reorder', at: 1, route: 0, channel: 0, delaySeconds: 600 },
    { type: 'withdraw', at: 2, account: 0, amount: units(10) },
    { type: 'borrow', at: 900, account: 0, amountUsd: units(15_000) },
  ]
  return { config, events }
}

/**
 * (d) oracle-floor (LUNA, May 2022). The collateral falls from $1 to $0.01 over 48 h; the feed's
 * minAnswer is $0.10, so it reports $0.10 while the market trades ten times lower. Ten honest
 * accounts (100,000 tokens, $40,000 debt each) are liquidated while the feed still tracks the
 * market (near $0.50). At the end the attacker buys 10 M tokens at $0.01, locks
 * them and borrows at the floor: 10 M · 0.10 · 0.75 = $750,000. The reference design refuses
 * borrows while the answer is clamped; the attacker then withdraws its tokens.
 *
 * @example `const { config, events } = buildOracleFloor('reference')`
 */
export function buildOracleFloor(design: Design): ScenarioSetup {
  const accounts: AccountConfig[] = [
    ...Array.from({ length: 10 }, () => ({ route: 0 })),
    { route: 0, attacker: true },
  ]
  const config = twoChainConfig({
    design,
    architecture: 'message-passing',
    accounts,
    initialPriceWad: units(1),
    minAnswerWad: units(0.1),
  })
  const events: ProtocolEvent[] = []
  for (let a = 0; a < 10; a++) {
    events.push({ type: 'lock', at: 0, account: a, amount: units(100_000) })
    events.push({ type: 'borrow', at: 300, account: a, amountUsd: units(40_000) })
  }
  const steps = 48 * 6
  for (let k = 1; k <= steps; k++) {
    const price = Math.exp((Math.log(0.01) * k) / steps)
    events.push({
      type: 'priceTick',
      at: 3_600 + 600 * k,
      priceWad: BigInt(Math.round(price * 1e12)) * 10n ** 6n,
    })
  }
  const end = 3_600 + 600 * steps
  events.push({ type: 'lock', at: end + 60, account: 10, amount: units(10_000_000) })
  events.push({ type: 'borrow', at: end + 300, account: 10, amountUsd: units(750_000) })
  events.push({ type: 'withdraw', at: end + 600, account: 10, amount: units(10_000_000) })
  return { config, events }
}

/**
 * The adversarial scenarios: the four (oracle-delay, forged-mint, replay, oracle-floor) and
 * their relatives (forged mint on a synthetic route, reorder).
 *
 * @example `ADVERSARIAL_SCENARIOS.map((s) => s.name) // ['oracle-delay', …]`
 */
export const ADVERSARIAL_SCENARIOS: readonly Scenario[] = [
  {
    name: 'oracle-delay',
    title: 'Oracle pushed up, messages delayed, withdrawal at home',
    description:
      'Push the debt-chain oracle up, delay messages, withdraw at home before the liquidation lands.',
    source: 'The seed\'s adversarial game (DESIGN.md, "The protocol").',
    build: (_seed, design) => buildOracleDelay(design),
  },
  {
    name: 'forged-mint',
    title: 'Forged mint by a compromised verifier',
    description: 'A compromised verifier credits collateral never locked; the attacker borrows against it.',
    source:
      'KelpDAO rsETH (April 2026, one DVN on poisoned RPC), Wormhole (Feb 2022, 120k wETH), Nomad (Aug 2022).',
    build: (_seed, design) => buildForgedMint(design),
  },
  {
    name: 'forged-mint-synthetic',
    title: 'Forged mint on a synthetic route (depeg)',
    description:
      'The forged mint on a synthetic route: the wrapped token depegs and honest positions go under water.',
    source:
      'Wormhole (Feb 2022): 120k wETH minted on Solana without backing; Nomad (Aug 2022) bridged copies.',
    build: (_seed, design) => buildForgedMint(design, 'synthetic'),
  },
  {
    name: 'replay',
    title: 'A credit message delivered twice',
    description: 'A credit message delivered twice; the attacker borrows against the doubled credit.',
    source: 'Nonce replay / duplicate delivery in message-passing bridges (Nomad 2022 replayed messages).',
    build: (_seed, design) => buildReplay(design),
  },
  {
    name: 'reorder',
    title: 'A credit overtaken by a later message',
    description:
      'A delayed credit arrives after the debit that should follow it; the attacker borrows against the stale credit.',
    source:
      'Out-of-order delivery in message-passing bridges (unordered channels; issue 5, adversarial case c).',
    build: (_seed, design) => buildReorder(design),
  },
  {
    name: 'oracle-floor',
    title: 'Feed stuck at its minAnswer (LUNA 2022)',
    description:
      'The feed stuck at minAnswer $0.10 while the market falls to $0.01; the attacker borrows at the floor.',
    source:
      'LUNA, May 2022: Chainlink LUNA/USD minAnswer $0.10; Venus and Blizz Finance borrowed against it.',
    build: (_seed, design) => buildOracleFloor(design),
  },
]
