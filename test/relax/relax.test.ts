// Relaxation (FIRE, CG, L-BFGS) on small systems: convergence, the relaxed Hessian has no imaginary modes (mathjs
// as an independent eigen oracle), near-monotone energy, 2D motion, non-convergence and bad options.
import { eigs } from "mathjs";
import { beforeAll, describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { toDense } from "../../src/hessian.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { maxAtomForce, relax, type RelaxResult } from "../../src/relax.js";
import { GlassboxError, Structure } from "../../src/structure.js";
import { randomKA } from "../hessian/fixtures.js";

/** Eigenvalues of a dense symmetric matrix by mathjs (independent of src/eigen.ts; slow: small m only). */
function eigenvaluesMathjs(a: Float64Array, m: number): number[] {
  const rows: number[][] = [];
  for (let i = 0; i < m; i++) rows.push(Array.from(a.subarray(i * m, i * m + m), (v, j) => 0.5 * (v + a[j * m + i]!)));
  return (eigs(rows).values as unknown as number[]).slice().sort((x, y) => x - y);
}

/** Eigenvalues by src/eigen.ts (tested against LAPACK there). */
function eigenvalues(a: Float64Array, m: number): number[] {
  return Array.from(eigh(a, m).values);
}

describe("FIRE on a melt-like random KA configuration", () => {
  const start = randomKA(40, 31);
  const pot = kobAndersen("smooth");
  let r: RelaxResult;
  beforeAll(() => {
    r = relax(start, pot, { fmax: 1e-9, history: true });
  });

  it("converges below fmax, lowers the energy, reports iterations and evaluations", () => {
    expect(r.converged).toBe(true);
    expect(r.method).toBe("fire");
    expect(r.maxForce).toBeLessThan(1e-9);
    expect(maxAtomForce(pot.compute(r.structure).forces!)).toBe(r.maxForce);
    expect(r.energy).toBe(pot.compute(r.structure).energy);
    expect(r.energy).toBeLessThan(pot.compute(start).energy);
    expect(r.iterations).toBeGreaterThan(10);
    expect(r.forceEvaluations).toBeGreaterThanOrEqual(r.iterations + 1);
    expect(r.restarts).toBeGreaterThan(0);
    expect(start.positions).toEqual(randomKA(40, 31).positions); // input untouched
  });

  it("energy decreases monotonically under restarts: every rise beyond rounding triggers a restart", () => {
    // FIRE is inertial: a step may go uphill, and P = F·v < 0 then zeroes the velocity at once.
    const h = r.history!;
    const noise = 1e-13 * Math.abs(h.energy[0]!) + 1e-12;
    const restarts = new Set(h.restartAt);
    for (let k = 1; k < h.energy.length; k++) {
      if (h.energy[k]! - h.energy[k - 1]! > noise) expect(restarts.has(k)).toBe(true);
    }
    const atRestart = h.restartAt.map((i) => h.energy[i]!);
    for (let k = 1; k < atRestart.length; k++) expect(atRestart[k]!).toBeLessThanOrEqual(atRestart[k - 1]! + noise);
    expect(h.energy.at(-1)! - h.energy[0]!).toBeLessThan(-1);
  });

  it("the relaxed glass has no imaginary modes beyond numerical noise, and 3 zero modes", () => {
    const h = toDense(pot.hessian(r.structure));
    const ev = eigenvalues(h, 3 * start.n);
    const scale = Math.max(...ev.map(Math.abs));
    expect(ev[0]!).toBeGreaterThan(-1e-8 * scale);
    expect(ev.filter((v) => Math.abs(v) < 1e-8 * scale)).toHaveLength(3);
    expect(ev[3]!).toBeGreaterThan(1e-6 * scale);
  });
});

describe("conjugate gradients", () => {
  it("converges and reaches a minimum with a positive semi-definite Hessian", () => {
    const start = randomKA(40, 32);
    const pot = kobAndersen("shift");
    const r = relax(start, pot, { method: "cg", fmax: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.method).toBe("cg");
    expect(r.maxForce).toBeLessThan(1e-9);
    const ev = eigenvalues(toDense(pot.hessian(r.structure)), 3 * start.n);
    expect(ev[0]!).toBeGreaterThan(-1e-8 * Math.max(...ev.map(Math.abs)));
  });

  it("CG, L-BFGS (memory 10 and 1) and FIRE agree on the minimum from a start close to it", () => {
    const pot = kobAndersen("smooth");
    const min = relax(randomKA(30, 33), pot, { fmax: 1e-10 }).structure;
    const nudged = min.withPositions(min.positions.map((x, k) => x + 0.01 * Math.sin(3.1 * k)));
    const a = relax(nudged, pot, { fmax: 1e-10 });
    const others = [
      relax(nudged, pot, { method: "cg", fmax: 1e-10 }),
      relax(nudged, pot, { method: "lbfgs", fmax: 1e-10 }),
      relax(nudged, pot, { method: "lbfgs", memory: 1, fmax: 1e-10 }),
    ];
    for (const b of others) {
      expect(b.converged).toBe(true);
      expect(Math.abs(a.energy - b.energy)).toBeLessThan(1e-10 * Math.abs(a.energy));
      let dx = 0;
      for (let k = 0; k < a.structure.positions.length; k++) dx = Math.max(dx, Math.abs(a.structure.positions[k]! - b.structure.positions[k]!));
      expect(dx).toBeLessThan(1e-7);
    }
    expect(() => relax(nudged, pot, { method: "lbfgs", memory: 0 })).toThrow(/memory must be a positive integer/);
  });
});

describe("L-BFGS", () => {
  it("converges and reaches a minimum with a positive semi-definite Hessian, with few evaluations per iteration", () => {
    const start = randomKA(40, 32);
    const pot = kobAndersen("shift");
    const r = relax(start, pot, { method: "lbfgs", fmax: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.method).toBe("lbfgs");
    expect(r.maxForce).toBeLessThan(1e-9);
    expect(maxAtomForce(pot.compute(r.structure).forces!)).toBe(r.maxForce);
    expect(r.energy).toBeLessThan(pot.compute(start).energy);
    expect(r.forceEvaluations).toBeLessThan(2 * r.iterations);
    const ev = eigenvalues(toDense(pot.hessian(r.structure)), 3 * start.n);
    expect(ev[0]!).toBeGreaterThan(-1e-8 * Math.max(...ev.map(Math.abs)));
  });

  it("KA-2D: stays in the plane", () => {
    const s = randomKA(36, 34, 2);
    const r = relax(s, kobAndersen("smooth"), { method: "lbfgs", fmax: 1e-9 });
    expect(r.converged).toBe(true);
    for (let i = 0; i < s.n; i++) expect(r.structure.positions[3 * i + 2]).toBe(s.positions[3 * i + 2]);
  });
});

describe("2D (dimension 2)", () => {
  it("KA-2D relaxes in the plane only and has a positive semi-definite 2N×2N Hessian", () => {
    const s = randomKA(36, 34, 2);
    const pot = kobAndersen("smooth");
    const r = relax(s, pot, { fmax: 1e-9 });
    expect(r.converged).toBe(true);
    for (let i = 0; i < s.n; i++) expect(r.structure.positions[3 * i + 2]).toBe(s.positions[3 * i + 2]);
    const ev = eigenvaluesMathjs(toDense(pot.hessian(r.structure), 2), 2 * s.n);
    const scale = Math.max(...ev.map(Math.abs));
    expect(ev[0]!).toBeGreaterThan(-1e-8 * scale);
    expect(ev.filter((v) => Math.abs(v) < 1e-8 * scale)).toHaveLength(2);
  });
});

describe("non-convergence and bad input", () => {
  const s = randomKA(30, 35);
  it("warns (naming iterations and max force) and returns converged: false", () => {
    const warnings: string[] = [];
    const r = relax(s, kobAndersen(), { maxSteps: 5, onWarning: (m) => warnings.push(m) });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not converged after 5 iterations: max force .* > fmax 1e-6/);
  });
  it("strict: throws a GlassboxError", () => {
    expect(() => relax(s, kobAndersen(), { maxSteps: 5, strict: true })).toThrow(GlassboxError);
  });
  it("bad options are RangeErrors", () => {
    expect(() => relax(s, kobAndersen(), { fmax: -1 })).toThrow(/fmax must be a positive number/);
    expect(() => relax(s, kobAndersen(), { method: "bfgs" as never })).toThrow(/method must be "fire", "cg" or "lbfgs"/);
    expect(() => relax(s, kobAndersen(), { maxSteps: 1.5 })).toThrow(/maxSteps/);
  });
  it("unknown species and coincident atoms are errors, not silent numbers", () => {
    const t = new Structure({ positions: [0, 0, 0, 1.2, 0, 0], species: ["A", "X"], cell: [4, 0, 0, 0, 4, 0, 0, 0, 4] });
    expect(() => relax(t, kobAndersen())).toThrow(/species "X"/);
    const u = new Structure({ positions: [1, 1, 1, 1, 1, 1], species: ["A", "A"], cell: [4, 0, 0, 0, 4, 0, 0, 0, 4] });
    expect(() => relax(u, kobAndersen("cut", { overlap: "ignore" }))).toThrow(/coincident/);
  });
  it("an already relaxed structure takes zero iterations", () => {
    const pot = kobAndersen("smooth");
    const r = relax(relax(s, pot, { fmax: 1e-8 }).structure, pot, { fmax: 1e-8 });
    expect(r.iterations).toBe(0);
    expect(r.converged).toBe(true);
  });
});
