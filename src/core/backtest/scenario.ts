import { OutOfRangeError, XcollatError } from '../errors.js'
import type { MarketScenario } from '../scenarios/scenarios.js'
import type { Architecture } from '../vocabulary.js'
import { type BacktestReturnType, positionBook, runBacktest } from './backtest.js'
import { type AttackerLossReturnType, attackerLoss, backtestFaults } from './faults.js'
import { historicallySafeLt, type PriceHistory, type RollingStart, rollingBacktest } from './rolling.js'

/**
 * The route's asset is not an asset of the scenario (nor one of its aliases): replaying another
 * asset's prices through it would "pass" meaninglessly. Code `XC_BACKTEST_ASSET`.
 *
 * @example
 * ```ts
 * throw new BacktestAssetError('USDC', 'eth-2020-03', ['ETH (WETH)'])
 * ```
 */
export class BacktestAssetError extends XcollatError {
  override name = 'BacktestAssetError'
  constructor(asset: string, scenario: string, known: readonly string[]) {
    super(
      `Route asset ${JSON.stringify(asset)} is not an asset of scenario ${scenario} (${known.join(', ')}).`,
      {
        code: 'XC_BACKTEST_ASSET',
        instruction: `Pick a scenario that has ${asset} (\`xcollat backtest --list\`), or a route of one of its assets.`,
      },
    )
  }
}

/**
 * The scenario asset a route's asset is replayed against: the one whose name or aliases match
 * (case-insensitive); an index scenario (relative moves, `quote: 'index'`) applies to any
 * asset. Anything else is a {@link BacktestAssetError}.
 *
 * @example
 * ```ts
 * scenarioAsset(marketScenario('steth-2022-06'), 'wstETH') // 'stETH'
 * ```
 */
export function scenarioAsset(scenario: Pick<MarketScenario, 'name' | 'assets'>, symbol: string): string {
  const s = symbol.toUpperCase()
  for (const a of scenario.assets)
    if (a.asset.toUpperCase() === s || a.aliases.some((x) => x.toUpperCase() === s)) return a.asset
  const index = scenario.assets.find((a) => a.quote === 'index')
  if (index !== undefined) return index.asset
  throw new BacktestAssetError(
    symbol,
    scenario.name,
    scenario.assets.map((a) => (a.aliases.length > 0 ? `${a.asset} (${a.aliases.join(', ')})` : a.asset)),
  )
}

/** The route a scenario is replayed through. Money in the debt's currency. */
export type BacktestRoute = {
  readonly id: string
  readonly architecture: Architecture
  readonly bridges: readonly string[]
  readonly chains: readonly string[]
  readonly liquidationThreshold: number
  readonly ltv: number
  readonly liquidationBonus: number
  readonly horizonSeconds: number
  /** Sale price impact at the route's liquidation size, [0, 1). */
  readonly saleSlippage: number
  readonly supplyCapUsd?: number | undefined
  /**
   * Seized collateral the venue absorbs per second as a share of the book (`assess`: absorbable
   * USD per second over the book's USD), for the liquidation queue of `xcollat validate`.
   */
  readonly capacityShareOfBookPerSecond?: number | undefined
}

/** Inputs of {@link backtestScenario}. */
export type BacktestScenarioParameters = {
  readonly scenario: MarketScenario
  /** The scenario asset replayed (see {@link scenarioAsset}). */
  readonly asset: string
  readonly history: PriceHistory
  /** Spacing of the history's points, seconds. */
  readonly stepSeconds: number
  readonly route: BacktestRoute
  /** LTs run beside the route's (LTV scaled alike). */
  readonly compareLts: readonly number[]
  readonly book: {
    readonly positions: number
    readonly minUtilisation: number
    readonly collateralUsd: number
  }
  readonly startStepSeconds: number
  /** Crisis budget: bad debt over the book's debt, [0, 1). */
  readonly budget: number
  readonly assumeOwnBridgeFails: boolean
  /** Label of the route's own setting. Default `recommended`. */
  readonly label?: string
}

/** One parameter setting of {@link backtestScenario}. */
export type ScenarioRun = {
  readonly label: string
  readonly liquidationThreshold: number
  readonly ltv: number
  readonly starts: number
  readonly worst: RollingStart
  readonly shareWithBadDebt: number
  readonly withinBudget: boolean
  /** The worst start replayed exactly (bigint health factors, Aave seizure). */
  readonly worstStart: Omit<BacktestReturnType, 'liquidations'> & { readonly liquidations: number }
}

/** Result of {@link backtestScenario}. */
export type BacktestScenarioReturnType = {
  readonly runs: readonly ScenarioRun[]
  /** The largest LT keeping the worst start within the budget (undefined: none does). */
  readonly historicallySafeLt: number | undefined
  readonly faultsApplied: readonly string[]
  readonly faultsSkipped: readonly string[]
  readonly attacker: (AttackerLossReturnType & { readonly note: string }) | undefined
  /** Whether parameters can keep the loss within the budget, and what bounds it when they cannot. */
  readonly bound: string
  readonly caveats: readonly string[]
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`

/**
 * Replays a scenario through a route with a book opened at every start date (rolling), at the
 * route's parameters and each compared LT: the worst start (replayed exactly), the share of
 * starts with bad debt, the largest historically safe LT, the faults that apply to this route
 * (its own bridge, chain and asset) and the attacker's loss kept apart from the book. Where no
 * LT keeps the loss within the budget (a depeg to zero, a drained bridge), it says that the
 * route's supply cap is the bound.
 *
 * @example
 * ```ts
 * const s = marketScenario('crash-40-24h')
 * const paths = s.build({ stepSeconds: 3600, tailSeconds: 3600 })
 * backtestScenario({ scenario: s, asset: 'ETH', history: { times: paths.times, prices: paths.prices.ETH! },
 *   stepSeconds: 3600, route, compareLts: [0.95], book: { positions: 10, minUtilisation: 0.5, collateralUsd: 1e7 },
 *   startStepSeconds: 21_600, budget: 0.01, assumeOwnBridgeFails: false }).runs[0]?.worst
 * ```
 */
export function backtestScenario(p: BacktestScenarioParameters): BacktestScenarioReturnType {
  const { route, history, scenario } = p
  if (!(p.budget >= 0 && p.budget < 1)) throw new OutOfRangeError('budget', p.budget, '[0, 1)')
  const events = scenario.build({ stepSeconds: 3600 }).events
  const f = backtestFaults(events, {
    architecture: route.architecture,
    asset: p.asset,
    bridges: route.bridges,
    chains: route.chains,
    assumeOwnBridgeFails: p.assumeOwnBridgeFails,
  })
  const n = history.times.length
  const first = history.times[0] as number
  const last = history.times[n - 1] as number
  const to = Math.max(first, last - route.horizonSeconds)
  const common = {
    history,
    liquidationBonus: route.liquidationBonus,
    horizonSeconds: route.horizonSeconds,
    saleSlippage: route.saleSlippage,
    startStepSeconds: p.startStepSeconds,
    positions: p.book.positions,
    minUtilisation: p.book.minUtilisation,
    faults: f.faults,
    from: first,
    to,
  }
  const settings = [
    { label: p.label ?? 'recommended', lt: route.liquidationThreshold, ltv: route.ltv },
    ...p.compareLts
      .filter((lt) => lt !== route.liquidationThreshold)
      .map((lt) => ({
        label: `${lt > route.liquidationThreshold ? 'aggressive' : 'compare'} LT ${lt}`,
        lt,
        ltv: Math.min(lt * 0.9999, (lt * route.ltv) / route.liquidationThreshold),
      })),
  ]
  const runs = settings.map((s): ScenarioRun => {
    const r = rollingBacktest({ ...common, liquidationThreshold: s.lt, ltv: s.ltv })
    let a = 0
    while ((history.times[a] as number) < r.worst.start) a++
    const slice = <T extends ArrayLike<number>>(x: T) => Array.from(x).slice(a)
    const exact = runBacktest({
      times: slice(history.times),
      prices: slice(history.prices),
      ...(history.lows === undefined ? {} : { lows: slice(history.lows) }),
      saleSlippage: route.saleSlippage,
      positions: positionBook({
        price: history.prices[a] as number,
        ltv: s.ltv,
        count: p.book.positions,
        minUtilisation: p.book.minUtilisation,
        collateralValue: p.book.collateralUsd,
      }),
      liquidationThreshold: s.lt,
      liquidationBonus: route.liquidationBonus,
      horizonSeconds: route.horizonSeconds,
      faults: f.faults,
    })
    const { liquidations, ...rest } = exact
    return {
      label: s.label,
      liquidationThreshold: s.lt,
      ltv: s.ltv,
      starts: r.starts,
      worst: r.worst,
      shareWithBadDebt: r.shareWithBadDebt,
      withinBudget: r.worst.badDebtFraction <= p.budget,
      worstStart: { ...rest, liquidations: liquidations.length },
    }
  })
  const { history: _h, from: _f, to: _t, ...searchCommon } = common
  const safe = historicallySafeLt({
    ...searchCommon,
    histories: [{ name: p.asset, history }],
    ltvShareOfLt: route.ltv / route.liquidationThreshold,
    budget: p.budget,
    from: first,
    to,
  })
  const attacker =
    f.attacker === undefined
      ? undefined
      : {
          ...attackerLoss(f.attacker, { ltv: route.ltv, supplyCapUsd: route.supplyCapUsd }),
          note: f.attacker.note,
        }
  const rec = runs[0] as ScenarioRun
  const cap = route.supplyCapUsd
  const capText =
    cap === undefined
      ? 'no supply cap is known for this route (give a config with one): the loss is unbounded by parameters'
      : `the route's supply cap $${Math.round(cap).toLocaleString('en-US')} bounds it: at most $${Math.round(cap * rec.worst.badDebtFraction).toLocaleString('en-US')} at the worst start`
  const bound =
    safe.liquidationThreshold === undefined
      ? `no LT from 0.30 keeps the worst start within the ${pct(p.budget)} budget (${pct(rec.worst.badDebtFraction)} at the recommendation): parameters cannot help here; ${capText}`
      : rec.withinBudget
        ? `the recommended parameters keep the worst start within the ${pct(p.budget)} budget (${pct(rec.worst.badDebtFraction)})`
        : `the recommended LT loses ${pct(rec.worst.badDebtFraction)} at the worst start, above the ${pct(p.budget)} budget; LT ≤ ${safe.liquidationThreshold} keeps it within`
  const caveats: string[] = []
  if (p.stepSeconds > route.horizonSeconds)
    caveats.push(
      `the series' step (${p.stepSeconds} s) is coarser than the liquidation horizon (${route.horizonSeconds} s): sales are taken at the next point's ${history.lows === undefined ? 'price' : 'low'}, and moves within a step are ${history.lows === undefined ? 'not seen' : 'seen only through the period low'}`,
    )
  return {
    runs,
    historicallySafeLt: safe.liquidationThreshold,
    faultsApplied: f.applied,
    faultsSkipped: f.skipped,
    attacker,
    bound,
    caveats,
  }
}
