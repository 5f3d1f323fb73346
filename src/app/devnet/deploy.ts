import { type Address, encodePacked, pad } from 'viem'
import { type AaveMarket, aaveAbi, deployAaveMarket } from '../../io/chain/aave.js'
import { type ChainClients, deploy, devAccount, write } from '../../io/chain/clients.js'
import type { CompileOutput } from '../../io/chain/compile.js'
import {
  deployLzEndpoint,
  type LzEndpoint,
  setReceiveUlnConfig,
  sortAddresses,
  type UlnConfig,
  ulnConfigOf,
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
  /**
   * How many DVN keys the rsETH-like OFT route's two OApps require (their own receive-side ULN
   * config, no optional DVNs): 2 by default; the KelpDAO config is 1 (a 1-of-1 DVN).
   */
  readonly oftRequiredDvns?: number | undefined
  /** rsETH price, 8 decimals (default $2,100). */
  readonly rsEthPriceE8?: bigint | undefined
  /** Deploy the Aave v3 market on the debt chain (rsETH collateral, USDC to borrow). */
  readonly aave?: boolean | undefined
}

/** The Aave v3 market's listing: rsETH (the OFT) as collateral, USDC to borrow (bps; bonus 10_750 = 7.5 %). */
export const AAVE_LISTING = {
  rsETH: {
    ltv: 7_250n,
    liquidationThreshold: 7_500n,
    liquidationBonus: 10_750n,
    supplyCap: 0n,
    borrowCap: 0n,
    borrowing: false,
  },
  USDC: {
    ltv: 7_500n,
    liquidationThreshold: 7_800n,
    liquidationBonus: 10_450n,
    supplyCap: 0n,
    borrowCap: 0n,
    borrowing: true,
  },
} as const

/** USDC the owner supplies to the Aave market at deployment (6 decimals): $5,000,000 of liquidity. */
export const AAVE_SEED_LIQUIDITY = 5_000_000n * 10n ** 6n

/** The Portal's unbacked mint cap on rsETH (whole tokens), the owner holding the bridge role. */
export const AAVE_UNBACKED_MINT_CAP = 1_000n

/** An OApp's own receive-side DVN set, as `devnet dvn` and the deployment set it. */
export type OAppDvnSet = {
  readonly required: readonly Address[]
  readonly optional: readonly Address[]
  readonly threshold: number
}

/** One OApp of the devnet: where it is, its peer's eid, and its own receive-side DVN set (undefined: the default). */
export type OAppInfo = {
  readonly chain: 'home' | 'debt'
  readonly address: Address
  readonly remoteEid: number
  readonly dvns?: OAppDvnSet | undefined
}

/** A Chainlink-style price feed of the devnet and its published rules. */
export type FeedInfo = {
  readonly chain: 'home' | 'debt'
  readonly address: Address
  readonly description: string
  readonly decimals: number
  readonly heartbeatSeconds: number
  readonly deviationBps: number
  readonly minAnswer: bigint
  readonly maxAnswer: bigint
  readonly pusher: Address
}

/** Addresses of one chain's deployment. */
export type ChainDeployment = LzEndpoint & {
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
  /** The OApps by name: vault, positionManager, rsEthAdapter, rsEthOft. */
  readonly oapps: Readonly<Record<string, OAppInfo>>
  /** The price feeds by name: weth, usdc, rsEth (all on the debt chain). */
  readonly feeds: Readonly<Record<string, FeedInfo>>
  /** The L2 sequencer uptime feed (debt chain) and the account that sets it. */
  readonly sequencer: { readonly chain: 'debt'; readonly address: Address; readonly owner: Address }
  /** The rsETH-like OFT route: token and adapter at home, the OFT on the debt chain. */
  /** The Aave v3 market on the debt chain, when deployed. */
  readonly aave?: AaveMarket | undefined
  readonly oft: {
    readonly symbol: string
    readonly token: Address
    readonly adapter: Address
    readonly oft: Address
    readonly sharedDecimals: number
  }
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
export const FIRST_DVN_KEY = 10

/** Development-account index of the first key of the pool `devnet dvn` and the OFT route draw DVNs from. */
export const FIRST_ROUTE_DVN_KEY = 20

/** How many keys that pool has (anvil is started with 30 funded accounts). */
export const ROUTE_DVN_KEYS = 8

/**
 * The first `count` keys of the route DVN pool (development-account indices 20, 21, …), as addresses.
 *
 * @example
 * ```ts
 * routeDvnKeys(2).length // 2
 * ```
 */
export function routeDvnKeys(count: number, from = 0): Address[] {
  return Array.from({ length: count }, (_, i) => devAccount(FIRST_ROUTE_DVN_KEY + from + i).address)
}

/** The feeds' published rules (heartbeat s, deviation bps, min and max answer at 8 decimals). */
export const FEED_RULES = {
  weth: {
    description: 'WETH / USD',
    heartbeatSeconds: 3_600,
    deviationBps: 50,
    minAnswer: 1n,
    maxAnswer: 10n ** 14n,
  },
  usdc: {
    description: 'USDC / USD',
    heartbeatSeconds: 86_400,
    deviationBps: 25,
    minAnswer: 1n,
    maxAnswer: 10n ** 10n,
  },
  rsEth: {
    description: 'rsETH / USD',
    heartbeatSeconds: 86_400,
    deviationBps: 50,
    minAnswer: 100n * 10n ** 8n,
    maxAnswer: 100_000n * 10n ** 8n,
  },
} as const

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

async function deployAave(
  debt: ChainClients,
  compiled: CompileOutput,
  contracts: {
    readonly rsEthOft: Address
    readonly rsEthPriceFeed: Address
    readonly debtToken: Address
    readonly debtPriceFeed: Address
  },
): Promise<AaveMarket> {
  const owner = devAccount(ROLES.owner)
  const market = await deployAaveMarket(debt, owner, [
    {
      symbol: 'rsETH',
      asset: contracts.rsEthOft,
      decimals: 18,
      source: contracts.rsEthPriceFeed,
      ...AAVE_LISTING.rsETH,
    },
    {
      symbol: 'USDC',
      asset: contracts.debtToken,
      decimals: 6,
      source: contracts.debtPriceFeed,
      ...AAVE_LISTING.USDC,
    },
  ])
  // The Portal: the owner may mintUnbacked rsETH up to the cap (Aave's unbacked-supply signal).
  await write(debt, owner, {
    address: market.aclManager,
    abi: aaveAbi('ACLManager'),
    functionName: 'addBridge',
    args: [owner.address],
  })
  await write(debt, owner, {
    address: market.poolConfigurator,
    abi: aaveAbi('PoolConfigurator'),
    functionName: 'setUnbackedMintCap',
    args: [contracts.rsEthOft, AAVE_UNBACKED_MINT_CAP],
  })
  const token = compiled.contracts.TestToken!.abi
  await write(debt, owner, {
    address: contracts.debtToken,
    abi: token,
    functionName: 'mint',
    args: [owner.address, AAVE_SEED_LIQUIDITY],
  })
  await write(debt, owner, {
    address: contracts.debtToken,
    abi: token,
    functionName: 'approve',
    args: [market.pool, AAVE_SEED_LIQUIDITY],
  })
  await write(debt, owner, {
    address: market.pool,
    abi: aaveAbi('Pool'),
    functionName: 'supply',
    args: [contracts.debtToken, AAVE_SEED_LIQUIDITY, owner.address, 0],
  })
  return market
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
      const rsEth = await deploy(home, owner, c.TestToken!, ['Kelp rsETH (devnet)', 'rsETH', 18])
      const rsEthAdapter = await deploy(home, owner, c.RouteOFTAdapter!, [
        rsEth,
        base.lz.endpoint,
        owner.address,
      ])
      return { ...base, contracts: { collateralToken: token, vault, rsEth, rsEthAdapter } }
    })(),
    (async () => {
      const base = await deployChain(debt, compiled, debtEid, homeEid, receiveUln)
      const token = await deploy(debt, owner, c.TestToken!, ['USD Coin', 'USDC', 6])
      const feed = (r: (typeof FEED_RULES)[keyof typeof FEED_RULES]) =>
        deploy(debt, owner, c.PriceFeed!, [
          8,
          r.minAnswer,
          r.maxAnswer,
          owner.address,
          r.description,
          BigInt(r.heartbeatSeconds),
          BigInt(r.deviationBps),
        ])
      const priceFeed = await feed(FEED_RULES.weth)
      const debtPriceFeed = await feed(FEED_RULES.usdc)
      const rsEthPriceFeed = await feed(FEED_RULES.rsEth)
      await write(debt, owner, {
        address: rsEthPriceFeed,
        abi: c.PriceFeed!.abi,
        functionName: 'updateAnswer',
        args: [parameters.rsEthPriceE8 ?? 210_000_000_000n],
      })
      const sequencerUptimeFeed = await deploy(debt, owner, c.SequencerUptimeFeed!, [owner.address])
      const rsEthOft = await deploy(debt, owner, c.RouteOFT!, [
        'Bridged rsETH',
        'rsETH',
        base.lz.endpoint,
        owner.address,
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
      return {
        ...base,
        contracts: {
          debtToken: token,
          priceFeed,
          debtPriceFeed,
          positionManager: manager,
          rsEthPriceFeed,
          sequencerUptimeFeed,
          rsEthOft,
        },
      }
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
  // The OFT route: peers, enforced lzReceive gas (type-3 options), and each side's own DVN set.
  const oftDvns: OAppDvnSet = {
    required: sortAddresses(routeDvnKeys(parameters.oftRequiredDvns ?? 2)),
    optional: [],
    threshold: 0,
  }
  const lzReceiveOptions = encodePacked(
    ['uint16', 'uint8', 'uint16', 'uint8', 'uint128'],
    [3, 1, 17, 1, 200_000n],
  )
  const oftSide = async (
    clients: ChainClients,
    lz: LzEndpoint,
    oapp: Address,
    remoteEid: number,
    peer: Address,
    abi: CompileOutput['contracts'][string]['abi'],
  ) => {
    await write(clients, owner, { address: oapp, abi, functionName: 'setPeer', args: [remoteEid, pad(peer)] })
    await write(clients, owner, {
      address: oapp,
      abi,
      functionName: 'setEnforcedOptions',
      args: [[{ eid: remoteEid, msgType: 1, options: lzReceiveOptions }]],
    })
    await setReceiveUlnConfig(clients, owner, { ...lz, oapp, remoteEid }, ulnConfigOf(oftDvns))
  }
  await Promise.all([
    oftSide(home, h.lz, h.contracts.rsEthAdapter, debtEid, d.contracts.rsEthOft, c.RouteOFTAdapter!.abi),
    oftSide(debt, d.lz, d.contracts.rsEthOft, homeEid, h.contracts.rsEthAdapter, c.RouteOFT!.abi),
  ])
  const aave = parameters.aave ? await deployAave(debt, compiled, d.contracts) : undefined
  const feedInfo = (address: Address, r: (typeof FEED_RULES)[keyof typeof FEED_RULES]): FeedInfo => ({
    chain: 'debt',
    address,
    decimals: 8,
    ...r,
    pusher: owner.address,
  })
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
    oapps: {
      vault: { chain: 'home', address: h.contracts.vault, remoteEid: debtEid },
      positionManager: { chain: 'debt', address: d.contracts.positionManager, remoteEid: homeEid },
      rsEthAdapter: { chain: 'home', address: h.contracts.rsEthAdapter, remoteEid: debtEid, dvns: oftDvns },
      rsEthOft: { chain: 'debt', address: d.contracts.rsEthOft, remoteEid: homeEid, dvns: oftDvns },
    },
    feeds: {
      weth: feedInfo(d.contracts.priceFeed, FEED_RULES.weth),
      usdc: feedInfo(d.contracts.debtPriceFeed, FEED_RULES.usdc),
      rsEth: feedInfo(d.contracts.rsEthPriceFeed, FEED_RULES.rsEth),
    },
    sequencer: { chain: 'debt', address: d.contracts.sequencerUptimeFeed, owner: owner.address },
    ...(aave ? { aave } : {}),
    oft: {
      symbol: 'rsETH',
      token: h.contracts.rsEth,
      adapter: h.contracts.rsEthAdapter,
      oft: d.contracts.rsEthOft,
      sharedDecimals: 6,
    },
  }
}
