import { compileContracts } from '../../src/io/chain/compile.js'

/** Compiles the contracts once before the test files run (a no-op when the cache is warm). */
export default function setup(): void {
  compileContracts()
}
