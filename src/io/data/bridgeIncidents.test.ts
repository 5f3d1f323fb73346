import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CsvError, csvTableFromText } from '../csv.js'
import { BridgeIncidentDataError, bridgeIncidentsFromTable, loadBridgeIncidents } from './bridgeIncidents.js'

const HEADER =
  'bridge,date_iso,date_corrected_iso,amount_lost_usd,chains,root_cause,validation_mechanism,validator_set_size,signing_threshold,amount_date_source,annotation_source'
const GOOD = [
  'Ronin,2022-03-01,2022-03-23,624000000,Ethereum; Ronin,keys,"external validator set / multisig-like (5-of-9)",9,5,src,ann',
  'Thorchain,2021-06-29,,140000,,,,,,src,',
].join('\n')

describe(bridgeIncidentsFromTable.name, () => {
  it('parses good rows, using the corrected date where given', () => {
    const rows = bridgeIncidentsFromTable(csvTableFromText('t.csv', `${HEADER}\n${GOOD}\n`))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      line: 2,
      bridge: 'Ronin',
      date: '2022-03-23',
      sourceDate: '2022-03-01',
      amountLostUsd: 624_000_000,
      chains: ['Ethereum', 'Ronin'],
      validatorSetSize: 9,
      signingThreshold: 5,
    })
    expect(rows[1]).toMatchObject({
      line: 3,
      chains: [],
      validationMechanism: '',
      validatorSetSize: undefined,
    })
  })
  it('reports every bad row with its line', () => {
    const text = [
      HEADER,
      GOOD,
      'X,2022-13-01,,5,,,,,,s,a',
      'Y,2022-01-01,,-5,,,,,,s,a',
      'Z,2022-01-01,,5,,,,3,4,s,a',
      ',2022-01-01,,5,,,,x,,s,a',
    ].join('\n')
    let caught: unknown
    try {
      bridgeIncidentsFromTable(csvTableFromText('t.csv', text))
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(BridgeIncidentDataError)
    const problems = (caught as BridgeIncidentDataError).problems
    expect(problems.some((p) => p.includes('line 4:'))).toBe(true)
    expect(problems.some((p) => p.includes('line 5:'))).toBe(true)
    expect(problems.some((p) => p.includes('line 6:'))).toBe(true)
    expect(problems.filter((p) => p.includes('line 7:'))).toHaveLength(2) // empty bridge and bad set size
    expect((caught as BridgeIncidentDataError).code).toBe('XC_BRIDGE_INCIDENT_DATA')
  })
  it('names a missing column', () => {
    expect(() =>
      bridgeIncidentsFromTable(csvTableFromText('t.csv', 'bridge,date_iso\nA,2022-01-01\n')),
    ).toThrow(BridgeIncidentDataError)
  })
})

describe(loadBridgeIncidents.name, () => {
  it('reads bridges/bridge_incidents.csv under a data directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xcollat-incidents-'))
    await mkdir(join(dir, 'bridges'))
    await writeFile(join(dir, 'bridges', 'bridge_incidents.csv'), `${HEADER}\n${GOOD}\n`)
    expect(await loadBridgeIncidents(dir)).toHaveLength(2)
  })
  it('fails with CsvError when the file is missing', async () => {
    await expect(loadBridgeIncidents('/nonexistent-xcollat-dir')).rejects.toBeInstanceOf(CsvError)
  })
})
