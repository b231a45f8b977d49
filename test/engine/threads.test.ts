// Helper threads: results are bit-identical for one and two threads, the module also runs on an
// ordinary (unshared) memory, and helpers never keep a Node process alive.
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { init, threadCount, unsharedMemoryImport } from "../../src/engine/wasm.js";
import { setMinParallelFlops, threadsSupported } from "../../src/engine/threads.js";
import { fitRidge } from "../../src/models/linear.js";
import { wasmBase64 } from "../../src/generated/wasm-release.js";
import { repoDir } from "../reference.js";

function normals(n: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const u = () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a + 0.5) / 4294967296;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/** Model files of ridge fits that go through every parallel kernel (primal, dual, several penalties). */
function fits(): string[] {
  const out: string[] = [];
  for (const [n, p, t] of [[300, 150, 9], [90, 400, 13]] as const) {
    const X = { rows: n, cols: p, data: normals(n * p, n + p) };
    const Y = { rows: n, cols: t, data: normals(n * t, t) };
    out.push(fitRidge(X, Y, { alpha: 0.5 }).toText());
    out.push(fitRidge(X, Y, { alpha: Array.from({ length: t }, (_, o) => (o % 3) + 0.25), standardize: true }).toText());
  }
  return out;
}

describe("helper threads", () => {
  const before = setMinParallelFlops(0); // every call with two or more units goes to the helpers
  afterAll(async () => {
    setMinParallelFlops(before);
    await init({ threads: 2 });
  });

  it("give bit-identical model files with one and with two threads", async () => {
    await init({ threads: 1 });
    expect(threadCount()).toBe(1);
    const one = fits();
    await init({ threads: 2 });
    if (threadsSupported()) expect(threadCount()).toBe(2);
    const two = fits();
    expect(two).toEqual(one);
    await init({ threads: 3 });
    expect(fits()).toEqual(one);
  });

  it("overlapping init calls settle on one instance that every thread shares", async () => {
    await init({ threads: 1 });
    const reference = fits();
    await Promise.all([init({ threads: 2 }), init({ threads: 1 }), init({ threads: 2 })]);
    if (threadsSupported()) expect(threadCount()).toBe(2);
    expect(fits()).toEqual(reference); // helpers bound to another memory would change the numbers
    await expect(init({ threads: 0 })).rejects.toThrow(RangeError);
  });

  it("the module runs on an unshared memory when its import is rewritten (browsers without isolation)", async () => {
    const bytes = Uint8Array.from(Buffer.from(wasmBase64, "base64"));
    const patched = unsharedMemoryImport(bytes);
    expect(patched.length).toBe(bytes.length);
    expect(() => new WebAssembly.Module(bytes as BufferSource)).not.toThrow();
    const run = (b: Uint8Array, shared: boolean) => {
      const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared } as WebAssembly.MemoryDescriptor);
      const k = new WebAssembly.Instance(new WebAssembly.Module(b as BufferSource), { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
      const base = (k.mem_heapBase!() + 15) & ~15;
      const x = new Float64Array(memory.buffer, base, 8);
      x.set([1, 2, 3, 4, 5, 6, 7, 8]);
      k.linalg_geomGrid!(2.5, 2.5e-3, 7, base + 64);
      return [memory.buffer instanceof SharedArrayBuffer, k.linalg_firstNonFinite!(base, 8), ...new Float64Array(memory.buffer, base + 64, 7)];
    };
    const a = run(bytes, true), b = run(patched, false);
    expect(a[0]).toBe(true);
    expect(b[0]).toBe(false);
    expect(b.slice(1)).toEqual(a.slice(1));
    expect(() => run(bytes, false)).toThrow(); // the unpatched module insists on shared memory
  });

  it.runIf(threadsSupported())("never keep a Node process alive", () => {
    const started = Date.now();
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { init, fitRidge, threadCount } from "glassbox";
         await init({ threads: 2 });
         const n = 400, p = 200, data = Float64Array.from({ length: n * p }, (_, i) => Math.sin(i));
         const m = fitRidge({ rows: n, cols: p, data }, { rows: n, cols: 1, data: data.subarray(0, n) });
         console.log(threadCount(), m.coef.data.length);`,
      ],
      { cwd: repoDir, timeout: 60_000 },
    ).toString();
    expect(out.trim()).toBe("2 200");
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
