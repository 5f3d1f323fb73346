import { ENGINE_COMMANDS, type ScenarioListEntry } from '../../../core/scenarios/catalog.js'
import { renderRows } from './render.js'

/**
 * The scenario catalog as a text table (name, engines, title), then the command that runs a
 * scenario on each engine listed. `xcollat scenario --list` shows the whole catalog;
 * `xcollat backtest --list` the same table for the market engine.
 *
 * @example
 * ```ts
 * process.stdout.write(formatScenarioList(scenarioList()))
 * ```
 */
export function formatScenarioList(entries: readonly ScenarioListEntry[]): string {
  const lines = renderRows(
    {
      columns: [{ header: 'name' }, { header: 'engines' }, { header: 'title' }],
      rows: entries.map((e) => [e.name, e.engines.join(','), e.title]),
    },
    'table',
  )
  const engines = [...new Set(entries.flatMap((e) => e.engines))]
  lines.push('', ...engines.map((e) => `${`${e}:`.padEnd(10)}${ENGINE_COMMANDS[e]}`))
  return `${lines.join('\n')}\n`
}
