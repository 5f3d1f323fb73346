import { XcollatError } from '../errors.js'

/**
 * The market scenario library: historical crises, each defined by its PUBLISHED key figures
 * (with the source cited), so it runs on a fresh clone without any data folder. A scenario
 * yields a price path per asset, piecewise LINEAR in price through its key points (flat
 * before the first and after the last), sampled on a grid of fixed step that also contains
 * every key point's time (so a published low is never stepped over), and fault events
 * (bridge drained or halted, depeg, oracle floor, unbacked mint). Given a data folder, a
 * backtest replays the real series named in `replay` instead.
 */

/**
 * Where a key point's number sits in the data folder: `file` (relative to the folder), the row
 * whose FIRST column (the time or date) equals `row`, and the `column` holding the number.
 * A test (`test/backtest.data.test.ts`) reads every such cell and compares it with the key point.
 */
export type DataRef = { readonly file: string; readonly row: string; readonly column: string }

/** A published price at a time: seconds since the scenario's `start`, price in the asset's quote. */
export type KeyPoint = {
  readonly t: number
  readonly price: number
  readonly note?: string
  /** The data-folder cell the price is copied from, when it is one. */
  readonly ref?: DataRef
}

/** One asset's published path. */
export type AssetPath = {
  readonly asset: string
  /** Other names a route's asset may carry (a config's `WETH` matches `ETH`). Compared case-insensitively. */
  readonly aliases: readonly string[]
  /** The currency of the prices: `USD`, `ETH`, or `index` (start = 1, relative moves only). */
  readonly quote: 'USD' | 'ETH' | 'index'
  readonly keyPoints: readonly KeyPoint[]
}

/** A fault in the scenario, at `at` seconds since `start`. */
export type FaultEvent =
  | {
      readonly kind: 'bridge-drained'
      readonly at: number
      readonly bridge: string
      /** Chains the failure hit; absent means every chain of the bridge. */
      readonly chains?: readonly string[]
      /** Assets whose bridged copies lose their backing. */
      readonly assets: readonly string[]
      /** Fraction of the backing lost, 0..1. */
      readonly fractionLost: number
      readonly note: string
    }
  | {
      readonly kind: 'bridge-halted'
      readonly at: number
      readonly bridge: string
      /** Chains the halt hit; absent means every chain of the bridge. */
      readonly chains?: readonly string[]
      /** How long messages stop; absent when the bridge never reopened within the scenario. */
      readonly durationSeconds?: number
      readonly note: string
    }
  | {
      readonly kind: 'depeg'
      readonly at: number
      readonly asset: string
      readonly low: number
      readonly note: string
    }
  | {
      readonly kind: 'oracle-floor'
      readonly at: number
      readonly asset: string
      /** The feed's minimum answer: it reports max(market, floor). */
      readonly floor: number
      readonly note: string
    }
  | {
      readonly kind: 'unbacked-mint'
      readonly at: number
      readonly asset: string
      /** The bridge whose forged message minted or released it. */
      readonly bridge: string
      readonly amount: number
      readonly durationSeconds: number
      readonly collateralPostedUsd: number
      readonly borrowedUsd: number
      readonly note: string
    }

/** A real series to replay from the data folder (path relative to it), over [from, to] (ISO 8601 UTC). */
export type ReplaySpec = {
  readonly asset: string
  readonly file: string
  readonly column: string
  /** The column of each period's low (a candle's low), when the file has one. */
  readonly lowColumn?: string
  readonly timeColumn?: string
  readonly from: string
  readonly to: string
  /**
   * Seconds added to the file's times so each value sits at the time it was observed: a candle's
   * close is stamped with the candle's OPEN time in the Binance and CoinMarketCap files, so their
   * closes are shifted by one candle (3600 s, 86 400 s). 0 (default) for Chainlink rounds.
   */
  readonly timeOffsetSeconds?: number
  readonly note: string
}

/** A published figure the scenario reproduces; a test checks each against the path. */
export type PublishedFigure = {
  readonly what: string
  readonly value: number
  readonly source: string
  /**
   * How the figure is backed: `data` (a cell of the data folder, checked by a test when one is
   * given), `public-source` (a cited public text, checked by the reviewers against it),
   * `definition` (a synthetic scenario's definition), `unverified` (as stated in issue 6; no
   * public source found that confirms it). Absent means `public-source`.
   */
  readonly status?: 'data' | 'public-source' | 'definition' | 'unverified'
}

/** Options of a scenario's `build`. */
export type BuildScenarioParameters = {
  /** Grid step in seconds (> 0). Default 3600. */
  readonly stepSeconds?: number
  /** Seconds appended after the last key point (prices flat), e.g. a liquidation horizon. Default 0. */
  readonly tailSeconds?: number
}

/** A built scenario: one time grid (unix seconds), one price column per asset, and the events in unix seconds. */
export type ScenarioPaths = {
  readonly name: string
  readonly times: Float64Array
  readonly prices: Readonly<Record<string, Float64Array>>
  readonly quotes: Readonly<Record<string, AssetPath['quote']>>
  readonly events: readonly FaultEvent[]
}

/** A market scenario of the library. */
export type MarketScenario = {
  readonly name: string
  readonly title: string
  readonly description: string
  /** Citations of every figure used. */
  readonly source: readonly string[]
  /** The scenario's time origin, unix seconds (0 for the synthetic stress test). */
  readonly start: number
  /** The asset a route is replayed against when none of its names matches. */
  readonly primaryAsset: string
  readonly assets: readonly AssetPath[]
  /** Events with `at` in seconds since `start`. */
  readonly events: readonly FaultEvent[]
  readonly figures: readonly PublishedFigure[]
  readonly replay: readonly ReplaySpec[]
  readonly build: (parameters?: BuildScenarioParameters) => ScenarioPaths
}

/**
 * A scenario build option or key point is unusable. Code `XC_SCENARIO_INPUT`.
 *
 * @example
 * ```ts
 * throw new ScenarioInputError('stepSeconds 0 is not a positive number.', 'Pass a step such as 3600.')
 * ```
 */
export class ScenarioInputError extends XcollatError {
  override name = 'ScenarioInputError'
  constructor(what: string, instruction: string) {
    super(what, { code: 'XC_SCENARIO_INPUT', instruction })
  }
}

const HOUR = 3600
const DAY = 86_400

/**
 * Unix seconds of an ISO 8601 UTC time (pure: no clock).
 *
 * @example
 * ```ts
 * isoSeconds('2020-03-12T00:00:00Z') // 1583971200
 * ```
 */
export function isoSeconds(iso: string): number {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms))
    throw new ScenarioInputError(
      `${JSON.stringify(iso)} is not an ISO 8601 time.`,
      'Write it as 2022-05-11T07:45:00Z.',
    )
  return ms / 1000
}

/**
 * The price of a piecewise-linear path at time `t` (seconds, same origin as the key points):
 * linear between neighbouring key points, flat before the first and after the last.
 *
 * @example
 * ```ts
 * priceAt([{ t: 0, price: 1 }, { t: 86_400, price: 0.6 }], 43_200) // 0.8
 * ```
 */
export function priceAt(keyPoints: readonly KeyPoint[], t: number): number {
  const first = keyPoints[0]
  if (first === undefined)
    throw new ScenarioInputError('A path has no key points.', 'Give at least one key point.')
  if (!Number.isFinite(t))
    throw new ScenarioInputError(`Time ${t} is not finite.`, 'Pass a finite time in seconds.')
  if (t <= first.t) return first.price
  for (let i = 1; i < keyPoints.length; i++) {
    const b = keyPoints[i] as KeyPoint
    if (t <= b.t) {
      const a = keyPoints[i - 1] as KeyPoint
      // exactly the published number at a key time (the interpolation below can be 1 ulp off)
      if (t === b.t) return b.price
      return a.price + ((b.price - a.price) * (t - a.t)) / (b.t - a.t)
    }
  }
  return (keyPoints[keyPoints.length - 1] as KeyPoint).price
}

function checkKeyPoints(path: AssetPath): void {
  let last = Number.NEGATIVE_INFINITY
  for (const k of path.keyPoints) {
    if (!Number.isFinite(k.t) || k.t < last || !Number.isFinite(k.price) || k.price < 0)
      throw new ScenarioInputError(
        `${path.asset}: key point ${JSON.stringify(k)} is out of order or not a non-negative price.`,
        'Give key points in increasing time with finite non-negative prices.',
      )
    last = k.t
  }
}

/**
 * Builds a scenario's paths: a grid from the earliest to the latest key point (+ `tailSeconds`)
 * with step `stepSeconds`, merged with every key point's time; each asset's price on it by
 * {@link priceAt}; events shifted to unix seconds.
 *
 * @example
 * ```ts
 * const paths = buildScenarioPaths(marketScenario('crash-40-24h'), { stepSeconds: 3600 })
 * paths.prices.ETH // Float64Array, 1 → 0.6 over the first 24 hours
 * ```
 */
export function buildScenarioPaths(
  scenario: Omit<MarketScenario, 'build'>,
  parameters: BuildScenarioParameters = {},
): ScenarioPaths {
  const step = parameters.stepSeconds ?? HOUR
  const tail = parameters.tailSeconds ?? 0
  if (!Number.isFinite(step) || step <= 0)
    throw new ScenarioInputError(`stepSeconds ${step} is not a positive number.`, 'Pass a step such as 3600.')
  if (!Number.isFinite(tail) || tail < 0)
    throw new ScenarioInputError(
      `tailSeconds ${tail} is not a non-negative number.`,
      'Pass 0 or more seconds.',
    )
  for (const a of scenario.assets) checkKeyPoints(a)
  const all = scenario.assets.flatMap((a) => a.keyPoints.map((k) => k.t))
  const t0 = Math.min(...all)
  const t1 = Math.max(...all) + tail
  if ((t1 - t0) / step > 5_000_000)
    throw new ScenarioInputError(`stepSeconds ${step} gives too many points.`, 'Use a larger step.')
  const grid = new Set<number>(all)
  for (let t = t0; t < t1; t += step) grid.add(t)
  grid.add(t1)
  const rel = [...grid].sort((a, b) => a - b)
  const times = Float64Array.from(rel, (t) => scenario.start + t)
  const prices: Record<string, Float64Array> = {}
  const quotes: Record<string, AssetPath['quote']> = {}
  for (const a of scenario.assets) {
    prices[a.asset] = Float64Array.from(rel, (t) => priceAt(a.keyPoints, t))
    quotes[a.asset] = a.quote
  }
  const events = scenario.events.map((e) => ({ ...e, at: scenario.start + e.at }))
  return { name: scenario.name, times, prices, quotes, events }
}

function define(s: Omit<MarketScenario, 'build'>): MarketScenario {
  return { ...s, build: (parameters?: BuildScenarioParameters) => buildScenarioPaths(s, parameters) }
}

/** Key points at ISO times, relative to `start`, each optionally with the data-folder cell it copies. */
function at(start: number, points: ReadonlyArray<readonly [string, number, string?, DataRef?]>): KeyPoint[] {
  return points.map(([iso, price, note, ref]) => ({
    t: isoSeconds(iso) - start,
    price,
    ...(note ? { note } : {}),
    ...(ref ? { ref } : {}),
  }))
}

/** A cell of the data folder: the row whose first column is `row`, column `column`. */
const cell = (file: string, row: string, column: string): DataRef => ({ file, row, column })

const SEED =
  'xcollat seed stress test, issue 6 ("a 40 % fall in 24 h"): a definition, not a historical figure'
const BIN_ETH = 'prices/binance_ethusdt_1h_2020-01_2022-10.csv'
const CMC_LUNA = 'prices/cmc_luna_classic_1d_2020-2024.csv'
const CMC_UST = 'prices/cmc_ustc_terrausd_1d_2020-2024.csv'
const CMC_USDC = 'prices/cmc_usdc_1d_2020-2024.csv'
const CL_STETH_FILE = 'oracles/chainlink_steth_eth_rounds_ethereum.csv'
const BINANCE_ETH = `Binance ETH/USDT 1 h klines (data folder ${BIN_ETH}, PROVENANCE §1; row = candle open time)`
const CMC = 'CoinMarketCap daily history with time of high/low (data folder prices/cmc_*, PROVENANCE §1)'
const CL_STETH = `Chainlink stETH/ETH feed 0x86392dC1…2812 on Ethereum, rounds via getRoundData (data folder ${CL_STETH_FILE})`
const THE_BLOCK_FTX =
  'The Block, "Wrapped tokens issued by FTX or Alameda collapsing, no longer redeemable", 11 Nov 2022, https://www.theblock.co/post/186326 (CoinGecko prices: soBTC $3,866, −77 % in 24 h; soETH $1,138, −9 %; BTC $16,819; ETH $1,255)'
const VENUS_LUNA =
  'Venus Protocol statement on the LUNA market, May 2022, quoted by cryptonews.com.au (17 May 2022, https://cryptonews.com.au/news/defi-protocols-report-significant-losses-amid-luna-price-exploit-94780/) and Halborn (13 May 2022): the Chainlink LUNA/USD price stayed at $0.107 while the market traded near $0.01; Venus lost $11.2M'
const NOMAD_DEFILLAMA =
  'Benzinga, 2 Aug 2022, https://www.benzinga.com/markets/cryptocurrency/22/08/28303411/ (DefiLlama: Nomad TVL "from $190,740,000 to $1,794 in hours")'
const NOMAD_TIME =
  'Cointelegraph, 2 Aug 2022, as quoted by finanzasnews.com and watcher47.com: first exploit transaction (100 WBTC) at 21:32 UTC on 1 August'
const KELP_SOURCES =
  'https://www.smartcontractaudit.com/hacks/kelpdao-2026 (18 April 2026, 116,500 rsETH, ≈ $292M, 1-of-1 DVN); https://stakingwat.ch/kelp-incident.html (attack from ≈ 17:35 UTC); CryptoTimes via radar.cryptosigy.com (Kelp emergency pause at 18:21 UTC, 46 minutes later)'
const ISSUE_UNVERIFIED =
  'as stated in issue 6; unverified: public reports of the amount borrowed range from $190M (82,650 WETH) to $236M'

const crashStart = 0
const eth2020 = isoSeconds('2020-03-01T00:00:00Z')
const luna2022 = isoSeconds('2022-05-01T00:00:00Z')
const steth2022 = isoSeconds('2022-05-01T00:00:00Z')
const ftx2022 = isoSeconds('2022-11-11T00:00:00Z')
const svb2023 = isoSeconds('2023-03-10T00:00:00Z')
const nomad2022 = isoSeconds('2022-08-01T00:00:00Z')
const kelp2026 = isoSeconds('2026-04-18T17:35:00Z')
const KELP_RSETH_USD = 292_000_000 / 116_500 // ≈ $2,506.44: the published value of the 116,500 rsETH
/** Nomad: DefiLlama TVL $190,740,000 → $1,794, so the fraction of the backing lost is 1 − 1,794 / 190,740,000. */
const NOMAD_FRACTION_LOST = 1 - 1_794 / 190_740_000
/** The chains Nomad served (l2beat nomad.ts): Ethereum and the four it bridged to. */
const NOMAD_CHAINS = ['ethereum', 'moonbeam', 'evmos', 'avalanche', 'milkomeda']

/**
 * The market scenarios, by name. Each carries its key figures and their sources; `build`
 * gives the paths. See `docs/model.md`.
 *
 * @example
 * ```ts
 * const paths = marketScenarios['luna-ust-2022-05']?.build({ stepSeconds: 3600 })
 * ```
 */
export const marketScenarios: Readonly<Record<string, MarketScenario>> = Object.fromEntries(
  [
    define({
      name: 'crash-40-24h',
      title: 'A 40 % fall in 24 hours',
      description:
        "The seed's stress test: the collateral falls 40 % linearly over 24 hours, then stays there. Prices are an index (start = 1), so it applies to any asset. A definition, not a historical event.",
      source: [SEED],
      start: crashStart,
      primaryAsset: 'ETH',
      assets: [
        {
          asset: 'ETH',
          aliases: ['WETH', 'ETH'],
          quote: 'index',
          keyPoints: [
            { t: 0, price: 1 },
            { t: DAY, price: 0.6, note: '−40 % at 24 h' },
          ],
        },
      ],
      events: [],
      figures: [{ what: 'ETH falls 40 % within 24 h', value: 0.4, source: SEED, status: 'definition' }],
      replay: [],
    }),
    define({
      name: 'eth-2020-03',
      title: 'ETH, 12–13 March 2020 ("Black Thursday")',
      description:
        'ETH/USDT peaked at 251.93 (7 March, 16:00 candle), opened 12 March at 194.61 and hit 86.00 in the 02:00 candle of 13 March: −55.8 % in 26 hours, −65.9 % from the peak; it opened 14 March at 134.06. The time of the low within its hour is not in the data; the key point sits at the candle open.',
      source: [BINANCE_ETH],
      start: eth2020,
      primaryAsset: 'ETH',
      assets: [
        {
          asset: 'ETH',
          aliases: ['WETH', 'ETH'],
          quote: 'USD',
          keyPoints: at(eth2020, [
            ['2020-03-01T00:00:00Z', 217.29, 'open', cell(BIN_ETH, '2020-03-01T00:00:00Z', 'open')],
            [
              '2020-03-07T16:00:00Z',
              251.93,
              'high of the 16:00 candle (month high)',
              cell(BIN_ETH, '2020-03-07T16:00:00Z', 'high'),
            ],
            ['2020-03-12T00:00:00Z', 194.61, 'open', cell(BIN_ETH, '2020-03-12T00:00:00Z', 'open')],
            [
              '2020-03-13T02:00:00Z',
              86.0,
              'low of the 02:00 candle',
              cell(BIN_ETH, '2020-03-13T02:00:00Z', 'low'),
            ],
            ['2020-03-14T00:00:00Z', 134.06, 'open', cell(BIN_ETH, '2020-03-14T00:00:00Z', 'open')],
            [
              '2020-04-01T00:00:00Z',
              132.72,
              'close of the 31 March 23:00 candle',
              cell(BIN_ETH, '2020-03-31T23:00:00Z', 'close'),
            ],
          ]),
        },
      ],
      events: [],
      figures: [
        {
          what: 'ETH falls from 194.61 to 86.00 (−55.8 %) between 12 March 00:00 and 13 March 02:00 UTC',
          value: 1 - 86 / 194.61,
          source: BINANCE_ETH,
          status: 'data',
        },
        {
          what: 'ETH falls 65.9 % from its March high 251.93 (7 March) to 86.00 (13 March)',
          value: 1 - 86 / 251.93,
          source: BINANCE_ETH,
          status: 'data',
        },
      ],
      replay: [
        {
          asset: 'ETH',
          file: BIN_ETH,
          column: 'close',
          lowColumn: 'low',
          from: '2020-03-01T00:00:00Z',
          to: '2020-04-01T00:00:00Z',
          timeOffsetSeconds: HOUR,
          note: 'hourly closes, each at the end of its candle, with the candle lows (86.00) for triggers and sales',
        },
      ],
    }),
    define({
      name: 'luna-ust-2022-05',
      title: 'LUNA and UST, May 2022',
      description:
        'UST lost its peg from 7 May (0.7934 on 9 May, 0.6841 low on 10 May, 0.2998 low on 11 May 07:45 UTC, 0.1331 on 13 May, 0.076 on 19 May); LUNA fell from 86.16 (5 May) to 0.0042 (12 May close) and 1.7e-5 (13 May low). The Chainlink LUNA/USD price stayed at $0.107 while the market traded near $0.01 (Venus on BNB Chain lost $11.2M, Blizz on Avalanche was drained). ETH fell from 2,940.65 (5 May) to 1,800 (12 May) and 1,703 (27 May).',
      source: [CMC, BINANCE_ETH, VENUS_LUNA],
      start: luna2022,
      primaryAsset: 'LUNA',
      assets: [
        {
          asset: 'LUNA',
          aliases: ['LUNA', 'LUNC'],
          quote: 'USD',
          keyPoints: at(luna2022, [
            ['2022-05-05T00:00:00Z', 86.1596338458, 'open 5 May', cell(CMC_LUNA, '2022-05-05', 'open_usd')],
            ['2022-05-08T00:00:00Z', 68.2491212058, 'close 7 May', cell(CMC_LUNA, '2022-05-07', 'close_usd')],
            [
              '2022-05-09T23:59:00Z',
              32.0020260525,
              'low 9 May (= close)',
              cell(CMC_LUNA, '2022-05-09', 'low_usd'),
            ],
            ['2022-05-10T22:41:00Z', 14.1480249547, 'low 10 May', cell(CMC_LUNA, '2022-05-10', 'low_usd')],
            [
              '2022-05-11T00:00:00Z',
              17.5205253983,
              'close 10 May',
              cell(CMC_LUNA, '2022-05-10', 'close_usd'),
            ],
            ['2022-05-11T13:17:00Z', 0.8384297261, 'low 11 May', cell(CMC_LUNA, '2022-05-11', 'low_usd')],
            [
              '2022-05-13T00:00:00Z',
              0.0041725014263,
              'close 12 May',
              cell(CMC_LUNA, '2022-05-12', 'close_usd'),
            ],
            ['2022-05-13T13:52:00Z', 0.00001675415269, 'low 13 May', cell(CMC_LUNA, '2022-05-13', 'low_usd')],
            [
              '2022-05-20T00:00:00Z',
              0.00013486756817,
              'close 19 May',
              cell(CMC_LUNA, '2022-05-19', 'close_usd'),
            ],
          ]),
        },
        {
          asset: 'UST',
          aliases: ['UST', 'USTC'],
          quote: 'USD',
          keyPoints: at(luna2022, [
            ['2022-05-05T00:00:00Z', 1.0007405245, 'open 5 May', cell(CMC_UST, '2022-05-05', 'open_usd')],
            ['2022-05-07T22:52:00Z', 0.9927316435, 'low 7 May', cell(CMC_UST, '2022-05-07', 'low_usd')],
            [
              '2022-05-09T23:59:00Z',
              0.7933928223,
              'low 9 May (= close)',
              cell(CMC_UST, '2022-05-09', 'low_usd'),
            ],
            ['2022-05-10T00:33:00Z', 0.6840810918, 'low 10 May', cell(CMC_UST, '2022-05-10', 'low_usd')],
            ['2022-05-11T00:00:00Z', 0.7999187904, 'close 10 May', cell(CMC_UST, '2022-05-10', 'close_usd')],
            ['2022-05-11T07:45:00Z', 0.2998376946, 'low 11 May', cell(CMC_UST, '2022-05-11', 'low_usd')],
            ['2022-05-12T00:00:00Z', 0.8011371728, 'close 11 May', cell(CMC_UST, '2022-05-11', 'close_usd')],
            ['2022-05-12T19:19:00Z', 0.3625992737, 'low 12 May', cell(CMC_UST, '2022-05-12', 'low_usd')],
            ['2022-05-13T00:00:00Z', 0.4085840617, 'close 12 May', cell(CMC_UST, '2022-05-12', 'close_usd')],
            ['2022-05-13T21:02:00Z', 0.1331373446, 'low 13 May', cell(CMC_UST, '2022-05-13', 'low_usd')],
            ['2022-05-14T00:00:00Z', 0.1540016054, 'close 13 May', cell(CMC_UST, '2022-05-13', 'close_usd')],
            [
              '2022-05-19T23:59:00Z',
              0.0760132641,
              'low 19 May (= close)',
              cell(CMC_UST, '2022-05-19', 'low_usd'),
            ],
          ]),
        },
        {
          asset: 'ETH',
          aliases: ['WETH', 'ETH'],
          quote: 'USD',
          keyPoints: at(luna2022, [
            ['2022-05-05T00:00:00Z', 2940.65, 'open', cell(BIN_ETH, '2022-05-05T00:00:00Z', 'open')],
            [
              '2022-05-12T05:00:00Z',
              1800,
              'low of the 05:00 candle (12 May low)',
              cell(BIN_ETH, '2022-05-12T05:00:00Z', 'low'),
            ],
            [
              '2022-05-27T23:00:00Z',
              1703,
              'low of the 23:00 candle (May low)',
              cell(BIN_ETH, '2022-05-27T23:00:00Z', 'low'),
            ],
            [
              '2022-06-01T00:00:00Z',
              1941.9,
              'close of the 31 May 23:00 candle',
              cell(BIN_ETH, '2022-05-31T23:00:00Z', 'close'),
            ],
          ]),
        },
      ],
      events: [
        {
          kind: 'depeg',
          at: isoSeconds('2022-05-11T07:45:00Z') - luna2022,
          asset: 'UST',
          low: 0.2998376946,
          note: 'UST low of 11 May (CoinMarketCap)',
        },
        {
          kind: 'oracle-floor',
          at: isoSeconds('2022-05-12T00:00:00Z') - luna2022,
          asset: 'LUNA',
          floor: 0.107,
          note: 'Chainlink LUNA/USD stayed at $0.107 (Venus statement) while LUNA traded near $0.01: modelled as max(market, 0.107) from 12 May 00:00 UTC, before LUNA crossed below it that day. The minAnswer of $0.10 often quoted as the cause is unverified here.',
        },
      ],
      figures: [
        { what: 'UST low on 11 May 2022', value: 0.2998376946, source: CMC, status: 'data' },
        {
          what: 'LUNA loses more than 99.99 % from 5 May open to 13 May low',
          value: 1 - 0.00001675415269 / 86.1596338458,
          source: CMC,
          status: 'data',
        },
        { what: 'ETH low on 12 May 2022 (05:00 candle)', value: 1800, source: BINANCE_ETH, status: 'data' },
        {
          what: 'LUNA oracle price held by the feed',
          value: 0.107,
          source: VENUS_LUNA,
          status: 'public-source',
        },
      ],
      replay: [
        {
          asset: 'ETH',
          file: BIN_ETH,
          column: 'close',
          lowColumn: 'low',
          from: '2022-05-01T00:00:00Z',
          to: '2022-06-01T00:00:00Z',
          timeOffsetSeconds: HOUR,
          note: 'hourly closes, each at the end of its candle',
        },
        {
          asset: 'LUNA',
          file: CMC_LUNA,
          column: 'close_usd',
          lowColumn: 'low_usd',
          from: '2022-05-01',
          to: '2022-06-01',
          timeOffsetSeconds: DAY,
          note: 'daily closes, each at the end of its day (no intraday data exists here)',
        },
        {
          asset: 'UST',
          file: CMC_UST,
          column: 'close_usd',
          lowColumn: 'low_usd',
          from: '2022-05-01',
          to: '2022-06-01',
          timeOffsetSeconds: DAY,
          note: 'daily closes, each at the end of its day',
        },
      ],
    }),
    define({
      name: 'steth-2022-06',
      title: 'stETH/ETH discount, May–June 2022',
      description:
        'stETH traded at a discount to ETH after the UST collapse and the Celsius/3AC stress: the Chainlink stETH/ETH feed went from 0.9992 (1 May) to 0.9561 (13 May), 0.9410 (13 June) and 0.9350 (18 June), and back to 0.9712 (9 July). Prices in ETH.',
      source: [CL_STETH],
      start: steth2022,
      primaryAsset: 'stETH',
      assets: [
        {
          asset: 'stETH',
          aliases: ['STETH', 'WSTETH'],
          quote: 'ETH',
          keyPoints: at(
            steth2022,
            (
              [
                ['2022-05-01T21:20:48Z', 0.999160534],
                ['2022-05-13T15:59:18Z', 0.95612008],
                ['2022-06-10T13:20:22Z', 0.95338616],
                ['2022-06-13T08:42:44Z', 0.9409749241],
                ['2022-06-18T09:09:38Z', 0.93501933, 'lowest round'],
                ['2022-06-30T09:10:11Z', 0.96209977],
                ['2022-07-09T09:11:51Z', 0.97123153],
              ] as const
            ).map(([iso, p, note]) => [iso, p, note ?? 'round', cell(CL_STETH_FILE, iso, 'answer')] as const),
          ),
        },
      ],
      events: [
        {
          kind: 'depeg',
          at: isoSeconds('2022-06-18T09:09:38Z') - steth2022,
          asset: 'stETH',
          low: 0.93501933,
          note: 'lowest Chainlink stETH/ETH round',
        },
      ],
      figures: [
        { what: 'stETH/ETH low on 18 June 2022', value: 0.93501933, source: CL_STETH, status: 'data' },
      ],
      replay: [
        {
          asset: 'stETH',
          file: CL_STETH_FILE,
          column: 'answer',
          timeColumn: 'updated_at_unix',
          from: '2022-05-01T00:00:00Z',
          to: '2022-07-10T00:00:00Z',
          note: 'Chainlink rounds at their update time (24 h heartbeat, so gaps are the feed, not the file)',
        },
      ],
    }),
    define({
      name: 'ftx-2022-11',
      title: 'FTX and Sollet, November 2022',
      description:
        'FTX and Alameda filed for bankruptcy; the Sollet-wrapped soBTC and soETH on Solana became unredeemable. In 24 h soBTC fell 77 % to $3,866 (BTC $16,819) while soETH fell only 9 % to $1,138 (ETH $1,255): the same bridge, very different discounts. Start prices are back-computed from the 24 h changes (3,866 / 0.23, 1,138 / 0.91). The origin (11 Nov 00:00 UTC) is nominal: the article gives no time of day.',
      source: [THE_BLOCK_FTX],
      start: ftx2022,
      primaryAsset: 'soBTC',
      assets: [
        {
          asset: 'soBTC',
          aliases: ['SOBTC'],
          quote: 'USD',
          keyPoints: [
            { t: 0, price: 3866 / 0.23 },
            { t: DAY, price: 3866, note: '−77 % in 24 h' },
          ],
        },
        {
          asset: 'soETH',
          aliases: ['SOETH'],
          quote: 'USD',
          keyPoints: [
            { t: 0, price: 1138 / 0.91 },
            { t: DAY, price: 1138, note: '−9 % in 24 h' },
          ],
        },
        { asset: 'BTC', aliases: ['WBTC', 'BTC'], quote: 'USD', keyPoints: [{ t: DAY, price: 16_819 }] },
        { asset: 'ETH', aliases: ['WETH', 'ETH'], quote: 'USD', keyPoints: [{ t: DAY, price: 1255 }] },
      ],
      events: [
        {
          kind: 'bridge-halted',
          at: 0,
          bridge: 'sollet',
          chains: ['solana', 'ethereum'],
          note: 'Sollet redemptions depended on FTX, which froze withdrawals; never reopened',
        },
        { kind: 'depeg', at: DAY, asset: 'soBTC', low: 3866, note: 'soBTC −77 % in 24 h' },
        { kind: 'depeg', at: DAY, asset: 'soETH', low: 1138, note: 'soETH −9 % in 24 h' },
      ],
      figures: [
        { what: 'soBTC falls 77 % in 24 h', value: 0.77, source: THE_BLOCK_FTX },
        { what: 'soETH falls 9 % in 24 h', value: 0.09, source: THE_BLOCK_FTX },
        { what: 'soBTC price after the fall, USD', value: 3866, source: THE_BLOCK_FTX },
        { what: 'soETH price after the fall, USD', value: 1138, source: THE_BLOCK_FTX },
      ],
      replay: [],
    }),
    define({
      name: 'usdc-svb-2023-03',
      title: 'USDC and Silicon Valley Bank, March 2023',
      description:
        'SVB was closed on 10 March 2023 holding $3.3B of the ~$40B USDC reserves (Circle, late 10 March US time); USDC fell to a low of 0.8774 on 11 March 06:47 UTC, closed 0.9715, and was back at 0.9989 by 13 March once deposits were guaranteed.',
      source: [
        CMC,
        'Circle, "An Update on USDC and Silicon Valley Bank" (https://www.circle.com/blog/an-update-on-usdc-and-silicon-valley-bank) and its tweet quoted by The Block, 10 March 2023 (https://www.theblock.co/post/218971): "$3.3 billion of the ~$40 billion of USDC reserves remain at SVB"',
      ],
      start: svb2023,
      primaryAsset: 'USDC',
      assets: [
        {
          asset: 'USDC',
          aliases: ['USDC', 'USDC.E'],
          quote: 'USD',
          keyPoints: at(svb2023, [
            ['2023-03-10T00:00:00Z', 1.0000009041, 'open 10 March', cell(CMC_USDC, '2023-03-10', 'open_usd')],
            [
              '2023-03-11T00:00:00Z',
              0.999478547,
              'close 10 March',
              cell(CMC_USDC, '2023-03-10', 'close_usd'),
            ],
            ['2023-03-11T06:47:00Z', 0.8774, 'low 11 March', cell(CMC_USDC, '2023-03-11', 'low_usd')],
            ['2023-03-12T00:00:00Z', 0.9715, 'close 11 March', cell(CMC_USDC, '2023-03-11', 'close_usd')],
            ['2023-03-12T07:51:00Z', 0.9470126067, 'low 12 March', cell(CMC_USDC, '2023-03-12', 'low_usd')],
            [
              '2023-03-13T00:00:00Z',
              0.9920691726,
              'close 12 March',
              cell(CMC_USDC, '2023-03-12', 'close_usd'),
            ],
            [
              '2023-03-14T00:00:00Z',
              0.998946756,
              'close 13 March',
              cell(CMC_USDC, '2023-03-13', 'close_usd'),
            ],
          ]),
        },
      ],
      events: [
        {
          kind: 'depeg',
          at: isoSeconds('2023-03-11T06:47:00Z') - svb2023,
          asset: 'USDC',
          low: 0.8774,
          note: 'USDC low of 11 March (CoinMarketCap)',
        },
      ],
      figures: [
        { what: 'USDC low on 11 March 2023', value: 0.8774, source: CMC, status: 'data' },
        {
          what: 'USDC reserves at SVB, USD',
          value: 3_300_000_000,
          source: 'Circle, 10 March 2023 (The Block)',
        },
      ],
      replay: [
        {
          asset: 'USDC',
          file: CMC_USDC,
          column: 'close_usd',
          lowColumn: 'low_usd',
          from: '2023-03-01',
          to: '2023-04-01',
          timeOffsetSeconds: DAY,
          note: 'daily closes, each at the end of its day',
        },
      ],
    }),
    define({
      name: 'nomad-2022-08',
      title: 'Nomad bridge drained, August 2022',
      description:
        "An upgrade initialised Nomad's trusted root to 0x00, so any message was accepted; from 21:32 UTC on 1 August 2022 hundreds of copy-cat transactions drained it: DefiLlama's Nomad TVL went from $190.74M to $1,794 in hours, leaving the Nomad-bridged assets unbacked on every chain it served (Moonbeam, Evmos, Avalanche, Milkomeda). Market prices of the underlying were unaffected (index = 1); the loss is the drain event: synthetic routes through Nomad lose their backing, message-passing routes see the bridge halt.",
      source: [
        NOMAD_DEFILLAMA,
        NOMAD_TIME,
        'RafaelAPB/SoKSPBlockchainInterop data/all_bridge_hacks.csv (Nomad, dated 2022-08-02, $190,000,000; data folder bridges/bridge_incidents.csv)',
        'l2beat/l2beat packages/config/src/projects/bridges/nomad.ts (root cause, chains)',
      ],
      start: nomad2022,
      primaryAsset: 'ETH',
      assets: [
        {
          asset: 'ETH',
          aliases: ['WETH', 'ETH', 'MADWETH', 'USDC', 'MADUSDC', 'WBTC', 'MADWBTC'],
          quote: 'index',
          keyPoints: [
            { t: 0, price: 1 },
            { t: 7 * DAY, price: 1 },
          ],
        },
      ],
      events: [
        {
          kind: 'bridge-drained',
          at: 21 * HOUR + 32 * 60,
          bridge: 'nomad',
          chains: NOMAD_CHAINS,
          assets: ['ETH', 'WETH', 'USDC', 'WBTC', 'DAI', 'USDT'],
          fractionLost: NOMAD_FRACTION_LOST,
          note: 'TVL $190,740,000 → $1,794 (DefiLlama) from the first exploit at 21:32 UTC on 1 August: every Nomad-bridged copy unbacked',
        },
        {
          kind: 'bridge-halted',
          at: 21 * HOUR + 32 * 60,
          bridge: 'nomad',
          chains: NOMAD_CHAINS,
          note: 'Nomad paused and did not reopen within the scenario (halt time taken as the first exploit: approximate)',
        },
      ],
      figures: [
        { what: 'Nomad TVL before the drain, USD', value: 190_740_000, source: NOMAD_DEFILLAMA },
        { what: 'Nomad TVL after the drain, USD', value: 1_794, source: NOMAD_DEFILLAMA },
        { what: 'fraction of the bridged backing lost', value: NOMAD_FRACTION_LOST, source: NOMAD_DEFILLAMA },
        {
          what: 'Nomad loss, USD (SoK dataset)',
          value: 190_000_000,
          source:
            'SoK all_bridge_hacks.csv (data folder bridges/bridge_incidents.csv, row Nomad, amount_lost_usd)',
          status: 'data',
        },
        {
          what: 'first exploit transaction, seconds after 1 Aug 00:00 UTC',
          value: 21 * HOUR + 32 * 60,
          source: NOMAD_TIME,
        },
      ],
      replay: [],
    }),
    define({
      name: 'kelp-rseth-2026-04',
      title: 'KelpDAO rsETH, April 2026',
      description:
        "A forged LayerZero message, accepted by Kelp's 1-of-1 DVN (its RPC nodes poisoned), released 116,500 rsETH (≈ $292M) without a matching burn, from about 17:35 UTC on 18 April 2026; Kelp paused its contracts at 18:21 UTC, 46 minutes later. As stated in issue 6 (unverified: reports range from $190M to $236M borrowed), the attacker posted $221M of it as collateral on a lending market and borrowed $193M. Modelled as unbacked collateral whose oracle (an exchange rate) does not move: the position is never liquidated and the whole borrow becomes bad debt when the backing is lost.",
      source: [KELP_SOURCES, `$221M posted, $193M borrowed: ${ISSUE_UNVERIFIED}`],
      start: kelp2026,
      primaryAsset: 'rsETH',
      assets: [
        {
          asset: 'rsETH',
          aliases: ['RSETH'],
          quote: 'USD',
          keyPoints: [
            { t: 0, price: KELP_RSETH_USD, note: '$292M / 116,500' },
            { t: 2 * DAY, price: KELP_RSETH_USD },
          ],
        },
      ],
      events: [
        {
          kind: 'unbacked-mint',
          at: 0,
          asset: 'rsETH',
          bridge: 'layerzero-rseth',
          amount: 116_500,
          durationSeconds: 46 * 60,
          collateralPostedUsd: 221_000_000,
          borrowedUsd: 193_000_000,
          note: '116,500 rsETH released without a burn through a 1-of-1 verifier; $221M posted and $193M borrowed as stated in issue 6 (unverified)',
        },
        {
          kind: 'bridge-drained',
          at: 46 * 60,
          bridge: 'layerzero-rseth',
          assets: ['rsETH'],
          fractionLost: 1,
          note: 'the released rsETH has no backing: worth nothing to a lender that must sell it',
        },
      ],
      figures: [
        { what: 'rsETH released unbacked', value: 116_500, source: KELP_SOURCES },
        { what: 'value of the released rsETH, USD', value: 292_000_000, source: KELP_SOURCES },
        { what: 'minutes from the attack to the pause', value: 46, source: KELP_SOURCES },
        {
          what: 'collateral posted, USD',
          value: 221_000_000,
          source: ISSUE_UNVERIFIED,
          status: 'unverified',
        },
        { what: 'borrowed, USD', value: 193_000_000, source: ISSUE_UNVERIFIED, status: 'unverified' },
      ],
      replay: [],
    }),
  ].map((s) => [s.name, s]),
)
