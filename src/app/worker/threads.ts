import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { RemoteChunkError, type RemoteErrorFields } from '../../io/queue/errors.js'
import { WorkerFailedError } from '../sim/pool.js'

type Source = { readonly target: URL | string; readonly eval: boolean }

function threadSource(): Source {
  // From dist the thread is plain JavaScript; from source (tsx, vitest) a tiny eval'd bootstrap
  // registers tsx's ESM loader in the thread first (as the simulation pool does).
  if (!import.meta.url.endsWith('.ts'))
    return { target: new URL('./thread.js', import.meta.url), eval: false }
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
  const file = new URL('./thread.ts', import.meta.url).href
  return {
    target: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file)}) })`,
    eval: true,
  }
}

/** One chunk for a thread. */
export type ThreadWork = {
  readonly kind: string
  readonly inputHash: string
  readonly input: unknown
  readonly chunk: unknown
  readonly progress: (done: number) => void
}

type Pending = { resolve(v: unknown): void; reject(e: unknown): void; progress(done: number): void }

type Slot = { worker: Worker; busy: boolean; current: number | undefined }

/**
 * A fixed set of long-lived threads that run chunks, one at a time each (the worker's
 * `--concurrency`). A thread that dies fails its chunk with a `WorkerFailedError` and is replaced.
 *
 * @example
 * ```ts
 * const pool = chunkThreads(2); await pool.run(work); await pool.close()
 * ```
 */
export function chunkThreads(size: number): {
  run(work: ThreadWork): Promise<unknown>
  close(): Promise<void>
} {
  const source = threadSource()
  const pending = new Map<number, Pending>()
  const queue: Array<{ id: number; work: ThreadWork }> = []
  let next = 0
  let closed = false
  const slots: Slot[] = []
  const dispatch = () => {
    for (const slot of slots) {
      if (slot.busy) continue
      const item = queue.shift()
      if (item === undefined) return
      slot.busy = true
      slot.current = item.id
      const { progress: _p, ...message } = item.work
      slot.worker.postMessage({ id: item.id, ...message })
    }
  }
  const start = (slot: Slot) => {
    const worker = new Worker(source.target, { eval: source.eval })
    slot.worker = worker
    worker.on(
      'message',
      (m: {
        type: string
        id: number
        done?: number
        result?: unknown
        fields?: RemoteErrorFields
        message?: string
      }) => {
        const p = pending.get(m.id)
        if (p === undefined) return
        if (m.type === 'progress') return p.progress(m.done ?? 0)
        pending.delete(m.id)
        slot.busy = false
        slot.current = undefined
        if (m.type === 'done') p.resolve(m.result)
        else
          p.reject(
            m.fields ? new RemoteChunkError(m.fields) : new WorkerFailedError(m.message ?? 'unknown error'),
          )
        dispatch()
      },
    )
    worker.on('error', () => {}) // followed by 'exit'
    worker.on('exit', (code) => {
      const id = slot.current
      slot.busy = false
      slot.current = undefined
      if (id !== undefined) {
        pending.get(id)?.reject(new WorkerFailedError(`a chunk thread exited with code ${code}`))
        pending.delete(id)
      }
      if (!closed) {
        start(slot)
        dispatch()
      }
    })
  }
  for (let i = 0; i < size; i++) {
    const slot = { busy: false, current: undefined } as unknown as Slot
    slots.push(slot)
    start(slot)
  }
  return {
    run(work) {
      const id = next++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, progress: work.progress })
        queue.push({ id, work })
        dispatch()
      })
    },
    async close() {
      closed = true
      await Promise.all(slots.map((s) => s.worker.terminate()))
    },
  }
}
