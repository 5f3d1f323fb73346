import { existsSync, readFileSync } from 'node:fs'
import { toHex } from 'viem'
import { z } from 'zod'
import { devAccount } from '../../io/chain/clients.js'
import { ManifestError } from '../../io/chain/errors.js'
import type { DevnetDeployment } from './deploy.js'
import { dvnKeyIndices, FIRST_ROUTE_DVN_KEY, ROLES, ROUTE_DVN_KEYS } from './deploy.js'

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

const integer = z.string().regex(/^-?\d+$/, 'an integer in decimal digits')

const dvnSet = z.strictObject({
  required: z.array(address).describe('DVN addresses that must all verify (sorted ascending)'),
  optional: z.array(address).describe('optional DVN addresses (sorted ascending)'),
  threshold: z.number().int().nonnegative().describe('how many optional DVNs must verify'),
})

const oapp = z.strictObject({
  chain: z.enum(['home', 'debt']),
  address,
  remoteEid: z.number().int().positive().describe('eid of its peer'),
  dvns: dvnSet
    .optional()
    .describe(
      "its own receive-side ULN config as last set (absent: the receive library's default, `dvns` above); the chain's EndpointV2.getConfig(oapp, receiveLib, remoteEid, 2) is authoritative",
    ),
})

const feed = z.strictObject({
  chain: z.enum(['home', 'debt']),
  address: address.describe('AggregatorV3Interface (latestRoundData, decimals, description)'),
  description: z.string(),
  decimals: z.number().int().nonnegative(),
  heartbeatSeconds: z.number().int().positive().describe('the feed posts at least this often'),
  deviationBps: z.number().int().nonnegative().describe('the feed posts when the price moves this much'),
  minAnswer: integer.describe('answers below are clamped to it (raw, `decimals`)'),
  maxAnswer: integer.describe('answers above are clamped to it (raw, `decimals`)'),
  pusher: address.describe('the account that may call updateAnswer / updateRoundData'),
})

const aaveReserve = z.strictObject({
  asset: address,
  aToken: address,
  variableDebtToken: address,
  stableDebtToken: address,
  source: address.describe('its AaveOracle price source (a feed of `feeds`)'),
  ltv: z.number().int().nonnegative().describe('bps'),
  liquidationThreshold: z.number().int().nonnegative().describe('bps'),
  liquidationBonus: z.number().int().nonnegative().describe('bps, 10_750 = 7.5 % bonus'),
  supplyCap: z.number().int().nonnegative().describe('whole tokens, 0 = none'),
  borrowCap: z.number().int().nonnegative().describe('whole tokens, 0 = none'),
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
export const ManifestSchema = z.strictObject({
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
    routeKeys: z
      .array(key)
      .describe('the DVN key pool of `devnet dvn` and the OFT route: required N takes the first N'),
  }),
  roles: z.record(z.string(), key),
  oapps: z
    .record(z.string(), oapp)
    .describe(
      'the OApps by name (vault, positionManager, rsEthAdapter, rsEthOft), for `devnet dvn --oapp NAME`',
    ),
  oft: z
    .strictObject({
      symbol: z.string(),
      token: address.describe('home chain: the token the adapter locks'),
      adapter: address.describe("home chain: LayerZero's OFTAdapter (locked balance = backing)"),
      oft: address.describe("debt chain: LayerZero's OFT (totalSupply = what the backing must cover)"),
      sharedDecimals: z.number().int().positive(),
    })
    .describe('the rsETH-like synthetic route (lock at home, mint on the debt chain)'),
  feeds: z.record(z.string(), feed).describe('Chainlink-style price feeds by name (weth, usdc, rsEth)'),
  sequencer: z
    .strictObject({
      chain: z.enum(['home', 'debt']),
      address: address.describe('latestRoundData: answer 0 = up, 1 = down; startedAt = last change'),
      owner: address.describe('the account that may call setStatus(bool down)'),
    })
    .describe('the L2 sequencer uptime feed'),
  aave: z
    .strictObject({
      chain: z.enum(['home', 'debt']),
      addressesProvider: address,
      aclManager: address,
      pool: address.describe(
        'getUserAccountData, getReserveData (unbacked), Supply/Borrow/LiquidationCall events',
      ),
      poolConfigurator: address,
      oracle: address.describe('AaveOracle, USD with 8 decimals'),
      dataProvider: address.describe('AaveProtocolDataProvider: getReserveConfigurationData, getReserveCaps'),
      reserves: z.record(z.string(), aaveReserve).describe('by symbol: rsETH (the OFT, collateral), USDC'),
    })
    .optional()
    .describe('the Aave v3 market (@aave/core-v3 1.19.3) on the debt chain, when deployed'),
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
export function devKey(index: number): { address: string; privateKey: string } {
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
      routeKeys: Array.from({ length: ROUTE_DVN_KEYS }, (_, i) => devKey(FIRST_ROUTE_DVN_KEY + i)),
    },
    roles: Object.fromEntries(Object.entries(ROLES).map(([role, index]) => [role, devKey(index)])),
    oapps: Object.fromEntries(
      Object.entries(d.oapps).map(([name, o]) => [
        name,
        {
          ...o,
          ...(o.dvns
            ? { dvns: { ...o.dvns, required: [...o.dvns.required], optional: [...o.dvns.optional] } }
            : {}),
        },
      ]),
    ),
    oft: d.oft,
    feeds: Object.fromEntries(
      Object.entries(d.feeds).map(([name, f]) => [
        name,
        { ...f, minAnswer: String(f.minAnswer), maxAnswer: String(f.maxAnswer) },
      ]),
    ),
    sequencer: d.sequencer,
    ...(d.aave
      ? {
          aave: {
            chain: 'debt',
            addressesProvider: d.aave.addressesProvider,
            aclManager: d.aave.aclManager,
            pool: d.aave.pool,
            poolConfigurator: d.aave.poolConfigurator,
            oracle: d.aave.oracle,
            dataProvider: d.aave.dataProvider,
            reserves: Object.fromEntries(
              Object.entries(d.aave.reserves).map(([symbol, r]) => [
                symbol,
                {
                  ...r,
                  ltv: Number(r.ltv),
                  liquidationThreshold: Number(r.liquidationThreshold),
                  liquidationBonus: Number(r.liquidationBonus),
                  supplyCap: Number(r.supplyCap),
                  borrowCap: Number(r.borrowCap),
                },
              ]),
            ),
          },
        }
      : {}),
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
