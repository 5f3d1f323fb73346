import type { Command } from 'commander'
import { type IntentFile, parseHave, parsePrices, parseWant } from '../../../config/intent.js'
import { renderIntent } from '../../intent/render.js'
import { readIntentFile, routeIntent } from '../../intent/run.js'
import { commandAction } from '../context.js'
import { colors } from '../format/render.js'
import { BadOptionError, choiceOption, dataOption, formatOption, numberOption } from '../options.js'
import { EXIT } from '../output.js'

type RouteOptions = {
  readonly format: 'table' | 'json' | 'md'
  readonly intent?: string | undefined
  readonly have?: string | undefined
  readonly want?: string | undefined
  readonly price: readonly string[]
  readonly minHf?: number | undefined
  readonly maxMinutes?: number | undefined
  readonly excludeBridge: readonly string[]
  readonly horizonDays?: number | undefined
  readonly objective?: 'cheapest' | 'tradeoff' | undefined
  readonly riskWeight?: number | undefined
}

const collect = (x: string, acc: string[]) => [...acc, x]

/** The intent of the command line: `--intent FILE`, with `--have`/`--want`/limits over it. */
async function intentOf(o: RouteOptions, record: (path: string) => void): Promise<IntentFile> {
  if (o.intent === undefined && (o.have === undefined || o.want === undefined))
    throw new BadOptionError(
      '--intent',
      'an intent file, or both --have and --want',
      undefined,
      'Pass --intent FILE, or --have "500 WETH@ethereum, 10 WBTC@base" --want "borrow 1000000 USDC@arbitrum".',
    )
  let file: IntentFile | undefined
  if (o.intent !== undefined) {
    record(o.intent)
    file = await readIntentFile(o.intent)
  }
  const holdings = o.have === undefined ? file?.holdings : parseHave(o.have)
  const want = o.want === undefined ? file?.want : parseWant(o.want)
  if (holdings === undefined || want === undefined)
    throw new BadOptionError('--have', 'holdings and a want', undefined)
  const objective =
    o.objective === 'tradeoff' || (o.objective === undefined && o.riskWeight !== undefined)
      ? { tradeoff: o.riskWeight ?? 1 }
      : o.objective === 'cheapest'
        ? ('cheapest' as const)
        : file?.objective
  return {
    ...file,
    holdings,
    want,
    prices: { ...file?.prices, ...parsePrices(o.price) },
    ...(o.minHf === undefined ? {} : { minHealthFactor: o.minHf }),
    ...(o.maxMinutes === undefined ? {} : { maxMinutes: o.maxMinutes }),
    ...(o.horizonDays === undefined ? {} : { horizonDays: o.horizonDays }),
    excludeBridges: [...(file?.excludeBridges ?? []), ...o.excludeBridge],
    ...(objective === undefined ? {} : { objective }),
  }
}

/**
 * Registers `xcollat route <config> --intent FILE | --have "…" --want "…" [--price A=USD]
 * [--min-hf H] [--max-minutes M] [--exclude-bridge ID] [--objective cheapest|tradeoff]
 * [--risk-weight λ] [--format table|json|md]`: the cheapest safe way from holdings to a
 * position over every route of the configuration, with the cost–risk frontier. Exit 0, or 2
 * with the binding constraint's code when no plan exists.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat route examples/three-chains.yaml --intent examples/three-chains.intent.yaml
 * ```
 */
export function register(program: Command): void {
  program
    .command('route')
    .description(
      'The cheapest safe way from holdings to a position, across chains and bridges, with the cost–risk frontier',
    )
    .argument('<config>', 'protocol configuration (YAML or JSON)')
    .option('--intent <file>', 'intent file (YAML/JSON): holdings, want, prices, limits, costs, exposure')
    .option('--have <holdings>', 'holdings, "500 WETH@ethereum, 10 WBTC@base" (overrides the file\'s)')
    .option('--want <position>', '"borrow 1000000 USDC@arbitrum" or "margin 500000 USD@arbitrum"')
    .option(
      '--price <ASSET=USD>',
      'USD price of an asset (repeatable); dollar assets default to 1',
      collect,
      [] as string[],
    )
    .addOption(
      numberOption('--min-hf <h>', 'minimum health factor right after opening', { min: 1, max: 100 }),
    )
    .addOption(
      numberOption('--max-minutes <m>', 'the collateral must count within this many minutes', {
        min: 0,
        max: 1e7,
        exclusiveMin: true,
      }),
    )
    .option('--exclude-bridge <id>', 'a bridge not to use (repeatable)', collect, [] as string[])
    .addOption(
      numberOption(
        '--horizon-days <d>',
        'how long the position is held (expected-loss and capital horizon)',
        {
          min: 0,
          max: 3650,
        },
      ),
    )
    .addOption(choiceOption('--objective <objective>', 'what the plan minimises', ['cheapest', 'tradeoff']))
    .addOption(
      numberOption('--risk-weight <λ>', 'tradeoff: USD of cost worth one USD of risk', { min: 0, max: 1e6 }),
    )
    .addOption(formatOption(['table', 'json', 'md'], 'table'))
    .addOption(dataOption("data folder that assets' volatilitySeries files are read from"))
    .action(
      commandAction(async (ctx, o: RouteOptions, config: string) => {
        const registry = await ctx.loadRegistry(config)
        const file = await intentOf(o, (path) => ctx.addInput('intent', path))
        const { result, intent, assumptions, routeCount } = routeIntent(registry, file)
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { routes: routeCount, ...result },
            options: { format: o.format, intent: file },
            assumptions,
          })
        else
          process.stdout.write(
            renderIntent(
              result,
              intent,
              assumptions,
              o.format,
              colors(o.format === 'table' && process.stdout.isTTY === true && !process.env.NO_COLOR),
            ),
          )
        return EXIT.ok
      }),
    )
}
