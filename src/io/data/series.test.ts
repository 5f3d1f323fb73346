import { describe, expect, it } from 'vitest'
import { csvTableFromText } from '../csv.js'
import {
  dataDir,
  parsePriceOption,
  parseTime,
  SeriesDuplicateError,
  SeriesError,
  SeriesValueError,
  seriesFromTable,
} from './series.js'

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
  it('keeps the good rows, sorted by time, and counts the rows that were out of order', () => {
    expect(Array.from(s.values)).toEqual([100, 101, 103, 105, 106, 107])
    expect(s.reordered).toBe(1)
    expect(s.stepSeconds).toBe(3600)
  })
  it('reports bad rows with their line, and gaps, without filling them', () => {
    expect(s.issues).toContainEqual({
      kind: 'bad-row',
      line: 4,
      reason: expect.stringContaining('not a positive number'),
    })
    // 01:00 -> 03:00 (02:00 was bad) and 03:00 -> 05:00 are gaps.
    expect(s.issues.filter((i) => i.kind === 'gap')).toHaveLength(2)
  })
  it('sorts a shuffled file and a reversed file: every row kept', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${1_600_000_000 + i * 3600},${100 + i}`)
    const shuffled = rows.map((_, i) => rows[(i * 17) % 50] as string)
    for (const body of [shuffled, [...rows].reverse()]) {
      const t = seriesFromTable(csvTableFromText('t.csv', ['t,p', ...body].join('\n')), { column: 'p' })
      expect(Array.from(t.values)).toEqual(rows.map((_, i) => 100 + i))
      expect(t.issues).toEqual([])
    }
  })
  it('refuses two rows with the same time, naming both lines', () => {
    const dup = 't,p\n1600000000,1\n1600003600,2\n1600000000,3\n'
    expect(() => seriesFromTable(csvTableFromText('t.csv', dup), { column: 'p' })).toThrow(
      SeriesDuplicateError,
    )
    expect(() => seriesFromTable(csvTableFromText('t.csv', dup), { column: 'p' })).toThrow(/lines 2 and 4/)
  })
  it('gives exact line numbers when the file has blank lines', () => {
    const blank = 't,p\n\n1600000000,1\n\n\n1600003600,x\n1600007200,3\n'
    const t = seriesFromTable(csvTableFromText('t.csv', blank), { column: 'p' })
    expect(t.issues).toContainEqual({ kind: 'bad-row', line: 6, reason: expect.stringContaining('x') })
  })
  it('refuses a price above 1e15 (1e308, Infinity) with a named error and its line', () => {
    for (const big of ['1e308', 'Infinity', '2e15']) {
      const text = `t,p\n1600000000,1\n1600003600,${big}\n`
      expect(() => seriesFromTable(csvTableFromText('t.csv', text), { column: 'p' })).toThrow(
        SeriesValueError,
      )
      expect(() => seriesFromTable(csvTableFromText('t.csv', text), { column: 'p' })).toThrow(/line 3/)
    }
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
