/**
 * `glassbox vdos FILE --potential SPEC [--relax] [--eigen jacobi|tridiagonal] [--sigma S] [--json]`:
 * the vibrational density of states of a structure from its dense dynamical matrix.
 *
 * Also exports the structure/potential loading shared with `glassbox thermal`.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { EighMethod } from "../eigen.js";
import { checkDenseFits } from "../hessian.js";
import { parseTypes } from "../io/index.js";
import { readStructure } from "../node/io.js";
import { potentialFromSpec } from "../potentials/index.js";
import type { Potential } from "../potentials/potential.js";
import { maxAtomForce, relax } from "../relax.js";
import { participationRatios, vdos, vibrationalModes, zeroModeCount } from "../spectra.js";
import { frequencyFactor } from "../units.js";
import { Structure } from "../structure.js";
import { UsageError, numberOption, printJson } from "./program.js";

/** Options shared by the commands that build a Hessian from a structure file. */
export interface SystemOptions {
  potential: string;
  types?: string;
  format?: string;
  dimension?: number;
  relax?: boolean;
  fmax?: number;
  eigen?: string;
}

/** Prints a warning to stderr, one line, prefixed so it stands out. */
export function warn(message: string): void {
  process.stderr.write(`glassbox: WARNING: ${message}\n`);
}

/** Adds the structure/potential options to a command. */
export function systemOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--potential <spec>", "potential: kob-andersen[:cut|shift|smooth], lj:FILE, tersoff:FILE, eam:FILE, zhou:Cu,Al,Zr")
    .option("--types <labels>", "labels of LAMMPS atom types 1,2,… (e.g. A,B)")
    .option("--format <name>", "structure format (default: from the file name or content)")
    .option("--dimension <d>", "degrees of freedom per atom: 2 for a 2D model system (pbc T T F), default 3", numberOption("--dimension", 2, true))
    .option("--relax", "relax with FIRE at fixed cell before the Hessian")
    .option("--fmax <F>", "force tolerance of --relax (ε/σ or eV/Å)", numberOption("--fmax", 0), 1e-8)
    .option("--eigen <method>", "eigensolver: tridiagonal (fast) or jacobi (accurate reference)", "tridiagonal");
}

/** The eigensolver named by --eigen. */
export function eigenMethod(name: string | undefined): EighMethod {
  const m = name ?? "tridiagonal";
  if (m !== "tridiagonal" && m !== "jacobi") throw new UsageError(`--eigen must be "tridiagonal" or "jacobi", got "${m}"`);
  return m;
}

/** A structure ready for a Hessian: read, given its dimension, checked against the potential, relaxed if asked. */
export interface LoadedSystem {
  structure: Structure;
  potential: Potential;
  /** Largest per-atom force after loading (and relaxing): ε/σ or eV/Å. */
  maxForce: number;
  /** Relaxation summary when --relax was given. */
  relaxation?: { iterations: number; converged: boolean; maxForce: number };
}

/**
 * Reads FILE and the potential named by the options; checks that `denseCopies` dense (dN)×(dN) matrices fit
 * in wasm32 memory (before any work, with a message naming N); relaxes if asked; warns about residual forces.
 */
export async function loadSystem(file: string, opts: SystemOptions, denseCopies = 1): Promise<LoadedSystem> {
  const potential = potentialFromSpec(opts.potential, { readText: (p) => readFileSync(p, "utf8"), onWarning: warn });
  const readOpts: Record<string, unknown> = {};
  if (opts.types) readOpts.types = parseTypes(opts.types);
  if (opts.format) readOpts.format = opts.format;
  let structure = await readStructure(file, readOpts);
  const d = opts.dimension ?? 3;
  if (d !== 2 && d !== 3) throw new UsageError(`--dimension must be 2 or 3, got ${d}`);
  if (d !== structure.dimension) {
    if (d === 2 && structure.pbc[2]) throw new UsageError(`--dimension 2 needs a structure that is not periodic along c (${file} has pbc T T T)`);
    structure = new Structure({
      positions: structure.positions, species: structure.species, cell: structure.cell, pbc: structure.pbc,
      masses: structure.masses, dimension: d, info: structure.info,
    });
  }
  checkDenseFits(structure.n, structure.dimension, denseCopies, "dense dynamical matrix");
  potential.check(structure);
  let relaxation: LoadedSystem["relaxation"];
  if (opts.relax) {
    const r = relax(structure, potential, { fmax: opts.fmax ?? 1e-8, onWarning: warn });
    structure = r.structure;
    relaxation = { iterations: r.iterations, converged: r.converged, maxForce: r.maxForce };
  }
  const forces = potential.compute(structure, { forces: true }).forces!;
  let maxForce: number;
  if (structure.dimension === 2) {
    maxForce = 0;
    for (let i = 0; i < structure.n; i++) maxForce = Math.max(maxForce, Math.hypot(forces[3 * i]!, forces[3 * i + 1]!));
  } else {
    maxForce = maxAtomForce(forces);
  }
  if (maxForce > 1e-4) {
    warn(`${file} is not at an energy minimum: max |F| = ${maxForce.toExponential(3)} (${potential.units === "metal" ? "eV/Å" : "ε/σ"}); harmonic properties assume one — use --relax`);
  }
  return relaxation ? { structure, potential, maxForce, relaxation } : { structure, potential, maxForce };
}

interface VdosCliOptions extends SystemOptions {
  sigma?: number;
  omegaMin?: number;
  omegaMax?: number;
  omegaStep?: number;
  allModes?: boolean;
  angular?: boolean;
  participation?: boolean;
  json?: boolean;
}

/** Registers `glassbox vdos`. */
export function register(program: Command): void {
  const cmd = program
    .command("vdos")
    .description(
      "vibrational density of states: dense dynamical matrix D = M^-1/2 H M^-1/2, its eigenvalues λ = ω², and a Gaussian-broadened " +
        "D(ω) normalised over the dN − d non-zero modes (∫D dω = 1). Frequencies: THz (cyclic ν) in metal units, τ⁻¹ (angular ω = √λ) in LJ units.",
    )
    .argument("<file>", "structure file (extxyz, LAMMPS data or dump, POSCAR)");
  systemOptions(cmd)
    .option("--sigma <S>", "Gaussian width in output frequency units (default 1% of the highest frequency)", numberOption("--sigma", 0))
    .option("--omega-min <w>", "first grid point (default min(0, lowest − 5σ))", numberOption("--omega-min"))
    .option("--omega-max <w>", "last grid point (default highest + 5σ)", numberOption("--omega-max"))
    .option("--omega-step <dw>", "grid spacing (default σ/5)", numberOption("--omega-step", 0))
    .option("--all-modes", "reference convention: 1/(dN) over all dN modes, zero modes included")
    .option("--angular", "metal units: report angular ω in rad/ps instead of cyclic ν in THz")
    .option("--participation", "also compute participation ratios (needs eigenvectors)")
    .option("--json", "print one JSON object")
    .action(async (file: string, opts: VdosCliOptions) => {
      const method = eigenMethod(opts.eigen);
      if (opts.sigma !== undefined && !(opts.sigma > 0)) throw new UsageError(`--sigma must be > 0, got ${opts.sigma}`);
      if (opts.omegaStep !== undefined && !(opts.omegaStep > 0)) throw new UsageError(`--omega-step must be > 0, got ${opts.omegaStep}`);
      const vectors = opts.participation === true || method === "jacobi";
      const sys = await loadSystem(file, opts, vectors ? 2 : 1);
      const { structure, potential } = sys;
      const d = structure.dimension;
      const n = d * structure.n;
      const eig = vibrationalModes(structure, potential, { eigen: method, vectors: opts.participation === true });
      const metal = potential.units === "metal";
      const scale = metal ? frequencyFactor("metal", opts.angular ? "angular" : "cyclic") : 1; // THz: 15.633302, the reference convention
      const unit = metal ? (opts.angular ? "rad/ps" : "THz") : "1/τ";
      const v = vdos(eig.values, {
        dimension: d,
        zeroModes: zeroModeCount(d, structure.pbc),
        allModes: opts.allModes === true,
        frequencyScale: scale,
        ...(opts.sigma !== undefined ? { sigma: opts.sigma } : {}),
        ...(opts.omegaMin !== undefined ? { omegaMin: opts.omegaMin } : {}),
        ...(opts.omegaMax !== undefined ? { omegaMax: opts.omegaMax } : {}),
        ...(opts.omegaStep !== undefined ? { omegaStep: opts.omegaStep } : {}),
      });
      for (const w of v.modes.warnings) warn(w);
      const pr = opts.participation ? participationRatios(eig.vectors!, n, d) : undefined;
      const lambdaUnit = metal ? "eV/(Å²·amu)" : "ε/(σ²·m)";
      if (opts.json) {
        printJson({
          eigenvalues: Array.from(eig.values),
          omega: Array.from(v.omega),
          dos: Array.from(v.dos),
          imaginary: v.modes.imaginary,
          omega2_mean: v.omega2Mean,
          trace_mean: v.traceMean,
          zero_modes: v.modes.zeroModes,
          zero_mode_max_abs: v.modes.zeroModeMaxAbs,
          sigma: v.sigma,
          normalisation: v.normalisation,
          integral: v.integral,
          frequency_unit: unit,
          eigenvalue_unit: lambdaUnit,
          mode_frequencies: Array.from(v.modeOmega),
          ...(pr ? { participation_ratio: Array.from(pr) } : {}),
          n_atoms: structure.n,
          dimension: d,
          potential: potential.name,
          eigen: method,
          max_force: sys.maxForce,
          ...(sys.relaxation ? { relaxation: sys.relaxation } : {}),
          warnings: v.modes.warnings,
        });
        return;
      }
      const out: string[] = [];
      out.push(`# ${file}: N = ${structure.n}, d = ${d}, ${potential.name}, ${method}; max |F| = ${sys.maxForce.toExponential(2)}`);
      out.push(`# zero modes excluded: ${v.modes.zeroModes} (largest |λ| ${v.modes.zeroModeMaxAbs.toExponential(2)}); imaginary modes: ${v.modes.imaginary}`);
      out.push(`# <ω²> = ${v.omega2Mean.toPrecision(10)} ${lambdaUnit} over non-zero modes; Tr(D)/(dN) = ${v.traceMean.toPrecision(10)}`);
      out.push(`# σ = ${v.sigma.toPrecision(6)} ${unit}; normalisation ${v.normalisation}; ∫D = ${v.integral.toFixed(6)}`);
      out.push(`# omega(${unit}) dos(${metal ? `1/${unit}` : "τ"})`);
      for (let j = 0; j < v.omega.length; j++) out.push(`${v.omega[j]!.toPrecision(8)} ${v.dos[j]!.toExponential(8)}`);
      process.stdout.write(out.join("\n") + "\n");
    });
}
