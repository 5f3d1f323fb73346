import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNumberError, NegativeValueError, OutOfRangeError } from '../errors.js'
import { createRng } from '../math/random.js'
import { SECONDS_PER_YEAR } from '../units/duration.js'
import { barrierHitProbability } from './barrier.js'
import { SimulationInputError } from './errors.js'
import { compileKernel, fillLogPath, firstPassage, windowMin } from './kernel.js'
import { importanceSample } from './rareevent.js'

const gbm = (steps: number, stepSeconds: number, sigma: number, mu: number) =>
  compileKernel({
    steps,
    stepSeconds,
    sigmaAnnual: sigma,
    driftAnnual: mu,
    jumpIntensityPerYear: 0,
    jumpMeanLog: 0,
    jumpStdLog: 0,
  })

function terminalSamples(k: ReturnType<typeof compileKernel>, n: number, seed: number): Float64Array {
  const rng = createRng(seed)
  const x = new Float64Array(k.steps + 1)
  const m = new Float64Array(k.steps + 1)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    fillLogPath(k, rng, x, m)
    out[i] = x[k.steps]!
  }
  return out
}

const meanOf = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length
const varOf = (a: Float64Array) => {
  const m = meanOf(a)
  return a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1)
}

describe('compileKernel', () => {
  it('computes per-step constants: σ√dt and the compensated drift', () => {
    const k = compileKernel({
      steps: 10,
      stepSeconds: 3600,
      sigmaAnnual: 0.8,
      driftAnnual: 0.1,
      jumpIntensityPerYear: 2,
      jumpMeanLog: -0.1,
      jumpStdLog: 0.05,
    })
    const dt = 3600 / SECONDS_PER_YEAR
    // κ = e^{m + s²/2} − 1 = e^{−0.09875} − 1; drift = (μ − σ²/2 − λκ)·dt (Merton 1976).
    const kappa = Math.exp(-0.1 + 0.00125) - 1
    expect(k.volPerStep).toBeCloseTo(0.8 * Math.sqrt(dt), 15)
    expect(k.driftPerStep).toBeCloseTo((0.1 - 0.32 - 2 * kappa) * dt, 15)
    expect(k.jumpsPerStep).toBeCloseTo(2 * dt, 15)
  })
  it('rejects invalid parameters with named errors', () => {
    const base = {
      steps: 1,
      stepSeconds: 1,
      sigmaAnnual: 1,
      driftAnnual: 0,
      jumpIntensityPerYear: 0,
      jumpMeanLog: 0,
      jumpStdLog: 0,
    }
    expect(() => compileKernel({ ...base, sigmaAnnual: -1 })).toThrow(NegativeValueError)
    expect(() => compileKernel({ ...base, driftAnnual: Number.NaN })).toThrow(InvalidNumberError)
    expect(() => compileKernel({ ...base, steps: 1.5 })).toThrow(OutOfRangeError)
    expect(() => compileKernel({ ...base, stepSeconds: 0 })).toThrow(OutOfRangeError)
  })
})

describe('fillLogPath', () => {
  it('GBM terminal moments: ln(S_T/S_0) ~ N((μ − σ²/2)T, σ²T) and E[S_T/S_0] = e^{μT}, within 4 SE', () => {
    // T = 1 year in 52 weekly steps; μ = 0.1, σ = 0.8. Closed forms of the lognormal (the exact
    // log-space step makes them hold at any step size). Tolerances are 4 standard errors from the
    // closed forms, not from the sample: SE(mean of ln S_T) = σ√T/√n, SE(sample variance) =
    // σ²T·√(2/(n − 1)) (normal data), SE(mean of S_T) = √(Var S_T / n) with
    // Var S_T = e^{2μT}(e^{σ²T} − 1). A correct kernel fails a 4-SE check with probability ≈ 6e-5;
    // the seed is fixed, so the outcome is reproducible.
    const sigma = 0.8
    const mu = 0.1
    const k = gbm(52, SECONDS_PER_YEAR / 52, sigma, mu)
    const n = 40_000
    const x = terminalSamples(k, n, 11)
    const m = meanOf(x)
    const v = varOf(x)
    expect(Math.abs(m - (mu - sigma ** 2 / 2))).toBeLessThan(4 * Math.sqrt(sigma ** 2 / n))
    // SE of a normal sample variance: σ²·√(2/(n − 1)).
    expect(Math.abs(v - sigma ** 2)).toBeLessThan(4 * sigma ** 2 * Math.sqrt(2 / (n - 1)))
    const s = x.map(Math.exp)
    const varS = Math.exp(2 * mu) * (Math.exp(sigma ** 2) - 1)
    expect(Math.abs(meanOf(s) - Math.exp(mu))).toBeLessThan(4 * Math.sqrt(varS / n))
  })

  it('jump diffusion: E[S_T] = e^{μT} (compensated) and Var ln S_T = σ²T + λT(m² + s²), within 4 SE', () => {
    const p = {
      sigmaAnnual: 0.5,
      driftAnnual: 0,
      jumpIntensityPerYear: 5,
      jumpMeanLog: -0.1,
      jumpStdLog: 0.1,
    }
    const k = compileKernel({ ...p, steps: 50, stepSeconds: SECONDS_PER_YEAR / 50 })
    const n = 40_000
    const x = terminalSamples(k, n, 12)
    const varLog = 0.25 + 5 * (0.01 + 0.01)
    const kappa = Math.exp(-0.1 + 0.005) - 1
    const meanLog = -0.125 - 5 * kappa + 5 * -0.1
    expect(Math.abs(meanOf(x) - meanLog)).toBeLessThan(4 * Math.sqrt(varLog / n))
    // SE of the sample variance = √((μ4 − σ⁴)/n). μ4 of this compound Poisson-normal law has no
    // short closed form, so the sample's own fourth central moment stands in for it (a plug-in
    // SE; with n = 40,000 its own error is a few % of the SE). The means use closed-form targets.
    const m = meanOf(x)
    const mu4 = x.reduce((s, v) => s + (v - m) ** 4, 0) / n
    expect(Math.abs(varOf(x) - varLog)).toBeLessThan(4 * Math.sqrt((mu4 - varLog ** 2) / n))
    const s = x.map(Math.exp)
    expect(Math.abs(meanOf(s) - 1)).toBeLessThan(4 * Math.sqrt(varOf(s) / n))
  })

  it('P(min of a GBM over T ≤ barrier) matches the reflection-principle closed form with the BGK discrete-monitoring shift', () => {
    // σ = 0.8, μ = 0, T = 1 day in 1440 one-minute steps, barrier −8 % (log).
    // Discrete monitoring every Δt misses crossings between steps; Broadie–Glasserman–Kou
    // (1997) correct it by moving the barrier to b − 0.5826·σ·√Δt (error o(√Δt)).
    const steps = 1440
    const k = gbm(steps, 60, 0.8, 0)
    const b = Math.log(0.92)
    const expected = barrierHitProbability({
      logBarrier: b,
      driftPerYear: -0.32,
      sigmaAnnual: 0.8,
      horizonYears: 86_400 / SECONDS_PER_YEAR,
      monitoringYears: 60 / SECONDS_PER_YEAR,
    })
    // Binomial SE √(p(1 − p)/n) ≈ 1.5e-3 of the hit frequency at the closed-form p ≈ 0.0467. The
    // BGK correction itself is 1.7e-3 here (continuous-monitoring p ≈ 0.0484); its residual is
    // o(√Δt) with Δt one minute, far below the SE.
    const n = 20_000
    const rng = createRng(5)
    const x = new Float64Array(steps + 1)
    const m = new Float64Array(steps + 1)
    let hits = 0
    for (let i = 0; i < n; i++) {
      fillLogPath(k, rng, x, m)
      if (m[steps]! <= b) hits++
    }
    const se = Math.sqrt((expected * (1 - expected)) / n)
    expect(Math.abs(hits / n - expected)).toBeLessThan(4 * se)
  })

  it('with a tilt, returns log dP/dQ so that a 1e-7 barrier probability is estimated within 4 SE of the closed form', () => {
    // Barrier −20 % in a day at σ = 0.8 (5-minute monitoring): the closed form gives 9.14e-8 (python3,
    // same formula with math.erfc); brute force would need ~10^10 paths for 10 % relative error.
    const steps = 288
    const k = gbm(steps, 300, 0.8, 0)
    const b = Math.log(0.8)
    const expected = barrierHitProbability({
      logBarrier: b,
      driftPerYear: -0.32,
      sigmaAnnual: 0.8,
      horizonYears: 86_400 / SECONDS_PER_YEAR,
      monitoringYears: 300 / SECONDS_PER_YEAR,
    })
    const theta = (b - k.driftPerStep * steps) / (k.volPerStep * steps)
    const est = importanceSample({
      kernel: k,
      seed: 9,
      paths: 20_000,
      tilt: { diffusionShift: theta, jumpIntensityFactor: 1, jumpMeanShift: 0 },
      event: (_x, m) => m[steps]! <= b,
    })
    expect(expected).toBeLessThan(1e-6)
    expect(est.relativeError).toBeLessThan(0.1)
    // 4 SE plus the BGK approximation error (a few % relative at 288 steps for a far barrier).
    expect(Math.abs(est.probability - expected)).toBeLessThan(4 * est.standardError + 0.05 * expected)
  })

  it('rejects buffers shorter than steps + 1', () => {
    const k = gbm(10, 60, 0.5, 0)
    expect(() => fillLogPath(k, createRng(1), new Float64Array(5), new Float64Array(11))).toThrow(
      SimulationInputError,
    )
  })
})

describe('firstPassage', () => {
  it('finds the first index at or below the level, or −1', () => {
    const m = Float64Array.of(0, -0.1, -0.1, -0.3)
    expect(firstPassage(m, 3, -0.2)).toBe(3)
    expect(firstPassage(m, 3, -0.1)).toBe(1)
    expect(firstPassage(m, 3, 0)).toBe(0)
    expect(firstPassage(m, 2, -0.2)).toBe(-1)
  })
  it('agrees with a linear scan on any running minimum (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: -2, max: 1, noNaN: true }),
        (xs, level) => {
          const m = new Float64Array(xs.length)
          let cur = Number.POSITIVE_INFINITY
          xs.forEach((x, i) => {
            cur = Math.min(cur, x)
            m[i] = cur
          })
          const expected = Array.from(m).findIndex((v) => v <= level)
          expect(firstPassage(m, xs.length - 1, level)).toBe(expected)
        },
      ),
    )
  })
})

describe('windowMin', () => {
  it('is the minimum over both ends included', () => {
    expect(windowMin(Float64Array.of(0, -1, 2, -3), 1, 2)).toBe(-1)
    expect(windowMin(Float64Array.of(0, -1, 2, -3), 0, 3)).toBe(-3)
    expect(windowMin(Float64Array.of(5), 0, 0)).toBe(5)
  })
})
