import type { BridgeEntry } from '../schema.js'

const P_MEMBER =
  'Per-member annual compromise probability 1 % and offline probability 1 %: no calibrated per-operator data in the sources.'
const WATCHER =
  'Optimistic verification fails only if every honest challenger fails within the window; modelled as 3 independent watchers each failing with 1 %/year (assumption).'
const BUG_ROLLUP =
  'Fraud-proof and implementation bug probabilities 0.2 %/year each are assumptions (no incident of a canonical rollup bridge in bridge_incidents.csv).'
const BUG_EXTERNAL =
  'Implementation (contract) bug probability 1 %/year is an assumption; see `xcollat bridges calibrate` for class priors from incidents.'
const LATENCY =
  'Message latency (verification + execution) is not in the sources; typical published figures used.'

type Member = {
  id: string
  operator: string
  tags: string[]
  pCompromise: number
  pOffline: number
}

function members(prefix: string, n: number, p = 0.01): Member[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    operator: `${prefix}-${i + 1}`,
    tags: [],
    pCompromise: p,
    pOffline: p,
  }))
}

function optimisticCanonical(
  chain: string,
  name: string,
  source: string,
  admin: { threshold: number; size: number; note: string },
): BridgeEntry {
  return {
    id: `${chain}-canonical`,
    name,
    kind: 'optimistic-canonical',
    representation: 'canonical',
    mechanism: 'lock-and-mint',
    trust: {
      kind: 'optimistic',
      watchers: [1, 2, 3].map((i) => ({
        id: `${chain}-watcher-${i}`,
        operator: `${chain}-watcher-${i}`,
        tags: [],
        pFail: 0.01,
      })),
      fraudProofBug: 0.002,
      implementationBug: 0.002,
    },
    admin: { threshold: admin.threshold, size: admin.size, timelockSeconds: 0, pCompromise: 0.01 },
    challenge: { windowSeconds: 604_800, fromChains: [chain] },
    verificationSeconds: 0,
    executionSeconds: 600,
    source,
    asOf: '2025',
    assumptions: {
      watchers: WATCHER,
      implementationBug: BUG_ROLLUP,
      admin: `${admin.note} Per-key compromise probability 1 %/year is an assumption.`,
      executionSeconds:
        'Deposits (L1 → L2) are credited after about 10 minutes of L1 confirmations (assumption).',
    },
  }
}

/**
 * Built-in bridges. Structural facts (kind, threshold, set size, challenge window) carry a
 * source; per-member probabilities, latencies and limits that no source gives are listed in
 * `assumptions` and shown to the user. Override any field from a configuration file.
 *
 * @example
 * ```ts
 * CATALOG_BRIDGES.find((b) => b.id === 'wormhole')?.trust // 13-of-19 guardians
 * ```
 */
export const CATALOG_BRIDGES: readonly BridgeEntry[] = [
  optimisticCanonical(
    'arbitrum',
    'Arbitrum canonical bridge',
    'Arbitrum docs: withdrawals to Ethereum wait the challenge period of about one week (7 days used)',
    {
      threshold: 9,
      size: 12,
      note: 'Security Council 9-of-12 can upgrade without delay in an emergency (L2BEAT; verify).',
    },
  ),
  optimisticCanonical(
    'optimism',
    'OP Mainnet standard bridge',
    'OP Stack docs: withdrawals to Ethereum wait the 7-day fault-proof window',
    {
      threshold: 10,
      size: 13,
      note: 'Security Council 10-of-13 with the Optimism Foundation can upgrade (L2BEAT; verify).',
    },
  ),
  optimisticCanonical(
    'base',
    'Base standard bridge',
    'OP Stack docs: withdrawals wait the 7-day fault-proof window',
    {
      threshold: 10,
      size: 13,
      note: 'Upgrades through the OP Stack Security Council and Base multisigs (L2BEAT; verify).',
    },
  ),
  {
    id: 'wormhole',
    name: 'Wormhole (Portal token bridge)',
    kind: 'external-threshold',
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    trust: {
      kind: 'externalThreshold',
      verifiers: { type: 'threshold', threshold: 13, members: members('guardian', 19) },
      implementationBug: 0.01,
    },
    verificationSeconds: 30,
    executionSeconds: 60,
    rateLimit: {
      kind: 'daily-notional',
      dailyLimitUsd: 50_000_000,
      largeTransferUsd: 5_000_000,
      largeTransferDelaySeconds: 86_400,
    },
    trackRecord: { incidents: 1, exposureYears: 4 },
    source:
      'xcollat dev data bridges/bridge_security_params.csv: "2/3 of Guardians (13 of 19)" (l2beat portal.ts); Governor: wormhole-foundation/wormhole whitepapers/0007_governor.md (per-chain 24 h notional limit; messages over it, or a single transfer over the large-transfer size, wait up to 24 h)',
    asOf: '2025',
    assumptions: {
      members: P_MEMBER,
      implementationBug: BUG_EXTERNAL,
      verificationSeconds: LATENCY,
      rateLimit:
        'Per-chain Governor limits are set by the guardians and not in the sources: $50M/day and $5M single-transfer threshold assumed.',
      trackRecord:
        'One incident (Feb 2022, bridge_incidents.csv) over about 4 years of operation to the catalog date (exposure assumed).',
    },
  },
  {
    id: 'layerzero-oft-2dvn',
    name: 'LayerZero OFT, two required DVNs',
    kind: 'layerzero-oft',
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    trust: {
      kind: 'externalThreshold',
      implementationBug: 0.01,
      verifiers: {
        type: 'all',
        sets: [
          {
            type: 'threshold',
            threshold: 1,
            members: [
              {
                id: 'layerzero-labs',
                operator: 'LayerZero Labs',
                tags: [],
                pCompromise: 0.01,
                pOffline: 0.01,
              },
            ],
          },
          {
            type: 'threshold',
            threshold: 1,
            members: [
              { id: 'second-dvn', operator: 'second DVN', tags: [], pCompromise: 0.01, pOffline: 0.01 },
            ],
          },
        ],
      },
    },
    verificationSeconds: 180,
    executionSeconds: 60,
    source:
      'LayerZero v2 docs: an OApp requires all its required DVNs (plus optional DVNs above a threshold) to verify a message',
    asOf: '2025',
    assumptions: {
      verifiers: `DVN set is per application; this default is two required DVNs. ${P_MEMBER}`,
      admin:
        'The OApp owner can change the DVN configuration; it is not modelled by default. Add `admin` with your owner multisig and timelock.',
      implementationBug: BUG_EXTERNAL,
      verificationSeconds: LATENCY,
    },
  },
  {
    id: 'ccip',
    name: 'Chainlink CCIP',
    kind: 'ccip',
    representation: 'wrapped',
    mechanism: 'burn-and-mint',
    trust: {
      kind: 'externalThreshold',
      verifiers: {
        type: 'all',
        sets: [
          { type: 'threshold', threshold: 11, members: members('ccip-don', 16) },
          { type: 'threshold', threshold: 5, members: members('ccip-rmn', 7) },
        ],
      },
      implementationBug: 0.01,
    },
    verificationSeconds: 1200,
    executionSeconds: 60,
    rateLimit: { kind: 'token-bucket', capacityUsd: 5_000_000, refillUsdPerSecond: 1_000 },
    source:
      'Chainlink CCIP docs: committing DON plus an independent Risk Management Network must both approve; per-lane token bucket rate limits',
    asOf: '2025',
    assumptions: {
      verifiers: `DON of 16 with threshold 11 and RMN of 7 with threshold 5 are assumed sizes. ${P_MEMBER}`,
      implementationBug: BUG_EXTERNAL,
      rateLimit: 'Rate limits are set per token pool: $5M capacity refilling $1,000/s assumed.',
      verificationSeconds: 'CCIP waits for source-chain finality; 20 minutes assumed from Ethereum.',
    },
  },
  {
    id: 'cctp',
    name: 'Circle CCTP',
    kind: 'cctp',
    representation: 'canonical',
    mechanism: 'burn-and-mint',
    trust: {
      kind: 'externalThreshold',
      verifiers: {
        type: 'threshold',
        threshold: 1,
        members: [
          { id: 'circle-attester', operator: 'Circle', tags: [], pCompromise: 0.002, pOffline: 0.01 },
        ],
      },
      implementationBug: 0.005,
    },
    verificationSeconds: 1080,
    executionSeconds: 60,
    source:
      'Circle CCTP docs: burn on the source chain, Circle attestation service signs, mint on the destination',
    asOf: '2025',
    assumptions: {
      verifiers:
        'One attester (MessageTransmitter signatureThreshold 1; verify on chain). Circle is also the issuer, so its compromise probability is set below an ordinary operator: 0.2 %/year assumed.',
      implementationBug: 'Implementation bug probability 0.5 %/year assumed (issuer-operated contracts).',
      verificationSeconds:
        'Standard transfers wait Ethereum finality (about 13–19 minutes; 18 minutes assumed).',
    },
  },
  {
    id: 'axelar',
    name: 'Axelar',
    kind: 'axelar',
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    trust: {
      kind: 'externalThreshold',
      verifiers: { type: 'threshold', threshold: 50, members: members('axelar-validator', 75) },
      implementationBug: 0.01,
    },
    verificationSeconds: 120,
    executionSeconds: 60,
    source:
      'xcollat dev data bridges/bridge_security_params.csv: "2/3 of validators stake" (l2beat satellite.ts)',
    asOf: '2025',
    assumptions: {
      verifiers: `Validator set size is not in the source: 75 equal-stake validators with a 2/3 threshold (50) assumed. ${P_MEMBER}`,
      implementationBug: BUG_EXTERNAL,
      verificationSeconds: LATENCY,
    },
  },
  {
    id: 'ibc',
    name: 'IBC (light clients)',
    kind: 'ibc',
    representation: 'wrapped',
    mechanism: 'lock-and-mint',
    trust: {
      kind: 'lightClient',
      sourceChain: 'counterparty',
      sourceChainCompromise: 0.001,
      implementationBug: 0.005,
    },
    verificationSeconds: 30,
    executionSeconds: 30,
    source:
      'IBC specification (ICS-02): light clients verify the counterparty consensus (more than 2/3 of its stake)',
    asOf: '2024',
    assumptions: {
      trust:
        "Security equals the counterparty chain's consensus (compromise 0.1 %/year assumed) plus a light-client implementation bug (0.5 %/year assumed).",
      verificationSeconds: LATENCY,
    },
  },
]
