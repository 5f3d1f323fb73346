import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import type { Artifact } from './compile.js'
import { ChainRevertError } from './errors.js'

/** anvil's well-known development mnemonic: its accounts are funded with 10,000 ETH each. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk'

/**
 * The anvil development account at an index (0 = deployer, the others for roles in tests).
 *
 * @example
 * ```ts
 * devAccount(0).address // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 * ```
 */
export function devAccount(index: number): ReturnType<typeof mnemonicToAccount> {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index })
}

/** A viem public client and a wallet client on one devnet chain. */
export type ChainClients = {
  readonly chain: Chain
  readonly rpcUrl: string
  readonly publicClient: PublicClient
  readonly walletClient: WalletClient
  /** The chain runs with `--no-mining`: every write is followed by `evm_mine`. */
  readonly manualMining: boolean
}

/**
 * viem clients for a local chain at an RPC URL (polling every 50 ms).
 *
 * @example
 * ```ts
 * const { publicClient } = chainClients({ rpcUrl: chain.rpcUrl, chainId: 31_337, name: 'home' })
 * await publicClient.getBlockNumber()
 * ```
 */
export function chainClients(parameters: {
  readonly rpcUrl: string
  readonly chainId: number
  readonly name: string
  readonly manualMining?: boolean | undefined
}): ChainClients {
  const chain = defineChain({
    id: parameters.chainId,
    name: parameters.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  })
  const transport = http(parameters.rpcUrl, { batch: false, retryCount: 0 })
  return {
    chain,
    rpcUrl: parameters.rpcUrl,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient,
    walletClient: createWalletClient({ chain, transport }),
    manualMining: parameters.manualMining ?? false,
  }
}

/**
 * Mines one block, optionally at an exact timestamp (seconds), for simulated time.
 *
 * @example
 * ```ts
 * await mine(clients, 1_700_000_000n)
 * ```
 */
export async function mine(clients: ChainClients, timestamp?: bigint): Promise<void> {
  const request = clients.publicClient.request as (args: {
    method: string
    params: unknown[]
  }) => Promise<unknown>
  if (timestamp !== undefined)
    await request({ method: 'evm_setNextBlockTimestamp', params: [`0x${timestamp.toString(16)}`] })
  await request({ method: 'evm_mine', params: [] })
}

/**
 * Sets the timestamp of the next block (seconds); it must be later than the latest block's.
 *
 * @example
 * ```ts
 * await setNextBlockTimestamp(clients, 1_700_000_060n)
 * ```
 */
export async function setNextBlockTimestamp(clients: ChainClients, timestamp: bigint): Promise<void> {
  const request = clients.publicClient.request as (args: {
    method: string
    params: unknown[]
  }) => Promise<unknown>
  await request({ method: 'evm_setNextBlockTimestamp', params: [`0x${timestamp.toString(16)}`] })
}

/**
 * Deploys a compiled contract and waits for its receipt.
 *
 * @throws ChainRevertError if the deployment reverts.
 * @example
 * ```ts
 * const engine = await deploy(clients, devAccount(0), contracts.RiskEngine, [owner])
 * ```
 */
export async function deploy(
  clients: ChainClients,
  account: Account,
  artifact: Artifact,
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await clients.walletClient.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: args as unknown[],
    account,
    chain: clients.chain,
  })
  if (clients.manualMining) await mine(clients)
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new ChainRevertError('deployment', hash, receipt.status)
  return receipt.contractAddress
}

/**
 * Sends a contract call and waits for it to succeed.
 *
 * @throws ChainRevertError if it reverts on chain (a revert at simulation surfaces as viem's error).
 * @example
 * ```ts
 * await write(clients, owner, { address: engine, abi, functionName: 'updateRiskProfile', args: [asset, 1n, 2n] })
 * ```
 */
export async function write(
  clients: ChainClients,
  account: Account,
  call: {
    readonly address: Address
    readonly abi: Abi
    readonly functionName: string
    readonly args?: readonly unknown[]
    readonly value?: bigint
    readonly gas?: bigint
  },
): Promise<TransactionReceipt> {
  const hash: Hex = await clients.walletClient.writeContract({
    address: call.address,
    abi: call.abi,
    functionName: call.functionName,
    args: (call.args ?? []) as unknown[],
    account,
    chain: clients.chain,
    ...(call.value === undefined ? {} : { value: call.value }),
    ...(call.gas === undefined ? {} : { gas: call.gas }),
  })
  if (clients.manualMining) await mine(clients)
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success') throw new ChainRevertError(call.functionName, hash, receipt.status)
  return receipt
}
