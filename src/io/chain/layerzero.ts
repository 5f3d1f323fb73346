import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  type Abi,
  type Account,
  type Address,
  decodeAbiParameters,
  encodeAbiParameters,
  type Hex,
  type PublicClient,
} from 'viem'
import { type ChainClients, deploy, write } from './clients.js'
import type { Artifact } from './compile.js'

const require = createRequire(import.meta.url)

function hardhatArtifact(pkg: string, path: string): Artifact {
  const root = dirname(require.resolve(`${pkg}/package.json`))
  const json = JSON.parse(readFileSync(join(root, path), 'utf8')) as { abi: Abi; bytecode: Hex }
  return { abi: json.abi, bytecode: json.bytecode }
}

/** The real LayerZero V2 contracts from their npm packages' Hardhat artifacts. */
export type LzArtifacts = {
  readonly EndpointV2: Artifact
  readonly SendUln302: Artifact
  readonly ReceiveUln302: Artifact
}

let cached: LzArtifacts | undefined

/**
 * The EndpointV2, SendUln302 and ReceiveUln302 artifacts (ABI and bytecode) of
 * `@layerzerolabs/lz-evm-protocol-v2` and `@layerzerolabs/lz-evm-messagelib-v2`.
 *
 * @example
 * ```ts
 * lzArtifacts().EndpointV2.abi.length > 0 // true
 * ```
 */
export function lzArtifacts(): LzArtifacts {
  cached ??= {
    EndpointV2: hardhatArtifact(
      '@layerzerolabs/lz-evm-protocol-v2',
      'artifacts/contracts/EndpointV2.sol/EndpointV2.json',
    ),
    SendUln302: hardhatArtifact(
      '@layerzerolabs/lz-evm-messagelib-v2',
      'artifacts/contracts/uln/uln302/SendUln302.sol/SendUln302.json',
    ),
    ReceiveUln302: hardhatArtifact(
      '@layerzerolabs/lz-evm-messagelib-v2',
      'artifacts/contracts/uln/uln302/ReceiveUln302.sol/ReceiveUln302.json',
    ),
  }
  return cached
}

/** A ULN config (`UlnConfig` of ULN 302): DVN lists must be sorted ascending. */
export type UlnConfig = {
  readonly confirmations: bigint
  readonly requiredDVNCount: number
  readonly optionalDVNCount: number
  readonly optionalDVNThreshold: number
  readonly requiredDVNs: readonly Address[]
  readonly optionalDVNs: readonly Address[]
}

/** What `deployLzEndpoint` deployed on one chain. */
export type LzEndpoint = {
  readonly eid: number
  readonly endpoint: Address
  readonly sendLib: Address
  readonly receiveLib: Address
}

/**
 * Sorts addresses ascending (ULN 302 rejects unsorted DVN lists).
 *
 * @example
 * ```ts
 * sortAddresses(['0xb…', '0xa…']) // ['0xa…', '0xb…']
 * ```
 */
export function sortAddresses(list: readonly Address[]): Address[] {
  return [...list].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))
}

/**
 * Deploys EndpointV2, SendUln302 and ReceiveUln302 on a chain and registers both libraries.
 *
 * @example
 * ```ts
 * const lz = await deployLzEndpoint(clients, owner, 30_001)
 * ```
 */
export async function deployLzEndpoint(
  clients: ChainClients,
  owner: Account,
  eid: number,
): Promise<LzEndpoint> {
  const a = lzArtifacts()
  const endpoint = await deploy(clients, owner, a.EndpointV2, [eid, owner.address])
  const sendLib = await deploy(clients, owner, a.SendUln302, [endpoint, 0n, 0n])
  const receiveLib = await deploy(clients, owner, a.ReceiveUln302, [endpoint])
  for (const lib of [sendLib, receiveLib])
    await write(clients, owner, {
      address: endpoint,
      abi: a.EndpointV2.abi,
      functionName: 'registerLibrary',
      args: [lib],
    })
  return { eid, endpoint, sendLib, receiveLib }
}

/**
 * Sets the defaults of a path towards (send) and from (receive) `remoteEid`: ULN configs on both
 * libraries, the executor on the send library, and the endpoint's default libraries.
 *
 * @example
 * ```ts
 * await wireLzDefaults(clients, owner, lz, { remoteEid: 30_002, executor: worker, sendUln, receiveUln })
 * ```
 */
export async function wireLzDefaults(
  clients: ChainClients,
  owner: Account,
  lz: LzEndpoint,
  parameters: {
    readonly remoteEid: number
    readonly executor: Address
    readonly sendUln: UlnConfig
    readonly receiveUln: UlnConfig
  },
): Promise<void> {
  const a = lzArtifacts()
  const uln = (c: UlnConfig) => ({
    ...c,
    requiredDVNs: sortAddresses(c.requiredDVNs),
    optionalDVNs: sortAddresses(c.optionalDVNs),
  })
  await write(clients, owner, {
    address: lz.sendLib,
    abi: a.SendUln302.abi,
    functionName: 'setDefaultUlnConfigs',
    args: [[{ eid: parameters.remoteEid, config: uln(parameters.sendUln) }]],
  })
  await write(clients, owner, {
    address: lz.sendLib,
    abi: a.SendUln302.abi,
    functionName: 'setDefaultExecutorConfigs',
    args: [
      [{ eid: parameters.remoteEid, config: { maxMessageSize: 10_000, executor: parameters.executor } }],
    ],
  })
  await write(clients, owner, {
    address: lz.receiveLib,
    abi: a.ReceiveUln302.abi,
    functionName: 'setDefaultUlnConfigs',
    args: [[{ eid: parameters.remoteEid, config: uln(parameters.receiveUln) }]],
  })
  await write(clients, owner, {
    address: lz.endpoint,
    abi: a.EndpointV2.abi,
    functionName: 'setDefaultSendLibrary',
    args: [parameters.remoteEid, lz.sendLib],
  })
  await write(clients, owner, {
    address: lz.endpoint,
    abi: a.EndpointV2.abi,
    functionName: 'setDefaultReceiveLibrary',
    args: [parameters.remoteEid, lz.receiveLib, 0n],
  })
}

/** ULN 302's config type of a ULN config in `setConfig` / `getConfig` (1 is the executor's). */
/** EndpointV2's config type of a ULN 302 config (`getConfig(oapp, lib, eid, 2)`). */
export const CONFIG_TYPE_ULN = 2

/** ULN 302's "none" count: an OApp's explicit empty DVN list, overriding the default (0 means "use the default"). */
const NIL_DVN_COUNT = 255

const ULN_CONFIG_ABI = [
  {
    type: 'tuple',
    components: [
      { name: 'confirmations', type: 'uint64' },
      { name: 'requiredDVNCount', type: 'uint8' },
      { name: 'optionalDVNCount', type: 'uint8' },
      { name: 'optionalDVNThreshold', type: 'uint8' },
      { name: 'requiredDVNs', type: 'address[]' },
      { name: 'optionalDVNs', type: 'address[]' },
    ],
  },
] as const

/**
 * `abi.encode(UlnConfig)`, the bytes `EndpointV2.setConfig` passes to ULN 302 (config type 2),
 * with the DVN lists sorted.
 *
 * @example
 * ```ts
 * encodeUlnConfig({ confirmations: 1n, requiredDVNCount: 1, optionalDVNCount: 255, optionalDVNThreshold: 0, requiredDVNs: [dvn], optionalDVNs: [] })
 * ```
 */
function encodeUlnConfig(config: UlnConfig): Hex {
  return encodeAbiParameters(ULN_CONFIG_ABI, [
    {
      ...config,
      requiredDVNs: sortAddresses(config.requiredDVNs),
      optionalDVNs: sortAddresses(config.optionalDVNs),
    },
  ])
}

/**
 * Decodes the bytes of `EndpointV2.getConfig(oapp, lib, eid, 2)` (a ULN config).
 *
 * @example
 * ```ts
 * decodeUlnConfig(encodeUlnConfig(config)).requiredDVNCount // config.requiredDVNCount
 * ```
 */
export function decodeUlnConfig(bytes: Hex): UlnConfig {
  const [c] = decodeAbiParameters(ULN_CONFIG_ABI, bytes)
  return {
    confirmations: c.confirmations,
    requiredDVNCount: c.requiredDVNCount,
    optionalDVNCount: c.optionalDVNCount,
    optionalDVNThreshold: c.optionalDVNThreshold,
    requiredDVNs: [...c.requiredDVNs],
    optionalDVNs: [...c.optionalDVNs],
  }
}

/** Where an OApp's receive-side ULN config lives: its chain's endpoint and receive library, and the remote eid. */
export type OAppPath = {
  readonly endpoint: Address
  readonly receiveLib: Address
  readonly oapp: Address
  readonly remoteEid: number
}

/**
 * The DVN set of an OApp's own receive-side ULN config: `required` keys all verify, and
 * `threshold` of the `optional` ones. An empty optional list is written as ULN 302's NIL count,
 * so the OApp's config does not fall back to the default's optional DVNs.
 *
 * @example
 * ```ts
 * ulnConfigOf({ required: [a, b], optional: [], threshold: 0 }).optionalDVNCount // 255
 * ```
 */
export function ulnConfigOf(set: {
  readonly required: readonly Address[]
  readonly optional: readonly Address[]
  readonly threshold: number
  readonly confirmations?: bigint | undefined
}): UlnConfig {
  return {
    confirmations: set.confirmations ?? 1n,
    requiredDVNCount: set.required.length === 0 ? NIL_DVN_COUNT : set.required.length,
    optionalDVNCount: set.optional.length === 0 ? NIL_DVN_COUNT : set.optional.length,
    optionalDVNThreshold: set.optional.length === 0 ? 0 : set.threshold,
    requiredDVNs: sortAddresses(set.required),
    optionalDVNs: sortAddresses(set.optional),
  }
}

/**
 * Sets an OApp's receive-side ULN config as its delegate does on a live chain:
 * `EndpointV2.setConfig(oapp, receiveLib, [{ eid, configType: 2, config: abi.encode(UlnConfig) }])`.
 * ULN 302 emits `UlnConfigSet(oapp, eid, config)`.
 *
 * @example
 * ```ts
 * await setReceiveUlnConfig(clients, owner, { endpoint, receiveLib, oapp, remoteEid: 30_001 }, config)
 * ```
 */
export async function setReceiveUlnConfig(
  clients: ChainClients,
  delegate: Account,
  path: OAppPath,
  config: UlnConfig,
): Promise<void> {
  await write(clients, delegate, {
    address: path.endpoint,
    abi: lzArtifacts().EndpointV2.abi,
    functionName: 'setConfig',
    args: [
      path.oapp,
      path.receiveLib,
      [{ eid: path.remoteEid, configType: CONFIG_TYPE_ULN, config: encodeUlnConfig(config) }],
    ],
  })
}

/**
 * An OApp's effective receive-side ULN config (its own values merged with the defaults), as
 * `EndpointV2.getConfig(oapp, receiveLib, eid, 2)` returns it.
 *
 * @example
 * ```ts
 * (await readReceiveUlnConfig(publicClient, path)).requiredDVNs // sorted ascending
 * ```
 */
export async function readReceiveUlnConfig(publicClient: PublicClient, path: OAppPath): Promise<UlnConfig> {
  const bytes = (await publicClient.readContract({
    address: path.endpoint,
    abi: lzArtifacts().EndpointV2.abi,
    functionName: 'getConfig',
    args: [path.oapp, path.receiveLib, path.remoteEid, CONFIG_TYPE_ULN],
  })) as Hex
  return decodeUlnConfig(bytes)
}
