// Random numbers: xoshiro256** and SplitMix64 against published reference outputs and against an
// independent BigInt implementation of the reference C code; distribution moments; determinism.
import { describe, expect, it } from "vitest";
import { Rng, streamId } from "../../src/random.js";

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & M64;

/** Reference xoshiro256** (Blackman & Vigna, xoshiro256starstar.c) in BigInt arithmetic. */
function twin(s: bigint[]) {
  const st = s.slice();
  const next = (): bigint => {
    const result = (rotl((st[1]! * 5n) & M64, 7n) * 9n) & M64;
    const t = (st[1]! << 17n) & M64;
    st[2]! ^= st[0]!;
    st[3]! ^= st[1]!;
    st[1]! ^= st[2]!;
    st[0]! ^= st[3]!;
    st[2]! ^= t;
    st[3] = rotl(st[3]!, 45n);
    return result;
  };
  const jump = () => {
    const J = [0x180ec6d33cfd0aban, 0xd5a61266f0c9392cn, 0xa9582618e03fc9aan, 0x39abdc4529b1661cn];
    const t = [0n, 0n, 0n, 0n];
    for (const w of J) {
      for (let b = 0n; b < 64n; b++) {
        if ((w >> b) & 1n) for (let k = 0; k < 4; k++) t[k]! ^= st[k]!;
        next();
      }
    }
    for (let k = 0; k < 4; k++) st[k] = t[k]!;
  };
  return { next, jump, st };
}

/** SplitMix64 finaliser (splitmix64.c). */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
const PHI = 0x9e3779b97f4a7c15n;

/** The documented seeding rule, independently. */
function seedState(words: number[]): bigint[] {
  let z = 0n;
  for (const w of words) z = mix64((z + PHI + BigInt(w)) & M64);
  return [1n, 2n, 3n, 4n].map((k) => mix64((z + k * PHI) & M64));
}

describe("xoshiro256**", () => {
  it("reproduces the reference outputs for state {1, 2, 3, 4}", () => {
    // Published test vector of the reference implementation (first ten outputs from s = {1, 2, 3, 4}).
    const expected = [
      11520n, 0n, 1509978240n, 1215971899390074240n, 1216172134540287360n, 607988272756665600n,
      16172922978634559625n, 8476171486693032832n, 10595114339597558777n, 2904607092377533576n,
    ];
    expect(Rng.fromState([1n, 2n, 3n, 4n]).nextU64(10)).toEqual(expected);
  });

  it("SplitMix64 mixing matches its published first output (seed 0 → 0xe220a8397b1dcdaf)", () => {
    expect(mix64(PHI)).toBe(0xe220a8397b1dcdafn);
  });

  it("matches the BigInt twin for seeded states, over 1000 outputs, and after a jump", () => {
    for (const words of [[0, 0, 0, 0], [42, 7, 3, 0], [2 ** 53 - 1, 123456789, 0, 5]]) {
      const rng = Rng.seeded(words[0]!, words[1]!, words[2]!, words[3]!);
      const s = seedState(words);
      expect(rng.stateWords()).toEqual(s);
      const t = twin(s);
      const ours = rng.nextU64(1000);
      for (let i = 0; i < 1000; i++) expect(ours[i]).toBe(t.next());
      rng.jump();
      t.jump();
      expect(rng.stateWords()).toEqual(t.st);
      expect(rng.nextU64(5)).toEqual([t.next(), t.next(), t.next(), t.next(), t.next()]);
    }
  });

  it("uniform deviates are (x >> 11)·2⁻⁵³ of the same outputs", () => {
    const a = Rng.seeded(9, 1, 2, 3);
    const raw = a.clone().nextU64(100);
    const u = a.uniform(100);
    for (let i = 0; i < 100; i++) expect(u[i]).toBe(Number(raw[i]! >> 11n) * 2 ** -53);
  });

  it("Box–Muller deviates follow the documented formula (JS Math as oracle to 1e-14)", () => {
    const a = Rng.seeded(11);
    const raw = a.clone().nextU64(200);
    const z = a.normal(199); // odd: the last sine is dropped
    for (let p = 0; p < 100; p++) {
      const u1 = Number((raw[2 * p]! >> 11n) + 1n) * 2 ** -53;
      const u2 = Number(raw[2 * p + 1]! >> 11n) * 2 ** -53;
      const r = Math.sqrt(-2 * Math.log(u1));
      expect(z[2 * p]).toBeCloseTo(r * Math.cos(2 * Math.PI * u2), 13);
      if (2 * p + 1 < 199) expect(z[2 * p + 1]).toBeCloseTo(r * Math.sin(2 * Math.PI * u2), 13);
    }
    // and the state advanced by exactly 200 outputs
    const b = Rng.seeded(11);
    b.nextU64(200);
    expect(a.stateWords()).toEqual(b.stateWords());
  });

  it("same stream → identical bits; different seed, stream, index or attempt → different", () => {
    const x = Rng.seeded(1, 2, 3, 4).normal(64);
    expect(Rng.seeded(1, 2, 3, 4).normal(64)).toEqual(x);
    for (const w of [[0, 2, 3, 4], [1, 0, 3, 4], [1, 2, 0, 4], [1, 2, 3, 0]]) {
      expect(Rng.seeded(w[0]!, w[1]!, w[2]!, w[3]!).normal(64)).not.toEqual(x);
    }
    expect(streamId("kob-andersen-3d")).not.toBe(streamId("kob-andersen-2d"));
    // FNV-1a 32 published vectors: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968
    expect([streamId(""), streamId("a"), streamId("foobar")]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  });
});

describe("distributions", () => {
  it("normal deviates: moments within 5 standard errors (n = 200000)", () => {
    const n = 200_000;
    const z = Rng.seeded(2024).normal(n);
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const v of z) {
      m1 += v; m2 += v * v; m3 += v * v * v; m4 += v * v * v * v;
    }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    // standard errors: mean 1/√n, ⟨z²⟩ √2/√n, ⟨z³⟩ √15/√n, ⟨z⁴⟩ √96/√n
    const se = 1 / Math.sqrt(n);
    expect(Math.abs(m1)).toBeLessThan(5 * se);
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.SQRT2 * se);
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15) * se);
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96) * se);
  });

  it("uniform deviates: in [0, 1), mean 1/2 and variance 1/12 within 5 standard errors", () => {
    const n = 200_000;
    const u = Rng.seeded(5).uniform(n);
    let m = 0, v = 0, lo = Infinity, hi = -Infinity;
    for (const x of u) {
      m += x;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    m /= n;
    for (const x of u) v += (x - m) ** 2;
    v /= n;
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it("bounded integers are unbiased (chi-square over 7 bins) and permutations are permutations", () => {
    const n = 70_000;
    const k = Rng.seeded(3).integers(n, 7);
    const counts = new Array(7).fill(0);
    for (const x of k) counts[x]++;
    const chi2 = counts.reduce((s, c) => s + (c - n / 7) ** 2 / (n / 7), 0);
    expect(chi2).toBeLessThan(22.5); // χ²(6) at p = 0.001
    const p = Rng.seeded(3).permutation(1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // each position of a 3-permutation is uniform: 6 orders, ~equal counts
    const orders = new Map<string, number>();
    const r = Rng.seeded(8);
    for (let t = 0; t < 6000; t++) {
      const key = Array.from(r.permutation(3)).join("");
      orders.set(key, (orders.get(key) ?? 0) + 1);
    }
    expect(orders.size).toBe(6);
    const chi = [...orders.values()].reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(20.5); // χ²(5) at p = 0.001
  });

  it("rejects bad seeds and bounds", () => {
    expect(() => Rng.seeded(-1)).toThrow(RangeError);
    expect(() => Rng.seeded(1.5)).toThrow(RangeError);
    expect(() => Rng.seeded(2 ** 53)).toThrow(RangeError);
    expect(() => Rng.seeded(1).integers(3, 0)).toThrow(RangeError);
    expect(() => Rng.fromState([0n, 0n, 0n, 0n])).toThrow(RangeError);
  });
});
