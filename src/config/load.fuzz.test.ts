import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { assess } from '../core/assess/assess.js'
import { XcollatError } from '../core/errors.js'
import { ConfigError } from './errors.js'
import { parseConfig } from './load.js'
import { SECTIONS } from './schema.js'

// The loader's contract under arbitrary input: a valid registry, or a ConfigError whose every
// problem names the file and a place in it. No other exception escapes; nothing hangs.
// Returns whether the input was accepted, so a test can show it is not vacuous (some inputs pass).
// The loader's last-resort guard turns any internal exception into a "(top level)" line; such a
// line would hide a bug, so it counts as a failure here.
function check(text: string, file: string): boolean {
  try {
    const registry = parseConfig({ text, file })
    expect(registry.routes.length).toBeGreaterThan(0)
    return true
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems.length).toBeGreaterThan(0)
    for (const p of problems) {
      expect(p.startsWith(`${file}: `)).toBe(true)
      // after the file: a path ("routes[3].oracle", "(top level)", "catalog …") or a YAML position
      expect(p.slice(file.length + 2)).toMatch(/^(\(top level\)|line \d+, column \d+|catalog |[A-Za-z[])/)
      expect(p).not.toContain('expected a configuration xcollat can read')
    }
    return false
  }
}

const EXAMPLE = parse(readFileSync('examples/small.yaml', 'utf8')) as unknown

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix]
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]))
    })
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]))
  return out
}

type Mutation = { kind: 'set' | 'delete' | 'addKey'; at: number; value: Json; key: string }

function mutate(root: unknown, m: Mutation): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>
  const all = paths(copy)
  const path = all[m.at % all.length] ?? []
  if (path.length === 0) return m.kind === 'set' ? m.value : copy
  let parent: Record<string | number, unknown> = copy
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (m.kind === 'set') parent[last] = m.value
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
  } else {
    const target = parent[last]
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, unknown>)[m.key] = m.value
  }
  return copy
}

/** Sets the n-th numeric leaf (mod their count) to `value`. */
function setNumber(root: unknown, at: number, value: number): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>
  const numeric = paths(copy).filter((p) => {
    let v: unknown = copy
    for (const k of p) v = (v as Record<string | number, unknown>)[k]
    return typeof v === 'number'
  })
  const path = numeric[at % numeric.length]
  if (!path) return copy
  let parent: Record<string | number, unknown> = copy
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  parent[path[path.length - 1] as string | number] = value
  return copy
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'delete', 'addKey'),
  at: fc.nat(),
  value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  key: fc.string({ maxLength: 8 }),
})

describe(`${parseConfig.name} (fuzz)`, () => {
  it('survives arbitrary text as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        check(text, 'fuzz.yaml')
        check(text, 'fuzz.json')
      }),
      { numRuns: 400 },
    )
  })

  it('survives YAML-looking text', () => {
    const line = fc
      .tuple(
        fc.constantFrom('', '  ', '    ', '- ', '  - '),
        fc.constantFrom(
          'version',
          'routes',
          'id',
          'bridge',
          'venues',
          'kind',
          '&a',
          '*a',
          '<<',
          '? ',
          '!!str',
        ),
        fc.constantFrom(': ', ':', ': [', ': {', ' - ', ''),
        fc.string({ maxLength: 12 }),
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        check(lines.join('\n'), 'fuzz.yaml')
      }),
      { numRuns: 400 },
    )
  })

  it('survives arbitrary JSON-ish objects, written as JSON and as YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        check(JSON.stringify(value), 'fuzz.json')
        check(stringify(value), 'fuzz.yaml')
      }),
      { numRuns: 300 },
    )
  })

  it('survives objects with the configuration keys at random', () => {
    const obj = fc.dictionary(
      fc.constantFrom('version', 'policy', ...SECTIONS),
      fc.jsonValue({ maxDepth: 4 }),
    )
    fc.assert(
      fc.property(obj, (value) => {
        check(JSON.stringify({ version: 1, ...value }), 'fuzz.json')
      }),
      { numRuns: 300 },
    )
  })

  it('survives mutations of the small example, accepting some and rejecting some', () => {
    let accepted = 0
    let rejected = 0
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const mutated = ms.reduce((acc, m) => mutate(acc, m), EXAMPLE)
        const asJson = check(JSON.stringify(mutated) ?? 'null', 'fuzz.json')
        const asYaml = check(stringify(mutated), 'fuzz.yaml')
        // the same value must get the same verdict whichever syntax carries it
        expect(asYaml).toBe(asJson)
        if (asJson) accepted++
        else rejected++
      }),
      { numRuns: 400 },
    )
    // not vacuous: mutations that keep the example valid reach the resolver and pass, the others
    // fail with paths. About 15 % pass (2,000-run probe), so P(≤ 10 of 400) is below 1e-12.
    expect(accepted).toBeGreaterThan(10)
    expect(rejected).toBeGreaterThan(10)
  })

  it('rejects an alias bomb with one problem instead of expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = i === 0 ? 'a' : String.fromCharCode(98 + i - 1)
        const name = String.fromCharCode(98 + i)
        return `${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`
      }),
    ].join('\n')
    check(bomb, 'bomb.yaml')
  })

  it('never lets a non-xcollat exception out of assess for a configuration the loader accepts', () => {
    const multichain = parse(readFileSync('examples/multichain.yaml', 'utf8')) as unknown
    const numeric = fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.oneof(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
      ) as fc.Arbitrary<Json>,
      key: fc.constant(''),
    })
    let assessed = 0
    fc.assert(
      fc.property(fc.array(numeric, { minLength: 1, maxLength: 3 }), (ms) => {
        const mutated = ms.reduce((acc, m) => setNumber(acc, m.at, m.value as number), multichain)
        let registry: ReturnType<typeof parseConfig> | undefined
        try {
          registry = parseConfig({ text: JSON.stringify(mutated), file: 'fuzz.json' })
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError)
          return
        }
        assessed++
        try {
          const report = assess(registry)
          for (const r of report.routes) {
            expect(
              r.recommendation.liquidationThreshold * (1 + r.recommendation.liquidationBonus),
            ).toBeLessThan(1)
            expect(Number.isNaN(r.recommendation.supplyCapUsd)).toBe(false)
          }
        } catch (error) {
          expect(error).toBeInstanceOf(XcollatError)
        }
      }),
      { numRuns: 150 },
    )
    // not vacuous: about 27 % of the mutated configurations pass the loader and reach assess
    // (three runs: 39, 42, 44 of 150), so P(≤ 10) is below 1e-9
    expect(assessed).toBeGreaterThan(10)
  })
})
