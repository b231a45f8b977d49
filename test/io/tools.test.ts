// Files written by ASE 3.22.1 and LAMMPS (29 Sep 2021) — test/fixtures/structures/tools, made by
// make_fixtures.py — read by glassbox, compared with what ASE and LAMMPS themselves read from the same
// files (tools/expected.json). Needs neither tool installed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { atomicNumber } from "../../src/elements.js";
import { parseFrames, parseStructure, type ReadOptions } from "../../src/io/index.js";
import type { Structure } from "../../src/structure.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "structures", "tools");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
const text = (name: string) => readFileSync(join(dir, name), "utf8");
const frames = (name: string, opts: ReadOptions = {}) => [...parseFrames(text(name), undefined, { file: name, ...opts })];

interface AseRecord {
  symbols: string[];
  cell: number[][];
  pbc: boolean[];
  positions: number[][];
  masses: number[];
  info: Record<string, unknown>;
  arrays: Record<string, unknown[]>;
  results?: Record<string, unknown>;
  constraints?: { name: string; kwargs: Record<string, any> }[];
}
interface LammpsRecord {
  box: Record<string, number>;
  id: number[];
  type: number[];
  mass: number[];
  q?: number[];
  x: number[];
  y: number[];
  z: number[];
  ix: number[];
  iy: number[];
  iz: number[];
}

const flat = (rows: number[][]) => rows.flat();

/** max |a − b| */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Structure vs ASE: labels, cell, pbc, positions (bit-equal unless a tolerance is given). */
function compareAse(s: Structure, a: AseRecord, posTol = 0, labels?: (sym: string) => string) {
  expect(s.n).toBe(a.symbols.length);
  expect(s.species).toEqual(labels ? a.symbols.map(labels) : a.symbols);
  expect(s.pbc).toEqual(a.pbc);
  if (posTol === 0) {
    expect(Array.from(s.cell)).toEqual(flat(a.cell));
    expect(Array.from(s.positions)).toEqual(flat(a.positions));
  } else {
    expect(maxDiff(s.cell, flat(a.cell))).toBeLessThanOrEqual(posTol);
    expect(maxDiff(s.positions, flat(a.positions))).toBeLessThanOrEqual(posTol);
  }
}

/** Type number of an ASE symbol made from a LAMMPS type (ASE uses the type as atomic number). */
const typeOfSymbol = (sym: string) => String(atomicNumber(sym));

/** Structure read with unwrap vs LAMMPS' read_data (remapped x plus its image flags · cell). */
function compareLammps(s: Structure, l: LammpsRecord, tol: number) {
  expect(l.id).toEqual(Array.from({ length: s.n }, (_, i) => i + 1));
  const b = l.box;
  expect(Array.from(s.cell)).toEqual([b.xhi! - b.xlo!, 0, 0, b.xy, b.yhi! - b.ylo!, 0, b.xz, b.yz, b.zhi! - b.zlo!]);
  const c = s.cell;
  const u = new Float64Array(3 * s.n);
  for (let i = 0; i < s.n; i++) {
    const im = [l.ix[i]!, l.iy[i]!, l.iz[i]!];
    const x = [l.x[i]!, l.y[i]!, l.z[i]!];
    for (let k = 0; k < 3; k++) u[3 * i + k] = x[k]! + im[0]! * c[k]! + im[1]! * c[3 + k]! + im[2]! * c[6 + k]!;
  }
  expect(maxDiff(s.positions, u)).toBeLessThanOrEqual(tol);
  expect(Array.from(s.masses)).toEqual(l.mass);
}

describe("ASE-written extended XYZ", () => {
  const ase: AseRecord[] = expected.files["ase_frames.extxyz"].ase;
  const f = frames("ase_frames.extxyz");
  it("three frames: triclinic, T T F, and a molecule without a cell", () => {
    expect(f.length).toBe(3);
    f.forEach((s, k) => compareAse(s, ase[k]!));
    expect(Array.from(f[2]!.cell)).toEqual(new Array(9).fill(0));
  });
  it("masses, extra columns and info as ASE reads them", () => {
    const [s, a] = [f[0]!, ase[0]!];
    expect(Array.from(s.masses)).toEqual(a.masses);
    const arrays = s.info["arrays"] as Record<string, { type: string; ncols: number; values: unknown[] }>;
    expect(arrays["initial_charges"]!.values).toEqual(a.arrays["initial_charges"]);
    expect(arrays["tags"]).toEqual({ type: "I", ncols: 1, values: a.arrays["tags"] });
    expect(arrays["forces"]!.ncols).toBe(3);
    expect(arrays["forces"]!.values).toEqual((a.results!["forces"] as number[][]).flat());
    for (const [k, v] of Object.entries(a.info)) expect(s.info[k]).toEqual(v);
    expect(s.info["step"]).toBe(3);
    // frames without a masses column get the default (standard atomic weight) masses, as in ASE
    expect(Array.from(f[2]!.masses)).toEqual(ase[2]!.masses);
  });
  it("plain XYZ (ASE's simple writer): comment kept, no cell, not periodic", () => {
    const p = frames("ase_plain.xyz");
    const a: AseRecord[] = expected.files["ase_plain.xyz"].ase;
    expect(p.length).toBe(2);
    p.forEach((s, k) => compareAse(s, a[k]!));
    expect(p[0]!.info["comment"]).toBe("water then alloy");
  });
});

describe("ASE-written POSCAR/CONTCAR", () => {
  for (const name of ["POSCAR_direct", "POSCAR_cartesian.vasp", "POSCAR_vasp4", "CONTCAR_selective"]) {
    it(name, () => {
      const a: AseRecord = expected.files[name].ase[0];
      const s = parseStructure(text(name), undefined, { file: name });
      // Direct coordinates: s·cell summed in a fixed order, ASE uses numpy's dot: last-bit differences
      compareAse(s, a, name.includes("cartesian") ? 0 : 1e-15);
      if (name.includes("cartesian")) expect(Array.from(s.positions)).toEqual(flat(a.positions));
    });
  }
  it("selective dynamics flags agree with ASE's constraints (true = free)", () => {
    const a: AseRecord = expected.files["CONTCAR_selective"].ase[0];
    const s = parseStructure(text("CONTCAR_selective"), "vasp");
    const free = new Array(3 * s.n).fill(true);
    for (const c of a.constraints!) {
      if (c.name === "FixAtoms") for (const i of c.kwargs["indices"]) free.fill(false, 3 * i, 3 * i + 3);
      if (c.name === "FixScaled") (c.kwargs["mask"] as boolean[]).forEach((m, k) => (free[3 * c.kwargs["a"] + k] = !m));
    }
    expect((s.info["arrays"] as any).selective_dynamics).toEqual({ type: "L", ncols: 3, values: free });
  });
});

describe("ASE-written LAMMPS data files (no Masses, no style comment)", () => {
  for (const [name, style] of [["ase_atomic.data", "atomic"], ["ase_charge.data", "charge"]] as const) {
    it(`${name}: style inferred (${style}), as ASE and LAMMPS read it`, () => {
      const a: AseRecord = expected.files[name].ase[0];
      const l: LammpsRecord = expected.files[name].lammps;
      const s = parseStructure(text(name), undefined, { file: name, unwrap: true });
      compareAse(s, a, 0, typeOfSymbol);
      expect(s.species).toEqual(l.type.map(String));
      // no Masses section: default masses of the numeric labels (1); LAMMPS would need masses to run
      expect(Array.from(s.masses)).toEqual(new Array(s.n).fill(1));
      const c = { ...l, mass: new Array(s.n).fill(1) };
      // LAMMPS remaps atoms ASE wrote outside the box: x ± L rounds in the last bit
      compareLammps(s, c, 1e-15 * 8);
      if (style === "charge") {
        expect((s.info["arrays"] as any).charge.values).toEqual(l.q);
        expect((s.info["arrays"] as any).charge.values).toEqual(a.arrays["initial_charges"]);
      }
    });
  }
});

describe("LAMMPS write_data files", () => {
  it("triclinic atomic with image flags, velocities and Pair Coeffs", () => {
    const a: AseRecord = expected.files["data_tri_atomic.data"].ase[0];
    const l: LammpsRecord = expected.files["data_tri_atomic.data"].lammps;
    const s = parseStructure(text("data_tri_atomic.data"), undefined, { file: "data_tri_atomic.data" });
    compareAse(s, a, 0, typeOfSymbol);
    const img = (s.info["arrays"] as any).image;
    expect(img.values).toEqual((a.arrays["travel"] as number[][]).flat());
    // unwrapped positions equal LAMMPS' (remapped x + image·cell), to rounding of the remap
    const u = parseStructure(text("data_tri_atomic.data"), "lammps-data", { unwrap: true });
    compareLammps(u, l, 4e-15 * 6);
    const withLabels = parseStructure(text("data_tri_atomic.data"), "lammps-data", { types: ["Ni", "P"] });
    expect(withLabels.species).toEqual(l.type.map((t) => ["Ni", "P"][t - 1]));
  });
  it("charge style, orthogonal, periodic in x and y", () => {
    const a: AseRecord = expected.files["data_charge.data"].ase[0];
    const l: LammpsRecord = expected.files["data_charge.data"].lammps;
    const s = parseStructure(text("data_charge.data"), "lammps-data", { unwrap: true, pbc: [true, true, false] });
    expect(s.pbc).toEqual([true, true, false]);
    expect(Array.from(parseStructure(text("data_charge.data"), "lammps-data").positions)).toEqual(flat(a.positions));
    compareLammps(s, l, 4e-15 * 6);
    expect((s.info["arrays"] as any).charge.values).toEqual(l.q);
  });
});

describe("LAMMPS dumps (3 frames, atoms out of id order, triclinic)", () => {
  const ase = (name: string): AseRecord[] => expected.files[name].ase;
  const x = frames("dump_tri_x.lammpstrj");
  it("x y z: as ASE reads them, sorted by id", () => {
    expect(x.length).toBe(3);
    expect(x.map((s) => s.info["timestep"])).toEqual([0, 40, 80]);
    x.forEach((s, k) => compareAse(s, ase("dump_tri_x.lammpstrj")[k]!, 0, typeOfSymbol));
  });
  it("the triclinic bounds give the true box of the data file written at the last step", () => {
    const d = parseStructure(text("data_tri_atomic.data"), "lammps-data");
    expect(Array.from(x[2]!.cell)).toEqual(Array.from(d.cell));
  });
  it("xs ys zs (scaled) and xu yu zu (unwrapped) give the same positions", () => {
    const s = frames("dump_tri_scaled.lammpstrj");
    const u = frames("dump_tri_unwrapped.lammpstrj");
    const uw = frames("dump_tri_x.lammpstrj");
    for (let k = 0; k < 3; k++) {
      compareAse(s[k]!, ase("dump_tri_scaled.lammpstrj")[k]!, 1e-14, typeOfSymbol);
      compareAse(u[k]!, ase("dump_tri_unwrapped.lammpstrj")[k]!, 0, typeOfSymbol);
      expect(maxDiff(s[k]!.positions, x[k]!.positions)).toBeLessThan(1e-14);
      // xu − image·cell = x
      const img = (u[k]!.info["arrays"] as any).image.values as number[];
      const c = u[k]!.cell;
      const back = Float64Array.from(u[k]!.positions, (v, j) => {
        const i = Math.floor(j / 3), a = j % 3;
        return v - img[3 * i]! * c[a]! - img[3 * i + 1]! * c[3 + a]! - img[3 * i + 2]! * c[6 + a]!;
      });
      expect(maxDiff(back, x[k]!.positions)).toBeLessThan(1e-14);
      void uw;
    }
    expect(((u[2]!.info["arrays"] as any).image.values as number[]).some((v) => v !== 0)).toBe(true);
  });
  it("the element column wins over type numbers; velocities kept", () => {
    const e = frames("dump_tri_element.lammpstrj", { types: ["A", "B"] });
    e.forEach((s, k) => compareAse(s, ase("dump_tri_element.lammpstrj")[k]!));
    expect(Array.from(e[1]!.positions)).toEqual(Array.from(x[1]!.positions));
    expect((e[0]!.info["arrays"] as any).velocities.ncols).toBe(3);
  });
  it("default %g precision dumps (dump custom, dump atom) agree to their 6 digits", () => {
    const d = frames("dump_tri_default.lammpstrj");
    const at = frames("dump_tri_atom.lammpstrj");
    for (let k = 0; k < 3; k++) {
      compareAse(d[k]!, ase("dump_tri_default.lammpstrj")[k]!, 0, typeOfSymbol);
      compareAse(at[k]!, ase("dump_tri_atom.lammpstrj")[k]!, 1e-14, typeOfSymbol);
      expect(maxDiff(d[k]!.positions, x[k]!.positions)).toBeLessThan(1e-5 * 6);
      expect(maxDiff(at[k]!.positions, x[k]!.positions)).toBeLessThan(1e-5 * 6);
    }
  });
  it("a charge dump (ASE 3.22 cannot read its q column) matches the data file written at the same step", () => {
    expect(expected.files["dump_charge.lammpstrj"].ase_error).toMatch(/initial_charges/);
    const d = parseStructure(text("dump_charge.lammpstrj"));
    const data = parseStructure(text("data_charge.data"), "lammps-data", { pbc: [true, true, false] });
    expect(d.pbc).toEqual([true, true, false]);
    expect(d.info["timestep"]).toBe(155);
    expect(Array.from(d.cell)).toEqual(Array.from(data.cell));
    // write_data prints %.16g-ish shortest digits, the dump %.17g: same doubles up to the last digit
    expect(maxDiff(d.positions, data.positions)).toBeLessThan(1e-15 * 6);
    expect((d.info["arrays"] as any).charge.values).toEqual((data.info["arrays"] as any).charge.values);
  });
  it("boundary flags pp ss mm → periodic along x only, shrink-wrapped bounds", () => {
    const p = parseStructure(text("dump_psm.lammpstrj"));
    expect(p.pbc).toEqual([true, false, false]);
    // the shrink-wrapped y box starts at ylo = −0.0005: x = origin + s·cell (LAMMPS). ASE 3.22 drops the
    // origin for scaled columns (positions = s·cell), so compare ours − origin with ASE
    expect(p.info["cellOrigin"]).toEqual([0, -0.0005, 0]);
    const shifted = p.withPositions(p.positions.map((v, j) => v - (p.info["cellOrigin"] as number[])[j % 3]!));
    shifted.info = {};
    compareAse(shifted, ase("dump_psm.lammpstrj")[0]!, 1e-14, typeOfSymbol);
  });
});
