import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const core = join(root, 'src', 'core')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
const FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bMath\.random\b/, 'randomness (Math.random)'],
  [/\bDate\.now\b|\bnew Date\(\s*\)|\bperformance\.now\b/, 'the clock'],
  [/\bprocess\./, 'the environment (process)'],
  [/\bconsole\./, 'the console'],
  [/\bcrypto\.getRandomValues\b|\brandomUUID\b/, 'randomness (crypto)'],
]

describe('src/core purity', () => {
  const files = sources(core)
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })
  it.each(
    files.map((f) => [relative(root, f), f]),
  )('%s imports only from src/core and uses no IO, clock, randomness, env or console', (_, file) => {
    const text = readFileSync(file, 'utf8')
    const problems: string[] = []
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? ''
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec)
        if (!target.startsWith(core)) problems.push(`imports ${spec} from outside src/core`)
      } else problems.push(`imports package or node module ${spec}`)
    }
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '') // comments may mention these words
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(code)) problems.push(`uses ${what}`)
    expect(problems).toEqual([])
  })
})
