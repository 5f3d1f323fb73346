/**
 * xcollat: a risk engine for cross-chain collateral. The library exports namespaces only, one per
 * area of the pure core, plus the configuration loader; nothing internal (docs/api.md lists it all).
 *
 * @example
 * ```ts
 * import { assessment, config, risk } from 'xcollat'
 * risk.potentialValueChange({ sigmaAnnual: 0.8, horizonSeconds: 1800, confidence: 0.999 }) // 0.0185
 * const report = assessment.assess(await config.loadConfig('examples/small.yaml'))
 * ```
 */

export * as config from './config/index.js'
export * as assessment from './core/assess/index.js'
export * as backtest from './core/backtest/index.js'
export * as errors from './core/errors.js'
export * as explain from './core/explain.js'
export * as governance from './core/governance/index.js'
export * as intent from './core/intent/index.js'
export * as math from './core/math/index.js'
export * as monitor from './core/monitor/index.js'
export * as protocol from './core/protocol/index.js'
export * as risk from './core/risk/index.js'
export * as scenarios from './core/scenarios/index.js'
export * as sim from './core/sim/index.js'
export * as trust from './core/trust/index.js'
export * as units from './core/units/index.js'
export * as vocabulary from './core/vocabulary.js'
