export * from './assess.js'
export * from './bridgeTrust.js'
export * from './types.js'
