/**
 * `glassbox thermal FILE --potential SPEC --T 300 [--broadening 5] [--json]`: harmonic heat capacity and
 * Allen–Feldman thermal conductivity of a structure.
 */
import type { Command } from "commander";
import { allenFeldman, DEFAULT_BROADENING_SPACINGS, type BroadeningKind } from "../thermal.js";
import { GlassboxError } from "../structure.js";
import { UsageError, numberOption, printJson } from "./program.js";
import { eigenMethod, loadSystem, systemOptions, warn, type SystemOptions } from "./vdos.js";

/** Parses a comma-separated list of positive numbers, naming the option on failure. */
function positiveList(name: string) {
  return (text: string, previous?: number[]): number[] => {
    const values = text.split(",").map((t) => {
      const v = Number(t);
      if (t.trim() === "" || !Number.isFinite(v) || !(v > 0)) throw new UsageError(`${name} must be positive numbers (comma-separated), got "${text}"`);
      return v;
    });
    return [...(previous ?? []), ...values];
  };
}

interface ThermalCliOptions extends SystemOptions {
  T?: number[];
  broadening?: number[];
  broadeningKind?: string;
  hbar?: number;
  classical?: boolean;
  thickness?: number;
  strict?: boolean;
  modes?: boolean;
  json?: boolean;
}

/** Registers `glassbox thermal`. */
export function register(program: Command): void {
  const cmd = program
    .command("thermal")
    .description(
      "harmonic heat capacity C(T) and Allen–Feldman thermal conductivity κ(T) (per-image velocity operator, dense modes). " +
        "Metal units: T in K, κ in W/(m·K), C per atom in k_B and J/(mol·K). LJ units: T in ε/k_B, κ in k_B/(τ·σ), classical C unless --hbar.",
    )
    .argument("<file>", "structure file (extxyz, LAMMPS data or dump, POSCAR)");
  systemOptions(cmd)
    .option("--T <list>", "temperature(s), comma-separated or repeated (K for metal, ε/k_B for LJ; default 300 or 0.3)", positiveList("--T"))
    .option(
      "--broadening <list>",
      `broadening η of δ(ω − ω′) in mean level spacings (default ${DEFAULT_BROADENING_SPACINGS}); the first is reported as kappa_af, all go into kappa_versus_broadening`,
      positiveList("--broadening"),
    )
    .option("--broadening-kind <kind>", "shape of the broadened δ: gaussian or lorentzian", "gaussian")
    .option("--hbar <h>", "LJ units: reduced Planck constant ħ/(σ√(mε)) for quantum C (argon ≈ 0.0296); default classical", numberOption("--hbar", 0))
    .option("--classical", "classical heat capacity k_B per mode, also in metal units")
    .option("--thickness <t>", "monolayer (pbc T T F): thickness turning the area into a volume (default 3.35 Å)", numberOption("--thickness", 0))
    .option("--strict", "fail (exit 1) when the structure has imaginary modes instead of warning")
    .option("--modes", "include per-mode frequencies (√λ units) and diffusivities in the JSON")
    .option("--json", "print one JSON object")
    .action(async (file: string, opts: ThermalCliOptions) => {
      const method = eigenMethod(opts.eigen);
      const kind = opts.broadeningKind ?? "gaussian";
      if (kind !== "gaussian" && kind !== "lorentzian") throw new UsageError(`--broadening-kind must be "gaussian" or "lorentzian", got "${kind}"`);
      if (opts.thickness !== undefined && !(opts.thickness > 0)) throw new UsageError(`--thickness must be > 0, got ${opts.thickness}`);
      const sys = await loadSystem(file, opts, 5); // D, E, T and up to three V^α
      const { structure, potential } = sys;
      const r = allenFeldman(structure, potential, {
        eigen: method,
        broadeningKind: kind as BroadeningKind,
        ...(opts.T ? { temperatures: opts.T } : {}),
        ...(opts.broadening ? { broadening: opts.broadening } : {}),
        ...(opts.hbar !== undefined ? { hbar: opts.hbar } : {}),
        ...(opts.classical ? { classical: true } : {}),
        ...(opts.thickness !== undefined ? { thickness: opts.thickness } : {}),
      });
      for (const w of r.warnings) warn(w);
      if (r.modes.imaginary > 0 && opts.strict) {
        throw new GlassboxError(`${file}: ${r.modes.imaginary} imaginary modes: the structure is not at a minimum (relax it, or drop --strict)`);
      }
      const metal = r.units === "metal";
      const n = structure.n;
      const one = r.temperatures.length === 1;
      const pick = (xs: number[]) => (one ? xs[0]! : xs);
      const perAtom = r.heatCapacity.map((c) => c / n);
      const perMol = perAtom.map((c) => c * 8.314462618);
      const quantum = metal ? !opts.classical : (opts.hbar ?? 0) > 0 && !opts.classical;
      if (opts.json) {
        printJson({
          temperature: pick(r.temperatures),
          heat_capacity: pick(perAtom),
          heat_capacity_unit: "k_B per atom",
          ...(metal ? { heat_capacity_J_per_mol_K: pick(perMol) } : {}),
          heat_capacity_total: pick(r.heatCapacity),
          heat_capacity_kind: quantum ? "quantum" : "classical",
          kappa_af: pick(r.kappa),
          kappa_unit: r.kappaUnit,
          kappa_classical: r.kappaClassical,
          kappa_tensor_diagonal: one ? r.kappaTensor[0] : r.kappaTensor,
          broadening: { kind: r.broadening.kind, spacings: r.broadening.spacings, eta: r.broadening.eta, mean_level_spacing: r.broadening.meanLevelSpacing, eta_unit: metal ? "√(eV/(Å²·amu)) = 98.2269 rad/ps" : "1/τ" },
          kappa_versus_broadening: r.kappaVersusBroadening.map((k) => ({ spacings: k.spacings, eta: k.eta, kappa: pick(k.kappa), kappa_classical: k.kappaClassical })),
          broadening_sensitivity: { classical_change_per_doubling: r.convergence.changePerDoubling, change_per_doubling: pick(r.convergence.changePerDoublingPerT) },
          imaginary: r.modes.imaginary,
          zero_modes: r.modes.zeroModes,
          volume: r.volume,
          directions: r.directions.map((a) => "xyz"[a]),
          supercell: r.supercell,
          n_atoms: n,
          potential: potential.name,
          eigen: method,
          max_force: sys.maxForce,
          ...(sys.relaxation ? { relaxation: sys.relaxation } : {}),
          ...(opts.modes ? { mode_omega: Array.from(r.omega), mode_diffusivity: Array.from(r.diffusivity), diffusivity_unit: r.diffusivityUnit } : {}),
          warnings: r.warnings,
        });
        return;
      }
      const out: string[] = [];
      out.push(`# ${file}: N = ${n}, ${potential.name}; zero modes ${r.modes.zeroModes}, imaginary ${r.modes.imaginary}; V = ${r.volume.toPrecision(8)}`);
      out.push(`# Allen–Feldman, ${r.broadening.kind} η = ${r.broadening.spacings} mean level spacings (${r.broadening.eta.toPrecision(4)}); κ in ${r.kappaUnit}; C per atom in k_B (${quantum ? "quantum" : "classical"})`);
      out.push(`# T  C/atom${metal ? "  C(J/(mol·K))" : ""}  kappa`);
      r.temperatures.forEach((t, q) => out.push(`${t} ${perAtom[q]!.toPrecision(8)}${metal ? ` ${perMol[q]!.toPrecision(8)}` : ""} ${r.kappa[q]!.toPrecision(8)}`));
      out.push(`# classical-limit kappa ${r.kappaClassical.toPrecision(8)}`);
      out.push(`# convergence: κ changes by ${r.convergence.changePerDoublingPerT.map((x) => `${(100 * x).toFixed(1)}%`).join(", ")} (classical ${(100 * r.convergence.changePerDoubling).toFixed(1)}%) per doubling of η around the headline width`);
      out.push("# spacings  eta  kappa(T…)");
      for (const k of r.kappaVersusBroadening) out.push(`# ${k.spacings.toPrecision(4)} ${k.eta.toPrecision(4)} ${k.kappa.map((x) => x.toPrecision(6)).join(" ")}`);
      process.stdout.write(out.join("\n") + "\n");
    });
}
