// `glassbox rdf` and `glassbox neighbors` against every reference structure, through the built CLI.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadJson, ref, repoDir } from "../reference.js";

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

const NAMES = ["ka_fcc_s0.00", "ka_fcc_s0.02", "ka_fcc_s0.10", "ka_fcc_s0.20", "ka_glass", "tri_small", "honeycomb_s0.00", "honeycomb_s0.02", "honeycomb_s0.05"];
const KEY: Record<string, string> = { AA: "A-A", AB: "A-B", BB: "B-B", total: "total" };

function expectRelClose(actual: number[], expected: number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const scale = Math.max(Math.abs(expected[k]!), 1e-300);
    expect(Math.abs(actual[k]! - expected[k]!) / scale, `${what} bin ${k}`).toBeLessThanOrEqual(tol);
  }
}

describe.each(NAMES)("CLI on %s", (name) => {
  const answer = loadJson("answers", `${name}.json`);
  const r = answer.rdf.reference;
  // The perfect honeycomb has a shell exactly on a bin edge (reference README): compare away from it.
  const tieBins = new Set<number>();
  if (r.min_distance_to_bin_edge === 0) {
    tieBins.add(Math.round(7.1 / r.dr) - 1).add(Math.round(7.1 / r.dr));
  }

  for (const file of [`${name}.xyz`, `${name}.data`]) {
    it(`rdf --json from ${file} reproduces the reference g(r)`, async () => {
      const twoD = answer.pbc.filter((p: boolean) => p).length === 2;
      const { stdout, code, stderr } = await glassbox("rdf", ref("structures", file), "--rmax", String(r.rmax), "--bins", String(r.nbins), "--partial", "--json",
        ...(file.endsWith(".data") ? ["--types", name.startsWith("honeycomb") ? "C" : "A,B"] : []));
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expectRelClose(out.edges, r.edges, 1e-15, "edges");
      expectRelClose(out.centers, r.centers, 1e-15, "centers");
      // A LAMMPS data file has no pbc: it reads as periodic in x, y, z, so the monolayer is 3D there.
      const expected: Record<string, number[]> = twoD && file.endsWith(".xyz") ? { total: r.g_2d.total } : r.g;
      for (const [k, g] of Object.entries(expected)) {
        const got = (out.g[KEY[k]!] as number[]).filter((_, b) => !tieBins.has(b));
        expectRelClose(got, g.filter((_, b) => !tieBins.has(b)), 1e-12, `${name} ${k}`);
      }
    });
  }

  it("neighbors --json gives the full-list pair count and coordination of the reference list", async () => {
    const nb = answer.neighbors;
    const { stdout, code } = await glassbox("neighbors", ref("structures", `${name}.xyz`), "--cutoff", String(nb.cutoff), "--json");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.pairs).toBe(2 * nb.n_pairs);
    // A self-image pair (i, i, ±S) counts twice for atom i in both: the full list holds S and −S.
    expect(out.coordination).toEqual(nb.coordination_full);
    expect(out.coordination.reduce((a: number, b: number) => a + b, 0)).toBe(out.pairs);
  });
});

describe("CLI multi-frame", () => {
  it("averages g(r) over the frames of a trajectory (two identical frames give the one-frame answer)", async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const text = readFileSync(ref("structures", "ka_glass.xyz"), "utf8");
    const file = join(mkdtempSync(join(tmpdir(), "gb-frames-")), "two.xyz");
    writeFileSync(file, text + text);
    const one = JSON.parse((await glassbox("rdf", ref("structures", "ka_glass.xyz"), "--rmax", "3", "--bins", "120", "--partial", "--json")).stdout);
    const two = JSON.parse((await glassbox("rdf", file, "--rmax", "3", "--bins", "120", "--partial", "--json")).stdout);
    expect(two).toEqual(one);
  });
});

describe("CLI errors", () => {
  it("exits non-zero with one line naming the problem", async () => {
    for (const args of [
      ["rdf", "/nonexistent.xyz", "--rmax", "3", "--bins", "10"],
      ["rdf", ref("structures", "ka_glass.xyz"), "--rmax", "abc", "--bins", "10"],
      ["rdf", ref("structures", "ka_glass.xyz"), "--rmax", "3", "--bins", "2.5"],
      ["neighbors", ref("structures", "ka_glass.xyz"), "--cutoff", "-1", "--json"],
      ["rdf", ref("README.md"), "--rmax", "3", "--bins", "10"],
    ]) {
      const { code, stderr, stdout } = await glassbox(...args);
      expect(code, args.join(" ")).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/^glassbox: /);
    }
  });

  it("prints help", async () => {
    const { stdout, code } = await glassbox("rdf", "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/--rmax/);
  });
});
