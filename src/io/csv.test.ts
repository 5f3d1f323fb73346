import { describe, expect, it } from 'vitest'
import { CsvError, csvTableFromText, parseCsvLines, parseCsvText } from './csv.js'

describe('parseCsvText', () => {
  it('handles quotes, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsvText('a,b\r\n1,"x,y"\n"he said ""hi""",2')).toEqual([
      ['a', 'b'],
      ['1', 'x,y'],
      ['he said "hi"', '2'],
    ])
  })
})

describe('csvTableFromText', () => {
  it('keys rows by header and numbers lines from 1', () => {
    const t = csvTableFromText('t.csv', 'x,y\n1,2\n3,4\n')
    expect(t.rows[1]).toEqual({ line: 3, values: { x: '3', y: '4' } })
  })
  it('names the line of a ragged row', () => {
    expect(() => csvTableFromText('t.csv', 'x,y\n1\n')).toThrow(CsvError)
  })
})

describe('parseCsvLines', () => {
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
})
