import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSeries } from '../src/io/data/series.js'

const dir = process.env.XCOLLAT_DATA_DIR

describe.runIf(dir)('readSeries on the shared historical data', () => {
  it('reads the Binance ETH/USDT hourly candles and reports the 14 gaps PROVENANCE.md describes', async () => {
    const s = await readSeries(join(dir!, 'prices/binance_ethusdt_1h_2020-01_2022-10.csv'), {
      column: 'close',
    })
    // PROVENANCE.md §1: 2020-01-01 -> 2022-10-11, hourly, "14 gaps … left as is"; 24,316 data rows.
    expect(s.values.length).toBe(24_316)
    expect(s.stepSeconds).toBe(3600)
    expect(s.issues.filter((i) => i.kind === 'gap')).toHaveLength(14)
    expect(s.issues.filter((i) => i.kind === 'bad-row')).toHaveLength(0)
  })
  it('reads Chainlink rounds with the update time as the time column', async () => {
    const s = await readSeries(join(dir!, 'oracles/chainlink_steth_eth_rounds_ethereum.csv'), {
      column: 'answer',
      timeColumn: 'updated_at_unix',
    })
    // PROVENANCE.md §3: 745 rounds; the June-2022 discount reached 0.9350 on 2022-06-18.
    expect(s.values.length).toBe(745)
    expect(Math.min(...s.values)).toBeLessThan(0.95)
  })
})
