import type { TrustProgress } from '../../core/assess/bridgeTrust.js'

/** Where {@link trustProgressLine} writes: stderr, or a stand-in in tests. */
export type ProgressStream = { readonly isTTY?: boolean | undefined; write(text: string): unknown }

/**
 * A progress line on stderr for long trust work (a composition of many verifier sets sharing
 * tags): nothing during the first second of a bridge's work, then
 * `trust: BRIDGE  done/total shared-tag states` — redrawn in place at most every 250 ms on a
 * terminal, one line at most every 2 s elsewhere (logs stay short) — and the final count once
 * the bridge is done, if anything was shown.
 *
 * @example
 * ```ts
 * const report = assess(registry, { onTrustProgress: trustProgressLine(process.stderr) })
 * ```
 */
export function trustProgressLine(
  stream: ProgressStream,
  now: () => number = () => Date.now(),
): TrustProgress {
  const tty = stream.isTTY === true
  let current = ''
  let started = 0
  let last = Number.NEGATIVE_INFINITY
  let shown = false
  const text = (bridge: string, done: number, total: number) =>
    `trust: ${bridge}  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} shared-tag states`
  return (bridge, done, total) => {
    const t = now()
    if (bridge !== current) {
      current = bridge
      started = t
      last = Number.NEGATIVE_INFINITY
      shown = false
    }
    if (done >= total) {
      if (shown)
        stream.write(tty ? `\r\u001b[2K${text(bridge, done, total)}\n` : `${text(bridge, done, total)}\n`)
      shown = false
      return
    }
    if (t - started < 1000 || t - last < (tty ? 250 : 2000)) return
    last = t
    shown = true
    stream.write(tty ? `\r\u001b[2K${text(bridge, done, total)}` : `${text(bridge, done, total)}\n`)
  }
}
