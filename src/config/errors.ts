import { XcollatError } from '../core/errors.js'

/**
 * A configuration file is invalid. `problems` holds every problem found, one line each, as
 * `file: path: expected …, found …`; the CLI prints them one per line. Code `XC_CONFIG`.
 *
 * @example
 * ```ts
 * try { await loadConfig('protocol.yaml') }
 * catch (e) { if (e instanceof ConfigError) for (const p of e.problems) console.error(p) }
 * ```
 */
export class ConfigError extends XcollatError {
  override name = 'ConfigError'
  readonly file: string

  constructor(file: string, problems: readonly string[]) {
    const count = problems.length
    super(`${file}: ${count} problem${count === 1 ? '' : 's'} in the configuration.`, {
      code: 'XC_CONFIG',
      instruction: 'Fix each listed path (run `xcollat schema` for the allowed keys and types).',
      details: problems.slice(0, 20).join('; '),
      problems,
    })
    this.file = file
  }
}

/**
 * Formats a path inside a document the way users write it: `routes[3].oracle`.
 *
 * @example
 * ```ts
 * formatPath(['routes', 3, 'oracle']) // 'routes[3].oracle'
 * ```
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out === '' ? '(top level)' : out
}

/**
 * A short rendering of a found value for an error line (strings quoted, long values cut).
 *
 * @example
 * ```ts
 * describeValue(undefined) // 'nothing'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'bigint') return `${value}`
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  if (typeof value === 'number' && !Number.isFinite(value)) text = String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
