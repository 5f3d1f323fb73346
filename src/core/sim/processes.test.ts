import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { createRng } from '../math/random.js'
import { NotPositiveDefiniteError, SimulationInputError } from './errors.js'
import {
  blockBootstrapSource,
  cholesky,
  correlatedNormals,
  ewmaSource,
  garch11Source,
  jumpDiffusionSource,
  replaySource,
} from './processes.js'

describe('cholesky', () => {
  it('factors a 2×2 correlation matrix (hand-worked: L = [[1, 0], [ρ, √(1 − ρ²)]])', () => {
    const l = cholesky([
      [1, 0.5],
      [0.5, 1],
    ])
    expect(Array.from(l)).toEqual([1, 0, 0.5, Math.sqrt(0.75)])
  })
  it('reproduces a 3×3 matrix as L·Lᵀ', () => {
    const c = [
      [1, 0.3, -0.2],
      [0.3, 1, 0.4],
      [-0.2, 0.4, 1],
    ]
    const l = cholesky(c)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0
        for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!
        expect(s).toBeCloseTo(c[i]![j]!, 14)
      }
  })
  it('rejects matrices that are not positive definite, square or symmetric', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(NotPositiveDefiniteError)
    expect(() =>
      cholesky([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toThrow(SimulationInputError)
    expect(() => cholesky([[1, 0.5]])).toThrow(SimulationInputError)
  })
})

describe('correlatedNormals', () => {
  it('has the target correlation within 4 SE ((1 − ρ²)/√n for normal samples)', () => {
    const rho = 0.7
    const l = cholesky([
      [1, rho],
      [rho, 1],
    ])
    const rng = createRng(3)
    const eps = new Float64Array(2)
    const z = new Float64Array(2)
    const n = 50_000
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let i = 0; i < n; i++) {
      correlatedNormals(l, 2, rng, eps, z)
      sxy += z[0]! * z[1]!
      sxx += z[0]! ** 2
      syy += z[1]! ** 2
    }
    const r = sxy / Math.sqrt(sxx * syy)
    expect(Math.abs(r - rho)).toBeLessThan((4 * (1 - rho * rho)) / Math.sqrt(n))
  })
})

describe('replaySource', () => {
  it('copies the series and refuses to pad a short one', () => {
    const out = new Float64Array(3)
    replaySource([100, 90, 95])(out, 2, 3600)
    expect(Array.from(out)).toEqual([100, 90, 95])
    expect(() => replaySource([100, 90])(new Float64Array(4), 3, 3600)).toThrow(SimulationInputError)
    expect(() => replaySource([100, -1])).toThrow(OutOfRangeError)
  })
})

describe('blockBootstrapSource', () => {
  it('builds the path from whole blocks of consecutive historical returns', () => {
    const returns = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08]
    const out = new Float64Array(9)
    blockBootstrapSource({ initialPrice: 1, logReturns: returns, blockLength: 4 }, createRng(1))(out, 8, 60)
    const r = Array.from({ length: 8 }, (_, t) => Math.log(out[t + 1]! / out[t]!))
    for (const block of [r.slice(0, 4), r.slice(4, 8)]) {
      const start = returns.findIndex((x) => Math.abs(x - block[0]!) < 1e-12)
      expect(start).toBeGreaterThanOrEqual(0)
      block.forEach((x, j) => {
        expect(x).toBeCloseTo(returns[start + j]!, 12)
      })
    }
  })
  it('rejects a block longer than the sample', () => {
    expect(() =>
      blockBootstrapSource({ initialPrice: 1, logReturns: [0.1], blockLength: 2 }, createRng(1)),
    ).toThrow(SimulationInputError)
  })
})

describe('garch11Source', () => {
  it('has the stationary variance ω/(1 − α − β) per step (mean of r² across paths within 4 SE)', () => {
    const p = { initialPrice: 1, omega: 1e-5, alpha: 0.1, beta: 0.8 }
    const stationary = p.omega / (1 - p.alpha - p.beta)
    const steps = 200
    const out = new Float64Array(steps + 1)
    const rng = createRng(8)
    const src = garch11Source(p, rng)
    const n = 2000
    const perPath = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      src(out, steps, 60)
      let s = 0
      for (let t = 1; t <= steps; t++) s += Math.log(out[t]! / out[t - 1]!) ** 2
      perPath[i] = s / steps
    }
    const m = perPath.reduce((a, b) => a + b, 0) / n
    const v = perPath.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)
    expect(Math.abs(m - stationary)).toBeLessThan(4 * Math.sqrt(v / n))
  })
  it('rejects a non-stationary GARCH', () => {
    expect(() =>
      garch11Source({ initialPrice: 1, omega: 1e-6, alpha: 0.2, beta: 0.8 }, createRng(1)),
    ).toThrow(SimulationInputError)
  })
})

describe('ewmaSource', () => {
  it('starts at the annual volatility converted to the step and rejects λ outside (0, 1)', () => {
    const out = new Float64Array(2)
    ewmaSource({ initialPrice: 2, sigmaAnnual: 0.8, lambda: 0.94, stepSeconds: 3600 }, createRng(1))(
      out,
      1,
      3600,
    )
    expect(out[0]).toBe(2)
    expect(() =>
      ewmaSource({ initialPrice: 1, sigmaAnnual: 0.8, lambda: 1, stepSeconds: 60 }, createRng(1)),
    ).toThrow(OutOfRangeError)
  })
})

describe('jumpDiffusionSource', () => {
  it('fills prices from the initial price', () => {
    const out = new Float64Array(11)
    jumpDiffusionSource(
      {
        initialPrice: 3000,
        sigmaAnnual: 0.8,
        driftAnnual: 0,
        jumpIntensityPerYear: 0,
        jumpMeanLog: 0,
        jumpStdLog: 0,
      },
      createRng(1),
    )(out, 10, 60)
    expect(out[0]).toBe(3000)
    for (const x of out) expect(x).toBeGreaterThan(0)
  })
})
