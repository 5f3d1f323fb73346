import { finite, openUnitInterval } from '../units/validate.js'

const LN_SQRT_2PI = 0.9189385332046728 // ln(√(2π))
const SQRT_2PI = 2.5066282746310002

/**
 * Standard normal density φ(x).
 *
 * @example
 * ```ts
 * normalPdf(0) // 0.3989422804014327
 * ```
 */
export function normalPdf(x: number): number {
  finite('x', x)
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI)
}

/** Upper tail Q(z) = 1 − Φ(z) for z ≥ 3 by the continued fraction of the Mills ratio (modified Lentz). */
function upperTail(z: number): number {
  const tiny = 1e-300
  let f = z
  let c = f
  let d = 0
  for (let j = 1; j < 5_000; j++) {
    d = z + j * d
    if (d === 0) d = tiny
    c = z + j / c
    if (c === 0) c = tiny
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.exp(-0.5 * z * z - LN_SQRT_2PI) / f
}

/**
 * Standard normal distribution function Φ(x), with relative accuracy better than 1e-12 in
 * the lower tail down to x ≈ −37 (Marsaglia's Taylor series for |x| < 3, the continued
 * fraction of the Mills ratio beyond; see docs/model.md, "Normal distribution").
 *
 * @example
 * ```ts
 * normalCdf(1.959963984540054) // 0.975
 * ```
 */
export function normalCdf(x: number): number {
  finite('x', x)
  if (x <= -3) return upperTail(-x)
  if (x >= 3) return 1 - upperTail(x)
  // Marsaglia (2004): Φ(x) = 1/2 + φ(x) · (x + x³/3 + x⁵/(3·5) + …)
  let s = x
  let t = 0
  let b = x
  const q = x * x
  let i = 1
  while (s !== t) {
    t = s
    i += 2
    b *= q / i
    s = t + b
  }
  return 0.5 + s * Math.exp(-0.5 * q - LN_SQRT_2PI)
}

// Acklam's rational approximation (relative error 1.15e-9), refined below by Halley steps.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
]
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
]
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]

function acklamLower(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
    )
  }
  const q = p - 0.5
  const r = q * q
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  )
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1): Acklam's approximation refined by two
 * Halley steps against `normalCdf`, accurate to better than 1e-9 absolute over
 * (1e-12, 1 − 1e-12). The upper half uses Φ⁻¹(p) = −Φ⁻¹(1 − p), where 1 − p is exact.
 *
 * @example
 * ```ts
 * normalQuantile(0.999) // 3.090232306167813
 * ```
 */
export function normalQuantile(p: number): number {
  openUnitInterval('p', p)
  if (p > 0.5) return -lowerQuantile(1 - p)
  return lowerQuantile(p)
}

function lowerQuantile(p: number): number {
  let x = acklamLower(p)
  for (let step = 0; step < 2; step++) {
    const e = normalCdf(x) - p
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x)
    x -= u / (1 + 0.5 * x * u)
  }
  return x
}
