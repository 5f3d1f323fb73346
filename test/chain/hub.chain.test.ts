import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calculateRiskScore, valueWeightedRiskScore, worstCaseRiskScore } from '../../src/core/risk/score.js'
import { type AnvilChain, startAnvil } from '../../src/io/chain/anvil.js'
import { type ChainClients, chainClients, deploy, devAccount, write } from '../../src/io/chain/clients.js'
import { type CompileOutput, compileContracts } from '../../src/io/chain/compile.js'

// The seed's hub aggregation: a RiskEngine on each of two chains scores the same asset from its
// own liquidity and volatility; the hub's RiskManager reads its own engine and takes the remote
// score from a reporter, then aggregates worst case and by value locked.

const E18 = 10n ** 18n
let chains: { anvil: AnvilChain; clients: ChainClients }[] = []
let out: CompileOutput

beforeAll(async () => {
  out = compileContracts()
  chains = await Promise.all(
    [31_341, 31_342].map(async (chainId) => {
      const anvil = await startAnvil({ chainId })
      return { anvil, clients: chainClients({ rpcUrl: anvil.rpcUrl, chainId, name: `c${chainId}` }) }
    }),
  )
})

afterAll(async () => {
  await Promise.all(chains.map((c) => c.anvil.stop()))
})

describe('RiskManager on the hub', () => {
  it('aggregates both chains worst case and value-weighted, as the TypeScript engine does', async () => {
    const owner = devAccount(0)
    const asset = '0x00000000000000000000000000000000000000aa' as Address
    const [hub, spoke] = chains as [(typeof chains)[0], (typeof chains)[0]]
    const c = out.contracts
    const hubEngine = await deploy(hub.clients, owner, c.RiskEngine!, [owner.address])
    const spokeEngine = await deploy(spoke.clients, owner, c.RiskEngine!, [owner.address])
    // Hub: $150M of liquidity, 3 % volatility -> (1·6 + 1·4) / 10 = 1. Spoke: $2M, 30 % -> (10·6 + 10·4) / 10 = 10.
    const profiles = [
      { clients: hub.clients, engine: hubEngine, liquidity: 150_000_000n * E18, vol: 3n },
      { clients: spoke.clients, engine: spokeEngine, liquidity: 2_000_000n * E18, vol: 30n },
    ]
    for (const p of profiles)
      await write(p.clients, owner, {
        address: p.engine,
        abi: c.RiskEngine!.abi,
        functionName: 'updateRiskProfile',
        args: [asset, p.liquidity, p.vol],
      })
    const manager = await deploy(hub.clients, owner, c.RiskManager!, [owner.address])
    const valueLocked = [90_000_000n * E18, 10_000_000n * E18]
    await write(hub.clients, owner, {
      address: manager,
      abi: c.RiskManager!.abi,
      functionName: 'reportFromEngine',
      args: [asset, 30_001, hubEngine, valueLocked[0]],
    })
    const [remote] = (await spoke.clients.publicClient.readContract({
      address: spokeEngine,
      abi: c.RiskEngine!.abi,
      functionName: 'riskProfiles',
      args: [asset],
    })) as [number, bigint, bigint, bigint]
    await write(hub.clients, owner, {
      address: manager,
      abi: c.RiskManager!.abi,
      functionName: 'reportScore',
      args: [asset, 30_002, remote, valueLocked[1]],
    })

    const expected = profiles.map((p) => calculateRiskScore(p.liquidity, p.vol))
    expect(expected).toEqual([1, 10])
    const read = (functionName: string, args: readonly unknown[]) =>
      hub.clients.publicClient.readContract({
        address: manager,
        abi: c.RiskManager!.abi,
        functionName,
        args: [...args],
      })
    expect(await read('worstCaseScore', [asset])).toBe(worstCaseRiskScore(expected))
    const weightedWad = (await read('valueWeightedScoreWad', [asset])) as bigint
    // (1 · 90 + 10 · 10) / 100 = 1.9 exactly, by hand.
    expect(weightedWad).toBe(1_900_000_000_000_000_000n)
    expect(Number(weightedWad) / 1e18).toBeCloseTo(
      valueWeightedRiskScore([
        { chain: 'hub', score: 1, valueLockedUsd: 90_000_000 },
        { chain: 'spoke', score: 10, valueLockedUsd: 10_000_000 },
      ]),
      12,
    )
    // Global factor from a base of 80 %: worst case 8000 · (11 − 10) / 10 = 800; weighted 8000 · 9.1 / 10 = 7280.
    expect(await read('globalCollateralFactor', [asset, 8_000n, true])).toBe(800n)
    expect(await read('globalCollateralFactor', [asset, 8_000n, false])).toBe(7_280n)
  })
})
