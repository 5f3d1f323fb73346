import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { renderValidate } from '../src/app/validate/render.js'
import type { ValidatedRoute } from '../src/app/validate/run.js'
import { historyFor } from '../src/config/catalog/history.js'
import { historicallySafeLt, type PriceHistory, rollingBacktest } from '../src/core/backtest/rolling.js'
import { isoSeconds } from '../src/core/scenarios/scenarios.js'
import { loadAssetHistories } from '../src/io/data/history.js'

const dir = process.env.XCOLLAT_DATA_DIR

function xcollat(...args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' }
  if (!args.includes('--data')) delete env.XCOLLAT_DATA_DIR
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env,
    timeout: 600_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function cut(h: PriceHistory, from: number, to: number): PriceHistory {
  const idx: number[] = []
  for (let i = 0; i < h.times.length; i++)
    if ((h.times[i] as number) >= from && (h.times[i] as number) < to) idx.push(i)
  const pick = (x: ArrayLike<number>) => Float64Array.from(idx, (i) => x[i] as number)
  return { times: pick(h.times), prices: pick(h.prices), ...(h.lows ? { lows: pick(h.lows) } : {}) }
}

describe('xcollat validate without a data folder', () => {
  it('exits 2 and says to pass --data', () => {
    const r = xcollat('validate', 'examples/small.yaml')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('XC_NO_DATA_DIR')
  })
})

describe.runIf(dir)('xcollat validate on the data folder', () => {
  it('walk-forward: the LT calibrated only on data before 2022-01-01 is safe on 2022 (ETH, BTC)', async () => {
    const split = isoSeconds('2022-01-01T00:00:00Z')
    const common = {
      liquidationBonus: 0.05,
      horizonSeconds: 240,
      saleSlippage: 0.005,
      startStepSeconds: 21_600,
      windowSeconds: 30 * 86_400,
    }
    for (const asset of ['WETH', 'WBTC']) {
      const [h] = await loadAssetHistories(dir as string, historyFor(asset)?.series ?? [])
      if (h === undefined) throw new Error(`no ${asset} history`)
      const before = cut(h.history, 0, split)
      const after = cut(h.history, split, Number.POSITIVE_INFINITY)
      const calibrated = historicallySafeLt({
        ...common,
        histories: [{ name: `${asset} 2020–2021`, history: before }],
        ltvShareOfLt: 0.97,
        budget: 0.01,
      })
      const lt = calibrated.liquidationThreshold
      expect(lt).toBeDefined()
      const out = rollingBacktest({
        ...common,
        history: after,
        liquidationThreshold: lt as number,
        ltv: (lt as number) * 0.97,
      })
      console.log(
        `${asset}: LT ${lt} calibrated on 2020–2021; worst 2022 start loses ${(out.worst.badDebtFraction * 100).toFixed(3)} % (${out.starts} starts)`,
      )
      expect(out.starts).toBeGreaterThan(1000)
      expect(out.worst.badDebtFraction).toBeLessThanOrEqual(0.01)
    }
  })

  it('prints per route the recommendation, the historically safe LT and the anchor; exit 1 exactly when one is unsafe', () => {
    const json = xcollat('validate', 'examples/multichain.yaml', '--data', dir as string, '--format', 'json')
    const e = JSON.parse(json.stdout) as {
      command: string
      result: {
        unsafe: boolean
        routes: Array<{
          id: string
          asset: string
          safe: boolean
          efficient: boolean
          inAnchorBand: boolean | undefined
          historicallySafeLt: number | undefined
          recommendation: { liquidationThreshold: number }
          anchor?: { liquidationThreshold: number; source: string }
          series: Array<{ name: string }>
        }>
        skipped: string[]
      }
    }
    expect(e.command).toBe('validate')
    expect(json.code).toBe(e.result.unsafe ? 1 : 0)
    const byId = new Map(e.result.routes.map((r) => [r.id, r]))
    // every asset with a series in the folder is validated: WETH, wstETH (stETH rounds), WBTC, USDC, SOL
    for (const [id, series] of [
      ['weth-arbitrum-canonical', 'binance-eth-1h'],
      ['wsteth-optimism-canonical', 'chainlink-steth-eth-x-binance-eth-1h'],
      ['wbtc-arbitrum-canonical', 'binance-btc-1h'],
      ['usdc-base-cctp', 'cmc-usdc-1d'],
      ['sol-ethereum-wormhole', 'binance-sol-1h'],
    ] as const) {
      const r = byId.get(id)
      // the collateral's own series (against USD debt) or its price in another debt asset
      expect(r?.series.some((s) => s.name.startsWith(series))).toBe(true)
      expect(r?.safe).toBe(
        r?.historicallySafeLt !== undefined &&
          (r?.recommendation.liquidationThreshold as number) <= (r?.historicallySafeLt as number),
      )
    }
    // the Arbitrum WETH route is compared with Aave v3 Arbitrum's WETH (LT 83 %)
    expect(byId.get('weth-arbitrum-canonical')?.anchor?.liquidationThreshold).toBe(0.83)
    expect(e.result.skipped.join(' ')).toContain('rsETH')
    // the same rows as Markdown (the renderer of --format md)
    const md = renderValidate(e.result.routes as unknown as ValidatedRoute[], e.result.skipped, 0.01, true)
    expect(md).toContain('| route | asset |')
    expect(md).toMatch(/caveat: cmc-usdc-1d( \/ [a-z0-9-]+)?: daily closes/)
  }, 600_000) // 25 routes' pairs × a bisection over LTs, each over ~4,000 starts of 30 days
})
