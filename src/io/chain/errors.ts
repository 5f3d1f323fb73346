import { XcollatError } from '../../core/errors.js'

/**
 * The anvil binary is not installed for this platform. Code `XC_ANVIL_MISSING`.
 *
 * @example `throw new AnvilMissingError('/path/to/anvil')`
 */
export class AnvilMissingError extends XcollatError {
  override name = 'AnvilMissingError'
  constructor(tried: string) {
    super(`The anvil binary was not found (looked for ${tried}).`, {
      code: 'XC_ANVIL_MISSING',
      instruction:
        'Run `npm ci` (it installs @foundry-rs/anvil for this platform), or set XCOLLAT_ANVIL to an anvil binary.',
    })
  }
}

/**
 * An anvil chain did not start or answer in time. Code `XC_ANVIL_START`.
 *
 * @example `throw new AnvilStartError(8545, 'exited with code 1')`
 */
export class AnvilStartError extends XcollatError {
  override name = 'AnvilStartError'
  constructor(port: number, reason: string) {
    super(`anvil on 127.0.0.1:${port} did not start: ${reason}.`, {
      code: 'XC_ANVIL_START',
      instruction: 'Check that loopback ports are free and the machine is not out of memory, then retry.',
    })
  }
}

/**
 * The Solidity compiler reported errors. Code `XC_SOLC`.
 *
 * @example `throw new CompileError(['contracts/X.sol:3:1: ParserError: ...'])`
 */
export class CompileError extends XcollatError {
  override name = 'CompileError'
  constructor(problems: readonly string[]) {
    super(`Solidity compilation failed with ${problems.length} error(s).`, {
      code: 'XC_SOLC',
      instruction: 'Fix the contracts under contracts/ and rerun.',
      problems: problems.map((p) => p.split('\n')[0] ?? p),
    })
  }
}

/**
 * A devnet manifest is missing or does not match its schema. Code `XC_MANIFEST`.
 *
 * @example `throw new ManifestError('.devnet/manifest.json', 'file not found')`
 */
export class ManifestError extends XcollatError {
  override name = 'ManifestError'
  constructor(path: string, reason: string) {
    super(`The devnet manifest ${path} cannot be used: ${reason}.`, {
      code: 'XC_MANIFEST',
      instruction: 'Start a devnet with `xcollat devnet up --dir DIR` and pass DIR/manifest.json.',
    })
  }
}

/**
 * A transaction on a devnet chain reverted where it was expected to succeed. Code `XC_CHAIN_REVERT`.
 *
 * @example `throw new ChainRevertError('lzReceive', '0x…', 'reverted')`
 */
export class ChainRevertError extends XcollatError {
  override name = 'ChainRevertError'
  constructor(what: string, hash: string, reason: string) {
    super(`${what} failed on chain (${hash}): ${reason}.`, {
      code: 'XC_CHAIN_REVERT',
      instruction: 'Inspect the transaction on the devnet chain; the configuration or message is wrong.',
    })
  }
}
