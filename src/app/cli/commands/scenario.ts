import type { Command } from 'commander'
import { DESIGNS, type Design } from '../../../core/protocol/architectures.js'
import { runScenario, type ScenarioResult } from '../../../core/protocol/scenarios/registry.js'
import { protocolScenario, scenarioList } from '../../../core/scenarios/catalog.js'
import { commandAction } from '../context.js'
import { formatScenarioList } from '../format/scenarioList.js'
import { BadOptionError, choiceOption, formatOption, numberOption } from '../options.js'

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
 * scenario through the protocol engine; `xcollat scenario --list` lists the one scenario catalog
 * with the engines that run each scenario (`protocol`, `market`, `devnet`). A name the protocol
 * engine does not run exits 2 naming the command that does.
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
    .option('--list', 'list every scenario of the catalog and the engines that run it')
    .option('--check-all', 'check every account after every event (slower) instead of the ledger totals')
    .action(
      commandAction(async (ctx, o: ScenarioOptions, name: string | undefined) => {
        if (o.list) {
          const list = scenarioList()
          if (o.format === 'json')
            await ctx.writeEnvelope(undefined, { result: list, options: { list: true } })
          else await ctx.writeOutput(undefined, formatScenarioList(list))
          return undefined
        }
        if (name === undefined) throw new BadOptionError('<name>', 'a scenario name (see --list)', undefined)
        const scenario = protocolScenario(name)
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
