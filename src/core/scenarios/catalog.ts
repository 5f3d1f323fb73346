import { XcollatError } from '../errors.js'
import { UnknownScenarioError } from '../protocol/errors.js'
import { SCENARIOS as PROTOCOL_SCENARIOS } from '../protocol/scenarios/registry.js'
import type { Scenario as ProtocolScenario } from '../protocol/scenarios/types.js'
import { type MarketScenario, marketScenarios } from './scenarios.js'

/**
 * The engines a scenario can run on: `protocol` (the pure cross-chain protocol engine,
 * `xcollat scenario NAME`), `market` (a price path and faults replayed against a
 * configuration's routes, `xcollat backtest --scenario NAME`), `devnet` (the protocol scenario
 * driven on the two-chain devnet and compared with the engine, `xcollat devnet replay NAME`).
 *
 * @example
 * ```ts
 * SCENARIO_ENGINES.includes('market') // true
 * ```
 */
export const SCENARIO_ENGINES = ['protocol', 'market', 'devnet'] as const

/**
 * One of {@link SCENARIO_ENGINES}.
 *
 * @example
 * ```ts
 * const engine: ScenarioEngine = 'devnet'
 * ```
 */
export type ScenarioEngine = (typeof SCENARIO_ENGINES)[number]

/**
 * The command that runs a scenario on each engine (NAME stands for the scenario).
 *
 * @example
 * ```ts
 * ENGINE_COMMANDS.market // 'xcollat backtest --scenario NAME <config>'
 * ```
 */
export const ENGINE_COMMANDS: Readonly<Record<ScenarioEngine, string>> = {
  protocol: 'xcollat scenario NAME',
  market: 'xcollat backtest --scenario NAME <config>',
  devnet: 'xcollat devnet replay NAME',
}

/** The protocol scenarios the devnet drives on chain (`xcollat devnet replay NAME`). */
const ON_CHAIN: readonly string[] = ['replay', 'forged-mint']

/**
 * One scenario of the catalog: its name (one name space for every engine), what it is, where
 * its figures come from, which engines run it, and each engine's definition of it.
 *
 * @example
 * ```ts
 * const crash = catalogScenario('crash-40-24h')
 * crash.engines // ['protocol', 'market']
 * ```
 */
export type CatalogScenario = {
  readonly name: string
  readonly title: string
  readonly description: string
  /** Citations of every figure used, by every engine. */
  readonly source: readonly string[]
  readonly engines: readonly ScenarioEngine[]
  /** The protocol engine's build of it (the devnet drives the same one). */
  readonly protocol?: ProtocolScenario
  /** The market replay's price paths and faults. */
  readonly market?: MarketScenario
}

/**
 * What `xcollat scenario --list` prints for a scenario: {@link CatalogScenario} without the
 * engines' definitions.
 *
 * @example
 * ```ts
 * const row: ScenarioListEntry = { name: 'replay', title: 'Replayed credit', description: '…', source: ['…'], engines: ['protocol', 'devnet'] }
 * ```
 */
export type ScenarioListEntry = Pick<CatalogScenario, 'name' | 'title' | 'description' | 'source' | 'engines'>

function build(
  protocol: readonly ProtocolScenario[],
  market: readonly MarketScenario[],
): readonly CatalogScenario[] {
  const names = [...new Set([...protocol.map((s) => s.name), ...market.map((s) => s.name)])]
  return names.map((name) => {
    const p = protocol.find((s) => s.name === name)
    const m = market.find((s) => s.name === name)
    const engines: ScenarioEngine[] = []
    if (p) engines.push('protocol')
    if (m) engines.push('market')
    if (p && ON_CHAIN.includes(name)) engines.push('devnet')
    const description =
      p && m
        ? `${m.description} On the protocol engine: ${p.description}`
        : (m?.description ?? p?.description ?? '')
    return {
      name,
      title: m?.title ?? p?.title ?? name,
      description,
      source: [...new Set([...(m?.source ?? []), ...(p ? [p.source] : [])])],
      engines,
      ...(p ? { protocol: p } : {}),
      ...(m ? { market: m } : {}),
    }
  })
}

/**
 * The one scenario catalog: the protocol engine's scenarios and the market scenarios under one
 * name space. A name both engines define (`crash-40-24h`, the seed's 40 % fall in 24 hours) is
 * one entry run by both.
 *
 * @example
 * ```ts
 * SCENARIO_CATALOG.filter((s) => s.engines.includes('market')).map((s) => s.name) // ['crash-40-24h', 'eth-2020-03', …]
 * ```
 */
export const SCENARIO_CATALOG: readonly CatalogScenario[] = build(
  PROTOCOL_SCENARIOS,
  Object.values(marketScenarios),
)

/**
 * The scenario exists but the engine asked for does not run it. Code `XC_SCENARIO_ENGINE`; the
 * instruction names the command that does.
 *
 * @example
 * ```ts
 * throw new ScenarioEngineError(catalogScenario('eth-2020-03'), 'protocol')
 * // [XC_SCENARIO_ENGINE] "eth-2020-03" runs on the market engine, not the protocol engine. — Run it with `xcollat backtest --scenario eth-2020-03 <config>`.
 * ```
 */
export class ScenarioEngineError extends XcollatError {
  override name = 'ScenarioEngineError'
  /** The engines that do run it. */
  readonly engines: readonly ScenarioEngine[]
  constructor(scenario: Pick<CatalogScenario, 'name' | 'engines'>, engine: ScenarioEngine) {
    const runs = scenario.engines.map((e) => `\`${ENGINE_COMMANDS[e].replace('NAME', scenario.name)}\``)
    super(
      `"${scenario.name}" runs on the ${scenario.engines.join(' and ')} engine${scenario.engines.length > 1 ? 's' : ''}, not the ${engine} engine.`,
      {
        code: 'XC_SCENARIO_ENGINE',
        instruction: `Run it with ${runs.join(' or ')}; \`xcollat scenario --list\` shows which engines run each scenario.`,
      },
    )
    this.engines = scenario.engines
  }
}

/**
 * The names of the catalog, in catalog order: all of them, or those one engine runs.
 *
 * @example
 * ```ts
 * scenarioNames('devnet') // ['forged-mint', 'replay']
 * ```
 */
export function scenarioNames(engine?: ScenarioEngine): string[] {
  return SCENARIO_CATALOG.filter((s) => engine === undefined || s.engines.includes(engine)).map((s) => s.name)
}

/**
 * A scenario of the catalog by name.
 *
 * @throws UnknownScenarioError (code `XC_UNKNOWN_SCENARIO`) when no engine has it; its
 * instruction lists the names `engine` runs (every name without one).
 * @example
 * ```ts
 * catalogScenario('nomad-2022-08').engines // ['market']
 * ```
 */
export function catalogScenario(name: string, engine?: ScenarioEngine): CatalogScenario {
  const found = SCENARIO_CATALOG.find((s) => s.name === name)
  if (!found) throw new UnknownScenarioError(name, scenarioNames(engine))
  return found
}

/**
 * The protocol engine's definition of a catalog scenario.
 *
 * @throws UnknownScenarioError for a name in no engine; ScenarioEngineError for a market-only one.
 * @example
 * ```ts
 * runScenario({ scenario: protocolScenario('replay'), design: 'naive', seed: 1 })
 * ```
 */
export function protocolScenario(name: string): ProtocolScenario {
  const s = catalogScenario(name, 'protocol')
  if (!s.protocol) throw new ScenarioEngineError(s, 'protocol')
  return s.protocol
}

/**
 * The market replay's definition of a catalog scenario.
 *
 * @throws UnknownScenarioError for a name in no engine; ScenarioEngineError for a protocol-only one.
 * @example
 * ```ts
 * marketScenario('ftx-2022-11').build().prices.soBTC
 * ```
 */
export function marketScenario(name: string): MarketScenario {
  const s = catalogScenario(name, 'market')
  if (!s.market) throw new ScenarioEngineError(s, 'market')
  return s.market
}

/**
 * The catalog as `xcollat scenario --list` shows it: every scenario, or those one engine runs.
 *
 * @example
 * ```ts
 * scenarioList('market').map((s) => s.name) // ['crash-40-24h', 'eth-2020-03', …]
 * ```
 */
export function scenarioList(engine?: ScenarioEngine): ScenarioListEntry[] {
  return SCENARIO_CATALOG.filter((s) => engine === undefined || s.engines.includes(engine)).map(
    ({ name, title, description, source, engines }) => ({ name, title, description, source, engines }),
  )
}
