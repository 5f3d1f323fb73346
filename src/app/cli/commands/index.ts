import type { Command } from 'commander'

/** Adds a command, with its options and action, to the program. */
export type RegisterCommand = (program: Command) => void

/**
 * One row of {@link COMMANDS}: the name and one-line summary (shown by `xcollat --help` without
 * loading anything), and how to load the module that defines the command.
 *
 * @example
 * ```ts
 * const entry: CommandEntry = { name: 'schema', summary: 'Print a JSON Schema', load: async () => (await import('./schema.js')).register }
 * ```
 */
export type CommandEntry = {
  readonly name: string
  readonly summary: string
  readonly load: () => Promise<RegisterCommand>
}

/**
 * Every command of the CLI, in the order `xcollat --help` lists them. A command's module (and
 * what it imports) is loaded only when that command runs.
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name) // ['assess', 'schema', 'bridges', …]
 * ```
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'assess',
    summary: 'Recommend LTV, liquidation threshold, bonus and supply cap for every route of a configuration',
    load: async () => (await import('./assess.js')).register,
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of a configuration file (for editors) or of the JSON output',
    load: async () => (await import('./schema.js')).register,
  },
  {
    name: 'bridges',
    summary: 'Bridge track records and class priors',
    load: async () => (await import('./bridges.js')).register,
  },
  {
    name: 'scenario',
    summary: 'Run a cross-chain protocol scenario (lock, credit, liquidation lag, attacks) or list them',
    load: async () => (await import('./scenario.js')).register,
  },
  {
    name: 'simulate',
    summary: 'Monte Carlo of bad debt, liquidations and lags for every route of a configuration',
    load: async () => (await import('./simulate.js')).register,
  },
  {
    name: 'solve',
    summary:
      'Largest LT and LTV per route within a loss budget and a bad-debt probability, with the frontier',
    load: async () => (await import('./solve.js')).register,
  },
  {
    name: 'backtest',
    summary: 'Replay a historical market scenario through a route: bad debt, liquidations, drawdown',
    load: async () => (await import('./backtest.js')).registerBacktest,
  },
  {
    name: 'validate',
    summary: "Check each route's recommended parameters against history and the market's own parameters",
    load: async () => (await import('./validate.js')).register,
  },
  {
    name: 'worker',
    summary: 'Run the queued chunks of simulate, solve and validate (--queue redis://…) on this machine',
    load: async () => (await import('./worker.js')).register,
  },
  {
    name: 'route',
    summary:
      'The cheapest safe way from holdings to a position across chains and bridges, with the cost–risk frontier',
    load: async () => (await import('./route.js')).register,
  },
  {
    name: 'devnet',
    summary: 'A local two-chain devnet over the real LayerZero V2 contracts: up, status, down',
    load: async () => (await import('./devnet.js')).register,
  },
  {
    name: 'relay',
    summary: 'Relay LayerZero packets between the devnet chains, with latency and faults',
    load: async () => (await import('./relay.js')).register,
  },
  {
    name: 'monitor',
    summary:
      'Watch a devnet: health factors, oracles, DVN configs, backing; alerts persisted in PGlite or PostgreSQL',
    load: async () => (await import('./monitor.js')).register,
  },
  {
    name: 'report',
    summary: 'Collateral Onboarding Report of one route: every term, validation, frontier and charts',
    load: async () => (await import('./report.js')).register,
  },
  {
    name: 'propose',
    summary: 'Plan a change of parameters as steps within a change envelope (Aave risk steward, …)',
    load: async () => (await import('./propose.js')).register,
  },
  {
    name: 'publish',
    summary: 'Print the CIDv1 of a file (as `ipfs add --cid-version=1` gives it) and write its manifest',
    load: async () => (await import('./publish.js')).registerPublish,
  },
  {
    name: 'verify',
    summary: 'Check that a file has the CID it was published with',
    load: async () => (await import('./publish.js')).registerVerify,
  },
]
