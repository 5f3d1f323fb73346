import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventQueue } from './queue.js'

describe(EventQueue.name, () => {
  it('pops by time, first-in first-out at equal times', () => {
    const q = new EventQueue()
    q.push({ type: 'halt', at: 5, route: 0 })
    q.push({ type: 'halt', at: 1, route: 1 })
    q.push({ type: 'halt', at: 5, route: 2 })
    q.push({ type: 'halt', at: 3, route: 3 })
    const out: number[] = []
    for (let e = q.pop(); e; e = q.pop()) out.push((e as { route: number }).route)
    expect(out).toEqual([1, 3, 0, 2])
    expect(q.peekAt()).toBe(Number.POSITIVE_INFINITY)
  })
  it('matches a stable sort on random times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue()
        times.forEach((at, route) => {
          q.push({ type: 'halt', at, route })
        })
        const popped: number[] = []
        for (let e = q.pop(); e; e = q.pop()) popped.push((e as { route: number }).route)
        const expected = times.map((at, route) => ({ at, route })).sort((a, b) => a.at - b.at)
        expect(popped).toEqual(expected.map((e) => e.route))
      }),
    )
  })
})
