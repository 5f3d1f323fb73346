import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { BGK_BETA, barrierHitProbability } from './barrier.js'
import { SimulationInputError } from './errors.js'

describe('barrierHitProbability', () => {
  it('equals 2·Φ(b/(σ√T)) without drift (reflection principle)', () => {
    // python3: math.erfc(1/math.sqrt(2)) = 0.31731050786291415 = 2·Φ(−1)
    expect(
      barrierHitProbability({ logBarrier: -1, driftPerYear: 0, sigmaAnnual: 1, horizonYears: 1 }),
    ).toBeCloseTo(0.31731050786291415, 12)
  })
  it('adds the drift term e^{2νb/σ²}·Φ((b + νT)/(σ√T))', () => {
    // ν = −0.5, σ = 1, T = 1, b = −1: Φ(−0.5) + e^{1}·Φ(−1.5); python3 with math.erfc:
    // 0.5*math.erfc(0.5/math.sqrt(2)) + math.e*0.5*math.erfc(1.5/math.sqrt(2)) = 0.49013833994532985
    expect(
      barrierHitProbability({ logBarrier: -1, driftPerYear: -0.5, sigmaAnnual: 1, horizonYears: 1 }),
    ).toBeCloseTo(0.49013833994532985, 12)
  })
  it('shifts the barrier by β·σ·√Δt for discrete monitoring (β = −ζ(1/2)/√(2π))', () => {
    // ζ(1/2) = −1.4603545088095868 → β = 0.5825971579390108 (python3)
    expect(BGK_BETA).toBeCloseTo(0.5825971579390108, 15)
    const cont = barrierHitProbability({ logBarrier: -1.1, driftPerYear: 0, sigmaAnnual: 1, horizonYears: 1 })
    const disc = barrierHitProbability({
      logBarrier: -1.1 + BGK_BETA * Math.sqrt(0.01),
      driftPerYear: 0,
      sigmaAnnual: 1,
      horizonYears: 1,
      monitoringYears: 0.01,
    })
    expect(disc).toBeCloseTo(cont, 12)
  })
  it('rejects a barrier at or above the start', () => {
    expect(() =>
      barrierHitProbability({ logBarrier: 0, driftPerYear: 0, sigmaAnnual: 1, horizonYears: 1 }),
    ).toThrow(SimulationInputError)
    expect(() =>
      barrierHitProbability({ logBarrier: -1, driftPerYear: 0, sigmaAnnual: 0, horizonYears: 1 }),
    ).toThrow(OutOfRangeError)
  })
})
