/**
 * `glassbox relax FILE --potential SPEC [--fmax F] [--method fire|cg] [--max-steps N] -o OUT [--json]`:
 * minimises the energy at fixed cell and writes the relaxed structure (format from OUT's name or --out-format).
 * Not converging is a warning on stderr (exit 0, the file is still written) unless --strict (exit 1).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { writeStructure } from "../node/io.js";
import { potentialFromSpec } from "../potentials/index.js";
import { relax, type RelaxMethod } from "../relax.js";
import { readForPotential } from "./energy.js";
import { UsageError, numberOption, printJson } from "./program.js";

interface RelaxCliOptions {
  potential: string;
  types?: string;
  format?: string;
  dimension?: number;
  fmax: number;
  method: string;
  maxSteps: number;
  output: string;
  outFormat?: string;
  strict?: boolean;
  json?: boolean;
}

function warn(message: string): void {
  process.stderr.write(`glassbox: WARNING: ${message}\n`);
}

/** Registers `glassbox relax`. */
export function register(program: Command): void {
  program
    .command("relax")
    .description("relax a structure to an energy minimum at fixed cell (FIRE or conjugate gradients)")
    .argument("<file>", "structure file (extxyz, LAMMPS data/dump, POSCAR)")
    .requiredOption("--potential <spec>", "kob-andersen[:cut|shift|smooth], lj:FILE[:variant], tersoff:FILE, eam:FILE, zhou:Cu,Al,Zr")
    .requiredOption("-o, --output <file>", "where to write the relaxed structure")
    .option("--fmax <F>", "force tolerance: largest per-atom |F| (ε/σ or eV/Å)", numberOption("--fmax", 0), 1e-6)
    .option("--method <name>", "fire or cg", "fire")
    .option("--max-steps <n>", "iteration limit", numberOption("--max-steps", 1, true), 20000)
    .option("--types <labels>", "labels of LAMMPS atom types 1,2,… (e.g. A,B)")
    .option("--format <name>", "input format (default: from the file name or content)")
    .option("--out-format <name>", "output format (default: from the output file name)")
    .option("--dimension <d>", "degrees of freedom per atom: 2 for a 2D model system (pbc T T F)", numberOption("--dimension", 2, true))
    .option("--strict", "fail (exit 1) when not converged")
    .option("--json", "print a JSON summary")
    .action(async (file: string, opts: RelaxCliOptions) => {
      if (opts.method !== "fire" && opts.method !== "cg") throw new UsageError(`--method must be fire or cg, got "${opts.method}"`);
      if (!(opts.fmax > 0)) throw new UsageError(`--fmax must be positive, got ${opts.fmax}`);
      const potential = potentialFromSpec(opts.potential, { readText: (p) => readFileSync(p, "utf8"), onWarning: warn });
      const s = await readForPotential(file, opts);
      const t0 = performance.now();
      const r = relax(s, potential, {
        fmax: opts.fmax,
        method: opts.method as RelaxMethod,
        maxSteps: opts.maxSteps,
        strict: opts.strict ?? false,
        onWarning: warn,
      });
      const seconds = (performance.now() - t0) / 1000;
      await writeStructure(opts.output, r.structure, opts.outFormat);
      const summary = {
        converged: r.converged,
        iterations: r.iterations,
        force_evaluations: r.forceEvaluations,
        max_force: r.maxForce,
        energy: r.energy,
        energy_per_atom: r.energy / s.n,
        method: r.method,
        potential: potential.name,
        output: opts.output,
        seconds,
      };
      if (opts.json) printJson(summary);
      else {
        process.stdout.write(
          `${r.converged ? "converged" : "NOT converged"} after ${r.iterations} ${r.method} iterations (${r.forceEvaluations} force evaluations, ${seconds.toFixed(2)} s): ` +
            `max |F_i| = ${r.maxForce.toExponential(3)}, E = ${r.energy} (${r.energy / s.n} per atom); wrote ${opts.output}\n`,
        );
      }
    });
}
