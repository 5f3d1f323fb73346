import type { Rng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { fillLogPath, firstPassage, type PathTilt, windowMin } from './kernel.js'
import type { CompiledAssetModel, CompiledPortfolio, CompiledRoute } from './portfolio.js'
import { fillBootstrapLogPath, fillVarianceRecursionLogPath } from './processes.js'

/**
 * Buffers one path needs, allocated once per runner and reused for every path (no allocation
 * in the loop).
 *
 * @example
 * ```ts
 * const s: PathScratch = createScratch(compiled)
 * ```
 */
export type PathScratch = {
  readonly logPaths: Float64Array[]
  readonly runMins: Float64Array[]
  /** The route's effective path after an exploit jump, and its running minimum. */
  readonly effective: Float64Array
  readonly effectiveMin: Float64Array
  readonly eps: Float64Array
  readonly z: Float64Array
  readonly nextJump: Float64Array
  readonly bridgeExploit: Int32Array
  readonly bridgeHalts: number[][]
  readonly blocks: number[]
}

/**
 * What happened to each position of one route on one path.
 *
 * @example
 * ```ts
 * const o: RouteOutcome = createRouteOutcome(compiled.routes[0])
 * ```
 */
export type RouteOutcome = {
  /** Value per unit of collateral available to repay debt: S_exec/(1 + bonus) if liquidated, else S_T. */
  readonly value: Float64Array
  /** Lowest price in the lag window (liquidated) or the horizon price (not liquidated). */
  readonly price: Float64Array
  readonly liquidated: Uint8Array
  /** Trigger to execution, in steps (liquidated positions). */
  readonly lagSteps: Int32Array
  /** 1 when the execution was cut at the end of the simulated (or replayed) path. */
  readonly truncated: Uint8Array
}

/**
 * Allocates the scratch buffers for a compiled portfolio.
 *
 * @example
 * ```ts
 * const scratch = createScratch(compilePortfolio(portfolio))
 * ```
 */
export function createScratch(c: CompiledPortfolio): PathScratch {
  const n = c.totalSteps + 1
  const k = c.kernels.length
  return {
    logPaths: Array.from({ length: k }, () => new Float64Array(n)),
    runMins: Array.from({ length: k }, () => new Float64Array(n)),
    effective: new Float64Array(n),
    effectiveMin: new Float64Array(n),
    eps: new Float64Array(k),
    z: new Float64Array(k),
    nextJump: new Float64Array(k),
    bridgeExploit: new Int32Array(c.bridgeIds.length),
    bridgeHalts: c.bridgeIds.map(() => []),
    blocks: [],
  }
}

/**
 * Allocates an outcome buffer for a route.
 *
 * @example
 * ```ts
 * const out = createRouteOutcome(c.routes[0])
 * ```
 */
export function createRouteOutcome(r: CompiledRoute): RouteOutcome {
  const k = r.collateral.length
  return {
    value: new Float64Array(k),
    price: new Float64Array(k),
    liquidated: new Uint8Array(k),
    lagSteps: new Int32Array(k),
    truncated: new Uint8Array(k),
  }
}

/**
 * Draws the price paths of every asset for one path (correlated through the Cholesky factor
 * when one is given). With a tilt (single-asset portfolios only) returns log(dP/dQ).
 *
 * @example
 * ```ts
 * simulatePrices(c, createRng(1), scratch) // scratch.logPaths[a][t] = ln(S_a,t / S_a,0)
 * ```
 */
export function simulatePrices(c: CompiledPortfolio, rng: Rng, s: PathScratch, tilt?: PathTilt): number {
  const l = c.choleskyFactor
  if (l === undefined) {
    let lr = 0
    for (let a = 0; a < c.kernels.length; a++) {
      const model = c.models[a]
      if (model === undefined) lr += fillLogPath(c.kernels[a]!, rng, s.logPaths[a]!, s.runMins[a]!, tilt)
      else fillModelPath(model, c.totalSteps, rng, s.logPaths[a]!, s.runMins[a]!)
    }
    return lr
  }
  const k = c.kernels.length
  const n = c.totalSteps
  for (let a = 0; a < k; a++) {
    s.logPaths[a]![0] = 0
    s.runMins[a]![0] = 0
    const lam = c.kernels[a]!.jumpsPerStep
    s.nextJump[a] = lam > 0 ? rng.exponential() / lam : Number.POSITIVE_INFINITY
  }
  for (let t = 1; t <= n; t++) {
    for (let a = 0; a < k; a++) s.eps[a] = rng.normal()
    for (let a = 0; a < k; a++) {
      let z = 0
      for (let j = 0; j <= a; j++) z += l[a * k + j]! * s.eps[j]!
      const kern = c.kernels[a]!
      const path = s.logPaths[a]!
      let x = path[t - 1]! + kern.driftPerStep + kern.volPerStep * z
      while (s.nextJump[a]! < t) {
        x += kern.jumpMeanLog + kern.jumpStdLog * rng.normal()
        s.nextJump[a] = s.nextJump[a]! + rng.exponential() / kern.jumpsPerStep
      }
      path[t] = x
      const m = s.runMins[a]!
      m[t] = x < m[t - 1]! ? x : m[t - 1]!
    }
  }
  return 0
}

function fillModelPath(
  m: CompiledAssetModel,
  n: number,
  rng: Rng,
  path: Float64Array,
  runMin: Float64Array,
): void {
  if (m.kind === 'bootstrap') fillBootstrapLogPath(rng, path, n, m.logReturns, m.blockLength)
  else if (m.kind === 'garch11') fillVarianceRecursionLogPath(rng, path, n, m.v0, m.omega, m.alpha, m.beta)
  else fillVarianceRecursionLogPath(rng, path, n, m.v0, 0, 1 - m.lambda, m.lambda)
  let min = 0
  for (let t = 0; t <= n; t++) {
    const x = path[t]!
    if (x < min) min = x
    runMin[t] = min
  }
}

/**
 * Arrival steps of a Poisson process of `ratePerYear`, multiplied by `multiplier` while
 * `isStressed(step)`, by thinning (Lewis and Shedler 1979): candidates at the stressed rate, each
 * kept with probability 1 when stressed and 1/multiplier otherwise. Shared by the static-book
 * engine and the cohort book.
 */
export function thinnedArrivals(
  rng: Rng,
  ratePerYear: number,
  multiplier: number,
  stepSeconds: number,
  lastStep: number,
  isStressed: (step: number) => boolean,
  out: number[],
): void {
  const ratePerStep = (ratePerYear * multiplier * stepSeconds) / SECONDS_PER_YEAR
  if (!(ratePerStep > 0)) return
  let t = 0
  for (;;) {
    t += rng.exponential() / ratePerStep
    if (t >= lastStep) return
    const step = Math.floor(t)
    if (isStressed(step) || multiplier === 1 || rng.next() * multiplier < 1) {
      out.push(step)
      // Further arrivals in the same step start the same interval: skip to the next step
      // (memoryless, so the arrivals after it keep their law). Bounds the work at huge rates.
      t = step + 1
    }
  }
}

/** {@link thinnedArrivals} with the path stressed while its log-price is at or below `logStress`. */
function arrivals(
  rng: Rng,
  ratePerYear: number,
  multiplier: number,
  stepSeconds: number,
  lastStep: number,
  path: Float64Array,
  logStress: number,
  out: number[],
): void {
  thinnedArrivals(rng, ratePerYear, multiplier, stepSeconds, lastStep, (k) => path[k]! <= logStress, out)
}

/**
 * Samples the bridge events of one path (exploit step or −1, halt intervals), one set per
 * bridge, shared by every route on that bridge. Rates and stress come from the first route
 * naming the bridge.
 *
 * @example
 * ```ts
 * sampleBridgeFaults(c, rng, scratch) // scratch.bridgeExploit[b], scratch.bridgeHalts[b]
 * ```
 */
export function sampleBridgeFaults(c: CompiledPortfolio, rng: Rng, s: PathScratch): void {
  const seen = new Uint8Array(c.bridgeIds.length)
  const tmp: number[] = []
  for (const r of c.routes) {
    const b = r.bridgeIndex
    if (seen[b]) continue
    seen[b] = 1
    const f = r.route.faults
    const path = s.logPaths[r.assetIndex]!
    tmp.length = 0
    arrivals(
      rng,
      f.bridgeExploitRatePerYear,
      f.stressMultiplier,
      c.portfolio.stepSeconds,
      c.horizonSteps,
      path,
      r.logStress,
      tmp,
    )
    s.bridgeExploit[b] = tmp.length > 0 ? tmp[0]! + 1 : -1
    const halts = s.bridgeHalts[b]!
    halts.length = 0
    tmp.length = 0
    arrivals(
      rng,
      f.bridgeHaltRatePerYear,
      f.stressMultiplier,
      c.portfolio.stepSeconds,
      c.totalSteps,
      path,
      r.logStress,
      tmp,
    )
    for (const h of tmp) halts.push(h, h + r.haltSteps)
  }
}

function delayed(step: number, blocks: readonly number[]): number {
  let e = step
  for (let changed = true; changed; ) {
    changed = false
    for (let i = 0; i < blocks.length; i += 2) {
      if (e >= blocks[i]! && e < blocks[i + 1]!) {
        e = blocks[i + 1]!
        changed = true
      }
    }
  }
  return e
}

/**
 * Evaluates every position of a route on the current path (after {@link simulatePrices} and
 * {@link sampleBridgeFaults}): liquidation trigger by first passage of the oracle price
 * (floored) below u·LTV/LT within the horizon, detection after oracle staleness, execution after
 * the lag pushed out of halts, downtime and congestion, and the lowest price in that window.
 *
 * @example
 * ```ts
 * evaluateRoute(c, c.routes[0], rng, scratch, outcome) // outcome.value[i], outcome.liquidated[i]
 * ```
 */
export function evaluateRoute(
  c: CompiledPortfolio,
  r: CompiledRoute,
  rng: Rng,
  s: PathScratch,
  out: RouteOutcome,
): void {
  const f = r.route.faults
  const n = c.totalSteps
  const h = c.horizonSteps
  let path = s.logPaths[r.assetIndex]!
  let runMin = s.runMins[r.assetIndex]!
  const exploit = s.bridgeExploit[r.bridgeIndex]!
  if (exploit >= 0 && exploit <= n) {
    const eff = s.effective
    const em = s.effectiveMin
    let m = 0
    for (let t = 0; t <= n; t++) {
      const x = t >= exploit ? path[t]! + r.logExploit : path[t]!
      eff[t] = x
      if (x < m) m = x
      em[t] = m
    }
    path = eff
    runMin = em
  }
  const stressed = runMin[h]! <= r.logStress
  // Route-level faults, drawn in a fixed order from the path's stream.
  const staleP = Math.min(1, f.oracleStaleProbability * (stressed ? f.stressMultiplier : 1))
  const stale = staleP > 0 && rng.next() < staleP ? r.staleSteps : 0
  const blocks = s.blocks
  blocks.length = 0
  const arch = r.route.architecture
  if (arch === undefined || arch === 'message-passing') {
    const halts = s.bridgeHalts[r.bridgeIndex]!
    for (let i = 0; i < halts.length; i += 2) blocks.push(halts[i]!, halts[i + 1]!)
  }
  const tmp: number[] = []
  arrivals(
    rng,
    f.sequencerDowntimeRatePerYear,
    f.stressMultiplier,
    c.portfolio.stepSeconds,
    n,
    path,
    r.logStress,
    tmp,
  )
  for (const d of tmp) blocks.push(d, d + r.downtimeSteps)
  tmp.length = 0
  arrivals(
    rng,
    f.congestionRatePerYear,
    f.stressMultiplier,
    c.portfolio.stepSeconds,
    n,
    path,
    r.logStress,
    tmp,
  )
  for (const d of tmp) blocks.push(d, d + r.congestionSteps)
  const bonus1 = 1 + r.route.liquidationBonus
  const terminal = Math.exp(path[h]!)
  for (let i = 0; i < r.logTrigger.length; i++) {
    const level = r.logTrigger[i]!
    const tau = level >= r.logFloor ? firstPassage(runMin, h, level) : -1
    if (tau < 0) {
      out.liquidated[i] = 0
      out.lagSteps[i] = 0
      out.truncated[i] = 0
      out.price[i] = terminal
      out.value[i] = terminal
      continue
    }
    let exec = delayed(tau + stale + r.lagSteps, blocks)
    out.truncated[i] = exec > n ? 1 : 0
    if (exec > n) exec = n
    const p = Math.exp(windowMin(path, tau, exec))
    out.liquidated[i] = 1
    out.lagSteps[i] = exec - tau
    out.price[i] = p
    out.value[i] = p / bonus1
  }
}

/**
 * Conditional sampling of a route's bridge exploit (for rare-event estimators): the probability
 * q that the exploit happens within the horizon given the price path,
 * `q = 1 − exp(−Σ_t λ_t·dt)` with λ_t the stressed or unstressed rate at step t, and a step drawn
 * from its conditional distribution given that it happens (inverse of the cumulative
 * intensity). Estimators average `(1 − q)·f(no exploit) + q·f(exploit at step)` instead of
 * waiting for a 1-in-10^5 exploit draw.
 *
 * @example
 * ```ts
 * const { probability, step } = conditionalExploit(c, c.routes[0], rng, scratch)
 * ```
 */
export function conditionalExploit(
  c: CompiledPortfolio,
  r: CompiledRoute,
  rng: Rng,
  s: PathScratch,
): { readonly probability: number; readonly step: number } {
  const f = r.route.faults
  const base = (f.bridgeExploitRatePerYear * c.portfolio.stepSeconds) / SECONDS_PER_YEAR
  if (!(base > 0)) return { probability: 0, step: -1 }
  const path = s.logPaths[r.assetIndex]!
  const h = c.horizonSteps
  let total = 0
  for (let t = 0; t < h; t++) total += path[t]! <= r.logStress ? base * f.stressMultiplier : base
  const q = -Math.expm1(-total)
  const target = -Math.log1p(-rng.next() * q)
  let cum = 0
  for (let t = 0; t < h; t++) {
    cum += path[t]! <= r.logStress ? base * f.stressMultiplier : base
    if (cum >= target) return { probability: q, step: t + 1 }
  }
  return { probability: q, step: h }
}
