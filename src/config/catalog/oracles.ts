import type { OracleEntry } from '../schema.js'

const SOURCE =
  'xcollat dev data oracles/chainlink_feeds_heartbeat.csv (LZeroAnalytics/chainlink-package@83aa3d4 src/package_io/constants_backup.star, MIT): proxy, decimals, heartbeat'
const DEVIATION_AUDIT =
  'Deviation threshold is not in the source; this value is quoted by audit reports (see PROVENANCE.md). Check data.chain.link.'
const DEVIATION_GUESS =
  'Deviation threshold is not in the source; assumed. Check data.chain.link and override it in your configuration.'

type Feed = readonly [
  network: string,
  key: string,
  pair: string,
  address: string,
  decimals: number,
  heartbeatSeconds: number,
  deviationThreshold: number,
  sourcedDeviation: boolean,
]

// Rows copied from the heartbeat file (network, feed_key, proxy_address, decimals, heartbeat_s).
const FEEDS: readonly Feed[] = [
  ['ethereum', 'eth-usd', 'ETH/USD', '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419', 8, 3600, 0.005, true],
  ['arbitrum', 'eth-usd', 'ETH/USD', '0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612', 8, 86_400, 0.0005, false],
  ['optimism', 'eth-usd', 'ETH/USD', '0x13e3Ee699D1909E989722E753853AE30b17e08c5', 8, 1200, 0.0015, false],
  ['base', 'eth-usd', 'ETH/USD', '0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70', 8, 1200, 0.0015, false],
  ['ethereum', 'btc-usd', 'BTC/USD', '0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c', 8, 3600, 0.005, false],
  [
    'arbitrum',
    'wbtc-usd',
    'WBTC/USD',
    '0xd0C7101eACbB49F3deCcCc166d238410D6D46d57',
    8,
    86_400,
    0.0005,
    false,
  ],
  ['optimism', 'wbtc-usd', 'WBTC/USD', '0x718A5788b89454aAE3A028AE9c111A29Be6c2a6F', 8, 1200, 0.0015, false],
  ['base', 'wbtc-usd', 'WBTC/USD', '0xCCADC697c55bbB68dc5bCdf8d3CBe83CdD4E071E', 8, 1200, 0.0015, false],
  ['ethereum', 'usdc-usd', 'USDC/USD', '0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6', 8, 86_400, 0.0025, true],
  ['arbitrum', 'usdc-usd', 'USDC/USD', '0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3', 8, 86_400, 0.001, false],
  [
    'optimism',
    'usdc-usd',
    'USDC/USD',
    '0x16a9FA2FDa030272Ce99B29CF780dFA30361E0f3',
    8,
    86_400,
    0.0025,
    false,
  ],
  ['base', 'usdc-usd', 'USDC/USD', '0x7e860098F58bBFC8648a4311b374B1D669a2bc6B', 8, 86_400, 0.003, false],
  [
    'optimism',
    'wsteth-usd',
    'wstETH/USD',
    '0x698B585CbC4407e2D54aa898B2600B53C68958f7',
    8,
    86_400,
    0.005,
    false,
  ],
  [
    'arbitrum',
    'wsteth-eth',
    'wstETH/ETH',
    '0xb523AE262D20A936BC152e6023996e46FDC2A95D',
    18,
    86_400,
    0.005,
    false,
  ],
  [
    'base',
    'wsteth-eth',
    'wstETH/ETH',
    '0x43a5C292A453A3bF3606fa856197f09D7B74251a',
    18,
    86_400,
    0.005,
    false,
  ],
  [
    'ethereum',
    'rseth-eth',
    'rsETH/ETH',
    '0x03c68933f7a3F76875C0bc670a58e69294cDFD01',
    18,
    86_400,
    0.005,
    false,
  ],
  [
    'arbitrum',
    'rseth-eth',
    'rsETH/ETH',
    '0xb0EA543f9F8d4B818550365d13F66Da747e1476A',
    18,
    86_400,
    0.005,
    false,
  ],
  [
    'optimism',
    'rseth-eth',
    'rsETH/ETH',
    '0x03fe94a215E3842deD931769F913d93FF33d0051',
    18,
    86_400,
    0.005,
    false,
  ],
  ['base', 'rseth-eth', 'rsETH/ETH', '0xd7221b10FBBC1e1ba95Fd0B4D031C15f7F365296', 18, 86_400, 0.005, false],
  ['ethereum', 'sol-usd', 'SOL/USD', '0x4ffC43a60e009B551865A93d232E33Fce9f01507', 8, 86_400, 0.005, false],
  ['arbitrum', 'sol-usd', 'SOL/USD', '0x24ceA4b8ce57cdA5058b924B9B9987992450590c', 8, 86_400, 0.005, false],
  ['base', 'sol-usd', 'SOL/USD', '0x975043adBb80fc32276CbF9Bbcfd4A601a12462D', 8, 86_400, 0.005, false],
]

/**
 * Built-in Chainlink feeds (the ones the examples use), id `<feed_key>-<network>`:
 * heartbeats, decimals and proxy addresses from the heartbeat file (snapshot March/April
 * 2025); deviation thresholds are assumptions and say so.
 *
 * @example
 * ```ts
 * CATALOG_ORACLES.find((o) => o.id === 'eth-usd-ethereum')?.heartbeatSeconds // 3600
 * ```
 */
export const CATALOG_ORACLES: readonly OracleEntry[] = FEEDS.map(
  ([network, key, pair, address, decimals, heartbeatSeconds, deviationThreshold, sourced]) => ({
    id: `${key}-${network}`,
    provider: 'chainlink',
    pair,
    chain: network,
    heartbeatSeconds,
    deviationThreshold,
    decimals,
    address,
    source: SOURCE,
    asOf: '2025-04',
    assumptions: { deviationThreshold: sourced ? DEVIATION_AUDIT : DEVIATION_GUESS },
  }),
)
