import type { Rng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { BGK_BETA } from './barrier.js'
import { thinnedArrivals } from './engine.js'
import { SimulationInputError } from './errors.js'
import type { CompiledPortfolio, CompiledRoute } from './portfolio.js'

/*
 * The cohort-book engine (docs/model.md, "Simulation over the policy horizon"): a market regime
 * (calm / stressed), market-wide jumps, per-asset idiosyncratic jumps and depegs drive the log
 * prices in coarse steps; a cohort of positions opens every cohort step near max LTV and renews
 * after its life; a position is liquidated at the first step its oracle price (floored) is at or
 * below its trigger shifted by the Broadie–Glasserman–Kou correction β·σ·√Δt (discrete monitoring
 * of a continuous barrier), and sells at the lowest price between the trigger and the execution
 * (trigger + staleness + lag, pushed out of halts, outages and congestion). Paths are drawn to
 * the horizon and extended past it only while a liquidation is in flight.
 *
 * Random draws come in a fixed order: regime, market jumps, depegs, prices to the horizon,
 * bridge faults, route faults, then (only if needed) the extension of the prices past the
 * horizon. Nothing a route's parameters change is drawn before the route faults, so two books
 * that differ only in LT, LTV or bonus see the same paths (common random numbers).
 */

/**
 * Per-step constants of the cohort engine.
 *
 * @example
 * ```ts
 * const b: CompiledBook = compileBook(compilePortfolio(portfolio))
 * ```
 */
export type CompiledBook = {
  readonly cohortSteps: number
  readonly lifeSteps: number
  readonly cohorts: number
  /** Open collateral of one cohort as a share of the route's book: min(1, cohort / life). */
  readonly cohortShare: number
  /** Per asset, index 0 calm, 1 stressed. */
  readonly vol: readonly (readonly [number, number])[]
  readonly drift: readonly (readonly [number, number])[]
  readonly shift: readonly (readonly [number, number])[]
  readonly jumpExposure: Float64Array
  readonly idioJumpsPerStep: Float64Array
  /** Per asset: depeg arrivals per step (calm), log level, mean length in steps, stress multiplier. */
  readonly depeg: readonly (CompiledDepeg | undefined)[]
  /** Stationary share of time in the stressed regime. */
  readonly stressShare: number
  readonly calmMeanSteps: number
  readonly stressMeanSteps: number
  readonly marketJumpsPerStep: number
  readonly marketJumpMean: number
  readonly marketJumpStd: number
}

/**
 * A depeg process in steps: arrivals per step (calm), log level, mean length in steps, stress multiplier.
 *
 * @example
 * ```ts
 * compileBook(c).depeg[0]?.logLevel // ln(1 − depth)
 * ```
 */
export type CompiledDepeg = {
  readonly ratePerStep: number
  readonly logLevel: number
  readonly meanSteps: number
  readonly mult: number
}

/**
 * Validates the cohort-book part of a compiled portfolio and precomputes its constants. The
 * calm volatility is set so that the unconditional variance is the asset's σ²:
 * `σ_calm = σ / √(1 + (M² − 1)·π)`, π the stationary stressed share `r·D / (1 + r·D)`.
 *
 * @example
 * ```ts
 * compileBook(c).stressShare // ≈ 0.019 for one week-long episode a year
 * ```
 */
export function compileBook(c: CompiledPortfolio): CompiledBook {
  const p = c.portfolio
  const b = p.book
  if (b === undefined) throw new SimulationInputError('no cohort book', 'Give the portfolio a book.')
  const dt = p.stepSeconds / SECONDS_PER_YEAR
  const m = p.market
  const mult = m?.stressVolMultiplier ?? 1
  const rd = m ? m.stressRatePerYear * (m.stressMeanSeconds / SECONDS_PER_YEAR) : 0
  const pi = rd / (1 + rd)
  const calmFactor = 1 / Math.sqrt(1 + (mult * mult - 1) * pi)
  const lam = m?.jumpIntensityPerYear ?? 0
  const jm = m?.jumpMeanLog ?? 0
  const js = m?.jumpStdLog ?? 0
  const cohortSteps = Math.max(1, Math.round(b.cohortSeconds / p.stepSeconds))
  const lifeSteps = Math.max(1, Math.round(b.lifeSeconds / p.stepSeconds))
  const vol: [number, number][] = []
  const drift: [number, number][] = []
  const shift: [number, number][] = []
  const jumpExposure = new Float64Array(p.assets.length)
  const idio = new Float64Array(p.assets.length)
  const depeg = p.assets.map((a, i) => {
    const e = m === undefined ? 0 : (a.jumpExposure ?? 1)
    jumpExposure[i] = e
    const kMarket = Math.exp(e * jm + 0.5 * e * e * js * js) - 1
    const kIdio = Math.exp(a.jumpMeanLog + 0.5 * a.jumpStdLog * a.jumpStdLog) - 1
    idio[i] = a.jumpIntensityPerYear * dt
    const comp = (lam * kMarket + a.jumpIntensityPerYear * kIdio) * dt
    const s0 = a.sigmaAnnual * calmFactor
    const s1 = s0 * mult
    vol.push([s0 * Math.sqrt(dt), s1 * Math.sqrt(dt)])
    drift.push([(a.driftAnnual - 0.5 * s0 * s0) * dt - comp, (a.driftAnnual - 0.5 * s1 * s1) * dt - comp])
    shift.push([BGK_BETA * s0 * Math.sqrt(dt), BGK_BETA * s1 * Math.sqrt(dt)])
    const d = a.depeg
    return d === undefined || !(d.ratePerYear > 0)
      ? undefined
      : {
          ratePerStep: d.ratePerYear * dt,
          logLevel: Math.log(1 - d.depth),
          meanSteps: d.meanSeconds / p.stepSeconds,
          mult: d.stressMultiplier,
        }
  })
  return {
    cohortSteps,
    lifeSteps,
    cohorts: Math.ceil(c.horizonSteps / cohortSteps),
    cohortShare: Math.min(1, cohortSteps / lifeSteps),
    vol,
    drift,
    shift,
    jumpExposure,
    idioJumpsPerStep: idio,
    depeg,
    stressShare: pi,
    calmMeanSteps: m && m.stressRatePerYear > 0 ? SECONDS_PER_YEAR / m.stressRatePerYear / p.stepSeconds : 0,
    stressMeanSteps: m ? m.stressMeanSeconds / p.stepSeconds : 0,
    marketJumpsPerStep: lam * dt,
    marketJumpMean: jm,
    marketJumpStd: js,
  }
}

/**
 * Buffers of one cohort-book path, allocated once per runner.
 *
 * @example
 * ```ts
 * const s: BookScratch = createBookScratch(c)
 * ```
 */
export type BookScratch = {
  /** Log price of each asset (relative to t = 0), depegs included. */
  readonly logPaths: Float64Array[]
  /** The log price the trigger is compared with: log price − β·σ_t·√Δt. */
  readonly trigger: Float64Array[]
  /** 1 where step t lies in the stressed regime. */
  readonly stressed: Uint8Array
  readonly x: Float64Array
  readonly nextIdio: Float64Array
  readonly eps: Float64Array
  readonly raw: Float64Array
  readonly jumpSteps: number[]
  readonly jumpSizes: number[]
  /** Per asset: [start, end) step pairs of depegs. */
  readonly depegs: number[][]
  readonly depegPtr: Int32Array
  readonly bridgeExploit: Int32Array
  readonly bridgeHalts: number[][]
  /** Per route: [start, end) step pairs in which a liquidation cannot execute. */
  readonly blocks: number[][]
  readonly stale: Int32Array
  /** Per asset: the lowest trigger-comparison price of each cohort window (NaN until computed on this path). */
  readonly cohortMin: Float64Array[]
  /** Last step drawn so far on this path. */
  generated: number
  jumpPtr: number
}

/**
 * Allocates the buffers for {@link simulateBookPath}.
 *
 * @example
 * ```ts
 * const scratch = createBookScratch(compilePortfolio(portfolio))
 * ```
 */
export function createBookScratch(c: CompiledPortfolio): BookScratch {
  const n = c.totalSteps + 1
  const k = c.kernels.length
  return {
    logPaths: Array.from({ length: k }, () => new Float64Array(n)),
    trigger: Array.from({ length: k }, () => new Float64Array(n)),
    stressed: new Uint8Array(n),
    x: new Float64Array(k),
    nextIdio: new Float64Array(k),
    eps: new Float64Array(k),
    raw: new Float64Array(k),
    jumpSteps: [],
    jumpSizes: [],
    depegs: Array.from({ length: k }, () => []),
    depegPtr: new Int32Array(k),
    bridgeExploit: new Int32Array(c.bridgeIds.length),
    bridgeHalts: c.bridgeIds.map(() => []),
    blocks: c.routes.map(() => []),
    stale: new Int32Array(c.routes.length),
    cohortMin: Array.from({ length: k }, () => new Float64Array(c.horizonSteps + 1)),
    generated: 0,
    jumpPtr: 0,
  }
}

function sampleRegime(c: CompiledPortfolio, b: CompiledBook, rng: Rng, s: BookScratch): void {
  const n = c.totalSteps
  const st = s.stressed
  if (!(b.calmMeanSteps > 0)) {
    st.fill(0)
    return
  }
  let state = rng.next() < b.stressShare ? 1 : 0
  let t = 0
  while (t <= n) {
    const len = rng.exponential() * (state ? b.stressMeanSteps : b.calmMeanSteps)
    const end = Math.min(n + 1, Math.ceil(t + len))
    st.fill(state, t, Math.max(t, end))
    t = Math.max(t + 1, end)
    state = 1 - state
  }
}

function sampleEvents(c: CompiledPortfolio, b: CompiledBook, rng: Rng, s: BookScratch): void {
  const n = c.totalSteps
  s.jumpSteps.length = 0
  s.jumpSizes.length = 0
  s.jumpPtr = 0
  if (b.marketJumpsPerStep > 0)
    for (
      let t = rng.exponential() / b.marketJumpsPerStep;
      t < n;
      t += rng.exponential() / b.marketJumpsPerStep
    ) {
      s.jumpSteps.push(Math.floor(t) + 1)
      s.jumpSizes.push(b.marketJumpMean + b.marketJumpStd * rng.normal())
    }
  for (let a = 0; a < b.depeg.length; a++) {
    const list = s.depegs[a]!
    list.length = 0
    s.depegPtr[a] = 0
    const d = b.depeg[a]
    if (d === undefined) continue
    // Thinning: candidates at the stressed rate, kept always in stress and with 1/mult in calm.
    const rate = d.ratePerStep * d.mult
    let t = rng.exponential() / rate
    while (t < n) {
      const step = Math.floor(t) + 1
      if (s.stressed[step] === 1 || rng.next() * d.mult < 1) {
        const end = step + Math.max(1, Math.round(rng.exponential() * d.meanSteps))
        list.push(step, end)
        t = end + rng.exponential() / rate
      } else t += rng.exponential() / rate
    }
  }
}

/**
 * Draws the price paths of every asset from the last drawn step up to `upTo` (correlated through
 * the Cholesky factor when there is one, step by step; else asset by asset). A path is a function
 * of its stream and of the sequence of extensions its liquidations ask for, which LT, LTV and
 * bonus do not change when LTV / LT is fixed.
 *
 * @example
 * ```ts
 * extendBookPaths(c, b, rng, scratch, c.horizonSteps)
 * ```
 */
export function extendBookPaths(
  c: CompiledPortfolio,
  b: CompiledBook,
  rng: Rng,
  s: BookScratch,
  upTo: number,
): void {
  const k = c.kernels.length
  const l = c.choleskyFactor
  const last = Math.min(upTo, c.totalSteps)
  if (l === undefined && last > s.generated) {
    for (let a = 0; a < k; a++) fillAsset(c, b, rng, s, a, s.generated + 1, last)
    s.jumpPtr = advanceJumps(s, last)
    s.generated = last
    return
  }
  for (let t = s.generated + 1; t <= last; t++) {
    const reg = s.stressed[t]!
    if (l === undefined) for (let a = 0; a < k; a++) s.eps[a] = rng.normal()
    else {
      const raw = s.raw
      for (let a = 0; a < k; a++) raw[a] = rng.normal()
      for (let a = 0; a < k; a++) {
        let z = 0
        for (let j = 0; j <= a; j++) z += l[a * k + j]! * raw[j]!
        s.eps[a] = z
      }
    }
    let jump = 0
    while (s.jumpPtr < s.jumpSteps.length && s.jumpSteps[s.jumpPtr]! <= t) jump += s.jumpSizes[s.jumpPtr++]!
    for (let a = 0; a < k; a++) {
      let x = s.x[a]! + b.drift[a]![reg]! + b.vol[a]![reg]! * s.eps[a]! + b.jumpExposure[a]! * jump
      const lamI = b.idioJumpsPerStep[a]!
      if (lamI > 0)
        while (s.nextIdio[a]! < t) {
          const asset = c.portfolio.assets[a]!
          x += asset.jumpMeanLog + asset.jumpStdLog * rng.normal()
          s.nextIdio[a] = s.nextIdio[a]! + rng.exponential() / lamI
        }
      s.x[a] = x
      let off = 0
      const dp = s.depegs[a]!
      if (dp.length > 0) {
        let ptr = s.depegPtr[a]!
        while (ptr < dp.length && dp[ptr + 1]! <= t) ptr += 2
        s.depegPtr[a] = ptr
        if (ptr < dp.length && dp[ptr]! <= t) off = b.depeg[a]!.logLevel
      }
      const y = x + off
      s.logPaths[a]![t] = y
      s.trigger[a]![t] = y - b.shift[a]![reg]!
    }
  }
  if (last > s.generated) s.generated = last
}

function advanceJumps(s: BookScratch, upTo: number): number {
  let p = s.jumpPtr
  while (p < s.jumpSteps.length && s.jumpSteps[p]! <= upTo) p++
  return p
}

/** One independent asset from step `from` to `to` (asset by asset: the hot loop of the year). */
function fillAsset(
  c: CompiledPortfolio,
  b: CompiledBook,
  rng: Rng,
  s: BookScratch,
  a: number,
  from: number,
  to: number,
): void {
  const st = s.stressed
  const path = s.logPaths[a]!
  const trig = s.trigger[a]!
  const d0 = b.drift[a]![0]
  const d1 = b.drift[a]![1]
  const v0 = b.vol[a]![0]
  const v1 = b.vol[a]![1]
  const h0 = b.shift[a]![0]
  const h1 = b.shift[a]![1]
  const exposure = b.jumpExposure[a]!
  const jumpSteps = s.jumpSteps
  const jumpSizes = s.jumpSizes
  let jp = s.jumpPtr
  const lamI = b.idioJumpsPerStep[a]!
  const asset = c.portfolio.assets[a]!
  const dp = s.depegs[a]!
  const level = b.depeg[a]?.logLevel ?? 0
  let ptr = s.depegPtr[a]!
  let x = s.x[a]!
  for (let t = from; t <= to; t++) {
    const reg = st[t]!
    x += reg === 0 ? d0 + v0 * rng.normal() : d1 + v1 * rng.normal()
    while (jp < jumpSteps.length && jumpSteps[jp]! <= t) x += exposure * jumpSizes[jp++]!
    if (lamI > 0)
      while (s.nextIdio[a]! < t) {
        x += asset.jumpMeanLog + asset.jumpStdLog * rng.normal()
        s.nextIdio[a] = s.nextIdio[a]! + rng.exponential() / lamI
      }
    let y = x
    if (ptr < dp.length) {
      while (ptr < dp.length && dp[ptr + 1]! <= t) ptr += 2
      if (ptr < dp.length && dp[ptr]! <= t) y += level
    }
    path[t] = y
    trig[t] = y - (reg === 0 ? h0 : h1)
  }
  s.x[a] = x
  s.depegPtr[a] = ptr
}

function arrivals(
  rng: Rng,
  ratePerYear: number,
  multiplier: number,
  stepSeconds: number,
  lastStep: number,
  stressed: Uint8Array,
  out: number[],
): void {
  thinnedArrivals(rng, ratePerYear, multiplier, stepSeconds, lastStep, (k) => stressed[k] === 1, out)
}

/**
 * Starts a path: regime, jumps, depegs, prices to the horizon, bridge faults (shared by the
 * routes of a bridge; rates from the first route naming it) and every route's faults.
 *
 * @example
 * ```ts
 * startBookPath(c, b, rng, scratch)
 * ```
 */
export function startBookPath(c: CompiledPortfolio, b: CompiledBook, rng: Rng, s: BookScratch): void {
  const k = c.kernels.length
  sampleRegime(c, b, rng, s)
  for (let a = 0; a < k; a++) {
    s.x[a] = 0
    s.logPaths[a]![0] = 0
    s.trigger[a]![0] = 0
    const lam = b.idioJumpsPerStep[a]!
    s.nextIdio[a] = lam > 0 ? rng.exponential() / lam : Number.POSITIVE_INFINITY
  }
  sampleEvents(c, b, rng, s)
  for (const m of s.cohortMin) m.fill(Number.NaN, 0, b.cohorts)
  s.generated = 0
  extendBookPaths(c, b, rng, s, c.horizonSteps)
  const step = c.portfolio.stepSeconds
  const tmp: number[] = []
  const seen = new Uint8Array(c.bridgeIds.length)
  for (const r of c.routes) {
    const bi = r.bridgeIndex
    if (seen[bi]) continue
    seen[bi] = 1
    const f = r.route.faults
    tmp.length = 0
    arrivals(rng, f.bridgeExploitRatePerYear, f.stressMultiplier, step, c.horizonSteps, s.stressed, tmp)
    s.bridgeExploit[bi] = tmp.length > 0 ? tmp[0]! + 1 : -1
    const halts = s.bridgeHalts[bi]!
    halts.length = 0
    tmp.length = 0
    arrivals(rng, f.bridgeHaltRatePerYear, f.stressMultiplier, step, c.totalSteps, s.stressed, tmp)
    for (const h of tmp) halts.push(h, h + r.haltSteps)
  }
  for (const r of c.routes) {
    const f = r.route.faults
    const blocks = s.blocks[r.index]!
    blocks.length = 0
    const staleP = Math.min(1, f.oracleStaleProbability)
    s.stale[r.index] = staleP > 0 && rng.next() < staleP ? r.staleSteps : 0
    const arch = r.route.architecture
    if (arch === undefined || arch === 'message-passing') {
      const halts = s.bridgeHalts[r.bridgeIndex]!
      for (let i = 0; i < halts.length; i++) blocks.push(halts[i]!)
    }
    tmp.length = 0
    arrivals(rng, f.sequencerDowntimeRatePerYear, f.stressMultiplier, step, c.totalSteps, s.stressed, tmp)
    for (const d of tmp) blocks.push(d, d + r.downtimeSteps)
    tmp.length = 0
    arrivals(rng, f.congestionRatePerYear, f.stressMultiplier, step, c.totalSteps, s.stressed, tmp)
    for (const d of tmp) blocks.push(d, d + r.congestionSteps)
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
 * Totals of one route on one path of a cohort book (USD), plus the lags of its liquidations.
 *
 * @example
 * ```ts
 * const t: BookRouteTotals = createBookRouteTotals()
 * ```
 */
export type BookRouteTotals = {
  badDebt: number
  liquidatedValue: number
  liquidatedDebt: number
  recoveredDebt: number
  openDebt: number
  openCapacity: number
  truncated: number
}

/**
 * A zeroed {@link BookRouteTotals}.
 *
 * @example
 * ```ts
 * const t = createBookRouteTotals()
 * ```
 */
export function createBookRouteTotals(): BookRouteTotals {
  return {
    badDebt: 0,
    liquidatedValue: 0,
    liquidatedDebt: 0,
    recoveredDebt: 0,
    openDebt: 0,
    openCapacity: 0,
    truncated: 0,
  }
}

/**
 * Where LT enters a route's bad debt on one path, for a solver that keeps LTV / LT fixed: each
 * liquidated (or underwater) position adds `max(0, debtPerLt[j]·LT − value[j])` (USD), with the
 * trigger and the sale independent of LT.
 *
 * @example
 * ```ts
 * const sink: LtSensitivity = { debtPerLt: [], value: [] }
 * ```
 */
export type LtSensitivity = {
  readonly debtPerLt: number[]
  readonly value: number[]
}

/**
 * Evaluates one route on the current path (after {@link startBookPath}): every cohort, every
 * position; extends the prices past the horizon while a liquidation is in flight. Adds to
 * `totals` and `lagCounts` (steps); with `sink`, records each position's LT sensitivity.
 *
 * @example
 * ```ts
 * evaluateBookRoute(c, b, c.routes[0], rng, scratch, totals, lagCounts)
 * ```
 */
export function evaluateBookRoute(
  c: CompiledPortfolio,
  b: CompiledBook,
  r: CompiledRoute,
  rng: Rng,
  s: BookScratch,
  totals: BookRouteTotals,
  lagCounts: number[],
  sink?: LtSensitivity,
): void {
  const h = c.horizonSteps
  const n = c.totalSteps
  const a = r.assetIndex
  const x = s.logPaths[a]!
  const trig = s.trigger[a]!
  const e = s.bridgeExploit[r.bridgeIndex]!
  const hit = r.logExploit
  const off = (t: number) => (e >= 0 && t >= e ? hit : 0)
  const floor = r.logFloor
  const route = r.route
  const ltv = route.loanToValue
  const rho = ltv / route.liquidationThreshold
  const bonus1 = 1 + route.liquidationBonus
  const k = r.logTrigger.length
  const coll = (route.collateralUsd * b.cohortShare) / k
  const util = route.utilisations
  let maxTrigger = Number.NEGATIVE_INFINITY
  for (let i = 0; i < k; i++) if (r.logTrigger[i]! > maxTrigger) maxTrigger = r.logTrigger[i]!
  const blocks = s.blocks[r.index]!
  const stale = s.stale[r.index]!
  for (let co = 0; co < b.cohorts; co++) {
    const o = co * b.cohortSteps
    if (o >= h) break
    const end = Math.min(o + b.lifeSteps, h)
    const base = x[o]! + off(o)
    let m: number
    const cached = s.cohortMin[a]!
    if (e < 0 || end < e) {
      // No exploit in the window: the asset's cohort minimum, shared by its routes.
      m = cached[co]!
      if (Number.isNaN(m)) {
        m = Number.POSITIVE_INFINITY
        for (let t = o + 1; t <= end; t++) if (trig[t]! < m) m = trig[t]!
        cached[co] = m
      }
    } else {
      m = Number.POSITIVE_INFINITY
      for (let t = o + 1; t <= end; t++) {
        const v = trig[t]! + off(t)
        if (v < m) m = v
      }
    }
    const lowest = (m > floor ? m : floor) - base
    const last = o + b.lifeSteps >= h
    const endValue = Math.exp(x[end]! + off(end) - base)
    // Nothing triggers and nothing is underwater at any LT < 1 (end value ≥ LTV/LT ≥ u·LTV/LT).
    if (lowest > maxTrigger && endValue >= rho && !last) continue
    for (let i = 0; i < k; i++) {
      const level = r.logTrigger[i]!
      const debt = util[i]! * ltv * coll
      if (lowest > level) {
        // Not liquidated: the position renews (or is open at the horizon) at its end value.
        const value = coll * endValue
        if (debt > value) totals.badDebt += debt - value
        if (sink !== undefined && endValue < util[i]! * rho) {
          sink.debtPerLt.push(util[i]! * rho * coll)
          sink.value.push(value)
        }
        if (last) {
          totals.openDebt += debt
          totals.openCapacity += value * ltv
        }
        continue
      }
      let tau = o + 1
      while (tau < end) {
        const v = trig[tau]! + off(tau)
        if ((v > floor ? v : floor) - base <= level) break
        tau++
      }
      let exec = delayed(tau + stale + r.lagSteps, blocks)
      if (exec > n) {
        exec = n
        totals.truncated++
      }
      if (exec > s.generated) extendBookPaths(c, b, rng, s, exec)
      let w = x[tau]! + off(tau)
      for (let t = tau + 1; t <= exec; t++) {
        const v = x[t]! + off(t)
        if (v < w) w = v
      }
      const price = Math.exp(w - base)
      const value = price / bonus1
      const rec = Math.min(debt, coll * value)
      totals.recoveredDebt += rec
      totals.liquidatedDebt += debt
      totals.liquidatedValue += Math.min(coll * price, rec * bonus1)
      totals.badDebt += debt - rec
      if (sink !== undefined) {
        sink.debtPerLt.push(util[i]! * rho * coll)
        sink.value.push(coll * value)
      }
      const lag = exec - tau
      while (lagCounts.length <= lag) lagCounts.push(0)
      lagCounts[lag]!++
    }
  }
}
