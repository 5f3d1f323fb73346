export * from './check.js'
export * from './envelope.js'
export * from './plan.js'
export * from './proposal.js'
