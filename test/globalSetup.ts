// Builds dist/ once before the suite (when a source is newer than its output), so the CLI tests
// run the compiled bin rather than each rebuilding it.
import { ensureDist } from '../bin/dist.js'

export default function setup(): void {
  ensureDist({ quiet: true })
}
