import { z } from 'zod'

/**
 * The one shape every command prints under `--format json`: which command and version made it,
 * the seed of a random run, what it read (`inputs`: files and the options in effect), its
 * `result`, and the `warnings` and `assumptions` behind it. Bigints are decimal strings and
 * non-finite numbers strings ("Infinity"), so the output is plain JSON.
 *
 * @example
 * ```ts
 * envelopeSchema.parse(JSON.parse(stdout)).result
 * ```
 */
export const envelopeSchema = z
  .object({
    command: z.string().min(1).describe('the command that produced the output, e.g. "assess"'),
    version: z.string().min(1).describe('the xcollat version that produced it'),
    seed: z
      .string()
      .regex(/^\d+$/)
      .optional()
      .describe('the seed of a random run (reruns give the same result)'),
    inputs: z
      .record(z.string(), z.unknown())
      .describe('what the command read: files (config, data folder) and the options in effect'),
    result: z
      .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .describe('the command-specific result'),
    warnings: z.array(z.string()).describe('things the user should know that did not stop the run'),
    assumptions: z.array(z.string()).describe('assumptions behind the result, one per line'),
  })
  .strict()

/**
 * A parsed envelope (see {@link envelopeSchema}).
 *
 * @example
 * ```ts
 * const e: Envelope = { command: 'schema', version: '0.1.0', inputs: {}, result: {}, warnings: [], assumptions: [] }
 * ```
 */
export type Envelope = z.infer<typeof envelopeSchema>

/**
 * The JSON Schema of the envelope (`xcollat schema --of envelope`), from zod 4's `z.toJSONSchema`.
 *
 * @example
 * ```ts
 * envelopeJsonSchema().required // ['command', 'version', 'inputs', 'result', 'warnings', 'assumptions']
 * ```
 */
export function envelopeJsonSchema(): Record<string, unknown> {
  return {
    title: 'xcollat --format json output',
    ...z.toJSONSchema(envelopeSchema),
  }
}

/**
 * JSON text with bigints as decimal strings and non-finite numbers as strings, two-space indented
 * and newline-terminated.
 *
 * @example
 * ```ts
 * toJson({ seed: 42n, x: Infinity }) // '{\n  "seed": "42",\n  "x": "Infinity"\n}\n'
 * ```
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    2,
  )}\n`
}
