import { describe, expect, it } from 'vitest'
import { OutOfRangeError } from '../errors.js'
import { marketScenario } from '../scenarios/catalog.js'
import { attackerLoss, backtestFaults } from './faults.js'

const events = (name: string) => marketScenario(name).build().events
const arbitrum = { bridges: ['arbitrum-canonical'], chains: ['ethereum', 'arbitrum'] }

describe(backtestFaults.name, () => {
  it('does not charge the Nomad drain to an Arbitrum-canonical WETH route', () => {
    for (const architecture of ['synthetic', 'message-passing'] as const) {
      const r = backtestFaults(events('nomad-2022-08'), { architecture, asset: 'ETH', ...arbitrum })
      expect(r.faults.collateralLosses).toEqual([])
      expect(r.faults.halts).toEqual([])
      expect(r.applied).toEqual([])
      expect(r.skipped.join(' ')).toContain("not this route's bridge")
    }
  })

  it('applies the Nomad drain to a Nomad route on a Nomad chain: a loss (synthetic) or a halt (messages)', () => {
    const nomad = { bridges: ['nomad'], chains: ['ethereum', 'moonbeam'] }
    const syn = backtestFaults(events('nomad-2022-08'), { architecture: 'synthetic', asset: 'ETH', ...nomad })
    expect(syn.faults.collateralLosses).toHaveLength(1)
    const mp = backtestFaults(events('nomad-2022-08'), {
      architecture: 'message-passing',
      asset: 'ETH',
      ...nomad,
    })
    expect(mp.faults.collateralLosses).toHaveLength(0)
    expect(mp.faults.halts?.length).toBeGreaterThan(0)
  })

  it('skips a fault on the right bridge but another chain', () => {
    const r = backtestFaults(events('nomad-2022-08'), {
      architecture: 'synthetic',
      asset: 'ETH',
      bridges: ['nomad'],
      chains: ['optimism', 'base'],
    })
    expect(r.faults.collateralLosses).toEqual([])
    expect(r.skipped.join(' ')).toContain('not on this route')
  })

  it('does not halt an Arbitrum message-passing route for the Sollet halt', () => {
    const r = backtestFaults(events('ftx-2022-11'), {
      architecture: 'message-passing',
      asset: 'soBTC',
      ...arbitrum,
    })
    expect(r.faults.halts).toEqual([])
  })

  it('applies a halt to bridged tokens of the halted bridge (the sale waits)', () => {
    const r = backtestFaults(events('ftx-2022-11'), {
      architecture: 'synthetic',
      asset: 'soBTC',
      bridges: ['sollet'],
      chains: ['ethereum', 'solana'],
    })
    expect(r.faults.halts).toHaveLength(1)
    expect(r.applied[0]).toContain('cannot be redeemed')
  })

  it('applies the scenario to the own bridge only when asked', () => {
    const r = backtestFaults(events('nomad-2022-08'), {
      architecture: 'synthetic',
      asset: 'ETH',
      ...arbitrum,
      assumeOwnBridgeFails: true,
    })
    expect(r.faults.collateralLosses).toHaveLength(1)
    expect(r.applied[0]).toContain('assumed')
  })

  it('returns the Kelp attacker only for a route through the minting bridge', () => {
    const kelp = events('kelp-rseth-2026-04')
    const own = backtestFaults(kelp, {
      architecture: 'synthetic',
      asset: 'rsETH',
      bridges: ['layerzero-rseth'],
      chains: ['ethereum', 'arbitrum'],
    })
    expect(own.attacker?.borrowedUsd).toBe(193_000_000)
    const other = backtestFaults(kelp, { architecture: 'synthetic', asset: 'rsETH', ...arbitrum })
    expect(other.attacker).toBeUndefined()
  })
})

describe(attackerLoss.name, () => {
  const kelp = marketScenario('kelp-rseth-2026-04').events.find((e) => e.kind === 'unbacked-mint')
  if (kelp?.kind !== 'unbacked-mint') throw new Error('the Kelp scenario has no unbacked mint')
  it('is the borrow, bounded by the supply cap times the LTV', () => {
    expect(attackerLoss(kelp, { ltv: 0.9 }).badDebtUsd).toBe(193_000_000)
    // $10M cap at LTV 0.7: at most $7M can be borrowed against it.
    expect(attackerLoss(kelp, { ltv: 0.7, supplyCapUsd: 10_000_000 }).badDebtUsd).toBeCloseTo(7_000_000, 6)
    // At LTV 0.5 the $221M posted supports only $110.5M.
    expect(attackerLoss(kelp, { ltv: 0.5 }).badDebtUsd).toBe(110_500_000)
    expect(() => attackerLoss(kelp, { ltv: 1.5 })).toThrow(OutOfRangeError)
  })
})
