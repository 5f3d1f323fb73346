import { type Address, encodePacked, pad, parseAbiItem } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_RULES, ROLES, routeDvnKeys } from '../../src/app/devnet/deploy.js'
import { type Devnet, startDevnet } from '../../src/app/devnet/devnet.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { devAccount, write } from '../../src/io/chain/clients.js'
import { FeedPusher, PRICE_FEED_ABI, pushReason, SEQUENCER_FEED_ABI } from '../../src/io/chain/feeds.js'
import { readReceiveUlnConfig, setReceiveUlnConfig, ulnConfigOf } from '../../src/io/chain/layerzero.js'
import { packetOnPath } from '../../src/io/chain/relayer.js'

const E18 = 10n ** 18n
const ULN_CONFIG_SET = parseAbiItem(
  'event UlnConfigSet(address oapp, uint32 eid, (uint64 confirmations, uint8 requiredDVNCount, uint8 optionalDVNCount, uint8 optionalDVNThreshold, address[] requiredDVNs, address[] optionalDVNs) config)',
)
let net: Devnet

beforeAll(async () => {
  net = await startDevnet({ design: 'reference' }) // the OFT route on its default 2 required DVNs
})

afterAll(async () => {
  const pids = net ? [net.anvils.home.pid, net.anvils.debt.pid] : []
  await net?.stop()
  for (const pid of pids) expect(isAlive(pid)).toBe(false)
})

const ERC20 = [
  parseAbiItem('function balanceOf(address) view returns (uint256)'),
  parseAbiItem('function totalSupply() view returns (uint256)'),
]

async function balances() {
  const o = net.deployment.oft
  const [locked, supply] = await Promise.all([
    net.home.publicClient.readContract({
      address: o.token,
      abi: ERC20,
      functionName: 'balanceOf',
      args: [o.adapter],
    }),
    net.debt.publicClient.readContract({ address: o.oft, abi: ERC20, functionName: 'totalSupply' }),
  ])
  return { locked, supply }
}

/** OFTMsgCodec: `sendTo ‖ amountSD` (shared decimals 6: 1 rsETH = 1e6). */
const oftMessage = (to: Address, amountSD: bigint) => encodePacked(['bytes32', 'uint64'], [pad(to), amountSD])

const rsEthOftPath = () => ({
  endpoint: net.deployment.debt.endpoint,
  receiveLib: net.deployment.debt.receiveLib,
  oapp: net.deployment.oft.oft,
  remoteEid: net.deployment.home.eid,
})

describe('the rsETH-like OFT route (LayerZero OFTAdapter at home, OFT on the debt chain)', () => {
  it('locks at home and mints on the debt chain, verified by its own 2 required DVNs', async () => {
    const c = net.compiled.contracts
    const o = net.deployment.oft
    const user = devAccount(ROLES.user)
    await write(net.home, user, {
      address: o.token,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [user.address, 10n * E18],
    })
    await write(net.home, user, {
      address: o.token,
      abi: c.TestToken!.abi,
      functionName: 'approve',
      args: [o.adapter, 10n * E18],
    })
    const send = {
      dstEid: net.deployment.debt.eid,
      to: pad(user.address),
      amountLD: 10n * E18,
      minAmountLD: 10n * E18,
      extraOptions: '0x',
      composeMsg: '0x',
      oftCmd: '0x',
    }
    await write(net.home, user, {
      address: o.adapter,
      abi: c.RouteOFTAdapter!.abi,
      functionName: 'send',
      args: [send, { nativeFee: 0n, lzTokenFee: 0n }, user.address],
    })
    const [d] = await net.relayer.relayOnce()
    expect(d?.status).toBe('delivered')
    expect([...(d?.verifiers ?? [])].sort()).toEqual([...routeDvnKeys(2)].sort())
    const config = await readReceiveUlnConfig(net.debt.publicClient, rsEthOftPath())
    expect(config.requiredDVNCount).toBe(2)
    expect(config.optionalDVNCount).toBe(0)
    expect(await balances()).toEqual({ locked: 10n * E18, supply: 10n * E18 })
  })

  it('a forged mint signed by one compromised key stays unverified under 2-of-2 and mints unbacked rsETH at 1-of-1', async () => {
    const attacker = devAccount(ROLES.attacker)
    const template = packetOnPath({
      srcEid: net.deployment.home.eid,
      sender: net.deployment.oft.adapter,
      dstEid: net.deployment.debt.eid,
      receiver: net.deployment.oft.oft,
      sentAt: (await net.debt.publicClient.getBlock()).timestamp,
    })
    const held = net.relayer.signers
    net.relayer.signers = [devAccount(20)] // the attacker holds one DVN key
    try {
      net.relayer.forge(template, oftMessage(attacker.address, 1_000n * 10n ** 6n))
      const [stuck] = await net.relayer.flush()
      expect(stuck?.status).toBe('failed')
      expect(stuck?.verifiers).toHaveLength(1)
      expect((await balances()).supply).toBe(10n * E18)

      // The KelpDAO config: the OApp's delegate lowers its required DVNs to 1.
      await setReceiveUlnConfig(
        net.debt,
        devAccount(ROLES.owner),
        rsEthOftPath(),
        ulnConfigOf({ required: routeDvnKeys(1), optional: [], threshold: 0 }),
      )
      const [event] = await net.debt.publicClient
        .getLogs({
          address: net.deployment.debt.receiveLib,
          event: ULN_CONFIG_SET,
          args: {},
          fromBlock: 0n,
          strict: true,
        })
        .then((logs) =>
          logs.filter((l) => l.args.oapp.toLowerCase() === net.deployment.oft.oft.toLowerCase()).slice(-1),
        )
      expect(event?.args.config.requiredDVNCount).toBe(1)
      const config = await readReceiveUlnConfig(net.debt.publicClient, rsEthOftPath())
      expect(config.requiredDVNs).toEqual(routeDvnKeys(1))
      const minted = await net.relayer.redeliver(stuck!) // the same forged packet, now enough
      expect(minted.status).toBe('delivered')
      const { locked, supply } = await balances()
      expect(locked).toBe(10n * E18) // nothing new locked at home
      expect(supply).toBe(1_010n * E18) // 1,000 rsETH minted without backing
      expect(
        await net.debt.publicClient.readContract({
          address: net.deployment.oft.oft,
          abi: ERC20,
          functionName: 'balanceOf',
          args: [attacker.address],
        }),
      ).toBe(1_000n * E18)
    } finally {
      net.relayer.signers = held
    }
  })
})

describe('Chainlink-style feeds and the sequencer uptime feed', () => {
  it("the pusher posts on the feed's own deviation and heartbeat rules and the feed clamps to minAnswer", async () => {
    const feed = net.deployment.feeds.rsEth!
    expect(feed.heartbeatSeconds).toBe(FEED_RULES.rsEth.heartbeatSeconds)
    const pusher = new FeedPusher(net.debt, devAccount(ROLES.owner), feed.address)
    const read = () =>
      net.debt.publicClient.readContract({
        address: feed.address,
        abi: PRICE_FEED_ABI,
        functionName: 'latestRoundData',
      })
    const start = await read() // $2,100 posted at deployment
    expect(start[1]).toBe(210_000_000_000n)
    // 0.4 % move < 50 bps: nothing posted.
    expect((await pusher.offer(210_840_000_000n)).pushed).toBe(false)
    // 0.5 % exactly: posted, a deviation round.
    expect(await pusher.offer(211_050_000_000n)).toMatchObject({ pushed: true, reason: 'deviation' })
    // A day later the same price is posted again: the heartbeat.
    const request = net.debt.publicClient.request as (x: {
      method: string
      params: unknown[]
    }) => Promise<unknown>
    await request({ method: 'evm_increaseTime', params: [86_400] })
    await request({ method: 'evm_mine', params: [] })
    expect(await pusher.offer(211_050_000_000n)).toMatchObject({ pushed: true, reason: 'heartbeat' })
    // A crash to $3 is clamped at the $100 floor (the LUNA case).
    await pusher.offer(300_000_000n)
    expect((await read())[1]).toBe(FEED_RULES.rsEth.minAnswer)
    // A stale round posted by the admin: updatedAt two days back.
    const now = (await net.debt.publicClient.getBlock()).timestamp
    await pusher.postAt(200_000_000_000n, now - 172_800n)
    expect((await read())[3]).toBe(now - 172_800n)
  })

  it('pushReason is exact at the threshold and refuses nothing on the first round', () => {
    const rule = { now: 100n, heartbeatSeconds: 3_600n, deviationBps: 50n }
    const last = { answer: 200_000_000_000n, updatedAt: 0n }
    expect(pushReason({ ...rule, last: undefined, next: 1n })).toBe('first')
    expect(pushReason({ ...rule, last, next: 200_999_999_999n })).toBeUndefined()
    expect(pushReason({ ...rule, last, next: 201_000_000_000n })).toBe('deviation')
    expect(pushReason({ ...rule, last, next: 199_000_000_000n })).toBe('deviation')
    expect(pushReason({ ...rule, now: 3_600n, last, next: 200_000_000_000n })).toBe('heartbeat')
  })

  it('the sequencer feed reports down (1) and up (0) with startedAt at each change', async () => {
    const s = net.deployment.sequencer
    const owner = devAccount(ROLES.owner)
    const read = () =>
      net.debt.publicClient.readContract({
        address: s.address,
        abi: SEQUENCER_FEED_ABI,
        functionName: 'latestRoundData',
      })
    expect((await read())[1]).toBe(0n)
    const r = await write(net.debt, owner, {
      address: s.address,
      abi: SEQUENCER_FEED_ABI,
      functionName: 'setStatus',
      args: [true],
    })
    const at = (await net.debt.publicClient.getBlock({ blockNumber: r.blockNumber })).timestamp
    const down = await read()
    expect(down[1]).toBe(1n)
    expect(down[2]).toBe(at)
    await write(net.debt, owner, {
      address: s.address,
      abi: SEQUENCER_FEED_ABI,
      functionName: 'setStatus',
      args: [false],
    })
    expect((await read())[1]).toBe(0n)
  })
})
