// Splits: scikit-learn's KFold sizes, seeded shuffles, held-out and out-of-distribution splits.
import { describe, expect, it } from "vitest";
import { checkFolds, foldLabels, heldOut, kFold, outOfDistribution, shuffledRows } from "../../src/models/splits.js";

describe("k-fold", () => {
  it("contiguous folds of sizes ⌊n/k⌋ + 1 first, like KFold(shuffle=False)", () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(Array.from(folds[1]!.train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    expect(Array.from(foldLabels(folds, 10))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it("seeded shuffles: a partition, reproducible, seed-dependent", () => {
    const a = kFold(23, 5, 7), b = kFold(23, 5, 7), c = kFold(23, 5, 8);
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    expect(a.map((f) => Array.from(f.test))).not.toEqual(c.map((f) => Array.from(f.test)));
    const all = a.flatMap((f) => Array.from(f.test)).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 23 }, (_, i) => i));
    a.forEach((f) => expect(f.train.length + f.test.length).toBe(23));
    expect(a.map((f) => f.test.length)).toEqual([5, 5, 5, 4, 4]);
    const perm = Array.from(shuffledRows(23, 7)).sort((x, y) => x - y);
    expect(perm).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it("rejects impossible k and bad explicit folds", () => {
    expect(() => kFold(5, 6)).toThrow(/\[2, n = 5\]/);
    expect(() => kFold(5, 1)).toThrow(/\[2, n = 5\]/);
    expect(() => checkFolds([{ train: Int32Array.of(0), test: Int32Array.of(9) }], 5)).toThrow(/test row 9 outside/);
    expect(() => checkFolds([{ train: Int32Array.of(), test: Int32Array.of(1) }], 5)).toThrow(/non-empty/);
  });
});

describe("held-out and out-of-distribution", () => {
  it("held-out: the last rows without a seed (the reference split), a seeded subset with one", () => {
    const h = heldOut(100);
    expect(Array.from(h.test)).toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
    const s = heldOut(10, { testSize: 3, seed: 1 });
    expect(s.test.length).toBe(3);
    expect(s.train.length).toBe(7);
    expect(heldOut(10, { testSize: 3, seed: 1 })).toEqual(s);
    expect(() => heldOut(10, { testSize: 10 })).toThrow(/1…9 of 10 rows/);
  });

  it("OOD: train on low values, test on high; ties stay on one side", () => {
    const sigma = [0.05, 0.2, 0.1, 0.1, 0.3, 0.02];
    expect(outOfDistribution(sigma, { threshold: 0.1 })).toEqual({ train: Int32Array.of(0, 2, 3, 5), test: Int32Array.of(1, 4) });
    // trainFraction 0.5 → the 3rd smallest value is 0.1, shared by rows 2 and 3: both train.
    expect(Array.from(outOfDistribution(sigma, { trainFraction: 0.5 }).train)).toEqual([0, 2, 3, 5]);
    expect(Array.from(outOfDistribution(sigma, { threshold: 0.1, direction: "high-to-low" }).train)).toEqual([1, 2, 3, 4]);
    expect(() => outOfDistribution([1, 1, 1], { trainFraction: 0.5 })).toThrow(/both must be non-empty/);
    expect(() => outOfDistribution([1, NaN])).toThrow(/row 1 is NaN/);
  });
});
