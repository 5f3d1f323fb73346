import { describe, expect, it } from 'vitest'
import { at, collect, funded, run, setup } from '../../../../test/fixtures/protocol.js'
import { units } from '../scenarios/base.js'
import { handleLiquidate } from './liquidations.js'
import { handleOracleUpdate } from './oracles.js'

describe(handleLiquidate.name, () => {
  it('skips a healthy account', () => {
    const state = funded()
    handleLiquidate(state, { type: 'liquidate', at: 200, account: 0, liquidator: 0 }, collect().ctx)
    expect(state.liquidations).toHaveLength(0)
    expect(state.counters.liquidationsSkipped).toBe(1)
  })
  it('close factor 50 %: repays half the debt and seizes repay · 1.05 / price, rounded up', () => {
    const state = funded()
    state.managers[0]!.closeFactorBps = 5_000n
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    const { scheduled, ctx } = collect()
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, ctx)
    // repay = 12,000 / 2 = 6,000; seize = 6,000 · 1.05 / 1,400 = 4.5 ETH exactly
    expect(state.liquidations[0]!.repaidUsd).toBe(units(6_000))
    expect(state.liquidations[0]!.seized).toBe(units(4.5))
    expect(state.accounts.credit[0]).toBe(units(5.5))
    // remaining HF = 5.5 · 1400 · 0.8 / 6000 = 1.027 → no further liquidation scheduled
    expect(scheduled.map((e) => e.type)).toEqual(['deliver'])
  })
  it('rounds the seize up and the capped repay down (against the borrower)', () => {
    const state = funded()
    state.managers[0]!.closeFactorBps = 5_000n
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_300) },
      collect().ctx,
    )
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    // seize = 6,000 · 1.05 / 1,300 = 63/13 ETH = 4.846153846153846153|846… → …154 wei (up);
    // python3 stdlib: -(-(6000e18 · 10500 · 1e18) // (10000 · 1300e18)) = 4846153846153846154
    expect(state.liquidations[0]!.seized).toBe(4_846_153_846_153_846_154n)
    // second case: the seize is capped by the credit, so the repay is recomputed and rounded down:
    // 1 ETH credit, $1,400 debt, answer $1,300: repay = floor(1e18 · 1300e18 · 10000 / (1e18 · 10500))
    // = 1,238.095238095238095238 (python3 integer division, stdlib)
    const small = run(setup(), [
      { type: 'lock', at: 0, account: 0, amount: units(1) },
      { type: 'borrow', at: 100, account: 0, amountUsd: units(1_400) },
    ])
    handleOracleUpdate(
      at(small, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_300) },
      collect().ctx,
    )
    handleLiquidate(at(small, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    expect(small.liquidations[0]!.seized).toBe(units(1))
    expect(small.liquidations[0]!.repaidUsd).toBe(1_238_095_238_095_238_095_238n)
  })
  it('does not liquidate when the seized collateral at the true price does not cover repay + gas', () => {
    const state = funded()
    // oracle $1,400 (under water) but market $1,000: 10 ETH · 1,000 = 10,000 < 12,000 · ... → loss
    handleOracleUpdate(
      at(state, 200),
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    state.truePriceWad = units(1_000)
    handleLiquidate(at(state, 212), { type: 'liquidate', at: 212, account: 0, liquidator: 0 }, collect().ctx)
    expect(state.liquidations).toHaveLength(0)
  })
})
