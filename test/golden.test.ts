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

  // Each script recomputes the golden values of a test file with a second implementation and
  // compares them with the tables in that file; it prints "NAME: ok", or each value that differs.
  it.each([
    'gamma.py',
    'normal.py',
    'trackrecord.py',
  ])("test/golden/%s reproduces its test file's golden values", (script) => {
    const r = spawnSync('python3', [`test/golden/${script}`], { encoding: 'utf8', timeout: 120_000 })
    if (r.error !== undefined) return // no python3 on this machine: the tables in the test files stand
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe(`${script}: ok`)
    expect(r.status).toBe(0)
  })
})
