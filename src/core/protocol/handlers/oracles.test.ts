import { describe, expect, it } from 'vitest'
import { at, collect, funded, setup } from '../../../../test/fixtures/protocol.js'
import { InvalidEventError } from '../errors.js'
import { units } from '../scenarios/base.js'
import { handleOracleUpdate, handlePriceTick } from './oracles.js'

describe(handlePriceTick.name, () => {
  it('starts an oracle round at the deviation threshold, posted 30 s later', () => {
    const state = at(setup(), 10)
    const { scheduled, ctx } = collect()
    // |2010 − 2000| / 2000 = 0.5 % ≥ 0.5 % → a round
    handlePriceTick(state, { type: 'priceTick', at: 10, priceWad: units(2_010) }, ctx)
    expect(scheduled).toEqual([{ type: 'oracleUpdate', at: 40, chain: 1, answerWad: units(2_010) }])
    expect(state.truePriceWad).toBe(units(2_010))
  })
  it('does not start a round below the threshold before the heartbeat, and does after it', () => {
    const state = at(setup(), 10)
    const { scheduled, ctx } = collect()
    handlePriceTick(state, { type: 'priceTick', at: 10, priceWad: units(2_009) }, ctx) // 0.45 %
    expect(scheduled).toEqual([])
    state.time = 3_600
    handlePriceTick(state, { type: 'priceTick', at: 3_600, priceWad: units(2_009) }, ctx)
    expect(scheduled.map((e) => e.type)).toEqual(['oracleUpdate'])
  })
  it('marks when the true price puts an account under water', () => {
    const state = at(funded(), 500)
    // liquidation price = 12,000 / (10 · 0.8) = $1,500
    handlePriceTick(state, { type: 'priceTick', at: 500, priceWad: units(1_499) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBe(500)
  })
  it('ends the episode when the price recovers before any liquidation', () => {
    const state = at(funded(), 500)
    handlePriceTick(state, { type: 'priceTick', at: 500, priceWad: units(1_499) }, collect().ctx)
    handlePriceTick(at(state, 501), { type: 'priceTick', at: 501, priceWad: units(1_501) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBeNaN()
    handlePriceTick(at(state, 900), { type: 'priceTick', at: 900, priceWad: units(1_400) }, collect().ctx)
    expect(state.accounts.tTrue[0]).toBe(900)
  })
  it('rejects a non-positive price', () => {
    expect(() => handlePriceTick(setup(), { type: 'priceTick', at: 0, priceWad: 0n }, collect().ctx)).toThrow(
      InvalidEventError,
    )
  })
})

describe(handleOracleUpdate.name, () => {
  it('clamps to minAnswer and flags the clamp', () => {
    const state = setup()
    handleOracleUpdate(state, { type: 'oracleUpdate', at: 0, chain: 1, answerWad: units(50) }, collect().ctx)
    expect(state.oracles[0]!.answerWad).toBe(units(100))
    expect(state.oracles[0]!.clamped).toBe(true)
    expect(state.oracles[0]!.round).toBe(2)
  })
  it('hands an account it shows under water to the liquidator after the reaction delay', () => {
    const state = at(funded(), 500)
    const { scheduled, ctx } = collect()
    handleOracleUpdate(state, { type: 'oracleUpdate', at: 500, chain: 1, answerWad: units(1_400) }, ctx)
    expect(scheduled).toEqual([{ type: 'liquidate', at: 512, account: 0, liquidator: 0 }])
    expect(state.accounts.tOracle[0]).toBe(500)
  })
  it("books a manipulated push's cost to the attacker and keeps the feed's round pending", () => {
    const state = setup()
    state.oracles[0]!.pending = true
    handleOracleUpdate(
      state,
      { type: 'oracleUpdate', at: 0, chain: 1, answerWad: units(3_000), costUsd: units(7) },
      collect().ctx,
    )
    expect(state.attacker.costsUsd).toBe(units(7))
    expect(state.oracles[0]!.pending).toBe(true)
  })
  it('rejects a chain without an oracle', () => {
    expect(() =>
      handleOracleUpdate(
        setup(),
        { type: 'oracleUpdate', at: 0, chain: 0, answerWad: units(1) },
        collect().ctx,
      ),
    ).toThrow(InvalidEventError)
  })
})
