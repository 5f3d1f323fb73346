import { InsufficientDataError, OutOfRangeError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { normalCdf, normalQuantile } from '../math/normal.js'
import { sortedQuantile } from '../math/stats.js'
import { finite, nonNegative, positive, unitInterval } from '../units/validate.js'

/**
 * The stressed, fat-tailed price loss of the risk model (docs/model.md, "The risk model"):
 *
 * - a conditional volatility filter (EWMA, λ = 0.94) whose standardised residuals carry the
 *   shape of the tail without the volatility clustering (filtered historical simulation,
 *   McNeil & Frey 2000);
 * - a generalised Pareto tail over a threshold of those residuals (extreme-value theory), fitted
 *   by probability-weighted moments (Hosking & Wallis 1987);
 * - a stressed regime: the 99th percentile of the rolling 7-day realised volatility, and the
 *   rate of the crisis episodes in which the volatility reaches it;
 * - jumps: depegs of pegged assets (a jump to a depeg level at a yearly rate);
 * - the protocol-level target: P(bad debt beyond the route's reserve share within a year) ≤ ε,
 *   turned into a cushion by {@link cushionForTarget}.
 *
 * `test/golden/stress_calibration.py` is an independent implementation; the catalog's stressed
 * figures come from it.
 */

const YEAR_SECONDS = 365 * 86_400

/**
 * A generalised Pareto tail of standardised losses above `threshold`:
 * `P(L > x) = zeta · (1 + xi·(x − u)/beta)^(−1/xi)` for `x ≥ u`.
 *
 * @example
 * ```ts
 * const eth: TailFit = { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 }
 * ```
 */
export type TailFit = {
  /** u: the threshold, in units of the conditional standard deviation. */
  readonly threshold: number
  /** ξ: the shape (> 0 a heavy, power-law tail). */
  readonly xi: number
  /** β: the scale, in units of the conditional standard deviation; > 0. */
  readonly beta: number
  /** ζ: the share of standardised losses above the threshold. */
  readonly zeta: number
}

/**
 * The stressed price model of one market factor (ETH, BTC, …) against USD.
 *
 * @example
 * ```ts
 * const eth: StressModel = {
 *   sigmaCalm: 0.862, sigmaStressed: 2.721, episodeRate: 0.721,
 *   tail: { threshold: 1.6602, xi: 0.2156, beta: 0.7679, zeta: 0.05 },
 * }
 * ```
 */
export type StressModel = {
  /** Unconditional annualised volatility of the last year (fraction). */
  readonly sigmaCalm: number
  /** Annualised volatility of the stressed regime (fraction): p99 of rolling 7-day realised volatility. */
  readonly sigmaStressed: number
  /** Crisis episodes per year in which the volatility reaches the stressed regime. */
  readonly episodeRate: number
  /** The tail of standardised one-period losses. */
  readonly tail: TailFit
}

/**
 * A depeg process: a jump of the price against the peg to `1 − level`, `rate` times a year.
 *
 * @example
 * ```ts
 * const usdc: DepegModel = { level: 0.1226, rate: 0.4 } // March 2023, 2 episodes in 5 years
 * ```
 */
export type DepegModel = {
  /** The depeg's depth, a fraction of the peg (0.1226 = trading at 0.8774). */
  readonly level: number
  /** Depeg episodes per year. */
  readonly rate: number
}

function checkTail(tail: TailFit): TailFit {
  finite('tail.threshold', tail.threshold)
  finite('tail.xi', tail.xi)
  positive('tail.beta', tail.beta)
  const zeta = unitInterval('tail.zeta', tail.zeta)
  if (zeta === 0) throw new OutOfRangeError('tail.zeta', zeta, '(0, 1]')
  return tail
}

/**
 * P(L > x) for a standardised loss L with a generalised Pareto tail above the threshold and a
 * normal shape below it, scaled to meet the tail at the threshold:
 * `ζ·(1 + ξ(x − u)/β)^(−1/ξ)` for `x ≥ u`, `min(1, ζ·Φ̄(x)/Φ̄(u))` below.
 *
 * @example
 * ```ts
 * tailProbability({ threshold: 1.66, xi: 0.2, beta: 0.77, zeta: 0.05 }, 1.66) // 0.05
 * ```
 */
export function tailProbability(tail: TailFit, x: number): number {
  const { threshold: u, xi, beta, zeta } = checkTail(tail)
  finite('x', x)
  if (x < u) return Math.min(1, (zeta * normalCdf(-x)) / normalCdf(-u))
  const y = (x - u) / beta
  if (Math.abs(xi) < 1e-12) return zeta * Math.exp(-y)
  const base = 1 + xi * y
  if (base <= 0) return 0
  return zeta * base ** (-1 / xi)
}

/**
 * The standardised loss exceeded with probability `p`, the inverse of {@link tailProbability}:
 * `u + β/ξ·((p/ζ)^(−ξ) − 1)` for `p ≤ ζ`.
 *
 * @example
 * ```ts
 * tailQuantile({ threshold: 1.66, xi: 0.2, beta: 0.77, zeta: 0.05 }, 0.05) // 1.66
 * ```
 */
export function tailQuantile(tail: TailFit, p: number): number {
  const { threshold: u, xi, beta, zeta } = checkTail(tail)
  unitInterval('p', p)
  if (p === 0) throw new OutOfRangeError('p', p, '(0, 1]')
  if (p <= zeta) {
    if (Math.abs(xi) < 1e-12) return u - beta * Math.log(p / zeta)
    return u + (beta / xi) * ((p / zeta) ** -xi - 1)
  }
  return -normalQuantile(Math.min(1, (p * normalCdf(-u)) / zeta))
}

/**
 * Standardised residuals of an EWMA volatility filter: `s²_t = λ·s²_{t−1} + (1 − λ)·r²_{t−1}`,
 * seeded with the mean `r²` of the first `seed` returns; `z_t = r_t / s_t` for `t ≥ seed`.
 *
 * @throws InsufficientDataError (fewer than seed + 1 returns).
 * @example
 * ```ts
 * ewmaResiduals(returns, { lambda: 0.94, seed: 720 }).length // returns.length − 720
 * ```
 */
export function ewmaResiduals(
  returns: ArrayLike<number>,
  options: { readonly lambda?: number; readonly seed?: number } = {},
): Float64Array {
  const lambda = unitInterval('lambda', options.lambda ?? 0.94)
  const seed = options.seed ?? 720
  if (returns.length < seed + 1) throw new InsufficientDataError('ewmaResiduals', seed + 1, returns.length)
  let s2 = 0
  for (let i = 0; i < seed; i++) s2 += (returns[i] as number) ** 2
  s2 /= seed
  const out = new Float64Array(returns.length - seed)
  for (let t = seed; t < returns.length; t++) {
    const r = returns[t] as number
    out[t - seed] = s2 > 0 ? r / Math.sqrt(s2) : 0
    s2 = lambda * s2 + (1 - lambda) * r * r
  }
  return out
}

/**
 * A generalised Pareto fit of positive excesses by probability-weighted moments (Hosking &
 * Wallis 1987), plotting positions `p_i = (i − 0.35)/n` on ascending excesses:
 * `a0 = mean(y)`, `a1 = mean((1 − p_i)·y_i)`, `ξ = 2 − a0/(a0 − 2a1)`, `β = 2·a0·a1/(a0 − 2a1)`.
 *
 * @throws InsufficientDataError (fewer than 10 excesses), OutOfRangeError (a fit with β ≤ 0).
 * @example
 * ```ts
 * fitGeneralisedPareto(excesses) // { xi: 0.22, beta: 0.77 }
 * ```
 */
export function fitGeneralisedPareto(excesses: ArrayLike<number>): { xi: number; beta: number } {
  const n = excesses.length
  if (n < 10) throw new InsufficientDataError('fitGeneralisedPareto (excesses)', 10, n)
  const y = Float64Array.from(excesses).sort()
  let a0 = 0
  let a1 = 0
  for (let i = 0; i < n; i++) {
    const v = y[i] as number
    a0 += v
    a1 += (1 - (i + 1 - 0.35) / n) * v
  }
  a0 /= n
  a1 /= n
  const d = a0 - 2 * a1
  const xi = 2 - a0 / d
  const beta = (2 * a0 * a1) / d
  if (!(beta > 0) || !Number.isFinite(xi)) throw new OutOfRangeError('GPD fit (beta)', beta, '> 0')
  return { xi, beta }
}

/** Result of {@link calibrateStress}. */
export type StressCalibration = StressModel & {
  readonly returns: number
  readonly years: number
  readonly episodes: number
  readonly worstReturn: number
  readonly tail: TailFit & { readonly exceedances: number }
}

/**
 * Calibrates a {@link StressModel} from log returns one period apart (the finest the data has):
 * `sigmaCalm` from the last year, the EWMA-filtered residuals' GPD tail above their 95th
 * percentile, `sigmaStressed` = the 99th percentile of rolling 7-day realised volatility
 * `√(mean r² · periods/year)`, and episodes = runs of windows at or above it (runs closer than
 * 7 days merged) per year. The same steps as `test/golden/stress_calibration.py`.
 *
 * @throws InsufficientDataError (less than two 7-day windows and the EWMA seed).
 * @example
 * ```ts
 * const eth = calibrateStress({ returns, periodSeconds: 3600 })
 * eth.sigmaStressed // 2.72 on ETH/USDT hourly 2020-01 → 2022-10
 * ```
 */
export function calibrateStress(parameters: {
  readonly returns: ArrayLike<number>
  readonly periodSeconds: number
}): StressCalibration {
  const period = positive('periodSeconds', parameters.periodSeconds)
  const r = parameters.returns
  const perYear = YEAR_SECONDS / period
  const window = Math.max(2, Math.round((7 * 86_400) / period))
  const seed = Math.max(10, Math.round((30 * 86_400) / period))
  const n = r.length
  if (n < Math.max(seed + 200, 2 * window))
    throw new InsufficientDataError('calibrateStress (returns)', Math.max(seed + 200, 2 * window), n)
  const lastN = Math.min(n, Math.round(perYear))
  let m = 0
  for (let i = n - lastN; i < n; i++) m += r[i] as number
  m /= lastN
  let ss = 0
  for (let i = n - lastN; i < n; i++) ss += ((r[i] as number) - m) ** 2
  const sigmaCalm = Math.sqrt((ss / (lastN - 1)) * perYear)

  const z = ewmaResiduals(r, { lambda: 0.94, seed })
  const losses = Float64Array.from(z, (x) => -x).sort()
  const u = sortedQuantile(losses, 0.95)
  const excesses: number[] = []
  for (const x of losses) if (x > u) excesses.push(x - u)
  const { xi, beta } = fitGeneralisedPareto(excesses)
  const zeta = excesses.length / losses.length

  const vols = new Float64Array(n - window + 1)
  let acc = 0
  for (let i = 0; i < window; i++) acc += (r[i] as number) ** 2
  vols[0] = Math.sqrt((acc / window) * perYear)
  for (let t = window; t < n; t++) {
    acc += (r[t] as number) ** 2 - (r[t - window] as number) ** 2
    vols[t - window + 1] = Math.sqrt((Math.max(acc, 0) / window) * perYear)
  }
  const sigmaStressed = sortedQuantile(Float64Array.from(vols).sort(), 0.99)
  let episodes = 0
  let lastHit = -Infinity
  for (let i = 0; i < vols.length; i++)
    if ((vols[i] as number) >= sigmaStressed) {
      if (i - lastHit > window) episodes += 1
      lastHit = i
    }
  const years = (n * period) / YEAR_SECONDS
  let worst = 0
  for (let i = 0; i < n; i++) worst = Math.min(worst, r[i] as number)
  return {
    sigmaCalm,
    sigmaStressed,
    episodeRate: episodes / years,
    tail: { threshold: u, xi, beta, zeta, exceedances: excesses.length },
    returns: n,
    years,
    episodes,
    worstReturn: Math.expm1(worst),
  }
}

/**
 * Log returns of prices exactly one period apart (a pair across a gap in the data is skipped).
 *
 * @example
 * ```ts
 * periodReturns({ times: [0, 3600, 10800], prices: [100, 110, 99], periodSeconds: 3600 }) // [ln 1.1]
 * ```
 */
export function periodReturns(parameters: {
  readonly times: ArrayLike<number>
  readonly prices: ArrayLike<number>
  readonly periodSeconds: number
}): Float64Array {
  const { times, prices } = parameters
  const period = positive('periodSeconds', parameters.periodSeconds)
  const out: number[] = []
  for (let i = 1; i < prices.length; i++) {
    const a = prices[i - 1] as number
    const b = prices[i] as number
    if (Math.abs((times[i] as number) - (times[i - 1] as number) - period) < 1e-6 && a > 0 && b > 0)
      out.push(Math.log(b / a))
  }
  return Float64Array.from(out)
}

/**
 * The per-episode probability the annual target allows when crisis episodes arrive as a Poisson
 * process of `rate` a year: `P(at least one bad episode in a year) = 1 − exp(−rate·p) ≤ ε`
 * gives `p = −ln(1 − ε) / rate` (capped at 1).
 *
 * @example
 * ```ts
 * perEpisodeProbability(0.01, 0.721) // 0.01394
 * ```
 */
export function perEpisodeProbability(epsilon: number, rate: number): number {
  const e = unitInterval('epsilon', epsilon)
  const r = nonNegative('rate', rate)
  if (e >= 1 || r === 0) return 1
  return Math.min(1, -Math.log1p(-e) / r)
}

/**
 * P(price loss over `horizonSeconds` in the stressed regime > `loss`):
 * `V = 1 − exp(−σ_s·√(T/year)·L)`, so `P(V > c) = P(L > −ln(1 − c)/(σ_s·√(T/year)))`.
 *
 * @example
 * ```ts
 * stressedLossProbability(eth, 7200, 0.1) // ≈ 0.02
 * ```
 */
export function stressedLossProbability(
  model: Pick<StressModel, 'sigmaStressed' | 'tail'>,
  horizonSeconds: number,
  loss: number,
): number {
  const c = unitInterval('loss', loss)
  const s = nonNegative('sigmaStressed', model.sigmaStressed) * Math.sqrt(horizonSeconds / YEAR_SECONDS)
  if (c >= 1) return 0
  if (c <= 0) return 1
  if (s === 0) return 0
  return tailProbability(model.tail, -Math.log1p(-c) / s)
}

/**
 * The stressed loss over `horizonSeconds` exceeded with probability `p`:
 * `1 − exp(−σ_s·√(T/year)·L_p)`.
 *
 * @example
 * ```ts
 * stressedLossQuantile(eth, 7200, 0.0139) // ≈ 0.108
 * ```
 */
export function stressedLossQuantile(
  model: Pick<StressModel, 'sigmaStressed' | 'tail'>,
  horizonSeconds: number,
  p: number,
): number {
  const s =
    nonNegative('sigmaStressed', model.sigmaStressed) *
    Math.sqrt(nonNegative('horizonSeconds', horizonSeconds) / YEAR_SECONDS)
  return -Math.expm1(-s * Math.max(0, tailQuantile(model.tail, p)))
}

/** Inputs of {@link cushionForTarget}. */
export type CushionForTargetParameters = {
  /** The market stress of the pair (ratio volatility in its stressed regime). */
  readonly market: Pick<StressModel, 'sigmaStressed' | 'tail' | 'episodeRate'>
  /**
   * Depegs of the collateral against what it is priced in, if it is a pegged asset: one process,
   * or several (an empirical distribution of depeg depths, each at its own rate).
   */
  readonly depeg?: DepegModel | readonly DepegModel[] | undefined
  /** The liquidation horizon, seconds. */
  readonly horizonSeconds: number
  /** ε: the allowed annual probability of bad debt beyond the route's reserve share. */
  readonly annualProbability: number
}

/** Result of {@link cushionForTarget}. */
export type CushionForTargetReturnType = {
  /** The smallest price-loss cushion c meeting the target; 1 when none does. */
  readonly cushion: number
  readonly feasible: boolean
  /** −ln(1 − ε): the yearly rate of bad episodes allowed. */
  readonly allowedRate: number
  /** The per-episode probability −ln(1 − ε)/λ of market episodes alone. */
  readonly perEpisodeProbability: number
  readonly explanation: readonly ExplanationTerm[]
}

/**
 * The price-loss cushion the annual target needs. Market episodes (rate λ) lose more than c with
 * `P(V > c)` over the horizon; depeg episodes (rate λ_k, depth D_k) jump to `1 − D_k` and the
 * stressed move follows, so they lose more than c with `1` if `c ≤ D_k`, else
 * `P(V > 1 − (1 − c)/(1 − D_k))`. The cushion is the smallest c with
 * `λ·P(V > c) + Σ λ_k·P_k(c) ≤ −ln(1 − ε)` (bisection). Without depeg it is the stressed loss
 * quantile at the per-episode probability `−ln(1 − ε)/λ`.
 *
 * @example
 * ```ts
 * cushionForTarget({ market: eth, horizonSeconds: 7200, annualProbability: 0.01 }).cushion // ≈ 0.108
 * ```
 */
export function cushionForTarget(parameters: CushionForTargetParameters): CushionForTargetReturnType {
  const eps = unitInterval('annualProbability', parameters.annualProbability)
  const T = nonNegative('horizonSeconds', parameters.horizonSeconds)
  const market = parameters.market
  const lambda = nonNegative('market.episodeRate', market.episodeRate)
  const given = parameters.depeg
  const depegs: readonly DepegModel[] =
    given === undefined ? [] : Array.isArray(given) ? given : [given as DepegModel]
  const jumps = depegs.map((d, i) => ({
    D: unitInterval(`depeg[${i}].level`, d.level),
    rate: nonNegative(`depeg[${i}].rate`, d.rate),
  }))
  let D = 0
  let lambdaD = 0
  for (const j of jumps) {
    D = Math.max(D, j.D)
    lambdaD += j.rate
  }
  const allowed = eps >= 1 ? Number.POSITIVE_INFINITY : -Math.log1p(-eps)
  const rate = (c: number): number => {
    let total = lambda * stressedLossProbability(market, T, c)
    for (const j of jumps) {
      if (j.rate === 0) continue
      if (c <= j.D) total += j.rate
      else total += j.rate * stressedLossProbability(market, T, 1 - (1 - c) / (1 - j.D))
    }
    return total
  }
  const pEpisode = perEpisodeProbability(eps, lambda)
  let cushion: number
  let feasible = true
  if (rate(0) <= allowed) cushion = 0
  else if (rate(1 - 1e-12) > allowed) {
    cushion = 1
    feasible = false
  } else {
    let lo = 0
    let hi = 1 - 1e-12
    for (let i = 0; i < 56; i++) {
      const mid = (lo + hi) / 2
      if (rate(mid) > allowed) lo = mid
      else hi = mid
    }
    cushion = hi
  }
  const explanation: ExplanationTerm[] = [
    {
      term: 'allowedBadEpisodeRate',
      value: allowed,
      inputs: { annualProbability: eps },
      formula: '−ln(1 − ε): P(at least one bad episode a year) = 1 − exp(−rate) ≤ ε',
    },
    {
      term: 'perEpisodeProbability',
      value: pEpisode,
      inputs: { allowedBadEpisodeRate: allowed, episodeRate: lambda },
      formula: 'p = −ln(1 − ε)/λ (market episodes alone)',
    },
    {
      term: 'priceLossCushion',
      value: cushion,
      inputs: {
        sigmaStressed: market.sigmaStressed,
        episodeRate: lambda,
        tailXi: market.tail.xi,
        tailBeta: market.tail.beta,
        tailThreshold: market.tail.threshold,
        tailZeta: market.tail.zeta,
        horizonSeconds: T,
        perEpisodeProbability: pEpisode,
        depegDeepest: D,
        depegRate: lambdaD,
        depegJumps: jumps.length,
        feasible,
      },
      formula: feasible
        ? 'smallest c with λ·P(V > c) + Σ_k λ_k·P(1 − (1 − D_k)(1 − V) > c) ≤ −ln(1 − ε), V = 1 − exp(−σ_s·√(T/year)·L), L GPD-tailed'
        : 'no cushion below 100 % meets the target (depeg rate alone exceeds it): caps are the bound',
    },
  ]
  return { cushion, feasible, allowedRate: allowed, perEpisodeProbability: pEpisode, explanation }
}
