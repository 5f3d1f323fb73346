import { describe, expect, it } from 'vitest'
import { compileBook } from './book.js'
import { MARKET_CALIBRATION } from './calibration.js'
import { simulationMetrics } from './metrics.js'
import { mergePartials, runPaths } from './montecarlo.js'
import {
  compilePortfolio,
  evenUtilisations,
  NO_FAULTS,
  type SimAsset,
  type SimPortfolio,
  type SimRoute,
} from './portfolio.js'

const YEAR = 365 * 86_400
const eth: SimAsset = {
  id: 'eth',
  sigmaAnnual: 0.86,
  driftAnnual: 0,
  jumpIntensityPerYear: 0,
  jumpMeanLog: 0,
  jumpStdLog: 0,
}
const market = {
  stressRatePerYear: MARKET_CALIBRATION.stressRatePerYear,
  stressMeanSeconds: MARKET_CALIBRATION.stressMeanSeconds,
  stressVolMultiplier: MARKET_CALIBRATION.stressVolMultiplier,
  jumpIntensityPerYear: MARKET_CALIBRATION.jumpIntensityPerYear,
  jumpMeanLog: MARKET_CALIBRATION.jumpMeanLog,
  jumpStdLog: MARKET_CALIBRATION.jumpStdLog,
}
const route = (lt: number, over: Partial<SimRoute> = {}): SimRoute => ({
  id: 'r',
  assetId: 'eth',
  bridgeId: 'b',
  liquidationThreshold: lt,
  loanToValue: (lt * 0.8) / 0.83,
  liquidationBonus: 0.05,
  liquidationLagSeconds: 240,
  collateralUsd: 1e7,
  utilisations: evenUtilisations(0.9, 5),
  faults: NO_FAULTS,
  ...over,
})
const book = (
  routes: SimRoute[],
  assets: SimAsset[] = [eth],
  extra: Partial<SimPortfolio> = {},
): SimPortfolio => ({
  horizonSeconds: YEAR,
  stepSeconds: 3600,
  assets,
  routes,
  market,
  book: { cohortSeconds: 86_400, lifeSeconds: 86_400 },
  ...extra,
})
const run = (p: SimPortfolio, paths: number, seed = 11) =>
  mergePartials([runPaths({ compiled: compilePortfolio(p), seed, startPath: 0, endPath: paths })])

describe('cohort book over a year', () => {
  it('gives VaR95, EVaR99 and P(bad debt) that are not all zero and never decrease with LT (common random numbers)', () => {
    const lts = [0.6, 0.7, 0.8, 0.85, 0.9, 0.95]
    const runs = lts.map((lt) => run(book([route(lt)]), 150))
    const metrics = runs.map((r) => simulationMetrics(r, 3600))
    for (let i = 1; i < lts.length; i++) {
      // Path by path: the same triggers and sales, a larger debt.
      for (let p = 0; p < 150; p++)
        expect(runs[i]!.badDebt[p]!).toBeGreaterThanOrEqual(runs[i - 1]!.badDebt[p]!)
      expect(metrics[i]!.badDebtVar95.value).toBeGreaterThanOrEqual(metrics[i - 1]!.badDebtVar95.value)
      expect(metrics[i]!.badDebtEvar99.value).toBeGreaterThanOrEqual(metrics[i - 1]!.badDebtEvar99.value)
      expect(metrics[i]!.probabilityOfBadDebt.value).toBeGreaterThanOrEqual(
        metrics[i - 1]!.probabilityOfBadDebt.value,
      )
    }
    const top = metrics[metrics.length - 1]!
    expect(top.badDebtVar95.value).toBeGreaterThan(0)
    expect(top.badDebtEvar99.value).toBeGreaterThan(top.badDebtVar95.value)
    expect(top.probabilityOfBadDebt.value).toBeGreaterThan(metrics[0]!.probabilityOfBadDebt.value)
  })

  it('keeps the unconditional variance at σ² while splitting it into calm and stressed regimes', () => {
    const c = compilePortfolio(book([route(0.8)], [eth], { market: { ...market, jumpIntensityPerYear: 0 } }))
    const b = compileBook(c)
    // π = r·D / (1 + r·D) with r = 1 a year and D = 7 days.
    const rd = 7 / 365
    expect(b.stressShare).toBeCloseTo(rd / (1 + rd), 12)
    const dt = 3600 / YEAR
    const calm = b.vol[0]![0] / Math.sqrt(dt)
    const stressed = b.vol[0]![1] / Math.sqrt(dt)
    expect(stressed / calm).toBeCloseTo(3, 12)
    expect((1 - b.stressShare) * calm * calm + b.stressShare * stressed * stressed).toBeCloseTo(
      0.86 * 0.86,
      12,
    )
  })

  it('extends a path past the horizon only while a liquidation is in flight', () => {
    const quick = run(book([route(0.83)]), 40)
    expect(quick.stepsSimulated).toBe(quick.stepsInHorizon)
    // A 7-day seize message: paths run on past the year only when a position triggers in its last week.
    const slow = run(book([route(0.83, { liquidationLagSeconds: 7 * 86_400 })]), 40)
    const share = slow.stepsInHorizon / slow.stepsSimulated
    expect(share).toBeLessThan(1)
    expect(share).toBeGreaterThanOrEqual(8760 / (8760 + 168))
  })

  it('loses on a stablecoin only through its depeg', () => {
    const usdc: SimAsset = { ...eth, id: 'usdc', sigmaAnnual: 0.01, jumpExposure: 0 }
    const r = route(0.9, { assetId: 'usdc', loanToValue: 0.88, liquidationLagSeconds: 3600 })
    const withDepeg = run(
      book(
        [r],
        [{ ...usdc, depeg: { ratePerYear: 2, depth: 0.125, meanSeconds: 3 * 86_400, stressMultiplier: 1 } }],
      ),
      100,
    )
    const without = run(book([r], [usdc]), 100)
    expect(without.badDebt.every((x) => x === 0)).toBe(true)
    expect(withDepeg.badDebt.some((x) => x > 0)).toBe(true)
  })
})
