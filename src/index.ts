/**
 * xcollat: a risk engine for cross-chain collateral. The library exports the pure core
 * (units, exact maths, the risk model, bridge trust) and the config loaders.
 *
 * @example
 * ```ts
 * import { potentialValueChange, healthFactor, HealthFactor } from 'xcollat'
 * potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 1800, confidence: 0.999 })
 * ```
 */

export * from './config/index.js'
export type { AssessmentReport, RouteAssessment } from './core/assess/assess.js'
export { assess, assessRoute } from './core/assess/assess.js'
export * as assessment from './core/assess/index.js'
export * as backtest from './core/backtest/index.js'
export * from './core/errors.js'
export * from './core/explain.js'
export * from './core/math/index.js'
export * as protocol from './core/protocol/index.js'
export * from './core/risk/index.js'
export * as scenarios from './core/scenarios/index.js'
export * as sim from './core/sim/index.js'
export * from './core/trust/index.js'
export * from './core/units/index.js'
export * from './core/vocabulary.js'
