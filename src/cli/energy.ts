/**
 * `glassbox energy FILE --potential SPEC [--json]`: potential energy, forces and virial of a structure.
 *
 * With --json prints {"energy": E, "forces": [[fx, fy, fz], …], "virial": [xx, yy, zz, xy, xz, yz],
 * "energy_per_atom_mean": E/N, "max_force": F, "units": "lj"|"metal", "potential": SPEC, "n_atoms": N};
 * add --per-atom for "energies": [e_i, …]. Units: ε, ε/σ (LJ) or eV, eV/Å (metal).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseTypes } from "../io/index.js";
import { readStructure } from "../node/io.js";
import { potentialFromSpec } from "../potentials/index.js";
import { maxAtomForce } from "../relax.js";
import { Structure } from "../structure.js";
import { UsageError, numberOption, printJson } from "./program.js";

interface EnergyOptions {
  potential: string;
  types?: string;
  format?: string;
  dimension?: number;
  json?: boolean;
  perAtom?: boolean;
}

/** Prints a warning to stderr, one line. */
function warn(message: string): void {
  process.stderr.write(`glassbox: WARNING: ${message}\n`);
}

/** Reads FILE with the shared --types/--format/--dimension options (used by `energy` and `relax`). */
export async function readForPotential(file: string, opts: { types?: string; format?: string; dimension?: number }): Promise<Structure> {
  const readOpts: Record<string, unknown> = {};
  if (opts.types) readOpts.types = parseTypes(opts.types);
  if (opts.format) readOpts.format = opts.format;
  const s = await readStructure(file, readOpts);
  const d = opts.dimension;
  if (d === undefined || d === s.dimension) return s;
  if (d !== 2 && d !== 3) throw new UsageError(`--dimension must be 2 or 3, got ${d}`);
  if (d === 2 && s.pbc[2]) throw new UsageError(`--dimension 2 needs a structure that is not periodic along c (${file} has pbc T T T)`);
  return new Structure({ positions: s.positions, species: s.species, cell: s.cell, pbc: s.pbc, masses: s.masses, dimension: d, info: s.info });
}

/** Registers `glassbox energy`. */
export function register(program: Command): void {
  program
    .command("energy")
    .description("potential energy, forces and virial of a structure")
    .argument("<file>", "structure file (extxyz, LAMMPS data/dump, POSCAR)")
    .requiredOption("--potential <spec>", "kob-andersen[:cut|shift|smooth], lj:FILE[:variant], tersoff:FILE, eam:FILE, zhou:Cu,Al,Zr")
    .option("--types <labels>", "labels of LAMMPS atom types 1,2,… (e.g. A,B)")
    .option("--format <name>", "structure format (default: from the file name or content)")
    .option("--dimension <d>", "degrees of freedom per atom: 2 for a 2D model system (pbc T T F)", numberOption("--dimension", 2, true))
    .option("--per-atom", "also print per-atom energies")
    .option("--json", "print JSON")
    .action(async (file: string, opts: EnergyOptions) => {
      const potential = potentialFromSpec(opts.potential, { readText: (p) => readFileSync(p, "utf8"), onWarning: warn });
      const s = await readForPotential(file, opts);
      const r = potential.compute(s, { forces: true, virial: true, perAtom: opts.perAtom ?? false });
      const f = r.forces!;
      const forces: number[][] = [];
      for (let i = 0; i < s.n; i++) forces.push([f[3 * i]!, f[3 * i + 1]!, f[3 * i + 2]!]);
      const out: Record<string, unknown> = {
        energy: r.energy,
        forces,
        virial: Array.from(r.virial!),
        energy_per_atom_mean: r.energy / s.n,
        max_force: maxAtomForce(f),
        units: potential.units,
        potential: potential.name,
        n_atoms: s.n,
      };
      if (opts.perAtom) out.energies = Array.from(r.energyPerAtom!);
      if (opts.json) {
        printJson(out);
        return;
      }
      const u = potential.units === "lj" ? { e: "ε", f: "ε/σ" } : { e: "eV", f: "eV/Å" };
      process.stdout.write(
        `${file}: ${s.n} atoms, ${potential.name}\n` +
          `energy        ${r.energy} ${u.e}  (${r.energy / s.n} per atom)\n` +
          `max |F_i|     ${maxAtomForce(f)} ${u.f}\n` +
          `virial        ${Array.from(r.virial!).join(" ")} ${u.e} (xx yy zz xy xz yz)\n`,
      );
    });
}
