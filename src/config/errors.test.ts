import { describe, expect, it } from 'vitest'
import { ConfigError, describeValue, formatPath } from './errors.js'

describe(formatPath.name, () => {
  it('writes paths the way users write them', () => {
    expect(formatPath(['routes', 3, 'oracle'])).toBe('routes[3].oracle')
    expect(formatPath([])).toBe('(top level)')
    expect(formatPath(['bridges', 0, 'trust', 'verifiers', 'tagRisk', 'rpc:shared'])).toBe(
      'bridges[0].trust.verifiers.tagRisk["rpc:shared"]',
    )
  })
})

describe(describeValue.name, () => {
  it('renders found values briefly', () => {
    expect(describeValue(undefined)).toBe('nothing')
    expect(describeValue('x')).toBe('"x"')
    expect(describeValue([1, 2])).toBe('a list of 2')
    expect(describeValue({ a: 1 })).toBe('an object')
    expect(describeValue(Number.NaN)).toBe('NaN')
    expect(describeValue('y'.repeat(100)).length).toBeLessThanOrEqual(60)
  })
})

describe('ConfigError', () => {
  it('carries code XC_CONFIG and every problem', () => {
    const e = new ConfigError('a.yaml', [
      'a.yaml: routes[0].oracle: expected …',
      'a.yaml: venues[1]: expected …',
    ])
    expect(e.code).toBe('XC_CONFIG')
    expect(e.problems).toHaveLength(2)
    expect(e.file).toBe('a.yaml')
  })
})
