import { describe, expect, it } from 'vitest'
import { replayOnChain } from '../../src/app/devnet/replay.js'

// `devnet replay replay`: the engine's replay scenario driven on chain, both designs.
describe('devnet replay: the replay scenario on chain against the engine', () => {
  it('naive: the duplicated credit is executed and the attacker keeps $10,000, as the engine says', async () => {
    const r = await replayOnChain({ scenario: 'replay', design: 'naive', seed: 1 })
    expect(r.lines.filter((l) => !l.same)).toEqual([])
    expect(r.chain.attackerProfitWad).toBe(10_000n * 10n ** 18n)
    expect(r.chain.replaysExecuted).toBe(1)
  })

  it('reference: the duplicate is refused and nothing is lost, as the engine says', async () => {
    const r = await replayOnChain({ scenario: 'replay', design: 'reference', seed: 1 })
    expect(r.same).toBe(true)
    expect(r.chain.attackerProfitWad).toBe(0n)
    expect(r.chain.badDebtWad).toBe(0n)
    expect(r.chain.replaysBlocked).toBe(1)
  })

  it('forged-mint, reference: the credit rate limit lets one forged 1,000 ETH through; $1.5 M lost, as the engine says', async () => {
    const r = await replayOnChain({ scenario: 'forged-mint', design: 'reference', seed: 1 })
    expect(r.lines.filter((l) => !l.same)).toEqual([])
    // 1,000 ETH · $2,000 · 75 % LTV (the bound: capacity left after the honest lock, times the LTV)
    expect(r.chain.attackerProfitWad).toBe(1_500_000n * 10n ** 18n)
    expect(r.chain.creditRateLimited).toBe(9)
  })

  it('forged-mint, naive: no limit, all ten forged credits land and $15 M is lost, as the engine says', async () => {
    const r = await replayOnChain({ scenario: 'forged-mint', design: 'naive', seed: 1 })
    expect(r.lines.filter((l) => !l.same)).toEqual([])
    expect(r.chain.attackerProfitWad).toBe(15_000_000n * 10n ** 18n)
  })

  it('refuses a scenario it does not drive on chain yet', async () => {
    await expect(replayOnChain({ scenario: 'crash-40-24h', design: 'naive', seed: 1 })).rejects.toMatchObject(
      {
        code: 'XC_BAD_OPTION',
      },
    )
  })
})
