import type { Command } from 'commander'
import { backtestScenario, scenarioAsset } from '../../../core/backtest/scenario.js'
import { scenarioList, scenarioNames } from '../../../core/scenarios/catalog.js'
import { loadScenarioHistory } from '../../../io/data/history.js'
import { type Options, parseOptions, routeOf } from '../../backtest/options.js'
import { renderBacktest } from '../../backtest/render.js'
import { commandAction } from '../context.js'
import { toJson } from '../envelope.js'
import { formatScenarioList } from '../format/scenarioList.js'
import { dataOption, formatOption } from '../options.js'
import { packageVersion } from '../version.js'
import type { RegisterCommand } from './index.js'

/**
 * `xcollat backtest [config] --scenario NAME [--data DIR] [--price ASSET=FILE:COLUMN]`: replays a
 * market scenario through a route with a book opened at every start date, at the recommended
 * parameters of `xcollat assess` (or flags) and each `--compare-lt`; prints the worst start, the
 * share of starts with bad debt and the largest historically safe LT. Logic in `core/backtest`.
 *
 * @example
 * ```ts
 * registerBacktest(program) // then: xcollat backtest examples/small.yaml --route weth-eth-arb-messages --scenario eth-2020-03
 * ```
 */
export const registerBacktest: RegisterCommand = (program: Command) => {
  const cmd = program
    .command('backtest')
    .description(
      'replay a historical market scenario through a route: rolling starts, bad debt, historically safe LT',
    )
    .argument('[config]', 'configuration file (YAML/JSON); without it give --lt --ltv --bonus --horizon')
    .option('--scenario <name>', `scenario the market engine runs: ${scenarioNames('market').join(', ')}`)
    .option('--list', 'list the scenarios the market engine runs (`xcollat scenario --list`: all of them)')
    .option('--route <id>', 'route of the config (default: the first)')
    .option('--asset <name>', 'the asset of a route given by flags')
    .addOption(dataOption('data folder with the real series'))
    .option(
      '--price <ASSET=FILE:COLUMN>',
      "replay column COLUMN of FILE as ASSET's price (repeatable)",
      (x: string, acc: string[]) => [...acc, x],
      [] as string[],
    )
    .option('--lt <fraction>', 'liquidation threshold (overrides the assessment)')
    .option('--ltv <fraction>', 'max LTV the books open at')
    .option('--bonus <fraction>', 'liquidation bonus, 0.05 = 5 %')
    .option('--horizon <seconds>', 'liquidation horizon incl. the seize message home')
    .option(
      '--slippage <fraction>',
      'sale price impact (default: the venue depth at the liquidation size, or 0)',
    )
    .option('--architecture <kind>', 'message-passing, synthetic or hybrid-l2 (overrides the config)')
    .option('--bridge <ids>', 'bridge ids of a route given by flags (comma-separated)')
    .option('--chains <ids>', 'chains of a route given by flags')
    .option(
      '--fail-bridge',
      "apply the scenario's bridge faults to the route's own bridge (what if it failed alike)",
    )
    .option(
      '--compare-lt <list>',
      'comma-separated LTs to run beside (LTV scaled alike); "" for none',
      '0.95',
    )
    .option('--positions <n>', 'positions per book', '10')
    .option('--min-utilisation <fraction>', 'smallest borrow as a fraction of the max LTV', '0.5')
    .option('--collateral-usd <usd>', 'collateral value of each book at its start', '10000000')
    .option('--start-step <seconds>', 'seconds between the start dates of the books', '21600')
    .option('--budget <fraction>', 'crisis budget: bad debt over the book', '0.01')
    .option('--min-coverage <fraction>', "a file covering less of the scenario's window is refused", '0.9')
    .option('--step <seconds>', 'grid step of a published path', '3600')
    .addOption(formatOption(['table', 'json'], 'table'))
  cmd.action(
    commandAction(async (ctx, o: Options, config: string | undefined) => {
      if (o.list) {
        const list = scenarioList('market')
        if (o.format !== 'json') return void process.stdout.write(formatScenarioList(list))
        return void process.stdout.write(toJson(ctx.envelope({ result: list, options: { list: true } })))
      }
      const v = parseOptions(config, o)
      const dir = ctx.dataDir
      const { route, symbol, source, notes } = await routeOf(config, o, v, ctx)
      const asset = scenarioAsset(v.scenario, symbol === '' ? v.scenario.primaryAsset : symbol)
      const names = new Set([asset.toUpperCase(), symbol.toUpperCase()])
      const own = v.price.find((p) => names.has(p.asset.toUpperCase()))
      for (const p of v.price)
        if (p !== own) notes.push(`--price ${p.asset}=… not used: the replayed asset is ${asset}`)
      const series = await loadScenarioHistory({
        scenario: v.scenario,
        asset,
        dataDir: dir,
        priceOption: own,
        horizonSeconds: route.horizonSeconds,
        stepSeconds: v.step ?? 3600,
        minCoverage: v.minCoverage ?? 0.9,
      })
      const result = backtestScenario({
        scenario: v.scenario,
        asset,
        history: series.history,
        stepSeconds: series.stepSeconds,
        route,
        compareLts: v.compare,
        book: {
          positions: v.positions ?? 10,
          minUtilisation: v.minUtilisation ?? 0.5,
          collateralUsd: v.collateralUsd ?? 1e7,
        },
        startStepSeconds: v.startStep ?? 21_600,
        budget: v.budget ?? 0.01,
        assumeOwnBridgeFails: o.failBridge === true,
        label: source === 'flags' ? 'given' : 'recommended',
      })
      const quote = v.scenario.assets.find((a) => a.asset === asset)?.quote
      if (quote === 'index')
        notes.push(
          'the scenario path is an index (start = 1): only relative moves matter, each book sized at its start',
        )
      if (quote === 'ETH') notes.push(`${asset} is priced in ETH: the debt is taken to be in ETH`)
      if (own !== undefined) ctx.addInput(`price:${own.asset}`, own.file)
      const report = {
        version: packageVersion(),
        scenario: {
          name: v.scenario.name,
          title: v.scenario.title,
          source: v.scenario.source,
          figures: v.scenario.figures,
        },
        route: { ...route, asset, symbol, source },
        series: {
          ...series,
          history: undefined,
          points: series.history.times.length,
          from: series.history.times[0],
          to: series.history.times[series.history.times.length - 1],
        },
        ...result,
        notes,
      }
      if (o.format !== 'json') return void process.stdout.write(renderBacktest(report))
      const { version: _v, ...json } = report
      process.stdout.write(
        toJson(
          ctx.envelope({
            result: json,
            options: { scenario: v.scenario.name, route: route.id, startStepSeconds: v.startStep ?? 21_600 },
            assumptions: [...result.caveats, ...notes],
          }),
        ),
      )
    }),
  )
}
