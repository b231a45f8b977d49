// Spectral sums over vibrational modes: Gaussian-broadened density of states, participation ratios,
// harmonic heat capacity. Every transcendental (exp, expm1) that decides a result runs here, so Node and
// browsers give bit-identical numbers. The mode selection (which modes count, their weights) is made by
// TypeScript (src/spectra.ts); kernels only sum.
import { checkRange } from "./memory";

/** √(2π). */
const SQRT_2PI: f64 = 2.5066282746310002;

/**
 * Gaussians further than this many widths from a mode contribute exp(−x²/2) < 1e-347, which is exactly 0
 * in f64 (below the smallest subnormal), so skipping them changes no bit of the result.
 */
const GAUSS_REACH: f64 = 40.0;

/** First index k in the ascending array grid[0..n) with grid[k] ≥ x (n if none). */
function lowerBound(grid: usize, n: i32, x: f64): i32 {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(grid + (<usize>mid << 3)) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Gaussian-broadened density of states, accumulated onto a grid:
 * out[j] += weight · Σ_k exp(−(grid[j] − ω_k)²/(2σ²)) / (√(2π) σ).
 *
 * Modes are taken in array order and each adds to the grid points within 40 σ of it (the rest are exactly
 * 0 in f64), so the sum is deterministic and independent of the grid's extent.
 *
 * @param omega  count mode frequencies ω_k (f64, any unit; negative = imaginary modes reported as −√|λ|)
 * @param count  number of modes
 * @param weight factor applied to every Gaussian (1/(dN − d) or 1/(dN), see src/spectra.ts)
 * @param grid   nGrid grid points (f64, same unit as ω), strictly ascending
 * @param nGrid  number of grid points
 * @param sigma  Gaussian width σ (> 0, unit of ω)
 * @param out    nGrid f64 accumulated into (zero it first for a fresh density)
 */
export function spectra_vdos(omega: usize, count: i32, weight: f64, grid: usize, nGrid: i32, sigma: f64, out: usize): void {
  checkRange(omega, <usize>count << 3);
  checkRange(grid, <usize>nGrid << 3);
  checkRange(out, <usize>nGrid << 3);
  const norm = weight / (SQRT_2PI * sigma);
  const inv2s2 = 1.0 / (2.0 * sigma * sigma);
  const reach = GAUSS_REACH * sigma;
  for (let k = 0; k < count; k++) {
    const w = load<f64>(omega + (<usize>k << 3));
    let j = lowerBound(grid, nGrid, w - reach);
    for (; j < nGrid; j++) {
      const g = load<f64>(grid + (<usize>j << 3));
      if (g > w + reach) break;
      const t = g - w;
      const p = out + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + norm * Math.exp(-t * t * inv2s2));
    }
  }
}

/**
 * Participation ratios of eigenvectors stored as COLUMNS of a row-major n×n matrix (n = d·nAtoms, row
 * d·i + α is component α of atom i):
 * PR_k = (Σ_i |e_{i,k}|²)² / (nAtoms · Σ_i |e_{i,k}|⁴), |e_i|² summed over the atom's d components.
 * Rows are read contiguously (f64x2 over modes), so the cost is one pass over the matrix.
 *
 * @param vectors n×n f64, column k = eigenvector k (need not be normalised)
 * @param n       matrix order d·nAtoms
 * @param d       components per atom (2 or 3)
 * @param work    scratch: 3n f64
 * @param out     n f64: PR of every column (0 for an all-zero column)
 */
export function spectra_participation(vectors: usize, n: i32, d: i32, work: usize, out: usize): void {
  const un = <usize>n;
  checkRange(vectors, un * un * 8);
  checkRange(work, un * 24);
  checkRange(out, un * 8);
  const atom = work; // Σ_α e² of the current atom, per mode
  const s2 = work + (un << 3); // Σ_i |e_i|², per mode
  const s4 = work + (un << 4); // Σ_i |e_i|⁴, per mode
  memory.fill(s2, 0, un << 4);
  const nAtoms = n / d;
  for (let i = 0; i < nAtoms; i++) {
    memory.fill(atom, 0, un << 3);
    for (let a = 0; a < d; a++) {
      const row = vectors + ((<usize>(i * d + a) * un) << 3);
      let k = 0;
      for (; k + 1 < n; k += 2) {
        const o = <usize>k << 3;
        const e = v128.load(row + o);
        v128.store(atom + o, f64x2.add(v128.load(atom + o), f64x2.mul(e, e)));
      }
      if (k < n) {
        const o = <usize>k << 3;
        const e = load<f64>(row + o);
        store<f64>(atom + o, load<f64>(atom + o) + e * e);
      }
    }
    let k = 0;
    for (; k + 1 < n; k += 2) {
      const o = <usize>k << 3;
      const p = v128.load(atom + o);
      v128.store(s2 + o, f64x2.add(v128.load(s2 + o), p));
      v128.store(s4 + o, f64x2.add(v128.load(s4 + o), f64x2.mul(p, p)));
    }
    if (k < n) {
      const o = <usize>k << 3;
      const p = load<f64>(atom + o);
      store<f64>(s2 + o, load<f64>(s2 + o) + p);
      store<f64>(s4 + o, load<f64>(s4 + o) + p * p);
    }
  }
  for (let k = 0; k < n; k++) {
    const o = <usize>k << 3;
    const a = load<f64>(s2 + o);
    const b = load<f64>(s4 + o);
    store<f64>(out + o, b > 0 ? (a * a) / (<f64>nAtoms * b) : 0.0);
  }
}

/**
 * Heat capacity of one harmonic mode in units of k_B: c(x) = x² eˣ/(eˣ − 1)², x = ħω/(k_B T).
 * Written as x² e^{−x}/(1 − e^{−x})² with 1 − e^{−x} = −expm1(−x), which is accurate for every x > 0
 * (no overflow at large x, no cancellation at small x); c → 1 (classical) as x → 0 and c(0) = 1.
 */
// @ts-ignore: decorator
@inline function modeHeatCapacity(x: f64): f64 {
  if (x < 1e-5) return 1.0 - (x * x) / 12.0; // next term x⁴/240 < 5e-23
  const em = Math.exp(-x);
  const d = -Math.expm1(-x);
  return (x * x * em) / (d * d);
}

/**
 * Quantum harmonic heat capacity Σ_k c(xScale · ω_k) in units of k_B, with c(x) = x² eˣ/(eˣ − 1)².
 *
 * @param omega   count angular frequencies ω_k ≥ 0 (the caller excludes zero and imaginary modes)
 * @param count   number of modes
 * @param xScale  ħ/(k_B T) in the unit of 1/ω, so x_k = xScale·ω_k; 0 gives the classical limit (1 per mode)
 * @param perMode if non-zero: out, count f64 receiving c(x_k) per mode
 * @returns Σ_k c(x_k) (k_B units)
 */
export function spectra_heat_capacity(omega: usize, count: i32, xScale: f64, perMode: usize): f64 {
  checkRange(omega, <usize>count << 3);
  if (perMode != 0) checkRange(perMode, <usize>count << 3);
  let sum = 0.0;
  for (let k = 0; k < count; k++) {
    const c = modeHeatCapacity(xScale * load<f64>(omega + (<usize>k << 3)));
    if (perMode != 0) store<f64>(perMode + (<usize>k << 3), c);
    sum += c;
  }
  return sum;
}
