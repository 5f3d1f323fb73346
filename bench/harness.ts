// The benchmark harness: mitata's sampler (warm-up, outlier-robust percentiles) behind a few
// helpers, so bench files state what they time and print one comparable line each. `onceMs` is
// for what can only happen once per process (a cold compile, a first run, a relay pass that
// consumes its packets): mitata cannot sample it, so it is timed once, here and nowhere else.
import { measure } from 'mitata'

/** Median and spread of a sampled timing, in milliseconds. */
export type Timing = {
  readonly p50: number
  readonly p25: number
  readonly p75: number
  readonly samples: number
}

/** Median and spread of `fn` in milliseconds, sampled by mitata (one warm-up run first). */
export async function timeMs(
  fn: () => unknown,
  options: { readonly minSamples?: number; readonly maxSamples?: number } = {},
): Promise<Timing> {
  const stats = await measure(fn, {
    min_samples: options.minSamples ?? 10,
    max_samples: options.maxSamples ?? 30,
    min_cpu_time: 0,
  })
  const ms = (ns: number) => ns / 1e6
  return { p50: ms(stats.p50), p25: ms(stats.p25), p75: ms(stats.p75), samples: stats.samples.length }
}

/** One timed run of `fn` (awaited when it returns a promise): its value and its milliseconds. */
export async function onceMs<T>(
  fn: () => T | Promise<T>,
): Promise<{ readonly value: T; readonly ms: number }> {
  const t0 = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - t0 }
}

/** Items per second from a count and a timing's median. */
export function perSecond(count: number, t: Pick<Timing, 'p50'>): number {
  return count / (t.p50 / 1000)
}

/** One result line: name, median and interquartile range, and an optional ratio. */
export function line(
  name: string,
  t: { readonly p50: number; readonly p25: number; readonly p75: number },
  ratio?: number,
): string {
  const r = ratio === undefined ? '' : `  ${ratio.toFixed(2)}× node -e 0`
  return `${name.padEnd(34)} ${t.p50.toFixed(1).padStart(8)} ms  [${t.p25.toFixed(1)}, ${t.p75.toFixed(1)}]${r}`
}
