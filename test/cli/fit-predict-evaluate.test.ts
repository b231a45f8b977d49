// `glassbox fit`, `predict` and `evaluate` through the built CLI on tiny data sets: round trips,
// byte-identical model files, and clear errors for corrupt or mismatched models and data sets.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleStructure } from "../../src/datasets/sample.js";
import { LinearModel } from "../../src/models/linear.js";
import { loadDataset } from "../../src/node/datasets.js";
import { writeStructure } from "../../src/node/io.js";
import { Structure } from "../../src/structure.js";
import { repoDir } from "../reference.js";
import { tinyDataset } from "../study/tiny.js";

const run = promisify(execFile);
const cli = join(repoDir, "dist", "cli.js");

async function glassbox(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { maxBuffer: 1 << 26 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

const root = mkdtempSync(join(tmpdir(), "glassbox-fit-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const d2 = join(root, "2d"), d2b = join(root, "2d-other"), d3 = join(root, "3d"), model = join(root, "omega2.json");

beforeAll(async () => {
  await tinyDataset(d2, "kob-andersen-2d", 14, 3);
  await tinyDataset(d2b, "kob-andersen-2d", 12, 4);
  await tinyDataset(d3, "kob-andersen-3d", 12, 3);
}, 120_000);

describe("glassbox fit", () => {
  it("writes a model file, byte-identical on a second run", async () => {
    const a = await glassbox("fit", d2, "--target", "omega2", "--model", "ridge", "-o", model, "--json");
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const summary = JSON.parse(a.stdout);
    expect(summary).toMatchObject({ target: "omega2", model: "ridge", nTrain: 14, nFeatures: 3 * 2080, nTargets: 1 });
    const second = join(root, "again.json");
    expect((await glassbox("fit", d2, "--target", "omega2", "-o", second)).code).toBe(0);
    expect(readFileSync(second)).toEqual(readFileSync(model));
    const m = LinearModel.fromText(readFileSync(model, "utf8"));
    expect(m.metadata.glassbox).toMatchObject({ target: "omega2", features: { rMax: 2.6, bins: 2080, pairs: ["A-A", "A-B", "B-B"], dim: 2, species: ["A", "B"] } });
  });

  it("fits every model kind and every target the data set holds", async () => {
    for (const [target, kind] of [["vdos", "ridge"], ["heat_capacity", "elasticnet"], ["omega2", "lasso"], ["omega2", "ols"]] as const) {
      const out = join(root, `${target}-${kind}.json`);
      const r = await glassbox("fit", d2, "--target", target, "--model", kind, "-o", out, ...(kind === "ridge" ? ["--smooth", "8"] : []));
      expect(r.code, r.stderr).toBe(0);
      expect(LinearModel.fromText(readFileSync(out, "utf8")).kind).toBe(kind);
    }
  });

  it("refuses unknown targets and models, and a data set without κ", async () => {
    let r = await glassbox("fit", d2, "--target", "entropy", "-o", join(root, "x.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --target "entropy"/);
    r = await glassbox("fit", d2, "--target", "omega2", "--model", "svm", "-o", join(root, "x.json"));
    expect(r.stderr).toMatch(/unknown --model "svm"/);
    r = await glassbox("fit", d2, "--target", "kappa", "-o", join(root, "x.json"));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no κ values/);
  });
});

describe("glassbox evaluate", () => {
  it("scores a model on fresh data beside the mean predictor (R² ≥ 0.99 for ⟨ω²⟩ here)", async () => {
    const r = await glassbox("evaluate", model, d2b, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ system: "kob-andersen-2d", target: "omega2", structures: 12 });
    expect(out.linear.r2).toBeGreaterThan(0.99);
    expect(out.meanPredictor.r2).toBeLessThan(0.2);
    const text = await glassbox("evaluate", model, d2b);
    expect(text.stdout).toMatch(/R²\s+0\.99\d+\s+/);
  });

  it("warns when the data set is the training set, and reports spectrum metrics for the VDOS", async () => {
    const r = await glassbox("evaluate", join(root, "vdos-ridge.json"), d2);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/in-sample/);
    expect(r.stdout).toMatch(/mean per-bin R²/);
    expect(r.stdout).toMatch(/relative L1 error/);
  });

  it("names the mismatch: another system, another binning, a corrupt data set", async () => {
    let r = await glassbox("evaluate", model, d3);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/kob-andersen-3d data set, the model was fitted on kob-andersen-2d/);
    const coarse = join(root, "2d-coarse");
    await tinyDataset(coarse, "kob-andersen-2d", 12, 5, 130);
    r = await glassbox("evaluate", model, coarse);
    expect(r.stderr).toMatch(/feature columns, the model was fitted on 6240/);
    const broken = join(root, "broken");
    cpSync(d2b, broken, { recursive: true });
    unlinkSync(join(broken, "features.npy"));
    r = await glassbox("evaluate", model, broken);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/features\.npy is missing/);
  });
});

describe("glassbox predict", () => {
  it("predicts from a structure file what the model predicts from the data set's row", async () => {
    const ds = await loadDataset(d2b);
    const file = join(root, "s0.extxyz");
    await writeStructure(file, sampleStructure(ds.manifest.spec, 0).structure);
    const r = await glassbox("predict", model, file, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    const m = LinearModel.fromText(readFileSync(model, "utf8"));
    const expected = m.predict({ rows: 1, cols: ds.features.cols, data: ds.features.data.subarray(0, ds.features.cols) }).data[0]!;
    expect(out.predictions[0].values[0]).toBeCloseTo(expected, 8);
    expect(Math.abs(out.predictions[0].values[0] / ds.targets.omega2.data[0]! - 1)).toBeLessThan(0.01);
    const text = await glassbox("predict", model, file);
    expect(text.stdout).toMatch(/omega2 = \d/);
  });

  it("refuses a structure with other species, and a corrupt or foreign model file", async () => {
    const s = sampleStructure((await loadDataset(d2b)).manifest.spec, 1).structure;
    const other = new Structure({ positions: s.positions, species: s.species.map((x) => (x === "A" ? "C" : x)), cell: s.cell, pbc: s.pbc, dimension: s.dimension });
    const file = join(root, "other.extxyz");
    await writeStructure(file, other);
    let r = await glassbox("predict", model, file);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/species \[B, C\] do not match the model's \[A, B\]/);
    const bad = join(root, "bad.json");
    writeFileSync(bad, readFileSync(model, "utf8").slice(0, 200));
    r = await glassbox("predict", bad, file);
    expect(r.stderr).toMatch(/bad\.json: not valid JSON/);
    const doc = JSON.parse(readFileSync(model, "utf8"));
    doc.metadata = {};
    writeFileSync(bad, JSON.stringify(doc));
    r = await glassbox("predict", bad, file);
    expect(r.stderr).toMatch(/metadata\.glassbox: missing/);
    doc.coef[0] = doc.coef[0].slice(1);
    writeFileSync(bad, JSON.stringify(doc));
    r = await glassbox("evaluate", bad, d2b);
    expect(r.stderr).toMatch(/coef\[0\]: expected 6240 numbers/);
  });
});
