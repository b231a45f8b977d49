// OLS and ridge: exact answers, limits, brute force against mathjs, solver agreement, validation.
import { describe, expect, it } from "vitest";
import { identity, inv, multiply, pinv, transpose, add, matrix as mj } from "mathjs";
import { LinearModel, fitOLS, fitRidge } from "../../src/models/linear.js";
import type { Matrix } from "../../src/models/matrix.js";

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
function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

/** Brute force with mathjs: centre (and scale), W = (XcᵀXc + αI)⁻¹XcᵀYc (or pinv for α = 0), b = ȳ − x̄·W. */
function bruteRidge(X: Matrix, Y: Matrix, alpha: number, fitIntercept = true, standardize = false) {
  const { rows: n, cols: p } = X, t = Y.cols;
  const xm = new Array(p).fill(0), ym = new Array(t).fill(0), xs = new Array(p).fill(1);
  if (fitIntercept) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) xm[j] += X.data[i * p + j]! / n;
      for (let o = 0; o < t; o++) ym[o] += Y.data[i * t + o]! / n;
    }
  }
  if (standardize) {
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += (X.data[i * p + j]! - xm[j]) ** 2;
      xs[j] = Math.sqrt(v / n) || 1;
    }
  }
  const xc = rowsOf(X).map((r) => r.map((v, j) => (v - xm[j]) / xs[j]));
  const yc = rowsOf(Y).map((r) => r.map((v, o) => v - ym[o]));
  const xtx = multiply(transpose(mj(xc)), mj(xc));
  const sol =
    alpha > 0
      ? multiply(multiply(inv(add(xtx, multiply(identity(p), alpha)) as never), transpose(mj(xc))), mj(yc))
      : multiply(pinv(mj(xc)), mj(yc));
  const w = (sol as unknown as { toArray(): number[][] }).toArray(); // p×t
  const coef = new Float64Array(t * p), intercept = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    let d = 0;
    for (let j = 0; j < p; j++) {
      coef[o * p + j] = w[j]![o]! / xs[j];
      d += xm[j] * coef[o * p + j]!;
    }
    intercept[o] = fitIntercept ? ym[o] - d : 0;
  }
  return { coef, intercept };
}

describe("ordinary least squares", () => {
  it("recovers the coefficients of exactly linear data", () => {
    const X = random(30, 6, 1);
    const W = [[1.5, -2, 0.25, 3, 0, -0.75], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]], b = [0.7, -4];
    const Y = { rows: 30, cols: 2, data: new Float64Array(60) };
    for (let i = 0; i < 30; i++) for (let o = 0; o < 2; o++) {
      let s = b[o]!;
      for (let j = 0; j < 6; j++) s += X.data[i * 6 + j]! * W[o]![j]!;
      Y.data[i * 2 + o] = s;
    }
    const m = fitOLS(X, Y);
    expect(maxAbs(m.coef.data, W.flat())).toBeLessThan(1e-12);
    expect(maxAbs(m.intercept, b)).toBeLessThan(1e-12);
    expect(m.fit.solver).toBe("cholesky-primal");
    expect(maxAbs(m.predict(X).data, Y.data)).toBeLessThan(1e-12);
  });

  it("gives the minimum-norm solution for duplicated columns and p > n (as LinearRegression/lstsq)", () => {
    const base = random(12, 4, 2);
    const X = { rows: 12, cols: 5, data: new Float64Array(60) };
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 4; j++) X.data[i * 5 + j] = base.data[i * 4 + j]!;
      X.data[i * 5 + 4] = base.data[i * 4 + 1]!; // column 4 duplicates column 1
    }
    const Y = random(12, 2, 3);
    const m = fitOLS(X, Y);
    expect(m.fit.solver).toBe("svd");
    const ref = bruteRidge(X, Y, 0);
    expect(maxAbs(m.coef.data, ref.coef)).toBeLessThan(1e-10);
    expect(maxAbs(m.intercept, ref.intercept)).toBeLessThan(1e-10);
    expect(Math.abs(m.coef.data[1]! - m.coef.data[4]!)).toBeLessThan(1e-12); // weight shared equally
    const wide = random(6, 9, 4), yw = random(6, 1, 5);
    const mw = fitOLS(wide, yw);
    const rw = bruteRidge(wide, yw, 0);
    expect(maxAbs(mw.coef.data, rw.coef)).toBeLessThan(1e-9);
    expect(maxAbs(mw.predict(wide).data, yw.data)).toBeLessThan(1e-10); // interpolates
  });
});

describe("ridge", () => {
  const cases: [number, number, number][] = [[20, 7, 3], [9, 5, 1], [15, 4, 6], [8, 13, 2], [5, 21, 5]];
  for (const [n, p, t] of cases) {
    for (const [fitIntercept, standardize] of [[true, false], [true, true], [false, false]] as const) {
      it(`matches brute force for ${n}×${p}, ${t} targets (intercept ${fitIntercept}, standardize ${standardize})`, () => {
        const X = random(n, p, n * 100 + p), Y = random(n, t, n * 7 + t);
        for (const alpha of [1e-3, 0.37, 20]) {
          const m = fitRidge(X, Y, { alpha, fitIntercept, standardize });
          const ref = bruteRidge(X, Y, alpha, fitIntercept, standardize);
          expect(maxAbs(m.coef.data, ref.coef)).toBeLessThan(1e-9);
          expect(maxAbs(m.intercept, ref.intercept)).toBeLessThan(1e-9);
          expect(m.fit.solver).toBe(n >= p ? "cholesky-primal" : "cholesky-dual");
        }
      });
    }
  }

  it("primal, dual and SVD solvers agree, and per-target penalties equal separate fits", () => {
    for (const [n, p] of [[25, 10], [10, 25]]) {
      const X = random(n, p, n + p), Y = random(n, 3, 2 * n);
      const a = fitRidge(X, Y, { alpha: 0.5, solver: "primal" });
      const b = fitRidge(X, Y, { alpha: 0.5, solver: "dual" });
      const c = fitRidge(X, Y, { alpha: 0.5, solver: "svd" });
      expect(maxAbs(a.coef.data, b.coef.data)).toBeLessThan(1e-11);
      expect(maxAbs(a.coef.data, c.coef.data)).toBeLessThan(1e-10);
      expect(c.fit.solver).toBe("svd");
      const per = fitRidge(X, Y, { alpha: [0.1, 1, 10] });
      [0.1, 1, 10].forEach((alpha, o) => {
        const single = fitRidge(X, { rows: n, cols: 1, data: Float64Array.from({ length: n }, (_, i) => Y.data[i * 3 + o]!) }, { alpha });
        expect(maxAbs(per.coef.data.subarray(o * p, (o + 1) * p), single.coef.data)).toBeLessThan(1e-12);
      });
    }
  });

  it("α → 0 tends to OLS and α → ∞ to the intercept-only model (training means)", () => {
    const X = random(40, 6, 8), Y = random(40, 2, 9);
    const ols = fitOLS(X, Y);
    const tiny = fitRidge(X, Y, { alpha: 1e-10 });
    expect(maxAbs(tiny.coef.data, ols.coef.data)).toBeLessThan(1e-8);
    const huge = fitRidge(X, Y, { alpha: 1e14 });
    expect(Math.max(...Array.from(huge.coef.data, Math.abs))).toBeLessThan(1e-13);
    const means = [0, 1].map((o) => Array.from({ length: 40 }, (_, i) => Y.data[i * 2 + o]!).reduce((s, v) => s + v, 0) / 40);
    expect(maxAbs(huge.intercept, means)).toBeLessThan(1e-12);
  });

  it("accepts arrays of rows and a target vector, and rejects bad input with clear errors", () => {
    const rows = [[0, 1], [1, 0], [1, 1], [2, 3]];
    const y = [1, 2, 3, 7];
    const m = fitRidge(rows, y, { alpha: 0.1 });
    expect(m.nTargets).toBe(1);
    expect(m.predict([[1, 2]]).rows).toBe(1);
    expect(() => fitRidge(rows, [1, 2, 3])).toThrow(/X has 4 rows but Y has 3/);
    expect(() => fitRidge([[0, 1], [1]], [1, 2])).toThrow(/row 1 has 1 entries/);
    expect(() => fitRidge([[0, NaN], [1, 2]], [1, 2])).toThrow(/X: entry \(0, 1\) is NaN/);
    expect(() => fitRidge(rows, [1, 2, Infinity, 7])).toThrow(/Y: entry \(2, 0\) is Infinity/);
    expect(() => m.predict([[1, 2], [3, -Infinity]])).toThrow(/X: entry \(1, 1\) is -Infinity/);
    expect(() => fitRidge(rows, y, { alpha: -1 })).toThrow(/≥ 0/);
    expect(() => fitRidge(rows, y, { alpha: 1, alphas: [1, 2] })).toThrow(/not both/);
    expect(() => fitRidge(rows, y, { standardize: true, fitIntercept: false })).toThrow(/requires fitIntercept/);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/3 columns, the model was fitted on 2/);
    expect(() => fitRidge(rows, y, { featureLabels: ["a"] })).toThrow(/featureLabels has 1 names for 2 features/);
  });

  it("is bit-reproducible: the same data give the same model file bytes", () => {
    const X = random(50, 17, 21), Y = random(50, 5, 22);
    const a = fitRidge(X, Y, { alphas: [0.01, 0.1, 1, 10], standardize: true }).toText();
    const b = fitRidge(X, Y, { alphas: [0.01, 0.1, 1, 10], standardize: true }).toText();
    expect(a).toBe(b);
    expect(LinearModel.fromText(a).toText()).toBe(a);
  });
});

describe("fitLinear", () => {
  it("dispatches on the kind and refuses unknown kinds", async () => {
    const { fitLinear, MODEL_KINDS } = await import("../../src/models/fit.js");
    const X = random(30, 4, 1), Y = random(30, 2, 2);
    for (const kind of MODEL_KINDS) expect(fitLinear(kind, X, Y, { alpha: kind === "ols" ? undefined : 0.01 } as never).kind).toBe(kind);
    expect(fitLinear("elasticnet", X, Y, { alpha: 0.01, l1Ratio: 0.3 }).l1Ratio).toBe(0.3);
    expect(() => fitLinear("svm" as never, X, Y)).toThrow(/unknown model "svm"; choose one of ridge, lasso, elasticnet, ols/);
  });
});
