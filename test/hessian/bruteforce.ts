// Plain-TypeScript twins for the Hessian tests: an O(N²·images) full neighbor list with the same layout
// as src/neighbors.ts, so the block-pattern kernels are tested independently of the neighbor-list kernels.
import type { Structure } from "../../src/structure.js";
import { cellHeights } from "../../src/structure.js";

export interface BruteList {
  n: number;
  first: Int32Array;
  j: Int32Array;
  shift: Int32Array;
  distance: Float64Array;
}

/** Full (or half, ASE convention) list of (i, j, S) with |x_j − x_i + S·cell| < cutoff, all images. */
export function bruteList(s: Structure, cutoff: number, half = false): BruteList {
  const h = cellHeights(s.cell);
  const reach = [0, 1, 2].map((a) => (s.pbc[a] ? Math.ceil(cutoff / h[a]!) + 1 : 0));
  const rows: { j: number; S: number[]; d: number }[][] = [];
  const x = s.positions, c = s.cell;
  for (let i = 0; i < s.n; i++) {
    const row: { j: number; S: number[]; d: number }[] = [];
    for (let j = 0; j < s.n; j++) {
      for (let a = -reach[0]!; a <= reach[0]!; a++) {
        for (let b = -reach[1]!; b <= reach[1]!; b++) {
          for (let e = -reach[2]!; e <= reach[2]!; e++) {
            if (i === j && a === 0 && b === 0 && e === 0) continue;
            if (half) {
              if (j < i) continue;
              if (i === j && !(a > 0 || (a === 0 && (b > 0 || (b === 0 && e > 0))))) continue;
            }
            const v = [0, 1, 2].map((k) => x[3 * j + k]! - x[3 * i + k]! + a * c[k]! + b * c[3 + k]! + e * c[6 + k]!);
            const d = Math.hypot(v[0]!, v[1]!, v[2]!);
            if (d < cutoff) row.push({ j, S: [a, b, e], d });
          }
        }
      }
    }
    rows.push(row);
  }
  const first = new Int32Array(s.n + 1);
  rows.forEach((r, i) => (first[i + 1] = first[i]! + r.length));
  const P = first[s.n]!;
  const j = new Int32Array(P), shift = new Int32Array(3 * P), distance = new Float64Array(P);
  let p = 0;
  for (const r of rows) for (const e of r) { j[p] = e.j; shift.set(e.S, 3 * p); distance[p] = e.d; p++; }
  return { n: s.n, first, j, shift, distance };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), for test structures. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
