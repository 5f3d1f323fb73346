/**
 * Per-file watchdog (vitest `setupFiles`): a test file that runs longer than
 * `XC_TEST_FILE_TIMEOUT_MS` (default 300 000 ms) ends its worker process, so a hang becomes a
 * failure of that file instead of a stalled suite. vitest's own `testTimeout` cannot stop
 * synchronous work (a shrinking property, a tight loop): the timer here runs on its own thread,
 * whose event loop is not blocked by the test, and kills the test process by its pid.
 * `XC_TEST_FILE_TIMEOUT_MS=0` disables it.
 */
import { Worker } from 'node:worker_threads'
import { afterAll, expect } from 'vitest'

const raw = process.env.XC_TEST_FILE_TIMEOUT_MS
const limitMs = raw === undefined || raw.trim() === '' ? 300_000 : Number(raw)
if (!Number.isFinite(limitMs) || limitMs < 0)
  throw new Error(`XC_TEST_FILE_TIMEOUT_MS must be a number of milliseconds ≥ 0, got '${raw}'`)

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads')
const { writeSync } = require('node:fs')
setTimeout(() => {
  writeSync(2, '\\nwatchdog: ' + workerData.file + ' ran past ' + workerData.limitMs +
    ' ms (XC_TEST_FILE_TIMEOUT_MS); ending its test process ' + workerData.pid + '\\n')
  process.kill(workerData.pid, 'SIGKILL')
}, workerData.limitMs)
`

if (limitMs > 0) {
  const file = expect.getState().testPath ?? 'a test file'
  const watchdog = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { file, limitMs, pid: process.pid },
    stdout: false,
    stderr: false,
  })
  // The watchdog never keeps the test process alive on its own.
  watchdog.unref()
  afterAll(async () => {
    await watchdog.terminate()
  })
}
