/**
 * A small linear program: minimise `c·x` subject to rows `a·x ≤ b` or `a·x ≥ b` (b ≥ 0) and
 * bounds `0 ≤ x_j ≤ upper_j`. Solved by the bounded-variable primal simplex (upper bounds kept
 * implicit, bound flips instead of extra rows), phase 1 on artificial variables, Dantzig's rule
 * with Bland's rule after a run of degenerate pivots so it cannot cycle. Dense tableau of
 * `m × (n + m)` (+ artificials): the intent LPs have a handful of rows and up to a few hundred
 * columns, where a dense tableau is fastest.
 *
 * @example
 * ```ts
 * solveLp({ cost: [1, 2], rows: [{ coefficients: [1, 1], sense: '>=', rhs: 1 }], upper: [0.5, 5] })
 * // { status: 'optimal', x: [0.5, 0.5], objective: 1.5 }
 * ```
 */
export type LpRow = {
  readonly coefficients: readonly number[]
  readonly sense: '<=' | '>='
  /** Right-hand side, ≥ 0. */
  readonly rhs: number
}

/** The program of {@link solveLp}. */
export type LpParameters = {
  readonly cost: readonly number[]
  readonly rows: readonly LpRow[]
  /** Upper bound per variable (finite or `Infinity`); lower bounds are 0. */
  readonly upper: readonly number[]
}

/** The answer of {@link solveLp}. */
export type LpResult =
  | { readonly status: 'optimal'; readonly x: readonly number[]; readonly objective: number }
  | { readonly status: 'infeasible'; readonly infeasibility: number }
  | { readonly status: 'unbounded' }

const EPS = 1e-10

/**
 * Solves a bounded linear program exactly up to floating-point tolerance (1e-10 on reduced
 * costs and pivots; 1e-7 relative on phase 1's residual). See {@link LpRow}.
 *
 * @example
 * ```ts
 * const r = solveLp({ cost: [1], rows: [{ coefficients: [2], sense: '>=', rhs: 3 }], upper: [10] })
 * r.status === 'optimal' && r.x[0] // 1.5
 * ```
 */
export function solveLp(p: LpParameters): LpResult {
  const n = p.cost.length
  const m = p.rows.length
  const artificialRows = p.rows.flatMap((r, i) => (r.sense === '>=' && r.rhs > 0 ? [i] : []))
  const na = artificialRows.length
  const N = n + m + na
  // Tableau rows (B⁻¹A), current basic values, basis and the status of non-basic columns.
  const T = p.rows.map(() => new Float64Array(N))
  const xB = new Float64Array(m)
  const basis = new Int32Array(m)
  // Row of each basic column, −1 for a non-basic one.
  const rowOf = new Int32Array(N).fill(-1)
  const upper = new Float64Array(N)
  const atUpper = new Uint8Array(N)
  for (let j = 0; j < n; j++) upper[j] = p.upper[j] ?? Number.POSITIVE_INFINITY
  for (let j = n; j < N; j++) upper[j] = Number.POSITIVE_INFINITY
  let scale = 0
  p.rows.forEach((row, i) => {
    const t = T[i] as Float64Array
    for (let j = 0; j < n; j++) t[j] = row.coefficients[j] ?? 0
    t[n + i] = row.sense === '<=' ? 1 : -1
    xB[i] = row.rhs
    scale = Math.max(scale, Math.abs(row.rhs))
    basis[i] = n + i
    rowOf[n + i] = i
  })
  artificialRows.forEach((i, k) => {
    const t = T[i] as Float64Array
    t[n + m + k] = 1
    rowOf[n + i] = -1
    basis[i] = n + m + k
    rowOf[n + m + k] = i
  })
  // A '>=' row with rhs 0 starts with its slack basic at 0: flip the row's sign so the slack has +1.
  p.rows.forEach((row, i) => {
    if (row.sense === '>=' && !(row.rhs > 0)) {
      const t = T[i] as Float64Array
      for (let j = 0; j < N; j++) t[j] = -(t[j] as number)
      xB[i] = 0
    }
  })

  const run = (cost: Float64Array): 'optimal' | 'unbounded' => {
    const d = new Float64Array(N)
    let degenerate = 0
    for (let iteration = 0; iteration < 50_000; iteration++) {
      for (let j = 0; j < N; j++) d[j] = cost[j] as number
      for (let i = 0; i < m; i++) {
        const cb = cost[basis[i] as number] as number
        if (cb === 0) continue
        const t = T[i] as Float64Array
        for (let j = 0; j < N; j++) d[j] = (d[j] as number) - cb * (t[j] as number)
      }
      const bland = degenerate > 30
      let enter = -1
      let best = 0
      for (let j = 0; j < N; j++) {
        if (upper[j] === 0) continue
        const dj = d[j] as number
        const gain = atUpper[j] ? dj : -dj
        if (gain <= EPS) continue
        if (rowOf[j] !== -1) continue
        if (bland) {
          enter = j
          break
        }
        if (gain > best) {
          best = gain
          enter = j
        }
      }
      if (enter < 0) return 'optimal'
      const dir = atUpper[enter] ? -1 : 1
      let theta = upper[enter] as number
      let leave = -1
      let leaveToUpper = false
      let leaveAbs = 0
      for (let i = 0; i < m; i++) {
        const a = dir * ((T[i] as Float64Array)[enter] as number)
        let limit: number
        let toUpper: boolean
        if (a > EPS) {
          limit = Math.max(0, xB[i] as number) / a
          toUpper = false
        } else if (a < -EPS) {
          const ub = upper[basis[i] as number] as number
          if (ub === Number.POSITIVE_INFINITY) continue
          limit = Math.max(0, ub - (xB[i] as number)) / -a
          toUpper = true
        } else continue
        // Smallest limit; on a tie, Bland's smallest basic index or else the largest pivot.
        const tie = leave >= 0 && Math.abs(limit - theta) <= EPS
        const better =
          limit < theta - EPS ||
          (leave < 0 && limit <= theta) ||
          (tie && (bland ? (basis[i] as number) < (basis[leave] as number) : Math.abs(a) > leaveAbs))
        if (better) {
          theta = Math.min(theta, limit)
          leave = i
          leaveToUpper = toUpper
          leaveAbs = Math.abs(a)
        }
      }
      if (theta === Number.POSITIVE_INFINITY) return 'unbounded'
      degenerate = theta <= EPS ? degenerate + 1 : 0
      for (let i = 0; i < m; i++)
        xB[i] = (xB[i] as number) - dir * ((T[i] as Float64Array)[enter] as number) * theta
      if (leave < 0) {
        atUpper[enter] = atUpper[enter] ? 0 : 1
        continue
      }
      const leaving = basis[leave] as number
      const enteringValue = atUpper[enter] ? (upper[enter] as number) - theta : theta
      atUpper[leaving] = leaveToUpper ? 1 : 0
      atUpper[enter] = 0
      const pivotRow = T[leave] as Float64Array
      const pivot = pivotRow[enter] as number
      for (let j = 0; j < N; j++) pivotRow[j] = (pivotRow[j] as number) / pivot
      for (let i = 0; i < m; i++) {
        if (i === leave) continue
        const t = T[i] as Float64Array
        const f = t[enter] as number
        if (f === 0) continue
        for (let j = 0; j < N; j++) t[j] = (t[j] as number) - f * (pivotRow[j] as number)
      }
      basis[leave] = enter
      rowOf[leaving] = -1
      rowOf[enter] = leave
      xB[leave] = enteringValue
    }
    return 'optimal'
  }
  const columnValue = (j: number): number => {
    const i = rowOf[j] as number
    if (i >= 0) return xB[i] as number
    return atUpper[j] ? (upper[j] as number) : 0
  }

  if (na > 0) {
    const phase1 = new Float64Array(N)
    for (let k = 0; k < na; k++) phase1[n + m + k] = 1
    run(phase1)
    let residual = 0
    for (let k = 0; k < na; k++) residual += Math.max(0, columnValue(n + m + k))
    if (residual > 1e-7 * Math.max(1, scale)) return { status: 'infeasible', infeasibility: residual }
    for (let k = 0; k < na; k++) upper[n + m + k] = 0
  }
  // Tolerances are absolute: scale the costs so the largest is 1 (the optimum does not change).
  const costScale = Math.max(0, ...p.cost.map((c) => Math.abs(c)))
  const cost = new Float64Array(N)
  for (let j = 0; j < n; j++) cost[j] = costScale > 0 ? (p.cost[j] ?? 0) / costScale : 0
  if (run(cost) === 'unbounded') return { status: 'unbounded' }
  const x = Array.from({ length: n }, (_, j) => Math.min(upper[j] as number, Math.max(0, columnValue(j))))
  return { status: 'optimal', x, objective: x.reduce((s, v, j) => s + v * (p.cost[j] ?? 0), 0) }
}
