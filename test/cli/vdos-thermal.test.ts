// `glassbox vdos` and `glassbox thermal`, run in-process through runCli (stdout/stderr captured): JSON
// shape and numbers against the references, warnings for unrelaxed structures, one-line errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { loadJson, ref } from "../reference.js";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const so = process.stdout.write.bind(process.stdout), se = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await runCli(["node", "glassbox", ...args]);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    process.stdout.write = so;
    process.stderr.write = se;
  }
}

const glass = ref("structures/ka_glass.xyz");
const tri = ref("structures/tri_small.xyz");

describe("glassbox vdos", () => {
  it("--json prints eigenvalues, grid, dos, imaginary count and ⟨ω²⟩ that match the reference", async () => {
    const r = await run("vdos", glass, "--potential", "kob-andersen", "--sigma", "0.25", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const want = loadJson("answers/ka_glass.json").hessian.variants.cut;
    const lam: number[] = want.eigenvalues;
    const big = Math.max(...lam.map(Math.abs));
    expect(j.eigenvalues).toHaveLength(1500);
    expect(Math.max(...j.eigenvalues.map((x: number, k: number) => Math.abs(x - lam[k]!)))).toBeLessThan(1e-10 * big);
    expect(j.imaginary).toBe(0);
    expect(j.zero_modes).toBe(3);
    expect(j.omega.length).toBe(j.dos.length);
    expect(Math.abs(j.integral - 1)).toBeLessThan(1e-6);
    const mean = lam.slice(3).reduce((s, x) => s + x, 0) / 1497;
    expect(Math.abs(j.omega2_mean - mean)).toBeLessThan(1e-10 * mean);
    expect(r.err).toBe("");
  });

  it("--all-modes on the reference grid reproduces hessian.vdos (up to the sign noise of the zero modes)", async () => {
    const r = await run("vdos", ref("structures/ka_glass.data"), "--types", "A,B", "--potential", "kob-andersen",
      "--sigma", "0.25", "--omega-min", "0", "--omega-step", "0.05", "--omega-max", "40", "--all-modes", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const D: number[] = loadJson("answers/ka_glass.json").hessian.variants.cut.vdos.D;
    expect(j.dos).toHaveLength(801);
    // zero modes are ±1e-6 in ω with a rounding-dependent sign: ≤ 3/(3N)·|G'|·2e-6 ≈ 1e-8 at small ω
    expect(Math.max(...j.dos.map((x: number, k: number) => Math.abs(x - D[k]!)))).toBeLessThan(3e-8);
    // away from ω = 0 the zero modes do not reach: machine precision
    expect(Math.max(...j.dos.slice(200).map((x: number, k: number) => Math.abs(x - D[k + 200]!)))).toBeLessThan(1e-13);
  });

  it("warns loudly about an unrelaxed structure and counts its imaginary modes (jacobi, participation ratios)", async () => {
    const r = await run("vdos", tri, "--potential", "kob-andersen", "--eigen", "jacobi", "--participation", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const want = loadJson("answers/tri_small.json").hessian.variants.cut;
    expect(j.imaginary).toBe(want.n_negative);
    expect(j.participation_ratio).toHaveLength(96);
    const big = Math.max(...want.eigenvalues.map(Math.abs));
    expect(Math.max(...j.eigenvalues.map((x: number, k: number) => Math.abs(x - want.eigenvalues[k]!)))).toBeLessThan(1e-10 * big);
    expect(r.err).toMatch(/WARNING: .*not at an energy minimum/);
    expect(r.err).toMatch(/WARNING: 31 imaginary modes/);
  });

  it("--relax removes the imaginary modes", async () => {
    const r = await run("vdos", tri, "--potential", "kob-andersen:smooth", "--relax", "--fmax", "1e-10", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.relaxation.converged).toBe(true);
    expect(j.imaginary).toBe(0);
  });

  it("fails with one line and a non-zero code on bad input", async () => {
    const cases: [string[], RegExp][] = [
      [["vdos", "/nonexistent.xyz", "--potential", "kob-andersen"], /nonexistent/],
      [["vdos", glass, "--potential", "kob-andersen", "--sigma", "-1"], /--sigma/],
      [["vdos", glass, "--potential", "kob-andersen", "--eigen", "lapack"], /--eigen/],
      [["vdos", glass, "--potential", "no-such-potential"], /unknown potential/],
    ];
    for (const [args, msg] of cases) {
      const r = await run(...args);
      expect(r.code).not.toBe(0);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  });

  it("refuses a dense matrix beyond wasm32 memory before any work, naming N", async () => {
    const n = 12000;
    const lines = [`${n}`, `Lattice="60 0 0 0 60 0 0 0 60" Properties=species:S:1:pos:R:3 pbc="T T T"`];
    for (let i = 0; i < n; i++) lines.push(`A ${(i % 30) * 2} ${(Math.floor(i / 30) % 20) * 3} ${Math.floor(i / 600) * 3}`);
    const dir = mkdtempSync(join(tmpdir(), "glassbox-"));
    const file = join(dir, "big.xyz");
    writeFileSync(file, lines.join("\n") + "\n");
    const r = await run("vdos", file, "--potential", "kob-andersen");
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/N = 12000/);
    expect(r.err).toMatch(/4 GiB/);
  });
});

describe("glassbox thermal", () => {
  it("--json prints heat_capacity and kappa_af; lists of T give arrays", async () => {
    const r = await run("thermal", tri, "--potential", "kob-andersen:smooth", "--relax", "--T", "0.3", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(typeof j.heat_capacity).toBe("number");
    expect(typeof j.kappa_af).toBe("number");
    expect(j.kappa_af).toBeGreaterThan(0);
    expect(j.heat_capacity).toBeCloseTo(3 * (1 - 1 / 32), 12); // classical LJ default: k_B per non-zero mode
    expect(j.kappa_unit).toBe("k_B/(τ·σ)");
    expect(j.imaginary).toBe(0);
    expect(j.supercell).toEqual([2, 2, 2]);
    expect(j.kappa_versus_broadening.length).toBeGreaterThanOrEqual(7);
    const r2 = await run("thermal", tri, "--potential", "kob-andersen:smooth", "--relax", "--T", "0.1,0.3", "--T", "1", "--hbar", "0.03", "--broadening", "3,5", "--json");
    const j2 = JSON.parse(r2.out);
    expect(j2.temperature).toEqual([0.1, 0.3, 1]);
    expect(j2.heat_capacity).toHaveLength(3);
    expect(j2.heat_capacity[0]).toBeLessThan(j2.heat_capacity[2]); // quantum: C rises with T
    expect(j2.kappa_af).toHaveLength(3);
    expect(j2.broadening.spacings).toBe(3);
  });

  it("--strict turns imaginary modes into an error; bad options fail in one line", async () => {
    const r = await run("thermal", tri, "--potential", "kob-andersen", "--strict", "--json");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/imaginary modes/);
    for (const args of [["--T", "0"], ["--T", "abc"], ["--broadening-kind", "box"], ["--broadening", "-2"]]) {
      const b = await run("thermal", tri, "--potential", "kob-andersen", ...args);
      expect(b.code).not.toBe(0);
      expect(b.err.trim().split("\n")).toHaveLength(1);
    }
  });
});
