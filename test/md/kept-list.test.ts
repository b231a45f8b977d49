// Kept Verlet neighbor lists for the many-body potentials (Tersoff, EAM): in MD and relaxation the forces
// come from a list of radius r_c + skin kept in WebAssembly memory (compacted before every call for
// Tersoff); they must equal a fresh `potential.compute` at every step, across rebuilds.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { viewF64 } from "../../src/engine/wasm.js";
import { generateStructure, SYSTEMS } from "../../src/generators.js";
import { forcesFor, runMD, type ForceProvider } from "../../src/md.js";
import { SetflEAM, parseSetfl } from "../../src/potentials/eam.js";
import type { Potential } from "../../src/potentials/potential.js";
import { Rng } from "../../src/random.js";
import { maxAtomForce, relax } from "../../src/relax.js";
import type { Structure } from "../../src/structure.js";
import { ref } from "../reference.js";

interface Check {
  calls: number;
  builds: number;
  /** Largest |F_kept − F_fresh| over the run, over the largest |F| of the run (a crystal starts at F ≈ 0). */
  maxForceRel: number;
  maxEnergyRel: number;
}

/** The kept-list force field of `potential`, checked against `potential.compute` at every call. */
function checked(potential: Potential, skin?: number): { provider: ForceProvider; check: Check } {
  const check: Check = { calls: 0, builds: 0, maxForceRel: 0, maxEnergyRel: 0 };
  let fscale = 0, fdiff = 0;
  const inner = forcesFor(potential, skin === undefined ? {} : { skin });
  const provider: ForceProvider = {
    units: potential.units,
    open(k, s) {
      const field = inner.open(k, s);
      const work = s.clone();
      return {
        evaluate(kk, x, f) {
          const e = field.evaluate(kk, x, f);
          check.builds = field.builds ?? 0;
          const n3 = 3 * s.n;
          const kept = viewF64(f, n3).slice();
          work.positions.set(viewF64(x, n3));
          const fresh = potential.compute(work);
          for (let a = 0; a < n3; a++) {
            fscale = Math.max(fscale, Math.abs(fresh.forces![a]!));
            fdiff = Math.max(fdiff, Math.abs(kept[a]! - fresh.forces![a]!));
          }
          check.maxForceRel = fdiff / fscale;
          check.maxEnergyRel = Math.max(check.maxEnergyRel, Math.abs(e - fresh.energy) / Math.abs(fresh.energy));
          check.calls++;
          return e;
        },
      };
    },
  };
  return { provider, check };
}

/** A hot Langevin run of `steps` from `s`, every force call checked. */
function hotRun(potential: Potential, s: Structure, T: number, dt: number, steps: number, skin?: number): Check {
  const { provider, check } = checked(potential, skin);
  runMD(s, { forces: provider, dt, steps, temperature: T, rng: Rng.seeded(7), thermostat: { kind: "langevin", damping: 0.05 } });
  return check;
}

const crystal = (system: "sic" | "carbon-monolayer" | "cualzr", atoms: number) =>
  generateStructure(system, { seed: 3, atoms, checkModes: false, fmax: 1e30 }).structure; // the crystal, unrelaxed

describe("kept neighbor lists give the forces of a fresh evaluation (1e-12 relative), across rebuilds", () => {
  it("Tersoff SiC: hot MD (3000 K), compacted list, thin and thick skins", () => {
    const pot = SYSTEMS.sic.potential();
    for (const skin of [0.2, 1.0]) {
      const c = hotRun(pot, crystal("sic", 64), 3000, 0.001, 100, skin);
      expect(c.calls).toBe(101);
      expect(c.builds).toBeGreaterThan(1);
      expect(c.builds).toBeLessThan(101);
      expect(c.maxForceRel).toBeLessThan(1e-12);
      expect(c.maxEnergyRel).toBeLessThan(1e-12);
    }
  });

  it("Tersoff carbon sheet (open axis): hot MD (4000 K)", () => {
    const c = hotRun(SYSTEMS["carbon-monolayer"].potential(), crystal("carbon-monolayer", 48), 4000, 0.0005, 150);
    expect(c.builds).toBeGreaterThan(1);
    expect(c.maxForceRel).toBeLessThan(1e-12);
    expect(c.maxEnergyRel).toBeLessThan(1e-12);
  });

  it("analytic Zhou EAM and the setfl EAM: hot MD (2500 K) in a small cell (cutoff beyond half the box)", () => {
    const setfl = new SetflEAM(parseSetfl(readFileSync(ref("potentials", "CuAlZr_zhou04.eam.alloy"), "utf8"), "CuAlZr_zhou04.eam.alloy"));
    for (const pot of [SYSTEMS.cualzr.potential(), setfl]) {
      const c = hotRun(pot, crystal("cualzr", 32), 2500, 0.002, 100, 0.3);
      expect(c.builds).toBeGreaterThan(1);
      expect(c.maxForceRel).toBeLessThan(1e-12);
      expect(c.maxEnergyRel).toBeLessThan(1e-12);
    }
  });

  it("relaxation through the kept list reaches the minimum a fresh evaluation confirms", () => {
    const pot = SYSTEMS.sic.potential();
    const start = generateStructure("sic", { seed: 3, atoms: 64, sigma: 0.2, checkModes: false, fmax: 1e30 }).structure;
    for (const method of ["fire", "lbfgs"] as const) {
      const r = relax(start, pot, { fmax: 1e-6, method });
      expect(r.converged).toBe(true);
      const m = maxAtomForce(pot.compute(r.structure).forces!);
      expect(m).toBe(r.maxForce);
      expect(m).toBeLessThan(1e-6);
    }
  });
});
