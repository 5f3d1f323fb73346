import { type Account, type Address, encodeAbiParameters } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { ROLES } from '../../src/app/devnet/deploy.js'
import { type Devnet, type StartDevnetParameters, startDevnet } from '../../src/app/devnet/devnet.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { devAccount, write } from '../../src/io/chain/clients.js'

const E18 = 10n ** 18n
const USDC = 10n ** 6n
let running: Devnet[] = []

afterEach(async () => {
  const pids = running.flatMap((n) => [n.anvils.home.pid, n.anvils.debt.pid])
  await Promise.all(running.map((n) => n.stop()))
  running = []
  for (const pid of pids) expect(isAlive(pid)).toBe(false)
})

async function devnet(parameters: StartDevnetParameters): Promise<Devnet> {
  const net = await startDevnet(parameters)
  running.push(net)
  return net
}

function actions(net: Devnet) {
  const c = net.compiled.contracts
  const home = net.deployment.home.contracts as Record<string, Address>
  const debt = net.deployment.debt.contracts as Record<string, Address>
  const onHome = (
    account: Account,
    name: string,
    address: Address,
    functionName: string,
    args: readonly unknown[],
  ) => write(net.home, account, { address, abi: c[name]!.abi, functionName, args })
  const onDebt = (
    account: Account,
    name: string,
    address: Address,
    functionName: string,
    args: readonly unknown[],
  ) => write(net.debt, account, { address, abi: c[name]!.abi, functionName, args })
  const readHome = <T>(name: string, address: Address, functionName: string, args: readonly unknown[] = []) =>
    net.home.publicClient.readContract({
      address,
      abi: c[name]!.abi,
      functionName,
      args: [...args],
    }) as Promise<T>
  const readDebt = <T>(name: string, address: Address, functionName: string, args: readonly unknown[] = []) =>
    net.debt.publicClient.readContract({
      address,
      abi: c[name]!.abi,
      functionName,
      args: [...args],
    }) as Promise<T>
  return {
    home,
    debt,
    async lock(account: Account, amount: bigint) {
      await onHome(account, 'TestToken', home.collateralToken!, 'mint', [account.address, amount])
      await onHome(account, 'TestToken', home.collateralToken!, 'approve', [home.vault!, amount])
      await onHome(account, 'CollateralVault', home.vault!, 'lock', [amount])
    },
    credit: async (account: Account) =>
      (
        await readDebt<[bigint, bigint]>('PositionManager', debt.positionManager!, 'positions', [
          account.address,
        ])
      )[0],
    borrow: (account: Account, amount: bigint) =>
      onDebt(account, 'PositionManager', debt.positionManager!, 'borrow', [amount]),
    setPrice: (e8: bigint) =>
      onDebt(devAccount(ROLES.owner), 'PriceFeed', debt.priceFeed!, 'updateAnswer', [e8]),
    homeBalance: (account: Account) =>
      readHome<bigint>('TestToken', home.collateralToken!, 'balanceOf', [account.address]),
    locked: (account: Account) =>
      readHome<bigint>('CollateralVault', home.vault!, 'locked', [account.address]),
    onHome,
    onDebt,
  }
}

const lockMessage = (id: bigint, account: Address, amount: bigint) =>
  encodeAbiParameters(
    [{ type: 'uint8' }, { type: 'uint64' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }],
    [1, id, account, account, amount],
  )

describe('liquidation across chains', () => {
  it('seizes on the debt chain and pays the liquidator at home: 8,000 USDC at $1,800 with a 5 % bonus is 4.666… ETH', async () => {
    const net = await devnet({ design: 'reference' })
    const a = actions(net)
    const user = devAccount(ROLES.user)
    const liquidator = devAccount(ROLES.liquidator)
    await a.lock(user, 10n * E18)
    await net.relayer.relayOnce()
    await a.borrow(user, 16_000n * USDC)
    await a.setPrice(180_000_000_000n) // HF = 10 · 1,800 · 0.85 / 16,000 = 0.956
    await a.onDebt(liquidator, 'TestToken', a.debt.debtToken!, 'mint', [liquidator.address, 8_000n * USDC])
    await a.onDebt(liquidator, 'TestToken', a.debt.debtToken!, 'approve', [
      a.debt.positionManager!,
      8_000n * USDC,
    ])
    await a.onDebt(liquidator, 'PositionManager', a.debt.positionManager!, 'liquidate', [
      user.address,
      8_000n * USDC,
    ])
    const [seize] = await net.relayer.relayOnce()
    expect(seize?.status).toBe('delivered')
    // floor(8,000e6 · 1e8 · 1e18 · 10,500 / (1,800e8 · 1e6 · 1e4)), by hand.
    expect(await a.homeBalance(liquidator)).toBe(4_666_666_666_666_666_666n)
    expect(await a.locked(user)).toBe(10n * E18 - 4_666_666_666_666_666_666n)
  })
})

describe('replay: a credit delivered twice', () => {
  for (const design of ['reference', 'naive'] as const) {
    it(`${design}: ${design === 'reference' ? 'refuses the second delivery' : 'credits twice'}`, async () => {
      const net = await devnet({ design, faults: { duplicate: (_p, i) => i === 0 } })
      const a = actions(net)
      const attacker = devAccount(ROLES.attacker)
      await a.lock(attacker, 10n * E18)
      const deliveries = await net.relayer.relayOnce()
      expect(deliveries).toHaveLength(2)
      expect(deliveries[0]?.status).toBe('delivered')
      if (design === 'reference') {
        expect(deliveries[1]?.status).toBe('failed')
        expect(deliveries[1]?.error).toContain('AlreadyExecuted')
        expect(await a.credit(attacker)).toBe(10n * E18)
        await expect(a.borrow(attacker, 32_000n * USDC)).rejects.toThrow()
      } else {
        expect(deliveries[1]?.status).toBe('delivered')
        expect(await a.credit(attacker)).toBe(20n * E18)
        await a.borrow(attacker, 32_000n * USDC) // twice the $16,000 the 10 ETH allow
      }
    })
  }
})

describe('forged credits from a compromised DVN key', () => {
  it('the reference manager lets through only the rate limit capacity', async () => {
    const net = await devnet({
      design: 'reference',
      creditRateLimit: { capacity: 2_000n * E18, refillPerSecond: 0n },
    })
    const a = actions(net)
    const attacker = devAccount(ROLES.attacker)
    await a.lock(devAccount(ROLES.user), 1n * E18) // a real packet: the path's header template
    const [real] = await net.relayer.relayOnce()
    for (let k = 0n; k < 3n; k++)
      net.relayer.forge(real!.packet, lockMessage(1_000n + k, attacker.address, 1_000n * E18))
    const forged = await net.relayer.flush()
    expect(forged.map((d) => d.status)).toEqual(['delivered', 'failed', 'failed'])
    expect(forged[1]?.error).toContain('CreditRateLimited')
    // 1 honest ETH used the bucket first, so 1,999 were left: one forged 1,000 ETH passed.
    expect(await a.credit(attacker)).toBe(1_000n * E18)
  })
})

describe('home vault guards', () => {
  it('an outflow limit holds a release until the next window; a guardian pause holds it until unpaused', async () => {
    const net = await devnet({ design: 'reference', outflow: { windowSeconds: 3_600n, limit: 5n * E18 } })
    const a = actions(net)
    const user = devAccount(ROLES.user)
    await a.lock(user, 10n * E18)
    await net.relayer.relayOnce()
    await a.onDebt(user, 'PositionManager', a.debt.positionManager!, 'withdraw', [4n * E18])
    await a.onDebt(user, 'PositionManager', a.debt.positionManager!, 'withdraw', [4n * E18])
    const [first, second] = await net.relayer.relayOnce()
    expect(first?.status).toBe('delivered')
    expect(second?.error).toContain('OutflowLimitExceeded')
    const request = net.home.publicClient.request as (x: {
      method: string
      params: unknown[]
    }) => Promise<unknown>
    await request({ method: 'evm_increaseTime', params: [3_600] })
    await a.onHome(devAccount(ROLES.guardian), 'CollateralVault', a.home.vault!, 'pause', [])
    expect((await net.relayer.retry(second!)).error).toContain('IsPaused')
    await a.onHome(devAccount(ROLES.owner), 'CollateralVault', a.home.vault!, 'unpause', [])
    expect((await net.relayer.retry(second!)).status).toBe('delivered')
    expect(await a.homeBalance(user)).toBe(8n * E18)
  })
})

describe('k of n DVNs and simulated time', () => {
  it('a 1 + 2-of-2 config stays unverified with one optional signer and delivers with both', async () => {
    const net = await devnet({
      design: 'reference',
      dvns: { required: 1, optional: 2, threshold: 2 },
      optionalSigners: 1,
    })
    const a = actions(net)
    const user = devAccount(ROLES.user)
    await a.lock(user, 1n * E18)
    const [stuck] = await net.relayer.relayOnce()
    expect(stuck?.status).toBe('failed')
    expect(stuck?.verifiers).toHaveLength(2)
    expect(await a.credit(user)).toBe(0n)
    net.relayer.signers = [devAccount(10), devAccount(11), devAccount(12)]
    const ok = await net.relayer.redeliver(stuck!) // the same packet, now signed by the quorum
    expect(ok?.status).toBe('delivered')
    expect(await a.credit(user)).toBe(1n * E18)
  })

  it('on --no-mining chains a one-hour latency lands exactly one hour after PacketSent', async () => {
    const net = await devnet({
      design: 'reference',
      simulatedTimeFrom: 1_800_000_000n,
      faults: { latencySeconds: 3_600 },
    })
    const a = actions(net)
    const user = devAccount(ROLES.user)
    await a.lock(user, 1n * E18)
    const [d] = await net.relayer.relayOnce()
    expect(d?.status).toBe('delivered')
    expect(d?.latencySeconds).toBe(3_600n)
    expect(d?.deliveredAt).toBe((d?.packet.sentAt ?? 0n) + 3_600n)
    expect(await a.credit(user)).toBe(1n * E18)
  })
})
