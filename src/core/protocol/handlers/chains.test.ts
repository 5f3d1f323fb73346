import { describe, expect, it } from 'vitest'
import { at, collect, funded, setup } from '../../../../test/fixtures/protocol.js'
import { InvalidEventError } from '../errors.js'
import { units } from '../scenarios/base.js'
import { isLiquidatable } from './accounts.js'
import { handleBlock, handleParameterUpdate } from './chains.js'
import { handleLiquidate } from './liquidations.js'
import { handleOracleUpdate } from './oracles.js'
import { handleLock } from './positions.js'

describe(handleBlock.name, () => {
  it('advances the height and sets congestion; congestion stretches message latency', () => {
    const state = setup()
    handleBlock(state, { type: 'block', at: 0, chain: 0, congestion: 3 }, collect().ctx)
    expect(state.chains[0]!.height).toBe(1)
    const out = collect()
    handleLock(state, { type: 'lock', at: 0, account: 0, amount: 1n }, out.ctx)
    expect(out.scheduled[0]!.at).toBe(180) // 60 s · 3
  })
  it('does not stretch a hybrid exit window: a seize home takes exitSeconds under any congestion', () => {
    const state = funded('reference', 'hybrid-l2')
    handleBlock(at(state, 200), { type: 'block', at: 200, chain: 1, congestion: 3 }, collect().ctx)
    handleOracleUpdate(
      state,
      { type: 'oracleUpdate', at: 200, chain: 1, answerWad: units(1_400) },
      collect().ctx,
    )
    const out = collect()
    handleLiquidate(at(state, 236), { type: 'liquidate', at: 236, account: 0, liquidator: 0 }, out.ctx)
    // the setup's exit window is 3,600 s: lands at 236 + 3,600, not 236 + 3 · 3,600
    expect(out.scheduled.find((e) => e.type === 'deliver')!.at).toBe(3_836)
  })
  it('rejects congestion below 1', () => {
    expect(() =>
      handleBlock(setup(), { type: 'block', at: 0, chain: 0, congestion: 0.5 }, collect().ctx),
    ).toThrow(InvalidEventError)
  })
})

describe(handleParameterUpdate.name, () => {
  it('lowering LT makes a position liquidatable', () => {
    const state = at(funded(), 200)
    // HF with LT 60 %: 10 · 2000 · 0.6 / 12000 = 1.0 → not below 1; LT 59 % → 0.983
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltvBps', valueBps: 5_000n },
      collect().ctx,
    )
    const out = collect()
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltBps', valueBps: 6_000n },
      out.ctx,
    )
    expect(isLiquidatable(state, 0)).toBe(false)
    handleParameterUpdate(
      state,
      { type: 'parameterUpdate', at: 200, chain: 1, parameter: 'ltBps', valueBps: 5_900n },
      out.ctx,
    )
    expect(isLiquidatable(state, 0)).toBe(true)
    expect(out.scheduled.map((e) => e.type)).toEqual(['liquidate'])
  })
  it('refuses LTV above LT', () => {
    expect(() =>
      handleParameterUpdate(
        setup(),
        { type: 'parameterUpdate', at: 0, chain: 1, parameter: 'ltvBps', valueBps: 9_000n },
        collect().ctx,
      ),
    ).toThrow(InvalidEventError)
  })
})
