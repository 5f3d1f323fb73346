import { XcollatError } from '../../core/errors.js'

/** Exit codes shared by every command: 0 all well, 1 unsafe parameters found, 2 bad input. */
export const EXIT = { ok: 0, unsafe: 1, badInput: 2 } as const

/**
 * Prints a failure as one readable line per problem (no stack trace unless `debug`) and
 * returns the exit code to use.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(error, { debug: false })
 * ```
 */
export function reportError(error: unknown, options: { readonly debug: boolean }): number {
  if (error instanceof XcollatError) {
    const problems = (error as XcollatError & { problems?: readonly string[] }).problems
    if (problems && problems.length > 0) for (const p of problems) process.stderr.write(`error: ${p}\n`)
    else process.stderr.write(`error [${error.code}]: ${error.message}\n`)
    if (options.debug && error.stack) process.stderr.write(`${error.stack}\n`)
    return EXIT.badInput
  }
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`error: ${message}\n`)
  if (options.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  return EXIT.badInput
}
