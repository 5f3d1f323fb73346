import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Abi, Account, Address, Hex } from 'viem'
import { type ChainClients, deploy, write } from './clients.js'
import type { Artifact } from './compile.js'
import { CompileError } from './errors.js'

const require = createRequire(import.meta.url)

type HardhatArtifact = {
  abi: Abi
  bytecode: Hex
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>
}

const PATHS = {
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json',
  ACLManager: 'protocol/configuration/ACLManager.sol/ACLManager.json',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol/SupplyLogic.json',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol/BorrowLogic.json',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol/LiquidationLogic.json',
  EModeLogic: 'protocol/libraries/logic/EModeLogic.sol/EModeLogic.json',
  BridgeLogic: 'protocol/libraries/logic/BridgeLogic.sol/BridgeLogic.json',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol/PoolLogic.json',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json',
  Pool: 'protocol/pool/Pool.sol/Pool.json',
  PoolConfigurator: 'protocol/pool/PoolConfigurator.sol/PoolConfigurator.json',
  AaveOracle: 'misc/AaveOracle.sol/AaveOracle.json',
  AaveProtocolDataProvider: 'misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json',
  AToken: 'protocol/tokenization/AToken.sol/AToken.json',
  StableDebtToken: 'protocol/tokenization/StableDebtToken.sol/StableDebtToken.json',
  VariableDebtToken: 'protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json',
  DefaultReserveInterestRateStrategy:
    'protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json',
} as const

/** The Aave v3 contracts the devnet deploys, by name. */
export type AaveContractName = keyof typeof PATHS

const cache = new Map<AaveContractName, HardhatArtifact>()

function artifact(name: AaveContractName): HardhatArtifact {
  let a = cache.get(name)
  if (!a) {
    const root = dirname(require.resolve('@aave/core-v3/package.json'))
    a = JSON.parse(readFileSync(join(root, 'artifacts', 'contracts', PATHS[name]), 'utf8')) as HardhatArtifact
    cache.set(name, a)
  }
  return a
}

/**
 * The ABI of an Aave v3 contract from `@aave/core-v3`'s Hardhat artifacts.
 *
 * @example
 * ```ts
 * aaveAbi('Pool') // the Pool's ABI (supply, borrow, getUserAccountData, …)
 * ```
 */
export function aaveAbi(name: AaveContractName): Abi {
  return artifact(name).abi
}

/**
 * An Aave artifact with its library placeholders replaced by deployed addresses: each
 * `linkReferences[file][lib][].start` is the byte offset of a 20-byte placeholder.
 *
 * @example
 * ```ts
 * const pool = linked('Pool', { BorrowLogic: '0x…', … })
 * ```
 */
function linked(name: AaveContractName, libraries: Readonly<Record<string, Address>>): Artifact {
  const a = artifact(name)
  let code = a.bytecode.slice(2)
  for (const refs of Object.values(a.linkReferences))
    for (const [lib, places] of Object.entries(refs)) {
      const address = libraries[lib]
      if (!address)
        throw new CompileError([`the Aave artifact ${name} links ${lib}, which was not deployed first`])
      for (const { start, length } of places)
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2)
    }
  return { abi: a.abi, bytecode: `0x${code}` }
}

/** A reserve to list: the asset, its price source, and its risk parameters (bps; bonus 10_500 = 5 %). */
export type AaveReserveInput = {
  readonly symbol: string
  readonly asset: Address
  readonly decimals: number
  /** A Chainlink-style source answering `latestAnswer()` in USD with 8 decimals. */
  readonly source: Address
  readonly ltv: bigint
  readonly liquidationThreshold: bigint
  readonly liquidationBonus: bigint
  /** Whole tokens; 0 = no cap. */
  readonly supplyCap: bigint
  readonly borrowCap: bigint
  readonly borrowing: boolean
}

/** A deployed Aave v3 market. */
export type AaveMarket = {
  readonly addressesProvider: Address
  readonly aclManager: Address
  readonly pool: Address
  readonly poolConfigurator: Address
  readonly oracle: Address
  readonly dataProvider: Address
  readonly reserves: Readonly<
    Record<
      string,
      {
        readonly asset: Address
        readonly aToken: Address
        readonly variableDebtToken: Address
        readonly stableDebtToken: Address
        readonly source: Address
        readonly ltv: bigint
        readonly liquidationThreshold: bigint
        readonly liquidationBonus: bigint
        readonly supplyCap: bigint
        readonly borrowCap: bigint
      }
    >
  >
}

/**
 * Deploys a real Aave v3 market (v3.0.x, `@aave/core-v3@1.19.3`) on a chain and lists the
 * reserves: addresses provider, ACL manager, the seven linked logic libraries, Pool and
 * PoolConfigurator behind the provider's proxies, AaveOracle in USD (1e8), the data provider,
 * token implementations, one interest-rate strategy, then `initReserves` and the risk parameters.
 *
 * @example
 * ```ts
 * const market = await deployAaveMarket(debt, owner, [{ symbol: 'USDC', asset, decimals: 6, source, ltv: 7_500n, … }])
 * ```
 */
export async function deployAaveMarket(
  clients: ChainClients,
  owner: Account,
  reserves: readonly AaveReserveInput[],
): Promise<AaveMarket> {
  const plain = (name: AaveContractName): Artifact => ({
    abi: artifact(name).abi,
    bytecode: artifact(name).bytecode,
  })
  const call = (address: Address, name: AaveContractName, functionName: string, args: readonly unknown[]) =>
    write(clients, owner, { address, abi: aaveAbi(name), functionName, args })
  const read = <T>(
    address: Address,
    name: AaveContractName,
    functionName: string,
    args: readonly unknown[] = [],
  ) =>
    clients.publicClient.readContract({
      address,
      abi: aaveAbi(name),
      functionName,
      args: [...args],
    }) as Promise<T>

  const provider = await deploy(clients, owner, plain('PoolAddressesProvider'), [
    'xcollat devnet',
    owner.address,
  ])
  await call(provider, 'PoolAddressesProvider', 'setACLAdmin', [owner.address])
  const aclManager = await deploy(clients, owner, plain('ACLManager'), [provider])
  await call(provider, 'PoolAddressesProvider', 'setACLManager', [aclManager])
  await call(aclManager, 'ACLManager', 'addPoolAdmin', [owner.address])
  await call(aclManager, 'ACLManager', 'addRiskAdmin', [owner.address])

  const libs: Record<string, Address> = {}
  for (const name of [
    'SupplyLogic',
    'BorrowLogic',
    'LiquidationLogic',
    'EModeLogic',
    'BridgeLogic',
    'PoolLogic',
  ] as const)
    libs[name] = await deploy(clients, owner, plain(name), [])
  libs.FlashLoanLogic = await deploy(clients, owner, linked('FlashLoanLogic', libs), [])
  const poolImpl = await deploy(clients, owner, linked('Pool', libs), [provider])
  await call(provider, 'PoolAddressesProvider', 'setPoolImpl', [poolImpl])
  const pool = await read<Address>(provider, 'PoolAddressesProvider', 'getPool')
  const configuratorLogic = await deploy(clients, owner, plain('ConfiguratorLogic'), [])
  const configuratorImpl = await deploy(
    clients,
    owner,
    linked('PoolConfigurator', { ConfiguratorLogic: configuratorLogic }),
    [],
  )
  await call(provider, 'PoolAddressesProvider', 'setPoolConfiguratorImpl', [configuratorImpl])
  const poolConfigurator = await read<Address>(provider, 'PoolAddressesProvider', 'getPoolConfigurator')

  const oracle = await deploy(clients, owner, plain('AaveOracle'), [
    provider,
    reserves.map((r) => r.asset),
    reserves.map((r) => r.source),
    '0x0000000000000000000000000000000000000000',
    '0x0000000000000000000000000000000000000000',
    10n ** 8n,
  ])
  await call(provider, 'PoolAddressesProvider', 'setPriceOracle', [oracle])
  const dataProvider = await deploy(clients, owner, plain('AaveProtocolDataProvider'), [provider])
  await call(provider, 'PoolAddressesProvider', 'setPoolDataProvider', [dataProvider])

  const aTokenImpl = await deploy(clients, owner, plain('AToken'), [pool])
  const stableImpl = await deploy(clients, owner, plain('StableDebtToken'), [pool])
  const variableImpl = await deploy(clients, owner, plain('VariableDebtToken'), [pool])
  const RAY = 10n ** 27n
  const strategy = await deploy(clients, owner, plain('DefaultReserveInterestRateStrategy'), [
    provider,
    (RAY * 90n) / 100n, // optimal usage 90 %
    0n, // base variable rate
    (RAY * 4n) / 100n, // slope 1: 4 %
    (RAY * 60n) / 100n, // slope 2: 60 %
    0n,
    0n,
    0n,
    0n,
    (RAY * 20n) / 100n,
  ])
  await call(poolConfigurator, 'PoolConfigurator', 'initReserves', [
    reserves.map((r) => ({
      aTokenImpl,
      stableDebtTokenImpl: stableImpl,
      variableDebtTokenImpl: variableImpl,
      underlyingAssetDecimals: r.decimals,
      interestRateStrategyAddress: strategy,
      underlyingAsset: r.asset,
      treasury: owner.address,
      incentivesController: '0x0000000000000000000000000000000000000000',
      aTokenName: `Aave devnet ${r.symbol}`,
      aTokenSymbol: `a${r.symbol}`,
      variableDebtTokenName: `Aave devnet variable debt ${r.symbol}`,
      variableDebtTokenSymbol: `variableDebt${r.symbol}`,
      stableDebtTokenName: `Aave devnet stable debt ${r.symbol}`,
      stableDebtTokenSymbol: `stableDebt${r.symbol}`,
      params: '0x',
    })),
  ])
  const out: Record<string, AaveMarket['reserves'][string]> = {}
  for (const r of reserves) {
    if (r.ltv > 0n || r.liquidationThreshold > 0n)
      await call(poolConfigurator, 'PoolConfigurator', 'configureReserveAsCollateral', [
        r.asset,
        r.ltv,
        r.liquidationThreshold,
        r.liquidationBonus,
      ])
    if (r.borrowing) await call(poolConfigurator, 'PoolConfigurator', 'setReserveBorrowing', [r.asset, true])
    if (r.supplyCap > 0n)
      await call(poolConfigurator, 'PoolConfigurator', 'setSupplyCap', [r.asset, r.supplyCap])
    if (r.borrowCap > 0n)
      await call(poolConfigurator, 'PoolConfigurator', 'setBorrowCap', [r.asset, r.borrowCap])
    const [aToken, stableDebtToken, variableDebtToken] = await read<readonly [Address, Address, Address]>(
      dataProvider,
      'AaveProtocolDataProvider',
      'getReserveTokensAddresses',
      [r.asset],
    )
    out[r.symbol] = {
      asset: r.asset,
      aToken,
      stableDebtToken,
      variableDebtToken,
      source: r.source,
      ltv: r.ltv,
      liquidationThreshold: r.liquidationThreshold,
      liquidationBonus: r.liquidationBonus,
      supplyCap: r.supplyCap,
      borrowCap: r.borrowCap,
    }
  }
  return {
    addressesProvider: provider,
    aclManager,
    pool,
    poolConfigurator,
    oracle,
    dataProvider,
    reserves: out,
  }
}
