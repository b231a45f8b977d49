// Relaxation of the N = 500 reference structures (release build only: slow in debug): ka_fcc_s0.02 and a
// melt-like random KA configuration, then the full 1500 × 1500 Hessian spectrum of the minimum.
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { toDense } from "../../src/hessian.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { relax } from "../../src/relax.js";
import { loadJson } from "../reference.js";
import { randomKA, refStructure } from "../hessian/fixtures.js";

function checkMinimum(structure: ReturnType<typeof refStructure>, variant: "shift" | "smooth") {
  const pot = kobAndersen(variant);
  const start = pot.compute(structure).energy;
  const r = relax(structure, pot, { fmax: 1e-8 });
  expect(r.converged).toBe(true);
  expect(r.maxForce).toBeLessThan(1e-8);
  expect(r.energy).toBeLessThan(start);
  const ev = eigh(toDense(pot.hessian(r.structure)), 3 * structure.n).values;
  const scale = Math.max(Math.abs(ev[0]!), Math.abs(ev.at(-1)!));
  // No imaginary modes beyond rounding; exactly the 3 translations near zero (reference zero_tol 1e-8·max|λ|).
  expect(ev[0]!).toBeGreaterThan(-1e-8 * scale);
  expect(ev.filter((v) => Math.abs(v) < 1e-8 * scale)).toHaveLength(3);
  return r;
}

describe("relaxed N = 500 KA structures have no imaginary modes", () => {
  it("ka_fcc_s0.02 (smooth)", () => {
    checkMinimum(refStructure("ka_fcc_s0.02"), "smooth");
  });
  it("melt-like random KA, 500 atoms (shift)", () => {
    checkMinimum(randomKA(500, 41), "shift");
  });
  it("ka_glass (shift): LAMMPS' inherent structure stays put, E/N = −7.6048", () => {
    const s = refStructure("ka_glass");
    const r = checkMinimum(s, "shift");
    const ref = loadJson("answers/ka_glass.json").hessian.variants.shift.energy_per_atom;
    expect(Math.abs(r.energy / s.n - ref)).toBeLessThan(1e-9 * Math.abs(ref));
    let dx = 0;
    for (let k = 0; k < s.positions.length; k++) dx = Math.max(dx, Math.abs(r.structure.positions[k]! - s.positions[k]!));
    expect(dx).toBeLessThan(1e-6);
  });
});
