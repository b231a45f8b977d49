// Dense symmetric eigensolvers: exact answers, Jacobi vs tridiagonal vs mathjs, invariants, bad input.
import { describe, expect, it } from "vitest";
import { eigs } from "mathjs";
import { EigenConvergenceError, eigh, eighMemoryBytes, eighTridiagonal, type EighMethod } from "../../src/eigen.js";
import { eigenResiduals, maxDiff, randomSymmetric, rng, spectralNorm } from "./helpers.js";

const methods: EighMethod[] = ["tridiagonal", "jacobi"];

describe.each(methods)("eigh (%s): exact small cases", (method) => {
  it("1×1", () => {
    const r = eigh(new Float64Array([-3.5]), 1, { method, vectors: true });
    expect(Array.from(r.values)).toEqual([-3.5]);
    expect(Math.abs(r.vectors![0]!)).toBe(1);
    expect(r.converged).toBe(true);
    expect(r.method).toBe(method);
  });

  it("2×2 [[2,1],[1,2]] → 1, 3 with vectors (1,∓1)/√2", () => {
    const r = eigh(new Float64Array([2, 1, 1, 2]), 2, { method, vectors: true });
    expect(r.values[0]).toBeCloseTo(1, 15);
    expect(r.values[1]).toBeCloseTo(3, 15);
    const v = r.vectors!;
    // column 0 ∝ (1, −1), column 1 ∝ (1, 1)
    expect(Math.abs(v[0]!)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(v[0]! * v[2]!).toBeCloseTo(-0.5, 15);
    expect(v[1]! * v[3]!).toBeCloseTo(0.5, 15);
  });

  it("2×2 general: closed form", () => {
    const [a, b, c] = [0.3, -1.7, 5.2];
    const r = eigh(new Float64Array([a, b, b, c]), 2, { method });
    const mean = (a + c) / 2;
    const rad = Math.hypot((a - c) / 2, b);
    expect(Math.abs(r.values[0]! - (mean - rad))).toBeLessThan(1e-14 * rad);
    expect(Math.abs(r.values[1]! - (mean + rad))).toBeLessThan(1e-14 * rad);
  });

  it("diagonal matrix: the diagonal, sorted, with unit vectors", () => {
    const diag = [4, -1, 7, 0, -1, 2.5];
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((v, i) => (a[i * n + i] = v));
    const r = eigh(a, n, { method, vectors: true });
    expect(Array.from(r.values)).toEqual([...diag].sort((x, y) => x - y));
    const { residual, orthogonality } = eigenResiduals(a, n, r.values, r.vectors!);
    expect(residual).toBe(0);
    expect(orthogonality).toBe(0);
  });

  it("zero matrix: all zeros, orthonormal vectors", () => {
    const n = 5;
    const r = eigh(new Float64Array(n * n), n, { method, vectors: true });
    expect(Array.from(r.values)).toEqual(new Array(n).fill(0));
    expect(eigenResiduals(new Float64Array(n * n), n, r.values, r.vectors!).orthogonality).toBeLessThan(1e-15);
  });

  it("repeated eigenvalues: J − I (n = 7) has −1 (×6) and n − 1", () => {
    const n = 7;
    const a = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) a[i * n + i] = 0;
    const r = eigh(a, n, { method, vectors: true });
    for (let k = 0; k < n - 1; k++) expect(Math.abs(r.values[k]! + 1)).toBeLessThan(1e-14 * n);
    expect(Math.abs(r.values[n - 1]! - (n - 1))).toBeLessThan(1e-14 * n);
    const { residual, orthogonality } = eigenResiduals(a, n, r.values, r.vectors!);
    expect(residual).toBeLessThan(1e-13 * n);
    expect(orthogonality).toBeLessThan(1e-13);
  });

  it("path-graph Laplacian (n = 40): λ_k = 2 − 2cos(kπ/n) exactly known", () => {
    const n = 40;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i === 0 || i === n - 1 ? 1 : 2;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
    }
    const r = eigh(a, n, { method });
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos((k * Math.PI) / n)).sort((x, y) => x - y);
    expect(maxDiff(r.values, exact)).toBeLessThan(1e-14 * 4 * 10);
  });

  it("reads only the lower triangle with assumeSymmetric", () => {
    const n = 9;
    const a = randomSymmetric(n, 11);
    const scrambled = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) scrambled[i * n + j] = i === 0 ? NaN : 1e300;
    const ref = eigh(a, n, { method, vectors: true });
    const got = eigh(scrambled, n, { method, vectors: true, assumeSymmetric: true });
    expect(Array.from(got.values)).toEqual(Array.from(ref.values));
    expect(Array.from(got.vectors!)).toEqual(Array.from(ref.vectors!));
  });
});

describe("eigh: random matrices, methods against each other and against mathjs", () => {
  for (const [n, seed] of [
    [3, 1],
    [8, 2],
    [17, 3],
    [33, 4],
    [64, 5],
  ] as const) {
    it(`n = ${n}: Jacobi, tridiagonal (values, vectors, unblocked) and mathjs eigs agree`, () => {
      const a = randomSymmetric(n, seed);
      const jac = eigh(a, n, { method: "jacobi", vectors: true });
      const tri = eigh(a, n, { vectors: true });
      const triValues = eigh(a, n);
      const unblocked = eigh(a, n, { blockSize: 1 });
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
      const oracle = Float64Array.from(eigs(rows).values as number[]).sort();
      const norm = spectralNorm(oracle);
      for (const r of [jac, tri, triValues, unblocked]) {
        expect(r.converged).toBe(true);
        expect(maxDiff(r.values, oracle)).toBeLessThan(1e-12 * norm);
      }
      expect(maxDiff(tri.values, jac.values)).toBeLessThan(1e-13 * norm * Math.sqrt(n));
      for (const r of [jac, tri]) {
        const { residual, orthogonality } = eigenResiduals(a, n, r.values, r.vectors!);
        expect(residual).toBeLessThan(1e-13 * norm * Math.sqrt(n));
        expect(orthogonality).toBeLessThan(1e-13 * Math.sqrt(n));
      }
    });
  }

  it("blocked reduction (n = 301, panels of 32 and 7) matches Jacobi; vectors are eigenpairs", () => {
    const n = 301;
    const a = randomSymmetric(n, 99);
    const jac = eigh(a, n, { method: "jacobi" });
    const norm = spectralNorm(jac.values);
    for (const blockSize of [32, 7]) {
      const tri = eigh(a, n, { vectors: true, blockSize });
      expect(maxDiff(tri.values, jac.values)).toBeLessThan(1e-13 * norm * 10);
      const { residual, orthogonality } = eigenResiduals(a, n, tri.values, tri.vectors!, [0, 1, 150, 299, 300]);
      expect(residual).toBeLessThan(1e-10 * norm);
      expect(orthogonality).toBeLessThan(1e-10);
    }
  });

  it("badly scaled matrices (entries 1e-300 … 1e300) stay accurate (no overflow or underflow)", () => {
    for (const n of [12, 150]) {
      const unit = eigh(randomSymmetric(n, 5), n, { method: "jacobi" }).values;
      for (const scale of [1e-300, 1e-150, 1e150, 1e300]) {
        const a = randomSymmetric(n, 5);
        for (let i = 0; i < n * n; i++) a[i]! *= scale;
        const jac = eigh(a, n, { method: "jacobi" });
        const tri = eigh(a, n);
        const triV = eigh(a, n, { vectors: true });
        const norm = spectralNorm(jac.values);
        // the scaled spectrum is the unit one times the scale (both exact up to rounding)
        expect(maxDiff(jac.values.map((x) => x / scale), unit)).toBeLessThan(1e-13 * spectralNorm(unit));
        expect(maxDiff(tri.values, jac.values)).toBeLessThan(1e-13 * norm);
        expect(maxDiff(triV.values, jac.values)).toBeLessThan(1e-13 * norm);
      }
    }
  });
});

describe("eighTridiagonal", () => {
  it("the 1D Laplacian tridiag(−1, 2, −1): λ_k = 2 − 2cos(kπ/(n+1)), vectors sin(ikπ/(n+1))", () => {
    const n = 200;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n - 1).fill(-1);
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    const values = eighTridiagonal(d, e);
    expect(maxDiff(values.values, exact)).toBeLessThan(4e-15 * 10);
    const r = eighTridiagonal(d, e, { vectors: true });
    expect(maxDiff(r.values, exact)).toBeLessThan(4e-15 * 10);
    // eigenvector k ∝ sin((i+1)(k+1)π/(n+1)), norm √((n+1)/2)
    const k = 17;
    const s = Math.sqrt(2 / (n + 1));
    const sign = Math.sign(r.vectors![0 * n + k]!);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(r.vectors![i * n + k]! - sign * s * Math.sin(((i + 1) * (k + 1) * Math.PI) / (n + 1)))).toBeLessThan(1e-12);
    }
  });

  it("Wilkinson W21+: nearly equal pairs resolved", () => {
    const n = 21;
    const d = Float64Array.from({ length: n }, (_, i) => Math.abs(10 - i));
    const e = new Float64Array(n - 1).fill(1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = d[i]!;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    }
    const jac = eigh(a, n, { method: "jacobi" });
    const r = eighTridiagonal(d, e, { vectors: true });
    expect(maxDiff(r.values, jac.values)).toBeLessThan(1e-13 * 11);
    // The top pair agrees to ~1e-14 (10.746194182903322, 10.746194182903393 per Wilkinson).
    expect(r.values[n - 1]! - r.values[n - 2]!).toBeGreaterThan(0);
    expect(r.values[n - 1]! - r.values[n - 2]!).toBeLessThan(1e-12);
    const { residual, orthogonality } = eigenResiduals(a, n, r.values, r.vectors!);
    expect(residual).toBeLessThan(1e-13 * 11);
    expect(orthogonality).toBeLessThan(1e-13);
  });

  it("rejects bad shapes", () => {
    expect(() => eighTridiagonal(new Float64Array(3), new Float64Array(3))).toThrow(RangeError);
    expect(() => eighTridiagonal(new Float64Array(0), new Float64Array(0))).toThrow(RangeError);
  });
});

describe("eigh: validation and limits", () => {
  it("wrong kinds and sizes", () => {
    expect(() => eigh([1, 2, 2, 1] as unknown as Float64Array, 2)).toThrow(TypeError);
    expect(() => eigh(new Float64Array(4), 3)).toThrow(/expected n² = 9/);
    expect(() => eigh(new Float64Array(4), 0)).toThrow(RangeError);
    expect(() => eigh(new Float64Array(4), 2.5)).toThrow(RangeError);
    expect(() => eigh(new Float64Array(4), 2, { method: "qr" as EighMethod })).toThrow(/unknown method/);
    expect(() => eigh(new Float64Array(4), 2, { blockSize: 0 })).toThrow(RangeError);
  });

  it("non-finite entries name their position", () => {
    expect(() => eigh(new Float64Array([1, 0, NaN, 1]), 2)).toThrow(/matrix\[1\]\[0\] is NaN/);
    expect(() => eigh(new Float64Array([1, 0, 0, Infinity]), 2, { method: "jacobi" })).toThrow(/matrix\[1\]\[1\]/);
  });

  it("asymmetric matrices are refused unless assumeSymmetric", () => {
    const a = new Float64Array([1, 2, 2.001, 1]);
    expect(() => eigh(a, 2)).toThrow(/not symmetric.*A\[1\]\[0\]/);
    expect(eigh(a, 2, { symmetryTolerance: 1e-3 }).values.length).toBe(2);
    // lower triangle used: [[1, 2.001], [2.001, 1]] → 1 ± 2.001
    const r = eigh(a, 2, { assumeSymmetric: true });
    expect(r.values[0]).toBeCloseTo(-1.001, 14);
    expect(r.values[1]).toBeCloseTo(3.001, 14);
  });

  it("a matrix beyond the wasm32 ceiling is refused before allocation, naming n and the memory", () => {
    // 8n² > 4 GiB at n = 24000: refused from n alone, before the (absent) data is looked at.
    expect(() => eigh(new Float64Array(0), 24000)).toThrow(RangeError);
    expect(() => eigh(new Float64Array(0), 24000)).toThrow(/n = 24000.*4\.\d\d GiB.*8n² = 4\.29 GiB.*4 GiB/);
    // with vectors, two n×n matrices: n = 17000 needs 4.3 GiB
    expect(() => eigh(new Float64Array(0), 17000, { vectors: true })).toThrow(/n = 17000 \(tridiagonal, with vectors\)/);
    expect(() => eigh(new Float64Array(0), 17000, { method: "jacobi", vectors: true })).toThrow(/n = 17000/);
    expect(eighMemoryBytes(17000)).toBeLessThan(4 * 2 ** 30);
    expect(eighMemoryBytes(1500, { vectors: true })).toBeGreaterThan(2 * 8 * 1500 * 1500);
  });

  it("non-convergence is reported: an error by default, a flagged result on request", () => {
    const n = 30;
    const a = randomSymmetric(n, 7);
    expect(() => eigh(a, n, { method: "jacobi", maxSweeps: 2 })).toThrow(EigenConvergenceError);
    expect(() => eigh(a, n, { method: "jacobi", maxSweeps: 2 })).toThrow(/did not converge in 2 sweeps for n = 30/);
    const r = eigh(a, n, { method: "jacobi", maxSweeps: 2, allowUnconverged: true });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(2);
    const ok = eigh(a, n, { method: "jacobi" });
    expect(ok.converged).toBe(true);
    expect(ok.iterations).toBeGreaterThan(2);
    expect(ok.iterations).toBeLessThan(20);
    const tri = eigh(a, n);
    expect(tri.iterations).toBeGreaterThan(0);
    expect(tri.iterations).toBeLessThan(30 * n);
  });

  it("is deterministic run to run", () => {
    const n = 90;
    const a = randomSymmetric(n, rng(3)() * 1e6);
    const r1 = eigh(a, n, { vectors: true });
    const r2 = eigh(a, n, { vectors: true });
    expect(Array.from(r1.values)).toEqual(Array.from(r2.values));
    expect(Array.from(r1.vectors!)).toEqual(Array.from(r2.vectors!));
  });
});
