import type { ProtocolEvent } from './events.js'

/**
 * The engine's event queue: a binary min-heap on `(at, insertion order)`, so events at the same
 * time run first-in first-out and a run is deterministic.
 *
 * @example
 * ```ts
 * const q = new EventQueue()
 * q.push({ type: 'halt', at: 5, route: 0 })
 * q.pop()?.at // 5
 * ```
 */
export class EventQueue {
  private readonly events: ProtocolEvent[] = []
  private readonly seqs: number[] = []
  private seq = 0

  /** Number of queued events. @example `q.size` */
  get size(): number {
    return this.events.length
  }

  /** Time of the next event, or +∞ when empty. @example `q.peekAt()` */
  peekAt(): number {
    return this.events.length > 0 ? this.events[0]!.at : Number.POSITIVE_INFINITY
  }

  private less(i: number, j: number): boolean {
    const a = this.events[i]!.at
    const b = this.events[j]!.at
    return a < b || (a === b && this.seqs[i]! < this.seqs[j]!)
  }

  private swap(i: number, j: number): void {
    const e = this.events[i]!
    this.events[i] = this.events[j]!
    this.events[j] = e
    const s = this.seqs[i]!
    this.seqs[i] = this.seqs[j]!
    this.seqs[j] = s
  }

  /** Adds an event. @example `q.push(event)` */
  push(event: ProtocolEvent): void {
    this.events.push(event)
    this.seqs.push(this.seq++)
    let i = this.events.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }

  /** Removes and returns the earliest event (undefined when empty). @example `q.pop()` */
  pop(): ProtocolEvent | undefined {
    const n = this.events.length
    if (n === 0) return undefined
    const top = this.events[0]
    this.swap(0, n - 1)
    this.events.pop()
    this.seqs.pop()
    const m = n - 1
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < m && this.less(l, smallest)) smallest = l
      if (r < m && this.less(r, smallest)) smallest = r
      if (smallest === i) break
      this.swap(i, smallest)
      i = smallest
    }
    return top
  }
}
