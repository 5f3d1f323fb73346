import { alertKey } from '../alerts.js'
import type { Handler, ObservationOf } from './context.js'
import { verified } from './failures.js'

/**
 * A feed's latest round: invalid (≤ 0), at its `minAnswer` floor or `maxAnswer` ceiling (the
 * aggregator clamps there, so the real price may be anywhere beyond: the LUNA lesson), or older
 * than the feed's own heartbeat. Each is a critical alert that a later good round resolves.
 */
export const handleFeedRound: Handler<ObservationOf<'feedRound'>> = (state, o, book) => {
  const scope = `feed:${o.at.chain}:${o.feed}`
  verified(book, scope, o.at)
  const subject = `${o.at.chain}:${o.feed}`
  const raisedAt = { time: o.at.time, block: o.at.block }
  const common = { chain: o.at.chain, subject, raisedAt, severity: 'critical' as const }
  const base = {
    feed: o.feed,
    description: o.description,
    roundId: o.roundId.toString(),
    answer: o.answer.toString(),
    decimals: o.decimals,
    updatedAt: o.updatedAt.toString(),
  }
  book.set(
    o.answer <= 0n,
    {
      ...common,
      key: alertKey('oracle-invalid', subject),
      kind: 'oracle-invalid',
      message: `${o.description} answers ${o.answer}, not a price`,
      details: base,
    },
    o.at,
  )
  const atFloor = o.minAnswer !== undefined && o.answer <= o.minAnswer
  book.set(
    atFloor,
    {
      ...common,
      key: alertKey('oracle-floor', subject),
      kind: 'oracle-floor',
      message: `${o.description} is at its minAnswer floor ${o.minAnswer}: the market price may be lower`,
      details: { ...base, minAnswer: String(o.minAnswer) },
    },
    o.at,
  )
  const atCeiling = o.maxAnswer !== undefined && o.answer >= o.maxAnswer
  book.set(
    atCeiling,
    {
      ...common,
      key: alertKey('oracle-ceiling', subject),
      kind: 'oracle-ceiling',
      message: `${o.description} is at its maxAnswer ceiling ${o.maxAnswer}: the market price may be higher`,
      details: { ...base, maxAnswer: String(o.maxAnswer) },
    },
    o.at,
  )
  const age = o.at.time - o.updatedAt
  book.set(
    age > o.heartbeatSeconds,
    {
      ...common,
      key: alertKey('oracle-stale', subject),
      kind: 'oracle-stale',
      message: `${o.description} was last updated ${age} s ago, beyond its ${o.heartbeatSeconds} s heartbeat`,
      details: { ...base, ageSeconds: age.toString(), heartbeatSeconds: o.heartbeatSeconds.toString() },
    },
    o.at,
  )
  return state
}

/**
 * An L2 sequencer uptime feed: down (answer ≠ 0) is critical; back up for less than the grace
 * period is danger (prices may not have caught up, liquidations are unfair).
 */
export const handleSequencer: Handler<ObservationOf<'sequencer'>> = (state, o, book) => {
  verified(book, `sequencer:${o.at.chain}:${o.feed}`, o.at)
  const subject = `${o.at.chain}:${o.feed}`
  const raisedAt = { time: o.at.time, block: o.at.block }
  const down = o.answer !== 0n
  const upFor = o.at.time - o.startedAt
  const details = { feed: o.feed, answer: o.answer.toString(), startedAt: o.startedAt.toString() }
  book.set(
    down,
    {
      key: alertKey('sequencer-down', subject),
      kind: 'sequencer-down',
      severity: 'critical',
      chain: o.at.chain,
      subject,
      message: `the ${o.at.chain} sequencer is down since ${o.startedAt}`,
      raisedAt,
      details,
    },
    o.at,
  )
  book.set(
    !down && upFor < o.gracePeriodSeconds,
    {
      key: alertKey('sequencer-grace', subject),
      kind: 'sequencer-grace',
      severity: 'danger',
      chain: o.at.chain,
      subject,
      message: `the ${o.at.chain} sequencer is back for ${upFor} s, within its ${o.gracePeriodSeconds} s grace period`,
      raisedAt,
      details: {
        ...details,
        upForSeconds: upFor.toString(),
        gracePeriodSeconds: o.gracePeriodSeconds.toString(),
      },
    },
    o.at,
  )
  return state
}
