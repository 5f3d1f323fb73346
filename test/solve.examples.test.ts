import { describe, expect, it } from 'vitest'
import { portfolioFromRegistry } from '../src/app/sim/fromConfig.js'
import { loadConfig } from '../src/config/load.js'
import { solveUnderAssessmentRules } from '../src/core/sim/bookSolver.js'
import { compilePortfolio } from '../src/core/sim/portfolio.js'

describe('solve against assess on the examples', () => {
  it.each([
    'examples/small.yaml',
  ])('%s: every route agrees with assess within the printed tolerance, or the output gives the reason', async (file) => {
    const registry = await loadConfig(file)
    const { portfolio: p, sources } = portfolioFromRegistry(registry)
    const compiled = compilePortfolio(p)
    for (const [i, r] of p.routes.entries()) {
      const out = solveUnderAssessmentRules({
        compiled,
        routeId: r.id,
        seed: 1,
        paths: 1000,
        confirmPaths: 0,
        budgetUsd: 0.01 * r.collateralUsd,
        epsilon: 0.01,
        assessed: sources[i]!.assessment,
        routeBonus: r.liquidationBonus,
      })
      const c = out.comparison!
      const lt = out.solution!.liquidationThreshold!
      expect(lt * (1 + out.solution!.liquidationBonus)).toBeLessThan(1)
      expect(c.difference).toBeCloseTo(lt - sources[i]!.assessment.liquidationThreshold, 12)
      expect(c.agree).toBe(Math.abs(c.difference) <= c.tolerance)
      if (c.agree) expect(c.reason).toBeUndefined()
      else expect(c.reason).toMatch(/assess/)
    }
  })
})
