import type { AssessmentReport } from '../assess/assess.js'
import type { AssessInput } from '../assess/types.js'
import { XcollatError } from '../errors.js'
import type { BacktestRoute } from './scenario.js'

/**
 * No route of the configuration has this id. Code `XC_UNKNOWN_ROUTE`.
 *
 * @example
 * ```ts
 * throw new UnknownRouteError('weth-x', ['weth-eth-arb-canonical'])
 * ```
 */
export class UnknownRouteError extends XcollatError {
  override name = 'UnknownRouteError'
  constructor(id: string, known: readonly string[]) {
    super(`No route ${JSON.stringify(id)} in the configuration.`, {
      code: 'XC_UNKNOWN_ROUTE',
      instruction: `Use one of: ${known.join(', ')}.`,
    })
  }
}

/**
 * A configured route with its recommended parameters (from `assess`), as a backtest replays it:
 * its bridges and chains (which faults apply), LT, LTV, bonus, the liquidation horizon, the
 * slippage of one liquidation sale and the supply cap. The asset symbol comes beside it.
 *
 * @example
 * ```ts
 * const { route, symbol } = backtestRouteOf(registry, assess(registry), 'weth-eth-arb-messages')
 * ```
 */
export function backtestRouteOf(
  input: AssessInput,
  report: AssessmentReport,
  id: string | undefined,
): {
  readonly route: BacktestRoute
  readonly symbol: string
  readonly eligible: boolean
  readonly reasons: readonly string[]
} {
  const pick = id === undefined ? report.routes[0] : report.routes.find((r) => r.id === id)
  const cfg = input.routes.find((r) => r.id === pick?.id)
  if (pick === undefined || cfg === undefined)
    throw new UnknownRouteError(
      id ?? '',
      report.routes.map((r) => r.id),
    )
  const rec = pick.recommendation
  const term = (name: string) => pick.explanation.find((t) => t.term === name)
  const absorbable = term('absorbableUsdPerSecond')?.value
  const book = term('atRiskCollateralUsd')?.inputs.bookUsd
  const capacity =
    typeof book === 'number' && book > 0 && absorbable !== undefined && absorbable > 0
      ? absorbable / book
      : undefined
  return {
    symbol: cfg.asset.symbol,
    eligible: rec.eligible,
    reasons: pick.ineligibleReasons,
    route: {
      id: pick.id,
      // A native route liquidates locally, like synthetic, and has no bridge to halt.
      architecture: cfg.architecture === 'native' ? 'synthetic' : cfg.architecture,
      bridges: cfg.bridges.map((b) => b.id),
      chains: [cfg.homeChain.id, cfg.debtChain.id],
      liquidationThreshold: rec.liquidationThreshold,
      ltv: rec.ltv,
      liquidationBonus: rec.liquidationBonus,
      horizonSeconds: pick.components.liquidationHorizonSeconds,
      saleSlippage: Math.min(0.99, Math.max(0, pick.components.slippage)),
      supplyCapUsd: rec.supplyCapUsd,
      ...(capacity === undefined ? {} : { capacityShareOfBookPerSecond: capacity }),
    },
  }
}
