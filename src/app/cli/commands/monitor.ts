import { dirname, join } from 'node:path'
import type { Command } from 'commander'
import { DEFAULT_MONITOR_CONFIG } from '../../../core/monitor/reducer.js'
import type { Alert, Effect } from '../../../core/monitor/types.js'
import { readManifest } from '../../devnet/manifest.js'
import { commandAction } from '../context.js'
import { BadOptionError, formatOption, numberOption } from '../options.js'

type MonitorOptions = {
  manifest: string
  db?: string
  interval: number
  once: boolean
  rpc: string[]
  heartbeat: number
  grace: number
  format: 'text' | 'json'
}

function collectRpc(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseRpc(list: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const entry of list) {
    const i = entry.indexOf('=')
    if (i <= 0 || !/^https?:\/\//.test(entry.slice(i + 1)))
      throw new BadOptionError('--rpc', 'CHAIN=URL (an http:// or https:// URL)', entry)
    const chain = entry.slice(0, i)
    out[chain] = [...(out[chain] ?? []), entry.slice(i + 1)]
  }
  return out
}

function alertLine(e: Extract<Effect, { alert: Alert }>): string {
  const a = e.alert
  return JSON.stringify(
    {
      event: e.type,
      key: a.key,
      kind: a.kind,
      severity: a.severity,
      chain: a.chain,
      message: a.message,
      details: a.details,
    },
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  )
}

/**
 * Registers `xcollat monitor --manifest FILE [--db URL|DIR] [--interval S] [--once]`: watches a
 * devnet (health factors, oracles, sequencer, DVN configs, the backing invariant, RPC liveness)
 * and persists blocks, snapshots and alerts. `--once` makes one pass and exits 1 when a critical
 * alert is open; otherwise it prints alert events as NDJSON until Ctrl-C.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat monitor --manifest .devnet/manifest.json --once --format json
 * ```
 */
export function register(program: Command): void {
  program
    .command('monitor')
    .description(
      'Watch a devnet: health factors, oracles, DVN configs, backing; alerts persisted in PGlite or PostgreSQL',
    )
    .requiredOption('--manifest <file>', 'the manifest written by `xcollat devnet up`')
    .option(
      '--db <url|dir>',
      'postgres://… URL, or a folder for the embedded PGlite database (default: beside the manifest)',
    )
    .addOption(
      numberOption('--interval <seconds>', 'seconds between passes', { min: 0.05, max: 86_400, default: 5 }),
    )
    .option('--once', 'make one pass; exit 1 when a critical alert is open', false)
    .option('--rpc <chain=url>', 'a fallback RPC URL for a chain (repeatable)', collectRpc, [])
    .addOption(
      numberOption('--heartbeat <seconds>', "a feed's heartbeat when the feed does not publish one", {
        min: 1,
        max: 1e9,
        integer: true,
        default: 3_600,
      }),
    )
    .addOption(
      numberOption('--grace <seconds>', 'the sequencer grace period after it comes back', {
        min: 0,
        max: 1e9,
        integer: true,
        default: 3_600,
      }),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: MonitorOptions) => {
        const manifest = readManifest(o.manifest)
        ctx.addInput('manifest', o.manifest)
        const { targetsFromManifest } = await import('../../monitor/targets.js')
        const { createMonitor } = await import('../../monitor/monitor.js')
        const { openDatabase } = await import('../../../io/db/database.js')
        const target = o.db ?? join(dirname(o.manifest), 'monitor-db')
        const db = await openDatabase(target)
        const intervalMs = Math.round(o.interval * 1000)
        try {
          const monitor = await createMonitor({
            targets: targetsFromManifest(manifest, parseRpc(o.rpc)),
            db,
            config: { ...DEFAULT_MONITOR_CONFIG, staleAfterMs: intervalMs },
            now: Date.now,
            heartbeatSeconds: BigInt(o.heartbeat),
            gracePeriodSeconds: BigInt(o.grace),
            timeoutMs: Math.max(200, Math.min(5_000, Math.floor(intervalMs * 0.8))),
            onAlert: o.once ? undefined : (e) => process.stdout.write(`${alertLine(e)}\n`),
          })
          const options = { db: db.location, interval: o.interval, once: o.once }
          if (o.once) {
            const r = await monitor.pass()
            const critical = r.openAlerts.some((a) => a.severity === 'critical')
            const result = {
              heads: r.heads,
              openAlerts: r.openAlerts,
              snapshots: r.snapshots.map((s) => ({ ...s, positions: s.positions.length })),
            }
            if (o.format === 'json') await ctx.writeEnvelope(undefined, { result, options })
            else {
              const lines = [
                `pass at ${
                  Object.entries(r.heads)
                    .map(([c, n]) => `${c} #${n}`)
                    .join(', ') || 'no block'
                }`,
                ...r.snapshots.map(
                  (s) =>
                    `${s.market}: ${s.positions.length} positions; critical ${s.bands.critical}, danger ${s.bands.danger}, warning ${s.bands.warning}; liquidatable ${s.liquidatable.length}`,
                ),
                ...(r.openAlerts.length === 0
                  ? ['no open alert']
                  : r.openAlerts.map((a) => `${a.severity}: ${a.message}`)),
              ]
              await ctx.writeOutput(undefined, `${lines.join('\n')}\n`)
            }
            return critical ? 1 : 0
          }
          process.stderr.write(`monitoring every ${o.interval} s (database ${db.location}); Ctrl-C to stop\n`)
          const signal = ctx.signal
          while (!signal.aborted) {
            const started = Date.now()
            await monitor.pass()
            const wait = Math.max(0, intervalMs - (Date.now() - started))
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, wait)
              signal.addEventListener('abort', () => {
                clearTimeout(t)
                resolve()
              })
            })
          }
          return 0
        } finally {
          await db.close()
        }
      }),
    )
}
