import { describe, expect, it } from 'vitest'
import { CsvError, csvTableFromText, parseCsvText } from './csv.js'

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
