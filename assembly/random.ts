// Seeded, bit-reproducible pseudo-random numbers: xoshiro256** (Blackman & Vigna, 2018) seeded through
// SplitMix64, with 64-bit integer arithmetic only; Gaussian deviates by Box–Muller with AssemblyScript's
// compiled-in log/cos/sin, so the same seed gives the same bits in every WebAssembly engine.
//
// State: 4 × u64 = 32 bytes at `state` (little-endian words s0..s3), owned by TypeScript (src/random.ts).
// Every kernel reads the state, draws, and writes the advanced state back.
import { checkRange } from "./memory";

const GOLDEN: u64 = 0x9e3779b97f4a7c15;
const TWO_M53: f64 = 1.1102230246251565e-16; // 2^-53
const TWO_PI: f64 = 6.283185307179586;

/** SplitMix64 output function (Stafford's Mix13 finaliser): a bijection of u64. */
// @ts-ignore: decorator
@inline function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// Working copy of the state while a kernel runs (globals keep it in registers/locals after inlining).
let s0: u64 = 0, s1: u64 = 0, s2: u64 = 0, s3: u64 = 0;

// @ts-ignore: decorator
@inline function loadState(state: usize): void {
  s0 = load<u64>(state); s1 = load<u64>(state, 8); s2 = load<u64>(state, 16); s3 = load<u64>(state, 24);
}

// @ts-ignore: decorator
@inline function storeState(state: usize): void {
  store<u64>(state, s0); store<u64>(state, s1, 8); store<u64>(state, s2, 16); store<u64>(state, s3, 24);
}

/** One xoshiro256** step on the working state: returns the next 64-bit output. */
// @ts-ignore: decorator
@inline function xoshiroNext(): u64 {
  const result = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  return result;
}

/** Uniform double in [0, 1) from the top 53 bits. */
// @ts-ignore: decorator
@inline function nextUniform(): f64 {
  return <f64>(xoshiroNext() >> 11) * TWO_M53;
}

/**
 * Seeds the state from four non-negative integers (each < 2^53, passed as f64: e.g. seed, stream tag,
 * structure index, attempt). Key: z = 0; for each word w: z = mix64(z + GOLDEN + w). State: s_k =
 * mix64(z + (k + 1)·GOLDEN) for k = 0..3 (the SplitMix64 stream started at z), never all zero.
 */
export function rng_seed(state: usize, a: f64, b: f64, c: f64, d: f64): void {
  checkRange(state, 32);
  let z: u64 = 0;
  z = mix64(z + GOLDEN + <u64>a);
  z = mix64(z + GOLDEN + <u64>b);
  z = mix64(z + GOLDEN + <u64>c);
  z = mix64(z + GOLDEN + <u64>d);
  store<u64>(state, mix64(z + GOLDEN));
  store<u64>(state, mix64(z + 2 * GOLDEN), 8);
  store<u64>(state, mix64(z + 3 * GOLDEN), 16);
  store<u64>(state, mix64(z + 4 * GOLDEN), 24);
}

/** Writes the next n raw 64-bit outputs to out (u64[n]). */
export function rng_next(state: usize, out: usize, n: i32): void {
  checkRange(state, 32);
  checkRange(out, <usize>max(n, 0) << 3);
  loadState(state);
  for (let i = 0; i < n; i++) store<u64>(out + (<usize>i << 3), xoshiroNext());
  storeState(state);
}

/** Fills out f64[n] with uniform deviates in [0, 1): (x >> 11)·2⁻⁵³, one output each. */
export function rng_uniform(state: usize, out: usize, n: i32): void {
  checkRange(state, 32);
  checkRange(out, <usize>max(n, 0) << 3);
  loadState(state);
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), nextUniform());
  storeState(state);
}

/**
 * Fills out f64[n] with standard normal deviates by Box–Muller: per pair, u1 = ((x₁ >> 11) + 1)·2⁻⁵³ ∈ (0, 1],
 * u2 = (x₂ >> 11)·2⁻⁵³, r = √(−2 ln u1), values r·cos(2πu2), r·sin(2πu2). An odd n uses ⌈n/2⌉ pairs and drops
 * the last sine, so each call is self-contained (no spare carried between calls).
 */
export function rng_normal(state: usize, out: usize, n: i32): void {
  checkRange(state, 32);
  checkRange(out, <usize>max(n, 0) << 3);
  loadState(state);
  for (let i = 0; i < n; i += 2) {
    const u1 = <f64>((xoshiroNext() >> 11) + 1) * TWO_M53;
    const u2 = <f64>(xoshiroNext() >> 11) * TWO_M53;
    const r = Math.sqrt(-2.0 * Math.log(u1));
    const th = TWO_PI * u2;
    store<f64>(out + (<usize>i << 3), r * Math.cos(th));
    if (i + 1 < n) store<f64>(out + (<usize>(i + 1) << 3), r * Math.sin(th));
  }
  storeState(state);
}

/** Unbiased integer in [0, bound) for 0 < bound < 2^32 (Lemire's multiply-and-reject on the top 32 bits). */
// @ts-ignore: decorator
@inline function nextBelow(bound: u32): u32 {
  let m: u64 = (xoshiroNext() >> 32) * <u64>bound;
  let low = <u32>m;
  if (low < bound) {
    const threshold: u32 = (<u32>0 - bound) % bound; // 2^32 mod bound
    while (low < threshold) {
      m = (xoshiroNext() >> 32) * <u64>bound;
      low = <u32>m;
    }
  }
  return <u32>(m >> 32);
}

/** Fills out i32[n] with integers uniform in [0, bound), 0 < bound < 2^31 (TypeScript validates). */
export function rng_below(state: usize, out: usize, n: i32, bound: i32): void {
  checkRange(state, 32);
  checkRange(out, <usize>max(n, 0) << 2);
  loadState(state);
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), <i32>nextBelow(<u32>bound));
  storeState(state);
}

/**
 * Writes a uniformly random permutation of 0..n−1 to out i32[n]: identity, then Fisher–Yates from the
 * end (for i = n−1 … 1: swap out[i] with out[j], j uniform in [0, i]).
 */
export function rng_permutation(state: usize, out: usize, n: i32): void {
  checkRange(state, 32);
  checkRange(out, <usize>max(n, 0) << 2);
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  loadState(state);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>nextBelow(<u32>(i + 1));
    const pi = out + (<usize>i << 2), pj = out + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
  storeState(state);
}

/**
 * The xoshiro256** jump: advances the state by 2^128 outputs, as if rng_next had been called 2^128 times
 * (non-overlapping substreams from one seed).
 */
export function rng_jump(state: usize): void {
  checkRange(state, 32);
  loadState(state);
  let t0: u64 = 0, t1: u64 = 0, t2: u64 = 0, t3: u64 = 0;
  for (let w = 0; w < 4; w++) {
    const word: u64 = w == 0 ? 0x180ec6d33cfd0aba : w == 1 ? 0xd5a61266f0c9392c : w == 2 ? 0xa9582618e03fc9aa : 0x39abdc4529b1661c;
    for (let b = 0; b < 64; b++) {
      if ((word >> <u64>b) & 1) {
        t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3;
      }
      xoshiroNext();
    }
  }
  s0 = t0; s1 = t1; s2 = t2; s3 = t3;
  storeState(state);
}
