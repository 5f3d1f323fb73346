import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'xcollat.js')

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('xcollat simulate', () => {
  it('gives identical JSON on --workers 1 and --workers 2 for the same seed, with the seed and version in it', () => {
    const args = [
      'simulate',
      'examples/small.yaml',
      '--paths',
      '400',
      '--seed',
      '7',
      '--format',
      'json',
      '--horizon',
      '21600',
    ]
    const one = cli([...args, '--workers', '1'])
    const two = cli([...args, '--workers', '2'])
    expect(one.status).toBe(0)
    expect(two.status).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    const report = JSON.parse(one.stdout) as {
      seed: string
      version: string
      result: { paths: { completed: number } }
    }
    expect(report.seed).toBe('7')
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(report.result.paths.completed).toBe(400)
  })

  it('requires a seed and rejects bad options with exit code 2', () => {
    const noSeed = cli(['simulate', 'examples/small.yaml', '--paths', '10'])
    expect(noSeed.status).toBe(2)
    expect(noSeed.stderr).toContain('--seed')
    const badPaths = cli(['simulate', 'examples/small.yaml', '--paths', '0', '--seed', '1'])
    expect(badPaths.status).toBe(2)
  })

  it.each([
    ['--paths abc', ['simulate', 'examples/small.yaml', '--paths', 'abc', '--seed', '1'], '--paths'],
    [
      'a missing config',
      ['simulate', 'does-not-exist.yaml', '--paths', '10', '--seed', '1'],
      'does-not-exist',
    ],
    ['an unknown flag', ['simulate', 'examples/small.yaml', '--seed', '1', '--bogus'], '--bogus'],
    ['--workers 0', ['simulate', 'examples/small.yaml', '--seed', '1', '--workers', '0'], '--workers'],
    ['an unknown flag on solve', ['solve', 'examples/small.yaml', '--bogus'], '--bogus'],
  ])('rejects %s with exit code 2 and one readable line, no stack trace', (_name, args, mention) => {
    const r = cli(args)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error/)
    expect(lines[0]).toContain(mention)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('xcollat simulate --workers', () => {
  it('caps the workers at the cores available, with a warning in the output', () => {
    const r = cli([
      'simulate',
      'examples/small.yaml',
      '--paths',
      '20',
      '--seed',
      '1',
      '--horizon',
      '3600',
      '--workers',
      '4096',
      '--format',
      'json',
    ])
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { warnings: string[] }
    expect(out.warnings).toEqual([
      expect.stringMatching(/^--workers 4096 is more than the \d+ cores available; using \d+$/),
    ])
    expect(r.stderr).toMatch(/on [1-9]\d* worker/)
  })
  it('complains about --paths when it is negative', () => {
    const r = cli(['simulate', 'examples/small.yaml', '--paths', '-5', '--seed', '1'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(
      /^error: \[XC_BAD_OPTION\] --paths: expected a whole number from 1 to 10000000, found "-5"/,
    )
  })
})

describe('xcollat solve', () => {
  it('prints the seed, the version, the rules, the confirmation and the comparison with assess as JSON', () => {
    const r = cli([
      'solve',
      'examples/small.yaml',
      '--seed',
      '3',
      '--paths',
      '200',
      '--epsilon',
      '0.05',
      '--confirm-paths',
      '100',
      '--horizon',
      '2592000',
      '--format',
      'json',
    ])
    expect([0, 1]).toContain(r.status)
    const report = JSON.parse(r.stdout) as {
      seed: string
      version: string
      result: {
        routes: Array<{
          rules: string[]
          solution: {
            liquidationThreshold: number
            liquidationBonus: number
            frontier: Array<{ liquidationThreshold: number }>
            confirmation: { paths: number }
          }
          comparison: { tolerance: number; agree: boolean; reason?: string }
        }>
      }
    }
    expect(report.seed).toBe('3')
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(report.result.routes).toHaveLength(2)
    for (const route of report.result.routes) {
      const s = route.solution
      expect(s.liquidationThreshold * (1 + s.liquidationBonus)).toBeLessThan(1)
      expect(s.frontier.length).toBeGreaterThan(0)
      expect(s.confirmation.paths).toBe(100)
      expect(route.rules.join(' ')).toContain('LT·(1 + bonus) < 1')
      expect(route.comparison.tolerance).toBeGreaterThanOrEqual(0.05)
      expect(route.comparison.agree || typeof route.comparison.reason === 'string').toBe(true)
    }
  })

  it.each([
    ['an ε below what plain sampling resolves', ['--epsilon', '0.0001'], '--epsilon'],
    ['too few paths for ε', ['--epsilon', '0.01', '--paths', '100'], '--paths'],
    ['an unknown budget base', ['--budget-of', 'tvl'], '--budget-of'],
  ])('rejects %s with exit code 2', (_name, extra, mention) => {
    const r = cli(['solve', 'examples/small.yaml', ...extra])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(mention)
  })
})
