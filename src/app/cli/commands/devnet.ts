import type { Command } from 'commander'
import { parseUnits } from '../../../core/units/decimal.js'
import { isAlive } from '../../../io/chain/anvil.js'
import type { UlnConfig } from '../../../io/chain/layerzero.js'
import type { DvnSetup } from '../../devnet/deploy.js'
import { readManifest } from '../../devnet/manifest.js'
import { pushFeed, setOAppDvns, setSequencer } from '../../devnet/operate.js'
import { ON_CHAIN_SCENARIOS, replayOnChain } from '../../devnet/replay.js'
import { devnetDown, devnetUp, manifestPath, serveDevnet } from '../../devnet/serve.js'
import { commandAction } from '../context.js'
import { BadOptionError, choiceOption, formatOption, numberOption, seedOption } from '../options.js'

type Format = { format: 'text' | 'json' }
type UpOptions = {
  dir: string
  design: 'reference' | 'naive'
  dvns: DvnSetup
  relayer: boolean
  oftDvns: number
} & Format

function dvnList(c: UlnConfig): string {
  const req = c.requiredDVNCount === 255 ? 0 : c.requiredDVNCount
  const opt = c.optionalDVNCount === 255 ? 0 : c.optionalDVNCount
  return `${req} required${opt > 0 ? ` + ${c.optionalDVNThreshold}-of-${opt} optional` : ''} [${[...c.requiredDVNs, ...c.optionalDVNs].join(', ')}]`
}

const ulnJson = (c: UlnConfig) => ({ ...c, confirmations: String(c.confirmations) })

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
    .addOption(
      numberOption('--oft-dvns <n>', 'DVN keys the rsETH-like OFT route requires (KelpDAO config: 1)', {
        min: 1,
        max: 8,
        integer: true,
        default: 2,
      }),
    )
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
            options: { dir: o.dir, design: o.design, dvns: o.dvns, relayer: o.relayer, oftDvns: o.oftDvns },
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
            `  ${manifest.oft.symbol} OFT route  adapter ${manifest.oft.adapter} (home)  OFT ${manifest.oft.oft} (debt), ${o.oftDvns} required DVN(s)`,
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
    .command('dvn')
    .description("Change an OApp's own receive-side DVN set (EndpointV2.setConfig, ULN config type 2)")
    .option('--dir <dir>', 'the devnet folder', '.devnet')
    .requiredOption('--oapp <name>', 'vault, positionManager, rsEthAdapter or rsEthOft')
    .addOption(
      numberOption('--required <n>', 'required DVN keys (the first n of the route pool)', {
        min: 0,
        max: 8,
        integer: true,
      }).makeOptionMandatory(),
    )
    .addOption(
      numberOption('--optional <n>', 'optional DVN keys after them', {
        min: 0,
        max: 8,
        integer: true,
        default: 0,
      }),
    )
    .addOption(
      numberOption('--threshold <n>', 'how many optional DVNs must verify', {
        min: 0,
        max: 8,
        integer: true,
      }),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(
        async (
          ctx,
          o: { dir: string; oapp: string; required: number; optional: number; threshold?: number } & Format,
        ) => {
          ctx.addInput('manifest', manifestPath(o.dir))
          const r = await setOAppDvns({
            dir: o.dir,
            oapp: o.oapp,
            required: o.required,
            optional: o.optional,
            threshold: o.threshold,
          })
          if (o.format === 'json')
            await ctx.writeEnvelope(undefined, {
              result: { ...r, before: ulnJson(r.before), after: ulnJson(r.after) },
              options: { dir: o.dir, oapp: o.oapp, required: o.required, optional: o.optional },
            })
          else
            process.stdout.write(
              `${[
                `${r.oapp} (${r.chain} ${r.address}) receive-side DVNs, effective (EndpointV2.getConfig):`,
                `  before  ${dvnList(r.before)}`,
                `  after   ${dvnList(r.after)}`,
              ].join('\n')}\n`,
            )
          return 0
        },
      ),
    )

  devnet
    .command('feed')
    .description("Offer a price to a feed's pusher (posted on deviation or heartbeat), or post it outright")
    .option('--dir <dir>', 'the devnet folder', '.devnet')
    .requiredOption('--feed <name>', 'weth, usdc or rsEth')
    .requiredOption('--price <usd>', 'the price in USD, e.g. 2050.5')
    .option('--force', 'post even if neither the deviation nor the heartbeat rule calls for it')
    .addOption(
      numberOption('--age <seconds>', 'post it as of this many seconds ago (a stale round, admin call)', {
        min: 0,
        max: 1e9,
        integer: true,
      }),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(
        async (
          ctx,
          o: { dir: string; feed: string; price: string; force?: boolean; age?: number } & Format,
        ) => {
          ctx.addInput('manifest', manifestPath(o.dir))
          let answer: bigint
          try {
            answer = parseUnits(o.price, 8)
          } catch {
            throw new BadOptionError('--price', 'a USD price with at most 8 decimals', o.price)
          }
          const r = await pushFeed({ dir: o.dir, feed: o.feed, answer, force: o.force, ageSeconds: o.age })
          if (o.format === 'json')
            await ctx.writeEnvelope(undefined, {
              result: {
                ...r,
                answer: String(answer),
                roundId: String(r.roundId),
                updatedAt: String(r.updatedAt),
              },
              options: { dir: o.dir, feed: o.feed, price: o.price },
            })
          else
            process.stdout.write(
              r.pushed
                ? `${o.feed}: posted ${o.price} as round ${r.roundId}${r.reason ? ` (${r.reason})` : o.age !== undefined ? ` updatedAt ${r.updatedAt}` : ' (forced)'}\n`
                : `${o.feed}: not posted (within the deviation threshold and the heartbeat); round ${r.roundId} stands\n`,
            )
          return 0
        },
      ),
    )

  devnet
    .command('sequencer')
    .description('Set the L2 sequencer uptime feed down or up')
    .option('--dir <dir>', 'the devnet folder', '.devnet')
    .addOption(
      choiceOption('--status <status>', 'the sequencer status', ['up', 'down']).makeOptionMandatory(),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: { dir: string; status: 'up' | 'down' } & Format) => {
        ctx.addInput('manifest', manifestPath(o.dir))
        const r = await setSequencer({ dir: o.dir, down: o.status === 'down' })
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { down: r.answer === 1n, answer: String(r.answer), startedAt: String(r.startedAt) },
            options: { dir: o.dir, status: o.status },
          })
        else process.stdout.write(`sequencer ${r.answer === 1n ? 'down' : 'up'} since ${r.startedAt}\n`)
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
