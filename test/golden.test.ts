import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('golden scripts (independent implementations, stdlib python3)', () => {
  it('test/golden/crash-40-24h-safe-lt.py prints 0.9320, the safe LT src/core/backtest/rolling.test.ts expects', () => {
    const r = spawnSync('python3', ['test/golden/crash-40-24h-safe-lt.py'], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    if (r.error !== undefined) return // no python3 on this machine: the constant in rolling.test.ts stands
    expect(r.stdout.trim()).toBe('0.9320')
  })
})
