export * from './gamma.js'
export * from './muldiv.js'
export * from './normal.js'
export * from './stats.js'
