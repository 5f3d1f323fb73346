// Health-factor screening throughput, ours beside @aave/math-utils and @morpho-org/blue-sdk.
// Standalone: `node --import tsx bench/health.bench.ts` (or `npm run bench -- health`).
// Positions: one collateral (18 decimals, 8-decimal USD price) and one debt (an 18-decimal loan token
// valued at exactly $1, i.e. price 1 with 0 decimals). With that debt, our exact formula and Morpho Blue's
// `MarketUtils.getHealthFactor` coincide step for step (see docs/model.md), so the
// bench checks that every one of our exact results equals Morpho's.
import { calculateHealthFactorFromBalances } from '@aave/math-utils'
import { MarketUtils } from '@morpho-org/blue-sdk'
import { HealthFactor, type HealthFactorValue, healthFactor } from '../src/core/risk/health.js'
import { createScreeningBook, screenHealthFactors, screenMarket } from '../src/core/risk/screening.js'
import { WAD, wadToNumber } from '../src/core/units/wad.js'
import { perSecond, timeMs } from './harness.js'

const N = 100_000
const COLUMNAR_N = 1_000_000
const MAX_UINT_256 = (1n << 256n) - 1n

// mulberry32: a small deterministic generator, so every run screens the same positions.
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Position = { collateral: bigint; debt: bigint; ltBps: bigint }

const random = rng(42)
const ethPrice = 3_000_00000000n // $3,000 with 8 decimals
const positions: Position[] = Array.from({ length: N }, () => {
  const collateral = BigInt(Math.floor(random() * 1e6)) * 10n ** 14n // 0..100 ETH
  const ltBps = 7_000n + BigInt(Math.floor(random() * 2_000))
  // debt around 50..110 % of the liquidation limit; 1 % of positions debt-free
  const limitUsd = (collateral * ethPrice * ltBps) / 10n ** 12n // 18-dec USD · bps -> 18-dec USD
  const debt = random() < 0.01 ? 0n : (limitUsd * BigInt(Math.floor(500 + random() * 600))) / 1000n
  return { collateral, debt, ltBps }
})

/** Positions per second of `run` over `count` positions: the median of `reps` mitata samples. */
async function rate(label: string, count: number, reps: number, run: () => void): Promise<number> {
  const t = await timeMs(run, { minSamples: reps, maxSamples: reps })
  process.stderr.write(
    `  ${label}: median of ${t.samples} = ${t.p50.toFixed(2)} ms [${t.p25.toFixed(2)}, ${t.p75.toFixed(2)}]\n`,
  )
  return perSecond(count, t)
}

// Columnar first, before the bigint runs fill the heap (their garbage collection would otherwise
// run during the float loops).
// --- ours, columnar (float). General path with asset indices, and the single-market path.
function columns(n: number) {
  const r = rng(7)
  const collateralAmount = new Float64Array(n)
  const liquidationThreshold = new Float64Array(n)
  const debtAmount = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    collateralAmount[i] = r() * 100
    liquidationThreshold[i] = 0.7 + r() * 0.2
    debtAmount[i] = collateralAmount[i]! * 3000 * liquidationThreshold[i]! * (0.5 + r() * 0.6)
  }
  return createScreeningBook({
    assetCount: 2,
    collateralAmount,
    collateralAsset: new Uint32Array(n),
    liquidationThreshold,
    debtAmount,
    debtAsset: new Uint32Array(n).fill(1),
  })
}
// 100k: the same positions as the exact and peer runs, as floats; 1M: synthetic, same distribution.
const smallBook = createScreeningBook({
  assetCount: 2,
  collateralAmount: Float64Array.from(positions, (p) => Number(p.collateral) / 1e18),
  collateralAsset: new Uint32Array(N),
  liquidationThreshold: Float64Array.from(positions, (p) => Number(p.ltBps) / 10_000),
  debtAmount: Float64Array.from(positions, (p) => Number(p.debt) / 1e18),
  debtAsset: new Uint32Array(N).fill(1),
})
const bigBook = columns(COLUMNAR_N)
const smallOut = new Float64Array(N)
const bigOut = new Float64Array(COLUMNAR_N)
const prices = Float64Array.of(3000, 1)
let sink = 0
const marketSmall = await rate('xcollat columnar market 100k', N, 50, () => {
  sink += screenMarket({ book: smallBook, collateralPrice: 3000, debtPrice: 1, out: smallOut }).liquidatable
})
const columnarHf = Float64Array.from(smallOut)
const marketBig = await rate('xcollat columnar market 1M', COLUMNAR_N, 20, () => {
  sink += screenMarket({ book: bigBook, collateralPrice: 3000, debtPrice: 1, out: bigOut }).liquidatable
})
const generalSmall = await rate('xcollat columnar indexed 100k', N, 50, () => {
  sink += screenHealthFactors({ book: smallBook, prices, out: smallOut }).liquidatable
})
const generalBig = await rate('xcollat columnar indexed 1M', COLUMNAR_N, 20, () => {
  sink += screenHealthFactors({ book: bigBook, prices, out: bigOut }).liquidatable
})

// --- ours, exact
const exactOut: HealthFactorValue[] = new Array(N)
const inputs = positions.map((p) => ({
  collaterals: [
    {
      amount: p.collateral,
      decimals: 18,
      price: ethPrice,
      priceDecimals: 8,
      liquidationThresholdBps: p.ltBps,
    },
  ],
  debts: [{ amount: p.debt, decimals: 18, price: 1n, priceDecimals: 0 }],
}))
const exactRate = await rate('xcollat exact', N, 5, () => {
  for (let i = 0; i < N; i++) exactOut[i] = healthFactor(inputs[i]!)
})

// --- Morpho Blue SDK (exact bigint). Shares chosen so that toBorrowAssets(shares) = debt exactly:
// toAssets = ceil(shares · (A + 1) / (S + 1e6)) with S = A · 1e6 gives shares / 1e6.
const morphoMarket = {
  totalBorrowAssets: 10n ** 30n,
  totalBorrowShares: 10n ** 36n,
  price: ethPrice * 10n ** 28n, // ORACLE_PRICE_SCALE 1e36 · 10^(loanDec 18 − collDec 18) · price / 1e8
}
const morphoPositions = positions.map((p) => ({
  collateral: p.collateral,
  borrowShares: p.debt * 1_000_000n,
}))
const morphoParams = positions.map((p) => ({ lltv: p.ltBps * 10n ** 14n }))
const morphoOut: (bigint | undefined)[] = new Array(N)
const morphoRate = await rate('@morpho-org/blue-sdk getHealthFactor', N, 3, () => {
  for (let i = 0; i < N; i++)
    morphoOut[i] = MarketUtils.getHealthFactor(morphoPositions[i]!, morphoMarket, morphoParams[i]!)
})
// Exact vs columnar on the same positions: largest relative difference, and liquidatable flags that differ.
let maxRelative = 0
let flagDiffs = 0
let flagDiffsAwayFromOne = 0 // must be 0: floats may only disagree right at HF = 1
for (let i = 0; i < N; i++) {
  const ours = exactOut[i]!
  const float = columnarHf[i]!
  if (ours === HealthFactor.INFINITE) {
    if (float !== Number.POSITIVE_INFINITY) flagDiffs++
    continue
  }
  const exact = wadToNumber(ours)
  if (exact > 0) maxRelative = Math.max(maxRelative, Math.abs(float - exact) / exact)
  if (ours < WAD !== float < 1) {
    flagDiffs++
    if (Math.abs(exact - 1) > 1e-12) flagDiffsAwayFromOne++
  }
}
let mismatches = 0
for (let i = 0; i < N; i++) {
  const ours = exactOut[i]
  const theirs = morphoOut[i]
  const same = ours === HealthFactor.INFINITE ? theirs === MAX_UINT_256 : ours === theirs
  if (!same) mismatches++
}

// --- Aave math-utils (BigNumber.js, decimal). Its inputs are balances already in the market reference
// currency (8 decimals), converted before timing.
const aaveInputs = positions.map((p) => ({
  collateralBalanceMarketReferenceCurrency: ((p.collateral * ethPrice) / 10n ** 18n).toString(),
  borrowBalanceMarketReferenceCurrency: (p.debt / 10n ** 10n).toString(),
  currentLiquidationThreshold: p.ltBps.toString(),
}))
const aaveRate = await rate('@aave/math-utils calculateHealthFactorFromBalances', N, 2, () => {
  for (let i = 0; i < N; i++) calculateHealthFactorFromBalances(aaveInputs[i]!)
})

const rows: [string, number, number | null][] = [
  ['xcollat columnar, one market (100k)', marketSmall, 200e6],
  ['xcollat columnar, one market (1M)', marketBig, 200e6],
  ['xcollat columnar, asset-indexed (100k)', generalSmall, null],
  ['xcollat columnar, asset-indexed (1M)', generalBig, null],
  ['xcollat exact bigint (100k)', exactRate, 1e6],
  ['@morpho-org/blue-sdk getHealthFactor (100k)', morphoRate, null],
  ['@aave/math-utils calculateHealthFactorFromBalances (100k)', aaveRate, null],
]
const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M/s` : `${(x / 1e3).toFixed(1)} k/s`)
console.log('implementation'.padEnd(58), 'positions/s'.padStart(12), 'target'.padStart(10), '  result')
for (const [name, rate, target] of rows)
  console.log(
    name.padEnd(58),
    fmt(rate).padStart(12),
    (target === null ? '-' : fmt(target)).padStart(10),
    ' ',
    target === null ? '-' : rate >= target ? 'pass' : 'FAIL',
  )
console.log(`exact vs Morpho mismatches: ${mismatches} of ${N}${mismatches === 0 ? '' : '  <-- MUST BE 0'}`)
console.log(
  `exact vs columnar (same 100k): max relative difference ${maxRelative.toExponential(2)}; ` +
    `HF<1 flags differing: ${flagDiffs}, of which with |HF − 1| > 1e-12: ${flagDiffsAwayFromOne}`,
)
console.log(`(liquidatable counted: ${sink})`)
process.exitCode = mismatches === 0 && flagDiffsAwayFromOne === 0 ? 0 : 1
