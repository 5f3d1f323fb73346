import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalQuantile } from '../src/core/math/normal.js'

function xcollat(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-cli-'))

describe('xcollat assess', () => {
  it('prints the table for the small example and exits 0', () => {
    const r = xcollat('assess', 'examples/small.yaml')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Recommended parameters')
    expect(r.stdout).toContain('weth-eth-arb-canonical')
    expect(r.stdout).toContain('Assumptions')
    expect(r.stdout).not.toContain('\u001b[') // no colour when not a terminal
  })

  it('emits JSON with the documented shape', () => {
    const r = xcollat('assess', 'examples/multichain.yaml', '--format', 'json')
    expect([0, 1]).toContain(r.code)
    const json = (JSON.parse(r.stdout) as { result: unknown }).result as {
      version: number
      routes: Array<
        Record<string, unknown> & { recommendation: object; components: object; explanation: object[] }
      >
    }
    expect(json.version).toBe(1)
    expect(json.routes.length).toBeGreaterThanOrEqual(10)
    for (const route of json.routes) {
      for (const key of [
        'id',
        'asset',
        'homeChain',
        'debtChain',
        'bridge',
        'recommendation',
        'components',
        'explanation',
      ])
        expect(route).toHaveProperty(key)
      expect(Object.keys(route.recommendation).sort()).toEqual(
        ['eligible', 'liquidationBonus', 'liquidationThreshold', 'ltv', 'supplyCapUsd'].sort(),
      )
      expect(Object.keys(route.components).sort()).toEqual(
        [
          'bridgeHaircut',
          'delayVaR',
          'liquidationHorizonSeconds',
          'oracleError',
          'priceVaR',
          'slippage',
          'trustScore',
        ].sort(),
      )
      for (const term of route.explanation) {
        expect(term).toHaveProperty('term')
        expect(typeof (term as { value: unknown }).value).toMatch(/number|string/)
        expect(term).toHaveProperty('inputs')
        expect(term).toHaveProperty('formula')
      }
    }
  })

  it('gives fractions and money as numbers and eligibility as a boolean', () => {
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'json')
    expect(r.code).toBe(0)
    const json = (
      JSON.parse(r.stdout) as { result: { routes: Array<Record<string, Record<string, unknown>>> } }
    ).result
    for (const route of json.routes) {
      for (const key of ['id', 'asset', 'homeChain', 'debtChain', 'bridge'])
        expect(typeof route[key]).toBe('string')
      const { eligible, ...numbers } = route.recommendation ?? {}
      expect(typeof eligible).toBe('boolean')
      for (const value of [...Object.values(numbers), ...Object.values(route.components ?? {})])
        expect(Number.isFinite(value)).toBe(true)
      // fractions as fractions (0.825), not percent
      for (const key of ['ltv', 'liquidationThreshold', 'liquidationBonus']) {
        expect(numbers[key]).toBeGreaterThanOrEqual(0)
        expect(numbers[key]).toBeLessThan(1)
      }
    }
  })

  it('explains every number so it can be redone from its inputs (small example)', () => {
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'json')
    expect(r.code).toBe(0)
    type Term = { term: string; value: number | string; inputs: Record<string, number | string | boolean> }
    type Route = {
      recommendation: Record<string, number | boolean>
      components: Record<string, number>
      explanation: Term[]
    }
    const { routes } = (JSON.parse(r.stdout) as { result: { routes: Route[] } }).result
    expect(routes).toHaveLength(2)
    const YEAR = 365 * 86_400
    // z_0.99 = 2.3263478740408408 (python3 stdlib: statistics.NormalDist().inv_cdf(0.99))
    const Z99 = 2.3263478740408408
    const move = (i: Term['inputs'], seconds: number) => {
      expect(i.confidence).toBe(0.99)
      return 1 - Math.exp(-Z99 * Number(i.sigmaAnnual) * Math.sqrt(seconds / YEAR))
    }
    // The oracle's move is at the per-episode confidence; its z from the library's normal quantile
    // (golden-tested in src/core/math/normal.test.ts).
    const moveAt = (i: Term['inputs'], seconds: number) =>
      1 - Math.exp(-normalQuantile(Number(i.confidence)) * Number(i.sigmaAnnual) * Math.sqrt(seconds / YEAR))
    const n = (v: unknown) => Number(v)
    const floorBps = (x: number) => Math.floor(x * 10_000 + 1e-9) / 10_000
    // examples/small.yaml depth curve: (slippage, sizeUsd) points, linear from (0, 0)
    const curve = [
      [0, 0],
      [0.005, 2e6],
      [0.02, 10e6],
      [0.05, 30e6],
      [0.1, 60e6],
    ] as const
    const sizeAt = (s: number) => {
      for (let k = 1; k < curve.length; k++) {
        const [s0, x0] = curve[k - 1] as readonly [number, number]
        const [s1, x1] = curve[k] as readonly [number, number]
        if (s <= s1) return x0 + ((s - s0) / (s1 - s0)) * (x1 - x0)
      }
      return Number.NaN
    }
    const redo: Record<string, (i: Term['inputs']) => number> = {
      structuralAnnualRate: (i) => -Math.log(1 - n(i.pHorizon)) / n(i.horizonYears),
      annualCompromiseProbability: (i) => 1 - Math.exp(-n(i.ratePerYear)),
      haircut: (i) => n(i.lossGivenFailure) * (1 - Math.exp(-n(i.haircutHorizonYears) * n(i.ratePerYear))),
      trustScore: (i) => 100 * (1 - n(i.haircut)),
      maxVerifiableDelay: (i) =>
        n(i.sourceFinalitySeconds) +
        n(i.rateLimitDelaySeconds) +
        n(i.congestionMultiplier) * (n(i.verificationSeconds) + n(i.destinationExecutionSeconds)),
      settlementFailureProbability: (i) => 1 - Math.exp((-n(i.annualRate) * n(i.horizonSeconds)) / YEAR),
      potentialValueChange: (i) => move(i, n(i.horizonSeconds)),
      settlementRisk: (i) =>
        n(i.failureProbability) + (1 - n(i.failureProbability)) * n(i.potentialValueChange),
      delayVaR: (i) => n(i.failureProbability) + (1 - n(i.failureProbability)) * n(i.potentialValueChange),
      atRiskCollateralUsd: (i) => n(i.bookUsd) * n(i.atRiskShare),
      absorbableUsdPerSecond: (i) => n(i.depthWithinBonusThinned) / n(i.depthRefillSeconds),
      capacitySeconds: (i) => n(i.atRiskCollateralUsd) / n(i.absorbableUsdPerSecond),
      liquidationHorizonSeconds: (i) =>
        Math.max(n(i.minLiquidationHorizonSeconds), n(i.operationsSeconds) + n(i.capacitySeconds)),
      allowedBadEpisodeRate: (i) => -Math.log(1 - n(i.annualProbability)),
      perEpisodeProbability: (i) => n(i.allowedBadEpisodeRate) / n(i.episodeRate),
      // no depeg for WETH: the stressed loss quantile at the per-episode probability (GPD tail)
      priceLossCushion: (i) => {
        expect(i.depegJumps).toBe(0)
        const u = n(i.tailThreshold)
        const xi = n(i.tailXi)
        const L = u + (n(i.tailBeta) / xi) * ((n(i.perEpisodeProbability) / n(i.tailZeta)) ** -xi - 1)
        return 1 - Math.exp(-n(i.sigmaStressed) * Math.sqrt(n(i.horizonSeconds) / YEAR) * L)
      },
      updateLatencyMove: (i) => moveAt(i, n(i.updateLatencySeconds)),
      oracleError: (i) =>
        1 - (1 - n(i.deviationThreshold)) * (1 - n(i.updateLatencyMove)) * (1 - n(i.sourceDeviationBound)),
      crashGasShare: (i) => (n(i.gasUsd) * n(i.crashGasMultiplier)) / n(i.sizeUsd),
      liquidationBonusNeeded: (i) =>
        Math.ceil(
          ((n(i.crashSlippage) + n(i.crashGasShare) + n(i.inventoryRisk) + n(i.margin)) /
            (1 - n(i.liquidationProtocolFee))) *
            10_000,
        ) / 10_000,
      ltvBufferMove: (i) => {
        expect(i.confidence).toBe(0.99)
        const calm = 1 - Math.exp(-Z99 * n(i.sigmaCalm) * Math.sqrt(n(i.horizonSeconds) / YEAR))
        return Math.max(calm, n(i.oracleBand))
      },
      combinedLoss: (i) => 1 - (1 - n(i.priceVar)) * (1 - n(i.oracleError)) * (1 - n(i.slippage)),
      solvencyCover: (i) => (1 - n(i.bridgeHaircut)) * (1 - n(i.combinedLoss)),
      liquidationThresholdUnrounded: (i) => n(i.solvencyCover) / (1 + n(i.liquidationBonus)),
      liquidationThreshold: (i) => floorBps(n(i.liquidationThresholdUnrounded)) - n(i.stepsDownBps) / 10_000,
      solvencyCheck: (i) => n(i.liquidationThreshold) * (1 + n(i.liquidationBonus)),
      maxLtv: (i) => floorBps(n(i.liquidationThreshold) * (1 - n(i.ltvBufferMove))),
      depthWithinBonus: (i) => sizeAt(n(i.liquidationBonus)),
      supplyCapUsd: (i) => n(i.multiplier) * n(i.depthWithinBonus),
      lossBudgetCap: (i) => n(i.lossBudgetUsd) / n(i.lossGivenFailure),
    }
    for (const route of routes) {
      const terms = new Map(route.explanation.map((t) => [t.term, t]))
      let redone = 0
      for (const [name, f] of Object.entries(redo)) {
        const t = terms.get(name)
        expect(t, name).toBeDefined()
        if (!t) continue
        const expected = Number(t.value)
        // relative tolerance 1e-9: the same formula, evaluated in a different order
        expect(
          Math.abs(f(t.inputs) - expected),
          `${name} from ${JSON.stringify(t.inputs)}`,
        ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)))
        redone++
      }
      expect(redone).toBe(Object.keys(redo).length)
      // the terms feed one another and the published numbers
      const v = (name: string) => Number(terms.get(name)?.value)
      expect(terms.get('combinedLoss')?.inputs.priceVar).toBe(v('priceVaR'))
      expect(v('priceVaR')).toBe(v('priceLossCushion'))
      expect(n(terms.get('slippage')?.value)).toBe(v('crashSlippage'))
      expect(n(terms.get('crashSlippage')?.inputs.oneLiquidationSlippage)).toBeLessThanOrEqual(
        v('crashSlippage'),
      )
      expect(terms.get('solvencyCover')?.inputs.combinedLoss).toBe(v('combinedLoss'))
      expect(terms.get('liquidationThresholdUnrounded')?.inputs.liquidationBonus).toBe(
        v('liquidationBonusNeeded'),
      )
      expect(route.recommendation.liquidationThreshold).toBe(v('liquidationThreshold'))
      expect(route.recommendation.ltv).toBe(v('maxLtv'))
      expect(route.recommendation.liquidationBonus).toBe(v('liquidationBonusNeeded'))
      expect(route.recommendation.supplyCapUsd).toBe(v('recommendedSupplyCapUsd'))
      expect(v('exposureCap')).toBe(Math.min(v('liquidityCap'), v('lossBudgetCap')))
      for (const [component, term] of [
        ['trustScore', 'trustScore'],
        ['delayVaR', 'delayVaR'],
        ['priceVaR', 'priceVaR'],
        ['oracleError', 'oracleError'],
        ['slippage', 'slippage'],
        ['liquidationHorizonSeconds', 'liquidationHorizonSeconds'],
      ] as const)
        expect(route.components[component], component).toBe(v(term))
      expect(route.components.bridgeHaircut).toBeCloseTo(v('haircut'), 12)
    }
  })

  it('exits 1 when current parameters are unsafe (the multichain example has a 1-of-1 DVN route in use)', () => {
    const r = xcollat('assess', 'examples/multichain.yaml', '--format', 'csv')
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n')[0]).toMatch(/^id,asset,homeChain,debtChain,bridge/)
    expect(r.stderr).toContain('unsafe')
  })

  it('writes --out and renders markdown', () => {
    const out = join(dir, 'a.md')
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'md', '--out', out)
    expect(r.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain('# xcollat assessment')
  })

  it('exits 2 on bad input with one line per problem and no stack trace', () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      [
        'version: 1',
        'routes:',
        '  - { id: r, asset: weth, homeChain: ethereum, debtChain: arbitrum, bridge: nope, oracle: eth-usd-arbitrum, venue: v, architecture: synthetic, colour: red }',
      ].join('\n'),
    )
    const r = xcollat('assess', file)
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) expect(line).toMatch(/^error: .*bad\.yaml: routes\[0\]/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const debug = xcollat('--debug', 'assess', file)
    expect(debug.code).toBe(2)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })

  it('reads volatility series from --data (and says so when no data directory is given)', () => {
    const data = mkdtempSync(join(tmpdir(), 'xcollat-data-'))
    writeFileSync(join(data, 'eth.csv'), 'date,close\n1,100\n2,101\n3,99\n4,102\n5,104\n')
    const file = join(dir, 'series.yaml')
    writeFileSync(
      file,
      [
        'version: 1',
        'assets:',
        '  - { id: weth, volatilitySeries: { file: eth.csv, periodSeconds: 86400 } }',
        'venues:',
        '  - { id: pool, chain: arbitrum, kind: constant-product, reserveUsd: 50000000, fee: 0.003 }',
        'routes:',
        '  - { id: r, asset: weth, homeChain: ethereum, debtChain: arbitrum, bridge: arbitrum-canonical, oracle: eth-usd-arbitrum, venue: pool, architecture: synthetic }',
      ].join('\n'),
    )
    const withData = xcollat('assess', file, '--data', data, '--format', 'json')
    expect(withData.code).toBe(0)
    expect(withData.stdout).toContain('derived from eth.csv')
    const { XCOLLAT_DATA_DIR: _, ...env } = process.env
    const without = spawnSync(process.execPath, ['bin/xcollat.js', 'assess', file], { encoding: 'utf8', env })
    expect(without.status).toBe(2)
    expect(without.stderr).toContain('assets[0].volatilitySeries: expected a data directory')
  })

  it('exits 2 on an unknown format', () => {
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'xml')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--format')
  })
})

describe('xcollat schema', () => {
  it('prints a JSON Schema that forbids unknown keys', () => {
    const r = xcollat('schema')
    expect(r.code).toBe(0)
    const schema = JSON.parse(r.stdout) as {
      properties: Record<string, unknown>
      additionalProperties: unknown
    }
    expect(schema.properties).toHaveProperty('routes')
    expect(schema.additionalProperties).toBe(false)
  })
})
