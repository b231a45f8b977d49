// Every reference structure pair (.xyz written by the generator, .data with the same %.10f / repr numbers)
// must read to bit-identical cells, positions and labels, through the string and the streaming paths.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStructure } from "../../src/io/index.js";
import { readStructure } from "../../src/node/io.js";
import { ref } from "../reference.js";

const dirs = [ref("structures"), ref("manybody", "structures")];
const pairs: [string, string][] = [];
for (const d of dirs) {
  for (const f of readdirSync(d)) if (f.endsWith(".xyz")) pairs.push([d, f.slice(0, -4)]);
}

/** Type labels for data files without label comments (reference README: A=1, B=2; C=1). */
function typesFor(name: string): string[] | undefined {
  if (name.startsWith("honeycomb")) return ["C"];
  if (name.startsWith("ka_") || name.startsWith("tri_")) return ["A", "B"];
  return undefined;
}

describe("reference structures: xyz and LAMMPS data agree bit for bit", () => {
  it("finds the reference pairs", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(16);
  });
  for (const [dir, name] of pairs) {
    it(name, async () => {
      const xyzText = readFileSync(`${dir}/${name}.xyz`, "utf8");
      const x = parseStructure(xyzText, undefined, { file: `${name}.xyz` });
      const types = typesFor(name);
      const d = parseStructure(readFileSync(`${dir}/${name}.data`, "utf8"), "lammps-data", types ? { types } : {});
      expect(d.n).toBe(x.n);
      expect(Array.from(d.cell)).toEqual(Array.from(x.cell));
      expect(Array.from(d.positions)).toEqual(Array.from(x.positions));
      expect(d.species).toEqual(x.species);
      // masses: the data file's Masses section, per type (parsed here independently)
      const dataText = readFileSync(`${dir}/${name}.data`, "utf8");
      const section = /\nMasses\s*\n\n([\s\S]*?)\n\n/.exec(dataText)![1]!;
      const massOfType = new Map(section.split("\n").map((l) => l.trim().split(/\s+/)).map((w) => [w[0]!, Number(w[1])]));
      const typeCol = /Atoms # atomic\s*\n\n([\s\S]*)$/.exec(dataText)![1]!.trim().split("\n").map((l) => l.trim().split(/\s+/)[1]!);
      expect(Array.from(d.masses)).toEqual(typeCol.map((t) => massOfType.get(t)));
      // the xyz file has no masses column: default masses of its labels (amu for elements, 1 for A/B)
      if (name.startsWith("ka_") || name.startsWith("tri_") || name.startsWith("honeycomb") || name.startsWith("graphene") || name.startsWith("carbon")) {
        expect(Array.from(d.masses)).toEqual(Array.from(x.masses));
      }
      // the Lattice line's numbers, parsed independently
      const lattice = /Lattice="([^"]*)"/.exec(xyzText)![1]!.trim().split(/\s+/).map(Number);
      expect(Array.from(x.cell)).toEqual(lattice);
      // streaming read from the path gives the same structure
      const s = await readStructure(`${dir}/${name}.xyz`);
      expect(Array.from(s.positions)).toEqual(Array.from(x.positions));
      expect(s.pbc).toEqual(x.pbc);
    });
  }
  it("pbc of the monolayer is T T F", () => {
    const x = parseStructure(readFileSync(ref("structures", "honeycomb_s0.00.xyz"), "utf8"));
    expect(x.pbc).toEqual([true, true, false]);
  });
});
