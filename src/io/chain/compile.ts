import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'
import { CompileError } from './errors.js'

/** One compiled contract: its ABI and creation bytecode. */
export type Artifact = { readonly abi: Abi; readonly bytecode: Hex }

/** Every contract under `contracts/`, by contract name, and the cache key they were built under. */
export type CompileOutput = {
  readonly key: string
  readonly solcVersion: string
  readonly contracts: Readonly<Record<string, Artifact>>
}

const require = createRequire(import.meta.url)

/** Settings that enter the cache key: changing them recompiles. */
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'shanghai',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const

/** Packages whose sources the contracts import; their versions enter the cache key. */
const IMPORTED_PACKAGES = [
  '@openzeppelin/contracts',
  '@layerzerolabs/oapp-evm',
  '@layerzerolabs/oft-evm',
  '@layerzerolabs/lz-evm-protocol-v2',
  '@layerzerolabs/lz-evm-messagelib-v2',
] as const

/**
 * The package's root folder (where package.json and contracts/ are).
 *
 * @example
 * ```ts
 * join(packageRoot(), 'contracts') // '/…/xcollat/contracts'
 * ```
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'xcollat') return dir
    const up = dirname(dir)
    if (up === dir) throw new CompileError(['package root of xcollat not found'])
    dir = up
  }
}

function listSol(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listSol(p))
    else if (entry.name.endsWith('.sol')) out.push(p)
  }
  return out.sort()
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`))
}

function findImport(path: string): { contents: string } | { error: string } {
  const match = IMPORTED_PACKAGES.find((p) => path.startsWith(`${p}/`))
  if (!match) return { error: `import not found: ${path}` }
  const file = join(packageDir(match), path.slice(match.length + 1))
  if (!existsSync(file)) return { error: `import not found: ${path}` }
  return { contents: readFileSync(file, 'utf8') }
}

type SolcModule = {
  version(): string
  compile(input: string, callbacks: { import: typeof findImport }): string
}

function loadSolc(): SolcModule {
  return require('solc') as SolcModule
}

function solcPackageVersion(): string {
  return JSON.parse(readFileSync(join(packageDir('solc'), 'package.json'), 'utf8')).version as string
}

/**
 * The cache key of the contracts: sha256 over the compiler version, the settings, the imported
 * packages' versions and every `.sol` file's path and contents.
 *
 * @example
 * ```ts
 * sourcesKey() // 'c0ffee…' (64 hex digits)
 * ```
 */
export function sourcesKey(root = packageRoot()): string {
  const hash = createHash('sha256')
  hash.update(`solc ${solcPackageVersion()}\n${JSON.stringify(SETTINGS)}\n`)
  for (const p of IMPORTED_PACKAGES)
    hash.update(`${p}@${JSON.parse(readFileSync(join(packageDir(p), 'package.json'), 'utf8')).version}\n`)
  const contracts = join(root, 'contracts')
  for (const file of listSol(contracts)) {
    hash.update(`${relative(root, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest('hex')
}

/**
 * The folder compiled artifacts are cached in: `XCOLLAT_BUILD_DIR`, else `build/solc` in the
 * package root (ignored by git).
 *
 * @example
 * ```ts
 * buildDir() // '/…/xcollat/build/solc'
 * ```
 */
export function buildDir(root = packageRoot()): string {
  return process.env.XCOLLAT_BUILD_DIR ? resolve(process.env.XCOLLAT_BUILD_DIR) : join(root, 'build', 'solc')
}

/**
 * Compiles every contract under `contracts/` with the pinned solc-js, or returns the cached
 * artifacts when the sources' hash is unchanged. The cache file is written atomically, so
 * concurrent callers never read half a file.
 *
 * @throws CompileError (with one problem per compiler error).
 * @example
 * ```ts
 * const { contracts } = compileContracts()
 * contracts.RiskEngine.abi // the ABI of contracts/RiskEngine.sol
 * ```
 */
export function compileContracts(parameters: { readonly root?: string } = {}): CompileOutput {
  const root = parameters.root ?? packageRoot()
  const key = sourcesKey(root)
  const dir = buildDir(root)
  const file = join(dir, `${key}.json`)
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as CompileOutput
  const solc = loadSolc()
  const contractsDir = join(root, 'contracts')
  const sources: Record<string, { content: string }> = {}
  for (const p of listSol(contractsDir))
    sources[`contracts/${relative(contractsDir, p)}`] = { content: readFileSync(p, 'utf8') }
  const input = { language: 'Solidity', sources, settings: SETTINGS }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new CompileError(errors.map((e) => e.formattedMessage.trim()))
  const contracts: Record<string, Artifact> = {}
  for (const [source, units] of Object.entries(output.contracts ?? {})) {
    if (!source.startsWith('contracts/')) continue
    for (const [name, unit] of Object.entries(units)) {
      if (unit.evm.bytecode.object.length === 0) continue // interfaces and abstract contracts
      contracts[name] = { abi: unit.abi, bytecode: `0x${unit.evm.bytecode.object}` }
    }
  }
  const result: CompileOutput = { key, solcVersion: solc.version(), contracts }
  mkdirSync(dir, { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(result))
  renameSync(tmp, file)
  return result
}
