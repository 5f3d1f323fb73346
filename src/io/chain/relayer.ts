import {
  type Abi,
  type Account,
  type Address,
  concatHex,
  decodeEventLog,
  type Hex,
  hexToBigInt,
  hexToNumber,
  keccak256,
  type Log,
  numberToHex,
  pad,
  parseAbiItem,
  sliceHex,
} from 'viem'
import { type ChainClients, mine } from './clients.js'
import { ManifestError } from './errors.js'
import { lzArtifacts, readReceiveUlnConfig } from './layerzero.js'

/** One side of the devnet as the relayer sees it. */
export type RelayerChain = {
  readonly name: string
  readonly eid: number
  readonly clients: ChainClients
  readonly endpoint: Address
  readonly receiveLib: Address
}

/** A packet read from `PacketSent` (byte layout of EndpointV2's `PacketV1Codec`). */
export type Packet = {
  readonly header: Hex
  readonly guid: Hex
  readonly message: Hex
  readonly nonce: bigint
  readonly srcEid: number
  readonly sender: Hex
  readonly dstEid: number
  readonly receiver: Address
  /** Block time of the `PacketSent` on the source chain (s). */
  readonly sentAt: bigint
  /** Whether the relayer made it up (a forged or duplicated packet). */
  readonly forged: boolean
}

/** What happened to one packet. */
export type Delivery = {
  readonly packet: Packet
  readonly status: 'delivered' | 'failed' | 'dropped'
  /** Destination block time of the `lzReceive` (s), when it was sent. */
  readonly deliveredAt?: bigint | undefined
  /** deliveredAt − sentAt, seconds. */
  readonly latencySeconds?: bigint | undefined
  /** The DVN keys that verified. */
  readonly verifiers: readonly Address[]
  readonly error?: string | undefined
}

/** Faults and timing of a {@link Relayer}. Each decision function sees the packet's index on its path. */
export type RelayerFaults = {
  /** Seconds between `PacketSent` and delivery (simulated time places it exactly). */
  readonly latencySeconds?: number | undefined
  /** Drop (never deliver) these packets. */
  readonly drop?: ((packet: Packet, index: number) => boolean) | undefined
  /** Deliver these packets a second time, as a new packet signed by the DVN keys. */
  readonly duplicate?: ((packet: Packet, index: number) => boolean) | undefined
  /** Deliver each batch in reverse order (verification in order, execution reversed). */
  readonly reorder?: boolean | undefined
  /** Deliver nothing while halted (packets queue). */
  readonly halted?: boolean | undefined
}

/** Options of the {@link Relayer}. */
export type RelayerParameters = {
  readonly chains: readonly [RelayerChain, RelayerChain]
  /**
   * DVN keys the relayer holds and signs with (k of n: pass the ones that verify; the ULN config
   * decides if enough). For each packet only the keys the receiving OApp's effective ULN config
   * names sign.
   */
  readonly dvnSigners: readonly Account[]
  /** The account that commits and executes. */
  readonly executor: Account
  /** Extra ABIs whose custom errors decode a failed `lzReceive` (the OApps'). */
  readonly errorAbis?: readonly Abi[] | undefined
  readonly faults?: RelayerFaults | undefined
  /** Gas for `lzReceive` (must cover the OApp's `_lzReceive`). */
  readonly lzReceiveGas?: bigint | undefined
}

const PACKET_SENT = parseAbiItem('event PacketSent(bytes encodedPayload, bytes options, address sendLibrary)')

/**
 * Decodes a `PacketSent.encodedPayload`: header `[0, 81)` (version, nonce `[1, 9)`, srcEid
 * `[9, 13)`, sender `[13, 45)`, dstEid `[45, 49)`, receiver `[49, 81)`), guid `[81, 113)`,
 * message `[113, …)`.
 *
 * @example
 * ```ts
 * const p = decodePacket(encodedPayload, 1_700_000_000n)
 * p.nonce // 1n
 * ```
 */
export function decodePacket(encoded: Hex, sentAt: bigint): Packet {
  const header = sliceHex(encoded, 0, 81)
  return {
    header,
    guid: sliceHex(encoded, 81, 113),
    message: sliceHex(encoded, 113),
    nonce: hexToBigInt(sliceHex(encoded, 1, 9)),
    srcEid: hexToNumber(sliceHex(encoded, 9, 13)),
    sender: sliceHex(encoded, 13, 45),
    dstEid: hexToNumber(sliceHex(encoded, 45, 49)),
    receiver: `0x${sliceHex(encoded, 61, 81).slice(2)}` as Address,
    sentAt,
    forged: false,
  }
}

/**
 * A packet header with another nonce (what a compromised DVN signs for a forged packet).
 *
 * @example
 * ```ts
 * withNonce(packet, 7n).nonce // 7n
 * ```
 */
export function withNonce(packet: Packet, nonce: bigint, message: Hex = packet.message): Packet {
  const header = concatHex([
    sliceHex(packet.header, 0, 1),
    numberToHex(nonce, { size: 8 }),
    sliceHex(packet.header, 9, 81),
  ])
  const guid = keccak256(concatHex([header, message]))
  return { ...packet, header, nonce, message, guid, forged: true }
}

/**
 * A packet template on a path no packet has used yet (what a compromised DVN needs to forge a
 * message: the header names the source OApp, the destination and its receiver; the relayer
 * assigns the nonce when it delivers).
 *
 * @example
 * ```ts
 * relayer.forge(packetOnPath({ srcEid: 30_001, sender: adapter, dstEid: 30_002, receiver: oft, sentAt: now }), message)
 * ```
 */
export function packetOnPath(path: {
  readonly srcEid: number
  readonly sender: Address
  readonly dstEid: number
  readonly receiver: Address
  readonly sentAt: bigint
}): Packet {
  const header = concatHex([
    '0x01',
    numberToHex(0n, { size: 8 }),
    numberToHex(path.srcEid, { size: 4 }),
    pad(path.sender),
    numberToHex(path.dstEid, { size: 4 }),
    pad(path.receiver),
  ])
  return {
    header,
    guid: pad('0x0', { size: 32 }),
    message: '0x',
    nonce: 0n,
    srcEid: path.srcEid,
    sender: pad(path.sender),
    dstEid: path.dstEid,
    receiver: path.receiver,
    sentAt: path.sentAt,
    forged: true,
  }
}

/** keccak256(guid ‖ message): what the DVNs verify. */
export function payloadHash(packet: Packet): Hex {
  return keccak256(concatHex([packet.guid, packet.message]))
}

type Pending = { packet: Packet; index: number }

/**
 * An in-process LayerZero relayer for the devnet: reads `PacketSent` on both chains, has each
 * DVN key call `ReceiveUln302.verify`, commits the verification, and executes
 * `EndpointV2.lzReceive`. Faults (latency, drop, duplicate, reorder, halt, forged packets) come
 * from `faults`; on `--no-mining` chains every delivery lands in one block at exactly
 * `sentAt + latency` (simulated time).
 *
 * @example
 * ```ts
 * const relayer = new Relayer({ chains: [home, debt], dvnSigners: [dvn], executor })
 * const deliveries = await relayer.relayOnce()
 * ```
 */
export class Relayer {
  readonly deliveries: Delivery[] = []
  faults: RelayerFaults
  /** The DVN keys that sign from now on (a k-of-n quorum, or fewer to show a stuck route). */
  signers: readonly Account[]
  private readonly fromBlock = new Map<number, bigint>()
  private readonly queue: Pending[] = []
  private readonly pathCount = new Map<string, number>()
  private readonly startNonce = new Map<string, bigint>()
  private readonly lastNonce = new Map<string, bigint>()
  private timer: NodeJS.Timeout | undefined
  private readonly verifiedBy = new Map<string, readonly Address[]>()
  private running: Promise<unknown> = Promise.resolve()

  constructor(private readonly parameters: RelayerParameters) {
    this.faults = parameters.faults ?? {}
    this.signers = parameters.dvnSigners
  }

  private chainByEid(eid: number): RelayerChain {
    const c = this.parameters.chains.find((x) => x.eid === eid)
    if (!c)
      throw new ManifestError('of this relayer', `a packet names eid ${eid}, which none of its chains has`)
    return c
  }

  private key(p: Packet): string {
    return `${p.srcEid}:${p.sender}:${p.dstEid}:${p.receiver}`
  }

  /** Reads new `PacketSent` events of both chains into the queue; returns how many. */
  async poll(): Promise<number> {
    let found = 0
    for (const chain of this.parameters.chains) {
      const latest = await chain.clients.publicClient.getBlockNumber({ cacheTime: 0 })
      const from = this.fromBlock.get(chain.eid) ?? 0n
      if (from > latest) continue
      const logs = (await chain.clients.publicClient.getLogs({
        address: chain.endpoint,
        event: PACKET_SENT,
        fromBlock: from,
        toBlock: latest,
      })) as Log[]
      this.fromBlock.set(chain.eid, latest + 1n)
      const times = new Map<bigint, bigint>()
      for (const log of logs) {
        const bn = log.blockNumber as bigint
        if (!times.has(bn))
          times.set(bn, (await chain.clients.publicClient.getBlock({ blockNumber: bn })).timestamp)
        const { args } = decodeEventLog({ abi: [PACKET_SENT], data: log.data, topics: log.topics })
        const packet = decodePacket(args.encodedPayload, times.get(bn) as bigint)
        if (packet.nonce <= (await this.knownPath(packet))) continue // delivered before this relayer started
        const k = this.key(packet)
        const index = this.pathCount.get(k) ?? 0
        this.pathCount.set(k, index + 1)
        this.queue.push({ packet, index })
        if (this.faults.duplicate?.(packet, index))
          this.queue.push({ packet: { ...packet, forged: true }, index })
        found++
      }
    }
    return found
  }

  /**
   * Puts a forged packet on a path: a message the source never sent, signed by the DVN keys
   * (a compromised verifier). It takes the next free nonce on the path.
   */
  forge(template: Packet, message: Hex): void {
    this.queue.push({ packet: { ...template, message, forged: true }, index: -1 })
  }

  /** Packets read but not yet delivered. */
  pending(): readonly Packet[] {
    return this.queue.map((q) => q.packet)
  }

  /**
   * Destination nonces are assigned in delivery order on each path: equal to the source nonces
   * while nothing is forged or dropped; a forged packet takes the next one and later real packets
   * move up (the DVN keys sign whatever header the relayer gives them).
   */
  private assignNonce(p: Packet): Packet {
    const k = this.key(p)
    const next = (this.lastNonce.get(k) ?? 0n) + 1n
    this.lastNonce.set(k, next)
    if (!p.forged && next === p.nonce) return p
    const moved = withNonce(p, next)
    return p.forged ? moved : { ...moved, guid: p.guid, forged: false }
  }

  /** On first sight of a path, starts from the destination's inbound nonce (a restarted relayer). */
  private async knownPath(p: Packet): Promise<bigint> {
    const k = this.key(p)
    const start = this.startNonce.get(k)
    if (start !== undefined) return start
    const dst = this.chainByEid(p.dstEid)
    const inbound = (await dst.clients.publicClient.readContract({
      address: dst.endpoint,
      abi: lzArtifacts().EndpointV2.abi,
      functionName: 'inboundNonce',
      args: [p.receiver, p.srcEid, p.sender],
    })) as bigint
    this.startNonce.set(k, inbound)
    if ((this.lastNonce.get(k) ?? 0n) < inbound) this.lastNonce.set(k, inbound)
    return inbound
  }

  /** Delivers every queued packet that is due (all of them unless halted); returns the deliveries. */
  async flush(): Promise<Delivery[]> {
    if (this.faults.halted) return []
    const batch = this.queue.splice(0, this.queue.length)
    const out: Delivery[] = []
    const kept: Pending[] = []
    for (const q of batch) {
      if (!q.packet.forged && this.faults.drop?.(q.packet, q.index)) {
        out.push({ packet: q.packet, status: 'dropped', verifiers: [] })
        continue
      }
      kept.push(q)
    }
    // Nonces in arrival order; verification in nonce order; execution reversed when reordering.
    const assigned = kept.map((q) => this.assignNonce(q.packet))
    for (const p of assigned) await this.verify(p)
    const order = this.faults.reorder ? [...assigned].reverse() : assigned
    for (const p of order) out.push(await this.execute(p))
    this.deliveries.push(...out)
    return out
  }

  /** Polls and flushes once. */
  async relayOnce(): Promise<Delivery[]> {
    await this.poll()
    return this.flush()
  }

  /**
   * The held keys that sign a packet: those the receiving OApp's effective ULN config names
   * (required or optional), read from the endpoint, so a config changed on chain (`devnet dvn`)
   * applies to the next packet.
   */
  private async signersFor(p: Packet): Promise<readonly Account[]> {
    const dst = this.chainByEid(p.dstEid)
    const config = await readReceiveUlnConfig(dst.clients.publicClient, {
      endpoint: dst.endpoint,
      receiveLib: dst.receiveLib,
      oapp: p.receiver,
      remoteEid: p.srcEid,
    })
    const named = new Set([...config.requiredDVNs, ...config.optionalDVNs].map((x) => x.toLowerCase()))
    return this.signers.filter((s) => named.has(s.address.toLowerCase()))
  }

  private async verify(p: Packet): Promise<void> {
    const dst = this.chainByEid(p.dstEid)
    const a = lzArtifacts()
    const hash = payloadHash(p)
    const txs: Hex[] = []
    const signers = await this.signersFor(p)
    this.verifiedBy.set(
      `${p.header}:${hash}`,
      signers.map((s) => s.address),
    )
    for (const signer of signers) {
      txs.push(
        await dst.clients.walletClient.writeContract({
          address: dst.receiveLib,
          abi: a.ReceiveUln302.abi,
          functionName: 'verify',
          args: [p.header, hash, 1n],
          account: signer,
          chain: dst.clients.chain,
          gas: 200_000n,
        }),
      )
    }
    txs.push(
      await dst.clients.walletClient.writeContract({
        address: dst.receiveLib,
        abi: a.ReceiveUln302.abi,
        functionName: 'commitVerification',
        args: [p.header, hash],
        account: this.parameters.executor,
        chain: dst.clients.chain,
        gas: 400_000n,
      }),
    )
    if (dst.clients.manualMining) return // mined with the lzReceive, at the delivery time
    for (const tx of txs)
      await dst.clients.publicClient.waitForTransactionReceipt({ hash: tx, pollingInterval: 10 })
  }

  private async execute(p: Packet): Promise<Delivery> {
    const dst = this.chainByEid(p.dstEid)
    const a = lzArtifacts()
    const verifiers = this.verifiedBy.get(`${p.header}:${payloadHash(p)}`) ?? []
    const at = p.sentAt + BigInt(this.faults.latencySeconds ?? 0)
    const request = {
      address: dst.endpoint,
      abi: [...a.EndpointV2.abi, ...(this.parameters.errorAbis ?? []).flat()] as Abi,
      functionName: 'lzReceive',
      args: [{ srcEid: p.srcEid, sender: p.sender, nonce: p.nonce }, p.receiver, p.guid, p.message, '0x'],
      account: this.parameters.executor,
      chain: dst.clients.chain,
      gas: this.parameters.lzReceiveGas ?? 1_000_000n,
    } as const
    let hash: Hex
    if (dst.clients.manualMining) {
      hash = await dst.clients.walletClient.writeContract(request)
      const latest = await dst.clients.publicClient.getBlock()
      await mine(dst.clients, at > latest.timestamp ? at : latest.timestamp + 1n)
    } else {
      hash = await dst.clients.walletClient.writeContract(request)
    }
    const receipt = await dst.clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 })
    const block = await dst.clients.publicClient.getBlock({ blockNumber: receipt.blockNumber })
    if (receipt.status === 'success')
      return {
        packet: p,
        status: 'delivered',
        deliveredAt: block.timestamp,
        latencySeconds: block.timestamp - p.sentAt,
        verifiers,
      }
    let error = 'reverted'
    try {
      await dst.clients.publicClient.simulateContract(request)
    } catch (e) {
      error = (e as { shortMessage?: string }).shortMessage ?? String(e)
      const name = /reverted with the following reason:\s*\n?(.*)|error "?(\w+)"?/.exec(
        String((e as Error).message),
      )
      if (name) error = (name[1] ?? name[2] ?? error).trim()
      const cause = (e as { cause?: { data?: { errorName?: string } } }).cause
      if (cause?.data?.errorName) error = cause.data.errorName
    }
    return { packet: p, status: 'failed', deliveredAt: block.timestamp, verifiers, error }
  }

  /** Verifies a packet again with the current signers, then executes it (a stuck packet once the quorum signs). */
  async redeliver(d: Delivery): Promise<Delivery> {
    await this.verify(d.packet)
    return this.retry(d)
  }

  /** Executes a packet that failed before (verified already), e.g. after the outflow window moved. */
  async retry(d: Delivery): Promise<Delivery> {
    const out = await this.execute(d.packet)
    this.deliveries.push(out)
    return out
  }

  /** Relays every `intervalMs` until {@link stop}. */
  start(intervalMs = 100): void {
    const tick = () => {
      this.running = this.relayOnce()
        .catch(() => undefined)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs)
        })
    }
    this.timer = setTimeout(tick, 0)
  }

  /** Stops relaying and waits for the delivery in progress. */
  async stop(): Promise<void> {
    const t = this.timer
    this.timer = undefined
    if (t) clearTimeout(t)
    await this.running
  }
}

/** The sender field of a header for an address (left-padded to 32 bytes). */
export function senderBytes32(address: Address): Hex {
  return pad(address)
}
