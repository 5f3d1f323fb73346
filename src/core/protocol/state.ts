import type { Rng } from '../math/random.js'
import { BPS } from '../units/bps.js'
import { type Architecture, isArchitecture } from '../vocabulary.js'
import { DESIGNS, type Design } from './architectures.js'
import { InvalidProtocolConfigError } from './errors.js'
import type { Message, ProtocolEvent } from './events.js'

/**
 * A chain: block time and finality depth (messages leave it after `finalityBlocks` blocks).
 *
 * @example `import type { ChainConfig } from './state.js'`
 */
export type ChainConfig = {
  readonly name: string
  readonly blockSeconds: number
  readonly finalityBlocks: number
}

/**
 * Per-route token bucket on credits (reference design): `capacity` units, refilled per second.
 *
 * @example `import type { RateLimitConfig } from './state.js'`
 */
export type RateLimitConfig = { readonly capacity: bigint; readonly refillPerSecond: bigint }

/**
 * A route: collateral at `home` backing debt on `debt` (chain indices) through one architecture.
 * Message latency is `latencySeconds` times the sending chain's congestion, plus
 * `jitterSeconds · U[0,1)` (or `· Exp(1)` with `jitterDistribution: 'exponential'`; drawn from the
 * run's seeded rng, 0 without one), plus the sending chain's finality (`finalityBlocks ·
 * blockSeconds`). Hybrid routes send releases and seizes home in the fixed `exitSeconds` window
 * instead (a challenge or proving period: congestion does not stretch it).
 *
 * @example `import type { RouteConfig } from './state.js'`
 */
export type RouteConfig = {
  readonly name: string
  readonly architecture: Architecture
  readonly home: number
  readonly debt: number
  readonly latencySeconds: number
  readonly jitterSeconds: number
  /** `uniform` (default): jitter · U[0,1); `exponential`: jitter · Exp(1), a right-skewed tail. */
  readonly jitterDistribution?: 'uniform' | 'exponential'
  readonly exitSeconds?: number
  readonly rateLimit?: RateLimitConfig
}

/**
 * The position manager of a debt chain: risk parameters in bps and the USD liquidity it can lend.
 *
 * @example `import type { ManagerConfig } from './state.js'`
 */
export type ManagerConfig = {
  readonly chain: number
  readonly ltBps: bigint
  readonly ltvBps: bigint
  readonly bonusBps: bigint
  readonly closeFactorBps: bigint
  readonly liquidityUsd: bigint
  /**
   * Reference design: after the chain's sequencer comes back, borrows are refused and
   * liquidations wait this long (Aave v3 PriceOracleSentinel's grace period). Default 0.
   */
  readonly sequencerGraceSeconds?: number
}

/**
 * A debt chain's price feed (Chainlink-style): a new round when the true price deviates by
 * `deviationBps` or `heartbeatSeconds` have passed, posted `postDelaySeconds` later, clamped to
 * `[minAnswerWad, maxAnswerWad]`.
 *
 * @example `import type { OracleConfig } from './state.js'`
 */
export type OracleConfig = {
  readonly chain: number
  readonly deviationBps: bigint
  readonly heartbeatSeconds: number
  readonly postDelaySeconds: number
  readonly minAnswerWad: bigint
  readonly maxAnswerWad: bigint
}

/**
 * A liquidator: USD capital per chain (index = chain), gas per liquidation, profit floor, reaction delay.
 *
 * @example `import type { LiquidatorConfig } from './state.js'`
 */
export type LiquidatorConfig = {
  readonly name: string
  readonly capitalUsd: readonly bigint[]
  readonly gasUsd: bigint
  readonly minProfitUsd: bigint
  readonly reactionSeconds: number
}

/**
 * An account uses one route; `attacker` accounts feed the attacker's profit ledger.
 *
 * @example `import type { AccountConfig } from './state.js'`
 */
export type AccountConfig = { readonly route: number; readonly attacker?: boolean }

/**
 * Everything needed to build the initial state.
 *
 * @example
 * ```ts
 * const state = createState(config, createRng(42))
 * ```
 */
export type ProtocolConfig = {
  readonly design: Design
  readonly collateralDecimals: number
  readonly initialPriceWad: bigint
  readonly chains: readonly ChainConfig[]
  readonly routes: readonly RouteConfig[]
  readonly managers: readonly ManagerConfig[]
  readonly oracles: readonly OracleConfig[]
  readonly liquidators: readonly LiquidatorConfig[]
  readonly accounts: readonly AccountConfig[]
  readonly reserveUsd: bigint
}

/**
 * A chain's clock, height, congestion and sequencer; events for a chain whose sequencer is down wait in `parked`.
 *
 * @example `import type { ChainState } from './state.js'`
 */
export type ChainState = {
  readonly config: ChainConfig
  height: number
  congestion: number
  sequencerUp: boolean
  /** When the sequencer last came back up (−∞ if it never went down). */
  upSince: number
  readonly parked: ProtocolEvent[]
}

/**
 * One direction of a route: nonces sent and executed, messages held for order, and the send log.
 *
 * @example `import type { ChannelState } from './state.js'`
 */
export type ChannelState = {
  nextNonce: number
  /** Next nonce the reference design executes (in-order channel). */
  expected: number
  readonly executed: Set<number>
  readonly held: Map<number, Message>
  /** Messages in send order; `head` skips those no longer in flight. */
  readonly log: Message[]
  head: number
}

/**
 * A route's state and its collateral ledger (raw units). Conservation (`invariants.ts`):
 * `vaultLocked = (credited − forgedOutstanding) + inFlight + wrappedOutside`.
 *
 * @example `import type { RouteState } from './state.js'`
 */
export type RouteState = {
  readonly config: RouteConfig
  /** The route's index in `ProtocolState.routes` (messages name their route by it). */
  readonly index: number
  /** Its chains, and the debt chain's position manager and oracle, resolved once. */
  readonly homeChain: ChainState
  readonly debtChain: ChainState
  readonly manager: ManagerState
  readonly oracle: OracleState
  halted: boolean
  readonly parked: Message[]
  readonly channels: readonly [ChannelState, ChannelState]
  /** Collateral in the home vault (genuine). */
  vaultLocked: bigint
  /** Σ credit on the debt chain, forged included. */
  credited: bigint
  /** Forged credit still on the debt chain. */
  forgedOutstanding: bigint
  /** Forged amount that ever reached the debt chain. */
  forgedIssued: bigint
  /** Genuine collateral in messages not yet applied (credits out, releases and seizes home). */
  inFlight: bigint
  /** Synthetic: wrapped tokens withdrawn or seized, held outside the protocol (genuine part). */
  wrappedOutside: bigint
  /** Collateral delivered home to liquidators, and released to borrowers. */
  seizedHome: bigint
  released: bigint
  bucketLevel: bigint
  bucketAt: number
}

/**
 * A debt chain's position manager.
 *
 * @example `import type { ManagerState } from './state.js'`
 */
export type ManagerState = {
  readonly chain: number
  ltBps: bigint
  ltvBps: bigint
  bonusBps: bigint
  closeFactorBps: bigint
  liquidityUsd: bigint
  readonly graceSeconds: number
}

/**
 * A debt chain's oracle. `clamped` is true when the last answer hit minAnswer or maxAnswer.
 *
 * @example `import type { OracleState } from './state.js'`
 */
export type OracleState = {
  readonly config: OracleConfig
  answerWad: bigint
  answerF: number
  round: number
  updatedAt: number
  clamped: boolean
  pending: boolean
}

/**
 * A liquidator's remaining capital per chain and collateral received per home chain.
 *
 * @example `import type { LiquidatorState } from './state.js'`
 */
export type LiquidatorState = {
  readonly config: LiquidatorConfig
  readonly capitalUsd: bigint[]
  readonly collateral: bigint[]
  profitUsd: bigint
}

/**
 * Per-account columns (struct of arrays, index = account).
 *
 * @example `import type { AccountColumns } from './state.js'`
 */
export type AccountColumns = {
  readonly route: Int32Array
  readonly attacker: Uint8Array
  /** Home vault balance per account (units). */
  readonly locked: bigint[]
  /** Debt-chain credit per account (units), forged included; `forged` is its unbacked part. */
  readonly credit: bigint[]
  readonly forged: bigint[]
  /** Debt per account, USD WAD. */
  readonly debt: bigint[]
  /** Price (USD per whole token, float) below which the account's HF < 1; 0 without debt, ∞ with debt and no credit. */
  readonly liqPriceF: Float64Array
  /** When the true price first made HF < 1 (NaN while healthy), and when the oracle first showed it. */
  readonly tTrue: Float64Array
  readonly tOracle: Float64Array
  /** 1 while a liquidation is scheduled. */
  readonly liqPending: Uint8Array
}

/**
 * One liquidation: when each stage of the lag happened, amounts, and whether its seize landed.
 *
 * @example `import type { LiquidationRecord } from './state.js'`
 */
export type LiquidationRecord = {
  readonly id: number
  readonly account: number
  readonly liquidator: number
  readonly tTrue: number
  readonly tOracle: number
  readonly tLiquidation: number
  tSettled: number
  readonly repaidUsd: bigint
  readonly seized: bigint
  seizeCount: number
}

/**
 * The attacker's flows; profit = borrowed − repaid − (locked − returned) · final price − costs.
 *
 * @example `import type { AttackerLedger } from './state.js'`
 */
export type AttackerLedger = {
  borrowedUsd: bigint
  repaidUsd: bigint
  locked: bigint
  returned: bigint
  costsUsd: bigint
}

/**
 * A bad-debt write-off or shortfall.
 *
 * @example `import type { BadDebtEntry } from './state.js'`
 */
export type BadDebtEntry = {
  readonly at: number
  readonly account: number
  readonly kind: 'writeOff' | 'seizeShortfall' | 'residual'
  readonly amountUsd: bigint
}

/**
 * An invariant broken during the run: first event index and how often.
 *
 * @example `import type { Violation } from './state.js'`
 */
export type Violation = {
  readonly invariant: string
  readonly route: number
  firstEvent: number
  count: number
}

/**
 * Counts of things the protocol refused or absorbed (rejections are normal behaviour, not errors).
 *
 * @example `import type { Counters } from './state.js'`
 */
export type Counters = {
  replaysBlocked: number
  replaysExecuted: number
  outOfOrderHeld: number
  rejected: Record<string, number>
  liquidationsSkipped: number
}

/**
 * The whole protocol state. It is MUTABLE for speed: handlers update it in place (the reducer
 * returns the same object), so a caller that needs an old state keeps a `cloneState` copy.
 *
 * @example `import type { ProtocolState } from './state.js'`
 */
export type ProtocolState = {
  readonly config: ProtocolConfig
  readonly design: Design
  readonly collateralScale: bigint
  time: number
  eventIndex: number
  truePriceWad: bigint
  truePriceF: number
  readonly chains: ChainState[]
  readonly routes: RouteState[]
  readonly managers: ManagerState[]
  readonly oracles: OracleState[]
  /** Chain index → manager / oracle index, −1 when the chain is no debt chain. */
  readonly managerOf: Int32Array
  readonly oracleOf: Int32Array
  readonly liquidators: LiquidatorState[]
  readonly accounts: AccountColumns
  /** Accounts per debt chain (for the liquidator's scan). */
  readonly accountsOnChain: readonly Int32Array[]
  reserveUsd: bigint
  badDebtUsd: bigint
  readonly badDebt: BadDebtEntry[]
  /** Σ max(0, repaid − value of the seized collateral at the true price when it settles), USD WAD. */
  liquidatorLossUsd: bigint
  readonly attacker: AttackerLedger
  readonly liquidations: LiquidationRecord[]
  readonly counters: Counters
  readonly violations: Violation[]
  /** Highest liqPriceF among accounts with debt not yet under water at the true price (scan trigger). */
  maxLiqPriceF: number
  /** Lowest liqPriceF among accounts already under water at the true price (recovery scan trigger). */
  minFlaggedLiqPriceF: number
  nextMessageId: number
  readonly rng: Rng | null
}

function check(ok: boolean, problem: string): void {
  if (!ok) throw new InvalidProtocolConfigError(problem)
}

function validIndex(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n
}

function validSeconds(x: number): boolean {
  return Number.isFinite(x) && x >= 0
}

/**
 * Validates a configuration and throws `InvalidProtocolConfigError` naming the first problem.
 *
 * @example
 * ```ts
 * validateConfig(config) // throws if a route points at a missing chain
 * ```
 */
export function validateConfig(config: ProtocolConfig): void {
  check((DESIGNS as readonly string[]).includes(config.design), `unknown design ${config.design}`)
  check(
    Number.isInteger(config.collateralDecimals) &&
      config.collateralDecimals >= 0 &&
      config.collateralDecimals <= 36,
    'collateralDecimals must be an integer in 0..36',
  )
  check(config.initialPriceWad > 0n, 'initialPriceWad must be positive')
  check(config.reserveUsd >= 0n, 'reserveUsd must not be negative')
  const nChains = config.chains.length
  check(nChains > 0, 'at least one chain is needed')
  config.chains.forEach((c, i) => {
    check(c.blockSeconds > 0 && Number.isFinite(c.blockSeconds), `chain ${i} blockSeconds must be positive`)
    check(
      Number.isInteger(c.finalityBlocks) && c.finalityBlocks >= 0,
      `chain ${i} finalityBlocks must be ≥ 0`,
    )
  })
  const debtChains = new Set<number>()
  config.managers.forEach((m, i) => {
    check(validIndex(m.chain, nChains), `manager ${i} chain ${m.chain} does not exist`)
    check(m.ltBps > 0n && m.ltBps <= BPS, `manager ${i} ltBps must be in (0, 10000]`)
    check(m.ltvBps > 0n && m.ltvBps <= m.ltBps, `manager ${i} ltvBps must be in (0, ltBps]`)
    check(m.bonusBps >= 0n && m.bonusBps <= BPS, `manager ${i} bonusBps must be in [0, 10000]`)
    check(
      m.closeFactorBps > 0n && m.closeFactorBps <= BPS,
      `manager ${i} closeFactorBps must be in (0, 10000]`,
    )
    check(m.liquidityUsd >= 0n, `manager ${i} liquidityUsd must not be negative`)
    check(
      m.sequencerGraceSeconds === undefined || validSeconds(m.sequencerGraceSeconds),
      `manager ${i} sequencerGraceSeconds must be ≥ 0`,
    )
    check(!debtChains.has(m.chain), `chain ${m.chain} has two managers`)
    debtChains.add(m.chain)
  })
  const oracleChains = new Set<number>()
  config.oracles.forEach((o, i) => {
    check(debtChains.has(o.chain), `oracle ${i} is on chain ${o.chain}, which has no manager`)
    check(!oracleChains.has(o.chain), `chain ${o.chain} has two oracles`)
    oracleChains.add(o.chain)
    check(o.deviationBps >= 0n, `oracle ${i} deviationBps must not be negative`)
    check(
      o.heartbeatSeconds > 0 && Number.isFinite(o.heartbeatSeconds),
      `oracle ${i} heartbeat must be positive`,
    )
    check(validSeconds(o.postDelaySeconds), `oracle ${i} postDelaySeconds must be ≥ 0`)
    check(
      o.minAnswerWad > 0n && o.minAnswerWad <= o.maxAnswerWad,
      `oracle ${i} needs 0 < minAnswer ≤ maxAnswer`,
    )
  })
  for (const c of debtChains) check(oracleChains.has(c), `debt chain ${c} has no oracle`)
  config.routes.forEach((r, i) => {
    check(isArchitecture(r.architecture), `route ${i} unknown architecture`)
    check(validIndex(r.home, nChains), `route ${i} home chain ${r.home} does not exist`)
    check(debtChains.has(r.debt), `route ${i} debt chain ${r.debt} has no manager`)
    check(r.home !== r.debt, `route ${i} home and debt chain must differ`)
    check(validSeconds(r.latencySeconds) && validSeconds(r.jitterSeconds), `route ${i} latency must be ≥ 0`)
    check(r.exitSeconds === undefined || validSeconds(r.exitSeconds), `route ${i} exitSeconds must be ≥ 0`)
    check(
      r.architecture !== 'hybrid-l2' || r.exitSeconds !== undefined,
      `route ${i} (hybrid-l2) needs exitSeconds`,
    )
    if (r.rateLimit)
      check(r.rateLimit.capacity >= 0n && r.rateLimit.refillPerSecond >= 0n, `route ${i} rate limit ≥ 0`)
  })
  config.liquidators.forEach((l, i) => {
    check(l.capitalUsd.length === nChains, `liquidator ${i} needs capital for each of the ${nChains} chains`)
    check(
      l.capitalUsd.every((c) => c >= 0n) && l.gasUsd >= 0n && l.minProfitUsd >= 0n,
      `liquidator ${i} amounts must be ≥ 0`,
    )
    check(validSeconds(l.reactionSeconds), `liquidator ${i} reactionSeconds must be ≥ 0`)
  })
  config.accounts.forEach((a, i) => {
    check(validIndex(a.route, config.routes.length), `account ${i} route ${a.route} does not exist`)
  })
}

/** The entry an index validated by {@link validateConfig} names (a named error if it does not). */
function entry<T>(list: readonly T[], index: number | undefined, what: string): T {
  const found = index === undefined ? undefined : list[index]
  if (found === undefined) throw new InvalidProtocolConfigError(`${what} does not exist`)
  return found
}

function channel(): ChannelState {
  return { nextNonce: 0, expected: 0, executed: new Set(), held: new Map(), log: [], head: 0 }
}

/**
 * Builds the initial state from a validated configuration. `rng` draws message-latency jitter;
 * without one, latency is deterministic (`latencySeconds`).
 *
 * @example
 * ```ts
 * const state = createState(config, createRng(7))
 * state.oracles[0]!.answerWad === config.initialPriceWad // true
 * ```
 */
export function createState(config: ProtocolConfig, rng: Rng | null = null): ProtocolState {
  validateConfig(config)
  const n = config.accounts.length
  const nChains = config.chains.length
  const managerOf = new Int32Array(nChains).fill(-1)
  config.managers.forEach((m, i) => {
    managerOf[m.chain] = i
  })
  const oracleOf = new Int32Array(nChains).fill(-1)
  config.oracles.forEach((o, i) => {
    oracleOf[o.chain] = i
  })
  const price = config.initialPriceWad
  const priceF = Number(price) / 1e18
  const perChain: number[][] = config.chains.map(() => [])
  config.accounts.forEach((a, i) => {
    perChain[config.routes[a.route]!.debt]!.push(i)
  })
  const chains: ChainState[] = config.chains.map((c) => ({
    config: c,
    height: 0,
    congestion: 1,
    sequencerUp: true,
    upSince: Number.NEGATIVE_INFINITY,
    parked: [],
  }))
  const managers: ManagerState[] = config.managers.map((m) => ({
    chain: m.chain,
    ltBps: m.ltBps,
    ltvBps: m.ltvBps,
    bonusBps: m.bonusBps,
    closeFactorBps: m.closeFactorBps,
    liquidityUsd: m.liquidityUsd,
    graceSeconds: m.sequencerGraceSeconds ?? 0,
  }))
  const oracles: OracleState[] = config.oracles.map((o) => {
    const answer = price < o.minAnswerWad ? o.minAnswerWad : price > o.maxAnswerWad ? o.maxAnswerWad : price
    return {
      config: o,
      answerWad: answer,
      answerF: Number(answer) / 1e18,
      round: 1,
      updatedAt: 0,
      clamped: answer !== price,
      pending: false,
    }
  })
  return {
    config,
    design: config.design,
    collateralScale: 10n ** BigInt(config.collateralDecimals),
    time: 0,
    eventIndex: 0,
    truePriceWad: price,
    truePriceF: priceF,
    chains,
    routes: config.routes.map((r, index) => ({
      config: r,
      index,
      homeChain: entry(chains, r.home, `route ${index} home chain`),
      debtChain: entry(chains, r.debt, `route ${index} debt chain`),
      manager: entry(managers, managerOf[r.debt], `route ${index} position manager`),
      oracle: entry(oracles, oracleOf[r.debt], `route ${index} oracle`),
      halted: false,
      parked: [],
      channels: [channel(), channel()],
      vaultLocked: 0n,
      credited: 0n,
      forgedOutstanding: 0n,
      forgedIssued: 0n,
      inFlight: 0n,
      wrappedOutside: 0n,
      seizedHome: 0n,
      released: 0n,
      bucketLevel: r.rateLimit?.capacity ?? 0n,
      bucketAt: 0,
    })),
    managers,
    oracles,
    managerOf,
    oracleOf,
    liquidators: config.liquidators.map((l) => ({
      config: l,
      capitalUsd: [...l.capitalUsd],
      collateral: config.chains.map(() => 0n),
      profitUsd: 0n,
    })),
    accounts: {
      route: Int32Array.from(config.accounts, (a) => a.route),
      attacker: Uint8Array.from(config.accounts, (a) => (a.attacker ? 1 : 0)),
      locked: new Array<bigint>(n).fill(0n),
      credit: new Array<bigint>(n).fill(0n),
      forged: new Array<bigint>(n).fill(0n),
      debt: new Array<bigint>(n).fill(0n),
      liqPriceF: new Float64Array(n),
      tTrue: new Float64Array(n).fill(Number.NaN),
      tOracle: new Float64Array(n).fill(Number.NaN),
      liqPending: new Uint8Array(n),
    },
    accountsOnChain: perChain.map((list) => Int32Array.from(list)),
    reserveUsd: config.reserveUsd,
    badDebtUsd: 0n,
    liquidatorLossUsd: 0n,
    badDebt: [],
    attacker: { borrowedUsd: 0n, repaidUsd: 0n, locked: 0n, returned: 0n, costsUsd: 0n },
    liquidations: [],
    counters: {
      replaysBlocked: 0,
      replaysExecuted: 0,
      outOfOrderHeld: 0,
      rejected: {},
      liquidationsSkipped: 0,
    },
    violations: [],
    maxLiqPriceF: 0,
    minFlaggedLiqPriceF: Number.POSITIVE_INFINITY,
    nextMessageId: 0,
    rng,
  }
}
