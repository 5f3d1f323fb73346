/**
 * Every stable error code, sorted. A code names one kind of failure for good: callers and tests
 * match on it, never on the text. docs/errors.md explains each one and what to do about it (a
 * test keeps the two lists equal). Add a code here, then document it.
 *
 * @example
 * ```ts
 * ERROR_CODES.includes('XC_CONFIG') // true
 * ```
 */
export const ERROR_CODES = [
  'XC_ANVIL_MISSING',
  'XC_ANVIL_START',
  'XC_ASSESS_ROUTE',
  'XC_BACKTEST_ASSET',
  'XC_BACKTEST_INPUT',
  'XC_BAD_OPTION',
  'XC_BRIDGE_INCIDENT_DATA',
  'XC_CHAIN_REVERT',
  'XC_CID_MISMATCH',
  'XC_COLUMN_SHAPE',
  'XC_CONFIG',
  'XC_CONFLICTING_TAG_RISK',
  'XC_CONTENT_FILE',
  'XC_CSV',
  'XC_DATABASE',
  'XC_DEBOUNCE',
  'XC_DEPENDENCY_CYCLE',
  'XC_DEPTH_EXCEEDED',
  'XC_DIVISION_BY_ZERO',
  'XC_DUPLICATE_MEMBER',
  'XC_EMPTY_SET',
  'XC_INSUFFICIENT_DATA',
  'XC_INSUFFICIENT_LIQUIDITY',
  'XC_INTENT_CAP',
  'XC_INTENT_HEALTH',
  'XC_INTENT_INPUT',
  'XC_INTENT_LTV',
  'XC_INTENT_NO_ROUTE',
  'XC_INTERNAL',
  'XC_INVALID_BRIDGE',
  'XC_INVALID_CHANGE',
  'XC_INVALID_CID',
  'XC_INVALID_DECIMALS',
  'XC_INVALID_DEPTH_CURVE',
  'XC_INVALID_ENVELOPE',
  'XC_INVALID_EVENT',
  'XC_INVALID_GRAPH',
  'XC_INVALID_NUMBER',
  'XC_INVALID_PROTOCOL_CONFIG',
  'XC_INVALID_SEED',
  'XC_INVALID_THRESHOLD',
  'XC_LOSS_EXCEEDS_SUPPLY',
  'XC_MANIFEST',
  'XC_MISSING_SEIZE_MESSAGE',
  'XC_MONITOR_OBSERVATION',
  'XC_NEGATIVE_VALUE',
  'XC_NOT_LIQUIDATABLE',
  'XC_NOT_POSITIVE_DEFINITE',
  'XC_NO_COLLATERAL_POWER',
  'XC_NO_DATA_DIR',
  'XC_NO_HISTORY',
  'XC_OUTPUT',
  'XC_OUTPUT_IS_INPUT',
  'XC_OUT_OF_ENVELOPE',
  'XC_OUT_OF_RANGE',
  'XC_PARSE_DECIMAL',
  'XC_PROTOCOL_EVENT',
  'XC_QUEUE',
  'XC_QUEUE_INPUT',
  'XC_QUEUE_VERSION',
  'XC_SCENARIO_ENGINE',
  'XC_SCENARIO_INPUT',
  'XC_SERIES',
  'XC_SERIES_COVERAGE',
  'XC_SERIES_DUPLICATE',
  'XC_SERIES_VALUE',
  'XC_SIM_INPUT',
  'XC_SOLC',
  'XC_TOO_MANY_SHARED_TAGS',
  'XC_UINT256_OVERFLOW',
  'XC_UNKNOWN_CAP_SCOPE',
  'XC_UNKNOWN_NODE',
  'XC_UNKNOWN_ROUTE',
  'XC_UNKNOWN_SCENARIO',
  'XC_UNKNOWN_TAG',
  'XC_UNREACHABLE',
  'XC_UNUSED_TAG_RISK',
  'XC_UPDATE_EXPIRED',
  'XC_WORKER_FAILED',
  'XC_ZERO_DEBT_PRICE',
] as const

/**
 * One of {@link ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: ErrorCode = 'XC_BAD_OPTION'
 * ```
 */
export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * What every {@link XcollatError} carries: a stable `code`, an `instruction` saying what to do,
 * optional `details`, a `cause`, and `problems` (one readable line each) when a failure has several.
 *
 * @example
 * ```ts
 * const p: XcollatErrorParameters = { code: 'XC_CONFIG', instruction: 'Fix each listed path.', problems: ['a.yaml: routes[0].bridge: …'] }
 * ```
 */
export type XcollatErrorParameters = {
  readonly code: ErrorCode
  readonly instruction: string
  readonly details?: string | undefined
  readonly cause?: unknown
  /** One readable line per problem, when the failure has several (a config, a CSV, options). */
  readonly problems?: readonly string[] | undefined
}

/**
 * One error base for everything a user can cause. Every error has a stable `code`
 * (tests and callers match on it, never on the text), a short message saying what is
 * wrong and an `instruction` saying what to do about it.
 *
 * @example
 * ```ts
 * try { potentialValueChange({ sigmaAnnual: -1, horizonSeconds: 60, confidence: 0.99 }) }
 * catch (e) { if (e instanceof XcollatError) report(e.code) } // 'XC_NEGATIVE_VALUE'
 * ```
 */
export class XcollatError extends Error {
  override name = 'XcollatError'
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly instruction: string
  readonly details: string | undefined
  /** Every problem found, one line each; empty when the message says it all. */
  readonly problems: readonly string[]

  constructor(shortMessage: string, parameters: XcollatErrorParameters) {
    const message = [
      shortMessage,
      parameters.instruction,
      parameters.details ? `Details: ${parameters.details}` : '',
    ]
      .filter(Boolean)
      .join(' ')
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.code = parameters.code
    this.shortMessage = shortMessage
    this.instruction = parameters.instruction
    this.details = parameters.details
    this.problems = parameters.problems ?? []
  }
}

/**
 * A number that must be finite was NaN or ±Infinity. Code `XC_INVALID_NUMBER`.
 *
 * @example
 * ```ts
 * throw new InvalidNumberError('sigmaAnnual', Number.NaN) // code 'XC_INVALID_NUMBER'
 * ```
 */
export class InvalidNumberError extends XcollatError {
  override name = 'InvalidNumberError'
  constructor(name: string, value: unknown) {
    super(`${name} must be a finite number, got ${String(value)}.`, {
      code: 'XC_INVALID_NUMBER',
      instruction: `Pass a finite numeric ${name}.`,
    })
  }
}

/**
 * A quantity that cannot be negative was negative. Code `XC_NEGATIVE_VALUE`.
 *
 * @example
 * ```ts
 * throw new NegativeValueError('reserveUsd', -1) // code 'XC_NEGATIVE_VALUE'
 * ```
 */
export class NegativeValueError extends XcollatError {
  override name = 'NegativeValueError'
  constructor(name: string, value: unknown) {
    super(`${name} must not be negative, got ${String(value)}.`, {
      code: 'XC_NEGATIVE_VALUE',
      instruction: `Pass ${name} as zero or a positive value.`,
    })
  }
}

/**
 * A value lies outside its allowed range. Code `XC_OUT_OF_RANGE`.
 *
 * @example
 * ```ts
 * throw new OutOfRangeError('confidence', 1.2, '(0, 1)') // code 'XC_OUT_OF_RANGE'
 * ```
 */
export class OutOfRangeError extends XcollatError {
  override name = 'OutOfRangeError'
  constructor(name: string, value: unknown, range: string) {
    super(`${name} must be in ${range}, got ${String(value)}.`, {
      code: 'XC_OUT_OF_RANGE',
      instruction: `Pass ${name} within ${range}.`,
    })
  }
}

/**
 * Token or oracle decimals outside 0..36 or not an integer. Code `XC_INVALID_DECIMALS`.
 *
 * @example
 * ```ts
 * throw new InvalidDecimalsError('priceDecimals', 40) // code 'XC_INVALID_DECIMALS'
 * ```
 */
export class InvalidDecimalsError extends XcollatError {
  override name = 'InvalidDecimalsError'
  constructor(name: string, value: unknown) {
    super(`${name} must be an integer in 0..36, got ${String(value)}.`, {
      code: 'XC_INVALID_DECIMALS',
      instruction: 'Use the token or feed decimals as published on chain (an integer from 0 to 36).',
    })
  }
}

/**
 * A decimal, percentage or bps string that cannot be parsed. Code `XC_PARSE_DECIMAL`.
 *
 * @example
 * ```ts
 * throw new DecimalParseError('82,5 %', 'a fraction') // code 'XC_PARSE_DECIMAL'
 * ```
 */
export class DecimalParseError extends XcollatError {
  override name = 'DecimalParseError'
  constructor(input: string, expected: string) {
    super(`Cannot parse ${JSON.stringify(input)} as ${expected}.`, {
      code: 'XC_PARSE_DECIMAL',
      instruction: 'Write a plain decimal ("0.825"), a percentage ("82.5%") or basis points ("8250bps").',
    })
  }
}

/**
 * Division by zero in exact arithmetic. Code `XC_DIVISION_BY_ZERO`.
 *
 * @example
 * ```ts
 * throw new DivisionByZeroError('mulDivDown') // code 'XC_DIVISION_BY_ZERO'
 * ```
 */
export class DivisionByZeroError extends XcollatError {
  override name = 'DivisionByZeroError'
  constructor(operation: string) {
    super(`Division by zero in ${operation}.`, {
      code: 'XC_DIVISION_BY_ZERO',
      instruction: 'Check the denominator input (a zero price, zero debt or zero liquidity).',
    })
  }
}

/**
 * Not enough data for a statistic (fewer samples than it needs). Code `XC_INSUFFICIENT_DATA`.
 *
 * @example
 * ```ts
 * throw new InsufficientDataError('volatility', 2, 1) // code 'XC_INSUFFICIENT_DATA'
 * ```
 */
export class InsufficientDataError extends XcollatError {
  override name = 'InsufficientDataError'
  constructor(what: string, needed: number, got: number) {
    super(`${what} needs at least ${needed} values, got ${got}.`, {
      code: 'XC_INSUFFICIENT_DATA',
      instruction: 'Provide a longer series or a shorter window.',
    })
  }
}
