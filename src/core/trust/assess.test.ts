import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { adminSet } from './admin.js'
import {
  annualHaltFromTimeShare,
  assessBridge,
  type BridgeDescription,
  haircutFromRate,
  LOSS_GIVEN_FAILURE,
  trustScoreFromHaircut,
} from './assess.js'
import { all } from './compose.js'
import { InvalidBridgeError } from './errors.js'
import { posteriorFailureRate } from './trackRecord.js'
import { type VerifierMember, verifierSet } from './verifierSet.js'

function m(id: string, p: number, q = 0, operator = id, tags: string[] = []): VerifierMember {
  return { id, operator, tags, pCompromise: p, pOffline: q }
}

/**
 * A mature light-client bridge: source chain compromise 1e-4/yr (a finality reversion of a large
 * PoS chain), verifier-contract bug 1 %/yr (audited, several years live), upgrades behind a
 * 14-day timelock (longer than 1 day to notice + 2 days to exit), four years without incident.
 */
const matureLightClient: BridgeDescription = {
  name: 'mature light client',
  trust: {
    kind: 'lightClient',
    sourceChain: 'ethereum',
    sourceChainCompromise: 1e-4,
    sourceChainHalt: 1e-4,
    implementationBug: 0.01,
  },
  admin: {
    set: adminSet({
      threshold: 5,
      members: Array.from({ length: 9 }, (_, i) => m(`gov${i}`, 0.02)),
      timelockHours: 14 * 24,
    }),
    detectionHours: 24,
    exitHours: 48,
  },
  representation: 'wrapped',
  mechanism: 'lock-and-mint',
  trackRecord: { incidents: 0, exposureYears: 4 },
}

/**
 * A new multisig bridge: 3-of-5 signers with 5 %/yr key compromise each, two of them run by the
 * team (a team compromise, 2 %/yr, takes both), young contracts (4 %/yr bug rate), upgradeable by a
 * 2-of-3 without timelock, wrapped lock-and-mint.
 */
const newMultisig: BridgeDescription = {
  name: 'new multisig',
  trust: {
    kind: 'externalThreshold',
    verifiers: verifierSet({
      threshold: 3,
      members: [
        m('s1', 0.05, 0.01, 'team'),
        m('s2', 0.05, 0.01, 'team'),
        m('s3', 0.05, 0.01),
        m('s4', 0.05, 0.01),
        m('s5', 0.05, 0.01),
      ],
      tagRisk: { team: { pCompromise: 0.02, pOffline: 0 } },
    }),
    implementationBug: 0.04,
  },
  admin: {
    set: adminSet({ threshold: 2, members: [m('a1', 0.05), m('a2', 0.05), m('a3', 0.05)], timelockHours: 0 }),
    detectionHours: 2,
    exitHours: 24,
  },
  representation: 'wrapped',
  mechanism: 'lock-and-mint',
}

const oneOfOne: BridgeDescription = {
  name: '1-of-1 DVN',
  trust: {
    kind: 'externalThreshold',
    verifiers: verifierSet({ threshold: 1, members: [m('LayerZero Labs DVN', 0.01, 0.001)] }),
    implementationBug: 0.01,
  },
  representation: 'wrapped',
  mechanism: 'burn-and-mint',
}

describe('assessBridge', () => {
  it('gives a mature light-client bridge ≈ 5 % haircut', () => {
    const a = assessBridge(matureLightClient)
    // Hand-worked: p = 1 − (1 − 1e-4)(1 − 0.01) = 0.010099, λ_s = −ln(1 − p) = 0.0101503;
    // prior Gamma(1, 1/λ_s = 98.52), 0 incidents in 4 years → Gamma(1, β′ = 102.52), posterior
    // mean 1/β′ = 0.009754; predictive P = 1 − β′/(β′ + 1) = 1/(β′ + 1), λ = ln(1 + 1/β′) = 0.009707;
    // haircut = 1 − (β′/(β′ + 1))^5 = 0.0474 (python3: 0.0473761782247486).
    const beta = 1 / -Math.log(0.99 * (1 - 1e-4)) + 4
    expect(a.posteriorMeanRate).toBeCloseTo(1 / beta, 12)
    expect(a.annualCompromiseRate).toBeCloseTo(Math.log1p(1 / beta), 12)
    expect(a.annualCompromiseProbability).toBeCloseTo(1 / (beta + 1), 12)
    expect(a.haircut).toBeCloseTo(0.0473761782247486, 12)
    expect(a.haircut).toBeGreaterThan(0.04)
    expect(a.haircut).toBeLessThan(0.06)
    expect(a.trustScore).toBeCloseTo(100 * (1 - a.haircut), 12)
    expect(a.eligible).toBe(true)
    // halted only with the source chain: u = 1e-4 of the time; D = 24 h (default) →
    // ν = 8760·1e-4/24 = 0.0365 episodes a year; P = 1 − (1 − 1e-4)·e^(−0.0365/(1 − 1e-4))
    expect(a.haltTimeShare).toBeCloseTo(1e-4, 15)
    expect(a.expectedHaltDurationHours).toBe(24)
    expect(a.haltEpisodesPerYear).toBeCloseTo(0.0365, 15)
    expect(a.haltProbability).toBeCloseTo(1 - (1 - 1e-4) * Math.exp(-0.0365 / (1 - 1e-4)), 15)
    expect(a.expectedHaltHoursPerYear).toBeCloseTo(0.876, 12)
    expect(a.explanation.find((t) => t.term === 'adminTimelock')?.value).toBe(0)
  })

  it('gives a new multisig a 20–30 % haircut', () => {
    const a = assessBridge(newMultisig)
    // python3 (stdlib): signers pv = 0.02·(1 − 0.95³) + 0.98·tail(5, 3, 0.05) = 0.0039874625;
    //   admin 2-of-3 at 0.05 = 0.00725; p = 1 − (1 − pv)(1 − 0.04)(1 − 0.00725) = 0.050760211261;
    //   haircut = 1 − (1 − p)^5 = 0.22931009562894444
    expect(a.haircut).toBeCloseTo(0.22931009562894444, 12)
    expect(a.haircut).toBeGreaterThanOrEqual(0.2)
    expect(a.haircut).toBeLessThanOrEqual(0.3)
    expect(a.eligible).toBe(true)
    expect(a.annualCompromiseProbability).toBeGreaterThan(a.structuralAnnualCompromiseProbability - 1e-15)
  })

  it('makes a 1-of-1 verifier ineligible unless its cap is tiny', () => {
    const a = assessBridge(oneOfOne)
    expect(a.eligible).toBe(false)
    expect(a.ineligibleReason).toBeDefined()
    expect(a.singlePointsOfFailure).toEqual([{ kind: 'member', name: 'LayerZero Labs DVN' }])
    const tiny = assessBridge({ ...oneOfOne, capUsd: 50_000 })
    expect(tiny.eligible).toBe(true)
    expect(tiny.ineligibleReason).toBeUndefined()
    expect(assessBridge({ ...oneOfOne, capUsd: 5_000_000 }).eligible).toBe(false)
    expect(assessBridge({ ...oneOfOne, capUsd: 5_000_000 }, { tinyCapUsd: 10_000_000 }).eligible).toBe(true)
    // a 1-of-1 admin key without timelock is a single point of failure too
    const weakAdmin = assessBridge({
      ...matureLightClient,
      admin: {
        set: adminSet({ threshold: 1, members: [m('deployer EOA', 0.01)], timelockHours: 0 }),
        detectionHours: 1,
        exitHours: 1,
      },
    })
    expect(weakAdmin.eligible).toBe(false)
  })

  it('blends a track record through the Gamma–Poisson predictive probability', () => {
    const a = assessBridge({
      ...matureLightClient,
      admin: undefined as never,
      trackRecord: { incidents: 1, exposureYears: 10, prior: { shape: 2, rate: 100 } },
    })
    // Hand-worked: posterior Gamma(α′ = 2 + 1, β′ = 100 + 10); mean 3/110 = 0.02727;
    // predictive annual P = 1 − (110/111)^3 = 0.026784271488435207 (python3);
    // λ = −ln(1 − P) = 3·ln(111/110) = 0.027149506559753567; haircut = 1 − (110/111)^15 = 0.12693697555504158
    // (the plug-in mean would give 1 − e^(−15/110) = 0.1275).
    expect(a.posteriorMeanRate).toBeCloseTo(3 / 110, 15)
    expect(a.annualCompromiseRate).toBeCloseTo(0.027149506559753567, 15)
    expect(a.annualCompromiseProbability).toBeCloseTo(0.026784271488435207, 15)
    expect(a.haircut).toBeCloseTo(0.12693697555504158, 15)
    const post = posteriorFailureRate({ prior: { shape: 2, rate: 100 }, incidents: 1, exposureYears: 10 })
    expect(a.annualCompromiseProbability).toBeCloseTo(post.predictiveAnnualFailureProbability, 15)
    expect(a.annualCompromiseProbability).toBeLessThan(post.annualFailureProbability)
    expect(a.explanation.some((t) => t.term === 'trackRecordRate')).toBe(true)
    // without a track record there is no posterior
    expect(assessBridge(newMultisig).posteriorMeanRate).toBeUndefined()
  })

  it('counts a compromised pauser as halt episodes of meanRecoveryHours, not as a halted state', () => {
    const pausable = (meanRecoveryHours?: number): BridgeDescription => ({
      name: 'zk with a 1 %/yr pauser',
      trust: { kind: 'zk', sourceChain: 'eth', sourceChainCompromise: 1e-4, implementationBug: 0.01 },
      admin: {
        set: adminSet({
          threshold: 2,
          members: [m('a1', 0.05), m('a2', 0.05), m('a3', 0.05)],
          timelockHours: 30 * 24,
          pauser: { threshold: 1, members: [m('guardian', 0.01)] },
        }),
        detectionHours: 24,
        exitHours: 48,
      },
      representation: 'wrapped',
      mechanism: 'lock-and-mint',
      ...(meanRecoveryHours === undefined ? {} : { meanRecoveryHours }),
    })
    const a = assessBridge(pausable())
    // Hand-worked (python3 stdlib): λ_P = −ln(0.99) = 0.010050335853501; R = D = 24 h;
    //   u = λ_P·24/(8760 + λ_P·24) = 2.7534408557391563e-05 (old model: u = 0.01, 87.6 h/yr);
    //   hours a year 8760·u = 0.2412014189627501; ν = 8760·u/24 = 0.01005005912344792;
    //   P = 1 − (1 − u)·e^(−ν/(1 − u)) = 0.010027259064471883 ≈ the pauser's 1 %/yr, as it should.
    expect(a.haltTimeShare).toBeCloseTo(2.7534408557391563e-5, 17)
    expect(a.expectedHaltHoursPerYear).toBeCloseTo(0.2412014189627501, 13)
    expect(a.haltEpisodesPerYear).toBeCloseTo(0.01005005912344792, 15)
    expect(a.haltProbability).toBeCloseTo(0.010027259064471883, 15)
    expect(a.expectedHaltDurationHours).toBe(24)
    // three days to recover: u = λ_P·72/(8760 + λ_P·72), three times the hours, the same episodes
    const slow = assessBridge(pausable(72))
    const u72 = (-Math.log(0.99) * 72) / (8760 - Math.log(0.99) * 72)
    expect(slow.haltTimeShare).toBeCloseTo(u72, 17)
    expect(slow.expectedHaltHoursPerYear).toBeCloseTo(8760 * u72, 12)
    expect(slow.haltEpisodesPerYear).toBeCloseTo((8760 * u72) / 72, 15)
    expect(slow.expectedHaltDurationHours).toBe(72)
    const terms = a.explanation.map((t) => t.term)
    for (const term of [
      'pauser',
      'haltTimeShare',
      'meanRecoveryHours',
      'haltEpisodesPerYear',
      'haltProbability',
    ])
      expect(terms).toContain(term)
    expect(a.explanation.find((t) => t.term === 'meanRecoveryHours')?.inputs.assumed).toBe(true)
    expect(() => assessBridge(pausable(0))).toThrow(OutOfRangeError)
    expect(() => assessBridge(pausable(Number.NaN))).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
  })

  it('maps a horizon probability to a year with a constant hazard', () => {
    const a = assessBridge({
      name: 'half-year inputs',
      trust: { kind: 'zk', sourceChain: 'eth', sourceChainCompromise: 0, implementationBug: 0.01 },
      horizonYears: 0.5,
      representation: 'canonical',
      mechanism: 'lock-and-mint',
    })
    // two independent half-years: 1 − 0.99² = 0.0199
    expect(a.annualCompromiseProbability).toBeCloseTo(0.0199, 15)
  })

  it('reports halt, illiquidity, loss given failure and expected loss with every term explained', () => {
    const a = assessBridge({
      ...newMultisig,
      representation: 'canonical',
      mechanism: 'burn-and-mint',
      valueSecuredUsd: 1e8,
    })
    expect(a.lossGivenFailure).toBe(LOSS_GIVEN_FAILURE.canonical['burn-and-mint'])
    expect(a.expectedAnnualLossUsd).toBeCloseTo(1e8 * a.annualCompromiseProbability * 0.5, 6)
    // halted when ≥ 3 of 5 signers are offline at q = 0.01: 10·q³(1 − q)² + 5·q⁴(1 − q) + q⁵
    const q = 0.01
    const u = 10 * q ** 3 * (1 - q) ** 2 + 5 * q ** 4 * (1 - q) + q ** 5
    expect(a.haltTimeShare).toBeCloseTo(u, 15)
    expect(a.expectedHaltHoursPerYear).toBeCloseTo(u * 8760, 12)
    expect(a.haltEpisodesPerYear).toBeCloseTo((u * 8760) / 24, 12)
    expect(a.haltProbability).toBeCloseTo(1 - (1 - u) * Math.exp(-(u * 8760) / 24 / (1 - u)), 15)
    for (const term of [
      'kind',
      'adminTimelock',
      'compromiseProbabilityHorizon',
      'structuralAnnualRate',
      'annualCompromiseProbability',
      'lossGivenFailure',
      'haircut',
      'trustScore',
      'haltProbability',
      'eligibility',
      'expectedAnnualLossUsd',
    ]) {
      expect(a.explanation.map((t) => t.term)).toContain(term)
    }
    const optimistic = assessBridge({
      name: 'optimistic',
      trust: {
        kind: 'optimistic',
        watchers: [{ id: 'w', operator: 'w', tags: [], pFail: 0.1 }],
        fraudProofBug: 0.001,
        implementationBug: 0.005,
        challengeWindowHours: 7 * 24,
      },
      representation: 'canonical',
      mechanism: 'lock-and-mint',
    })
    expect(optimistic.illiquidityHours).toBe(168)
    // permissionless proposer with a single watcher: that watcher is a single point of failure
    expect(optimistic.eligible).toBe(false)
  })

  it('rejects bad input with named errors', () => {
    expect(() => assessBridge({ ...newMultisig, name: '' })).toThrow(InvalidBridgeError)
    expect(() => assessBridge({ ...newMultisig, representation: 'native' as never })).toThrow(
      InvalidBridgeError,
    )
    expect(() => assessBridge({ ...newMultisig, mechanism: 'teleport' as never })).toThrow(InvalidBridgeError)
    expect(() => assessBridge({ ...newMultisig, horizonYears: 0 })).toThrow(OutOfRangeError)
    expect(() => assessBridge({ ...newMultisig, lossGivenFailure: 1.5 })).toThrow(OutOfRangeError)
    expect(() => assessBridge({ ...newMultisig, capUsd: -1 })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => assessBridge({ ...newMultisig, trackRecord: { incidents: -1, exposureYears: 1 } })).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() =>
      assessBridge({
        name: 'no risk',
        trust: { kind: 'zk', sourceChain: 'x', sourceChainCompromise: 0, implementationBug: 0 },
        representation: 'wrapped',
        mechanism: 'lock-and-mint',
        trackRecord: { incidents: 0, exposureYears: 1 },
      }),
    ).toThrow(InvalidBridgeError)
  })
})

describe('haircut and trust score', () => {
  it('stay in range and are ordered consistently with the compromise probability', () => {
    const arb = fc.record({
      chain: fc.double({ min: 0, max: 1, noNaN: true }),
      bug: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    fc.assert(
      fc.property(
        arb,
        arb,
        fc.constantFrom('lock-and-mint' as const, 'burn-and-mint' as const),
        (x, y, mechanism) => {
          const run = (v: { chain: number; bug: number }) =>
            assessBridge({
              name: 'b',
              trust: {
                kind: 'lightClient',
                sourceChain: 'c',
                sourceChainCompromise: v.chain,
                implementationBug: v.bug,
              },
              representation: 'wrapped',
              mechanism,
            })
          const a = run(x)
          const b = run(y)
          for (const r of [a, b]) {
            if (!(r.trustScore >= 0 && r.trustScore <= 100 && r.haircut >= 0 && r.haircut <= 1)) return false
          }
          if (a.annualCompromiseProbability <= b.annualCompromiseProbability) {
            return a.haircut <= b.haircut && a.trustScore >= b.trustScore
          }
          return a.haircut >= b.haircut && a.trustScore <= b.trustScore
        },
      ),
      { numRuns: 300 },
    )
  })

  it('haircutFromRate and trustScoreFromHaircut follow their closed forms', () => {
    expect(haircutFromRate(0.01, 1, 5)).toBeCloseTo(1 - Math.exp(-0.05), 15)
    expect(haircutFromRate(Number.POSITIVE_INFINITY, 1, 5)).toBe(1)
    expect(haircutFromRate(Number.POSITIVE_INFINITY, 0.75, 5)).toBe(0.75)
    expect(haircutFromRate(0.01, 0.5, 5)).toBeCloseTo(0.5 * (1 - Math.exp(-0.05)), 15)
    expect(haircutFromRate(0, 1, 5)).toBe(0)
    expect(trustScoreFromHaircut(0.05)).toBeCloseTo(95, 12)
    expect(() => haircutFromRate(-1, 1, 5)).toThrow(expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }))
    expect(() => trustScoreFromHaircut(1.1)).toThrow(OutOfRangeError)
  })
})

describe('assessBridge calibration on real bridge designs (review R2)', () => {
  // Inputs are judgement values written beside each design; expected numbers are from python3
  // (stdlib: fractions + math.comb), with tail(n, k, p) = Σ_{j≥k} C(n, j) p^j (1 − p)^(n − j).
  // Without a track record λ = −ln(1 − p), so haircut = LGF·(1 − e^(−5λ)) = LGF·(1 − (1 − p)^5).
  const guardianOperators = [
    'Jump',
    'Certus One',
    'Everstake',
    'Chorus One',
    'Staked',
    'Figment',
    'P2P',
    '01node',
    'MCF',
    'Triton',
    'Forbole',
    'Staking Fund',
    'Moonlet',
    'Syncnode',
    'HashQuark',
    'Inotel',
    'ChainLayer',
    'xLabs',
    'Google Cloud',
  ]
  /**
   * Wormhole Portal: 13-of-19 guardians, each a distinct professional operator (2 %/yr key
   * compromise, 1 % offline), every third one on AWS (an outage, not a forgery: pCompromise 0);
   * contract bug 2 %/yr (the Feb 2022 signature-verification exploit); wrapped lock-and-mint.
   */
  const wormhole: BridgeDescription = {
    name: 'Wormhole Portal',
    trust: {
      kind: 'externalThreshold',
      verifiers: verifierSet({
        threshold: 13,
        members: guardianOperators.map((o, i) =>
          m(`guardian ${o}`, 0.02, 0.01, o, i % 3 === 0 ? ['aws'] : []),
        ),
        tagRisk: { aws: { pCompromise: 0, pOffline: 0.002 } },
      }),
      implementationBug: 0.02,
    },
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    capUsd: 5e6,
  }
  /**
   * Arbitrum's canonical bridge: native rollup on Ethereum (finality compromise 1e-4/yr), fraud-proof
   * and bridge contracts 1 %/yr; the 9-of-12 Security Council can upgrade with no timelock (emergency
   * path), so it counts (2 %/yr per member); 6.4-day withdrawal; four years without incident.
   */
  const arbitrum: BridgeDescription = {
    name: 'Arbitrum canonical bridge',
    trust: {
      kind: 'nativeRollup',
      sourceChain: 'ethereum',
      sourceChainCompromise: 1e-4,
      implementationBug: 0.01,
      withdrawalDelayHours: 6.4 * 24,
    },
    admin: {
      set: adminSet({
        threshold: 9,
        members: Array.from({ length: 12 }, (_, i) => m(`council ${i}`, 0.02, 0.05)),
        timelockHours: 0,
      }),
      detectionHours: 6,
      exitHours: 6.4 * 24,
    },
    representation: 'canonical',
    mechanism: 'lock-and-mint',
    trackRecord: { incidents: 0, exposureYears: 4 },
  }
  /** Harmony Horizon (hacked June 2022): a young 2-of-5 multisig, hot keys at 5 %/yr, bug 3 %/yr. */
  const harmony: BridgeDescription = {
    name: 'Harmony Horizon',
    trust: {
      kind: 'externalThreshold',
      verifiers: verifierSet({
        threshold: 2,
        members: Array.from({ length: 5 }, (_, i) => m(`key ${i}`, 0.05, 0.01)),
      }),
      implementationBug: 0.03,
    },
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
  }
  /** KelpDAO rsETH OFT (April 2026): the downgraded 1-of-1 LayerZero Labs DVN, then two required DVNs. */
  const kelp = (dvns: string[], capUsd: number): BridgeDescription => ({
    name: `rsETH OFT, ${dvns.length} required DVN(s)`,
    trust: {
      kind: 'externalThreshold',
      verifiers: all(dvns.map((d) => verifierSet({ threshold: 1, members: [m(d, 0.01, 0.001)] }))),
      implementationBug: 0.01,
    },
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    capUsd,
  })

  it('gives the Arbitrum canonical bridge ≈ 5 % (a mature chain-secured bridge)', () => {
    const a = assessBridge(arbitrum)
    // python3: λ_s = −ln((1 − 1e-4)(1 − 0.01)(1 − tail(12, 9, 0.02))) = 0.010150340853941427;
    //   β′ = 1/λ_s + 4 = 102.51885905995907, α′ = 1; predictive P = 1/(β′ + 1) = 0.009660075556095445;
    //   haircut = 1 − (β′/(β′ + 1))^5 = 0.04737617822521367 (plug-in mean: 0.04760128566685329)
    expect(a.haircut).toBeCloseTo(0.04737617822521367, 12)
    expect(a.haircut).toBeGreaterThan(0.04)
    expect(a.haircut).toBeLessThan(0.06)
    expect(a.eligible).toBe(true)
    expect(a.illiquidityHours).toBeCloseTo(153.6, 12)
  })

  it('gives Harmony’s 2-of-5 multisig a 20–30 % haircut', () => {
    const a = assessBridge(harmony)
    // python3: p = 1 − (1 − tail(5, 2, 0.05))(1 − 0.03) = 0.051914725; haircut = 1 − (1 − p)^5 = 0.23398547034603856
    expect(a.haircut).toBeCloseTo(0.23398547034603856, 12)
    expect(a.haircut).toBeGreaterThanOrEqual(0.2)
    expect(a.haircut).toBeLessThanOrEqual(0.3)
  })

  it('puts Wormhole’s 13-of-19 guardians between the two, eligible, dominated by the contract bug', () => {
    const a = assessBridge(wormhole)
    // python3: tail(19, 13, 0.02) = 1.986e-18, so p = 0.02 (to 1e-17); haircut = 1 − 0.98^5 = 0.0960792032
    expect(a.haircut).toBeCloseTo(0.0960792032, 12)
    expect(a.eligible).toBe(true)
    expect(a.singlePointsOfFailure).toEqual([])
    expect(a.haircut).toBeGreaterThan(assessBridge(arbitrum).haircut)
    expect(a.haircut).toBeLessThan(assessBridge(harmony).haircut)
  })

  it('makes the 1-of-1 LayerZero DVN (KelpDAO rsETH) ineligible unless its cap is tiny; two required DVNs are eligible', () => {
    const oneDvn = assessBridge(kelp(['LayerZero Labs DVN'], 5e6))
    expect(oneDvn.eligible).toBe(false)
    expect(oneDvn.singlePointsOfFailure).toEqual([{ kind: 'member', name: 'LayerZero Labs DVN' }])
    expect(assessBridge(kelp(['LayerZero Labs DVN'], 50_000)).eligible).toBe(true)
    const twoDvns = assessBridge(kelp(['LayerZero Labs DVN', 'Nethermind DVN'], 5e6))
    expect(twoDvns.eligible).toBe(true)
    // python3: one DVN p = 1 − 0.99·0.99 = 0.0199; two: p = 1 − (1 − 0.01²)·0.99 = 0.010099
    //   haircuts 1 − (1 − p)^5 = 0.09561792499119559 and 0.04948535003545429
    expect(oneDvn.haircut).toBeCloseTo(1 - 0.99 ** 10, 12)
    expect(twoDvns.haircut).toBeCloseTo(1 - (0.9999 * 0.99) ** 5, 12)
  })

  it('makes Ronin’s 5-of-9 ineligible once Sky Mavis can also sign for Axie DAO (one operator reaches 5)', () => {
    const validators = [
      ...[0, 1, 2, 3].map((i) => m(`Sky Mavis ${i}`, 0.01, 0.01, 'Sky Mavis')),
      m('Axie DAO', 0.01, 0.01, 'Axie DAO', ['Sky Mavis']),
      ...[0, 1, 2, 3].map((i) => m(`partner ${i}`, 0.01, 0.01)),
    ]
    const ronin = assessBridge({
      name: 'Ronin bridge (March 2022)',
      trust: {
        kind: 'externalThreshold',
        verifiers: verifierSet({
          threshold: 5,
          members: validators,
          tagRisk: { 'Sky Mavis': { pCompromise: 0.01, pOffline: 0 } },
        }),
        implementationBug: 0.02,
      },
      representation: 'wrapped',
      mechanism: 'lock-and-mint',
      capUsd: 5e6,
    })
    expect(ronin.eligible).toBe(false)
    expect(ronin.singlePointsOfFailure).toContainEqual({ kind: 'operator', name: 'Sky Mavis' })
  })
})

describe(annualHaltFromTimeShare.name, () => {
  it('follows the two-state closed form', () => {
    // ν = 8760·0.001/24 = 0.365; P = 1 − 0.999·e^(−0.365/0.999) = 0.3067508812676436 (python3)
    const h = annualHaltFromTimeShare(0.001, 24)
    expect(h.episodesPerYear).toBeCloseTo(0.365, 15)
    expect(h.annualHaltProbability).toBeCloseTo(0.3067508812676436, 15)
    expect(h.hoursPerYear).toBeCloseTo(8.76, 12)
    expect(annualHaltFromTimeShare(0, 24)).toEqual({
      episodesPerYear: 0,
      annualHaltProbability: 0,
      hoursPerYear: 0,
    })
    expect(annualHaltFromTimeShare(1, 24).annualHaltProbability).toBe(1)
    expect(() => annualHaltFromTimeShare(1.5, 24)).toThrow(OutOfRangeError)
    expect(() => annualHaltFromTimeShare(0.1, 0)).toThrow(OutOfRangeError)
    expect(() => annualHaltFromTimeShare(0.1, -1)).toThrow(OutOfRangeError)
  })

  it('lies in [u, 1], rises with u and falls with the episode duration', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true })
    const hours = fc.double({ min: 0.01, max: 1e5, noNaN: true })
    fc.assert(
      fc.property(share, share, hours, hours, (u1, u2, d1, d2) => {
        const [lo, hi] = u1 <= u2 ? [u1, u2] : [u2, u1]
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1]
        const a = annualHaltFromTimeShare(lo, short).annualHaltProbability
        const b = annualHaltFromTimeShare(hi, short).annualHaltProbability
        const c = annualHaltFromTimeShare(lo, long).annualHaltProbability
        return a >= lo - 1e-15 && a <= 1 && a <= b + 1e-15 && c <= a + 1e-15
      }),
      { numRuns: 300 },
    )
  })
})
