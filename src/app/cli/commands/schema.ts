import type { Command } from 'commander'
import { configJsonSchema } from '../../../config/schema.js'
import type { RegisterCommand } from './index.js'

/**
 * Registers `xcollat schema`: prints the JSON Schema of a configuration file (zod 4's
 * `z.toJSONSchema`), for editors (`# yaml-language-server: $schema=...`).
 *
 * @example
 * ```ts
 * registerSchema(program) // xcollat schema > xcollat.schema.json
 * ```
 */
export const registerSchema: RegisterCommand = (program: Command) => {
  program
    .command('schema')
    .description('Print the JSON Schema of a configuration file (for editors)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`)
    })
}
