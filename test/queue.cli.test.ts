// simulate, solve and validate on BullMQ workers (separate `xcollat worker` processes) against a
// real Redis: the JSON is byte-identical to a local run with one worker and with two, when a
// worker is killed mid-chunk, and a chunk that fails on bad input fails once with the local error.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envelopeSchema } from '../src/app/cli/envelope.js'
import { workStamp } from '../src/app/worker/chunks.js'
import { XcollatError } from '../src/core/errors.js'
import { compilePortfolio, type SimPortfolio } from '../src/core/sim/portfolio.js'
import { submitChunks } from '../src/io/queue/submit.js'
import {
  cli,
  queueKeys,
  removeQueueKeys,
  startWorker,
  type TestRedis,
  testRedis,
  uniqueQueueName,
  type WorkerProcess,
} from './queue/redis.js'

const found = await testRedis()
if ('skip' in found) process.stdout.write(`queue tests skipped: ${found.skip}\n`)
const redis: TestRedis | undefined = 'skip' in found ? undefined : found

describe.skipIf(redis === undefined)('--queue on BullMQ workers', () => {
  const url = redis?.url ?? ''
  const started: WorkerProcess[] = []
  const queues: string[] = []
  const queue = (label: string) => {
    const name = uniqueQueueName(label)
    queues.push(name)
    return name
  }
  const worker = async (name: string, extra: readonly string[] = []) => {
    const w = await startWorker(url, name, extra)
    started.push(w)
    return w
  }

  afterAll(async () => {
    await Promise.all(started.map((w) => w.stop()))
    // every worker process this file started has exited
    expect(started.filter((w) => w.child.exitCode === null && w.child.signalCode === null)).toEqual([])
    for (const name of queues) await removeQueueKeys(url, name)
    await redis?.stop()
  })

  const simulate = [
    'simulate',
    'examples/small.yaml',
    '--paths',
    '1200',
    '--seed',
    '11',
    '--horizon',
    '21600',
    '--format',
    'json',
  ]
  let local = ''
  beforeAll(async () => {
    const r = await cli(simulate)
    expect(r.status, r.stderr).toBe(0)
    local = r.stdout
  })

  it('simulate gives byte-identical JSON locally, with one worker process and with two', async () => {
    const one = queue('one')
    const w1 = await worker(one)
    const viaOne = await cli([...simulate, '--queue', url, '--queue-name', one, '--chunk-paths', '200'])
    expect(viaOne.status, viaOne.stderr).toBe(0)
    expect(viaOne.stdout).toBe(local)
    expect(w1.stderr().match(/completed/g)?.length).toBe(6)

    const two = queue('two')
    const a = await worker(two)
    const b = await worker(two)
    const viaTwo = await cli([...simulate, '--queue', url, '--queue-name', two, '--chunk-paths', '100'])
    expect(viaTwo.status, viaTwo.stderr).toBe(0)
    expect(viaTwo.stdout).toBe(local)
    // both processes ran chunks, and together all twelve, once each
    const ran = (w: WorkerProcess) => w.stderr().match(/\(paths #\d+\) completed/g)?.length ?? 0
    expect(ran(a)).toBeGreaterThan(0)
    expect(ran(b)).toBeGreaterThan(0)
    expect(ran(a) + ran(b)).toBe(12)
    // the worker's own envelope when it stops
    for (const w of [a, b]) expect(await w.stop()).toBe(0)
    expect(a.stdout()).toContain('chunk(s) completed')
    const json = await worker(two, ['--format', 'json'])
    expect(await json.stop()).toBe(0)
    const envelope = envelopeSchema.parse(JSON.parse(json.stdout()))
    expect(envelope.command).toBe('worker')
    expect(envelope.result).toEqual({ stamp: workStamp(), chunks: { completed: 0, failed: 0 } })
  })

  it('gives the identical result when a worker process is killed (kill -9) in the middle of a chunk', async () => {
    const name = queue('kill')
    const doomed = await worker(name)
    const survivor = await worker(name)
    const run = cli([...simulate, '--queue', url, '--queue-name', name, '--chunk-paths', '150'])
    // The doomed worker's first chunk: kill it while it runs (its chunks take a hundred ms or more).
    await doomed.waitFor(/chunk (\S+) \(paths #\d+\) started/)
    const id = /chunk (\S+) \(paths #\d+\) started/.exec(doomed.stderr())?.[1] ?? ''
    doomed.child.kill('SIGKILL')
    await doomed.stop()
    expect(doomed.child.signalCode).toBe('SIGKILL')
    const r = await run
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toBe(local)
    // the chunk the dead worker held was run again, to completion, by the survivor
    expect(doomed.stderr()).not.toContain(`chunk ${id} (paths`.concat(') completed'))
    expect(survivor.stderr()).toMatch(new RegExp(`chunk ${id} \\(paths #\\d+\\) completed`))
  })

  it('fails a chunk on bad input once, with exactly the error of a local run, and cleans up its jobs', async () => {
    const name = queue('bad')
    const w = await worker(name)
    // A portfolio the engine refuses (a negative step), sent straight to the workers without the
    // submitter's own check, so the refusal happens on the worker.
    const bad = {
      horizonSeconds: 3600,
      stepSeconds: -60,
      assets: [],
      routes: [],
    } as unknown as SimPortfolio
    let localError: unknown
    try {
      compilePortfolio(bad)
    } catch (e) {
      localError = e
    }
    expect(localError).toBeInstanceOf(XcollatError)
    const remote = await submitChunks({
      location: { url, name },
      kind: 'paths',
      stamp: workStamp(),
      input: { portfolio: bad, seed: 1n },
      chunks: [
        { startPath: 0, endPath: 10 },
        { startPath: 10, endPath: 20 },
      ],
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(remote).toBeInstanceOf(XcollatError)
    const l = localError as XcollatError
    const e = remote as XcollatError
    expect({ name: e.name, code: e.code, message: e.message, instruction: e.instruction }).toEqual({
      name: l.name,
      code: l.code,
      message: l.message,
      instruction: l.instruction,
    })
    // no retry storm: each chunk was started at most once, and no more after a few stalled checks
    await new Promise((r) => setTimeout(r, 3000))
    const starts = w.stderr().match(/\(paths #\d\) started/g)?.length ?? 0
    expect(starts).toBeGreaterThanOrEqual(1)
    expect(starts).toBeLessThanOrEqual(2)
    expect(w.stderr().match(/\(paths #0\) started/g)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(w.stderr().match(/\(paths #1\) started/g)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(w.stderr()).toContain('failed')
    expect((await queueKeys(url, name)).filter((k) => /:[0-9a-f]{8}-[0-9a-f]{4}-/.test(k))).toEqual([])
  })

  it('solve gives byte-identical JSON locally and on two worker processes', async () => {
    const name = queue('solve')
    const a = await worker(name)
    const b = await worker(name)
    const args = [
      'solve',
      'examples/small.yaml',
      '--paths',
      '400',
      '--epsilon',
      '0.05',
      '--confirm-paths',
      '200',
      '--horizon',
      '7200',
      '--format',
      'json',
    ]
    const [here, there] = await Promise.all([
      cli(args),
      cli([...args, '--queue', url, '--queue-name', name, '--chunk-paths', '100']),
    ])
    expect([0, 1]).toContain(here.status)
    expect(there.status, there.stderr).toBe(here.status)
    expect(there.stdout).toBe(here.stdout)
    expect(JSON.parse(here.stdout).result.routes.length).toBeGreaterThan(0)
    // the search samples and the confirmation paths ran on the workers
    const both = a.stderr() + b.stderr()
    expect(both).toMatch(/\(sample #\d+\) completed/)
    expect(both).toMatch(/\(paths #\d+\) completed/)
  })

  it('validate gives byte-identical JSON locally and on a worker process, one chunk per route', async () => {
    // 40 days of hourly ETH candles (a gentle sine with a 30 % dip), in a data folder of its own
    const data = mkdtempSync(join(tmpdir(), 'xcollat-queue-validate-'))
    try {
      mkdirSync(join(data, 'prices'))
      writeFileSync(
        join(data, 'prices', 'binance_ethusdt_1h_2020-01_2022-10.csv'),
        `timestamp_utc,unix_ms,open,high,low,close,volume_base\n${Array.from({ length: 960 }, (_, i) => {
          const t = 1_600_000_000 + i * 3600
          const p = 2000 * (1 + 0.1 * Math.sin(i / 50)) * (i > 500 && i < 560 ? 0.7 : 1)
          return `${new Date(t * 1000).toISOString()},${t * 1000},${p},${p * 1.01},${p * 0.99},${p},1`
        }).join('\n')}\n`,
      )
      const name = queue('validate')
      const w = await worker(name)
      const args = [
        'validate',
        'examples/small.yaml',
        '--data',
        data,
        '--window-days',
        '5',
        '--format',
        'json',
      ]
      const here = await cli(args)
      const there = await cli([...args, '--queue', url, '--queue-name', name])
      expect([0, 1]).toContain(here.status)
      expect(there.status, there.stderr).toBe(here.status)
      expect(there.stdout).toBe(here.stdout)
      const routes = (JSON.parse(here.stdout) as { result: { routes: unknown[] } }).result.routes
      expect(routes.length).toBeGreaterThan(0)
      expect(w.stderr().match(/\(validate #\d+\) completed/g)?.length).toBe(routes.length)
    } finally {
      rmSync(data, { recursive: true, force: true })
    }
  })

  it('refuses an unreachable Redis with XC_QUEUE and exit code 2, and a malformed URL with XC_BAD_OPTION', async () => {
    const down = await cli([...simulate, '--queue', 'redis://127.0.0.1:1'])
    expect(down.status).toBe(2)
    expect(down.stderr).toContain('[XC_QUEUE]')
    const malformed = await cli([...simulate, '--queue', 'http://127.0.0.1:6379'])
    expect(malformed.status).toBe(2)
    expect(malformed.stderr).toContain('[XC_BAD_OPTION]')
  })

  it('leaves no job behind once a run finished (only its stored input, events and counters)', async () => {
    const name = queue('clean')
    await worker(name)
    const r = await cli([...simulate, '--queue', url, '--queue-name', name, '--chunk-paths', '600'])
    expect(r.stdout).toBe(local)
    const keys = await queueKeys(url, name)
    expect(keys.some((k) => k.startsWith(`bull:${name}:input:sha256:`))).toBe(true)
    expect(keys.filter((k) => /:[0-9a-f]{8}-[0-9a-f]{4}-/.test(k))).toEqual([])
    expect(await removeQueueKeys(url, name)).toBe(keys.length)
    expect(await queueKeys(url, name)).toEqual([])
  })
})
