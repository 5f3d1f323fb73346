import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function xcollat(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-cli-'))

describe('xcollat assess', () => {
  it('prints the table for the small example and exits 0', () => {
    const r = xcollat('assess', 'examples/small.yaml')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Recommended parameters')
    expect(r.stdout).toContain('weth-eth-arb-canonical')
    expect(r.stdout).toContain('Assumptions')
    expect(r.stdout).not.toContain('\u001b[') // no colour when not a terminal
  })

  it('emits JSON with the documented shape', () => {
    const r = xcollat('assess', 'examples/multichain.yaml', '--format', 'json')
    expect([0, 1]).toContain(r.code)
    const json = JSON.parse(r.stdout) as {
      version: number
      routes: Array<
        Record<string, unknown> & { recommendation: object; components: object; explanation: object[] }
      >
    }
    expect(json.version).toBe(1)
    expect(json.routes.length).toBeGreaterThanOrEqual(10)
    for (const route of json.routes) {
      for (const key of [
        'id',
        'asset',
        'homeChain',
        'debtChain',
        'bridge',
        'recommendation',
        'components',
        'explanation',
      ])
        expect(route).toHaveProperty(key)
      expect(Object.keys(route.recommendation).sort()).toEqual(
        ['eligible', 'liquidationBonus', 'liquidationThreshold', 'ltv', 'supplyCapUsd'].sort(),
      )
      expect(Object.keys(route.components).sort()).toEqual(
        [
          'bridgeHaircut',
          'delayVaR',
          'liquidationHorizonSeconds',
          'oracleError',
          'priceVaR',
          'slippage',
          'trustScore',
        ].sort(),
      )
      for (const term of route.explanation) {
        expect(term).toHaveProperty('term')
        expect(typeof (term as { value: unknown }).value).toMatch(/number|string/)
        expect(term).toHaveProperty('inputs')
        expect(term).toHaveProperty('formula')
      }
    }
  })

  it('exits 1 when current parameters are unsafe (the multichain example has a 1-of-1 DVN route in use)', () => {
    const r = xcollat('assess', 'examples/multichain.yaml', '--format', 'csv')
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n')[0]).toMatch(/^id,asset,homeChain,debtChain,bridge/)
    expect(r.stderr).toContain('unsafe')
  })

  it('writes --out and renders markdown', () => {
    const out = join(dir, 'a.md')
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'md', '--out', out)
    expect(r.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain('# xcollat assessment')
  })

  it('exits 2 on bad input with one line per problem and no stack trace', () => {
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      [
        'version: 1',
        'routes:',
        '  - { id: r, asset: weth, homeChain: ethereum, debtChain: arbitrum, bridge: nope, oracle: eth-usd-arbitrum, venue: v, architecture: synthetic, colour: red }',
      ].join('\n'),
    )
    const r = xcollat('assess', file)
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) expect(line).toMatch(/^error: .*bad\.yaml: routes\[0\]/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const debug = xcollat('--debug', 'assess', file)
    expect(debug.code).toBe(2)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })

  it('reads volatility series from --data (and says so when no data directory is given)', () => {
    const data = mkdtempSync(join(tmpdir(), 'xcollat-data-'))
    writeFileSync(join(data, 'eth.csv'), 'date,close\n1,100\n2,101\n3,99\n4,102\n5,104\n')
    const file = join(dir, 'series.yaml')
    writeFileSync(
      file,
      [
        'version: 1',
        'assets:',
        '  - { id: weth, volatilitySeries: { file: eth.csv, periodSeconds: 86400 } }',
        'venues:',
        '  - { id: pool, chain: arbitrum, kind: constant-product, reserveUsd: 50000000, fee: 0.003 }',
        'routes:',
        '  - { id: r, asset: weth, homeChain: ethereum, debtChain: arbitrum, bridge: arbitrum-canonical, oracle: eth-usd-arbitrum, venue: pool, architecture: synthetic }',
      ].join('\n'),
    )
    const withData = xcollat('assess', file, '--data', data, '--format', 'json')
    expect(withData.code).toBe(0)
    expect(withData.stdout).toContain('derived from eth.csv')
    const { XCOLLAT_DATA_DIR: _, ...env } = process.env
    const without = spawnSync(process.execPath, ['bin/xcollat.js', 'assess', file], { encoding: 'utf8', env })
    expect(without.status).toBe(2)
    expect(without.stderr).toContain('assets[0].volatilitySeries: expected a data directory')
  })

  it('exits 2 on an unknown format', () => {
    const r = xcollat('assess', 'examples/small.yaml', '--format', 'xml')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--format')
  })
})

describe('xcollat schema', () => {
  it('prints a JSON Schema that forbids unknown keys', () => {
    const r = xcollat('schema')
    expect(r.code).toBe(0)
    const schema = JSON.parse(r.stdout) as {
      properties: Record<string, unknown>
      additionalProperties: unknown
    }
    expect(schema.properties).toHaveProperty('routes')
    expect(schema.additionalProperties).toBe(false)
  })
})
