// Round trip through the real tools: files glassbox wrote (test/fixtures/structures/roundtrip/ours_*)
// were read by ASE 3.22.1 and LAMMPS (29 Sep 2021) when the fixtures were made (make_fixtures.py
// roundtrip → roundtrip/expected.json). Here: the writers still produce exactly those bytes, and what
// the tools read equals the structures we wrote. Needs neither tool installed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { atomicNumber } from "../../src/elements.js";
import { parseFrames } from "../../src/io/index.js";
import type { Structure } from "../../src/structure.js";
import { buildRoundtrip, type RoundtripSpec } from "../fixtures/structures/roundtrip-spec.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "structures");
const built = buildRoundtrip((name) => readFileSync(join(root, "tools", name), "utf8"));
const expected = JSON.parse(readFileSync(join(root, "roundtrip", "expected.json"), "utf8")).files;
const manifest = JSON.parse(readFileSync(join(root, "roundtrip", "manifest.json"), "utf8")).files;

/** The structures we wrote (the source, read with the same options, frames picked as written). */
function written(name: string): Structure[] {
  const spec: RoundtripSpec = built[name]!.spec;
  const all = [...parseFrames(readFileSync(join(root, "tools", spec.source), "utf8"), spec.read.format, spec.read)];
  return spec.frames === all.length ? all : [all[0]!];
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The cell's metric (Gram matrix a_i·a_j): invariant under rotation. */
function gram(c: ArrayLike<number>): number[] {
  const g: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) g.push(c[3 * i]! * c[3 * j]! + c[3 * i + 1]! * c[3 * j + 1]! + c[3 * i + 2]! * c[3 * j + 2]!);
  return g;
}

/** LAMMPS' reading: positions unwrapped with its image flags, in its box. */
function lammpsPositions(l: any): { cell: number[]; pos: Float64Array } {
  const b = l.box;
  const cell = [b.xhi - b.xlo, 0, 0, b.xy, b.yhi - b.ylo, 0, b.xz, b.yz, b.zhi - b.zlo];
  const n = l.id.length;
  const pos = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const im = [l.ix[i], l.iy[i], l.iz[i]], x = [l.x[i], l.y[i], l.z[i]];
    for (let k = 0; k < 3; k++) pos[3 * i + k] = x[k] + im[0] * cell[k]! + im[1] * cell[3 + k]! + im[2] * cell[6 + k]!;
  }
  expect(l.id).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  return { cell, pos };
}

describe("our writers' files, as committed (byte-identical rebuild)", () => {
  it("covers every file of the manifest", () => {
    expect(Object.keys(built).sort()).toEqual(Object.keys(manifest).sort());
    expect(Object.keys(expected).sort()).toEqual(Object.keys(manifest).sort());
  });
  for (const name of Object.keys(manifest)) {
    it(name, () => {
      expect(built[name]!.text).toBe(readFileSync(join(root, "roundtrip", name), "utf8"));
      expect(JSON.parse(JSON.stringify(built[name]!.spec))).toEqual(manifest[name]);
    });
  }
});

describe("ASE reads our extended XYZ exactly", () => {
  for (const name of ["ours_frames.extxyz", "ours_from_data.extxyz"]) {
    it(name, () => {
      const ours = written(name);
      const ase = expected[name].ase;
      expect(ase.length).toBe(ours.length);
      ours.forEach((s, k) => {
        const a = ase[k];
        expect(a.symbols).toEqual(s.species);
        expect(a.pbc).toEqual(s.pbc);
        expect(a.cell.flat()).toEqual(Array.from(s.cell));
        expect(a.positions.flat()).toEqual(Array.from(s.positions));
        expect(a.masses).toEqual(Array.from(s.masses));
        const arrays = (s.info["arrays"] ?? {}) as Record<string, { values: unknown[] }>;
        for (const [key, arr] of Object.entries(arrays)) {
          const theirs = key === "forces" ? a.results.forces : a.arrays[key];
          expect((theirs as unknown[]).flat()).toEqual(arr.values);
        }
        for (const [key, v] of Object.entries(a.info)) if (key !== "arrays") expect(v).toEqual(s.info[key]);
      });
      expect(Object.keys(ase[0].arrays).length).toBeGreaterThan(1);
    });
  }
});

describe("LAMMPS and ASE read our data files", () => {
  it("ours_rotated.data: a general cell rotated into LAMMPS form keeps the metric and fractional coordinates", () => {
    const [src] = written("ours_rotated.data");
    const l = lammpsPositions(expected["ours_rotated.data"].lammps);
    expect(maxDiff(gram(l.cell), gram(src!.cell))).toBeLessThan(1e-13);
    const back = src!.withPositions(l.pos);
    const rotated = [...parseFrames(readFileSync(join(root, "roundtrip", "ours_rotated.data"), "utf8"), "lammps-data", { types: ["Al", "Cu", "Zr"] })][0]!;
    expect(Array.from(rotated.cell)).toEqual(l.cell);
    // fractional coordinates: LAMMPS' unwrapped positions in its box = ours in the original cell
    const fl = rotated.withPositions(l.pos).fractional(), fo = src!.fractional();
    expect(maxDiff(fl, fo)).toBeLessThan(1e-14);
    expect(rotated.species).toEqual(src!.species);
    expect(expected["ours_rotated.data"].lammps.mass).toEqual(Array.from(src!.masses));
    void back;
    // ASE: the same numbers as the file (types → atomic numbers 1, 2, 3)
    const a = expected["ours_rotated.data"].ase[0];
    expect(a.positions.flat()).toEqual(Array.from(rotated.positions));
    expect(a.symbols.map((x: string) => ["Al", "Cu", "Zr"][atomicNumber(x) - 1])).toEqual(src!.species);
  });
  for (const name of ["ours_tri.data", "ours_charge.data"]) {
    it(`${name}: LAMMPS' positions (plus image flags) and masses equal ours`, () => {
      const [src] = written(name);
      const l = lammpsPositions(expected[name].lammps);
      expect(l.cell).toEqual(Array.from(src!.cell));
      expect(maxDiff(l.pos, src!.positions)).toBeLessThan(1e-14);
      expect(expected[name].lammps.mass).toEqual(Array.from(src!.masses));
      const labels = src!.speciesList();
      expect(expected[name].lammps.type.map((t: number) => labels[t - 1])).toEqual(src!.species);
      expect(expected[name].ase[0].positions.flat()).toEqual(Array.from(src!.positions));
      if (name === "ours_charge.data") {
        expect(expected[name].lammps.q).toEqual((src!.info["arrays"] as any).charge.values);
      }
    });
  }
});

describe("LAMMPS read_dump and ASE read our dumps", () => {
  for (const name of ["ours_tri.lammpstrj", "ours_charge.lammpstrj"]) {
    it(name, () => {
      const ours = written(name);
      const ase = expected[name].ase;
      expect(ase.length).toBe(ours.length);
      ours.forEach((s, k) => {
        expect(ase[k].symbols).toEqual(s.species); // element column
        expect(ase[k].pbc).toEqual(s.pbc);
        expect(ase[k].positions.flat()).toEqual(Array.from(s.positions));
        // ASE rebuilds the box from the bounding box: last-bit rounding
        expect(maxDiff(ase[k].cell.flat(), s.cell)).toBeLessThan(1e-14);
      });
      const last = ours[ours.length - 1]!;
      const l = lammpsPositions(expected[name].lammps);
      expect(maxDiff(l.cell, last.cell)).toBeLessThan(1e-14);
      expect(maxDiff(l.pos, last.positions)).toBeLessThan(1e-14);
    });
  }
});

describe("ASE reads our POSCARs", () => {
  it("ours_selective.vasp: Cartesian positions exact, selective dynamics as ASE constraints", () => {
    const [src] = written("ours_selective.vasp");
    const a = expected["ours_selective.vasp"].ase[0];
    expect(a.symbols).toEqual(src!.species);
    expect(a.positions.flat()).toEqual(Array.from(src!.positions));
    expect(a.cell.flat()).toEqual(Array.from(src!.cell));
    const free = new Array(3 * src!.n).fill(true);
    for (const c of a.constraints) {
      if (c.name === "FixAtoms") for (const i of c.kwargs.indices) free.fill(false, 3 * i, 3 * i + 3);
      if (c.name === "FixScaled") c.kwargs.mask.forEach((m: boolean, k: number) => (free[3 * c.kwargs.a + k] = !m));
    }
    expect(free).toEqual((src!.info["arrays"] as any).selective_dynamics.values);
  });
  it("ours_direct.vasp: repeated species runs, Direct coordinates", () => {
    const [src] = written("ours_direct.vasp");
    const a = expected["ours_direct.vasp"].ase[0];
    expect(a.symbols).toEqual(src!.species);
    expect(a.cell.flat()).toEqual(Array.from(src!.cell));
    expect(maxDiff(a.positions.flat(), src!.positions)).toBeLessThan(1e-14);
  });
});
