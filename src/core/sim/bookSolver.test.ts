import { describe, expect, it } from 'vitest'
import { createRng } from '../math/random.js'
import {
  type BookSamples,
  mergeBookSamples,
  type SolveStep,
  type SolveStepResult,
  sampleBookPaths,
  solveBookRoute,
  solveBookRouteSteps,
} from './bookSolver.js'
import { MARKET_CALIBRATION } from './calibration.js'
import { mergePartials, runPaths } from './montecarlo.js'
import { compilePortfolio, evenUtilisations, NO_FAULTS, type SimPortfolio } from './portfolio.js'

const market = {
  stressRatePerYear: MARKET_CALIBRATION.stressRatePerYear,
  stressMeanSeconds: MARKET_CALIBRATION.stressMeanSeconds,
  stressVolMultiplier: MARKET_CALIBRATION.stressVolMultiplier,
  jumpIntensityPerYear: MARKET_CALIBRATION.jumpIntensityPerYear,
  jumpMeanLog: MARKET_CALIBRATION.jumpMeanLog,
  jumpStdLog: MARKET_CALIBRATION.jumpStdLog,
}
const portfolio = (sigma: number, bonus: number, lagSeconds: number, days = 365): SimPortfolio => ({
  horizonSeconds: days * 86_400,
  stepSeconds: 3600,
  market,
  book: { cohortSeconds: 86_400, lifeSeconds: 86_400 },
  assets: [
    { id: 'a', sigmaAnnual: sigma, driftAnnual: 0, jumpIntensityPerYear: 0, jumpMeanLog: 0, jumpStdLog: 0 },
  ],
  routes: [
    {
      id: 'r',
      assetId: 'a',
      bridgeId: 'b',
      liquidationThreshold: 0.8,
      loanToValue: 0.72,
      liquidationBonus: bonus,
      liquidationLagSeconds: lagSeconds,
      collateralUsd: 1e6,
      utilisations: evenUtilisations(0.9, 5),
      faults: NO_FAULTS,
    },
  ],
})

describe('solveBookRoute', () => {
  it('never returns LT·(1 + bonus) ≥ 1, whatever the volatility, bonus and lag (property)', () => {
    const rng = createRng(2024)
    for (let i = 0; i < 12; i++) {
      const bonus = 0.2 * rng.next()
      const sigma = 0.02 + 1.5 * rng.next()
      const lag = Math.floor(86_400 * rng.next())
      const s = solveBookRoute({
        compiled: compilePortfolio(portfolio(sigma, bonus, lag, 30)),
        routeId: 'r',
        seed: i,
        paths: 20,
        confirmPaths: 0,
        budgetUsd: 1e6 * 0.05 * rng.next(),
        epsilon: 0.5,
        loanToValueRatio: 0.5 + 0.49 * rng.next(),
        liquidationBonus: bonus,
      })
      expect(s.solvencyLimit * (1 + bonus)).toBeLessThan(1)
      if (s.liquidationThreshold !== undefined) {
        expect(s.liquidationThreshold * (1 + bonus)).toBeLessThan(1)
        expect(s.liquidationThreshold).toBeLessThanOrEqual(s.solvencyLimit)
      }
      for (const f of s.frontier) expect(f.liquidationThreshold * (1 + bonus)).toBeLessThan(1)
    }
  })

  it('returns the largest LT within ε on its paths, one bp more breaks it, and the engine agrees on the same paths', () => {
    const c = compilePortfolio(portfolio(0.86, 0.05, 240, 120))
    const s = solveBookRoute({
      compiled: c,
      routeId: 'r',
      seed: 3,
      paths: 200,
      confirmPaths: 100,
      budgetUsd: 5000,
      epsilon: 0.05,
      loanToValueRatio: 0.9,
      liquidationBonus: 0.05,
    })
    expect(s.binding).toBe('probability')
    const lt = s.liquidationThreshold!
    const over = (x: number) => {
      const p = portfolio(0.86, 0.05, 240, 120)
      const run = mergePartials([
        runPaths({
          compiled: compilePortfolio({
            ...p,
            routes: [{ ...p.routes[0]!, liquidationThreshold: x, loanToValue: 0.9 * x }],
          }),
          seed: 3,
          startPath: 0,
          endPath: 200,
        }),
      ])
      return run.badDebt.filter((b) => b > 5000).length / 200
    }
    expect(over(lt)).toBeLessThanOrEqual(0.05)
    expect(over(lt + 0.0001)).toBeGreaterThan(0.05)
    expect(s.atSolution!.probabilityOverBudget.value).toBe(over(lt))
    expect(s.confirmation!.paths).toBe(100)
  })

  it('refuses ε below 1e-3 and too few paths for ε, with instructions', () => {
    const c = compilePortfolio(portfolio(0.86, 0.05, 240, 30))
    const base = {
      compiled: c,
      routeId: 'r',
      seed: 1,
      confirmPaths: 0,
      budgetUsd: 1,
      loanToValueRatio: 0.9,
      liquidationBonus: 0.05,
    }
    expect(() => solveBookRoute({ ...base, paths: 1e6, epsilon: 1e-4 })).toThrow(/ε ≥ 0.001/)
    expect(() => solveBookRoute({ ...base, paths: 100, epsilon: 0.01 })).toThrow(/at least 1000 paths/)
  })
})

describe('solveBookRouteSteps', () => {
  const p = {
    compiled: compilePortfolio(portfolio(0.8, 0.05, 3600, 30)),
    routeId: 'r',
    seed: 9,
    paths: 60,
    confirmPaths: 25,
    budgetUsd: 2000,
    epsilon: 0.2,
    loanToValueRatio: 0.9,
    liquidationBonus: 0.05,
  }

  it('gives the same answer, to the bit, when every step runs in uneven chunks merged in path order', () => {
    const cuts = (a: number, b: number) =>
      [a, a + 1, a + 7, Math.floor((a + b) / 2), b].filter((x, i, xs) => x <= b && xs.indexOf(x) === i)
    const steps = solveBookRouteSteps(p)
    const kinds: string[] = []
    let r = steps.next()
    while (!r.done) {
      const step: SolveStep = r.value
      kinds.push(step.kind)
      const c = compilePortfolio(step.portfolio)
      const at = cuts(step.startPath, step.endPath)
      const ranges = at
        .slice(0, -1)
        .map((s0, i) => ({ compiled: c, seed: step.seed, startPath: s0, endPath: at[i + 1]! }))
      // merged out of order on purpose: the merges sort by path
      const answer: SolveStepResult =
        step.kind === 'sample'
          ? mergeBookSamples(ranges.map(sampleBookPaths).reverse())
          : mergePartials(ranges.map((x) => runPaths(x)).reverse())
      r = steps.next(answer)
    }
    expect(kinds).toEqual(['sample', 'paths'])
    expect(r.value).toEqual(solveBookRoute(p))
  })

  it('merges samples to exactly one sampling of the whole range', () => {
    const c = compilePortfolio(portfolio(1.2, 0.05, 7200, 30))
    const whole = sampleBookPaths({ compiled: c, seed: 3, startPath: 5, endPath: 45 })
    const parts: BookSamples[] = [5, 6, 20, 44].map((s0, i, xs) =>
      sampleBookPaths({ compiled: c, seed: 3, startPath: s0, endPath: xs[i + 1] ?? 45 }),
    )
    expect(whole.value.length).toBeGreaterThan(0)
    expect(mergeBookSamples(parts)).toEqual(whole)
    expect(() => mergeBookSamples([parts[0]!, parts[2]!])).toThrow(/adjacent/)
  })
})
