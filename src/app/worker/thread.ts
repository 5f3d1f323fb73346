// A thread of a queue worker: runs the chunks its process hands it (./chunks.ts) and posts
// progress, results and errors back. Started by ./threads.ts; never imported by anything else.
import { parentPort } from 'node:worker_threads'
import { XcollatError } from '../../core/errors.js'
import { remoteErrorFields } from '../../io/queue/errors.js'
import { runChunk } from './chunks.js'

type RunMessage = {
  readonly id: number
  readonly kind: string
  readonly inputHash: string
  readonly input: unknown
  readonly chunk: unknown
}

const port = parentPort
port?.on('message', (m: RunMessage) => {
  try {
    const result = runChunk({
      ...m,
      progress: (done) => port.postMessage({ type: 'progress', id: m.id, done }),
    })
    port.postMessage({ type: 'done', id: m.id, result })
  } catch (error) {
    port.postMessage({
      type: 'error',
      id: m.id,
      fields: error instanceof XcollatError ? remoteErrorFields(error) : undefined,
      message: error instanceof Error ? error.message : String(error),
    })
  }
})
