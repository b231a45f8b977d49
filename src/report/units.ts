/**
 * Axis units of a system's report: what its lengths, frequencies, temperatures and targets are measured in.
 * Browser-safe (plain strings from the generator table).
 */
import { SYSTEMS, type SystemName } from "../generators.js";
import { kappaUnit, type TargetName } from "../datasets/dataset.js";

/** Labels and units of one system's quantities, as printed on axes. */
export interface SystemUnits {
  /** Length unit of r: "σ" (LJ) or "Å". */
  length: string;
  /** Frequency symbol and unit: ω in τ⁻¹ (LJ, angular) or ν in THz (metal units, cyclic). */
  frequencySymbol: string;
  frequency: string;
  /** Temperature unit: "ε/k_B" or "K". */
  temperature: string;
  /** Per target: symbol and unit of the target value (vdos: of D(ω)). */
  targets: Record<TargetName, { symbol: string; unit: string }>;
  /** One sentence defining reduced units, or "" for real units. */
  note: string;
}

/** The units of a system (see {@link SYSTEMS}); unknown names get LJ-style reduced units. */
export function systemUnits(system: SystemName): SystemUnits {
  const spec = SYSTEMS[system];
  const metal = spec?.units === "metal";
  const f = metal ? "ν" : "ω";
  return {
    length: metal ? "Å" : "σ",
    frequencySymbol: f,
    frequency: metal ? "THz" : "τ⁻¹",
    temperature: metal ? "K" : "ε/k_B",
    targets: {
      vdos: { symbol: `D(${f})`, unit: metal ? "THz⁻¹" : "τ" },
      omega2: { symbol: `⟨${f}²⟩`, unit: metal ? "THz²" : "τ⁻²" },
      heat_capacity: { symbol: "C", unit: "k_B per atom" },
      kappa: { symbol: "κ_AF", unit: spec ? kappaUnit(system) : "k_B/(τ·σ)" },
    },
    note: metal ? "" : "Reduced Lennard-Jones units: lengths in σ, energies in ε, τ = σ·(m/ε)^½.",
  };
}
