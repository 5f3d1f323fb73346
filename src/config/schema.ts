import { z } from 'zod'
import { BOUNDS } from '../core/units/bounds.js'
import {
  BRIDGE_FAMILIES,
  CHAIN_KINDS,
  CHAIN_SECURED_KINDS,
  COLLATERAL_CLASSES,
  MECHANISMS,
  PARAMETER_POLICIES,
  REPRESENTATIONS,
  ROUTE_ARCHITECTURES,
} from '../core/vocabulary.js'

/**
 * zod 4 schemas of an xcollat configuration file and of the catalog entries it refers to.
 * Every object is strict: an unknown key (a typo) is an error. Entries reference each other
 * by id (`bridge: layerzero-rseth`); ids are resolved in `./resolve.ts`.
 *
 * A file entry whose id is in the built-in catalog overrides only the fields it states
 * ({@link fileSchema} accepts partial entries); the merged entry must then satisfy the full
 * entry schema ({@link chainSchema}, {@link bridgeSchema}, ...).
 *
 * @example
 * ```ts
 * const parsed = fileSchema.safeParse(yaml.parse(text))
 * ```
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'an id of lower-case letters, digits, ".", "_" or "-"')
  .max(100)
const fraction = z.number().min(0).max(1)
// Bounds shared with the library functions (src/core/units/bounds.ts).
const seconds = z.number().min(BOUNDS.seconds.min).max(BOUNDS.seconds.max)
const usd = z.number().min(BOUNDS.usd.min).max(BOUNDS.usd.max)

const provenance = {
  source: z.string().min(1).max(500).optional(),
  asOf: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date YYYY, YYYY-MM or YYYY-MM-DD')
    .optional(),
  assumptions: z.record(z.string(), z.string().max(500)).optional(),
}

/**
 * A chain: block time, finality, sequencer and congestion.
 *
 * @example
 * ```ts
 * chainSchema.parse({ id: 'zora', name: 'Zora', kind: 'optimistic-rollup', blockTimeSeconds: 2, finalitySeconds: 1800, congestionMultiplier: 1.5 })
 * ```
 */
export const chainSchema = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(CHAIN_KINDS),
  blockTimeSeconds: z.number().positive().max(3600),
  finalitySeconds: seconds,
  congestionMultiplier: z.number().min(1).max(100),
  sequencer: z
    .strictObject({
      gracePeriodSeconds: seconds,
      uptimeFeed: z.string().optional(),
    })
    .optional(),
  ...provenance,
})

const memberSchema = z.strictObject({
  id: z.string().min(1),
  operator: z.string().min(1),
  tags: z.array(z.string().min(1)).max(50),
  pCompromise: fraction,
  pOffline: fraction,
})

const tagRiskSchema = z.record(z.string(), z.strictObject({ pCompromise: fraction, pOffline: fraction }))

/**
 * Deepest nesting of verifier compositions accepted (checked in `./resolve.ts`).
 *
 * @example
 * ```ts
 * MAX_VERIFIER_DEPTH // 8
 * ```
 */
export const MAX_VERIFIER_DEPTH = 8

const thresholdSet = z.strictObject({
  type: z.literal('threshold'),
  threshold: z.int().min(1).max(1000),
  members: z.array(memberSchema).min(1).max(1000),
  tagRisk: tagRiskSchema.optional(),
})

/**
 * A verifier set: `threshold` (k-of-n members) or a composition `all`, `any`, `thresholdOf` (nesting ≤ 8).
 *
 * @example
 * ```ts
 * verifierSpecSchema.parse({ type: 'all', sets: [dvnA, dvnB] })
 * ```
 */
export const verifierSpecSchema: z.ZodType = z.lazy(() =>
  z.discriminatedUnion('type', [
    thresholdSet,
    z.strictObject({
      type: z.literal('stakeWeighted'),
      thresholdShare: z.number().gt(0).max(1),
      members: z
        .array(memberSchema.extend({ stake: z.number().min(0).max(1e18) }))
        .min(1)
        .max(1000),
      tagRisk: tagRiskSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('all'),
      sets: z.array(verifierSpecSchema).min(1).max(100),
      tagRisk: tagRiskSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('any'),
      sets: z.array(verifierSpecSchema).min(1).max(100),
      tagRisk: tagRiskSchema.optional(),
    }),
    z.strictObject({
      type: z.literal('thresholdOf'),
      m: z.int().min(1).max(100),
      sets: z.array(verifierSpecSchema).min(1).max(100),
      tagRisk: tagRiskSchema.optional(),
    }),
  ]),
)

const rateLimitSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('token-bucket'), capacityUsd: usd, refillUsdPerSecond: usd }),
  z.strictObject({
    kind: z.literal('daily-notional'),
    dailyLimitUsd: usd,
    largeTransferUsd: usd.optional(),
    largeTransferDelaySeconds: seconds.optional(),
  }),
])

const watcherSchema = z.strictObject({
  id: z.string().min(1),
  operator: z.string().min(1),
  tags: z.array(z.string().min(1)).max(50),
  pFail: fraction,
})

/**
 * The trust model of a bridge: external verifiers, optimistic watchers, or chain-secured.
 *
 * @example
 * ```ts
 * bridgeTrustSchema.parse({ kind: 'externalThreshold', verifiers, implementationBug: 0.01 })
 * ```
 */
export const bridgeTrustSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('externalThreshold'),
    verifiers: verifierSpecSchema,
    implementationBug: fraction,
  }),
  z.strictObject({
    kind: z.literal('optimistic'),
    proposer: verifierSpecSchema.optional(),
    watchers: z.array(watcherSchema).min(1).max(1000),
    watcherTagRisk: tagRiskSchema.optional(),
    fraudProofBug: fraction,
    implementationBug: fraction,
  }),
  z.strictObject({
    kind: z.enum(CHAIN_SECURED_KINDS),
    sourceChain: z.string().min(1),
    sourceChainCompromise: fraction,
    sourceChainHalt: fraction.optional(),
    implementationBug: fraction,
  }),
])

/**
 * A bridge: family, representation, trust model, admin, challenge window, latency, rate limit, track record.
 *
 * @example
 * ```ts
 * bridgeSchema.safeParse(entry).success
 * ```
 */
export const bridgeSchema = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(BRIDGE_FAMILIES),
  representation: z.enum(REPRESENTATIONS),
  mechanism: z.enum(MECHANISMS),
  trust: bridgeTrustSchema,
  admin: z
    .strictObject({
      threshold: z.int().min(1).max(1000),
      size: z.int().min(1).max(1000),
      timelockSeconds: seconds,
      pCompromise: fraction,
      pauser: z
        .strictObject({
          threshold: z.int().min(1).max(1000),
          size: z.int().min(1).max(1000),
          pCompromise: fraction,
        })
        .optional(),
    })
    .optional(),
  challenge: z
    .strictObject({ windowSeconds: seconds, fromChains: z.array(id).max(100).optional() })
    .optional(),
  verificationSeconds: seconds,
  executionSeconds: seconds,
  rateLimit: rateLimitSchema.optional(),
  trackRecord: z
    .strictObject({
      incidents: z.int().min(0).max(10_000),
      exposureYears: z.number().min(0).max(1000),
      prior: z
        .strictObject({ shape: z.number().positive().max(1e6), rate: z.number().positive().max(1e9) })
        .optional(),
      priorStrength: z.number().positive().max(1e6).optional(),
    })
    .optional(),
  lossGivenFailure: fraction.optional(),
  ...provenance,
})

/**
 * A price feed: provider, heartbeat, deviation threshold, decimals, min/max answer.
 *
 * @example
 * ```ts
 * oracleSchema.parse({ id: 'eth-usd-x', provider: 'chainlink', pair: 'ETH/USD', chain: 'x', heartbeatSeconds: 3600, deviationThreshold: 0.005, decimals: 8 })
 * ```
 */
export const oracleSchema = z.strictObject({
  id,
  provider: z.string().min(1),
  pair: z.string().min(1),
  chain: id,
  heartbeatSeconds: z.number().positive().max(1e8),
  deviationThreshold: fraction,
  decimals: z.int().min(0).max(36),
  minAnswer: z.number().min(0).optional(),
  maxAnswer: z.number().min(0).optional(),
  address: z.string().optional(),
  updateLatencySeconds: seconds.optional(),
  sources: z
    .strictObject({ count: z.int().min(1).max(100), maxDeviation: z.number().min(0).lt(1) })
    .optional(),
  ...provenance,
})

/**
 * A collateral asset: class from the seed's risk matrix and its volatility, given
 * (`volatilityAnnual`) or estimated from a price series under the data directory
 * (`volatilitySeries`, needs `--data DIR` or `XCOLLAT_DATA_DIR`).
 *
 * @example
 * ```ts
 * assetSchema.parse({ id: 'weth', symbol: 'WETH', class: 'native-bridged', volatilityAnnual: 0.86 })
 * ```
 */
export const assetSchema = z.strictObject({
  id,
  symbol: z.string().min(1),
  class: z.enum(COLLATERAL_CLASSES),
  volatilityAnnual: z.number().min(BOUNDS.volatilityAnnual.min).max(BOUNDS.volatilityAnnual.max).optional(),
  factor: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'a factor name of letters and digits (ETH, BTC, USD)')
    .max(20)
    .optional(),
  stress: z
    .strictObject({
      sigmaStressed: z.number().min(0).max(50),
      episodeRate: z.number().min(0).max(100),
      tail: z.strictObject({
        threshold: z.number().min(-10).max(10),
        xi: z.number().min(-1).max(2),
        beta: z.number().positive().max(100),
        zeta: z.number().gt(0).max(1),
      }),
      source: z.string().min(1).max(500).optional(),
    })
    .optional(),
  depeg: z
    .strictObject({
      level: fraction,
      rate: z.number().min(0).max(100),
      episodes: z.array(fraction).min(1).max(1000).optional(),
      source: z.string().min(1).max(500).optional(),
    })
    .optional(),
  pegVolatilityStressed: z.number().min(0).max(20).optional(),
  volatilitySeries: z
    .strictObject({
      file: z.string().min(1).max(500),
      column: z.string().min(1).default('close'),
      periodSeconds: z.number().positive().max(1e8),
      method: z.enum(['close-to-close', 'ewma']).default('close-to-close'),
      lastRows: z.int().min(3).max(10_000_000).optional(),
    })
    .optional(),
  ...provenance,
})

const depthPoint = z.strictObject({ slippage: z.number().min(0).lt(1), sizeUsd: usd })

/**
 * A liquidation venue: constant-product pool (USD per side, fee) or a depth curve.
 *
 * @example
 * ```ts
 * venueSchema.parse({ id: 'pool', chain: 'base', kind: 'constant-product', reserveUsd: 1e7, fee: 0.003 })
 * ```
 */
export const venueSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id,
    chain: id,
    kind: z.literal('constant-product'),
    reserveUsd: z.number().positive().max(1e15),
    fee: z.number().min(0).lt(1),
    ...provenance,
  }),
  z.strictObject({
    id,
    chain: id,
    kind: z.literal('depth-curve'),
    points: z.array(depthPoint).min(1).max(1000),
    ...provenance,
  }),
])

/**
 * A route: asset, home chain, bridge (or path of bridges), debt chain, oracle, venue, architecture.
 *
 * @example
 * ```ts
 * routeSchema.parse({ id: 'r', asset: 'weth', homeChain: 'ethereum', debtChain: 'base', bridge: 'base-canonical', oracle: 'eth-usd-base', venue: 'pool', architecture: 'synthetic' })
 * ```
 */
export const routeSchema = z.strictObject({
  id,
  asset: id,
  homeChain: id,
  debtChain: id,
  bridge: z.union([id, z.array(id).min(1).max(10)]).optional(),
  oracle: id,
  venue: id,
  architecture: z.enum(ROUTE_ARCHITECTURES),
  liquidationSizeUsd: z.number().positive().max(1e15).optional(),
  bookUsd: usd.optional(),
  acceptSinglePointOfFailure: z.string().min(1).max(500).optional(),
})

const currentSchema = z.strictObject({
  ltv: fraction,
  liquidationThreshold: fraction,
  liquidationBonus: z.number().min(0).max(1),
  supplyCapUsd: usd.optional(),
})

/**
 * A market: routes used as collateral, with the current parameters if any.
 *
 * @example
 * ```ts
 * marketSchema.parse({ id: 'm', collateral: [{ route: 'r', current: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 } }] })
 * ```
 */
export const marketSchema = z.strictObject({
  id,
  chain: id.optional(),
  collateral: z
    .array(z.strictObject({ route: id, current: currentSchema.optional() }))
    .min(1)
    .max(10_000),
  debts: z.array(id).max(1000).optional(),
})

/**
 * The assessment policy. Every field has a default (see `docs/model.md`).
 *
 * @example
 * ```ts
 * policySchema.parse({}).confidence // 0.99
 * ```
 */
export const policySchema = z.strictObject({
  annualBadDebtProbability: z.number().gt(0).lt(1).default(0.01),
  confidence: z.number().min(0.5).lt(1).default(0.99),
  ltvHorizonSeconds: seconds.default(3600),
  ltvBufferConfidence: z.number().min(0.5).lt(1).default(0.99),
  oracleNoise: fraction.default(0.001),
  minLiquidationHorizonSeconds: seconds.default(7200),
  depthThinning: z.number().gt(0).max(1).default(0.6),
  depthRefillSeconds: z.number().positive().max(1e8).default(1800),
  atRiskShare: fraction.default(0.05),
  crashGasMultiplier: z.number().min(1).max(1000).default(20),
  liquidationProtocolFee: z.number().min(0).lt(1).default(0.1),
  defaultStressMultiple: z.number().min(1).max(20).default(3.2),
  defaultEpisodeRate: z.number().min(0).max(100).default(1),
  detectionSeconds: seconds.default(60),
  saleSeconds: seconds.default(300),
  gasUsd: usd.default(5),
  liquidatorMargin: fraction.default(0.01),
  defaultLiquidationSizeUsd: z.number().positive().max(1e15).default(1_000_000),
  lossBudgetUsd: usd.default(1_000_000),
  parameterPolicy: z.enum(PARAMETER_POLICIES).default('both'),
  baseCollateralFactor: fraction.default(0.8),
  nativeCollateralFactor: fraction.default(0.8),
  bridgedCollateralFactor: fraction.default(0.65),
  minTrustScore: z.number().min(0).max(100).default(20),
  oracleUpdateLatencySeconds: seconds.default(60),
  tinyCapUsd: usd.default(100_000),
  haircutHorizonYears: z.number().positive().max(100).default(5),
})

function overridable<T extends z.ZodObject>(schema: T) {
  return schema.partial().required({ id: true })
}

/**
 * The schema of one entry of each file section: a full entry, or (for catalog sections) a
 * partial override of the catalog entry with the same id (only `id` required here; the merged
 * entry is checked against the full schema in `./resolve.ts`).
 *
 * @example
 * ```ts
 * sectionSchemas.oracles.parse({ id: 'eth-usd-arbitrum', deviationThreshold: 0.002 }) // a partial override
 * ```
 */
export const sectionSchemas = {
  chains: overridable(chainSchema),
  bridges: overridable(bridgeSchema),
  oracles: overridable(oracleSchema),
  assets: overridable(assetSchema),
  venues: z.union([overridable(venueSchema.options[0]), overridable(venueSchema.options[1])]),
  routes: routeSchema,
  markets: marketSchema,
} as const

/**
 * The sections of a configuration file, in the order they are checked.
 *
 * @example
 * ```ts
 * for (const s of SECTIONS) console.log(s)
 * ```
 */
export const SECTIONS = ['chains', 'bridges', 'oracles', 'assets', 'venues', 'routes', 'markets'] as const

/** One of {@link SECTIONS}. */
export type SectionName = (typeof SECTIONS)[number]

/**
 * Most entries a section may hold.
 *
 * @example
 * ```ts
 * MAX_SECTION_ENTRIES // 100000
 * ```
 */
export const MAX_SECTION_ENTRIES = 100_000

/**
 * The whole file (for `xcollat schema` and editors).
 *
 * @example
 * ```ts
 * z.toJSONSchema(fileSchema, { io: 'input' })
 * ```
 */
export const fileSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().optional(),
  policy: policySchema.optional(),
  chains: z.array(sectionSchemas.chains).max(MAX_SECTION_ENTRIES).optional(),
  bridges: z.array(sectionSchemas.bridges).max(MAX_SECTION_ENTRIES).optional(),
  oracles: z.array(sectionSchemas.oracles).max(MAX_SECTION_ENTRIES).optional(),
  assets: z.array(sectionSchemas.assets).max(MAX_SECTION_ENTRIES).optional(),
  venues: z.array(sectionSchemas.venues).max(MAX_SECTION_ENTRIES).optional(),
  routes: z.array(sectionSchemas.routes).min(1).max(MAX_SECTION_ENTRIES),
  markets: z.array(sectionSchemas.markets).max(MAX_SECTION_ENTRIES).optional(),
})

/**
 * The file's top level only: sections as lists of anything. The loader checks it first, then
 * every entry on its own, so that one bad entry does not hide the problems of the others.
 *
 * @example
 * ```ts
 * fileShellSchema.safeParse(data).success
 * ```
 */
export const fileShellSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().optional(),
  policy: z.unknown().optional(),
  chains: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
  bridges: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
  oracles: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
  assets: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
  venues: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
  routes: z.array(z.unknown()).min(1).max(MAX_SECTION_ENTRIES),
  markets: z.array(z.unknown()).max(MAX_SECTION_ENTRIES).optional(),
})

/** A checked route entry. */
export type RouteEntry = z.output<typeof routeSchema>
/** A checked market entry. */
export type MarketEntry = z.output<typeof marketSchema>
/** A full chain entry. */
export type ChainEntry = z.output<typeof chainSchema>
/** A full bridge entry. */
export type BridgeEntry = z.output<typeof bridgeSchema>
/** A full oracle entry. */
export type OracleEntry = z.output<typeof oracleSchema>
/** A full asset entry. */
export type AssetEntry = z.output<typeof assetSchema>
/** A full venue entry. */
export type VenueEntry = z.output<typeof venueSchema>
/** The policy with defaults applied. */
export type PolicyEntry = z.output<typeof policySchema>

/**
 * The JSON Schema of a configuration file, for editors (`xcollat schema`).
 *
 * @example
 * ```ts
 * JSON.stringify(configJsonSchema(), null, 2)
 * ```
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(fileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
