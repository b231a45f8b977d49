// Lasso and elastic net: KKT conditions in the original problem, paths, standardisation, validation.
import { describe, expect, it } from "vitest";
import { enetPath, fitElasticNet, fitLasso, lassoPath } from "../../src/models/sparse.js";
import type { Matrix } from "../../src/models/matrix.js";

function lcg(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296 - 0.5;
  };
}
function data(n: number, p: number, t: number, seed: number): { X: Matrix; Y: Matrix } {
  const r = lcg(seed);
  const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => 2 + 3 * r()) }; // uncentred on purpose
  const Y = { rows: n, cols: t, data: new Float64Array(n * t) };
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) {
    let s = 5 + 0.1 * r();
    for (let j = 0; j < p; j += 3) s += (j + o + 1) * 0.3 * X.data[i * p + j]!;
    Y.data[i * t + o] = s;
  }
  return { X, Y };
}

/**
 * Checks the KKT conditions of (1/2n)‖y − Xw − b‖² + α·l1·‖w‖₁ + ½α(1 − l1)‖w‖² at (coef, intercept),
 * in standardised units when `scale` is given (the penalty acts on w·scale). Returns the number of zeros.
 */
function checkKkt(X: Matrix, Y: Matrix, coef: Float64Array, intercept: Float64Array, alpha: number, l1: number, scale: Float64Array | null): number {
  const { rows: n, cols: p } = X, t = Y.cols;
  let zeros = 0;
  for (let o = 0; o < t; o++) {
    const r = new Float64Array(n);
    let rs = 0;
    for (let i = 0; i < n; i++) {
      let pred = intercept[o]!;
      for (let j = 0; j < p; j++) pred += X.data[i * p + j]! * coef[o * p + j]!;
      r[i] = Y.data[i * t + o]! - pred;
      rs += r[i]!;
    }
    expect(Math.abs(rs / n)).toBeLessThan(1e-9); // the intercept is optimal: residuals have zero mean
    for (let j = 0; j < p; j++) {
      const s = scale ? scale[j]! : 1;
      const wStd = coef[o * p + j]! * s;
      let g = 0;
      for (let i = 0; i < n; i++) g += X.data[i * p + j]! * r[i]!;
      g = g / (n * s); // gradient with respect to the standardised weight: X_stdᵀr/n, X_std = (X − x̄)/s and Σr = 0
      g = g - alpha * (1 - l1) * wStd;
      if (wStd === 0) {
        zeros++;
        expect(Math.abs(g)).toBeLessThanOrEqual(alpha * l1 * (1 + 1e-6) + 1e-10);
      } else {
        expect(Math.abs(g - alpha * l1 * Math.sign(wStd))).toBeLessThan(1e-6 * alpha + 1e-10);
      }
    }
  }
  return zeros;
}

describe("lasso and elastic net", () => {
  const { X, Y } = data(50, 10, 2, 1);
  for (const [l1, standardize] of [[1, false], [0.5, false], [1, true], [0.3, true]] as const) {
    it(`satisfy the KKT conditions (l1Ratio ${l1}, standardize ${standardize})`, () => {
      const alpha = 0.05;
      const m = l1 === 1 ? fitLasso(X, Y, { alpha, tol: 1e-12, maxIter: 100000, standardize }) : fitElasticNet(X, Y, { alpha, l1Ratio: l1, tol: 1e-12, maxIter: 100000, standardize });
      expect(m.fit.converged!.every(Boolean)).toBe(true);
      const zeros = checkKkt(X, Y, m.coef.data, m.intercept, alpha, l1, m.xScale);
      expect(zeros).toBeGreaterThan(0);
    });
  }

  it("the path starts at all-zero coefficients, grows, and satisfies KKT at every point", () => {
    const path = lassoPath(X, Y, { nAlphas: 12, tol: 1e-12, maxIter: 100000 });
    expect(path.alphas).toHaveLength(2);
    for (let o = 0; o < 2; o++) {
      const g = path.alphas[o]!;
      expect(g).toHaveLength(12);
      for (let a = 1; a < 12; a++) expect(g[a]!).toBeLessThan(g[a - 1]!);
      expect(Array.from(path.coef[o]!.subarray(0, 10)).every((v) => v === 0)).toBe(true);
      for (let a = 0; a < 12; a += 3) {
        const yo = { rows: 50, cols: 1, data: Float64Array.from({ length: 50 }, (_, i) => Y.data[i * 2 + o]!) };
        checkKkt(X, yo, path.coef[o]!.subarray(a * 10, a * 10 + 10), path.intercept[o]!.subarray(a, a + 1), g[a]!, 1, null);
      }
      const nnz = (a: number) => Array.from(path.coef[o]!.subarray(a * 10, a * 10 + 10)).filter((v) => v !== 0).length;
      expect(nnz(11)).toBeGreaterThan(nnz(1));
    }
    // The first grid point is scikit-learn's α_max = max|Xcᵀyc|/n.
    let amax = 0;
    const xm = Array.from({ length: 10 }, (_, j) => Array.from({ length: 50 }, (_, i) => X.data[i * 10 + j]!).reduce((s, v) => s + v, 0) / 50);
    const ym = Array.from({ length: 50 }, (_, i) => Y.data[i * 2]!).reduce((s, v) => s + v, 0) / 50;
    for (let j = 0; j < 10; j++) {
      let s = 0;
      for (let i = 0; i < 50; i++) s += (X.data[i * 10 + j]! - xm[j]!) * (Y.data[i * 2]! - ym);
      amax = Math.max(amax, Math.abs(s) / 50);
    }
    expect(path.alphas[0]![0]).toBeCloseTo(amax, 12);
  });

  it("Gram and X solvers, and warm-started paths, agree with cold fits", () => {
    const a = fitLasso(X, Y, { alpha: 0.01, tol: 1e-12, maxIter: 100000, precompute: true });
    const b = fitLasso(X, Y, { alpha: 0.01, tol: 1e-12, maxIter: 100000, precompute: false });
    let d = 0;
    a.coef.data.forEach((v, k) => (d = Math.max(d, Math.abs(v - b.coef.data[k]!))));
    expect(d).toBeLessThan(1e-8);
    expect(a.fit.solver).toBe("cd-gram");
    expect(b.fit.solver).toBe("cd");
    const path = enetPath(X, Y, { alphas: [0.1, 0.03, 0.01], l1Ratio: 1, tol: 1e-12, maxIter: 100000 });
    d = 0;
    for (let o = 0; o < 2; o++) for (let j = 0; j < 10; j++) d = Math.max(d, Math.abs(path.coef[o]![2 * 10 + j]! - b.coef.data[o * 10 + j]!));
    expect(d).toBeLessThan(1e-8);
  });

  it("reports non-convergence honestly (maxIter limits full sweeps)", () => {
    const m = fitLasso(X, Y, { alpha: 1e-6, tol: 1e-14, maxIter: 1 });
    expect(m.fit.converged).toEqual([false, false]);
    expect(m.fit.dualGap!.every((g) => g > 0)).toBe(true);
  });

  it("rejects invalid settings", () => {
    expect(() => fitElasticNet(X, Y, { l1Ratio: 0 })).toThrow(/l1Ratio must be in \(0, 1\]/);
    expect(() => fitLasso(X, Y, { l1Ratio: 0.5 } as never)).toThrow(/l1Ratio is 1 by definition/);
    expect(() => fitLasso(X, Y, { tol: -1 })).toThrow(/tol must be/);
    expect(() => fitLasso(X, Y, { maxIter: 0 })).toThrow(/maxIter must be/);
    expect(() => fitLasso(X, Y, { alpha: 1, cv: 3 })).toThrow(/not both/);
    expect(() => fitLasso(X, Y, { alpha: [1] })).toThrow(/1 penalties for 2 targets/);
  });
});
