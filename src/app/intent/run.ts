import { readFile } from 'node:fs/promises'
import { parseDocument } from 'yaml'
import { type IntentFile, parseIntentFile, resolveIntent } from '../../config/intent.js'
import type { Registry } from '../../config/resolve.js'
import { assess } from '../../core/assess/assess.js'
import { IntentInputError } from '../../core/intent/errors.js'
import { type IntentResult, planIntent } from '../../core/intent/intent.js'
import { intentRoutes } from '../../core/intent/routes.js'
import type { Intent } from '../../core/intent/types.js'

/**
 * Reads an intent file (YAML or JSON) and validates it.
 *
 * @example
 * ```ts
 * const file = await readIntentFile('examples/intent-three-chains.yaml')
 * ```
 */
export async function readIntentFile(path: string): Promise<IntentFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new IntentInputError([
      `${path}: cannot read the intent file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    ])
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true })
  if (doc.errors.length > 0)
    throw new IntentInputError(doc.errors.map((e) => `${path}: not valid YAML or JSON (${e.code})`))
  return parseIntentFile(doc.toJS(), path)
}

function debtKeysOf(registry: Registry, id: string | undefined): readonly string[] | undefined {
  if (id === undefined) return undefined
  const asset = registry.assets.get(id)
  return [id, ...(asset?.factor === undefined ? [] : [asset.factor.toLowerCase()])]
}

/** {@link routeIntent}'s answer: the result, the resolved intent and every assumption made. */
export type RouteIntentReturnType = {
  readonly result: IntentResult
  readonly intent: Intent
  readonly assumptions: readonly string[]
  readonly routeCount: number
}

/**
 * Routes an intent over a registry: assess every route, turn the assessments into intent
 * routes (caps less exposure, costs, trust, time), plan. The library function behind
 * `xcollat route`.
 *
 * @example
 * ```ts
 * const { result } = routeIntent(registry, file)
 * result.plan.legs
 * ```
 */
export function routeIntent(registry: Registry, file: IntentFile): RouteIntentReturnType {
  const resolved = resolveIntent(file, registry)
  const report = assess(registry)
  const { routes, assumptions } = intentRoutes({
    routes: registry.routes,
    assessments: report.routes,
    markets: registry.markets,
    policy: registry.policy,
    debtKeys: debtKeysOf(registry, resolved.debtAsset),
    costs: resolved.costs,
    exposureUsd: resolved.exposureUsd,
  })
  const result = planIntent(resolved.intent, routes)
  return {
    result,
    intent: resolved.intent,
    assumptions: [...resolved.assumptions, ...assumptions],
    routeCount: routes.length,
  }
}
