import { createHash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'

/**
 * Encodes a value for Redis exactly: V8's structured serialization (typed arrays, bigint, NaN,
 * −0 and ±Infinity survive bit for bit, which JSON would not), as base64 text.
 *
 * @example
 * ```ts
 * decodeValue(encodeValue({ x: new Float64Array([-0, Number.NaN]) })) // the same columns, bit for bit
 * ```
 */
export function encodeValue(value: unknown): string {
  return serialize(value).toString('base64')
}

/**
 * The value {@link encodeValue} encoded.
 *
 * @example
 * ```ts
 * decodeValue<{ n: bigint }>(encodeValue({ n: 1n })).n // 1n
 * ```
 */
export function decodeValue<T>(text: string): T {
  return deserialize(Buffer.from(text, 'base64')) as T
}

/**
 * The content hash of an encoded value: `sha256:` and 64 hex digits. Inputs travel by this hash
 * and each worker checks it before using what it read.
 *
 * @example
 * ```ts
 * contentHash(encodeValue({ a: 1 })) // 'sha256:…'
 * ```
 */
export function contentHash(encoded: string): string {
  return `sha256:${createHash('sha256').update(encoded).digest('hex')}`
}
