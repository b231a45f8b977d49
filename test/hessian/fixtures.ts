// Reference structures for the potential, Hessian and relaxation tests: a minimal reader of the reference
// extended-XYZ files (independent of src/io, so these tests do not depend on the readers).
import { readFileSync } from "node:fs";
import { Structure } from "../../src/structure.js";
import { ref } from "../reference.js";
import { rng } from "./bruteforce.js";

/** Reads answers/../structures/<name>.xyz (LJ units: species A/B, masses 1). */
export function refStructure(name: string, dir = "structures"): Structure {
  const lines = readFileSync(ref(dir, `${name}.xyz`), "utf8").split("\n");
  const n = Number(lines[0]);
  const lattice = /Lattice="([^"]+)"/.exec(lines[1]!)![1]!.trim().split(/\s+/).map(Number);
  const pbcText = /pbc="([^"]+)"/.exec(lines[1]!)?.[1] ?? "T T T";
  const pbc = pbcText.split(/\s+/).map((t) => t === "T") as [boolean, boolean, boolean];
  const species: string[] = [];
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = lines[2 + i]!.trim().split(/\s+/);
    species.push(f[0]!);
    for (let k = 0; k < 3; k++) positions[3 * i + k] = Number(f[1 + k]);
  }
  return new Structure({ positions, species, cell: lattice, pbc });
}

/**
 * A random Kob–Andersen configuration (a "melt-like" start): N atoms uniformly at random in a cube (3D) or
 * square (2D) at number density ρ, A fraction fA, with a minimum separation `rmin` (σ_AA) so the start is
 * not absurd. Deterministic in `seed`.
 */
export function randomKA(n: number, seed: number, dimension: 2 | 3 = 3, rho = 1.2, rmin = dimension === 3 ? 0.75 : 0.65): Structure {
  const r = rng(seed);
  const L = dimension === 3 ? Math.cbrt(n / rho) : Math.sqrt(n / rho);
  const fA = dimension === 3 ? 0.8 : 0.65;
  const nA = Math.round(fA * n);
  const pos: number[] = [];
  const min2 = rmin * rmin;
  for (let i = 0; i < n; i++) {
    for (let attempt = 0; ; attempt++) {
      const x = r() * L, y = r() * L, z = dimension === 3 ? r() * L : 0;
      let ok = true;
      for (let j = 0; j < i && ok; j++) {
        let dx = x - pos[3 * j]!, dy = y - pos[3 * j + 1]!, dz = z - pos[3 * j + 2]!;
        dx -= L * Math.round(dx / L); dy -= L * Math.round(dy / L); if (dimension === 3) dz -= L * Math.round(dz / L);
        if (dx * dx + dy * dy + dz * dz < min2) ok = false;
      }
      if (ok) { pos.push(x, y, z); break; }
      if (attempt > 10000) throw new Error(`randomKA: cannot place atom ${i} with r_min ${rmin} at density ${rho}`);
    }
  }
  const species = Array.from({ length: n }, (_, i) => (i < nA ? "A" : "B"));
  const cell = dimension === 3 ? [L, 0, 0, 0, L, 0, 0, 0, L] : [L, 0, 0, 0, L, 0, 0, 0, 10];
  return new Structure({ positions: pos, species, cell, pbc: [true, true, dimension === 3], dimension });
}
