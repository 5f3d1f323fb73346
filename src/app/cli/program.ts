import { Command, CommanderError } from 'commander'
import { COMMANDS } from './commands/index.js'
import { BadOptionError } from './options.js'
import { EXIT, reportError } from './output.js'
import { packageVersion } from './version.js'

/**
 * The command an argv asks for: the first operand after the program's own flags (`help NAME`
 * asks for NAME), or undefined.
 *
 * @example
 * ```ts
 * requestedCommand(['node', 'xcollat', '--debug', 'assess', 'a.yaml']) // 'assess'
 * ```
 */
function requestedCommand(argv: readonly string[]): string | undefined {
  const operands = argv.slice(2).filter((a) => !a.startsWith('-'))
  return operands[0] === 'help' ? operands[1] : operands[0]
}

/**
 * Builds the `xcollat` program. With `argv`, only the command it asks for is loaded (the others
 * are listed by name and summary); without, every command is.
 *
 * @example
 * ```ts
 * await (await createProgram()).parseAsync(['node', 'xcollat', 'assess', 'examples/small.yaml'])
 * ```
 */
export async function createProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command()
    .name('xcollat')
    .description('Risk engine for cross-chain collateral')
    .version(packageVersion())
    .option('--debug', 'show stack traces on errors')
  const wanted = argv === undefined ? undefined : requestedCommand(argv)
  for (const entry of COMMANDS) {
    if (wanted === undefined || wanted === entry.name) (await entry.load())(program)
    else program.command(entry.name).description(entry.summary)
  }
  quietParseErrors(program)
  return program
}

/**
 * Commander's parse errors are thrown as a {@link BadOptionError} naming the option (runCli
 * prints it in the one error format), never printed by commander; help and version are thrown
 * as they are (exit 0).
 */
function quietParseErrors(command: Command, name?: string): void {
  command
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error) => {
      if (error.exitCode === 0 || error.code === 'commander.help') throw error
      throw commanderProblem(error, name)
    })
  for (const sub of command.commands)
    quietParseErrors(sub, name === undefined ? sub.name() : `${name} ${sub.name()}`)
}

const quoted = (message: string) => /'([^']*)'/.exec(message)?.[1]
const longFlag = (flags: string) => /--[\w-]+/.exec(flags)?.[0] ?? flags

/**
 * A commander parse error (unknown option, missing argument or value, unknown command) as a
 * {@link BadOptionError} naming the option.
 *
 * @example
 * ```ts
 * commanderProblem(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'"), 'simulate')
 * ```
 */
function commanderProblem(error: CommanderError, command: string | undefined): BadOptionError {
  const where = command === undefined ? '`xcollat`' : `\`xcollat ${command}\``
  const help = `Run ${command === undefined ? '`xcollat --help`' : `\`xcollat ${command} --help\``} for the usage.`
  const message = error.message.replace(/^error:\s*/, '').replace(/\s+/g, ' ')
  const name = quoted(message) ?? ''
  switch (error.code) {
    case 'commander.unknownOption': {
      const hint = /\(Did you mean ([^)]+)\)/.exec(message)?.[1]
      return new BadOptionError(
        name,
        `an option of ${where}`,
        name,
        hint ? `Did you mean ${hint}? ${help}` : help,
      )
    }
    case 'commander.missingArgument':
      return new BadOptionError(`<${name}>`, 'a value', undefined, help)
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
      return new BadOptionError(longFlag(name), 'a value', undefined, help)
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(message)
      return new BadOptionError('<arguments>', `at most ${m?.[1] ?? 'fewer'}`, m?.[2] ?? message, help)
    }
    case 'commander.unknownCommand':
      return new BadOptionError('<command>', `one of ${COMMANDS.map((c) => c.name).join(', ')}`, name, help)
    default:
      return new BadOptionError(command ?? 'xcollat', 'a command line it can parse', message, help)
  }
}

/**
 * Runs the CLI on an argv array and sets `process.exitCode`: every failure is one line
 * `error: [XC_CODE] message — instruction` (exit 2 for bad input, 70 for a bug).
 *
 * @example
 * ```ts
 * await runCli(['node', 'xcollat', '--help'])
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const debug = argv.includes('--debug')
  try {
    await (await createProgram(argv)).parseAsync([...argv])
  } catch (error) {
    // Help and version are not failures; neither is the bare `xcollat` that prints the help.
    if (error instanceof CommanderError) {
      process.exitCode = EXIT.ok
      return
    }
    process.exitCode = reportError(error, { debug })
  }
}
