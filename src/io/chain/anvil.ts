import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { AnvilMissingError, AnvilStartError } from './errors.js'

/**
 * A running anvil chain started by {@link startAnvil}: its RPC URL, pid, and `stop()`, which ends
 * exactly this process (by pid) and waits for it to exit.
 */
export type AnvilChain = {
  readonly rpcUrl: string
  readonly port: number
  readonly chainId: number
  readonly pid: number
  /** Stops the process (SIGTERM, then SIGKILL after 2 s) and resolves once it has exited. */
  stop(): Promise<void>
}

/** Options of {@link startAnvil}. */
export type StartAnvilParameters = {
  readonly chainId: number
  /** Loopback port; a free one is chosen when omitted. */
  readonly port?: number | undefined
  /** Disable automine: blocks only on `anvil_mine` / `evm_mine` (simulated time). */
  readonly noMining?: boolean | undefined
  /** Genesis timestamp (seconds), for reproducible simulated time. */
  readonly timestamp?: bigint | undefined
  /** Path of a state file to load at start (`--load-state`). */
  readonly loadState?: string | undefined
}

const live = new Set<ChildProcess>()
let hooksInstalled = false

function killAllSync(): void {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

function installExitHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  // Never leave a chain running: the parent's exit (normal or by signal) ends every child it started.
  process.once('exit', killAllSync)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllSync()
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
    })
  }
}

/**
 * The anvil binary: `XCOLLAT_ANVIL` if set, else the one `@foundry-rs/anvil` installed for this
 * platform.
 *
 * @example
 * ```ts
 * anvilBinary() // '/…/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil'
 * ```
 */
export function anvilBinary(): string {
  const fromEnv = process.env.XCOLLAT_ANVIL
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new AnvilMissingError(fromEnv)
    return fromEnv
  }
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`
  const require = createRequire(import.meta.url)
  let root: string
  try {
    root = dirname(require.resolve(`${pkg}/package.json`))
  } catch {
    throw new AnvilMissingError(pkg)
  }
  const bin = join(root, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
  if (!existsSync(bin)) throw new AnvilMissingError(bin)
  return bin
}

/**
 * A loopback port that was free a moment ago (the OS picks it).
 *
 * @example
 * ```ts
 * const port = await freePort() // e.g. 40517
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function rpcReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    })
    return res.ok
  } catch {
    return false
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

async function startOnce(parameters: StartAnvilParameters, port: number): Promise<AnvilChain> {
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--chain-id',
    String(parameters.chainId),
    '--silent',
    '--accounts',
    '30',
  ]
  if (parameters.noMining) args.push('--no-mining')
  if (parameters.timestamp !== undefined) args.push('--timestamp', String(parameters.timestamp))
  if (parameters.loadState) args.push('--load-state', parameters.loadState)
  installExitHooks()
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  live.add(child)
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString()
  })
  let exited = false
  child.once('exit', () => {
    exited = true
    live.delete(child)
  })
  const rpcUrl = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (exited) return
    child.kill('SIGTERM')
    if (!(await waitExit(child, 2000))) {
      child.kill('SIGKILL')
      await waitExit(child, 2000)
    }
    live.delete(child)
  }
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (exited)
      throw new AnvilStartError(port, `exited early${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`)
    if (await rpcReady(rpcUrl)) {
      return { rpcUrl, port, chainId: parameters.chainId, pid: child.pid as number, stop }
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  await stop()
  throw new AnvilStartError(port, 'no answer within 15 s')
}

/**
 * Starts an anvil chain on loopback (a free port unless one is given) and waits until it answers.
 * The process is stopped by `stop()`, and in any case when this Node process exits or gets
 * SIGINT/SIGTERM, so no chain outlives its parent.
 *
 * @throws AnvilMissingError, AnvilStartError.
 * @example
 * ```ts
 * const chain = await startAnvil({ chainId: 31_337 })
 * try { console.info(chain.rpcUrl) } finally { await chain.stop() }
 * ```
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<AnvilChain> {
  if (parameters.port !== undefined) return startOnce(parameters, parameters.port)
  let last: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(parameters, await freePort())
    } catch (error) {
      last = error // the port was taken between the probe and the bind: try another
    }
  }
  throw last
}

/**
 * Whether a process with this pid is alive (signal 0).
 *
 * @example
 * ```ts
 * isAlive(chain.pid) // true until chain.stop() resolves
 * ```
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
