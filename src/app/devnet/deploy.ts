import { type Address, pad } from 'viem'
import { type ChainClients, deploy, devAccount, write } from '../../io/chain/clients.js'
import type { CompileOutput } from '../../io/chain/compile.js'
import {
  deployLzEndpoint,
  type LzEndpoint,
  sortAddresses,
  type UlnConfig,
  wireLzDefaults,
} from '../../io/chain/layerzero.js'

/** Roles on the devnet: anvil development accounts by index. */
export const ROLES = { owner: 0, guardian: 1, user: 2, attacker: 3, liquidator: 4, relayer: 5 } as const

/** Which receive-side DVN keys there are and how many must sign (k of n). */
export type DvnSetup = {
  /** Required DVN keys (all must verify). */
  readonly required: number
  /** Optional DVN keys. */
  readonly optional: number
  /** How many optional DVNs must verify. */
  readonly threshold: number
}

/** Options of {@link deployDevnet}. */
export type DeployDevnetParameters = {
  readonly home: ChainClients
  readonly debt: ChainClients
  readonly homeEid: number
  readonly debtEid: number
  readonly design: 'reference' | 'naive'
  readonly compiled: CompileOutput
  readonly dvns?: DvnSetup | undefined
  /** The seed's CollateralConfig values (bps, seconds, 0..100). */
  readonly collateral?: {
    readonly baseCollateralFactor: bigint
    readonly liquidationThreshold: bigint
    readonly liquidationPenalty: bigint
    readonly maxBridgeDelay: bigint
    readonly bridgeTrustScore: bigint
  }
  /** Collateral price, 8 decimals ($2,000 = 200_000_000_000n). */
  readonly priceE8?: bigint | undefined
  /** Vault outflow limit per window (raw collateral) and window length (s); 0 = none. */
  readonly outflow?: { readonly windowSeconds: bigint; readonly limit: bigint } | undefined
  /** Inbound credit token bucket on the manager (raw collateral); capacity 0 = none. */
  readonly creditRateLimit?: { readonly capacity: bigint; readonly refillPerSecond: bigint } | undefined
}

/** Addresses of one chain's deployment. */
type ChainDeployment = LzEndpoint & {
  readonly chainId: number
  readonly worker: Address
  readonly riskEngine: Address
  readonly contracts: Readonly<Record<string, Address>>
}

/** Everything `deployDevnet` deployed (the manifest's `chains` part). */
export type DevnetDeployment = {
  readonly design: 'reference' | 'naive'
  readonly home: ChainDeployment
  readonly debt: ChainDeployment
  readonly dvns: DvnSetup
  readonly receiveDvnKeys: { readonly required: readonly Address[]; readonly optional: readonly Address[] }
}

const DEFAULT_COLLATERAL = {
  baseCollateralFactor: 8_000n,
  liquidationThreshold: 8_500n,
  liquidationPenalty: 10_500n,
  maxBridgeDelay: 0n,
  bridgeTrustScore: 100n,
} as const

const MAX_UINT = 2n ** 256n - 1n

/** Development-account index of the first DVN key (anvil is started with 20 funded accounts). */
const FIRST_DVN_KEY = 10

/**
 * The DVN key accounts (indices into the development accounts) for a setup: required first.
 *
 * @example
 * ```ts
 * dvnKeyIndices({ required: 1, optional: 2, threshold: 1 }) // { required: [10], optional: [11, 12] }
 * ```
 */
export function dvnKeyIndices(setup: DvnSetup): { required: number[]; optional: number[] } {
  const required = Array.from({ length: setup.required }, (_, i) => FIRST_DVN_KEY + i)
  const optional = Array.from({ length: setup.optional }, (_, i) => FIRST_DVN_KEY + setup.required + i)
  return { required, optional }
}

async function deployChain(
  clients: ChainClients,
  compiled: CompileOutput,
  eid: number,
  remoteEid: number,
  receiveUln: UlnConfig,
): Promise<{ lz: LzEndpoint; worker: Address; riskEngine: Address }> {
  const owner = devAccount(ROLES.owner)
  const c = compiled.contracts
  const lz = await deployLzEndpoint(clients, owner, eid)
  const worker = await deploy(clients, owner, c.DevWorker!, [])
  const sendUln: UlnConfig = {
    confirmations: 1n,
    requiredDVNCount: 1,
    optionalDVNCount: 0,
    optionalDVNThreshold: 0,
    requiredDVNs: [worker],
    optionalDVNs: [],
  }
  await wireLzDefaults(clients, owner, lz, { remoteEid, executor: worker, sendUln, receiveUln })
  const riskEngine = await deploy(clients, owner, c.RiskEngine!, [owner.address])
  return { lz, worker, riskEngine }
}

/**
 * Deploys the two-chain devnet: on each chain the real EndpointV2 with SendUln302 and
 * ReceiveUln302, a zero-fee worker, the seed's RiskEngine; on the home chain the collateral
 * token and the CollateralVault; on the debt chain (the hub) the debt token, two price feeds and
 * the PositionManager; both OApps peered.
 *
 * @example
 * ```ts
 * const d = await deployDevnet({ home, debt, homeEid: 30_001, debtEid: 30_002, design: 'reference', compiled })
 * ```
 */
export async function deployDevnet(parameters: DeployDevnetParameters): Promise<DevnetDeployment> {
  const { home, debt, homeEid, debtEid, compiled } = parameters
  const c = compiled.contracts
  const owner = devAccount(ROLES.owner)
  const dvns = parameters.dvns ?? { required: 1, optional: 0, threshold: 0 }
  const keys = dvnKeyIndices(dvns)
  const requiredKeys = sortAddresses(keys.required.map((i) => devAccount(i).address))
  const optionalKeys = sortAddresses(keys.optional.map((i) => devAccount(i).address))
  const receiveUln: UlnConfig = {
    confirmations: 1n,
    requiredDVNCount: requiredKeys.length,
    optionalDVNCount: optionalKeys.length,
    optionalDVNThreshold: dvns.threshold,
    requiredDVNs: requiredKeys,
    optionalDVNs: optionalKeys,
  }
  const naive = parameters.design === 'naive'
  const collateral = parameters.collateral ?? DEFAULT_COLLATERAL
  const outflow = parameters.outflow ?? { windowSeconds: 0n, limit: MAX_UINT }

  const [h, d] = await Promise.all([
    (async () => {
      const base = await deployChain(home, compiled, homeEid, debtEid, receiveUln)
      const token = await deploy(home, owner, c.TestToken!, ['Wrapped Ether', 'WETH', 18])
      const vault = await deploy(home, owner, c.CollateralVault!, [
        base.lz.endpoint,
        owner.address,
        token,
        debtEid,
        naive,
        devAccount(ROLES.guardian).address,
        outflow.windowSeconds,
        outflow.limit,
      ])
      return { ...base, contracts: { collateralToken: token, vault } }
    })(),
    (async () => {
      const base = await deployChain(debt, compiled, debtEid, homeEid, receiveUln)
      const token = await deploy(debt, owner, c.TestToken!, ['USD Coin', 'USDC', 6])
      const priceFeed = await deploy(debt, owner, c.PriceFeed!, [
        8,
        1n,
        10n ** 14n,
        owner.address,
        'WETH / USD',
      ])
      const debtPriceFeed = await deploy(debt, owner, c.PriceFeed!, [
        8,
        1n,
        10n ** 10n,
        owner.address,
        'USDC / USD',
      ])
      await write(debt, owner, {
        address: priceFeed,
        abi: c.PriceFeed!.abi,
        functionName: 'updateAnswer',
        args: [parameters.priceE8 ?? 200_000_000_000n],
      })
      await write(debt, owner, {
        address: debtPriceFeed,
        abi: c.PriceFeed!.abi,
        functionName: 'updateAnswer',
        args: [100_000_000n],
      })
      const manager = await deploy(debt, owner, c.PositionManager!, [
        base.lz.endpoint,
        owner.address,
        token,
        debtPriceFeed,
        18,
        6,
        homeEid,
        naive,
        { assetAddress: token, ...collateral, priceFeed },
      ])
      await write(debt, owner, {
        address: token,
        abi: c.TestToken!.abi,
        functionName: 'mint',
        args: [manager, 10n ** 30n],
      })
      if (parameters.creditRateLimit)
        await write(debt, owner, {
          address: manager,
          abi: c.PositionManager!.abi,
          functionName: 'setCreditRateLimit',
          args: [parameters.creditRateLimit.capacity, parameters.creditRateLimit.refillPerSecond],
        })
      return { ...base, contracts: { debtToken: token, priceFeed, debtPriceFeed, positionManager: manager } }
    })(),
  ])
  await Promise.all([
    write(home, owner, {
      address: h.contracts.vault,
      abi: c.CollateralVault!.abi,
      functionName: 'setPeer',
      args: [debtEid, pad(d.contracts.positionManager)],
    }),
    write(debt, owner, {
      address: d.contracts.positionManager,
      abi: c.PositionManager!.abi,
      functionName: 'setPeer',
      args: [homeEid, pad(h.contracts.vault)],
    }),
  ])
  const chain = (x: typeof h | typeof d, chainId: number): ChainDeployment => ({
    ...x.lz,
    chainId,
    worker: x.worker,
    riskEngine: x.riskEngine,
    contracts: x.contracts,
  })
  return {
    design: parameters.design,
    home: chain(h, home.chain.id),
    debt: chain(d, debt.chain.id),
    dvns,
    receiveDvnKeys: { required: requiredKeys, optional: optionalKeys },
  }
}
