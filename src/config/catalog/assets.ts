import type { AssetEntry } from '../schema.js'

const VOL =
  'xcollat dev data prices/binance_*_1h (djienne/3EMA_SRSI_ATR@29af186): annualised stdev of hourly log returns, 2021-10-11 → 2022-10-11 (derived)'
const STRESS = (file: string) =>
  `test/golden/stress_calibration.py on the xcollat dev data ${file} (Binance hourly closes via djienne/3EMA_SRSI_ATR@29af186), 2020-01 → 2022-10: p99 of rolling 7-day realised volatility, episodes at or above it per year, GPD (PWM) tail of EWMA-standardised hourly losses above their 95th percentile (derived)`
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
    factor: 'ETH',
    stress: {
      sigmaStressed: 2.7213,
      episodeRate: 0.721,
      tail: { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 },
      source: STRESS('prices/binance_ethusdt_1h_2020-01_2022-10.csv'),
    },
    source: VOL,
    asOf: '2022-10-11',
    assumptions: { class: CLASS },
  },
  {
    id: 'wbtc',
    symbol: 'WBTC',
    class: 'native-bridged',
    volatilityAnnual: 0.6637,
    factor: 'BTC',
    stress: {
      sigmaStressed: 1.9423,
      episodeRate: 0.721,
      tail: { threshold: 1.6056, xi: 0.2338, beta: 0.8279, zeta: 0.05 },
      source: STRESS('prices/binance_btcusdt_1h_2020-01_2022-10.csv'),
    },
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: `${CLASS} WBTC is custodial wrapped BTC; BTC/USDT volatility used.`,
      volatilityAnnual: 'BTC/USDT volatility stands in for WBTC (custodian risk not in the volatility).',
      depeg:
        'No WBTC/BTC series in the data: no depeg process; custody failure is a bridge failure, bounded by caps.',
    },
  },
  {
    id: 'sol',
    symbol: 'SOL',
    class: 'native-bridged',
    volatilityAnnual: 1.1731,
    factor: 'SOL',
    stress: {
      sigmaStressed: 3.7048,
      episodeRate: 1.386,
      tail: { threshold: 1.6444, xi: 0.15, beta: 0.6848, zeta: 0.05 },
      source: STRESS('prices/binance_solusdt_1h_2020-01_2022-10.csv'),
    },
    source: VOL,
    asOf: '2022-10-11',
    assumptions: { class: CLASS },
  },
  {
    id: 'usdc',
    symbol: 'USDC',
    class: 'third-party-stablecoin',
    volatilityAnnual: 0.0212,
    factor: 'USD',
    depeg: {
      level: 0.1226,
      rate: 0.4,
      episodes: [0.0708, 0.1226],
      source:
        'test/golden/stress_calibration.py on prices/cmc_usdc_1d_2020-2024.csv (CoinMarketCap daily lows via MuLancer/DSE4101@a199648): deepest discount 2023-03-11 (SVB); episodes more than 2 % below the peg (runs within 30 days merged; 2 in 5 years, each with its own depth) (derived)',
    },
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
    factor: 'ETH',
    stress: {
      sigmaStressed: 2.7213,
      episodeRate: 0.721,
      tail: { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 },
      source: STRESS('prices/binance_ethusdt_1h_2020-01_2022-10.csv'),
    },
    depeg: {
      level: 0.065,
      rate: 1.001,
      episodes: [0.065, 0.0204],
      source:
        'test/golden/stress_calibration.py on oracles/chainlink_steth_eth_rounds_ethereum.csv (Chainlink stETH/ETH rounds via sajanrajdev/ape-chainlink-fetcher@d897493): deepest discount 2022-06-18, episodes more than 2 % below the peg (2 in 2 years, each with its own depth) (derived)',
    },
    pegVolatilityStressed: 0.3012,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: CLASS,
      volatilityAnnual:
        'ETH volatility used for wstETH (no wstETH/USD series in the data); its stETH/ETH depeg is the depeg process.',
    },
  },
  {
    id: 'rseth',
    symbol: 'rsETH',
    class: 'exotic-lst',
    volatilityAnnual: 0.8622,
    factor: 'ETH',
    stress: {
      sigmaStressed: 2.7213,
      episodeRate: 0.721,
      tail: { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 },
      source: STRESS('prices/binance_ethusdt_1h_2020-01_2022-10.csv'),
    },
    depeg: {
      level: 0.065,
      rate: 1.001,
      episodes: [0.065, 0.0204],
      source:
        'test/golden/stress_calibration.py on oracles/chainlink_steth_eth_rounds_ethereum.csv (Chainlink stETH/ETH rounds via sajanrajdev/ape-chainlink-fetcher@d897493): deepest discount 2022-06-18, episodes more than 2 % below the peg (2 in 2 years, each with its own depth) (derived)',
    },
    pegVolatilityStressed: 0.3012,
    source: VOL,
    asOf: '2022-10-11',
    assumptions: {
      class: CLASS,
      volatilityAnnual: 'ETH volatility used for rsETH (no rsETH series in the data).',
      depeg:
        'No rsETH/ETH series: the stETH/ETH depeg of June 2022 stands in for it (a restaking token can depeg further).',
    },
  },
]

/**
 * Correlations of hourly log returns of the market factors, keyed `A|B` with A < B: Binance
 * hourly closes 2020-01 → 2022-10 (test/golden/stress_calibration.py, derived). Used for the
 * volatility of a pair's price ratio.
 *
 * @example
 * ```ts
 * FACTOR_CORRELATIONS['BTC|ETH'] // 0.8508
 * ```
 */
export const FACTOR_CORRELATIONS: Readonly<Record<string, number>> = {
  'BTC|ETH': 0.8508,
  'BTC|SOL': 0.5818,
  'ETH|SOL': 0.6388,
}
