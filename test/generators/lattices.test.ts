// Lattices: exact neighbor shells and densities; seeded species assignment.
import { describe, expect, it } from "vitest";
import {
  assignSpecies, bcc, fcc, fccLatticeConstant, honeycomb, randomSpecies, speciesCounts, triangular, triangularSpacing, zincblende,
} from "../../src/lattices.js";
import { neighborList } from "../../src/neighbors.js";
import { Rng } from "../../src/random.js";
import type { Structure } from "../../src/structure.js";
import { readFileSync } from "node:fs";
import { ref } from "../reference.js";

/** Positions, species and cell rows of a reference extended-XYZ file. */
function readXyz(...parts: string[]) {
  const lines = readFileSync(ref(...parts), "utf8").trim().split("\n");
  const n = Number(lines[0]);
  const cell = lines[1]!.match(/Lattice="([^"]+)"/)![1]!.trim().split(/\s+/).map(Number);
  const species: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = lines[2 + i]!.trim().split(/\s+/);
    species.push(f[0]!);
    pos.push(Number(f[1]), Number(f[2]), Number(f[3]));
  }
  return { species, pos, cell };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!));
  return d;
}

/** Neighbors of every atom with d < cutoff, and the smallest and largest such distance. */
function shell(s: Structure, cutoff: number) {
  const nl = neighborList(s, { cutoff });
  const c = nl.coordination();
  return { counts: new Set(c), min: Math.min(...nl.distance), max: Math.max(...nl.distance), nl };
}

describe("lattices", () => {
  it("fcc: 12 nearest neighbors at a/√2, 6 second at a; density 4/a³", () => {
    const a = fccLatticeConstant(1.2);
    expect(a ** 3).toBeCloseTo(4 / 1.2, 12);
    const s = fcc(a, [3, 4, 5]);
    expect(s.n).toBe(4 * 60);
    expect(s.n / s.volume()).toBeCloseTo(1.2, 12);
    const first = shell(s, a * 0.8);
    expect([...first.counts]).toEqual([12]);
    expect(first.min).toBeCloseTo(a / Math.SQRT2, 12);
    expect(first.max).toBeCloseTo(a / Math.SQRT2, 12);
    expect([...shell(s, a * 1.1).counts]).toEqual([18]);
  });

  it("bcc: 8 at a√3/2, then 6 at a; density 2/a³", () => {
    const s = bcc(3.0, [3, 3, 3]);
    expect(s.n / s.volume()).toBeCloseTo(2 / 27, 14);
    const first = shell(s, 2.9);
    expect([...first.counts]).toEqual([8]);
    expect(first.min).toBeCloseTo((3 * Math.sqrt(3)) / 2, 12);
    expect([...shell(s, 3.1).counts]).toEqual([14]);
  });

  it("zincblende: 4 unlike nearest neighbors at a√3/4, 12 like second neighbors at a/√2", () => {
    const a = 4.36;
    const s = zincblende(a, [3, 3, 3], ["Si", "C"]);
    expect(s.n).toBe(216);
    expect(s.formula()).toBe("C108Si108");
    expect(s.n / s.volume()).toBeCloseTo(8 / a ** 3, 14);
    const first = shell(s, 2.2);
    expect([...first.counts]).toEqual([4]);
    expect(first.min).toBeCloseTo((a * Math.sqrt(3)) / 4, 12);
    const nl = first.nl;
    for (let i = 0; i < s.n; i++) for (let p = nl.first[i]!; p < nl.first[i + 1]!; p++) expect(s.species[nl.j[p]!]).not.toBe(s.species[i]);
    expect([...shell(s, 3.2).counts]).toEqual([16]);
    // same order as the reference cell: per cubic cell, 4 × Si then 4 × C
    expect(s.species.slice(0, 8)).toEqual(["Si", "Si", "Si", "Si", "C", "C", "C", "C"]);
  });

  it("triangular (2D): 6 neighbors at a, areal density exact, dimension 2, z = 0", () => {
    const a = triangularSpacing(1.2);
    const s = triangular(a, [8, 5]);
    expect(s.dimension).toBe(2);
    expect(s.pbc).toEqual([true, true, false]);
    expect(s.n / s.area()).toBeCloseTo(1.2, 12);
    const first = shell(s, 1.2 * a);
    expect([...first.counts]).toEqual([6]);
    expect(first.min).toBeCloseTo(a, 12);
    expect(first.max).toBeCloseTo(a, 12);
    for (let i = 0; i < s.n; i++) expect(s.positions[3 * i + 2]).toBe(0);
  });

  it("honeycomb: 3 neighbors at the bond length, 6 second at √3·bond; the reference 8 × 14 sheet", () => {
    const s = honeycomb(1.42, [8, 14], { species: "C" });
    expect(s.n).toBe(448);
    expect(s.cell[0]).toBeCloseTo(34.08, 12);
    expect(s.cell[4]).toBeCloseTo(14 * Math.sqrt(3) * 1.42, 12);
    expect(s.pbc).toEqual([true, true, false]);
    expect(s.dimension).toBe(3);
    const first = shell(s, 1.6);
    expect([...first.counts]).toEqual([3]);
    expect(first.min).toBeCloseTo(1.42, 12);
    expect(first.max).toBeCloseTo(1.42, 12);
    expect([...shell(s, 2.6).counts]).toEqual([9]);
    expect(s.n / s.area()).toBeCloseTo(4 / (3 * Math.sqrt(3) * 1.42 ** 2), 12);
  });
});

describe("same crystals as the LAMMPS references", () => {
  it("zincblende SiC 3×3×3, a = 4.36 Å: identical order and positions (sic_s0.00)", () => {
    const r = readXyz("manybody", "structures", "sic_s0.00.xyz");
    const s = zincblende(4.36, [3, 3, 3], ["Si", "C"]);
    expect(s.species).toEqual(r.species);
    expect(maxDiff(s.positions, r.pos)).toBeLessThan(1e-12);
    expect(maxDiff(s.cell, r.cell)).toBeLessThan(1e-12);
  });

  it("graphene 8 × 14 rectangular cells, 1.42 Å, sheet at z = 10 in 20 Å (graphene_s0.00)", () => {
    const r = readXyz("manybody", "structures", "graphene_s0.00.xyz");
    const s = honeycomb(1.42, [8, 14], { species: "C", vacuum: 20 });
    expect(maxDiff(s.positions, r.pos)).toBeLessThan(1e-12);
    expect(maxDiff(s.cell, r.cell)).toBeLessThan(1e-12);
  });
});

describe("species assignment", () => {
  it("largest-remainder counts sum to N", () => {
    expect([...speciesCounts(256, { A: 80, B: 20 })]).toEqual([["A", 205], ["B", 51]]);
    expect([...speciesCounts(256, { Cu: 46, Zr: 46, Al: 8 })]).toEqual([["Cu", 118], ["Zr", 118], ["Al", 20]]);
    expect([...speciesCounts(200, { A: 65, B: 35 })]).toEqual([["A", 130], ["B", 70]]);
    expect([...speciesCounts(7, { A: 1, B: 1 })]).toEqual([["A", 4], ["B", 3]]);
    expect(() => speciesCounts(5, {})).toThrow(RangeError);
  });

  it("seeded random solid solution: exact composition, reproducible, seed-dependent", () => {
    const s = fcc(4.12, [4, 4, 4]);
    const a = assignSpecies(s, { Cu: 46, Zr: 46, Al: 8 }, Rng.seeded(21));
    expect(a.formula()).toBe("Al20Cu118Zr118");
    expect(a.masses[a.species.indexOf("Zr")]).toBeCloseTo(91.224, 3);
    expect(assignSpecies(s, { Cu: 46, Zr: 46, Al: 8 }, Rng.seeded(21)).species).toEqual(a.species);
    expect(randomSpecies(256, { Cu: 46, Zr: 46, Al: 8 }, Rng.seeded(22))).not.toEqual(a.species);
    const ka = assignSpecies(fcc(1.5, [4, 4, 4]), { A: 80, B: 20 }, Rng.seeded(1), { A: 1, B: 1 });
    expect(ka.masses.every((m) => m === 1)).toBe(true);
  });

  it("rejects bad sizes", () => {
    expect(() => fcc(0, [1, 1, 1])).toThrow(RangeError);
    expect(() => fcc(1, [0, 1, 1])).toThrow(RangeError);
    expect(() => honeycomb(1.42, [1.5, 2])).toThrow(RangeError);
  });
});
