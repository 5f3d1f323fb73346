import { assess } from '../../core/assess/assess.js'
import { backtestRouteOf } from '../../core/backtest/route.js'
import type { BacktestRoute } from '../../core/backtest/scenario.js'
import { XcollatError } from '../../core/errors.js'
import { marketScenario, scenarioNames } from '../../core/scenarios/catalog.js'
import type { MarketScenario } from '../../core/scenarios/scenarios.js'
import { parsePriceOption } from '../../io/data/series.js'
import type { CommandContext } from '../cli/context.js'
import { parseNumber } from '../cli/options.js'

/**
 * Several `backtest` options are unusable: one line per problem (`problems`), exit code 2.
 * Code `XC_BAD_OPTION`.
 *
 * @example
 * ```ts
 * throw new BacktestOptionsError(['--lt: expected a number from 0.0001 to 0.9999, found "2"'])
 * ```
 */
class BacktestOptionsError extends XcollatError {
  override name = 'BacktestOptionsError'
  constructor(problems: readonly string[]) {
    super(`${problems.length} problem(s) with the backtest options: ${problems.join('; ')}`, {
      code: 'XC_BAD_OPTION',
      instruction: 'Fix each option (see `xcollat backtest --help`).',
      problems: problems.map((p) => (p.startsWith('[XC_') ? p : `[XC_BAD_OPTION] ${p}`)),
    })
  }
}

/** The raw options of `xcollat backtest`, as commander gives them. */
export type Options = Record<string, string | undefined> & {
  price: string[]
  list?: boolean
  failBridge?: boolean
}
const ARCH = ['message-passing', 'synthetic', 'hybrid-l2'] as const

/**
 * Every option of `xcollat backtest` checked at once: the parsed values, or a
 * {@link BacktestOptionsError} with one line per problem.
 *
 * @example
 * ```ts
 * const v = parseOptions(undefined, { scenario: 'crash-40-24h', lt: '0.8', ltv: '0.7', bonus: '0.05', horizon: '3600', price: [] })
 * ```
 */
export function parseOptions(config: string | undefined, o: Options) {
  const problems: string[] = []
  const get = <T>(f: () => T): T | undefined => {
    try {
      return f()
    } catch (e) {
      if (!(e instanceof XcollatError)) throw e
      problems.push(
        ...(e.problems.length > 0 ? e.problems : [`[${e.code}] ${e.shortMessage} ${e.instruction}`]),
      )
      return undefined
    }
  }
  const num = (k: string, min: number, max: number) =>
    o[k] === undefined
      ? undefined
      : get(() =>
          parseNumber(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, o[k] as string, { min, max }),
        )
  let scenario: MarketScenario | undefined
  if (o.scenario === undefined)
    problems.push(`--scenario is missing: give one of ${scenarioNames('market').join(', ')}`)
  else scenario = get(() => marketScenario(o.scenario as string))
  if (o.architecture !== undefined && !(ARCH as readonly string[]).includes(o.architecture))
    problems.push(`--architecture: expected ${ARCH.join(', ')}, found ${JSON.stringify(o.architecture)}`)
  if (config === undefined)
    for (const k of ['lt', 'ltv', 'bonus', 'horizon'])
      if (o[k] === undefined)
        problems.push(`--${k} is missing: without a config file give --lt, --ltv, --bonus and --horizon`)
  const v = {
    lt: num('lt', 0.0001, 0.9999),
    ltv: num('ltv', 0.0001, 0.9999),
    bonus: num('bonus', 0, 1),
    horizon: num('horizon', 0, 1e9),
    slippage: num('slippage', 0, 0.99) ?? 0,
    positions: get(() =>
      parseNumber('--positions', o.positions as string, { min: 1, max: 10_000, integer: true }),
    ),
    minUtilisation: num('minUtilisation', 0.0001, 1),
    collateralUsd: num('collateralUsd', 1, 1e15),
    step: num('step', 1, 1e9),
    startStep: num('startStep', 60, 1e9),
    budget: num('budget', 0, 0.9999),
    minCoverage: num('minCoverage', 0, 1),
    compare:
      (o.compareLt ?? '').trim() === ''
        ? []
        : (o.compareLt as string)
            .split(',')
            .map((x) => get(() => parseNumber('--compare-lt', x.trim(), { min: 0.0001, max: 0.9999 }))),
    price: o.price.map((p) => get(() => parsePriceOption(p))),
  }
  if (v.lt !== undefined && v.ltv !== undefined && v.ltv >= v.lt)
    problems.push(`--ltv ${v.ltv} is not below --lt ${v.lt}: the book would open already liquidatable`)
  if (problems.length > 0 || scenario === undefined) throw new BacktestOptionsError(problems)
  return { ...v, scenario, compare: v.compare as number[], price: v.price.filter((p) => p !== undefined) }
}

/**
 * The route a backtest replays: a config route with the recommended parameters of `assess`
 * (flags override them), or a route given wholly by flags.
 *
 * @example
 * ```ts
 * const { route, symbol } = await routeOf('examples/small.yaml', o, parseOptions('examples/small.yaml', o), ctx)
 * ```
 */
export async function routeOf(
  config: string | undefined,
  o: Options,
  v: ReturnType<typeof parseOptions>,
  ctx: CommandContext,
) {
  const notes: string[] = []
  let base: BacktestRoute = {
    id: 'flags',
    architecture: 'message-passing',
    bridges: (o.bridge ?? '').split(',').filter((b) => b !== ''),
    chains: (o.chains ?? '').split(',').filter((c) => c !== ''),
    liquidationThreshold: 0,
    ltv: 0,
    liquidationBonus: 0,
    horizonSeconds: 0,
    saleSlippage: v.slippage,
  }
  let symbol = o.asset ?? ''
  let source = 'flags'
  if (config !== undefined) {
    const registry = await ctx.loadRegistry(config)
    const r = backtestRouteOf(registry, assess(registry), o.route)
    if (!r.eligible)
      notes.push(`route ${r.route.id} is not eligible (${r.reasons.join('; ')}); its numbers are used anyway`)
    base = { ...r.route, saleSlippage: o.slippage === undefined ? r.route.saleSlippage : v.slippage }
    symbol = r.symbol
    source = `xcollat assess of ${config} (recommended)`
  }
  const route: BacktestRoute = {
    ...base,
    architecture: (o.architecture as BacktestRoute['architecture'] | undefined) ?? base.architecture,
    liquidationThreshold: v.lt ?? base.liquidationThreshold,
    ltv: v.ltv ?? base.ltv,
    liquidationBonus: v.bonus ?? base.liquidationBonus,
    horizonSeconds: v.horizon ?? base.horizonSeconds,
  }
  if (route.ltv >= route.liquidationThreshold)
    throw new BacktestOptionsError([
      `--ltv ${route.ltv} is not below the LT ${route.liquidationThreshold} of route ${route.id}`,
    ])
  const overridden = ['lt', 'ltv', 'bonus', 'horizon', 'architecture'].filter((k) => o[k] !== undefined)
  if (config !== undefined && overridden.length > 0)
    notes.push(`overridden by flags: ${overridden.map((k) => `--${k}`).join(', ')}`)
  return { route, symbol, source, notes }
}
