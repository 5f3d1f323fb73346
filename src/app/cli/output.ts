import { XcollatError } from '../../core/errors.js'

/**
 * Exit codes shared by every command: 0 all well, 1 unsafe parameters found (`assess`, `solve`),
 * 2 bad input, 70 an internal error (a bug: report it), 130 interrupted (Ctrl-C; finished work kept).
 *
 * @example
 * ```ts
 * process.exitCode = EXIT.badInput
 * ```
 */
export const EXIT = { ok: 0, unsafe: 1, badInput: 2, internal: 70, interrupted: 130 } as const

/** The longest error line printed; longer messages (a pasted binary file) are cut. */
export const MAX_ERROR_LINE = 400

/**
 * Makes a text safe for one terminal line: control characters and invalid UTF-8 become `?`,
 * line breaks spaces, and anything past `max` characters is cut with an ellipsis.
 *
 * @example
 * ```ts
 * oneLine('a\nb\u0000c', 400) // 'a b?c'
 * ```
 */
export function oneLine(text: string, max: number = MAX_ERROR_LINE): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const clean = text.replace(/\r?\n|\r/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?')
  const chars = [...clean]
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`
}

/**
 * The lines a failure prints: `error: [XC_CODE] message — instruction`, one per problem when the
 * error lists several (the instruction on the last), each at most {@link MAX_ERROR_LINE}
 * characters. Anything that is not an {@link XcollatError} is a bug: `[XC_INTERNAL]`.
 *
 * @example
 * ```ts
 * errorLines(new ConfigError('a.yaml', ['a.yaml: routes[0].bridge: expected …']))
 * // ['error: [XC_CONFIG] a.yaml: routes[0].bridge: expected … — Fix each listed path …']
 * ```
 */
export function errorLines(error: unknown): string[] {
  const line = (code: string, text: string, instruction?: string) => {
    const body = text.startsWith('[XC_') ? text : `[${code}] ${text}`
    const tail = instruction === undefined ? '' : ` — ${oneLine(instruction, 160)}`
    return `error: ${oneLine(body, MAX_ERROR_LINE - 7 - tail.length)}${tail}`
  }
  if (error instanceof XcollatError) {
    const problems = error.problems
    if (problems.length === 0) return [line(error.code, error.shortMessage, error.instruction)]
    return problems.map((p, i) =>
      line(error.code, p, i === problems.length - 1 ? error.instruction : undefined),
    )
  }
  const message =
    error instanceof Error ? `${error.name}: ${error.message}` : `unexpected failure: ${String(error)}`
  return [
    line(
      'XC_INTERNAL',
      message,
      'This is a bug in xcollat: rerun with --debug and report it with the output.',
    ),
  ]
}

/**
 * Prints a failure (see {@link errorLines}; the stack too with `debug`) and returns the exit
 * code: 2 for bad input, 70 for an internal error.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(error, { debug: false })
 * ```
 */
export function reportError(error: unknown, options: { readonly debug: boolean }): number {
  for (const l of errorLines(error)) process.stderr.write(`${l}\n`)
  if (options.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  return error instanceof XcollatError ? EXIT.badInput : EXIT.internal
}
