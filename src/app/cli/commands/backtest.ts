import { isAbsolute, join } from 'node:path'
import type { Command } from 'commander'
import { loadConfig } from '../../../config/load.js'
import { assess } from '../../../core/assess/assess.js'
import {
  type BacktestPosition,
  type BacktestReturnType,
  backtestFaults,
  positionBook,
  runBacktest,
  unbackedMintPosition,
} from '../../../core/backtest/backtest.js'
import { XcollatError } from '../../../core/errors.js'
import {
  isoSeconds,
  type MarketScenario,
  marketScenario,
  marketScenarioNames,
  scenarioAssetFor,
} from '../../../core/scenarios/scenarios.js'
import { type Architecture, isArchitecture } from '../../../core/vocabulary.js'
import { dataDir, parsePriceOption, readSeries, type SeriesIssue } from '../../../io/data/series.js'
import { packageVersion } from '../version.js'
import type { RegisterCommand } from './index.js'

/**
 * A `backtest` option is missing or unusable. Code `XC_BAD_OPTION`.
 *
 * @example
 * ```ts
 * throw new BacktestOptionError('--lt', '1.2', 'a fraction strictly between 0 and 1')
 * ```
 */
export class BacktestOptionError extends XcollatError {
  override name = 'BacktestOptionError'
  constructor(option: string, value: string, expected: string) {
    super(`${option} ${JSON.stringify(value)} is not ${expected}.`, {
      code: 'XC_BAD_OPTION',
      instruction: `Pass ${option} as ${expected} (see \`xcollat backtest --help\`).`,
    })
  }
}

/**
 * Several `backtest` options are unusable: one line per problem (`problems`), exit code 2.
 * Code `XC_BAD_OPTION`.
 *
 * @example
 * ```ts
 * throw new BacktestOptionsError(['--lt "2" is not a fraction strictly between 0 and 1.'])
 * ```
 */
export class BacktestOptionsError extends XcollatError {
  override name = 'BacktestOptionsError'
  constructor(problems: readonly string[]) {
    super(`${problems.length} problem(s) with the backtest options: ${problems.join(' ')}`, {
      code: 'XC_BAD_OPTION',
      instruction: 'Fix each option (see `xcollat backtest --help`).',
      problems: problems.map((p) => (p.startsWith('[XC_') ? p : `[XC_BAD_OPTION] ${p}`)),
    })
  }
}

type BacktestOptions = {
  readonly scenario?: string
  readonly route?: string
  readonly asset?: string
  readonly data?: string
  readonly price: readonly string[]
  readonly lt?: string
  readonly ltv?: string
  readonly bonus?: string
  readonly horizon?: string
  readonly architecture?: string
  readonly compareLt: string
  readonly positions: string
  readonly minUtilisation: string
  readonly collateralUsd: string
  readonly step: string
  readonly format: string
  readonly list?: boolean
}

/** The route parameters a backtest runs with, and where they came from. */
type RouteParameters = {
  readonly id: string
  readonly symbol: string
  readonly architecture: Architecture
  readonly liquidationThreshold: number
  readonly ltv: number
  readonly liquidationBonus: number
  readonly horizonSeconds: number
  readonly source: string
  readonly notes: readonly string[]
}

function fraction(option: string, value: string, open = true): number {
  const x = Number(value)
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1 || (open && (x === 0 || x === 1)))
    throw new BacktestOptionError(
      option,
      value,
      open ? 'a fraction strictly between 0 and 1' : 'a fraction in [0, 1]',
    )
  return x
}

function positiveNumber(option: string, value: string, allowZero = false): number {
  const x = Number(value)
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || (!allowZero && x === 0))
    throw new BacktestOptionError(option, value, allowZero ? 'a number ≥ 0' : 'a positive number')
  return x
}

/** The message of a failed check, or undefined when it passes. */
function problemOf(check: () => unknown): string | undefined {
  try {
    check()
    return undefined
  } catch (error) {
    if (error instanceof XcollatError) return `[${error.code}] ${error.shortMessage} ${error.instruction}`
    throw error
  }
}

/**
 * Every problem with the options, one line each, before any work is done (so a user sees all of
 * them at once): format, scenario, architecture, the route flags (and LTV < LT), the book, the
 * step, `--compare-lt` and each `--price`.
 */
function optionProblems(config: string | undefined, o: BacktestOptions): string[] {
  const problems: (string | undefined)[] = []
  if (o.format !== 'text' && o.format !== 'json')
    problems.push(`--format ${JSON.stringify(o.format)} is not text or json.`)
  if (o.scenario === undefined)
    problems.push(`--scenario is missing: give one of ${marketScenarioNames().join(', ')}.`)
  else problems.push(problemOf(() => marketScenario(o.scenario as string)))
  if (o.architecture !== undefined && !isArchitecture(o.architecture))
    problems.push(
      `--architecture ${JSON.stringify(o.architecture)} is not message-passing, synthetic or hybrid-l2.`,
    )
  if (config === undefined)
    for (const k of ['lt', 'ltv', 'bonus', 'horizon'] as const)
      if (o[k] === undefined)
        problems.push(`--${k} is missing: without a config file give --lt, --ltv, --bonus and --horizon.`)
  const lt = o.lt === undefined ? undefined : problemOf(() => fraction('--lt', o.lt as string))
  const ltv = o.ltv === undefined ? undefined : problemOf(() => fraction('--ltv', o.ltv as string))
  problems.push(lt, ltv)
  if (
    o.lt !== undefined &&
    o.ltv !== undefined &&
    lt === undefined &&
    ltv === undefined &&
    Number(o.ltv) >= Number(o.lt)
  )
    problems.push(`--ltv ${o.ltv} is not below --lt ${o.lt}: the book would open already liquidatable.`)
  if (o.bonus !== undefined) problems.push(problemOf(() => fraction('--bonus', o.bonus as string, false)))
  if (o.horizon !== undefined)
    problems.push(problemOf(() => positiveNumber('--horizon', o.horizon as string, true)))
  const count = Number(o.positions)
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    problems.push(`--positions ${JSON.stringify(o.positions)} is not a whole number from 1 to 100000.`)
  const mu = Number(o.minUtilisation)
  if (o.minUtilisation.trim() === '' || !(mu > 0 && mu <= 1))
    problems.push(`--min-utilisation ${JSON.stringify(o.minUtilisation)} is not a fraction in (0, 1].`)
  problems.push(problemOf(() => positiveNumber('--collateral-usd', o.collateralUsd)))
  problems.push(problemOf(() => positiveNumber('--step', o.step)))
  if (o.compareLt.trim() !== '')
    for (const x of o.compareLt.split(',')) problems.push(problemOf(() => fraction('--compare-lt', x.trim())))
  for (const p of o.price) problems.push(problemOf(() => parsePriceOption(p)))
  return problems.filter((p): p is string => p !== undefined)
}

async function routeParameters(config: string | undefined, o: BacktestOptions): Promise<RouteParameters> {
  const notes: string[] = []
  const arch = o.architecture
  if (arch !== undefined && !isArchitecture(arch))
    throw new BacktestOptionError('--architecture', arch, 'message-passing, synthetic or hybrid-l2')
  if (config === undefined) {
    const missing = (['lt', 'ltv', 'bonus', 'horizon'] as const).filter((k) => o[k] === undefined)
    if (missing.length > 0)
      throw new BacktestOptionError(
        `--${missing[0]}`,
        '',
        'given when no config file is (a route by flags needs --lt, --ltv, --bonus and --horizon)',
      )
    return {
      id: 'flags',
      symbol: o.asset ?? '',
      architecture: (arch ?? 'message-passing') as Architecture,
      liquidationThreshold: fraction('--lt', o.lt as string),
      ltv: fraction('--ltv', o.ltv as string),
      liquidationBonus: fraction('--bonus', o.bonus as string, false),
      horizonSeconds: positiveNumber('--horizon', o.horizon as string, true),
      source: 'flags',
      notes,
    }
  }
  const registry = await loadConfig(config)
  const report = assess(registry)
  const pick = o.route === undefined ? report.routes[0] : report.routes.find((r) => r.id === o.route)
  const input = registry.routes.find((r) => r.id === pick?.id)
  if (pick === undefined || input === undefined)
    throw new BacktestOptionError(
      '--route',
      o.route ?? '',
      `a route id of ${config}: ${report.routes.map((r) => r.id).join(', ')}`,
    )
  const rec = pick.recommendation
  if (!rec.eligible)
    notes.push(
      `route ${pick.id} is not eligible (${pick.ineligibleReasons.join('; ')}); its numbers are used anyway`,
    )
  const p = {
    liquidationThreshold: o.lt === undefined ? rec.liquidationThreshold : fraction('--lt', o.lt),
    ltv: o.ltv === undefined ? rec.ltv : fraction('--ltv', o.ltv),
    liquidationBonus: o.bonus === undefined ? rec.liquidationBonus : fraction('--bonus', o.bonus, false),
    horizonSeconds:
      o.horizon === undefined
        ? pick.components.liquidationHorizonSeconds
        : positiveNumber('--horizon', o.horizon, true),
  }
  if (p.ltv >= p.liquidationThreshold)
    throw new BacktestOptionError(
      '--ltv',
      String(p.ltv),
      `below the liquidation threshold ${p.liquidationThreshold} of route ${pick.id}`,
    )
  const overridden = (['lt', 'ltv', 'bonus', 'horizon'] as const).filter((k) => o[k] !== undefined)
  if (overridden.length > 0) notes.push(`overridden by flags: ${overridden.map((k) => `--${k}`).join(', ')}`)
  return {
    id: pick.id,
    symbol: input.asset.symbol,
    architecture: (arch ?? input.architecture) as Architecture,
    ...p,
    source: overridden.length === 4 ? 'flags' : `xcollat assess of ${config} (recommended)`,
    notes,
  }
}

type LoadedSeries = {
  readonly mode: 'published' | 'data' | 'price-option'
  readonly asset: string
  readonly file?: string
  readonly column?: string
  readonly times: Float64Array
  readonly prices: Float64Array
  readonly stepSeconds: number
  readonly issues: readonly SeriesIssue[]
  readonly note: string
}

function slice(times: Float64Array, values: Float64Array, from: number, to: number) {
  let a = 0
  while (a < times.length && (times[a] as number) < from) a++
  let b = a
  while (b < times.length && (times[b] as number) <= to) b++
  return { times: times.slice(a, b), values: values.slice(a, b) }
}

async function loadSeries(
  scenario: MarketScenario,
  asset: string,
  symbol: string,
  o: BacktestOptions,
  horizon: number,
): Promise<LoadedSeries> {
  const overrides = o.price.map(parsePriceOption)
  const names = new Set([asset.toUpperCase(), symbol.toUpperCase()])
  const own = overrides.find((p) => names.has(p.asset.toUpperCase()))
  if (own !== undefined) {
    const s = await readSeries(own.file, { column: own.column, name: own.asset })
    return {
      mode: 'price-option',
      asset,
      file: own.file,
      column: s.column,
      times: s.times,
      prices: s.values,
      stepSeconds: s.stepSeconds,
      issues: s.issues,
      note: `--price ${own.asset}=${own.file}:${own.column} replaces the scenario's series`,
    }
  }
  const dir = dataDir(o.data, process.env)
  const spec = scenario.replay.find((r) => r.asset === asset)
  if (dir !== undefined && spec !== undefined) {
    const file = isAbsolute(spec.file) ? spec.file : join(dir, spec.file)
    const s = await readSeries(file, {
      column: spec.column,
      name: asset,
      ...(spec.timeColumn === undefined ? {} : { timeColumn: spec.timeColumn }),
    })
    const from = isoSeconds(spec.from.length === 10 ? `${spec.from}T00:00:00Z` : spec.from)
    const to = isoSeconds(spec.to.length === 10 ? `${spec.to}T00:00:00Z` : spec.to) + horizon
    // Each value at the time it was observed: a close is stamped with its candle's open time.
    const offset = spec.timeOffsetSeconds ?? 0
    const shifted = offset === 0 ? s.times : s.times.map((t) => t + offset)
    const w = slice(shifted, s.values, from, to)
    if (w.times.length < 2)
      throw new BacktestOptionError(
        '--data',
        dir,
        `a folder whose ${spec.file} covers ${spec.from} to ${spec.to}`,
      )
    const inWindow = s.issues
      .map((i) => (i.kind === 'gap' ? { ...i, fromTime: i.fromTime + offset, toTime: i.toTime + offset } : i))
      .filter((i) => i.kind === 'bad-row' || (i.toTime > from && i.fromTime < to))
    return {
      mode: 'data',
      asset,
      file,
      column: s.column,
      times: w.times,
      prices: w.values,
      stepSeconds: s.stepSeconds,
      issues: inWindow,
      note: `real series (${spec.note}) from ${spec.from} to ${spec.to} plus the horizon${offset === 0 ? '' : `; file times shifted by +${offset} s (close at the candle's end)`}`,
    }
  }
  const step = positiveNumber('--step', o.step)
  const paths = scenario.build({ stepSeconds: step, tailSeconds: horizon })
  const prices = paths.prices[asset] as Float64Array
  return {
    mode: 'published',
    asset,
    times: paths.times,
    prices,
    stepSeconds: step,
    issues: [],
    note:
      dir === undefined
        ? 'published key figures, linear between key points (no data folder given)'
        : `published key figures (the data folder has no series for ${asset} in this scenario)`,
  }
}

type Run = { readonly label: string; readonly liquidationThreshold: number; readonly ltv: number } & Omit<
  BacktestReturnType,
  'liquidations'
> & { readonly liquidations: number; readonly liquidationDetail: BacktestReturnType['liquidations'] }

const usd = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 })
const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const iso = (t: number) =>
  !Number.isFinite(t)
    ? 'never'
    : t < 1e8
      ? `t+${t} s`
      : new Date(t * 1000).toISOString().replace('.000Z', 'Z')

/**
 * `xcollat backtest [config] --scenario NAME [--data DIR] [--price ASSET=FILE:COLUMN] [--format json]`:
 * replays a market scenario (its published figures, or the real series from the data folder)
 * through a position book on a route, under the recommended parameters of `xcollat assess`
 * (or `--lt --ltv --bonus --horizon`) and under each `--compare-lt`, and prints bad debt,
 * liquidations and the worst drawdown. Gaps and bad rows of the data are printed, never filled.
 *
 * @example
 * ```ts
 * registerBacktest(program) // then: xcollat backtest examples/small.yaml --route weth-eth-arb-messages --scenario eth-2020-03
 * ```
 */
export const registerBacktest: RegisterCommand = (program: Command) => {
  program
    .command('backtest')
    .description('replay a historical market scenario through a route: bad debt, liquidations, drawdown')
    .argument('[config]', 'configuration file (YAML/JSON); without it give --lt --ltv --bonus --horizon')
    .option('--scenario <name>', `market scenario: ${marketScenarioNames().join(', ')}`)
    .option('--list', 'list the market scenarios')
    .option('--route <id>', 'route of the config (default: the first)')
    .option('--asset <name>', "scenario asset to replay (default: the one matching the route's asset)")
    .option('--data <dir>', 'data folder with the real series (or XCOLLAT_DATA_DIR)')
    .option(
      '--price <ASSET=FILE:COLUMN>',
      "replay column COLUMN of FILE as ASSET's price (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--lt <fraction>', 'liquidation threshold (overrides the assessment)')
    .option('--ltv <fraction>', 'loan-to-value the book is opened at (overrides the assessment)')
    .option('--bonus <fraction>', 'liquidation bonus, 0.05 = 5 % (overrides the assessment)')
    .option(
      '--horizon <seconds>',
      'liquidation horizon incl. the seize message home (overrides the assessment)',
    )
    .option('--architecture <kind>', 'message-passing, synthetic or hybrid-l2 (overrides the config)')
    .option(
      '--compare-lt <list>',
      'comma-separated aggressive LTs to run beside (LTV scaled alike); "" for none',
      '0.95',
    )
    .option('--positions <n>', 'positions in the book', '10')
    .option('--min-utilisation <fraction>', 'smallest borrow as a fraction of the max LTV', '0.5')
    .option('--collateral-usd <usd>', 'total collateral value of the book at the start', '10000000')
    .option('--step <seconds>', 'grid step of a published path', '3600')
    .option('--format <format>', 'text or json', 'text')
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error) => {
      // Help and version exit 0 as usual; a parse error (unknown option, missing value) becomes
      // one readable line and exit code 2 through the program's error report.
      if (error.exitCode === 0) return
      throw new BacktestOptionsError([
        `${error.message.replace(/^error: /, '').replace(/\n/g, ' ')} (see \`xcollat backtest --help\`)`,
      ])
    })
    .action(async (config: string | undefined, o: BacktestOptions) => {
      if (o.format !== 'text' && o.format !== 'json')
        throw new BacktestOptionError('--format', o.format, 'text or json')
      if (o.list) {
        const list = marketScenarioNames().map((n) => {
          const s = marketScenario(n)
          return {
            name: s.name,
            title: s.title,
            description: s.description,
            source: s.source,
            replay: s.replay.map((r) => r.file),
          }
        })
        if (o.format === 'json')
          process.stdout.write(
            `${JSON.stringify({ command: 'backtest --list', version: packageVersion(), seed: null, scenarios: list }, null, 2)}\n`,
          )
        else for (const s of list) process.stdout.write(`${s.name.padEnd(22)} ${s.title}\n`)
        return
      }
      const problems = optionProblems(config, o)
      if (problems.length > 0) throw new BacktestOptionsError(problems)
      const scenario = marketScenario(o.scenario as string)
      const route = await routeParameters(config, o)
      const pick =
        o.asset !== undefined
          ? { asset: o.asset, matched: true }
          : scenarioAssetFor(scenario, route.symbol === '' ? scenario.primaryAsset : route.symbol)
      if (!scenario.assets.some((a) => a.asset === pick.asset))
        throw new BacktestOptionError(
          '--asset',
          pick.asset,
          `an asset of ${scenario.name}: ${scenario.assets.map((a) => a.asset).join(', ')}`,
        )
      const notes = [...route.notes]
      if (!pick.matched)
        notes.push(
          `route asset ${route.symbol} is not in ${scenario.name}; replaying its primary asset ${pick.asset}`,
        )
      const series = await loadSeries(scenario, pick.asset, route.symbol, o, route.horizonSeconds)
      for (const p of o.price.map(parsePriceOption))
        if (![pick.asset, route.symbol].some((n) => n.toUpperCase() === p.asset.toUpperCase()))
          notes.push(`--price ${p.asset}=… not used: the replayed asset is ${pick.asset}`)
      const quote = scenario.assets.find((a) => a.asset === pick.asset)?.quote
      if (series.mode === 'published' && quote === 'index')
        notes.push(
          'the scenario path is an index (start = 1): only relative moves matter, book sized at the start',
        )
      if (quote === 'ETH') notes.push(`${pick.asset} is priced in ETH: the debt is taken to be in ETH`)
      const events = scenario.build({ stepSeconds: 3600 }).events
      const { faults, applied } = backtestFaults(events, {
        architecture: route.architecture,
        asset: pick.asset,
      })
      const count = Number(o.positions)
      if (!Number.isInteger(count) || count < 1 || count > 100_000)
        throw new BacktestOptionError('--positions', o.positions, 'a whole number from 1 to 100000')
      const minUtilisation = fraction('--min-utilisation', o.minUtilisation, false)
      if (minUtilisation === 0)
        throw new BacktestOptionError('--min-utilisation', o.minUtilisation, 'a fraction in (0, 1]')
      const collateralValue = positiveNumber('--collateral-usd', o.collateralUsd)
      const compare =
        o.compareLt.trim() === '' ? [] : o.compareLt.split(',').map((x) => fraction('--compare-lt', x.trim()))
      const settings = [
        {
          label: route.source === 'flags' ? 'given' : 'recommended',
          lt: route.liquidationThreshold,
          ltv: route.ltv,
        },
        ...compare
          .filter((lt) => lt !== route.liquidationThreshold)
          .map((lt) => ({
            label: `${lt > route.liquidationThreshold ? 'aggressive' : 'compare'} LT ${lt}`,
            lt,
            ltv: Math.min(0.9999, (lt * route.ltv) / route.liquidationThreshold),
          })),
      ]
      const mint = events.find((e) => e.kind === 'unbacked-mint' && e.asset === pick.asset)
      const price0 = series.prices[0] as number
      const runs: Run[] = settings.map((s) => {
        const positions: BacktestPosition[] = positionBook({
          price: price0,
          ltv: s.ltv,
          count,
          minUtilisation,
          collateralValue,
        })
        if (mint?.kind === 'unbacked-mint') positions.push(unbackedMintPosition(mint, price0))
        const r = runBacktest({
          times: series.times,
          prices: series.prices,
          positions,
          liquidationThreshold: s.lt,
          liquidationBonus: route.liquidationBonus,
          horizonSeconds: route.horizonSeconds,
          faults,
        })
        const { liquidations, ...rest } = r
        return {
          label: s.label,
          liquidationThreshold: s.lt,
          ltv: s.ltv,
          ...rest,
          liquidations: liquidations.length,
          liquidationDetail: liquidations,
        }
      })
      if (mint?.kind === 'unbacked-mint')
        notes.push(
          `the book includes the attacker's position: $${usd(mint.collateralPostedUsd)} posted, $${usd(mint.borrowedUsd)} borrowed`,
        )
      if (route.architecture === 'message-passing' || route.architecture === 'hybrid-l2')
        notes.push(
          'the horizon includes the seize message home: seized collateral is sold only when it arrives',
        )
      const gaps = series.issues.filter((i) => i.kind === 'gap')
      const badRows = series.issues.filter((i) => i.kind === 'bad-row')
      const report = {
        command: 'backtest',
        version: packageVersion(),
        seed: null,
        deterministic: true,
        scenario: {
          name: scenario.name,
          title: scenario.title,
          source: scenario.source,
          figures: scenario.figures,
        },
        route: { ...route, asset: pick.asset },
        series: {
          mode: series.mode,
          asset: series.asset,
          ...(series.file === undefined ? {} : { file: series.file, column: series.column }),
          from: series.times[0],
          to: series.times[series.times.length - 1],
          points: series.times.length,
          stepSeconds: series.stepSeconds,
          note: series.note,
          gaps: gaps.length,
          badRows: badRows.length,
          issues: series.issues.slice(0, 50),
        },
        faultsApplied: applied,
        book: { positions: count, minUtilisation, collateralUsd: collateralValue },
        runs,
        notes,
      }
      if (o.format === 'json') {
        process.stdout.write(
          `${JSON.stringify(report, (_, v) => (v === Number.POSITIVE_INFINITY ? 'Infinity' : v), 2)}\n`,
        )
        return
      }
      const lines = [
        `xcollat ${report.version} backtest  scenario ${scenario.name}  route ${route.id} (${route.architecture}, asset ${pick.asset})`,
        `series: ${series.mode}, ${series.times.length} points ${iso(series.times[0] as number)} → ${iso(series.times[series.times.length - 1] as number)}; ${series.note}`,
        `data issues: ${gaps.length} gap(s), ${badRows.length} bad row(s) (reported, not filled)`,
        ...gaps
          .slice(0, 10)
          .map((g) =>
            g.kind === 'gap' ? `  gap ${iso(g.fromTime)} → ${iso(g.toTime)} (${g.missingSteps} missing)` : '',
          ),
        ...badRows.slice(0, 10).map((b) => (b.kind === 'bad-row' ? `  line ${b.line}: ${b.reason}` : '')),
        `parameters from ${route.source}: bonus ${pct(route.liquidationBonus)}, horizon ${route.horizonSeconds} s`,
        `faults applied: ${applied.length === 0 ? 'none' : applied.join('; ')}`,
        '',
        'run                    LT       LTV      liquidations  bad debt       of debt   worst drawdown',
        ...runs.map(
          (r) =>
            `${r.label.padEnd(22)} ${pct(r.liquidationThreshold).padEnd(8)} ${pct(r.ltv).padEnd(8)} ${String(r.liquidations).padEnd(13)} ${`$${usd(r.badDebt)}`.padEnd(14)} ${pct(r.badDebtFraction).padEnd(9)} ${pct(r.worstDrawdown.fraction)}`,
        ),
        ...(notes.length > 0 ? ['', ...notes.map((n) => `note: ${n}`)] : []),
      ]
      process.stdout.write(`${lines.join('\n')}\n`)
    })
}
