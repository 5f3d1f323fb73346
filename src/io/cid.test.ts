import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CHUNKER,
  CidMismatchError,
  cidOfBytes,
  hashFile,
  InvalidCidError,
  parseCid,
  verifyFile,
} from './cid.js'

// An independent CIDv1, written from the specs (multiformats/cid, multicodec, multihash,
// multibase, RFC 4648), sharing no code with multiformats or ipfs-unixfs-importer:
// <0x01 version><codec varint><0x12 sha2-256><0x20 length><digest>, base32 lower-case without
// padding, prefixed by the multibase code 'b'.
const RAW = 0x55
const DAG_PB = 0x70

function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

const sha = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest())

function cidBytes(codec: number, content: Uint8Array): Uint8Array {
  return new Uint8Array([0x01, codec, 0x12, 0x20, ...sha(content)])
}

function handCid(codec: number, content: Uint8Array): string {
  return `b${base32(cidBytes(codec, content))}`
}

// Protobuf by hand (varints, length-delimited fields) for the dag-pb root of a multi-chunk
// file: PBNode { Links (field 2) first, then Data (field 1) }, each PBLink { Hash (1), Name (2)
// empty, Tsize (3) }, and Data the UnixFS message { Type (1) = File (2), filesize (3),
// blocksizes (4, repeated, not packed) } (dag-pb and UnixFS specs).
function varint(n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return out
}
const field = (tag: number, body: readonly number[]) => [tag, ...varint(body.length), ...body]

function handDagPbRoot(chunks: readonly Uint8Array[]): string {
  const links = chunks.flatMap((c) =>
    field(0x12, [...field(0x0a, [...cidBytes(RAW, c)]), ...field(0x12, []), 0x18, ...varint(c.length)]),
  )
  const total = chunks.reduce((s, c) => s + c.length, 0)
  const unixfs = [0x08, 0x02, 0x18, ...varint(total), ...chunks.flatMap((c) => [0x20, ...varint(c.length)])]
  const node = new Uint8Array([...links, ...field(0x0a, unixfs)])
  return handCid(DAG_PB, node)
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-cid-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fileWith = (name: string, content: Uint8Array | string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe(cidOfBytes.name, () => {
  it('gives the raw CIDv1 of the empty file, as published by IPFS and computed by hand', async () => {
    const empty = new Uint8Array()
    // `ipfs add --cid-version=1 --raw-leaves` of an empty file (the CID of sha-256 e3b0c442…).
    expect(handCid(RAW, empty)).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
    expect(await cidOfBytes(empty)).toBe(handCid(RAW, empty))
    expect((await hashFile(fileWith('empty', ''))).cid).toBe(handCid(RAW, empty))
  })

  it('gives the raw CIDv1 of "hello world\\n" computed by hand', async () => {
    const bytes = new TextEncoder().encode('hello world\n')
    const hash = await hashFile(fileWith('hello.txt', bytes))
    expect(hash.cid).toBe(handCid(RAW, bytes))
    expect(hash.sha256).toBe('a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447')
    expect(hash.bytes).toBe(12)
    expect(hash.codec).toBe('raw')
  })

  it('gives a report its raw CIDv1 computed by hand', async () => {
    const report = new TextEncoder().encode(
      '# Collateral onboarding report: weth-eth-arb-canonical\n\n| term | value |\n| --- | ---: |\n| LT | 84.50% |\n',
    )
    expect(await cidOfBytes(report)).toBe(handCid(RAW, report))
  })

  it('roots a multi-chunk file in a dag-pb node equal to ipfs-unixfs-importer and to the hand encoding', async () => {
    // 2.3 chunks of 262,144 bytes: leaves of 262144, 262144 and 78643 bytes.
    const size = Math.floor(CHUNKER.chunkSizeBytes * 2.3)
    const bytes = new Uint8Array(size)
    for (let i = 0; i < size; i++) bytes[i] = (i * 2_654_435_761) >>> 24
    const chunks = [0, 1, 2].map((k) =>
      bytes.subarray(k * CHUNKER.chunkSizeBytes, Math.min(size, (k + 1) * CHUNKER.chunkSizeBytes)),
    )
    const expected = handDagPbRoot(chunks)
    expect(expected.startsWith('bafybei')).toBe(true)
    expect(await cidOfBytes(bytes)).toBe(expected)
    const hash = await hashFile(fileWith('big.bin', bytes))
    expect(hash).toEqual({
      cid: expected,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: size,
      codec: 'dag-pb',
    })
  })

  it('keeps a file of exactly one chunk a raw block', async () => {
    const bytes = new Uint8Array(CHUNKER.chunkSizeBytes).fill(7)
    expect(await cidOfBytes(bytes)).toBe(handCid(RAW, bytes))
  })
})

describe(verifyFile.name, () => {
  it('accepts the file it was published from and refuses a tampered one', async () => {
    const path = fileWith('report.md', '# report\nLT 84.50%\n')
    const { cid } = await hashFile(path)
    await expect(verifyFile(path, cid)).resolves.toMatchObject({ cid })
    writeFileSync(path, '# report\nLT 94.50%\n')
    await expect(verifyFile(path, cid)).rejects.toBeInstanceOf(CidMismatchError)
  })

  it('refuses a text that is not a CID', () => {
    expect(() => parseCid('not-a-cid')).toThrow(InvalidCidError)
  })
})
