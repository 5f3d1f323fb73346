import fc from 'fast-check'
import type { Address } from 'viem'
import { maxUint256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HealthFactor, healthFactor, maxBorrow } from '../../src/core/risk/health.js'
import { seizedCollateral } from '../../src/core/risk/liquidation.js'
import { type AnvilChain, startAnvil } from '../../src/io/chain/anvil.js'
import { type ChainClients, chainClients, deploy, devAccount } from '../../src/io/chain/clients.js'
import { type CompileOutput, compileContracts } from '../../src/io/chain/compile.js'
import { deployLzEndpoint } from '../../src/io/chain/layerzero.js'

// Differential test: the PositionManager's health factor, max borrow and seizure against the
// TypeScript exact engine, equal to the wei, on 300 seeded random inputs over four random
// configurations (token and feed decimals, LT, base factor, trust score, penalty).

type Config = {
  cd: number
  dd: number
  pd: number
  lt: bigint
  base: bigint
  trust: bigint
  penalty: bigint
}

let anvil: AnvilChain
let clients: ChainClients
let out: CompileOutput
const managers: { config: Config; address: Address }[] = []

const configs = fc.sample(
  fc.record({
    cd: fc.constantFrom(6, 8, 18),
    dd: fc.constantFrom(6, 18),
    pd: fc.constantFrom(8, 18),
    lt: fc.bigInt({ min: 1n, max: 10_000n }),
    base: fc.bigInt({ min: 0n, max: 10_000n }),
    trust: fc.bigInt({ min: 0n, max: 100n }),
    penalty: fc.bigInt({ min: 10_000n, max: 20_000n }),
  }),
  { numRuns: 4, seed: 2026 },
)

beforeAll(async () => {
  out = compileContracts()
  anvil = await startAnvil({ chainId: 31_339 })
  clients = chainClients({ rpcUrl: anvil.rpcUrl, chainId: 31_339, name: 'debt' })
  const owner = devAccount(0)
  const lz = await deployLzEndpoint(clients, owner, 30_009)
  const c = out.contracts
  for (const config of configs) {
    const token = await deploy(clients, owner, c.TestToken!, ['Debt', 'DEBT', config.dd])
    const feed = await deploy(clients, owner, c.PriceFeed!, [
      config.pd,
      1n,
      10n ** 30n,
      owner.address,
      'C / USD',
      3_600n,
      50n,
    ])
    const debtFeed = await deploy(clients, owner, c.PriceFeed!, [
      config.pd,
      1n,
      10n ** 30n,
      owner.address,
      'D / USD',
      86_400n,
      25n,
    ])
    const address = await deploy(clients, owner, c.PositionManager!, [
      lz.endpoint,
      owner.address,
      token,
      debtFeed,
      config.cd,
      config.dd,
      30_001,
      false,
      {
        assetAddress: token,
        baseCollateralFactor: config.base,
        liquidationThreshold: config.lt,
        liquidationPenalty: config.penalty,
        priceFeed: feed,
        maxBridgeDelay: 0n,
        bridgeTrustScore: config.trust,
      },
    ])
    managers.push({ config, address })
  }
})

afterAll(async () => {
  await anvil?.stop()
})

function read<T>(address: Address, functionName: string, args: readonly bigint[]): Promise<T> {
  return clients.publicClient.readContract({
    address,
    abi: out.contracts.PositionManager!.abi,
    functionName,
    args: [...args],
  }) as Promise<T>
}

describe('PositionManager against the exact engine', () => {
  it('health factor, max borrow and seized collateral equal to the wei on 300 random inputs', async () => {
    const inputs = fc.sample(
      fc.record({
        m: fc.integer({ min: 0, max: 3 }),
        credit: fc.bigInt({ min: 0n, max: 10n ** 30n }),
        debt: fc.oneof(
          { arbitrary: fc.constant(0n), weight: 1 },
          { arbitrary: fc.bigInt({ min: 1n, max: 10n ** 30n }), weight: 9 },
        ),
        price: fc.bigInt({ min: 1n, max: 10n ** 20n }),
        debtPrice: fc.bigInt({ min: 1n, max: 10n ** 20n }),
        cover: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      }),
      { numRuns: 300, seed: 7 },
    )
    let capped = 0
    let finite = 0
    for (const s of inputs) {
      const { config, address } = managers[s.m]!
      const collateral = { amount: s.credit, decimals: config.cd, price: s.price, priceDecimals: config.pd }
      const debts = [{ amount: s.debt, decimals: config.dd, price: s.debtPrice, priceDecimals: config.pd }]
      const hf = await read<bigint>(address, 'healthFactorAt', [s.credit, s.debt, s.price, s.debtPrice])
      const exactHf = healthFactor({
        collaterals: [{ ...collateral, liquidationThresholdBps: config.lt }],
        debts,
      })
      if (exactHf === HealthFactor.INFINITE) expect(hf).toBe(maxUint256)
      else {
        finite++
        expect(hf).toBe(exactHf)
      }
      const ltv = (config.base * config.trust) / 100n // the seed's adjusted factor, in bps
      const room = await read<bigint>(address, 'maxBorrowAt', [s.credit, s.debt, s.price, s.debtPrice])
      expect(room).toBe(maxBorrow({ collaterals: [{ ...collateral, ltvBps: ltv }], debts }))
      const [seized, repaid] = await read<[bigint, bigint]>(address, 'seizedAt', [
        s.cover,
        s.credit,
        s.price,
        s.debtPrice,
      ])
      const exact = seizedCollateral({
        debtToCover: s.cover,
        debtDecimals: config.dd,
        debtPrice: s.debtPrice,
        collateralDecimals: config.cd,
        collateralPrice: s.price,
        collateralBalance: s.credit,
        liquidationBonusBps: config.penalty,
      })
      if (exact.capped) capped++
      expect([seized, repaid]).toEqual([exact.collateralToLiquidator, exact.debtRepaid])
    }
    // Both branches of the seizure and finite health factors were exercised.
    expect(capped).toBeGreaterThan(20)
    expect(capped).toBeLessThan(280)
    expect(finite).toBeGreaterThan(200)
  })
})
