import { Option } from 'commander'
import { XcollatError } from '../../core/errors.js'

/**
 * A command-line option, argument or command has a bad or missing value: the one class for
 * every such failure, named by the option. Code `XC_BAD_OPTION`, exit code 2.
 *
 * @example
 * ```ts
 * throw new BadOptionError('--paths', 'a whole number from 1 to 10000000', '-5')
 * // error: [XC_BAD_OPTION] --paths: expected a whole number from 1 to 10000000, found "-5" — Pass --paths as …
 * ```
 */
export class BadOptionError extends XcollatError {
  override name = 'BadOptionError'
  /** The option (`--paths`), argument (`<config>`) or command the problem is about. */
  readonly option: string
  constructor(option: string, expected: string, found: string | undefined, instruction?: string) {
    super(
      `${option}: expected ${expected}, found ${found === undefined ? 'nothing' : JSON.stringify(found)}.`,
      {
        code: 'XC_BAD_OPTION',
        instruction: instruction ?? `Pass ${option} as ${expected}.`,
      },
    )
    this.option = option
  }
}

/**
 * An option restricted to `choices` (commander's `choices`, listed in `--help`); any other value
 * is a {@link BadOptionError} naming the option.
 *
 * @example
 * ```ts
 * cmd.addOption(choiceOption('--design <design>', 'protocol design', ['reference', 'naive'], 'reference'))
 * ```
 */
export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  defaultValue?: string,
): Option {
  const option = new Option(flags, description).choices(choices)
  const name = option.long ?? flags
  option.argParser((value: string) => {
    if (!choices.includes(value)) throw new BadOptionError(name, `one of ${choices.join(', ')}`, value)
    return value
  })
  if (defaultValue !== undefined) option.default(defaultValue)
  return option
}

/**
 * `-f, --format <format>` restricted to `formats` (see {@link choiceOption}).
 *
 * @example
 * ```ts
 * program.command('assess').addOption(formatOption(['table', 'json', 'csv', 'md'], 'table'))
 * ```
 */
export function formatOption(formats: readonly string[], defaultFormat: string): Option {
  return choiceOption('-f, --format <format>', 'output format', formats, defaultFormat)
}

/** Bounds and kind of a {@link numberOption}. */
export type NumberOptionParameters = {
  readonly min: number
  readonly max: number
  /** Whole numbers only (paths, workers, positions). */
  readonly integer?: boolean | undefined
  /** Exclude `min` itself (a positive weight: `min: 0, exclusiveMin: true`). */
  readonly exclusiveMin?: boolean | undefined
  readonly default?: number | undefined
}

/**
 * Parses a number option's text into a finite number within [min, max]; anything else is a
 * {@link BadOptionError} naming the option.
 *
 * @example
 * ```ts
 * parseNumber('--paths', '10000', { min: 1, max: 1e7, integer: true }) // 10000
 * ```
 */
export function parseNumber(option: string, text: string, p: NumberOptionParameters): number {
  const trimmed = text.trim()
  const value = Number(trimmed)
  const shape = p.integer ? /^[+-]?\d+$/.test(trimmed) : trimmed !== '' && Number.isFinite(value)
  const low = p.exclusiveMin ? value > p.min : value >= p.min
  if (
    !shape ||
    !Number.isFinite(value) ||
    !low ||
    value > p.max ||
    (p.integer && !Number.isSafeInteger(value))
  )
    throw new BadOptionError(option, describeBounds(p), text, percentHint(option, value, p))
  return value
}

/** A fraction given in percent (`--lt 80`, `--lt 1.5` for 1.5 %): say what it would be as a fraction. */
function percentHint(option: string, value: number, p: NumberOptionParameters): string | undefined {
  if (!(p.max <= 1 && value > 1 && value <= 100)) return undefined
  const fraction = Number((value / 100).toPrecision(12))
  const ok = fraction >= p.min && fraction <= p.max
  return `${option} is a fraction, not a percent${ok ? `: ${value} % is ${fraction}` : ''}.`
}

function describeBounds(p: NumberOptionParameters): string {
  const kind = p.integer ? 'a whole number' : 'a number'
  if (p.exclusiveMin) return `${kind} above ${p.min} and at most ${p.max}`
  return `${kind} from ${p.min} to ${p.max}`
}

/**
 * A number option parsed and bounds-checked by commander's `argParser` (see {@link parseNumber}),
 * so the action receives a number.
 *
 * @example
 * ```ts
 * cmd.addOption(numberOption('-n, --paths <n>', 'number of paths', { min: 1, max: 1e7, integer: true, default: 10_000 }))
 * ```
 */
export function numberOption(flags: string, description: string, p: NumberOptionParameters): Option {
  const option = new Option(flags, description)
  const name = option.long ?? flags
  option.argParser((value: string) => parseNumber(name, value, p))
  if (p.default !== undefined) option.default(p.default)
  return option
}

/**
 * Parses a seed: a whole number in [0, 2^64).
 *
 * @example
 * ```ts
 * parseSeed('42') // 42n
 * ```
 */
export function parseSeed(text: string): bigint {
  const expected = 'a whole number from 0 to 2^64 − 1'
  if (!/^\d{1,20}$/.test(text.trim())) throw new BadOptionError('--seed', expected, text)
  const v = BigInt(text.trim())
  if (v >= 1n << 64n) throw new BadOptionError('--seed', expected, text)
  return v
}

/**
 * `-s, --seed <seed>` parsed by {@link parseSeed} into a bigint.
 *
 * @example
 * ```ts
 * cmd.addOption(seedOption('random seed (printed with the results)', 1n))
 * ```
 */
export function seedOption(description: string, defaultSeed?: bigint): Option {
  const option = new Option('-s, --seed <seed>', description).argParser(parseSeed)
  if (defaultSeed !== undefined) option.default(defaultSeed, String(defaultSeed))
  return option
}

/**
 * `--data <dir>`: the data folder (default `XCOLLAT_DATA_DIR`); the command context resolves it.
 *
 * @example
 * ```ts
 * cmd.addOption(dataOption("folder that assets' volatilitySeries files are read from"))
 * ```
 */
export function dataOption(description: string): Option {
  return new Option('--data <dir>', `${description} (default: XCOLLAT_DATA_DIR)`)
}
