import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

describe('per-file watchdog', () => {
  it('turns a synchronous hang into a failed run that names the file', () => {
    // spawnSync's timeout kills the child if the watchdog did not (the child never outlives the test).
    const r = spawnSync(
      process.execPath,
      [vitestBin, 'run', '--config', 'test/fixtures/hang/vitest.config.ts', '--reporter', 'dot'],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', XC_TEST_FILE_TIMEOUT_MS: '2000' },
        timeout: 50_000,
        killSignal: 'SIGKILL',
      },
    )
    expect(r.signal).toBeNull() // ended by the watchdog, not by the guard above
    expect(r.status).toBe(1)
    expect(r.stdout + r.stderr).toMatch(/watchdog: .*hang\.fixture\.ts ran past 2000 ms/)
  })
})
