export * from './scenarios.js'
