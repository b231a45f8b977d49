// Metrics on hand-computed examples (and scikit-learn's conventions for the edge cases).
import { describe, expect, it } from "vitest";
import {
  columnMeans,
  evaluate,
  maePerTarget,
  r2PerTarget,
  r2Score,
  rmsePerTarget,
  spectrumMetrics,
} from "../../src/models/metrics.js";

// Two targets, three samples.
// y    = [[1, 2], [2, 4], [3, 9]]   means (2, 5); SS_tot = (2, 26)
// ŷ    = [[1, 3], [3, 4], [2, 7]]   residuals (0, −1), (−1, 0), (1, 2); SS_res = (2, 5)
const y = [[1, 2], [2, 4], [3, 9]];
const yHat = [[1, 3], [3, 4], [2, 7]];

describe("per-target metrics", () => {
  it("R², MAE and RMSE by hand", () => {
    expect(Array.from(r2PerTarget(y, yHat))).toEqual([1 - 2 / 2, 1 - 5 / 26]);
    expect(r2Score(y, yHat)).toBeCloseTo((0 + 21 / 26) / 2, 15);
    // variance-weighted: Σ SS_tot·R² / Σ SS_tot = (2·0 + 26·21/26)/28 = 21/28
    expect(r2Score(y, yHat, "variance-weighted")).toBeCloseTo(21 / 28, 15);
    expect(Array.from(maePerTarget(y, yHat))).toEqual([2 / 3, 3 / 3]);
    expect(Array.from(rmsePerTarget(y, yHat))).toEqual([Math.sqrt(2 / 3), Math.sqrt(5 / 3)]);
    expect(Array.from(columnMeans(y))).toEqual([2, 5]);
  });

  it("constant targets follow scikit-learn: R² = 1 if predicted exactly, else 0", () => {
    const c = [[5, 1], [5, 2]];
    expect(Array.from(r2PerTarget(c, [[5, 1], [5, 2]]))).toEqual([1, 1]);
    expect(Array.from(r2PerTarget(c, [[4, 1], [5, 2]]))).toEqual([0, 1]);
    expect(r2Score([[5], [5]], [[5], [5]], "variance-weighted")).toBe(1);
    expect(r2Score([[5], [5]], [[4], [5]], "variance-weighted")).toBe(0);
  });

  it("a vector is one target; mismatched shapes are refused", () => {
    expect(r2Score([1, 2, 3], [1, 2, 4])).toBeCloseTo(1 - 1 / 2, 15);
    expect(() => r2Score(y, [[1, 2]])).toThrow(/3×2 but yPred is 1×2/);
    expect(() => r2Score(y, y, "bogus" as never)).toThrow(/average must be/);
  });
});

describe("spectrum metrics", () => {
  it("per-bin R² mean and worst, relative L1 per spectrum", () => {
    const s = spectrumMetrics(y, yHat);
    expect(s.meanBinR2).toBeCloseTo(21 / 52, 15);
    expect(s.worstBinR2).toBe(0);
    expect(s.worstBin).toBe(0);
    // Σ|ŷ − y| / Σ|y| per row: (0 + 1)/3, (1 + 0)/6, (1 + 2)/12
    expect(Array.from(s.relativeL1)).toEqual([1 / 3, 1 / 6, 3 / 12]);
    expect(s.meanRelativeL1).toBeCloseTo((1 / 3 + 1 / 6 + 1 / 4) / 3, 15);
    expect(s.maxRelativeL1).toBe(1 / 3);
    const z = spectrumMetrics([[0, 0], [1, 1]], [[0, 0], [1, 2]]);
    expect(Array.from(z.relativeL1)).toEqual([0, 0.5]);
    expect(spectrumMetrics([[0, 0]], [[0, 1]]).relativeL1[0]).toBe(Infinity);
  });
});

describe("evaluation beside the mean predictor", () => {
  it("the baseline predicts the training means; with test means its R² is exactly 0", () => {
    const ev = evaluate(y, yHat, { trainMean: [2, 4], spectra: true });
    expect(Array.from(ev.baselineMean)).toEqual([2, 4]);
    // baseline residuals: target 0: (−1, 0, 1) → R² 0; target 1: (−2, 0, 5) → SS_res 29, R² = 1 − 29/26
    expect(Array.from(ev.baseline.r2)).toEqual([0, 1 - 29 / 26]);
    expect(ev.model.r2Uniform).toBeCloseTo(r2Score(y, yHat), 15);
    expect(ev.model.spectra!.meanRelativeL1).toBeCloseTo(0.25, 15);
    expect(ev.baseline.maeMean).toBeCloseTo((2 / 3 + 7 / 3) / 2, 15);
    const own = evaluate(y, yHat);
    expect(Array.from(own.baseline.r2)).toEqual([0, 0]);
    expect(own.model.spectra).toBeNull();
    expect(() => evaluate(y, yHat, { trainMean: [1] })).toThrow(/trainMean has 1 entries for 2 targets/);
  });
});
