import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { calibrateStress, periodReturns } from '../src/core/risk/tail.js'
import { readCsv } from '../src/io/csv.js'

const dir = process.env.XCOLLAT_DATA_DIR
// Golden values from the independent stdlib implementation test/golden/stress_calibration.py.
const golden = JSON.parse(
  readFileSync(new URL('./golden/stress_calibration.json', import.meta.url), 'utf8'),
) as Record<
  string,
  {
    file: string
    returns: number
    sigmaCalm: number
    sigmaStressed: number
    episodes: number
    episodeRate: number
    worstReturn: number
    tail: { threshold: number; xi: number; beta: number; zeta: number; exceedances: number }
  }
>

describe('calibrateStress on the data folder', () => {
  for (const asset of ['ETH', 'BTC', 'SOL', 'AVAX', 'MATIC']) {
    it.runIf(dir)(`reproduces the Python calibration of ${asset}`, async () => {
      const g = golden[asset]!
      const table = await readCsv(join(dir!, g.file))
      const times = table.rows.map((r) => Number(r.values.unix_ms) / 1000)
      const prices = table.rows.map((r) => Number(r.values.close))
      const c = calibrateStress({
        returns: periodReturns({ times, prices, periodSeconds: 3600 }),
        periodSeconds: 3600,
      })
      expect(c.returns).toBe(g.returns)
      expect(c.episodes).toBe(g.episodes)
      expect(c.tail.exceedances).toBe(g.tail.exceedances)
      for (const [got, want] of [
        [c.sigmaCalm, g.sigmaCalm],
        [c.sigmaStressed, g.sigmaStressed],
        [c.episodeRate, g.episodeRate],
        [c.worstReturn, g.worstReturn],
        [c.tail.threshold, g.tail.threshold],
        [c.tail.xi, g.tail.xi],
        [c.tail.beta, g.tail.beta],
        [c.tail.zeta, g.tail.zeta],
      ] as const)
        expect(got).toBeCloseTo(want, 9)
    })
  }
})
