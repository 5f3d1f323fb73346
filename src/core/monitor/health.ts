import { HealthFactor, type HealthFactorValue, healthFactor } from '../risk/health.js'
import { WAD } from '../units/wad.js'
import type { HealthBand, HealthBandConfig, PositionHealth, PositionRead, Snapshot } from './types.js'
import { HEALTH_BANDS } from './types.js'

/**
 * The default bands a risk team expects: critical below HF 1 (liquidatable), danger below 1.1,
 * warning below 1.25; a position leaves a worse band once it is 1 % above the bound.
 *
 * @example
 * ```ts
 * DEFAULT_HEALTH_BANDS.dangerBelow // 1_100_000_000_000_000_000n
 * ```
 */
export const DEFAULT_HEALTH_BANDS: HealthBandConfig = {
  criticalBelow: WAD,
  dangerBelow: (WAD * 110n) / 100n,
  warningBelow: (WAD * 125n) / 100n,
  recoverMarginBps: 100n,
}

function bounds(config: HealthBandConfig): readonly bigint[] {
  return [config.criticalBelow, config.dangerBelow, config.warningBelow]
}

/**
 * The band of an exact health factor (no memory): the first band whose bound it is below.
 * `HealthFactor.INFINITE` (no debt) is healthy.
 *
 * @example
 * ```ts
 * healthBand(999_999_999_999_999_999n, DEFAULT_HEALTH_BANDS) // 'critical'
 * healthBand(WAD, DEFAULT_HEALTH_BANDS) // 'danger'
 * ```
 */
export function healthBand(hf: HealthFactorValue, config: HealthBandConfig): HealthBand {
  if (hf === HealthFactor.INFINITE) return 'healthy'
  const b = bounds(config)
  for (let i = 0; i < b.length; i++) if (hf < (b[i] as bigint)) return HEALTH_BANDS[i] as HealthBand
  return 'healthy'
}

/**
 * The band an alert holds, with hysteresis: a worse band is taken at once; a better one only
 * once HF clears each bound it crosses by `recoverMarginBps`, so an HF hovering at a bound does
 * not flap.
 *
 * @example
 * ```ts
 * // HF 1.101 after 'danger': within 1 % of the 1.1 bound, so it stays 'danger'
 * hysteresisBand(1_101_000_000_000_000_000n, 'danger', DEFAULT_HEALTH_BANDS) // 'danger'
 * ```
 */
export function hysteresisBand(
  hf: HealthFactorValue,
  previous: HealthBand,
  config: HealthBandConfig,
): HealthBand {
  const raw = healthBand(hf, config)
  const r = HEALTH_BANDS.indexOf(raw)
  let b = HEALTH_BANDS.indexOf(previous)
  if (r <= b) return raw
  if (hf === HealthFactor.INFINITE) return raw
  const bs = bounds(config)
  while (b < r && hf * 10_000n >= (bs[b] as bigint) * (10_000n + config.recoverMarginBps)) b++
  return HEALTH_BANDS[b] as HealthBand
}

/** Parameters of {@link marketHealth}. */
export type MarketHealthParameters = {
  readonly chain: string
  readonly block: bigint
  readonly blockHash: string
  readonly time: bigint
  readonly market: string
  readonly positions: readonly PositionRead[]
  readonly bands: HealthBandConfig
}

/**
 * Every position's exact health factor (src/core/risk `healthFactor`, rounding against the
 * borrower, the same arithmetic as the contracts), its band, the band counts and the liquidatable
 * list (HF < 1, sorted): the snapshot of a market at one block.
 *
 * @example
 * ```ts
 * const s = marketHealth({ chain: 'debt', block: 10n, blockHash: '0x…', time: 0n, market: 'pm', positions, bands: DEFAULT_HEALTH_BANDS })
 * s.liquidatable // ['0xabc…']
 * ```
 */
export function marketHealth(parameters: MarketHealthParameters): Snapshot {
  const counts: Record<HealthBand, number> = { critical: 0, danger: 0, warning: 0, healthy: 0 }
  const liquidatable: string[] = []
  const positions: PositionHealth[] = parameters.positions.map((p) => {
    const hf = healthFactor({ collaterals: p.collaterals, debts: p.debts })
    const band = healthBand(hf, parameters.bands)
    counts[band]++
    if (hf !== HealthFactor.INFINITE && hf < WAD) liquidatable.push(p.account)
    return { account: p.account, healthFactor: hf === HealthFactor.INFINITE ? null : hf, band }
  })
  liquidatable.sort()
  return {
    chain: parameters.chain,
    block: parameters.block,
    blockHash: parameters.blockHash,
    time: parameters.time,
    market: parameters.market,
    positions,
    bands: counts,
    liquidatable,
  }
}
