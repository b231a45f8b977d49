// Test fixtures: a tiny reader for the reference .xyz files (line 2 carries Lattice="…" and pbc="T T F",
// then "label x y z" lines), used until the real readers exist, and a plain-TypeScript brute-force
// neighbor list (O(N²·images)) as the independent twin of the WebAssembly kernel.
import { readFileSync } from "node:fs";
import { Structure, cellHeights, inv3, type Pbc } from "../../src/structure.js";
import { ref } from "../reference.js";

/** Reads ../shared/reference/structures/<name>.xyz. */
export function referenceStructure(name: string): Structure {
  const text = readFileSync(ref("structures", `${name}.xyz`), "utf8");
  const lines = text.split("\n");
  const n = Number(lines[0]!.trim());
  const header = lines[1]!;
  const lattice = /Lattice="([^"]*)"/.exec(header)![1]!.trim().split(/\s+/).map(Number);
  const pbcMatch = /pbc="([^"]*)"/.exec(header);
  const pbc = (pbcMatch ? pbcMatch[1]!.trim().split(/\s+/).map((t) => t === "T") : [true, true, true]) as Pbc;
  const species: string[] = [];
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = lines[2 + i]!.trim().split(/\s+/);
    species.push(f[0]!);
    for (let k = 0; k < 3; k++) positions[3 * i + k] = Number(f[1 + k]);
  }
  return new Structure({ positions, species, cell: lattice, pbc });
}

/** Names of the 13 reference structures with neighbor and g(r) answers. */
export const referenceNames = [
  "ka_fcc_s0.00", "ka_fcc_s0.02", "ka_fcc_s0.10", "ka_fcc_s0.20", "ka_glass", "tri_small",
  "honeycomb_s0.00", "honeycomb_s0.02", "honeycomb_s0.05",
];

/** One neighbor entry. */
export interface Entry {
  i: number;
  j: number;
  s: [number, number, number];
  d: number;
  v: [number, number, number];
}

/** Key of an entry for set comparison. */
export const entryKey = (i: number, j: number, s: ArrayLike<number>) => `${i},${j},${s[0]},${s[1]},${s[2]}`;

/**
 * Brute-force neighbor list: for every pair (i, j) loops over every image S that can be within the cutoff,
 * found from the fractional difference and the cell heights. Vector = (r_j − r_i) + S·cell, as the kernel.
 */
export function bruteForceNeighbors(s: Structure, cutoff: number, half: boolean): Entry[] {
  const n = s.n;
  const c = s.cell;
  const frac = s.fractional();
  const h = cellHeights(c);
  void inv3;
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lo = [0, 0, 0], hi = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        if (!s.pbc[a]) continue;
        const ds = frac[3 * j + a]! - frac[3 * i + a]!;
        lo[a] = Math.floor(-ds - cutoff / h[a]!) - 1;
        hi[a] = Math.ceil(-ds + cutoff / h[a]!) + 1;
      }
      for (let s0 = lo[0]!; s0 <= hi[0]!; s0++) {
        for (let s1 = lo[1]!; s1 <= hi[1]!; s1++) {
          for (let s2 = lo[2]!; s2 <= hi[2]!; s2++) {
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            if (half && (j < i || (i === j && !(s0 > 0 || (s0 === 0 && (s1 > 0 || (s1 === 0 && s2 > 0))))))) continue;
            const v: [number, number, number] = [0, 0, 0];
            for (let k = 0; k < 3; k++) {
              v[k] = (s.positions[3 * j + k]! - s.positions[3 * i + k]!) + (s0 * c[k]! + s1 * c[3 + k]! + s2 * c[6 + k]!);
            }
            const d = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (d < cutoff) out.push({ i, j, s: [s0, s1, s2], d, v });
          }
        }
      }
    }
  }
  return out;
}
