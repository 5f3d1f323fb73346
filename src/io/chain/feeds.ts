import { type Account, type Address, parseAbi } from 'viem'
import { type ChainClients, write } from './clients.js'

/** The devnet's Chainlink-style feed (contracts/devnet/PriceFeed.sol), typed. */
export const PRICE_FEED_ABI = parseAbi([
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function heartbeat() view returns (uint256)',
  'function deviationThresholdBps() view returns (uint256)',
  'function minAnswer() view returns (int192)',
  'function maxAnswer() view returns (int192)',
  'function latestRound() view returns (uint80)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function updateAnswer(int256 answer)',
  'function updateRoundData(int256 answer, uint256 updatedAt)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
])

/** The L2 sequencer uptime feed (contracts/devnet/SequencerUptimeFeed.sol), typed. */
export const SEQUENCER_FEED_ABI = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function setStatus(bool down)',
])

/** Why a pusher posts: no round yet, the price moved by the deviation threshold, or the heartbeat elapsed. */
export type PushReason = 'first' | 'deviation' | 'heartbeat'

/**
 * Chainlink's update rule, exactly: post when there is no round yet, when
 * `|next − last| · 10_000 ≥ deviationBps · |last|`, or when `now − updatedAt ≥ heartbeat`;
 * otherwise nothing (undefined).
 *
 * @example
 * ```ts
 * pushReason({ last: { answer: 2_000_00000000n, updatedAt: 0n }, next: 2_010_00000000n, now: 60n, heartbeatSeconds: 3_600n, deviationBps: 50n }) // 'deviation'
 * ```
 */
export function pushReason(p: {
  readonly last: { readonly answer: bigint; readonly updatedAt: bigint } | undefined
  readonly next: bigint
  readonly now: bigint
  readonly heartbeatSeconds: bigint
  readonly deviationBps: bigint
}): PushReason | undefined {
  if (!p.last) return 'first'
  const move = p.next > p.last.answer ? p.next - p.last.answer : p.last.answer - p.next
  const base = p.last.answer < 0n ? -p.last.answer : p.last.answer
  if (move * 10_000n >= p.deviationBps * base && move > 0n) return 'deviation'
  if (p.now - p.last.updatedAt >= p.heartbeatSeconds) return 'heartbeat'
  return undefined
}

/** What one {@link FeedPusher.offer} did. */
export type PushResult = {
  readonly pushed: boolean
  readonly reason?: PushReason | undefined
  /** The feed's round after the offer. */
  readonly roundId: bigint
}

/**
 * The off-chain side of a Chainlink-style feed: offered a price, it posts only what the feed's own
 * published rules (its on-chain `heartbeat` and `deviationThresholdBps`) call for.
 *
 * @example
 * ```ts
 * const pusher = new FeedPusher(debt, owner, feed)
 * await pusher.offer(2_010_00000000n) // { pushed: true, reason: 'deviation', roundId: 2n }
 * ```
 */
export class FeedPusher {
  constructor(
    private readonly clients: ChainClients,
    private readonly account: Account,
    readonly feed: Address,
  ) {}

  private read<T>(functionName: string): Promise<T> {
    return this.clients.publicClient.readContract({
      address: this.feed,
      abi: PRICE_FEED_ABI,
      functionName,
    } as never) as Promise<T>
  }

  /** Posts `answer` (raw, the feed's decimals) if the rules call for it; `force` posts regardless. */
  async offer(answer: bigint, options: { readonly force?: boolean } = {}): Promise<PushResult> {
    const [round, heartbeat, deviation] = await Promise.all([
      this.read<bigint>('latestRound'),
      this.read<bigint>('heartbeat'),
      this.read<bigint>('deviationThresholdBps'),
    ])
    const last =
      round === 0n
        ? undefined
        : await this.read<readonly [bigint, bigint, bigint, bigint, bigint]>('latestRoundData').then((r) => ({
            answer: r[1],
            updatedAt: r[3],
          }))
    const block = await this.clients.publicClient.getBlock()
    const reason = pushReason({
      last,
      next: answer,
      now: block.timestamp,
      heartbeatSeconds: heartbeat,
      deviationBps: deviation,
    })
    if (!reason && !options.force) return { pushed: false, roundId: round }
    await write(this.clients, this.account, {
      address: this.feed,
      abi: PRICE_FEED_ABI,
      functionName: 'updateAnswer',
      args: [answer],
    })
    return { pushed: true, reason, roundId: round + 1n }
  }

  /** Posts `answer` as of `updatedAt` (an admin call: a stale or delayed round); returns the new round id. */
  async postAt(answer: bigint, updatedAt: bigint): Promise<bigint> {
    await write(this.clients, this.account, {
      address: this.feed,
      abi: PRICE_FEED_ABI,
      functionName: 'updateRoundData',
      args: [answer, updatedAt],
    })
    return this.read<bigint>('latestRound')
  }
}
