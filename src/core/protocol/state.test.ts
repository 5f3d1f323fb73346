import { describe, expect, it } from 'vitest'
import { InvalidProtocolConfigError } from './errors.js'
import { twoChainConfig, units } from './scenarios/base.js'
import { createState, validateConfig } from './state.js'

const base = twoChainConfig({
  design: 'reference',
  architecture: 'message-passing',
  accounts: [{ route: 0 }],
})

describe(validateConfig.name, () => {
  it('accepts the standard setup', () => {
    expect(() => validateConfig(base)).not.toThrow()
  })
  it.each([
    ['LTV above LT', { ...base, managers: [{ ...base.managers[0]!, ltvBps: 9_000n }] }],
    ['a route to a missing chain', { ...base, routes: [{ ...base.routes[0]!, home: 7 }] }],
    ['a debt chain without oracle', { ...base, oracles: [] }],
    ['an account on a missing route', { ...base, accounts: [{ route: 2 }] }],
    [
      'minAnswer above maxAnswer',
      { ...base, oracles: [{ ...base.oracles[0]!, minAnswerWad: units(2), maxAnswerWad: units(1) }] },
    ],
    ['negative latency', { ...base, routes: [{ ...base.routes[0]!, latencySeconds: -1 }] }],
    [
      'NaN block time',
      { ...base, chains: [{ ...base.chains[0]!, blockSeconds: Number.NaN }, base.chains[1]!] },
    ],
    [
      'liquidator capital per chain missing',
      { ...base, liquidators: [{ ...base.liquidators[0]!, capitalUsd: [1n] }] },
    ],
  ])('rejects %s', (_what, config) => {
    expect(() => validateConfig(config)).toThrow(InvalidProtocolConfigError)
  })
})

describe(createState.name, () => {
  it('starts with the oracle at the initial price and empty ledgers', () => {
    const state = createState(base)
    expect(state.oracles[0]!.answerWad).toBe(units(2_000))
    expect(state.routes[0]!.vaultLocked).toBe(0n)
    expect(Array.from(state.accountsOnChain[1]!)).toEqual([0])
  })
})
