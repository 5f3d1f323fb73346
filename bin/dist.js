// The compiled CLI in dist/, rebuilt first when a source file is newer than its output (a dev
// checkout after an edit). An installed package ships dist/ built, without the TypeScript
// compiler or tsconfig, and is never rebuilt. Used by ./xcollat.js and test/globalSetup.ts.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const entry = join(root, 'dist', 'app', 'cli', 'main.js')

function mtime(path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/** The first source file (not a test) whose compiled output is missing or older, or undefined. */
export function staleSource(dir = join(root, 'src')) {
  if (!existsSync(dir)) return undefined
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name)
    if (name.isDirectory()) {
      const stale = staleSource(path)
      if (stale) return stale
    } else if (name.name.endsWith('.ts') && !name.name.endsWith('.test.ts') && !name.name.endsWith('.d.ts')) {
      const out = join(root, 'dist', path.slice(join(root, 'src').length + 1).replace(/\.ts$/, '.js'))
      const built = mtime(out)
      if (built === undefined || built < (mtime(path) ?? 0)) return path
    }
  }
  return undefined
}

/** Builds dist/ with tsc when a source is newer and the compiler is at hand; returns the entry. */
export function ensureDist({ quiet = false } = {}) {
  const config = join(root, 'tsconfig.build.json')
  if (!existsSync(config)) return entry
  const stale = existsSync(entry) ? staleSource() : 'dist/'
  if (stale === undefined) return entry
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    return entry // no compiler (an installed package): run what was shipped
  }
  if (!quiet) process.stderr.write(`xcollat: building dist/ (${stale} changed)…\n`)
  const r = spawnSync(process.execPath, [tsc, '-p', config], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (r.status !== 0) {
    process.stderr.write(
      'error: [XC_INTERNAL] the TypeScript build failed — fix the errors above, or run `npm run build`.\n',
    )
    process.exit(70)
  }
  return entry
}
