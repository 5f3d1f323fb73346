import { existsSync, readFileSync } from 'node:fs'
import { toHex } from 'viem'
import { z } from 'zod'
import { devAccount } from '../../io/chain/clients.js'
import { ManifestError } from '../../io/chain/errors.js'
import type { DevnetDeployment } from './deploy.js'
import { dvnKeyIndices, ROLES } from './deploy.js'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x + 40 hex digits)')
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a private key (0x + 64 hex digits)')
const key = z.strictObject({ address, privateKey })

const chain = z.strictObject({
  name: z.string(),
  rpcUrl: z.string().url(),
  chainId: z.number().int().positive(),
  eid: z.number().int().positive(),
  pid: z.number().int().positive().describe('pid of the anvil process'),
  endpoint: address.describe('EndpointV2'),
  sendLib: address.describe('SendUln302'),
  receiveLib: address.describe('ReceiveUln302'),
  worker: address.describe('zero-fee send-side DVN and executor'),
  riskEngine: address.describe("the seed's RiskEngine"),
  contracts: z.record(z.string(), address),
})

/**
 * The devnet manifest written by `xcollat devnet up` (DIR/manifest.json): RPC URLs, chain ids,
 * eids, pids, addresses and the development keys of the DVNs, the guardian and the other roles.
 *
 * @example
 * ```ts
 * const m = ManifestSchema.parse(JSON.parse(text))
 * m.chains.home.rpcUrl // 'http://127.0.0.1:40517'
 * ```
 */
const ManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  status: z.enum(['starting', 'ready', 'stopped']),
  design: z.enum(['reference', 'naive']),
  createdAt: z.string().describe('ISO time the devnet started'),
  pid: z.number().int().positive().describe('pid of the process that runs the devnet (and its relayer)'),
  relayer: z.strictObject({ inProcess: z.boolean() }),
  chains: z.strictObject({ home: chain, debt: chain }),
  dvns: z.strictObject({
    required: z.number().int().nonnegative(),
    optional: z.number().int().nonnegative(),
    threshold: z.number().int().nonnegative(),
    requiredKeys: z.array(key),
    optionalKeys: z.array(key),
  }),
  roles: z.record(z.string(), key),
})

/** A parsed manifest. */
export type Manifest = z.infer<typeof ManifestSchema>

/**
 * The JSON Schema of the manifest (draft 2020-12), as docs/devnet-manifest.schema.json holds it.
 *
 * @example
 * ```ts
 * manifestJsonSchema().type // 'object'
 * ```
 */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(ManifestSchema) as Record<string, unknown>),
    title: 'xcollat devnet manifest',
  }
}

/**
 * A development account's address and private key (anvil's public test keys; devnet only).
 *
 * @example
 * ```ts
 * devKey(0).address // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 * ```
 */
function devKey(index: number): { address: string; privateKey: string } {
  const account = devAccount(index)
  const pk = account.getHdKey().privateKey
  return { address: account.address, privateKey: pk ? toHex(pk) : '' }
}

/**
 * Builds the manifest of a running devnet.
 *
 * @example
 * ```ts
 * buildManifest({ deployment, rpcUrls, pids, pid: process.pid, status: 'ready', inProcessRelayer: true })
 * ```
 */
export function buildManifest(parameters: {
  readonly deployment: DevnetDeployment
  readonly rpcUrls: { readonly home: string; readonly debt: string }
  readonly pids: { readonly home: number; readonly debt: number }
  readonly pid: number
  readonly status: Manifest['status']
  readonly inProcessRelayer: boolean
  readonly createdAt?: string | undefined
}): Manifest {
  const d = parameters.deployment
  const keys = dvnKeyIndices(d.dvns)
  const chainOf = (name: 'home' | 'debt') => {
    const c = d[name]
    return {
      name,
      rpcUrl: parameters.rpcUrls[name],
      chainId: c.chainId,
      eid: c.eid,
      pid: parameters.pids[name],
      endpoint: c.endpoint,
      sendLib: c.sendLib,
      receiveLib: c.receiveLib,
      worker: c.worker,
      riskEngine: c.riskEngine,
      contracts: { ...c.contracts },
    }
  }
  return ManifestSchema.parse({
    version: 1,
    status: parameters.status,
    design: d.design,
    createdAt: parameters.createdAt ?? new Date().toISOString(),
    pid: parameters.pid,
    relayer: { inProcess: parameters.inProcessRelayer },
    chains: { home: chainOf('home'), debt: chainOf('debt') },
    dvns: {
      ...d.dvns,
      requiredKeys: keys.required.map(devKey),
      optionalKeys: keys.optional.map(devKey),
    },
    roles: Object.fromEntries(Object.entries(ROLES).map(([role, index]) => [role, devKey(index)])),
  })
}

/**
 * Reads and validates a manifest file.
 *
 * @throws ManifestError (missing, not JSON, or not matching the schema).
 * @example
 * ```ts
 * const m = readManifest('.devnet/manifest.json')
 * ```
 */
export function readManifest(path: string): Manifest {
  if (!existsSync(path)) throw new ManifestError(path, 'file not found')
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new ManifestError(path, 'not valid JSON')
  }
  const parsed = ManifestSchema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new ManifestError(path, `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`)
  }
  return parsed.data
}
