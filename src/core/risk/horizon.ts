import { OutOfRangeError, XcollatError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { nonNegative } from '../units/validate.js'
import { ROUTE_ARCHITECTURES, type RouteArchitecture } from '../vocabulary.js'

/**
 * A message-passing route without the time of its seize message. Code `XC_MISSING_SEIZE_MESSAGE`.
 *
 * @example
 * ```ts
 * liquidationHorizon({
 *   architecture: 'message-passing', oracleLagSeconds: 60, detectionSeconds: 12,
 *   liquidationTxSeconds: 2, saleSeconds: 60,
 * }) // throws MissingSeizeMessageError: seizeMessageSeconds is missing
 * ```
 */
export class MissingSeizeMessageError extends XcollatError {
  override name = 'MissingSeizeMessageError'
  constructor() {
    super('A message-passing route needs seizeMessageSeconds.', {
      code: 'XC_MISSING_SEIZE_MESSAGE',
      instruction:
        'Pass seizeMessageSeconds: the time for the seize message to reach the home chain and execute there.',
    })
  }
}

/** Inputs of {@link liquidationHorizon}; all durations in seconds, ≥ 0. */
export type LiquidationHorizonParameters = {
  /** Time for the oracle to reflect a price move (deviation or heartbeat lag). */
  readonly oracleLagSeconds: number
  /** Time for liquidators to notice the position is liquidatable. */
  readonly detectionSeconds: number
  /** Time to include and finalise the liquidation transaction on the debt chain. */
  readonly liquidationTxSeconds: number
  /** Time for the seize message to reach the home chain (counted for 'message-passing' only). */
  readonly seizeMessageSeconds?: number
  /** Time to sell the seized collateral. */
  readonly saleSeconds: number
  /** The route's architecture. */
  readonly architecture: RouteArchitecture
}

/** Result of {@link liquidationHorizon}. */
export type LiquidationHorizonReturnType = {
  /** T_liq in seconds. */
  readonly seconds: number
  /** One term per component and one for the sum. */
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * The liquidation horizon `T_liq`: how long the protocol carries a position's price risk from
 * the moment it should be liquidated to the moment the collateral is sold:
 * `T_liq = oracleLag + detection + liquidationTx + [seizeMessage] + sale`, where the seize
 * message home counts only for `'message-passing'` routes (on `'synthetic'` and `'hybrid-l2'`
 * routes the collateral is already on the debt chain). An unused `seizeMessageSeconds` is
 * still validated and reported with weight 0.
 *
 * @example
 * ```ts
 * liquidationHorizon({
 *   oracleLagSeconds: 60, detectionSeconds: 12, liquidationTxSeconds: 12,
 *   seizeMessageSeconds: 1200, saleSeconds: 300, architecture: 'message-passing',
 * }).seconds // 1584
 * ```
 */
export function liquidationHorizon(parameters: LiquidationHorizonParameters): LiquidationHorizonReturnType {
  const architecture = parameters.architecture
  if (!(ROUTE_ARCHITECTURES as readonly string[]).includes(architecture))
    throw new OutOfRangeError('architecture', architecture, ROUTE_ARCHITECTURES.join(' | '))
  const oracleLag = nonNegative('oracleLagSeconds', parameters.oracleLagSeconds)
  const detection = nonNegative('detectionSeconds', parameters.detectionSeconds)
  const liquidationTx = nonNegative('liquidationTxSeconds', parameters.liquidationTxSeconds)
  const sale = nonNegative('saleSeconds', parameters.saleSeconds)
  const counted = architecture === 'message-passing'
  let seize = 0
  if (parameters.seizeMessageSeconds !== undefined)
    seize = nonNegative('seizeMessageSeconds', parameters.seizeMessageSeconds)
  else if (counted) throw new MissingSeizeMessageError()
  const seizeCounted = counted ? seize : 0
  const seconds = oracleLag + detection + liquidationTx + seizeCounted + sale
  nonNegative('liquidationHorizonSeconds', seconds)
  const explanation: ExplanationTerm[] = [
    { term: 'oracleLagSeconds', value: oracleLag, inputs: {}, formula: 'input' },
    { term: 'detectionSeconds', value: detection, inputs: {}, formula: 'input' },
    { term: 'liquidationTxSeconds', value: liquidationTx, inputs: {}, formula: 'input' },
    {
      term: 'seizeMessageSeconds',
      value: seizeCounted,
      inputs: { seizeMessageSeconds: seize, architecture },
      formula: counted
        ? 'input (message-passing: the seize message goes home)'
        : '0 (collateral is on the debt chain)',
    },
    { term: 'saleSeconds', value: sale, inputs: {}, formula: 'input' },
    {
      term: 'liquidationHorizonSeconds',
      value: seconds,
      inputs: {
        oracleLagSeconds: oracleLag,
        detectionSeconds: detection,
        liquidationTxSeconds: liquidationTx,
        seizeMessageSeconds: seizeCounted,
        saleSeconds: sale,
      },
      formula: 'oracleLag + detection + liquidationTx + seizeMessage + sale',
    },
  ]
  return { seconds, explanation }
}
