// scikit-learn references (../shared/reference/answers/regression.json): X 100×50 total g(r), Y 100×81 VDOS,
// first 80 rows train, last 20 test. Ridge: coefficients within 1e-6 relative; Lasso: objective within 1e-8
// relative of sklearn's per output; test predictions and R² too.
import { describe, expect, it } from "vitest";
import { loadJson } from "../reference.js";
import { fitRidge } from "../../src/models/linear.js";
import { fitLasso } from "../../src/models/sparse.js";
import { r2Score } from "../../src/models/metrics.js";
import { toMatrix, takeRows, type Matrix } from "../../src/models/matrix.js";

const ref = loadJson("answers", "regression.json");
const X = toMatrix(ref.X, "X"), Y = toMatrix(ref.Y, "Y");
const train = Int32Array.from({ length: 80 }, (_, i) => i), test = Int32Array.from({ length: 20 }, (_, i) => 80 + i);
const Xtr = takeRows(X, train), Ytr = takeRows(Y, train), Xte = takeRows(X, test), Yte = takeRows(Y, test);

function relFro(a: Float64Array, b: number[][]): number {
  let num = 0, den = 0, k = 0;
  for (const row of b) for (const v of row) { num += (a[k]! - v) ** 2; den += v * v; k++; }
  return Math.sqrt(num / den);
}
function relVec(a: Float64Array, b: number[]): number {
  let num = 0, den = 0;
  b.forEach((v, k) => { num += (a[k]! - v) ** 2; den += v * v; });
  return Math.sqrt(num / den);
}

describe("ridge vs scikit-learn", () => {
  for (const alpha of [0.001, 0.1, 1]) {
    const fit = ref.fits[`ridge_alpha_${alpha}`];
    it(`alpha ${alpha}`, () => {
      const m = fitRidge(Xtr, Ytr, { alpha });
      const e = relFro(m.coef.data, fit.coef);
      console.log(`ridge α=${alpha} coef rel err`, e, m.fit.solver);
      expect(e).toBeLessThan(1e-6);
      expect(relVec(m.intercept, fit.intercept)).toBeLessThan(1e-6);
      const pred = m.predict(Xte);
      expect(relFro(pred.data, fit.test_predictions)).toBeLessThan(1e-6);
      expect(Math.abs(r2Score(Yte, pred) - fit.r2_test_uniform_average)).toBeLessThan(1e-8);
      expect(Math.abs(r2Score(Yte, pred, "variance-weighted") - fit.r2_test_variance_weighted)).toBeLessThan(1e-8);
    });
  }
});

/** Per-output lasso objective (1/2n)‖y − Xw − b‖² + α‖w‖₁ on the training rows, in original units. */
function lassoObjective(x: Matrix, y: Matrix, coef: Float64Array, intercept: ArrayLike<number>, alpha: number): Float64Array {
  const { rows: n, cols: p } = x, t = y.cols;
  const out = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    let rss = 0, l1 = 0;
    for (let i = 0; i < n; i++) {
      let pred = intercept[o]!;
      for (let j = 0; j < p; j++) pred += x.data[i * p + j]! * coef[o * p + j]!;
      rss += (y.data[i * t + o]! - pred) ** 2;
    }
    for (let j = 0; j < p; j++) l1 += Math.abs(coef[o * p + j]!);
    out[o] = rss / (2 * n) + alpha * l1;
  }
  return out;
}

describe("lasso vs scikit-learn", () => {
  for (const [alpha, key] of [[1e-5, "lasso_alpha_1e-05"], [1e-4, "lasso_alpha_0.0001"]] as const) {
    const fit = ref.fits[key];
    for (const precompute of [false, true]) {
      it(`alpha ${alpha} (${precompute ? "Gram" : "X"} solver)`, () => {
        const m = fitLasso(Xtr, Ytr, { alpha, tol: 1e-12, maxIter: 500000, precompute });
        const ours = lassoObjective(Xtr, Ytr, m.coef.data, m.intercept, alpha);
        const theirs = lassoObjective(Xtr, Ytr, Float64Array.from(fit.coef.flat()), fit.intercept, alpha);
        let worst = 0, worstStored = 0;
        ours.forEach((v, o) => {
          worst = Math.max(worst, (v - theirs[o]!) / theirs[o]!);
          worstStored = Math.max(worstStored, Math.abs(theirs[o]! - fit.objective_per_output[o]) / fit.objective_per_output[o]);
        });
        console.log(`lasso α=${alpha} ${m.fit.solver}: worst (ours − sklearn)/sklearn objective`, worst, "stored-vs-recomputed", worstStored, "sweeps", Math.max(...m.fit.iterations!));
        expect(worst).toBeLessThan(1e-8);
        expect(m.fit.converged!.every(Boolean)).toBe(true);
        const pred = m.predict(Xte);
        expect(Math.abs(r2Score(Yte, pred) - fit.r2_test_uniform_average)).toBeLessThan(1e-5);
      });
    }
  }
});
