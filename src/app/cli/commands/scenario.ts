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
import type { RegisterCommand } from './index.js'

/**
 * A `scenario` option value that cannot be used. Code `XC_BAD_OPTION`.
 *
 * @example `throw new ScenarioOptionError('--design', 'clever', 'reference or naive')`
 */
export class ScenarioOptionError extends XcollatError {
  override name = 'ScenarioOptionError'
  constructor(option: string, value: string, expected: string) {
    super(`${option} ${JSON.stringify(value)} is not ${expected}.`, {
      code: 'XC_BAD_OPTION',
      instruction: `Pass ${option} as ${expected}, or run \`xcollat scenario --list\`.`,
    })
  }
}

/**
 * The command line of `xcollat scenario` cannot be parsed (unknown option, missing option value).
 * Code `XC_BAD_OPTION`; the CLI exits 2 with this one line instead of commander's exit 1 and help.
 *
 * @example `throw new ScenarioUsageError("error: unknown option '--bogus'")`
 */
export class ScenarioUsageError extends XcollatError {
  override name = 'ScenarioUsageError'
  constructor(commanderMessage: string) {
    super(`${commanderMessage.replace(/^error:\s*/i, '').replace(/\.$/, '')}.`, {
      code: 'XC_BAD_OPTION',
      instruction: 'See `xcollat scenario --help` for the options.',
    })
  }
}

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
  const width = Math.max(4, ...entries.map((e) => e.name.length)) + 2
  const lines = [`${'name'.padEnd(width)}${'kind'.padEnd(10)}title`]
  for (const e of entries) lines.push(`${e.name.padEnd(width)}${e.kind.padEnd(10)}${e.title}`)
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
  readonly design: string
  readonly seed: string
  readonly trace?: boolean
  readonly format: string
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

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new ScenarioOptionError('--seed', value, 'a whole number such as 42')
  return Number(value)
}

/**
 * `xcollat scenario NAME [--design reference|naive] [--seed S] [--trace] [--format json]` runs one
 * scenario through the protocol engine; `xcollat scenario --list` lists the protocol and the market
 * scenarios in one table (kind `protocol` | `market`). A market-only name exits 2 with a pointer to
 * `xcollat backtest --scenario NAME <config>`.
 *
 * @example
 * ```ts
 * registerScenario(program) // then: xcollat scenario oracle-delay --design naive --format json
 * ```
 */
export const registerScenario: RegisterCommand = (program: Command) => {
  program
    .command('scenario')
    .description('run a cross-chain protocol scenario (lock, credit, liquidation lag, attacks) or list them')
    .argument('[name]', 'scenario name (see --list)')
    .option('--design <design>', 'reference or naive protocol design', 'reference')
    .option('--seed <seed>', 'seed of the run (recorded in the output)', '1')
    .option('--trace', 'print the event log (time, chain, event, state change)')
    .option('--format <format>', 'text or json', 'text')
    .option('--list', 'list the protocol and market scenarios')
    .option('--check-all', 'check every account after every event (slower) instead of the ledger totals')
    // bad input exits 2 with one line (runCli's reportError), like the errors the action throws
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride((error) => {
      if (error.exitCode === 0) return // --help: commander exits 0 itself
      throw new ScenarioUsageError(error.message)
    })
    .action((name: string | undefined, options: ScenarioOptions) => {
      if (options.format !== 'text' && options.format !== 'json')
        throw new ScenarioOptionError('--format', options.format, 'text or json')
      if (options.list) {
        const list = scenarioCatalog()
        process.stdout.write(
          options.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : formatScenarioList(list),
        )
        return
      }
      if (name === undefined) throw new ScenarioOptionError('NAME', '', 'a scenario name (see --list)')
      const scenario = resolveProtocolScenario(name)
      if (!(DESIGNS as readonly string[]).includes(options.design))
        throw new ScenarioOptionError('--design', options.design, 'reference or naive')
      const result = runScenario({
        scenario,
        design: options.design as Design,
        seed: parseSeed(options.seed),
        invariants: options.checkAll ? 'full' : 'cheap',
        trace: options.trace ?? false,
      })
      process.stdout.write(
        options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatScenarioResult(result),
      )
    })
}
