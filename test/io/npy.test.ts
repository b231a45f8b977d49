import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NpyError, readNpy, writeNpy } from "../../src/io/npy.js";
import { loadJson, ref } from "../reference.js";

function hasNumpy(): boolean {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("npy", () => {
  it("reads a NumPy-written Hessian whose trace and eigen-free summaries match the reference JSON", () => {
    const arr = readNpy(readFileSync(ref("manybody", "answers", "carbon_tri.hessian.npy")), "carbon_tri.hessian.npy");
    expect(arr.shape).toEqual([12, 12]);
    expect(arr.dtype).toBe("<f8");
    const json = loadJson("manybody", "answers", "carbon_tri.json");
    let trace = 0;
    for (let i = 0; i < 12; i++) trace += arr.data[13 * i]!;
    expect(trace).toBeCloseTo(json.hessian.trace, 6);
    // Stored matrix is symmetrised: exact symmetry.
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) expect(arr.data[12 * i + j]).toBe(arr.data[12 * j + i]);
  });

  it("round-trips f8, i4 and u1 arrays bit-exactly, with 64-byte aligned data", () => {
    const f = Float64Array.from([0.1, -2.5e-300, Math.PI, -0, 7]);
    const a = readNpy(writeNpy(f, [5]));
    expect(a.shape).toEqual([5]);
    expect(Array.from(a.data)).toEqual(Array.from(f));
    expect(Object.is(a.data[3], -0)).toBe(true);
    const i = Int32Array.from([1, -2, 3, 4, 5, 6]);
    const b = readNpy(writeNpy(i, [2, 3]));
    expect(b.shape).toEqual([2, 3]);
    expect(b.data).toBeInstanceOf(Int32Array);
    expect(Array.from(b.data)).toEqual([1, -2, 3, 4, 5, 6]);
    const bytes = writeNpy(Uint8Array.from([1, 0, 1]), [3]);
    expect((bytes.length - 3) % 64).toBe(0);
    expect(Array.from(readNpy(bytes).data)).toEqual([1, 0, 1]);
  });

  it("rejects wrong shapes and malformed files with named errors", () => {
    expect(() => writeNpy(new Float64Array(3), [2, 2])).toThrow(RangeError);
    expect(() => readNpy(new Uint8Array([1, 2, 3]), "x.npy")).toThrow(/x\.npy: not a \.npy/);
    const good = writeNpy(new Float64Array(10), [10]);
    expect(() => readNpy(good.subarray(0, good.length - 1), "t.npy")).toThrow(NpyError);
    expect(() => readNpy(good.subarray(0, 20), "t.npy")).toThrow(/truncated header/);
  });

  it.runIf(hasNumpy())("writes files numpy.load reads, and reads numpy's Fortran-order and int64 files", () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-"));
    const path = join(dir, "a.npy");
    writeFileSync(path, writeNpy(Float64Array.from([1.5, 2, 3, 4, 5, 6]), [2, 3]));
    const out = execFileSync("/usr/bin/python3", [
      "-c",
      `import numpy as np; a=np.load("${path}"); print(a.shape, a.dtype, repr(a.sum()), a[1,0]);` +
        `np.save("${dir}/f.npy", np.asfortranarray(np.arange(6.).reshape(2,3))); np.save("${dir}/i.npy", np.arange(4, dtype=np.int64))`,
    ]).toString();
    expect(out.trim()).toBe("(2, 3) float64 21.5 4.0");
    const f = readNpy(readFileSync(join(dir, "f.npy")));
    expect(Array.from(f.data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(readNpy(readFileSync(join(dir, "i.npy"))).data)).toEqual([0, 1, 2, 3]);
  });
});
