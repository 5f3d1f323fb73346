import type { Wad } from '../../units/wad.js'
import { assertUnreachable } from '../../vocabulary.js'
import { alertKey } from '../alerts.js'
import { hysteresisBand, marketHealth } from '../health.js'
import type { HealthBand, MonitorState, Severity } from '../types.js'
import type { Handler, ObservationOf } from './context.js'
import { verified } from './failures.js'

function severityOf(band: Exclude<HealthBand, 'healthy'>): Severity {
  switch (band) {
    case 'critical':
      return 'critical'
    case 'danger':
      return 'danger'
    case 'warning':
      return 'warning'
    default:
      return assertUnreachable(band)
  }
}

function formatWad(x: bigint): string {
  const whole = x / 10n ** 18n
  const frac = (x % 10n ** 18n).toString().padStart(18, '0').slice(0, 6)
  return `${whole}.${frac}`
}

/**
 * Every position of a market at one block, valued by the exact engine (src/core/risk): a snapshot
 * (exact HF, band, counts, liquidatable list); one alert per position outside the healthy band
 * (its severity the band, held with hysteresis); a liquidatable position still liquidatable
 * `keeperBlocks` later is a keeper-liveness alert. A position no longer listed resolves its alerts.
 */
export const handlePositions: Handler<ObservationOf<'positions'>> = (state, o, book, config) => {
  verified(book, `positions:${o.at.chain}:${o.market}`, o.at)
  const block = o.at.block ?? 0n
  const snapshot = marketHealth({
    chain: o.at.chain,
    block,
    blockHash: o.blockHash,
    time: o.at.time,
    market: o.market,
    positions: o.positions,
    bands: config.bands,
  })
  book.effects.push({ type: 'snapshot', snapshot })
  const previous = state.positions[o.market] ?? {}
  const next: Record<string, { band: HealthBand; liquidatableSince: bigint | null }> = {}
  const raisedAt = { time: o.at.time, block }
  for (const p of snapshot.positions) {
    const hf = p.healthFactor
    const prior = previous[p.account]
    const band = hf === null ? 'healthy' : hysteresisBand(hf as Wad, prior?.band ?? 'healthy', config.bands)
    const liquidatable = p.band === 'critical'
    const since = liquidatable ? (prior?.liquidatableSince ?? block) : null
    next[p.account] = { band, liquidatableSince: since }
    const subject = `${o.market}:${p.account}`
    book.set(
      band !== 'healthy',
      {
        key: alertKey('health-factor', subject),
        kind: 'health-factor',
        severity: band === 'healthy' ? 'info' : severityOf(band),
        chain: o.at.chain,
        subject,
        message: `${p.account} on ${o.market}: HF ${hf === null ? '∞' : formatWad(hf)} (${band})`,
        raisedAt,
        details: {
          account: p.account,
          market: o.market,
          healthFactor: hf === null ? null : hf.toString(),
          band,
        },
      },
      o.at,
    )
    book.set(
      since !== null && block - since >= config.keeperBlocks,
      {
        key: alertKey('keeper-liveness', subject),
        kind: 'keeper-liveness',
        severity: 'danger',
        chain: o.at.chain,
        subject,
        message: `${p.account} on ${o.market} is liquidatable since block ${since} and not liquidated`,
        raisedAt,
        details: {
          account: p.account,
          market: o.market,
          liquidatableSince: since === null ? null : since.toString(),
        },
      },
      o.at,
    )
  }
  for (const account of Object.keys(previous)) {
    if (next[account] !== undefined) continue
    book.resolve(alertKey('health-factor', `${o.market}:${account}`), o.at)
    book.resolve(alertKey('keeper-liveness', `${o.market}:${account}`), o.at)
  }
  const positions: MonitorState['positions'] = { ...state.positions, [o.market]: next }
  return { ...state, positions }
}
