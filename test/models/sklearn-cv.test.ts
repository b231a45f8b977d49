// Penalty selection against scikit-learn on the shared regression reference (first 80 rows): RidgeCV's
// exact leave-one-out errors and LassoCV's grid, fold errors and choice. The fixture is written by
// test/models/fixtures/make_sklearn_cv.py (scikit-learn 1.2.1).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadJson } from "../reference.js";
import { fitRidge } from "../../src/models/linear.js";
import { fitLasso } from "../../src/models/sparse.js";
import { toMatrix, takeRows, column } from "../../src/models/matrix.js";

const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures", "sklearn_cv.json"), "utf8"));
const ref = loadJson("answers", "regression.json");
const rows = Int32Array.from({ length: 80 }, (_, i) => i);
const X = takeRows(toMatrix(ref.X, "X"), rows), Y = takeRows(toMatrix(ref.Y, "Y"), rows);

describe("RidgeCV (exact leave-one-out) vs scikit-learn", () => {
  it("per-target LOO errors within 1e-8 relative, same chosen penalties", () => {
    const m = fitRidge(X, Y, { alphas: fixture.ridge.alphas, cv: "loo", alphaMode: "per-target" });
    let worst = 0;
    fixture.ridge.loo_mse.forEach((row: number[], a: number) =>
      row.forEach((v, o) => (worst = Math.max(worst, Math.abs(m.selection!.scores[a]![o]! - v) / v))),
    );
    console.log("RidgeCV LOO errors: worst relative difference", worst);
    expect(worst).toBeLessThan(1e-8);
    expect(Array.from(m.alpha!)).toEqual(fixture.ridge.alpha);
  });
});

describe("LassoCV vs scikit-learn", () => {
  for (const t of Object.keys(fixture.lasso)) {
    it(`target ${t}: grid, mean fold errors and the choice`, () => {
      const f = fixture.lasso[t];
      const y = { rows: 80, cols: 1, data: column(Y, Number(t)) };
      const m = fitLasso(X, y, { cv: 5, nAlphas: 20, eps: 1e-3, tol: 1e-12, maxIter: 200000 });
      const grid = m.selection!.alphas as number[];
      let gridErr = 0, mseErr = 0;
      grid.forEach((a, k) => (gridErr = Math.max(gridErr, Math.abs(a - f.alphas[k]) / f.alphas[k])));
      f.mse_path.forEach((folds: number[], k: number) => {
        const mean = folds.reduce((s, v) => s + v, 0) / folds.length;
        mseErr = Math.max(mseErr, Math.abs(m.selection!.scores[k]![0]! - mean) / mean);
      });
      console.log(`LassoCV target ${t}: grid rel err ${gridErr}, mean MSE rel err ${mseErr}, alpha ${m.alpha![0]} vs ${f.alpha}`);
      expect(gridErr).toBeLessThan(1e-13);
      expect(mseErr).toBeLessThan(1e-6);
      expect(m.alpha![0]).toBeCloseTo(f.alpha, 15);
      let coefErr = 0;
      f.coef.forEach((c: number, j: number) => (coefErr = Math.max(coefErr, Math.abs(m.coef.data[j]! - c))));
      expect(coefErr).toBeLessThan(1e-6 * Math.max(...f.coef.map(Math.abs)));
    });
  }
});
