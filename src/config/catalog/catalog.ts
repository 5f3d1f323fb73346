import type { AssetEntry, BridgeEntry, ChainEntry, OracleEntry, VenueEntry } from '../schema.js'
import { CATALOG_ASSETS, FACTOR_CORRELATIONS } from './assets.js'
import { CATALOG_BRIDGES } from './bridges.js'
import { CATALOG_CHAINS } from './chains.js'
import { CATALOG_ORACLES } from './oracles.js'

/** The built-in catalog a configuration refers to and may override. */
export type Catalog = {
  readonly chains: readonly ChainEntry[]
  readonly bridges: readonly BridgeEntry[]
  readonly oracles: readonly OracleEntry[]
  readonly assets: readonly AssetEntry[]
  readonly venues: readonly VenueEntry[]
  /** Stressed correlations of factor returns, keyed `A|B` with A < B. */
  readonly factorCorrelations?: Readonly<Record<string, number>> | undefined
}

/**
 * The built-in catalog: chains, bridges, Chainlink feeds and assets. Venues are always the
 * user's (pool depth changes daily), so the catalog has none.
 *
 * @example
 * ```ts
 * CATALOG.bridges.map((b) => b.id) // ['arbitrum-canonical', 'optimism-canonical', ...]
 * ```
 */
export const CATALOG: Catalog = {
  chains: CATALOG_CHAINS,
  bridges: CATALOG_BRIDGES,
  oracles: CATALOG_ORACLES,
  assets: CATALOG_ASSETS,
  venues: [],
  factorCorrelations: FACTOR_CORRELATIONS,
}
