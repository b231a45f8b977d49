// `glassbox energy` and `glassbox relax` through the built CLI (dist/cli.js): JSON shape and values against
// the references, the lj:FILE spelling, the relaxed file written, and clear errors.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { kobAndersen } from "../../src/potentials/lj.js";
import { loadJson, ref, repoDir } from "../reference.js";
import { refStructure } from "../hessian/fixtures.js";

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

const dir = mkdtempSync(join(tmpdir(), "glassbox-relax-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("glassbox energy", () => {
  for (const [variant, key, spec] of [["cut", "cut", "kob-andersen"], ["smooth", "sf", "kob-andersen:smooth"], ["shift", "shift", "kob-andersen:shift"]] as const) {
    it(`${spec} on ka_glass.xyz --json matches the reference (1e-9)`, async () => {
      const r = await glassbox("energy", ref("structures", "ka_glass.xyz"), "--potential", spec, "--json");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      const want = loadJson("answers/ka_glass.json").hessian.variants[key];
      expect(Math.abs(out.energy - want.energy_total)).toBeLessThanOrEqual(1e-9 * Math.abs(want.energy_total));
      expect(out.forces).toHaveLength(500);
      const scale = Math.max(want.forces_max_abs, Math.abs(want.energy_per_atom));
      out.forces.forEach((f: number[], i: number) => f.forEach((x, c) => expect(Math.abs(x - want.forces[i][c])).toBeLessThanOrEqual(1e-9 * scale)));
      expect(out.virial).toHaveLength(6);
      expect(out.virial).toEqual(Array.from(kobAndersen(variant).compute(refStructure("ka_glass"), { virial: true }).virial!));
    });
  }

  it("lj:FILE with a parameter table; LAMMPS data input with --types", async () => {
    const params = join(dir, "ka.txt");
    writeFileSync(params, "A A 1.0 1.0 2.5\nA B 1.5 0.8 2.0\nB B 0.5 0.88 2.2\n");
    const r = await glassbox("energy", ref("structures", "tri_small.data"), "--types", "A,B", "--potential", `lj:${params}:smooth`, "--json");
    expect(r.code).toBe(0);
    const want = loadJson("answers/tri_small.json").hessian.variants.sf.energy_total;
    expect(Math.abs(JSON.parse(r.stdout).energy - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
  });

  it("errors: unknown potential, unknown species, missing parameter file", async () => {
    const a = await glassbox("energy", ref("structures", "ka_glass.xyz"), "--potential", "morse");
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown potential "morse"/);
    const b = await glassbox("energy", ref("manybody", "structures", "sic_s0.00.xyz"), "--potential", "kob-andersen");
    expect(b.code).not.toBe(0);
    expect(b.stderr).toMatch(/does not know species "Si"/);
    const c = await glassbox("energy", ref("structures", "ka_glass.xyz"), "--potential", `lj:${join(dir, "missing.json")}`);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toMatch(/missing\.json/);
  });
});

describe("glassbox relax", () => {
  it("relaxes ka_fcc_s0.02 to --fmax and writes a file whose forces are below it", async () => {
    const out = join(dir, "relaxed.xyz");
    const r = await glassbox("relax", ref("structures", "ka_fcc_s0.02.xyz"), "--potential", "kob-andersen:smooth", "--fmax", "1e-7", "-o", out, "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.converged).toBe(true);
    expect(summary.max_force).toBeLessThan(1e-7);
    expect(summary.iterations).toBeGreaterThan(0);
    const e = await glassbox("energy", out, "--potential", "kob-andersen:smooth", "--json");
    const check = JSON.parse(e.stdout);
    expect(check.max_force).toBeLessThan(1e-7);
    expect(Math.abs(check.energy - summary.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(summary.energy));
  });

  it("not converged: a warning naming the max force (exit 0), or exit 1 with --strict", async () => {
    const out = join(dir, "partial.xyz");
    const r = await glassbox("relax", ref("structures", "ka_fcc_s0.02.xyz"), "--potential", "kob-andersen", "--max-steps", "3", "-o", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING: relax \(fire, kob-andersen\): not converged after 3 iterations: max force/);
    expect(r.stdout).toMatch(/NOT converged/);
    const s = await glassbox("relax", ref("structures", "ka_fcc_s0.02.xyz"), "--potential", "kob-andersen", "--max-steps", "3", "-o", out, "--strict");
    expect(s.code).toBe(1);
    const m = await glassbox("relax", ref("structures", "ka_fcc_s0.02.xyz"), "--potential", "kob-andersen", "--method", "newton", "-o", out);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--method must be fire or cg/);
  });
});
