import { describe, expect, it } from 'vitest'
import type { AssessmentReport, RouteAssessment } from '../../../core/assess/assess.js'
import { toJson } from '../envelope.js'
import { formatCsv } from './csv.js'
import { formatMarkdown } from './md.js'
import { duration, pct, usd } from './numbers.js'
import { colors, type Rows, renderRows } from './render.js'
import { CSV_COLUMNS } from './rows.js'
import { formatTable } from './table.js'

const route: RouteAssessment = {
  id: 'r1',
  asset: 'WETH',
  homeChain: 'ethereum',
  debtChain: 'arbitrum',
  bridge: 'arbitrum-canonical',
  architecture: 'synthetic',
  recommendation: {
    ltv: 0.8,
    liquidationThreshold: 0.825,
    liquidationBonus: 0.05,
    supplyCapUsd: 1_234_567,
    eligible: true,
  },
  components: {
    trustScore: 95,
    bridgeHaircut: 0.05,
    delayVaR: 0.01,
    priceVaR: 0.02,
    oracleError: 0.005,
    slippage: 0.01,
    liquidationHorizonSeconds: 180,
  },
  bridgeTrust: { annualCompromiseProbability: 0.001, haltProbability: 0.01, lossGivenFailure: 1 },
  bindingDebt: 'usdc',
  pairs: [],
  seedPolicy: {
    baseCollateralFactor: 0.8,
    trustScoreCollateralFactor: 0.76,
    collateralFactor: 0.6175,
    bridgedDiscountApplied: true,
  },
  capBinding: 'liquidity',
  ineligibleReasons: [],
  warnings: ['a warning, with a comma'],
  assumptions: ['chain arbitrum.finalitySeconds: assumed'],
  current: [
    {
      market: 'm',
      current: { ltv: 0.85, liquidationThreshold: 0.9, liquidationBonus: 0.05 },
      difference: { ltv: 0.05, liquidationThreshold: 0.075, liquidationBonus: 0 },
      unsafe: true,
      reasons: ['LT 0.9 > recommended 0.825'],
    },
  ],
  explanation: [
    {
      term: 'rateLimitCap',
      value: Number.POSITIVE_INFINITY,
      inputs: { rateLimited: false },
      formula: 'none',
    },
    {
      term: 'priceVaR',
      value: 0.02,
      inputs: { sigmaAnnual: 0.8 },
      formula: '1 − exp(−z·σ·√T)',
      source: 'seed',
    },
  ],
}
const report: AssessmentReport = { version: 1, routes: [route], unsafe: true }

describe(toJson.name, () => {
  it('keeps the documented shape, fractions as numbers and Infinity as a string', () => {
    const json = JSON.parse(toJson(report)) as { version: number; routes: RouteAssessment[] }
    expect(json.version).toBe(1)
    expect(json.routes[0]?.recommendation.liquidationThreshold).toBe(0.825)
    expect(json.routes[0]?.explanation[0]?.value).toBe('Infinity')
  })
})

describe(formatCsv.name, () => {
  it('writes a header and one quoted-where-needed row per route', () => {
    const lines = formatCsv(report).trim().split('\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('"a warning, with a comma"')
    expect(
      lines[1]?.startsWith(
        'r1,WETH,ethereum,arbitrum,arbitrum-canonical,synthetic,true,0.8,0.825,0.05,1234567,',
      ),
    ).toBe(true)
  })
})

describe(formatMarkdown.name, () => {
  it('has the summary table, the explanation and the assumptions', () => {
    const md = formatMarkdown(report)
    expect(md).toContain('| r1 | WETH | ethereum → arbitrum | arbitrum-canonical | 80.00% | 82.50% |')
    expect(md).toContain('| priceVaR | 0.02 | sigmaAnnual=0.8 | 1 − exp(−z·σ·√T) (source: seed) |')
    expect(md).toContain('**UNSAFE**')
    expect(md).toContain('- chain arbitrum.finalitySeconds: assumed')
  })
})

describe(formatTable.name, () => {
  it('prints parameters, components, current parameters and assumptions, without colour when asked', () => {
    const text = formatTable(report, { color: false })
    expect(text).toContain('Recommended parameters')
    expect(text).toContain('$1,234,567')
    expect(text).toContain('UNSAFE')
    expect(text).toContain('Assumptions (1;')
    expect(text).not.toContain('\u001b[')
    expect(formatTable(report, { color: true })).toContain('\u001b[')
  })
})

describe(pct.name, () => {
  it('formats fractions, money and durations', () => {
    expect(pct(0.8254)).toBe('82.54%')
    expect(usd(1234567.8)).toBe('$1,234,568')
    expect(usd(Number.POSITIVE_INFINITY)).toBe('∞')
    expect(duration(45)).toBe('45s')
    expect(duration(750)).toBe('12.5m')
    expect(duration(604_800)).toBe('7.0d')
  })
})

describe(renderRows.name, () => {
  const rows: Rows = {
    columns: [
      { header: 'route' },
      { header: 'LT', key: 'lt', align: 'right', format: (v) => pct(Number(v)) },
    ],
    rows: [
      ['a, "b"', 0.825],
      ['c|d', 0.5],
    ],
  }
  it('draws the same rows as a terminal table, Markdown and CSV', () => {
    expect(renderRows(rows, 'table')).toEqual([
      'route       LT',
      '──────  ──────',
      'a, "b"  82.50%',
      'c|d     50.00%',
    ])
    expect(renderRows(rows, 'md')).toEqual([
      '| route | LT |',
      '| --- | ---: |',
      '| a, "b" | 82.50% |',
      '| c\\|d | 50.00% |',
    ])
    expect(renderRows(rows, 'csv')).toEqual(['route,lt', '"a, ""b""",0.825', 'c|d,0.5'])
  })
  it('measures coloured cells by their visible width', () => {
    const c = colors(true)
    const [, , first] = renderRows(
      { columns: [{ header: 'x' }, { header: 'y' }], rows: [[c.red('ab'), 'z']] },
      'table',
      {
        colors: c,
      },
    )
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colour codes
    expect(first?.replace(/\u001b\[[0-9;]*m/g, '')).toBe('ab  z')
  })
})
