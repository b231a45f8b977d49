/**
 * Allen–Feldman harmonic thermal conductivity of glasses (Allen & Feldman, PRB 48, 12581 (1993); Allen,
 * Feldman, Fabian, Wooten, Phil. Mag. B 79, 1715 (1999)), as SCIENCE.md defines it:
 *
 *   κ(T) = (1/V) Σ_n C_n(T) D_n,   D_n = π V²/(3ħ²ω_n²) Σ_{m≠n} |S_nm|² δ(ω_n − ω_m),
 *   S_nm = (ħ/2V)(ω_n + ω_m) v_nm,   v^α_nm = e_nᵀ W^α e_m / (2√(ω_n ω_m)),   W^α = Σ_(a,b,image) R^α D_ab,
 *
 * with D_ab the mass-weighted Hessian block of ONE periodic image of b and R its bond vector r_b + S·cell − r_a.
 * ħ and V cancel in D_n = π/(48 ω_n³) Σ_m (ω_n + ω_m)²/ω_m |e_nᵀ W e_m|² δ(ω_n − ω_m).
 *
 * Per-image blocks. A Hessian sums the images of b into block (a, b); the velocity operator must not (a
 * single minimum-image vector is wrong whenever two images of b interact with a). We therefore take the
 * Hessian of a supercell whose heights exceed twice the potential's Hessian range (the cell itself when it
 * is large enough): there every nonzero block (a, b′) comes from exactly one image, the one within the range,
 * and folding b′ back to b gives the per-image blocks of the original cell — for pair and many-body
 * potentials alike. A block found farther than the Hessian range is an error.
 *
 * Broadening. δ is a Gaussian exp(−Δ²/2η²)/(√(2π)η) (default) or a Lorentzian (η/π)/(Δ² + η²). η is given in
 * multiples of the mean level spacing δω̄ = (ω_max − ω_min)/(modes − 1) of the counted modes (default 5:
 * wide enough to average over neighbouring levels, narrow against the variation of D(ω); see
 * {@link AllenFeldmanResult.kappaVersusBroadening} for the convergence check), or absolutely.
 *
 * Units. LJ: ω in τ⁻¹, D_n in σ²/τ, κ in k_B/(τ·σ) (3D) or k_B/τ (2D); T in ε/k_B; quantum C_n needs a
 * reduced ħ (default: classical C_n = k_B). Metal: ω in √(eV/(Å²·amu)) = 98.2269 rad/ps, D_n reported in
 * Å²/ps, κ in W/(m·K) (k_B·Å²/ps/Å³ = 0.1380649 W/(m·K)); T in K.
 *
 * Cost: one dense eigen-decomposition with vectors, then 3 sparse × dense and 3 dense n×n products (n = dN),
 * O(n³) with a blocked SIMD gemm (assembly/gemm.ts), and O(n²) per broadening width.
 *
 * @packageDocumentation
 */
import { alloc, allocF64, mark, putF64, putI32, readF64, release, scoped, viewF64, workspaceTop, type Kernels } from "./engine/wasm.js";
import { eigh, type EighMethod } from "./eigen.js";
import { wasmMath } from "./md.js";
import type { Potential, Units } from "./potentials/potential.js";
import {
  BOLTZMANN_J_PER_K,
  RAD_PER_PS_PER_SQRT_EV_A2_AMU,
  classifyModes,
  heatCapacityScale,
  modeHeatCapacities,
  zeroModeCount,
  type ModeClassification,
} from "./spectra.js";
import { GlassboxError, cellHeights, inv3, type Structure } from "./structure.js";

/** wasm32 memory ceiling (bytes). */
const WASM_MAX_BYTES = 4 * 2 ** 30;

/**
 * κ conversion in metal units: k_B·(Å²/ps)/Å³ in W/(m·K) = 1.380649e-23 J/K × 1e-8 m²/s / 1e-30 m³ = 0.1380649.
 */
export const KAPPA_W_PER_M_K_PER_KB_A2_PS_A3 = BOLTZMANN_J_PER_K * 1e-8 / 1e-30;

/** Default broadening, in mean level spacings. */
export const DEFAULT_BROADENING_SPACINGS = 5;
/** Default sweep for the convergence table, in mean level spacings. */
export const DEFAULT_BROADENING_SWEEP: readonly number[] = [1, 2, 3, 5, 8, 12, 20];

/** The velocity operator of a structure in per-image form, ready for {@link modeDiffusivities}. */
export interface VelocityOperator {
  /** Degrees of freedom per atom d. */
  dimension: 2 | 3;
  /** Number of atoms N. */
  nAtoms: number;
  /** Dense dynamical matrix (dN × dN, row-major; τ⁻² or eV/(Å²·amu)), images summed. */
  dynamical: Float64Array;
  /** Block-CSR pattern of W (atom pairs with at least one interacting image): row starts, N + 1. */
  rowStart: Int32Array;
  /** Column atom of every block. */
  col: Int32Array;
  /**
   * W^α for α = x, y(, z): `w[α]` holds d·d values per block, row-major; W^α_ab = Σ_images R^α D_ab(image)
   * (σ·τ⁻² or Å·eV/(Å²·amu)). Antisymmetric: W^α_ba = −(W^α_ab)ᵀ.
   */
  w: Float64Array[];
  /** Supercell repetitions used to separate the images (1 along axes that were large enough). */
  supercell: [number, number, number];
  /** Hessian range of the potential (σ or Å). */
  range: number;
  /** Largest |W^α + (W^α)ᵀ| entry relative to max |W^α|: 0 to rounding when the images were paired right. */
  antisymmetry: number;
}

/** Options of {@link velocityOperator}. */
export interface VelocityOperatorOptions {
  /** Masses per atom (amu or m); default the potential's masses for the structure, else the structure's. */
  masses?: ArrayLike<number>;
  /**
   * Supercell repetitions along a, b, c (each ≥ the automatic choice is allowed, to check that κ does not
   * depend on the decomposition). Default: the smallest that makes every periodic height > 2·range.
   */
  supercell?: [number, number, number];
}

function massesOf(structure: Structure, potential: Potential, given?: ArrayLike<number>): Float64Array {
  const m = given ? Float64Array.from(given) : potential.massesFor?.(structure) ?? structure.masses;
  if (m.length !== structure.n) throw new RangeError(`masses has length ${m.length}, expected N = ${structure.n}`);
  for (let i = 0; i < m.length; i++) if (!(m[i]! > 0) || !Number.isFinite(m[i]!)) throw new RangeError(`mass of atom ${i} is ${m[i]}`);
  return m;
}

/**
 * Smallest supercell repetitions that make every periodic height exceed 2·range, so that at most one image
 * of any atom lies within the range of another.
 */
export function separatingSupercell(structure: Structure, range: number): [number, number, number] {
  const h = cellHeights(structure.cell);
  const reps: [number, number, number] = [1, 1, 1];
  for (let ax = 0; ax < 3; ax++) {
    if (!structure.pbc[ax]) continue;
    const need = 2 * range * (1 + 1e-9);
    reps[ax] = Math.max(1, Math.floor(need / h[ax]!) + 1);
  }
  return reps;
}

/**
 * Builds the per-image velocity operator W^α and the (image-summed) dynamical matrix of a structure.
 *
 * @throws GlassboxError when a Hessian block lies beyond the potential's Hessian range (inconsistent potential)
 * @throws RangeError when the dense dN × dN matrix cannot fit in memory
 */
export function velocityOperator(structure: Structure, potential: Potential, options: VelocityOperatorOptions = {}): VelocityOperator {
  potential.check(structure);
  const n = structure.n;
  const d = structure.dimension;
  const dim = d * n;
  if (8 * dim * dim > WASM_MAX_BYTES / 2) {
    throw new RangeError(
      `Allen–Feldman needs dense ${dim}×${dim} matrices for N = ${n} atoms (${((8 * dim * dim) / 2 ** 30).toFixed(2)} GiB each, ` +
        `several at once): above the wasm32 memory limit of 4 GiB`,
    );
  }
  const range = potential.hessianRange;
  if (!(range > 0) || !Number.isFinite(range)) throw new RangeError(`potential ${potential.name} has no finite Hessian range`);
  const auto = separatingSupercell(structure, range);
  const reps = options.supercell ?? auto;
  for (let ax = 0; ax < 3; ax++) {
    const r = reps[ax]!;
    if (!Number.isInteger(r) || r < 1) throw new RangeError(`supercell repetitions must be positive integers, got ${reps.join("×")}`);
    if (!structure.pbc[ax] && r !== 1) throw new RangeError(`supercell repetition along non-periodic axis ${"abc"[ax]} must be 1`);
    if (r < auto[ax]!) {
      throw new GlassboxError(
        `supercell ${reps.join("×")} is too small to separate periodic images: heights must exceed twice the Hessian range ` +
          `${range} of ${potential.name} (need at least ${auto.join("×")})`,
      );
    }
  }
  const masses = massesOf(structure, potential, options.masses);
  const sup = reps[0] * reps[1] * reps[2] === 1 ? structure : structure.supercell(reps[0], reps[1], reps[2]);
  const h = potential.hessian(sup);
  if (h.n !== sup.n) throw new GlassboxError(`potential ${potential.name} returned a Hessian for ${h.n} atoms, expected ${sup.n}`);

  const cell = sup.cell;
  const inv = inv3(cell);
  const pos = sup.positions;
  const pbc = sup.pbc;
  const invSqrtM = Float64Array.from(masses, (m) => 1 / Math.sqrt(m));
  const dynamical = new Float64Array(dim * dim);
  const rows: Map<number, Float64Array>[] = Array.from({ length: n }, () => new Map());
  const dd = d * d;
  const range2 = (range * (1 + 1e-9)) ** 2;
  const f = [0, 0, 0];
  const best = [0, 0, 0];
  for (let a = 0; a < n; a++) {
    for (let k = h.rowStart[a]!; k < h.rowStart[a + 1]!; k++) {
      const s = h.col[k]!;
      const b = s % n;
      const blk = h.blocks.subarray(9 * k, 9 * k + 9);
      let nonzero = false;
      for (let e = 0; e < 9; e++) if (blk[e] !== 0) nonzero = true;
      if (!nonzero) continue;
      // minimum-image bond vector in the supercell (unique: heights > 2·range)
      const dx = pos[3 * s]! - pos[3 * a]!, dy = pos[3 * s + 1]! - pos[3 * a + 1]!, dz = pos[3 * s + 2]! - pos[3 * a + 2]!;
      for (let c = 0; c < 3; c++) {
        f[c] = dx * inv[c]! + dy * inv[3 + c]! + dz * inv[6 + c]!;
        if (pbc[c]) f[c] = f[c]! - Math.floor(f[c]! + 0.5);
      }
      let r2best = Infinity;
      for (let i0 = pbc[0] ? -1 : 0; i0 <= (pbc[0] ? 1 : 0); i0++) {
        for (let i1 = pbc[1] ? -1 : 0; i1 <= (pbc[1] ? 1 : 0); i1++) {
          for (let i2 = pbc[2] ? -1 : 0; i2 <= (pbc[2] ? 1 : 0); i2++) {
            const g0 = f[0]! + i0, g1 = f[1]! + i1, g2 = f[2]! + i2;
            const x = g0 * cell[0]! + g1 * cell[3]! + g2 * cell[6]!;
            const y = g0 * cell[1]! + g1 * cell[4]! + g2 * cell[7]!;
            const z = g0 * cell[2]! + g1 * cell[5]! + g2 * cell[8]!;
            const r2 = x * x + y * y + z * z;
            if (r2 < r2best) {
              r2best = r2;
              best[0] = x; best[1] = y; best[2] = z;
            }
          }
        }
      }
      if (r2best > range2) {
        throw new GlassboxError(
          `Hessian block (${a}, ${s}) of ${potential.name} couples atoms ${Math.sqrt(r2best).toPrecision(6)} apart, beyond its Hessian range ${range}: ` +
            `cannot assign it to one periodic image`,
        );
      }
      const scale = invSqrtM[a]! * invSqrtM[b]!;
      let entry = rows[a]!.get(b);
      if (!entry) {
        entry = new Float64Array(d * dd);
        rows[a]!.set(b, entry);
      }
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const v = blk[3 * i + j]! * scale;
          dynamical[(d * a + i) * dim + d * b + j]! += v;
          for (let al = 0; al < d; al++) entry[al * dd + d * i + j]! += best[al]! * v;
        }
      }
    }
  }
  // block-CSR of W, columns sorted
  const rowStart = new Int32Array(n + 1);
  for (let a = 0; a < n; a++) rowStart[a + 1] = rowStart[a]! + rows[a]!.size;
  const nb = rowStart[n]!;
  const col = new Int32Array(nb);
  const w = Array.from({ length: d }, () => new Float64Array(nb * dd));
  for (let a = 0; a < n; a++) {
    const cols = [...rows[a]!.keys()].sort((x, y) => x - y);
    cols.forEach((b, q) => {
      const k = rowStart[a]! + q;
      col[k] = b;
      const e = rows[a]!.get(b)!;
      for (let al = 0; al < d; al++) w[al]!.set(e.subarray(al * dd, (al + 1) * dd), k * dd);
    });
  }
  // symmetrise the dynamical matrix (finite-difference Hessians are symmetric only to rounding)
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (dynamical[i * dim + j]! + dynamical[j * dim + i]!);
      dynamical[i * dim + j] = v;
      dynamical[j * dim + i] = v;
    }
  }
  const op: VelocityOperator = { dimension: d, nAtoms: n, dynamical, rowStart, col, w, supercell: [reps[0], reps[1], reps[2]], range, antisymmetry: 0 };
  op.antisymmetry = antisymmetry(op);
  return op;
}

function findBlock(op: VelocityOperator, a: number, b: number): number {
  let lo = op.rowStart[a]!, hi = op.rowStart[a + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = op.col[mid]!;
    if (c < b) lo = mid + 1;
    else if (c > b) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** max |W^α_ab[i][j] + W^α_ba[j][i]| / max |W^α|: zero to rounding for a correct per-image decomposition. */
function antisymmetry(op: VelocityOperator): number {
  const d = op.dimension, dd = d * d;
  let worst = 0, big = 0;
  for (const w of op.w) for (const v of w) big = Math.max(big, Math.abs(v));
  for (let a = 0; a < op.nAtoms; a++) {
    for (let k = op.rowStart[a]!; k < op.rowStart[a + 1]!; k++) {
      const t = findBlock(op, op.col[k]!, a);
      for (const w of op.w) {
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            const other = t < 0 ? 0 : w[t * dd + d * j + i]!;
            worst = Math.max(worst, Math.abs(w[k * dd + d * i + j]! + other));
          }
        }
      }
    }
  }
  return big > 0 ? worst / big : 0;
}

/** Velocity matrix elements between modes, V^α_nm = e_nᵀ W^α e_m (upper triangle). */
export interface VelocityMatrix {
  /** Number of modes n = dN. */
  n: number;
  /** Per direction α: n×n row-major, entry (p, q) valid for q > p (all entries with `full`). */
  v: Float64Array[];
}

/** Bytes of WebAssembly memory the velocity matrix of n modes in nDir directions needs (E, T and nDir V). */
function velocityBytes(n: number, nDir: number): number {
  return 8 * n * n * (2 + nDir) + 8 * 600000;
}

/**
 * Runs `body` with V^α = Eᵀ W^α E laid out in workspace memory: nDir n×n matrices back to back at `ptr`
 * (upper triangle, or all entries with `full`). Sparse × dense (af_spmm), then the blocked SIMD gemm.
 */
function withVelocityMatrix<T>(op: VelocityOperator, vectors: Float64Array, full: boolean, body: (k: Kernels, ptr: number) => T): T {
  const d = op.dimension;
  const n = d * op.nAtoms;
  if (vectors.length !== n * n) throw new RangeError(`vectors has ${vectors.length} entries, expected (dN)² = ${n * n}`);
  const bytes = velocityBytes(n, d);
  if (bytes + workspaceTop() > WASM_MAX_BYTES) {
    throw new RangeError(
      `Allen–Feldman for N = ${op.nAtoms} atoms needs ${2 + d} dense ${n}×${n} matrices (${(bytes / 2 ** 30).toFixed(2)} GiB), ` +
        `above the wasm32 memory limit of 4 GiB`,
    );
  }
  return scoped((k) => {
    const v = alloc(8 * n * n * d);
    const e = putF64(vectors);
    const t = alloc(8 * n * n);
    const work = alloc(8 * k.gemm_workSize!());
    const rs = putI32(op.rowStart);
    const col = putI32(op.col);
    for (let al = 0; al < d; al++) {
      const wb = putF64(op.w[al]!);
      k.af_spmm!(rs, col, wb, op.nAtoms, d, e, t);
      k.gemm_tn!(e, n, t, n, v + 8 * n * n * al, n, n, n, n, full ? 0 : 1, work);
    }
    return body(k, v);
  });
}

/**
 * V^α = Eᵀ W^α E for eigenvectors E (n×n, column k = eigenvector k, the layout of {@link eigh}), upper
 * triangle only (V^α is antisymmetric) unless `full`. O(n³) per direction.
 */
export function velocityMatrix(op: VelocityOperator, vectors: Float64Array, full = false): VelocityMatrix {
  const n = op.dimension * op.nAtoms;
  return withVelocityMatrix(op, vectors, full, (_k, ptr) => ({
    n,
    v: Array.from({ length: op.dimension }, (_, al) => readF64(ptr + 8 * n * n * al, n * n)),
  }));
}

/** Broadening of δ(ω_n − ω_m). */
export type BroadeningKind = "gaussian" | "lorentzian";

/** Per-mode diffusivities for one broadening width. */
export interface Diffusivities {
  /** η (√λ units: τ⁻¹ or √(eV/(Å²·amu))). */
  eta: number;
  /** Per direction α: D^αα_n (σ²/τ, or Å²·√(eV/(Å²·amu)) — multiply by 98.2269 for Å²/ps); 0 for excluded modes. */
  perDirection: Float64Array[];
}

function checkModes(n: number, omega: ArrayLike<number>, include: ArrayLike<number>, eta: number, kind: BroadeningKind): void {
  if (omega.length !== n || include.length !== n) throw new RangeError(`omega and include must have ${n} entries`);
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`broadening η must be > 0, got ${eta}`);
  if (kind !== "gaussian" && kind !== "lorentzian") throw new RangeError(`broadening kind must be "gaussian" or "lorentzian", got ${String(kind)}`);
  let last = -Infinity;
  for (let q = 0; q < n; q++) {
    if (!include[q]) continue;
    if (!(omega[q]! > 0)) throw new RangeError(`included mode ${q} has ω = ${omega[q]} ≤ 0`);
    if (omega[q]! < last) throw new RangeError("included modes must have ascending ω");
    last = omega[q]!;
  }
}

/** Diffusivities from V^α already in workspace memory (inside a scope). */
function diffusivitiesAt(k: Kernels, ptrV: number, nDir: number, n: number, pw: number, pi: number, eta: number, kind: BroadeningKind): Diffusivities {
  const m = mark();
  try {
    const po = allocF64(nDir * n);
    k.af_diffusivity!(ptrV, nDir, n, pw, pi, eta, kind === "gaussian" ? 0 : 1, po);
    const out = readF64(po, nDir * n);
    return { eta, perDirection: Array.from({ length: nDir }, (_, al) => out.slice(al * n, (al + 1) * n)) };
  } finally {
    release(m);
  }
}

/**
 * Mode diffusivities D^αα_n = π/(16 ω_n³) Σ_{m≠n} (ω_n + ω_m)²/ω_m |V^α_nm|² δ_η(ω_n − ω_m) for the included
 * modes (ω ascending among them), computed in WebAssembly. The isotropic 3D value is the mean over α.
 */
export function modeDiffusivities(vm: VelocityMatrix, omega: ArrayLike<number>, include: ArrayLike<number>, eta: number, kind: BroadeningKind = "gaussian"): Diffusivities {
  const n = vm.n;
  checkModes(n, omega, include, eta, kind);
  const nDir = vm.v.length;
  return scoped((k) => {
    const pv = alloc(8 * n * n * nDir);
    vm.v.forEach((mat, al) => viewF64(pv + 8 * n * n * al, n * n).set(mat));
    return diffusivitiesAt(k, pv, nDir, n, putF64(omega), putI32(include), eta, kind);
  });
}

/** Options of {@link allenFeldman}. */
export interface AllenFeldmanOptions extends VelocityOperatorOptions {
  /** Temperatures (K for metal, ε/k_B for LJ); default 300 (metal) or 0.3 (LJ). */
  temperatures?: number | readonly number[];
  /**
   * Broadening widths η in mean level spacings (default 5). The first is the headline κ; all of them, plus
   * the default sweep 1, 2, 3, 5, 8, 12, 20, go into `kappaVersusBroadening`.
   */
  broadening?: number | readonly number[];
  /** Absolute broadening widths η in √λ units (τ⁻¹ or √(eV/(Å²·amu))); overrides `broadening`. */
  eta?: number | readonly number[];
  /** Gaussian (default) or Lorentzian δ. */
  broadeningKind?: BroadeningKind;
  /** Reduced Planck constant in LJ units (default 0: classical C_n = k_B). Ignored for metal. */
  hbar?: number;
  /** Use the classical C_n = k_B also in metal units (default false). */
  classical?: boolean;
  /** Sheet thickness (Å or σ) that turns the area of a 3D monolayer (pbc T T F) into a volume; default 3.35 Å (metal). */
  thickness?: number;
  /** Eigensolver (default "tridiagonal"). */
  eigen?: EighMethod;
  /** Relative tolerance for imaginary modes (default 1e-8·max|λ|, as {@link classifyModes}). */
  imaginaryTolerance?: number;
}

/** κ at one broadening width. */
export interface KappaAtBroadening {
  /** η in mean level spacings. */
  spacings: number;
  /** η (√λ units). */
  eta: number;
  /** κ per temperature (see {@link AllenFeldmanResult.kappaUnit}). */
  kappa: number[];
  /** κ with classical C_n = k_B. */
  kappaClassical: number;
}

/** Result of {@link allenFeldman}. */
export interface AllenFeldmanResult {
  /** Unit system. */
  units: Units;
  /** Temperatures (K or ε/k_B). */
  temperatures: number[];
  /** κ per temperature at the headline broadening. */
  kappa: number[];
  /** κ with classical C_n = k_B (the high-T limit), headline broadening. */
  kappaClassical: number;
  /** κ per temperature and transport direction (diagonal κ_αα), headline broadening. */
  kappaTensor: number[][];
  /** "W/(m·K)", "W/K" (2D metal), "k_B/(τ·σ)" or "k_B/τ" (2D LJ). */
  kappaUnit: string;
  /** Heat capacity per temperature, total over counted modes, k_B units. */
  heatCapacity: number[];
  /** Broadening used for the headline κ. */
  broadening: { kind: BroadeningKind; eta: number; spacings: number; meanLevelSpacing: number };
  /** κ for every broadening width tried (ascending η): it should plateau. */
  kappaVersusBroadening: KappaAtBroadening[];
  /**
   * Sensitivity of κ to the broadening around the headline η: slope d ln κ/d ln η from the neighbouring
   * widths of the sweep, and the relative change of κ per doubling of η, 2^slope − 1 — for the classical κ,
   * and per temperature (low T weights the low-frequency modes, where a finite cell converges worst).
   * A converged κ has |changePerDoubling| of a few percent.
   */
  convergence: { slope: number; changePerDoubling: number; changePerDoublingPerT: number[] };
  /** ω = √λ per mode (√λ units), all dN modes, imaginary negative. */
  omega: Float64Array;
  /** Isotropic diffusivity per mode (mean over transport directions) at the headline broadening; 0 if excluded. */
  diffusivity: Float64Array;
  /** "σ²/τ" or "Å²/ps". */
  diffusivityUnit: string;
  /** 1 for modes in the sums (non-zero, real), 0 otherwise. */
  included: Uint8Array;
  /** Volume V (σ³, Å³; area σ² for 2D; area·thickness for a monolayer). */
  volume: number;
  /** Cartesian transport directions averaged (0 = x, 1 = y, 2 = z). */
  directions: number[];
  /** Mode classification: zero modes excluded, imaginary count. */
  modes: ModeClassification;
  /** Supercell used to separate images. */
  supercell: [number, number, number];
  /** Relative antisymmetry residual of W (≈ 1e-16). */
  antisymmetry: number;
  /** Warnings (imaginary modes, …). */
  warnings: string[];
}

function list(x: number | readonly number[] | undefined, name: string): number[] | undefined {
  if (x === undefined) return undefined;
  const v = typeof x === "number" ? [x] : [...x];
  if (v.length === 0) throw new RangeError(`${name} must not be empty`);
  for (const t of v) if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`${name} must be positive numbers, got ${t}`);
  return v;
}

/** Transport directions and the volume κ is normalised by. */
function geometry(structure: Structure, thickness: number | undefined, units: Units): { directions: number[]; volume: number; twoD: boolean } {
  const p = structure.pbc;
  if (structure.dimension === 2) {
    if (!(p[0] && p[1])) throw new GlassboxError("Allen–Feldman κ of a 2D system needs periodicity along a and b");
    return { directions: [0, 1], volume: structure.area(), twoD: true };
  }
  if (p[0] && p[1] && p[2]) return { directions: [0, 1, 2], volume: structure.volume(), twoD: false };
  if (p[0] && p[1] && !p[2]) {
    const c = structure.cell;
    if (Math.abs(c[2]!) > 1e-9 * Math.hypot(c[0]!, c[1]!) || Math.abs(c[5]!) > 1e-9 * Math.hypot(c[3]!, c[4]!)) {
      throw new GlassboxError("a monolayer (pbc T T F) must have its lattice vectors a and b in the xy plane");
    }
    const t = thickness ?? (units === "metal" ? 3.35 : undefined);
    if (t === undefined) throw new RangeError("a monolayer in LJ units needs an explicit thickness (σ) to turn its area into a volume");
    if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`thickness must be > 0, got ${t}`);
    return { directions: [0, 1], volume: structure.area() * t, twoD: false };
  }
  throw new GlassboxError(`Allen–Feldman κ needs a bulk (pbc T T T), a monolayer (T T F) or a 2D system; got pbc ${p.map((x) => (x ? "T" : "F")).join(" ")}`);
}

/**
 * Allen–Feldman thermal conductivity of a (relaxed) structure: per-image velocity operator, dense
 * eigen-decomposition, velocity matrix, mode diffusivities at each broadening, κ(T).
 *
 * @example
 * ```ts
 * const r = allenFeldman(glass, potentialFromSpec("kob-andersen"), { temperatures: [0.1, 0.3], broadening: 5 });
 * r.kappa;                 // k_B/(τσ), classical C unless hbar is given
 * r.kappaVersusBroadening; // check the plateau
 * ```
 * @throws GlassboxError for unsupported boundary conditions; RangeError for sizes beyond wasm32 memory or bad options
 */
export function allenFeldman(structure: Structure, potential: Potential, options: AllenFeldmanOptions = {}): AllenFeldmanResult {
  geometry(structure, options.thickness, potential.units); // fail on unsupported boundaries before any work
  const op = velocityOperator(structure, potential, options);
  const n = op.dimension * op.nAtoms;
  const eig = eigh(op.dynamical, n, { vectors: true, method: options.eigen ?? "tridiagonal", assumeSymmetric: true });
  return allenFeldmanFromModes(structure, potential.units, op, eig, options);
}

/**
 * {@link allenFeldman} from a velocity operator and the eigen-decomposition of its dynamical matrix
 * (`eigh(op.dynamical, dN, { vectors: true })`), so that one decomposition serves the VDOS, participation
 * ratios, heat capacity and κ at several broadenings or kinds.
 *
 * @param units unit system of the potential that made `op`
 */
export function allenFeldmanFromModes(
  structure: Structure,
  units: Units,
  op: VelocityOperator,
  eig: { values: Float64Array; vectors?: Float64Array },
  options: Omit<AllenFeldmanOptions, "masses" | "supercell" | "eigen"> = {},
): AllenFeldmanResult {
  const temps = list(options.temperatures, "temperatures") ?? [units === "metal" ? 300 : 0.3];
  const kind = options.broadeningKind ?? "gaussian";
  if (kind !== "gaussian" && kind !== "lorentzian") throw new RangeError(`broadeningKind must be "gaussian" or "lorentzian", got ${String(kind)}`);
  const geo = geometry(structure, options.thickness, units);
  const d = op.dimension;
  const n = d * op.nAtoms;
  if (structure.n !== op.nAtoms || structure.dimension !== d) throw new RangeError("allenFeldmanFromModes: structure and velocity operator disagree");
  if (eig.values.length !== n || !eig.vectors || eig.vectors.length !== n * n) {
    throw new RangeError(`allenFeldmanFromModes: need ${n} eigenvalues and ${n}×${n} eigenvectors (eigh with vectors: true)`);
  }
  const modes = classifyModes(eig.values, {
    dimension: d,
    zeroModes: zeroModeCount(d, structure.pbc),
    ...(options.imaginaryTolerance !== undefined ? { imaginaryTolerance: options.imaginaryTolerance } : {}),
  });
  const included = new Uint8Array(n);
  const omega = modes.omega;
  let first = -1, lastIdx = -1, counted = 0;
  for (let q = 0; q < n; q++) {
    if (!modes.zero[q] && modes.eigenvalues[q]! > modes.tolerance) {
      included[q] = 1;
      counted++;
      if (first < 0) first = q;
      lastIdx = q;
    }
  }
  if (counted < 2) throw new GlassboxError(`only ${counted} vibrational mode(s) with ω > 0: nothing to transport heat`);
  const spacing = (omega[lastIdx]! - omega[first]!) / (counted - 1);
  const etaAbs = list(options.eta, "eta");
  const spacingsGiven = list(options.broadening, "broadening");
  const headline = etaAbs ? etaAbs.map((e) => ({ eta: e, spacings: e / spacing })) : (spacingsGiven ?? [DEFAULT_BROADENING_SPACINGS]).map((s) => ({ eta: s * spacing, spacings: s }));
  const sweep = [...headline];
  for (const s of DEFAULT_BROADENING_SWEEP) if (!sweep.some((x) => Math.abs(x.spacings - s) < 1e-12)) sweep.push({ eta: s * spacing, spacings: s });
  sweep.sort((x, y) => x.eta - y.eta);

  const omegaIncl = Float64Array.from(omega, (w, q) => (included[q] ? w : 0));
  const includeI32 = Int32Array.from(included);

  // unit handling: D in σ²/τ (lj) or Å²/ps (metal); κ factor per (k_B · D / V)
  const dScale = units === "metal" ? RAD_PER_PS_PER_SQRT_EV_A2_AMU : 1;
  const kScale = units === "metal" ? KAPPA_W_PER_M_K_PER_KB_A2_PS_A3 * (geo.twoD ? 1e-10 : 1) : 1;
  const kappaUnit = units === "metal" ? (geo.twoD ? "W/K" : "W/(m·K)") : geo.twoD ? "k_B/τ" : "k_B/(τ·σ)";
  const hcOptions = { units, ...(options.hbar !== undefined ? { hbar: options.hbar } : {}), ...(options.classical ? { classical: true } : {}) };
  const cPerT = temps.map((t) => {
    const c = new Float64Array(n);
    const ws: number[] = [];
    const idx: number[] = [];
    for (let q = 0; q < n; q++) if (included[q]) { ws.push(omega[q]!); idx.push(q); }
    const cm = modeHeatCapacities(ws, heatCapacityScale(t, hcOptions));
    idx.forEach((q, r) => (c[q] = cm[r]!));
    return c;
  });

  const evaluate = (dif: Diffusivities) => {
    const iso = new Float64Array(n);
    for (const al of geo.directions) for (let q = 0; q < n; q++) iso[q]! += dif.perDirection[al]![q]! * dScale / geo.directions.length;
    const kappaFor = (c: Float64Array | null) => {
      const perDir = geo.directions.map((al) => {
        let s = 0;
        for (let q = 0; q < n; q++) if (included[q]) s += (c ? c[q]! : 1) * dif.perDirection[al]![q]! * dScale;
        return (s / geo.volume) * kScale;
      });
      return { mean: perDir.reduce((x, y) => x + y, 0) / perDir.length, perDir };
    };
    return { iso, kappaFor };
  };

  const kappaVersusBroadening: KappaAtBroadening[] = [];
  let head: ReturnType<typeof evaluate> | null = null;
  withVelocityMatrix(op, eig.vectors, false, (k, ptrV) => {
    const pw = putF64(omegaIncl);
    const pi = putI32(includeI32);
    for (const b of sweep) {
      checkModes(n, omegaIncl, includeI32, b.eta, kind);
      const ev = evaluate(diffusivitiesAt(k, ptrV, d, n, pw, pi, b.eta, kind));
      if (b === headline[0]) head = ev;
      kappaVersusBroadening.push({ spacings: b.spacings, eta: b.eta, kappa: cPerT.map((c) => ev.kappaFor(c).mean), kappaClassical: ev.kappaFor(null).mean });
    }
  });
  const h = head!;
  const hi = kappaVersusBroadening.findIndex((x) => x.eta === headline[0]!.eta);
  const lo = Math.max(0, hi - 1), up = Math.min(kappaVersusBroadening.length - 1, hi + 1);
  const ka = kappaVersusBroadening[lo]!, kb = kappaVersusBroadening[up]!;
  // logarithms and powers in WebAssembly, so that the reported numbers are identical in every engine
  const slopeOf = (x: number, y: number) => (up > lo && x > 0 && y > 0 ? wasmMath.log(y / x) / wasmMath.log(kb.eta / ka.eta) : 0);
  const slope = slopeOf(ka.kappaClassical, kb.kappaClassical);
  const changePerDoublingPerT = temps.map((_, q) => wasmMath.pow(2, slopeOf(ka.kappa[q]!, kb.kappa[q]!)) - 1);
  const kappaTensorPerT = cPerT.map((c) => h.kappaFor(c).perDir);
  const warnings = [...modes.warnings];
  return {
    units,
    temperatures: temps,
    kappa: kappaTensorPerT.map((p) => p.reduce((x, y) => x + y, 0) / p.length),
    kappaClassical: h.kappaFor(null).mean,
    kappaTensor: kappaTensorPerT,
    kappaUnit,
    heatCapacity: cPerT.map((c) => c.reduce((x, y) => x + y, 0)),
    broadening: { kind, eta: headline[0]!.eta, spacings: headline[0]!.spacings, meanLevelSpacing: spacing },
    kappaVersusBroadening,
    convergence: { slope, changePerDoubling: wasmMath.pow(2, slope) - 1, changePerDoublingPerT },
    omega,
    diffusivity: h.iso,
    diffusivityUnit: units === "metal" ? "Å²/ps" : "σ²/τ",
    included,
    volume: geo.volume,
    directions: geo.directions,
    modes,
    supercell: op.supercell,
    antisymmetry: op.antisymmetry,
    warnings,
  };
}
