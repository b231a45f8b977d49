// The study on tiny Kob–Andersen data sets: the exact ⟨ω²⟩ sum rule against the Hessian spectra, the
// result contract, determinism, and the honesty rules (mean predictor beside every score).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/datasets/dataset.js";
import { loadDataset } from "../../src/node/datasets.js";
import { disorderScore } from "../../src/study/features.js";
import { runStudy, scoreOf, curveSizes, type StudyOptions } from "../../src/study/study.js";
import { laplacianTerm, sumRuleKernel } from "../../src/study/sumrule.js";
import { sampleStructure } from "../../src/datasets/sample.js";
import { neighborList } from "../../src/neighbors.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import type { SystemResult } from "../../src/study/types.js";
import { tinyDataset } from "./tiny.js";

const root = mkdtempSync(join(tmpdir(), "glassbox-study-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ds2: Dataset, ds3: Dataset;
beforeAll(async () => {
  await tinyDataset(join(root, "2d"), "kob-andersen-2d", 16, 3);
  await tinyDataset(join(root, "3d"), "kob-andersen-3d", 12, 3);
  ds2 = await loadDataset(join(root, "2d"));
  ds3 = await loadDataset(join(root, "3d"));
}, 120_000);

const FAST: StudyOptions = { learningCurve: { sizes: [6], repeats: 2 }, smoothOrders: [0, 8], mlp: { epochs: 60 } };

describe("exact ⟨ω²⟩ sum rule", () => {
  for (const [name, get] of [["2D", () => ds2], ["3D", () => ds3]] as const) {
    it(`${name}: the kernel on g(r) reproduces ⟨ω²⟩ from the Hessian eigenvalues to the binning error (< 3e-3 relative)`, () => {
      const ds = get();
      const k = sumRuleKernel(ds);
      expect(k.kernel).not.toBeNull();
      const p = ds.features.cols;
      for (let i = 0; i < ds.features.rows; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += k.kernel![j]! * ds.features.data[i * p + j]!;
        const y = ds.targets.omega2.data[i]!;
        expect(Math.abs(s / y - 1)).toBeLessThan(3e-3);
      }
    });

    it(`${name}: ⟨ω²⟩ from the eigenvalues equals Σ over ordered pairs of φ'' + (d − 1)φ'/r, over (dN − d), to round-off`, () => {
      const ds = get();
      const pot = kobAndersen("smooth");
      for (let i = 0; i < 4; i++) {
        const { structure: s } = sampleStructure(ds.manifest.spec, i);
        const nl = neighborList(s, { cutoff: pot.cutoff });
        let sum = 0;
        for (let a = 0; a < s.n; a++) {
          for (let e = nl.first[a]!; e < nl.first[a + 1]!; e++) sum += laplacianTerm(pot, s.species[a]!, s.species[nl.j[e]!]!, nl.distance[e]!, s.dimension);
        }
        const d = s.dimension;
        expect(sum / (d * s.n - d) / ds.targets.omega2.data[i]! - 1).toBeCloseTo(0, 9);
      }
    });
  }

  it("the binning error shrinks with the bin width: coarser bins miss by more", async () => {
    await tinyDataset(join(root, "2d-coarse"), "kob-andersen-2d", 16, 3, 130);
    const coarse = await loadDataset(join(root, "2d-coarse"));
    const err = (ds: Dataset) => {
      const k = sumRuleKernel(ds).kernel!;
      let worst = 0;
      for (let i = 0; i < ds.features.rows; i++) {
        let s = 0;
        for (let j = 0; j < ds.features.cols; j++) s += k[j]! * ds.features.data[i * ds.features.cols + j]!;
        worst = Math.max(worst, Math.abs(s / ds.targets.omega2.data[i]! - 1));
      }
      return worst;
    };
    expect(err(coarse)).toBeGreaterThan(4 * err(ds2));
  });
});

describe("runStudy", () => {
  let a: SystemResult;
  beforeAll(() => {
    a = runStudy(ds2, { ...FAST, dataset: { dir: "tiny", seconds: 1 } });
  }, 120_000);

  it("fills the contract for every target the data set holds (no κ here)", () => {
    expect(a.system).toBe("kob-andersen-2d");
    expect(a.targets.map((t) => t.target)).toEqual(["vdos", "omega2", "heat_capacity"]);
    expect(a.dataset).toMatchObject({ count: 16, atoms: 30, seed: 3, dir: "tiny", seconds: 1 });
    for (const t of a.targets) {
      expect(t.nTrain + t.nTest).toBe(16);
      expect(t.parity.truth).toHaveLength(t.nTest);
      expect(t.parity.linear).toHaveLength(t.nTest);
      expect(t.baselines.map((b) => b.name).sort()).toEqual(["krr", "mlp"]);
      expect(Object.keys(t.learningCurves).sort()).toEqual(["krr", "linear", "mean", "mlp"]);
      expect(t.learningCurves.linear!.map((p) => p.nTrain)).toEqual([6, t.nTrain]);
      expect(t.outOfDistribution?.r2).toHaveProperty("linear");
      expect(t.notes.length).toBeGreaterThan(2);
      expect(t.weights.values).toHaveLength(t.weights.rows.length);
      expect(t.weights.values[0]).toHaveLength(t.weights.columns.length);
      expect(t.drivers!.length).toBeGreaterThan(0);
    }
    const vdos = a.targets[0]!;
    expect(vdos.lassoPath).toBeNull();
    expect(vdos.metric).toMatch(/per-bin/);
    expect(vdos.linear.relL1).not.toBeNull();
    const omega2 = a.targets[1]!;
    expect(omega2.lassoPath!.features.length).toBeGreaterThan(0);
    expect(omega2.lassoPath!.coef[0]).toHaveLength(omega2.lassoPath!.alphas.length);
    expect(omega2.sumRule!.r2Exact).toBeGreaterThan(0.99); // 4 test structures of 30 atoms: binning error is relatively large
    expect(omega2.sumRule!.kernel).toHaveLength(ds2.features.cols);
    expect(a.rdfByDisorder.groups).toHaveLength(3);
    expect(a.vdosByDisorder.groups[0]!.dos).toHaveLength(ds2.targets.vdos.cols);
  });

  it("the linear model learns ⟨ω²⟩ from 12 structures far better than the mean predictor", () => {
    const omega2 = a.targets[1]!;
    expect(omega2.linear.r2).toBeGreaterThan(0.8);
    expect(omega2.meanPredictor.r2).toBeLessThan(0.1);
  });

  it("is plain JSON and deterministic apart from timings", () => {
    const b = runStudy(ds2, { ...FAST, dataset: { dir: "tiny", seconds: 1 } });
    const strip = (r: SystemResult) =>
      JSON.stringify(r, (k, v) => (k === "fitSeconds" ? 0 : v));
    expect(strip(b)).toBe(strip(a));
    expect(JSON.parse(JSON.stringify(a)).targets[1].sumRule.correlation).toBe(a.targets[1]!.sumRule!.correlation);
  });

  it("refuses a data set too small to split", () => {
    const small = { ...ds2, features: { ...ds2.features, rows: 8 } } as Dataset;
    expect(() => runStudy(small)).toThrow(/too few/);
  });
});

describe("metrics and helpers", () => {
  it("scoreOf: the mean predictor of the test rows scores R² = 0; perfect predictions 1", () => {
    const y = { rows: 4, cols: 2, data: Float64Array.from([1, 2, 3, 5, 2, 2, 6, 3]) };
    const mean = { rows: 4, cols: 2, data: Float64Array.from([3, 3, 3, 3, 3, 3, 3, 3]) };
    expect(scoreOf(y, mean, null, false).r2).toBeCloseTo(0, 14);
    expect(scoreOf(y, y, null, true)).toMatchObject({ r2: 1, r2Worst: 1, r2Pooled: 1, mae: 0, rmse: 0, relL1: 0 });
    expect(scoreOf(y, mean, Int32Array.from([0]), false).r2).toBeCloseTo(0, 14);
  });

  it("curve sizes stop at the training set and always include it", () => {
    expect(curveSizes(30)).toEqual([5, 8, 12, 20, 30]);
    expect(curveSizes(6, [3, 5, 8])).toEqual([5, 6]);
  });

  it("disorder score: relaxed energy per atom above the lowest, 0 for the most stable structure", () => {
    const s = disorderScore(ds2);
    expect(Math.min(...s)).toBe(0);
    s.forEach((v, i) => expect(v).toBeCloseTo(ds2.energyPerAtom[i]! - Math.min(...ds2.energyPerAtom), 12));
  });
});
