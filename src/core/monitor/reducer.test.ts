import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HealthFactor, healthFactor } from '../risk/health.js'
import { WAD } from '../units/wad.js'
import { belowWithHysteresis } from './alerts.js'
import { DEFAULT_HEALTH_BANDS, healthBand, hysteresisBand, marketHealth } from './health.js'
import { reassessRoute } from './reassess.js'
import {
  DEFAULT_MONITOR_CONFIG,
  InvalidObservationError,
  initialMonitorState,
  reduce,
  replay,
} from './reducer.js'
import type { Effect, MonitorState, Observation, PositionRead, UlnConfigValue } from './types.js'

const config = { ...DEFAULT_MONITOR_CONFIG, staleAfterMs: 10_000 }
const DVN_A = '0x00000000000000000000000000000000000000a1'
const DVN_B = '0x00000000000000000000000000000000000000b2'

function uln(required: readonly string[]): UlnConfigValue {
  return {
    confirmations: 1n,
    requiredDVNCount: required.length,
    optionalDVNCount: 0,
    optionalDVNThreshold: 0,
    requiredDVNs: required,
    optionalDVNs: [],
  }
}

/** One WETH-like collateral (18 decimals, 8-decimal price, LT 85 %) against USDC debt (6 decimals). */
function position(account: string, credit: bigint, debtUsdc: bigint, priceE8: bigint): PositionRead {
  return {
    account,
    collaterals: [
      { amount: credit, decimals: 18, price: priceE8, priceDecimals: 8, liquidationThresholdBps: 8_500n },
    ],
    debts: debtUsdc === 0n ? [] : [{ amount: debtUsdc, decimals: 6, price: 100_000_000n, priceDecimals: 8 }],
  }
}

function book(priceE8: bigint, block: bigint): Observation {
  return {
    type: 'positions',
    at: { chain: 'debt', block, time: 1_000n + block },
    blockHash: `0x${block.toString(16).padStart(64, '0')}`,
    market: 'pm',
    positions: [
      position('0x01', 10n * WAD, 16_000_000_000n, priceE8), // HF 1.0625 at $2,000
      position('0x02', 10n * WAD, 10_000_000_000n, priceE8), // HF 1.7 at $2,000
      position('0x03', 1n * WAD, 0n, priceE8), // no debt
    ],
  }
}

const at = (block: bigint) => ({ chain: 'debt', block, time: 1_000n + block })

/** A recorded session: blocks, feeds, a DVN change and its restoration, a backing breach, a crash, an RPC outage. */
const LOG: readonly Observation[] = [
  { type: 'rpc', chain: 'debt', ok: true, atMs: 0 },
  { type: 'block', chain: 'debt', number: 1n, hash: '0x1', parentHash: '0x0', timestamp: 1_001n },
  {
    type: 'ulnConfig',
    at: at(1n),
    route: 'pm<-home',
    oapp: '0xpm',
    library: '0xrecv',
    remoteEid: 30_001,
    effective: uln([DVN_A, DVN_B]),
  },
  { type: 'backing', at: at(1n), route: 'weth', locked: 20n * WAD, supply: 20n * WAD, decimals: 18 },
  book(200_000_000_000n, 1n),
  {
    type: 'feedRound',
    at: at(1n),
    feed: '0xfeed',
    description: 'WETH / USD',
    roundId: 1n,
    answer: 200_000_000_000n,
    updatedAt: 1_000n,
    decimals: 8,
    minAnswer: 1n,
    maxAnswer: 10n ** 14n,
    heartbeatSeconds: 3_600n,
  },
  { type: 'block', chain: 'debt', number: 2n, hash: '0x2', parentHash: '0x1', timestamp: 1_002n },
  {
    type: 'ulnConfig',
    at: at(2n),
    route: 'pm<-home',
    oapp: '0xpm',
    library: '0xrecv',
    remoteEid: 30_001,
    effective: uln([DVN_A]),
  },
  { type: 'backing', at: at(2n), route: 'weth', locked: 20n * WAD, supply: 25n * WAD, decimals: 18 },
  book(150_000_000_000n, 2n),
  { type: 'rpc', chain: 'debt', ok: false, atMs: 5_000, error: 'ECONNREFUSED' },
  { type: 'rpc', chain: 'debt', ok: false, atMs: 12_000, error: 'ECONNREFUSED' },
  { type: 'readFailed', at: at(2n), scope: 'backing:weth', what: 'balanceOf(vault)', error: 'timeout' },
  { type: 'rpc', chain: 'debt', ok: true, atMs: 15_000 },
  { type: 'block', chain: 'debt', number: 3n, hash: '0x3', parentHash: '0x2', timestamp: 1_003n },
  {
    type: 'ulnConfig',
    at: at(3n),
    route: 'pm<-home',
    oapp: '0xpm',
    library: '0xrecv',
    remoteEid: 30_001,
    effective: uln([DVN_A, DVN_B]),
  },
  { type: 'backing', at: at(3n), route: 'weth', locked: 25n * WAD, supply: 25n * WAD, decimals: 18 },
  book(250_000_000_000n, 3n),
]

function kinds(effects: readonly Effect[], type: Effect['type']): string[] {
  return effects.flatMap((e) => (e.type === type && 'alert' in e ? [e.alert.key] : []))
}

function stateAfter(log: readonly Observation[]): { state: MonitorState; effects: readonly Effect[] } {
  return replay(log, config)
}

describe(replay.name, () => {
  it('replays a recorded observation log to the same alerts and snapshots twice (determinism)', () => {
    const a = replay(LOG, config)
    const b = replay(LOG, config)
    expect(b.effects).toEqual(a.effects)
    expect(b.state).toEqual(a.state)
    // and the same through a JSON round trip of the log, as the shell stores it
    const json = JSON.stringify(LOG, (_k, v) => (typeof v === 'bigint' ? { $n: v.toString() } : v))
    const parsed = JSON.parse(json, (_k, v) =>
      v !== null && typeof v === 'object' && typeof v.$n === 'string' ? BigInt(v.$n) : v,
    ) as Observation[]
    expect(replay(parsed, config).effects).toEqual(a.effects)
  })

  it('raises, then resolves, every condition of the recorded session, each key once', () => {
    const { state, effects } = stateAfter(LOG)
    const raised = kinds(effects, 'raise')
    expect(raised).toEqual([
      'health-factor:pm:0x01',
      'dvn-count-fell:pm<-home',
      'dvn-set-changed:pm<-home',
      'dvn-single-point:pm<-home',
      'backing-breach:weth',
      'chain-stale:debt',
      'read-failed:backing:weth',
    ])
    // $2,000: HF 1.0625 (danger); $1,500: 0.796875 (critical); $2,500: 1.328125 (healthy)
    expect(
      effects.flatMap((e) =>
        e.type === 'update' ? [`${e.alert.key}:${e.previous}->${e.alert.severity}`] : [],
      ),
    ).toEqual(['health-factor:pm:0x01:danger->critical'])
    expect(new Set(raised).size).toBe(raised.length)
    expect(kinds(effects, 'resolve').sort()).toEqual([
      'backing-breach:weth',
      'chain-stale:debt',
      'dvn-count-fell:pm<-home',
      'dvn-set-changed:pm<-home',
      'dvn-single-point:pm<-home',
      'health-factor:pm:0x01',
      'read-failed:backing:weth',
    ])
    expect(state.alerts).toEqual({})
  })

  it('names the index of an unknown observation', () => {
    expect(() => replay([...LOG, { type: 'mystery' } as never], config)).toThrow(InvalidObservationError)
    try {
      replay([{ type: 'mystery' } as never], config)
    } catch (e) {
      expect((e as InvalidObservationError).code).toBe('XC_MONITOR_OBSERVATION')
      expect((e as Error).message).toContain('index 0')
    }
  })
})

describe('bridge configuration', () => {
  it('a fall from 2 required DVNs to 1 is critical and carries the route reassessed before and after', () => {
    const { effects } = replay(LOG.slice(0, 8), config)
    const raise = effects.find((e) => e.type === 'raise' && e.alert.kind === 'dvn-count-fell')
    expect(raise?.type).toBe('raise')
    if (raise?.type !== 'raise') return
    expect(raise.alert.severity).toBe('critical')
    const r = raise.alert.details.reassessment as {
      before: { trustScore: number }
      after: { trustScore: number; eligible: boolean }
    }
    const before = reassessRoute(uln([DVN_A, DVN_B]), config.trust)
    const after = reassessRoute(uln([DVN_A]), config.trust)
    expect(r.before.trustScore).toBe(before.trustScore)
    expect(r.after.trustScore).toBe(after.trustScore)
    expect(after.trustScore).toBeLessThan(before.trustScore)
    // a 1-of-1 DVN above the tiny cap is a single point of failure: not eligible, no cap
    expect(after.eligible).toBe(false)
    expect(after.capUsd).toBe(0)
    expect(before.eligible).toBe(true)
    // the seed's adjusted factor: floor(8000 · score / 100)
    expect(before.adjustedCollateralFactorBps).toBe(Math.floor((8_000 * before.trustScore) / 100))
  })
})

describe('fails closed', () => {
  it('a failed backing read is a critical alert, not a pass, until a read succeeds', () => {
    const failed: Observation = {
      type: 'readFailed',
      at: at(1n),
      scope: 'backing:weth',
      what: 'balanceOf',
      error: 'reverted',
    }
    const [s1, e1] = reduce(initialMonitorState(), failed, config)
    expect(e1).toHaveLength(1)
    expect(e1[0]?.type === 'raise' && e1[0].alert.severity).toBe('critical')
    const [s2, e2] = reduce(s1, failed, config)
    expect(e2).toEqual([]) // no duplicate
    const [, e3] = reduce(
      s2,
      { type: 'backing', at: at(2n), route: 'weth', locked: 1n, supply: 1n, decimals: 18 },
      config,
    )
    expect(kinds(e3, 'resolve')).toEqual(['read-failed:backing:weth'])
  })

  it('a chain whose RPC never answered is stale at the first failure', () => {
    const [, e] = reduce(initialMonitorState(), { type: 'rpc', chain: 'home', ok: false, atMs: 1 }, config)
    expect(kinds(e, 'raise')).toEqual(['chain-stale:home'])
  })

  it('a failure within staleAfterMs of the last answer is not yet stale', () => {
    const { effects } = replay(
      [
        { type: 'rpc', chain: 'home', ok: true, atMs: 0 },
        { type: 'rpc', chain: 'home', ok: false, atMs: 9_999 },
      ],
      config,
    )
    expect(effects).toEqual([])
  })
})

describe('oracles', () => {
  const round = (answer: bigint, updatedAt: bigint, time: bigint): Observation => ({
    type: 'feedRound',
    at: { chain: 'debt', block: 1n, time },
    feed: '0xf',
    description: 'X / USD',
    roundId: 1n,
    answer,
    updatedAt,
    decimals: 8,
    minAnswer: 100n,
    maxAnswer: 10n ** 12n,
    heartbeatSeconds: 3_600n,
  })
  it('older than its heartbeat is stale; exactly at the heartbeat is not', () => {
    expect(kinds(reduce(initialMonitorState(), round(1_000n, 0n, 3_600n), config)[1], 'raise')).toEqual([])
    expect(kinds(reduce(initialMonitorState(), round(1_000n, 0n, 3_601n), config)[1], 'raise')).toEqual([
      'oracle-stale:debt:0xf',
    ])
  })
  it('an answer at minAnswer or maxAnswer is critical', () => {
    expect(kinds(reduce(initialMonitorState(), round(100n, 0n, 1n), config)[1], 'raise')).toEqual([
      'oracle-floor:debt:0xf',
    ])
    expect(kinds(reduce(initialMonitorState(), round(10n ** 12n, 0n, 1n), config)[1], 'raise')).toEqual([
      'oracle-ceiling:debt:0xf',
    ])
    expect(kinds(reduce(initialMonitorState(), round(101n, 0n, 1n), config)[1], 'raise')).toEqual([])
  })
  it('a sequencer down is critical, and back within the grace period is danger', () => {
    const seq = (answer: bigint, startedAt: bigint, time: bigint): Observation => ({
      type: 'sequencer',
      at: { chain: 'debt', time },
      feed: '0xs',
      answer,
      startedAt,
      gracePeriodSeconds: 3_600n,
    })
    const { effects } = replay([seq(1n, 100n, 200n), seq(0n, 300n, 400n), seq(0n, 300n, 3_900n)], config)
    expect(effects.map((e) => `${e.type}:${'alert' in e ? e.alert.kind : ''}`)).toEqual([
      'raise:sequencer-down',
      'resolve:sequencer-down',
      'raise:sequencer-grace',
      'resolve:sequencer-grace',
    ])
  })
})

describe('reorgs', () => {
  it('a block at a height already seen with another hash is a reorg from that height; the same block twice is nothing', () => {
    const blocks: Observation[] = [1n, 2n, 3n].map((n) => ({
      type: 'block',
      chain: 'home',
      number: n,
      hash: `0x${n}`,
      parentHash: `0x${n - 1n}`,
      timestamp: n,
    }))
    const { state } = replay(blocks, config)
    expect(reduce(state, blocks[2] as Observation, config)[1]).toEqual([])
    const [next, e] = reduce(
      state,
      { type: 'block', chain: 'home', number: 2n, hash: '0x2b', parentHash: '0x1', timestamp: 9n },
      config,
    )
    expect(e).toEqual([{ type: 'reorg', chain: 'home', fromBlock: 2n, hash: '0x2b' }])
    expect(next.chains.home?.blocks.map((b) => b.hash)).toEqual(['0x1', '0x2b'])
  })
})

describe('health-factor bands', () => {
  it('the snapshot is the exact engine over every position, with the liquidatable list', () => {
    const o = book(150_000_000_000n, 2n)
    if (o.type !== 'positions') throw new TypeError('positions')
    const s = marketHealth({
      ...o.at,
      block: 2n,
      blockHash: o.blockHash,
      market: o.market,
      positions: o.positions,
      bands: DEFAULT_HEALTH_BANDS,
    })
    for (const [i, p] of o.positions.entries()) {
      const hf = healthFactor(p)
      expect(s.positions[i]?.healthFactor).toBe(hf === HealthFactor.INFINITE ? null : hf)
    }
    // $1,500: 10 · 1500 · 0.85 / 16,000 = 0.796875 and / 10,000 = 1.275
    expect(s.positions[0]?.healthFactor).toBe(796_875_000_000_000_000n)
    expect(s.positions[1]?.healthFactor).toBe(1_275_000_000_000_000_000n)
    expect(s.liquidatable).toEqual(['0x01'])
    expect(s.bands).toEqual({ critical: 1, danger: 0, warning: 0, healthy: 2 })
  })

  it('bands are monotone in HF and hysteresis never holds a band better than the raw one', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 3n * WAD }),
        fc.bigInt({ min: 0n, max: 3n * WAD }),
        fc.constantFrom('critical', 'danger', 'warning', 'healthy' as const),
        (a, b, prev) => {
          const order = ['critical', 'danger', 'warning', 'healthy']
          const [lo, hi] = a < b ? [a, b] : [b, a]
          const bl = order.indexOf(healthBand(lo as never, DEFAULT_HEALTH_BANDS))
          const bh = order.indexOf(healthBand(hi as never, DEFAULT_HEALTH_BANDS))
          expect(bl).toBeLessThanOrEqual(bh)
          const held = order.indexOf(hysteresisBand(a as never, prev, DEFAULT_HEALTH_BANDS))
          const raw = order.indexOf(healthBand(a as never, DEFAULT_HEALTH_BANDS))
          expect(held).toBeLessThanOrEqual(raw)
          expect(held).toBeGreaterThanOrEqual(Math.min(raw, order.indexOf(prev)))
        },
      ),
    )
  })

  it('an HF hovering within the margin above a bound raises once and never flaps', () => {
    const bound = DEFAULT_HEALTH_BANDS.dangerBelow
    const top = (bound * (10_000n + DEFAULT_HEALTH_BANDS.recoverMarginBps)) / 10_000n
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: bound, max: top - 1n }), { minLength: 1, maxLength: 30 }),
        (hovering) => {
          // 16,000 USDC of debt; collateral chosen so that HF is exactly the wanted value
          const obs = (hf: bigint, n: bigint): Observation => ({
            type: 'positions',
            at: at(n),
            blockHash: '0x',
            market: 'm',
            positions: [
              {
                account: '0xa',
                collaterals: [
                  { amount: hf, decimals: 18, price: 1n, priceDecimals: 0, liquidationThresholdBps: 10_000n },
                ],
                debts: [{ amount: 1n, decimals: 0, price: 1n, priceDecimals: 0 }],
              },
            ],
          })
          const log = [obs(bound - 1n, 0n), ...hovering.map((hf, i) => obs(hf, BigInt(i + 1)))]
          const { effects } = replay(log, config)
          const alertEffects = effects.filter((e) => e.type !== 'snapshot')
          expect(alertEffects.map((e) => e.type)).toEqual(['raise'])
          // recovering to a healthy HF resolves
          const out = replay([obs(2n * WAD, 99n)], config, replay(log, config).state).effects
          expect(out.filter((e) => e.type === 'resolve')).toHaveLength(1)
        },
      ),
    )
  })
})

describe(belowWithHysteresis.name, () => {
  it('is the plain comparison when inactive and holds within the margin when active', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        (v, t, m) => {
          expect(belowWithHysteresis(v, t, m, false)).toBe(v < t)
          if (v < t) expect(belowWithHysteresis(v, t, m, true)).toBe(true)
          if (v * 10_000n >= t * (10_000n + m)) expect(belowWithHysteresis(v, t, m, true)).toBe(false)
        },
      ),
    )
  })
})
