import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { isAlive } from '../../io/chain/anvil.js'
import { packageRoot } from '../../io/chain/compile.js'
import { ManifestError } from '../../io/chain/errors.js'
import type { DvnSetup } from './deploy.js'
import { startDevnet } from './devnet.js'
import { buildManifest, type Manifest, readManifest } from './manifest.js'

/** The `$schema` of a manifest: docs/devnet-manifest.schema.json in the package. */
export const MANIFEST_SCHEMA_ID =
  'https://github.com/xcollat/xcollat/blob/main/docs/devnet-manifest.schema.json'

/** Options shared by `devnet up` and the process it starts. */
export type DevnetUpOptions = {
  readonly dir: string
  readonly design: 'reference' | 'naive'
  readonly dvns: DvnSetup
  /** Run the relayer inside the devnet process (default); false leaves relaying to `xcollat relay`. */
  readonly relayer: boolean
  /** DVN keys the rsETH-like OFT route requires (default 2; the KelpDAO config is 1). */
  readonly oftDvns?: number | undefined
}

/**
 * The manifest path of a devnet folder.
 *
 * @example
 * ```ts
 * manifestPath('.devnet') // '/…/.devnet/manifest.json'
 * ```
 */
export function manifestPath(dir: string): string {
  return join(resolve(dir), 'manifest.json')
}

/**
 * Writes DIR/manifest.json atomically (a temporary file renamed over it).
 *
 * @example
 * ```ts
 * writeManifest('.devnet', { ...manifest, status: 'stopped' })
 * ```
 */
export function writeManifest(dir: string, manifest: Manifest): void {
  const file = manifestPath(dir)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify({ ...manifest, $schema: MANIFEST_SCHEMA_ID }, null, 2)}\n`)
  renameSync(tmp, file)
}

/**
 * Runs a devnet in this process until SIGINT or SIGTERM: two anvil chains, the deployment, the
 * relayer, and DIR/manifest.json (status `ready`; `stopped` once it has shut down). Resolves when
 * it has stopped.
 *
 * @example
 * ```ts
 * await serveDevnet({ dir: '.devnet', design: 'reference', dvns: { required: 1, optional: 0, threshold: 0 }, relayer: true })
 * ```
 */
export async function serveDevnet(options: DevnetUpOptions): Promise<void> {
  mkdirSync(resolve(options.dir), { recursive: true })
  const net = await startDevnet({
    design: options.design,
    dvns: options.dvns,
    oftRequiredDvns: options.oftDvns,
    aave: true,
  })
  const manifest = buildManifest({
    deployment: net.deployment,
    rpcUrls: { home: net.home.rpcUrl, debt: net.debt.rpcUrl },
    pids: { home: net.anvils.home.pid, debt: net.anvils.debt.pid },
    pid: process.pid,
    status: 'ready',
    inProcessRelayer: options.relayer,
  })
  if (options.relayer) net.relayer.start(100)
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await net.stop()
      // Re-read: `devnet dvn` may have recorded live changes since this process wrote it.
      const now = readManifestLoose(manifestPath(options.dir)) ?? manifest
      writeManifest(options.dir, { ...now, status: 'stopped' })
    })()
    return stopping
  }
  await new Promise<void>((done) => {
    const onSignal = () => {
      void stop().then(done)
    }
    // Before the anvil supervisor's own handlers, so the manifest is updated on the way out.
    process.prependOnceListener('SIGTERM', onSignal)
    process.prependOnceListener('SIGINT', onSignal)
    writeManifest(options.dir, manifest)
  })
}

/** How `devnet up` reports the devnet it started. */
export type DevnetUpResult = {
  readonly manifest: Manifest
  readonly manifestFile: string
  readonly logFile: string
}

/**
 * Starts a devnet in a background process (`xcollat devnet serve`), waits until its manifest says
 * `ready`, and returns it. The process's output goes to DIR/devnet.log.
 *
 * @throws ManifestError when a devnet of DIR is still running, or the process fails to start one.
 * @example
 * ```ts
 * const { manifest } = await devnetUp({ dir: '.devnet', design: 'reference', dvns, relayer: true })
 * ```
 */
export async function devnetUp(options: DevnetUpOptions): Promise<DevnetUpResult> {
  const dir = resolve(options.dir)
  mkdirSync(dir, { recursive: true })
  const file = manifestPath(dir)
  if (existsSync(file)) {
    const old = readManifestLoose(file)
    if (old && old.status !== 'stopped' && isAlive(old.pid))
      throw new ManifestError(
        file,
        `a devnet is already running (pid ${old.pid}); run \`xcollat devnet down --dir ${options.dir}\` first`,
      )
    rmSync(file, { force: true })
  }
  const logFile = join(dir, 'devnet.log')
  const log = openSync(logFile, 'w')
  const args = [
    join(packageRoot(), 'bin', 'xcollat.js'),
    'devnet',
    'serve',
    '--dir',
    dir,
    '--design',
    options.design,
    '--dvns',
    `${options.dvns.required},${options.dvns.optional},${options.dvns.threshold}`,
    ...(options.relayer ? [] : ['--no-relayer']),
    ...(options.oftDvns === undefined ? [] : ['--oft-dvns', String(options.oftDvns)]),
  ]
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] })
  closeSync(log)
  let exited: number | null = null
  child.once('exit', (code) => {
    exited = code ?? 1
  })
  child.unref()
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const m = readManifestLoose(file)
      if (m?.status === 'ready') return { manifest: m, manifestFile: file, logFile }
    }
    if (exited !== null)
      throw new ManifestError(file, `the devnet process exited with code ${exited}; see ${logFile}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  if (child.pid) process.kill(child.pid, 'SIGTERM')
  throw new ManifestError(file, `the devnet did not become ready within 120 s; see ${logFile}`)
}

function readManifestLoose(file: string): Manifest | undefined {
  try {
    return readManifest(file)
  } catch {
    return undefined
  }
}

/** What `devnet down` stopped. */
export type DevnetDownResult = { readonly stopped: readonly { role: string; pid: number; how: string }[] }

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((r) => setTimeout(r, 25))
  }
  return !isAlive(pid)
}

/** Whether a live pid still runs what the manifest says (a pid reused by another program is left alone). */
function commandContains(pid: number, word: string): boolean {
  const file = `/proc/${pid}/cmdline`
  if (!existsSync(file)) return true // no procfs: trust the manifest
  try {
    return readFileSync(file, 'utf8').includes(word)
  } catch {
    return true
  }
}

/**
 * Stops exactly what `devnet up` started, by the pids in DIR/manifest.json: the devnet process
 * (SIGTERM; it stops its chains), then each anvil pid still alive (SIGTERM, then SIGKILL).
 *
 * @throws ManifestError when DIR has no manifest.
 * @example
 * ```ts
 * await devnetDown('.devnet') // { stopped: [{ role: 'devnet', pid: 4242, how: 'SIGTERM' }, …] }
 * ```
 */
export async function devnetDown(dir: string): Promise<DevnetDownResult> {
  const file = manifestPath(dir)
  const m = readManifest(file)
  const stopped: { role: string; pid: number; how: string }[] = []
  const targets = [
    { role: 'devnet', pid: m.pid, command: 'devnet' },
    { role: 'home anvil', pid: m.chains.home.pid, command: 'anvil' },
    { role: 'debt anvil', pid: m.chains.debt.pid, command: 'anvil' },
  ]
  for (const { command, ...t } of targets) {
    if (!isAlive(t.pid) || !commandContains(t.pid, command)) {
      stopped.push({ ...t, how: 'not running' })
      continue
    }
    process.kill(t.pid, 'SIGTERM')
    if (await waitGone(t.pid, 5_000)) stopped.push({ ...t, how: 'SIGTERM' })
    else {
      process.kill(t.pid, 'SIGKILL')
      await waitGone(t.pid, 2_000)
      stopped.push({ ...t, how: 'SIGKILL' })
    }
  }
  if (m.status !== 'stopped') writeManifest(dir, { ...m, status: 'stopped' })
  return { stopped }
}
