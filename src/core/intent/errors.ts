import { XcollatError } from '../errors.js'

/**
 * An intent is malformed: an unknown asset or chain, a missing price, an amount of zero, a
 * minimum health factor below 1. Code `XC_INTENT_INPUT`.
 *
 * @example
 * ```ts
 * throw new IntentInputError(['holding 1: asset "weth" has no price'])
 * ```
 */
export class IntentInputError extends XcollatError {
  override name = 'IntentInputError'
  constructor(problems: readonly string[]) {
    super(`The intent is invalid (${problems.length} problem(s)).`, {
      code: 'XC_INTENT_INPUT',
      instruction: 'Fix each listed holding, want or limit (docs/model.md, "Intents").',
      details: problems.slice(0, 10).join('; '),
      problems,
    })
  }
}

/**
 * The constraint that makes an intent impossible: no route reaches the position (`no-route`),
 * the routes' remaining supply caps (`cap`, single points of failure within their tiny cap
 * included), the holdings at the routes' LTV (`ltv`), or the minimum health factor (`health-factor`).
 */
export type BindingConstraint = 'no-route' | 'cap' | 'ltv' | 'health-factor'

const CODES = {
  'no-route': 'XC_INTENT_NO_ROUTE',
  cap: 'XC_INTENT_CAP',
  ltv: 'XC_INTENT_LTV',
  'health-factor': 'XC_INTENT_HEALTH',
} as const

const INSTRUCTIONS: Record<BindingConstraint, string> = {
  'no-route':
    'Hold the collateral on a chain a route starts from, lift the time limit or an exclusion, or add a route to the configuration.',
  cap: 'Borrow less, or wait for cap room: the routes that could carry more are at their remaining supply caps.',
  ltv: 'Borrow less or bring more collateral: the holdings at the routes’ LTV cannot back the position.',
  'health-factor': 'Lower --min-hf, borrow less or bring more collateral.',
}

/**
 * No plan reaches the wanted position; `binding` names the constraint that stops it, in the
 * order `no-route`, `cap` (feasible were the caps lifted), `ltv` (the holdings cannot back the
 * debt at LTV even without caps), `health-factor`. Codes `XC_INTENT_NO_ROUTE`, `XC_INTENT_CAP`,
 * `XC_INTENT_LTV`, `XC_INTENT_HEALTH`.
 *
 * @example
 * ```ts
 * try { planIntent(p) } catch (e) { if (e instanceof IntentInfeasibleError) e.binding } // 'cap'
 * ```
 */
export class IntentInfeasibleError extends XcollatError {
  override name = 'IntentInfeasibleError'
  readonly binding: BindingConstraint
  constructor(binding: BindingConstraint, message: string, problems: readonly string[] = []) {
    super(message, {
      code: CODES[binding],
      instruction: INSTRUCTIONS[binding],
      ...(problems.length > 0 ? { details: problems.slice(0, 12).join('; ') } : {}),
      problems: problems.length > 0 ? [message, ...problems] : [],
    })
    this.binding = binding
  }
}
