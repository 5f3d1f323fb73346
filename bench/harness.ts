// The benchmark harness: mitata's sampler (warm-up, outlier-robust percentiles) behind two helpers,
// so bench files state what they time and print one comparable line each.
import { measure } from 'mitata'

/** Median and spread of `fn` in milliseconds, sampled by mitata. */
export async function timeMs(
  fn: () => unknown,
  options: { readonly minSamples?: number; readonly maxSamples?: number } = {},
): Promise<{ readonly p50: number; readonly p25: number; readonly p75: number; readonly samples: number }> {
  const stats = await measure(fn, {
    min_samples: options.minSamples ?? 10,
    max_samples: options.maxSamples ?? 30,
    min_cpu_time: 0,
  })
  const ms = (ns: number) => ns / 1e6
  return { p50: ms(stats.p50), p25: ms(stats.p25), p75: ms(stats.p75), samples: stats.samples.length }
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
