// The demo's pieces that do not need its data sets: presets, cache names, the table rows and the exact
// --json shape (the full demo runs in `npm run demo`, not in the tests).
import { describe, expect, it } from "vitest";
import { cacheName, demoRows, demoStudyOptions } from "../../src/cli/demo.js";
import { defaultSpec } from "../../src/datasets/spec.js";
import { demoSpecs, LJ_RDF } from "../../src/study/presets.js";
import type { StudyReport, TargetResult } from "../../src/study/types.js";

const scores = (r2: number) => ({ r2, r2Worst: r2, r2Pooled: r2, mae: 0, rmse: 0, relL1: null });

function target(name: TargetResult["target"], lin: number, krr: number, mlp: number): TargetResult {
  return {
    system: "kob-andersen-3d", target: name, nTrain: 30, nTest: 10,
    linear: { ...scores(lin), model: "ridge", alpha: 1, fitSeconds: 0.1 },
    baselines: [{ name: "krr", scores: scores(krr), fitSeconds: 0.2 }, { name: "mlp", scores: scores(mlp), fitSeconds: 0.3 }],
    meanPredictor: scores(-0.01), parity: { truth: [], linear: [], baseline: [], baselineName: "krr" }, learningCurves: {},
    outOfDistribution: null, weights: { rows: [], columns: [], values: [], intercept: [] }, lassoPath: null, sumRule: null, notes: [],
  };
}

describe("glassbox demo", () => {
  it("generates 3D and 2D Kob–Andersen by default, all five systems with --full, fine g(r) bins for LJ", () => {
    expect(demoSpecs("default").map((s) => s.system)).toEqual(["kob-andersen-3d", "kob-andersen-2d"]);
    expect(demoSpecs("quick").map((s) => s.system)).toEqual(["kob-andersen-3d", "kob-andersen-2d"]);
    expect(demoSpecs("full").map((s) => s.system)).toEqual(["kob-andersen-3d", "kob-andersen-2d", "carbon-monolayer", "sic", "cualzr"]);
    for (const s of demoSpecs("default")) expect(s.rdf).toEqual(LJ_RDF);
    expect(() => demoSpecs("huge" as "quick")).toThrow(RangeError);
  });

  it("names cache directories by system and a hash of the whole spec", () => {
    const a = defaultSpec("kob-andersen-2d", 10, 1), b = defaultSpec("kob-andersen-2d", 10, 2);
    expect(cacheName(a)).toMatch(/^kob-andersen-2d-[0-9a-f]{8}$/);
    expect(cacheName(a)).toBe(cacheName(defaultSpec("kob-andersen-2d", 10, 1)));
    expect(cacheName(a)).not.toBe(cacheName(b));
  });

  it("table rows: the better baseline, and exactly the --json keys", () => {
    const report: StudyReport = {
      packageVersion: "0", settings: {}, seconds: 1,
      systems: [{ system: "kob-andersen-3d", dataset: { count: 40, atoms: 108, seed: 1, seconds: 1, dir: "" }, rdfByDisorder: { centers: [], keys: [], groups: [] }, vdosByDisorder: { omega: [], groups: [] }, targets: [target("omega2", 0.999, 0.5, 0.7), target("vdos", 0.1, 0.2, -1)] }],
    };
    const rows = demoRows(report);
    expect(rows.map((r) => [r.target, r.baseline, r.r2_baseline])).toEqual([["omega2", "mlp", 0.7], ["vdos", "krr", 0.2]]);
    const json = rows.map(({ system, target, n_train, r2_linear, r2_baseline }) => ({ system, target, n_train, r2_linear, r2_baseline }));
    expect(Object.keys(json[0]!)).toEqual(["system", "target", "n_train", "r2_linear", "r2_baseline"]);
  });

  it("the quick study trims learning curves", () => {
    expect(demoStudyOptions("quick").learningCurve).toEqual({ sizes: [8, 16], repeats: 2 });
    expect(demoStudyOptions("default").learningCurve).toEqual({ repeats: 3 });
  });
});
