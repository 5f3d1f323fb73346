import { describe, expect, it } from 'vitest'
import { assetSchema, bridgeSchema, chainSchema, oracleSchema } from '../schema.js'
import { CATALOG } from './catalog.js'

describe('CATALOG', () => {
  const entries = [
    ...CATALOG.chains.map((e) => ['chain', e, chainSchema] as const),
    ...CATALOG.bridges.map((e) => ['bridge', e, bridgeSchema] as const),
    ...CATALOG.oracles.map((e) => ['oracle', e, oracleSchema] as const),
    ...CATALOG.assets.map((e) => ['asset', e, assetSchema] as const),
  ]

  it.each(
    entries.map(([kind, e, schema]) => [`${kind} ${e.id}`, e, schema] as const),
  )('%s validates and carries a source and an asOf date', (_, entry, schema) => {
    expect(schema.safeParse(entry).success).toBe(true)
    expect(entry.source?.length ?? 0).toBeGreaterThan(0)
    expect(entry.asOf).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/)
  })

  it('has the chains and bridges the issue names', () => {
    const chains = CATALOG.chains.map((c) => c.id)
    for (const c of ['ethereum', 'arbitrum', 'optimism', 'base', 'polygon', 'avalanche', 'bnb', 'solana'])
      expect(chains).toContain(c)
    const kinds = new Set(CATALOG.bridges.map((b) => b.kind))
    for (const k of [
      'optimistic-canonical',
      'external-threshold',
      'layerzero-oft',
      'ccip',
      'cctp',
      'axelar',
      'ibc',
    ])
      expect(kinds.has(k as never)).toBe(true)
  })

  it('has unique ids per section', () => {
    for (const section of [CATALOG.chains, CATALOG.bridges, CATALOG.oracles, CATALOG.assets]) {
      const ids = section.map((e) => e.id)
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('states structural facts as the sources give them', () => {
    const bridge = (id: string) => CATALOG.bridges.find((b) => b.id === id)
    // bridge_security_params.csv (l2beat portal.ts): "2/3 of Guardians (13 of 19)"
    const wormhole = bridge('wormhole')?.trust
    expect(wormhole?.kind === 'externalThreshold' && wormhole.verifiers).toMatchObject({
      type: 'threshold',
      threshold: 13,
    })
    expect(
      wormhole?.kind === 'externalThreshold' && (wormhole.verifiers as { members: unknown[] }).members,
    ).toHaveLength(19)
    // Arbitrum and OP Stack docs: one-week (7 × 86 400 s) challenge / fault-proof window
    for (const id of ['arbitrum-canonical', 'optimism-canonical', 'base-canonical'])
      expect(bridge(id)?.challenge?.windowSeconds).toBe(604_800)
    // ethereum.org: finality after 2 epochs of 32 slots of 12 s = 768 s
    expect(CATALOG.chains.find((c) => c.id === 'ethereum')?.finalitySeconds).toBe(768)
  })

  it('copies heartbeats and decimals from chainlink_feeds_heartbeat.csv', () => {
    // Rows of the heartbeat file (network,feed_key,…,decimals,heartbeat_s), copied by hand:
    //   ethereum,eth-usd,…,8,3600   arbitrum,eth-usd,…,8,86400   optimism,eth-usd,…,8,1200
    //   base,eth-usd,…,8,1200       ethereum,usdc-usd,…,8,86400  arbitrum,rseth-eth,…,18,86400
    //   optimism,wbtc-usd,…,8,1200  ethereum,sol-usd,…,8,86400
    // (All 22 catalog feeds and the three L2 sequencer uptime feeds were also checked against the
    // file's proxy_address, decimals and heartbeat_s with python3's csv module: all match.)
    const expected: ReadonlyArray<readonly [string, number, number]> = [
      ['eth-usd-ethereum', 8, 3600],
      ['eth-usd-arbitrum', 8, 86_400],
      ['eth-usd-optimism', 8, 1200],
      ['eth-usd-base', 8, 1200],
      ['usdc-usd-ethereum', 8, 86_400],
      ['rseth-eth-arbitrum', 18, 86_400],
      ['wbtc-usd-optimism', 8, 1200],
      ['sol-usd-ethereum', 8, 86_400],
    ]
    for (const [id, decimals, heartbeat] of expected) {
      const o = CATALOG.oracles.find((x) => x.id === id)
      expect(o?.decimals).toBe(decimals)
      expect(o?.heartbeatSeconds).toBe(heartbeat)
    }
  })

  it('marks every deviation threshold as an assumption (the source has none)', () => {
    for (const o of CATALOG.oracles) expect(o.assumptions?.deviationThreshold).toBeDefined()
  })
})
