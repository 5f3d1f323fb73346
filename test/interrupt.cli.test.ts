import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Starts a long `simulate`, presses Ctrl-C the way a terminal does (SIGINT to the whole process
 * group, so `npm run` and the node it starts both get it) once paths are running, and returns
 * how it ended. The group is killed in any case, so nothing is left running.
 */
function interrupt(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const pid = child.pid
    if (pid === undefined) return reject(new TypeError(`${command} did not start`))
    let stdout = ''
    let stderr = ''
    let pressed = false
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal)
      } catch {
        // already gone
      }
    }
    const guard = setTimeout(() => group('SIGKILL'), 90_000)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
      // paths run from this line on; give the workers time to finish some
      if (!pressed && stderr.includes('simulating')) {
        pressed = true
        setTimeout(() => group('SIGINT'), 3000)
      }
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(guard)
      group('SIGKILL')
      resolve({ code, signal, stdout, stderr })
    })
  })
}

const SIMULATE = ['simulate', 'examples/small.yaml', '--paths', '5000000', '--seed', '1', '--format', 'json']

describe.each([
  ['the bin', process.execPath, ['bin/xcollat.js', ...SIMULATE]],
  ['npm run xcollat', 'npm', ['run', '--silent', 'xcollat', '--', ...SIMULATE]],
])('Ctrl-C on simulate launched through %s', (_how, command, args) => {
  it('exits 130 and prints the paths that finished', async () => {
    const r = await interrupt(command, args)
    // npm re-raises the signal on itself once its child is done: a shell reports that as 130 too
    expect(r.code ?? (r.signal === 'SIGINT' ? 130 : r.signal), r.stderr).toBe(130)
    const out = JSON.parse(r.stdout) as {
      result: { cancelled: boolean; paths: { requested: number; completed: number } }
      warnings: string[]
    }
    expect(out.result.cancelled).toBe(true)
    expect(out.result.paths.completed).toBeGreaterThan(0)
    expect(out.result.paths.completed).toBeLessThan(out.result.paths.requested)
    expect(out.warnings.some((w) => w.startsWith('interrupted'))).toBe(true)
  })
})
