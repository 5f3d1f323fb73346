import type { z } from 'zod'
import type {
  AssessInput,
  AssessPolicy,
  AssetInput,
  BridgeInput,
  ChainInput,
  MarketInput,
  OracleInput,
  RouteInput,
  VenueInput,
  VerifierSpec,
} from '../core/assess/types.js'
import { FACTOR_CORRELATIONS } from './catalog/assets.js'
import { CATALOG, type Catalog } from './catalog/catalog.js'
import { describeValue, formatPath } from './errors.js'
import {
  assetSchema,
  bridgeSchema,
  chainSchema,
  MAX_VERIFIER_DEPTH,
  type MarketEntry,
  oracleSchema,
  policySchema,
  type RouteEntry,
  venueSchema,
} from './schema.js'

/**
 * A configuration with every id resolved: the input of `assess`, plus the merged entries by id.
 *
 * @example
 * ```ts
 * const registry = await loadConfig('examples/small.yaml')
 * registry.routes[0]?.bridges[0]?.name
 * ```
 */
export type Registry = AssessInput & {
  readonly file: string
  readonly name?: string | undefined
  readonly chains: ReadonlyMap<string, ChainInput>
  readonly bridges: ReadonlyMap<string, BridgeInput>
  readonly oracles: ReadonlyMap<string, OracleInput>
  readonly assets: ReadonlyMap<string, AssetInput>
  readonly venues: ReadonlyMap<string, VenueInput>
}

/**
 * Formats zod issues as one line each: `file: path: expected …, found …`.
 *
 * @example
 * ```ts
 * formatIssues('a.yaml', result.error.issues)
 * ```
 */
export function formatIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  prefix: ReadonlyArray<PropertyKey> = [],
): string[] {
  return issues.flatMap((issue) => formatIssue(file, issue, prefix).split('\n'))
}

function formatIssue(file: string, issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey>): string {
  const path = formatPath([...prefix, ...issue.path])
  const found = describeValue((issue as { input?: unknown }).input)
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${file}: ${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map((k) => JSON.stringify(k))
        .join(', ')} (check the spelling; \`xcollat schema\` lists the allowed keys)`
    case 'invalid_type':
      return `${file}: ${path}: expected ${issue.expected}, found ${found}`
    case 'invalid_value':
      return `${file}: ${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, found ${found}`
    case 'too_small':
      if (issue.origin === 'string')
        return `${file}: ${path}: expected at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}, found ${found}`
      return `${file}: ${path}: expected ${issue.origin === 'array' ? 'at least' : issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}, found ${found}`
    case 'too_big':
      if (issue.origin === 'string')
        return `${file}: ${path}: expected at most ${String(issue.maximum)} characters, found ${typeof issue.input === 'string' ? `${issue.input.length} characters` : found}`
      return `${file}: ${path}: expected ${issue.origin === 'array' ? 'at most' : issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}, found ${found}`
    case 'invalid_format':
      return `${file}: ${path}: expected ${issue.message.replace(/^Invalid string: /, '')}, found ${found}`
    case 'invalid_union': {
      // Report the branch that came closest (fewest issues), so the user sees the real problem.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []
      const best = branches.filter((b) => b.length > 0).sort((a, b) => a.length - b.length)[0]
      if (best) return formatIssues(file, best, [...prefix, ...issue.path]).join('\n')
      const discriminator = (issue as { discriminator?: string }).discriminator
      if (discriminator !== undefined) {
        const input = (issue as { input?: unknown }).input
        const value =
          input !== null && typeof input === 'object'
            ? (input as Record<string, unknown>)[discriminator]
            : input
        const allowed = discriminatorValues([...prefix, ...issue.path])
        return `${file}: ${path}: expected ${allowed ?? 'an allowed value'}, found ${describeValue(value)}`
      }
      return `${file}: ${path}: expected one of the allowed forms, found ${found}`
    }
    default:
      return `${file}: ${path}: expected ${issue.message}, found ${found}`
  }
}

const DISCRIMINATED: ReadonlyArray<readonly [RegExp, string]> = [
  [/trust\.kind$/, '"externalThreshold" | "optimistic" | "lightClient" | "zk" | "nativeRollup"'],
  [/rateLimit\.kind$/, '"token-bucket" | "daily-notional"'],
  [/^venues\[\d+\]\.kind$/, '"constant-product" | "depth-curve"'],
  [/\.type$/, '"threshold" | "stakeWeighted" | "all" | "any" | "thresholdOf"'],
]

function discriminatorValues(path: ReadonlyArray<PropertyKey>): string | undefined {
  const text = formatPath(path)
  return DISCRIMINATED.find(([re]) => re.test(text))?.[1]
}

type Section = 'chains' | 'bridges' | 'oracles' | 'assets' | 'venues'

/**
 * A configuration whose entries were checked one by one: an entry that failed its schema is
 * `undefined` (indices are kept for error paths) and its id, if it had one, is in `invalidIds`,
 * so references to it are not reported a second time.
 */
export type CheckedConfig = {
  readonly name?: string | undefined
  readonly policy?: unknown
  readonly chains?: ReadonlyArray<Record<string, unknown> | undefined> | undefined
  readonly bridges?: ReadonlyArray<Record<string, unknown> | undefined> | undefined
  readonly oracles?: ReadonlyArray<Record<string, unknown> | undefined> | undefined
  readonly assets?: ReadonlyArray<Record<string, unknown> | undefined> | undefined
  readonly venues?: ReadonlyArray<Record<string, unknown> | undefined> | undefined
  readonly routes: ReadonlyArray<RouteEntry | undefined>
  readonly markets?: ReadonlyArray<MarketEntry | undefined> | undefined
  readonly invalidIds?: Readonly<Partial<Record<Section | 'routes', ReadonlySet<string>>>> | undefined
  /**
   * References of routes that failed their schema for another field (`routes[1].architecture`):
   * their well-formed ids are still checked, so every problem is reported at once.
   */
  readonly failedRouteReferences?:
    | ReadonlyArray<{ readonly index: number; readonly refs: Readonly<Partial<Record<RouteRef, string>>> }>
    | undefined
}

/**
 * The fields of a route that name another entry.
 *
 * @example
 * ```ts
 * const key: RouteRef = 'oracle' // routes[3].oracle: eth-usd-arbitrum
 * ```
 */
export type RouteRef = 'asset' | 'homeChain' | 'debtChain' | 'bridge' | 'oracle' | 'venue'

type MergeParameters<T> = {
  readonly file: string
  readonly section: Section
  readonly catalogEntries: readonly T[]
  readonly fileEntries: ReadonlyArray<Record<string, unknown> | undefined>
  readonly schema: z.ZodType<T>
  readonly problems: string[]
  /** Ids of file entries that failed: references to them are not reported a second time. */
  readonly failed?: Set<string> | undefined
}

/** Merges file entries over catalog entries (field by field) and validates each merged entry. */
function mergeSection<T extends { readonly id: string }>(parameters: MergeParameters<T>): Map<string, T> {
  const { file, section, catalogEntries, fileEntries, schema, problems } = parameters
  const out = new Map<string, T>()
  for (const entry of catalogEntries) out.set(entry.id, entry)
  const seen = new Map<string, number>()
  fileEntries.forEach((entry, index) => {
    if (entry === undefined) return
    const id = String(entry.id)
    const earlier = seen.get(id)
    if (earlier !== undefined) {
      problems.push(
        `${file}: ${section}[${index}].id: expected a unique id, found ${JSON.stringify(id)} again (first at ${section}[${earlier}])`,
      )
      return
    }
    seen.set(id, index)
    const base = out.get(id) as Record<string, unknown> | undefined
    let candidate: Record<string, unknown> = entry
    if (base) {
      const overridden = Object.keys(entry).filter((k) => k !== 'id')
      const assumptions = { ...((base.assumptions as Record<string, string> | undefined) ?? {}) }
      for (const key of overridden) {
        delete assumptions[key]
        if (key === 'trust')
          for (const k of ['verifiers', 'watchers', 'members', 'implementationBug']) delete assumptions[k]
        if (key === 'sequencer') delete assumptions.gracePeriodSeconds
      }
      const baseSource = base.source === undefined ? '' : ` over the catalog (${String(base.source)})`
      candidate = {
        ...base,
        ...entry,
        assumptions: { ...assumptions, ...((entry.assumptions as Record<string, string> | undefined) ?? {}) },
        source:
          entry.source === undefined
            ? `${file} overrides ${overridden.join(', ')}${baseSource}`
            : entry.source,
      }
    }
    const result = schema.safeParse(candidate, { reportInput: true })
    if (!result.success) {
      const lines = formatIssues(file, result.error.issues, [section, index])
      problems.push(
        ...(base
          ? lines
          : lines.map((l) => `${l} (${JSON.stringify(id)} is not in the catalog: give every field)`)),
      )
      parameters.failed?.add(id)
      return
    }
    out.set(id, result.data)
  })
  return out
}

function checkVerifiers(spec: VerifierSpec, path: string, problems: string[], depth = 0): void {
  if (depth > MAX_VERIFIER_DEPTH) {
    problems.push(
      `${path}: expected verifier sets nested at most ${MAX_VERIFIER_DEPTH} deep, found deeper nesting`,
    )
    return
  }
  if (spec.type === 'stakeWeighted') {
    if (!spec.members.some((m) => m.stake > 0))
      problems.push(`${path}.members: expected at least one member with a positive stake, found none`)
    return
  }
  if (spec.type === 'threshold') {
    if (spec.threshold > spec.members.length)
      problems.push(
        `${path}.threshold: expected at most ${spec.members.length} (the number of members), found ${spec.threshold}`,
      )
    return
  }
  if (spec.type === 'thresholdOf' && spec.m > spec.sets.length)
    problems.push(`${path}.m: expected at most ${spec.sets.length} (the number of sets), found ${spec.m}`)
  spec.sets.forEach((s, i) => {
    checkVerifiers(s, `${path}.sets[${i}]`, problems, depth + 1)
  })
}

type ReferenceParameters<T> = {
  readonly file: string
  readonly path: string
  readonly kind: string
  readonly id: string
  readonly map: ReadonlyMap<string, T>
  readonly problems: string[]
  /** Ids of entries already reported as invalid: a reference to one is not a second problem. */
  readonly invalid?: ReadonlySet<string> | undefined
}

function lookup<T>(parameters: ReferenceParameters<T>): T | undefined {
  const { file, path, kind, id, map, problems } = parameters
  const value = map.get(id)
  if (value === undefined && !parameters.invalid?.has(id)) {
    const known = [...map.keys()]
    const list = known.length > 12 ? `${known.slice(0, 12).join(', ')}, ...` : known.join(', ')
    problems.push(
      `${file}: ${path}: expected the id of ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} (${list || 'none defined'}), found ${JSON.stringify(id)}`,
    )
  }
  return value
}

/**
 * Resolves a parsed configuration file against a catalog: merges overrides, validates
 * merged entries, checks every reference and cross-field rule, and collects ALL problems.
 * Returns the registry and the list of problems (empty when valid). Pure: no IO.
 *
 * @example
 * ```ts
 * const { registry, problems } = resolveConfig({ file: 'a.yaml', config })
 * ```
 */
export function resolveConfig(parameters: {
  readonly file: string
  readonly config: CheckedConfig
  readonly catalog?: Catalog
}): { readonly registry: Registry | undefined; readonly problems: readonly string[] } {
  const { file, config } = parameters
  const catalog = parameters.catalog ?? CATALOG
  const problems: string[] = []
  const entries = (xs: ReadonlyArray<unknown> | undefined) =>
    (xs ?? []) as ReadonlyArray<Record<string, unknown> | undefined>
  const given = config.invalidIds ?? {}
  const invalid = {
    chains: new Set(given.chains),
    bridges: new Set(given.bridges),
    oracles: new Set(given.oracles),
    assets: new Set(given.assets),
    venues: new Set(given.venues),
    routes: given.routes,
  }
  const chains = mergeSection({
    file,
    section: 'chains',
    catalogEntries: catalog.chains,
    fileEntries: entries(config.chains),
    failed: invalid.chains,
    schema: chainSchema,
    problems,
  })
  const bridges = mergeSection({
    file,
    section: 'bridges',
    catalogEntries: catalog.bridges,
    fileEntries: entries(config.bridges),
    failed: invalid.bridges,
    schema: bridgeSchema,
    problems,
  })
  const oracles = mergeSection({
    file,
    section: 'oracles',
    catalogEntries: catalog.oracles,
    fileEntries: entries(config.oracles),
    failed: invalid.oracles,
    schema: oracleSchema,
    problems,
  })
  const assets = mergeSection({
    file,
    section: 'assets',
    catalogEntries: catalog.assets,
    fileEntries: entries(config.assets),
    failed: invalid.assets,
    schema: assetSchema,
    problems,
  })
  const venues = mergeSection({
    file,
    section: 'venues',
    catalogEntries: catalog.venues,
    fileEntries: entries(config.venues),
    failed: invalid.venues,
    schema: venueSchema as z.ZodType<z.output<typeof venueSchema>>,
    problems,
  })
  const parsedPolicy = policySchema.safeParse(config.policy ?? {}, { reportInput: true })
  if (!parsedPolicy.success) problems.push(...formatIssues(file, parsedPolicy.error.issues, ['policy']))
  const policy: AssessPolicy & { defaultLiquidationSizeUsd: number } = parsedPolicy.success
    ? parsedPolicy.data
    : policySchema.parse({})

  const pathOf = (section: Section, id: string): string => {
    const i = entries(config[section]).findIndex((e) => e?.id === id)
    return i >= 0 ? `${file}: ${section}[${i}]` : `catalog ${section} "${id}"`
  }
  for (const bridge of bridges.values()) {
    const trust = bridge.trust
    if (trust.kind === 'externalThreshold')
      checkVerifiers(
        trust.verifiers as VerifierSpec,
        `${pathOf('bridges', bridge.id)}.trust.verifiers`,
        problems,
      )
    if (trust.kind === 'optimistic' && trust.proposer !== undefined)
      checkVerifiers(
        trust.proposer as VerifierSpec,
        `${pathOf('bridges', bridge.id)}.trust.proposer`,
        problems,
      )
    if (bridge.admin?.pauser && bridge.admin.pauser.threshold > bridge.admin.pauser.size)
      problems.push(
        `${pathOf('bridges', bridge.id)}.admin.pauser.threshold: expected at most ${bridge.admin.pauser.size} (pauser.size), found ${bridge.admin.pauser.threshold}`,
      )
    if (bridge.admin && bridge.admin.threshold > bridge.admin.size)
      problems.push(
        `${pathOf('bridges', bridge.id)}.admin.threshold: expected at most ${bridge.admin.size} (admin.size), found ${bridge.admin.threshold}`,
      )
    // The file's own trust descriptions (catalog ones may name a generic counterparty chain).
    const trustInFile = entries(config.bridges).some((e) => e?.id === bridge.id && e.trust !== undefined)
    if (
      trustInFile &&
      (trust.kind === 'lightClient' || trust.kind === 'zk' || trust.kind === 'nativeRollup') &&
      !chains.has(trust.sourceChain) &&
      !invalid.chains.has(trust.sourceChain)
    )
      problems.push(
        `${pathOf('bridges', bridge.id)}.trust.sourceChain: expected a chain id (the chain whose consensus the ${trust.kind} bridge verifies), found ${JSON.stringify(trust.sourceChain)}`,
      )
    bridge.challenge?.fromChains?.forEach((c, i) => {
      if (!chains.has(c))
        problems.push(
          `${pathOf('bridges', bridge.id)}.challenge.fromChains[${i}]: expected a chain id, found ${JSON.stringify(c)}`,
        )
    })
  }
  for (const asset of assets.values()) {
    if (asset.volatilitySeries !== undefined)
      problems.push(
        `${pathOf('assets', asset.id)}.volatilitySeries: expected a data directory to read ${JSON.stringify(asset.volatilitySeries.file)} from (pass --data DIR or set XCOLLAT_DATA_DIR), found none`,
      )
    else if (asset.volatilityAnnual === undefined)
      problems.push(
        `${pathOf('assets', asset.id)}.volatilityAnnual: expected a volatility or a volatilitySeries, found nothing`,
      )
  }
  for (const oracle of oracles.values()) {
    if (!chains.has(oracle.chain))
      problems.push(
        `${pathOf('oracles', oracle.id)}.chain: expected a chain id, found ${JSON.stringify(oracle.chain)}`,
      )
    if (
      oracle.minAnswer !== undefined &&
      oracle.maxAnswer !== undefined &&
      oracle.minAnswer >= oracle.maxAnswer
    )
      problems.push(
        `${pathOf('oracles', oracle.id)}.minAnswer: expected below maxAnswer (${oracle.maxAnswer}), found ${oracle.minAnswer}`,
      )
  }
  for (const venue of venues.values()) {
    if (!chains.has(venue.chain))
      problems.push(
        `${pathOf('venues', venue.id)}.chain: expected a chain id, found ${JSON.stringify(venue.chain)}`,
      )
    if (venue.kind === 'depth-curve')
      venue.points.forEach((p, i) => {
        const prev = venue.points[i - 1]
        if (prev && (p.sizeUsd <= prev.sizeUsd || p.slippage < prev.slippage))
          problems.push(
            `${pathOf('venues', venue.id)}.points[${i}]: expected sizeUsd increasing and slippage not decreasing from points[${i - 1}], found ${p.sizeUsd} / ${p.slippage}`,
          )
      })
  }

  const routes: RouteInput[] = []
  const routeIds = new Map<string, number>()
  config.routes.forEach((route, i) => {
    if (route === undefined) return
    const at = (key: string) => `routes[${i}].${key}`
    const earlier = routeIds.get(route.id)
    if (earlier !== undefined)
      problems.push(
        `${file}: routes[${i}].id: expected a unique id, found ${JSON.stringify(route.id)} again (first at routes[${earlier}])`,
      )
    routeIds.set(route.id, i)
    const asset = lookup({
      file,
      path: at('asset'),
      kind: 'asset',
      id: route.asset,
      map: assets,
      problems,
      invalid: invalid.assets,
    })
    const homeChain = lookup({
      file,
      path: at('homeChain'),
      kind: 'chain',
      id: route.homeChain,
      map: chains,
      problems,
      invalid: invalid.chains,
    })
    const debtChain = lookup({
      file,
      path: at('debtChain'),
      kind: 'chain',
      id: route.debtChain,
      map: chains,
      problems,
      invalid: invalid.chains,
    })
    const bridgeIds =
      route.bridge === undefined ? [] : typeof route.bridge === 'string' ? [route.bridge] : route.bridge
    if (route.architecture === 'native' && route.bridge !== undefined)
      problems.push(
        `${file}: ${at('bridge')}: expected no bridge on a native route (the collateral is on the debt chain), found ${JSON.stringify(route.bridge)}`,
      )
    if (route.architecture !== 'native' && route.bridge === undefined)
      problems.push(
        `${file}: ${at('bridge')}: expected the id of a bridge (or a list of them) for a ${route.architecture} route, found nothing (a route without a bridge is architecture: native)`,
      )
    const firstHop = new Map<string, number>()
    bridgeIds.forEach((b, j) => {
      const k = firstHop.get(b)
      if (k === undefined) firstHop.set(b, j)
      else
        problems.push(
          `${file}: ${at('bridge')}[${j}]: expected each bridge once in a route's path (a repeated hop is the same bridge, not an independent one), found ${JSON.stringify(b)} again (first at ${at('bridge')}[${k}])`,
        )
    })
    const path = bridgeIds.map((b, j) =>
      lookup({
        file,
        path: typeof route.bridge === 'string' ? at('bridge') : `${at('bridge')}[${j}]`,
        kind: 'bridge',
        id: b,
        map: bridges,
        problems,
        invalid: invalid.bridges,
      }),
    )
    const oracle = lookup({
      file,
      path: at('oracle'),
      kind: 'oracle',
      id: route.oracle,
      map: oracles,
      problems,
      invalid: invalid.oracles,
    })
    const venue = lookup({
      file,
      path: at('venue'),
      kind: 'venue',
      id: route.venue,
      map: venues,
      problems,
      invalid: invalid.venues,
    })
    if (oracle && debtChain && oracle.chain !== debtChain.id)
      problems.push(
        `${file}: ${at('oracle')}: expected a feed on the debt chain "${debtChain.id}" (liquidations read it there), found ${JSON.stringify(oracle.id)} on "${oracle.chain}"`,
      )
    if (homeChain && debtChain && route.architecture !== 'native' && homeChain.id === debtChain.id)
      problems.push(
        `${file}: ${at('debtChain')}: expected a chain other than the home chain for a ${route.architecture} route, found ${JSON.stringify(debtChain.id)} (collateral on its own chain is architecture: native)`,
      )
    if (homeChain && debtChain && route.architecture === 'native' && homeChain.id !== debtChain.id)
      problems.push(
        `${file}: ${at('debtChain')}: expected the home chain ${JSON.stringify(homeChain.id)} on a native route, found ${JSON.stringify(debtChain.id)}`,
      )
    if (asset && homeChain && debtChain && oracle && venue && path.every((b) => b !== undefined))
      routes.push({
        id: route.id,
        architecture: route.architecture,
        asset: { ...asset, volatilityAnnual: asset.volatilityAnnual ?? 0 },
        homeChain: homeChain as ChainInput,
        debtChain: debtChain as ChainInput,
        bridges: path as BridgeInput[],
        oracle,
        venue,
        liquidationSizeUsd: route.liquidationSizeUsd ?? policy.defaultLiquidationSizeUsd,
        bookUsd: route.bookUsd,
        acceptSinglePointOfFailure: route.acceptSinglePointOfFailure,
      })
  })

  const refKinds = {
    asset: ['asset', assets, invalid.assets],
    homeChain: ['chain', chains, invalid.chains],
    debtChain: ['chain', chains, invalid.chains],
    bridge: ['bridge', bridges, invalid.bridges],
    oracle: ['oracle', oracles, invalid.oracles],
    venue: ['venue', venues, invalid.venues],
  } as const
  for (const { index, refs } of config.failedRouteReferences ?? [])
    for (const [key, id] of Object.entries(refs) as [RouteRef, string][]) {
      const [kind, map, invalidSet] = refKinds[key]
      lookup<unknown>({
        file,
        path: `routes[${index}].${key}`,
        kind,
        id,
        map,
        problems,
        invalid: invalidSet,
      })
    }

  const markets: MarketInput[] = []
  const marketIds = new Map<string, number>()
  ;(config.markets ?? []).forEach((market, i) => {
    if (market === undefined) return
    const earlierMarket = marketIds.get(market.id)
    if (earlierMarket !== undefined)
      problems.push(
        `${file}: markets[${i}].id: expected a unique id, found ${JSON.stringify(market.id)} again (first at markets[${earlierMarket}])`,
      )
    else marketIds.set(market.id, i)
    const listed = new Map<string, number>()
    market.collateral.forEach((c, j) => {
      const before = listed.get(c.route)
      if (before !== undefined)
        problems.push(
          `${file}: markets[${i}].collateral[${j}].route: expected each route once in a market, found ${JSON.stringify(c.route)} again (first at collateral[${before}])`,
        )
      else listed.set(c.route, j)
      if (!routeIds.has(c.route) && !invalid.routes?.has(c.route))
        problems.push(
          `${file}: markets[${i}].collateral[${j}].route: expected the id of a route, found ${JSON.stringify(c.route)}`,
        )
      const routeEntry = config.routes[routeIds.get(c.route) ?? -1]
      if (market.chain !== undefined && routeEntry !== undefined && routeEntry.debtChain !== market.chain)
        problems.push(
          `${file}: markets[${i}].collateral[${j}].route: expected a route whose debtChain is the market's chain ${JSON.stringify(market.chain)}, found ${JSON.stringify(c.route)} with debtChain ${JSON.stringify(routeEntry.debtChain)}`,
        )
      if (c.current && c.current.ltv > c.current.liquidationThreshold)
        problems.push(
          `${file}: markets[${i}].collateral[${j}].current.ltv: expected at most liquidationThreshold (${c.current.liquidationThreshold}), found ${c.current.ltv}`,
        )
    })
    const debtsSeen = new Map<string, number>()
    market.debts?.forEach((d, j) => {
      const before = debtsSeen.get(d)
      if (before !== undefined)
        problems.push(
          `${file}: markets[${i}].debts[${j}]: expected each debt asset once, found ${JSON.stringify(d)} again (first at debts[${before}])`,
        )
      else debtsSeen.set(d, j)
      lookup({
        file,
        path: `markets[${i}].debts[${j}]`,
        kind: 'asset',
        id: d,
        map: assets,
        problems,
        invalid: invalid.assets,
      })
    })
    if (market.chain !== undefined)
      lookup({
        file,
        path: `markets[${i}].chain`,
        kind: 'chain',
        id: market.chain,
        map: chains,
        problems,
        invalid: invalid.chains,
      })
    markets.push({
      id: market.id,
      collateral: market.collateral,
      ...(market.debts === undefined ? {} : { debts: market.debts }),
    })
  })

  if (problems.length > 0) return { registry: undefined, problems }
  // The assets the file lists (its assets section and its routes' assets): what a market without
  // `debts` lends.
  const listedIds = new Set<string>()
  for (const a of entries(config.assets)) if (a && typeof a.id === 'string') listedIds.add(a.id)
  for (const r of routes) listedIds.add(r.asset.id)
  const listedAssets = [...listedIds].flatMap((id) => {
    const a = assets.get(id)
    return a ? [{ ...a, volatilityAnnual: a.volatilityAnnual ?? 0 } as AssetInput] : []
  })
  return {
    registry: {
      file,
      name: config.name,
      policy,
      routes,
      markets,
      listedAssets,
      factorCorrelations: catalog.factorCorrelations ?? FACTOR_CORRELATIONS,
      chains: chains as ReadonlyMap<string, ChainInput>,
      bridges: bridges as ReadonlyMap<string, BridgeInput>,
      oracles,
      assets: assets as ReadonlyMap<string, AssetInput>,
      venues,
    },
    problems,
  }
}
