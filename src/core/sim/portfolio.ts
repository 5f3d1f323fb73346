import { SECONDS_PER_YEAR } from '../units/duration.js'
import { finite, nonNegative, openUnitInterval, positive, unitInterval } from '../units/validate.js'
import type { Architecture } from '../vocabulary.js'
import { SimulationInputError } from './errors.js'
import { type CompiledKernel, compileKernel } from './kernel.js'
import { cholesky } from './processes.js'

/**
 * The price process of one collateral asset, priced in the debt asset (a stablecoin): a Merton
 * jump diffusion (λ = 0 for GBM). The initial price is normalised to 1, so a route's
 * `collateralUsd` is also its collateral in units.
 *
 * @example
 * ```ts
 * const weth: SimAsset = { id: 'weth', sigmaAnnual: 0.86, driftAnnual: 0, jumpIntensityPerYear: 4, jumpMeanLog: -0.08, jumpStdLog: 0.05 }
 * ```
 */
export type SimAsset = {
  readonly id: string
  readonly sigmaAnnual: number
  readonly driftAnnual: number
  readonly jumpIntensityPerYear: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
  /**
   * Another price model in place of the jump diffusion (its σ, μ and jumps are then unused,
   * except σ as the EWMA starting volatility): GARCH(1,1) or EWMA volatility on per-step log
   * returns, or a moving-block bootstrap of historical per-step log returns. Such assets cannot
   * be correlated through `correlation` nor importance-sampled.
   */
  readonly model?: AssetModel
  /**
   * Multiplier of the market-wide jump's log size for this asset (1 for a volatile asset, 0 for
   * one that does not follow the market, such as a stablecoin). Used with `SimPortfolio.market`.
   */
  readonly jumpExposure?: number
  /** A depeg process for pegged collateral (stablecoins, liquid staking tokens). Cohort books only. */
  readonly depeg?: DepegProcess
}

/**
 * A depeg of pegged collateral: arrivals at `ratePerYear` (`stressMultiplier` times faster in the
 * stressed regime), the price falls to `1 − depth` of what it would be and stays there for an
 * exponential time of mean `meanSeconds`, then repegs.
 *
 * @example
 * ```ts
 * const usdcDepeg: DepegProcess = { ratePerYear: 0.125, depth: 0.125, meanSeconds: 259_200, stressMultiplier: 5 }
 * ```
 */
export type DepegProcess = {
  readonly ratePerYear: number
  readonly depth: number
  readonly meanSeconds: number
  readonly stressMultiplier: number
}

/**
 * The market of a simulated year: a two-regime volatility (calm and stressed; stress episodes
 * arrive at `stressRatePerYear` and last an exponential time of mean `stressMeanSeconds`, with
 * volatility `stressVolMultiplier` times the calm one; each asset's `sigmaAnnual` is its
 * unconditional volatility) and market-wide jumps (Poisson, log sizes N(m, s²), scaled by each
 * asset's `jumpExposure`). The stressed regime also multiplies the fault rates.
 *
 * @example
 * ```ts
 * const m: MarketRegime = { stressRatePerYear: 1, stressMeanSeconds: 604_800, stressVolMultiplier: 3,
 *   jumpIntensityPerYear: 4, jumpMeanLog: Math.log(0.9), jumpStdLog: 0.03 }
 * ```
 */
export type MarketRegime = {
  readonly stressRatePerYear: number
  readonly stressMeanSeconds: number
  readonly stressVolMultiplier: number
  readonly jumpIntensityPerYear: number
  readonly jumpMeanLog: number
  readonly jumpStdLog: number
}

/**
 * A book of renewing cohorts: a cohort of the route's positions opens every `cohortSeconds` at
 * the price of the time and lives `lifeSeconds` (then renews at the new price, so positions stay
 * near max LTV all year). At most the route's `collateralUsd` is open at once.
 *
 * @example
 * ```ts
 * const daily: CohortBook = { cohortSeconds: 86_400, lifeSeconds: 86_400 }
 * ```
 */
export type CohortBook = {
  readonly cohortSeconds: number
  readonly lifeSeconds: number
}

/**
 * A price model other than the jump diffusion (see `processes.ts`).
 *
 * @example
 * ```ts
 * const m: AssetModel = { kind: 'garch11', omega: 1e-7, alpha: 0.08, beta: 0.9 }
 * ```
 */
export type AssetModel =
  | { readonly kind: 'garch11'; readonly omega: number; readonly alpha: number; readonly beta: number }
  | { readonly kind: 'ewma'; readonly lambda: number }
  | { readonly kind: 'bootstrap'; readonly logReturns: readonly number[]; readonly blockLength: number }

/**
 * Fault processes of a route. Rates are per year (365 days); durations in seconds. Each rate is
 * multiplied by `stressMultiplier` while the route's asset trades at or below
 * `1 − stressDrawdown` of its initial price (bridges fail and oracles lag in crashes).
 *
 * @example
 * ```ts
 * const faults: SimFaults = { ...NO_FAULTS, bridgeExploitRatePerYear: 0.01, exploitLossFraction: 1 }
 * ```
 */
export type SimFaults = {
  /** Bridge halts: messages stop for `bridgeHaltSeconds`; liquidations cannot settle meanwhile. */
  readonly bridgeHaltRatePerYear: number
  readonly bridgeHaltSeconds: number
  /** Bridge exploit: the collateral loses `exploitLossFraction` of its value at once. */
  readonly bridgeExploitRatePerYear: number
  readonly exploitLossFraction: number
  /** With this probability per path the oracle lags by `oracleStaleSeconds` (detection delay). */
  readonly oracleStaleProbability: number
  readonly oracleStaleSeconds: number
  /** The oracle never reports below this fraction of the initial price (0: no floor). */
  readonly oracleFloor: number
  /** Congestion spikes on the debt chain: a liquidation landing in one waits `congestionDelaySeconds`. */
  readonly congestionRatePerYear: number
  readonly congestionDelaySeconds: number
  /** L2 sequencer downtime (plus grace period): no liquidation executes during it. */
  readonly sequencerDowntimeRatePerYear: number
  readonly sequencerDowntimeSeconds: number
  readonly stressDrawdown: number
  readonly stressMultiplier: number
}

/** No faults at all. @example `{ ...NO_FAULTS, bridgeExploitRatePerYear: 0.01 }` */
export const NO_FAULTS: SimFaults = {
  bridgeHaltRatePerYear: 0,
  bridgeHaltSeconds: 0,
  bridgeExploitRatePerYear: 0,
  exploitLossFraction: 0,
  oracleStaleProbability: 0,
  oracleStaleSeconds: 0,
  oracleFloor: 0,
  congestionRatePerYear: 0,
  congestionDelaySeconds: 0,
  sequencerDowntimeRatePerYear: 0,
  sequencerDowntimeSeconds: 0,
  stressDrawdown: 0.3,
  stressMultiplier: 1,
}

/**
 * One collateral route of the simulated book. Positions: `utilisations[i]` is position i's
 * borrow as a fraction of its limit, so its debt is `u_i · LTV · collateral_i`; the route's
 * `collateralUsd` is split equally among the positions.
 *
 * @example
 * ```ts
 * const route: SimRoute = { id: 'weth-arb', assetId: 'weth', bridgeId: 'arbitrum-canonical', liquidationThreshold: 0.83,
 *   loanToValue: 0.8, liquidationBonus: 0.05, liquidationLagSeconds: 600, collateralUsd: 1e6,
 *   utilisations: evenUtilisations(0.5, 10), faults: NO_FAULTS }
 * ```
 */
export type SimRoute = {
  readonly id: string
  readonly assetId: string
  /** Routes with the same bridge share its halts and exploits (Nomad: every chain at once). */
  readonly bridgeId: string
  readonly liquidationThreshold: number
  readonly loanToValue: number
  readonly liquidationBonus: number
  /** T_liq: trigger to execution, seconds (oracle lag, detection, transaction, seize message, sale). */
  readonly liquidationLagSeconds: number
  readonly collateralUsd: number
  readonly utilisations: readonly number[]
  readonly faults: SimFaults
  /**
   * The seed's architectures. Bridge halts delay liquidations only where the liquidation needs
   * the bridge: `message-passing` (the seize message goes home) and when absent (conservative);
   * `synthetic` and `hybrid-l2` liquidate the collateral on the debt chain itself.
   */
  readonly architecture?: Architecture
}

/**
 * The book a Monte Carlo run simulates (the small internal type the commands build from a config).
 *
 * @example
 * ```ts
 * const book: SimPortfolio = { horizonSeconds: 86_400, stepSeconds: 60, assets: [weth], routes: [route] }
 * ```
 */
export type SimPortfolio = {
  readonly horizonSeconds: number
  readonly stepSeconds: number
  readonly assets: readonly SimAsset[]
  /** Correlation of the assets' Brownian shocks, in the order of `assets`; identity if absent. */
  readonly correlation?: readonly (readonly number[])[]
  readonly routes: readonly SimRoute[]
  /** The market regime and jumps (cohort books only; see `book.ts`). */
  readonly market?: MarketRegime
  /**
   * With a cohort book, positions open continually (see {@link CohortBook}) and paths are drawn
   * to the horizon and extended only while a liquidation is in flight. Without one, the book is
   * opened once at t = 0.
   */
  readonly book?: CohortBook
}

/**
 * Per-route constants after validation.
 *
 * @example
 * ```ts
 * compilePortfolio(book).routes[0].triggerPrice // u_i · LTV / LT per position
 * ```
 */
export type CompiledRoute = {
  readonly route: SimRoute
  readonly index: number
  readonly assetIndex: number
  readonly bridgeIndex: number
  readonly lagSteps: number
  readonly staleSteps: number
  readonly haltSteps: number
  readonly congestionSteps: number
  readonly downtimeSteps: number
  readonly logFloor: number
  readonly logStress: number
  readonly logExploit: number
  /** Collateral per position (USD at t = 0, = units at price 1). */
  readonly collateral: Float64Array
  /** u_i · LTV / LT: the price (relative to t = 0) at which position i becomes liquidatable. */
  readonly triggerPrice: Float64Array
  readonly logTrigger: Float64Array
}

/**
 * A validated {@link AssetModel}; `v0` is the starting per-step variance of GARCH/EWMA.
 *
 * @example
 * ```ts
 * compilePortfolio(book).models[0] // undefined for a jump-diffusion asset
 * ```
 */
export type CompiledAssetModel = AssetModel & { readonly v0: number }

function compileModel(a: SimAsset, stepSeconds: number): CompiledAssetModel | undefined {
  const m = a.model
  if (m === undefined) return undefined
  const n = (k: string) => `assets[${a.id}].model.${k}`
  switch (m.kind) {
    case 'garch11': {
      positive(n('omega'), m.omega)
      nonNegative(n('alpha'), m.alpha)
      nonNegative(n('beta'), m.beta)
      if (m.alpha + m.beta >= 1)
        throw new SimulationInputError(
          `asset "${a.id}": alpha + beta ≥ 1`,
          'Use a stationary GARCH (alpha + beta < 1).',
        )
      return { ...m, v0: m.omega / (1 - m.alpha - m.beta) }
    }
    case 'ewma':
      openUnitInterval(n('lambda'), m.lambda)
      positive(`assets[${a.id}].sigmaAnnual`, a.sigmaAnnual)
      return { ...m, v0: (a.sigmaAnnual * a.sigmaAnnual * stepSeconds) / SECONDS_PER_YEAR }
    case 'bootstrap': {
      const len = m.logReturns.length
      if (!Number.isInteger(m.blockLength) || m.blockLength < 1 || m.blockLength > len)
        throw new SimulationInputError(
          `asset "${a.id}": block length ${m.blockLength} with ${len} returns`,
          'Use a block length from 1 to the number of returns.',
        )
      m.logReturns.forEach((r, i) => {
        finite(`${n('logReturns')}[${i}]`, r)
      })
      return { ...m, v0: 0 }
    }
    default:
      throw new SimulationInputError(
        `asset "${a.id}" has an unknown model`,
        'Use garch11, ewma or bootstrap.',
      )
  }
}

/**
 * A validated portfolio with per-step constants.
 *
 * @example
 * ```ts
 * const c: CompiledPortfolio = compilePortfolio(book)
 * ```
 */
export type CompiledPortfolio = {
  readonly portfolio: SimPortfolio
  /** Steps to the horizon. */
  readonly horizonSteps: number
  /** Steps simulated: the horizon plus the longest possible liquidation delay. */
  readonly totalSteps: number
  readonly kernels: readonly CompiledKernel[]
  /** Per asset: the validated other model with its starting variance, or undefined (jump diffusion). */
  readonly models: readonly (CompiledAssetModel | undefined)[]
  /** Cholesky factor of the correlation, or undefined when the assets are independent. */
  readonly choleskyFactor: Float64Array | undefined
  readonly routes: readonly CompiledRoute[]
  readonly bridgeIds: readonly string[]
}

function checkFaults(id: string, f: SimFaults): void {
  const n = (k: keyof SimFaults) => `routes[${id}].faults.${k}`
  nonNegative(n('bridgeHaltRatePerYear'), f.bridgeHaltRatePerYear)
  nonNegative(n('bridgeHaltSeconds'), f.bridgeHaltSeconds)
  nonNegative(n('bridgeExploitRatePerYear'), f.bridgeExploitRatePerYear)
  unitInterval(n('exploitLossFraction'), f.exploitLossFraction)
  unitInterval(n('oracleStaleProbability'), f.oracleStaleProbability)
  nonNegative(n('oracleStaleSeconds'), f.oracleStaleSeconds)
  unitInterval(n('oracleFloor'), f.oracleFloor)
  nonNegative(n('congestionRatePerYear'), f.congestionRatePerYear)
  nonNegative(n('congestionDelaySeconds'), f.congestionDelaySeconds)
  nonNegative(n('sequencerDowntimeRatePerYear'), f.sequencerDowntimeRatePerYear)
  nonNegative(n('sequencerDowntimeSeconds'), f.sequencerDowntimeSeconds)
  openUnitInterval(n('stressDrawdown'), f.stressDrawdown)
  finite(n('stressMultiplier'), f.stressMultiplier)
  if (f.stressMultiplier < 1)
    throw new SimulationInputError(
      `${n('stressMultiplier')} is ${f.stressMultiplier}`,
      'Use a multiplier ≥ 1.',
    )
}

/**
 * Validates a portfolio and precomputes what every path needs. Throws a named error on any
 * inconsistent input (unknown asset, LTV above LT, a non positive definite correlation, …).
 *
 * @example
 * ```ts
 * const c = compilePortfolio(portfolio)
 * c.totalSteps // horizon steps + the longest liquidation delay in steps
 * ```
 */
export function compilePortfolio(p: SimPortfolio): CompiledPortfolio {
  positive('horizonSeconds', p.horizonSeconds)
  positive('stepSeconds', p.stepSeconds)
  const horizonSteps = Math.ceil(p.horizonSeconds / p.stepSeconds - 1e-9)
  if (horizonSteps > 10_000_000)
    throw new SimulationInputError(
      `${horizonSteps} steps per path`,
      'Use a longer step or a shorter horizon.',
    )
  if (p.assets.length === 0) throw new SimulationInputError('no assets', 'Describe at least one asset.')
  if (p.routes.length === 0) throw new SimulationInputError('no routes', 'Describe at least one route.')
  const assetIndex = new Map<string, number>()
  p.assets.forEach((a, i) => {
    if (assetIndex.has(a.id))
      throw new SimulationInputError(`asset "${a.id}" twice`, 'Give each asset one entry.')
    assetIndex.set(a.id, i)
  })
  const steps = (seconds: number) => Math.ceil(seconds / p.stepSeconds - 1e-9)
  // A cohort book uses coarse steps: the lag and the oracle staleness round to the nearest step
  // (the first step below the BGK-shifted trigger already carries the overshoot of a crossing).
  const lagStepsOf = (seconds: number) =>
    p.book === undefined ? steps(seconds) : Math.round(seconds / p.stepSeconds)
  const bridgeIds: string[] = []
  const routeIds = new Set<string>()
  let buffer = 0
  const partial = p.routes.map((r, index) => {
    if (routeIds.has(r.id))
      throw new SimulationInputError(`route "${r.id}" twice`, 'Give each route one entry.')
    routeIds.add(r.id)
    const ai = assetIndex.get(r.assetId)
    if (ai === undefined)
      throw new SimulationInputError(`route "${r.id}" names unknown asset "${r.assetId}"`, 'Add the asset.')
    openUnitInterval(`routes[${r.id}].liquidationThreshold`, r.liquidationThreshold)
    openUnitInterval(`routes[${r.id}].loanToValue`, r.loanToValue)
    if (r.loanToValue > r.liquidationThreshold)
      throw new SimulationInputError(
        `route "${r.id}" has LTV ${r.loanToValue} above LT ${r.liquidationThreshold}`,
        'Set the LTV at or below the liquidation threshold.',
      )
    nonNegative(`routes[${r.id}].liquidationBonus`, r.liquidationBonus)
    nonNegative(`routes[${r.id}].liquidationLagSeconds`, r.liquidationLagSeconds)
    nonNegative(`routes[${r.id}].collateralUsd`, r.collateralUsd)
    if (r.utilisations.length === 0)
      throw new SimulationInputError(`route "${r.id}" has no positions`, 'Give at least one utilisation.')
    r.utilisations.forEach((u, i) => {
      unitInterval(`routes[${r.id}].utilisations[${i}]`, u)
    })
    checkFaults(r.id, r.faults)
    let bi = bridgeIds.indexOf(r.bridgeId)
    if (bi < 0) bi = bridgeIds.push(r.bridgeId) - 1
    const f = r.faults
    const lagSteps = lagStepsOf(r.liquidationLagSeconds)
    const staleSteps = f.oracleStaleProbability > 0 ? lagStepsOf(f.oracleStaleSeconds) : 0
    const haltSteps = f.bridgeHaltRatePerYear > 0 ? steps(f.bridgeHaltSeconds) : 0
    const congestionSteps = f.congestionRatePerYear > 0 ? steps(f.congestionDelaySeconds) : 0
    const downtimeSteps = f.sequencerDowntimeRatePerYear > 0 ? steps(f.sequencerDowntimeSeconds) : 0
    buffer = Math.max(buffer, lagSteps + staleSteps + 2 * (haltSteps + congestionSteps + downtimeSteps))
    const k = r.utilisations.length
    const collateral = new Float64Array(k).fill(r.collateralUsd / k)
    const triggerPrice = Float64Array.from(
      r.utilisations,
      (u) => (u * r.loanToValue) / r.liquidationThreshold,
    )
    return {
      route: r,
      index,
      assetIndex: ai,
      bridgeIndex: bi,
      lagSteps,
      staleSteps,
      haltSteps,
      congestionSteps,
      downtimeSteps,
      logFloor: f.oracleFloor > 0 ? Math.log(f.oracleFloor) : Number.NEGATIVE_INFINITY,
      logStress: Math.log(1 - f.stressDrawdown),
      logExploit: f.exploitLossFraction < 1 ? Math.log(1 - f.exploitLossFraction) : -745,
      collateral,
      triggerPrice,
      logTrigger: Float64Array.from(triggerPrice, (x) => (x > 0 ? Math.log(x) : Number.NEGATIVE_INFINITY)),
    }
  })
  const totalSteps = horizonSteps + buffer
  const kernels = p.assets.map((a) =>
    compileKernel({
      steps: totalSteps,
      stepSeconds: p.stepSeconds,
      sigmaAnnual: a.sigmaAnnual,
      driftAnnual: a.driftAnnual,
      jumpIntensityPerYear: a.jumpIntensityPerYear,
      jumpMeanLog: a.jumpMeanLog,
      jumpStdLog: a.jumpStdLog,
    }),
  )
  const models = p.assets.map((a) => compileModel(a, p.stepSeconds))
  if (p.book !== undefined) checkBook(p, p.book, models)
  let choleskyFactor: Float64Array | undefined
  if (p.correlation !== undefined) {
    if (models.some((m) => m !== undefined))
      throw new SimulationInputError(
        'a correlation matrix with GARCH, EWMA or bootstrap assets',
        'Correlate jump-diffusion assets only, or drop the correlation.',
      )
    if (p.correlation.length !== p.assets.length)
      throw new SimulationInputError(
        `the correlation matrix has ${p.correlation.length} rows for ${p.assets.length} assets`,
        'Give one row and column per asset, in the order of assets.',
      )
    p.correlation.forEach((row, i) => {
      if (Math.abs((row[i] ?? 0) - 1) > 1e-12)
        throw new SimulationInputError(`correlation[${i}][${i}] is not 1`, 'Put ones on the diagonal.')
      row.forEach((v, j) => {
        if (v < -1 || v > 1)
          throw new SimulationInputError(`correlation[${i}][${j}] = ${v}`, 'Use values in [−1, 1].')
      })
    })
    choleskyFactor = p.assets.length > 1 ? cholesky(p.correlation) : undefined
  }
  return {
    portfolio: p,
    horizonSteps,
    totalSteps,
    kernels,
    models,
    choleskyFactor,
    routes: partial,
    bridgeIds,
  }
}

function checkBook(
  p: SimPortfolio,
  b: CohortBook,
  models: readonly (CompiledAssetModel | undefined)[],
): void {
  positive('book.cohortSeconds', b.cohortSeconds)
  positive('book.lifeSeconds', b.lifeSeconds)
  if (b.cohortSeconds < p.stepSeconds || b.lifeSeconds < p.stepSeconds)
    throw new SimulationInputError(
      `a cohort every ${b.cohortSeconds} s living ${b.lifeSeconds} s with steps of ${p.stepSeconds} s`,
      'Use cohort spacing and life of at least one step.',
    )
  if (models.some((m) => m !== undefined))
    throw new SimulationInputError(
      'a cohort book with GARCH, EWMA or bootstrap assets',
      'Use jump-diffusion assets (the market regime gives the stressed volatility).',
    )
  const m = p.market
  if (m !== undefined) {
    nonNegative('market.stressRatePerYear', m.stressRatePerYear)
    positive('market.stressMeanSeconds', m.stressMeanSeconds)
    finite('market.stressVolMultiplier', m.stressVolMultiplier)
    if (m.stressVolMultiplier < 1)
      throw new SimulationInputError(
        `market.stressVolMultiplier is ${m.stressVolMultiplier}`,
        'Use a stressed volatility at least the calm one (multiplier ≥ 1).',
      )
    nonNegative('market.jumpIntensityPerYear', m.jumpIntensityPerYear)
    finite('market.jumpMeanLog', m.jumpMeanLog)
    nonNegative('market.jumpStdLog', m.jumpStdLog)
  }
  for (const a of p.assets) {
    if (a.jumpExposure !== undefined) nonNegative(`assets[${a.id}].jumpExposure`, a.jumpExposure)
    const d = a.depeg
    if (d !== undefined) {
      nonNegative(`assets[${a.id}].depeg.ratePerYear`, d.ratePerYear)
      openUnitInterval(`assets[${a.id}].depeg.depth`, d.depth)
      positive(`assets[${a.id}].depeg.meanSeconds`, d.meanSeconds)
      finite(`assets[${a.id}].depeg.stressMultiplier`, d.stressMultiplier)
      if (d.stressMultiplier < 1)
        throw new SimulationInputError(
          `assets[${a.id}].depeg.stressMultiplier is ${d.stressMultiplier}`,
          'Use a multiplier ≥ 1.',
        )
    }
  }
}

/**
 * Position utilisations spread evenly from `min` to 1: `count` positions at
 * `min + (1 − min)·i/(count − 1)`; a book where some positions sit at their borrow limit.
 *
 * @example
 * ```ts
 * evenUtilisations(0.5, 6) // [0.5, 0.6, 0.7, 0.8, 0.9, 1]
 * ```
 */
export function evenUtilisations(min: number, count: number): number[] {
  unitInterval('min', min)
  if (!Number.isInteger(count) || count < 1)
    throw new SimulationInputError(`count ${count}`, 'Use a whole number of positions ≥ 1.')
  if (count === 1) return [1]
  return Array.from({ length: count }, (_, i) => min + ((1 - min) * i) / (count - 1))
}
