import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Abi, Account, Address, Hex } from 'viem'
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
