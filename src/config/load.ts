import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { parseDocument } from 'yaml'
import type { z } from 'zod'
import { XcollatError } from '../core/errors.js'
import { closeToCloseVolatility, ewmaVolatility } from '../core/risk/price.js'
import { readCsv } from '../io/csv.js'
import type { Catalog } from './catalog/catalog.js'
import { ConfigError, describeValue } from './errors.js'
import { type CheckedConfig, formatIssues, type Registry, type RouteRef, resolveConfig } from './resolve.js'
import {
  assetSchema,
  fileShellSchema,
  MAX_SECTION_ENTRIES,
  SECTIONS,
  type SectionName,
  sectionSchemas,
} from './schema.js'

/** Format of a configuration text: YAML (a superset of JSON) or strict JSON. */
export type ConfigFormat = 'yaml' | 'json'

/** Options of {@link parseConfig}. */
export type ParseConfigParameters = {
  readonly text: string
  /** Name used in error lines (the file path). */
  readonly file: string
  readonly format?: ConfigFormat | undefined
  readonly catalog?: Catalog | undefined
}

const MAX_TEXT = 20_000_000

function parseText(text: string, file: string, format: ConfigFormat): unknown {
  if (text.length > MAX_TEXT)
    throw new ConfigError(file, [`${file}: expected at most ${MAX_TEXT} characters, found ${text.length}`])
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new ConfigError(file, [`${file}: expected valid JSON, found a syntax error (${message})`])
    }
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true })
  if (doc.errors.length > 0)
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const before = text.slice(0, e.pos[0]).split('\n')
        const where = `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`
        return `${file}: ${where}: expected valid YAML, found ${e.message.split('\n')[0]}`
      }),
    )
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ConfigError(file, [`${file}: expected YAML without excessive aliases, found ${message}`])
  }
}

/** A copy of `entry` without the unknown keys the issues name, or undefined if other issues exist. */
function withoutUnknownKeys(entry: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  if (!issues.every((i) => i.code === 'unrecognized_keys')) return undefined
  const copy = structuredClone(entry) as Record<PropertyKey, unknown>
  for (const issue of issues) {
    let target: unknown = copy
    for (const key of issue.path) target = (target as Record<PropertyKey, unknown> | undefined)?.[key]
    if (target !== null && typeof target === 'object')
      for (const key of (issue as { keys: string[] }).keys) delete (target as Record<string, unknown>)[key]
  }
  return copy
}

const ROUTE_REFS: readonly RouteRef[] = ['asset', 'homeChain', 'debtChain', 'bridge', 'oracle', 'venue']

/** The string-valued references of a route entry that no schema issue points at. */
function wellFormedRefs(
  entry: object,
  issues: readonly z.core.$ZodIssue[],
): Partial<Record<RouteRef, string>> {
  const refs: Partial<Record<RouteRef, string>> = {}
  for (const key of ROUTE_REFS) {
    const value = (entry as Record<string, unknown>)[key]
    if (typeof value === 'string' && !issues.some((i) => i.path[0] === key)) refs[key] = value
  }
  return refs
}

/**
 * Checks the top level, then every section entry on its own, so that one bad entry does not
 * hide the problems of the others; failed entries become `undefined` and their ids are
 * remembered so references to them are not reported twice.
 */
function checkEntries(
  data: Record<string, unknown>,
  file: string,
): { config: CheckedConfig; problems: string[] } {
  const problems: string[] = []
  const shell = fileShellSchema.safeParse(data, { reportInput: true })
  if (!shell.success) problems.push(...formatIssues(file, shell.error.issues))
  const checked: Partial<Record<SectionName, Array<unknown>>> = {}
  const invalidIds: Partial<Record<SectionName, Set<string>>> = {}
  const failedRouteReferences: { index: number; refs: Partial<Record<RouteRef, string>> }[] = []
  for (const section of SECTIONS) {
    const list = data[section]
    if (!Array.isArray(list) || list.length > MAX_SECTION_ENTRIES) continue
    const schema = sectionSchemas[section] as unknown as z.ZodType
    checked[section] = list.map((entry: unknown, index) => {
      const result = schema.safeParse(entry, { reportInput: true })
      if (result.success) return result.data
      problems.push(...formatIssues(file, result.error.issues, [section, index]))
      // Unknown keys only: check the rest of the entry (its references) without them.
      const stripped = withoutUnknownKeys(entry, result.error.issues)
      if (stripped !== undefined) {
        const again = schema.safeParse(stripped)
        if (again.success) return again.data
      }
      if (section === 'routes' && entry !== null && typeof entry === 'object')
        failedRouteReferences.push({ index, refs: wellFormedRefs(entry, result.error.issues) })
      const id = (entry as { id?: unknown } | null)?.id
      if (typeof id === 'string') {
        const set = invalidIds[section] ?? new Set<string>()
        set.add(id)
        invalidIds[section] = set
      }
      return undefined
    })
  }
  const config = {
    name: typeof data.name === 'string' ? data.name : undefined,
    policy: data.policy,
    ...checked,
    routes: checked.routes ?? [],
    invalidIds,
    failedRouteReferences,
  } as CheckedConfig
  return { config, problems }
}

/**
 * Parses and validates a configuration text and resolves it against the catalog. Every
 * problem (syntax, schema, unknown keys, unknown references, cross-field rules) is collected
 * and thrown at once as a {@link ConfigError}; nothing else escapes.
 *
 * @example
 * ```ts
 * const registry = parseConfig({ text: 'version: 1\nroutes: [...]', file: 'inline.yaml' })
 * ```
 */
export function parseConfig(parameters: ParseConfigParameters): Registry {
  const { text, file } = parameters
  return guarded(file, () => fromData(readData(text, file, parameters.format), file, parameters.catalog))
}

/** Runs a step of the loader; anything but a ConfigError becomes one readable ConfigError line. */
function guarded<T>(file: string, step: () => T): T {
  try {
    return step()
  } catch (error) {
    if (error instanceof ConfigError) throw error
    // A bug or a pathological input (e.g. nesting beyond the stack): still one readable line.
    const message = error instanceof Error ? error.message : String(error)
    throw new ConfigError(file, [
      `${file}: (top level): expected a configuration xcollat can read, found ${message}`,
    ])
  }
}

/** True for text that is not a YAML or JSON file: NUL bytes, or many undecodable or control characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is counted
  const odd = text.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0
  return odd > 0 && odd >= text.length / 100
}

function readData(text: string, file: string, format: ConfigFormat | undefined): Record<string, unknown> {
  if (looksBinary(text))
    throw new ConfigError(file, [
      `${file}: (top level): expected a text file (YAML or JSON), found binary data (${text.length} characters)`,
    ])
  const data = parseText(text, file, format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'yaml'))
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ConfigError(file, [
      `${file}: (top level): expected a mapping with "version" and "routes", found ${Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'nothing' : describeValue(data)}`,
    ])
  return data as Record<string, unknown>
}

function fromData(data: Record<string, unknown>, file: string, catalog: Catalog | undefined): Registry {
  const { config, problems: schemaProblems } = checkEntries(data, file)
  const { registry, problems } = resolveConfig({ file, config, ...(catalog ? { catalog } : {}) })
  if (schemaProblems.length > 0) throw new ConfigError(file, [...schemaProblems, ...problems])
  if (!registry) throw new ConfigError(file, problems)
  return registry
}

const seriesSchema = assetSchema.shape.volatilitySeries.unwrap()

/**
 * Replaces every asset's `volatilitySeries` by the `volatilityAnnual` it gives: prices read from
 * `dataDir/file` (column `column`, oldest first, the last `lastRows` if given) and
 * `closeToCloseVolatility` or `ewmaVolatility` (src/core/risk/price.ts). Problems are collected.
 */
async function deriveVolatilities(
  data: Record<string, unknown>,
  file: string,
  dataDir: string,
): Promise<string[]> {
  const problems: string[] = []
  const assets = data.assets
  if (!Array.isArray(assets)) return problems
  const root = resolve(dataDir)
  for (const [index, entry] of assets.entries()) {
    if (entry === null || typeof entry !== 'object' || !('volatilitySeries' in entry)) continue
    const parsed = seriesSchema.safeParse((entry as Record<string, unknown>).volatilitySeries)
    if (!parsed.success) continue // the schema check reports it
    const series = parsed.data
    const at = `${file}: assets[${index}].volatilitySeries`
    const path = resolve(root, series.file)
    if (!path.startsWith(root + sep)) {
      problems.push(
        `${at}.file: expected a path inside the data directory, found ${JSON.stringify(series.file)}`,
      )
      continue
    }
    try {
      const table = await readCsv(path)
      if (!table.header.includes(series.column)) {
        problems.push(
          `${at}.column: expected one of ${table.header.join(', ')}, found ${JSON.stringify(series.column)}`,
        )
        continue
      }
      const rows = series.lastRows === undefined ? table.rows : table.rows.slice(-series.lastRows)
      const bad = rows.find((r) => !(Number(r.values[series.column]) > 0))
      if (bad) {
        problems.push(
          `${at}: expected positive prices in ${series.file}, found ${JSON.stringify(bad.values[series.column])} on line ${bad.line}`,
        )
        continue
      }
      const prices = rows.map((r) => Number(r.values[series.column]))
      const sigma =
        series.method === 'ewma'
          ? ewmaVolatility({ prices, periodSeconds: series.periodSeconds })
          : closeToCloseVolatility({ prices, periodSeconds: series.periodSeconds })
      const e = entry as Record<string, unknown>
      const { volatilitySeries: _, ...rest } = e
      const derived = `volatilityAnnual ${sigma.toFixed(4)} derived from ${series.file} (${prices.length} ${series.column} prices every ${series.periodSeconds} s, ${series.method})`
      assets[index] = {
        ...rest,
        volatilityAnnual: sigma,
        source: typeof e.source === 'string' ? `${e.source}; ${derived}` : derived,
      }
    } catch (error) {
      if (!(error instanceof XcollatError)) throw error
      problems.push(`${at}: expected a usable price series, found ${error.shortMessage}`)
    }
  }
  return problems
}

/** Options of {@link loadConfig}. */
export type LoadConfigOptions = {
  readonly catalog?: Catalog | undefined
  /** Directory that `volatilitySeries.file` paths are relative to (`--data` or `XCOLLAT_DATA_DIR`). */
  readonly dataDir?: string | undefined
}

/**
 * Reads a YAML or JSON configuration file and resolves it (see {@link parseConfig}); with a
 * data directory, assets may give `volatilitySeries` instead of `volatilityAnnual`.
 *
 * @example
 * ```ts
 * const registry = await loadConfig('examples/multichain.yaml', { dataDir: process.env.XCOLLAT_DATA_DIR })
 * ```
 */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<Registry> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error'
    throw new ConfigError(file, [`${file}: expected a readable file, found ${code}`])
  }
  const data = guarded(file, () => readData(text, file, undefined))
  if (options.dataDir !== undefined) {
    const dataDir = options.dataDir
    const problems = await deriveVolatilities(data, file, dataDir).catch((error: unknown) => [
      `${file}: (top level): expected price series xcollat can read, found ${error instanceof Error ? error.message : String(error)}`,
    ])
    if (problems.length > 0) throw new ConfigError(file, problems)
  }
  return guarded(file, () => fromData(data, file, options.catalog))
}
