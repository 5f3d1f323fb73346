import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allocateBridgeLoss,
  blastRadius,
  bridgeDrain,
  correlatedScenario,
  DependencyCycleError,
  type DependencyEdge,
  type DependencyNode,
  dependencyGraph,
  LossExceedsSupplyError,
  stablecoinDepeg,
  UnknownNodeError,
} from './contagion.js'

// A small graph, worked by hand below:
//   rA (Arbitrum route, collateral 100, debt 70) → lzArb, seqArb, usdcArb
//   rB (Optimism route, collateral 50, debt 40)  → lzOp, usdcOp
//   rC (Ethereum route, collateral 200, debt 100) → canonical, chainlink
//   lzArb → dvn1; lzOp → dvn1, dvn2; dvn1 → rpcX; dvn2 → rpcX
const nodes: DependencyNode[] = [
  { id: 'rA', kind: 'route' },
  { id: 'rB', kind: 'route' },
  { id: 'rC', kind: 'route' },
  { id: 'lzArb', kind: 'bridge', group: 'lz' },
  { id: 'lzOp', kind: 'bridge', group: 'lz' },
  { id: 'canonical', kind: 'bridge', group: 'canonical' },
  { id: 'dvn1', kind: 'operator' },
  { id: 'dvn2', kind: 'operator' },
  { id: 'rpcX', kind: 'infra' },
  { id: 'usdcArb', kind: 'stablecoin', group: 'USDC' },
  { id: 'usdcOp', kind: 'stablecoin', group: 'USDC' },
  { id: 'seqArb', kind: 'sequencer' },
  { id: 'chainlink', kind: 'oracle' },
]
const edges: DependencyEdge[] = [
  { from: 'rA', to: 'lzArb' },
  { from: 'rA', to: 'seqArb' },
  { from: 'rA', to: 'usdcArb' },
  { from: 'rB', to: 'lzOp' },
  { from: 'rB', to: 'usdcOp' },
  { from: 'rC', to: 'canonical' },
  { from: 'rC', to: 'chainlink' },
  { from: 'lzArb', to: 'dvn1' },
  { from: 'lzOp', to: 'dvn1' },
  { from: 'lzOp', to: 'dvn2' },
  { from: 'dvn1', to: 'rpcX' },
  { from: 'dvn2', to: 'rpcX' },
]
const routes = {
  rA: { collateralUsd: 100, debtUsd: 70 },
  rB: { collateralUsd: 50, debtUsd: 40 },
  rC: { collateralUsd: 200, debtUsd: 100 },
}
const graph = dependencyGraph({ nodes, edges, routes })

describe(dependencyGraph.name, () => {
  it('names the cycle', () => {
    let caught: unknown
    try {
      dependencyGraph({ nodes, edges: [...edges, { from: 'rpcX', to: 'rA' }], routes })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(DependencyCycleError)
    const cycle = (caught as DependencyCycleError).cycle
    expect(cycle[0]).toBe(cycle[cycle.length - 1])
    expect(cycle).toContain('rpcX')
    expect(cycle).toContain('rA')
    expect((caught as DependencyCycleError).code).toBe('XC_DEPENDENCY_CYCLE')
  })
  it('finds a self-loop', () => {
    expect(() => dependencyGraph({ nodes, edges: [{ from: 'dvn1', to: 'dvn1' }], routes })).toThrow(
      DependencyCycleError,
    )
  })
  it('rejects unknown ids, duplicates, unknown kinds and missing route data', () => {
    expect(() => dependencyGraph({ nodes, edges: [{ from: 'rA', to: 'ghost' }], routes })).toThrow(
      UnknownNodeError,
    )
    expect(() => dependencyGraph({ nodes: [...nodes, { id: 'rA', kind: 'route' }], edges, routes })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_GRAPH' }),
    )
    expect(() =>
      dependencyGraph({
        nodes: [{ id: 'x', kind: 'planet' as 'route' }],
        edges: [],
        routes: { x: routes.rA },
      }),
    ).toThrow(expect.objectContaining({ code: 'XC_INVALID_GRAPH' }))
    expect(() => dependencyGraph({ nodes, edges, routes: { rA: routes.rA, rB: routes.rB } })).toThrow(
      expect.objectContaining({ code: 'XC_INVALID_GRAPH' }),
    )
    expect(() => dependencyGraph({ nodes, edges, routes: { ...routes, ghost: routes.rA } })).toThrow(
      UnknownNodeError,
    )
    expect(() =>
      dependencyGraph({ nodes, edges, routes: { ...routes, rA: { collateralUsd: -1, debtUsd: 0 } } }),
    ).toThrow(expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }))
  })
})

describe(blastRadius.name, () => {
  it('follows shared infrastructure to every route above it', () => {
    // rpcX ← dvn1, dvn2 ← lzArb, lzOp ← rA, rB: collateral 100 + 50 = 150, unbacked 70 + 40 = 110.
    const r = blastRadius(graph, 'rpcX')
    expect(r.routes.map((x) => x.routeId)).toEqual(['rA', 'rB'])
    expect(r.collateralUsd).toBe(150)
    expect(r.unbackedDebtUsd).toBe(110)
    expect(r.affectedNodes).toEqual(['dvn1', 'dvn2', 'lzArb', 'lzOp', 'rA', 'rB', 'rpcX'])
  })
  it('stays local for a node with one dependent chain', () => {
    // dvn2 ← lzOp ← rB only.
    const r = blastRadius(graph, 'dvn2')
    expect(r.routes.map((x) => x.routeId)).toEqual(['rB'])
    expect(r.unbackedDebtUsd).toBe(40)
    expect(blastRadius(graph, 'chainlink').collateralUsd).toBe(200)
  })
  it('leaves debt backed when the collateral loses less than the cushion', () => {
    // rC at severity 0.4: remaining 200 × 0.6 = 120 ≥ debt 100 → 0 unbacked; at 0.6: 100 − 80 = 20.
    expect(blastRadius(graph, 'canonical', 0.4).unbackedDebtUsd).toBe(0)
    expect(blastRadius(graph, 'canonical', 0.6).unbackedDebtUsd).toBeCloseTo(20, 12)
  })
  it('rejects an unknown node and a severity outside [0, 1]', () => {
    expect(() => blastRadius(graph, 'nope')).toThrow(UnknownNodeError)
    expect(() => blastRadius(graph, 'rpcX', 1.5)).toThrow(
      expect.objectContaining({ code: 'XC_OUT_OF_RANGE' }),
    )
  })
  it('is monotone in the graph edges', () => {
    // Random DAGs: edges only from a lower to a higher index, so no cycle; adding an edge can only
    // add dependents.
    const n = 8
    const edge = fc.tuple(fc.integer({ min: 0, max: n - 2 }), fc.integer({ min: 1, max: n - 1 }))
    fc.assert(
      fc.property(
        fc.array(edge, { maxLength: 20 }),
        edge,
        fc.integer({ min: 0, max: n - 1 }),
        (raw, extra, target) => {
          const ns: DependencyNode[] = Array.from({ length: n }, (_, i) => ({
            id: `n${i}`,
            kind: i < 3 ? 'route' : 'bridge',
          }))
          const rs = {
            n0: { collateralUsd: 10, debtUsd: 8 },
            n1: { collateralUsd: 20, debtUsd: 5 },
            n2: { collateralUsd: 5, debtUsd: 5 },
          }
          const toEdge = ([a, b]: [number, number]) => ({
            from: `n${Math.min(a, b)}`,
            to: `n${Math.max(a, b)}`,
          })
          const es = raw.filter(([a, b]) => a !== b).map(toEdge)
          const more = extra[0] === extra[1] ? es : [...es, toEdge(extra)]
          const before = blastRadius(dependencyGraph({ nodes: ns, edges: es, routes: rs }), `n${target}`)
          const after = blastRadius(dependencyGraph({ nodes: ns, edges: more, routes: rs }), `n${target}`)
          return (
            after.collateralUsd >= before.collateralUsd &&
            after.unbackedDebtUsd >= before.unbackedDebtUsd &&
            before.affectedNodes.every((id) => after.affectedNodes.includes(id))
          )
        },
      ),
    )
  })
})

describe(correlatedScenario.name, () => {
  it('depegs a stablecoin on every chain', () => {
    // USDC at −50 %: rA loses 50, unbacked 70 − 50 = 20; rB loses 25, unbacked 40 − 25 = 15 → 35.
    const r = correlatedScenario(graph, stablecoinDepeg('USDC', 0.5))
    expect(r.failed).toEqual(['usdcArb', 'usdcOp'])
    expect(r.collateralLostUsd).toBe(75)
    expect(r.unbackedDebtUsd).toBe(35)
  })
  it('drains a bridge on every chain it serves (Nomad, Aug 2022)', () => {
    const r = correlatedScenario(graph, bridgeDrain('lz'))
    expect(r.routes.map((x) => x.routeId)).toEqual(['rA', 'rB'])
    expect(r.unbackedDebtUsd).toBe(110)
  })
  it('names a group that matches nothing', () => {
    expect(() => correlatedScenario(graph, bridgeDrain('wormhole'))).toThrow(UnknownNodeError)
  })
})

describe(allocateBridgeLoss.name, () => {
  const copies = [
    { id: 'eth', chain: 'ethereum', supplyUsd: 800, canonical: true },
    { id: 'arb', chain: 'arbitrum', supplyUsd: 150, canonical: false },
    { id: 'base', chain: 'base', supplyUsd: 50, canonical: false },
  ]
  it('socialises pro rata', () => {
    // 100 / 1000 = 10 % of every copy: 80, 15, 5.
    const r = allocateBridgeLoss(100, copies, 'socialisedProRata')
    expect(r.map((x) => x.lossUsd)).toEqual([80, 15, 5])
    expect(r.every((x) => Math.abs(x.haircut - 0.1) < 1e-15)).toBe(true)
  })
  it('concentrates on the bridged copies, spilling onto the canonical token only beyond them', () => {
    // 100 over bridged 200: 50 % of arb (75) and base (25). 260: bridged lose 200, 60 spills onto eth.
    expect(allocateBridgeLoss(100, copies, 'concentratedOnBridgedCopies').map((x) => x.lossUsd)).toEqual([
      0, 75, 25,
    ])
    expect(allocateBridgeLoss(260, copies, 'concentratedOnBridgedCopies').map((x) => x.lossUsd)).toEqual([
      60, 150, 50,
    ])
  })
  it('sums to the loss under either rule', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('socialisedProRata' as const, 'concentratedOnBridgedCopies' as const),
        (raw, share, rule) => {
          const cs = raw.map(([supplyUsd, canonical], i) => ({
            id: `c${i}`,
            chain: `k${i}`,
            supplyUsd,
            canonical,
          }))
          const total = cs.reduce((a, c) => a + c.supplyUsd, 0)
          const loss = share * total
          const r = allocateBridgeLoss(loss, cs, rule)
          const sum = r.reduce((a, x) => a + x.lossUsd, 0)
          return (
            Math.abs(sum - loss) <= 1e-9 * Math.max(1, loss) &&
            r.every((x, i) => x.lossUsd <= (cs[i]?.supplyUsd ?? 0) * (1 + 1e-12) + 1e-9) &&
            // Every haircut is a fraction in [0, 1] (issue 2: "every haircut in [0, 1]").
            r.every((x) => x.haircut >= 0 && x.haircut <= 1)
          )
        },
      ),
    )
  })
  it('rejects a loss above every copy and negative supplies', () => {
    expect(() => allocateBridgeLoss(1001, copies, 'socialisedProRata')).toThrow(LossExceedsSupplyError)
    expect(() =>
      allocateBridgeLoss(1, [{ id: 'x', chain: 'y', supplyUsd: -1, canonical: true }], 'socialisedProRata'),
    ).toThrow(expect.objectContaining({ code: 'XC_NEGATIVE_VALUE' }))
  })
})
