import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NoDataDirError } from '../context.js'
import { BadOptionError } from '../options.js'
import { createProgram } from '../program.js'

const HEADER =
  'bridge,date_iso,date_corrected_iso,amount_lost_usd,chains,root_cause,validation_mechanism,validator_set_size,signing_threshold,amount_date_source,annotation_source'

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xcollat-bridges-'))
  await mkdir(join(dir, 'bridges'))
  await writeFile(
    join(dir, 'bridges', 'bridge_incidents.csv'),
    `${HEADER}\nA,2022-01-01,,10,,,multisig (2-of-5),5,2,s,a\nB,2022-02-01,,5,,,optimistic,,,s,a\n`,
  )
  return dir
}

describe('xcollat bridges calibrate', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })
  it('asks for a data directory when none is given', async () => {
    vi.stubEnv('XCOLLAT_DATA_DIR', '')
    await expect(
      (await createProgram()).parseAsync(['node', 'xcollat', 'bridges', 'calibrate']),
    ).rejects.toBeInstanceOf(NoDataDirError)
  })
  it('rejects an unknown format', async () => {
    await expect(
      (await createProgram()).parseAsync([
        'node',
        'xcollat',
        'bridges',
        'calibrate',
        '--data',
        '/x',
        '--format',
        'xml',
      ]),
    ).rejects.toBeInstanceOf(BadOptionError)
  })
  it('rejects a prior weight that is not a positive number of bridge-years', async () => {
    for (const weight of ['0', '-5', 'abc', 'Infinity']) {
      await expect(
        (await createProgram()).parseAsync([
          'node',
          'xcollat',
          'bridges',
          'calibrate',
          '--data',
          '/x',
          '--prior-weight',
          weight,
        ]),
      ).rejects.toMatchObject({ code: 'XC_BAD_OPTION' })
    }
  })
  it('prints the priors as JSON, honouring XCOLLAT_DATA_DIR', async () => {
    vi.stubEnv('XCOLLAT_DATA_DIR', await dataDir())
    const out: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk))
      return true
    })
    await (await createProgram()).parseAsync(['node', 'xcollat', 'bridges', 'calibrate', '--format', 'json'])
    const json = (
      JSON.parse(out.join('')) as {
        result: { incidents: number; priors: Array<{ bridgeClass: string; incidents: number }> }
      }
    ).result
    expect(json.incidents).toBe(2)
    expect(json.priors.map((p) => [p.bridgeClass, p.incidents])).toEqual([
      ['external', 1],
      ['optimistic', 1],
      ['lightClient', 0],
      ['native', 0],
    ])
  })
  it('prints a text table with the reasons', async () => {
    const out: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk))
      return true
    })
    await (await createProgram()).parseAsync([
      'node',
      'xcollat',
      'bridges',
      'calibrate',
      '--data',
      await dataDir(),
    ])
    const text = out.join('')
    expect(text).toContain('external')
    expect(text).toContain('Why:')
  })
})
