import { describe, expect, it } from 'vitest'
import { toJson } from './envelope.js'
import { BadOptionError, parseNumber, parseSeed } from './options.js'
import { errorLines, MAX_ERROR_LINE, oneLine } from './output.js'

describe(parseSeed.name, () => {
  it('accepts whole numbers below 2^64 only', () => {
    expect(parseSeed('42')).toBe(42n)
    expect(parseSeed('18446744073709551615')).toBe((1n << 64n) - 1n)
    for (const bad of ['-1', '1.5', 'abc', '18446744073709551616', ''])
      expect(() => parseSeed(bad)).toThrow(BadOptionError)
  })
})

describe(parseNumber.name, () => {
  it('checks whole numbers and the range, naming the option', () => {
    expect(parseNumber('--paths', '10', { min: 1, max: 100, integer: true })).toBe(10)
    for (const bad of ['0', '2.5', '-5', '', 'abc', '1e3'])
      expect(() => parseNumber('--paths', bad, { min: 1, max: 100, integer: true })).toThrow(BadOptionError)
    try {
      parseNumber('--paths', '-5', { min: 1, max: 100, integer: true })
    } catch (error) {
      expect((error as BadOptionError).option).toBe('--paths')
      expect((error as BadOptionError).shortMessage).toBe(
        '--paths: expected a whole number from 1 to 100, found "-5".',
      )
    }
  })
  it('checks finiteness, the range and an exclusive minimum', () => {
    expect(parseNumber('--epsilon', '1e-4', { min: 0, max: 1 })).toBe(1e-4)
    for (const bad of ['NaN', '2', 'Infinity', ' '])
      expect(() => parseNumber('--epsilon', bad, { min: 0, max: 1 })).toThrow(BadOptionError)
    expect(() => parseNumber('--w', '0', { min: 0, max: 1, exclusiveMin: true })).toThrow(BadOptionError)
  })
})

describe(toJson.name, () => {
  it('writes bigints and non-finite numbers as strings', () => {
    expect(JSON.parse(toJson({ seed: 42n, x: Number.POSITIVE_INFINITY }))).toEqual({
      seed: '42',
      x: 'Infinity',
    })
  })
})

describe(errorLines.name, () => {
  it('prints one line with the code, the message and the instruction', () => {
    expect(errorLines(new BadOptionError('--paths', 'a whole number', '-5'))).toEqual([
      'error: [XC_BAD_OPTION] --paths: expected a whole number, found "-5". — Pass --paths as a whole number.',
    ])
  })
  it('cuts long and binary input to one short printable line', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)).toString('utf8')
    const [line, ...rest] = errorLines(new BadOptionError('--price', 'a price file', binary))
    expect(rest).toEqual([])
    expect(line?.length).toBeLessThanOrEqual(MAX_ERROR_LINE)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that none are left
    expect(line).not.toMatch(/[\u0000-\u001f\u007f\ufffd]/)
    expect(line).toMatch(/— Pass --price as a price file\.$/)
  })
  it('reports anything else as XC_INTERNAL with the instruction to report it', () => {
    const [line] = errorLines(new TypeError('x is undefined'))
    expect(line).toBe(
      'error: [XC_INTERNAL] TypeError: x is undefined — This is a bug in xcollat: rerun with --debug and report it with the output.',
    )
  })
  it('keeps one line per problem', () => {
    const error = new BadOptionError('--a', 'x', 'y')
    Object.defineProperty(error, 'problems', { value: ['p1', '[XC_CONFIG] p2'] })
    expect(errorLines(error)).toEqual(['error: [XC_BAD_OPTION] p1', 'error: [XC_CONFIG] p2 — Pass --a as x.'])
  })
})

describe(oneLine.name, () => {
  it('replaces control characters and line breaks', () => {
    expect(oneLine('a\nb\u0000c')).toBe('a b?c')
  })
})
