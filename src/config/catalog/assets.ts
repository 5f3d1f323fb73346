import type { AssetEntry } from '../schema.js'

const VOL =
  'xcollat dev data prices/binance_*_1h (djienne/3EMA_SRSI_ATR@29af186): annualised stdev of hourly log returns, 2021-10-11 → 2022-10-11 (derived)'
const CLASS =
  "Collateral class assigned by xcollat from the seed's risk matrix; change it if your policy differs."

/**
 * Built-in collateral assets: class from the seed's risk matrix and an annualised volatility
 * derived from the development data (or an explicit assumption).
 *
 * @example
 * ```ts
 * CATALOG_ASSETS.find((a) => a.id === 'weth')?.volatilityAnnual // 0.8622
 * ```
 */
export const CATALOG_ASSETS: readonly AssetEntry[] = [
  {
    id: 'weth',
    symbol: 'WETH',
    class: 'native-bridged',
    volatilityAnnual: 0.8622,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: { class: CLASS },
  },
  {
    id: 'wbtc',
    symbol: 'WBTC',
    class: 'native-bridged',
    volatilityAnnual: 0.6637,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: `${CLASS} WBTC is custodial wrapped BTC; BTC/USDT volatility used.`,
      volatilityAnnual: 'BTC/USDT volatility stands in for WBTC (custodian risk not in the volatility).',
    },
  },
  {
    id: 'sol',
    symbol: 'SOL',
    class: 'native-bridged',
    volatilityAnnual: 1.1731,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: { class: CLASS },
  },
  {
    id: 'usdc',
    symbol: 'USDC',
    class: 'third-party-stablecoin',
    volatilityAnnual: 0.0212,
    source:
      'xcollat dev data prices/cmc_usdc_1d_2020-2024.csv (CoinMarketCap via MuLancer/DSE4101@a199648): annualised stdev of daily log returns 2022-01-01 → 2024-12-31, includes the March 2023 depeg (derived)',
    asOf: '2024-12-31',
    assumptions: { class: CLASS },
  },
  {
    id: 'wsteth',
    symbol: 'wstETH',
    class: 'exotic-lst',
    volatilityAnnual: 0.8622,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: CLASS,
      volatilityAnnual:
        'ETH volatility used for wstETH (no wstETH/USD series in the data); depeg risk not included.',
    },
  },
  {
    id: 'rseth',
    symbol: 'rsETH',
    class: 'exotic-lst',
    volatilityAnnual: 0.8622,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: CLASS,
      volatilityAnnual:
        'ETH volatility used for rsETH (no rsETH series in the data); depeg risk not included.',
    },
  },
]
