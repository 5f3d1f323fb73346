import { describe, expect, it } from 'vitest'
import { simBook } from '../../../test/fixtures/sim.js'
import { OutOfRangeError } from '../errors.js'
import { SimulationInputError } from './errors.js'
import { compilePortfolio, evenUtilisations, NO_FAULTS, type SimPortfolio } from './portfolio.js'
import { solveRoute } from './solver.js'

const book = (faults = NO_FAULTS): SimPortfolio =>
  simBook({
    stepSeconds: 900,
    asset: { sigmaAnnual: 1.6 },
    route: {
      liquidationLagSeconds: 6 * 3600,
      collateralUsd: 1e6,
      utilisations: evenUtilisations(0.6, 5),
      faults,
    },
  })

const base = { routeId: 'r', seed: 11, paths: 2000, rarePaths: 4000 }

describe('solveRoute', () => {
  it('returns the largest LT meeting both constraints, and LT + 0.001 breaks one (common random numbers)', () => {
    const compiled = compilePortfolio(book())
    const s = solveRoute({ ...base, compiled, lossBudgetUsd: 2000, epsilon: 0.02 })
    expect(s.liquidationThreshold).toBeDefined()
    const lt = s.liquidationThreshold!
    expect(['var95', 'probability']).toContain(s.binding)
    expect(s.atSolution!.badDebtVar95.value).toBeLessThanOrEqual(2000)
    expect(s.atSolution!.probabilityOfBadDebt).toBeLessThanOrEqual(0.02)
    expect(s.loanToValue).toBeCloseTo(lt * (0.8 / 0.85), 12)
    const above = solveRoute({
      ...base,
      compiled,
      lossBudgetUsd: 2000,
      epsilon: 0.02,
      frontierLts: [lt + 0.001],
    })
    const pt = above.frontier[0]!
    expect(pt.badDebtVar95.value > 2000 || pt.probabilityOfBadDebt > 0.02).toBe(true)
  })

  it('prints a frontier on which VaR95, EVaR99 and P(bad debt) never decrease with LT', () => {
    const s = solveRoute({ ...base, compiled: compilePortfolio(book()), lossBudgetUsd: 1e4, epsilon: 1e-3 })
    for (let i = 1; i < s.frontier.length; i++) {
      const a = s.frontier[i - 1]!
      const b = s.frontier[i]!
      expect(b.badDebtVar95.value).toBeGreaterThanOrEqual(a.badDebtVar95.value)
      expect(b.badDebtEvar99.value).toBeGreaterThanOrEqual(a.badDebtEvar99.value)
      expect(b.probabilityOfBadDebt).toBeGreaterThanOrEqual(a.probabilityOfBadDebt)
    }
  })

  it('stops at the top of the range when nothing binds, and reports infeasible when a bridge exploit alone breaks ε', () => {
    const loose = solveRoute({
      ...base,
      compiled: compilePortfolio(book()),
      lossBudgetUsd: 1e12,
      epsilon: 0.999,
    })
    expect(loose.binding).toBe('range')
    expect(loose.liquidationThreshold).toBe(0.99)
    const risky = compilePortfolio(
      book({ ...NO_FAULTS, bridgeExploitRatePerYear: 1, exploitLossFraction: 1 }),
    )
    const s = solveRoute({ ...base, compiled: risky, lossBudgetUsd: 1e12, epsilon: 1e-6 })
    // P(exploit within a day) = 1 − e^{−1/365} ≈ 2.7e-3 > ε at any LT.
    expect(s.binding).toBe('infeasible')
    expect(s.liquidationThreshold).toBeUndefined()
  })

  it('rejects bad inputs', () => {
    const compiled = compilePortfolio(book())
    expect(() => solveRoute({ ...base, compiled, routeId: 'x', lossBudgetUsd: 1, epsilon: 0.1 })).toThrow(
      SimulationInputError,
    )
    expect(() => solveRoute({ ...base, compiled, paths: 5, lossBudgetUsd: 1, epsilon: 0.1 })).toThrow(
      SimulationInputError,
    )
    expect(() => solveRoute({ ...base, compiled, lossBudgetUsd: 1, epsilon: 0 })).toThrow(OutOfRangeError)
  })
})

describe('solveRoute with a bootstrap asset', () => {
  it('samples plainly (no tilt) and still returns a frontier', () => {
    const p = book()
    const returns = Array.from({ length: 200 }, (_, i) => 0.01 * Math.sin(i))
    const boot: SimPortfolio = {
      ...p,
      assets: [{ ...p.assets[0]!, model: { kind: 'bootstrap', logReturns: returns, blockLength: 8 } }],
    }
    const s = solveRoute({ ...base, compiled: compilePortfolio(boot), lossBudgetUsd: 1e4, epsilon: 0.01 })
    expect(s.tilt).toBeUndefined()
    expect(s.frontier.length).toBe(10)
  })
})
