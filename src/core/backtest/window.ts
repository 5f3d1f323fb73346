import { XcollatError } from '../errors.js'
import type { PriceHistory } from './rolling.js'

/**
 * A price series covers too little of the window it is replayed over. Code `XC_SERIES_COVERAGE`.
 *
 * @example
 * ```ts
 * throw new SeriesCoverageError('eth.csv', 0.02, 0.9, '2020-03-01 → 2020-04-01')
 * ```
 */
export class SeriesCoverageError extends XcollatError {
  override name = 'SeriesCoverageError'
  constructor(what: string, coverage: number, minimum: number, window: string) {
    super(
      `${what} covers ${(coverage * 100).toFixed(1)} % of the window ${window}, below the ${(minimum * 100).toFixed(0)} % required.`,
      {
        code: 'XC_SERIES_COVERAGE',
        instruction: 'Give a series with a point every step over the whole window (or lower --min-coverage).',
      },
    )
  }
}

/** Result of {@link windowHistory}. */
export type WindowHistoryReturnType = {
  readonly history: PriceHistory & { readonly times: Float64Array; readonly prices: Float64Array }
  /**
   * Share of the window the points cover: 1 − (time not covered) / (window length), where
   * the time from a point to the next counts as covered up to 1.5 steps, and the edges of the
   * window count from/to the nearest point likewise.
   */
  readonly coverage: number
  readonly points: number
}

/**
 * Cuts a history to [from, to] and measures its coverage at the nominal `stepSeconds`.
 *
 * @example
 * ```ts
 * windowHistory({ times: [0, 3600, 7200, 90_000], prices: [1, 1, 1, 1] }, 0, 86_400, 3600).coverage // ≈ 0.125
 * ```
 */
export function windowHistory(
  history: PriceHistory,
  from: number,
  to: number,
  stepSeconds: number,
): WindowHistoryReturnType {
  const { times, prices, lows } = history
  let a = 0
  while (a < times.length && (times[a] as number) < from) a++
  let b = a
  while (b < times.length && (times[b] as number) <= to) b++
  const t = Float64Array.from({ length: b - a }, (_, i) => times[a + i] as number)
  const p = Float64Array.from({ length: b - a }, (_, i) => prices[a + i] as number)
  const l =
    lows === undefined ? undefined : Float64Array.from({ length: b - a }, (_, i) => lows[a + i] as number)
  const span = to - from
  let covered = 0
  const allow = 1.5 * stepSeconds
  if (t.length > 0 && span > 0) {
    covered += Math.min(allow, (t[0] as number) - from) + Math.min(allow, to - (t[t.length - 1] as number))
    for (let i = 1; i < t.length; i++) covered += Math.min(allow, (t[i] as number) - (t[i - 1] as number))
  }
  const coverage = span <= 0 ? (t.length > 0 ? 1 : 0) : Math.min(1, covered / span)
  return {
    history: l === undefined ? { times: t, prices: p } : { times: t, prices: p, lows: l },
    coverage,
    points: t.length,
  }
}

/**
 * Overlays published key points (time, price) on a history: each is inserted at its time, and
 * where the history already has that time its low becomes the smaller of the two, so coarser
 * data never makes a published scenario milder. Returns the history and how many points
 * changed it (inserted or lowered).
 *
 * @example
 * ```ts
 * overlayPoints({ times: [0, 86_400], prices: [1, 0.97] }, [{ time: 40_000, price: 0.88 }]).history.prices
 * // Float64Array [1, 0.88, 0.97]
 * ```
 */
export function overlayPoints(
  history: PriceHistory,
  points: ReadonlyArray<{ readonly time: number; readonly price: number }>,
): { readonly history: PriceHistory; readonly changed: number } {
  const rows: Array<{ t: number; p: number; l: number }> = []
  for (let i = 0; i < history.times.length; i++)
    rows.push({
      t: history.times[i] as number,
      p: history.prices[i] as number,
      l: (history.lows ?? history.prices)[i] as number,
    })
  const first = rows[0]?.t ?? Number.POSITIVE_INFINITY
  const last = rows[rows.length - 1]?.t ?? Number.NEGATIVE_INFINITY
  let changed = 0
  for (const k of points) {
    if (k.time < first || k.time > last) continue
    const same = rows.find((r) => r.t === k.time)
    if (same !== undefined) {
      if (k.price < same.l) {
        same.l = k.price
        changed++
      }
    } else {
      rows.push({ t: k.time, p: k.price, l: k.price })
      changed++
    }
  }
  rows.sort((x, y) => x.t - y.t)
  return {
    history: {
      times: Float64Array.from(rows, (r) => r.t),
      prices: Float64Array.from(rows, (r) => r.p),
      lows: Float64Array.from(rows, (r) => Math.min(r.l, r.p)),
    },
    changed,
  }
}
