import { describe, expect, it } from "vitest";
import { Structure, cellHeights, compareLabels, defaultMasses } from "../src/structure.js";
import { inv3, det3 } from "../src/structure.js";

const cubic = (L: number) => [[L, 0, 0], [0, L, 0], [0, 0, L]];

describe("Structure", () => {
  it("computes volume, area, composition and type indices", () => {
    const s = new Structure({
      positions: [0, 0, 0, 1, 1, 1, 2, 2, 2],
      species: ["B", "A", "A"],
      cell: cubic(3),
    });
    expect(s.n).toBe(3);
    expect(s.volume()).toBeCloseTo(27, 14);
    expect(s.area()).toBeCloseTo(9, 14);
    expect(s.speciesList()).toEqual(["A", "B"]);
    expect(Array.from(s.typeIndex())).toEqual([1, 0, 0]);
    expect([...s.composition()]).toEqual([["A", 2], ["B", 1]]);
    expect(s.formula()).toBe("A2B1");
  });

  it("gives reduced-unit masses to Kob–Andersen labels (B is not boron) and atomic weights to elements", () => {
    expect(Array.from(defaultMasses(["A", "B"]))).toEqual([1, 1]);
    expect(Array.from(defaultMasses(["Si", "C"]))).toEqual([28.085, 12.011]);
    expect(Array.from(defaultMasses(["1", "2"]))).toEqual([1, 1]);
  });

  it("wraps into the cell along periodic axes only, for a triclinic cell", () => {
    const cell = [[3, 0, 0], [1, 2.5, 0], [0.5, -0.7, 2]];
    const s = new Structure({ positions: [-0.1, 7.3, -4.2, 3.3, 0.2, 0.1], species: ["A", "A"], cell, pbc: [true, true, false] });
    const before = s.fractional();
    s.wrap();
    const f = s.fractional();
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 2; k++) {
        expect(f[3 * i + k]).toBeGreaterThanOrEqual(0);
        expect(f[3 * i + k]).toBeLessThan(1);
        expect(Math.abs(f[3 * i + k]! - before[3 * i + k]! - Math.round(f[3 * i + k]! - before[3 * i + k]!))).toBeLessThan(1e-12);
      }
      expect(f[3 * i + 2]).toBeCloseTo(before[3 * i + 2]!, 12); // open axis untouched
    }
  });

  it("builds supercells with ASE ordering", () => {
    const s = new Structure({ positions: [0.1, 0.2, 0.3], species: ["Cu"], cell: cubic(2) });
    const t = s.supercell(2, 1, 3);
    expect(t.n).toBe(6);
    expect(t.volume()).toBeCloseTo(48, 12);
    // image (0,0,1) is second: shifted by c
    expect(Array.from(t.positions.slice(3, 6))).toEqual([0.1, 0.2, 2.3]);
    expect(Array.from(t.positions.slice(9, 12))).toEqual([2.1, 0.2, 0.3]);
    expect(() => s.supercell(0, 1, 1)).toThrow(/na must be a positive integer/);
  });

  it("rejects bad input with named problems", () => {
    expect(() => new Structure({ positions: [0, 0], species: ["A"], cell: cubic(1) })).toThrow(/expected 3 × 1/);
    expect(() => new Structure({ positions: [0, NaN, 0], species: ["A"], cell: cubic(1) })).toThrow(/atom 0 has a non-finite/);
    expect(() => new Structure({ positions: [0, 0, 0], species: ["A"], cell: [[1, 0, 0], [2, 0, 0], [0, 0, 1]] })).toThrow(/zero volume/);
    expect(() => new Structure({ positions: [0, 0, 0], species: ["A"], cell: cubic(1), masses: [-1] })).toThrow(/invalid mass/);
    expect(() => new Structure({ positions: [0, 0, 0], species: ["A"], cell: cubic(1), dimension: 2 })).toThrow(/2D structure/);
  });

  it("has consistent cell algebra: inverse, determinant, heights", () => {
    const c = [3, 0, 0, 1, 2.5, 0, 0.5, -0.7, 2];
    const inv = inv3(c);
    for (let r = 0; r < 3; r++) {
      for (let q = 0; q < 3; q++) {
        let v = 0;
        for (let k = 0; k < 3; k++) v += c[3 * r + k]! * inv[3 * k + q]!;
        expect(v).toBeCloseTo(r === q ? 1 : 0, 14);
      }
    }
    expect(det3(c)).toBeCloseTo(15, 13);
    // Heights of an orthorhombic cell are its edge lengths; of this one, V / |b×c| etc.
    expect(cellHeights([2, 0, 0, 0, 3, 0, 0, 0, 4])).toEqual([2, 3, 4]);
    const h = cellHeights(c);
    expect(h[2]).toBeCloseTo(2, 14); // c has z = 2 and a, b lie in the xy plane
  });

  it("orders labels naturally for numeric LAMMPS types", () => {
    expect(["10", "2", "1"].sort(compareLabels)).toEqual(["1", "2", "10"]);
    expect(["B", "A", "Zr", "Al"].sort(compareLabels)).toEqual(["A", "Al", "B", "Zr"]);
  });
});
