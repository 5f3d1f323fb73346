import { normalQuantile } from '../math/normal.js'
import type { Rng } from '../math/random.js'
import { finite, nonNegativeInteger, openUnitInterval, positive } from '../units/validate.js'
import { barrierHitProbability } from './barrier.js'
import {
  conditionalExploit,
  createRouteOutcome,
  createScratch,
  evaluateRoute,
  type PathScratch,
  type RouteOutcome,
  sampleBridgeFaults,
  simulatePrices,
} from './engine.js'
import { SimulationInputError } from './errors.js'
import { type CompiledKernel, fillLogPath, type PathTilt } from './kernel.js'
import { pathStreams } from './montecarlo.js'
import { type CompiledPortfolio, compilePortfolio } from './portfolio.js'

/**
 * An importance-sampling estimate of a small probability.
 *
 * @example
 * ```ts
 * const e: RareEventEstimate = importanceSample({ kernel: k, seed: 1, paths: 1000, tilt, event })
 * e.relativeError
 * ```
 */
export type RareEventEstimate = {
  readonly probability: number
  readonly standardError: number
  /** standardError / probability (Infinity when no event was seen). */
  readonly relativeError: number
  readonly low: number
  readonly high: number
  readonly confidence: number
  readonly paths: number
  /** Paths on which the event happened under the sampling measure. */
  readonly hits: number
  readonly tilt: PathTilt
}

function estimateFrom(
  weights: Float64Array,
  hits: number,
  tilt: PathTilt,
  confidence: number,
): RareEventEstimate {
  const n = weights.length
  let s = 0
  for (let i = 0; i < n; i++) s += weights[i]!
  const p = s / n
  let v = 0
  for (let i = 0; i < n; i++) v += (weights[i]! - p) ** 2
  const se = n > 1 ? Math.sqrt(v / (n - 1) / n) : Number.POSITIVE_INFINITY
  const z = normalQuantile(0.5 + confidence / 2)
  return {
    probability: p,
    standardError: se,
    relativeError: p > 0 ? se / p : Number.POSITIVE_INFINITY,
    low: Math.max(0, p - z * se),
    high: p + z * se,
    confidence,
    paths: n,
    hits,
    tilt,
  }
}

/**
 * Importance sampling of P(event) over jump-diffusion paths: draws `paths` paths under the
 * tilted measure Q ({@link PathTilt}), and averages `1{event}·dP/dQ`. `event` reads the
 * log-price path and its running minimum. Path i uses the stream of path i of `seed`.
 *
 * @example
 * ```ts
 * // P(a GBM ever falls 50 % in a day), tilted toward the barrier
 * importanceSample({ kernel: k, seed: 1, paths: 10_000, tilt: { diffusionShift: -0.1, jumpIntensityFactor: 1, jumpMeanShift: 0 },
 *   event: (x, m) => m[k.steps]! <= Math.log(0.5) })
 * ```
 */
export function importanceSample(p: {
  readonly kernel: CompiledKernel
  readonly seed: number | bigint
  readonly paths: number
  readonly tilt: PathTilt
  readonly event: (logPrice: Float64Array, runMin: Float64Array) => boolean
  readonly confidence?: number
}): RareEventEstimate {
  nonNegativeInteger('paths', p.paths)
  checkTilt(p.tilt)
  checkJumpMeanShift(p.kernel, p.tilt.jumpMeanShift)
  const confidence = openUnitInterval('confidence', p.confidence ?? 0.95)
  const n = p.kernel.steps
  const x = new Float64Array(n + 1)
  const m = new Float64Array(n + 1)
  const w = new Float64Array(p.paths)
  const streams = pathStreams(p.seed, 0)
  let hits = 0
  for (let i = 0; i < p.paths; i++) {
    const rng = streams.next()
    const lr = fillLogPath(p.kernel, rng, x, m, p.tilt)
    if (p.event(x, m)) {
      hits++
      w[i] = Math.exp(lr)
    }
  }
  return estimateFrom(w, hits, p.tilt, confidence)
}

function checkTilt(t: PathTilt): void {
  finite('tilt.diffusionShift', t.diffusionShift)
  positive('tilt.jumpIntensityFactor', t.jumpIntensityFactor)
  finite('tilt.jumpMeanShift', t.jumpMeanShift)
}

/**
 * A jump-mean shift needs a jump-size spread: with s = 0 the tilted jump law is a different
 * point mass, not absolutely continuous with respect to the true one (the ratio would be 0/0).
 */
function checkJumpMeanShift(k: CompiledKernel, shift: number): void {
  if (shift !== 0 && k.jumpsPerStep > 0 && !(k.jumpStdLog > 0))
    throw new SimulationInputError(
      `a jump-mean shift of ${shift} with a jump-size standard deviation of 0`,
      'Shift the jump mean only when jumpStdLog > 0 (tilt the jump intensity instead).',
    )
}

/**
 * An adapted (state-dependent) exponential tilt for bad debt: before the liquidation trigger
 * the normals are shifted by `preShift`; once the running minimum reaches `triggerLog`, for
 * `windowSteps` steps the normals are shifted by θ_w = (badLog − x_τ − μ·W)/(σ·W), aiming the
 * path at the bad-debt level by the end of the lag window, and jumps arrive at
 * `windowJumpIntensityFactor` times their rate with mean shifted by `windowJumpMeanShift`.
 * The tilt at each step depends only on the past, so the likelihood ratio stays exact.
 *
 * @example
 * ```ts
 * const tilt: WindowTilt = defaultWindowTilt(compiled, 0)
 * ```
 */
export type WindowTilt = {
  readonly triggerLog: number
  readonly badLog: number
  readonly windowSteps: number
  readonly preShift: number
  /** Jump tilt before the trigger (gap risk: one jump through both levels). */
  readonly preJumpIntensityFactor: number
  readonly preJumpMeanShift: number
  readonly windowDiffusion: boolean
  readonly windowJumpIntensityFactor: number
  readonly windowJumpMeanShift: number
}

/**
 * The window-tilted path kernel: like {@link fillLogPath} under the schedule of
 * {@link WindowTilt}; returns log(dP/dQ) of the path drawn.
 *
 * @example
 * ```ts
 * const lr = fillLogPathWindowTilt(k, createRng(1), x, m, tilt)
 * ```
 */
export function fillLogPathWindowTilt(
  k: CompiledKernel,
  rng: Rng,
  logPrice: Float64Array,
  runMin: Float64Array,
  w: WindowTilt,
): number {
  const n = k.steps
  if (logPrice.length < n + 1 || runMin.length < n + 1)
    throw new SimulationInputError(
      'path buffers are too short',
      'Allocate Float64Arrays of length steps + 1.',
    )
  const mu = k.driftPerStep
  const sig = k.volPerStep
  const lam = k.jumpsPerStep
  const jm = k.jumpMeanLog
  const js = k.jumpStdLog
  let phase = 0
  let theta = w.preShift
  let a = w.preJumpIntensityFactor
  let delta = w.preJumpMeanShift
  let windowEnd = 0
  let x = 0
  let m = 0
  let lr = 0
  let nextJump = lam > 0 ? rng.exponential() / (lam * a) : Number.POSITIVE_INFINITY
  logPrice[0] = 0
  runMin[0] = 0
  for (let t = 1; t <= n; t++) {
    if (phase === 0 && m <= w.triggerLog) {
      phase = 1
      windowEnd = t - 1 + w.windowSteps
      const need = w.badLog - x - mu * w.windowSteps
      theta = w.windowDiffusion && sig > 0 ? Math.min(0, need / (sig * w.windowSteps)) : 0
      a = w.windowJumpIntensityFactor
      delta = w.windowJumpMeanShift
      if (lam > 0) nextJump = t - 1 + rng.exponential() / (lam * a)
    } else if (phase === 1 && t > windowEnd) {
      phase = 2
      theta = 0
      a = 1
      delta = 0
      if (lam > 0) nextJump = t - 1 + rng.exponential() / lam
    }
    const z = rng.normal() + theta
    lr += -theta * z + 0.5 * theta * theta
    x += mu + sig * z
    if (lam > 0) {
      lr += (a - 1) * lam
      while (nextJump < t) {
        const y = jm + delta + js * rng.normal()
        x += y
        if (a !== 1) lr -= Math.log(a)
        if (delta !== 0) lr += (-2 * delta * (y - jm) + delta * delta) / (2 * js * js)
        nextJump += rng.exponential() / (lam * a)
      }
    }
    logPrice[t] = x
    if (x < m) m = x
    runMin[t] = m
  }
  return lr
}

/**
 * The default window tilt for bad debt on a route, for its most levered position (u_max):
 * trigger at ln(u_max·LTV/LT), bad level ln(u_max·LTV·(1 + bonus)), window = the lag plus the
 * oracle staleness. Before the trigger, a shift making the trigger likely by the horizon is used
 * only when the untilted trigger probability is below 5 % (closed form, reflection principle).
 * In the window, the cheaper of two large-deviation routes to the bad level is tilted: diffusion
 * (cost d²/(2σ²W)) or one jump (cost −ln(λW) + (d − m)²/(2s²)), d being the needed log drop.
 *
 * @example
 * ```ts
 * const tilt = defaultWindowTilt(compilePortfolio(p), 0)
 * ```
 */
export function defaultWindowTilt(c: CompiledPortfolio, routeIndex: number): WindowTilt {
  const r = c.routes[routeIndex]
  if (r === undefined)
    throw new SimulationInputError(`no route at index ${routeIndex}`, 'Pick a route of the portfolio.')
  const k = c.kernels[r.assetIndex]!
  let uMax = 0
  for (const u of r.route.utilisations) uMax = Math.max(uMax, u)
  const ltv = r.route.loanToValue
  const triggerLog = Math.log((uMax * ltv) / r.route.liquidationThreshold)
  const badLog = Math.log(uMax * ltv * (1 + r.route.liquidationBonus))
  const W = Math.max(1, r.lagSteps + r.staleSteps)
  const h = c.horizonSteps
  const dtYears = c.portfolio.stepSeconds / 31_536_000
  let preShift = 0
  if (k.volPerStep > 0 && triggerLog < 0 && h > 0) {
    const pTrigger = barrierHitProbability({
      logBarrier: triggerLog,
      driftPerYear: k.driftPerStep / dtYears,
      sigmaAnnual: k.volPerStep / Math.sqrt(dtYears),
      horizonYears: h * dtYears,
    })
    if (pTrigger < 0.05) preShift = Math.min(0, (triggerLog - k.driftPerStep * h) / (k.volPerStep * h))
  }
  const d = Math.min(0, badLog - triggerLog)
  const diffusionCost =
    k.volPerStep > 0 ? (d * d) / (2 * k.volPerStep * k.volPerStep * W) : Number.POSITIVE_INFINITY
  const lamW = k.jumpsPerStep * W
  const jumpCost =
    lamW > 0 && k.jumpStdLog > 0
      ? -Math.log(Math.min(1, lamW)) + (d - k.jumpMeanLog) ** 2 / (2 * k.jumpStdLog ** 2)
      : Number.POSITIVE_INFINITY
  // Gap risk: one jump from the start through the bad-debt level, over the whole horizon.
  const lamH = k.jumpsPerStep * h
  const gap = lamH > 0 && k.jumpStdLog > 0
  const preJump = gap
    ? { preJumpIntensityFactor: Math.max(1, 1 / lamH), preJumpMeanShift: Math.min(0, badLog - k.jumpMeanLog) }
    : { preJumpIntensityFactor: 1, preJumpMeanShift: 0 }
  if (jumpCost < diffusionCost)
    return {
      triggerLog,
      badLog,
      windowSteps: W,
      preShift,
      ...preJump,
      windowDiffusion: false,
      windowJumpIntensityFactor: Math.max(1, 1 / lamW),
      windowJumpMeanShift: Math.min(0, d - k.jumpMeanLog),
    }
  return {
    triggerLog,
    badLog,
    windowSteps: W,
    preShift,
    ...preJump,
    windowDiffusion: true,
    windowJumpIntensityFactor: 1,
    windowJumpMeanShift: 0,
  }
}

/**
 * An importance-sampling estimate of P(bad debt > 0) on one route, with its tilt.
 *
 * @example
 * ```ts
 * const e: RareBadDebtEstimate = rareBadDebtProbability({ compiled, routeId: 'r', seed: 1, paths: 10_000 })
 * ```
 */
export type RareBadDebtEstimate = Omit<RareEventEstimate, 'tilt'> & { readonly tilt: WindowTilt }

/**
 * Inputs of {@link rareBadDebtProbability}.
 *
 * @example
 * ```ts
 * const p: RareBadDebtParameters = { compiled, routeId: 'r', seed: 1, paths: 10_000 }
 * ```
 */
export type RareBadDebtParameters = {
  /** The portfolio; only `routeId`'s asset, route and faults are simulated. */
  readonly compiled: CompiledPortfolio
  readonly routeId: string
  readonly seed: number | bigint
  readonly paths: number
  /** Defaults to {@link defaultWindowTilt}. */
  readonly tilt?: WindowTilt
  readonly confidence?: number
}

/**
 * P(bad debt on a route > 0) by importance sampling with an adapted exponential tilt of the
 * price shocks ({@link WindowTilt}): paths are pushed toward the liquidation trigger and then,
 * within the lag window, toward the bad-debt level, and weighted by the likelihood ratio
 * dP/dQ. Faults are drawn from their true law given the path (no weight). Reports the
 * relative error.
 *
 * @example
 * ```ts
 * const est = rareBadDebtProbability({ compiled: c, routeId: 'weth-arb', seed: 1, paths: 20_000 })
 * est.probability; est.relativeError
 * ```
 */
export function rareBadDebtProbability(p: RareBadDebtParameters): RareBadDebtEstimate {
  nonNegativeInteger('paths', p.paths)
  const confidence = openUnitInterval('confidence', p.confidence ?? 0.95)
  const full = p.compiled
  const route = full.routes.find((r) => r.route.id === p.routeId)
  if (route === undefined)
    throw new SimulationInputError(`unknown route "${p.routeId}"`, 'Pick a route id of the portfolio.')
  const asset = full.portfolio.assets[route.assetIndex]!
  if (asset.model !== undefined)
    throw new SimulationInputError(
      `asset "${asset.id}" uses the ${asset.model.kind} model`,
      'Importance sampling tilts jump-diffusion shocks only: use plain Monte Carlo (simulate) for this asset.',
    )
  const c = compilePortfolio({
    horizonSeconds: full.portfolio.horizonSeconds,
    stepSeconds: full.portfolio.stepSeconds,
    assets: [asset],
    routes: [route.route],
  })
  const tilt = p.tilt ?? defaultWindowTilt(c, 0)
  positive('tilt.windowSteps', tilt.windowSteps)
  finite('tilt.preShift', tilt.preShift)
  positive('tilt.preJumpIntensityFactor', tilt.preJumpIntensityFactor)
  finite('tilt.preJumpMeanShift', tilt.preJumpMeanShift)
  positive('tilt.windowJumpIntensityFactor', tilt.windowJumpIntensityFactor)
  finite('tilt.windowJumpMeanShift', tilt.windowJumpMeanShift)
  checkJumpMeanShift(c.kernels[0]!, tilt.preJumpMeanShift)
  checkJumpMeanShift(c.kernels[0]!, tilt.windowJumpMeanShift)
  const sample = sampleCriticalLts(c, p.seed, 0, p.paths, tilt)
  const plain = sampleCriticalLts(c, p.seed, p.paths, sample.q.some((q) => q > 0) ? p.paths : 0, undefined)
  const e = combinedProbability(sample, plain, c.routes[0]!.route.liquidationThreshold)
  const z = normalQuantile(0.5 + confidence / 2)
  return {
    probability: e.probability,
    standardError: e.standardError,
    relativeError: e.probability > 0 ? e.standardError / e.probability : Number.POSITIVE_INFINITY,
    low: Math.max(0, e.probability - z * e.standardError),
    high: e.probability + z * e.standardError,
    confidence,
    paths: p.paths + plain.weight.length,
    hits: e.hits,
    tilt,
  }
}

/**
 * Per path of a sample: the weight dP/dQ (1 without a tilt), the exploit probability q of
 * {@link conditionalExploit}, and the critical LT of each exploit branch: with LTV = ρ·LT held
 * at the route's ratio ρ, bad debt is positive at LT iff LT > min_i v_i/(u_i·ρ) (v_i the value
 * per unit of collateral available to repay position i, which does not depend on LT).
 *
 * @example
 * ```ts
 * const s: CriticalLtSample = sampleCriticalLts(compiled, 1, 0, 1000, undefined)
 * ```
 */
export type CriticalLtSample = {
  readonly weight: Float64Array
  readonly q: Float64Array
  readonly critical0: Float64Array
  readonly critical1: Float64Array
}

/**
 * Samples `paths` paths (streams `startPath…`) of the single route of `c`, tilted by `tilt` or
 * plain, and records {@link CriticalLtSample}.
 *
 * @example
 * ```ts
 * const s = sampleCriticalLts(c, 1, 0, 10_000, defaultWindowTilt(c, 0))
 * ```
 */
export function sampleCriticalLts(
  c: CompiledPortfolio,
  seed: number | bigint,
  startPath: number,
  paths: number,
  tilt: WindowTilt | undefined,
): CriticalLtSample {
  const r = c.routes[0]!
  const u = r.route.utilisations
  const rho = r.route.loanToValue / r.route.liquidationThreshold
  const k = u.length
  const scratch = createScratch(c)
  const out = createRouteOutcome(r)
  const values = { noExploit: new Float64Array(k), exploit: new Float64Array(k) }
  const weight = new Float64Array(paths)
  const q = new Float64Array(paths)
  const critical0 = new Float64Array(paths)
  const critical1 = new Float64Array(paths)
  const critical = (v: Float64Array) => {
    let m = Number.POSITIVE_INFINITY
    for (let i = 0; i < k; i++) if (u[i]! > 0) m = Math.min(m, v[i]! / (u[i]! * rho))
    return m
  }
  const streams = pathStreams(seed, startPath)
  for (let i = 0; i < paths; i++) {
    const rng = streams.next()
    if (tilt === undefined) {
      simulatePrices(c, rng, scratch)
      weight[i] = 1
    } else
      weight[i] = Math.exp(
        fillLogPathWindowTilt(c.kernels[0]!, rng, scratch.logPaths[0]!, scratch.runMins[0]!, tilt),
      )
    const [qi] = badDebtBranches(c, rng, scratch, out, values)
    q[i] = qi
    critical0[i] = critical(values.noExploit)
    critical1[i] = critical(values.exploit)
  }
  return { weight, q, critical0, critical1 }
}

/**
 * P(bad debt > 0) at LT from a tilted sample (no-exploit branch: mean of w·(1 − q)·1{c0 < LT})
 * plus a plain sample (exploit branch: mean of q·1{c1 < LT}; skipped when empty). The exploit
 * branch is estimated without the price tilt because its weight would be degenerate there.
 *
 * @example
 * ```ts
 * combinedProbability(tilted, plain, 0.83).probability
 * ```
 */
export function combinedProbability(
  tilted: CriticalLtSample,
  plain: CriticalLtSample,
  lt: number,
): { readonly probability: number; readonly standardError: number; readonly hits: number } {
  let hits = 0
  const moments = (n: number, f: (i: number) => number): [number, number] => {
    if (n === 0) return [0, 0]
    let s = 0
    let s2 = 0
    for (let i = 0; i < n; i++) {
      const x = f(i)
      if (x > 0) hits++
      s += x
      s2 += x * x
    }
    const m = s / n
    return [m, n > 1 ? Math.max(0, (s2 / n - m * m) / (n - 1)) : 0]
  }
  const [m1, v1] = moments(tilted.weight.length, (i) =>
    tilted.critical0[i]! < lt ? tilted.weight[i]! * (1 - tilted.q[i]!) : 0,
  )
  const [m2, v2] = moments(plain.weight.length, (i) => (plain.critical1[i]! < lt ? plain.q[i]! : 0))
  return { probability: m1 + m2, standardError: Math.sqrt(v1 + v2), hits }
}

/**
 * Bad-debt indicators of the single route of `c` on the current path, in the two exploit
 * branches of {@link conditionalExploit}: returns [q, bad without exploit (0/1), bad with the
 * exploit at its conditional step (0/1)]. Both branches reuse the same route-fault draws.
 *
 * @example
 * ```ts
 * const [q, bad0, bad1] = badDebtBranches(c, rng, scratch, out) // contributes (1 − q)·bad0 + q·bad1
 * ```
 */
export function badDebtBranches(
  c: CompiledPortfolio,
  rng: Rng,
  scratch: PathScratch,
  out: RouteOutcome,
  values?: { readonly noExploit: Float64Array; readonly exploit: Float64Array },
): [number, number, number] {
  const r = c.routes[0]!
  sampleBridgeFaults(c, rng, scratch)
  const { probability: q, step } = conditionalExploit(c, r, rng, scratch)
  const isBad = () => {
    for (let j = 0; j < out.value.length; j++)
      if (r.route.utilisations[j]! * r.route.loanToValue > out.value[j]!) return 1
    return 0
  }
  scratch.bridgeExploit[r.bridgeIndex] = -1
  const routeRng = rng.clone()
  evaluateRoute(c, r, routeRng, scratch, out)
  const bad0 = isBad()
  values?.noExploit.set(out.value)
  if (!(q > 0)) {
    values?.exploit.set(out.value)
    return [0, bad0, 0]
  }
  scratch.bridgeExploit[r.bridgeIndex] = step
  evaluateRoute(c, r, rng, scratch, out)
  values?.exploit.set(out.value)
  return [q, bad0, isBad()]
}
