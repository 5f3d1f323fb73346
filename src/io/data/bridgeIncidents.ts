import { join } from 'node:path'
import { z } from 'zod'
import { XcollatError } from '../../core/errors.js'
import { type CsvTable, readCsv } from '../csv.js'

/** One bridge incident, as recorded in `bridges/bridge_incidents.csv`. */
export type BridgeIncident = {
  /** 1-based line in the file. */
  readonly line: number
  readonly bridge: string
  /** Date of the incident (ISO, YYYY-MM-DD), corrected where the file gives a correction. */
  readonly date: string
  /** The source's own date, before correction. */
  readonly sourceDate: string
  readonly amountLostUsd: number
  readonly chains: readonly string[]
  readonly rootCause: string
  /** Free text; empty when the row is not annotated. */
  readonly validationMechanism: string
  readonly validatorSetSize: number | undefined
  readonly signingThreshold: number | undefined
  readonly amountDateSource: string
  readonly annotationSource: string
}

/**
 * Rows of the incident file that fail validation, each named by its line. Code `XC_BRIDGE_INCIDENT_DATA`.
 *
 * @example
 * ```ts
 * try { await loadBridgeIncidents(dir) } catch (e) {
 *   if (e instanceof BridgeIncidentDataError) for (const p of e.problems) console.error(p)
 * }
 * ```
 */
export class BridgeIncidentDataError extends XcollatError {
  override name = 'BridgeIncidentDataError'
  constructor(file: string, problems: readonly string[]) {
    super(`${file}: ${problems.length} invalid row(s): ${problems.slice(0, 3).join('; ')}`, {
      code: 'XC_BRIDGE_INCIDENT_DATA',
      instruction: 'Correct the rows named (line numbers are 1-based, the header is line 1).',
      problems: problems.map((p) => `${file}: ${p}`),
    })
  }
}

const REQUIRED = [
  'bridge',
  'date_iso',
  'date_corrected_iso',
  'amount_lost_usd',
  'chains',
  'root_cause',
  'validation_mechanism',
  'validator_set_size',
  'signing_threshold',
  'amount_date_source',
  'annotation_source',
] as const

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a calendar date',
    },
  )
const optionalCount = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === '') return undefined
    const n = Number(s)
    if (!Number.isInteger(n) || n < 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a positive integer or nothing, got ${JSON.stringify(s)}`,
      })
      return z.NEVER
    }
    return n
  })

const rowSchema = z
  .object({
    bridge: z.string().trim().min(1, 'the bridge name is empty'),
    date_iso: isoDate,
    date_corrected_iso: z.union([z.literal(''), isoDate]),
    amount_lost_usd: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'expected a non-negative number of USD')
      .transform(Number),
    chains: z.string(),
    root_cause: z.string(),
    validation_mechanism: z.string(),
    validator_set_size: optionalCount,
    signing_threshold: optionalCount,
    amount_date_source: z.string(),
    annotation_source: z.string(),
  })
  .refine(
    (r) =>
      r.validator_set_size === undefined ||
      r.signing_threshold === undefined ||
      r.signing_threshold <= r.validator_set_size,
    { message: 'signing_threshold exceeds validator_set_size', path: ['signing_threshold'] },
  )

/**
 * Validates the rows of an incident table (zod). Every bad row is reported with its line and
 * field; if any row is bad, nothing is returned and `BridgeIncidentDataError` lists them all.
 *
 * @example
 * ```ts
 * const incidents = bridgeIncidentsFromTable(csvTableFromText('x.csv', text))
 * ```
 */
export function bridgeIncidentsFromTable(table: CsvTable): readonly BridgeIncident[] {
  const missing = REQUIRED.filter((c) => !table.header.includes(c))
  if (missing.length > 0)
    throw new BridgeIncidentDataError(table.file, [`missing column(s): ${missing.join(', ')}`])
  const problems: string[] = []
  const incidents: BridgeIncident[] = []
  for (const row of table.rows) {
    const parsed = rowSchema.safeParse(row.values)
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`line ${row.line}: ${issue.path.join('.') || 'row'}: ${issue.message}`)
      continue
    }
    const r = parsed.data
    incidents.push({
      line: row.line,
      bridge: r.bridge,
      date: r.date_corrected_iso === '' ? r.date_iso : r.date_corrected_iso,
      sourceDate: r.date_iso,
      amountLostUsd: r.amount_lost_usd,
      chains: r.chains
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
      rootCause: r.root_cause,
      validationMechanism: r.validation_mechanism.trim(),
      validatorSetSize: r.validator_set_size,
      signingThreshold: r.signing_threshold,
      amountDateSource: r.amount_date_source,
      annotationSource: r.annotation_source,
    })
  }
  if (problems.length > 0) throw new BridgeIncidentDataError(table.file, problems)
  return incidents
}

/** Path of the incident file inside a data directory. @example `bridgeIncidentsPath('/data') // '/data/bridges/bridge_incidents.csv'` */
export function bridgeIncidentsPath(dataDir: string): string {
  return join(dataDir, 'bridges', 'bridge_incidents.csv')
}

/**
 * Reads and validates `bridges/bridge_incidents.csv` under a data directory (given by the caller:
 * a `--data` option or `XCOLLAT_DATA_DIR`, never a built-in path).
 *
 * @example
 * ```ts
 * const incidents = await loadBridgeIncidents(dataDir)
 * incidents.find((i) => i.bridge === 'Ronin')?.amountLostUsd // 624000000
 * ```
 */
export async function loadBridgeIncidents(dataDir: string): Promise<readonly BridgeIncident[]> {
  return bridgeIncidentsFromTable(await readCsv(bridgeIncidentsPath(dataDir)))
}
