import type { CollateralInput, DebtInput } from '../risk/health.js'

/**
 * The monitor's vocabulary: what the shell observes on chain (observations), what the pure
 * reducer asks the shell to do (effects), the alerts it keeps open, and its state. Everything is
 * plain data (bigint for on-chain integers, strings for addresses and hashes), so a log of
 * observations can be recorded, persisted and replayed.
 */

/** Where and when an observation was read: a chain, a block (when known) and a time in seconds. */
export type ObservedAt = {
  readonly chain: string
  /** Block number the read was made at, when the read was pinned to a block. */
  readonly block?: bigint | undefined
  /** Block timestamp (s) of that block, the chain's own clock. */
  readonly time: bigint
}

/** A block header: continuity (parent hash) and congestion (base fee). */
export type BlockObservation = {
  readonly type: 'block'
  readonly chain: string
  readonly number: bigint
  readonly hash: string
  readonly parentHash: string
  readonly timestamp: bigint
  readonly baseFeePerGas?: bigint | undefined
}

/** The latest round of a Chainlink-style feed (`latestRoundData`) with the feed's own limits. */
export type FeedRoundObservation = {
  readonly type: 'feedRound'
  readonly at: ObservedAt
  /** Feed address. */
  readonly feed: string
  readonly description: string
  readonly roundId: bigint
  readonly answer: bigint
  readonly updatedAt: bigint
  readonly decimals: number
  /** The aggregator's floor and ceiling (answers are clamped to them: the LUNA lesson). */
  readonly minAnswer?: bigint | undefined
  readonly maxAnswer?: bigint | undefined
  /** The feed's own heartbeat (s): an answer older than this is stale. */
  readonly heartbeatSeconds: bigint
}

/** An L2 sequencer uptime feed (Chainlink: answer 0 = up, 1 = down; startedAt = last change). */
export type SequencerObservation = {
  readonly type: 'sequencer'
  readonly at: ObservedAt
  readonly feed: string
  readonly answer: bigint
  readonly startedAt: bigint
  /** After the sequencer comes back, prices are not trusted for this long (Aave's sentinel). */
  readonly gracePeriodSeconds: bigint
}

/** A ULN 302 config: DVN lists sorted ascending, as `EndpointV2.getConfig(…, 2)` decodes. */
export type UlnConfigValue = {
  readonly confirmations: bigint
  readonly requiredDVNCount: number
  readonly optionalDVNCount: number
  readonly optionalDVNThreshold: number
  readonly requiredDVNs: readonly string[]
  readonly optionalDVNs: readonly string[]
}

/** The ULN config an OApp runs on one path: the effective one (merged with defaults) and its raw one. */
export type UlnConfigObservation = {
  readonly type: 'ulnConfig'
  readonly at: ObservedAt
  /** Stable name of the route this OApp path carries (the alert's subject). */
  readonly route: string
  readonly oapp: string
  readonly library: string
  readonly remoteEid: number
  /** `EndpointV2.getConfig(oapp, lib, eid, 2)`: what verification actually requires. */
  readonly effective: UlnConfigValue
  /** `ReceiveUln302.getAppUlnConfig(oapp, eid)`: the OApp's own values (0 = use the default). */
  readonly raw?: UlnConfigValue | undefined
}

/** The backing invariant of a route: locked on the home chain against what other chains credit or mint. */
export type BackingObservation = {
  readonly type: 'backing'
  readonly at: ObservedAt
  readonly route: string
  /** Collateral held by the home escrow (raw token units). */
  readonly locked: bigint
  /** Supply credited or minted on every other chain (raw token units, same token). */
  readonly supply: bigint
  readonly decimals: number
}

/** One position as read on chain: its collaterals and debts in the exact engine's inputs. */
export type PositionRead = {
  readonly account: string
  readonly collaterals: readonly CollateralInput[]
  readonly debts: readonly DebtInput[]
}

/** Every position of a market read at one block. */
export type PositionsObservation = {
  readonly type: 'positions'
  readonly at: ObservedAt
  readonly blockHash: string
  readonly market: string
  readonly positions: readonly PositionRead[]
}

/**
 * A read that failed. `scope` names what it would have checked (`backing:<route>`,
 * `feed:<chain>:<address>`, `uln:<route>`, `positions:<market>`, …): that check is then unverified,
 * and an unverified check is an alert, never a pass (fail closed).
 */
export type ReadFailedObservation = {
  readonly type: 'readFailed'
  readonly at: ObservedAt
  readonly scope: string
  readonly what: string
  readonly error: string
}

/** Whether a chain's RPC answered at a wall-clock time (ms): the shell's view of liveness. */
export type RpcObservation = {
  readonly type: 'rpc'
  readonly chain: string
  readonly ok: boolean
  /** Wall-clock time of the attempt (ms since the epoch), given by the shell. */
  readonly atMs: number
  readonly error?: string | undefined
}

/**
 * Everything the shell observes. One handler per `type` (see table.ts).
 *
 * @example
 * ```ts
 * const o: Observation = { type: 'rpc', chain: 'home', ok: true, atMs: 1_700_000_000_000 }
 * ```
 */
export type Observation =
  | BlockObservation
  | FeedRoundObservation
  | SequencerObservation
  | UlnConfigObservation
  | BackingObservation
  | PositionsObservation
  | ReadFailedObservation
  | RpcObservation

/**
 * Alert severities, least to most severe.
 *
 * @example
 * ```ts
 * SEVERITIES.indexOf('critical') > SEVERITIES.indexOf('warning') // true
 * ```
 */
export const SEVERITIES = ['info', 'warning', 'danger', 'critical'] as const

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number]

/**
 * What an alert is about.
 *
 * @example
 * ```ts
 * ALERT_KINDS.includes('chain-stale') // true
 * ```
 */
export const ALERT_KINDS = [
  'chain-stale',
  'read-failed',
  'oracle-stale',
  'oracle-floor',
  'oracle-ceiling',
  'oracle-invalid',
  'sequencer-down',
  'sequencer-grace',
  'dvn-count-fell',
  'dvn-set-changed',
  'dvn-single-point',
  'backing-breach',
  'health-factor',
  'keeper-liveness',
] as const

/** One of {@link ALERT_KINDS}. */
export type AlertKind = (typeof ALERT_KINDS)[number]

/** A JSON-friendly detail value. */
export type DetailValue = string | number | boolean | null | readonly DetailValue[] | DetailRecord

/** A record of details. */
export type DetailRecord = { readonly [key: string]: DetailValue }

/**
 * An open alert. `key` is stable (kind + subject): the same condition keeps the same key, so a
 * restart or a repeated pass never raises it twice.
 */
export type Alert = {
  readonly key: string
  readonly kind: AlertKind
  readonly severity: Severity
  readonly chain: string
  readonly subject: string
  readonly message: string
  /** Chain time (s) and block of the observation that raised it. */
  readonly raisedAt: { readonly time: bigint; readonly block?: bigint | undefined }
  readonly details: DetailRecord
}

/** A position as the monitor saw it at one block: exact HF (Wad, or null for no debt) and band. */
export type PositionHealth = {
  readonly account: string
  /** Exact health factor in Wad; `null` when the position has no debt (HealthFactor.INFINITE). */
  readonly healthFactor: bigint | null
  readonly band: HealthBand
}

/**
 * Health-factor bands, most to least severe.
 *
 * @example
 * ```ts
 * HEALTH_BANDS[0] // 'critical' (health factor below 1)
 * ```
 */
export const HEALTH_BANDS = ['critical', 'danger', 'warning', 'healthy'] as const

/** One of {@link HEALTH_BANDS}. */
export type HealthBand = (typeof HEALTH_BANDS)[number]

/** A snapshot of a market at one block: every position's health, band counts, the liquidatable list. */
export type Snapshot = {
  readonly chain: string
  readonly block: bigint
  readonly blockHash: string
  readonly time: bigint
  readonly market: string
  readonly positions: readonly PositionHealth[]
  readonly bands: Readonly<Record<HealthBand, number>>
  /** Accounts with HF < 1 (exact), sorted. */
  readonly liquidatable: readonly string[]
}

/**
 * What the reducer asks the shell to do.
 *
 * @example
 * ```ts
 * for (const e of effects) if (e.type === 'raise') sink.write(e.alert)
 * ```
 */
export type Effect =
  | { readonly type: 'raise'; readonly alert: Alert }
  | { readonly type: 'update'; readonly alert: Alert; readonly previous: Severity }
  | { readonly type: 'resolve'; readonly alert: Alert; readonly at: { readonly time: bigint } }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'reorg'; readonly chain: string; readonly fromBlock: bigint; readonly hash: string }

/** The exact bounds of the health-factor bands (Wad) and the hysteresis margin. */
export type HealthBandConfig = {
  /** HF below this is critical (liquidatable): 1e18. */
  readonly criticalBelow: bigint
  /** HF below this is danger: 1.1e18. */
  readonly dangerBelow: bigint
  /** HF below this is warning: 1.25e18. */
  readonly warningBelow: bigint
  /** A position leaves a worse band only once HF ≥ bound · (1 + margin): 100 bps = 1 %. */
  readonly recoverMarginBps: bigint
}

/** How a route's bridge is reassessed when its DVN config changes. */
export type RouteTrustModel = {
  /** Probability per year that one DVN is compromised (independent). */
  readonly dvnAnnualCompromise: number
  /** Probability per year of an implementation bug that forges messages. */
  readonly implementationBug: number
  /** The seed's base collateral factor (bps) that the trust score adjusts. */
  readonly baseCollateralFactorBps: bigint
  /** The exposure cap requested on the route (USD). */
  readonly capUsd: number
}

/** The monitor's configuration (the `monitor:` part of a config, with defaults). */
export type MonitorConfig = {
  readonly bands: HealthBandConfig
  /** A liquidatable position not liquidated after this many blocks is a keeper-liveness alert. */
  readonly keeperBlocks: bigint
  /** A chain whose RPC has not answered for this long (ms) is stale. */
  readonly staleAfterMs: number
  /** Recent block hashes kept per chain for reorg detection. */
  readonly reorgWindow: number
  readonly trust: RouteTrustModel
}

/** What the monitor remembers about a chain. */
export type ChainState = {
  /** Recent blocks, oldest first (at most `reorgWindow`). */
  readonly blocks: readonly { readonly number: bigint; readonly hash: string }[]
  readonly lastOkMs: number | null
  readonly lastTime: bigint | null
}

/**
 * The reducer's state: plain data, persisted by the shell after every pass so a restart resumes
 * exactly where it stopped.
 */
export type MonitorState = {
  readonly chains: Readonly<Record<string, ChainState>>
  readonly alerts: Readonly<Record<string, Alert>>
  /** The first ULN config seen per route: what a change is measured against. */
  readonly ulnBaselines: Readonly<Record<string, UlnConfigValue>>
  /** Per market, per account: the band the alert holds (with hysteresis) and since when liquidatable. */
  readonly positions: Readonly<
    Record<
      string,
      Readonly<Record<string, { readonly band: HealthBand; readonly liquidatableSince: bigint | null }>>
    >
  >
}
