import { isAbsolute, join } from 'node:path'
import type { HistorySeries } from '../../config/catalog/history.js'
import type { PriceHistory } from '../../core/backtest/rolling.js'
import { overlayPoints, SeriesCoverageError, windowHistory } from '../../core/backtest/window.js'
import { isoSeconds, type MarketScenario } from '../../core/scenarios/scenarios.js'
import { readCsv } from '../csv.js'
import { type PriceOption, type SeriesIssue, seriesFromTable } from './series.js'

/** A price history read from a file, with what was found on the way. */
export type LoadedHistory = {
  readonly history: PriceHistory
  readonly stepSeconds: number
  readonly issues: readonly SeriesIssue[]
  /** Rows of the file that were out of time order (sorted). */
  readonly reordered: number
  readonly file: string
  readonly column: string
  readonly lowColumn: string | undefined
}

/**
 * Reads a price column of a CSV file, and its low column when given (aligned by time), with
 * the times shifted by `timeOffsetSeconds` (a candle's close stamped at the candle's end).
 *
 * @example
 * ```ts
 * const h = await readHistory(`${dir}/prices/binance_ethusdt_1h_2020-01_2022-10.csv`, { column: 'close', lowColumn: 'low', timeOffsetSeconds: 3600 })
 * ```
 */
export async function readHistory(
  file: string,
  o: {
    readonly column: string
    readonly lowColumn?: string | undefined
    readonly highColumn?: string | undefined
    readonly timeColumn?: string | undefined
    readonly timeOffsetSeconds?: number | undefined
    readonly name?: string | undefined
  },
): Promise<LoadedHistory> {
  const table = await readCsv(file)
  const opts = {
    ...(o.timeColumn === undefined ? {} : { timeColumn: o.timeColumn }),
    ...(o.name === undefined ? {} : { name: o.name }),
  }
  const s = seriesFromTable(table, { column: o.column, ...opts })
  const offset = o.timeOffsetSeconds ?? 0
  const times = offset === 0 ? s.times : s.times.map((t) => t + offset)
  let lows: Float64Array | undefined
  if (o.lowColumn !== undefined && table.header.includes(o.lowColumn)) {
    const l = seriesFromTable(table, { column: o.lowColumn, ...opts })
    const byTime = new Map<number, number>()
    for (let i = 0; i < l.times.length; i++) byTime.set(l.times[i] as number, l.values[i] as number)
    lows = Float64Array.from(s.times, (t, i) =>
      Math.min(byTime.get(t) ?? (s.values[i] as number), s.values[i] as number),
    )
  }
  let highs: Float64Array | undefined
  if (o.highColumn !== undefined && table.header.includes(o.highColumn)) {
    const h = seriesFromTable(table, { column: o.highColumn, ...opts })
    const byTime = new Map<number, number>()
    for (let i = 0; i < h.times.length; i++) byTime.set(h.times[i] as number, h.values[i] as number)
    highs = Float64Array.from(s.times, (t, i) =>
      Math.max(byTime.get(t) ?? (s.values[i] as number), s.values[i] as number),
    )
  }
  const issues = s.issues.map((i) =>
    i.kind === 'gap' ? { ...i, fromTime: i.fromTime + offset, toTime: i.toTime + offset } : i,
  )
  return {
    history: {
      times,
      prices: s.values,
      ...(lows === undefined ? {} : { lows }),
      ...(highs === undefined ? {} : { highs }),
    },
    stepSeconds: s.stepSeconds,
    issues,
    reordered: s.reordered,
    file,
    column: s.column,
    lowColumn: lows === undefined ? undefined : o.lowColumn,
  }
}

/** The series a scenario backtest replays, and how it was obtained. */
export type ScenarioHistory = {
  readonly mode: 'published' | 'data' | 'price-option'
  readonly history: PriceHistory
  readonly stepSeconds: number
  readonly note: string
  readonly issues: readonly SeriesIssue[]
  readonly file?: string | undefined
  readonly column?: string | undefined
  /** Share of the scenario window the series covers (data and --price series). */
  readonly coverage?: number | undefined
  /** Published key points that made the series harsher (inserted, or a lower low). */
  readonly overlaid: number
  readonly reordered: number
}

/** Inputs of {@link loadScenarioHistory}. */
export type LoadScenarioHistoryParameters = {
  readonly scenario: MarketScenario
  readonly asset: string
  readonly dataDir: string | undefined
  readonly priceOption: PriceOption | undefined
  readonly horizonSeconds: number
  /** Grid step of a published path. */
  readonly stepSeconds: number
  /** Coverage below this share of the window is refused (`XC_SERIES_COVERAGE`). */
  readonly minCoverage: number
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z')
const day = (s: string) => isoSeconds(s.length === 10 ? `${s}T00:00:00Z` : s)

/**
 * The history a scenario backtest replays: a `--price` file, else the data folder's series of
 * the scenario (`replay`), else the published key figures. A file is cut to the scenario's
 * window (its replay window, or the span of its dated key points, plus the horizon) and its
 * coverage of that window measured and refused below `minCoverage`; the published key points
 * are overlaid on it, so that coarser data never replays a milder crisis than the one published.
 *
 * @example
 * ```ts
 * const h = await loadScenarioHistory({ scenario: marketScenario('eth-2020-03'), asset: 'ETH', dataDir, priceOption: undefined, horizonSeconds: 3600, stepSeconds: 3600, minCoverage: 0.9 })
 * ```
 */
export async function loadScenarioHistory(p: LoadScenarioHistoryParameters): Promise<ScenarioHistory> {
  const { scenario, asset } = p
  const spec = scenario.replay.find((r) => r.asset === asset)
  const keys = scenario.assets.find((a) => a.asset === asset)?.keyPoints ?? []
  const dated = scenario.start > 0
  const points = keys.map((k) => ({ time: scenario.start + k.t, price: k.price }))
  let window: { from: number; to: number } | undefined
  if (spec !== undefined) window = { from: day(spec.from), to: day(spec.to) + p.horizonSeconds }
  else if (dated && points.length > 1)
    window = {
      from: (points[0] as { time: number }).time,
      to: (points.at(-1) as { time: number }).time + p.horizonSeconds,
    }
  const fromFile = async (
    mode: 'data' | 'price-option',
    loaded: LoadedHistory,
    note: string,
  ): Promise<ScenarioHistory> => {
    if (window === undefined)
      return {
        mode,
        ...loaded,
        note: `${note}; the scenario has no dates: the whole file is replayed`,
        overlaid: 0,
      }
    // Coverage at the file's own step, but never coarser than a day: a 2-row file spanning the
    // window does not cover it.
    const w = windowHistory(loaded.history, window.from, window.to, Math.min(loaded.stepSeconds, 86_400))
    const label = `${loaded.file} (${loaded.column})`
    const range = `${iso(window.from)} → ${iso(window.to)}`
    if (w.coverage < p.minCoverage || w.points < 2)
      throw new SeriesCoverageError(label, w.coverage, p.minCoverage, range)
    const o = mode === 'data' && dated ? overlayPoints(w.history, points) : { history: w.history, changed: 0 }
    const issues = loaded.issues.filter(
      (i) => i.kind === 'bad-row' || (i.toTime > window.from && i.fromTime < window.to),
    )
    return {
      mode,
      history: o.history,
      stepSeconds: loaded.stepSeconds,
      issues,
      file: loaded.file,
      column: loaded.column,
      coverage: w.coverage,
      overlaid: o.changed,
      reordered: loaded.reordered,
      note: `${note}; cut to ${range}, ${w.points} points, coverage ${(w.coverage * 100).toFixed(1)} %${o.changed > 0 ? `; ${o.changed} published key point(s) overlaid` : ''}`,
    }
  }
  if (p.priceOption !== undefined) {
    const o = p.priceOption
    const loaded = await readHistory(o.file, { column: o.column, name: o.asset })
    return fromFile(
      'price-option',
      loaded,
      `--price ${o.asset}=${o.file}:${o.column} replaces the scenario's series`,
    )
  }
  if (p.dataDir !== undefined && spec !== undefined) {
    const file = isAbsolute(spec.file) ? spec.file : join(p.dataDir, spec.file)
    const loaded = await readHistory(file, {
      column: spec.column,
      lowColumn: spec.lowColumn,
      timeColumn: spec.timeColumn,
      timeOffsetSeconds: spec.timeOffsetSeconds,
      name: asset,
    })
    return fromFile('data', loaded, `real series (${spec.note})`)
  }
  const paths = scenario.build({ stepSeconds: p.stepSeconds, tailSeconds: p.horizonSeconds })
  return {
    mode: 'published',
    history: { times: paths.times, prices: paths.prices[asset] as Float64Array },
    stepSeconds: p.stepSeconds,
    issues: [],
    overlaid: 0,
    reordered: 0,
    note:
      p.dataDir === undefined
        ? 'published key figures, linear between key points (no data folder given)'
        : `published key figures (the data folder has no series for ${asset} in this scenario)`,
  }
}

/** One price history of an asset, read from the data folder for `xcollat validate`. */
export type AssetHistoryLoaded = {
  readonly name: string
  readonly file: string
  readonly history: PriceHistory
  readonly stepSeconds: number
  readonly caveat: string | undefined
  readonly source: string
  readonly from: number
  readonly to: number
}

/**
 * Reads every series the history catalog lists for an asset from the data folder (a series
 * multiplied by another, such as stETH/ETH × ETH/USD, on the times of the second, the first
 * step-held). Reads each file once per `cache`.
 *
 * @example
 * ```ts
 * const [eth] = await loadAssetHistories(dir, historyFor('WETH')!.series)
 * ```
 */
export async function loadAssetHistories(
  dataDir: string,
  series: ReadonlyArray<HistorySeries>,
  cache: Map<string, Promise<LoadedHistory>> = new Map(),
): Promise<AssetHistoryLoaded[]> {
  type Spec = Omit<HistorySeries, 'id' | 'times' | 'caveat'>
  const read = (s: Spec) => {
    const file = isAbsolute(s.file) ? s.file : join(dataDir, s.file)
    const key = `${file}|${s.column}|${s.lowColumn ?? ''}|${s.highColumn ?? ''}|${s.timeColumn ?? ''}|${s.timeOffsetSeconds ?? 0}`
    let p = cache.get(key)
    if (p === undefined) {
      p = readHistory(file, s)
      cache.set(key, p)
    }
    return p
  }
  const out: AssetHistoryLoaded[] = []
  for (const s of series) {
    const own = await read(s)
    let history = own.history
    let stepSeconds = own.stepSeconds
    if (s.times !== undefined) {
      const base = await read(s.times)
      const bt = base.history.times
      const rt = own.history.times
      const first = rt[0] as number
      const last = (rt[rt.length - 1] as number) + 1.5 * own.stepSeconds
      const times: number[] = []
      const prices: number[] = []
      const lows: number[] = []
      let k = 0
      for (let i = 0; i < bt.length; i++) {
        const t = bt[i] as number
        if (t < first || t > last) continue
        while (k + 1 < rt.length && (rt[k + 1] as number) <= t) k++
        const r = own.history.prices[k] as number
        times.push(t)
        prices.push((base.history.prices[i] as number) * r)
        lows.push(((base.history.lows ?? base.history.prices)[i] as number) * r)
      }
      history = {
        times: Float64Array.from(times),
        prices: Float64Array.from(prices),
        lows: Float64Array.from(lows),
      }
      stepSeconds = base.stepSeconds
    }
    const n = history.times.length
    if (n < 2) continue
    out.push({
      name: s.id,
      file: own.file,
      history,
      stepSeconds,
      caveat: s.caveat,
      source: s.source,
      from: history.times[0] as number,
      to: history.times[n - 1] as number,
    })
  }
  return out
}

/**
 * The price of a collateral in units of a debt asset, from their two USD histories: on the times
 * of the finer series (the other step-held: its last value at or before each time), price
 * `P_c / P_d`; the period low `L_c / H_d` when the collateral is USD-pegged (its own moves within
 * a period are negligible beside the debt's, so the debt's high is the pair's low), else
 * `min(P_c / P_d, L_c / L_d)` (the two lows taken as simultaneous: a correlated fall). Only the
 * times both histories cover.
 *
 * @example
 * ```ts
 * const usdcInEth = pairHistory(usdc.history, 86_400, eth.history, 3600, true)
 * ```
 */
export function pairHistory(
  c: PriceHistory,
  cStep: number,
  d: PriceHistory,
  dStep: number,
  collateralPegged: boolean,
): PriceHistory {
  const grid = dStep < cStep ? d : c
  const other = grid === d ? c : d
  const gridIsDebt = grid === d
  const ot = other.times
  const first = Math.max(c.times[0] as number, d.times[0] as number)
  const last = Math.min(c.times[c.times.length - 1] as number, d.times[d.times.length - 1] as number)
  const times: number[] = []
  const prices: number[] = []
  const lows: number[] = []
  let k = 0
  for (let i = 0; i < grid.times.length; i++) {
    const t = grid.times[i] as number
    if (t < first || t > last) continue
    while (k + 1 < ot.length && (ot[k + 1] as number) <= t) k++
    const ci = gridIsDebt ? k : i
    const di = gridIsDebt ? i : k
    const pc = c.prices[ci] as number
    const pd = d.prices[di] as number
    if (!(pd > 0)) continue
    const lc = (c.lows ?? c.prices)[ci] as number
    const ld = (d.lows ?? d.prices)[di] as number
    const hd = (d.highs ?? d.prices)[di] as number
    times.push(t)
    prices.push(pc / pd)
    lows.push(collateralPegged ? Math.min(pc / pd, pc / hd) : Math.min(pc / pd, ld > 0 ? lc / ld : pc / pd))
  }
  return { times: Float64Array.from(times), prices: Float64Array.from(prices), lows: Float64Array.from(lows) }
}
