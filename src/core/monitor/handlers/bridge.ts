import { alertKey } from '../alerts.js'
import { reassessmentDetails, reassessRoute, signaturesNeeded } from '../reassess.js'
import type { DetailRecord, UlnConfigValue } from '../types.js'
import type { Handler, ObservationOf } from './context.js'
import { verified } from './failures.js'

function configDetails(c: UlnConfigValue): DetailRecord {
  return {
    confirmations: c.confirmations.toString(),
    requiredDVNCount: c.requiredDVNCount,
    optionalDVNCount: c.optionalDVNCount,
    optionalDVNThreshold: c.optionalDVNThreshold,
    requiredDVNs: [...c.requiredDVNs],
    optionalDVNs: [...c.optionalDVNs],
  }
}

function dvnSet(c: UlnConfigValue): string {
  const norm = (l: readonly string[]) =>
    [...l]
      .map((a) => a.toLowerCase())
      .sort()
      .join(',')
  return `${norm(c.requiredDVNs)}|${norm(c.optionalDVNs)}|${c.optionalDVNThreshold}`
}

/**
 * An OApp's effective ULN config on one path, against the first one seen (the baseline). Fewer
 * signatures needed than the baseline is critical; another DVN set is a warning; a config a single
 * DVN can satisfy is danger. Each alert carries the route reassessed by the trust engine under the
 * baseline and under the new config (trust score, adjusted collateral factor, eligibility, cap),
 * and whether the OApp follows the library's default (its raw config leaves the counts at 0), so a
 * changed default that the OApp follows silently shows as what it is.
 */
export const handleUlnConfig: Handler<ObservationOf<'ulnConfig'>> = (state, o, book, config) => {
  verified(book, `uln:${o.route}`, o.at)
  const baseline = state.ulnBaselines[o.route] ?? o.effective
  const next =
    state.ulnBaselines[o.route] === undefined
      ? { ...state, ulnBaselines: { ...state.ulnBaselines, [o.route]: o.effective } }
      : state
  const before = signaturesNeeded(baseline)
  const after = signaturesNeeded(o.effective)
  const fell = after < before
  const changed = dvnSet(baseline) !== dvnSet(o.effective)
  const single = after <= 1
  const followsDefault =
    o.raw === undefined ? null : o.raw.requiredDVNCount === 0 && o.raw.optionalDVNThreshold === 0
  const raisedAt = { time: o.at.time, block: o.at.block }
  const path = { oapp: o.oapp, library: o.library, remoteEid: o.remoteEid, followsDefault }
  const reassessment = (): DetailRecord => ({
    before: reassessmentDetails(reassessRoute(baseline, config.trust)),
    after: reassessmentDetails(reassessRoute(o.effective, config.trust)),
  })
  book.set(
    fell,
    {
      key: alertKey('dvn-count-fell', o.route),
      kind: 'dvn-count-fell',
      severity: 'critical',
      chain: o.at.chain,
      subject: o.route,
      message: `${o.route}: a message now needs ${after} DVN signature(s), down from ${before}`,
      raisedAt,
      details: fell
        ? {
            ...path,
            baseline: configDetails(baseline),
            effective: configDetails(o.effective),
            reassessment: reassessment(),
          }
        : {},
    },
    o.at,
  )
  book.set(
    changed,
    {
      key: alertKey('dvn-set-changed', o.route),
      kind: 'dvn-set-changed',
      severity: 'warning',
      chain: o.at.chain,
      subject: o.route,
      message: `${o.route}: the DVN set differs from the one first seen`,
      raisedAt,
      details: changed
        ? { ...path, baseline: configDetails(baseline), effective: configDetails(o.effective) }
        : {},
    },
    o.at,
  )
  book.set(
    single,
    {
      key: alertKey('dvn-single-point', o.route),
      kind: 'dvn-single-point',
      severity: 'danger',
      chain: o.at.chain,
      subject: o.route,
      message: `${o.route}: ${after === 0 ? 'no DVN signature' : 'one DVN signature'} accepts a message (a single point of failure)`,
      raisedAt,
      details: single ? { ...path, effective: configDetails(o.effective), reassessment: reassessment() } : {},
    },
    o.at,
  )
  return next
}
