import { OutOfRangeError } from '../errors.js'
import { finite, unitInterval } from '../units/validate.js'
import { COLLATERAL_CLASSES, type CollateralClass } from '../vocabulary.js'

/*
 * The seed's collateral policies, implemented faithfully beside the principled model of
 * parameters.ts: the trust-adjusted collateral factor, the bridged discount and the risk
 * matrix's guardrails by collateral class.
 */

/**
 * Inputs of {@link adjustedCollateralFactor}.
 *
 * @example
 * ```ts
 * const p: AdjustedCollateralFactorParameters = { baseCollateralFactor: 0.8, bridgeTrustScore: 90 }
 * adjustedCollateralFactor(p) // 0.72
 * ```
 */
export type AdjustedCollateralFactorParameters = {
  /** The collateral factor the asset would have natively, fraction in [0, 1]. */
  readonly baseCollateralFactor: number
  /** The bridge's trust score, 0..100 (100 = fully trusted). */
  readonly bridgeTrustScore: number
}

/**
 * The seed's trust-adjusted collateral factor: `adjustedCF = baseCF · trustScore / 100`.
 *
 * @example
 * ```ts
 * adjustedCollateralFactor({ baseCollateralFactor: 0.8, bridgeTrustScore: 90 }) // 0.72
 * ```
 */
export function adjustedCollateralFactor(parameters: AdjustedCollateralFactorParameters): number {
  const base = unitInterval('baseCollateralFactor', parameters.baseCollateralFactor)
  const score = finite('bridgeTrustScore', parameters.bridgeTrustScore)
  if (score < 0 || score > 100) throw new OutOfRangeError('bridgeTrustScore', score, '[0, 100]')
  return (base * score) / 100
}

/**
 * The seed's bridged discount: the same asset at 80 % natively and 65 % when bridged.
 *
 * @example
 * ```ts
 * BRIDGED_DISCOUNT_DEFAULTS.bridgedCollateralFactor // 0.65
 * ```
 */
export const BRIDGED_DISCOUNT_DEFAULTS = {
  nativeCollateralFactor: 0.8,
  bridgedCollateralFactor: 0.65,
} as const

/** Result of {@link bridgedDiscount}. */
export type BridgedDiscountReturnType = {
  readonly nativeCollateralFactor: number
  readonly bridgedCollateralFactor: number
  /** bridged / native (0.8125 with the defaults). */
  readonly ratio: number
  /** 1 − ratio: the relative discount (0.1875 with the defaults). */
  readonly discount: number
  /** native − bridged: the discount in collateral-factor points (0.15 with the defaults). */
  readonly points: number
}

/**
 * The bridged discount as numbers: the two collateral factors (defaults 80 % native, 65 %
 * bridged, the seed's), their ratio `bridged / native` and the relative discount `1 − ratio`.
 *
 * @example
 * ```ts
 * bridgedDiscount().ratio // 0.8125
 * bridgedDiscount({ nativeCollateralFactor: 0.85, bridgedCollateralFactor: 0.75 }).discount // ≈ 0.1176
 * ```
 */
export function bridgedDiscount(
  parameters: { readonly nativeCollateralFactor?: number; readonly bridgedCollateralFactor?: number } = {},
): BridgedDiscountReturnType {
  const native = unitInterval(
    'nativeCollateralFactor',
    parameters.nativeCollateralFactor ?? BRIDGED_DISCOUNT_DEFAULTS.nativeCollateralFactor,
  )
  const bridged = unitInterval(
    'bridgedCollateralFactor',
    parameters.bridgedCollateralFactor ?? BRIDGED_DISCOUNT_DEFAULTS.bridgedCollateralFactor,
  )
  if (native <= 0) throw new OutOfRangeError('nativeCollateralFactor', native, '(0, 1]')
  if (bridged > native)
    throw new OutOfRangeError('bridgedCollateralFactor', bridged, `[0, nativeCollateralFactor = ${native}]`)
  const ratio = bridged / native
  return {
    nativeCollateralFactor: native,
    bridgedCollateralFactor: bridged,
    ratio,
    discount: 1 - ratio,
    points: native - bridged,
  }
}

/**
 * Applies the bridged discount to a native collateral factor: `cf · bridged / native`
 * (`cf · 0.8125` with the seed's 80 % → 65 %).
 *
 * @example
 * ```ts
 * applyBridgedDiscount({ collateralFactor: 0.8 }) // 0.65
 * ```
 */
export function applyBridgedDiscount(parameters: {
  readonly collateralFactor: number
  readonly nativeCollateralFactor?: number
  readonly bridgedCollateralFactor?: number
}): number {
  const cf = unitInterval('collateralFactor', parameters.collateralFactor)
  const { ratio } = bridgedDiscount(parameters)
  return cf * ratio
}

/** A closed range of collateral factors, fractions. */
export type CollateralFactorRange = { readonly min: number; readonly max: number }

/**
 * The seed's risk matrix: the typical max collateral factor by collateral class (native
 * bridged 75–85 %, third-party stablecoins 70–80 %, exotic/LST 60–75 %, synthetic 50–65 %).
 *
 * @example
 * ```ts
 * COLLATERAL_FACTOR_GUARDRAILS.synthetic // { min: 0.5, max: 0.65 }
 * ```
 */
export const COLLATERAL_FACTOR_GUARDRAILS = {
  'native-bridged': { min: 0.75, max: 0.85 },
  'third-party-stablecoin': { min: 0.7, max: 0.8 },
  'exotic-lst': { min: 0.6, max: 0.75 },
  synthetic: { min: 0.5, max: 0.65 },
} as const satisfies Record<CollateralClass, CollateralFactorRange>

/** Result of {@link guardrail}. */
export type GuardrailReturnType = {
  /** True when the recommendation lies inside its class's range (bounds included). */
  readonly within: boolean
  /** Where it lies: below the range (more conservative than typical), within, or above (riskier). */
  readonly position: 'below' | 'within' | 'above'
  readonly range: CollateralFactorRange
  readonly message: string
}

/**
 * Checks a recommended collateral factor against the seed's risk-matrix range for its class.
 * Above the range is flagged as riskier than the class typically allows; below it as more
 * conservative than typical (still flagged, so a reviewer sees it).
 *
 * @example
 * ```ts
 * guardrail('synthetic', 0.7).within // false (above 50–65 %)
 * guardrail('native-bridged', 0.8).within // true
 * ```
 */
export function guardrail(collateralClass: CollateralClass, collateralFactor: number): GuardrailReturnType {
  if (!COLLATERAL_CLASSES.includes(collateralClass))
    throw new OutOfRangeError('collateralClass', collateralClass, COLLATERAL_CLASSES.join(' | '))
  const cf = unitInterval('collateralFactor', collateralFactor)
  const range = COLLATERAL_FACTOR_GUARDRAILS[collateralClass]
  const pct = (x: number) => `${Math.round(x * 10_000) / 100} %`
  const span = `${pct(range.min)}–${pct(range.max)}`
  if (cf > range.max)
    return {
      within: false,
      position: 'above',
      range,
      message: `Collateral factor ${pct(cf)} is above the ${collateralClass} range ${span}: justify it or lower it.`,
    }
  if (cf < range.min)
    return {
      within: false,
      position: 'below',
      range,
      message: `Collateral factor ${pct(cf)} is below the ${collateralClass} range ${span}: more conservative than typical.`,
    }
  return {
    within: true,
    position: 'within',
    range,
    message: `Collateral factor ${pct(cf)} is within the ${collateralClass} range ${span}.`,
  }
}
