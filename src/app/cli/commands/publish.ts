import type { Command } from 'commander'
import { CHUNKER, type ContentHash, hashFile, verifyFile } from '../../../io/cid.js'
import { commandAction } from '../context.js'
import { toJson } from '../envelope.js'
import { BadOptionError, formatOption } from '../options.js'
import { packageVersion } from '../version.js'

/**
 * What `xcollat publish` writes beside a file: its content address, digest and size, when and by
 * which version it was published, how it was chunked, and the content address of each input it
 * was built from, so an auditor can check that they rebuild the same numbers.
 *
 * @example
 * ```ts
 * const m: PublishManifest = { cid: 'bafkrei…', sha256: 'a948…', bytes: 12, createdAt: '2026-12-04T19:00:00.000Z',
 *   xcollatVersion: '0.1.0', file: 'report.md', chunker: 'size-262144, raw leaves, balanced 174', inputs: {} }
 * ```
 */
export type PublishManifest = {
  readonly cid: string
  readonly sha256: string
  readonly bytes: number
  readonly createdAt: string
  readonly xcollatVersion: string
  readonly file: string
  readonly chunker: string
  readonly inputs: Readonly<
    Record<string, { readonly file: string; readonly cid: string; readonly sha256: string }>
  >
}

type PublishOptions = {
  readonly format: 'text' | 'json'
  /** A path, or false with `--no-manifest`. */
  readonly manifest: string | boolean
  readonly input: readonly string[]
}

const CHUNKER_TEXT = `${CHUNKER.name}, raw leaves, ${CHUNKER.layout} ${CHUNKER.maxChildrenPerNode} links per node, CIDv1 sha2-256 base32`

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value]
}

function parseInput(text: string): { role: string; file: string } {
  const at = text.indexOf('=')
  if (at <= 0 || at === text.length - 1)
    throw new BadOptionError('--input', 'ROLE=FILE (config=protocol.yaml)', text)
  return { role: text.slice(0, at), file: text.slice(at + 1) }
}

/**
 * Registers `xcollat publish FILE [--input ROLE=FILE …] [--manifest OUT | --no-manifest]
 * [--format text|json]`: prints the file's CIDv1 and writes its manifest (default `FILE.cid.json`).
 *
 * @example
 * ```ts
 * registerPublish(program) // then: xcollat publish report.md
 * ```
 */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('Print the CIDv1 of a file (as `ipfs add --cid-version=1` gives it) and write its manifest')
    .argument('<file>', 'the file to publish (a report, a proposal, a configuration)')
    .option(
      '--input <role=file>',
      'a file it was built from, hashed into the manifest (repeatable)',
      collect,
      [],
    )
    .option('--manifest <file>', 'where to write the manifest (default: FILE.cid.json)')
    .option('--no-manifest', 'print the CID only, write no manifest')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: PublishOptions, file: string) => {
        const inputs = o.input.map(parseInput)
        ctx.addInput('file', file)
        for (const i of inputs) ctx.addInput(`input:${i.role}`, i.file)
        const hash: ContentHash = await hashFile(file)
        const hashed: Record<string, { file: string; cid: string; sha256: string }> = {}
        for (const i of inputs) {
          const h = await hashFile(i.file)
          hashed[i.role] = { file: i.file, cid: h.cid, sha256: h.sha256 }
        }
        const manifest: PublishManifest = {
          cid: hash.cid,
          sha256: hash.sha256,
          bytes: hash.bytes,
          createdAt: new Date().toISOString(),
          xcollatVersion: packageVersion(),
          file,
          chunker: CHUNKER_TEXT,
          inputs: hashed,
        }
        if (o.manifest !== false)
          await ctx.writeOutput(
            typeof o.manifest === 'string' ? o.manifest : `${file}.cid.json`,
            toJson(manifest),
          )
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, { result: manifest, options: { format: o.format } })
        else await ctx.writeOutput(undefined, `${hash.cid}\n`)
        return undefined
      }),
    )
}

type VerifyOptions = { readonly format: 'text' | 'json' }

/**
 * Registers `xcollat verify FILE CID [--format text|json]`: exit 0 when the file has that CID,
 * else `XC_CID_MISMATCH` (exit 2) naming the CID it has.
 *
 * @example
 * ```ts
 * registerVerify(program) // then: xcollat verify report.md bafkrei…
 * ```
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check that a file has the CID it was published with')
    .argument('<file>', 'the file to check')
    .argument('<cid>', 'the CID it was published with')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      commandAction(async (ctx, o: VerifyOptions, file: string, cid: string) => {
        ctx.addInput('file', file)
        const hash = await verifyFile(file, cid)
        if (o.format === 'json')
          await ctx.writeEnvelope(undefined, {
            result: { file, cid: hash.cid, sha256: hash.sha256, bytes: hash.bytes, match: true },
            options: { cid, format: o.format },
          })
        else await ctx.writeOutput(undefined, `ok ${file} ${hash.cid}\n`)
        return undefined
      }),
    )
}
