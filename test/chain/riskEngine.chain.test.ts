import fc from 'fast-check'
import { type Address, maxUint256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HealthFactor, healthFactor } from '../../src/core/risk/health.js'
import { type AnvilChain, isAlive, startAnvil } from '../../src/io/chain/anvil.js'
import { type ChainClients, chainClients, deploy, devAccount } from '../../src/io/chain/clients.js'
import { type CompileOutput, compileContracts } from '../../src/io/chain/compile.js'

let anvil: AnvilChain
let clients: ChainClients
let out: CompileOutput
let engine: Address

beforeAll(async () => {
  out = compileContracts()
  anvil = await startAnvil({ chainId: 31_337 })
  clients = chainClients({ rpcUrl: anvil.rpcUrl, chainId: 31_337, name: 'home' })
  engine = await deploy(clients, devAccount(0), out.contracts.RiskEngine!, [devAccount(0).address])
})

afterAll(async () => {
  await anvil?.stop()
  if (anvil) expect(isAlive(anvil.pid)).toBe(false)
})

const read = (functionName: string, args: readonly bigint[]) =>
  clients.publicClient.readContract({
    address: engine,
    abi: out.contracts.RiskEngine!.abi,
    functionName,
    args: [...args],
  }) as Promise<bigint | number>

describe('RiskEngine.calculateHealthFactor on chain', () => {
  // The seed's HF is the exact engine's HF of one collateral worth `collateralValue` (Wad) at LT
  // `liquidationThreshold` bps against one debt worth `debtValue` (Wad): floor(floor(C·LT/1e4)·1e18/D).
  it('equals the exact engine to the wei on 300 seeded random inputs', async () => {
    const wad = fc.bigInt({ min: 0n, max: 10n ** 36n })
    const samples = fc.sample(
      fc.record({
        collateralValue: wad,
        debtValue: fc.oneof(
          { arbitrary: fc.constant(0n), weight: 1 },
          { arbitrary: fc.bigInt({ min: 1n, max: 10n ** 36n }), weight: 8 },
          { arbitrary: fc.bigInt({ min: 1n, max: 1000n }), weight: 3 },
        ),
        collateralFactor: fc.bigInt({ min: 0n, max: 10_000n }),
        liquidationThreshold: fc.bigInt({ min: 0n, max: 10_000n }),
      }),
      { numRuns: 300, seed: 12 },
    )
    let finite = 0
    for (const s of samples) {
      const onChain = await read('calculateHealthFactor', [
        s.collateralValue,
        s.debtValue,
        s.collateralFactor,
        s.liquidationThreshold,
      ])
      const exact = healthFactor({
        collaterals: [
          {
            amount: s.collateralValue,
            decimals: 18,
            price: 1n,
            priceDecimals: 0,
            liquidationThresholdBps: s.liquidationThreshold,
          },
        ],
        debts: [{ amount: s.debtValue, decimals: 18, price: 1n, priceDecimals: 0 }],
      })
      if (exact === HealthFactor.INFINITE) expect(onChain).toBe(maxUint256)
      else {
        finite++
        expect(onChain).toBe(exact)
      }
    }
    expect(finite).toBeGreaterThan(200)
  })

  it('gives the seed example: $10,000 at LT 80 % against $7,000 is 1.142857…', async () => {
    const hf = await read('calculateHealthFactor', [
      10_000n * 10n ** 18n,
      7_000n * 10n ** 18n,
      7_500n,
      8_000n,
    ])
    // 8000 · 1e18 / 7000, floored: hand-computed.
    expect(hf).toBe(1_142_857_142_857_142_857n)
  })
})
