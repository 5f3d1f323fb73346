import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors.js'
import { loadConfig, parseConfig } from './load.js'

const SMALL = `
version: 1
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

function problemsOf(text: string, file = 'protocol.yaml'): readonly string[] {
  try {
    parseConfig({ text, file })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('XC_CONFIG')
    return (error as ConfigError).problems
  }
  return expect.unreachable('expected a ConfigError')
}

describe(parseConfig.name, () => {
  it('resolves a small configuration against the catalog', () => {
    const registry = parseConfig({ text: SMALL, file: 'small.yaml' })
    expect(registry.routes).toHaveLength(1)
    const route = registry.routes[0]
    expect(route?.bridges[0]?.id).toBe('arbitrum-canonical')
    expect(route?.oracle.heartbeatSeconds).toBe(86_400) // catalog: arbitrum eth-usd heartbeat_s 86400
    expect(route?.liquidationSizeUsd).toBe(1_000_000) // the policy default
    expect(registry.policy.confidence).toBe(0.99)
  })

  it('reads JSON by extension', () => {
    const json = JSON.stringify({
      version: 1,
      venues: [{ id: 'pool', chain: 'arbitrum', kind: 'constant-product', reserveUsd: 1e7, fee: 0.003 }],
      routes: [
        {
          id: 'r1',
          asset: 'weth',
          homeChain: 'ethereum',
          debtChain: 'arbitrum',
          bridge: 'arbitrum-canonical',
          oracle: 'eth-usd-arbitrum',
          venue: 'pool',
          architecture: 'synthetic',
        },
      ],
    })
    expect(parseConfig({ text: json, file: 'p.json' }).routes).toHaveLength(1)
    expect(problemsOf('{"version": 1,', 'p.json')[0]).toMatch(/^p\.json: /)
  })

  it('names the file, the path, what was expected and what was found', () => {
    const problems = problemsOf(SMALL.replace('oracle: eth-usd-arbitrum', 'oracle: eth-usd-nowhere'))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('protocol.yaml: routes[0].oracle: expected the id of an oracle')
    expect(problems[0]).toContain('found "eth-usd-nowhere"')
  })

  it('rejects unknown keys (a typo never passes) and reports every problem at once', () => {
    const text = SMALL.replace('    fee: 0.003', '    fee: 0.003\n    feee: 0.3').replace(
      'architecture: synthetic',
      'architecture: synthetik\n    venu: pool',
    )
    const problems = problemsOf(text)
    expect(problems.some((p) => p.includes('venues[0]') && p.includes('"feee"'))).toBe(true)
    expect(problems.some((p) => p.includes('routes[0]') && p.includes('"venu"'))).toBe(true)
    expect(problems.some((p) => p.startsWith('protocol.yaml: routes[0].architecture: expected one of'))).toBe(
      true,
    )
    expect(problems.length).toBeGreaterThanOrEqual(3)
  })

  it('still checks the references of a route that failed its schema, but not references to failed entries', () => {
    const text = `
version: 1
bridges:
  - { id: half-bridge, kind: ccip }
venues:
  - { id: pool, chain: arbitrum, kind: constant-product, reserveUsd: 10000000, fee: 0.003 }
routes:
  - { id: r1, asset: wethh, homeChain: ethereum, debtChain: arbitrum, bridge: arbitrum-canonical, oracle: eth-usd-arbitrum, venue: poool, architecture: synth }
  - { id: r2, asset: weth, homeChain: ethereum, debtChain: arbitrum, bridge: half-bridge, oracle: eth-usd-arbitrum, venue: pool, architecture: synthetic }
`
    const problems = problemsOf(text)
    const count = (s: string) => problems.filter((p) => p.includes(s)).length
    expect(count('protocol.yaml: routes[0].architecture: expected one of')).toBe(1)
    expect(count('protocol.yaml: routes[0].asset: expected the id of an asset')).toBe(1)
    expect(count('protocol.yaml: routes[0].venue: expected the id of a venue')).toBe(1)
    expect(count('routes[0].bridge')).toBe(0)
    expect(count('routes[0].oracle')).toBe(0)
    // the half-written bridge is reported once, at its own path, not again at the route using it
    expect(count('protocol.yaml: bridges[0]')).toBeGreaterThan(0)
    expect(count('routes[1]')).toBe(0)
  })

  it('checks references, cross-field rules and duplicates', () => {
    const text = `
version: 1
bridges:
  - id: my-bridge
    name: mine
    kind: external-threshold
    representation: wrapped
    mechanism: lock-and-mint
    trust:
      kind: externalThreshold
      implementationBug: 0.01
      verifiers: { type: threshold, threshold: 3, members: [{ id: a, operator: a, tags: [], pCompromise: 0.01, pOffline: 0.01 }] }
    verificationSeconds: 60
    executionSeconds: 60
venues:
  - { id: pool, chain: mars, kind: constant-product, reserveUsd: 1000, fee: 0.003 }
routes:
  - { id: r1, asset: weth, homeChain: ethereum, debtChain: ethereum, bridge: my-bridge, oracle: eth-usd-arbitrum, venue: pool, architecture: synthetic }
  - { id: r1, asset: doge, homeChain: ethereum, debtChain: arbitrum, bridge: [my-bridge, nope], oracle: eth-usd-arbitrum, venue: pool, architecture: synthetic }
markets:
  - { id: m, collateral: [{ route: r9, current: { ltv: 0.9, liquidationThreshold: 0.8, liquidationBonus: 0.05 } }] }
`
    const problems = problemsOf(text)
    const has = (s: string) => expect(problems.some((p) => p.includes(s))).toBe(true)
    has('bridges[0].trust.verifiers.threshold: expected at most 1')
    has('venues[0].chain: expected a chain id, found "mars"')
    has('routes[0].debtChain: expected a chain other than the home chain')
    has('routes[0].oracle: expected a feed on the debt chain "ethereum"')
    has('routes[1].id: expected a unique id')
    has('routes[1].asset: expected the id of an asset')
    has('routes[1].bridge[1]: expected the id of a bridge')
    has('markets[0].collateral[0].route: expected the id of a route, found "r9"')
    has('markets[0].collateral[0].current.ltv: expected at most liquidationThreshold')
  })

  it('lets a file override a catalog entry field by field and drops the overridden assumptions', () => {
    const text = `${SMALL}
oracles:
  - { id: eth-usd-arbitrum, deviationThreshold: 0.002, updateLatencySeconds: 30 }
`
    const registry = parseConfig({ text, file: 'o.yaml' })
    const oracle = registry.oracles.get('eth-usd-arbitrum')
    expect(oracle?.deviationThreshold).toBe(0.002)
    expect(oracle?.heartbeatSeconds).toBe(86_400) // kept from the catalog
    expect(oracle?.assumptions?.deviationThreshold).toBeUndefined()
    expect(oracle?.source).toContain('o.yaml overrides deviationThreshold, updateLatencySeconds')
  })

  it('requires every field of an entry that is not in the catalog', () => {
    const problems = problemsOf(`${SMALL}\nchains:\n  - { id: zora, name: Zora }\n`)
    expect(problems.some((p) => p.includes('chains[0].kind') && p.includes('not in the catalog'))).toBe(true)
  })

  it('explains a wrong discriminator with the allowed values', () => {
    const problems = problemsOf(SMALL.replace('kind: constant-product', 'kind: orderbook'))
    expect(problems.some((p) => p.includes('venues[0]') && p.includes('orderbook'))).toBe(true)
  })

  it('reports YAML syntax errors with a line and a column', () => {
    const problems = problemsOf('version: 1\nroutes: [\n  - a: 1\n')
    expect(problems[0]).toMatch(/^protocol\.yaml: line \d+, column \d+: expected valid YAML/)
  })

  it('rejects a top level that is not a mapping', () => {
    expect(problemsOf('- 1\n- 2\n')[0]).toContain('(top level): expected a mapping')
    expect(problemsOf('')[0]).toContain('(top level): expected a mapping')
  })
})

describe(loadConfig.name, () => {
  it('loads both examples', async () => {
    const small = await loadConfig('examples/small.yaml')
    expect(small.routes.length).toBeGreaterThan(0)
    const multi = await loadConfig('examples/multichain.yaml')
    const chains = new Set(multi.routes.flatMap((r) => [r.homeChain.id, r.debtChain.id]))
    for (const c of ['ethereum', 'arbitrum', 'base', 'optimism', 'solana']) expect(chains.has(c)).toBe(true)
  })

  it('turns a missing file into one problem line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-'))
    await expect(loadConfig(join(dir, 'absent.yaml'))).rejects.toBeInstanceOf(ConfigError)
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'version: 2\nroutes: []\n')
    await expect(loadConfig(file)).rejects.toMatchObject({ code: 'XC_CONFIG' })
  })

  it('derives volatility from a price series under the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-data-'))
    writeFileSync(
      join(dir, 'p.csv'),
      'date,close\n2024-01-01,100\n2024-01-02,101\n2024-01-03,99\n2024-01-04,102\n',
    )
    const text = SMALL.replace(
      'venues:',
      'assets:\n  - { id: weth, volatilitySeries: { file: p.csv, periodSeconds: 86400 } }\nvenues:',
    )
    const file = join(dir, 'c.yaml')
    writeFileSync(file, text)
    const registry = await loadConfig(file, { dataDir: dir })
    // python3 (stdlib): statistics.stdev of ln(101/100), ln(99/101), ln(102/99), × sqrt(365) = 0.4794397641188397
    expect(registry.assets.get('weth')?.volatilityAnnual).toBeCloseTo(0.4794397641188397, 12)
    expect(registry.assets.get('weth')?.assumptions?.volatilityAnnual).toBeUndefined()
    // without a data directory: one problem naming the path
    await expect(loadConfig(file)).rejects.toMatchObject({ code: 'XC_CONFIG' })
    // a file outside the data directory, or a missing column, is a problem, not an exception
    writeFileSync(file, text.replace('file: p.csv', 'file: ../p.csv'))
    await expect(loadConfig(file, { dataDir: dir })).rejects.toBeInstanceOf(ConfigError)
    writeFileSync(file, text.replace('file: p.csv', 'file: p.csv, column: open'))
    await expect(loadConfig(file, { dataDir: dir })).rejects.toBeInstanceOf(ConfigError)
  })
})
