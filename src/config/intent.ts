import { z } from 'zod'
import { IntentInputError } from '../core/intent/errors.js'
import type { CostTable } from '../core/intent/routes.js'
import type { Holding, Intent, Objective, RouteCosts, Want } from '../core/intent/types.js'
import { parseUnits } from '../core/units/decimal.js'
import { WAD, type Wad, wadFromNumber } from '../core/units/wad.js'
import { formatIssues, type Registry } from './resolve.js'

const decimal = z.union([z.string(), z.number().finite().nonnegative()]).transform((v) => String(v))

const costSchema = z
  .object({
    feeBps: z.number().min(0).max(10_000).optional(),
    fixedUsd: z.number().min(0).optional(),
    slippageBps: z.number().min(0).max(10_000).optional(),
  })
  .strict()

/**
 * The intent file (`xcollat route <config> --intent FILE`, YAML or JSON): holdings, the wanted
 * position, prices, the user's limits, the objective, costs per bridge or route and the
 * exposure each route already holds. Amounts are decimal strings or numbers of tokens; prices USD.
 *
 * @example
 * ```ts
 * intentFileSchema.parse({ holdings: [{ asset: 'weth', chain: 'ethereum', amount: '500' }], want: { borrow: { asset: 'usdc', chain: 'arbitrum', amount: '1000000' } } })
 * ```
 */
export const intentFileSchema = z
  .object({
    holdings: z
      .array(
        z
          .object({ asset: z.string(), chain: z.string(), amount: decimal, priceUsd: decimal.optional() })
          .strict(),
      )
      .min(1)
      .max(100),
    want: z.union([
      z
        .object({
          borrow: z
            .object({ asset: z.string(), chain: z.string(), amount: decimal, priceUsd: decimal.optional() })
            .strict(),
        })
        .strict(),
      z.object({ margin: z.object({ chain: z.string(), valueUsd: decimal }).strict() }).strict(),
    ]),
    prices: z.record(z.string(), decimal).optional(),
    minHealthFactor: z.number().min(1).max(100).optional(),
    maxMinutes: z.number().positive().optional(),
    excludeBridges: z.array(z.string()).optional(),
    horizonDays: z.number().min(0).max(3650).optional(),
    capitalCostAnnual: z.number().min(0).max(10).optional(),
    borrowRateAnnual: z.number().min(0).max(10).optional(),
    objective: z
      .union([z.literal('cheapest'), z.object({ tradeoff: z.number().min(0).max(1e6) }).strict()])
      .optional(),
    costs: z
      .object({
        bridges: z.record(z.string(), costSchema).optional(),
        routes: z.record(z.string(), costSchema).optional(),
      })
      .strict()
      .optional(),
    exposureUsd: z.record(z.string(), z.number().min(0)).optional(),
  })
  .strict()

/** The intent file as written (after {@link intentFileSchema}). */
export type IntentFile = z.output<typeof intentFileSchema>

/** An intent resolved against a registry, with the costs, exposures and assumptions the route list needs. */
export type ResolvedIntent = {
  readonly intent: Intent
  readonly costs: CostTable
  readonly exposureUsd: Readonly<Record<string, number>>
  /** The debt asset's id (borrow), for its pair's LTV/LT. */
  readonly debtAsset?: string | undefined
  readonly assumptions: readonly string[]
}

/**
 * Validates an intent file's content; every problem as one line (`file: path: expected …`).
 *
 * @example
 * ```ts
 * parseIntentFile(yaml.parse(text), 'intent.yaml')
 * ```
 */
export function parseIntentFile(raw: unknown, file: string): IntentFile {
  const r = intentFileSchema.safeParse(raw)
  if (!r.success) throw new IntentInputError(formatIssues(file, r.error.issues))
  return r.data
}

const HOLDING = /^\s*([0-9]+(?:\.[0-9]+)?)\s+([A-Za-z0-9._-]+)\s*@\s*([A-Za-z0-9._-]+)\s*$/

/**
 * Parses `--have "500 WETH@ethereum, 10 WBTC@base"` into holdings as written.
 *
 * @example
 * ```ts
 * parseHave('500 WETH@ethereum') // [{ asset: 'WETH', chain: 'ethereum', amount: '500' }]
 * ```
 */
export function parseHave(text: string): IntentFile['holdings'] {
  const parts = text.split(',').filter((p) => p.trim() !== '')
  const problems: string[] = []
  const out = parts.flatMap((p) => {
    const m = HOLDING.exec(p)
    if (m === null) {
      problems.push(`--have: expected "AMOUNT ASSET@CHAIN", found ${JSON.stringify(p.trim())}`)
      return []
    }
    return [{ amount: m[1] as string, asset: m[2] as string, chain: m[3] as string }]
  })
  if (parts.length === 0) problems.push('--have: expected at least one "AMOUNT ASSET@CHAIN"')
  if (problems.length > 0) throw new IntentInputError(problems)
  return out
}

/**
 * Parses `--want "borrow 1000000 USDC@arbitrum"` or `--want "margin 500000 USD@arbitrum"`.
 *
 * @example
 * ```ts
 * parseWant('borrow 1000000 USDC@arbitrum') // { borrow: { asset: 'USDC', chain: 'arbitrum', amount: '1000000' } }
 * ```
 */
export function parseWant(text: string): IntentFile['want'] {
  const m = /^\s*(borrow|margin)\s+(.+)$/i.exec(text)
  const rest = m?.[2] === undefined ? undefined : HOLDING.exec(m[2])
  if (m === null || rest == null)
    throw new IntentInputError([
      `--want: expected "borrow AMOUNT ASSET@CHAIN" or "margin USD_VALUE USD@CHAIN", found ${JSON.stringify(text)}`,
    ])
  const [, amount, asset, chain] = rest as unknown as [string, string, string, string]
  if ((m[1] as string).toLowerCase() === 'margin') {
    if (asset.toUpperCase() !== 'USD')
      throw new IntentInputError([
        `--want: a margin value is in USD ("margin 500000 USD@${chain}"), found ${asset}`,
      ])
    return { margin: { chain, valueUsd: amount } }
  }
  return { borrow: { asset, chain, amount } }
}

/**
 * Parses `--price WETH=3000` (repeatable) into a symbol → USD table.
 *
 * @example
 * ```ts
 * parsePrices(['WETH=3000', 'USDC=1']) // { WETH: '3000', USDC: '1' }
 * ```
 */
export function parsePrices(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const problems: string[] = []
  for (const item of items) {
    const m = /^\s*([A-Za-z0-9._-]+)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(item)
    if (m === null) problems.push(`--price: expected ASSET=USD (WETH=3000), found ${JSON.stringify(item)}`)
    else out[m[1] as string] = m[2] as string
  }
  if (problems.length > 0) throw new IntentInputError(problems)
  return out
}

function costsOf(c: z.output<typeof costSchema>): Partial<RouteCosts> {
  return {
    ...(c.feeBps === undefined ? {} : { feeRate: c.feeBps / 10_000 }),
    ...(c.fixedUsd === undefined ? {} : { fixedUsd: c.fixedUsd }),
    ...(c.slippageBps === undefined ? {} : { slippage: c.slippageBps / 10_000 }),
  }
}

const tokens = (text: string, what: string, problems: string[]): Wad => {
  try {
    return parseUnits(text, 18) as Wad
  } catch {
    problems.push(
      `${what}: expected a decimal amount with at most 18 decimals, found ${JSON.stringify(text)}`,
    )
    return 0n as Wad
  }
}

/**
 * Resolves an intent file against a registry: assets by id or symbol (any case), chains by id,
 * bridges by id, routes by id; prices from the holding, else `prices`, else 1 for a dollar
 * asset (an assumption). Every problem in one {@link IntentInputError}.
 *
 * @example
 * ```ts
 * const { intent } = resolveIntent(parseIntentFile(raw, 'intent.yaml'), registry)
 * ```
 */
export function resolveIntent(file: IntentFile, registry: Registry): ResolvedIntent {
  const problems: string[] = []
  const assumptions: string[] = []
  const assets = [...registry.assets.values()]
  const assetOf = (name: string, where: string) => {
    const n = name.toLowerCase()
    const a = assets.find((x) => x.id.toLowerCase() === n) ?? assets.find((x) => x.symbol.toLowerCase() === n)
    if (a === undefined)
      problems.push(
        `${where}: unknown asset ${JSON.stringify(name)} (known: ${assets.map((x) => x.symbol).join(', ')})`,
      )
    return a
  }
  const chainOf = (name: string, where: string) => {
    if (!registry.chains.has(name))
      problems.push(
        `${where}: unknown chain ${JSON.stringify(name)} (known: ${[...registry.chains.keys()].join(', ')})`,
      )
    return name
  }
  const prices = new Map(Object.entries(file.prices ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  const priceOf = (
    asset: { id: string; symbol: string; factor?: string | undefined } | undefined,
    own: string | undefined,
    where: string,
  ): Wad => {
    if (asset === undefined) return WAD
    const text = own ?? prices.get(asset.id.toLowerCase()) ?? prices.get(asset.symbol.toLowerCase())
    if (text !== undefined) return tokens(text, `${where} price`, problems)
    if ((asset.factor ?? asset.symbol) === 'USD') {
      assumptions.push(`${asset.symbol} priced at $1 (a dollar asset with no --price)`)
      return WAD
    }
    problems.push(
      `${where}: no price for ${asset.symbol}; pass --price ${asset.symbol}=USD or priceUsd in the intent file`,
    )
    return WAD
  }
  const holdings: Holding[] = file.holdings.map((h, i) => {
    const where = `holding ${i + 1} (${h.amount} ${h.asset}@${h.chain})`
    const asset = assetOf(h.asset, where)
    return {
      asset: asset?.id ?? h.asset,
      chain: chainOf(h.chain, where),
      amountWad: tokens(h.amount, where, problems),
      priceUsdWad: priceOf(asset, h.priceUsd, where),
    }
  })
  let want: Want
  let debtAsset: string | undefined
  if ('borrow' in file.want) {
    const b = file.want.borrow
    const asset = assetOf(b.asset, 'want')
    debtAsset = asset?.id
    want = {
      kind: 'borrow',
      asset: asset?.id ?? b.asset,
      chain: chainOf(b.chain, 'want'),
      amountWad: tokens(b.amount, 'want', problems),
      priceUsdWad: priceOf(asset, b.priceUsd, 'want'),
    }
  } else {
    const m = file.want.margin
    want = {
      kind: 'margin',
      chain: chainOf(m.chain, 'want'),
      valueUsdWad: tokens(m.valueUsd, 'want', problems),
    }
  }
  const bridgeIds = new Set(registry.routes.flatMap((r) => r.bridges.map((b) => b.id)))
  for (const b of file.excludeBridges ?? [])
    if (!bridgeIds.has(b)) problems.push(`excluded bridge ${JSON.stringify(b)} is not a bridge of any route`)
  const routeIds = new Set(registry.routes.map((r) => r.id))
  for (const id of [...Object.keys(file.costs?.routes ?? {}), ...Object.keys(file.exposureUsd ?? {})])
    if (!routeIds.has(id))
      problems.push(`route ${JSON.stringify(id)} (costs or exposureUsd) is not a route of the configuration`)
  for (const id of Object.keys(file.costs?.bridges ?? {}))
    if (!bridgeIds.has(id)) problems.push(`costs.bridges: ${JSON.stringify(id)} is not a bridge of any route`)
  if (problems.length > 0) throw new IntentInputError(problems)
  const objective: Objective =
    file.objective === undefined || file.objective === 'cheapest'
      ? { kind: 'cheapest' }
      : { kind: 'tradeoff', riskWeight: file.objective.tradeoff }
  const map = (r: Record<string, z.output<typeof costSchema>> | undefined) =>
    Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, costsOf(v)]))
  return {
    intent: {
      holdings,
      want,
      minHealthFactorWad: wadFromNumber(file.minHealthFactor ?? 1),
      maxSeconds: file.maxMinutes === undefined ? undefined : file.maxMinutes * 60,
      excludeBridges: file.excludeBridges ?? [],
      horizonDays: file.horizonDays ?? 30,
      capitalCostAnnual: file.capitalCostAnnual ?? 0,
      borrowRateAnnual: file.borrowRateAnnual,
      objective,
    },
    costs: { bridges: map(file.costs?.bridges), routes: map(file.costs?.routes) },
    exposureUsd: file.exposureUsd ?? {},
    debtAsset,
    assumptions,
  }
}
