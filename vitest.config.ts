import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // fast-check bounded in time and reporting its seed; a per-file watchdog (300 s by default,
    // XC_TEST_FILE_TIMEOUT_MS) so that a hang fails the file instead of stalling the suite.
    setupFiles: ['test/setup/fast-check.ts', 'test/setup/watchdog.ts'],
    // builds dist/ once, for the tests that run the compiled bin
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 10_000,
  },
})
