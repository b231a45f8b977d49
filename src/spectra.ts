/**
 * Vibrational spectra from the eigenvalues λ = ω² of the dynamical matrix D = M^{-1/2} H M^{-1/2}:
 * mode classification (zero modes, imaginary modes), the Gaussian-broadened vibrational density of states
 * (VDOS), ⟨ω²⟩, participation ratios, and the quantum harmonic heat capacity C(T).
 *
 * Units. Eigenvalues are in the dynamical matrix's unit: ε/(σ²·m) = τ⁻² (LJ reduced units) or
 * eV/(Å²·amu) (metal). Frequencies are ω = √λ in that unit (τ⁻¹, or √(eV/(Å²·amu)) = 98.2269 rad/ps)
 * times an optional `frequencyScale` (e.g. {@link THZ_PER_SQRT_EV_A2_AMU} for cyclic THz). Imaginary modes
 * (λ < 0) are reported as ω = −√|λ|.
 *
 * Conventions follow SCIENCE.md: the VDOS is normalised over the dN − d non-zero modes (the d rigid
 * translations of a periodic system excluded), ∫D dω = 1 up to grid truncation; `allModes` gives the
 * reference convention 1/(dN)·Σ over all modes (../shared/reference/answers `hessian.vdos`).
 * Every exp in these sums runs in WebAssembly (assembly/spectra.ts), so results are bit-reproducible
 * across Node and browsers.
 *
 * @packageDocumentation
 */
import { eigh, type EighMethod } from "./eigen.js";
import { allocF64, putF64, readF64, scoped } from "./engine/wasm.js";
import { dynamicalMatrixDense } from "./hessian.js";
import type { Potential, Units } from "./potentials/potential.js";
import type { Dimension, Pbc, Structure } from "./structure.js";
import { METAL_RAD_PER_PS, METAL_THZ_CODATA2018 } from "./units.js";

// ---------------------------------------------------------------------------------------------------
// Physical constants (CODATA 2018; e, k_B, N_A, h exact in the 2019 SI)
// ---------------------------------------------------------------------------------------------------

/** Boltzmann constant (eV/K). */
export const BOLTZMANN_EV_PER_K = 8.617333262e-5;
/** Boltzmann constant (J/K). */
export const BOLTZMANN_J_PER_K = 1.380649e-23;
/** Reduced Planck constant (eV·ps). */
export const HBAR_EV_PS = 6.582119569e-4;
/** Molar gas constant R = N_A k_B (J/(mol·K)). */
export const GAS_CONSTANT_J_PER_MOL_K = 8.314462618;
/**
 * Angular frequency of a unit metal-units eigenvalue: √(eV/(Å²·amu)) in rad/ps (√(e/u)/Å ≈ 98.22695),
 * from the CODATA 2018 e and u (src/units.ts).
 */
export const RAD_PER_PS_PER_SQRT_EV_A2_AMU = METAL_RAD_PER_PS;
/** Cyclic frequency ν = ω/2π of a unit metal-units eigenvalue, THz (15.6333042, CODATA 2018; the references round to 15.633302). */
export const THZ_PER_SQRT_EV_A2_AMU = METAL_THZ_CODATA2018;

// ---------------------------------------------------------------------------------------------------
// Mode classification
// ---------------------------------------------------------------------------------------------------

/**
 * Number of exact zero modes of a translation- and rotation-invariant potential: the d rigid translations,
 * plus the rotations that the periodic boundaries allow (none when two or more axes are periodic in 3D or
 * one in 2D; 1 about the axis of a 3D wire; d(d − 1)/2 for an isolated cluster).
 */
export function zeroModeCount(dimension: Dimension, pbc: Pbc): number {
  const p = pbc.filter((x) => x).length;
  if (dimension === 2) return p >= 1 ? 2 : 3;
  return p >= 2 ? 3 : p === 1 ? 4 : 6;
}

/** Options shared by every function that classifies modes. */
export interface ModeOptions {
  /** Degrees of freedom per atom d (default 3): the eigenvalue count must be d·N. */
  dimension?: Dimension;
  /**
   * How many zero modes to exclude (default d, the translations of a periodic system; see
   * {@link zeroModeCount} for other boundary conditions). They are the ones with the smallest |λ|.
   */
  zeroModes?: number;
  /**
   * A non-zero mode counts as imaginary when λ < −tolerance·max|λ| (default 1e-8, the convention of the
   * reference answers' `n_negative`).
   */
  imaginaryTolerance?: number;
}

/** How the modes of a spectrum were classified. */
export interface ModeClassification {
  /** The eigenvalues λ as given (ascending), in the dynamical-matrix unit. */
  eigenvalues: Float64Array;
  /** ω = sign(λ)·√|λ| per mode (imaginary modes negative), in √λ units. */
  omega: Float64Array;
  /** 1 for the excluded zero modes, 0 otherwise. */
  zero: Uint8Array;
  /** Number of zero modes excluded. */
  zeroModes: number;
  /** Largest |λ| among the excluded zero modes (≈ 0 for a translation-invariant potential). */
  zeroModeMaxAbs: number;
  /** Smallest |λ| among the kept modes (the gap the zero modes must sit below). */
  firstNonZeroAbs: number;
  /** Number of kept modes with λ < −tolerance: imaginary frequencies, the structure is not at a minimum. */
  imaginary: number;
  /** The absolute tolerance used, imaginaryTolerance·max|λ|. */
  tolerance: number;
  /** max |λ|. */
  maxAbs: number;
  /** Degrees of freedom per atom. */
  dimension: Dimension;
  /** Number of atoms N = (number of eigenvalues)/d. */
  nAtoms: number;
  /** Human-readable warnings (imaginary modes, zero modes that are not ≈ 0). */
  warnings: string[];
}

function checkEigenvalues(eigenvalues: ArrayLike<number>, dimension: number): void {
  if (eigenvalues.length === 0 || eigenvalues.length % dimension !== 0) {
    throw new RangeError(`eigenvalues has ${eigenvalues.length} entries, expected d·N with d = ${dimension}`);
  }
  for (let k = 0; k < eigenvalues.length; k++) {
    if (!Number.isFinite(eigenvalues[k]!)) throw new RangeError(`eigenvalue ${k} is not finite (${eigenvalues[k]})`);
    if (k > 0 && eigenvalues[k]! < eigenvalues[k - 1]!) throw new RangeError(`eigenvalues must be ascending (entry ${k} < entry ${k - 1})`);
  }
}

/**
 * Classifies the modes of a spectrum: marks the `zeroModes` modes with the smallest |λ| as zero modes
 * (translations; robust to their sign and to rounding), counts imaginary modes among the rest and says so.
 *
 * @param eigenvalues d·N eigenvalues λ of the dynamical matrix, ascending (τ⁻² or eV/(Å²·amu))
 * @throws RangeError for a length that is not d·N, non-finite or unsorted values, a bad option
 */
export function classifyModes(eigenvalues: ArrayLike<number>, options: ModeOptions = {}): ModeClassification {
  const d = options.dimension ?? 3;
  if (d !== 2 && d !== 3) throw new RangeError(`dimension must be 2 or 3, got ${d}`);
  checkEigenvalues(eigenvalues, d);
  const n = eigenvalues.length;
  const z = options.zeroModes ?? d;
  if (!Number.isInteger(z) || z < 0 || z >= n) throw new RangeError(`zeroModes must be an integer in [0, ${n - 1}], got ${z}`);
  const relTol = options.imaginaryTolerance ?? 1e-8;
  if (!(relTol >= 0) || !Number.isFinite(relTol)) throw new RangeError(`imaginaryTolerance must be ≥ 0, got ${relTol}`);
  const lambda = Float64Array.from(eigenvalues);
  let maxAbs = 0;
  for (const v of lambda) maxAbs = Math.max(maxAbs, Math.abs(v));
  const tolerance = relTol * maxAbs;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => Math.abs(lambda[a]!) - Math.abs(lambda[b]!) || a - b);
  const zero = new Uint8Array(n);
  for (let q = 0; q < z; q++) zero[order[q]!] = 1;
  const zeroModeMaxAbs = z > 0 ? Math.abs(lambda[order[z - 1]!]!) : 0;
  const firstNonZeroAbs = Math.abs(lambda[order[z]!]!);
  const omega = new Float64Array(n);
  let imaginary = 0;
  for (let k = 0; k < n; k++) {
    const v = lambda[k]!;
    omega[k] = v < 0 ? -Math.sqrt(-v) : Math.sqrt(v);
    if (!zero[k] && v < -tolerance) imaginary++;
  }
  const warnings: string[] = [];
  if (imaginary > 0) {
    warnings.push(
      `${imaginary} imaginary mode${imaginary > 1 ? "s" : ""} (λ < −${tolerance.toExponential(2)}, lowest λ = ${lambda[0]!.toPrecision(6)}): ` +
        `the structure is not at an energy minimum; relax it first`,
    );
  }
  if (z > 0 && zeroModeMaxAbs > Math.max(tolerance, 1e-6 * maxAbs)) {
    warnings.push(
      `the ${z} smallest |λ| excluded as zero modes are not ≈ 0 (largest ${zeroModeMaxAbs.toPrecision(4)} = ` +
        `${(zeroModeMaxAbs / maxAbs).toExponential(2)}·max|λ|): is the potential translation invariant and the zero-mode count right?`,
    );
  }
  return { eigenvalues: lambda, omega, zero, zeroModes: z, zeroModeMaxAbs, firstNonZeroAbs, imaginary, tolerance, maxAbs, dimension: d, nAtoms: n / d, warnings };
}

/**
 * Mean squared frequency ⟨ω²⟩ = (1/(dN − z)) Σ_{non-zero n} λ_n (dynamical-matrix unit), and the trace
 * identity: Tr(D) = Σ_all λ, so Tr(D)/(dN) = ⟨ω²⟩·(dN − z)/(dN) + (zero-mode λ)/(dN). For a pair potential
 * with equal masses m, Tr(H)/(N m) = d·Tr(D)/(dN) is the g(r) sum rule of SCIENCE.md.
 */
export function meanSquareFrequency(modes: ModeClassification): { omega2Mean: number; traceMean: number } {
  let kept = 0, all = 0;
  const n = modes.eigenvalues.length;
  for (let k = 0; k < n; k++) {
    all += modes.eigenvalues[k]!;
    if (!modes.zero[k]) kept += modes.eigenvalues[k]!;
  }
  return { omega2Mean: kept / (n - modes.zeroModes), traceMean: all / n };
}

/** Options of {@link vibrationalModes}. */
export interface VibrationalModesOptions {
  /** Eigensolver (default "tridiagonal"). */
  eigen?: EighMethod;
  /** Also compute eigenvectors (default false). */
  vectors?: boolean;
  /** Masses per atom (default the potential's masses for the structure, else the structure's). */
  masses?: ArrayLike<number>;
  /** Relative tolerance for imaginary modes (see {@link ModeOptions.imaginaryTolerance}). */
  imaginaryTolerance?: number;
}

/** The normal modes of a structure. */
export interface VibrationalModes {
  /** Eigenvalues λ = ω² of the dynamical matrix, ascending (τ⁻² or eV/(Å²·amu)). */
  values: Float64Array;
  /** Eigenvectors (dN×dN row-major, column k = mode k), when asked. */
  vectors?: Float64Array;
  /** Classification: zero modes (by the boundary conditions), imaginary modes, warnings. */
  modes: ModeClassification;
}

/**
 * Normal modes of a structure: the dense dynamical matrix D = M^{-1/2} H M^{-1/2} (dN × dN; 2N × 2N for a 2D
 * system) from the potential's Hessian, its eigen-decomposition, and the mode classification with the zero-mode
 * count of the boundary conditions ({@link zeroModeCount}).
 *
 * @throws RangeError when the dense matrix does not fit in wasm32 memory (message names N)
 * @example
 * ```ts
 * const m = vibrationalModes(glass, kobAndersen());
 * vdos(m.values, { sigma: 0.25 }); heatCapacity(m.values, 0.3);
 * ```
 */
export function vibrationalModes(structure: Structure, potential: Potential, options: VibrationalModesOptions = {}): VibrationalModes {
  potential.check(structure);
  const d = structure.dimension;
  const masses = options.masses ?? potential.massesFor?.(structure) ?? structure.masses;
  const dyn = dynamicalMatrixDense(potential.hessian(structure), masses, d);
  const eig = eigh(dyn, d * structure.n, { method: options.eigen ?? "tridiagonal", vectors: options.vectors === true, assumeSymmetric: true });
  const modes = classifyModes(eig.values, {
    dimension: d,
    zeroModes: zeroModeCount(d, structure.pbc),
    ...(options.imaginaryTolerance !== undefined ? { imaginaryTolerance: options.imaginaryTolerance } : {}),
  });
  return eig.vectors ? { values: eig.values, vectors: eig.vectors, modes } : { values: eig.values, modes };
}

// ---------------------------------------------------------------------------------------------------
// VDOS
// ---------------------------------------------------------------------------------------------------

/** Options of {@link vdos}. */
export interface VdosOptions extends ModeOptions {
  /** Gaussian width σ_ω in output frequency units (default: 1% of the largest |ω|). */
  sigma?: number;
  /**
   * Explicit ω grid (strictly ascending, output frequency units). Otherwise a uniform grid
   * ω_j = omegaMin + j·omegaStep, j = 0 … count − 1.
   */
  grid?: ArrayLike<number>;
  /** Start of the uniform grid (default min(0, lowest ω − 5σ), so imaginary modes stay visible). */
  omegaMin?: number;
  /** Spacing of the uniform grid (default σ/5). */
  omegaStep?: number;
  /** End of the uniform grid, inclusive up to rounding (default highest ω + 5σ). */
  omegaMax?: number;
  /** Number of grid points (overrides omegaMax). */
  count?: number;
  /**
   * true: the reference convention, D = 1/(dN)·Σ over ALL dN modes, zero modes included.
   * false (default): SCIENCE.md, D = 1/(dN − z)·Σ over the non-zero modes.
   */
  allModes?: boolean;
  /** Output frequency = frequencyScale·sign(λ)√|λ| (default 1; {@link THZ_PER_SQRT_EV_A2_AMU} for THz in metal units). */
  frequencyScale?: number;
}

/** A vibrational density of states and what went into it. */
export interface Vdos {
  /** Grid ω_j (output frequency units). */
  omega: Float64Array;
  /** D(ω_j) (inverse output frequency units); ∫D dω = 1 up to grid truncation. */
  dos: Float64Array;
  /** Gaussian width used. */
  sigma: number;
  /** Frequency of every mode, frequencyScale·sign(λ)√|λ|. */
  modeOmega: Float64Array;
  /** Which normalisation: "non-zero" (1/(dN − z)) or "all" (1/(dN)). */
  normalisation: "non-zero" | "all";
  /** Modes summed. */
  modesCounted: number;
  /** ⟨ω²⟩ over non-zero modes (dynamical-matrix unit, unscaled). */
  omega2Mean: number;
  /** Tr(D)/(dN): mean λ over all modes (dynamical-matrix unit). */
  traceMean: number;
  /** Trapezoid ∫D dω over the grid (1 up to truncation). */
  integral: number;
  /** The mode classification (zero modes excluded, imaginary count, warnings). */
  modes: ModeClassification;
}

function makeGrid(options: VdosOptions, sigma: number, wMin: number, wMax: number): Float64Array {
  if (options.grid) {
    const g = Float64Array.from(options.grid);
    if (g.length === 0) throw new RangeError("grid must have at least one point");
    for (let j = 0; j < g.length; j++) {
      if (!Number.isFinite(g[j]!)) throw new RangeError(`grid point ${j} is not finite`);
      if (j > 0 && !(g[j]! > g[j - 1]!)) throw new RangeError(`grid must be strictly ascending (point ${j})`);
    }
    return g;
  }
  const start = options.omegaMin ?? Math.min(0, wMin - 5 * sigma);
  const step = options.omegaStep ?? sigma / 5;
  if (!Number.isFinite(start)) throw new RangeError(`omegaMin must be finite, got ${start}`);
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`omegaStep must be > 0, got ${step}`);
  let count = options.count;
  if (count === undefined) {
    const end = options.omegaMax ?? wMax + 5 * sigma;
    if (!(end >= start)) throw new RangeError(`omegaMax (${end}) must be ≥ omegaMin (${start})`);
    count = Math.floor((end - start) / step + 1e-9) + 1;
  }
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (count > 1e7) throw new RangeError(`the ω grid would have ${count} points (> 10⁷); choose a larger omegaStep`);
  return Float64Array.from({ length: count }, (_, j) => start + j * step);
}

/**
 * Gaussian-broadened vibrational density of states on an ω grid:
 * D(ω) = w·Σ_n exp(−(ω − ω_n)²/(2σ²))/(√(2π)σ), with w = 1/(dN − z) over the non-zero modes (default) or
 * w = 1/(dN) over all modes (`allModes`, the reference convention). Imaginary modes enter at ω_n = −√|λ_n|.
 *
 * @param eigenvalues d·N eigenvalues λ of the dynamical matrix, ascending
 * @example
 * ```ts
 * const { values } = eigh(dynamicalMatrixDense(h, masses), 3 * n);
 * const d = vdos(values, { sigma: 0.25, omegaMin: 0, omegaStep: 0.05, count: 801 });
 * d.modes.imaginary; // 0 for a relaxed glass
 * ```
 */
export function vdos(eigenvalues: ArrayLike<number>, options: VdosOptions = {}): Vdos {
  const modes = classifyModes(eigenvalues, options);
  const scale = options.frequencyScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`frequencyScale must be > 0, got ${scale}`);
  const n = modes.eigenvalues.length;
  const modeOmega = modes.omega.map((w) => w * scale);
  const all = options.allModes === true;
  const used: number[] = [];
  for (let k = 0; k < n; k++) if (all || !modes.zero[k]) used.push(modeOmega[k]!);
  let wMin = Infinity, wMax = -Infinity, wAbs = 0;
  for (const w of used) {
    wMin = Math.min(wMin, w);
    wMax = Math.max(wMax, w);
    wAbs = Math.max(wAbs, Math.abs(w));
  }
  const sigma = options.sigma ?? (wAbs > 0 ? wAbs / 100 : 1);
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be > 0, got ${sigma}`);
  const grid = makeGrid(options, sigma, wMin, wMax);
  const weight = 1 / used.length;
  const dos = scoped((k) => {
    const pw = putF64(used);
    const pg = putF64(grid);
    const out = allocF64(grid.length);
    k.spectra_vdos!(pw, used.length, weight, pg, grid.length, sigma, out);
    return readF64(out, grid.length);
  });
  let integral = 0;
  for (let j = 1; j < grid.length; j++) integral += 0.5 * (dos[j]! + dos[j - 1]!) * (grid[j]! - grid[j - 1]!);
  const { omega2Mean, traceMean } = meanSquareFrequency(modes);
  return {
    omega: grid,
    dos,
    sigma,
    modeOmega,
    normalisation: all ? "all" : "non-zero",
    modesCounted: used.length,
    omega2Mean,
    traceMean,
    integral,
    modes,
  };
}

// ---------------------------------------------------------------------------------------------------
// Participation ratios
// ---------------------------------------------------------------------------------------------------

/**
 * Participation ratio of every mode, PR_n = (Σ_i |e_{i,n}|²)² / (N Σ_i |e_{i,n}|⁴), |e_i|² summed over the
 * atom's d components: 1 for a mode spread evenly over all atoms (a plane wave gives ≈ 2/3 in 3D),
 * 1/N for one localised on a single atom. Computed in WebAssembly in one pass over the matrix.
 *
 * @param vectors n×n row-major eigenvector matrix, column k = eigenvector k (the layout of {@link eigh}),
 *   n = d·N, row d·i + α = component α of atom i (mass-weighted eigenvectors of D)
 * @param n matrix order d·N
 * @param dimension d (default 3)
 * @returns Float64Array of n ratios, in column order
 */
export function participationRatios(vectors: Float64Array, n: number, dimension: Dimension = 3): Float64Array {
  if (!(vectors instanceof Float64Array)) throw new TypeError("vectors must be a Float64Array (n×n, row-major)");
  if (!Number.isInteger(n) || n < 1 || vectors.length !== n * n) throw new RangeError(`vectors has ${vectors.length} entries, expected n² for n = ${n}`);
  if (n % dimension !== 0) throw new RangeError(`n = ${n} is not a multiple of dimension ${dimension}`);
  return scoped((k) => {
    const pv = putF64(vectors);
    const work = allocF64(3 * n);
    const out = allocF64(n);
    k.spectra_participation!(pv, n, dimension, work, out);
    return readF64(out, n);
  });
}

// ---------------------------------------------------------------------------------------------------
// Heat capacity
// ---------------------------------------------------------------------------------------------------

/** Options of {@link heatCapacity} and {@link heatCapacityScale}. */
export interface HeatCapacityOptions extends ModeOptions {
  /**
   * Unit system of the eigenvalues and temperatures (default "lj"): "metal" (λ in eV/(Å²·amu), T in K,
   * ħ = 6.582119569e-4 eV·ps) or "lj" (λ in τ⁻², T in ε/k_B, ħ = `hbar`).
   */
  units?: Units;
  /**
   * Reduced Planck constant in LJ units, ħ* = ħ/(σ√(m ε)) (≈ 0.0296 for argon). Default 0 in LJ units,
   * which is the classical limit (C = k_B per mode); ignored for "metal".
   */
  hbar?: number;
  /** Force the classical limit C = k_B per non-zero mode (default false). */
  classical?: boolean;
}

/**
 * ħ/(k_B T) in units of 1/ω, so that x_n = scale·√λ_n (λ in the dynamical-matrix unit); 0 means classical.
 */
export function heatCapacityScale(temperature: number, options: HeatCapacityOptions = {}): number {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (options.classical) return 0;
  const units = options.units ?? "lj";
  if (units === "metal") return (HBAR_EV_PS * RAD_PER_PS_PER_SQRT_EV_A2_AMU) / (BOLTZMANN_EV_PER_K * temperature);
  if (units !== "lj") throw new RangeError(`units must be "lj" or "metal", got ${String(units)}`);
  const hbar = options.hbar ?? 0;
  if (!(hbar >= 0) || !Number.isFinite(hbar)) throw new RangeError(`hbar must be ≥ 0, got ${hbar}`);
  return hbar / temperature;
}

/**
 * Heat capacity c(x) = x² eˣ/(eˣ − 1)² (k_B units) of each given mode at one temperature, x = scale·ω.
 * @param omega angular frequencies ω ≥ 0 (√λ units)
 * @param scale ħ/(k_B T) from {@link heatCapacityScale}; 0 gives 1 per mode
 */
export function modeHeatCapacities(omega: ArrayLike<number>, scale: number): Float64Array {
  if (omega.length === 0) return new Float64Array(0);
  return scoped((k) => {
    const pw = putF64(omega);
    const out = allocF64(omega.length);
    k.spectra_heat_capacity!(pw, omega.length, scale, out);
    return readF64(out, omega.length);
  });
}

/** Harmonic heat capacity at a list of temperatures. */
export interface HeatCapacity {
  /** Temperatures (K, or ε/k_B). */
  temperatures: number[];
  /** Total C per temperature, in units of k_B. */
  total: number[];
  /** C per atom, in units of k_B (→ (dN − z − imaginary)/N ≈ d classically). */
  perAtom: number[];
  /** Metal units only: C per mole of atoms, J/(mol·K). */
  jPerMolK?: number[];
  /** Metal units only: total C in eV/K. */
  eVPerK?: number[];
  /** Classical limit of the total, k_B per counted mode. */
  classicalTotal: number;
  /** Modes counted: the non-zero, non-imaginary ones. */
  modesCounted: number;
  /** Imaginary modes left out (no harmonic heat capacity). */
  imaginaryExcluded: number;
  /** The mode classification. */
  modes: ModeClassification;
}

/**
 * Quantum harmonic heat capacity C(T) = k_B Σ_n x_n² e^{x_n}/(e^{x_n} − 1)², x_n = ħω_n/(k_B T), over the
 * non-zero real modes (zero modes are rigid translations; imaginary modes have no harmonic heat capacity
 * and are counted in `imaginaryExcluded`). Classical limit: k_B per mode.
 *
 * @param eigenvalues d·N eigenvalues λ of the dynamical matrix, ascending
 * @param temperatures one temperature or a list (K for "metal", ε/k_B for "lj")
 */
export function heatCapacity(eigenvalues: ArrayLike<number>, temperatures: number | readonly number[], options: HeatCapacityOptions = {}): HeatCapacity {
  const modes = classifyModes(eigenvalues, options);
  const temps = typeof temperatures === "number" ? [temperatures] : [...temperatures];
  if (temps.length === 0) throw new RangeError("at least one temperature is needed");
  const omega: number[] = [];
  for (let k = 0; k < modes.omega.length; k++) {
    if (!modes.zero[k] && modes.eigenvalues[k]! > modes.tolerance) omega.push(modes.omega[k]!);
  }
  // Modes with |λ| ≤ tolerance that are not zero modes count as real (classical c = 1 at x → 0).
  for (let k = 0; k < modes.omega.length; k++) {
    if (!modes.zero[k] && Math.abs(modes.eigenvalues[k]!) <= modes.tolerance) omega.push(0);
  }
  const imaginaryExcluded = modes.imaginary;
  const n = modes.nAtoms;
  const total = temps.map((t) => {
    const scale = heatCapacityScale(t, options);
    return scoped((k) => k.spectra_heat_capacity!(putF64(omega), omega.length, scale, 0));
  });
  const result: HeatCapacity = {
    temperatures: temps,
    total,
    perAtom: total.map((c) => c / n),
    classicalTotal: omega.length,
    modesCounted: omega.length,
    imaginaryExcluded,
    modes,
  };
  if ((options.units ?? "lj") === "metal") {
    result.jPerMolK = total.map((c) => (c / n) * GAS_CONSTANT_J_PER_MOL_K);
    result.eVPerK = total.map((c) => c * BOLTZMANN_EV_PER_K);
  }
  return result;
}
