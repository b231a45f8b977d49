// Penalty selection: GCV and exact LOO from one SVD against brute-force refits and explicit hat
// matrices; k-fold ridge and lasso CV against fold-by-fold refits.
import { describe, expect, it } from "vitest";
import { fitRidge } from "../../src/models/linear.js";
import { fitLasso, fitElasticNet } from "../../src/models/sparse.js";
import { takeRows, type Matrix } from "../../src/models/matrix.js";
import { kFold } from "../../src/models/splits.js";

function lcg(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296 - 0.5;
  };
}
function random(rows: number, cols: number, seed: number): Matrix {
  const r = lcg(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, r) };
}
/** Targets with a linear signal plus noise, so the penalty matters. */
function signal(X: Matrix, t: number, seed: number, noise = 0.3): Matrix {
  const r = lcg(seed);
  const w = Float64Array.from({ length: t * X.cols }, r);
  const out = new Float64Array(X.rows * t);
  for (let i = 0; i < X.rows; i++) for (let o = 0; o < t; o++) {
    let s = noise * r();
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j]! * w[o * X.cols + j]!;
    out[i * t + o] = s;
  }
  return { rows: X.rows, cols: t, data: out };
}
const grid = [1e-3, 1e-2, 0.1, 0.3, 1, 3, 10];

describe("ridge GCV and leave-one-out", () => {
  for (const [n, p] of [[30, 8], [12, 20]]) {
    it(`exact LOO scores equal n refits on n − 1 rows (${n}×${p})`, () => {
      const X = random(n, p, n + p), Y = signal(X, 2, 5);
      const m = fitRidge(X, Y, { alphas: grid, cv: "loo", alphaMode: "per-target" });
      const scores = m.selection!.scores;
      grid.forEach((alpha, a) => {
        const sse = [0, 0];
        for (let i = 0; i < n; i++) {
          const keep = Array.from({ length: n }, (_, k) => k).filter((k) => k !== i);
          const fit = fitRidge(takeRows(X, keep), takeRows(Y, keep), { alpha });
          const pred = fit.predict(takeRows(X, [i])).data;
          for (let o = 0; o < 2; o++) sse[o]! += (Y.data[i * 2 + o]! - pred[o]!) ** 2;
        }
        for (let o = 0; o < 2; o++) expect(Math.abs(scores[a]![o]! - sse[o]! / n) / (sse[o]! / n)).toBeLessThan(1e-8);
      });
      for (let o = 0; o < 2; o++) {
        const col = scores.map((r) => r[o]!);
        expect(m.alpha![o]).toBe(grid[col.indexOf(Math.min(...col))]);
      }
    });

    it(`GCV scores equal (‖(I − H)y‖²/n)/(1 − tr H/n)² with an explicit hat matrix (${n}×${p})`, () => {
      const X = random(n, p, 3 * n + p), Y = signal(X, 1, 6);
      const m = fitRidge(X, Y, { alphas: grid, cv: "gcv" });
      grid.forEach((alpha, a) => {
        // Hat matrix column by column: H e_i = fitted values of a ridge fit on the unit target e_i.
        let trace = 0;
        for (let i = 0; i < n; i++) {
          const e = { rows: n, cols: 1, data: Float64Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)) };
          trace += fitRidge(X, e, { alpha }).predict(X).data[i]!;
        }
        const fitted = fitRidge(X, Y, { alpha }).predict(X).data;
        let rss = 0;
        for (let i = 0; i < n; i++) rss += (Y.data[i]! - fitted[i]!) ** 2;
        const want = rss / n / (1 - trace / n) ** 2;
        expect(Math.abs(m.selection!.scores[a]![0]! - want) / want).toBeLessThan(1e-8);
      });
    });
  }

  it("GCV stays exact as α → 0 on an interpolating design (12×40): no cancellation in ‖r‖² or n − tr H", async () => {
    const { eigs, lusolve, matrix } = await import("mathjs");
    const n = 12, p = 40;
    const X = random(n, p, 77), Y = signal(X, 1, 78);
    // Independent route: centred kernel K = Xc Xcᵀ; the residual of ridge with intercept is α(K + αI)⁻¹yc,
    // and n − tr H = Σ over K's non-zero eigenvalues of α/(λ + α).
    const mean = Array.from({ length: p }, (_, j) => Array.from({ length: n }, (_, i) => X.data[i * p + j]!).reduce((a, b) => a + b) / n);
    const xc = Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => X.data[i * p + j]! - mean[j]!));
    const K = xc.map((a) => xc.map((b) => a.reduce((s, v, j) => s + v * b[j]!, 0)));
    const ym = Array.from(Y.data).reduce((a, b) => a + b) / n;
    const yc = Array.from(Y.data, (v) => v - ym);
    const lambdas = (eigs(matrix(K)).values as unknown as { toArray(): number[] }).toArray().sort((a, b) => b - a).slice(0, n - 1);
    const tiny = [1e-9, 1e-7, 1e-5, 1e-3];
    const m = fitRidge(X, Y, { alphas: tiny, cv: "gcv" });
    tiny.forEach((alpha, a) => {
      const z = (lusolve(K.map((row, i) => row.map((v, j) => v + (i === j ? alpha : 0))), yc) as number[][]).map((r) => r[0]!);
      const rss = z.reduce((s, v) => s + (alpha * v) ** 2, 0);
      const dof = lambdas.reduce((s, l) => s + alpha / (l + alpha), 0);
      const want = rss / n / (dof / n) ** 2;
      expect(Math.abs(m.selection!.scores[a]![0]! - want) / want).toBeLessThan(1e-6);
    });
  });

  it("shared mode minimises the target-mean score; per-target mode each column", () => {
    const X = random(40, 10, 1);
    const Y = signal(X, 3, 2, 0.5);
    const shared = fitRidge(X, Y, { alphas: grid });
    const per = fitRidge(X, Y, { alphas: grid, alphaMode: "per-target" });
    expect(new Set(shared.alpha).size).toBe(1);
    const sc = shared.selection!.scores.map((r) => r[0]!);
    expect(shared.alpha![0]).toBe(grid[sc.indexOf(Math.min(...sc))]);
    for (let o = 0; o < 3; o++) {
      const col = per.selection!.scores.map((r) => r[o]!);
      expect(per.alpha![o]).toBe(grid[col.indexOf(Math.min(...col))]);
    }
    expect(shared.selection!.method).toBe("gcv");
  });
});

describe("k-fold cross-validation", () => {
  it("ridge k-fold scores equal fold-by-fold refits (shuffled folds, standardised)", () => {
    const X = random(33, 9, 7), Y = signal(X, 2, 8);
    const m = fitRidge(X, Y, { alphas: grid, cv: 4, seed: 42, standardize: true, alphaMode: "per-target" });
    const folds = kFold(33, 4, 42);
    grid.forEach((alpha, a) => {
      const want = [0, 0];
      for (const f of folds) {
        const fit = fitRidge(takeRows(X, f.train), takeRows(Y, f.train), { alpha, standardize: true });
        const pred = fit.predict(takeRows(X, f.test)).data;
        for (let o = 0; o < 2; o++) {
          let s = 0;
          f.test.forEach((i, r) => (s += (Y.data[i * 2 + o]! - pred[r * 2 + o]!) ** 2));
          want[o]! += s / f.test.length / folds.length;
        }
      }
      for (let o = 0; o < 2; o++) expect(Math.abs(m.selection!.scores[a]![o]! - want[o]!) / want[o]!).toBeLessThan(1e-9);
    });
    expect(m.selection).toMatchObject({ method: "kfold", folds: 4, seed: 42 });
  });

  it("lasso k-fold scores equal fold-by-fold fits, and the refit uses the chosen penalty", () => {
    const X = random(60, 12, 9), Y = signal(X, 2, 10, 0.2);
    const alphas = [0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
    const opts = { tol: 1e-10, maxIter: 100000 };
    const m = fitLasso(X, Y, { alphas, cv: 3, alphaMode: "per-target", ...opts });
    const folds = kFold(60, 3);
    alphas.forEach((alpha, a) => {
      const want = [0, 0];
      for (const f of folds) {
        const fit = fitLasso(takeRows(X, f.train), takeRows(Y, f.train), { alpha, ...opts });
        const pred = fit.predict(takeRows(X, f.test)).data;
        for (let o = 0; o < 2; o++) {
          let s = 0;
          f.test.forEach((i, r) => (s += (Y.data[i * 2 + o]! - pred[r * 2 + o]!) ** 2));
          want[o]! += s / f.test.length / folds.length;
        }
      }
      for (let o = 0; o < 2; o++) expect(Math.abs(m.selection!.scores[a]![o]! - want[o]!) / want[o]!).toBeLessThan(1e-6);
    });
    for (let o = 0; o < 2; o++) {
      const direct = fitLasso(X, { rows: 60, cols: 1, data: Float64Array.from({ length: 60 }, (_, i) => Y.data[i * 2 + o]!) }, { alpha: m.alpha![o]!, ...opts });
      let d = 0;
      for (let j = 0; j < 12; j++) d = Math.max(d, Math.abs(direct.coef.data[j]! - m.coef.data[o * 12 + j]!));
      expect(d).toBeLessThan(1e-6);
    }
  });

  it("elastic net CV with the automatic grid picks a penalty inside the grid and converges", () => {
    const X = random(50, 8, 11), Y = signal(X, 1, 12, 0.3);
    const m = fitElasticNet(X, Y, { l1Ratio: 0.5, cv: 5, nAlphas: 20 });
    const g = m.selection!.alphas as number[];
    expect(g).toHaveLength(20);
    expect(g[0]! / g[19]!).toBeCloseTo(1000, 6);
    expect(g).toContain(m.alpha![0]);
    expect(m.fit.converged!.every(Boolean)).toBe(true);
  });

  it("rejects bad cross-validation settings", () => {
    const X = random(10, 3, 1), Y = random(10, 1, 2);
    expect(() => fitRidge(X, Y, { alphas: [1], cv: 1 })).toThrow(/k must be an integer in \[2, n = 10\]/);
    expect(() => fitRidge(X, Y, { alphas: [1], cv: 11 })).toThrow(/k must be/);
    expect(() => fitRidge(X, Y, { alphas: [0] })).toThrow(/> 0/);
    expect(() => fitRidge(X, Y, { alphas: [1], cv: "bogus" as never })).toThrow(/cv must be/);
    expect(() => fitRidge(X, Y, { alphas: [1], cv: [{ train: Int32Array.of(0, 1), test: Int32Array.of(1) }] })).toThrow(/row 1 is in both/);
  });
});
