// Hostile files (property-based, fast-check): valid files — written by ASE and LAMMPS (fixtures) and by
// our writers from random structures — truncated at random points, with random bytes, tokens and lines
// garbled, and with oversized counts. Every outcome is valid Structures or a StructureFileError (never
// another exception), every parse finishes quickly, and the engine still works afterwards.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { putF64, readF64, scoped } from "../../src/engine/wasm.js";
import { formatFromName, formatStructure, parseFrames, StructureFileError, type StructureFormat } from "../../src/io/index.js";
import { neighborList } from "../../src/neighbors.js";
import { Structure } from "../../src/structure.js";

const tools = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "structures", "tools");
/** Fixed seed so CI is deterministic; explore with GB_FUZZ_SEED=… GB_FUZZ_RUNS=… (found cases become unit tests). */
const SEED = Number(process.env.GB_FUZZ_SEED ?? 20240601);
const FORMATS: StructureFormat[] = ["extxyz", "lammps-data", "lammps-dump", "vasp"];

/** Tool-written fixtures by format. */
const fixtures = new Map<StructureFormat, string[]>(FORMATS.map((f) => [f, []]));
for (const name of readdirSync(tools)) {
  const f = formatFromName(name);
  if (f) fixtures.get(f)!.push(readFileSync(join(tools, name), "utf8"));
}

/** Random structures our writers can write in every format (right-handed lower-triangular cells). */
const structureArb = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    diag: fc.tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true })),
    tilt: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
    pbcZ: fc.boolean(),
    seed: fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 15, maxLength: 15 }),
    labels: fc.array(fc.constantFrom("A", "B", "Cu", "Si", "1", "2"), { minLength: 5, maxLength: 5 }),
  })
  .map(({ n, diag, tilt, pbcZ, seed, labels }) => {
    const species = labels.slice(0, n);
    return new Structure({
      positions: seed.slice(0, 3 * n),
      species,
      cell: [[diag[0], 0, 0], [tilt[0], diag[1], 0], [tilt[1], tilt[2], diag[2]]],
      pbc: [true, true, pbcZ],
      // one mass per label (LAMMPS types carry one mass)
      masses: species.map((l) => 1 + l.charCodeAt(0) / 64),
    });
  });

/** A valid file of `format`: a tool fixture or our writer's output for a random structure. */
const validFile = (format: StructureFormat) =>
  fc.oneof(
    fc.constantFrom(...fixtures.get(format)!),
    fc
      .array(structureArb, { minLength: 1, maxLength: format === "extxyz" || format === "lammps-dump" ? 3 : 1 })
      .filter((s) => format !== "vasp" || s.every((x) => x.species.every((l) => !/^\d+$/.test(l))))
      .map((s) => formatStructure(s, format)),
  );

const HOSTILE_TOKENS = [
  "nan", "-nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "1e-400", "-0", "0", "-1", "1e12", "1000000000000",
  "9007199254740993", "99999999999999999999", "2147483648", "abc", "", "1.2.3", "0x10", "T", "F", "#", "ITEM:", "Atoms",
  "Masses", "\"", "'", "=", "{", "Lattice=\"1", "Properties=pos:R:3", "Direct", "Selective", "xy xz yz", "atoms",
];
const HOSTILE_CHARS = ["0", "9", "-", ".", "e", " ", "\n", "\r", "\t", "#", "\"", "=", ":", "x", "T", "\u0000", "é"];

/** One mutation of a text. */
const mutated = (format: StructureFormat) =>
  validFile(format).chain((text) =>
    fc.oneof(
      // truncation
      fc.nat({ max: text.length }).map((k) => ({ text: text.slice(0, k), original: text, kind: "truncate" as const })),
      // a character replaced
      fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.constantFrom(...HOSTILE_CHARS)).map(([k, c]) => ({ text: text.slice(0, k) + c + text.slice(k + 1), original: text, kind: "byte" as const })),
      // a whitespace-separated token replaced
      fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_TOKENS)).map(([k, tok]) => {
        const parts = text.split(/(\s+)/);
        const words = parts.map((p, i) => [p, i] as const).filter(([p]) => p.trim() !== "");
        if (words.length > 0) parts[words[k % words.length]![1]] = tok;
        return { text: parts.join(""), original: text, kind: "token" as const };
      }),
      // a line deleted, duplicated or swapped with another
      fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("delete", "duplicate", "swap")).map(([a, b, op]) => {
        const lines = text.split("\n");
        const i = a % lines.length, j = b % lines.length;
        if (op === "delete") lines.splice(i, 1);
        else if (op === "duplicate") lines.splice(i, 0, lines[i]!);
        else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        return { text: lines.join("\n"), original: text, kind: "lines" as const };
      }),
      // an oversized count: the first integer token (or any integer token) made huge
      fc.tuple(fc.nat(), fc.constantFrom("1000000000000", "9007199254740991", "4294967296")).map(([k, big]) => {
        const parts = text.split(/(\s+)/);
        const ints = parts.map((p, i) => [p, i] as const).filter(([p]) => /^\d+$/.test(p));
        if (ints.length > 0) parts[ints[k % Math.min(ints.length, 4)]![1]] = big;
        return { text: parts.join(""), original: text, kind: "oversize" as const };
      }),
    ),
  );

type Outcome = { frames: Structure[] } | { error: StructureFileError };

/** Parses; anything but Structures or a StructureFileError fails the test; so does a slow parse. */
function outcome(text: string, format: StructureFormat): Outcome {
  const t0 = performance.now();
  try {
    const frames = [...parseFrames(text, format, { file: "hostile" })];
    for (const s of frames) {
      s.validate();
      expect(s.positions.every(Number.isFinite)).toBe(true);
      expect(s.positions.length).toBe(3 * s.n);
    }
    return { frames };
  } catch (e) {
    if (!(e instanceof StructureFileError)) {
      throw new Error(`${format}: ${String(e)} (not a StructureFileError) for input:\n${JSON.stringify(text.slice(0, 2000))}`);
    }
    expect(e.file).toBe("hostile");
    expect(e.line).toBeGreaterThanOrEqual(0);
    expect(e.line).toBeLessThanOrEqual(text.split(/\r\n|\n|\r/).length + 1);
    expect(e.message.startsWith(`hostile:${e.line}: `)).toBe(true);
    return { error: e };
  } finally {
    expect(performance.now() - t0).toBeLessThan(2000);
  }
}

describe("hostile inputs: a Structure or a StructureFileError, never anything else", () => {
  for (const format of FORMATS) {
    it(`${format}: truncated, garbled, reordered, oversized`, () => {
      const kinds = { frames: 0, errors: 0 };
      fc.assert(
        fc.property(mutated(format), ({ text, original, kind }) => {
          const o = outcome(text, format);
          if ("frames" in o) kinds.frames++;
          else kinds.errors++;
          if (kind === "truncate" && "frames" in o) {
            // a truncated file that still parses is a prefix of the original: the same atoms and cells,
            // except the coordinates of the one atom whose line was cut
            const full = [...parseFrames(original, format)];
            expect(o.frames.length).toBeLessThanOrEqual(full.length);
            o.frames.forEach((s, k) => {
              const f = full[k]!;
              expect(s.n).toBe(f.n);
              expect(s.species).toEqual(f.species);
              expect(Array.from(s.cell)).toEqual(Array.from(f.cell));
              let differing = 0;
              for (let i = 0; i < s.n; i++) {
                if ([0, 1, 2].some((a) => s.positions[3 * i + a] !== f.positions[3 * i + a])) differing++;
              }
              expect(differing).toBeLessThanOrEqual(k === o.frames.length - 1 ? 1 : 0);
            });
          }
        }),
        { numRuns: Number(process.env.GB_FUZZ_RUNS ?? 400), seed: SEED },
      );
      // both outcomes occur, so the mutations are neither all harmless nor all fatal
      expect(kinds.frames).toBeGreaterThan(0);
      expect(kinds.errors).toBeGreaterThan(0);
    });
  }

  it("our writers round-trip random structures exactly (xyz, data, dump, Cartesian POSCAR)", () => {
    fc.assert(
      fc.property(structureArb, fc.constantFrom(...FORMATS), (s, format) => {
        if (format === "vasp" && s.species.some((l) => /^\d+$/.test(l))) {
          expect(() => formatStructure(s, format)).toThrow(/is a number/);
          return;
        }
        const back = [...parseFrames(formatStructure(s, format), format)][0]!;
        expect(back.species).toEqual(s.species);
        expect(Array.from(back.positions)).toEqual(Array.from(s.positions));
        // LAMMPS files stretch the box along an open axis when atoms stick out of the cell (c here)
        const sticksOut = !s.pbc[2] && s.fractional().some((f, i) => i % 3 === 2 && (f < 0 || f >= 1));
        const rows = format.startsWith("lammps") && sticksOut ? 6 : 9;
        // a stretched box has a non-zero origin: lx = (xlo + lx) − xlo may round in the last bit
        if (format === "lammps-dump" || rows === 6) {
          for (let k = 0; k < rows; k++) expect(Math.abs(back.cell[k]! - s.cell[k]!)).toBeLessThanOrEqual(4e-15 * 12);
        } else {
          expect(Array.from(back.cell.slice(0, rows))).toEqual(Array.from(s.cell.slice(0, rows)));
        }
        if (format !== "vasp") expect(back.pbc).toEqual(format === "lammps-data" ? [true, true, true] : s.pbc);
        if (format === "extxyz" || format === "lammps-data") expect(Array.from(back.masses)).toEqual(Array.from(s.masses));
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("a header claiming 10^12 atoms fails at the end of the input without allocating for them", () => {
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    for (const [text, format] of [
      ["1000000000000\n\nH 0 0 0\n", "extxyz"],
      ["t\n\n1000000000000 atoms\n1 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\n\nAtoms # atomic\n\n1 1 0 0 0\n", "lammps-data"],
      ["t\n\n1 atoms\n1000000000000 atom types\n\nMasses\n\n1 1\n", "lammps-data"],
      ["ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n9007199254740991\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0 0\n", "lammps-dump"],
      ["c\n1\n1 0 0\n0 1 0\n0 0 1\nH\n1000000000000\nDirect\n0 0 0\n", "vasp"],
    ] as const) {
      const o = outcome(text, format);
      expect("error" in o && o.error.problem).toMatch(/ends/);
    }
    expect(performance.now() - t0).toBeLessThan(500);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 2 ** 20);
  });

  it("the engine still works afterwards", () => {
    scoped(() => {
      const p = putF64([1.5, -2.5, 3]);
      expect(Array.from(readF64(p, 3))).toEqual([1.5, -2.5, 3]);
    });
    // simple cubic 3×3×3, spacing 1, cutoff 1.1: six neighbors each
    const pos: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) pos.push(i, j, k);
    const s = new Structure({ positions: pos, species: new Array(27).fill("A"), cell: [[3, 0, 0], [0, 3, 0], [0, 0, 3]] });
    const nl = neighborList(s, { cutoff: 1.1 });
    expect(nl.j.length).toBe(27 * 6);
  });
});
