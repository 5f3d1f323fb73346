import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { XcollatError } from '../core/errors.js'

/**
 * How files are chunked into a UnixFS DAG: kubo's defaults for `ipfs add --cid-version=1`
 * (fixed 262,144-byte chunks, raw leaves, a balanced tree of at most 174 links per node). A file
 * of one chunk is its own raw block, so its CID is the raw-codec CID of its bytes.
 *
 * @example
 * ```ts
 * CHUNKER.chunkSizeBytes // 262144
 * ```
 */
export const CHUNKER = {
  name: 'size-262144',
  chunkSizeBytes: 262_144,
  maxChildrenPerNode: 174,
  rawLeaves: true,
  layout: 'balanced',
} as const

/** A file's content address and plain digest. */
export type ContentHash = {
  /** CIDv1, base32 (`bafk…` for one chunk, `bafy…` for a UnixFS DAG). */
  readonly cid: string
  /** Hex SHA-256 of the whole file. */
  readonly sha256: string
  readonly bytes: number
  /** `raw` (one chunk) or `dag-pb` (a UnixFS DAG of raw leaves). */
  readonly codec: 'raw' | 'dag-pb'
}

/**
 * A file cannot be read for hashing. Code `XC_CONTENT_FILE`.
 *
 * @example
 * ```ts
 * throw new ContentFileError('report.md', 'ENOENT')
 * ```
 */
export class ContentFileError extends XcollatError {
  override name = 'ContentFileError'
  constructor(file: string, reason: string) {
    super(`Cannot read ${file}: ${reason}.`, {
      code: 'XC_CONTENT_FILE',
      instruction: 'Pass the path of an existing, readable file.',
    })
  }
}

/**
 * A text is not a CID. Code `XC_INVALID_CID`.
 *
 * @example
 * ```ts
 * throw new InvalidCidError('bafy…', 'Non-base32 character')
 * ```
 */
export class InvalidCidError extends XcollatError {
  override name = 'InvalidCidError'
  constructor(text: string, reason: string) {
    super(`${JSON.stringify(text.slice(0, 100))} is not a CID: ${reason}.`, {
      code: 'XC_INVALID_CID',
      instruction: 'Pass the CID `xcollat publish` printed (base32, starting with b).',
    })
  }
}

/**
 * A file's content does not have the CID it should: it was changed, or it is another file.
 * Code `XC_CID_MISMATCH`.
 *
 * @example
 * ```ts
 * throw new CidMismatchError('report.md', 'bafkexpected', 'bafkfound')
 * ```
 */
export class CidMismatchError extends XcollatError {
  override name = 'CidMismatchError'
  constructor(file: string, expected: string, found: string) {
    super(`${file} does not match ${expected}: its CID is ${found}.`, {
      code: 'XC_CID_MISMATCH',
      instruction: 'The file was changed or is not the one published; fetch the published file again.',
    })
  }
}

/**
 * The CIDv1 of bytes held in memory: the raw-codec CID of their SHA-256 (multiformats) when
 * they fit one chunk, else the root of their UnixFS DAG (ipfs-unixfs-importer, {@link CHUNKER}).
 *
 * @example
 * ```ts
 * await cidOfBytes(new TextEncoder().encode('hello world\n')) // 'bafkrei…'
 * ```
 */
export async function cidOfBytes(bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength <= CHUNKER.chunkSizeBytes)
    return CID.create(1, raw.code, await sha256.digest(bytes)).toString()
  return (await dagRoot([bytes])).toString()
}

async function dagRoot(content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<CID> {
  // Only the root CID is wanted: the blocks are hashed and dropped.
  const discard: Parameters<typeof importer>[1] = { put: async (cid) => cid }
  let root: CID | undefined
  for await (const entry of importer([{ content }], discard, {
    cidVersion: 1,
    rawLeaves: CHUNKER.rawLeaves,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNKER.chunkSizeBytes }),
    layout: balanced({ maxChildrenPerNode: CHUNKER.maxChildrenPerNode }),
  }))
    root = entry.cid
  if (root === undefined) throw new ContentFileError('(content)', 'the importer produced no root')
  return root
}

/**
 * The content hash of a file: CIDv1 as {@link cidOfBytes}, streamed through the importer when
 * the file is larger than one chunk, and its plain SHA-256.
 *
 * @example
 * ```ts
 * const { cid, sha256, bytes } = await hashFile('report.md')
 * ```
 */
export async function hashFile(file: string): Promise<ContentHash> {
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new ContentFileError(file, 'not a regular file')
    size = info.size
  } catch (error) {
    if (error instanceof ContentFileError) throw error
    throw new ContentFileError(file, (error as { code?: string }).code ?? String(error))
  }
  try {
    if (size <= CHUNKER.chunkSizeBytes) {
      const bytes = await readFile(file)
      return {
        cid: await cidOfBytes(bytes),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.byteLength,
        codec: 'raw',
      }
    }
    const digest = createHash('sha256')
    let bytes = 0
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
        digest.update(chunk)
        bytes += chunk.byteLength
        yield chunk
      }
    }
    const root = await dagRoot(chunks())
    return { cid: root.toString(), sha256: digest.digest('hex'), bytes, codec: 'dag-pb' }
  } catch (error) {
    if (error instanceof XcollatError) throw error
    throw new ContentFileError(file, (error as { code?: string }).code ?? String(error))
  }
}

/**
 * Parses a CID (any multibase multiformats reads without a decoder: base32 `b…`, base58btc
 * `z…`/`Qm…`), or an {@link InvalidCidError}.
 *
 * @example
 * ```ts
 * parseCid('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').version // 1
 * ```
 */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text.trim())
  } catch (error) {
    throw new InvalidCidError(text, error instanceof Error ? error.message : String(error))
  }
}

/**
 * Checks that a file has the CID given, or throws {@link CidMismatchError}. Returns the hash.
 *
 * @example
 * ```ts
 * await verifyFile('report.md', 'bafkrei…') // throws CidMismatchError when the file changed
 * ```
 */
export async function verifyFile(file: string, expected: string): Promise<ContentHash> {
  const want = parseCid(expected)
  const got = await hashFile(file)
  if (!parseCid(got.cid).equals(want)) throw new CidMismatchError(file, expected.trim(), got.cid)
  return got
}
