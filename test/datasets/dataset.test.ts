import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatasetError } from "../../src/datasets/dataset.js";
import { defaultSpec } from "../../src/datasets/spec.js";
import { generateDataset, loadDataset } from "../../src/node/datasets.js";

const root = mkdtempSync(join(tmpdir(), "glassbox-ds-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Small, fast data set: 2D Kob–Andersen, ~50 atoms, κ included.
const spec = defaultSpec("kob-andersen-2d", 4, 20260, { atoms: 50 });

function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(dir)) if (/\.(npy|json)$/.test(f)) out.set(f, readFileSync(join(dir, f)));
  return out;
}

function hasNumpy(): boolean {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("data sets", () => {
  const a = join(root, "a"), b = join(root, "b");

  it("generates, loads and validates a data set", async () => {
    const r = await generateDataset(spec, a, { workers: 1 });
    expect(r.computed).toBe(4);
    const ds = await loadDataset(a);
    expect(ds.features.rows).toBe(4);
    expect(ds.features.cols).toBe(ds.manifest.features.columns.length);
    expect(ds.manifest.features.keys).toEqual(["A-A", "A-B", "B-B"]);
    expect(ds.targets.vdos.cols).toBe(spec.vdos.count);
    expect(ds.metadata.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 4; i++) {
      expect(ds.metadata[i]!.stable).toBe(true);
      expect(ds.targets.omega2.data[i]).toBeGreaterThan(0);
      expect(ds.targets.kappa.data[i]).toBeGreaterThan(0);
      // The VDOS row integrates to 1 on the grid (trapezoid), up to the truncated tails.
      const row = ds.targets.vdos.data.subarray(i * spec.vdos.count, (i + 1) * spec.vdos.count);
      let integral = 0;
      for (let j = 1; j < row.length; j++) integral += 0.5 * (row[j]! + row[j - 1]!) * spec.vdos.omegaStep;
      expect(integral).toBeGreaterThan(0.97);
      expect(integral).toBeLessThan(1.0001);
    }
  });

  it("is byte-identical with two worker threads, and resumes without recomputing finished structures", async () => {
    const first = await generateDataset(spec, b, { workers: 2 });
    expect(first.computed).toBe(4);
    expect(snapshot(b)).toEqual(snapshot(a));
    // Interrupt: lose one finished structure and the final files.
    rmSync(join(b, "samples", "000002.json"));
    rmSync(join(b, "manifest.json"));
    writeFileSync(join(b, "samples", "000003.json"), "{ truncated");
    const again = await generateDataset(spec, b, { workers: 1 });
    expect(again.reused).toBe(2);
    expect(again.computed).toBe(2);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it("refuses a directory holding a different data set, naming the field", async () => {
    await expect(generateDataset({ ...spec, seed: spec.seed + 1 }, a, { workers: 1 })).rejects.toThrow(/spec\.seed differs/);
  });

  it("reports corrupt and mismatched files clearly", async () => {
    const c = join(root, "c");
    execFileSync("cp", ["-r", a, c]);
    writeFileSync(join(c, "vdos.npy"), readFileSync(join(c, "vdos.npy")).subarray(0, 100));
    await expect(loadDataset(c)).rejects.toThrow(/vdos\.npy.*truncated/);
    execFileSync("cp", [join(a, "omega2.npy"), join(c, "vdos.npy")]);
    await expect(loadDataset(c)).rejects.toThrow(DatasetError);
    writeFileSync(join(c, "manifest.json"), "{}");
    await expect(loadDataset(c)).rejects.toThrow(/format is "undefined"/);
    await expect(loadDataset(join(root, "nope"))).rejects.toThrow(/no such directory/);
  });

  it.runIf(hasNumpy())("writes arrays numpy.load reads with the manifest's shapes", () => {
    const out = execFileSync("/usr/bin/python3", [
      "-c",
      `import numpy as np, json; m=json.load(open("${a}/manifest.json"))
for k,v in m["arrays"].items():
    x=np.load("${a}/"+v["file"]); assert list(x.shape)==v["shape"], k; assert x.dtype==np.float64
print("ok", np.load("${a}/features.npy").shape)`,
    ]).toString();
    expect(out.trim()).toMatch(/^ok \(4, \d+\)$/);
  });
});
