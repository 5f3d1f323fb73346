import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BacktestAssetError, scenarioAsset } from '../backtest/scenario.js'
import { UnknownScenarioError } from '../protocol/errors.js'
import { marketScenario, ScenarioEngineError, scenarioNames } from './catalog.js'
import { buildScenarioPaths, isoSeconds, type MarketScenario, marketScenarios, priceAt } from './scenarios.js'

const HOUR = 3600
const DAY = 86_400

/** Price of `asset` at unix time `t` on the built grid (the grid holds every key time). */
function valueAt(s: MarketScenario, asset: string, t: number, step = HOUR): number {
  const p = s.build({ stepSeconds: step })
  const i = p.times.indexOf(t)
  if (i < 0) throw new Error(`time ${t} not on the grid`)
  return p.prices[asset]?.[i] as number
}

function minOf(s: MarketScenario, asset: string): number {
  return Math.min(...(s.build({ stepSeconds: HOUR }).prices[asset] ?? []))
}

/** Largest fall from any point to any later point within `window` seconds. */
function worstFallWithin(times: Float64Array, prices: Float64Array, window: number): number {
  let worst = 0
  for (let i = 0; i < times.length; i++)
    for (let j = i + 1; j < times.length && (times[j] as number) - (times[i] as number) <= window; j++)
      worst = Math.max(worst, 1 - (prices[j] as number) / (prices[i] as number))
  return worst
}

describe('marketScenarios', () => {
  it('has the seven scenarios of issue 6 (and the Black Thursday replay)', () => {
    expect(scenarioNames('market')).toEqual(
      expect.arrayContaining([
        'crash-40-24h',
        'luna-ust-2022-05',
        'steth-2022-06',
        'ftx-2022-11',
        'usdc-svb-2023-03',
        'nomad-2022-08',
        'kelp-rseth-2026-04',
        'eth-2020-03',
      ]),
    )
    for (const s of Object.values(marketScenarios)) {
      expect(s.source.length).toBeGreaterThan(0)
      expect(s.figures.length).toBeGreaterThan(0)
      expect(s.assets.map((a) => a.asset)).toContain(s.primaryAsset)
    }
  })

  it('labels every figure: data figures name the data folder, unverified ones say so', () => {
    for (const s of Object.values(marketScenarios))
      for (const f of s.figures) {
        const status = f.status ?? 'public-source'
        if (status === 'data') expect(f.source).toMatch(/data folder|data\//)
        if (status === 'unverified') expect(f.source).toMatch(/as stated in issue 6; unverified/)
        if (status === 'public-source') expect(f.source).toMatch(/https?:\/\/|Circle|Cointelegraph|Venus|SoK/)
      }
    const kelp = marketScenario('kelp-rseth-2026-04')
    expect(kelp.figures.filter((f) => f.status === 'unverified').map((f) => f.value)).toEqual([
      221_000_000, 193_000_000,
    ])
    expect(kelp.description).toContain('unverified')
  })

  it('every key point with a data cell sits on the scenario path at its time', () => {
    for (const s of Object.values(marketScenarios)) {
      const p = s.build()
      for (const a of s.assets)
        for (const k of a.keyPoints) {
          const i = p.times.indexOf(s.start + k.t)
          expect(p.prices[a.asset]?.[i]).toBe(k.price)
        }
    }
  })

  it('crash-40-24h: ETH falls 40 % within 24 h (the seed stress test)', () => {
    const s = marketScenario('crash-40-24h')
    const p = s.build({ stepSeconds: HOUR })
    // published: −40 % in 24 h, so 1 → 0.6
    expect(valueAt(s, 'ETH', DAY)).toBeCloseTo(0.6, 12)
    expect(worstFallWithin(p.times, p.prices.ETH as Float64Array, DAY)).toBeCloseTo(0.4, 12)
  })

  it('eth-2020-03: 194.61 → 86.00 is −55.8 %, −65.9 % from the 251.93 high (Binance candles)', () => {
    const s = marketScenario('eth-2020-03')
    const hi = valueAt(s, 'ETH', isoSeconds('2020-03-12T00:00:00Z'))
    const lo = valueAt(s, 'ETH', isoSeconds('2020-03-13T02:00:00Z'))
    // 1 − 86 / 194.61 = 0.558091… (hand division)
    expect(1 - lo / hi).toBeCloseTo(0.558091, 5)
    expect(minOf(s, 'ETH')).toBe(86)
    const p = s.build()
    // 1 − 86 / 251.93 = 0.658635… (hand division)
    expect(worstFallWithin(p.times, p.prices.ETH as Float64Array, 31 * DAY)).toBeCloseTo(0.658635, 5)
  })

  it('luna-ust-2022-05: UST low 0.2998, LUNA −99.99 %, the feed held at $0.107, ETH 1,800 on 12 May', () => {
    const s = marketScenario('luna-ust-2022-05')
    expect(valueAt(s, 'UST', isoSeconds('2022-05-11T07:45:00Z'))).toBe(0.2998376946) // CoinMarketCap low of 11 May
    const luna = s.build().prices.LUNA as Float64Array
    // 1 − 0.00001675415269 / 86.1596338458 = 0.99999980554… (hand division)
    expect(1 - Math.min(...luna) / Math.max(...luna)).toBeCloseTo(0.9999998055, 9)
    const floor = s.events.find((e) => e.kind === 'oracle-floor')
    // Venus statement: the Chainlink LUNA/USD price stayed at $0.107 while LUNA traded near $0.01
    expect(floor?.kind === 'oracle-floor' ? floor.floor : undefined).toBe(0.107)
    // Binance: the 12 May low is 1,800 in the 05:00 candle (not 1,815, the 06:00 candle's low)
    expect(valueAt(s, 'ETH', isoSeconds('2022-05-12T05:00:00Z'))).toBe(1800)
    expect(minOf(s, 'ETH')).toBe(1703) // the May low, 27 May 23:00 candle
  })

  it('steth-2022-06: stETH/ETH low 0.9350 on 18 June (Chainlink round)', () => {
    const s = marketScenario('steth-2022-06')
    expect(minOf(s, 'stETH')).toBeCloseTo(0.935, 4)
    expect(s.assets[0]?.quote).toBe('ETH')
  })

  it('ftx-2022-11: soBTC −77 % against soETH −9 % in 24 h; starts at the BTC/ETH pegs', () => {
    const s = marketScenario('ftx-2022-11')
    const p = s.build({ stepSeconds: HOUR })
    expect(worstFallWithin(p.times, p.prices.soBTC as Float64Array, DAY)).toBeCloseTo(0.77, 10)
    expect(worstFallWithin(p.times, p.prices.soETH as Float64Array, DAY)).toBeCloseTo(0.09, 10)
    // Independent check: the back-computed starts sit at the published native prices
    // (3,866 / 0.23 = 16,808.7 vs BTC 16,819; 1,138 / 0.91 = 1,250.5 vs ETH 1,255): within 0.5 %.
    expect(Math.abs((p.prices.soBTC?.[0] as number) / 16_819 - 1)).toBeLessThan(0.005)
    expect(Math.abs((p.prices.soETH?.[0] as number) / 1_255 - 1)).toBeLessThan(0.005)
  })

  it('usdc-svb-2023-03: USDC low 0.8774 on 11 March', () => {
    expect(minOf(marketScenario('usdc-svb-2023-03'), 'USDC')).toBe(0.8774)
  })

  it('nomad-2022-08: the backing is lost from 21:32 UTC (DefiLlama TVL $190.74M → $1,794)', () => {
    const s = marketScenario('nomad-2022-08')
    const drain = s.build().events.find((e) => e.kind === 'bridge-drained')
    // 1 − 1,794 / 190,740,000 = 0.99999059452… (hand division)
    expect(drain?.kind === 'bridge-drained' ? drain.fractionLost : undefined).toBeCloseTo(0.9999905945, 10)
    expect(drain?.at).toBe(isoSeconds('2022-08-01T21:32:00Z'))
    expect(s.figures.find((f) => f.what.startsWith('Nomad loss'))?.value).toBe(190_000_000)
  })

  it('kelp-rseth-2026-04: 116,500 rsETH in under 46 minutes; $221M posted, $193M borrowed', () => {
    const s = marketScenario('kelp-rseth-2026-04')
    const mint = s.events.find((e) => e.kind === 'unbacked-mint')
    if (mint?.kind !== 'unbacked-mint') throw new Error('no mint event')
    expect(mint.amount).toBe(116_500)
    expect(mint.durationSeconds).toBeLessThanOrEqual(46 * 60)
    expect(mint.collateralPostedUsd).toBe(221_000_000)
    expect(mint.borrowedUsd).toBe(193_000_000)
    // rsETH price = $292M / 116,500 = $2,506.44 (hand division)
    expect(s.build().prices.rsETH?.[0]).toBeCloseTo(2506.4378, 3)
  })

  it('builds events in unix seconds', () => {
    const s = marketScenario('usdc-svb-2023-03')
    const e = s.build().events.find((x) => x.kind === 'depeg')
    expect(e?.at).toBe(isoSeconds('2023-03-11T06:47:00Z'))
  })
})

describe(priceAt.name, () => {
  it('interpolates linearly, flat outside', () => {
    const k = [
      { t: 0, price: 1 },
      { t: 100, price: 0.6 },
      { t: 200, price: 0.8 },
    ]
    expect(priceAt(k, -5)).toBe(1)
    expect(priceAt(k, 50)).toBeCloseTo(0.8, 15) // (1 + 0.6) / 2
    expect(priceAt(k, 150)).toBeCloseTo(0.7, 15) // (0.6 + 0.8) / 2
    expect(priceAt(k, 500)).toBe(0.8)
  })

  it('stays within the key points (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: -10, max: 100, noNaN: true }),
        (ps, t) => {
          const k = ps.map((price, i) => ({ t: i * 10, price }))
          const v = priceAt(k, t)
          return v >= Math.min(...ps) - 1e-9 && v <= Math.max(...ps) + 1e-9
        },
      ),
    )
  })

  it('rejects an empty path and a non-finite time', () => {
    expect(() => priceAt([], 0)).toThrow(expect.objectContaining({ code: 'XC_SCENARIO_INPUT' }))
    expect(() => priceAt([{ t: 0, price: 1 }], Number.NaN)).toThrow(
      expect.objectContaining({ code: 'XC_SCENARIO_INPUT' }),
    )
  })
})

describe(buildScenarioPaths.name, () => {
  it('puts every key time on the grid and appends the tail', () => {
    const s = marketScenario('luna-ust-2022-05')
    const p = s.build({ stepSeconds: DAY, tailSeconds: 3 * DAY })
    for (const a of s.assets) for (const k of a.keyPoints) expect(p.times).toContain(s.start + k.t)
    const lastKey = Math.max(...s.assets.flatMap((a) => a.keyPoints.map((k) => k.t)))
    expect(p.times[p.times.length - 1]).toBe(s.start + lastKey + 3 * DAY)
  })

  it('rejects bad steps and unordered key points', () => {
    const s = marketScenario('crash-40-24h')
    expect(() => s.build({ stepSeconds: 0 })).toThrow(expect.objectContaining({ code: 'XC_SCENARIO_INPUT' }))
    expect(() => s.build({ tailSeconds: -1 })).toThrow(expect.objectContaining({ code: 'XC_SCENARIO_INPUT' }))
    const bad = {
      ...s,
      assets: [
        {
          asset: 'X',
          aliases: [],
          quote: 'USD' as const,
          keyPoints: [
            { t: 5, price: 1 },
            { t: 1, price: 2 },
          ],
        },
      ],
    }
    expect(() => buildScenarioPaths(bad)).toThrow(expect.objectContaining({ code: 'XC_SCENARIO_INPUT' }))
  })
})

describe(marketScenario.name, () => {
  it('throws UnknownScenarioError for a name in no engine, ScenarioEngineError for a protocol-only one', () => {
    expect(() => marketScenario('crash-50')).toThrow(UnknownScenarioError)
    expect(() => marketScenario('toString')).toThrow(UnknownScenarioError)
    expect(() => marketScenario('replay')).toThrow(ScenarioEngineError)
  })
})

describe(scenarioAsset.name, () => {
  it('matches aliases case-insensitively (stETH for wstETH), an index scenario takes any asset, else refuses', () => {
    expect(scenarioAsset(marketScenario('luna-ust-2022-05'), 'weth')).toBe('ETH')
    expect(scenarioAsset(marketScenario('steth-2022-06'), 'wstETH')).toBe('stETH')
    expect(scenarioAsset(marketScenario('crash-40-24h'), 'USDC')).toBe('ETH')
    expect(() => scenarioAsset(marketScenario('steth-2022-06'), 'WETH')).toThrow(BacktestAssetError)
    expect(() => scenarioAsset(marketScenario('eth-2020-03'), 'USDC')).toThrow(BacktestAssetError)
  })
})
