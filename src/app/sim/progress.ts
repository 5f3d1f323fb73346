/**
 * A one-line progress bar on a terminal (stderr), redrawn at most every 100 ms; nothing at all
 * when the stream is not a TTY (pipes and CI logs stay clean).
 *
 * @example
 * ```ts
 * const bar = progressBar(process.stderr, 10_000)
 * bar.update(2500) // [#######                     ]  25 %  2500/10000 paths
 * bar.finish()
 * ```
 */
export function progressBar(
  stream: NodeJS.WriteStream,
  total: number,
  now: () => number = () => Date.now(),
): { update(done: number): void; finish(): void } {
  if (!stream.isTTY) return { update() {}, finish() {} }
  let last = 0
  const width = 28
  const draw = (done: number) => {
    const f = total > 0 ? Math.min(1, done / total) : 1
    const filled = Math.round(f * width)
    stream.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)} %  ${done}/${total} paths`,
    )
  }
  return {
    update(done: number) {
      const t = now()
      if (t - last < 100 && done < total) return
      last = t
      draw(done)
    },
    finish() {
      stream.write('\r\x1b[2K')
    },
  }
}
