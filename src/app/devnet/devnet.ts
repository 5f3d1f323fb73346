import type { Abi } from 'viem'
import { type AnvilChain, startAnvil } from '../../io/chain/anvil.js'
import { type ChainClients, chainClients, devAccount } from '../../io/chain/clients.js'
import { type CompileOutput, compileContracts } from '../../io/chain/compile.js'
import { Relayer, type RelayerChain, type RelayerFaults } from '../../io/chain/relayer.js'
import {
  type DeployDevnetParameters,
  type DevnetDeployment,
  deployDevnet,
  dvnKeyIndices,
  FIRST_ROUTE_DVN_KEY,
  ROLES,
  ROUTE_DVN_KEYS,
} from './deploy.js'

/** The devnet's two chains: ids and LayerZero eids. */
export const DEVNET_CHAINS = {
  home: { chainId: 31_337, eid: 30_001, name: 'home' },
  debt: { chainId: 31_338, eid: 30_002, name: 'debt' },
} as const

/** A running devnet: chains, clients, deployment, relayer, and `stop()`. */
export type Devnet = {
  readonly anvils: { readonly home: AnvilChain; readonly debt: AnvilChain }
  readonly home: ChainClients
  readonly debt: ChainClients
  readonly deployment: DevnetDeployment
  readonly compiled: CompileOutput
  readonly relayer: Relayer
  /** Stops the relayer and both chains (by pid). */
  stop(): Promise<void>
}

/** Options of {@link startDevnet}. */
export type StartDevnetParameters = Omit<
  DeployDevnetParameters,
  'home' | 'debt' | 'homeEid' | 'debtEid' | 'compiled' | 'design'
> & {
  readonly design?: 'reference' | 'naive' | undefined
  /** `--no-mining` chains driven in simulated time from this genesis timestamp (s). */
  readonly simulatedTimeFrom?: bigint | undefined
  readonly faults?: RelayerFaults | undefined
  /** How many of the optional DVN keys sign (all required keys always sign). */
  readonly optionalSigners?: number | undefined
}

/**
 * The ABIs whose custom errors explain a failed delivery (the OApps').
 *
 * @example
 * ```ts
 * oappErrorAbis(compileContracts()).length // 3
 * ```
 */
export function oappErrorAbis(compiled: CompileOutput): Abi[] {
  return [
    compiled.contracts.CollateralVault!.abi,
    compiled.contracts.PositionManager!.abi,
    compiled.contracts.RouteOFT!.abi,
  ].map((abi) => abi.filter((x) => x.type === 'error') as Abi)
}

/**
 * Starts two anvil chains on free loopback ports, deploys the devnet on them and builds its
 * relayer (not started: call `relayer.relayOnce()` or `relayer.start()`). If anything fails, the
 * chains are stopped before the error is thrown.
 *
 * @example
 * ```ts
 * const devnet = await startDevnet({ design: 'reference' })
 * try { await devnet.relayer.relayOnce() } finally { await devnet.stop() }
 * ```
 */
export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const compiled = compileContracts()
  const sim = parameters.simulatedTimeFrom
  const started: AnvilChain[] = []
  try {
    const [homeAnvil, debtAnvil] = await Promise.all(
      [DEVNET_CHAINS.home, DEVNET_CHAINS.debt].map(async (c) => {
        const a = await startAnvil({ chainId: c.chainId, noMining: sim !== undefined, timestamp: sim })
        started.push(a)
        return a
      }),
    )
    const home = chainClients({
      rpcUrl: homeAnvil!.rpcUrl,
      chainId: DEVNET_CHAINS.home.chainId,
      name: 'home',
      manualMining: sim !== undefined,
    })
    const debt = chainClients({
      rpcUrl: debtAnvil!.rpcUrl,
      chainId: DEVNET_CHAINS.debt.chainId,
      name: 'debt',
      manualMining: sim !== undefined,
    })
    const deployment = await deployDevnet({
      ...parameters,
      home,
      debt,
      homeEid: DEVNET_CHAINS.home.eid,
      debtEid: DEVNET_CHAINS.debt.eid,
      compiled,
      design: parameters.design ?? 'reference',
    })
    const relayer = createRelayer({
      home,
      debt,
      deployment,
      compiled,
      faults: parameters.faults,
      optionalSigners: parameters.optionalSigners,
    })
    const anvils = { home: homeAnvil!, debt: debtAnvil! }
    return {
      anvils,
      home,
      debt,
      deployment,
      compiled,
      relayer,
      async stop() {
        await relayer.stop()
        await Promise.all([anvils.home.stop(), anvils.debt.stop()])
      },
    }
  } catch (error) {
    await Promise.all(started.map((a) => a.stop()))
    throw error
  }
}

/**
 * The relayer of a deployed devnet: both chains, the DVN keys that sign (every required key of
 * the default config and `optionalSigners` of its optional ones, default the threshold; and the
 * route DVN pool of `devnet dvn` and the OFT route) and the executor account. Each packet is
 * signed only by the held keys its receiving OApp's ULN config names.
 *
 * @example
 * ```ts
 * const relayer = createRelayer({ home, debt, deployment, compiled })
 * ```
 */
export function createRelayer(parameters: {
  readonly home: ChainClients
  readonly debt: ChainClients
  readonly deployment: Pick<DevnetDeployment, 'home' | 'debt' | 'dvns'>
  readonly compiled: CompileOutput
  readonly faults?: RelayerFaults | undefined
  readonly optionalSigners?: number | undefined
}): Relayer {
  const { deployment: d } = parameters
  const keys = dvnKeyIndices(d.dvns)
  const signers = [
    ...keys.required,
    ...keys.optional.slice(0, parameters.optionalSigners ?? d.dvns.threshold),
    ...Array.from({ length: ROUTE_DVN_KEYS }, (_, i) => FIRST_ROUTE_DVN_KEY + i),
  ].map((i) => devAccount(i))
  const chain = (clients: ChainClients, c: DevnetDeployment['home'], name: string): RelayerChain => ({
    name,
    eid: c.eid,
    clients,
    endpoint: c.endpoint,
    receiveLib: c.receiveLib,
  })
  return new Relayer({
    chains: [chain(parameters.home, d.home, 'home'), chain(parameters.debt, d.debt, 'debt')],
    dvnSigners: signers,
    executor: devAccount(ROLES.relayer),
    errorAbis: oappErrorAbis(parameters.compiled),
    faults: parameters.faults,
  })
}
