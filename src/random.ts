/**
 * Seeded, bit-reproducible random numbers: xoshiro256** (Blackman & Vigna) with SplitMix64 seeding,
 * run in WebAssembly (assembly/random.ts) with 64-bit integer arithmetic, and Gaussian deviates by
 * Box–Muller with the module's compiled-in log/cos/sin. The same seed gives the same bits in Node and in
 * every browser, run after run.
 *
 * A stream is named by up to four non-negative integers (seed, stream tag, structure index, attempt), so
 * every generated structure draws from its own stream, whatever order or worker it is generated in.
 */
import { alloc, putI32, readF64, readI32, scoped, viewI32, type Kernels } from "./engine/wasm.js";

const MAX_WORD = Number.MAX_SAFE_INTEGER; // 2^53 − 1: words travel as f64

function checkWord(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > MAX_WORD) {
    throw new RangeError(`random: ${name} must be an integer in [0, 2^53), got ${v}`);
  }
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 28) throw new RangeError(`random: count must be an integer in [0, 2^28], got ${n}`);
}

/**
 * A stream tag for a name (e.g. a system name): 32-bit FNV-1a of its UTF-16 code units. Integer-only, so
 * identical everywhere.
 */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A xoshiro256** generator. Its 256-bit state lives here (8 × u32, little-endian u64 words s0..s3) and is
 * copied into WebAssembly memory for each draw, so draws are made in bulk (fill a buffer), not one by one.
 *
 * @example
 * ```ts
 * const rng = Rng.seeded(42, streamId("kob-andersen-3d"), 7);
 * const z = rng.normal(1500); // 1500 standard normal deviates
 * const u = rng.uniform(10);  // uniform in [0, 1)
 * ```
 */
export class Rng {
  private readonly state: Uint32Array;

  private constructor(state: Uint32Array) {
    this.state = state;
  }

  /**
   * The generator for the stream (seed, stream, index, attempt), each an integer in [0, 2^53).
   * Key z = 0; for each word w: z = mix64(z + φ + w) (φ = 0x9e3779b97f4a7c15, mix64 = SplitMix64's
   * finaliser); state s_k = mix64(z + (k+1)·φ).
   */
  static seeded(seed: number, stream = 0, index = 0, attempt = 0): Rng {
    checkWord("seed", seed);
    checkWord("stream", stream);
    checkWord("index", index);
    checkWord("attempt", attempt);
    const st = new Uint32Array(8);
    scoped((k) => {
      const p = alloc(32);
      k.rng_seed!(p, seed, stream, index, attempt);
      st.set(viewI32(p, 8));
    });
    return new Rng(st);
  }

  /**
   * A generator with an explicit state: four u64 words s0..s3 as BigInts (not all zero). For tests and
   * for comparing with other implementations.
   */
  static fromState(words: readonly bigint[]): Rng {
    if (words.length !== 4) throw new RangeError(`random: state needs 4 words, got ${words.length}`);
    const st = new Uint32Array(8);
    words.forEach((w, i) => {
      if (typeof w !== "bigint" || w < 0n || w >= 1n << 64n) throw new RangeError(`random: state word ${i} must be a u64 BigInt`);
      st[2 * i] = Number(w & 0xffffffffn);
      st[2 * i + 1] = Number(w >> 32n);
    });
    if (st.every((x) => x === 0)) throw new RangeError("random: the all-zero state is not allowed");
    return new Rng(st);
  }

  /** The current state as four u64 BigInts. */
  stateWords(): bigint[] {
    const out: bigint[] = [];
    for (let i = 0; i < 4; i++) out.push(BigInt(this.state[2 * i]!) | (BigInt(this.state[2 * i + 1]!) << 32n));
    return out;
  }

  /** An independent copy (same state). */
  clone(): Rng {
    return new Rng(this.state.slice());
  }

  /**
   * Copies the state into WebAssembly memory at `ptr` (32 bytes), for kernels that draw inside a longer
   * computation; {@link Rng.loadFrom} takes it back afterwards.
   */
  storeTo(ptr: number): void {
    viewI32(ptr, 8).set(this.state);
  }

  /** Takes the state back from WebAssembly memory at `ptr` (32 bytes). */
  loadFrom(ptr: number): void {
    this.state.set(viewI32(ptr, 8));
  }

  private draw<T>(body: (k: Kernels, statePtr: number) => T): T {
    return scoped((k) => {
      const p = putI32(this.state);
      const out = body(k, p);
      this.loadFrom(p);
      return out;
    });
  }

  /** The next n raw 64-bit outputs as BigInts (slow; for tests). */
  nextU64(n: number): bigint[] {
    checkCount(n);
    const words = this.draw((k, p) => {
      const out = alloc(8 * n);
      k.rng_next!(p, out, n);
      return readI32(out, 2 * n);
    });
    const res: bigint[] = [];
    for (let i = 0; i < n; i++) res.push(BigInt(words[2 * i]! >>> 0) | (BigInt(words[2 * i + 1]! >>> 0) << 32n));
    return res;
  }

  /** n uniform deviates in [0, 1), multiples of 2⁻⁵³ (one 64-bit output each). */
  uniform(n: number): Float64Array {
    checkCount(n);
    return this.draw((k, p) => {
      const out = alloc(8 * n);
      k.rng_uniform!(p, out, n);
      return readF64(out, n);
    });
  }

  /**
   * n standard normal deviates (mean 0, variance 1) by Box–Muller; uses 2⌈n/2⌉ outputs. Filling one
   * buffer of n is not the same as two buffers of n/2 when n/2 is odd (the spare is dropped).
   */
  normal(n: number): Float64Array {
    checkCount(n);
    return this.draw((k, p) => {
      const out = alloc(8 * n);
      k.rng_normal!(p, out, n);
      return readF64(out, n);
    });
  }

  /** n integers uniform in [0, bound), 1 ≤ bound ≤ 2^31 − 1, without modulo bias (Lemire). */
  integers(n: number, bound: number): Int32Array {
    checkCount(n);
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x7fffffff) {
      throw new RangeError(`random: bound must be an integer in [1, 2^31 − 1], got ${bound}`);
    }
    return this.draw((k, p) => {
      const out = alloc(4 * n);
      k.rng_below!(p, out, n, bound);
      return readI32(out, n);
    });
  }

  /** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    checkCount(n);
    return this.draw((k, p) => {
      const out = alloc(4 * n);
      k.rng_permutation!(p, out, n);
      return readI32(out, n);
    });
  }

  /** Advances by 2^128 outputs (xoshiro256** jump): a non-overlapping substream. Returns this. */
  jump(): this {
    this.draw((k, p) => k.rng_jump!(p));
    return this;
  }
}
