/**
 * What a data set is: the system, how many structures from which seed, and how features and targets are
 * binned. Stored in the data set's manifest; two runs with equal specs produce byte-identical data.
 */
import { SYSTEM_NAMES, SYSTEMS, type SamplingOptions, type SystemName } from "../generators.js";
import { version } from "../version.js";

/** The recipe of a data set. Lengths in σ or Å, frequencies in √(ε/m)/σ (LJ) or THz (metal), T in ε/k_B or K. */
export interface DatasetSpec {
  /** Generator system, e.g. "kob-andersen-3d". */
  system: SystemName;
  /** Number of structures. */
  count: number;
  /** Data-set seed (integer). */
  seed: number;
  /** Approximate atoms per structure (default: the system's). */
  atoms?: number;
  /** Parameter ranges of the crystal → glass sampler (default: the system's). */
  sampling?: SamplingOptions;
  /** Features: partial g(r) on [0, rMax) in `bins` bins, concatenated over `pairs` (default all partial keys). */
  rdf: { rMax: number; bins: number; pairs?: string[] };
  /** VDOS target: Gaussian width σ_ω and the grid ω_j = omegaMin + j·omegaStep, j < count. */
  vdos: { sigma: number; omegaMin: number; omegaStep: number; count: number };
  /** Heat-capacity target: temperatures, and ħ* for LJ units (quantum C; 0 or absent = classical). */
  heatCapacity: { temperatures: number[]; hbar?: number };
  /** Allen–Feldman κ target at one temperature and broadening (mean level spacings); null = not computed. */
  kappa: { temperature: number; broadening: number } | null;
}

/** Reduced Planck constant of argon-like LJ, ħ/(σ√(mε)) (de Boer parameter / 2π). */
export const HBAR_ARGON = 0.0296;

interface Defaults {
  rdf: DatasetSpec["rdf"];
  vdos: DatasetSpec["vdos"];
  heatCapacity: DatasetSpec["heatCapacity"];
  kappa: NonNullable<DatasetSpec["kappa"]>;
}

/**
 * Binning per system. g(r) of the Lennard-Jones systems in bins of 0.00125 σ to 2.6 σ, past the LJ cutoff
 * (2.5 σ), which the ⟨ω²⟩ sum rule needs: hard histogram bins lose where each pair sits inside its bin, and
 * on 256-atom Kob–Andersen glasses spanning crystal → glass the exact sum-rule kernel scores R² = 0.997
 * (3D) at 0.005 σ, 0.9992 at 0.0025 σ and 0.9999 at 0.00125 σ; a fitted linear model 0.995 / 0.998 / 0.9997
 * (src/study/presets.ts). The real materials use 0.01 Å bins past their cutoffs.
 */
const DEFAULTS: Record<SystemName, Defaults> = {
  "kob-andersen-3d": {
    rdf: { rMax: 2.6, bins: 2080 },
    vdos: { sigma: 0.5, omegaMin: 0, omegaStep: 0.25, count: 161 },
    heatCapacity: { temperatures: [0.1], hbar: HBAR_ARGON },
    kappa: { temperature: 0.1, broadening: 5 },
  },
  "kob-andersen-2d": {
    rdf: { rMax: 2.6, bins: 2080 },
    vdos: { sigma: 0.5, omegaMin: 0, omegaStep: 0.25, count: 221 },
    heatCapacity: { temperatures: [0.1], hbar: HBAR_ARGON },
    kappa: { temperature: 0.1, broadening: 5 },
  },
  "carbon-monolayer": {
    rdf: { rMax: 4.5, bins: 450 },
    vdos: { sigma: 1.0, omegaMin: 0, omegaStep: 0.4, count: 161 },
    heatCapacity: { temperatures: [300] },
    kappa: { temperature: 300, broadening: 5 },
  },
  sic: {
    rdf: { rMax: 5, bins: 500 },
    vdos: { sigma: 0.6, omegaMin: 0, omegaStep: 0.25, count: 181 },
    heatCapacity: { temperatures: [300] },
    kappa: { temperature: 300, broadening: 5 },
  },
  cualzr: {
    rdf: { rMax: 7.2, bins: 720 },
    vdos: { sigma: 0.2, omegaMin: 0, omegaStep: 0.08, count: 151 },
    heatCapacity: { temperatures: [300] },
    kappa: { temperature: 300, broadening: 5 },
  },
};

/** A complete spec with the system's defaults for everything not given. */
export function defaultSpec(system: string, count: number, seed: number, overrides: Partial<DatasetSpec> = {}): DatasetSpec {
  if (!(SYSTEM_NAMES as readonly string[]).includes(system)) {
    throw new RangeError(`unknown system "${system}"; choose one of ${SYSTEM_NAMES.join(", ")}`);
  }
  const d = DEFAULTS[system as SystemName];
  const spec: DatasetSpec = {
    system: system as SystemName,
    count,
    seed,
    rdf: { ...d.rdf },
    vdos: { ...d.vdos },
    heatCapacity: { ...d.heatCapacity, temperatures: [...d.heatCapacity.temperatures] },
    kappa: { ...d.kappa },
    ...overrides,
  };
  validateSpec(spec);
  return spec;
}

function positiveInt(v: unknown, name: string, max = 1e7): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) throw new RangeError(`${name} must be an integer in [1, ${max}], got ${String(v)}`);
}
function positive(v: unknown, name: string): void {
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a positive number, got ${String(v)}`);
}

/** Checks every field of a spec; the error names the field. */
export function validateSpec(spec: DatasetSpec): void {
  if (!(SYSTEM_NAMES as readonly string[]).includes(spec.system)) throw new RangeError(`system: unknown "${spec.system}"`);
  positiveInt(spec.count, "count", 1e6);
  if (!Number.isSafeInteger(spec.seed) || spec.seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${spec.seed}`);
  if (spec.atoms !== undefined) positiveInt(spec.atoms, "atoms", 1e6);
  positive(spec.rdf?.rMax, "rdf.rMax");
  positiveInt(spec.rdf.bins, "rdf.bins", 1e6);
  positive(spec.vdos?.sigma, "vdos.sigma");
  positive(spec.vdos.omegaStep, "vdos.omegaStep");
  positiveInt(spec.vdos.count, "vdos.count", 1e6);
  if (!Number.isFinite(spec.vdos.omegaMin)) throw new RangeError(`vdos.omegaMin must be finite`);
  if (!Array.isArray(spec.heatCapacity?.temperatures) || spec.heatCapacity.temperatures.length === 0) {
    throw new RangeError("heatCapacity.temperatures must be a non-empty list");
  }
  spec.heatCapacity.temperatures.forEach((t, i) => positive(t, `heatCapacity.temperatures[${i}]`));
  if (spec.kappa !== null) {
    positive(spec.kappa?.temperature, "kappa.temperature");
    positive(spec.kappa.broadening, "kappa.broadening");
  }
}

/** ω grid of a spec (frequency units of the system). */
export function omegaGrid(spec: DatasetSpec): Float64Array {
  return Float64Array.from({ length: spec.vdos.count }, (_, j) => spec.vdos.omegaMin + j * spec.vdos.omegaStep);
}

/** Frequency unit of a system's targets. */
export function frequencyUnit(system: SystemName): string {
  return SYSTEMS[system].units === "metal" ? "THz" : "(ε/m)^½/σ";
}

/** The manifest of a data set directory. */
export interface Manifest {
  format: "glassbox-dataset";
  schemaVersion: 1;
  /** glassbox version that wrote it. */
  packageVersion: string;
  spec: DatasetSpec;
  /** Feature column labels ("A-B:1.2375"), series keys and bin centers. */
  features: { columns: string[]; keys: string[]; centers: number[] };
  /** Target descriptions. */
  targets: {
    vdos: { omega: number[]; unit: string };
    omega2: { unit: string };
    heat_capacity: { temperatures: number[]; unit: string };
    kappa: { temperature: number | null; unit: string };
  };
  /** Files holding the arrays (.npy, float64, C order) and their shapes. */
  arrays: Record<string, { file: string; shape: number[] }>;
}

export const DATASET_FORMAT = "glassbox-dataset";
export const DATASET_SCHEMA_VERSION = 1;

/** Package version written into manifests. */
export const packageVersion = version;
