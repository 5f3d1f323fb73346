import type { Command } from 'commander'
import { renderValidate } from '../../validate/render.js'
import { validateRegistry } from '../../validate/run.js'
import { validateRoutesQueued } from '../../worker/remote.js'
import { commandAction } from '../context.js'
import { dataOption, formatOption, numberOption } from '../options.js'
import { EXIT } from '../output.js'
import { type QueueOptions, queueLocationOf, queueNameOption, queueOption } from '../queueOptions.js'

type ValidateOptions = QueueOptions & {
  readonly format: 'table' | 'json' | 'md'
  readonly budget: number
  readonly startStep: number
  readonly windowDays: number
}

/**
 * Registers `xcollat validate <config> [--data DIR] [--format table|json|md]`: per route, the
 * recommended LTV/LT/bonus of `assess`, the largest LT that history shows safe (worst rolling
 * start within the crisis budget on every series of the route's asset in the data folder), and
 * the anchor parameters; verdicts safe, efficient and in the anchor band. Exit 1 when a
 * recommendation is unsafe.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat validate examples/multichain.yaml --data /path/to/data
 * ```
 */
export function register(program: Command): void {
  program
    .command('validate')
    .description("Check each route's recommended parameters against history and the market's own parameters")
    .argument('<config>', 'protocol configuration (YAML or JSON)')
    .addOption(dataOption('data folder with the price histories (PROVENANCE.md)'))
    .addOption(formatOption(['table', 'json', 'md'], 'table'))
    .addOption(
      numberOption('--budget <fraction>', 'crisis budget: worst-start bad debt over the book', {
        min: 0,
        max: 0.5,
        default: 0.01,
      }),
    )
    .addOption(
      numberOption('--start-step <seconds>', 'seconds between the start dates of the books', {
        min: 600,
        max: 30 * 86_400,
        default: 21_600,
      }),
    )
    .addOption(
      numberOption('--window-days <days>', 'how long each book lives', { min: 1, max: 365, default: 30 }),
    )
    .addOption(queueOption(false))
    .addOption(queueNameOption())
    .action(
      commandAction(async (ctx, o: ValidateOptions, file: string) => {
        const dir = ctx.requireDataDir('the price histories of PROVENANCE.md (prices/, oracles/)')
        const registry = await ctx.loadRegistry(file)
        const location = queueLocationOf(o)
        const { routes, skipped } = await validateRegistry(registry, dir, {
          budget: o.budget,
          startStepSeconds: o.startStep,
          windowSeconds: o.windowDays * 86_400,
          ...(location === undefined
            ? {}
            : { validateRoutes: (r) => validateRoutesQueued(r, { location, signal: ctx.signal }) }),
        })
        const unsafe = routes.some((r) => !r.safe)
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { unsafe, routes, skipped },
            options: { budget: o.budget, startStepSeconds: o.startStep, windowDays: o.windowDays },
            assumptions: [...new Set(routes.flatMap((r) => r.caveats))],
          })
        else process.stdout.write(renderValidate(routes, skipped, o.budget, o.format === 'md'))
        if (unsafe) {
          process.stderr.write('A recommendation is above its historically safe LT (exit code 1).\n')
          return EXIT.unsafe
        }
        return EXIT.ok
      }),
    )
}
