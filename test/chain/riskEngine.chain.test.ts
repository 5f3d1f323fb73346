import fc from 'fast-check'
import { type Address, maxUint256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calculateHealthFactor, HealthFactor, healthFactor } from '../../src/core/risk/health.js'
import { calculateRiskScore } from '../../src/core/risk/score.js'
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

describe('RiskEngine against the seed functions of src/core/risk', () => {
  it('calculateRiskScore equals the TypeScript seed function on 300 random inputs, around every bracket edge', async () => {
    const edge = (e: bigint) => fc.bigInt({ min: e - 1000n, max: e + 1000n })
    const samples = fc.sample(
      fc.record({
        liquidity: fc.oneof(
          edge(100_000_000n * 10n ** 18n),
          edge(10_000_000n * 10n ** 18n),
          fc.bigInt({ min: 0n, max: 10n ** 30n }),
        ),
        volatility: fc.oneof(fc.bigInt({ min: 0n, max: 30n }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
      }),
      { numRuns: 300, seed: 13 },
    )
    const seen = new Set<number>()
    for (const s of samples) {
      const onChain = Number(await read('calculateRiskScore', [s.liquidity, s.volatility]))
      const ts = calculateRiskScore(s.liquidity, s.volatility)
      expect(onChain).toBe(ts)
      seen.add(ts)
    }
    // Every combination of the seed's brackets shows up: (1|5|10)·0.6 + (1|5|10)·0.4, floored.
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10])
  })

  it('calculateHealthFactor equals the TypeScript seed function, overflow included', async () => {
    const samples = fc.sample(
      fc.record({
        c: fc.oneof(
          { arbitrary: fc.bigInt({ min: 0n, max: 10n ** 40n }), weight: 9 },
          { arbitrary: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), weight: 1 },
        ),
        d: fc.bigInt({ min: 0n, max: 10n ** 40n }),
        cf: fc.bigInt({ min: 0n, max: 10_000n }),
        lt: fc.bigInt({ min: 0n, max: 10_000n }),
      }),
      { numRuns: 300, seed: 14 },
    )
    let overflows = 0
    for (const s of samples) {
      let ts: bigint | 'overflow'
      try {
        ts = calculateHealthFactor(s.c, s.d, s.cf, s.lt)
      } catch (e) {
        expect((e as { code?: string }).code).toBe('XC_UINT256_OVERFLOW')
        ts = 'overflow'
      }
      if (ts === 'overflow') {
        overflows++
        await expect(read('calculateHealthFactor', [s.c, s.d, s.cf, s.lt])).rejects.toThrow()
      } else expect(await read('calculateHealthFactor', [s.c, s.d, s.cf, s.lt])).toBe(ts)
    }
    expect(overflows).toBeGreaterThan(0)
  })
})
