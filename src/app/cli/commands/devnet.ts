import type { Command } from 'commander'
import { isAlive } from '../../../io/chain/anvil.js'
import type { DvnSetup } from '../../devnet/deploy.js'
import { readManifest } from '../../devnet/manifest.js'
import { ON_CHAIN_SCENARIOS, replayOnChain } from '../../devnet/replay.js'
import { devnetDown, devnetUp, manifestPath, serveDevnet } from '../../devnet/serve.js'
import { commandAction } from '../context.js'
import { BadOptionError, choiceOption, formatOption, seedOption } from '../options.js'

type Format = { format: 'text' | 'json' }
type UpOptions = { dir: string; design: 'reference' | 'naive'; dvns: DvnSetup; relayer: boolean } & Format

/**
 * Parses `--dvns R,O,T`: required DVNs, optional DVNs, optional threshold.
 *
 * @example
 * ```ts
 * parseDvns('1,2,1') // { required: 1, optional: 2, threshold: 1 }
 * ```
 */
export function parseDvns(text: string): DvnSetup {
  const m = /^(\d+),(\d+),(\d+)$/.exec(text.trim())
  const bad = () =>
    new BadOptionError('--dvns', 'R,O,T with 1 ≤ R + O ≤ 8 and T ≤ O (required, optional, threshold)', text)
  if (!m) throw bad()
  const [required, optional, threshold] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (
    required + optional < 1 ||
    required + optional > 8 ||
    threshold > optional ||
    (optional > 0 && threshold < 1 && required === 0)
  )
    throw bad()
  return { required, optional, threshold }
}

function upOptions(cmd: Command): Command {
  return cmd
    .option('--dir <dir>', 'folder for the manifest and the log', '.devnet')
    .addOption(
      choiceOption(
        '--design <design>',
        'protocol design of the contracts',
        ['reference', 'naive'],
        'reference',
      ),
    )
    .option('--dvns <R,O,T>', 'required DVNs, optional DVNs, optional threshold', parseDvns, {
      required: 1,
      optional: 0,
      threshold: 0,
    })
    .option('--no-relayer', 'do not relay in the devnet process (use `xcollat relay`)')
}

/**
 * Registers `xcollat devnet up|status|down`: a two-chain anvil devnet with the contracts on the
 * real LayerZero V2 endpoint and an in-process relayer, described by DIR/manifest.json.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat devnet up --dir .devnet && xcollat devnet down --dir .devnet
 * ```
 */
export function register(program: Command): void {
  const devnet = program
    .command('devnet')
    .description('A local two-chain devnet over the real LayerZero V2 contracts')

  upOptions(
    devnet
      .command('up')
      .description('Start two anvil chains, deploy, relay in the background; write DIR/manifest.json'),
  )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: UpOptions) => {
        const t0 = performance.now()
        const { manifest, manifestFile, logFile } = await devnetUp(o)
        const ms = Math.round(performance.now() - t0)
        if (o.format === 'json') {
          await ctx.writeEnvelope(undefined, {
            result: { readyMs: ms, manifestFile, logFile, manifest },
            options: { dir: o.dir, design: o.design, dvns: o.dvns, relayer: o.relayer },
          })
          return 0
        }
        const h = manifest.chains.home
        const d = manifest.chains.debt
        process.stdout.write(
          [
            `devnet ready in ${ms} ms (${manifest.design} design, DVNs ${o.dvns.required} required + ${o.dvns.threshold}-of-${o.dvns.optional} optional, relayer ${manifest.relayer.inProcess ? 'in process' : 'off'})`,
            `  home  chain ${h.chainId} eid ${h.eid}  ${h.rpcUrl}  vault ${h.contracts.vault}`,
            `  debt  chain ${d.chainId} eid ${d.eid}  ${d.rpcUrl}  position manager ${d.contracts.positionManager}`,
            `  manifest ${manifestFile}`,
            `  log      ${logFile}`,
            `stop it with: xcollat devnet down --dir ${o.dir}`,
            '',
          ].join('\n'),
        )
        return 0
      }),
    )

  upOptions(
    devnet.command('serve', { hidden: true }).description('Run a devnet in this process until SIGTERM'),
  ).action(
    commandAction(async (_ctx, o: UpOptions) => {
      await serveDevnet(o)
      return 0
    }),
  )

  devnet
    .command('status')
    .description('Show whether the devnet of DIR runs: processes, chains, block heights')
    .option('--dir <dir>', 'the devnet folder', '.devnet')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: { dir: string } & Format) => {
        const file = manifestPath(o.dir)
        const m = readManifest(file)
        ctx.addInput('manifest', file)
        const lines = [
          `devnet ${m.status} (${m.design} design, started ${m.createdAt}), process ${m.pid} ${isAlive(m.pid) ? 'alive' : 'gone'}`,
        ]
        let down = !isAlive(m.pid)
        const chains: {
          name: string
          chainId: number
          eid: number
          rpcUrl: string
          pid: number
          alive: boolean
          blockNumber: bigint | null
        }[] = []
        for (const c of [m.chains.home, m.chains.debt]) {
          let height = 'no answer'
          let blockNumber: bigint | null = null
          try {
            const res = await fetch(c.rpcUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
            })
            blockNumber = BigInt(((await res.json()) as { result: string }).result)
            height = `block ${blockNumber}`
          } catch {
            down = true
          }
          const { name, chainId, eid, rpcUrl, pid } = c
          chains.push({ name, chainId, eid, rpcUrl, pid, alive: isAlive(pid), blockNumber })
          lines.push(
            `  ${c.name}  chain ${c.chainId} eid ${c.eid}  ${c.rpcUrl}  anvil ${c.pid} ${isAlive(c.pid) ? 'alive' : 'gone'}  ${height}`,
          )
        }
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: {
              running: !down,
              status: m.status,
              design: m.design,
              createdAt: m.createdAt,
              process: { pid: m.pid, alive: isAlive(m.pid) },
              chains,
            },
            options: { dir: o.dir },
          })
        else process.stdout.write(`${lines.join('\n')}\n`)
        return down ? 1 : 0
      }),
    )

  devnet
    .command('down')
    .description('Stop exactly what `devnet up` started (by the pids in DIR/manifest.json)')
    .option('--dir <dir>', 'the devnet folder', '.devnet')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: { dir: string } & Format) => {
        ctx.addInput('manifest', manifestPath(o.dir))
        const { stopped } = await devnetDown(o.dir)
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, { result: { stopped }, options: { dir: o.dir } })
        else process.stdout.write(`${stopped.map((s) => `${s.role} ${s.pid}: ${s.how}`).join('\n')}\n`)
        return 0
      }),
    )
  devnet
    .command('replay')
    .description(
      'Drive a protocol scenario on a fresh devnet and compare it with `xcollat scenario`; exit 1 on any difference',
    )
    .argument('<scenario>', `scenario (${ON_CHAIN_SCENARIOS.join(', ')})`)
    .addOption(
      choiceOption(
        '--design <design>',
        'protocol design of the contracts',
        ['reference', 'naive'],
        'reference',
      ),
    )
    .addOption(seedOption('seed of the engine run', 1n))
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(
        async (ctx, o: { design: 'reference' | 'naive'; seed: bigint } & Format, scenario: string) => {
          const r = await replayOnChain({ scenario, design: o.design, seed: Number(o.seed) })
          if (o.format === 'json') {
            await ctx.writeEnvelope(undefined, {
              seed: o.seed,
              result: r,
              options: { scenario, design: o.design },
            })
            return r.same ? 0 : 1
          }
          const width = Math.max(...r.lines.map((l) => l.figure.length))
          const rows = r.lines.map(
            (l) => `  ${l.same ? ' ' : '≠'} ${l.figure.padEnd(width)}  engine ${l.engine}  chain ${l.chain}`,
          )
          process.stdout.write(
            `${[`devnet replay ${r.scenario} (${r.design} design, seed ${r.seed}): ${r.same ? 'chain and engine agree' : 'DIFFERENT'}`, ...rows].join('\n')}\n`,
          )
          return r.same ? 0 : 1
        },
      ),
    )
}
