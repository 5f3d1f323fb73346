import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

function xcollat(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xcollat.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'xcollat-publish-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The raw CIDv1 of "hello world\n" by hand: 0x01 0x55 0x12 0x20 ‖ sha-256, base32 (RFC 4648) after "b".
function rawCid(content: string): string {
  const bytes = [0x01, 0x55, 0x12, 0x20, ...createHash('sha256').update(content).digest()]
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = ''
  for (const b of bytes) bits += b.toString(2).padStart(8, '0')
  let out = 'b'
  for (let i = 0; i < bits.length; i += 5)
    out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)]
  return out
}

describe('xcollat publish / verify', () => {
  it('prints the CID, writes the manifest with its inputs, verifies, and refuses a tampered file', () => {
    const file = join(dir, 'hello.txt')
    const config = join(dir, 'config.yaml')
    writeFileSync(file, 'hello world\n')
    writeFileSync(config, 'version: 1\n')
    const published = xcollat('publish', file, '--input', `config=${config}`)
    expect(published.code).toBe(0)
    expect(published.stdout).toBe(`${rawCid('hello world\n')}\n`)
    const manifest = JSON.parse(readFileSync(`${file}.cid.json`, 'utf8'))
    expect(manifest).toMatchObject({
      cid: rawCid('hello world\n'),
      sha256: 'a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447',
      bytes: 12,
      inputs: { config: { file: config, cid: rawCid('version: 1\n') } },
    })
    expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false)

    expect(xcollat('verify', file, rawCid('hello world\n')).code).toBe(0)
    writeFileSync(file, 'hello world!\n')
    const tampered = xcollat('verify', file, rawCid('hello world\n'))
    expect(tampered.code).toBe(2)
    expect(tampered.stderr).toContain('[XC_CID_MISMATCH]')
    expect(tampered.stderr).toContain(rawCid('hello world!\n'))
    expect(tampered.stderr).not.toContain('    at ')
  })

  it('names a missing file and a malformed CID', () => {
    const missing = xcollat('publish', join(dir, 'nope.md'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('[XC_CONTENT_FILE]')
    writeFileSync(join(dir, 'a.txt'), 'a')
    const bad = xcollat('verify', join(dir, 'a.txt'), 'not-a-cid')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('[XC_INVALID_CID]')
  })
})
