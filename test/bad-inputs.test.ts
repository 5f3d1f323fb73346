import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The scripted bad-input run, kept: each case is what a new user might type, with the exit code
// and the first error line it must give. Every case also checks the general promises: no stack
// trace, no raw runtime message, no NaN, lines of readable length.

const BIN = resolve('bin/xcollat.js')
const dir = mkdtempSync(join(tmpdir(), 'xcollat-bad-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BASE = `version: 1
venues:
  - id: pool
    chain: arbitrum
    kind: constant-product
    reserveUsd: 10000000
    fee: 0.003
routes:
  - id: r1
    asset: weth
    homeChain: ethereum
    debtChain: arbitrum
    bridge: arbitrum-canonical
    oracle: eth-usd-arbitrum
    venue: pool
    architecture: synthetic
`

/** 4 KB of fixed pseudo-random bytes (an LCG), like a binary file passed by mistake. */
function binary(): Buffer {
  const out = Buffer.alloc(4096)
  let x = 12345
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

function priceCsv(bad?: { row: number; value: string }): string {
  const rows = ['t,p']
  for (let i = 0; i < 41; i++)
    rows.push(`${1_583_020_800 + i * 3600},${bad && bad.row === i ? bad.value : String(200 - i)}`)
  return `${rows.join('\n')}\n`
}

const FILES: Record<string, string | Buffer> = {
  'base.yaml': BASE,
  'empty.yaml': '',
  'binary.yaml': binary(),
  'syntax.yaml': 'version: 1\nroutes: [\n',
  'syntax.json': '{"version": 1,',
  'list.yaml': '- 1\n- 2\n',
  'typo.yaml': BASE.replace('    venue: pool', '    venu: pool'),
  'sigma.yaml': BASE.replace('venues:', 'assets:\n  - id: weth\n    volatilityAnnual: 80\nvenues:'),
  'hops.yaml': BASE.replace('bridge: arbitrum-canonical', 'bridge: [arbitrum-canonical, arbitrum-canonical]'),
  'market-chain.yaml': `${BASE}markets:\n  - id: m\n    chain: optimism\n    collateral:\n      - route: r1\n`,
  'markets-twice.yaml': `${BASE}markets:\n  - id: m\n    collateral:\n      - route: r1\n  - id: m\n    collateral:\n      - route: r1\n`,
  'long.yaml': `${BASE}    acceptSinglePointOfFailure: ${'x'.repeat(600)}\n`,
  'source-chain.yaml': BASE.replace(
    'venues:',
    'bridges:\n  - id: arbitrum-canonical\n    trust: { kind: lightClient, sourceChain: nowhere, sourceChainCompromise: 0.0001, implementationBug: 0.01 }\nvenues:',
  ),
  'big.csv': priceCsv({ row: 20, value: '1e308' }),
  'short.csv': 't,p\n1583020800,200\n1583024400,199\n',
}
for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content)

const FIX = ' — Fix each listed path (run `xcollat schema` for the allowed keys and types).'
const BACKTEST = ['backtest', '--scenario', 'eth-2020-03', '--lt', '0.8', '--ltv', '0.7', '--bonus', '0.05']

type Case = {
  readonly name: string
  readonly args: readonly string[]
  readonly code: number
  /** The first line of stderr: exact, or a pattern where the rest of the line is another module's wording. */
  readonly first: string | RegExp
}

const CASES: readonly Case[] = [
  // configuration files
  {
    name: 'a file that does not exist',
    args: ['assess', 'missing.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] missing.yaml: expected a readable file, found ENOENT${FIX}`,
  },
  {
    name: 'an empty file',
    args: ['assess', 'empty.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] empty.yaml: (top level): expected a mapping with "version" and "routes", found nothing${FIX}`,
  },
  {
    name: '4 KB of binary: named as such, not echoed back',
    args: ['assess', 'binary.yaml'],
    code: 2,
    first:
      /^error: \[XC_CONFIG\] binary\.yaml: \(top level\): expected a text file \(YAML or JSON\), found binary data \(\d+ characters\) — /,
  },
  {
    name: 'a YAML syntax error, with its line',
    args: ['assess', 'syntax.yaml'],
    code: 2,
    first: /^error: \[XC_CONFIG\] syntax\.yaml: line 3, column 1: expected valid YAML, found /,
  },
  {
    name: 'a JSON syntax error',
    args: ['assess', 'syntax.json'],
    code: 2,
    first: /^error: \[XC_CONFIG\] syntax\.json: expected valid JSON, found a syntax error/,
  },
  {
    name: 'a list instead of a mapping',
    args: ['assess', 'list.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] list.yaml: (top level): expected a mapping with "version" and "routes", found a list${FIX}`,
  },
  {
    name: 'a typo in a key',
    args: ['assess', 'typo.yaml'],
    code: 2,
    first: 'error: [XC_CONFIG] typo.yaml: routes[0].venue: expected string, found nothing',
  },
  {
    name: 'a volatility given in percent',
    args: ['assess', 'sigma.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] sigma.yaml: assets[0].volatilityAnnual: expected ≤ 20, found 80${FIX}`,
  },
  {
    name: 'the same bridge twice in a path',
    args: ['assess', 'hops.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] hops.yaml: routes[0].bridge[1]: expected each bridge once in a route's path (a repeated hop is the same bridge, not an independent one), found "arbitrum-canonical" again (first at routes[0].bridge[0])${FIX}`,
  },
  {
    name: "a market on a chain that is not the route's debt chain",
    args: ['assess', 'market-chain.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] market-chain.yaml: markets[0].collateral[0].route: expected a route whose debtChain is the market's chain "optimism", found "r1" with debtChain "arbitrum"${FIX}`,
  },
  {
    name: 'two markets with one id',
    args: ['assess', 'markets-twice.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] markets-twice.yaml: markets[1].id: expected a unique id, found "m" again (first at markets[0])${FIX}`,
  },
  {
    name: 'a string too long, in characters',
    args: ['assess', 'long.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] long.yaml: routes[0].acceptSinglePointOfFailure: expected at most 500 characters, found 600 characters${FIX}`,
  },
  {
    name: 'a light-client bridge on an unknown source chain',
    args: ['assess', 'source-chain.yaml'],
    code: 2,
    first: `error: [XC_CONFIG] source-chain.yaml: bridges[0].trust.sourceChain: expected a chain id (the chain whose consensus the lightClient bridge verifies), found "nowhere"${FIX}`,
  },
  // options
  {
    name: 'an unknown command',
    args: ['frobnicate'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] <command>: expected one of assess, .*found "frobnicate"/,
  },
  {
    name: 'assess without a file',
    args: ['assess'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] <file>: expected a value, found nothing/,
  },
  {
    name: 'an unknown output format',
    args: ['assess', 'base.yaml', '--format', 'xml'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] --format: expected one of table, json, .*found "xml"/,
  },
  {
    name: 'a number of paths that is not a number',
    args: ['simulate', 'base.yaml', '--paths', 'abc'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] --paths: expected a whole number from 1 to \d+, found "abc"/,
  },
  {
    name: 'a negative number of paths',
    args: ['simulate', 'base.yaml', '--paths', '-5'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] --paths: expected a whole number from 1 to \d+, found "-5"/,
  },
  {
    name: 'an epsilon above its range',
    args: ['solve', 'base.yaml', '--epsilon', '2'],
    code: 2,
    first: /^error: \[XC_BAD_OPTION\] --epsilon: expected a number from 0\.001 to 0\.5, found "2"/,
  },
  {
    name: 'an unknown protocol scenario',
    args: ['scenario', 'nope'],
    code: 2,
    first: /^error: \[XC_UNKNOWN_SCENARIO\] No scenario named "nope"\./,
  },
  {
    name: 'an unknown market scenario',
    args: ['backtest', '--scenario', 'nope'],
    code: 2,
    first: /^error: \[XC_UNKNOWN_SCENARIO\] No scenario named "nope"\./,
  },
  {
    name: 'a liquidation threshold above 1',
    args: [
      'backtest',
      '--scenario',
      'eth-2020-03',
      '--lt',
      '1.5',
      '--ltv',
      '0.7',
      '--bonus',
      '0.05',
      '--horizon',
      '3600',
      '--asset',
      'ETH',
    ],
    code: 2,
    // the instruction says something new (the percent mistake), once
    first:
      'error: [XC_BAD_OPTION] --lt: expected a number from 0.0001 to 0.9999, found "1.5". --lt is a fraction, not a percent: 1.5 % is 0.015. — Fix each option (see `xcollat backtest --help`).',
  },
  {
    name: 'an unknown market scenario lists the market names once',
    args: [
      'backtest',
      '--scenario',
      'nope',
      '--lt',
      '0.8',
      '--ltv',
      '0.7',
      '--bonus',
      '0.05',
      '--horizon',
      '3600',
    ],
    code: 2,
    first:
      'error: [XC_UNKNOWN_SCENARIO] No scenario named "nope". Use one of: crash-40-24h, eth-2020-03, luna-ust-2022-05, steth-2022-06, ftx-2022-11, usdc-svb-2023-03, nomad-2022-08, kelp-rseth-2026-04 (see `xcollat scenario --list`). — Fix each option (see `xcollat backtest --help`).',
  },
  {
    name: 'a protocol scenario given to backtest names the command that runs it',
    args: [
      'backtest',
      '--scenario',
      'oracle-delay',
      '--lt',
      '0.8',
      '--ltv',
      '0.7',
      '--bonus',
      '0.05',
      '--horizon',
      '3600',
    ],
    code: 2,
    first:
      'error: [XC_SCENARIO_ENGINE] "oracle-delay" runs on the protocol engine, not the market engine. Run it with `xcollat scenario oracle-delay`; `xcollat scenario --list` shows which engines run each scenario. — Fix each option (see `xcollat backtest --help`).',
  },
  {
    name: 'a market scenario given to scenario names the command that runs it',
    args: ['scenario', 'eth-2020-03'],
    code: 2,
    first:
      'error: [XC_SCENARIO_ENGINE] "eth-2020-03" runs on the market engine, not the protocol engine. — Run it with `xcollat backtest --scenario eth-2020-03 <config>`; `xcollat scenario --list` shows which engines run each scenario.',
  },
  // price files
  {
    name: 'a price of 1e308 in a CSV: a clear error, not a raw BigInt message',
    args: [...BACKTEST, '--horizon', '3600', '--asset', 'ETH', '--price', 'ETH=big.csv:p'],
    code: 2,
    first: /^error: \[XC_SERIES_VALUE\] big\.csv: line 22: p "1e308" is above \d+\./,
  },
  {
    name: 'a 2-row price file for a month-long scenario: refused by its coverage, not replayed as $0',
    args: [...BACKTEST, '--horizon', '3600', '--asset', 'ETH', '--price', 'ETH=short.csv:p'],
    code: 2,
    first: /^error: \[XC_SERIES_COVERAGE\] short\.csv \(p\) covers [\d.]+ % of the window /,
  },
  {
    name: 'a price file that does not exist',
    args: [...BACKTEST, '--horizon', '3600', '--asset', 'ETH', '--price', 'ETH=none.csv:p'],
    code: 2,
    first: /^error: \[XC_CSV\] none\.csv: cannot read file \(ENOENT\)/,
  },
]

function xcollat(args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.XCOLLAT_DATA_DIR // the same answers with or without a data folder
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}

describe('bad inputs through the CLI', () => {
  it.each(CASES)('$name', ({ args, code, first }) => {
    const r = xcollat(args)
    expect(r.signal).toBeNull()
    const lines = r.stderr.split('\n').filter((l) => l !== '')
    if (typeof first === 'string') expect(lines[0]).toBe(first)
    else expect(lines[0]).toMatch(first)
    expect(r.code).toBe(code)
    expect(r.stderr).not.toMatch(/^\s+at /m) // no stack trace
    expect(r.stderr).not.toMatch(/TypeError|RangeError|SyntaxError:|BigInt|NaN|undefined/)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(600)
  })
})

describe('a legal configuration at the limits', () => {
  it('assesses a 1,000-member set, threshold 500, with 20 shared tags', () => {
    const names = Array.from({ length: 20 }, (_, i) => `tag${i}`)
    const members = Array.from({ length: 1000 }, (_, i) => ({
      id: `v${i}`,
      operator: `op${i}`,
      tags: [names[i % 20], ...(i % 3 === 0 ? [names[(i + 1) % 20]] : [])],
      pCompromise: 0.01,
      pOffline: 0.01,
    }))
    const config = {
      version: 1,
      bridges: [
        {
          id: 'big-committee',
          name: 'A 500-of-1000 committee',
          kind: 'external-threshold',
          representation: 'wrapped',
          mechanism: 'lock-and-mint',
          verificationSeconds: 600,
          executionSeconds: 60,
          trust: {
            kind: 'externalThreshold',
            implementationBug: 0.01,
            verifiers: {
              type: 'threshold',
              threshold: 500,
              members,
              tagRisk: Object.fromEntries(names.map((t) => [t, { pCompromise: 0.005, pOffline: 0.002 }])),
            },
          },
        },
      ],
      venues: [{ id: 'pool', chain: 'arbitrum', kind: 'constant-product', reserveUsd: 1e7, fee: 0.003 }],
      routes: [
        {
          id: 'r1',
          asset: 'weth',
          homeChain: 'ethereum',
          debtChain: 'arbitrum',
          bridge: 'big-committee',
          oracle: 'eth-usd-arbitrum',
          venue: 'pool',
          architecture: 'synthetic',
        },
      ],
    }
    writeFileSync(join(dir, 'committee.json'), JSON.stringify(config))
    const r = xcollat(['assess', 'committee.json', '--format', 'json'])
    expect(r.stderr).toBe('')
    expect([0, 1]).toContain(r.code)
    expect(r.stdout).toContain('big-committee')
  })
})
