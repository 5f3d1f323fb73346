import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// A config whose asset gives `volatilitySeries` instead of `volatilityAnnual`: every command that
// loads a config must read it from the data folder, given by --data or by XCOLLAT_DATA_DIR.
const data = mkdtempSync(join(tmpdir(), 'xcollat-data-'))
const prices = Array.from(
  { length: 60 },
  (_, i) => `${i + 1},${(2000 * Math.exp(0.02 * Math.sin(i))).toFixed(2)}`,
)
writeFileSync(join(data, 'eth.csv'), `date,close\n${prices.join('\n')}\n`)
const config = join(mkdtempSync(join(tmpdir(), 'xcollat-cfg-')), 'series.yaml')
writeFileSync(
  config,
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

const { XCOLLAT_DATA_DIR: _, ...baseEnv } = process.env

function xcollat(args: readonly string[], env: Record<string, string | undefined> = baseEnv) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const COMMANDS: Record<string, readonly string[]> = {
  assess: ['assess', config, '--format', 'json'],
  simulate: ['simulate', config, '--paths', '50', '--seed', '1', '--horizon', '3600', '--format', 'json'],
  backtest: ['backtest', config, '--scenario', 'crash-40-24h', '--format', 'json'],
  solve: [
    'solve',
    config,
    '--paths',
    '40',
    '--epsilon',
    '0.25',
    '--confirm-paths',
    '40',
    '--horizon',
    '3600',
    '--format',
    'json',
  ],
}

describe.each(Object.entries(COMMANDS))('xcollat %s with a volatilitySeries config', (_name, args) => {
  it('reads the series from --data', () => {
    const r = xcollat([...args, '--data', data])
    expect([0, 1], r.stderr).toContain(r.code)
    const out = JSON.parse(r.stdout) as { inputs: { data?: string } }
    expect(out.inputs.data).toBe(data)
  })

  it('reads the series from XCOLLAT_DATA_DIR', () => {
    const r = xcollat(args, { ...baseEnv, XCOLLAT_DATA_DIR: data })
    expect([0, 1], r.stderr).toContain(r.code)
    expect((JSON.parse(r.stdout) as { inputs: { data?: string } }).inputs.data).toBe(data)
  })

  it('without a data folder, says to give one, in one line per problem', () => {
    const r = xcollat(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('assets[0].volatilitySeries: expected a data directory')
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^error: \[XC_CONFIG\] /)
  })
})
