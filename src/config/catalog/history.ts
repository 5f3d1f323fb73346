/**
 * Where the data folder (`--data`, `XCOLLAT_DATA_DIR`; described in its PROVENANCE.md) holds the
 * price history of an asset, for `xcollat validate`. Paths are relative to the folder.
 */
export type HistorySeries = {
  readonly id: string
  readonly file: string
  readonly column: string
  /** The column of each period's low, when the file has one. */
  readonly lowColumn?: string
  /** The column of each period's high, when the file has one (a debt asset's high is its pair's low). */
  readonly highColumn?: string
  readonly timeColumn?: string
  /** Seconds added to the file's times so a close sits at the end of its candle. */
  readonly timeOffsetSeconds?: number
  /**
   * Multiply by this series, step-held (its last value at or before each time): stETH in USD is
   * the Chainlink stETH/ETH round times ETH/USD.
   */
  readonly times?: Omit<HistorySeries, 'id' | 'times' | 'caveat'>
  readonly caveat?: string
  readonly source: string
}

/** The history of one asset. */
export type AssetHistory = {
  readonly asset: string
  /** Route asset symbols it serves (case-insensitive). */
  readonly aliases: readonly string[]
  readonly series: readonly HistorySeries[]
  /** A USD stablecoin: against it a collateral's USD price is the pair's price. */
  readonly usdPegged?: boolean
}

const BINANCE = 'Binance spot 1 h klines via djienne/3EMA_SRSI_ATR@29af186 (PROVENANCE §1)'
const CMC = 'CoinMarketCap daily history via MuLancer/DSE4101…@a199648 (PROVENANCE §1)'
const DAILY =
  'daily closes and lows: a depeg shorter than a day is seen only through the day low, at which the sale is then made (resolution coarser than the liquidation horizon)'
const hourly = (asset: string, file: string) => ({
  id: `binance-${asset.toLowerCase()}-1h`,
  file: `prices/${file}`,
  column: 'close',
  lowColumn: 'low',
  highColumn: 'high',
  timeOffsetSeconds: 3600,
  source: BINANCE,
})
const daily = (asset: string, file: string) => ({
  id: `cmc-${asset.toLowerCase()}-1d`,
  file: `prices/${file}`,
  column: 'close_usd',
  lowColumn: 'low_usd',
  highColumn: 'high_usd',
  timeOffsetSeconds: 86_400,
  caveat: DAILY,
  source: CMC,
})
const ETH_1H = hourly('ETH', 'binance_ethusdt_1h_2020-01_2022-10.csv')

/**
 * The data folder's price histories by asset: ETH, BTC, SOL, AVAX, MATIC, FTT hourly (Binance);
 * stETH from the Chainlink stETH/ETH rounds times ETH hourly; USDC, USDT, DAI, UST daily
 * (CoinMarketCap, with their resolution caveat).
 *
 * @example
 * ```ts
 * HISTORY.find((h) => h.aliases.includes('WSTETH'))?.asset // 'stETH'
 * ```
 */
export const HISTORY: readonly AssetHistory[] = [
  { asset: 'ETH', aliases: ['ETH', 'WETH'], series: [ETH_1H] },
  {
    asset: 'BTC',
    aliases: ['BTC', 'WBTC'],
    series: [hourly('BTC', 'binance_btcusdt_1h_2020-01_2022-10.csv')],
  },
  {
    asset: 'SOL',
    aliases: ['SOL', 'WSOL'],
    series: [hourly('SOL', 'binance_solusdt_1h_2020-01_2022-10.csv')],
  },
  {
    asset: 'AVAX',
    aliases: ['AVAX', 'WAVAX'],
    series: [hourly('AVAX', 'binance_avaxusdt_1h_2020-01_2022-10.csv')],
  },
  {
    asset: 'MATIC',
    aliases: ['MATIC', 'WMATIC', 'POL'],
    series: [hourly('MATIC', 'binance_maticusdt_1h_2020-01_2022-10.csv')],
  },
  { asset: 'FTT', aliases: ['FTT'], series: [hourly('FTT', 'binance_fttusdt_1h_2020-01_2022-10.csv')] },
  {
    asset: 'stETH',
    aliases: ['STETH', 'WSTETH'],
    series: [
      {
        id: 'chainlink-steth-eth-x-binance-eth-1h',
        file: 'oracles/chainlink_steth_eth_rounds_ethereum.csv',
        column: 'answer',
        timeColumn: 'updated_at_unix',
        times: {
          file: ETH_1H.file,
          column: 'close',
          lowColumn: 'low',
          timeOffsetSeconds: 3600,
          source: BINANCE,
        },
        caveat:
          'stETH/ETH from Chainlink rounds (24 h heartbeat, 0.5 % deviation): the discount moves at most once a day unless it moves 0.5 %; the wstETH/stETH exchange rate (rising) is left out, which only makes the series harsher',
        source: 'Chainlink stETH/ETH rounds on Ethereum (PROVENANCE §3) × Binance ETH/USDT 1 h',
      },
      {
        ...ETH_1H,
        id: 'binance-eth-1h-as-steth',
        caveat:
          'ETH/USD alone stands for stETH before the stETH/ETH rounds begin (2022-01-29): the ETH factor of March 2020 and May 2021 without the stETH discount of those days (milder by that discount)',
      },
    ],
  },
  {
    asset: 'USDC',
    usdPegged: true,
    aliases: ['USDC', 'USDC.E'],
    series: [daily('USDC', 'cmc_usdc_1d_2020-2024.csv')],
  },
  { asset: 'USDT', usdPegged: true, aliases: ['USDT'], series: [daily('USDT', 'cmc_usdt_1d_2020-2024.csv')] },
  { asset: 'DAI', usdPegged: true, aliases: ['DAI'], series: [daily('DAI', 'cmc_dai_1d_2020-2024.csv')] },
  {
    asset: 'UST',
    usdPegged: true,
    aliases: ['UST', 'USTC'],
    series: [daily('UST', 'cmc_ustc_terrausd_1d_2020-2024.csv')],
  },
]

/**
 * The history of a route's asset, by symbol or alias (case-insensitive), or undefined.
 *
 * @example
 * ```ts
 * historyFor('wstETH')?.asset // 'stETH'
 * ```
 */
export function historyFor(symbol: string): AssetHistory | undefined {
  const s = symbol.toUpperCase()
  return HISTORY.find((h) => h.asset.toUpperCase() === s || h.aliases.includes(s))
}
