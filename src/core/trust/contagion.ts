import { XcollatError } from '../errors.js'
import type { ExplanationTerm } from '../explain.js'
import { nonNegative, unitInterval } from '../units/validate.js'
import { assertUnreachable } from '../vocabulary.js'

/**
 * Kinds of node in the dependency graph.
 *
 * @example
 * ```ts
 * DEPENDENCY_NODE_KINDS.includes('stablecoin') // true
 * ```
 */
export const DEPENDENCY_NODE_KINDS = [
  'bridge',
  'operator',
  'infra',
  'oracle',
  'stablecoin',
  'sequencer',
  'route',
] as const
export type DependencyNodeKind = (typeof DEPENDENCY_NODE_KINDS)[number]

/**
 * A node. `group` ties together the copies of one thing on several chains (the same stablecoin on
 * every chain, one bridge protocol's deployment on each chain it serves), so a correlated scenario
 * can fail them all at once.
 */
export type DependencyNode = {
  readonly id: string
  readonly kind: DependencyNodeKind
  readonly group?: string
}

/** `from` depends on `to`: when `to` fails, `from` is affected. */
export type DependencyEdge = { readonly from: string; readonly to: string }

/** What a route carries: collateral recognised through it and the debt that collateral backs, USD. */
export type RouteExposure = { readonly collateralUsd: number; readonly debtUsd: number }

/** Input of {@link dependencyGraph}. */
export type DependencyGraphParameters = {
  readonly nodes: readonly DependencyNode[]
  readonly edges: readonly DependencyEdge[]
  /** Exposure of every node of kind `route`, keyed by node id. */
  readonly routes: Readonly<Record<string, RouteExposure>>
}

/** A validated, acyclic dependency graph (build it with {@link dependencyGraph}). */
export type DependencyGraph = {
  readonly nodes: ReadonlyMap<string, DependencyNode>
  /** For each node, the nodes that depend on it directly. */
  readonly dependents: ReadonlyMap<string, readonly string[]>
  readonly routes: ReadonlyMap<string, RouteExposure>
}

/**
 * A node id that the graph does not contain. Code `XC_UNKNOWN_NODE`.
 *
 * @example
 * ```ts
 * blastRadius(graph, 'no-such-node') // throws UnknownNodeError
 * ```
 */
export class UnknownNodeError extends XcollatError {
  override name = 'UnknownNodeError'
  readonly nodeId: string
  constructor(nodeId: string, where: string) {
    super(`Unknown dependency node ${JSON.stringify(nodeId)} in ${where}.`, {
      code: 'XC_UNKNOWN_NODE',
      instruction: 'Declare the node in `nodes` or correct the id.',
    })
    this.nodeId = nodeId
  }
}

/**
 * The dependency graph has a cycle. Code `XC_DEPENDENCY_CYCLE`; `cycle` lists it, first node repeated last.
 *
 * @example
 * ```ts
 * dependencyGraph({
 *   nodes: [{ id: 'a', kind: 'bridge' }, { id: 'b', kind: 'operator' }],
 *   edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }],
 *   routes: {},
 * }) // throws DependencyCycleError, cycle ['a', 'b', 'a']
 * ```
 */
export class DependencyCycleError extends XcollatError {
  override name = 'DependencyCycleError'
  readonly cycle: readonly string[]
  constructor(cycle: readonly string[]) {
    super(`The dependency graph has a cycle: ${cycle.join(' → ')}.`, {
      code: 'XC_DEPENDENCY_CYCLE',
      instruction:
        'Dependencies must point one way (route → bridge → operator → infrastructure); remove one edge of the cycle.',
    })
    this.cycle = cycle
  }
}

/**
 * A graph definition that is inconsistent (duplicate ids, route data on a non-route node, …). Code `XC_INVALID_GRAPH`.
 *
 * @example
 * ```ts
 * dependencyGraph({ nodes: [{ id: 'x', kind: 'bridge' }, { id: 'x', kind: 'oracle' }], edges: [], routes: {} })
 * // throws InvalidDependencyGraphError (duplicate node id)
 * ```
 */
export class InvalidDependencyGraphError extends XcollatError {
  override name = 'InvalidDependencyGraphError'
  constructor(problem: string) {
    super(`Invalid dependency graph: ${problem}.`, {
      code: 'XC_INVALID_GRAPH',
      instruction:
        'Give every node a unique id and a known kind, and exposure data for each route node only.',
    })
  }
}

/**
 * Validates and builds a dependency graph: unique node ids of known kinds, edges between declared
 * nodes, exposure for exactly the route nodes, and no cycle (a cycle raises
 * `DependencyCycleError` naming it).
 *
 * @example
 * ```ts
 * const g = dependencyGraph({
 *   nodes: [{ id: 'r1', kind: 'route' }, { id: 'lz', kind: 'bridge' }, { id: 'rpc', kind: 'infra' }],
 *   edges: [{ from: 'r1', to: 'lz' }, { from: 'lz', to: 'rpc' }],
 *   routes: { r1: { collateralUsd: 100, debtUsd: 70 } },
 * })
 * ```
 */
export function dependencyGraph(parameters: DependencyGraphParameters): DependencyGraph {
  const nodes = new Map<string, DependencyNode>()
  for (const node of parameters.nodes) {
    if (typeof node.id !== 'string' || node.id === '')
      throw new InvalidDependencyGraphError('a node has an empty id')
    if (nodes.has(node.id))
      throw new InvalidDependencyGraphError(`duplicate node id ${JSON.stringify(node.id)}`)
    if (!(DEPENDENCY_NODE_KINDS as readonly string[]).includes(node.kind))
      throw new InvalidDependencyGraphError(
        `node ${JSON.stringify(node.id)} has unknown kind ${JSON.stringify(node.kind)}`,
      )
    nodes.set(node.id, node)
  }
  const dependents = new Map<string, string[]>()
  const dependencies = new Map<string, string[]>()
  for (const id of nodes.keys()) {
    dependents.set(id, [])
    dependencies.set(id, [])
  }
  for (const edge of parameters.edges) {
    if (!nodes.has(edge.from)) throw new UnknownNodeError(edge.from, `edge ${edge.from} → ${edge.to}`)
    if (!nodes.has(edge.to)) throw new UnknownNodeError(edge.to, `edge ${edge.from} → ${edge.to}`)
    const list = dependents.get(edge.to) as string[]
    if (!list.includes(edge.from)) list.push(edge.from)
    const deps = dependencies.get(edge.from) as string[]
    if (!deps.includes(edge.to)) deps.push(edge.to)
  }
  const routes = new Map<string, RouteExposure>()
  for (const [id, exposure] of Object.entries(parameters.routes)) {
    const node = nodes.get(id)
    if (!node) throw new UnknownNodeError(id, 'routes')
    if (node.kind !== 'route')
      throw new InvalidDependencyGraphError(`exposure given for ${id}, a ${node.kind} node`)
    routes.set(id, {
      collateralUsd: nonNegative(`routes.${id}.collateralUsd`, exposure.collateralUsd),
      debtUsd: nonNegative(`routes.${id}.debtUsd`, exposure.debtUsd),
    })
  }
  for (const node of nodes.values())
    if (node.kind === 'route' && !routes.has(node.id))
      throw new InvalidDependencyGraphError(`route node ${JSON.stringify(node.id)} has no exposure`)
  const cycle = findCycle(nodes, dependencies)
  if (cycle) throw new DependencyCycleError(cycle)
  return { nodes, dependents, routes }
}

/** Iterative DFS with three colours; returns the first cycle found, first node repeated last. */
function findCycle(
  nodes: ReadonlyMap<string, DependencyNode>,
  dependencies: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  const colour = new Map<string, 0 | 1 | 2>()
  for (const start of nodes.keys()) {
    if (colour.get(start)) continue
    const path: string[] = []
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }]
    colour.set(start, 1)
    path.push(start)
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number }
      const deps = dependencies.get(top.id) ?? []
      if (top.next < deps.length) {
        const d = deps[top.next++] as string
        const c = colour.get(d) ?? 0
        if (c === 1) return [...path.slice(path.indexOf(d)), d]
        if (c === 0) {
          colour.set(d, 1)
          path.push(d)
          stack.push({ id: d, next: 0 })
        }
      } else {
        colour.set(top.id, 2)
        path.pop()
        stack.pop()
      }
    }
  }
  return undefined
}

/** One affected route in a blast radius. */
export type AffectedRoute = {
  readonly routeId: string
  readonly collateralUsd: number
  readonly debtUsd: number
  /** Fraction of the route's collateral value lost, in [0, 1]. */
  readonly severity: number
  /** Collateral value lost: severity · collateral, USD. */
  readonly collateralLostUsd: number
  /** Debt no longer covered by the remaining collateral: max(0, debt − (1 − severity)·collateral), USD. */
  readonly unbackedDebtUsd: number
}

/** Output of {@link blastRadius} and {@link correlatedScenario}. */
export type BlastRadiusReturnType = {
  /** The failing nodes the scenario starts from. */
  readonly failed: readonly string[]
  /** Every node affected (the failing ones and all that depend on them, transitively), sorted. */
  readonly affectedNodes: readonly string[]
  readonly routes: readonly AffectedRoute[]
  /** Collateral recognised through the affected routes, USD. */
  readonly collateralUsd: number
  readonly collateralLostUsd: number
  readonly unbackedDebtUsd: number
  readonly explanation: readonly ExplanationTerm[]
}

function affectedFrom(graph: DependencyGraph, failed: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const queue = [...failed]
  while (queue.length > 0) {
    const id = queue.pop() as string
    if (seen.has(id)) continue
    seen.add(id)
    for (const d of graph.dependents.get(id) ?? []) if (!seen.has(d)) queue.push(d)
  }
  return seen
}

function summarise(
  graph: DependencyGraph,
  failed: readonly string[],
  severity: number,
  label: string,
): BlastRadiusReturnType {
  const affected = affectedFrom(graph, failed)
  const routes: AffectedRoute[] = []
  for (const id of [...affected].sort()) {
    const exposure = graph.routes.get(id)
    if (!exposure) continue
    const collateralLostUsd = severity * exposure.collateralUsd
    const unbackedDebtUsd = Math.max(0, exposure.debtUsd - (exposure.collateralUsd - collateralLostUsd))
    routes.push({ routeId: id, ...exposure, severity, collateralLostUsd, unbackedDebtUsd })
  }
  const collateralUsd = routes.reduce((a, r) => a + r.collateralUsd, 0)
  const collateralLostUsd = routes.reduce((a, r) => a + r.collateralLostUsd, 0)
  const unbackedDebtUsd = routes.reduce((a, r) => a + r.unbackedDebtUsd, 0)
  return {
    failed,
    affectedNodes: [...affected].sort(),
    routes,
    collateralUsd,
    collateralLostUsd,
    unbackedDebtUsd,
    explanation: [
      {
        term: 'blastRadiusCollateral',
        value: collateralUsd,
        inputs: { scenario: label, failed: failed.join(', '), routes: routes.length },
        formula: 'Σ collateral of routes that depend (transitively) on a failed node',
      },
      {
        term: 'unbackedDebt',
        value: unbackedDebtUsd,
        inputs: { severity },
        formula: 'Σ max(0, debt − (1 − severity) · collateral) over affected routes',
      },
    ],
  }
}

/**
 * Blast radius of one failing node: every route that depends on it (through any chain of
 * dependencies), the collateral they carry, and the debt that becomes unbacked when their
 * collateral loses `severity` of its value (default 1: a drained bridge makes the bridged collateral
 * worthless).
 *
 * @example
 * ```ts
 * blastRadius(g, 'rpc').unbackedDebtUsd // 70 (route r1 depends on lz, which depends on rpc)
 * ```
 */
export function blastRadius(graph: DependencyGraph, nodeId: string, severity = 1): BlastRadiusReturnType {
  if (!graph.nodes.has(nodeId)) throw new UnknownNodeError(nodeId, 'blastRadius')
  unitInterval('severity', severity)
  return summarise(graph, [nodeId], severity, `failure of ${nodeId}`)
}

/** A correlated scenario: every node of `kind` in `group` fails at once with the given severity. */
export type CorrelatedScenario = {
  readonly name: string
  readonly kind: DependencyNodeKind
  readonly group: string
  readonly severity: number
}

/**
 * Correlated stress: all nodes of one kind and group fail together (a stablecoin depegs on every
 * chain; one bridge protocol is drained on every chain it serves, as Nomad on 2022-08-02). The
 * union of their blast radii, each route counted once.
 *
 * @example
 * ```ts
 * correlatedScenario(g, stablecoinDepeg('USDC', 0.13)) // every route on any USDC copy, 13 % loss
 * correlatedScenario(g, bridgeDrain('nomad'))          // every route over any Nomad deployment
 * ```
 */
export function correlatedScenario(
  graph: DependencyGraph,
  scenario: CorrelatedScenario,
): BlastRadiusReturnType {
  unitInterval('severity', scenario.severity)
  const failed = [...graph.nodes.values()]
    .filter((n) => n.kind === scenario.kind && n.group === scenario.group)
    .map((n) => n.id)
    .sort()
  if (failed.length === 0)
    throw new UnknownNodeError(`${scenario.kind}:${scenario.group}`, `scenario ${scenario.name}`)
  return summarise(graph, failed, scenario.severity, scenario.name)
}

/**
 * Scenario: the stablecoin `group` loses `depeg` of its value on every chain.
 *
 * @example
 * ```ts
 * stablecoinDepeg('USDC', 0.13) // { name: 'USDC depeg 13%', kind: 'stablecoin', group: 'USDC', severity: 0.13 }
 * ```
 */
export function stablecoinDepeg(group: string, depeg: number): CorrelatedScenario {
  unitInterval('depeg', depeg)
  return {
    name: `${group} depeg ${Math.round(depeg * 1000) / 10}%`,
    kind: 'stablecoin',
    group,
    severity: depeg,
  }
}

/**
 * Scenario: the bridge protocol `group` is drained on every chain it serves (Nomad, Aug 2022).
 *
 * @example
 * ```ts
 * bridgeDrain('nomad') // { name: 'nomad drained on every chain', kind: 'bridge', group: 'nomad', severity: 1 }
 * ```
 */
export function bridgeDrain(group: string, severity = 1): CorrelatedScenario {
  unitInterval('severity', severity)
  return { name: `${group} drained on every chain`, kind: 'bridge', group, severity }
}

/** One representation of an asset: the canonical token on its home chain, or a bridged copy. */
export type AssetCopy = {
  readonly id: string
  readonly chain: string
  /** Value outstanding of this copy, USD. */
  readonly supplyUsd: number
  /** True for the home-chain (canonical) token; false for a bridged copy (e.g. on an L2). */
  readonly canonical: boolean
}

/** How a bridge loss is shared among the copies of an asset. */
export type LossAllocationRule = 'socialisedProRata' | 'concentratedOnBridgedCopies'

/**
 * The loss exceeds the value of the copies that could bear it. Code `XC_LOSS_EXCEEDS_SUPPLY`.
 *
 * @example
 * ```ts
 * allocateBridgeLoss(200, [{ id: 'arb', chain: 'arbitrum', supplyUsd: 100, canonical: false }], 'socialisedProRata')
 * // throws LossExceedsSupplyError
 * ```
 */
export class LossExceedsSupplyError extends XcollatError {
  override name = 'LossExceedsSupplyError'
  constructor(lossUsd: number, supplyUsd: number) {
    super(`A loss of ${lossUsd} USD exceeds the ${supplyUsd} USD of supply that can bear it.`, {
      code: 'XC_LOSS_EXCEEDS_SUPPLY',
      instruction: 'Check the loss and the supplies; a loss cannot exceed the value of every copy.',
    })
  }
}

/** One copy's share of the loss. */
export type CopyLoss = {
  readonly id: string
  readonly chain: string
  readonly lossUsd: number
  /** Loss per unit of value held: lossUsd / supplyUsd (0 for an empty copy). */
  readonly haircut: number
}

/**
 * Allocates a bridge loss across the copies of an asset.
 * - `socialisedProRata`: every holder of every copy loses the same fraction, L / Σ supply
 *   (the asset is re-based everywhere).
 * - `concentratedOnBridgedCopies`: the canonical token stays whole; the bridged copies bear the loss
 *   pro rata to their supply (the lockbox backing them was drained), and only a loss beyond their
 *   whole supply spills onto the canonical holders. The choice between the two was the question
 *   raised for KelpDAO's rsETH in April 2026.
 * The allocations sum to the loss (up to float rounding).
 *
 * @example
 * ```ts
 * const copies = [
 *   { id: 'eth', chain: 'ethereum', supplyUsd: 800, canonical: true },
 *   { id: 'arb', chain: 'arbitrum', supplyUsd: 200, canonical: false },
 * ]
 * allocateBridgeLoss(100, copies, 'socialisedProRata') // eth 80, arb 20 (10 % each)
 * allocateBridgeLoss(100, copies, 'concentratedOnBridgedCopies') // eth 0, arb 100 (50 %)
 * ```
 */
export function allocateBridgeLoss(
  lossUsd: number,
  copies: readonly AssetCopy[],
  rule: LossAllocationRule,
): readonly CopyLoss[] {
  nonNegative('lossUsd', lossUsd)
  const seen = new Set<string>()
  copies.forEach((c, i) => {
    nonNegative(`copies[${i}].supplyUsd`, c.supplyUsd)
    if (seen.has(c.id)) throw new InvalidDependencyGraphError(`duplicate asset copy ${JSON.stringify(c.id)}`)
    seen.add(c.id)
  })
  const total = copies.reduce((a, c) => a + c.supplyUsd, 0)
  if (lossUsd > total) throw new LossExceedsSupplyError(lossUsd, total)
  const result = (lossOf: (c: AssetCopy) => number) =>
    copies.map((c) => {
      const loss = lossOf(c)
      return {
        id: c.id,
        chain: c.chain,
        lossUsd: loss,
        haircut: c.supplyUsd === 0 ? 0 : Math.min(1, loss / c.supplyUsd),
      }
    })
  if (lossUsd === 0) return result(() => 0)
  if (rule === 'socialisedProRata') return result((c) => (lossUsd * c.supplyUsd) / total)
  if (rule === 'concentratedOnBridgedCopies') {
    const bridged = copies.filter((c) => !c.canonical).reduce((a, c) => a + c.supplyUsd, 0)
    const canonical = total - bridged
    const onBridged = Math.min(lossUsd, bridged)
    const spill = lossUsd - onBridged
    return result((c) =>
      c.canonical
        ? canonical === 0
          ? 0
          : (spill * c.supplyUsd) / canonical
        : bridged === 0
          ? 0
          : (onBridged * c.supplyUsd) / bridged,
    )
  }
  return assertUnreachable(
    rule,
    (r) => new InvalidDependencyGraphError(`unknown loss allocation rule ${JSON.stringify(r)}`),
  )
}
