/**
 * One line of an explanation: a named term, its value, the inputs it came from and the
 * formula that joins them, so a reviewer can redo the arithmetic. Every derived number
 * a user sees carries a list of these.
 *
 * @example
 * ```ts
 * const t: ExplanationTerm = {
 *   term: 'delayVaR', value: 0.0185,
 *   inputs: { sigmaAnnual: 0.8, horizonSeconds: 1800, confidence: 0.999 },
 *   formula: '1 − exp(−z·σ·√T)',
 * }
 * ```
 */
export type ExplanationTerm = {
  readonly term: string
  readonly value: number
  readonly inputs: Readonly<Record<string, number | string | boolean>>
  readonly formula: string
  readonly source?: string
}

/** A value with the terms that produced it. */
export type Explained<T> = {
  readonly value: T
  readonly explanation: readonly ExplanationTerm[]
}
