import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

function xcollat(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-propose-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const DAY = 86_400
const T0 = Date.UTC(2026, 11, 7) / 1000

type Step = { subject: string; parameter: string; index: number; at: number; from: string; to: string }
type Plan = {
  parameters: Array<{ subject: string; parameter: string; current: string; target: string; steps: Step[] }>
  schedule: Array<{ at: number; steps: Step[] }>
  completesAt: string
}

function planOf(stdout: string): { plan: Plan; config: { cid: string } } {
  return (JSON.parse(stdout) as { result: { plan: Plan; config: { cid: string } } }).result
}

describe('xcollat propose', () => {
  it('plans LT 83 % → 80 % of the small example under the Aave steward as 12 steps, 3 days apart', () => {
    const r = xcollat(
      'propose',
      'examples/small.yaml',
      '--change',
      'weth-eth-arb-canonical.lt=80%',
      '--from',
      '2026-12-07',
      '--format',
      'json',
    )
    expect(r.code, r.stderr).toBe(0)
    const { plan, config } = planOf(r.stdout)
    expect(config.cid).toMatch(/^bafkrei[a-z2-7]+$/)
    expect(plan.parameters).toHaveLength(1)
    const lt = plan.parameters[0]!
    expect([lt.subject, lt.parameter, lt.current, lt.target]).toEqual([
      'arbitrum-spoke/weth-eth-arb-canonical',
      'liquidationThreshold',
      '8300',
      '8000',
    ])
    expect(lt.steps.map((s) => [s.at, s.to])).toEqual(
      Array.from({ length: 12 }, (_, i) => [T0 + i * 3 * DAY, String(8275 - 25 * i)]),
    )
    expect(plan.completesAt).toBe('2027-01-09T00:00:00Z')
  })

  it('starts after the debounce given by --last-updates and plans a cap increase of 150 % as two steps', () => {
    const config = join(dir, 'capped.yaml')
    const small = readFileSync('examples/small.yaml', 'utf8')
    writeFileSync(
      config,
      small.replace(
        'current: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 }',
        'current: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, supplyCapUsd: 1000000 }',
      ),
    )
    const last = join(dir, 'last.json')
    writeFileSync(
      last,
      JSON.stringify({ 'arbitrum-spoke/weth-eth-arb-canonical': { supplyCap: '2026-12-06T00:00:00Z' } }),
    )
    const r = xcollat(
      'propose',
      config,
      '--change',
      'weth-eth-arb-canonical.supplyCap=+150%',
      '--from',
      '2026-12-07',
      '--last-updates',
      last,
      '--format',
      'json',
    )
    expect(r.code, r.stderr).toBe(0)
    const cap = planOf(r.stdout).plan.parameters[0]!
    // Last updated on 6 December: allowed from 9 December; +100 % then the remaining +25 %.
    expect(cap.steps.map((s) => [s.at, s.from, s.to])).toEqual([
      [T0 + 2 * DAY, '1000000', '2000000'],
      [T0 + 5 * DAY, '2000000', '2500000'],
    ])
  })

  it('moves every current parameter to the recommendation in steps of at most 25 bps (table and Markdown)', () => {
    const assessed = JSON.parse(xcollat('assess', 'examples/small.yaml', '--format', 'json').stdout) as {
      result: { routes: Array<{ id: string; recommendation: { liquidationThreshold: number } }> }
    }
    const recommended = assessed.result.routes.find((x) => x.id === 'weth-eth-arb-canonical')!
    const targetLt = Math.floor(recommended.recommendation.liquidationThreshold * 10_000 * (1 + 1e-12))
    const r = xcollat('propose', 'examples/small.yaml', '--from', '2026-12-07', '--format', 'json')
    expect(r.code, r.stderr).toBe(0)
    const lt = planOf(r.stdout).plan.parameters.find((x) => x.parameter === 'liquidationThreshold')!
    expect(lt.target).toBe(String(targetLt))
    expect(lt.steps).toHaveLength(Math.ceil(Math.abs(targetLt - 8300) / 25))
    for (const s of lt.steps) expect(Math.abs(Number(s.to) - Number(s.from))).toBeLessThanOrEqual(25)

    const md = xcollat('propose', 'examples/small.yaml', '--from', '2026-12-07', '--format', 'md')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('# Risk parameter proposal under `aave-risk-steward`')
    expect(md.stdout).toContain('## Why: arbitrum-spoke/weth-eth-arb-canonical')
    expect(md.stdout).toContain('| priceVaR |')
    const table = xcollat('propose', 'examples/small.yaml', '--from', '2026-12-07')
    expect(table.stdout).toContain('Schedule')
    expect(table.stdout).toContain('2026-12-07T00:00:00Z')
  })

  it('refuses a bad change, an unknown route and an update to zero with their codes', () => {
    const bad = xcollat('propose', 'examples/small.yaml', '--change', 'nonsense')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('[XC_BAD_OPTION] --change')
    const route = xcollat('propose', 'examples/small.yaml', '--change', 'nope.lt=80%')
    expect(route.code).toBe(2)
    expect(route.stderr).toContain('[XC_INVALID_CHANGE]')
    const zero = xcollat('propose', 'examples/small.yaml', '--change', 'weth-eth-arb-canonical.ltv=0%')
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain('[XC_INVALID_CHANGE]')
    const envelope = xcollat('propose', 'examples/small.yaml', '--envelope', 'aave')
    expect(envelope.code).toBe(2)
    expect(envelope.stderr).toContain('[XC_BAD_OPTION] --envelope')
  })
})
