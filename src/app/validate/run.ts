import { anchorFor } from '../../config/catalog/anchors.js'
import { historyFor } from '../../config/catalog/history.js'
import type { Registry } from '../../config/resolve.js'
import { assess } from '../../core/assess/assess.js'
import { backtestRouteOf } from '../../core/backtest/route.js'
import {
  type ValidateRouteParameters,
  type ValidateRouteReturnType,
  validateRoute,
} from '../../core/backtest/validate.js'
import { XcollatError } from '../../core/errors.js'
import {
  type AssetHistoryLoaded,
  type LoadedHistory,
  loadAssetHistories,
  pairHistory,
} from '../../io/data/history.js'

/**
 * No route of the configuration has a price history in the data folder. Code `XC_NO_HISTORY`.
 *
 * @example
 * ```ts
 * throw new NoHistoryError(['rsETH'])
 * ```
 */
export class NoHistoryError extends XcollatError {
  override name = 'NoHistoryError'
  constructor(assets: readonly string[]) {
    super(`The data folder has no price series for any route's asset (${assets.join(', ')}).`, {
      code: 'XC_NO_HISTORY',
      instruction:
        'Pass --data with the folder PROVENANCE.md describes, or routes of ETH, BTC, stETH, SOL, USDC, …',
    })
  }
}

/**
 * The histories a route is validated on: its collateral in USD against every USD-pegged debt the
 * market lends (the collateral's own series), and its price in each other debt asset the market
 * lends and the data folder holds ({@link pairHistory}: WBTC in ETH, USDC in ETH, stETH in ETH).
 * The route's LT is the lowest over its pairs, so it must be safe on each.
 */
async function pairHistories(
  registry: Registry,
  pairs: ReadonlyArray<{ readonly debt: string }>,
  collateralPegged: boolean,
  own: readonly AssetHistoryLoaded[],
  dataDir: string,
  cache: Map<string, Promise<LoadedHistory>>,
): Promise<AssetHistoryLoaded[]> {
  if (own.length === 0) return []
  const out: AssetHistoryLoaded[] = []
  let usd = pairs.length === 0
  for (const pair of pairs) {
    const asset = registry.assets.get(pair.debt)
    // a dollar debt ('usd', or an asset of the USD factor): the collateral's USD price
    if (asset === undefined || asset.factor?.toUpperCase() === 'USD') {
      usd = true
      continue
    }
    const dh = historyFor(asset.symbol)
    if (dh === undefined) continue
    if (dh.usdPegged === true) {
      usd = true
      continue
    }
    const [debt] = await loadAssetHistories(dataDir, dh.series, cache)
    if (debt === undefined) continue
    for (const c of own) {
      if (c.file === debt.file) continue // the same series: a ratio of 1
      const history = pairHistory(c.history, c.stepSeconds, debt.history, debt.stepSeconds, collateralPegged)
      const n = history.times.length
      if (n < 2) continue
      out.push({
        name: `${c.name} / ${debt.name}`,
        file: c.file,
        history,
        stepSeconds: Math.min(c.stepSeconds, debt.stepSeconds),
        caveat: [
          c.caveat,
          collateralPegged
            ? `price in ${dh.asset}: the period low is ${dh.asset}'s high against the collateral's last close`
            : `price in ${dh.asset}: the period low takes both lows as simultaneous`,
        ]
          .filter((x) => x !== undefined)
          .join('; '),
        source: `${c.source} ÷ ${debt.source}`,
        from: history.times[0] as number,
        to: history.times[n - 1] as number,
      })
    }
  }
  return usd ? [...own, ...out] : out
}

/** One route of `xcollat validate`: its asset and debt chain, the validation, and the series used. */
export type ValidatedRoute = ValidateRouteReturnType & {
  readonly asset: string
  readonly debtChain: string
  readonly series: ReadonlyArray<Omit<AssetHistoryLoaded, 'history'>>
}

/** Options of {@link validateRegistry}. */
export type ValidateRegistryParameters = {
  readonly budget: number
  readonly startStepSeconds: number
  readonly windowSeconds: number
  /**
   * Validates the routes, in order (default: `validateRoute` on each, here); `--queue` runs them
   * on queue workers instead, with the same results.
   */
  readonly validateRoutes?: (
    routes: readonly ValidateRouteParameters[],
  ) => Promise<readonly ValidateRouteReturnType[]>
}

/**
 * `xcollat validate`'s workflow: assess the configuration (the recommendations), then validate
 * each route whose asset has a history in the data folder against it and the anchor parameters.
 * Routes without a history are returned by id in `skipped`.
 *
 * @example
 * ```ts
 * const { routes } = await validateRegistry(registry, '/data', { budget: 0.01, startStepSeconds: 21_600, windowSeconds: 30 * 86_400 })
 * ```
 */
export async function validateRegistry(
  registry: Registry,
  dataDir: string,
  p: ValidateRegistryParameters,
): Promise<{ readonly routes: readonly ValidatedRoute[]; readonly skipped: readonly string[] }> {
  const report = assess(registry)
  const cache = new Map<string, Promise<LoadedHistory>>()
  const planned: Array<{
    params: ValidateRouteParameters
    meta: Omit<ValidatedRoute, keyof ValidateRouteReturnType>
  }> = []
  const skipped: string[] = []
  for (const r of report.routes) {
    const { route, symbol } = backtestRouteOf(registry, report, r.id)
    const h = historyFor(symbol)
    const own = h === undefined ? [] : await loadAssetHistories(dataDir, h.series, cache)
    const histories = await pairHistories(registry, r.pairs, h?.usdPegged === true, own, dataDir, cache)
    if (histories.length === 0) {
      skipped.push(`${r.id} (${symbol}: no series in the data folder)`)
      continue
    }
    const debtChain = route.chains[1] ?? ''
    const a = anchorFor(symbol, debtChain)
    planned.push({
      params: {
        id: r.id,
        recommendation: {
          ltv: route.ltv,
          liquidationThreshold: route.liquidationThreshold,
          liquidationBonus: route.liquidationBonus,
        },
        horizonSeconds: route.horizonSeconds,
        saleSlippage: route.saleSlippage,
        ...(route.capacityShareOfBookPerSecond === undefined
          ? {}
          : { queue: { capacityPerSecond: route.capacityShareOfBookPerSecond } }),
        histories,
        anchor: a === undefined ? undefined : { ...a.anchor, sameChain: a.sameChain },
        budget: p.budget,
        startStepSeconds: p.startStepSeconds,
        windowSeconds: p.windowSeconds,
      },
      meta: { asset: symbol, debtChain, series: histories.map(({ history: _h, ...s }) => s) },
    })
  }
  const params = planned.map((x) => x.params)
  const results = p.validateRoutes ? await p.validateRoutes(params) : params.map(validateRoute)
  const routes: ValidatedRoute[] = results.map((v, i) => ({ ...v, ...planned[i]!.meta }))
  if (routes.length === 0) throw new NoHistoryError(report.routes.map((r) => r.asset))
  return { routes, skipped }
}
