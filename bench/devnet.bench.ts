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
import { onceMs, timeMs } from './harness.js'

const MESSAGES = Number(process.env.XCOLLAT_BENCH_MESSAGES ?? 50)

const cold = mkdtempSync(join(tmpdir(), 'xcollat-solc-'))
process.env.XCOLLAT_BUILD_DIR = cold
// cold: once (an empty cache folder); warm: the cache hit, sampled by mitata
const { ms: coldMs } = await onceMs(() => compileContracts())
const warmMs = (await timeMs(() => compileContracts(), { minSamples: 5, maxSamples: 5 })).p50
rmSync(cold, { recursive: true, force: true })
delete process.env.XCOLLAT_BUILD_DIR
compileContracts() // the package cache, for what follows
console.info(`compile: cold ${(coldMs / 1000).toFixed(1)} s, warm ${warmMs.toFixed(0)} ms`)

for (const dvns of [
  { required: 1, optional: 0, threshold: 0 },
  { required: 1, optional: 2, threshold: 2 },
]) {
  // once per DVN setup: each start spawns two chains
  const { value: net, ms: upMs } = await onceMs(() => startDevnet({ design: 'reference', dvns }))
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
    // once: a relay pass consumes the packets it delivers
    const { value: deliveries, ms: relayMs } = await onceMs(() => net.relayer.relayOnce())
    const s = relayMs / 1000
    const ok = deliveries.filter((d) => d.status === 'delivered').length
    const signers = dvns.required + dvns.threshold
    console.info(
      `devnet up (warm cache): ${(upMs / 1000).toFixed(2)} s; relay ${ok}/${MESSAGES} messages with ${signers} DVN key(s): ${(ok / s).toFixed(1)} msg/s delivered and verified (${((s * 1000) / ok).toFixed(0)} ms each)`,
    )
  } finally {
    await net.stop()
  }
}
