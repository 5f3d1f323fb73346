import type { Command } from 'commander'
import { chainClients } from '../../../io/chain/clients.js'
import { compileContracts } from '../../../io/chain/compile.js'
import type { Delivery, RelayerFaults } from '../../../io/chain/relayer.js'
import type { DevnetDeployment } from '../../devnet/deploy.js'
import { createRelayer } from '../../devnet/devnet.js'
import { type Manifest, readManifest } from '../../devnet/manifest.js'
import { commandAction } from '../context.js'
import { formatOption, numberOption } from '../options.js'

type RelayOptions = {
  manifest: string
  latency: number
  dropEvery?: number
  duplicateEvery?: number
  reorder: boolean
  halt: boolean
  signers?: number
  once: boolean
  interval: number
  format: 'text' | 'json'
}

function deploymentOf(m: Manifest): Pick<DevnetDeployment, 'home' | 'debt' | 'dvns'> {
  const chain = (c: Manifest['chains']['home']) => ({
    eid: c.eid,
    chainId: c.chainId,
    endpoint: c.endpoint as `0x${string}`,
    sendLib: c.sendLib as `0x${string}`,
    receiveLib: c.receiveLib as `0x${string}`,
    worker: c.worker as `0x${string}`,
    riskEngine: c.riskEngine as `0x${string}`,
    contracts: c.contracts as Record<string, `0x${string}`>,
  })
  return {
    home: chain(m.chains.home),
    debt: chain(m.chains.debt),
    dvns: { required: m.dvns.required, optional: m.dvns.optional, threshold: m.dvns.threshold },
  }
}

function line(d: Delivery): string {
  const p = d.packet
  const what = `${p.forged ? 'forged ' : ''}packet ${p.srcEid}→${p.dstEid} nonce ${p.nonce}`
  if (d.status === 'delivered')
    return `${what}: delivered in ${d.latencySeconds}s, verified by ${d.verifiers.length} DVN key(s)`
  if (d.status === 'dropped') return `${what}: dropped`
  return `${what}: failed (${d.error ?? 'reverted'})`
}

/**
 * Registers `xcollat relay --manifest FILE`: relays LayerZero packets between the devnet's
 * chains (PacketSent → each DVN key verifies → commit → lzReceive), with latency and faults.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat relay --manifest .devnet/manifest.json --latency 60 --once
 * ```
 */
export function register(program: Command): void {
  program
    .command('relay')
    .description('Relay LayerZero packets between the devnet chains, with latency and faults')
    .requiredOption('--manifest <file>', 'the manifest written by `xcollat devnet up`')
    .addOption(
      numberOption('--latency <seconds>', 'delay each delivery (simulated on --no-mining chains)', {
        min: 0,
        max: 1e9,
        default: 0,
      }),
    )
    .addOption(
      numberOption('--drop-every <n>', 'drop every n-th packet of each path', {
        min: 1,
        max: 1e9,
        integer: true,
      }),
    )
    .addOption(
      numberOption('--duplicate-every <n>', 'deliver every n-th packet twice (a new nonce, DVN-signed)', {
        min: 1,
        max: 1e9,
        integer: true,
      }),
    )
    .option('--reorder', 'execute each batch in reverse order', false)
    .option('--halt', 'deliver nothing (packets queue)', false)
    .addOption(
      numberOption('--signers <k>', 'how many optional DVN keys sign (default: the threshold)', {
        min: 0,
        max: 8,
        integer: true,
      }),
    )
    .option('--once', 'relay what is pending and exit', false)
    .addOption(
      numberOption('--interval <ms>', 'polling interval', {
        min: 10,
        max: 60_000,
        integer: true,
        default: 200,
      }),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: RelayOptions) => {
        const m = readManifest(o.manifest)
        ctx.addInput('manifest', o.manifest)
        const home = chainClients({
          rpcUrl: m.chains.home.rpcUrl,
          chainId: m.chains.home.chainId,
          name: 'home',
        })
        const debt = chainClients({
          rpcUrl: m.chains.debt.rpcUrl,
          chainId: m.chains.debt.chainId,
          name: 'debt',
        })
        const faults: RelayerFaults = {
          latencySeconds: o.latency,
          ...(o.dropEvery ? { drop: (_p, i) => (i + 1) % (o.dropEvery as number) === 0 } : {}),
          ...(o.duplicateEvery ? { duplicate: (_p, i) => (i + 1) % (o.duplicateEvery as number) === 0 } : {}),
          reorder: o.reorder,
          halted: o.halt,
        }
        const relayer = createRelayer({
          home,
          debt,
          deployment: deploymentOf(m),
          compiled: compileContracts(),
          faults,
          optionalSigners: o.signers,
        })
        // Text prints each delivery as it happens; JSON prints them all in one envelope at the end
        // (after the pending packets with --once, else after Ctrl-C).
        const deliveries: Delivery[] = []
        const pass = async () => {
          for (const d of await relayer.relayOnce()) {
            if (o.format === 'json') deliveries.push(d)
            else process.stdout.write(`${line(d)}\n`)
          }
        }
        if (o.once) await pass()
        else {
          process.stderr.write('relaying; Ctrl-C to stop\n')
          // Ctrl-C ends the loop (exit 130) after the pass under way, so the envelope still prints.
          const { signal } = ctx
          while (!signal.aborted) {
            await pass()
            await new Promise((r) => setTimeout(r, o.interval))
          }
        }
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { deliveries },
            options: {
              once: o.once,
              latencySeconds: o.latency,
              dropEvery: o.dropEvery ?? null,
              duplicateEvery: o.duplicateEvery ?? null,
              reorder: o.reorder,
              halt: o.halt,
              signers: o.signers ?? null,
            },
          })
        return 0
      }),
    )
}
