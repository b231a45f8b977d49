// Format details on small inline files: each rule of each reader and writer, and the error for each kind
// of malformed input (type, file, line and problem).
import { describe, expect, it } from "vitest";
import {
  detectFormat,
  formatFromContent,
  formatFromName,
  formatStructure,
  parseFrames,
  parseStructure,
  parseTypes,
  StructureFileError,
  type ReadOptions,
} from "../../src/io/index.js";
import { cbrtExact } from "../../src/io/vasp.js";
import { splitKeyValues, parseCommentLine } from "../../src/io/xyz.js";
import { Structure } from "../../src/structure.js";

/** Expects a StructureFileError at `line` whose problem matches `re`. */
function fails(f: () => unknown, line: number, re: RegExp, file = "<input>") {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(StructureFileError);
  const e = err as StructureFileError;
  expect(e.problem).toMatch(re);
  expect(e.line, e.problem).toBe(line);
  expect(e.file).toBe(file);
  expect(e.message).toBe(`${file}:${e.line}: ${e.problem}`);
}

const all = (text: string, format?: string, o: ReadOptions = {}) => [...parseFrames(text, format, o)];

describe("extended XYZ", () => {
  const frame = `2
Lattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3 pbc="T T F"
A 0 0 0
B 1.5 1.5 1.5
`;
  it("reads Lattice rows, pbc and non-element labels (masses 1)", () => {
    const s = parseStructure(frame, "extxyz");
    expect(Array.from(s.cell)).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
    expect(s.pbc).toEqual([true, true, false]);
    expect(s.species).toEqual(["A", "B"]);
    expect(Array.from(s.masses)).toEqual([1, 1]);
  });
  it("Lattice without pbc is periodic; no Lattice is a zero cell, not periodic (as ASE)", () => {
    expect(parseStructure(`1\nLattice="2 0 0 0 2 0 0 0 2"\nAr 0 0 0\n`, "extxyz").pbc).toEqual([true, true, true]);
    const m = parseStructure(`1\nenergy=1.5\nAr 0 0 0\n`, "extxyz");
    expect(m.pbc).toEqual([false, false, false]);
    expect(Array.from(m.cell)).toEqual(new Array(9).fill(0));
    expect(m.info["energy"]).toBe(1.5);
    expect(Array.from(m.masses)).toEqual([39.948]);
  });
  it("parses Properties generally: I, L, S, multi-column, masses, Z-only", () => {
    const t = `2
Properties=species:S:1:pos:R:3:masses:R:1:tag:I:1:fix:L:3:note:S:1:f:R:2
Si 0 0 0 28 7 T F True x 1e-3 nan
C 1 1 1 12 -2 F F False y 2 inf
`;
    const s = parseStructure(t, "extxyz");
    expect(Array.from(s.masses)).toEqual([28, 12]);
    const a = s.info["arrays"] as any;
    expect(a.tag).toEqual({ type: "I", ncols: 1, values: [7, -2] });
    expect(a.fix).toEqual({ type: "L", ncols: 3, values: [true, false, true, false, false, false] });
    expect(a.note.values).toEqual(["x", "y"]);
    expect(a.f.values.slice(0, 3)).toEqual([1e-3, NaN, 2]);
    expect(a.f.values[3]).toBe(Infinity);
    const z = parseStructure(`2\nProperties=Z:I:1:pos:R:3\n14 0 0 0\n6 1 1 1\n`, "extxyz");
    expect(z.species).toEqual(["Si", "C"]);
  });
  it("comment-line values as ASE converts them", () => {
    expect(splitKeyValues(`a=1 b="x y" c={1 2} d e='q' f="say \\"hi\\""`)).toEqual([
      ["a", "1"], ["b", "x y"], ["c", "1 2"], ["d", "T"], ["e", "q"], ["f", 'say "hi"'],
    ]);
    expect(parseCommentLine(`n=3 x=2.5 v="1 2 3" w="1.5 2" t=T fl="T F T" s=hello j="_JSON {\\"k\\": [1, 2]}"`)).toEqual({
      n: 3, x: 2.5, v: [1, 2, 3], w: [1.5, 2], t: true, fl: [true, false, true], s: "hello", j: { k: [1, 2] },
    });
    expect(parseCommentLine("just a comment")).toEqual({ comment: "just a comment" });
    // found by the fuzzer: a leading "=" (ASE itself raises IndexError here)
    expect(parseCommentLine("=attice=1 x")).toEqual({ "": "attice=1", x: true });
    expect(parseCommentLine("a = 2")).toEqual({ a: 2 });
  });
  it("multi-frame with blank lines, CRLF, VEC cell lines", () => {
    const t = `1\r\nProperties=species:S:1:pos:R:3\r\nH 0 0 0\r\n\r\n1\r\n\r\nH 1 1 1\r\n`;
    const f = all(t, "extxyz");
    expect(f.length).toBe(2);
    expect(Array.from(f[1]!.positions)).toEqual([1, 1, 1]);
    const v = parseStructure(`1\n\nC 0 0 0\nVEC1 2 0 0\nVEC2 0 3 0\nVEC3 0 0 4\n`, "extxyz");
    expect(Array.from(v.cell)).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 4]);
    expect(v.pbc).toEqual([true, true, true]);
    // two VEC lines: periodic in a, b with a zero c, which a Structure cannot hold (zero volume)
    fails(() => parseStructure(`1\n\nC 0 0 0\nVEC1 2 0 0\nVEC2 0 3 0\n`, "extxyz"), 2, /zero volume/);
  });
  it("errors name the line", () => {
    fails(() => parseStructure(`x\n\n`, "extxyz"), 1, /number of atoms/);
    fails(() => parseStructure(`-2\n\n`, "extxyz"), 1, /non-negative integer/);
    fails(() => parseStructure(`2\n\nH 0 0 0\n`, "extxyz"), 3, /ends after 1 of 2 atoms/);
    fails(() => parseStructure(`1\n\nH 0 zero 0\n`, "extxyz"), 3, /y coordinate is not a finite number/);
    fails(() => parseStructure(`1\n\nH 0 nan 0\n`, "extxyz"), 3, /not a finite number/);
    fails(() => parseStructure(`1\n\nH 0 1e999 0\n`, "extxyz"), 3, /not a finite number/);
    fails(() => parseStructure(`1\nProperties=species:S:1:pos:R:3:q:R:1\nH 0 0 0\n`, "extxyz"), 3, /3 columns|4 columns/);
    fails(() => parseStructure(`1\nProperties=species:S:1:pos:X:3\nH 0 0 0\n`, "extxyz"), 2, /unknown type "X"/);
    fails(() => parseStructure(`1\nProperties=species:S:1:pos:R:2\nH 0 0\n`, "extxyz"), 2, /pos:R:3/);
    fails(() => parseStructure(`1\nLattice="1 0 0 0 1 0 0 0"\nH 0 0 0\n`, "extxyz"), 2, /9 finite numbers/);
    fails(() => parseStructure(`1\nLattice="1 0 0 2 0 0 0 0 1"\nH 0 0 0\n`, "extxyz"), 2, /zero volume/);
    fails(() => parseStructure(`1\npbc=T\nH 0 0 0\n`, "extxyz"), 2, /zero volume/);
    fails(() => parseStructure(`1\nProperties=species:S:1:pos:R:3:masses:R:1\nH 0 0 0 -1\n`, "extxyz"), 3, /mass must be positive/);
    fails(() => parseStructure(`1\n`, "extxyz", { file: "t.xyz" }), 1, /no comment line/, "t.xyz");
    fails(() => parseStructure(`1\n\n`, "extxyz", { file: "t.xyz" }), 2, /ends after 0 of 1 atoms/, "t.xyz");
    fails(() => parseStructure(``, "extxyz"), 0, /no structure/);
  });
  it("writer: ASE's layout, shortest round-trip numbers, masses column only when needed", () => {
    const s = new Structure({
      positions: [0.1, 0.2, 1 / 3, 1e-20, -0, 5], species: ["Cu", "A"], cell: [[4, 0, 0], [1, 4, 0], [0, 0, 4]],
      pbc: [true, true, false], info: { name: "two words", n: 2, ok: true, v: [1, 2], skip: undefined },
    });
    const t = formatStructure(s, "extxyz");
    expect(t.split("\n")[1]).toBe(`Lattice="4 0 0 1 4 0 0 0 4" Properties=species:S:1:pos:R:3 name="two words" n=2 ok=T v="1 2" pbc="T T F"`);
    const r = parseStructure(t, "extxyz");
    expect(Array.from(r.positions)).toEqual(Array.from(s.positions));
    expect(r.info).toEqual({ name: "two words", n: 2, ok: true, v: [1, 2] });
    const heavy = new Structure({ positions: [0, 0, 0], species: ["Cu"], cell: [0, 0, 0, 0, 0, 0, 0, 0, 0], pbc: [false, false, false], masses: [65] });
    const th = formatStructure(heavy, "xyz");
    expect(th.split("\n")[1]).toBe(`Properties=species:S:1:pos:R:3:masses:R:1 pbc="F F F"`);
    expect(Array.from(parseStructure(th, "extxyz").masses)).toEqual([65]);
    expect(() => formatStructure(new Structure({ positions: [0, 0, 0], species: ["a b"], cell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }), "extxyz")).toThrow(RangeError);
  });
});

describe("LAMMPS data", () => {
  const data = (atoms: string, extra = "", header = "2 atom types\n") => `title line

3 atoms
${header}
0 4 xlo xhi
-1 3 ylo yhi
0 5 zlo zhi
${extra}
Atoms # atomic

${atoms}
`;
  const atoms = "3 2 1 1 1\n1 1 0 0 0\n2 1 0.5 0.5 0.5";
  it("sorts by id, keeps positions as written, records the origin", () => {
    const s = parseStructure(data(atoms), "lammps-data");
    expect(s.species).toEqual(["1", "1", "2"]);
    expect(Array.from(s.positions)).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
    expect(Array.from(s.cell)).toEqual([4, 0, 0, 0, 4, 0, 0, 0, 5]);
    expect(s.info["cellOrigin"]).toEqual([0, -1, 0]);
    expect(s.pbc).toEqual([true, true, true]);
  });
  it("type → label: Atom Type Labels, else Masses comments, else the types option, else numbers", () => {
    const labels = "\nAtom Type Labels\n\n1 Cu\n2 Zr\n";
    const masses = "\nMasses\n\n1 63.5 # Cux\n2 91.2 # Zrx\n";
    expect(parseStructure(data(atoms, masses + labels), "lammps-data", { types: ["A", "B"] }).species).toEqual(["Cu", "Cu", "Zr"]);
    const m = parseStructure(data(atoms, masses), "lammps-data", { types: ["A", "B"] });
    expect(m.species).toEqual(["Cux", "Cux", "Zrx"]);
    expect(Array.from(m.masses)).toEqual([63.5, 63.5, 91.2]);
    expect(parseStructure(data(atoms), "lammps-data", { types: ["A", "B"] }).species).toEqual(["A", "A", "B"]);
    expect(Array.from(parseStructure(data(atoms, "\nMasses\n\n1 2\n2 3 # two words\n"), "lammps-data").masses)).toEqual([2, 2, 3]);
    // type labels used in the Atoms section (LAMMPS ≥ 2022)
    expect(parseStructure(data("1 Cu 0 0 0\n2 Zr 1 1 1\n3 Cu 2 2 2", labels), "lammps-data").species).toEqual(["Cu", "Zr", "Cu"]);
    fails(() => parseStructure(data(atoms), "lammps-data", { types: ["A"] }), 12, /type 2 has no label/);
  });
  it("styles: comment, column count, option; image flags and unwrapping; charges", () => {
    const t = data("1 1 0.5 0 0 0 1 0 0\n2 2 -0.5 1 1 1 0 0 -1\n3 1 0 2 2 2 0 0 0").replace("# atomic", "# charge");
    const s = parseStructure(t, "lammps-data");
    expect((s.info["arrays"] as any).charge.values).toEqual([0.5, -0.5, 0]);
    expect((s.info["arrays"] as any).image.values).toEqual([1, 0, 0, 0, 0, -1, 0, 0, 0]);
    const u = parseStructure(t, "lammps-data", { unwrap: true });
    expect(Array.from(u.positions.slice(0, 6))).toEqual([4, 0, 0, 1, 1, -4]);
    expect(parseStructure(t.replace("# charge", ""), "lammps-data").positions).toEqual(s.positions); // 9 columns → charge
    const full = data("1 7 1 0.1 0 0 0\n2 7 2 0.2 1 1 1\n3 8 1 0.3 2 2 2").replace("# atomic", "# full");
    expect((parseStructure(full, "lammps-data").info["arrays"] as any).mol.values).toEqual([7, 7, 8]);
    // the option overrides the comment: "atomic" columns read as molecular would be id mol type x y z
    fails(() => parseStructure(data(atoms), "lammps-data", { atomStyle: "charge" }), 12, /needs 6 or 9/);
    fails(() => parseStructure(data(atoms).replace("# atomic", "# sphere"), "lammps-data"), 10, /unsupported atom style "sphere"/);
  });
  it("skips Velocities, coefficient and bond sections; tilt line gives the triclinic cell", () => {
    const extra = "0.5 -0.25 0.125 xy xz yz\n\nPair Coeffs # lj/cut\n\n1 1 1\n2 1 1\n\nBonds\n\n1 1 1 2\n";
    const t = data(atoms, extra) + "\nVelocities\n\n1 0 0 0\n2 0 0 0\n3 1 1 1\n";
    const s = parseStructure(t, "lammps-data");
    expect(Array.from(s.cell)).toEqual([4, 0, 0, 0.5, 4, 0, -0.25, 0.125, 5]);
  });
  it("ids: sparse ids are sorted; duplicates, zero, non-integers are errors", () => {
    expect(Array.from(parseStructure(data("30 1 3 3 3\n10 1 1 1 1\n20 2 2 2 2"), "lammps-data").positions)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    fails(() => parseStructure(data("1 1 0 0 0\n2 1 1 1 1\n1 2 2 2 2"), "lammps-data"), 14, /duplicate atom id 1/);
    fails(() => parseStructure(data("0 1 0 0 0\n2 1 1 1 1\n1 2 2 2 2"), "lammps-data"), 12, /positive integer/);
    fails(() => parseStructure(data("1.5 1 0 0 0\n2 1 1 1 1\n3 2 2 2 2"), "lammps-data"), 12, /positive integer/);
  });
  it("errors: counts, types, boxes, sections, numbers", () => {
    fails(() => parseStructure(data("1 1 0 0 0\n2 3 1 1 1\n3 1 2 2 2"), "lammps-data"), 13, /type 3 out of range 1..2/);
    fails(() => parseStructure(data("1 1 0 0 0\n2 1 1 1 1"), "lammps-data"), 13, /file ends after 2 of 3 Atoms/);
    fails(() => parseStructure(data(atoms + "\n4 1 3 3 3"), "lammps-data"), 15, /expected a section keyword/);
    fails(() => parseStructure(data("1 1 0 0 0\n2 1 1 1 1\n\n3 1 2 2 2"), "lammps-data"), 14, /blank line after 2 of 3/);
    fails(() => parseStructure(data("1 1 0 0 0\n2 1 x 1 1\n3 1 2 2 2"), "lammps-data"), 13, /x is not a finite number/);
    fails(() => parseStructure(data("1 1 0 0 0\n2 1 inf 1 1\n3 1 2 2 2"), "lammps-data"), 13, /not a finite number/);
    fails(() => parseStructure(data(atoms).replace("0 4 xlo", "4 4 xlo"), "lammps-data"), 6, /zero-volume box/);
    fails(() => parseStructure(data(atoms).replace("3 atoms", "3 atomz"), "lammps-data"), 10, /no "N atoms"/);
    fails(() => parseStructure("t\n\n2 atoms\n1 atom types\n\nMasses\n\n1 1\n", "lammps-data"), 8, /no Atoms section/);
    fails(() => parseStructure(data(atoms).replace("Atoms # atomic", "Atomz"), "lammps-data"), 10, /unknown header line or section "Atomz"/);
    fails(() => parseStructure(data(atoms, "\nMasses\n\n1 1\n2 -1\n"), "lammps-data"), 13, /mass must be positive/);
    fails(() => parseStructure(data(atoms, "\nMasses\n\n1 1\n3 1\n"), "lammps-data"), 13, /out of range/);
    fails(() => parseStructure(data(atoms, "1 2 3 xy xz yz\n").replace("0 5 zlo", "0 0 zlo"), "lammps-data"), 8, /zero-volume/);
    fails(() => parseStructure(data(atoms).replace("3 atoms", "1000000000000 atoms"), "lammps-data"), 14, /ends after 3 of 1000000000000/);
  });
  it("writer: atomic style, masses with label comments, tilt only when triclinic, LAMMPS order of types", () => {
    const s = new Structure({ positions: [0, 0, 0, 1, 1, 1, 2, 2, 2], species: ["Zr", "Cu", "Zr"], cell: [[4, 0, 0], [0, 4, 0], [0, 0, 4]] });
    const t = formatStructure(s, "lammps-data");
    expect(t).toContain("\n3 atoms\n2 atom types\n\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nMasses\n\n1 63.546 # Cu\n2 91.224 # Zr\n\nAtoms # atomic\n\n1 2 0 0 0\n2 1 1 1 1\n3 2 2 2 2\n");
    expect(t).not.toContain("xy xz yz");
    const r = parseStructure(t, "lammps-data");
    expect(r.species).toEqual(s.species);
    expect(Array.from(r.masses)).toEqual(Array.from(s.masses));
    const o = formatStructure(s, "lammps-data", { types: ["Zr", "Cu", "Al"], typeLabels: true });
    expect(o).toContain("3 atom types");
    expect(o).toContain("Atom Type Labels\n\n1 Zr\n2 Cu\n3 Al\n");
    expect(parseStructure(o, "lammps-data").species).toEqual(s.species);
    expect(() => formatStructure(s, "lammps-data", { types: ["Zr"] })).toThrow(/no entry for species Cu/);
    const mixed = new Structure({ positions: [0, 0, 0, 1, 1, 1], species: ["A", "A"], masses: [1, 2], cell: [[4, 0, 0], [0, 4, 0], [0, 0, 4]] });
    expect(() => formatStructure(mixed, "lammps-data")).toThrow(/different masses/);
  });
  it("writer: a general cell is rotated (and says so); left-handed cells are refused; no cell → bounding box", () => {
    const c = [[3, 1, 0.5], [-0.5, 3, 0.2], [0.3, -0.4, 3.5]];
    const s = new Structure({ positions: [0.1, 0.2, 0.3, 1, 2, 3], species: ["A", "B"], cell: c });
    const t = formatStructure(s, "lammps-data");
    expect(t.split("\n")[0]).toMatch(/rotated into LAMMPS lower-triangular form/);
    const r = parseStructure(t, "lammps-data", { types: ["A", "B"] });
    const d = (x: ArrayLike<number>) => Math.hypot(x[3]! - x[0]!, x[4]! - x[1]!, x[5]! - x[2]!);
    expect(Math.abs(d(r.positions) - d(s.positions))).toBeLessThan(1e-14);
    expect(Math.abs(r.volume() - s.volume())).toBeLessThan(1e-13);
    const fr = r.fractional(), fs = s.fractional();
    for (let k = 0; k < 6; k++) expect(Math.abs(fr[k]! - fs[k]!)).toBeLessThan(1e-15);
    // non-periodic c with atoms outside the cell: the box is stretched along c (LAMMPS would lose them)
    const slab = new Structure({ positions: [0, 0, -1, 1, 1, 7], species: ["A", "A"], cell: [[4, 0, 0], [1, 4, 0], [0.5, 0, 5]], pbc: [true, true, false] });
    const st = formatStructure(slab, "lammps-data");
    expect(st.split("\n")[0]).toMatch(/box extended along non-periodic c/);
    const sr = parseStructure(st, "lammps-data", { pbc: [true, true, false] });
    expect(Array.from(sr.positions)).toEqual(Array.from(slab.positions));
    expect(Array.from(sr.cell.slice(0, 6))).toEqual([4, 0, 0, 1, 4, 0]);
    const o = sr.info["cellOrigin"] as number[];
    const fz = sr.withPositions(sr.positions.map((v, i) => v - o[i % 3]!)).fractional().filter((_, i) => i % 3 === 2);
    expect(fz.every((f) => f > 0 && f < 1)).toBe(true);
    expect(formatStructure(slab.withPositions([0, 0, 1, 1, 1, 2]), "lammps-data")).not.toMatch(/extended/);
    const left = new Structure({ positions: [0, 0, 0], species: ["A"], cell: [[0, 3, 0], [3, 0, 0], [0, 0, 3]] });
    expect(() => formatStructure(left, "lammps-data")).toThrow(/left-handed/);
    const mol = new Structure({ positions: [0, 0, 0, 1, 2, 3], species: ["H", "H"], cell: new Array(9).fill(0), pbc: [false, false, false] });
    const m = parseStructure(formatStructure(mol, "lammps-data"), "lammps-data", { pbc: [false, false, false] });
    expect(Array.from(m.cell)).toEqual([3, 0, 0, 0, 4, 0, 0, 0, 5]);
    expect(m.info["cellOrigin"]).toEqual([-1, -1, -1]);
    expect(Array.from(m.positions)).toEqual(Array.from(mol.positions));
  });
});

describe("LAMMPS dump", () => {
  const frame = (step: number, bounds: string, box: string, cols: string, rows: string) =>
    `ITEM: TIMESTEP\n${step}\nITEM: NUMBER OF ATOMS\n${rows.trim().split("\n").length}\nITEM: BOX BOUNDS ${bounds}\n${box}\nITEM: ATOMS ${cols}\n${rows}\n`;
  it("triclinic bounding box → true box (LAMMPS Howto triclinic), for negative and positive tilts", () => {
    // true box: xlo=1, lx=10, ylo=2, ly=8, zlo=3, lz=6; xy=−2, xz=3, yz=−1.5
    const [xy, xz, yz] = [-2, 3, -1.5];
    const box = `${1 + Math.min(0, xy, xz, xy + xz)} ${11 + Math.max(0, xy, xz, xy + xz)} ${xy}\n${2 + Math.min(0, yz)} ${10 + Math.max(0, yz)} ${xz}\n3 9 ${yz}`;
    const s = parseStructure(frame(0, "xy xz yz pp pf fs", box, "id type xs ys zs", "1 1 0 0 0\n2 1 1 1 1"), "lammps-dump");
    expect(Array.from(s.cell)).toEqual([10, 0, 0, -2, 8, 0, 3, -1.5, 6]);
    expect(s.info["cellOrigin"]).toEqual([1, 2, 3]);
    expect(s.pbc).toEqual([true, false, false]);
    // xs=ys=zs=1 → origin + a + b + c
    expect(Array.from(s.positions)).toEqual([1, 2, 3, 1 + 10 - 2 + 3, 2 + 8 - 1.5, 3 + 6]);
  });
  it("general triclinic `abc origin` boxes, unknown items, blank lines, type labels, types option", () => {
    const t = `ITEM: UNITS\nlj\nITEM: TIME\n0.5\nITEM: TIMESTEP\n7\nITEM: CUSTOM THING\nfoo bar\nbaz\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS abc origin pp pp pp\n2 1 0 0.5\n0 3 0 0\n0 0 4 -1\n\nITEM: ATOMS id type x y z\n2 Cu 1 1 1\n1 Zr 0 0 0\n`;
    const s = parseStructure(t, "lammps-dump");
    expect(Array.from(s.cell)).toEqual([2, 1, 0, 0, 3, 0, 0, 0, 4]);
    expect(s.info).toMatchObject({ units: "lj", time: 0.5, timestep: 7, cellOrigin: [0.5, 0, -1] });
    expect(s.species).toEqual(["Zr", "Cu"]);
    const o = frame(0, "pp pp pp", "0 1\n0 1\n0 1", "id type x y z", "1 2 0 0 0\n2 1 .5 .5 .5");
    expect(parseStructure(o, "lammps-dump", { types: ["A", "B"] }).species).toEqual(["B", "A"]);
    expect(parseStructure(o, "lammps-dump").species).toEqual(["2", "1"]);
    fails(() => parseStructure(o, "lammps-dump", { types: ["A"] }), 10, /type 2 has no label/);
  });
  it("multi-frame; unwrap with image flags; mass and q columns; without id keeps file order", () => {
    const f1 = frame(0, "pp pp pp", "0 2\n0 2\n0 2", "id type x y z ix iy iz mass q", "2 1 1 1 1 0 -1 0 3 0.5\n1 1 0 0 0 1 0 0 2 -0.5");
    const f2 = frame(10, "pp pp pp", "0 2\n0 2\n0 2", "type x y z", "1 1 1 1\n1 0 0 0");
    const fr = all(f1 + f2, "lammps-dump");
    expect(fr.length).toBe(2);
    expect(Array.from(fr[0]!.masses)).toEqual([2, 3]);
    expect((fr[0]!.info["arrays"] as any).charge.values).toEqual([-0.5, 0.5]);
    expect(Array.from(fr[1]!.positions)).toEqual([1, 1, 1, 0, 0, 0]);
    const u = parseStructure(f1, "lammps-dump", { unwrap: true });
    expect(Array.from(u.positions)).toEqual([2, 0, 0, 1, -1, 1]);
  });
  it("errors", () => {
    const ok = frame(0, "pp pp pp", "0 2\n0 2\n0 2", "id type x y z", "1 1 0 0 0\n2 1 1 1 1");
    fails(() => parseStructure(ok.replace("ITEM: TIMESTEP", "TIMESTEP"), "lammps-dump"), 1, /expected an "ITEM:" line/);
    fails(() => parseStructure(ok.replace("\n0\nITEM: NUMBER", "\nzero\nITEM: NUMBER"), "lammps-dump"), 2, /TIMESTEP must be one integer/);
    fails(() => parseStructure(ok.replace("2\nITEM: BOX", "2.5\nITEM: BOX"), "lammps-dump"), 4, /non-negative integer/);
    fails(() => parseStructure(ok.replace("0 2\n0 2\n0 2", "0 2\n0 2\n2 2"), "lammps-dump"), 8, /zero or negative box/);
    fails(() => parseStructure(ok.replace("0 2\n0 2\n0 2", "0 2\n0 2\n0"), "lammps-dump"), 8, /needs 2 numbers/);
    fails(() => parseStructure(ok.replace("pp pp pp", "pp pp qq"), "lammps-dump"), 5, /unknown boundary flag "qq"/);
    fails(() => parseStructure(ok.replace("id type x y z", "id type vx vy vz"), "lammps-dump"), 9, /no coordinate columns/);
    fails(() => parseStructure(ok.replace("id type x y z", "id x y z"), "lammps-dump"), 9, /neither a type nor an element/);
    fails(() => parseStructure(ok.replace("2 1 1 1 1", "1 1 1 1 1"), "lammps-dump"), 11, /duplicate atom id 1/);
    fails(() => parseStructure(ok.replace("2 1 1 1 1", "2 1 1 1"), "lammps-dump"), 11, /4 columns/);
    fails(() => parseStructure(ok.replace("2 1 1 1 1", "2 -1 1 1 1"), "lammps-dump"), 11, /type must be positive/);
    fails(() => parseStructure(ok.replace("2 1 1 1 1", "2 1 1 NaN 1"), "lammps-dump"), 11, /not a finite number/);
    fails(() => parseStructure(ok.replace("NUMBER OF ATOMS\n2", "NUMBER OF ATOMS\n1000000000000"), "lammps-dump"), 11, /ends after 2 of 1000000000000 atoms/);
    fails(() => parseStructure(ok.split("ITEM: ATOMS")[0]!, "lammps-dump"), 8, /ends before ITEM: ATOMS/);
    fails(() => parseStructure(ok.replace(/ITEM: BOX BOUNDS pp pp pp\n0 2\n0 2\n0 2\n/, ""), "lammps-dump"), 5, /before ITEM: BOX BOUNDS/);
  });
  it("writer: frames with timesteps, the triclinic bounding box, element column for labels", () => {
    const s = new Structure({ positions: [0.25, 0.5, 1, 3, 2, 1], species: ["A", "B"], cell: [[4, 0, 0], [-1, 3, 0], [0.5, 0.75, 2]], pbc: [true, false, true], info: { timestep: 100 } });
    const t = formatStructure([s, s.withPositions([1, 1, 1, 2, 2, 2])], "lammps-dump");
    expect(t.split("\n").slice(0, 10)).toEqual([
      "ITEM: TIMESTEP", "100", "ITEM: NUMBER OF ATOMS", "2", "ITEM: BOX BOUNDS xy xz yz pp ff pp",
      "-1 4.5 -1", "0 3.75 0.5", "0 2 0.75", "ITEM: ATOMS id type element x y z", "1 1 A 0.25 0.5 1",
    ]);
    const r = all(t, "lammps-dump");
    expect(r.length).toBe(2);
    expect(Array.from(r[0]!.cell)).toEqual(Array.from(s.cell));
    expect(r[0]!.species).toEqual(["A", "B"]);
    expect(r[0]!.pbc).toEqual([true, false, true]);
    const n = new Structure({ positions: [0, 0, 0], species: ["1"], cell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    expect(formatStructure(n, "lammps-dump")).toContain("ITEM: ATOMS id type x y z\n1 1 0 0 0\n");
  });
});

describe("VASP POSCAR", () => {
  const poscar = (scale: string, mode: string, species = "Si C\n", extra = "") =>
    `comment\n${scale}\n2 0 0\n0 2 0\n0 0 2\n${species}1 1\n${extra}${mode}\n0 0 0\n0.5 0.5 0.5\n`;
  it("Direct, Cartesian (scaled), lower-case and K", () => {
    const d = parseStructure(poscar("1.5", "Direct"), "vasp");
    expect(Array.from(d.cell)).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
    expect(Array.from(d.positions)).toEqual([0, 0, 0, 1.5, 1.5, 1.5]);
    expect(d.species).toEqual(["Si", "C"]);
    expect(d.info["comment"]).toBe("comment");
    for (const m of ["Cartesian", "cart", "K"]) expect(Array.from(parseStructure(poscar("1.5", m), "vasp").positions)).toEqual([0, 0, 0, 0.75, 0.75, 0.75]);
  });
  it("negative scale = target volume; three scale factors", () => {
    const s = parseStructure(poscar("-27", "Direct"), "vasp");
    expect(Math.abs(s.volume() - 27) / 27).toBeLessThan(1e-15);
    expect(cbrtExact(27)).toBe(3);
    expect(cbrtExact(8e-30)).toBe(2e-10);
    for (const x of [2, 10, 0.1, 12345.678, 1e-300]) expect(Math.abs(cbrtExact(x) ** 3 - x) / x).toBeLessThan(4e-16);
    const t = parseStructure(poscar("1 2 3", "Cartesian"), "vasp");
    expect(Array.from(t.cell)).toEqual([2, 0, 0, 0, 4, 0, 0, 0, 6]);
    expect(Array.from(t.positions)).toEqual([0, 0, 0, 0.5, 1, 1.5]);
  });
  it("VASP 4: labels from the types option, else the comment line's element symbols, else numbers", () => {
    const v4 = poscar("1", "Direct", "");
    expect(parseStructure(v4, "vasp", { types: ["A", "B"] }).species).toEqual(["A", "B"]);
    expect(parseStructure(v4.replace("comment", "Ga As relaxed"), "vasp").species).toEqual(["Ga", "As"]);
    expect(parseStructure(v4, "vasp").species).toEqual(["1", "2"]);
    expect(parseStructure(poscar("1", "Direct", "Si_pv C/e7a1\n"), "vasp").species).toEqual(["Si", "C"]);
  });
  it("selective dynamics flags; velocities after the positions ignored", () => {
    const t = `c\n1\n2 0 0\n0 2 0\n0 0 2\nSi\n2\nSelective dynamics\nDirect\n0 0 0 T F T\n0.5 0.5 0.5 F F F Si\n\n0.1 0.2 0.3\n0 0 0\n`;
    const s = parseStructure(t, "vasp");
    expect((s.info["arrays"] as any).selective_dynamics.values).toEqual([true, false, true, false, false, false]);
  });
  it("errors", () => {
    fails(() => parseStructure(poscar("0", "Direct"), "vasp"), 2, /must not be 0/);
    fails(() => parseStructure(poscar("x", "Direct"), "vasp"), 2, /scale factor is not a finite number/);
    fails(() => parseStructure(poscar("1", "Direct").replace("0 2 0", "2 0 0"), "vasp"), 5, /zero volume/);
    fails(() => parseStructure(poscar("1", "Direct", "Si C Ge\n"), "vasp"), 7, /3 species names but 2 counts/);
    fails(() => parseStructure(poscar("1", "Quux"), "vasp"), 8, /expected Direct or Cartesian/);
    fails(() => parseStructure(poscar("1", "Direct").replace("0.5 0.5 0.5", "0.5 0.5"), "vasp"), 10, /needs 3 coordinates/);
    fails(() => parseStructure(poscar("1", "Direct").replace("1 1\n", "1 5\n"), "vasp"), 10, /ends after 2 atoms \(counts say 6\)/);
    fails(() => parseStructure(poscar("1", "Direct").replace("1 1\n", "1 1000000000000\n"), "vasp"), 10, /counts say 1000000000001/);
    fails(() => parseStructure(poscar("1", "Direct", "Si C\n", "Selective\n").replace("0 0 0\n", "0 0 0 T X T\n"), "vasp"), 10, /flag must be T or F/);
    fails(() => parseStructure(poscar("1", "Direct").replace("2 0 0\n", "2 0\n"), "vasp"), 3, /needs 3 numbers/);
    fails(() => parseStructure("c\n1\n", "vasp"), 2, /before the lattice vector 1/);
  });
  it("writer: runs of species kept (or sorted), Direct/Cartesian, refuses a cell without volume", () => {
    const s = new Structure({ positions: [0, 0, 0, 1, 1, 1, 2, 2, 2], species: ["C", "Si", "C"], cell: [[4, 0, 0], [0, 4, 0], [1, 0, 4]] });
    const t = formatStructure(s, "vasp");
    expect(t.split("\n").slice(5, 8)).toEqual(["C Si C", "1 1 1", "Cartesian"]);
    expect(Array.from(parseStructure(t, "vasp").positions)).toEqual(Array.from(s.positions));
    const g = formatStructure(s, "vasp", { sort: true, direct: true });
    expect(g.split("\n").slice(5, 8)).toEqual(["C Si", "2 1", "Direct"]);
    const r = parseStructure(g, "vasp");
    expect(r.species).toEqual(["C", "C", "Si"]);
    expect(Array.from(r.positions)).toEqual([0, 0, 0, 2, 2, 2, 1, 1, 1]);
    const flat = new Structure({ positions: [0, 0, 0], species: ["H"], cell: new Array(9).fill(0), pbc: [false, false, false] });
    expect(() => formatStructure(flat, "vasp")).toThrow(/3D cell/);
    expect(() => formatStructure([s, s], "vasp")).toThrow(/one structure/);
  });
});

describe("format detection and names", () => {
  it("from names", () => {
    expect(formatFromName("a/b/glass.xyz")).toBe("extxyz");
    expect(formatFromName("x.extxyz")).toBe("extxyz");
    expect(formatFromName("glass.data")).toBe("lammps-data");
    expect(formatFromName("data.glass")).toBe("lammps-data");
    expect(formatFromName("glass.lmp")).toBe("lammps-data");
    expect(formatFromName("run.lammpstrj")).toBe("lammps-dump");
    expect(formatFromName("dump.melt")).toBe("lammps-dump");
    expect(formatFromName("x.dump")).toBe("lammps-dump");
    expect(formatFromName("POSCAR")).toBe("vasp");
    expect(formatFromName("CONTCAR_relaxed")).toBe("vasp");
    expect(formatFromName("Si.vasp")).toBe("vasp");
    expect(formatFromName("notes.txt")).toBe(null);
  });
  it("from content, and the explicit format wins", () => {
    expect(formatFromContent("ITEM: TIMESTEP\n0\n")).toBe("lammps-dump");
    expect(formatFromContent("3\n\nH 0 0 0\n")).toBe("extxyz");
    expect(formatFromContent("title\n\n3 atoms\n")).toBe("lammps-data");
    expect(formatFromContent("c\n1.0\n1 0 0\n0 1 0\n0 0 1\nSi\n1\nDirect\n0 0 0\n")).toBe("vasp");
    expect(formatFromContent("hello\n")).toBe(null);
    expect(detectFormat("x.txt", "ITEM: TIMESTEP\n")).toBe("lammps-dump");
    expect(parseStructure("1\n\nH 0 0 0\n").species).toEqual(["H"]);
    fails(() => parseStructure("hello\n"), 0, /cannot tell the file format/);
    expect(() => parseStructure("1\n\nH 0 0 0\n", "pdb")).toThrow(RangeError);
    expect(parseStructure("1\n\nH 0 0 0\n", "xyz").n).toBe(1);
  });
  it("frame selection and --types parsing", () => {
    const t = "1\n\nH 0 0 0\n1\n\nH 1 1 1\n1\n\nH 2 2 2\n";
    expect(parseStructure(t, "xyz", { frame: 1 }).positions[0]).toBe(1);
    expect(parseStructure(t, "xyz", { frame: -1 }).positions[0]).toBe(2);
    expect(parseStructure(t, "xyz", { frame: -3 }).positions[0]).toBe(0);
    fails(() => parseStructure(t, "xyz", { frame: 3 }), 0, /frame 3 requested, the input has 3/);
    fails(() => parseStructure(t, "xyz", { frame: -4 }), 0, /frame -4 requested/);
    expect(parseTypes("A, B,C")).toEqual(["A", "B", "C"]);
    expect(() => parseTypes("A,,B")).toThrow(RangeError);
  });
});
