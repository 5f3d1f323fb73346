import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type ChainClients, chainClients, write } from '../../io/chain/clients.js'
import { FeedPusher, type PushResult, SEQUENCER_FEED_ABI } from '../../io/chain/feeds.js'
import {
  readReceiveUlnConfig,
  setReceiveUlnConfig,
  type UlnConfig,
  ulnConfigOf,
} from '../../io/chain/layerzero.js'
import { BadOptionError } from '../cli/options.js'
import { ROUTE_DVN_KEYS } from './deploy.js'
import { type Manifest, readManifest } from './manifest.js'
import { manifestPath, writeManifest } from './serve.js'

function clientsOf(m: Manifest, chain: 'home' | 'debt'): ChainClients {
  const c = m.chains[chain]
  return chainClients({ rpcUrl: c.rpcUrl, chainId: c.chainId, name: c.name })
}

function ownerOf(m: Manifest) {
  const owner = m.roles.owner
  if (!owner) throw new BadOptionError('--dir', 'a manifest with an owner role', 'none')
  return privateKeyToAccount(owner.privateKey as `0x${string}`)
}

/** What {@link setOAppDvns} changed: the OApp's effective receive-side ULN config before and after. */
export type SetDvnsResult = {
  readonly oapp: string
  readonly address: Address
  readonly chain: 'home' | 'debt'
  readonly before: UlnConfig
  readonly after: UlnConfig
}

/**
 * Changes an OApp's own receive-side DVN set, as its delegate would on a live chain
 * (`EndpointV2.setConfig` with an `abi.encode(UlnConfig)` of config type 2; ULN 302 emits
 * `UlnConfigSet`): `required` keys of the route DVN pool (the manifest's `dvns.routeKeys`, first N),
 * then `optional` more with a `threshold`. Records the new set in the manifest's `oapps`.
 *
 * @throws BadOptionError for an unknown OApp or an impossible DVN set.
 * @example
 * ```ts
 * await setOAppDvns({ dir: '.devnet', oapp: 'rsEthOft', required: 1 }) // the KelpDAO config: 1-of-1
 * ```
 */
export async function setOAppDvns(p: {
  readonly dir: string
  readonly oapp: string
  readonly required: number
  readonly optional?: number | undefined
  readonly threshold?: number | undefined
}): Promise<SetDvnsResult> {
  const m = readManifest(manifestPath(p.dir))
  const info = m.oapps[p.oapp]
  if (!info) throw new BadOptionError('--oapp', `one of ${Object.keys(m.oapps).join(', ')}`, p.oapp)
  const optional = p.optional ?? 0
  const threshold = p.threshold ?? (optional > 0 ? 1 : 0)
  if (p.required + optional > ROUTE_DVN_KEYS || p.required + optional > m.dvns.routeKeys.length)
    throw new BadOptionError(
      '--required',
      `required + optional at most ${ROUTE_DVN_KEYS}`,
      String(p.required),
    )
  if (threshold > optional)
    throw new BadOptionError('--threshold', `at most --optional (${optional})`, String(threshold))
  if (p.required === 0 && threshold === 0)
    throw new BadOptionError(
      '--required',
      'at least 1, or --optional with --threshold ≥ 1 (ULN 302 needs a DVN)',
      '0',
    )
  const keys = m.dvns.routeKeys.map((k) => k.address as Address)
  const set = {
    required: keys.slice(0, p.required),
    optional: keys.slice(p.required, p.required + optional),
    threshold,
  }
  const chain = m.chains[info.chain]
  const path = {
    endpoint: chain.endpoint as Address,
    receiveLib: chain.receiveLib as Address,
    oapp: info.address as Address,
    remoteEid: info.remoteEid,
  }
  const clients = clientsOf(m, info.chain)
  const before = await readReceiveUlnConfig(clients.publicClient, path)
  const config = ulnConfigOf(set)
  await setReceiveUlnConfig(clients, ownerOf(m), path, config)
  const after = await readReceiveUlnConfig(clients.publicClient, path)
  const fresh = readManifest(manifestPath(p.dir))
  writeManifest(p.dir, {
    ...fresh,
    oapps: {
      ...fresh.oapps,
      [p.oapp]: {
        ...info,
        dvns: { required: [...config.requiredDVNs], optional: [...config.optionalDVNs], threshold },
      },
    },
  })
  return { oapp: p.oapp, address: path.oapp, chain: info.chain, before, after }
}

/**
 * Offers a price to one of the manifest's feeds through its pusher (posted only if the feed's
 * deviation or heartbeat rule calls for it, unless `force`), or posts it as of `ageSeconds` ago
 * (an admin call that makes the feed stale at once).
 *
 * @throws BadOptionError for an unknown feed.
 * @example
 * ```ts
 * await pushFeed({ dir: '.devnet', feed: 'rsEth', answer: 2_050_00000000n }) // { pushed: true, reason: 'deviation', … }
 * ```
 */
export async function pushFeed(p: {
  readonly dir: string
  readonly feed: string
  readonly answer: bigint
  readonly force?: boolean | undefined
  readonly ageSeconds?: number | undefined
}): Promise<PushResult & { readonly updatedAt: bigint }> {
  const m = readManifest(manifestPath(p.dir))
  const f = m.feeds[p.feed]
  if (!f) throw new BadOptionError('--feed', `one of ${Object.keys(m.feeds).join(', ')}`, p.feed)
  const clients = clientsOf(m, f.chain)
  const pusher = new FeedPusher(clients, ownerOf(m), f.address as Address)
  if (p.ageSeconds !== undefined) {
    const now = (await clients.publicClient.getBlock()).timestamp
    const at = now - BigInt(p.ageSeconds)
    const updatedAt = at > 0n ? at : 1n
    const roundId = await pusher.postAt(p.answer, updatedAt)
    return { pushed: true, roundId, updatedAt }
  }
  const r = await pusher.offer(p.answer, { force: p.force === true })
  return { ...r, updatedAt: (await clients.publicClient.getBlock()).timestamp }
}

/**
 * Sets the L2 sequencer uptime feed down or up (a new round, `startedAt` = now, when it changes).
 *
 * @example
 * ```ts
 * await setSequencer({ dir: '.devnet', down: true })
 * ```
 */
export async function setSequencer(p: { readonly dir: string; readonly down: boolean }): Promise<{
  readonly answer: bigint
  readonly startedAt: bigint
}> {
  const m = readManifest(manifestPath(p.dir))
  const clients = clientsOf(m, m.sequencer.chain)
  await write(clients, ownerOf(m), {
    address: m.sequencer.address as Address,
    abi: SEQUENCER_FEED_ABI,
    functionName: 'setStatus',
    args: [p.down],
  })
  const r = await clients.publicClient.readContract({
    address: m.sequencer.address as Address,
    abi: SEQUENCER_FEED_ABI,
    functionName: 'latestRoundData',
  })
  return { answer: r[1], startedAt: r[2] }
}
