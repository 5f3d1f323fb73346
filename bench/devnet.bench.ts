// Devnet and relayer timings: solc-js compile cold (empty cache folder) and warm (cache hit);
// `startDevnet` (two anvil chains + the whole deployment) with a warm cache; relayer throughput:
// N locks on the home chain, then one relay pass (read PacketSent, DVN verify, commit,
// lzReceive), in delivered messages per second, with 1 and with 3 DVN keys signing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from 'viem'
import { ROLES } from '../src/app/devnet/deploy.js'
import { startDevnet } from '../src/app/devnet/devnet.js'
import { devAccount, write } from '../src/io/chain/clients.js'
import { compileContracts } from '../src/io/chain/compile.js'

const MESSAGES = Number(process.env.XCOLLAT_BENCH_MESSAGES ?? 50)

function time<T>(f: () => T): [T, number] {
  const t = performance.now()
  const r = f()
  return [r, performance.now() - t]
}

const cold = mkdtempSync(join(tmpdir(), 'xcollat-solc-'))
process.env.XCOLLAT_BUILD_DIR = cold
const [, coldMs] = time(() => compileContracts())
const [, warmMs] = time(() => compileContracts())
rmSync(cold, { recursive: true, force: true })
delete process.env.XCOLLAT_BUILD_DIR
compileContracts() // the package cache, for what follows
console.info(`compile: cold ${(coldMs / 1000).toFixed(1)} s, warm ${warmMs.toFixed(0)} ms`)

for (const dvns of [
  { required: 1, optional: 0, threshold: 0 },
  { required: 1, optional: 2, threshold: 2 },
]) {
  const t0 = performance.now()
  const net = await startDevnet({ design: 'reference', dvns })
  const upMs = performance.now() - t0
  try {
    const user = devAccount(ROLES.user)
    const c = net.compiled.contracts
    const { vault, collateralToken } = net.deployment.home.contracts as Record<string, Address>
    await write(net.home, user, {
      address: collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [user.address, 10n ** 24n],
    })
    await write(net.home, user, {
      address: collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'approve',
      args: [vault!, 10n ** 24n],
    })
    for (let i = 0; i < MESSAGES; i++)
      await write(net.home, user, {
        address: vault!,
        abi: c.CollateralVault!.abi,
        functionName: 'lock',
        args: [10n ** 18n],
      })
    const t1 = performance.now()
    const deliveries = await net.relayer.relayOnce()
    const s = (performance.now() - t1) / 1000
    const ok = deliveries.filter((d) => d.status === 'delivered').length
    const signers = dvns.required + dvns.threshold
    console.info(
      `devnet up (warm cache): ${(upMs / 1000).toFixed(2)} s; relay ${ok}/${MESSAGES} messages with ${signers} DVN key(s): ${(ok / s).toFixed(1)} msg/s delivered and verified (${((s * 1000) / ok).toFixed(0)} ms each)`,
    )
  } finally {
    await net.stop()
  }
}
