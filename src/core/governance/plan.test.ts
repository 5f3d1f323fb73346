import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assertUpdateAllowed,
  checkUpdate,
  DebounceError,
  InvalidChangeError,
  OutOfEnvelopeError,
} from './check.js'
import { ENVELOPE_PRESETS, envelopePreset, InvalidEnvelopeError } from './envelope.js'
import { collateralProblems, planChanges, planParameterChange, rampValueAt } from './plan.js'

const DAY = 86_400
// Monday 7 December 2026, 00:00 UTC.
const T0 = Date.UTC(2026, 11, 7) / 1000
const steward = envelopePreset('aave-risk-steward')

describe(planParameterChange.name, () => {
  it('plans LT 83 % → 80 % under the Aave steward as 12 steps of 25 bps, 3 days apart', () => {
    // The steward allows |Δ| ≤ 25 bps per update of LT and 3 days between updates:
    // 300 bps / 25 bps = 12 updates, the k-th at T0 + (k − 1) · 3 days, ending on day 33.
    const plan = planParameterChange({
      envelope: steward,
      subject: 'weth',
      parameter: 'liquidationThreshold',
      current: 8_300n,
      target: 8_000n,
      from: T0,
    })
    expect(plan.steps).toHaveLength(12)
    plan.steps.forEach((step, i) => {
      expect(step.index).toBe(i + 1)
      expect(step.from).toBe(8_300n - 25n * BigInt(i))
      expect(step.to).toBe(8_300n - 25n * BigInt(i + 1))
      expect(step.at).toBe(T0 + i * 3 * DAY)
      expect(step.ramp).toBeUndefined()
    })
    expect(plan.steps.at(-1)?.to).toBe(8_000n)
    expect(new Date(plan.completesAt * 1000).toISOString()).toBe('2027-01-09T00:00:00.000Z')
  })

  it('plans a supply-cap increase of 150 % as two steps (+100 %, then the rest)', () => {
    // Relative limit ±100 % of the current cap: 1,000,000 → 2,000,000 (the most one update may
    // add), then 2,000,000 → 2,500,000 (+25 %, within +100 % of 2,000,000), 3 days later.
    const plan = planParameterChange({
      envelope: steward,
      subject: 'weth',
      parameter: 'supplyCap',
      current: 1_000_000n,
      target: 2_500_000n,
      from: T0,
    })
    expect(plan.steps.map((s) => [s.from, s.to, s.at])).toEqual([
      [1_000_000n, 2_000_000n, T0],
      [2_000_000n, 2_500_000n, T0 + 3 * DAY],
    ])
  })

  it('plans a change within the envelope as one step at the start', () => {
    const plan = planParameterChange({
      envelope: steward,
      subject: 'weth',
      parameter: 'liquidationBonus',
      current: 500n,
      target: 550n,
      from: T0,
    })
    expect(plan.steps).toEqual([
      { subject: 'weth', parameter: 'liquidationBonus', index: 1, at: T0, from: 500n, to: 550n },
    ])
  })

  it('starts after the debounce of the last update', () => {
    const plan = planParameterChange({
      envelope: steward,
      subject: 'weth',
      parameter: 'ltv',
      current: 8_000n,
      target: 7_950n,
      from: T0,
      lastUpdatedAt: T0 - DAY,
    })
    // Updated a day before T0: allowed 3 days after that update, T0 + 2 days; then +3 days.
    expect(plan.steps.map((s) => s.at)).toEqual([T0 + 2 * DAY, T0 + 5 * DAY])
  })

  it('lowers a cap by 30 % of the current value per step under the edge caps steward, rounding down', () => {
    // ⌊0.3 · v⌋ per step: 1000 → 700 → 490 → 343 → 241 → 169 → 119 → 100 (the last step only 19).
    const plan = planParameterChange({
      envelope: envelopePreset('aave-edge-caps'),
      subject: 'usdc',
      parameter: 'borrowCap',
      current: 1_000n,
      target: 100n,
      from: T0,
    })
    expect(plan.steps.map((s) => s.to)).toEqual([700n, 490n, 343n, 241n, 169n, 119n, 100n])
    // Pushed updates lapse 6 hours after they are due.
    expect(plan.steps[0]?.expiresAt).toBe(T0 + 6 * 3600)
  })

  it('ramps a lowered LT under euler-ramp and raises it at once', () => {
    const down = planParameterChange({
      envelope: envelopePreset('euler-ramp'),
      subject: 'weth',
      parameter: 'liquidationThreshold',
      current: 8_300n,
      target: 8_000n,
      from: T0,
    })
    // 300 bps at 3 days per 25 bps: 36 days = 3,110,400 s, one setLTV call.
    expect(down.steps).toHaveLength(1)
    expect(down.steps[0]?.ramp).toEqual({ from: 8_300n, to: 8_000n, startsAt: T0, endsAt: T0 + 3_110_400 })
    expect(down.completesAt).toBe(T0 + 36 * DAY)
    const up = planParameterChange({
      envelope: envelopePreset('euler-ramp'),
      subject: 'weth',
      parameter: 'liquidationThreshold',
      current: 8_000n,
      target: 8_500n,
      from: T0,
    })
    expect(up.steps.map((s) => [s.to, s.ramp])).toEqual([[8_500n, undefined]])
  })

  it('refuses an update to zero, a no-op, an ungoverned parameter and an immovable value', () => {
    const base = { envelope: steward, subject: 'weth', from: T0 } as const
    const cases = [
      { ...base, parameter: 'supplyCap', current: 10n, target: 0n },
      { ...base, parameter: 'ltv', current: 8_000n, target: 8_000n },
      {
        ...base,
        envelope: envelopePreset('aave-edge-caps'),
        parameter: 'ltv',
        current: 8_000n,
        target: 7_900n,
      },
      // ±100 % of a zero cap is zero: relative steps never leave 0.
      { ...base, parameter: 'supplyCap', current: 0n, target: 100n },
    ] as const
    for (const c of cases)
      expect(() => planParameterChange(c), JSON.stringify(c.parameter)).toThrow(InvalidChangeError)
  })

  it('takes exactly ⌈|Δ| / 25⌉ steps under the steward, each accepted by the checker (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999 }),
        fc.integer({ min: 1, max: 9_999 }),
        fc.option(fc.integer({ min: -10 * DAY, max: 0 }), { nil: undefined }),
        (current, target, lastOffset) => {
          fc.pre(current !== target)
          const lastUpdatedAt = lastOffset === undefined ? undefined : T0 + lastOffset
          const plan = planParameterChange({
            envelope: steward,
            subject: 'x',
            parameter: 'liquidationThreshold',
            current: BigInt(current),
            target: BigInt(target),
            from: T0,
            lastUpdatedAt,
          })
          expect(plan.steps.length).toBe(Math.ceil(Math.abs(current - target) / 25))
          let last = lastUpdatedAt
          for (const step of plan.steps) {
            const problems = checkUpdate({
              envelope: steward,
              parameter: 'liquidationThreshold',
              subject: 'x',
              current: step.from,
              proposed: step.to,
              at: step.at,
              lastUpdatedAt: last,
            })
            expect(problems).toEqual([])
            // One second earlier the debounce refuses it (when there was a previous update).
            if (last !== undefined && step.at > T0)
              expect(
                checkUpdate({
                  envelope: steward,
                  parameter: 'liquidationThreshold',
                  subject: 'x',
                  current: step.from,
                  proposed: step.to,
                  at: step.at - 1,
                  lastUpdatedAt: last,
                }).map((v) => v.kind),
              ).toContain('debounce')
            last = step.at
          }
          expect(plan.steps.at(-1)?.to).toBe(BigInt(target))
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe(assertUpdateAllowed.name, () => {
  it('refuses an update before the debounce, with the date it becomes allowed', () => {
    const p = {
      envelope: steward,
      parameter: 'liquidationThreshold',
      subject: 'weth',
      current: 8_300n,
      proposed: 8_275n,
      lastUpdatedAt: T0,
      at: T0 + 2 * DAY,
    } as const
    let error: unknown
    try {
      assertUpdateAllowed(p)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DebounceError)
    expect((error as DebounceError).code).toBe('XC_DEBOUNCE')
    expect((error as DebounceError).allowedAt).toBe(T0 + 3 * DAY)
    expect((error as DebounceError).message).toContain('2026-12-10T00:00:00.000Z')
    // Exactly 3 days after is allowed (the steward reverts only when the elapsed time is < minDelay).
    expect(() => assertUpdateAllowed({ ...p, at: T0 + 3 * DAY })).not.toThrow()
    expect(() => assertUpdateAllowed({ ...p, at: T0 + 3 * DAY - 1 })).toThrow(DebounceError)
  })

  it('refuses a move beyond the range with the largest allowed move', () => {
    const p = {
      envelope: steward,
      parameter: 'supplyCap',
      subject: 'weth',
      current: 1_000n,
      proposed: 2_001n,
      at: T0,
    } as const
    expect(() => assertUpdateAllowed(p)).toThrow(OutOfEnvelopeError)
    expect(() => assertUpdateAllowed({ ...p, proposed: 2_000n })).not.toThrow()
    expect(checkUpdate(p)).toEqual([{ kind: 'range', maxDelta: 1_000n }])
  })

  it('lets a pushed update lapse after the envelope expiry', () => {
    const kinds = checkUpdate({
      envelope: envelopePreset('aave-edge-caps'),
      parameter: 'supplyCap',
      subject: 'weth',
      current: 1_000n,
      proposed: 1_200n,
      pushedAt: T0,
      at: T0 + 6 * 3600 + 1,
    }).map((v) => v.kind)
    expect(kinds).toEqual(['expired'])
  })
})

describe(rampValueAt.name, () => {
  it('falls linearly and rounds down, as Euler’s LTVConfig.getLTV', () => {
    const ramp = { from: 8_300n, to: 8_000n, startsAt: 0, endsAt: 3_110_400 }
    expect(rampValueAt(ramp, -5)).toBe(8_300n)
    expect(rampValueAt(ramp, 1_555_200)).toBe(8_150n) // half way
    expect(rampValueAt(ramp, 1_036_800)).toBe(8_200n) // a third: 8000 + 300 · 2/3
    expect(rampValueAt(ramp, 1)).toBe(8_299n) // 8000 + 300 · 3110399/3110400 = 8299.9999 → 8299
    expect(rampValueAt(ramp, 3_110_400)).toBe(8_000n)
  })
})

describe(planChanges.name, () => {
  it('moves LTV and LT together, one dated update each 3 days', () => {
    const plan = planChanges({
      envelope: steward,
      from: T0,
      changes: [
        {
          subject: 'weth',
          current: { ltv: 8_000n, liquidationThreshold: 8_300n, liquidationBonus: 500n },
          target: { ltv: 7_700n, liquidationThreshold: 8_000n, liquidationBonus: 500n },
        },
      ],
    })
    expect(plan.parameters.map((x) => x.parameter)).toEqual(['ltv', 'liquidationThreshold'])
    expect(plan.schedule).toHaveLength(12)
    expect(plan.schedule[11]?.values).toEqual({
      ltv: 7_700n,
      liquidationThreshold: 8_000n,
      liquidationBonus: 500n,
    })
    expect(plan.completesAt).toBe(T0 + 33 * DAY)
  })

  it('refuses a plan that would put LTV above LT, naming the date', () => {
    const plan = () =>
      planChanges({
        envelope: steward,
        from: T0,
        changes: [
          {
            subject: 'weth',
            current: { ltv: 8_000n, liquidationThreshold: 8_300n },
            target: { ltv: 8_400n },
          },
        ],
      })
    // 8000 + 25k > 8300 first at k = 13, the update of T0 + 36 days (2027-01-12).
    expect(plan).toThrow(InvalidChangeError)
    expect(plan).toThrow(/2027-01-12/)
  })
})

describe(collateralProblems.name, () => {
  it('applies Aave’s LT · (1 + bonus) ≤ 100 % with percentMul rounding half up', () => {
    // percentMul(9500, 10500) = (99,750,000 + 5,000) / 10,000 = 9975 ≤ 10000.
    expect(collateralProblems({ liquidationThreshold: 9_500n, liquidationBonus: 500n })).toEqual([])
    // percentMul(9524, 10500) = (100,002,000 + 5,000) / 10,000 = 10000 (rounded down from 10000.7): allowed.
    expect(collateralProblems({ liquidationThreshold: 9_524n, liquidationBonus: 500n })).toEqual([])
    // percentMul(9525, 10500) = (100,012,500 + 5,000) / 10,000 = 10001: refused.
    expect(collateralProblems({ liquidationThreshold: 9_525n, liquidationBonus: 500n })).toHaveLength(1)
    expect(collateralProblems({ ltv: 8_301n, liquidationThreshold: 8_300n })).toHaveLength(1)
  })
})

describe(envelopePreset.name, () => {
  it('has the anchors’ figures with a source and a date', () => {
    expect(steward.rules.liquidationThreshold?.increase).toEqual({ kind: 'absolute', max: 25n })
    expect(steward.rules.liquidationBonus?.decrease).toEqual({ kind: 'absolute', max: 50n })
    expect(steward.rules.supplyCap?.increase).toEqual({ kind: 'relative', maxBps: 10_000n })
    expect(steward.rules.debtCeiling?.increase).toEqual({ kind: 'relative', maxBps: 2_000n })
    expect(steward.rules.ltv?.minDelaySeconds).toBe(3 * DAY)
    expect(envelopePreset('aave-edge-caps').rules.supplyCap?.increase).toEqual({
      kind: 'relative',
      maxBps: 3_000n,
    })
    for (const e of Object.values(ENVELOPE_PRESETS)) {
      expect(e.source.length).toBeGreaterThan(20)
      expect(e.asOf).toMatch(/^\d{4}-\d{2}/)
    }
  })

  it('names the presets when the name is unknown', () => {
    expect(() => envelopePreset('aave')).toThrow(InvalidEnvelopeError)
    expect(() => envelopePreset('toString')).toThrow(InvalidEnvelopeError)
  })
})
