import type { Command } from 'commander'
import { XcollatError } from '../../../core/errors.js'
import { DESIGNS, type Design } from '../../../core/protocol/architectures.js'
import {
  findScenario,
  runScenario,
  SCENARIOS,
  type ScenarioResult,
} from '../../../core/protocol/scenarios/registry.js'
import type { Scenario } from '../../../core/protocol/scenarios/types.js'
import {
  type MarketScenario,
  marketScenarioNames,
  marketScenarios,
} from '../../../core/scenarios/scenarios.js'
import { commandAction } from '../context.js'
import { renderRows } from '../format/render.js'
import { BadOptionError, choiceOption, formatOption, numberOption } from '../options.js'

/**
 * The name belongs to a market scenario only (price paths replayed against a configuration), which
 * the protocol engine does not run. Code `XC_MARKET_SCENARIO`; the CLI exits 2.
 *
 * @example `throw new MarketScenarioOnlyError('eth-2020-03')`
 */
export class MarketScenarioOnlyError extends XcollatError {
  override name = 'MarketScenarioOnlyError'
  constructor(name: string) {
    super(`"${name}" is a market scenario, not a protocol one.`, {
      code: 'XC_MARKET_SCENARIO',
      instruction: `Run it with \`xcollat backtest --scenario ${name} <config>\`.`,
    })
  }
}

/**
 * One row of `xcollat scenario --list`: a protocol scenario (run by `xcollat scenario NAME`) or a
 * market one (run by `xcollat backtest --scenario NAME <config>`). `source` is always a list.
 *
 * @example `const e: ScenarioListEntry = { name: 'replay', kind: 'protocol', title: '…', description: '…', source: ['…'] }`
 */
export type ScenarioListEntry = {
  readonly name: string
  readonly kind: 'protocol' | 'market'
  readonly title: string
  readonly description: string
  readonly source: readonly string[]
}

/**
 * Both scenario libraries in one list: the protocol's (`SCENARIOS`) first, then the market
 * scenarios. A name in both (`crash-40-24h`) appears once per kind.
 *
 * @example
 * ```ts
 * scenarioCatalog().filter((e) => e.kind === 'market').map((e) => e.name) // ['crash-40-24h', 'eth-2020-03', …]
 * ```
 */
export function scenarioCatalog(
  protocol: readonly Scenario[] = SCENARIOS,
  market: readonly MarketScenario[] = marketScenarioNames().map((n) => marketScenarios[n]!),
): ScenarioListEntry[] {
  return [
    ...protocol.map((s) => ({
      name: s.name,
      kind: 'protocol' as const,
      title: s.title ?? s.name,
      description: s.description,
      source: [s.source],
    })),
    ...market.map((s) => ({
      name: s.name,
      kind: 'market' as const,
      title: s.title,
      description: s.description,
      source: [...s.source],
    })),
  ]
}

/**
 * Renders the catalogue as a text table: name, kind, title.
 *
 * @example
 * ```ts
 * process.stdout.write(formatScenarioList(scenarioCatalog()))
 * ```
 */
export function formatScenarioList(entries: readonly ScenarioListEntry[]): string {
  const lines = renderRows(
    {
      columns: [{ header: 'name' }, { header: 'kind' }, { header: 'title' }],
      rows: entries.map((e) => [e.name, e.kind, e.title]),
    },
    'table',
  )
  lines.push(
    '',
    'protocol: xcollat scenario NAME [--design reference|naive] [--seed S]',
    'market:   xcollat backtest --scenario NAME <config>',
  )
  return `${lines.join('\n')}\n`
}

/**
 * The protocol scenario to run for a name: `MarketScenarioOnlyError` for a market-only name,
 * `UnknownScenarioError` for a name in neither library.
 *
 * @example
 * ```ts
 * resolveProtocolScenario('replay').name // 'replay'
 * ```
 */
export function resolveProtocolScenario(name: string): Scenario {
  if (!SCENARIOS.some((s) => s.name === name) && Object.hasOwn(marketScenarios, name))
    throw new MarketScenarioOnlyError(name)
  return findScenario(name)
}

type ScenarioOptions = {
  readonly design: Design
  readonly seed: number
  readonly trace?: boolean
  readonly format: 'text' | 'json'
  readonly list?: boolean
  readonly checkAll?: boolean
}

const usd = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}`
const sec = (x: number | null) => (x === null ? '-' : `${x.toFixed(0)} s`)

/**
 * Renders a scenario result as text (summary, then the trace if it was asked for).
 *
 * @example
 * ```ts
 * process.stdout.write(formatScenarioResult(runScenario({ scenario, design: 'reference', seed: 1 })))
 * ```
 */
export function formatScenarioResult(r: ScenarioResult): string {
  const lag = r.liquidationLagSeconds
  const lines = [
    `scenario ${r.scenario} (design ${r.design}, seed ${r.seed}): ${r.events} events, ${r.endTimeSeconds.toFixed(0)} s`,
    `  bad debt            ${usd(r.badDebtUsd)}`,
    `  attacker profit     ${usd(r.attackerProfitUsd)}`,
    `  liquidations        ${r.liquidations}`,
    `  liquidator loss     ${usd(r.liquidatorLossUsd)} (seized collateral worth less than the debt repaid when it landed)`,
    `  liquidation lag     p50 ${sec(lag.p50)}, p95 ${sec(lag.p95)}, max ${sec(lag.max)} (${lag.count} settled)`,
    `  reserve left        ${usd(r.reserveUsd)}`,
    `  invariants          ${
      r.invariantViolations.length === 0
        ? 'all held'
        : r.invariantViolations
            .map(
              (v) =>
                `${v.invariant} broken on route ${v.route} (first at event ${v.firstEvent}, ${v.count}×)`,
            )
            .join('; ')
    }`,
  ]
  if (r.trace) {
    lines.push('', 'time(s)      chain      event              change')
    for (const t of r.trace)
      lines.push(
        `${t.time.toFixed(2).padStart(11)}  ${t.chain.padEnd(9)}  ${t.event.padEnd(17)}  ${t.change}`,
      )
  }
  return `${lines.join('\n')}\n`
}

/**
 * `xcollat scenario NAME [--design reference|naive] [--seed S] [--trace] [--format json]` runs one
 * scenario through the protocol engine; `xcollat scenario --list` lists the protocol and the market
 * scenarios in one table (kind `protocol` | `market`). A market-only name exits 2 with a pointer to
 * `xcollat backtest --scenario NAME <config>`.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat scenario oracle-delay --design naive --format json
 * ```
 */
export function register(program: Command): void {
  program
    .command('scenario')
    .description('Run a cross-chain protocol scenario (lock, credit, liquidation lag, attacks) or list them')
    .argument('[name]', 'scenario name (see --list)')
    .addOption(choiceOption('--design <design>', 'protocol design', DESIGNS, 'reference'))
    .addOption(
      numberOption('--seed <seed>', 'seed of the run (recorded in the output)', {
        min: 0,
        max: Number.MAX_SAFE_INTEGER,
        integer: true,
        default: 1,
      }),
    )
    .option('--trace', 'print the event log (time, chain, event, state change)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--list', 'list the protocol and market scenarios')
    .option('--check-all', 'check every account after every event (slower) instead of the ledger totals')
    .action(
      commandAction(async (ctx, o: ScenarioOptions, name: string | undefined) => {
        if (o.list) {
          const list = scenarioCatalog()
          if (o.format === 'json')
            await ctx.writeEnvelope(undefined, { result: list, options: { list: true } })
          else await ctx.writeOutput(undefined, formatScenarioList(list))
          return undefined
        }
        if (name === undefined) throw new BadOptionError('<name>', 'a scenario name (see --list)', undefined)
        const scenario = resolveProtocolScenario(name)
        const result = runScenario({
          scenario,
          design: o.design,
          seed: o.seed,
          invariants: o.checkAll ? 'full' : 'cheap',
          trace: o.trace ?? false,
        })
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            seed: o.seed,
            result,
            options: {
              scenario: name,
              design: o.design,
              checkAll: o.checkAll ?? false,
              trace: o.trace ?? false,
            },
          })
        else await ctx.writeOutput(undefined, formatScenarioResult(result))
        return undefined
      }),
    )
}
