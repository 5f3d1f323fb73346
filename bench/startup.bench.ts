// Start-up of the CLI as a ratio to `node -e 0` on the same machine: `xcollat --version` (the bin:
// staleness check, then dist), the compiled entry alone, and `npm start` (assess the small example).
// Measured before the bin ran dist (tsx at run time), on a quiet machine: --version 7.1×, npm start 11.8×.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { line, timeMs } from './harness.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (command: string, args: readonly string[]) => () => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'ignore' })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`)
}

const base = await timeMs(run(process.execPath, ['-e', '0']))
process.stdout.write(`${line('node -e 0', base)}\n`)
for (const [name, command, args, samples] of [
  ['xcollat --version (bin)', process.execPath, ['bin/xcollat.js', '--version'], 30],
  ['dist/app/cli/main.js --version', process.execPath, ['dist/app/cli/main.js', '--version'], 30],
  [
    'xcollat assess small.yaml (bin)',
    process.execPath,
    ['bin/xcollat.js', 'assess', 'examples/small.yaml'],
    20,
  ],
  ['npm start', 'npm', ['start', '--silent'], 10],
] as const) {
  const t = await timeMs(run(command, args), { minSamples: samples, maxSamples: samples })
  process.stdout.write(`${line(name, t, t.p50 / base.p50)}\n`)
}
