import { describe, expect, it } from 'vitest'
import { calibrateClassPriors } from '../src/core/trust/trackRecord.js'
import { loadBridgeIncidents } from '../src/io/data/bridgeIncidents.js'

// Runs only with the development data: XCOLLAT_DATA_DIR=/path/to/shared/data npx vitest run test/
const dataDir = process.env.XCOLLAT_DATA_DIR

describe('bridge_incidents.csv (real file)', () => {
  it.runIf(dataDir)('loads every row and matches the file', async () => {
    const incidents = await loadBridgeIncidents(dataDir as string)
    // PROVENANCE.md §6: "bridge_incidents.csv (33 rows)".
    expect(incidents).toHaveLength(33)
    // Ronin: 624,000,000 USD, date corrected to 2022-03-23 from the l2beat milestone (PROVENANCE §6).
    const ronin = incidents.find((i) => i.bridge === 'Ronin')
    expect(ronin).toMatchObject({
      amountLostUsd: 624_000_000,
      date: '2022-03-23',
      validatorSetSize: 9,
      signingThreshold: 5,
    })
    // Total of amount_lost_usd, summed with python3's csv module: 3,149,040,000.
    expect(incidents.reduce((a, i) => a + i.amountLostUsd, 0)).toBe(3_149_040_000)
  })

  it.runIf(dataDir)(
    'classifies the file as 31 external (6 annotated, 25 by rule), 1 optimistic, 1 light client',
    async () => {
      // Counted with python3's csv module: 19 rows have no mechanism, 6 say "contract logic (…)",
      // and the 8 annotated ones are 6 external/multisig/MPC, Nomad (optimistic), BNB (light client).
      const incidents = await loadBridgeIncidents(dataDir as string)
      const priors = calibrateClassPriors({ incidents })
      expect(priors.map((p) => [p.bridgeClass, p.incidents, p.byAnnotation, p.byRule])).toEqual([
        ['external', 31, 6, 25],
        ['optimistic', 1, 1, 0],
        ['lightClient', 1, 1, 0],
        ['native', 0, 0, 0],
      ])
    },
  )
})
