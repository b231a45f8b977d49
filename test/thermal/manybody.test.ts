// Allen–Feldman with a many-body potential (Tersoff): the per-image decomposition comes from an
// image-separating supercell; it must fold back to the image-summed Hessian of the small cell, agree
// with the LAMMPS finite-difference dynamical matrix, and not depend on the supercell chosen.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { dynamicalMatrixDense } from "../../src/hessian.js";
import { parseStructure } from "../../src/io/index.js";
import { potentialFromSpec } from "../../src/potentials/index.js";
import { allenFeldman, separatingSupercell, velocityOperator } from "../../src/thermal.js";
import { loadJson, ref } from "../reference.js";

const tersoff = () => potentialFromSpec(`tersoff:${ref("potentials/SiC_1989.tersoff")}`, { readText: (p) => readFileSync(p, "utf8") });
const read = (name: string) => parseStructure(readFileSync(ref(`manybody/structures/${name}.xyz`), "utf8"), "xyz");

describe("Allen–Feldman with Tersoff (carbon_tri: 4 atoms, a neighbor's two images both bonded)", () => {
  it("folds the supercell blocks back to the small cell's Hessian and the LAMMPS dynamical matrix", () => {
    const s = read("carbon_tri");
    const pot = tersoff();
    const reps = separatingSupercell(s, pot.hessianRange);
    expect(reps[0]).toBeGreaterThan(1);
    const op = velocityOperator(s, pot);
    expect(op.supercell).toEqual(reps);
    const direct = dynamicalMatrixDense(pot.hessian(s), s.masses, 3);
    let big = 0, diff = 0;
    for (let q = 0; q < direct.length; q++) {
      big = Math.max(big, Math.abs(direct[q]!));
      diff = Math.max(diff, Math.abs(direct[q]! - op.dynamical[q]!));
    }
    expect(diff).toBeLessThan(1e-10 * big);
    expect(op.antisymmetry).toBeLessThan(1e-12);
    const lam = eigh(op.dynamical, 12).values;
    const want: number[] = loadJson("manybody/answers/carbon_tri.json").dynamical_matrix.eigenvalues;
    const top = Math.max(...want.map(Math.abs));
    // LAMMPS finite differences: error estimate 3.3e-7 eV/Å² on H (README), /12.011 amu on D
    expect(Math.max(...Array.from(lam, (x, k) => Math.abs(x - want[k]!)))).toBeLessThan(1e-6 * top);
  });

  it("gives the same velocity operator from a larger supercell", () => {
    const s = read("carbon_tri");
    const pot = tersoff();
    const a = velocityOperator(s, pot);
    const reps = a.supercell;
    const b = velocityOperator(s, pot, { supercell: [reps[0] + 1, reps[1], reps[2]] });
    let scale = 0, diff = 0;
    for (let al = 0; al < 3; al++) {
      for (let q = 0; q < a.w[al]!.length; q++) {
        scale = Math.max(scale, Math.abs(a.w[al]![q]!));
        diff = Math.max(diff, Math.abs(a.w[al]![q]! - b.w[al]![q]!));
      }
    }
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-10 * scale);
  });
});

describe("Allen–Feldman with Tersoff (sic_s0.00: zincblende SiC, 216 atoms, cell just above twice the range)", () => {
  it("needs no supercell, matches the LAMMPS eigenvalues, and behaves ballistically (κ ∝ 1/η)", () => {
    const s = read("sic_s0.00");
    const pot = tersoff();
    expect(separatingSupercell(s, pot.hessianRange)).toEqual([1, 1, 1]);
    const ans = loadJson("manybody/answers/sic_s0.00.json");
    const masses = s.species.map((e) => ans.masses_by_element[e] as number); // LAMMPS' masses (Si 28.0855)
    const r = allenFeldman(s, pot, { eta: [1e-6, 1e-5], temperatures: 300, masses });
    const want: number[] = ans.dynamical_matrix.eigenvalues;
    const top = Math.max(...want.map(Math.abs));
    const lam = Array.from(r.omega, (w) => Math.sign(w) * w * w);
    expect(Math.max(...lam.map((x, k) => Math.abs(x - want[k]!)))).toBeLessThan(1e-6 * top);
    expect(r.modes.imaginary).toBe(0);
    expect(r.kappaUnit).toBe("W/(m·K)");
    const [k6, k5] = [1e-6, 1e-5].map((e) => r.kappaVersusBroadening.find((x) => x.eta === e)!.kappaClassical);
    // a perfect crystal: only exactly degenerate pairs couple, with δ(0) = 1/(√(2π)η)
    expect(Math.abs((k6! * 1e-6) / (k5! * 1e-5) - 1)).toBeLessThan(1e-3);
  });
});
