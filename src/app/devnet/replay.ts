import { type Address, encodeAbiParameters } from 'viem'
import type { Design } from '../../core/protocol/architectures.js'
import { findScenario, runScenario, type ScenarioResult } from '../../core/protocol/scenarios/registry.js'
import { devAccount, setNextBlockTimestamp, write } from '../../io/chain/clients.js'
import { BadOptionError } from '../cli/options.js'
import { ROLES } from './deploy.js'
import { startDevnet } from './devnet.js'

/** The scenarios `devnet replay` drives on chain so far. */
export const ON_CHAIN_SCENARIOS = ['replay', 'forged-mint'] as const

/** One compared figure: the engine's value, the chain's, and whether they agree. */
export type ReplayLine = {
  readonly figure: string
  readonly engine: string
  readonly chain: string
  readonly same: boolean
}

/** Result of {@link replayOnChain}. */
export type ReplayResult = {
  readonly scenario: string
  readonly design: Design
  readonly seed: number
  readonly engine: ScenarioResult
  readonly chain: {
    readonly attackerProfitWad: bigint
    readonly badDebtWad: bigint
    readonly replaysExecuted: number
    readonly replaysBlocked: number
    /** forged-mint: forged credits the rate limit refused, and borrows refused over the LTV. */
    readonly creditRateLimited?: number | undefined
    readonly borrowsRefused?: number | undefined
  }
  readonly lines: readonly ReplayLine[]
  readonly same: boolean
}

const E18 = 10n ** 18n
const USDC = 10n ** 6n

/**
 * Drives a protocol scenario of `xcollat scenario` on the devnet (fresh chains, the engine's
 * parameters: LTV 75 %, LT 80 %, 5 % bonus, $2,000) and compares its outcome with the pure
 * engine's run of the same scenario, figure by figure. USD figures compare in Wad, exactly: the
 * debt token has 6 decimals at $1, so every on-chain amount is a whole number of micro-dollars.
 *
 * - `replay`: the attacker locks 10 ETH; the relayer delivers the credit twice (a second packet
 *   signed by the DVN key); the attacker borrows $30,000, or failing that $15,000, and walks away.
 *   Profit = borrowed − collateral given up at the price; bad debt = debt − collateral the vault
 *   actually holds for the account, at the price (not below zero).
 *
 * @throws BadOptionError for a scenario not driven on chain yet.
 * @example
 * ```ts
 * const r = await replayOnChain({ scenario: 'replay', design: 'naive', seed: 1 })
 * r.same // true: $10,000 of attacker profit on both
 * ```
 */
export async function replayOnChain(p: {
  readonly scenario: string
  readonly design: Design
  readonly seed: number
}): Promise<ReplayResult> {
  if (!(ON_CHAIN_SCENARIOS as readonly string[]).includes(p.scenario))
    throw new BadOptionError(
      '<scenario>',
      `one of ${ON_CHAIN_SCENARIOS.join(', ')} (the others are not driven on chain yet)`,
      p.scenario,
    )
  const engine = runScenario({ scenario: findScenario(p.scenario), design: p.design, seed: p.seed })
  if (p.scenario === 'forged-mint') return forgedMintOnChain(p, engine)
  const net = await startDevnet({
    design: p.design,
    collateral: {
      baseCollateralFactor: 7_500n,
      liquidationThreshold: 8_000n,
      liquidationPenalty: 10_500n,
      maxBridgeDelay: 0n,
      bridgeTrustScore: 100n,
    },
    priceE8: 200_000_000_000n,
    faults: { duplicate: (_packet, index) => index === 0 },
  })
  try {
    const c = net.compiled.contracts
    const home = net.deployment.home.contracts as Record<string, Address>
    const debt = net.deployment.debt.contracts as Record<string, Address>
    const attacker = devAccount(ROLES.attacker)
    const lock = 10n * E18
    await write(net.home, attacker, {
      address: home.collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [attacker.address, lock],
    })
    await write(net.home, attacker, {
      address: home.collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'approve',
      args: [home.vault!, lock],
    })
    await write(net.home, attacker, {
      address: home.vault!,
      abi: c.CollateralVault!.abi,
      functionName: 'lock',
      args: [lock],
    })
    const deliveries = await net.relayer.relayOnce()
    const duplicates = deliveries.filter((d) => d.packet.forged)
    const replaysExecuted = duplicates.filter((d) => d.status === 'delivered').length
    const replaysBlocked = duplicates.filter(
      (d) => d.status === 'failed' && d.error?.includes('AlreadyExecuted'),
    ).length
    let borrowed = 0n
    for (const usd of [30_000n, 15_000n]) {
      try {
        await write(net.debt, attacker, {
          address: debt.positionManager!,
          abi: c.PositionManager!.abi,
          functionName: 'borrow',
          args: [usd * USDC],
        })
        borrowed = usd * USDC
        break
      } catch {
        // over the limit: the engine's `borrow-ltv` rejection; try the smaller amount
      }
    }
    const price = 2_000n // USD per ETH, the devnet feed
    const borrowedWad = borrowed * 10n ** 12n
    const lockedHome = (await net.home.publicClient.readContract({
      address: home.vault!,
      abi: c.CollateralVault!.abi,
      functionName: 'locked',
      args: [attacker.address],
    })) as bigint
    const collateralWad = lockedHome * price
    const attackerProfitWad = borrowedWad > lock * price ? borrowedWad - lock * price : 0n
    const badDebtWad = borrowedWad > collateralWad ? borrowedWad - collateralWad : 0n
    const chain = { attackerProfitWad, badDebtWad, replaysExecuted, replaysBlocked }
    const lines: ReplayLine[] = [
      { figure: 'attackerProfitWad', engine: engine.attackerProfitWad, chain: String(attackerProfitWad) },
      { figure: 'badDebtWad', engine: engine.badDebtWad, chain: String(badDebtWad) },
      {
        figure: 'replaysExecuted',
        engine: String(engine.counters.replaysExecuted),
        chain: String(replaysExecuted),
      },
      {
        figure: 'replaysBlocked',
        engine: String(engine.counters.replaysBlocked),
        chain: String(replaysBlocked),
      },
    ].map((l) => ({ ...l, same: l.engine === l.chain }))
    return {
      scenario: p.scenario,
      design: p.design,
      seed: p.seed,
      engine,
      chain,
      lines,
      same: lines.every((l) => l.same),
    }
  } finally {
    await net.stop()
  }
}

/**
 * forged-mint on chain, in simulated time (t = 0 is the honest lock's block): an honest account
 * locks 1,000 ETH at t = 0 and borrows $1,000,000 at t = 300 (the engine's ten accounts of 100 ETH
 * and $100,000, in one: the rate limit sees the same 1,000 ETH); from t = 1,000 a compromised DVN
 * key delivers ten forged credits of 1,000 ETH to the attacker, 600 s apart; at t = 7,000 the
 * attacker borrows $15,000,000 and at t = 7,001 $1,500,000 more. Reference: the manager's token
 * bucket (2,000 ETH capacity, 0.01 ETH/s, the engine's) lets the first forged credit through.
 * Naive: no limit. Profit = borrowed (the attacker locked nothing); bad debt = its debt less its
 * collateral actually in the vault (none).
 */
async function forgedMintOnChain(
  p: { readonly scenario: string; readonly design: Design; readonly seed: number },
  engine: ScenarioResult,
): Promise<ReplayResult> {
  const net = await startDevnet({
    design: p.design,
    collateral: {
      baseCollateralFactor: 7_500n,
      liquidationThreshold: 8_000n,
      liquidationPenalty: 10_500n,
      maxBridgeDelay: 0n,
      bridgeTrustScore: 100n,
    },
    priceE8: 200_000_000_000n,
    simulatedTimeFrom: 1_800_000_000n,
    ...(p.design === 'reference'
      ? { creditRateLimit: { capacity: 2_000n * E18, refillPerSecond: E18 / 100n } }
      : {}),
  })
  try {
    const c = net.compiled.contracts
    const home = net.deployment.home.contracts as Record<string, Address>
    const debt = net.deployment.debt.contracts as Record<string, Address>
    const honest = devAccount(ROLES.user)
    const attacker = devAccount(ROLES.attacker)
    const latest = async () =>
      (await net.home.publicClient.getBlock()).timestamp > (await net.debt.publicClient.getBlock()).timestamp
        ? (await net.home.publicClient.getBlock()).timestamp
        : (await net.debt.publicClient.getBlock()).timestamp
    const t0 = (await latest()) + 100n
    const at = async (chain: 'home' | 'debt', t: bigint) =>
      setNextBlockTimestamp(chain === 'home' ? net.home : net.debt, t0 + t)
    const lock = 1_000n * E18
    await at('home', -3n)
    await write(net.home, honest, {
      address: home.collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'mint',
      args: [honest.address, lock],
    })
    await at('home', -2n)
    await write(net.home, honest, {
      address: home.collateralToken!,
      abi: c.TestToken!.abi,
      functionName: 'approve',
      args: [home.vault!, lock],
    })
    await at('home', 0n)
    await write(net.home, honest, {
      address: home.vault!,
      abi: c.CollateralVault!.abi,
      functionName: 'lock',
      args: [lock],
    })
    const [credit] = await net.relayer.relayOnce()
    await at('debt', 300n)
    await write(net.debt, honest, {
      address: debt.positionManager!,
      abi: c.PositionManager!.abi,
      functionName: 'borrow',
      args: [1_000_000n * USDC],
    })
    let creditRateLimited = 0
    for (let k = 0n; k < 10n; k++) {
      net.relayer.forge(
        { ...credit!.packet, sentAt: t0 + 1_000n + 600n * k },
        encodeAbiParameters(
          [
            { type: 'uint8' },
            { type: 'uint64' },
            { type: 'address' },
            { type: 'address' },
            { type: 'uint256' },
          ],
          [1, 1_000_000n + k, attacker.address, attacker.address, 1_000n * E18],
        ),
      )
      const [d] = await net.relayer.flush()
      if (d?.status === 'failed' && d.error?.includes('CreditRateLimited')) creditRateLimited++
    }
    let borrowed = 0n
    let borrowsRefused = 0
    for (const [t, usd] of [
      [7_000n, 15_000_000n],
      [7_001n, 1_500_000n],
    ] as const) {
      try {
        await at('debt', t)
        await write(net.debt, attacker, {
          address: debt.positionManager!,
          abi: c.PositionManager!.abi,
          functionName: 'borrow',
          args: [usd * USDC],
        })
        borrowed += usd * USDC
      } catch {
        borrowsRefused++ // over the LTV: the engine's `borrow-ltv` rejection
      }
    }
    const price = 2_000n
    const lockedHome = (await net.home.publicClient.readContract({
      address: home.vault!,
      abi: c.CollateralVault!.abi,
      functionName: 'locked',
      args: [attacker.address],
    })) as bigint
    const borrowedWad = borrowed * 10n ** 12n
    const collateralWad = lockedHome * price
    const attackerProfitWad = borrowedWad
    const badDebtWad = borrowedWad > collateralWad ? borrowedWad - collateralWad : 0n
    const rejected = engine.counters.rejected as Readonly<Record<string, number>>
    const lines: ReplayLine[] = [
      { figure: 'attackerProfitWad', engine: engine.attackerProfitWad, chain: String(attackerProfitWad) },
      { figure: 'badDebtWad', engine: engine.badDebtWad, chain: String(badDebtWad) },
      {
        figure: 'rejected.credit-rate-limit',
        engine: String(rejected['credit-rate-limit'] ?? 0),
        chain: String(creditRateLimited),
      },
      {
        figure: 'rejected.borrow-ltv',
        engine: String(rejected['borrow-ltv'] ?? 0),
        chain: String(borrowsRefused),
      },
    ].map((l) => ({ ...l, same: l.engine === l.chain }))
    return {
      scenario: p.scenario,
      design: p.design,
      seed: p.seed,
      engine,
      chain: {
        attackerProfitWad,
        badDebtWad,
        replaysExecuted: 0,
        replaysBlocked: 0,
        creditRateLimited,
        borrowsRefused,
      },
      lines,
      same: lines.every((l) => l.same),
    }
  } finally {
    await net.stop()
  }
}
