import { describe, expect, it } from 'vitest'
import { trustProgressLine } from './trustProgress.js'

function harness(isTTY: boolean) {
  const out: string[] = []
  let clock = 0
  const progress = trustProgressLine({ isTTY, write: (s: string) => out.push(s) }, () => clock)
  const at = (ms: number) => {
    clock = ms
  }
  return { out, progress, at }
}

describe(trustProgressLine.name, () => {
  it('says nothing for work that ends within a second', () => {
    const h = harness(false)
    for (let done = 64; done < 1351; done += 64) h.progress('committee', done, 1351)
    h.at(900)
    h.progress('committee', 1351, 1351)
    expect(h.out).toEqual([])
  })

  it('prints a line every 2 s in a log after the first second, then the final count', () => {
    const h = harness(false)
    h.progress('committee', 64, 1351) // t = 0: starts the clock
    h.at(1000)
    h.progress('committee', 128, 1351)
    h.at(1500)
    h.progress('committee', 192, 1351) // within 2 s of the last line: nothing
    h.at(3000)
    h.progress('committee', 256, 1351)
    h.progress('committee', 1351, 1351)
    expect(h.out).toEqual([
      'trust: committee  128/1,351 shared-tag states\n',
      'trust: committee  256/1,351 shared-tag states\n',
      'trust: committee  1,351/1,351 shared-tag states\n',
    ])
  })

  it('redraws one line in place on a terminal, and starts again for the next bridge', () => {
    const h = harness(true)
    h.progress('a', 64, 4096)
    h.at(1200)
    h.progress('a', 2048, 4096)
    h.progress('a', 4096, 4096)
    h.progress('b', 64, 128) // a new bridge: its own first second
    h.progress('b', 128, 128)
    expect(h.out).toEqual([
      '\r\u001b[2Ktrust: a  2,048/4,096 shared-tag states',
      '\r\u001b[2Ktrust: a  4,096/4,096 shared-tag states\n',
    ])
  })
})
