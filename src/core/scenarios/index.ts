export * from './catalog.js'
export * from './scenarios.js'
