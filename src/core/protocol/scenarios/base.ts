import { WAD } from '../../units/wad.js'
import type { Architecture } from '../../vocabulary.js'
import type { Design } from '../architectures.js'
import type { AccountConfig, ProtocolConfig, RateLimitConfig } from '../state.js'

/**
 * Parameters of the standard two-chain setup (home chain 0, debt chain 1, one route).
 *
 * @example `import type { TwoChainParameters } from './base.js'`
 */
export type TwoChainParameters = {
  readonly design: Design
  readonly architecture: Architecture
  readonly accounts: readonly AccountConfig[]
  readonly initialPriceWad?: bigint
  readonly latencySeconds?: number
  readonly jitterSeconds?: number
  readonly jitterDistribution?: 'uniform' | 'exponential'
  readonly exitSeconds?: number
  readonly finalityBlocks?: number
  readonly rateLimit?: RateLimitConfig
  readonly oraclePostDelaySeconds?: number
  readonly deviationBps?: bigint
  readonly heartbeatSeconds?: number
  readonly minAnswerWad?: bigint
  readonly maxAnswerWad?: bigint
  readonly reactionSeconds?: number
  readonly liquidityUsd?: bigint
  readonly closeFactorBps?: bigint
  readonly sequencerGraceSeconds?: number
}

/**
 * The standard setup of the built-in scenarios: Ethereum (12 s blocks) as home, Arbitrum (0.25 s)
 * as debt chain, one route; LT 80 %, LTV 75 %, bonus 5 % (Aave v3 WETH-like), a Chainlink-style
 * feed (0.5 % deviation, 1 h heartbeat), one well-funded liquidator ($5 gas, 12 s reaction).
 *
 * @example
 * ```ts
 * const config = twoChainConfig({ design: 'reference', architecture: 'message-passing', accounts: [{ route: 0 }] })
 * ```
 */
export function twoChainConfig(p: TwoChainParameters): ProtocolConfig {
  const route = {
    name: 'home→debt',
    architecture: p.architecture,
    home: 0,
    debt: 1,
    latencySeconds: p.latencySeconds ?? 60,
    jitterSeconds: p.jitterSeconds ?? 0,
    ...(p.jitterDistribution === undefined ? {} : { jitterDistribution: p.jitterDistribution }),
    ...(p.exitSeconds === undefined ? {} : { exitSeconds: p.exitSeconds }),
    ...(p.rateLimit === undefined ? {} : { rateLimit: p.rateLimit }),
  }
  return {
    design: p.design,
    collateralDecimals: 18,
    initialPriceWad: p.initialPriceWad ?? 2_000n * WAD,
    chains: [
      { name: 'ethereum', blockSeconds: 12, finalityBlocks: p.finalityBlocks ?? 0 },
      { name: 'arbitrum', blockSeconds: 0.25, finalityBlocks: 0 },
    ],
    routes: [route],
    managers: [
      {
        chain: 1,
        ltBps: 8_000n,
        ltvBps: 7_500n,
        bonusBps: 500n,
        closeFactorBps: p.closeFactorBps ?? 10_000n,
        liquidityUsd: p.liquidityUsd ?? 1_000_000_000n * WAD,
        ...(p.sequencerGraceSeconds === undefined ? {} : { sequencerGraceSeconds: p.sequencerGraceSeconds }),
      },
    ],
    oracles: [
      {
        chain: 1,
        deviationBps: p.deviationBps ?? 50n,
        heartbeatSeconds: p.heartbeatSeconds ?? 3_600,
        postDelaySeconds: p.oraclePostDelaySeconds ?? 30,
        minAnswerWad: p.minAnswerWad ?? 1n,
        maxAnswerWad: p.maxAnswerWad ?? 10n ** 12n * WAD,
      },
    ],
    liquidators: [
      {
        name: 'searcher',
        capitalUsd: [1_000_000_000n * WAD, 1_000_000_000n * WAD],
        gasUsd: 5n * WAD,
        minProfitUsd: 0n,
        reactionSeconds: p.reactionSeconds ?? 12,
      },
    ],
    accounts: p.accounts,
    reserveUsd: 1_000_000n * WAD,
  }
}

/**
 * A whole-number USD or token amount as WAD (18 decimals).
 *
 * @example
 * ```ts
 * units(1_500) // 1500n * 10n ** 18n
 * ```
 */
export function units(whole: number): bigint {
  if (Number.isInteger(whole)) return BigInt(whole) * WAD
  return BigInt(Math.round(whole * 1e6)) * 10n ** 12n
}
