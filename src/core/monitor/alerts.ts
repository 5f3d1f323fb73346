import type { Alert, AlertKind, Effect, MonitorState, Severity } from './types.js'
import { SEVERITIES } from './types.js'

/**
 * The alert book of one reduction step: the open alerts (copied on first write) and the effects
 * that changing them produced. Handlers set conditions on it; the reducer returns the result.
 *
 * @example
 * ```ts
 * const book = new AlertBook(state.alerts)
 * book.set(true, alert, { time: 1_700_000_000_000n }) // raised once under alert.key
 * book.effects // [{ type: 'raise', alert }]
 * ```
 */
export class AlertBook {
  readonly effects: Effect[] = []
  #alerts: Record<string, Alert>
  #copied = false

  constructor(alerts: MonitorState['alerts']) {
    this.#alerts = alerts as Record<string, Alert>
  }

  /** The open alerts after this step's changes. */
  get alerts(): MonitorState['alerts'] {
    return this.#alerts
  }

  /** The open alert under a key, if any. */
  open(key: string): Alert | undefined {
    return this.#alerts[key]
  }

  #write(): Record<string, Alert> {
    if (!this.#copied) {
      this.#alerts = { ...this.#alerts }
      this.#copied = true
    }
    return this.#alerts
  }

  /**
   * Sets a condition: while `active`, the alert is open (raised once, updated when its severity
   * changes, never raised twice under one key); once inactive, it is resolved.
   */
  set(active: boolean, alert: Alert, at: { readonly time: bigint }): void {
    const current = this.#alerts[alert.key]
    if (!active) {
      if (current) this.resolve(alert.key, at)
      return
    }
    if (!current) {
      this.#write()[alert.key] = alert
      this.effects.push({ type: 'raise', alert })
      return
    }
    if (current.severity !== alert.severity) {
      const next: Alert = { ...alert, raisedAt: current.raisedAt }
      this.#write()[alert.key] = next
      this.effects.push({ type: 'update', alert: next, previous: current.severity })
    }
  }

  /** Resolves an open alert (no effect when none is open under the key). */
  resolve(key: string, at: { readonly time: bigint }): void {
    const current = this.#alerts[key]
    if (!current) return
    delete this.#write()[key]
    this.effects.push({ type: 'resolve', alert: current, at })
  }
}

/**
 * The stable dedupe key of an alert: its kind and subject.
 *
 * @example
 * ```ts
 * alertKey('backing-breach', 'weth-home-debt') // 'backing-breach:weth-home-debt'
 * ```
 */
export function alertKey(kind: AlertKind, subject: string): string {
  return `${kind}:${subject}`
}

/**
 * Whether a value is below a threshold, with hysteresis: a condition that is not active turns
 * active below `threshold`; once active it stays active until the value reaches
 * `threshold · (1 + marginBps / 10_000)`. A value hovering just above the threshold therefore does
 * not flap between raise and resolve. Exact in bigint.
 *
 * @example
 * ```ts
 * belowWithHysteresis(101n, 100n, 500n, false) // false (not below)
 * belowWithHysteresis(101n, 100n, 500n, true) // true (still within the 5 % margin)
 * belowWithHysteresis(105n, 100n, 500n, true) // false (recovered)
 * ```
 */
export function belowWithHysteresis(
  value: bigint,
  threshold: bigint,
  marginBps: bigint,
  active: boolean,
): boolean {
  if (!active) return value < threshold
  return value * 10_000n < threshold * (10_000n + marginBps)
}

/**
 * Compares severities: negative when `a` is less severe than `b`.
 *
 * @example
 * ```ts
 * compareSeverity('warning', 'critical') < 0 // true
 * ```
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b)
}
