import { describe, expect, it } from "vitest";
import { alloc, mark, memoryBytes, putF64, readF64, release, scoped, workspaceTop } from "../../src/engine/wasm.js";

describe("workspace", () => {
  it("hands out aligned, non-overlapping blocks and reuses them after release", () => {
    const m = mark();
    const a = alloc(24);
    const b = alloc(8);
    expect(a % 16).toBe(0);
    expect(b % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 24);
    release(m);
    expect(alloc(24)).toBe(a);
    release(m);
    expect(workspaceTop()).toBe(m);
  });

  it("grows memory on demand and keeps copies valid across growth", () => {
    scoped(() => {
      const p = putF64([1.5, -2, 3]);
      const before = memoryBytes();
      alloc(before + 1); // forces growth, detaching every old view
      expect(memoryBytes()).toBeGreaterThan(before);
      expect(Array.from(readF64(p, 3))).toEqual([1.5, -2, 3]);
    });
  });

  it("refuses allocations above the wasm32 ceiling before growing", () => {
    const before = memoryBytes();
    expect(() => scoped(() => alloc(5 * 2 ** 30))).toThrow(/4 GiB/);
    expect(memoryBytes()).toBe(before);
  });

  it("releases the scope when the body throws", () => {
    const m = mark();
    expect(() =>
      scoped(() => {
        alloc(1000);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(mark()).toBe(m);
  });
});
