import { type Address, encodePacked, pad, parseAbiItem } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AAVE_LISTING, ROLES } from '../../src/app/devnet/deploy.js'
import { type Devnet, startDevnet } from '../../src/app/devnet/devnet.js'
import { allocateBridgeLoss, blastRadius, dependencyGraph } from '../../src/core/trust/contagion.js'
import { aaveAbi } from '../../src/io/chain/aave.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { devAccount, write } from '../../src/io/chain/clients.js'
import { PRICE_FEED_ABI } from '../../src/io/chain/feeds.js'
import { packetOnPath } from '../../src/io/chain/relayer.js'

const E18 = 10n ** 18n
const USDC = 10n ** 6n
const PRICE_E8 = 210_000_000_000n // rsETH at $2,100
let net: Devnet

beforeAll(async () => {
  // The KelpDAO config: the OFT route on a 1-of-1 DVN; the Aave v3 market on the debt chain.
  net = await startDevnet({ design: 'reference', oftRequiredDvns: 1, aave: true, rsEthPriceE8: PRICE_E8 })
})

afterAll(async () => {
  const pids = net ? [net.anvils.home.pid, net.anvils.debt.pid] : []
  await net?.stop()
  for (const pid of pids) expect(isAlive(pid)).toBe(false)
})

const ERC20 = [
  parseAbiItem('function balanceOf(address) view returns (uint256)'),
  parseAbiItem('function totalSupply() view returns (uint256)'),
  parseAbiItem('function approve(address, uint256) returns (bool)'),
]

describe('a KelpDAO-style run: 1-of-1 DVN compromised, unbacked rsETH posted on Aave v3', () => {
  it('measures on chain the unbacked debt the contagion model predicts, to the cent', async () => {
    const c = net.compiled.contracts
    const o = net.deployment.oft
    const aave = net.deployment.aave!
    const user = devAccount(ROLES.user)
    const attacker = devAccount(ROLES.attacker)
    const owner = devAccount(ROLES.owner)
    const A = 100n // honest rsETH bridged
    const HOME = 900n // canonical rsETH the user keeps at home
    const F = 1_000n // forged

    // Honest: the user bridges 100 of 1,000 rsETH to the debt chain.
    await write(net.home, user, {
      address: o.token,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [user.address, (A + HOME) * E18],
    })
    await write(net.home, user, {
      address: o.token,
      abi: ERC20,
      functionName: 'approve',
      args: [o.adapter, A * E18],
    })
    await write(net.home, user, {
      address: o.adapter,
      abi: c.RouteOFTAdapter!.abi,
      functionName: 'send',
      args: [
        {
          dstEid: net.deployment.debt.eid,
          to: pad(user.address),
          amountLD: A * E18,
          minAmountLD: A * E18,
          extraOptions: '0x',
          composeMsg: '0x',
          oftCmd: '0x',
        },
        { nativeFee: 0n, lzTokenFee: 0n },
        user.address,
      ],
    })
    expect((await net.relayer.relayOnce())[0]?.status).toBe('delivered')

    // The attacker holds the one DVN key and forges a mint of 1,000 rsETH to itself.
    const held = net.relayer.signers
    net.relayer.signers = [devAccount(20)]
    try {
      net.relayer.forge(
        packetOnPath({
          srcEid: net.deployment.home.eid,
          sender: o.adapter,
          dstEid: net.deployment.debt.eid,
          receiver: o.oft,
          sentAt: (await net.debt.publicClient.getBlock()).timestamp,
        }),
        encodePacked(['bytes32', 'uint64'], [pad(attacker.address), F * USDC]), // shared decimals 6
      )
      expect((await net.relayer.flush())[0]?.status).toBe('delivered')
    } finally {
      net.relayer.signers = held
    }
    const locked = await net.home.publicClient.readContract({
      address: o.token,
      abi: ERC20,
      functionName: 'balanceOf',
      args: [o.adapter],
    })
    const supply = await net.debt.publicClient.readContract({
      address: o.oft,
      abi: ERC20,
      functionName: 'totalSupply',
    })
    expect(locked).toBe(A * E18)
    expect(supply).toBe((A + F) * E18) // the backing breach: supply − locked = 1,000 rsETH

    // It posts the forged rsETH on Aave and borrows all the LTV allows.
    const pool = aave.pool
    await write(net.debt, attacker, {
      address: o.oft,
      abi: ERC20,
      functionName: 'approve',
      args: [pool, F * E18],
    })
    await write(net.debt, attacker, {
      address: pool,
      abi: aaveAbi('Pool'),
      functionName: 'supply',
      args: [o.oft, F * E18, attacker.address, 0],
    })
    const account = () =>
      net.debt.publicClient.readContract({
        address: pool,
        abi: aaveAbi('Pool'),
        functionName: 'getUserAccountData',
        args: [attacker.address],
      }) as Promise<readonly [bigint, bigint, bigint, bigint, bigint, bigint]>
    const [, , availableBase] = await account()
    const borrowed = availableBase / 100n // base currency USD 1e8 → USDC 1e6 at $1
    await write(net.debt, attacker, {
      address: pool,
      abi: aaveAbi('Pool'),
      functionName: 'borrow',
      args: [net.deployment.debt.contracts.debtToken!, borrowed, 2n, 0, attacker.address],
    })

    // The breach is known: the bridged copy is worth its backing, price · locked / supply.
    const backedE8 = (PRICE_E8 * locked) / supply
    await write(net.debt, owner, {
      address: net.deployment.feeds.rsEth!.address,
      abi: PRICE_FEED_ABI,
      functionName: 'updateAnswer',
      args: [backedE8],
    })
    const [collateralBase, debtBase, , , , hf] = await account()
    expect(hf < 10n ** 18n).toBe(true)
    const measuredUsd = Number(debtBase - collateralBase) / 1e8

    // The engine: the forged value is the loss, borne by the bridged copies (the canonical rsETH
    // at home stays whole); the Aave route's collateral loses that haircut.
    const price = Number(PRICE_E8) / 1e8
    const [, bridgedCopy] = allocateBridgeLoss(
      Number(F) * price,
      [
        { id: 'rsETH-home', chain: 'home', supplyUsd: Number(HOME + A) * price, canonical: true },
        { id: 'rsETH-debt', chain: 'debt', supplyUsd: Number(A + F) * price, canonical: false },
      ],
      'concentratedOnBridgedCopies',
    )
    const collateralUsd = Number(F) * price
    const debtUsd = (collateralUsd * Number(AAVE_LISTING.rsETH.ltv)) / 10_000
    const graph = dependencyGraph({
      nodes: [
        { id: 'rsETH-oft-1of1', kind: 'bridge' },
        { id: 'aave-rsETH', kind: 'route' },
      ],
      edges: [{ from: 'aave-rsETH', to: 'rsETH-oft-1of1' }],
      routes: { 'aave-rsETH': { collateralUsd, debtUsd } },
    })
    const predicted = blastRadius(graph, 'rsETH-oft-1of1', bridgedCopy!.haircut)
    // 1,522,500 − (100 / 1,100) · 2,100,000 = 1,331,590.909…
    expect(predicted.unbackedDebtUsd).toBeCloseTo(1_331_590.909_090_9, 6)
    // On chain the same to the cent: the differences are the feed's 1e-8 rounding of the backed
    // price (≤ $0.00001 on 1,000 rsETH) and a few seconds of interest on the debt.
    expect(Math.abs(measuredUsd - predicted.unbackedDebtUsd)).toBeLessThan(0.01)
    expect(Number(borrowed) / 1e6).toBe(debtUsd)
  })
})
