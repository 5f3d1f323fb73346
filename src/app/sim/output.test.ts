import { describe, expect, it } from 'vitest'
import { formatEstimate } from './output.js'

describe(formatEstimate.name, () => {
  it('prints value and interval', () => {
    expect(formatEstimate({ value: 1234.5, low: 1000, high: 1500, confidence: 0.95 })).toBe(
      '1234.5 [1000, 1500]',
    )
  })
})
