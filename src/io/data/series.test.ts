import { describe, expect, it } from 'vitest'
import { csvTableFromText } from '../csv.js'
import { dataDir, parsePriceOption, parseTime, SeriesError, seriesFromTable } from './series.js'

describe('parseTime', () => {
  it('reads ISO dates, unix seconds and milliseconds', () => {
    // 2020-03-12T00:00:00Z = 18333 days · 86400 s after the epoch = 1583971200 (date -d @1583971200).
    expect(parseTime('2020-03-12T00:00:00Z')).toBe(1583971200)
    expect(parseTime('2020-03-12')).toBe(1583971200)
    expect(parseTime('1583971200')).toBe(1583971200)
    expect(parseTime('1583971200000')).toBe(1583971200)
    expect(parseTime('yesterday')).toBeUndefined()
  })
})

describe('seriesFromTable', () => {
  const text = [
    'time,close',
    '2020-01-01T00:00:00Z,100',
    '2020-01-01T01:00:00Z,101',
    '2020-01-01T02:00:00Z,abc',
    '2020-01-01T03:00:00Z,103',
    '2020-01-01T06:00:00Z,106',
    '2020-01-01T05:00:00Z,105',
    '2020-01-01T07:00:00Z,107',
  ].join('\n')
  const s = seriesFromTable(csvTableFromText('t.csv', text), { column: 'close' })
  it('keeps the good rows in order', () => {
    expect(Array.from(s.values)).toEqual([100, 101, 103, 106, 107])
    expect(s.stepSeconds).toBe(3600)
  })
  it('reports bad and out-of-order rows with their line, and gaps, without filling them', () => {
    expect(s.issues).toContainEqual({
      kind: 'bad-row',
      line: 4,
      reason: expect.stringContaining('not a positive number'),
    })
    expect(s.issues).toContainEqual({
      kind: 'bad-row',
      line: 7,
      reason: 'time is not after the previous row',
    })
    // 01:00 -> 03:00 (02:00 was bad) and 03:00 -> 06:00 are gaps; the step is the lower median, 1 h.
    expect(s.issues.filter((i) => i.kind === 'gap')).toHaveLength(2)
  })
  it('names the columns when one is missing', () => {
    expect(() => seriesFromTable(csvTableFromText('t.csv', text), { column: 'price' })).toThrow(SeriesError)
  })
})

describe('parsePriceOption', () => {
  it('splits ASSET=FILE:COLUMN at the first = and the last :', () => {
    expect(parsePriceOption('WETH=c:/x/eth.csv:close')).toEqual({
      asset: 'WETH',
      file: 'c:/x/eth.csv',
      column: 'close',
    })
    for (const bad of ['WETH', 'WETH=eth.csv', '=eth.csv:close', 'WETH=eth.csv:']) {
      expect(() => parsePriceOption(bad)).toThrow(SeriesError)
    }
  })
})

describe('dataDir', () => {
  it('prefers the option, then XCOLLAT_DATA_DIR, else none', () => {
    expect(dataDir('a', { XCOLLAT_DATA_DIR: 'b' })).toBe('a')
    expect(dataDir(undefined, { XCOLLAT_DATA_DIR: 'b' })).toBe('b')
    expect(dataDir(undefined, {})).toBeUndefined()
  })
})
