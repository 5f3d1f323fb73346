export * from './backtest.js'
