import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../src/app/devnet/deploy.js'
import { manifestJsonSchema, readManifest } from '../../src/app/devnet/manifest.js'
import { isAlive } from '../../src/io/chain/anvil.js'
import { chainClients, devAccount, write } from '../../src/io/chain/clients.js'
import { compileContracts } from '../../src/io/chain/compile.js'
import { readReceiveUlnConfig } from '../../src/io/chain/layerzero.js'

const run = promisify(execFile)
const bin = join(import.meta.dirname, '../../bin/xcollat.js')
const dir = mkdtempSync(join(tmpdir(), 'xcollat-devnet-'))

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

afterAll(async () => {
  // Whatever happened above, stop what `up` started.
  try {
    await cli('devnet', 'down', '--dir', dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('xcollat devnet up / relay / status / down', () => {
  it('starts the devnet in the background, relays a lock with `relay --once`, and stops exactly its processes', async () => {
    const up = await cli('devnet', 'up', '--dir', dir, '--no-relayer')
    expect(up.code, up.stderr).toBe(0)
    expect(up.stdout).toContain('devnet ready')
    const m = readManifest(join(dir, 'manifest.json'))
    expect(m.status).toBe('ready')
    for (const pid of [m.pid, m.chains.home.pid, m.chains.debt.pid]) expect(isAlive(pid)).toBe(true)

    const status = await cli('devnet', 'status', '--dir', dir)
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(/home .*alive/)

    // A lock on the home chain, then one relay pass credits it on the debt chain.
    const c = compileContracts().contracts
    const home = chainClients({ rpcUrl: m.chains.home.rpcUrl, chainId: m.chains.home.chainId, name: 'home' })
    const user = devAccount(ROLES.user)
    const token = m.chains.home.contracts.collateralToken as `0x${string}`
    const vault = m.chains.home.contracts.vault as `0x${string}`
    await write(home, user, {
      address: token,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [user.address, 10n ** 18n],
    })
    await write(home, user, {
      address: token,
      abi: c.TestToken!.abi,
      functionName: 'approve',
      args: [vault, 10n ** 18n],
    })
    await write(home, user, {
      address: vault,
      abi: c.CollateralVault!.abi,
      functionName: 'lock',
      args: [10n ** 18n],
    })
    const relay = await cli('relay', '--manifest', join(dir, 'manifest.json'), '--once')
    expect(relay.code, relay.stderr).toBe(0)
    expect(relay.stdout).toMatch(/packet 30001→30002 nonce 1: delivered/)

    // The Aave v3 market lists the OFT as collateral.
    expect(m.aave?.reserves.rsETH?.asset).toBe(m.oft.oft)
    expect(m.aave?.reserves.rsETH?.ltv).toBe(7_250)
    // The monitor's knobs: the OFT route's DVNs 2 → 1, a feed post, the sequencer down.
    expect(m.oapps.rsEthOft?.dvns?.required).toHaveLength(2)
    const dvn = await cli('devnet', 'dvn', '--dir', dir, '--oapp', 'rsEthOft', '--required', '1')
    expect(dvn.code, dvn.stderr).toBe(0)
    expect(dvn.stdout).toMatch(/before {2}2 required/)
    expect(dvn.stdout).toMatch(/after {3}1 required/)
    const m2 = readManifest(join(dir, 'manifest.json'))
    expect(m2.oapps.rsEthOft?.dvns?.required).toEqual([m2.dvns.routeKeys[0]?.address])
    const effective = await readReceiveUlnConfig(
      chainClients({ rpcUrl: m.chains.debt.rpcUrl, chainId: m.chains.debt.chainId, name: 'debt' })
        .publicClient,
      {
        endpoint: m.chains.debt.endpoint as `0x${string}`,
        receiveLib: m.chains.debt.receiveLib as `0x${string}`,
        oapp: m.oft.oft as `0x${string}`,
        remoteEid: m.chains.home.eid,
      },
    )
    expect(effective.requiredDVNs).toEqual([m2.dvns.routeKeys[0]?.address])
    const bad = await cli('devnet', 'dvn', '--dir', dir, '--oapp', 'nope', '--required', '1')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--oapp')
    const quiet = await cli('devnet', 'feed', '--dir', dir, '--feed', 'rsEth', '--price', '2101')
    expect(quiet.stdout).toContain('not posted')
    const moved = await cli('devnet', 'feed', '--dir', dir, '--feed', 'rsEth', '--price', '2050')
    expect(moved.stdout).toMatch(/posted 2050 as round 2 \(deviation\)/)
    const seq = await cli('devnet', 'sequencer', '--dir', dir, '--status', 'down')
    expect(seq.stdout).toMatch(/sequencer down since \d+/)

    const down = await cli('devnet', 'down', '--dir', dir)
    expect(down.code).toBe(0)
    for (const pid of [m.pid, m.chains.home.pid, m.chains.debt.pid]) expect(isAlive(pid)).toBe(false)
    const stopped = readManifest(join(dir, 'manifest.json'))
    expect(stopped.status).toBe('stopped')
    expect(stopped.oapps.rsEthOft?.dvns?.required).toHaveLength(1) // the live change survives shutdown
    expect((await cli('devnet', 'status', '--dir', dir)).code).toBe(1)
  }, 240_000) // a dozen CLI processes and a devnet with the Aave market: minutes on a loaded machine

  it('refuses a manifest that is not one, with one line and exit 2', async () => {
    const bad = join(dir, 'bad.json')
    const r = await cli('relay', '--manifest', bad, '--once')
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('XC_MANIFEST')
  })
})

describe('docs/devnet-manifest.schema.json', () => {
  it('is the JSON Schema of the manifest', () => {
    const file = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../docs/devnet-manifest.schema.json'), 'utf8'),
    )
    expect(file).toEqual(manifestJsonSchema())
  })
})
