import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { governorMaxOutflow, tokenBucketMaxOutflow } from './rateLimit.js'

describe(tokenBucketMaxOutflow.name, () => {
  it('lets 190 tokens out of the CCIP docs bucket (10 tokens, 0.1 token/s) in 30 minutes', () => {
    // docs.chain.link/ccip/evm/concepts/cross-chain-token/rate-limits/common-scenarios:
    // "outbound capacity 10 tokens, refill 0.1 tokens/sec". Hand-worked: 10 + 0.1 × 1800 = 190.
    expect(tokenBucketMaxOutflow({ capacity: 10, ratePerSecond: 0.1 }, 1800).mostOut).toBeCloseTo(190, 12)
  })
  it('lets 1.9M tokens out of the CCIP overview bucket (100,000 tokens, 1,000/s) in 30 minutes', () => {
    // docs.chain.link/ccip/evm/concepts/cross-chain-token/rate-limits/overview (illustrative values):
    // 100,000 + 1,000 × 1,800 = 1,900,000.
    expect(tokenBucketMaxOutflow({ capacity: 100_000, ratePerSecond: 1000 }, 1800).mostOut).toBe(1_900_000)
  })
  it('is the capacity at t = 0 and grows with t', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (capacity, rate, t) =>
          tokenBucketMaxOutflow({ capacity, ratePerSecond: rate }, 0).mostOut === capacity &&
          tokenBucketMaxOutflow({ capacity, ratePerSecond: rate }, t).mostOut >= capacity,
      ),
    )
  })
  it('rejects negative inputs', () => {
    expect(() => tokenBucketMaxOutflow({ capacity: -1, ratePerSecond: 1 }, 1)).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() => tokenBucketMaxOutflow({ capacity: 1, ratePerSecond: 1 }, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_NUMBER' }),
    )
  })
})

describe(governorMaxOutflow.name, () => {
  it('lets out at most the Ethereum daily limit ($10M) in 30 minutes', () => {
    // wormhole-foundation/wormhole node/pkg/governor/mainnet_chains.go (a recent version, listing Monad and MegaETH):
    // {EmitterChainID: vaa.ChainIDEthereum, DailyLimit: 10_000_000, BigTransactionSize: 1_000_000}.
    // Whitepaper 0007_governor.md: small transfers up to the 24 h sliding-window limit are signed at
    // once, large ones wait 24 h. Within 30 min < 24 h: at most $10,000,000.
    const r = governorMaxOutflow({ dailyLimitUsd: 10_000_000, bigTransactionSizeUsd: 1_000_000 }, 1800)
    expect(r).toMatchObject({ kind: 'bounded', mostOut: 10_000_000 })
  })
  it('no longer bounds the outflow once the detection time reaches the 24 h delay', () => {
    const r = governorMaxOutflow({ dailyLimitUsd: 10_000_000, bigTransactionSizeUsd: 1_000_000 }, 86_400)
    expect(r.kind).toBe('unbounded')
  })
  it('lets out less than a CCIP bucket with the same daily budget', () => {
    // Same $10M budget as a CCIP bucket of $10M capacity refilled at $10M / 24 h:
    // 10e6 + (10e6 / 86400) × 1800 = 10e6 × (1 + 1/48) = 10,208,333.33…
    const ccip = tokenBucketMaxOutflow({ capacity: 10e6, ratePerSecond: 10e6 / 86_400 }, 1800).mostOut
    expect(ccip).toBeCloseTo(10e6 * (1 + 1 / 48), 6)
    const wormhole = governorMaxOutflow({ dailyLimitUsd: 10e6, bigTransactionSizeUsd: 1e6 }, 1800)
    expect(wormhole.kind === 'bounded' && wormhole.mostOut < ccip).toBe(true)
  })
  it('rejects bad input', () => {
    expect(() => governorMaxOutflow({ dailyLimitUsd: -1, bigTransactionSizeUsd: 1 }, 1)).toThrow(
      expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }),
    )
    expect(() =>
      governorMaxOutflow({ dailyLimitUsd: 1, bigTransactionSizeUsd: 1, largeTransferDelaySeconds: 0 }, 1),
    ).toThrow(expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }))
  })
})
