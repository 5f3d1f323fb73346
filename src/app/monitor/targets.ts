import type { Address } from 'viem'
import type { Manifest } from '../devnet/manifest.js'

/** A chain the monitor reads: its name, RPC URLs (the first is primary, the rest fallbacks), id. */
export type ChainTarget = {
  readonly name: string
  readonly rpcUrls: readonly string[]
  readonly chainId: number
}

/** A Chainlink-style price feed. */
export type FeedTarget = { readonly chain: string; readonly name: string; readonly address: Address }

/** An L2 sequencer uptime feed. */
export type SequencerTarget = { readonly chain: string; readonly name: string; readonly address: Address }

/** The receive path of an OApp: whose ULN config the monitor reads from the endpoint. */
export type UlnTarget = {
  readonly route: string
  readonly chain: string
  readonly endpoint: Address
  readonly oapp: Address
  readonly remoteEid: number
}

/** The backing invariant of the message-passing route: locked in the vault ≥ credited on the manager. */
type BackingTarget = {
  readonly route: string
  readonly home: { readonly chain: string; readonly token: Address; readonly escrow: Address }
  readonly credit: { readonly chain: string; readonly manager: Address }
}

/** A PositionManager market: its positions are discovered from `Credited` events. */
export type MarketTarget = { readonly chain: string; readonly market: string; readonly manager: Address }

/** Everything one monitor watches. */
export type MonitorTargets = {
  readonly chains: readonly ChainTarget[]
  readonly feeds: readonly FeedTarget[]
  readonly sequencers: readonly SequencerTarget[]
  readonly uln: readonly UlnTarget[]
  readonly backing: readonly BackingTarget[]
  readonly markets: readonly MarketTarget[]
}

/**
 * What a devnet manifest says to watch: both chains; every contract named `…Feed` as a price feed
 * (those named `sequencer…` as sequencer uptime feeds); the receive path of each OApp (the vault
 * from the debt chain, the PositionManager from home); the vault's backing of the manager's
 * credits; the PositionManager's positions. `extraRpc` adds fallback URLs per chain name.
 *
 * @example
 * ```ts
 * const targets = targetsFromManifest(readManifest('.devnet/manifest.json'))
 * targets.uln.map((u) => u.route) // ['home:vault<-debt', 'debt:positionManager<-home']
 * ```
 */
export function targetsFromManifest(
  m: Manifest,
  extraRpc: Readonly<Record<string, readonly string[]>> = {},
): MonitorTargets {
  const { home, debt } = m.chains
  const chains = [home, debt].map((c) => ({
    name: c.name,
    rpcUrls: [c.rpcUrl, ...(extraRpc[c.name] ?? [])],
    chainId: c.chainId,
  }))
  const feeds: FeedTarget[] = []
  const sequencers: SequencerTarget[] = []
  for (const c of [home, debt])
    for (const [name, address] of Object.entries(c.contracts).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (/^sequencer/i.test(name)) sequencers.push({ chain: c.name, name, address: address as Address })
      else if (/feed$/i.test(name)) feeds.push({ chain: c.name, name, address: address as Address })
    }
  const uln: UlnTarget[] = []
  const vault = home.contracts.vault as Address | undefined
  const manager = debt.contracts.positionManager as Address | undefined
  if (vault)
    uln.push({
      route: 'home:vault<-debt',
      chain: home.name,
      endpoint: home.endpoint as Address,
      oapp: vault,
      remoteEid: debt.eid,
    })
  if (manager)
    uln.push({
      route: 'debt:positionManager<-home',
      chain: debt.name,
      endpoint: debt.endpoint as Address,
      oapp: manager,
      remoteEid: home.eid,
    })
  const token = home.contracts.collateralToken as Address | undefined
  const backing: BackingTarget[] =
    vault && manager && token
      ? [
          {
            route: 'collateral:home->debt',
            home: { chain: home.name, token, escrow: vault },
            credit: { chain: debt.name, manager },
          },
        ]
      : []
  const markets: MarketTarget[] = manager ? [{ chain: debt.name, market: 'positionManager', manager }] : []
  return { chains, feeds, sequencers, uln, backing, markets }
}
