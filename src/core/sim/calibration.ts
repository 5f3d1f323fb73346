// Every model constant of the simulated year in one place, each with its source, so that it can
// be replaced by a calibration on the data folder (or the risk model's stressed catalog figures)
// without hunting through the simulator. Figures are point-in-time; see docs/model.md
// ("Simulation over the policy horizon").
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../units/duration.js'

/**
 * The market regime and market-wide jumps of a simulated year.
 *
 * - Stress episodes: about one a year lasting about a week. ETH/USDT hourly 2020-01 → 2022-10
 *   (the data folder, Binance) has three crisis episodes in 2.8 years (9–16 March 2020,
 *   7–14 May 2022, 10–20 June 2022), each 7–10 days.
 * - Stressed volatility: 3 × calm. Realised volatility in those weeks was 1.7–3.9 × the
 *   unconditional 86 % (332 %, 174 %, 185 % annualised); 3 is inside that range.
 * - Jumps: four a year of −10 % (log mean ln 0.9, s.d. 0.03), common to every volatile asset.
 *   The same file has about 8.8 hours a year beyond its 99.9 % hourly loss of 6.18 % and a worst
 *   hour of −20.9 %; four −10 % jumps a year are consistent with that tail.
 *
 * @example
 * ```ts
 * MARKET_CALIBRATION.stressVolMultiplier // 3
 * ```
 */
export const MARKET_CALIBRATION = {
  stressRatePerYear: 1,
  stressMeanSeconds: 7 * SECONDS_PER_DAY,
  stressVolMultiplier: 3,
  jumpIntensityPerYear: 4,
  jumpMeanLog: Math.log(0.9),
  jumpStdLog: 0.03,
  source:
    'ETH/USDT hourly 2020-01 → 2022-10 (data folder, Binance): three crisis weeks with realised volatility 1.7–3.9 × unconditional; 99.9 % hourly loss 6.18 %, worst hour −20.9 %',
} as const

/**
 * Depeg processes of pegged collateral (priced in the debt asset): the price falls to
 * `1 − depth` at once and stays there for an exponential time of mean `meanSeconds`, arrivals at
 * `ratePerYear`, `stressMultiplier` times faster in the stressed regime.
 *
 * - Fiat-backed stablecoins: depth 12.5 % (USDC low ≈ $0.875, 11 March 2023, SVB), mean three
 *   days (repegged by 13 March); rate 1/8 a year (one such episode among the large fiat-backed
 *   coins, USDC 2023 and USDT's May 2022 wobble, per coin per ~8 years).
 * - Liquid staking / restaking tokens: depth 6.5 % (stETH/ETH, June 2022), mean 30 days (the
 *   discount lasted weeks), rate 1/5 a year (2–4.7 % in May 2022 and 6.5 % in June 2022 within
 *   the 5 years since the Beacon chain launch).
 * - Algorithmic stablecoins (UST −100 %, May 2022) are not a class of the catalog; a route on one
 *   needs its own depeg with depth 1.
 *
 * @example
 * ```ts
 * DEPEG_CALIBRATION['third-party-stablecoin'].depth // 0.125
 * ```
 */
export const DEPEG_CALIBRATION = {
  'third-party-stablecoin': {
    ratePerYear: 1 / 8,
    depth: 0.125,
    meanSeconds: 3 * SECONDS_PER_DAY,
    stressMultiplier: 5,
    source: 'USDC low ≈ $0.875 on 11 March 2023 (SVB), repegged by 13 March',
  },
  'exotic-lst': {
    ratePerYear: 1 / 5,
    depth: 0.065,
    meanSeconds: 30 * SECONDS_PER_DAY,
    stressMultiplier: 5,
    source: 'stETH/ETH discount 6.5 % in June 2022 (2–4.7 % in May 2022), lasting weeks',
  },
} as const

/**
 * The simulated book: a cohort of positions opens every `cohortSeconds` at the day's price and
 * renews after `lifeSeconds` (borrowers keep their positions near max LTV: the conservative
 * book of a lending market in a rising appetite), `positions` positions per cohort with
 * utilisations spread evenly from `minUtilisation` to 1 of the borrow limit (LTV).
 * A year of one-hour steps; trigger crossings between steps are corrected by the
 * Broadie–Glasserman–Kou shift (`barrier.ts`).
 *
 * @example
 * ```ts
 * BOOK_CALIBRATION.horizonSeconds // 31_536_000
 * ```
 */
export const BOOK_CALIBRATION = {
  horizonSeconds: SECONDS_PER_YEAR,
  stepSeconds: 3600,
  cohortSeconds: SECONDS_PER_DAY,
  lifeSeconds: SECONDS_PER_DAY,
  positions: 5,
  minUtilisation: 0.9,
} as const

/**
 * Fault assumptions the configuration does not state (rates per year, durations in seconds).
 * Bridge halts last six hours (the Wormhole Governor and CCIP rate-limit pauses of 2022–24 were
 * hours long); one oracle in a hundred lags by one heartbeat (at most an hour); twelve congestion
 * spikes a year on a congested chain; two sequencer outages a year of one hour (Arbitrum
 * 2021-09 and 2022-01, Optimism 2022 outages); every fault rate five times higher in the
 * stressed regime.
 *
 * @example
 * ```ts
 * FAULT_CALIBRATION.bridgeHaltSeconds // 21600
 * ```
 */
export const FAULT_CALIBRATION = {
  bridgeHaltSeconds: 6 * 3600,
  oracleStaleProbability: 0.01,
  oracleStaleMaxSeconds: 3600,
  congestionRatePerYear: 12,
  sequencerDowntimeRatePerYear: 2,
  sequencerDowntimeSeconds: 3600,
  stressDrawdown: 0.2,
  stressMultiplier: 5,
} as const
