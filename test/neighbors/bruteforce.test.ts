// The WebAssembly neighbor list against the plain-TypeScript brute force on random triclinic cells, every
// periodicity combination, unwrapped atoms and cutoffs up to beyond the cell size; plus exact known answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neighborList } from "../../src/neighbors.js";
import { Structure, type Pbc } from "../../src/structure.js";
import { bruteForceNeighbors, entryKey } from "./fixtures.js";

/** Random structure: cell rows with lengths 1–4 and tilts, atoms at fractional −0.6 … 1.6 (unwrapped). */
const arbStructure = fc
  .record({
    n: fc.integer({ min: 1, max: 10 }),
    diag: fc.tuple(fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true })),
    tilt: fc.tuple(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true })),
    rotate: fc.boolean(),
    pbc: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    frac: fc.array(fc.double({ min: -0.6, max: 1.6, noNaN: true }), { minLength: 30, maxLength: 30 }),
    cutoffScale: fc.double({ min: 0.05, max: 1.6, noNaN: true }),
    half: fc.boolean(),
  })
  .map((r) => {
    const [lx, ly, lz] = r.diag;
    const [xy, xz, yz] = r.tilt;
    let cell = [lx, 0, 0, xy * lx, ly, 0, xz * lx, yz * ly, lz];
    if (r.rotate) {
      // A general (not lower-triangular) cell: rotate every row by a fixed rotation.
      const c = Math.cos(0.7), s = Math.sin(0.7), c2 = Math.cos(0.3), s2 = Math.sin(0.3);
      const R = [c * c2, -s, c * s2, s * c2, c, s * s2, -s2, 0, c2];
      cell = [0, 1, 2].flatMap((row) => [0, 1, 2].map((k) => cell[3 * row]! * R[k]! + cell[3 * row + 1]! * R[3 + k]! + cell[3 * row + 2]! * R[6 + k]!));
    }
    const positions = new Float64Array(3 * r.n);
    for (let i = 0; i < r.n; i++) {
      for (let k = 0; k < 3; k++) {
        positions[3 * i + k] = r.frac[3 * i]! * cell[k]! + r.frac[3 * i + 1]! * cell[3 + k]! + r.frac[3 * i + 2]! * cell[6 + k]!;
      }
    }
    const structure = new Structure({ positions, species: Array(r.n).fill("A"), cell, pbc: r.pbc as Pbc });
    return { structure, cutoff: r.cutoffScale * Math.max(lx, ly, lz), half: r.half };
  });

function compare(s: Structure, cutoff: number, half: boolean): void {
  const nl = neighborList(s, { cutoff, half });
  const want = new Map(bruteForceNeighbors(s, cutoff, half).map((e) => [entryKey(e.i, e.j, e.s), e]));
  expect(nl.j.length).toBe(want.size);
  expect(nl.first.length).toBe(s.n + 1);
  const extra: string[] = [];
  let dErr = 0, vErr = 0, normErr = 0, maxD = 0;
  for (let i = 0; i < s.n; i++) {
    for (let p = nl.first[i]!; p < nl.first[i + 1]!; p++) {
      const sh = nl.shift.subarray(3 * p, 3 * p + 3);
      const e = want.get(entryKey(i, nl.j[p]!, sh));
      if (!e) {
        extra.push(entryKey(i, nl.j[p]!, sh));
        continue;
      }
      dErr = Math.max(dErr, Math.abs(nl.distance[p]! - e.d));
      // Invariant: vector = r_j − r_i + S·cell, distance = |vector|.
      for (let k = 0; k < 3; k++) {
        const v = s.positions[3 * nl.j[p]! + k]! - s.positions[3 * i + k]! + sh[0]! * s.cell[k]! + sh[1]! * s.cell[3 + k]! + sh[2]! * s.cell[6 + k]!;
        vErr = Math.max(vErr, Math.abs(nl.vector[3 * p + k]! - v));
      }
      normErr = Math.max(normErr, Math.abs(Math.hypot(nl.vector[3 * p]!, nl.vector[3 * p + 1]!, nl.vector[3 * p + 2]!) - nl.distance[p]!));
      maxD = Math.max(maxD, nl.distance[p]!);
    }
  }
  expect(extra).toEqual([]);
  expect(dErr).toBeLessThanOrEqual(1e-12);
  expect(vErr).toBeLessThanOrEqual(1e-12);
  expect(normErr).toBeLessThan(1e-12);
  if (nl.j.length > 0) expect(maxD).toBeLessThan(cutoff);
}

describe("neighbor list vs brute force", () => {
  it("matches on random triclinic cells, all pbc combinations, cutoffs up to 1.6× the longest cell vector", () => {
    fc.assert(
      fc.property(arbStructure, ({ structure, cutoff, half }) => compare(structure, cutoff, half)),
      { numRuns: 500, seed: 20260512 },
    );
  });

  it("matches on a denser random cell with a cutoff a few times the cell height", () => {
    const n = 24;
    let x = 12345;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const cell = [2.5, 0, 0, 0.9, 2.2, 0, -0.6, 0.7, 2.0];
    const positions = Float64Array.from({ length: 3 * n }, () => rnd() * 4 - 1);
    const s = new Structure({ positions, species: Array(n).fill("A"), cell });
    compare(s, 4.6, false);
    compare(s, 4.6, true);
  });
});

describe("neighbor list: known answers", () => {
  const cube = (pbc: Pbc = [true, true, true]) => new Structure({ positions: [0.3, 0.2, 0.1], species: ["A"], cell: [1, 0, 0, 0, 1, 0, 0, 0, 1], pbc });

  it("one atom in a unit cube: 6 neighbors at 1.1, 18 at 1.5, 26 at 1.8 (its own images)", () => {
    expect(neighborList(cube(), { cutoff: 1.1 }).coordination()[0]).toBe(6);
    expect(neighborList(cube(), { cutoff: 1.5 }).coordination()[0]).toBe(18);
    expect(neighborList(cube(), { cutoff: 1.8 }).coordination()[0]).toBe(26);
    const half = neighborList(cube(), { cutoff: 1.1, half: true });
    expect(half.j.length).toBe(3);
    expect(half.coordination()[0]).toBe(6);
    // Monolayer-like periodicity: 4 in-plane images; no periodic axis: no neighbors at all.
    expect(neighborList(cube([true, true, false]), { cutoff: 1.1 }).coordination()[0]).toBe(4);
    expect(neighborList(cube([false, false, false]), { cutoff: 10 }).j.length).toBe(0);
  });

  it("fcc has 12 nearest neighbors at 1/√2 of the cubic lattice constant", () => {
    const a = 1.6;
    const basis = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5].map((v) => v * a);
    const s = new Structure({ positions: basis, species: ["A", "A", "A", "A"], cell: [a, 0, 0, 0, a, 0, 0, 0, a] }).supercell(3, 3, 3);
    const nl = neighborList(s, { cutoff: a * 0.8 });
    expect(Array.from(new Set(nl.coordination()))).toEqual([12]);
    for (const d of nl.distance) expect(d).toBeCloseTo(a / Math.SQRT2, 12);
  });

  it("an open cluster with a zero cell, and an empty structure", () => {
    const s = new Structure({ positions: [0, 0, 0, 1, 0, 0, 0, 5, 0], species: ["A", "A", "A"], cell: [0, 0, 0, 0, 0, 0, 0, 0, 0], pbc: [false, false, false] });
    const nl = neighborList(s, { cutoff: 1.5 });
    expect(Array.from(nl.coordination())).toEqual([1, 1, 0]);
    const empty = new Structure({ positions: [], species: [], cell: [2, 0, 0, 0, 2, 0, 0, 0, 2] });
    expect(neighborList(empty, { cutoff: 1 }).first).toEqual(new Int32Array([0]));
  });

  it("rejects bad cutoffs with clear errors", () => {
    expect(() => neighborList(cube(), { cutoff: 0 })).toThrow(RangeError);
    expect(() => neighborList(cube(), { cutoff: Number.NaN })).toThrow(/cutoff/);
    expect(() => neighborList(cube(), { cutoff: "1" as unknown as number })).toThrow(TypeError);
  });
});

describe("neighbor list: degenerate geometry", () => {
  it("atoms spread by only a few ulps along an open axis, and a cutoff spanning too many images", () => {
    const s = new Structure({
      positions: [0, 1.5e-323, 0, -3.2, 6.4e-323, 2.0, 1.0, 1e-300, 0.5],
      species: ["A", "A", "A"],
      cell: [4, 0, 0, -1e-82, 3.14, 0, -2, 8e-323, 1.27],
      pbc: [true, false, false],
    });
    compare(s, 4.5, false);
    compare(s, 4.5, true);
    const thin = new Structure({ positions: [0, 0, 0], species: ["A"], cell: [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4] });
    expect(() => neighborList(thin, { cutoff: 1 })).toThrow(/periodic images/);
  });
});
