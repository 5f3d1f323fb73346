import { XcollatError } from '../errors.js'
import { nonNegativeInteger } from '../units/validate.js'

/**
 * Seeded pseudo-random numbers for the simulation: xoshiro128** 1.1 (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 2021; reference C code at
 * https://prng.di.unimi.it/xoshiro128starstar.c), seeded by SplitMix64, with a jump function
 * (2^64 steps ahead) to split one seed into non-overlapping streams.
 *
 * Why xoshiro128** and not xoshiro256**: JavaScript numbers hold 32-bit integers natively and
 * `Math.imul` multiplies them at machine speed, so the 128-bit generator runs without BigInt or
 * 64-bit emulation. Its period 2^128 − 1 and the jump of 2^64 give 2^64 streams of 2^64 draws
 * each, far beyond any Monte Carlo run here (10^9 path-steps use < 2^32 draws per stream).
 */

/**
 * Thrown when a seed is not a non-negative integer below 2^64. Code `XC_INVALID_SEED`.
 *
 * @example
 * ```ts
 * createRng(-1) // throws InvalidSeedError (code XC_INVALID_SEED)
 * ```
 */
export class InvalidSeedError extends XcollatError {
  override name = 'InvalidSeedError'
  constructor(value: unknown) {
    super(`A seed must be an integer in [0, 2^64), got ${String(value)}.`, {
      code: 'XC_INVALID_SEED',
      instruction:
        'Pass a whole number seed such as --seed 42 (recorded with the results to reproduce them).',
    })
  }
}

/**
 * The four 32-bit words of a xoshiro128** state (unsigned).
 *
 * @example
 * ```ts
 * const s: RngState = createRng(42).state() // [803958421, 3184996902, 2993090819, 686809907]
 * ```
 */
export type RngState = readonly [number, number, number, number]

/**
 * A stream of random numbers. Mutable: each call advances the state.
 *
 * @example
 * ```ts
 * const rng: Rng = createRng(42)
 * rng.normal()
 * ```
 */
export type Rng = {
  /** A uniform double in [0, 1) with 53 random bits (two 32-bit outputs). */
  next(): number
  /** The next raw 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number
  /** A standard normal variate (ziggurat, 256 layers). */
  normal(): number
  /** An exponential variate with mean 1 (by inversion). */
  exponential(): number
  /** Advances the state by 2^64 outputs (the reference `jump`). */
  jump(): void
  /** Advances the state by 2^96 outputs (the reference `long_jump`). */
  longJump(): void
  /** An independent copy in the same state. */
  clone(): Rng
  /** The current state words (to store or compare). */
  state(): RngState
}

const MASK64 = (1n << 64n) - 1n

function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64
  let z = next
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
  return [next, z ^ (z >> 31n)]
}

/**
 * The xoshiro128** state a seed maps to: two SplitMix64 outputs `a`, `b` give the words
 * `[low32(a), high32(a), low32(b), high32(b)]` (Vigna's recommended seeding).
 *
 * @example
 * ```ts
 * seedState(0) // SplitMix64(0) = 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 → [0x7b1dcdaf, 0xe220a839, 0xa1b965f4, 0x6e789e6a]
 * ```
 */
export function seedState(seed: number | bigint): RngState {
  let s: bigint
  if (typeof seed === 'bigint') s = seed
  else if (typeof seed === 'number' && Number.isSafeInteger(seed)) s = BigInt(seed)
  else throw new InvalidSeedError(seed)
  if (s < 0n || s > MASK64) throw new InvalidSeedError(seed)
  const [s1, a] = splitMix64(s)
  const [, b] = splitMix64(s1)
  const w = (x: bigint, shift: bigint) => Number((x >> shift) & 0xffffffffn)
  return [w(a, 0n), w(a, 32n), w(b, 0n), w(b, 32n)]
}

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const
const LONG_JUMP = [0xb523952e, 0x0b6f099f, 0xccf5a0ef, 0x1c580662] as const

// Ziggurat tables (Marsaglia and Tsang, "The ziggurat method for generating random variables",
// J. Stat. Softw. 5(8), 2000), 256 layers: r = x_255 and the common layer area v.
const ZIG_R = 3.6541528853610088
const ZIG_V = 0.00492867323399
const ZIG_M = 8388608 // 2^23: the 24 high bits of an output, as a signed integer
const ZIG_K = new Int32Array(256)
const ZIG_W = new Float64Array(256)
const ZIG_F = new Float64Array(256)
{
  let dn = ZIG_R
  let tn = dn
  const q = ZIG_V / Math.exp(-0.5 * dn * dn)
  ZIG_K[0] = Math.floor((dn / q) * ZIG_M)
  ZIG_K[1] = 0
  ZIG_W[0] = q / ZIG_M
  ZIG_W[255] = dn / ZIG_M
  ZIG_F[0] = 1
  ZIG_F[255] = Math.exp(-0.5 * dn * dn)
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)))
    ZIG_K[i + 1] = Math.floor((dn / tn) * ZIG_M)
    tn = dn
    ZIG_F[i] = Math.exp(-0.5 * dn * dn)
    ZIG_W[i] = dn / ZIG_M
  }
}

const TWO_POW_M32 = 2 ** -32
const TWO_POW_M53 = 2 ** -53

/**
 * The generator as a class so V8 keeps its four words in one hidden class (fast property
 * access); callers see it through the {@link Rng} type.
 */
class Xoshiro128StarStar implements Rng {
  s0: number
  s1: number
  s2: number
  s3: number

  constructor(state: RngState) {
    this.s0 = state[0] | 0
    this.s1 = state[1] | 0
    this.s2 = state[2] | 0
    this.s3 = state[3] | 0
  }

  nextUint32(): number {
    const s0 = this.s0
    const s1 = this.s1
    const x = Math.imul(s1, 5)
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0
    const t = s1 << 9
    const s2 = this.s2 ^ s0
    const s3 = this.s3 ^ s1
    this.s1 = s1 ^ s2
    this.s0 = s0 ^ s3
    this.s2 = s2 ^ t
    this.s3 = (s3 << 11) | (s3 >>> 21)
    return result
  }

  next(): number {
    const a = this.nextUint32() >>> 5 // 27 bits
    const b = this.nextUint32() >>> 6 // 26 bits
    return (a * 67108864 + b) * TWO_POW_M53
  }

  /** A uniform in (0, 1): never 0, so its logarithm is finite. */
  private openUniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32
  }

  normal(): number {
    for (;;) {
      const u = this.nextUint32()
      const i = u & 255
      const hz = u >> 8 // signed 24-bit integer in [−2^23, 2^23)
      const ahz = hz < 0 ? -hz : hz
      if (ahz < ZIG_K[i]!) return hz * ZIG_W[i]!
      if (i === 0) {
        // Tail beyond r (Marsaglia 1964).
        let x: number
        let y: number
        do {
          x = -Math.log(this.openUniform()) / ZIG_R
          y = -Math.log(this.openUniform())
        } while (y + y < x * x)
        return hz > 0 ? ZIG_R + x : -ZIG_R - x
      }
      const x = hz * ZIG_W[i]!
      if (ZIG_F[i]! + this.openUniform() * (ZIG_F[i - 1]! - ZIG_F[i]!) < Math.exp(-0.5 * x * x)) return x
    }
  }

  exponential(): number {
    return -Math.log(this.openUniform())
  }

  private applyJump(poly: readonly number[]): void {
    let a = 0
    let b = 0
    let c = 0
    let d = 0
    for (const word of poly) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0
          b ^= this.s1
          c ^= this.s2
          d ^= this.s3
        }
        this.nextUint32()
      }
    }
    this.s0 = a
    this.s1 = b
    this.s2 = c
    this.s3 = d
  }

  jump(): void {
    this.applyJump(JUMP)
  }

  longJump(): void {
    this.applyJump(LONG_JUMP)
  }

  clone(): Rng {
    return new Xoshiro128StarStar(this.state())
  }

  state(): RngState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0]
  }
}

/**
 * A generator seeded from a non-negative integer seed (below 2^64) through SplitMix64.
 *
 * @example
 * ```ts
 * const rng = createRng(42)
 * const u = rng.next() // in [0, 1)
 * const z = rng.normal() // standard normal
 * ```
 */
export function createRng(seed: number | bigint): Rng {
  return new Xoshiro128StarStar(seedState(seed))
}

/**
 * A generator starting from explicit state words (not all zero).
 *
 * @example
 * ```ts
 * rngFromState([1, 2, 3, 4]).nextUint32() // 11520, the reference C code's first output
 * ```
 */
export function rngFromState(state: RngState): Rng {
  for (let i = 0; i < 4; i++) {
    const w = state[i]
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 0xffffffff)
      throw new InvalidSeedError(`state word ${i} = ${String(w)}`)
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) throw new InvalidSeedError('an all-zero state')
  return new Xoshiro128StarStar(state)
}

/**
 * `k` independent streams from one seed: stream `i` is the seeded generator jumped `i` times
 * (2^64·i outputs ahead), so streams never overlap for fewer than 2^64 draws each.
 *
 * @example
 * ```ts
 * const [a, b] = streams(42, 2) // b = createRng(42) after one jump()
 * ```
 */
export function streams(seed: number | bigint, k: number): Rng[] {
  nonNegativeInteger('k', k)
  const base = createRng(seed)
  const out: Rng[] = []
  for (let i = 0; i < k; i++) {
    out.push(base.clone())
    base.jump()
  }
  return out
}
