import { XcollatError } from '../errors.js'

/**
 * A simulation input is inconsistent (lengths that do not match, a route naming an unknown
 * asset, a buffer too short). Code `XC_SIM_INPUT`.
 *
 * @example
 * ```ts
 * throw new SimulationInputError('route "r1" names asset "X" which is not in assets', 'Add the asset or fix the route.')
 * ```
 */
export class SimulationInputError extends XcollatError {
  override name = 'SimulationInputError'
  constructor(problem: string, instruction: string) {
    super(`Invalid simulation input: ${problem}.`, { code: 'XC_SIM_INPUT', instruction })
  }
}

/**
 * A correlation matrix is not symmetric positive definite, so it has no Cholesky factor.
 * Code `XC_NOT_POSITIVE_DEFINITE`.
 *
 * @example
 * ```ts
 * throw new NotPositiveDefiniteError(2)
 * ```
 */
export class NotPositiveDefiniteError extends XcollatError {
  override name = 'NotPositiveDefiniteError'
  constructor(row: number) {
    super(`The correlation matrix is not positive definite (pivot ${row} is not positive).`, {
      code: 'XC_NOT_POSITIVE_DEFINITE',
      instruction:
        'Use a correlation matrix estimated from one common sample, or shrink it toward the identity (ρ·C + (1 − ρ)·I).',
    })
  }
}
