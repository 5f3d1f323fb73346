import {
  type Address,
  type Block,
  createPublicClient,
  fallback,
  http,
  type PublicClient,
  parseAbi,
  parseAbiItem,
} from 'viem'
import type { Observation, ObservedAt, PositionRead, UlnConfigValue } from '../../core/monitor/types.js'
import { CONFIG_TYPE_ULN, decodeUlnConfig } from '../../io/chain/layerzero.js'
import type { ChainTarget, FeedTarget, MarketTarget, SequencerTarget, UlnTarget } from './targets.js'

/** The ABIs the monitor reads: Chainlink feeds, ERC-20, EndpointV2 and ULN 302, the PositionManager. */
const FEED_ABI = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function minAnswer() view returns (int192)',
  'function maxAnswer() view returns (int192)',
  'function heartbeat() view returns (uint256)',
])
const ERC20_ABI = parseAbi(['function balanceOf(address) view returns (uint256)'])
const ENDPOINT_ABI = parseAbi([
  'function getReceiveLibrary(address receiver, uint32 srcEid) view returns (address lib, bool isDefault)',
  'function getConfig(address oapp, address lib, uint32 eid, uint32 configType) view returns (bytes config)',
])
const ULN_ABI = parseAbi([
  'struct UlnConfig { uint64 confirmations; uint8 requiredDVNCount; uint8 optionalDVNCount; uint8 optionalDVNThreshold; address[] requiredDVNs; address[] optionalDVNs; }',
  'function getAppUlnConfig(address oapp, uint32 remoteEid) view returns (UlnConfig)',
])
const MANAGER_ABI = parseAbi([
  'function config() view returns (address assetAddress, uint256 baseCollateralFactor, uint256 liquidationThreshold, uint256 liquidationPenalty, address priceFeed, uint256 maxBridgeDelay, uint256 bridgeTrustScore)',
  'function debtPriceFeed() view returns (address)',
  'function collateralDecimals() view returns (uint8)',
  'function debtDecimals() view returns (uint8)',
  'function positions(address) view returns (uint256 credit, uint256 debt)',
])
const CREDITED = parseAbiItem('event Credited(address indexed account, uint256 amount, uint64 id)')

/** Calldata per multicall chunk: ~1,000 position reads, well within a 30M-gas `eth_call`. */
const MULTICALL_BATCH_BYTES = 40_000

/**
 * A viem public client over a chain's RPC URLs (fallback in order), with a timeout so a silent RPC
 * fails fast, and one retry.
 */
export function monitorClient(chain: ChainTarget, timeoutMs: number): PublicClient {
  const transports = chain.rpcUrls.map((url) =>
    http(url, { timeout: timeoutMs, retryCount: 1, retryDelay: 50 }),
  )
  return createPublicClient({
    transport: transports.length === 1 ? (transports[0] as ReturnType<typeof http>) : fallback(transports),
  }) as PublicClient
}

function message(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string }
  return (e.shortMessage ?? e.message ?? String(error)).split('\n')[0] as string
}

type Failure = { readonly scope: string; readonly what: string; readonly error: string }

/** What one chain's reads at one block produced: observations, and failures to report. */
type Reads = { observations: Observation[]; failures: Failure[] }

function uln(c: {
  confirmations: bigint
  requiredDVNCount: number
  optionalDVNCount: number
  optionalDVNThreshold: number
  requiredDVNs: readonly string[]
  optionalDVNs: readonly string[]
}): UlnConfigValue {
  return {
    confirmations: c.confirmations,
    requiredDVNCount: c.requiredDVNCount,
    optionalDVNCount: c.optionalDVNCount,
    optionalDVNThreshold: c.optionalDVNThreshold,
    requiredDVNs: [...c.requiredDVNs],
    optionalDVNs: [...c.optionalDVNs],
  }
}

/** Reads a feed's latest round, decimals, description and limits in one multicall. */
export async function readFeed(
  client: PublicClient,
  feed: FeedTarget,
  at: ObservedAt,
  defaults: { readonly heartbeatSeconds: bigint },
  out: Reads,
): Promise<void> {
  const scope = `feed:${feed.chain}:${feed.address}`
  try {
    const names = [
      'latestRoundData',
      'decimals',
      'description',
      'minAnswer',
      'maxAnswer',
      'heartbeat',
    ] as const
    const r = await client.multicall({
      contracts: names.map((functionName) => ({ address: feed.address, abi: FEED_ABI, functionName })),
      allowFailure: true,
      deployless: true,
      blockNumber: at.block,
    })
    const [round, decimals, description, min, max, heartbeat] = r
    if (round?.status !== 'success' || decimals?.status !== 'success') {
      out.failures.push({
        scope,
        what: `${feed.name}.latestRoundData`,
        error: message(round?.error ?? decimals?.error),
      })
      return
    }
    const [roundId, answer, , updatedAt] = round.result as readonly [bigint, bigint, bigint, bigint, bigint]
    out.observations.push({
      type: 'feedRound',
      at,
      feed: feed.address,
      description: description?.status === 'success' ? String(description.result) : feed.name,
      roundId,
      answer,
      updatedAt,
      decimals: Number(decimals.result),
      minAnswer: min?.status === 'success' ? (min.result as bigint) : undefined,
      maxAnswer: max?.status === 'success' ? (max.result as bigint) : undefined,
      heartbeatSeconds:
        heartbeat?.status === 'success' ? (heartbeat.result as bigint) : defaults.heartbeatSeconds,
    })
  } catch (error) {
    out.failures.push({ scope, what: `${feed.name}.latestRoundData`, error: message(error) })
  }
}

/** Reads a sequencer uptime feed (answer 0 = up, startedAt = since when). */
export async function readSequencer(
  client: PublicClient,
  feed: SequencerTarget,
  at: ObservedAt,
  defaults: { readonly gracePeriodSeconds: bigint },
  out: Reads,
): Promise<void> {
  try {
    const [, answer, startedAt] = await client.readContract({
      address: feed.address,
      abi: FEED_ABI,
      functionName: 'latestRoundData',
      blockNumber: at.block,
    })
    out.observations.push({
      type: 'sequencer',
      at,
      feed: feed.address,
      answer,
      startedAt,
      gracePeriodSeconds: defaults.gracePeriodSeconds,
    })
  } catch (error) {
    out.failures.push({
      scope: `sequencer:${feed.chain}:${feed.address}`,
      what: `${feed.name}.latestRoundData`,
      error: message(error),
    })
  }
}

/** Reads an OApp's receive library, its effective ULN config (`getConfig`) and its raw one. */
export async function readUln(client: PublicClient, t: UlnTarget, at: ObservedAt, out: Reads): Promise<void> {
  try {
    const [lib] = await client.readContract({
      address: t.endpoint,
      abi: ENDPOINT_ABI,
      functionName: 'getReceiveLibrary',
      args: [t.oapp, t.remoteEid],
      blockNumber: at.block,
    })
    const [bytes, raw] = await client.multicall({
      contracts: [
        {
          address: t.endpoint,
          abi: ENDPOINT_ABI,
          functionName: 'getConfig',
          args: [t.oapp, lib, t.remoteEid, CONFIG_TYPE_ULN],
        },
        { address: lib, abi: ULN_ABI, functionName: 'getAppUlnConfig', args: [t.oapp, t.remoteEid] },
      ],
      allowFailure: true,
      deployless: true,
      blockNumber: at.block,
    })
    if (bytes?.status !== 'success') throw bytes?.error ?? new TypeError('getConfig failed')
    const effective = decodeUlnConfig(bytes.result as `0x${string}`)
    out.observations.push({
      type: 'ulnConfig',
      at,
      route: t.route,
      oapp: t.oapp,
      library: lib,
      remoteEid: t.remoteEid,
      effective: uln(effective),
      raw: raw?.status === 'success' ? uln(raw.result as Parameters<typeof uln>[0]) : undefined,
    })
  } catch (error) {
    out.failures.push({ scope: `uln:${t.route}`, what: `getConfig(${t.oapp})`, error: message(error) })
  }
}

/** The accounts a manager ever credited, up to a block (from its `Credited` events), sorted. */
async function creditedAccounts(client: PublicClient, manager: Address, toBlock: bigint): Promise<Address[]> {
  const logs = await client.getLogs({ address: manager, event: CREDITED, fromBlock: 0n, toBlock })
  const seen = new Set<Address>()
  for (const l of logs) if (l.args.account) seen.add(l.args.account)
  return [...seen].sort()
}

/**
 * Reads every position of a PositionManager at a block, batched with multicall: the accounts from
 * `Credited` events, the config, decimals and both feeds' latest answers, then `positions(a)` for
 * every account. Returns the positions as the exact engine's inputs and their total credit (the
 * supply side of the backing invariant), or undefined after recording a failure.
 */
export async function readMarket(
  client: PublicClient,
  m: MarketTarget,
  at: ObservedAt & { readonly block: bigint },
  blockHash: string,
  out: Reads,
): Promise<{ totalCredit: bigint } | undefined> {
  const scope = `positions:${m.chain}:${m.market}`
  try {
    const accounts = await creditedAccounts(client, m.manager, at.block)
    const head = await client.multicall({
      contracts: [
        { address: m.manager, abi: MANAGER_ABI, functionName: 'config' },
        { address: m.manager, abi: MANAGER_ABI, functionName: 'debtPriceFeed' },
        { address: m.manager, abi: MANAGER_ABI, functionName: 'collateralDecimals' },
        { address: m.manager, abi: MANAGER_ABI, functionName: 'debtDecimals' },
      ],
      allowFailure: false,
      deployless: true,
      blockNumber: at.block,
    })
    const [config, debtFeed, collateralDecimals, debtDecimals] = head as unknown as [
      readonly [Address, bigint, bigint, bigint, Address, bigint, bigint],
      Address,
      number,
      number,
    ]
    const lt = config[2]
    const priceFeed = config[4]
    const feeds = await client.multicall({
      contracts: [
        { address: priceFeed, abi: FEED_ABI, functionName: 'latestRoundData' },
        { address: priceFeed, abi: FEED_ABI, functionName: 'decimals' },
        { address: debtFeed, abi: FEED_ABI, functionName: 'latestRoundData' },
        { address: debtFeed, abi: FEED_ABI, functionName: 'decimals' },
      ],
      allowFailure: false,
      deployless: true,
      blockNumber: at.block,
    })
    const [round, pd, debtRound, dpd] = feeds as unknown as [
      readonly bigint[],
      number,
      readonly bigint[],
      number,
    ]
    const price = round[1] as bigint
    const debtPrice = debtRound[1] as bigint
    if (price <= 0n || debtPrice <= 0n)
      throw new RangeError(`a feed answers ${price <= 0n ? price : debtPrice}, not a price`)
    const rows = await client.multicall({
      contracts: accounts.map((a) => ({
        address: m.manager,
        abi: MANAGER_ABI,
        functionName: 'positions' as const,
        args: [a] as const,
      })),
      allowFailure: false,
      deployless: true,
      batchSize: MULTICALL_BATCH_BYTES,
      blockNumber: at.block,
    })
    let totalCredit = 0n
    const positions: PositionRead[] = accounts.map((account, i) => {
      const [credit, debt] = rows[i] as unknown as readonly [bigint, bigint]
      totalCredit += credit
      return {
        account,
        collaterals: [
          {
            amount: credit,
            decimals: collateralDecimals,
            price,
            priceDecimals: pd,
            liquidationThresholdBps: lt,
          },
        ],
        debts:
          debt === 0n ? [] : [{ amount: debt, decimals: debtDecimals, price: debtPrice, priceDecimals: dpd }],
      }
    })
    out.observations.push({ type: 'positions', at, blockHash, market: m.market, positions })
    return { totalCredit }
  } catch (error) {
    out.failures.push({ scope, what: `${m.market} positions`, error: message(error) })
    return undefined
  }
}

/** Reads the escrow's balance of the collateral token at a block. */
export async function readBalance(
  client: PublicClient,
  token: Address,
  holder: Address,
  block: bigint,
): Promise<bigint> {
  return client.readContract({
    address: token,
    abi: ERC20_ABI,
    functionName: 'balanceOf',
    args: [holder],
    blockNumber: block,
  })
}

/** A block as the reducer observes it. */
export function blockObservation(chain: string, b: Block): Observation {
  return {
    type: 'block',
    chain,
    number: b.number as bigint,
    hash: b.hash as string,
    parentHash: b.parentHash,
    timestamp: b.timestamp,
    baseFeePerGas: b.baseFeePerGas ?? undefined,
  }
}

export type { Reads }
