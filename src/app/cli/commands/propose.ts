import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { assess } from '../../../core/assess/assess.js'
import { isoDate } from '../../../core/governance/check.js'
import {
  type ChangeEnvelope,
  ENVELOPE_PRESETS,
  envelopePreset,
  GOVERNED_PARAMETERS,
  type GovernedParameter,
} from '../../../core/governance/envelope.js'
import { type ChangePlan, planChanges, type SubjectChange } from '../../../core/governance/plan.js'
import { proposalChanges, type TargetOverride } from '../../../core/governance/proposal.js'
import { parseFractionWad } from '../../../core/units/decimal.js'
import { hashFile } from '../../../io/cid.js'
import { commandAction } from '../context.js'
import { type Rows, renderRows } from '../format/render.js'
import { BadOptionError, choiceOption, dataOption, formatOption } from '../options.js'

const FORMATS = ['table', 'json', 'md'] as const

type ProposeOptions = {
  readonly change: readonly string[]
  readonly envelope: string
  readonly from?: string | undefined
  readonly lastUpdates?: string | undefined
  readonly format: (typeof FORMATS)[number]
  readonly out?: string | undefined
  readonly data?: string | undefined
}

const ALIASES: Readonly<Record<string, GovernedParameter>> = {
  lt: 'liquidationThreshold',
  bonus: 'liquidationBonus',
  ...Object.fromEntries(GOVERNED_PARAMETERS.map((p) => [p, p])),
}
const BPS_PARAMETERS: readonly GovernedParameter[] = ['ltv', 'liquidationThreshold', 'liquidationBonus']
const CHANGE_SHAPE =
  '[MARKET/]ROUTE.PARAM=VALUE (weth-eth-arb-canonical.lt=80%, arbitrum-spoke/weth.supplyCap=+150%)'

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value]
}

/** `[MARKET/]ROUTE.PARAM=VALUE`: a percentage, bps or fraction for LTV/LT/bonus; a whole number or ±N% for caps. */
function parseChange(text: string): TargetOverride {
  const m = /^(?:([^/=]+)\/)?([^/=]+)\.([A-Za-z]+)=(.+)$/.exec(text.trim())
  const parameter = m?.[3] === undefined ? undefined : ALIASES[m[3]]
  if (!m || m[2] === undefined || m[4] === undefined || parameter === undefined)
    throw new BadOptionError(
      '--change',
      CHANGE_SHAPE,
      text,
      `Pass --change as ${CHANGE_SHAPE}; PARAM one of lt, ltv, bonus, ${GOVERNED_PARAMETERS.slice(3).join(', ')}.`,
    )
  const raw = m[4].trim()
  const base = { route: m[2], ...(m[1] === undefined ? {} : { market: m[1] }), parameter }
  if (/^[+-]/.test(raw)) {
    const rel = /^([+-])(\d+(?:\.\d{1,2})?)%$/.exec(raw)
    if (!rel?.[2])
      throw new BadOptionError('--change', 'a relative change as +N% or -N% (at most 2 decimals)', raw)
    const bps = BigInt(Math.round(Number(rel[2]) * 100))
    return { ...base, value: { kind: 'relative', bps: rel[1] === '-' ? -bps : bps } }
  }
  if (BPS_PARAMETERS.includes(parameter)) {
    let wad: bigint
    try {
      wad = parseFractionWad(raw)
    } catch {
      throw new BadOptionError(
        '--change',
        'a fraction (0.8), a percentage (80%) or basis points (8000bps)',
        raw,
      )
    }
    if (wad % 10n ** 14n !== 0n || wad < 0n)
      throw new BadOptionError('--change', 'a value in whole basis points (80.25%, not 80.255%)', raw)
    return { ...base, value: { kind: 'absolute', value: wad / 10n ** 14n } }
  }
  if (!/^\d+$/.test(raw))
    throw new BadOptionError('--change', `a whole number for ${parameter}, or +N% / -N%`, raw)
  return { ...base, value: { kind: 'absolute', value: BigInt(raw) } }
}

function parseDate(option: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text.trim())
    ? Date.parse(text.trim())
    : Number.NaN
  if (Number.isNaN(ms))
    throw new BadOptionError(option, 'an ISO date (2026-12-07 or 2026-12-07T12:00:00Z)', text)
  return Math.floor(ms / 1000)
}

type LastUpdates = Readonly<Record<string, Partial<Record<GovernedParameter, number>>>>

async function readLastUpdates(file: string): Promise<LastUpdates> {
  const shape = '{ "MARKET/ROUTE": { "liquidationThreshold": "2026-12-01T00:00:00Z", … } }'
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new BadOptionError(
      '--last-updates',
      `a readable JSON file ${shape}`,
      `${file} (${(error as { code?: string }).code ?? 'not JSON'})`,
    )
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new BadOptionError('--last-updates', `a JSON object ${shape}`, file)
  const out: Record<string, Partial<Record<GovernedParameter, number>>> = {}
  for (const [subject, entry] of Object.entries(json)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new BadOptionError('--last-updates', `an object of dates for ${subject}`, JSON.stringify(entry))
    const dates: Partial<Record<GovernedParameter, number>> = {}
    for (const [name, date] of Object.entries(entry)) {
      const parameter = ALIASES[name]
      if (parameter === undefined || typeof date !== 'string')
        throw new BadOptionError(
          '--last-updates',
          `a parameter name and an ISO date under ${subject}`,
          `${name}: ${JSON.stringify(date)}`,
        )
      dates[parameter] = parseDate('--last-updates', date)
    }
    out[subject] = dates
  }
  return out
}

const pct = (v: bigint) => `${(Number(v) / 100).toFixed(2)} %`
const usd = (v: bigint) => `$${v.toLocaleString('en-US')}`
const show = (p: GovernedParameter, v: bigint) => (BPS_PARAMETERS.includes(p) ? pct(v) : usd(v))
const day = (t: number) => isoDate(t).replace('.000Z', 'Z')

function scheduleRows(plan: ChangePlan): Rows {
  return {
    columns: [
      { header: 'date (UTC)' },
      { header: 'subject' },
      { header: 'parameter' },
      { header: 'step', align: 'right' },
      { header: 'from', align: 'right' },
      { header: 'to', align: 'right' },
      { header: 'note' },
    ],
    rows: plan.schedule.flatMap((u) =>
      u.steps.map((s) => {
        const total = plan.parameters.find((x) => x.subject === s.subject && x.parameter === s.parameter)
          ?.steps.length
        const note = [
          s.ramp === undefined ? '' : `linear ramp until ${day(s.ramp.endsAt)}`,
          s.expiresAt === undefined ? '' : `lapses ${day(s.expiresAt)}`,
        ]
          .filter(Boolean)
          .join('; ')
        return [
          day(s.at),
          s.subject,
          s.parameter,
          `${s.index}/${total}`,
          show(s.parameter, s.from),
          show(s.parameter, s.to),
          note,
        ]
      }),
    ),
  }
}

function summaryRows(plan: ChangePlan): Rows {
  return {
    columns: [
      { header: 'subject' },
      { header: 'parameter' },
      { header: 'current', align: 'right' },
      { header: 'target', align: 'right' },
      { header: 'steps', align: 'right' },
      { header: 'first', align: 'right' },
      { header: 'done', align: 'right' },
    ],
    rows: plan.parameters.map((x) => [
      x.subject,
      x.parameter,
      show(x.parameter, x.current),
      show(x.parameter, x.target),
      x.steps.length,
      day(x.steps[0]!.at),
      day(x.completesAt),
    ]),
  }
}

function envelopeLine(e: ChangeEnvelope): string {
  return `Envelope ${e.name}: ${e.description}. Source: ${e.source} (as of ${e.asOf}).`
}

function formatTable(
  plan: ChangePlan,
  e: ChangeEnvelope,
  skipped: readonly { subject: string; reason: string }[],
): string {
  const lines = [
    envelopeLine(e),
    '',
    'Changes',
    ...renderRows(summaryRows(plan), 'table'),
    '',
    'Schedule',
    ...renderRows(scheduleRows(plan), 'table'),
  ]
  if (skipped.length > 0) lines.push('', 'Left out', ...skipped.map((s) => `- ${s.subject}: ${s.reason}`))
  return `${lines.join('\n')}\n`
}

function formatMarkdown(
  plan: ChangePlan,
  e: ChangeEnvelope,
  skipped: readonly { subject: string; reason: string }[],
  config: { file: string; cid: string },
): string {
  const lines = [
    `# Risk parameter proposal under \`${e.name}\``,
    '',
    `Every step below stays within the change envelope \`${e.name}\`: ${e.description}.`,
    `Source: ${e.source} (as of ${e.asOf}).`,
    '',
    `The plan starts ${day(plan.from)} and completes ${day(plan.completesAt)}. Configuration \`${config.file}\`, CIDv1 \`${config.cid}\` (\`xcollat verify ${config.file} ${config.cid}\`).`,
    '',
    '## The change',
    '',
    ...renderRows(summaryRows(plan), 'md'),
    '',
  ]
  for (const [subject, terms] of Object.entries(plan.why)) {
    if (!plan.parameters.some((x) => x.subject === subject)) continue
    lines.push(
      `## Why: ${subject}`,
      '',
      'The terms of the assessment behind the target (`xcollat assess` lists them all):',
      '',
    )
    lines.push(
      ...renderRows(
        {
          columns: [
            { header: 'term' },
            { header: 'value', align: 'right' },
            { header: 'formula' },
            { header: 'source' },
          ],
          rows: terms.map((t) => [
            t.term,
            Number(t.value.toPrecision(6)).toString(),
            t.formula,
            t.source ?? '',
          ]),
        },
        'md',
      ),
      '',
    )
  }
  lines.push('## Schedule', '', ...renderRows(scheduleRows(plan), 'md'), '')
  if (skipped.length > 0)
    lines.push('## Left out', '', ...skipped.map((s) => `- ${s.subject}: ${s.reason}`), '')
  if (e.assumptions.length > 0) lines.push('## Assumptions', '', ...e.assumptions.map((a) => `- ${a}`), '')
  return `${lines.join('\n')}`
}

/**
 * Registers `xcollat propose <config> [--change [MARKET/]ROUTE.PARAM=VALUE …] [--envelope NAME]
 * [--from DATE] [--last-updates FILE] [--format table|json|md] [--out FILE] [--data DIR]`: the
 * change from each market's current parameters to the recommendation (or to the `--change`
 * targets), planned as steps that each stay within the envelope, dated from `--from`.
 *
 * @example
 * ```ts
 * register(program) // then: xcollat propose examples/small.yaml --change weth-eth-arb-canonical.lt=80% --from 2026-12-07
 * ```
 */
export function register(program: Command): void {
  program
    .command('propose')
    .description('Plan a change of parameters as steps within a change envelope (Aave risk steward, …)')
    .argument('<config>', 'protocol configuration (YAML or JSON) with the markets’ current parameters')
    .option(
      '--change <spec>',
      `a target by hand, ${CHANGE_SHAPE} (repeatable; default: the recommendations)`,
      collect,
      [],
    )
    .addOption(
      choiceOption(
        '--envelope <name>',
        'the change envelope',
        Object.keys(ENVELOPE_PRESETS),
        'aave-risk-steward',
      ),
    )
    .option('--from <date>', 'earliest date of the first step, ISO (default: now)')
    .option('--last-updates <file>', 'JSON: the last update date of each parameter, by MARKET/ROUTE')
    .addOption(formatOption(FORMATS, 'table'))
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .addOption(dataOption("data folder that assets' volatilitySeries files are read from"))
    .action(
      commandAction(async (ctx, o: ProposeOptions, file: string) => {
        const overrides = o.change.map(parseChange)
        const envelope = envelopePreset(o.envelope)
        const from = o.from === undefined ? Math.floor(Date.now() / 1000) : parseDate('--from', o.from)
        const registry = await ctx.loadRegistry(file)
        if (o.lastUpdates !== undefined) ctx.addInput('lastUpdates', o.lastUpdates)
        const last = o.lastUpdates === undefined ? {} : await readLastUpdates(o.lastUpdates)
        const { changes, skipped } = proposalChanges({ report: assess(registry), overrides })
        const dated: SubjectChange[] = changes.map((c) =>
          last[c.subject] === undefined ? c : { ...c, lastUpdatedAt: last[c.subject] },
        )
        for (const s of skipped) ctx.warn(`${s.subject} left out: ${s.reason}`)
        const plan = planChanges({ envelope, changes: dated, from })
        const config = { file, cid: (await hashFile(file)).cid }
        if (o.format === 'json')
          await ctx.writeEnvelope(o.out, {
            options: { envelope: envelope.name, from: day(from), change: o.change, format: o.format },
            result: {
              envelope: {
                name: envelope.name,
                description: envelope.description,
                source: envelope.source,
                asOf: envelope.asOf,
              },
              config,
              plan: { ...plan, from: day(plan.from), completesAt: day(plan.completesAt) },
              skipped,
            },
            assumptions: envelope.assumptions,
          })
        else
          await ctx.writeOutput(
            o.out,
            o.format === 'md'
              ? formatMarkdown(plan, envelope, skipped, config)
              : formatTable(plan, envelope, skipped),
          )
        return undefined
      }),
    )
}
