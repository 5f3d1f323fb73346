import { describe, expect, it } from 'vitest'
import { progressBar } from './progress.js'

function fakeStream(isTTY: boolean) {
  const writes: string[] = []
  const stream = { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream
  return { stream, writes }
}

describe('progressBar', () => {
  it('draws on a terminal, at most every 100 ms, and always at the end', () => {
    const { stream, writes } = fakeStream(true)
    let now = 0
    const bar = progressBar(stream, 100, () => now)
    now = 200
    bar.update(25)
    now = 250
    bar.update(30) // within 100 ms: skipped
    bar.update(100) // the end: drawn
    bar.finish()
    expect(writes).toHaveLength(3)
    expect(writes[0]).toContain(' 25 %  25/100 paths')
    expect(writes[1]).toContain('100 %')
    expect(writes[2]).toBe('\r\x1b[2K')
  })
  it('writes nothing when the stream is not a terminal', () => {
    const { stream, writes } = fakeStream(false)
    const bar = progressBar(stream, 10)
    bar.update(5)
    bar.finish()
    expect(writes).toEqual([])
  })
})
