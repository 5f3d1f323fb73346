import type { Command } from 'commander'

/** A CLI command: adds itself to the program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void

/** Every command of the CLI, in the order `xcollat --help` lists them. */
export const commands: readonly RegisterCommand[] = []
