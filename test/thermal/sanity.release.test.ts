// Allen–Feldman on real materials (release build only, ~30–60 s): a-Si and an amorphous carbon monolayer
// with Tersoff against the sanity ranges of SCIENCE.md, and the CuAlZr metallic glass with EAM, whose folded dynamical matrix must match
// LAMMPS' finite-difference one (the image-separating supercell of a potential with a 14.3 Å Hessian range).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStructure } from "../../src/io/index.js";
import { potentialFromSpec } from "../../src/potentials/index.js";
import { allenFeldman } from "../../src/thermal.js";
import { loadJson, ref, repoDir } from "../reference.js";

const readText = (p: string) => readFileSync(p, "utf8");

describe("Allen–Feldman sanity ranges", () => {
  it("a-Si (Tersoff, 512 atoms): κ(300 K) within SCIENCE.md's 1–1.5 W/(m·K), converged in η", () => {
    const s = parseStructure(readText(join(repoDir, "test/thermal/fixtures/a-si-512.xyz")), "extxyz");
    const pot = potentialFromSpec(`tersoff:${ref("potentials/SiC_1989.tersoff")}`, { readText });
    const r = allenFeldman(s, pot, { temperatures: [300], broadening: 5 });
    expect(r.supercell).toEqual([1, 1, 1]); // 21.7 Å > 2 × 6 Å
    expect(r.modes.imaginary).toBe(0);
    expect(r.kappaUnit).toBe("W/(m·K)");
    expect(r.kappa[0]!).toBeGreaterThanOrEqual(1.0);
    expect(r.kappa[0]!).toBeLessThanOrEqual(1.5);
    expect(Math.abs(r.convergence.changePerDoublingPerT[0]!)).toBeLessThan(0.1);
    // quantum C at 300 K: below Dulong–Petit (Θ_D of Si ≈ 645 K), per atom in k_B
    expect(r.heatCapacity[0]! / s.n).toBeGreaterThan(2.2);
    expect(r.heatCapacity[0]! / s.n).toBeLessThan(2.5);
  });

  it("amorphous monolayer carbon (Tersoff, 448 atoms, pbc T T F): in-plane κ(300 K) within 3.5–10 W/(m·K)", () => {
    const s = parseStructure(readText(join(repoDir, "test/thermal/fixtures/a-c-monolayer-448.xyz")), "extxyz");
    const pot = potentialFromSpec(`tersoff:${ref("potentials/SiC_1989.tersoff")}`, { readText });
    const r = allenFeldman(s, pot, { temperatures: [300], broadening: 5 });
    expect(r.directions).toEqual([0, 1]);
    expect(r.volume).toBeCloseTo(s.area() * 3.35, 9);
    expect(r.modes.zeroModes).toBe(3);
    expect(r.modes.imaginary).toBe(0);
    expect(r.kappa[0]!).toBeGreaterThanOrEqual(3.5);
    expect(r.kappa[0]!).toBeLessThanOrEqual(10);
    expect(Math.abs(r.convergence.changePerDoublingPerT[0]!)).toBeLessThan(0.06);
  });

  it("CuAlZr glass (EAM setfl, 256 atoms): 2×2×2 image separation, LAMMPS dynamical matrix, κ converged", () => {
    const ans = loadJson("manybody/answers/cualzr_relaxed.json");
    const s = parseStructure(readText(ref("manybody/structures/cualzr_relaxed.xyz")), "extxyz");
    const pot = potentialFromSpec(`eam:${ref("potentials/CuAlZr_zhou04.eam.alloy")}`, { readText });
    const masses = s.species.map((e) => ans.masses_by_element[e] as number);
    const r = allenFeldman(s, pot, { temperatures: [300], broadening: 5, masses });
    expect(r.supercell).toEqual([2, 2, 2]);
    expect(r.antisymmetry).toBeLessThan(1e-12);
    const want: number[] = ans.dynamical_matrix.eigenvalues;
    const top = Math.max(...want.map(Math.abs));
    const lam = Array.from(r.omega, (w) => Math.sign(w) * w * w);
    // LAMMPS FD error estimate 9e-9 eV/Å² (README) on entries up to ~10 eV/Å²
    expect(Math.max(...lam.map((x, k) => Math.abs(x - want[k]!)))).toBeLessThan(1e-8 * top);
    expect(r.modes.imaginary).toBe(0);
    expect(Math.abs(r.convergence.changePerDoublingPerT[0]!)).toBeLessThan(0.06);
    expect(r.kappa[0]!).toBeGreaterThan(0.3); // harmonic (phonon) part only; no published value to pin it
    expect(r.kappa[0]!).toBeLessThan(1.5);
  });
});
