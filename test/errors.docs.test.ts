import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../src/core/errors.js'

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')

describe('docs/errors.md', () => {
  it('documents every code of ERROR_CODES and no other, each with a meaning and what to do', () => {
    const rows = doc
      .split('\n')
      .map((line) => /^\| `(XC_[A-Z0-9_]+)` \|([^|]+)\|([^|]+)\|$/.exec(line))
      .filter((m) => m !== null)
    const documented = rows.map((m) => m[1])
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort())
    expect(new Set(documented).size).toBe(documented.length)
    for (const m of rows) {
      expect(m[2]?.trim().length, m[1]).toBeGreaterThan(10)
      expect(m[3]?.trim().length, m[1]).toBeGreaterThan(5)
    }
  })

  it('lists ERROR_CODES sorted and without duplicates', () => {
    expect([...ERROR_CODES]).toEqual([...new Set(ERROR_CODES)].sort())
  })
})
