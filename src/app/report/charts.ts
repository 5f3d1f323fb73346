import * as echarts from 'echarts'

/** Width and height of every chart, in CSS pixels. */
const SIZE = { width: 720, height: 360 } as const

type EChartsOption = Parameters<echarts.ECharts['setOption']>[0]

/**
 * Draws one chart with Apache ECharts' server-side SVG renderer (no DOM, no browser) and
 * returns the SVG document.
 *
 * @example
 * ```ts
 * const svg = renderSvg({ xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [[0, 1], [1, 2]] }] })
 * ```
 */
export function renderSvg(option: EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...SIZE })
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

const grid = { left: 80, right: 80, top: 50, bottom: 60 }
const title = (text: string) => ({ text, left: 'center', textStyle: { fontSize: 14 } })

/**
 * The slippage curve of the liquidation venue: slippage against the size sold, USD.
 *
 * @example
 * ```ts
 * slippageChart([{ sizeUsd: 2e6, slippage: 0.005 }, { sizeUsd: 1e7, slippage: 0.02 }])
 * ```
 */
export function slippageChart(
  points: readonly { readonly sizeUsd: number; readonly slippage: number }[],
): string {
  return renderSvg({
    title: title('Slippage of a liquidation sale against its size'),
    grid,
    xAxis: { type: 'value', name: 'size sold (USD)', nameLocation: 'middle', nameGap: 35 },
    yAxis: { type: 'value', name: 'slippage (%)', axisLabel: { formatter: '{value} %' } },
    series: [
      {
        type: 'line',
        name: 'slippage',
        data: [[0, 0], ...points.map((p) => [p.sizeUsd, p.slippage * 100])],
        symbolSize: 6,
      },
    ],
  })
}

/**
 * Calm and stressed annualised volatility of the asset (and of each debt pair), as bars.
 *
 * @example
 * ```ts
 * volatilityChart([{ name: 'WETH / USD', calm: 0.6, stressed: 2.7 }])
 * ```
 */
export function volatilityChart(
  bars: readonly { readonly name: string; readonly calm: number; readonly stressed: number }[],
): string {
  return renderSvg({
    title: title('Annualised volatility: calm and stressed regimes'),
    grid,
    legend: { bottom: 5 },
    xAxis: { type: 'category', data: bars.map((b) => b.name) },
    yAxis: { type: 'value', name: 'σ per √year (%)', axisLabel: { formatter: '{value} %' } },
    series: [
      { type: 'bar', name: 'calm', data: bars.map((b) => Number((b.calm * 100).toFixed(2))) },
      { type: 'bar', name: 'stressed', data: bars.map((b) => Number((b.stressed * 100).toFixed(2))) },
    ],
  })
}

/**
 * The LT → loss frontier: P(bad debt over the year > budget) and VaR95 of bad debt against LT,
 * with the recommended and current LTs marked.
 *
 * @example
 * ```ts
 * frontierChart({ points: [{ lt: 0.8, pOverBudget: 0.004, var95Usd: 0 }], recommendedLt: 0.845, currentLts: [0.83] })
 * ```
 */
export function frontierChart(p: {
  readonly points: readonly { readonly lt: number; readonly pOverBudget: number; readonly var95Usd: number }[]
  readonly recommendedLt: number
  readonly currentLts: readonly number[]
}): string {
  const marks = [
    { xAxis: p.recommendedLt * 100, name: 'recommended', label: { formatter: 'recommended' } },
    ...p.currentLts.map((lt) => ({ xAxis: lt * 100, name: 'current', label: { formatter: 'current' } })),
  ]
  return renderSvg({
    title: title('Monte Carlo frontier: liquidation threshold against bad debt'),
    grid,
    legend: { bottom: 5 },
    xAxis: {
      type: 'value',
      name: 'LT (%)',
      nameLocation: 'middle',
      nameGap: 30,
      min: 'dataMin',
      max: 'dataMax',
    },
    yAxis: [
      { type: 'value', name: 'P(bad debt > budget)', min: 0 },
      { type: 'value', name: 'VaR95 (USD)', min: 0 },
    ],
    series: [
      {
        type: 'line',
        name: 'P(bad debt > budget)',
        data: p.points.map((x) => [x.lt * 100, x.pOverBudget]),
        markLine: { symbol: 'none', data: marks, lineStyle: { type: 'dashed' } },
      },
      {
        type: 'line',
        name: 'VaR95 of bad debt',
        yAxisIndex: 1,
        data: p.points.map((x) => [x.lt * 100, x.var95Usd]),
      },
    ],
  })
}

/**
 * Thins a series to at most `buckets` pairs of (low, high) points, keeping every bucket's
 * extremes so that crashes stay visible.
 *
 * @example
 * ```ts
 * thin([0, 1, 2, 3], [5, 1, 7, 2], 1) // [[1, 1], [2, 7]]
 * ```
 */
export function thin(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  buckets: number,
): [number, number][] {
  const n = Math.min(times.length, values.length)
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => [times[i]!, values[i]!])
  const out: [number, number][] = []
  const size = n / buckets
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size)
    const end = Math.min(n, Math.floor((b + 1) * size))
    let lo = start
    let hi = start
    for (let i = start; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i
      if (values[i]! > values[hi]!) hi = i
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo])
      if (out.at(-1)?.[0] !== times[i]) out.push([times[i]!, values[i]!])
  }
  return out
}

/**
 * The asset's price history (each series of the data folder, thinned to 1,000 buckets).
 *
 * @example
 * ```ts
 * priceChart([{ name: 'ETH/USDT hourly', times: [1600000000], prices: [370] }])
 * ```
 */
export function priceChart(
  series: readonly {
    readonly name: string
    readonly times: ArrayLike<number>
    readonly prices: ArrayLike<number>
  }[],
): string {
  return renderSvg({
    title: title('Price history (USD)'),
    grid,
    legend: { bottom: 5 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      showSymbol: false,
      data: thin(s.times, s.prices, 1_000).map(([t, v]) => [t * 1000, v]),
    })),
  })
}
