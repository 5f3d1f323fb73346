import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CsvError, csvTableFromText, parseCsvLines, readCsv } from './csv.js'

describe(parseCsvLines.name, () => {
  it('handles quotes, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsvLines('a,b\r\n1,"x,y"\n"he said ""hi""",2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', 'x,y'],
      ['he said "hi"', '2'],
    ])
  })
  it('numbers each row by the line it starts on, across blank lines and quoted line breaks', () => {
    const rows = parseCsvLines('a,b\n\n1,"x\ny"\n\r\n2,3\n')
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', 'x\ny'] },
      { line: 6, fields: ['2', '3'] },
    ])
  })
  it('drops a UTF-8 byte-order mark', () => {
    expect(parseCsvLines('\uFEFFa\n1\n')[0]?.fields).toEqual(['a'])
  })
  it('names the line of malformed quoting', () => {
    expect(() => parseCsvLines('a,b\n1,2\n3,"x"y\n', 'q.csv')).toThrow(CsvError)
    expect(() => parseCsvLines('a,b\n1,2\n3,"x"y\n', 'q.csv')).toThrow(/^q\.csv: line 3: /)
  })
})

describe(csvTableFromText.name, () => {
  it('keys rows by header and numbers lines from 1', () => {
    const t = csvTableFromText('t.csv', 'x,y\n1,2\n3,4\n')
    expect(t.rows[1]).toEqual({ line: 3, values: { x: '3', y: '4' } })
  })
  it('names the line of a ragged row', () => {
    expect(() => csvTableFromText('t.csv', 'x,y\n1,2\n\n1\n')).toThrow(
      /line 4 has 1 fields, the header has 2/,
    )
  })
})

describe(readCsv.name, () => {
  it('reads a file with a byte-order mark and CRLF line ends, with exact line numbers', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'xcollat-csv-')), 'bom.csv')
    writeFileSync(
      file,
      '\uFEFFdate,close\r\n2020-03-12,"1,000.5"\r\n\r\n2020-03-13,"a\r\nb"\r\n2020-03-14,99\r\n',
    )
    const t = await readCsv(file)
    expect(t.header).toEqual(['date', 'close']) // the mark is not part of the first column's name
    expect(t.rows).toEqual([
      { line: 2, values: { date: '2020-03-12', close: '1,000.5' } },
      { line: 4, values: { date: '2020-03-13', close: 'a\nb' } },
      { line: 6, values: { date: '2020-03-14', close: '99' } },
    ])
  })
  it('names a missing file', async () => {
    await expect(readCsv('/nonexistent/x.csv')).rejects.toThrow(CsvError)
  })
})
