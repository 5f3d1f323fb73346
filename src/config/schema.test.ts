import { describe, expect, it } from 'vitest'
import { configJsonSchema, fileSchema, policySchema, routeSchema, SECTIONS } from './schema.js'

describe(configJsonSchema.name, () => {
  it('is a JSON Schema of the file that forbids unknown keys at every level it describes', () => {
    const schema = configJsonSchema() as {
      additionalProperties: unknown
      required: string[]
      properties: Record<string, unknown>
    }
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'routes']))
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['policy', ...SECTIONS]))
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":true')
  })
})

describe('policySchema', () => {
  it('fills every default and rejects a confidence outside [0.5, 1)', () => {
    const p = policySchema.parse({})
    expect(p).toMatchObject({
      annualBadDebtProbability: 0.01,
      confidence: 0.99,
      ltvHorizonSeconds: 3600,
      minLiquidationHorizonSeconds: 7200,
      parameterPolicy: 'both',
    })
    expect(policySchema.safeParse({ annualBadDebtProbability: 0 }).success).toBe(false)
    expect(policySchema.safeParse({ confidence: 1 }).success).toBe(false)
    expect(policySchema.safeParse({ confidence: 0.3 }).success).toBe(false)
    expect(policySchema.safeParse({ confidense: 0.99 }).success).toBe(false)
  })
})

describe('routeSchema', () => {
  it('accepts one bridge or a path of bridges', () => {
    const base = {
      id: 'r',
      asset: 'weth',
      homeChain: 'ethereum',
      debtChain: 'base',
      oracle: 'eth-usd-base',
      venue: 'pool',
      architecture: 'synthetic',
    }
    expect(routeSchema.safeParse({ ...base, bridge: 'base-canonical' }).success).toBe(true)
    expect(routeSchema.safeParse({ ...base, bridge: ['ccip', 'base-canonical'] }).success).toBe(true)
    expect(routeSchema.safeParse({ ...base, bridge: [] }).success).toBe(false)
    expect(fileSchema.safeParse({ version: 1, routes: [{ ...base, bridge: 'x' }] }).success).toBe(true)
  })
})
