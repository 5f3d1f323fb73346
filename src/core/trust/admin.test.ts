import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { adminSet, haltTimeShareFromRate, withAdmin } from './admin.js'
import { InvalidBridgeError, InvalidThresholdError } from './errors.js'
import { compromiseProbability, haltProbability, type VerifierMember, verifierSet } from './verifierSet.js'

function m(id: string, p: number, q = 0, operator = id, tags: string[] = []): VerifierMember {
  return { id, operator, tags, pCompromise: p, pOffline: q }
}

const bridge = verifierSet({ threshold: 1, members: [m('bridge', 0.001, 0.003)] })
const keys = [m('a1', 0.05, 0.5), m('a2', 0.05, 0.5), m('a3', 0.05, 0.5)]

describe('withAdmin', () => {
  it('joins a 2-of-3 admin without timelock as any(bridge, admin), halting unchanged', () => {
    const admin = adminSet({ threshold: 2, members: keys, timelockHours: 0 })
    const r = withAdmin({ bridge, admin, detectionHours: 24, exitHours: 24 })
    expect(r.adminCounts).toBe(true)
    // admin: 3·0.05²·0.95 + 0.05³ = 0.00725; any: 1 − (1 − 0.001)(1 − 0.00725) = 0.00824275
    expect(compromiseProbability(r.node)).toBeCloseTo(0.00824275, 15)
    // the admin's own pOffline (0.5) must not change the bridge's halt probability
    expect(haltProbability(r.node)).toBeCloseTo(0.003, 15)
  })

  it('adds nothing to compromise when the timelock exceeds detection + exit', () => {
    const admin = adminSet({ threshold: 2, members: keys, timelockHours: 7 * 24 })
    const r = withAdmin({ bridge, admin, detectionHours: 24, exitHours: 48 })
    expect(r.adminCounts).toBe(false)
    expect(r.adminNode).toBeUndefined()
    expect(compromiseProbability(r.node)).toBe(compromiseProbability(bridge))
    expect(r.explanation.find((t) => t.term === 'adminTimelock')?.value).toBe(0)
    // boundary: timelock equal to detection + exit still counts (users cannot finish exiting)
    const edge = withAdmin({ bridge, admin, detectionHours: 100, exitHours: 68 })
    expect(edge.adminCounts).toBe(true)
  })

  it('lets a compromised pauser halt the bridge but never forge', () => {
    const admin = adminSet({
      threshold: 2,
      members: keys,
      timelockHours: 1000,
      pauser: { threshold: 1, members: [m('p1', 0.01), m('p2', 0.01)] },
    })
    const r = withAdmin({ bridge, admin, detectionHours: 1, exitHours: 1 })
    // pause when ≥ 1 of 2 pausers compromised within the year: p_P = 1 − 0.99² = 0.0199;
    // episodes λ_P = −ln(1 − p_P) = 0.02010067170700291 a year, each halting R = 24 h (default):
    // share of time u_P = λ_P·24/(8760 + λ_P·24) = 5.506730086922287e-05;
    // halt = 1 − (1 − 0.003)(1 − u_P) = 0.0030549020989666387 (python3 stdlib)
    expect(haltProbability(r.node)).toBeCloseTo(0.0030549020989666387, 15)
    expect(compromiseProbability(r.node)).toBeCloseTo(0.001, 15)
    // a half-year horizon doubles the rate; a week to recover multiplies the hours by 7
    const half = withAdmin({ bridge, admin, detectionHours: 1, exitHours: 1, horizonYears: 0.5 })
    const lam = -2 * Math.log(0.9801)
    expect(haltProbability(half.node)).toBeCloseTo(1 - 0.997 * (1 - (lam * 24) / (8760 + lam * 24)), 15)
    const week = withAdmin({ bridge, admin, detectionHours: 1, exitHours: 1, pauserRecoveryHours: 168 })
    const lw = -Math.log(0.9801) * 168
    expect(haltProbability(week.node)).toBeCloseTo(1 - 0.997 * (1 - lw / (8760 + lw)), 15)
    expect(() =>
      withAdmin({ bridge, admin, detectionHours: 1, exitHours: 1, pauserRecoveryHours: 0 }),
    ).toThrow(OutOfRangeError)
  })

  it('keeps common mode between admin keys and bridge signers through shared tags', () => {
    const tagRisk = { team: { pCompromise: 0.02, pOffline: 0 } }
    const signers = verifierSet({
      threshold: 2,
      members: [m('s1', 0.01, 0, 's1', ['team']), m('s2', 0.01, 0, 's2', ['team']), m('s3', 0.01)],
      tagRisk,
    })
    const admin = adminSet({
      threshold: 1,
      members: [m('upgrader', 0.01, 0, 'upgrader', ['team'])],
      tagRisk,
      timelockHours: 0,
    })
    const r = withAdmin({ bridge: signers, admin, detectionHours: 1, exitHours: 1 })
    // Given the team tag fires both are compromised; otherwise independent:
    //   P = 0.02 + 0.98·(1 − (1 − P(≥2 of 3 at 0.01))·(1 − 0.01))
    const twoOfThree = 3 * 0.01 ** 2 * 0.99 + 0.01 ** 3
    expect(compromiseProbability(r.node)).toBeCloseTo(0.02 + 0.98 * (1 - (1 - twoOfThree) * 0.99), 15)
  })

  it('rejects bad admin input with named errors', () => {
    expect(() => adminSet({ threshold: 4, members: keys, timelockHours: 0 })).toThrow(InvalidThresholdError)
    expect(() => adminSet({ threshold: 1, members: keys, timelockHours: -1 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => withAdmin({ bridge, admin: {} as never, detectionHours: 1, exitHours: 1 })).toThrow(
      InvalidBridgeError,
    )
    const admin = adminSet({ threshold: 1, members: keys, timelockHours: 0 })
    expect(() => withAdmin({ bridge, admin, detectionHours: Number.NaN, exitHours: 1 })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
    expect(() => withAdmin({ bridge, admin, detectionHours: 1, exitHours: -2 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => adminSet({ threshold: 1, members: [m('x', 3)], timelockHours: 0 })).toThrow(OutOfRangeError)
  })
})

describe(haltTimeShareFromRate.name, () => {
  it('is λR/(8760 + λR), 1 for a certain event', () => {
    // 1 %/yr: λ = −ln(0.99) = 0.010050335853501; u = 0.2412080604840/8760.2412080605 = 2.7534408557e-5
    expect(haltTimeShareFromRate(-Math.log(0.99), 24)).toBeCloseTo(2.7534408557391563e-5, 17)
    expect(haltTimeShareFromRate(0, 24)).toBe(0)
    expect(haltTimeShareFromRate(Number.POSITIVE_INFINITY, 24)).toBe(1)
    expect(() => haltTimeShareFromRate(-1, 24)).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => haltTimeShareFromRate(1, 0)).toThrow(OutOfRangeError)
  })
})
