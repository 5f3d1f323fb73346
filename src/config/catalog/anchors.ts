/**
 * Parameters a large market runs on the same asset: the band a recommendation is compared with
 * by `xcollat validate`. Fractions (0.83 = 83 %).
 */
export type AnchorParameters = {
  /** Asset symbol, upper case (aliases below). */
  readonly asset: string
  readonly aliases: readonly string[]
  /** The chain the market lives on (a route's debt chain). */
  readonly chain: string
  readonly market: string
  readonly ltv: number
  readonly liquidationThreshold: number
  readonly liquidationBonus: number
  readonly source: string
  /** When the figures were read (they change by governance vote). */
  readonly asOf: string
}

const AAVE =
  'Aave v3 market parameters (app.aave.com reserve pages / Aave governance), point-in-time public figures as quoted in xcollat issue 11; check the current values on app.aave.com before relying on them'
const AS_OF = '2026 (as quoted in issue 11)'

/**
 * Aave v3's published parameters for the blue-chip collateral of the examples.
 *
 * @example
 * ```ts
 * ANCHORS.find((a) => a.asset === 'WETH' && a.chain === 'ethereum')?.liquidationThreshold // 0.83
 * ```
 */
const ANCHORS: readonly AnchorParameters[] = [
  {
    asset: 'WETH',
    aliases: ['ETH'],
    chain: 'ethereum',
    market: 'Aave v3 Ethereum',
    ltv: 0.805,
    liquidationThreshold: 0.83,
    liquidationBonus: 0.05,
    source: AAVE,
    asOf: AS_OF,
  },
  {
    asset: 'WSTETH',
    aliases: ['STETH'],
    chain: 'ethereum',
    market: 'Aave v3 Ethereum',
    ltv: 0.785,
    liquidationThreshold: 0.81,
    liquidationBonus: 0.06,
    source: AAVE,
    asOf: AS_OF,
  },
  {
    asset: 'WBTC',
    aliases: ['BTC'],
    chain: 'ethereum',
    market: 'Aave v3 Ethereum',
    ltv: 0.73,
    liquidationThreshold: 0.78,
    liquidationBonus: 0.05,
    source: AAVE,
    asOf: AS_OF,
  },
  {
    asset: 'USDC',
    aliases: ['USDC.E'],
    chain: 'ethereum',
    market: 'Aave v3 Ethereum',
    ltv: 0.75,
    liquidationThreshold: 0.78,
    liquidationBonus: 0.045,
    source: AAVE,
    asOf: AS_OF,
  },
  {
    asset: 'WETH',
    aliases: ['ETH'],
    chain: 'arbitrum',
    market: 'Aave v3 Arbitrum',
    ltv: 0.8,
    liquidationThreshold: 0.83,
    liquidationBonus: 0.05,
    source: AAVE,
    asOf: AS_OF,
  },
]

/**
 * The anchor of an asset on a chain: the market on that chain, else the asset's Ethereum market
 * (`sameChain: false`), else undefined.
 *
 * @example
 * ```ts
 * anchorFor('wstETH', 'optimism') // { anchor: { market: 'Aave v3 Ethereum', … }, sameChain: false }
 * ```
 */
export function anchorFor(
  symbol: string,
  chain: string,
): { readonly anchor: AnchorParameters; readonly sameChain: boolean } | undefined {
  const s = symbol.toUpperCase()
  const of = ANCHORS.filter((a) => a.asset === s || a.aliases.includes(s))
  const here = of.find((a) => a.chain === chain)
  if (here !== undefined) return { anchor: here, sameChain: true }
  const eth = of.find((a) => a.chain === 'ethereum')
  return eth === undefined ? undefined : { anchor: eth, sameChain: false }
}
