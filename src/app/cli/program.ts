import { Command, CommanderError } from 'commander'
import { packageVersion } from '../sim/output.js'
import { commands } from './commands/index.js'
import { EXIT, reportError } from './output.js'

/**
 * Builds the `xcollat` program with every command registered.
 *
 * @example
 * ```ts
 * await createProgram().parseAsync(['node', 'xcollat', 'assess', 'examples/small.yaml'])
 * ```
 */
export function createProgram(): Command {
  const program = new Command()
    .name('xcollat')
    .description('Risk engine for cross-chain collateral')
    .version(packageVersion())
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const register of commands) register(program)
  return program
}

/**
 * Runs the CLI on an argv array and sets `process.exitCode`; errors become one readable
 * line per problem and exit code 2.
 *
 * @example
 * ```ts
 * await runCli(['node', 'xcollat', '--help'])
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv])
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (unknown option, missing argument, …);
      // help and version are not failures.
      const ok =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      process.exitCode = ok ? EXIT.ok : EXIT.badInput
      return
    }
    process.exitCode = reportError(error, { debug: argv.includes('--debug') })
  }
}
