import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Address, encodeAbiParameters, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_RULES, ROLES } from '../../src/app/devnet/deploy.js'
import { type Devnet, startDevnet } from '../../src/app/devnet/devnet.js'
import { buildManifest, type Manifest } from '../../src/app/devnet/manifest.js'
import { createMonitor, type Monitor, type PassResult } from '../../src/app/monitor/monitor.js'
import { targetsFromManifest } from '../../src/app/monitor/targets.js'
import { healthBand } from '../../src/core/monitor/health.js'
import { DEFAULT_MONITOR_CONFIG } from '../../src/core/monitor/reducer.js'
import type { Alert, Snapshot } from '../../src/core/monitor/types.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { type ChainClients, devAccount, mine, write } from '../../src/io/chain/clients.js'
import { lzArtifacts, sortAddresses } from '../../src/io/chain/layerzero.js'
import { type Database, openDatabase } from '../../src/io/db/database.js'
import { repositories } from '../../src/io/db/repositories.js'

const E18 = 10n ** 18n
const USDC = 10n ** 6n
const INTERVAL_MS = 1_000
const UINT_MAX = 2n ** 256n - 1n

let net: Devnet
let manifest: Manifest
let db: Database
let monitor: Monitor
let sequencerFeed: Address
let clock = 1_700_000_000_000
const users = [2, 3, 6, 7, 8].map((i) => devAccount(i))
const owner = devAccount(ROLES.owner)

const c = (name: string) => net.compiled.contracts[name]!
const home = () => net.deployment.home.contracts as Record<string, Address>
const debt = () => net.deployment.debt.contracts as Record<string, Address>

function readDebt<T>(
  name: string,
  address: Address,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<T> {
  return net.debt.publicClient.readContract({
    address,
    abi: c(name).abi,
    functionName,
    args: [...args],
  }) as Promise<T>
}

async function rpc(clients: ChainClients, method: string, params: unknown[] = []): Promise<unknown> {
  return (clients.publicClient.request as (a: { method: string; params: unknown[] }) => Promise<unknown>)({
    method,
    params,
  })
}

async function pushPrice(feed: Address, answer: bigint): Promise<void> {
  await write(net.debt, owner, {
    address: feed,
    abi: c('PriceFeed').abi,
    functionName: 'updateAnswer',
    args: [answer],
  })
}

function ulnBytes(required: readonly Address[]): Hex {
  return encodeAbiParameters(
    [
      {
        type: 'tuple',
        components: [
          { name: 'confirmations', type: 'uint64' },
          { name: 'requiredDVNCount', type: 'uint8' },
          { name: 'optionalDVNCount', type: 'uint8' },
          { name: 'optionalDVNThreshold', type: 'uint8' },
          { name: 'requiredDVNs', type: 'address[]' },
          { name: 'optionalDVNs', type: 'address[]' },
        ],
      },
    ],
    [
      {
        confirmations: 1n,
        requiredDVNCount: required.length,
        optionalDVNCount: 0,
        optionalDVNThreshold: 0,
        requiredDVNs: sortAddresses(required),
        optionalDVNs: [],
      },
    ],
  )
}

/** The PositionManager's receive config from home, as its delegate (the owner) sets it on the endpoint. */
async function setManagerDvns(required: readonly Address[]): Promise<void> {
  await write(net.debt, owner, {
    address: net.deployment.debt.endpoint,
    abi: lzArtifacts().EndpointV2.abi,
    functionName: 'setConfig',
    args: [
      debt().positionManager,
      net.deployment.debt.receiveLib,
      [{ eid: net.deployment.home.eid, configType: 2, config: ulnBytes(required) }],
    ],
  })
}

async function setSequencerDown(down: boolean): Promise<void> {
  await write(net.debt, owner, {
    address: sequencerFeed,
    abi: c('SequencerUptimeFeed').abi,
    functionName: 'setStatus',
    args: [down],
  })
}

/** One pass, one interval later on the monitor's clock. */
async function pass(m: Monitor = monitor): Promise<PassResult> {
  clock += INTERVAL_MS
  return m.pass()
}

const open = (r: PassResult, kind: Alert['kind']) => r.openAlerts.filter((a) => a.kind === kind)

async function monitorOn(m: Manifest, database: Database): Promise<Monitor> {
  return createMonitor({
    targets: targetsFromManifest(m),
    db: database,
    config: { ...DEFAULT_MONITOR_CONFIG, staleAfterMs: INTERVAL_MS },
    now: () => clock,
    heartbeatSeconds: 3_600n,
    gracePeriodSeconds: 0n,
    timeoutMs: 500,
  })
}

/** The exact engine's snapshot against the contract's own `healthFactor(account)`, position by position. */
async function expectSnapshotEqualsChain(s: Snapshot): Promise<void> {
  expect(s.positions.map((p) => p.account).sort()).toEqual(users.map((u) => u.address).sort())
  const liquidatable: string[] = []
  for (const p of s.positions) {
    const onChain = await readDebt<bigint>('PositionManager', debt().positionManager!, 'healthFactor', [
      p.account,
    ])
    expect(p.healthFactor ?? UINT_MAX, p.account).toBe(onChain)
    expect(p.band).toBe(
      healthBand(
        onChain === UINT_MAX ? (Symbol.for('xcollat.HealthFactor.INFINITE') as never) : (onChain as never),
        DEFAULT_MONITOR_CONFIG.bands,
      ),
    )
    if (onChain < E18) liquidatable.push(p.account)
  }
  expect(s.liquidatable).toEqual(liquidatable.sort())
}

beforeAll(async () => {
  net = await startDevnet({ design: 'reference', dvns: { required: 2, optional: 0, threshold: 0 } })
  // five positions of 10 WETH at $2,000 (LT 85 %, LTV 80 %): 16,000 / 15,000 / 12,000 / 8,000 / 0 USDC
  for (const u of users) {
    await write(net.home, u, {
      address: home().collateralToken!,
      abi: c('TestToken').abi,
      functionName: 'mint',
      args: [u.address, 10n * E18],
    })
    await write(net.home, u, {
      address: home().collateralToken!,
      abi: c('TestToken').abi,
      functionName: 'approve',
      args: [home().vault!, 10n * E18],
    })
    await write(net.home, u, {
      address: home().vault!,
      abi: c('CollateralVault').abi,
      functionName: 'lock',
      args: [10n * E18],
    })
  }
  const delivered = await net.relayer.relayOnce()
  expect(delivered.map((d) => d.status)).toEqual(users.map(() => 'delivered'))
  for (const [i, amount] of [16_000n, 15_000n, 12_000n, 8_000n].entries())
    await write(net.debt, users[i]!, {
      address: debt().positionManager!,
      abi: c('PositionManager').abi,
      functionName: 'borrow',
      args: [amount * USDC],
    })
  sequencerFeed = debt().sequencerUptimeFeed!
  manifest = buildManifest({
    deployment: net.deployment,
    rpcUrls: { home: net.anvils.home.rpcUrl, debt: net.anvils.debt.rpcUrl },
    pids: { home: net.anvils.home.pid, debt: net.anvils.debt.pid },
    pid: process.pid,
    status: 'ready',
    inProcessRelayer: false,
  })
  db = await openDatabase('memory://')
  monitor = await monitorOn(manifest, db)
}, 180_000)

afterAll(async () => {
  await db?.close()
  const pids = net ? [net.anvils.home.pid, net.anvils.debt.pid] : []
  await net?.stop()
  for (const pid of pids) expect(isAlive(pid)).toBe(false)
})

describe('xcollat monitor on the devnet', () => {
  it('values every position with the exact engine, equal to the contract, and opens only what the chain justifies', async () => {
    const r = await pass()
    expect(r.snapshots).toHaveLength(1)
    await expectSnapshotEqualsChain(r.snapshots[0]!)
    // $17,000 at LT against 16,000 USDC: HF 1.0625, danger; against 15,000: 1.1333, warning
    expect(
      open(r, 'health-factor')
        .map((a) => [a.details.account, a.severity])
        .sort(),
    ).toEqual(
      [
        [users[0]!.address, 'danger'],
        [users[1]!.address, 'warning'],
      ].sort(),
    )
    expect(r.openAlerts.map((a) => a.kind)).toEqual(['health-factor', 'health-factor'])
  })

  it('lowering the required DVNs from 2 to 1 is critical within one interval, with the reassessed route; restoring resolves it', async () => {
    const [k1, k2] = net.deployment.receiveDvnKeys.required as [Address, Address]
    await setManagerDvns([k1])
    const r = await pass()
    const fell = open(r, 'dvn-count-fell')
    expect(fell).toHaveLength(1)
    expect(fell[0]).toMatchObject({ severity: 'critical', subject: 'debt:positionManager<-home' })
    const reassessment = fell[0]!.details.reassessment as {
      before: Record<string, number | boolean>
      after: Record<string, number | boolean>
    }
    expect(reassessment.before.signaturesNeeded).toBe(2)
    expect(reassessment.after.signaturesNeeded).toBe(1)
    expect(reassessment.after.trustScore as number).toBeLessThan(reassessment.before.trustScore as number)
    expect(reassessment.after.eligible).toBe(false)
    expect((fell[0]!.details.effective as { requiredDVNs: string[] }).requiredDVNs).toEqual([k1])
    expect(open(r, 'dvn-single-point')).toHaveLength(1)
    // the vault's own path is untouched
    expect(r.openAlerts.some((a) => a.subject === 'home:vault<-debt')).toBe(false)
    await setManagerDvns([k1, k2])
    const back = await pass()
    expect(
      back.effects
        .filter((e) => e.type === 'resolve')
        .map((e) => (e.type === 'resolve' ? e.alert.kind : ''))
        .sort(),
    ).toEqual(['dvn-count-fell', 'dvn-set-changed', 'dvn-single-point'])
    expect(back.openAlerts.some((a) => a.kind.startsWith('dvn-'))).toBe(false)
  })

  it('after a price shock the bands and the liquidatable list equal the exact engine over every position', async () => {
    await pushPrice(debt().priceFeed!, 170_000_000_000n) // $1,700
    const r = await pass()
    await expectSnapshotEqualsChain(r.snapshots[0]!)
    expect(r.snapshots[0]!.liquidatable).toEqual([users[0]!.address, users[1]!.address].sort())
    expect(open(r, 'health-factor').filter((a) => a.severity === 'critical')).toHaveLength(2)
    await pushPrice(debt().priceFeed!, 200_000_000_000n)
    const back = await pass()
    await expectSnapshotEqualsChain(back.snapshots[0]!)
    expect(back.snapshots[0]!.liquidatable).toEqual([])
  })

  it('a feed older than its heartbeat, a feed at its minAnswer and the sequencer down each raise their alert', async () => {
    await rpc(net.debt, 'evm_increaseTime', [3_601])
    await mine(net.debt)
    const stale = await pass()
    // each feed against its own heartbeat: WETH / USD (1 h) is stale, USDC and rsETH (24 h) are not
    expect(FEED_RULES.weth.heartbeatSeconds).toBe(3_600)
    expect(FEED_RULES.usdc.heartbeatSeconds).toBeGreaterThan(3_601)
    expect(FEED_RULES.rsEth.heartbeatSeconds).toBeGreaterThan(3_601)
    expect(open(stale, 'oracle-stale').map((a) => [a.subject, a.severity])).toEqual([
      [`debt:${debt().priceFeed!}`, 'critical'],
    ])
    await pushPrice(debt().priceFeed!, 0n) // clamped to minAnswer = 1
    const floor = await pass()
    expect(open(floor, 'oracle-stale')).toEqual([])
    expect(open(floor, 'oracle-floor').map((a) => [a.subject, a.severity])).toEqual([
      [`debt:${debt().priceFeed!}`, 'critical'],
    ])
    await pushPrice(debt().priceFeed!, 200_000_000_000n)
    await setSequencerDown(true)
    const down = await pass()
    expect(open(down, 'oracle-floor')).toEqual([])
    expect(open(down, 'sequencer-down').map((a) => a.severity)).toEqual(['critical'])
    await setSequencerDown(false)
    expect(open(await pass(), 'sequencer-down')).toEqual([])
  })

  it('a failed balance read is a critical alert, never a pass', async () => {
    // the same devnet, but the collateral token the vault is checked against has no code
    const broken: Manifest = {
      ...manifest,
      chains: {
        ...manifest.chains,
        home: {
          ...manifest.chains.home,
          contracts: {
            ...manifest.chains.home.contracts,
            collateralToken: '0x000000000000000000000000000000000000dEaD',
          },
        },
      },
    }
    const other = await openDatabase('memory://')
    try {
      const r = await pass(await monitorOn(broken, other))
      const failed = open(r, 'read-failed').filter((a) => a.subject.startsWith('backing:'))
      expect(failed.map((a) => a.severity)).toEqual(['critical'])
      expect(open(r, 'backing-breach')).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('stopping an RPC raises "chain stale" within two intervals, and recovery resolves it', async () => {
    process.kill(net.anvils.home.pid, 'SIGSTOP')
    let raisedWithin = 0
    try {
      for (let i = 1; i <= 2 && raisedWithin === 0; i++) {
        const r = await pass()
        if (open(r, 'chain-stale').some((a) => a.subject === 'home')) raisedWithin = i
      }
    } finally {
      process.kill(net.anvils.home.pid, 'SIGCONT')
    }
    expect(raisedWithin).toBeGreaterThan(0)
    expect(monitor.state.alerts['read-failed:backing:collateral:home->debt']?.severity).toBe('critical')
    const back = await pass()
    expect(open(back, 'chain-stale')).toEqual([])
    expect(open(back, 'read-failed')).toEqual([])
  })

  it('a reorg replaces the affected snapshots with no phantom alert', async () => {
    const base = await pass()
    const snap = (await rpc(net.debt, 'evm_snapshot')) as string
    await pushPrice(debt().priceFeed!, 100_000_000_000n) // $1,000: $8,500 at LT, three debts above it
    const crashed = await pass()
    const orphan = crashed.snapshots[0]!
    expect(orphan.liquidatable).toHaveLength(3)
    expect(await rpc(net.debt, 'evm_revert', [snap])).toBe(true)
    // a different history of the same length and one more block
    await mine(net.debt)
    await mine(net.debt)
    const after = await pass()
    expect(
      after.effects.some((e) => e.type === 'reorg' && e.chain === 'debt' && e.fromBlock === orphan.block),
    ).toBe(true)
    const stored = await repositories(db).snapshots.list('debt', 'positionManager')
    for (const s of stored) {
      const b = await net.debt.publicClient.getBlock({ blockNumber: s.block })
      expect(s.blockHash, `snapshot at ${s.block}`).toBe(b.hash)
    }
    expect(stored.some((s) => s.blockHash === orphan.blockHash)).toBe(false)
    const blocks = await repositories(db).blocks.list('debt')
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.number).toBe(blocks[i - 1]!.number + 1n)
    // no phantom: the open alerts are those a monitor that never saw the orphaned blocks opens
    const fresh = await openDatabase('memory://')
    try {
      const canonical = await pass(await monitorOn(manifest, fresh))
      expect(after.openAlerts.map((a) => a.key).sort()).toEqual(canonical.openAlerts.map((a) => a.key).sort())
      expect(after.openAlerts.map((a) => a.key).sort()).toEqual(base.openAlerts.map((a) => a.key).sort())
    } finally {
      await fresh.close()
    }
  })

  it('kill -9 mid-run, then a restart: no lost snapshot, no gap in blocks, no duplicate alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xcollat-monitor-'))
    const file = join(dir, 'manifest.json')
    writeFileSync(file, JSON.stringify(manifest))
    const bin = resolve('bin/xcollat.js')
    const start = () => {
      const child = spawn(
        process.execPath,
        [bin, 'monitor', '--manifest', file, '--db', join(dir, 'db'), '--interval', '0.5', '--grace', '0'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      const lines: string[] = []
      let err = ''
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString()
      })
      let buffer = ''
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString()
        const parts = buffer.split('\n')
        buffer = parts.pop() ?? ''
        lines.push(...parts.filter((l) => l !== ''))
      })
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
      return { child, lines, exited, stderr: () => err }
    }
    const waitFor = async (cond: () => boolean, ms: number) => {
      const until = Date.now() + ms
      while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      return cond()
    }
    const churn = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await pushPrice(debt().debtPriceFeed!, 100_000_000n)
        await new Promise((r) => setTimeout(r, 150))
      }
    }
    let first: ReturnType<typeof start> | undefined
    let second: ReturnType<typeof start> | undefined
    try {
      first = start()
      // the first pass opens the two health-factor alerts; then blocks keep coming
      expect(
        await waitFor(() => first!.lines.filter((l) => l.includes('"raise"')).length >= 2, 120_000),
      ).toBe(true)
      await churn(6)
      first.child.kill('SIGKILL')
      expect(await first.exited).toBe(null)
      await churn(4) // blocks mined while the monitor is dead
      second = start()
      const head = await net.debt.publicClient.getBlockNumber()
      // once it runs, let it catch up for a few passes, then stop it cleanly (Ctrl-C)
      expect(await waitFor(() => second!.stderr().includes('monitoring every'), 120_000)).toBe(true)
      await new Promise((r) => setTimeout(r, 3_000))
      second.child.kill('SIGINT')
      expect(await second.exited).toBe(130)
      const stored = await openDatabase(join(dir, 'db'))
      try {
        const r = repositories(stored)
        for (const chain of ['home', 'debt']) {
          const blocks = await r.blocks.list(chain)
          expect(blocks.length).toBeGreaterThan(0)
          for (let i = 1; i < blocks.length; i++)
            expect(blocks[i]!.number, `${chain} block ${i}`).toBe(blocks[i - 1]!.number + 1n)
          const cursor = await r.cursors.get(chain)
          expect(cursor?.number).toBe(blocks.at(-1)!.number)
        }
        // it caught up past the blocks mined while it was dead
        expect((await r.cursors.get('debt'))!.number).toBeGreaterThanOrEqual(head)
        const snapshots = await r.snapshots.list('debt', 'positionManager')
        const blockHashes = new Map((await r.blocks.list('debt')).map((b) => [b.number, b.hash]))
        expect(snapshots.length).toBeGreaterThan(0)
        for (const s of snapshots) expect(blockHashes.get(s.block), `snapshot ${s.block}`).toBe(s.blockHash)
        expect(snapshots.at(-1)!.block).toBe((await r.cursors.get('debt'))!.number)
        // the alerts open across the kill were raised once: none raised again after the restart
        const history = await r.alerts.history()
        const hf = history.filter((a) => a.kind === 'health-factor')
        expect(hf.map((a) => a.resolvedTime)).toEqual([null, null])
        const raisedAgain = second.lines.filter((l) => l.includes('"raise"') && l.includes('health-factor'))
        expect(raisedAgain).toEqual([])
        const openKeys = (await r.alerts.open()).map((a) => a.key)
        expect(new Set(openKeys).size).toBe(openKeys.length)
      } finally {
        await stored.close()
      }
    } finally {
      for (const p of [first, second])
        if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
