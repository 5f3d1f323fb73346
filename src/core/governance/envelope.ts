import { XcollatError } from '../errors.js'

/**
 * The parameters a change envelope governs. `ltv`, `liquidationThreshold` and `liquidationBonus`
 * are basis points (the bonus is the premium above 100 %: Aave's 10_500 is 500 here, as Aave's
 * config engine and risk steward count it); caps and the debt ceiling are whole units (tokens,
 * or dollars where the configuration gives caps in USD).
 *
 * @example
 * ```ts
 * GOVERNED_PARAMETERS.includes('liquidationThreshold') // true
 * ```
 */
export const GOVERNED_PARAMETERS = [
  'ltv',
  'liquidationThreshold',
  'liquidationBonus',
  'supplyCap',
  'borrowCap',
  'debtCeiling',
] as const

/** One of {@link GOVERNED_PARAMETERS}. */
export type GovernedParameter = (typeof GOVERNED_PARAMETERS)[number]

/**
 * How far one update may move a parameter in one direction:
 * - `absolute`: `|to − from| ≤ max`, in the parameter's own units (bps for LTV, LT, bonus);
 * - `relative`: `|to − from| ≤ ⌊maxBps · from / 10 000⌋` (Aave's `_updateWithinAllowedRange`);
 * - `unlimited`: any size in one update;
 * - `forbidden`: never in this direction.
 *
 * @example
 * ```ts
 * const lt: ChangeLimit = { kind: 'absolute', max: 25n } // ±0.25 % per update
 * const cap: ChangeLimit = { kind: 'relative', maxBps: 10_000n } // ±100 % of the current cap
 * ```
 */
export type ChangeLimit =
  | { readonly kind: 'absolute'; readonly max: bigint }
  | { readonly kind: 'relative'; readonly maxBps: bigint }
  | { readonly kind: 'unlimited' }
  | { readonly kind: 'forbidden' }

/**
 * The rule of one parameter: a limit per direction, the minimum delay between two updates of
 * this parameter of the same asset (the debounce), and, where the envelope lowers by a ramp
 * instead of steps (Euler v2's `rampDuration`), how long the ramp takes per unit of decrease.
 *
 * @example
 * ```ts
 * const rule: ParameterRule = {
 *   increase: { kind: 'absolute', max: 25n }, decrease: { kind: 'absolute', max: 25n }, minDelaySeconds: 3 * 86_400,
 * }
 * ```
 */
export type ParameterRule = {
  readonly increase: ChangeLimit
  readonly decrease: ChangeLimit
  readonly minDelaySeconds: number
  /** A decrease is applied as one linear ramp lasting `secondsPerUnit · |Δ|` seconds. */
  readonly decreaseRamp?: { readonly secondsPerUnit: number } | undefined
}

/**
 * A change envelope: per-parameter rules, the expiry of a pushed update, where the figures come
 * from and when they were checked. Every envelope refuses an update to zero and a no-op update.
 *
 * @example
 * ```ts
 * const e = envelopePreset('aave-risk-steward')
 * e.rules.liquidationThreshold?.minDelaySeconds // 259200 (3 days)
 * ```
 */
export type ChangeEnvelope = {
  readonly name: string
  readonly description: string
  readonly source: string
  readonly asOf: string
  readonly rules: Readonly<Partial<Record<GovernedParameter, ParameterRule>>>
  /** A pushed update must be executed within this many seconds of being due, or it lapses. */
  readonly expirySeconds?: number | undefined
  /** Figures that are not the anchor's own, and why. */
  readonly assumptions: readonly string[]
}

const DAY = 86_400
const abs = (max: bigint): ChangeLimit => ({ kind: 'absolute', max })
const rel = (maxBps: bigint): ChangeLimit => ({ kind: 'relative', maxBps })
const symmetric = (limit: ChangeLimit, minDelaySeconds: number): ParameterRule => ({
  increase: limit,
  decrease: limit,
  minDelaySeconds,
})

const STEWARDS_SOURCE =
  'Aave Generalized Risk Stewards: aave-dao/aave-v3-risk-stewards src/contracts/RiskSteward.sol ' +
  '(_validateParamUpdate: block.timestamp − lastUpdated < minDelay reverts; _updateWithinAllowedRange: ' +
  '|from − to| ≤ maxPercentChange, relative as maxPercentChange · from / 10 000); limits as configured on Aave v3 ' +
  '(../shared/CHAINS.md, "Change envelopes of the anchors")'

/**
 * The envelopes of the anchors, by name. `aave-risk-steward` and `aave-edge-caps` carry Aave's
 * own figures; `chaos-range` has the shape of Chaos Labs' RangeValidationModule (separate
 * increase and decrease limits) with illustrative figures; `euler-ramp` lowers the liquidation
 * threshold by a linear ramp as Euler v2's `setLTV(…, rampDuration)` does.
 *
 * @example
 * ```ts
 * Object.keys(ENVELOPE_PRESETS) // ['aave-risk-steward', 'aave-edge-caps', 'chaos-range', 'euler-ramp']
 * ```
 */
export const ENVELOPE_PRESETS: Readonly<Record<string, ChangeEnvelope>> = {
  'aave-risk-steward': {
    name: 'aave-risk-steward',
    description:
      'Aave Generalized Risk Stewards (manual, every v3 instance): LTV and LT ±25 bps absolute, bonus ±50 bps, ' +
      'supply and borrow caps ±100 % relative, debt ceiling ±20 % relative, 3 days between updates of a parameter of an asset',
    source: STEWARDS_SOURCE,
    asOf: '2026-12',
    rules: {
      ltv: symmetric(abs(25n), 3 * DAY),
      liquidationThreshold: symmetric(abs(25n), 3 * DAY),
      liquidationBonus: symmetric(abs(50n), 3 * DAY),
      supplyCap: symmetric(rel(10_000n), 3 * DAY),
      borrowCap: symmetric(rel(10_000n), 3 * DAY),
      debtCeiling: symmetric(rel(2_000n), 3 * DAY),
    },
    assumptions: [],
  },
  'aave-edge-caps': {
    name: 'aave-edge-caps',
    description:
      'Aave edge risk steward for caps, automated from the risk oracle (Arbitrum): supply and borrow caps ±30 % relative, ' +
      '3 days between updates, a pushed update expires after 6 hours',
    source:
      'aave-dao/aave-v3-risk-stewards src/contracts/EdgeRiskStewardCaps.sol and AaveStewardInjectorCaps.sol ' +
      '(../shared/CHAINS.md, "Change envelopes of the anchors")',
    asOf: '2026-12',
    rules: {
      supplyCap: symmetric(rel(3_000n), 3 * DAY),
      borrowCap: symmetric(rel(3_000n), 3 * DAY),
    },
    expirySeconds: 6 * 3600,
    assumptions: [],
  },
  'chaos-range': {
    name: 'chaos-range',
    description:
      'Asymmetric limits in the shape of Chaos Labs’ RangeValidationModule: decreases (safer) up to 100 bps for LTV and LT, ' +
      'increases up to 25 bps; caps up to +50 % or −100 %; bonus +100 / −25 bps; 1 day between updates',
    source:
      'Chaos Labs RangeValidationModule (separate increase and decrease limits, each absolute or relative, per update type); ' +
      'the figures are illustrative',
    asOf: '2026-12',
    rules: {
      ltv: { increase: abs(25n), decrease: abs(100n), minDelaySeconds: DAY },
      liquidationThreshold: { increase: abs(25n), decrease: abs(100n), minDelaySeconds: DAY },
      liquidationBonus: { increase: abs(100n), decrease: abs(25n), minDelaySeconds: DAY },
      supplyCap: { increase: rel(5_000n), decrease: rel(10_000n), minDelaySeconds: DAY },
      borrowCap: { increase: rel(5_000n), decrease: rel(10_000n), minDelaySeconds: DAY },
    },
    assumptions: [
      'chaos-range: the limits and the 1-day delay are illustrative; RangeValidationModule takes them per market from its configuration.',
    ],
  },
  'euler-ramp': {
    name: 'euler-ramp',
    description:
      'Euler v2 setLTV(collateral, borrowLTV, liquidationLTV, rampDuration): raising the liquidation LTV takes effect at once, ' +
      'lowering it ramps linearly over rampDuration (here 3 days per 25 bps); the borrow LTV changes at once',
    source:
      'euler-xyz/euler-vault-kit src/EVault/modules/Governance.sol setLTV and src/EVault/shared/types/LTVConfig.sol ' +
      '(../shared/CHAINS.md, "Change envelopes of the anchors")',
    asOf: '2026-12',
    rules: {
      ltv: symmetric({ kind: 'unlimited' }, 0),
      liquidationThreshold: {
        increase: { kind: 'unlimited' },
        decrease: { kind: 'unlimited' },
        minDelaySeconds: 0,
        decreaseRamp: { secondsPerUnit: (3 * DAY) / 25 },
      },
    },
    assumptions: [
      'euler-ramp: Euler sets rampDuration per call; the preset ramps at the Aave steward’s pace (3 days per 25 bps, 10,368 s per bp).',
    ],
  },
}

/**
 * A change envelope is unknown or malformed. Code `XC_INVALID_ENVELOPE`.
 *
 * @example
 * ```ts
 * throw new InvalidEnvelopeError('no preset named "aave"', 'Pass one of aave-risk-steward, …')
 * ```
 */
export class InvalidEnvelopeError extends XcollatError {
  override name = 'InvalidEnvelopeError'
  constructor(problem: string, instruction: string) {
    super(`Invalid change envelope: ${problem}.`, { code: 'XC_INVALID_ENVELOPE', instruction })
  }
}

/**
 * The preset envelope of that name, or an {@link InvalidEnvelopeError} listing the presets.
 *
 * @example
 * ```ts
 * envelopePreset('aave-edge-caps').expirySeconds // 21600
 * ```
 */
export function envelopePreset(name: string): ChangeEnvelope {
  const preset = Object.hasOwn(ENVELOPE_PRESETS, name) ? ENVELOPE_PRESETS[name] : undefined
  if (preset === undefined)
    throw new InvalidEnvelopeError(
      `no preset named ${JSON.stringify(name)}`,
      `Pass one of ${Object.keys(ENVELOPE_PRESETS).join(', ')}.`,
    )
  return preset
}

/**
 * The largest move one update may make from `from` under `limit` (in the parameter's units):
 * `max`, `⌊maxBps · from / 10 000⌋`, `undefined` for unlimited, `0n` when forbidden.
 *
 * @example
 * ```ts
 * maxStep({ kind: 'relative', maxBps: 10_000n }, 1_000n) // 1000n: a cap may double
 * ```
 */
export function maxStep(limit: ChangeLimit, from: bigint): bigint | undefined {
  switch (limit.kind) {
    case 'absolute':
      return limit.max
    case 'relative':
      return (limit.maxBps * from) / 10_000n
    case 'unlimited':
      return undefined
    case 'forbidden':
      return 0n
  }
}
