import type { Command } from 'commander'
import { registerAssess } from './assess.js'
import { registerBacktest } from './backtest.js'
import { registerBridges } from './bridges.js'
import { registerScenario } from './scenario.js'
import { registerSchema } from './schema.js'
import { registerSimulate } from './simulate.js'
import { registerSolve } from './solve.js'

/** A CLI command: adds itself to the program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void

/** Every command of the CLI, in the order `xcollat --help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerAssess,
  registerSchema,
  registerBridges,
  registerScenario,
  registerSimulate,
  registerSolve,
  registerBacktest,
]
