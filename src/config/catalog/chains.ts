import type { ChainEntry } from '../schema.js'

const DATA_BLOCKS =
  'xcollat dev data chains/block_stats_daily_multichain_2020-2022.csv (Etherscan-family explorer exports via DylanPatterson0/Unifi-Research@5109f0a); 30-day mean to 2022-10-05'
const CONGESTION =
  'No congestion data in the sources; 1.5× on message delays is a margin. Set it from your own data.'
const L2_FINALITY =
  'L1 finality of an L2 block needs its batch posted to Ethereum and that block finalized; no source gives the posting interval here. 30 minutes assumed.'
const OP_FINALITY =
  'OP Stack docs (transaction finality): an L2 transaction is finalized when its batch is in a finalized Ethereum block, "typically around 20–30 minutes"; the upper end, 30 minutes, is used and varies with batch posting.'
const GRACE =
  "Grace period after the sequencer comes back up: 3600 s as in Chainlink's L2 sequencer uptime feed example (GRACE_PERIOD_TIME); your protocol's value may differ."

/**
 * Built-in chains. Each fact names its source and date; values without a citable source are
 * listed in `assumptions` and shown to the user.
 *
 * @example
 * ```ts
 * CATALOG_CHAINS.find((c) => c.id === 'ethereum')?.finalitySeconds // 768
 * ```
 */
export const CATALOG_CHAINS: readonly ChainEntry[] = [
  {
    id: 'ethereum',
    name: 'Ethereum',
    kind: 'l1',
    blockTimeSeconds: 12,
    finalitySeconds: 768,
    congestionMultiplier: 1.5,
    source:
      'ethereum.org proof-of-stake docs: 12 s slots, finality after 2 epochs of 32 slots (64 × 12 s = 768 s)',
    asOf: '2024',
    assumptions: { congestionMultiplier: CONGESTION },
  },
  {
    id: 'arbitrum',
    name: 'Arbitrum One',
    kind: 'optimistic-rollup',
    blockTimeSeconds: 0.25,
    finalitySeconds: 1800,
    congestionMultiplier: 1.5,
    sequencer: { gracePeriodSeconds: 3600, uptimeFeed: '0xFdB631F5EE196F0ed6FAa767959853A9F217697D' },
    source:
      'Arbitrum docs (250 ms block time); sequencer uptime feed address from xcollat dev data oracles/chainlink_feeds_heartbeat.csv (LZeroAnalytics/chainlink-package@83aa3d4)',
    asOf: '2025-04',
    assumptions: {
      finalitySeconds: L2_FINALITY,
      congestionMultiplier: CONGESTION,
      gracePeriodSeconds: GRACE,
    },
  },
  {
    id: 'optimism',
    name: 'OP Mainnet',
    kind: 'optimistic-rollup',
    blockTimeSeconds: 2,
    finalitySeconds: 1800,
    congestionMultiplier: 1.5,
    sequencer: { gracePeriodSeconds: 3600, uptimeFeed: '0x371EAD81c9102C9BF4874A9075FFFf170F2Ee389' },
    source:
      'OP Stack docs (2 s block time); sequencer uptime feed address from xcollat dev data oracles/chainlink_feeds_heartbeat.csv (LZeroAnalytics/chainlink-package@83aa3d4)',
    asOf: '2025-04',
    assumptions: {
      finalitySeconds: OP_FINALITY,
      congestionMultiplier: CONGESTION,
      gracePeriodSeconds: GRACE,
    },
  },
  {
    id: 'base',
    name: 'Base',
    kind: 'optimistic-rollup',
    blockTimeSeconds: 2,
    finalitySeconds: 1800,
    congestionMultiplier: 1.5,
    sequencer: { gracePeriodSeconds: 3600, uptimeFeed: '0xBCF85224fc0756B9Fa45aA7892530B47e10b6433' },
    source:
      'OP Stack docs (2 s block time); sequencer uptime feed address from xcollat dev data oracles/chainlink_feeds_heartbeat.csv (LZeroAnalytics/chainlink-package@83aa3d4)',
    asOf: '2025-04',
    assumptions: {
      finalitySeconds: OP_FINALITY,
      congestionMultiplier: CONGESTION,
      gracePeriodSeconds: GRACE,
    },
  },
  {
    id: 'polygon',
    name: 'Polygon PoS',
    kind: 'sidechain',
    blockTimeSeconds: 2.09,
    finalitySeconds: 1800,
    congestionMultiplier: 1.5,
    source: DATA_BLOCKS,
    asOf: '2022-10',
    assumptions: {
      finalitySeconds:
        'Finality of Polygon PoS (checkpoints on Ethereum, later milestones) is not in the sources; 30 minutes assumed.',
      congestionMultiplier: CONGESTION,
    },
  },
  {
    id: 'avalanche',
    name: 'Avalanche C-Chain',
    kind: 'sidechain',
    blockTimeSeconds: 2.37,
    finalitySeconds: 2,
    congestionMultiplier: 1.5,
    source: DATA_BLOCKS,
    asOf: '2022-10',
    assumptions: {
      finalitySeconds:
        'Snowman consensus finalizes in about the time of one block; not in the sources. 2 s assumed.',
      congestionMultiplier: CONGESTION,
    },
  },
  {
    id: 'bnb',
    name: 'BNB Chain',
    kind: 'sidechain',
    blockTimeSeconds: 3.03,
    finalitySeconds: 60,
    congestionMultiplier: 1.5,
    source: DATA_BLOCKS,
    asOf: '2022-10',
    assumptions: {
      blockTimeSeconds: 'Measured in 2022; later upgrades reportedly shortened the block time. Verify.',
      finalitySeconds: 'Fast finality is not in the sources; 60 s assumed.',
      congestionMultiplier: CONGESTION,
    },
  },
  {
    id: 'solana',
    name: 'Solana',
    kind: 'sidechain',
    blockTimeSeconds: 0.4,
    finalitySeconds: 13,
    congestionMultiplier: 1.5,
    source: 'Solana docs: 400 ms slots; "finalized" commitment after 31+ confirmed blocks',
    asOf: '2024',
    assumptions: {
      finalitySeconds: '31+ slots of 400 ms ≈ 12.4 s, rounded up to 13 s; real slot times vary.',
      congestionMultiplier: CONGESTION,
    },
  },
]
