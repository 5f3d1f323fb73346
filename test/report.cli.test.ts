import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const DATA = process.env.XCOLLAT_DATA_DIR
if (!DATA) console.log('report.cli.test: XCOLLAT_DATA_DIR not set, the price-history report is skipped')

function xcollat(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', XCOLLAT_DATA_DIR: '' },
    timeout: 240_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-report-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ROUTE = 'weth-eth-arb-canonical'

describe('xcollat report', () => {
  it('lists every explanation term of the route’s assessment in the Markdown', () => {
    const assessed = JSON.parse(xcollat('assess', 'examples/small.yaml', '--format', 'json').stdout) as {
      result: { routes: Array<{ id: string; explanation: Array<{ term: string }> }> }
    }
    const terms = assessed.result.routes.find((r) => r.id === ROUTE)!.explanation.map((t) => t.term)
    expect(terms.length).toBeGreaterThan(30)
    const r = xcollat('report', 'examples/small.yaml', '--route', ROUTE, '--paths', '0')
    expect(r.code, r.stderr).toBe(0)
    for (const t of terms) expect(r.stdout, t).toContain(`| ${t} |`)
    for (const heading of [
      '# Collateral Onboarding Report',
      '## Bridge security',
      '## Oracle reliability',
      '## Volatility and price loss',
      '## Liquidity depth and the liquidation bonus',
      '## Historical validation',
      '## Monte Carlo: the LT → loss frontier',
      "## The seed's risk score and risk-matrix class",
      '## Provenance',
    ])
      expect(r.stdout).toContain(heading)
    // The configuration's content address, as `xcollat publish` gives it.
    const cid = xcollat('publish', 'examples/small.yaml', '--no-manifest').stdout.trim()
    expect(r.stdout).toContain(cid)
  })

  it('writes a self-contained HTML page with the charts inline as SVG', () => {
    const out = join(dir, 'report.html')
    const r = xcollat('report', 'examples/small.yaml', '--route', ROUTE, '--paths', '200', '--out', out)
    expect(r.code, r.stderr).toBe(0)
    const html = readFileSync(out, 'utf8')
    for (const id of ['slippage', 'volatility', 'frontier']) {
      const figure = new RegExp(`<figure data-chart="${id}"><svg[\\s\\S]*?</svg>`).exec(html)?.[0]
      expect(figure, id).toBeDefined()
      expect(figure).toMatch(/<path [^>]*d="M/) // drawn by ECharts, not an empty frame
    }
    expect(html).not.toMatch(/<script|<link |src="http|href="http/)
  })

  it('writes the charts beside the Markdown and links them', () => {
    const out = join(dir, 'onboarding.md')
    const r = xcollat('report', 'examples/small.yaml', '--route', ROUTE, '--paths', '0', '--out', out)
    expect(r.code, r.stderr).toBe(0)
    const md = readFileSync(out, 'utf8')
    expect(md).toContain('![Slippage curve](onboarding.slippage.svg)')
    expect(readFileSync(join(dir, 'onboarding.slippage.svg'), 'utf8')).toMatch(/^<svg/)
    expect(existsSync(join(dir, 'onboarding.frontier.svg'))).toBe(false)
  })

  it.skipIf(!DATA)(
    'charts the price history and validates against it when the data folder is given',
    () => {
      const out = join(dir, 'with-data.html')
      const r = xcollat(
        'report',
        'examples/small.yaml',
        '--route',
        ROUTE,
        '--paths',
        '0',
        '--data',
        DATA!,
        '--out',
        out,
      )
      expect(r.code, r.stderr).toBe(0)
      const html = readFileSync(out, 'utf8')
      expect(html).toMatch(/<figure data-chart="price"><svg[\s\S]*?<path [^>]*d="M/)
      expect(html).toContain('Historically safe LT')
      // Each price file used is listed with its content address.
      expect(html).toMatch(/<td>data<\/td><td>[^<]+\.csv<\/td><td>baf[a-z2-7]+<\/td>/)
    },
    240_000,
  )

  it('names an unknown route', () => {
    const r = xcollat('report', 'examples/small.yaml', '--route', 'nope', '--paths', '0')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('[XC_UNKNOWN_ROUTE]')
  })
})
