import { readFileSync } from 'node:fs'

let cached: string | undefined

/**
 * The package version, read once from package.json (three levels above this file in src/ and dist/).
 *
 * @example
 * ```ts
 * packageVersion() // '0.1.0'
 * ```
 */
export function packageVersion(): string {
  if (cached !== undefined) return cached
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    cached = pkg.version ?? 'unknown'
  } catch {
    cached = 'unknown'
  }
  return cached
}
