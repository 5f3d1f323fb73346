/**
 * JSON with bigint: a bigint is written as `{ "$bigint": "123" }` and read back as `123n`, so the
 * reducer's state and observation logs survive the database exactly.
 *
 * @example
 * ```ts
 * decodeJson(encodeJson({ a: 10n ** 30n })) // { a: 1000000000000000000000000000000n }
 * ```
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))
}

/** Reads what {@link encodeJson} wrote (a string, or an object a driver already parsed from JSONB). */
export function decodeJson<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.parse(text, (_key, v) =>
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    typeof v.$bigint === 'string' &&
    Object.keys(v).length === 1
      ? BigInt(v.$bigint)
      : v,
  ) as T
}
