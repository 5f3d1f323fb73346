import { describe, expect, it } from 'vitest'
import { assessBridge } from '../trust/assess.js'
import { compromiseProbability } from '../trust/verifierSet.js'
import { bridgeDescription, routeTrust, trustNodeOf } from './bridgeTrust.js'
import type { BridgeInput } from './types.js'

const member = (id: string, p: number) => ({ id, operator: id, tags: [], pCompromise: p, pOffline: p })
const bridge = (id: string, p: number, bug: number): BridgeInput => ({
  id,
  name: id,
  kind: 'external-threshold',
  representation: 'wrapped',
  mechanism: 'lock-and-mint',
  trust: {
    kind: 'externalThreshold',
    implementationBug: bug,
    verifiers: {
      type: 'all',
      sets: [
        { type: 'threshold', threshold: 1, members: [member(`${id}-a`, p)] },
        { type: 'threshold', threshold: 1, members: [member(`${id}-b`, p)] },
      ],
    },
  },
  verificationSeconds: 60,
  executionSeconds: 60,
})
const base = { detectionSeconds: 60, exitSeconds: 3600, tinyCapUsd: 100_000, haircutHorizonYears: 5 }

describe(trustNodeOf.name, () => {
  it('builds a 13-of-19 set whose compromise probability is the binomial tail', () => {
    const node = trustNodeOf({
      type: 'threshold',
      threshold: 13,
      members: Array.from({ length: 19 }, (_, i) => member(`g${i}`, 0.01)),
    })
    // python3 (stdlib): sum(comb(19,k)*0.01**k*0.99**(19-k) for k in range(13,20)) = 2.565519380546137e-22
    expect(compromiseProbability(node) / 2.565519380546137e-22).toBeCloseTo(1, 9)
  })
})

describe(`${trustNodeOf.name} (stake-weighted)`, () => {
  it('builds a stake-weighted set: stakes 50/30/20, threshold 2/3, p = 0.1 each', () => {
    const node = trustNodeOf({
      type: 'stakeWeighted',
      thresholdShare: 2 / 3,
      members: [
        { ...member('a', 0.1), stake: 50 },
        { ...member('b', 0.1), stake: 30 },
        { ...member('c', 0.1), stake: 20 },
      ],
    })
    // ≥ 67 of 100 needs a with b or c: {a,b} 0.1·0.1·0.9 + {a,c} 0.1·0.1·0.9 + {a,b,c} 0.001 = 0.019
    expect(compromiseProbability(node)).toBeCloseTo(0.019, 12)
  })
})

describe(routeTrust.name, () => {
  it('equals assessBridge for one bridge', () => {
    const b = bridge('x', 0.01, 0.01)
    const t = routeTrust({ ...base, bridges: [b] })
    const direct = assessBridge(bridgeDescription({ bridge: b, detectionSeconds: 60, exitSeconds: 3600 }), {
      tinyCapUsd: 100_000,
      haircutHorizonYears: 5,
    })
    expect(t.haircut).toBeCloseTo(direct.haircut, 15)
    expect(t.trustScore).toBeCloseTo(direct.trustScore, 12)
    expect(t.eligible).toBe(true)
  })

  it('combines hops in series: haircut 1 − Π(1 − h_i), trust score 100·(1 − haircut)', () => {
    const a = bridge('a', 0.01, 0.01)
    const b = bridge('b', 0.02, 0.02)
    const ha = routeTrust({ ...base, bridges: [a] }).haircut
    const hb = routeTrust({ ...base, bridges: [b] }).haircut
    const both = routeTrust({ ...base, bridges: [a, b] })
    expect(both.haircut).toBeCloseTo(1 - (1 - ha) * (1 - hb), 15)
    expect(both.trustScore).toBeCloseTo(100 * (1 - both.haircut), 12)
    expect(both.haircut).toBeGreaterThan(Math.max(ha, hb))
  })

  it('joins the admin keys (timelock within the exit window) and a pauser that can halt the bridge', () => {
    const plain = bridge('p', 0.01, 0.01)
    const admin = { threshold: 2, size: 3, timelockSeconds: 0, pCompromise: 0.05 }
    const withAdmin = { ...plain, admin }
    const withPauser = { ...plain, admin: { ...admin, pauser: { threshold: 1, size: 1, pCompromise: 0.1 } } }
    const slowAdmin = { ...plain, admin: { ...admin, timelockSeconds: 30 * 86_400 } }
    const p = (b: BridgeInput) => routeTrust({ ...base, bridges: [b] })
    expect(p(withAdmin).annualCompromiseProbability).toBeGreaterThan(p(plain).annualCompromiseProbability)
    expect(p(slowAdmin).annualCompromiseProbability).toBeCloseTo(p(plain).annualCompromiseProbability, 15)
    expect(p(withPauser).haltProbability).toBeGreaterThan(p(withAdmin).haltProbability)
  })

  it('makes a 1-of-1 verifier ineligible unless the cap is tiny', () => {
    const one: BridgeInput = {
      ...bridge('one', 0.01, 0.01),
      trust: {
        kind: 'externalThreshold',
        implementationBug: 0.01,
        verifiers: { type: 'threshold', threshold: 1, members: [member('solo', 0.01)] },
      },
    }
    expect(routeTrust({ ...base, bridges: [one], capUsd: 5e6 }).eligible).toBe(false)
    expect(routeTrust({ ...base, bridges: [one], capUsd: 50_000 }).eligible).toBe(true)
  })
})
