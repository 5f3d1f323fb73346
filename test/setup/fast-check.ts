/**
 * Global fast-check settings for every test file (vitest `setupFiles`).
 *
 * - A property never runs unbounded: generation stops after `FC_TIME_LIMIT_MS` (default 20 s)
 *   per property, and on the first failure fast-check reports the counterexample with its seed
 *   and path instead of shrinking without a time limit (`endOnFailure`). Set `FC_SHRINK=1`
 *   to shrink (still bounded by the time limit) when investigating a failure.
 * - `FC_SEED` replays a run: every property without its own `seed` uses it. `FC_NUM_RUNS`
 *   sets the number of runs of every property without its own `numRuns`.
 * - The seed of every property is printed by fast-check's report on failure
 *   (`{ seed: …, path: … }`); rerun with `FC_SEED=<seed> npx vitest run <file>`.
 */
import fc from 'fast-check'

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got '${raw}'`)
  return value
}

const seed = intFromEnv('FC_SEED')
const numRuns = intFromEnv('FC_NUM_RUNS')
const timeLimit = intFromEnv('FC_TIME_LIMIT_MS') ?? 20_000
const shrink = process.env.FC_SHRINK === '1'

fc.configureGlobal({
  ...(seed === undefined ? {} : { seed }),
  ...(numRuns === undefined ? {} : { numRuns }),
  interruptAfterTimeLimit: timeLimit,
  // A property interrupted by the time limit after some successful runs passes (a slow
  // machine runs fewer cases); one with no successful run fails.
  markInterruptAsFailure: false,
  endOnFailure: !shrink,
})
