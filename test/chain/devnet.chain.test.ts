import type { Account, Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../src/app/devnet/deploy.js'
import { type Devnet, startDevnet } from '../../src/app/devnet/devnet.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { type ChainClients, devAccount, write } from '../../src/io/chain/clients.js'

const E18 = 10n ** 18n
let net: Devnet

beforeAll(async () => {
  net = await startDevnet({ design: 'reference' })
})

afterAll(async () => {
  const pids = net ? [net.anvils.home.pid, net.anvils.debt.pid] : []
  await net?.stop()
  for (const pid of pids) expect(isAlive(pid)).toBe(false)
})

function call(
  chain: 'home' | 'debt',
  account: Account,
  name: string,
  address: Address,
  functionName: string,
  args: readonly unknown[],
) {
  const clients: ChainClients = chain === 'home' ? net.home : net.debt
  return write(clients, account, { address, abi: net.compiled.contracts[name]!.abi, functionName, args })
}

function read<T>(
  chain: 'home' | 'debt',
  name: string,
  address: Address,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<T> {
  const clients = chain === 'home' ? net.home : net.debt
  return clients.publicClient.readContract({
    address,
    abi: net.compiled.contracts[name]!.abi,
    functionName,
    args: [...args],
  }) as Promise<T>
}

describe('devnet over the real LayerZero V2 endpoint', () => {
  it('locks at home, credits on the debt chain, borrows, withdraws (debit first) and releases at home', async () => {
    const user = devAccount(ROLES.user)
    const { vault, collateralToken } = net.deployment.home.contracts as Record<string, Address>
    const { positionManager: pm } = net.deployment.debt.contracts as Record<string, Address>
    await call('home', user, 'TestToken', collateralToken!, 'mint', [user.address, 10n * E18])
    await call('home', user, 'TestToken', collateralToken!, 'approve', [vault!, 10n * E18])
    await call('home', user, 'CollateralVault', vault!, 'lock', [10n * E18])
    const [d1] = await net.relayer.relayOnce()
    expect(d1?.status).toBe('delivered')
    const [credit] = await read<[bigint, bigint]>('debt', 'PositionManager', pm!, 'positions', [user.address])
    expect(credit).toBe(10n * E18)
    // 10 ETH at $2,000, LTV 80 %: $16,000 of USDC (6 decimals) at most.
    await call('debt', user, 'PositionManager', pm!, 'borrow', [16_000n * 10n ** 6n])
    await expect(call('debt', user, 'PositionManager', pm!, 'borrow', [1n])).rejects.toThrow()
    await call('debt', user, 'TestToken', net.deployment.debt.contracts.debtToken!, 'approve', [
      pm!,
      2n ** 255n,
    ])
    await call('debt', user, 'PositionManager', pm!, 'repay', [8_000n * 10n ** 6n])
    await call('debt', user, 'PositionManager', pm!, 'withdraw', [5n * E18])
    const [d2] = await net.relayer.relayOnce()
    expect(d2?.status).toBe('delivered')
    expect(await read<bigint>('home', 'TestToken', collateralToken!, 'balanceOf', [user.address])).toBe(
      5n * E18,
    )
    expect(await read<bigint>('home', 'CollateralVault', vault!, 'locked', [user.address])).toBe(5n * E18)
  })
})
