// Live check against the installed tools (runs only where Debian's ASE and LAMMPS are installed, see
// ../shared/peers; the committed fixtures in tools.test.ts / roundtrip.test.ts carry the same evidence
// everywhere): random structures written by our writers are read by ASE (every format) and by LAMMPS
// read_data (data files), and must come back with our numbers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStructure, parseStructure } from "../../src/io/index.js";
import { Structure } from "../../src/structure.js";

const hasAse = spawnSync("/usr/bin/python3", ["-c", "import ase"]).status === 0;
const hasLmp = spawnSync("lmp", ["-h"], { stdio: "ignore" }).status === 0;

const READ = `
import json, sys
from ase.io import read
out = {}
for path, fmt in json.loads(sys.argv[1]):
    kw = {"style": "atomic"} if fmt == "lammps-data" else {}
    frames = read(path, index=":" if fmt in ("extxyz", "lammps-dump-text") else 0, format=fmt, **kw)
    frames = frames if isinstance(frames, list) else [frames]
    out[path] = [{"symbols": a.get_chemical_symbols(), "cell": a.cell.array.tolist(), "pbc": [bool(x) for x in a.pbc],
                  "positions": a.positions.tolist(), "masses": a.get_masses().tolist()} for a in frames]
print(json.dumps(out))
`;

const elements = ["Cu", "Zr", "Al", "Si", "C"];
const structures = fc.sample(
  fc.record({
    n: fc.integer({ min: 2, max: 12 }), // ASE 3.22 cannot read a one-atom dump
    cell: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 9, maxLength: 9 }),
    x: fc.array(fc.double({ min: -3, max: 12, noNaN: true }), { minLength: 36, maxLength: 36 }),
    t: fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 12 }),
    pz: fc.boolean(),
  }),
  { numRuns: 12, seed: 20240601 },
).map(({ n, cell, x, t, pz }) => {
  // a general (rotated, sheared) right-handed cell around 6×7×8
  const c = [6 + cell[0]!, cell[1]!, cell[2]!, cell[3]!, 7 + cell[4]!, cell[5]!, cell[6]!, cell[7]!, 8 + cell[8]!];
  return new Structure({ positions: x.slice(0, 3 * n), species: t.slice(0, n).map((k) => elements[k]!), cell: c, pbc: [true, true, pz] });
});

describe.runIf(hasAse)("ASE reads our files (live)", () => {
  it("extxyz, LAMMPS data (rotated cells), dumps and POSCARs", () => {
    const dir = mkdtempSync(join(tmpdir(), "glassbox-peers-"));
    const jobs: [string, string, Structure][] = [];
    structures.forEach((s, k) => {
      for (const [fmt, aseFmt, ext] of [["extxyz", "extxyz", "xyz"], ["lammps-data", "lammps-data", "data"], ["lammps-dump", "lammps-dump-text", "lammpstrj"], ["vasp", "vasp", "vasp"]] as const) {
        const path = join(dir, `s${k}.${ext}`);
        writeFileSync(path, formatStructure(s, fmt, fmt === "lammps-data" ? { types: elements } : {}));
        jobs.push([path, aseFmt, s]);
      }
    });
    const r = spawnSync("/usr/bin/python3", ["-c", READ, JSON.stringify(jobs.map(([p, f]) => [p, f]))], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout);
    for (const [path, fmt, s] of jobs) {
      const a = got[path][0];
      const gram = (m: ArrayLike<number>) => [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => m[3 * i]! * m[3 * j]! + m[3 * i + 1]! * m[3 * j + 1]! + m[3 * i + 2]! * m[3 * j + 2]!));
      const cell = a.cell.flat();
      if (fmt === "extxyz" || fmt === "vasp") {
        expect(cell).toEqual(Array.from(s.cell));
        expect(a.positions.flat()).toEqual(Array.from(s.positions));
        expect(a.symbols).toEqual(s.species);
      } else {
        // LAMMPS form (rotated, open axes stretched to hold the atoms): ASE must read what our reader reads
        const ours = parseStructure(readFileSync(path, "utf8"), fmt === "lammps-data" ? "lammps-data" : "lammps-dump");
        const tol = fmt === "lammps-data" ? 0 : 1e-13; // ASE rebuilds a dump's cell from the bounding box
        cell.forEach((v: number, i: number) => expect(Math.abs(v - ours.cell[i]!)).toBeLessThanOrEqual(tol));
        a.positions.flat().forEach((v: number, i: number) => expect(v).toBe(ours.positions[i]));
        // and ours keeps the original's interatomic geometry along periodic axes: fractional coordinates
        const f1 = ours.fractional(), f0 = s.fractional();
        f1.forEach((v, i) => s.pbc[i % 3] && expect(Math.abs(v - f0[i]!)).toBeLessThan(1e-13));
        if (fmt === "lammps-dump-text") expect(a.symbols).toEqual(s.species);
      }
      if (fmt === "extxyz") expect(a.pbc).toEqual(s.pbc);
    }
  });
});

describe.runIf(hasLmp)("LAMMPS read_data reads our data files (live)", () => {
  it("unwrapped positions equal ours (rotated into LAMMPS form)", () => {
    const dir = mkdtempSync(join(tmpdir(), "glassbox-lmp-"));
    for (const [k, s] of structures.slice(0, 4).entries()) {
      const text = formatStructure(s, "lammps-data", { types: elements });
      const ours = parseStructure(text, "lammps-data"); // our positions in the LAMMPS frame
      writeFileSync(join(dir, "in.data"), text);
      writeFileSync(join(dir, "in.lmp"), `units metal\natom_style atomic\nboundary p p ${s.pbc[2] ? "p" : "f"}\nread_data in.data\nwrite_dump all custom out${k}.txt id x y z ix iy iz modify sort id format float %.17g\n`);
      const r = spawnSync("lmp", ["-in", "in.lmp", "-log", "none", "-screen", "none"], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const rows = readFileSync(join(dir, `out${k}.txt`), "utf8").trim().split("\n").slice(9).map((l) => l.trim().split(/\s+/).map(Number));
      expect(rows.map((w) => w[0])).toEqual(Array.from({ length: s.n }, (_, i) => i + 1));
      const c = ours.cell;
      rows.forEach((w, i) => {
        for (let a = 0; a < 3; a++) {
          const x = w[1 + a]! + w[4]! * c[a]! + w[5]! * c[3 + a]! + w[6]! * c[6 + a]!;
          expect(Math.abs(x - ours.positions[3 * i + a]!)).toBeLessThan(1e-12);
        }
      });
    }
  });
});
