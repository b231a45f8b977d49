/**
 * Seeded generators of relaxed structures spanning crystal → glass, for the five systems of the study:
 *
 * | system | crystal | potential | units |
 * |---|---|---|---|
 * | `kob-andersen-3d` | fcc, 80:20 A:B random, ρ = 1.2 σ⁻³ | `kob-andersen:smooth` | LJ |
 * | `kob-andersen-2d` | triangular, 65:35 A:B random, ρ = 1.2 σ⁻², d = 2 | `kob-andersen:smooth` | LJ |
 * | `carbon-monolayer` | honeycomb, C–C 1.4605 Å (the potential's flat-sheet minimum; graphene's 1.42 Å buckles), periodic in-plane, 20 Å box | Tersoff 1989 (C) | metal |
 * | `sic` | zincblende, a = 4.36 Å | Tersoff 1989 (Si–C) | metal |
 * | `cualzr` | fcc random solid solution Cu46Zr46Al8, a = 4.12 Å | Zhou 2004 EAM | metal |
 *
 * Disorder, from the crystal (every route ends with a relaxation to a minimum: FIRE, or L-BFGS where FIRE
 * crawls, see {@link SystemSpec.minimizer}):
 * - `displace`: Gaussian displacements of standard deviation σ per coordinate (σ or Å; x, y only in 2D).
 *   For Kob–Andersen, σ ≲ 0.12 relaxes back to the crystal; larger σ gives glassy minima.
 * - `partial`: partial amorphisation — a compact region (sphere, or disk for sheets) holding a fraction f
 *   of the atoms is melted by Langevin MD while the rest is held fixed, then quenched at `coolingRate`
 *   (or instantly); f = 0 is the crystal, f = 1 a melt–quench glass. Sweeping f spans the continuum.
 * - `melt-quench`: the whole cell is melted and cooled at `coolingRate` (temperature per τ, or K/ps);
 *   rates over decades give different glasses.
 * Not every starting crystal is a minimum. The random-substitution crystals of Kob–Andersen (fcc in 3D,
 * triangular in 2D, ρ = 1.2) and of Cu46Zr46Al8 (fcc) are mechanically unstable and relax into glasses
 * from any σ or f: measured on 256-atom 3D KA, starts displaced by σ = 0.001 σ reach E ≈ −6.72 ε per atom
 * with a liquid-like g(r), like melt-quenched glasses (−6.65 … −6.76), and ordered variants (L1₂, Fe₄N
 * type) collapse too (in 3D every fcc A–B distance, 1.056 σ, lies beyond the A–B inflection point,
 * 0.995 σ). For these three systems the data sets therefore span glasses of different stability (cooling
 * rate), not crystal → glass, and their VDOS varies little from structure to structure. Carbon sheets and
 * SiC keep their crystals, and small σ or f relax back to them (see their sampling ranges).
 * After relaxation the Hessian spectrum is checked: imaginary modes (a saddle, not a minimum) are
 * followed downhill (push along the unstable modes, re-relax); a structure that keeps them is rejected
 * and generated again from the next random stream (`attempt`).
 *
 * Determinism: a call is fully determined by (system, seed, index, parameters). Each structure draws from
 * its own xoshiro256** stream (seed, system, index, attempt), and every transcendental runs in
 * WebAssembly, so results are byte-identical across runs, workers and engines (Node, browsers).
 * The same (seed, index) with different σ uses the same species order and the same unit Gaussian
 * pattern, so a σ sweep is a continuous family.
 */
import { eigh } from "./eigen.js";
import { toDense } from "./hessian.js";
import { assignSpecies, fcc, fccLatticeConstant, honeycomb, triangular, triangularSpacing, zincblende } from "./lattices.js";
import { cool, hold, runMD, wasmMath, type TemperatureSegment } from "./md.js";
import { TERSOFF_SIC_1989, TERSOFF_SIC_1989_NAME } from "./potentials/data/tersoff-sic-1989.js";
import { zhouFromSpec } from "./potentials/eam.js";
import { kobAndersen } from "./potentials/lj.js";
import type { Potential, Units } from "./potentials/potential.js";
import { tersoffFromText } from "./potentials/tersoff.js";
import { relax, type RelaxMethod } from "./relax.js";
import { Rng, streamId } from "./random.js";
import { classifyModes, zeroModeCount } from "./spectra.js";
import { GlassboxError, type Structure } from "./structure.js";

/** The systems the generators know. */
export type SystemName = "kob-andersen-3d" | "kob-andersen-2d" | "carbon-monolayer" | "sic" | "cualzr";

/** All system names, as spelled on the command line. */
export const SYSTEM_NAMES: readonly SystemName[] = ["kob-andersen-3d", "kob-andersen-2d", "carbon-monolayer", "sic", "cualzr"];

/** Disorder routes. */
export type DisorderMethod = "displace" | "partial" | "melt-quench";

/** Numbers that define how a system is made; see {@link SYSTEMS}. */
export interface SystemSpec {
  /** Name, as on the command line. */
  readonly name: SystemName;
  /** One line for help texts. */
  readonly description: string;
  /** Degrees of freedom per atom. */
  readonly dimension: 2 | 3;
  /** Unit system: lengths σ or Å, temperatures ε/k_B or K, times τ or ps. */
  readonly units: Units;
  /** Default number of atoms (the nearest size the lattice allows is used). */
  readonly defaultAtoms: number;
  /** Composition (number fractions) of the crystal. */
  readonly composition: Readonly<Record<string, number>>;
  /** Lattice constant: fcc cube edge (σ or Å), triangular spacing (σ), bond length (Å), zincblende cube edge (Å). */
  readonly latticeConstant: number;
  /** Molecular dynamics: time step (τ or ps). */
  readonly dt: number;
  /** Melting temperature held during `meltTime` (ε/k_B or K). */
  readonly meltTemperature: number;
  /** Time at the melting temperature (τ or ps). */
  readonly meltTime: number;
  /** Temperature the controlled cooling starts from, after the melt (ε/k_B or K). */
  readonly liquidTemperature: number;
  /** Time at the liquid temperature before cooling (τ or ps). */
  readonly liquidTime: number;
  /** Temperature the cooling ends at, before minimisation (ε/k_B or K). */
  readonly finalTemperature: number;
  /** Langevin damping time 1/γ (τ or ps). */
  readonly damping: number;
  /** Relaxation tolerance on the largest per-atom force (ε/σ or eV/Å). */
  readonly fmax: number;
  /**
   * Minimiser: FIRE, or L-BFGS for the Tersoff systems (amorphous carbon sheets: ~400 force evaluations
   * instead of ~6000 to 1e-5 eV/Å; SiC 2–6× fewer). The EAM keeps FIRE: its energy jumps where a pair
   * crosses the cutoff, which line searches trip over (L-BFGS and CG stalled at 1e-3 eV/Å on CuAlZr).
   */
  readonly minimizer: RelaxMethod;
  /** Largest minimiser iterations per relaxation. */
  readonly maxRelaxSteps: number;
  /**
   * FIRE initial and largest time step (relax's unit-mass dynamics: √(amu)·Å/√eV or reduced). The largest
   * must stay below ~2/ω_max of the unit-mass Hessian, or FIRE keeps restarting.
   */
  readonly fire: { dt: number; dtMax: number };
  /**
   * Gaussian displacements in x, y only (sheets: out-of-plane noise crumples the sheet into states FIRE
   * cannot finish); 2D systems are always in-plane.
   */
  readonly inPlaneDisplacement: boolean;
  /** Largest displacement (σ or Å) of a push along unstable modes. */
  readonly pushAmplitude: number;
  /** Parameter ranges the sampler draws from. */
  readonly sampling: {
    /** σ range (σ or Å). */
    sigma: [number, number];
    /** Melted-fraction range of the partial route (within [0, 1]). */
    fraction: [number, number];
    /** Cooling-rate range, log-uniform (ε/k_B per τ, or K/ps); an upper bound of Infinity allows instant quenches. */
    coolingRate: [number, number];
    /** Route weights: displace, partial, melt-quench. */
    weights: [number, number, number];
  };
  /** The potential. */
  potential(): Potential;
  /** The crystal with about `n` atoms and lattice constant `a`, species assigned by the generator's seeded permutation. */
  crystal(n: number, rng: Rng, a: number): Structure;
}

function nearestInt(x: number, min = 1): number {
  return Math.max(min, Math.floor(x + 0.5));
}

let tersoffCache: Potential | undefined;
function tersoff(): Potential {
  tersoffCache ??= tersoffFromText(TERSOFF_SIC_1989, TERSOFF_SIC_1989_NAME, { name: `tersoff:${TERSOFF_SIC_1989_NAME}` });
  return tersoffCache;
}

const KA_MASSES = { A: 1, B: 1 };

/**
 * The five systems and their protocols. Temperatures: Kob–Andersen melts at T = 3 (ε/k_B) for 2 τ, is held at
 * 2 for 0.5 τ and cooled to 0.3 (3D; T_g ≈ 0.43) or 0.2 (2D); the real materials are melted well above their
 * melting points (carbon 5000 K, SiC 8000 K — Tersoff SiC superheats —, CuAlZr 2500 K) and cooled to 300 K.
 */
export const SYSTEMS: Readonly<Record<SystemName, SystemSpec>> = {
  "kob-andersen-3d": {
    name: "kob-andersen-3d",
    description: "3D Kob–Andersen binary LJ, 80:20, ρ = 1.2, from fcc",
    dimension: 3,
    units: "lj",
    defaultAtoms: 256,
    composition: { A: 80, B: 20 },
    latticeConstant: 0, // 0: from ρ = 1.2, a = (4/ρ)^⅓ = 1.4938 σ (computed in WebAssembly when used)
    dt: 0.005,
    meltTemperature: 3.0,
    meltTime: 2, // MSD ≈ 0.8 σ² at T = 3: local order is liquid (structural relaxation time ≪ 1 τ)
    liquidTemperature: 2.0,
    liquidTime: 0.5,
    finalTemperature: 0.3,
    damping: 0.2,
    fmax: 1e-6,
    minimizer: "fire",
    maxRelaxSteps: 20000,
    fire: { dt: 0.003, dtMax: 0.03 }, // measured: 0.005/0.05 took 2–5× more iterations (restarts)
    inPlaneDisplacement: false,
    pushAmplitude: 0.05,
    // rates over two decades; the MD cost grows as 1/rate (rate 0.1: 3400 steps from T = 2 to 0.3; mean
    // over the range 1230 steps with the melt). Rates ≳ 2 are instant quenches for a 0.2 τ thermostat.
    sampling: { sigma: [0, 0.3], fraction: [0, 1], coolingRate: [0.1, 10], weights: [0.25, 0.5, 0.25] },
    potential: () => kobAndersen("smooth"),
    crystal(n, rng, a) {
      const m = nearestInt(wasmMath.cbrt(n / 4), 2);
      return assignSpecies(fcc(a, [m, m, m]), this.composition, rng, KA_MASSES);
    },
  },
  "kob-andersen-2d": {
    name: "kob-andersen-2d",
    description: "2D Kob–Andersen binary LJ, 65:35, ρ = 1.2, from a triangular lattice (d = 2)",
    dimension: 2,
    units: "lj",
    defaultAtoms: 256,
    composition: { A: 65, B: 35 },
    latticeConstant: 0, // 0: from ρ = 1.2, a = √(2/(√3 ρ)) = 0.9809 σ
    dt: 0.005,
    meltTemperature: 3.0,
    meltTime: 2, // MSD ≈ 0.8 σ² at T = 3: local order is liquid (structural relaxation time ≪ 1 τ)
    liquidTemperature: 2.0,
    liquidTime: 0.5,
    finalTemperature: 0.2,
    damping: 0.2,
    fmax: 1e-6,
    minimizer: "fire",
    maxRelaxSteps: 20000,
    fire: { dt: 0.003, dtMax: 0.03 }, // measured: 0.005/0.05 took 2–5× more iterations (restarts)
    inPlaneDisplacement: true,
    pushAmplitude: 0.05,
    // rates over two decades; the MD cost grows as 1/rate (rate 0.1: 3400 steps from T = 2 to 0.3; mean
    // over the range 1230 steps with the melt). Rates ≳ 2 are instant quenches for a 0.2 τ thermostat.
    sampling: { sigma: [0, 0.3], fraction: [0, 1], coolingRate: [0.1, 10], weights: [0.25, 0.5, 0.25] },
    potential: () => kobAndersen("smooth"),
    crystal(n, rng, a) {
      // rectangular 2-atom cells (a, √3 a): nb ≈ √(n / 2√3) rows for a near-square box
      const nb = nearestInt(Math.sqrt(n / (2 * Math.sqrt(3))));
      const na = nearestInt(n / (2 * nb));
      return assignSpecies(triangular(a, [na, nb]), this.composition, rng, KA_MASSES);
    },
  },
  "carbon-monolayer": {
    name: "carbon-monolayer",
    description: "monolayer carbon, honeycomb, Tersoff 1989 C–C (bond 1.4605 Å, its zero-stress value), periodic in-plane",
    dimension: 3,
    units: "metal",
    defaultAtoms: 448,
    composition: { C: 1 },
    // Tersoff 1989's flat-sheet minimum; at graphene's 1.42 Å the sheet is 2.8 % compressed and buckles
    // (68 imaginary modes), so a fixed-cell relaxation never reaches a flat crystal. Pass
    // latticeConstant: 1.42 to get that cell anyway.
    latticeConstant: 1.4605,
    dt: 0.0005,
    meltTemperature: 5000,
    meltTime: 0.5,
    liquidTemperature: 4000,
    liquidTime: 0.2,
    finalTemperature: 300,
    damping: 0.05,
    fmax: 1e-5,
    minimizer: "lbfgs",
    maxRelaxSteps: 20000,
    fire: { dt: 0.02, dtMax: 0.1 }, // 0.1/1.0 took 8× more iterations on displaced sheets
    inPlaneDisplacement: true,
    pushAmplitude: 0.05,
    // Displacement only by default: the sheet barely melts in 0.5 ps even at 8000 K (MSD 0.5 Å²), so MD
    // routes need long runs. Measured on 200-atom sheets: every σ < 0.27 Å relaxes back to the perfect sheet
    // (E = −7.3955 eV/atom; 19 of 40 structures with σ ∈ [0, 0.45]), σ = 0.27–0.45 gives defected sheets
    // (−7.35 … −6.70) and σ ≳ 0.5 amorphous ones (−6.4 … −6.6): [0.25, 0.6] keeps a few crystals and spans
    // the rest of the continuum.
    sampling: { sigma: [0.25, 0.6], fraction: [0, 1], coolingRate: [1000, Infinity], weights: [1, 0, 0] },
    potential: tersoff,
    crystal(n, _rng, a) {
      // rectangular 4-atom cells (3b, √3 b): na ≈ √(n / 4√3) for a near-square sheet
      const na = nearestInt(Math.sqrt(n / (4 * Math.sqrt(3))));
      const nb = nearestInt(n / (4 * na));
      return honeycomb(a, [na, nb], { species: "C", vacuum: 20 });
    },
  },
  sic: {
    name: "sic",
    description: "SiC, zincblende a = 4.36 Å, Tersoff 1989",
    dimension: 3,
    units: "metal",
    defaultAtoms: 216,
    composition: { Si: 1, C: 1 },
    latticeConstant: 4.36,
    dt: 0.001,
    // Tersoff SiC superheats: at 5000 K the crystal does not melt within 0.5 ps; at 8000 K it does (MSD 2.3 Å²)
    meltTemperature: 8000,
    meltTime: 1,
    liquidTemperature: 5000,
    liquidTime: 0.2,
    finalTemperature: 300,
    damping: 0.1,
    fmax: 1e-5,
    minimizer: "lbfgs",
    maxRelaxSteps: 20000,
    fire: { dt: 0.02, dtMax: 0.2 },
    inPlaneDisplacement: false,
    pushAmplitude: 0.05,
    // half instant quenches, half 10³–10⁴ K/ps (≤ 4.7 ps of MD: slower rates cost minutes per structure).
    // Below σ ≈ 0.16 Å or f ≈ 0.15 every start relaxes back to the perfect crystal (E = −6.1596 eV/atom):
    // with σ ∈ [0, 0.4] and f ∈ [0, 1], 29 of 120 structures were that same crystal, a tight cluster that
    // dominates every per-bin R². These ranges keep a few crystals and spread the rest over the continuum.
    sampling: { sigma: [0.15, 0.4], fraction: [0.1, 1], coolingRate: [1000, Infinity], weights: [0.5, 0.5, 0] },
    potential: tersoff,
    crystal(n, _rng, a) {
      const m = nearestInt(wasmMath.cbrt(n / 8));
      return zincblende(a, [m, m, m], ["Si", "C"]);
    },
  },
  cualzr: {
    name: "cualzr",
    description: "CuAlZr, fcc random solid solution Cu46Zr46Al8, a = 4.12 Å, Zhou 2004 EAM",
    dimension: 3,
    units: "metal",
    defaultAtoms: 256,
    composition: { Cu: 46, Zr: 46, Al: 8 },
    latticeConstant: 4.12,
    dt: 0.002,
    meltTemperature: 2500,
    meltTime: 1,
    liquidTemperature: 2000,
    liquidTime: 0.2,
    finalTemperature: 300,
    damping: 0.1,
    fmax: 1e-5,
    minimizer: "fire",
    maxRelaxSteps: 20000,
    fire: { dt: 0.02, dtMax: 0.2 },
    inPlaneDisplacement: false,
    pushAmplitude: 0.05,
    // half instant quenches, half 10³–10⁴ K/ps (≤ 4.7 ps of MD: slower rates cost minutes per structure)
    sampling: { sigma: [0, 0.4], fraction: [0, 1], coolingRate: [1000, Infinity], weights: [0.5, 0.5, 0] },
    potential: () => zhouFromSpec("Cu,Al,Zr"),
    crystal(n, rng, a) {
      const m = nearestInt(wasmMath.cbrt(n / 4));
      return assignSpecies(fcc(a, [m, m, m]), this.composition, rng);
    },
  },
};

/** Options of {@link generateStructure}. The defaults come from {@link SYSTEMS}. */
export interface GenerateOptions {
  /** Data-set seed, an integer in [0, 2^53). */
  seed: number;
  /** Index of the structure within the data set (default 0). */
  index?: number;
  /** Disorder route (default "displace"). */
  method?: DisorderMethod;
  /** Gaussian displacement σ per coordinate before anything else (σ or Å; default 0). */
  sigma?: number;
  /** Melted fraction f ∈ [0, 1] for "partial" (default 0.5). */
  fraction?: number;
  /**
   * Cooling rate (ε/k_B per τ, or K/ps) from the liquid temperature to the final one, for "partial" and
   * "melt-quench"; Infinity quenches instantly (minimises the melt directly). Default: the geometric mean
   * of the system's sampling range (instant where that range is unbounded).
   */
  coolingRate?: number;
  /** Approximate number of atoms (default the system's; the nearest lattice size is used). */
  atoms?: number;
  /** Lattice constant of the starting crystal (σ or Å; default the system's, see {@link SystemSpec.latticeConstant}). */
  latticeConstant?: number;
  /** Override the potential (it must know the system's species and units). */
  potential?: Potential;
  /** Relaxation tolerance on the largest per-atom force (ε/σ or eV/Å). */
  fmax?: number;
  /** Check the Hessian spectrum for imaginary modes after relaxation (default true). */
  checkModes?: boolean;
  /** Pushes along unstable modes (followed by re-relaxation) before a structure is rejected (default 4). */
  maxPushes?: number;
  /** Generation attempts (fresh random streams) before giving up (default 3). */
  maxAttempts?: number;
  /** Throw when no attempt reaches a minimum (default true); false returns the last one, marked unstable. */
  requireStable?: boolean;
  /** Receives progress and warning messages. */
  onWarning?: (message: string) => void;
}

/** Per-structure record: everything needed to regenerate it, and what came out. Deterministic (no timings). */
export interface StructureMetadata {
  system: SystemName;
  seed: number;
  index: number;
  /** Random stream used: 0 unless earlier attempts were rejected. */
  attempt: number;
  method: DisorderMethod;
  /** Gaussian displacement σ (σ or Å). */
  sigma: number;
  /** Melted fraction (1 for melt-quench, 0 for displace). */
  fraction: number;
  /** Cooling rate (ε/k_B per τ, or K/ps); null for instant quench or no MD. */
  coolingRate: number | null;
  /** Fractional coordinates of the centre of the melted region (partial), else null. */
  regionCenter: [number, number, number] | null;
  /** Number of atoms. */
  atoms: number;
  /** Lattice constant of the starting crystal (σ or Å). */
  latticeConstant: number;
  /** Chemical formula, e.g. "A205B51". */
  formula: string;
  /** Potential name. */
  potential: string;
  /** Unit system. */
  units: Units;
  /** Degrees of freedom per atom. */
  dimension: 2 | 3;
  /** Energy after relaxation (ε or eV). */
  energy: number;
  /** Energy per atom (ε or eV). */
  energyPerAtom: number;
  /** Largest per-atom force after relaxation (ε/σ or eV/Å). */
  maxForce: number;
  /** Whether the relaxation reached fmax. */
  converged: boolean;
  /** Minimiser iterations (all relaxations of the accepted attempt). */
  iterations: number;
  /** MD steps (accepted attempt). */
  mdSteps: number;
  /** Pushes along unstable modes that were needed. */
  pushes: number;
  /** Imaginary modes left (0 for a minimum); null when not checked. */
  negativeModes: number | null;
  /** Lowest Hessian eigenvalue outside the translational zero modes (ε/σ² or eV/Å²); null when not checked. */
  lowestEigenvalue: number | null;
  /** True when checked and free of imaginary modes. */
  stable: boolean | null;
}

/** Wall-clock times of one generation (ms), not part of the deterministic metadata. */
export interface GenerationTiming {
  md: number;
  relax: number;
  modes: number;
  total: number;
}

/** Result of {@link generateStructure}. */
export interface GeneratedStructure {
  /** The relaxed structure, wrapped into the cell; `info` holds the metadata too. */
  structure: Structure;
  metadata: StructureMetadata;
  timing: GenerationTiming;
  /**
   * All d·N eigenvalues (ascending) of the final Hessian (ε/σ² or eV/Å²) when modes were checked. With
   * equal masses m they are m·ω², so a caller can reuse them instead of diagonalising again.
   */
  hessianEigenvalues?: Float64Array;
}

function checkInt(name: string, v: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new RangeError(`generateStructure: ${name} must be an integer in [0, ${max}], got ${v}`);
}

function systemSpec(system: string): SystemSpec {
  const spec = (SYSTEMS as Record<string, SystemSpec>)[system];
  if (!spec) throw new RangeError(`unknown system "${system}"; known: ${SYSTEM_NAMES.join(", ")}`);
  return spec;
}

/** The lattice constant a generator starts from by default (σ or Å). */
export function defaultLatticeConstant(spec: SystemSpec): number {
  if (spec.latticeConstant > 0) return spec.latticeConstant;
  return spec.dimension === 2 ? triangularSpacing(1.2) : fccLatticeConstant(1.2);
}

function defaultRate(spec: SystemSpec): number {
  const [lo, hi] = spec.sampling.coolingRate;
  return Number.isFinite(hi) ? Math.sqrt(lo * hi) : Infinity;
}

/** Indices of the k atoms nearest (minimum image) to fractional point c, ties by index. */
function nearestAtoms(s: Structure, center: number[], k: number): Uint8Array {
  const frac = s.fractional();
  const cell = s.cell;
  const n = s.n;
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ds = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      let x = frac[3 * i + a]! - center[a]!;
      if (s.pbc[a]) x -= Math.floor(x + 0.5);
      else if (a === 2) x = 0; // sheets: a disk in the plane
      ds[a] = x;
    }
    let r2 = 0;
    for (let b = 0; b < 3; b++) {
      const c = ds[0]! * cell[b]! + ds[1]! * cell[3 + b]! + ds[2]! * cell[6 + b]!;
      r2 += c * c;
    }
    d2[i] = r2;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d2[p]! - d2[q]! || p - q);
  const melt = new Uint8Array(n);
  for (let t = 0; t < k; t++) melt[order[t]!] = 1;
  return melt;
}

interface ModeCheck {
  negative: number;
  lowest: number;
  eigenvalues: Float64Array;
  vectors?: Float64Array;
  values?: Float64Array;
}

/** Imaginary-mode count and lowest non-zero Hessian eigenvalue (and, when asked, the unstable eigenvectors). */
function checkModes(potential: Potential, s: Structure, wantVectors: boolean): ModeCheck {
  const d = s.dimension;
  const h = potential.hessian(s);
  const dense = toDense(h, d);
  const m = d * s.n;
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) {
    const v = 0.5 * (dense[i * m + j]! + dense[j * m + i]!);
    dense[i * m + j] = v;
    dense[j * m + i] = v;
  }
  const r = eigh(dense, m, { vectors: wantVectors, assumeSymmetric: true });
  const modes = classifyModes(r.values, { dimension: d, zeroModes: zeroModeCount(d, s.pbc) });
  let lowest = Infinity;
  for (let k = 0; k < m; k++) if (!modes.zero[k]) { lowest = r.values[k]!; break; }
  const out: ModeCheck = { negative: modes.imaginary, lowest, eigenvalues: r.values };
  if (wantVectors && r.vectors) {
    // the unstable eigenvectors, summed with unit weight each (columns k with λ_k < −tolerance)
    const push = new Float64Array(3 * s.n);
    for (let k = 0; k < m; k++) {
      if (modes.zero[k] || !(r.values[k]! < -modes.tolerance)) continue;
      for (let i = 0; i < s.n; i++) for (let a = 0; a < d; a++) push[3 * i + a]! += r.vectors[(d * i + a) * m + k]!;
    }
    out.vectors = push;
  }
  return out;
}

/**
 * Generates one relaxed structure of `system`. Fully determined by (system, seed, index, parameters).
 *
 * @example
 * ```ts
 * await init();
 * const { structure, metadata } = generateStructure("kob-andersen-3d", { seed: 1, index: 7, method: "partial", fraction: 0.4 });
 * metadata.energyPerAtom; metadata.negativeModes; // 0: a true minimum
 * ```
 * @throws RangeError for an unknown system or bad parameters; GlassboxError when no attempt reaches a
 *   minimum (unless `requireStable: false`).
 */
export function generateStructure(system: SystemName, options: GenerateOptions): GeneratedStructure {
  const spec = systemSpec(system);
  if (typeof options !== "object" || options === null) throw new TypeError("generateStructure: options { seed } are required");
  const t0 = performance.now();
  const seed = options.seed;
  checkInt("seed", seed);
  const index = options.index ?? 0;
  checkInt("index", index);
  const method = options.method ?? "displace";
  if (method !== "displace" && method !== "partial" && method !== "melt-quench") {
    throw new RangeError(`generateStructure: method must be "displace", "partial" or "melt-quench", got "${method}"`);
  }
  const sigma = options.sigma ?? 0;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`generateStructure: sigma must be ≥ 0, got ${sigma}`);
  const fraction = method === "partial" ? (options.fraction ?? 0.5) : method === "melt-quench" ? 1 : 0;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`generateStructure: fraction must be in [0, 1], got ${fraction}`);
  const rate = options.coolingRate ?? defaultRate(spec);
  if (!(rate > 0)) throw new RangeError(`generateStructure: coolingRate must be positive (Infinity: instant quench), got ${rate}`);
  const atoms = options.atoms ?? spec.defaultAtoms;
  checkInt("atoms", atoms, 1e6);
  const fmax = options.fmax ?? spec.fmax;
  const a = options.latticeConstant ?? defaultLatticeConstant(spec);
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`generateStructure: latticeConstant must be positive, got ${a}`);
  const maxPushes = options.maxPushes ?? 4;
  const maxAttempts = options.maxAttempts ?? 3;
  checkInt("maxPushes", maxPushes, 1000);
  checkInt("maxAttempts", maxAttempts, 1000);
  if (maxAttempts < 1) throw new RangeError("generateStructure: maxAttempts must be ≥ 1");
  const check = options.checkModes ?? true;
  const warn = options.onWarning ?? (() => {});
  const base = options.potential ?? spec.potential();
  const timing: GenerationTiming = { md: 0, relax: 0, modes: 0, total: 0 };
  const relaxOptions = { fmax, maxSteps: spec.maxRelaxSteps, method: spec.minimizer, dt: spec.fire.dt, dtMax: spec.fire.dtMax, onWarning: warn };

  let last: GeneratedStructure | undefined;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const rng = Rng.seeded(seed, streamId(system), index, attempt);
    let s = spec.crystal(atoms, rng, a);
    base.check(s);
    const n = s.n, d = s.dimension;
    // 1. Gaussian displacement (always drawn, so a σ sweep shares one pattern)
    const z = rng.normal(3 * n);
    if (sigma > 0) {
      const x = Float64Array.from(s.positions);
      const axes = spec.inPlaneDisplacement ? 2 : d;
      for (let i = 0; i < n; i++) for (let a = 0; a < axes; a++) x[3 * i + a]! += sigma * z[3 * i + a]!;
      s = s.withPositions(x);
    }
    // 2. melt (all or a region) and quench
    const centerDraw = rng.uniform(3);
    let regionCenter: [number, number, number] | null = null;
    let mdSteps = 0;
    const nMelt = Math.floor(fraction * n + 0.5);
    if (method !== "displace" && nMelt > 0) {
      let frozen: Uint8Array | undefined;
      if (nMelt < n) {
        regionCenter = [centerDraw[0]!, centerDraw[1]!, s.pbc[2] ? centerDraw[2]! : 0.5];
        const melt = nearestAtoms(s, regionCenter, nMelt);
        frozen = melt.map((m) => 1 - m);
      }
      const schedule: TemperatureSegment[] = [hold(spec.meltTemperature, spec.meltTime), hold(spec.liquidTemperature, spec.liquidTime)];
      if (Number.isFinite(rate)) schedule.push(cool(spec.liquidTemperature, spec.finalTemperature, rate));
      const tm = performance.now();
      const r = runMD(s, {
        forces: base, dt: spec.dt, schedule, rng, thermostat: { kind: "langevin", damping: spec.damping },
        ...(frozen ? { frozen } : {}),
      });
      timing.md += performance.now() - tm;
      mdSteps = r.steps;
      s = r.structure;
    }
    // 3. relax, then follow unstable modes downhill
    const tr = performance.now();
    let rel = relax(s, base, relaxOptions);
    timing.relax += performance.now() - tr;
    let iterations = rel.iterations;
    let pushes = 0;
    let modes: ModeCheck | null = null;
    if (check) {
      for (;;) {
        const tc = performance.now();
        modes = checkModes(base, rel.structure, false);
        if (modes.negative > 0 && pushes < maxPushes) modes = checkModes(base, rel.structure, true);
        timing.modes += performance.now() - tc;
        if (modes.negative === 0 || pushes >= maxPushes) break;
        const push = modes.vectors!;
        let big = 0;
        for (let i = 0; i < n; i++) {
          const px = push[3 * i]!, py = push[3 * i + 1]!, pz = push[3 * i + 2]!;
          big = Math.max(big, Math.sqrt(px * px + py * py + pz * pz));
        }
        const x = Float64Array.from(rel.structure.positions);
        for (let k = 0; k < 3 * n; k++) x[k]! += (spec.pushAmplitude / big) * push[k]!;
        pushes++;
        const tp = performance.now();
        rel = relax(rel.structure.withPositions(x), base, relaxOptions);
        timing.relax += performance.now() - tp;
        iterations += rel.iterations;
      }
    }
    const out = rel.structure.clone().wrap();
    const metadata: StructureMetadata = {
      system, seed, index, attempt, method, sigma, fraction,
      coolingRate: method !== "displace" && nMelt > 0 && Number.isFinite(rate) ? rate : null,
      regionCenter,
      atoms: n, latticeConstant: a, formula: out.formula(), potential: base.name, units: base.units, dimension: d,
      energy: rel.energy, energyPerAtom: rel.energy / n, maxForce: rel.maxForce, converged: rel.converged,
      iterations, mdSteps, pushes,
      negativeModes: modes ? modes.negative : null,
      lowestEigenvalue: modes ? modes.lowest : null,
      stable: modes ? modes.negative === 0 : null,
    };
    out.info = { ...out.info, ...metadata };
    timing.total = performance.now() - t0;
    last = { structure: out, metadata, timing };
    if (modes) last.hessianEigenvalues = modes.eigenvalues;
    if (!check || modes!.negative === 0) return last;
    warn(`generateStructure(${system}, seed ${seed}, index ${index}): attempt ${attempt} kept ${modes!.negative} imaginary modes after ${pushes} pushes; trying the next random stream`);
  }
  if (options.requireStable ?? true) {
    throw new GlassboxError(
      `generateStructure(${system}, seed ${seed}, index ${index}): no energy minimum after ${maxAttempts} attempts ` +
        `(${last!.metadata.negativeModes} imaginary modes remain, lowest λ = ${last!.metadata.lowestEigenvalue})`,
    );
  }
  return last!;
}

/** Options of {@link sampleParameters}. */
export interface SamplingOptions {
  /** Route weights [displace, partial, melt-quench] (default per system). */
  weights?: [number, number, number];
  /** σ range (σ or Å). */
  sigma?: [number, number];
  /** Melted-fraction range of the partial route (within [0, 1]). */
  fraction?: [number, number];
  /** Cooling-rate range, log-uniform; an upper bound of Infinity makes half of the draws instant quenches. */
  coolingRate?: [number, number];
}

/**
 * Parameters for structure `index` of a data set that spans crystal → glass continuously: a route drawn
 * with the system's weights, then σ uniform in its range (displace), f uniform in its range (partial), and
 * a log-uniform cooling rate (partial, melt-quench). Deterministic in (system, seed, index).
 *
 * @example
 * ```ts
 * for (let i = 0; i < 300; i++) generateStructure("kob-andersen-3d", sampleParameters("kob-andersen-3d", 42, i));
 * ```
 */
export function sampleParameters(system: SystemName, seed: number, index: number, options: SamplingOptions = {}): GenerateOptions {
  const spec = systemSpec(system);
  checkInt("seed", seed);
  checkInt("index", index);
  const w = options.weights ?? spec.sampling.weights;
  const [s0, s1] = options.sigma ?? spec.sampling.sigma;
  const [f0, f1] = options.fraction ?? spec.sampling.fraction;
  const [r0, r1] = options.coolingRate ?? spec.sampling.coolingRate;
  if (w.length !== 3 || w.some((x) => !(x >= 0)) || !(w[0] + w[1] + w[2] > 0)) throw new RangeError(`sampleParameters: weights must be 3 non-negative numbers, not all 0`);
  if (!(s0 >= 0 && s1 >= s0)) throw new RangeError(`sampleParameters: sigma range must satisfy 0 ≤ lo ≤ hi, got [${s0}, ${s1}]`);
  if (!(r0 > 0 && r1 >= r0)) throw new RangeError(`sampleParameters: cooling-rate range must satisfy 0 < lo ≤ hi, got [${r0}, ${r1}]`);
  if (!(f0 >= 0 && f1 >= f0 && f1 <= 1)) throw new RangeError(`sampleParameters: fraction range must satisfy 0 ≤ lo ≤ hi ≤ 1, got [${f0}, ${f1}]`);
  const u = Rng.seeded(seed, streamId(`${system}/parameters`), index).uniform(4);
  const total = w[0] + w[1] + w[2];
  const pick = u[0]! * total;
  const method: DisorderMethod = pick < w[0] ? "displace" : pick < w[0] + w[1] ? "partial" : "melt-quench";
  let coolingRate: number;
  if (Number.isFinite(r1)) {
    coolingRate = r0 * wasmMath.pow(r1 / r0, u[2]!);
  } else {
    // half instant quenches, half log-uniform over one decade above r0
    coolingRate = u[2]! < 0.5 ? Infinity : r0 * wasmMath.pow(10, 2 * u[2]! - 1);
  }
  const out: GenerateOptions = { seed, index, method };
  if (method === "displace") out.sigma = s0 + (s1 - s0) * u[1]!;
  if (method === "partial") out.fraction = f0 + (f1 - f0) * u[3]!;
  if (method !== "displace") out.coolingRate = coolingRate;
  return out;
}
