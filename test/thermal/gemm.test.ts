// Blocked SIMD gemm (assembly/gemm.ts) against a plain triple loop: every edge case of the blocking
// (sizes not multiples of the 4×4 tile, deeper than one 256-panel, wider than one 2048-panel), both
// op(A) = A and Aᵀ, and the upper-triangle mode.
import { describe, expect, it } from "vitest";
import { alloc, allocF64, putF64, readF64, scoped } from "../../src/engine/wasm.js";

function rand(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** C = op(A)·B, plain loops; A is m×k (lda) or, transposed, k×m (lda). */
function naive(a: Float64Array, lda: number, trans: boolean, b: Float64Array, ldb: number, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (trans ? a[p * lda + i]! : a[i * lda + p]!) * b[p * ldb + j]!;
      c[i * n + j] = s;
    }
  }
  return c;
}

function run(trans: boolean, m: number, n: number, k: number, upper: boolean, pad = 0): { got: Float64Array; want: Float64Array } {
  const lda = (trans ? m : k) + pad, ldb = n + pad, ldc = n + pad;
  const a = rand((trans ? k : m) * lda, 11 + m);
  const b = rand(k * ldb, 29 + n);
  const want = naive(a, lda, trans, b, ldb, m, n, k);
  const got = scoped((kk) => {
    const pa = putF64(a), pb = putF64(b);
    const pc = putF64(new Float64Array(m * ldc).fill(NaN)); // untouched entries stay NaN
    const work = alloc(8 * kk.gemm_workSize!());
    (trans ? kk.gemm_tn! : kk.gemm_nn!)(pa, lda, pb, ldb, pc, ldc, m, n, k, upper ? 1 : 0, work);
    const c = readF64(pc, m * ldc);
    return Float64Array.from({ length: m * n }, (_, q) => c[Math.floor(q / n) * ldc + (q % n)]!);
  });
  return { got, want };
}

function check(trans: boolean, m: number, n: number, k: number, upper: boolean, pad = 0): void {
  const { got, want } = run(trans, m, n, k, upper, pad);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (upper && j < i) continue;
      const e = Math.abs(got[i * n + j]! - want[i * n + j]!);
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
  }
  expect(worst, `m=${m}, n=${n}, k=${k}, trans=${trans}, upper=${upper}`).toBeLessThanOrEqual(1e-13 * Math.max(1, k));
}

describe("gemm", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1], [3, 5, 2], [4, 4, 4], [7, 9, 13], [33, 31, 257], [130, 67, 300], [5, 2051, 3], [129, 129, 129],
  ];
  for (const [m, n, k] of shapes) {
    it(`C = A·B and Aᵀ·B for m=${m}, n=${n}, k=${k}`, () => {
      check(false, m, n, k, false);
      check(true, m, n, k, false);
    });
  }
  it("upper-triangle mode computes every entry with column ≥ row (square, rectangular, strided)", () => {
    check(true, 150, 150, 40, true);
    check(false, 150, 150, 300, true);
    check(true, 37, 80, 9, true, 3);
    check(false, 80, 37, 9, true, 1);
  });
  it("k = 0 gives zeros", () => {
    const { got } = run(false, 3, 4, 0, false);
    expect(Array.from(got)).toEqual(new Array(12).fill(0));
  });
  it("allocF64 scratch variant works the same (kernel does not depend on zeroed scratch)", () => {
    scoped((kk) => {
      const a = putF64([1, 2, 3, 4]), b = putF64([5, 6, 7, 8]), c = allocF64(4);
      kk.gemm_nn!(a, 2, b, 2, c, 2, 2, 2, 2, 0, putF64(new Float64Array(kk.gemm_workSize!()).fill(1e300)));
      expect(Array.from(readF64(c, 4))).toEqual([19, 22, 43, 50]);
    });
  });
});
