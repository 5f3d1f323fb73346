import type { Command } from 'commander'
import { configJsonSchema } from '../../../config/schema.js'
import { commandAction } from '../context.js'
import { envelopeJsonSchema, toJson } from '../envelope.js'
import { choiceOption, formatOption } from '../options.js'

const SCHEMAS = ['config', 'envelope'] as const

type SchemaOptions = { readonly of: (typeof SCHEMAS)[number]; readonly format: 'schema' | 'json' }

/**
 * Registers `xcollat schema [--of config|envelope] [--format schema|json]`: prints the JSON Schema
 * of a configuration file (for editors: `# yaml-language-server: $schema=...`) or of the
 * `--format json` output of every command; `--format json` wraps it in that output envelope.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat schema > xcollat.schema.json
 * ```
 */
export function register(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a configuration file (for editors) or of the JSON output')
    .addOption(
      choiceOption('--of <schema>', 'the configuration, or the --format json envelope', SCHEMAS, 'config'),
    )
    .addOption(formatOption(['schema', 'json'], 'schema'))
    .action(
      commandAction(async (ctx, o: SchemaOptions) => {
        const schema = o.of === 'envelope' ? envelopeJsonSchema() : configJsonSchema()
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, { result: schema, options: { of: o.of, format: o.format } })
        else await ctx.writeOutput(undefined, toJson(schema))
        return undefined
      }),
    )
}
