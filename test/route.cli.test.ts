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

const dir = mkdtempSync(join(tmpdir(), 'xcollat-route-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CONFIG = 'examples/three-chains.yaml'
const INTENT = 'examples/three-chains.intent.yaml'

type Leg = {
  route: string
  amountWad: string
  arrivedUsdWad: string
  capRemainingUsd: number
  singlePointOfFailure: boolean
}
type PlanJson = {
  legs: Leg[]
  costUsd: number
  riskUsd: number
  healthFactorWad: string
  checks: Record<string, boolean>
}

describe('xcollat route', () => {
  it('routes the README example: three chains, a frontier, the SPOF route within its tiny cap', () => {
    const r = xcollat('route', CONFIG, '--intent', INTENT, '--format', 'json')
    expect(r.code).toBe(0)
    const env = JSON.parse(r.stdout) as {
      command: string
      result: {
        plan: PlanJson
        frontier: (PlanJson & { chosen: boolean })[]
        cheapestLooking: { route: string }
      }
    }
    expect(env.command).toBe('route')
    const plan = env.result.plan
    expect(Object.values(plan.checks).every(Boolean)).toBe(true)
    // HF ≥ 1.25 exactly (Wad)
    expect(BigInt(plan.healthFactorWad)).toBeGreaterThanOrEqual(1_250_000_000_000_000_000n)
    const spof = plan.legs.filter((l) => l.singlePointOfFailure)
    for (const l of spof) expect(BigInt(l.arrivedUsdWad)).toBeLessThanOrEqual(100_000n * 10n ** 18n)
    // holdings on three chains feed the frontier; the chosen point is on it
    expect(env.result.frontier.length).toBeGreaterThanOrEqual(2)
    expect(env.result.frontier.filter((p) => p.chosen)).toHaveLength(1)
    expect(env.result.cheapestLooking.route).toBe('weth-base-arb-oft-1dvn')
  })

  it('takes --have/--want/--price and prints the table', () => {
    const r = xcollat(
      'route',
      CONFIG,
      '--have',
      '200 WETH@ethereum, 4000 SOL@solana',
      '--want',
      'borrow 300000 USDC@arbitrum',
      '--price',
      'WETH=3000',
      '--price',
      'SOL=150',
      '--min-hf',
      '1.3',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Plan (cheapest total cost)')
    expect(r.stdout).toContain('Cost–risk frontier')
    expect(r.stdout).toContain('weth-eth-arb-canonical')
  })

  it('renders Markdown', () => {
    const r = xcollat('route', CONFIG, '--intent', INTENT, '--format', 'md')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^### Plan/)
    expect(r.stdout).toContain('| route |')
  })

  it('exits 2 naming the binding constraint of an impossible intent', () => {
    const ltv = xcollat(
      'route',
      CONFIG,
      '--have',
      '10 WETH@ethereum',
      '--want',
      'borrow 1000000 USDC@arbitrum',
      '--price',
      'WETH=3000',
    )
    expect(ltv.code).toBe(2)
    expect(ltv.stderr).toMatch(/^error: \[XC_INTENT_LTV\]/)
    const none = xcollat(
      'route',
      CONFIG,
      '--have',
      '10 WETH@optimism',
      '--want',
      'borrow 1000 USDC@arbitrum',
      '--price',
      'WETH=3000',
    )
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^error: \[XC_INTENT_NO_ROUTE\]/)
    const slow = xcollat('route', CONFIG, '--intent', INTENT, '--max-minutes', '1')
    expect(slow.code).toBe(2)
    expect(slow.stderr).toMatch(/XC_INTENT_/)
    expect(`${ltv.stderr}${none.stderr}${slow.stderr}`).not.toMatch(/\n\s+at /)
  })

  it('rejects bad input with XC_INTENT_INPUT or XC_BAD_OPTION', () => {
    const price = xcollat(
      'route',
      CONFIG,
      '--have',
      '10 WETH@ethereum',
      '--want',
      'borrow 1000 USDC@arbitrum',
    )
    expect(price.code).toBe(2)
    expect(price.stderr).toMatch(/XC_INTENT_INPUT/)
    expect(price.stderr).toContain('--price WETH=USD')
    const shape = xcollat('route', CONFIG, '--have', 'lots of WETH', '--want', 'borrow 1000 USDC@arbitrum')
    expect(shape.stderr).toMatch(/XC_INTENT_INPUT/)
    const none = xcollat('route', CONFIG)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/XC_BAD_OPTION/)
    const file = join(dir, 'typo.yaml')
    writeFileSync(
      file,
      'holdings: [{ asset: WETH, chain: ethereum, amount: 1 }]\nwant: { borrow: { asset: USDC, chain: arbitrum, amount: 1 } }\nminHealtFactor: 2\n',
    )
    const typo = xcollat('route', CONFIG, '--intent', file)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/XC_INTENT_INPUT/)
  })
})

describe('README', () => {
  it("shows the worked example's current output", () => {
    const readme = readFileSync('README.md', 'utf8')
    const at = readme.indexOf(
      'npm run xcollat -- route examples/three-chains.yaml --intent examples/three-chains.intent.yaml',
    )
    expect(at).toBeGreaterThan(0)
    // the command's closing fence, then the output block
    const block = readme.slice(at).split('```')[2]?.replace(/^\n/, '')
    const r = xcollat('route', CONFIG, '--intent', INTENT)
    expect(r.code).toBe(0)
    expect(block?.trimEnd()).toBe(r.stdout.trimEnd())
  })
})
