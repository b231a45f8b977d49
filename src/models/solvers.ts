/**
 * The numerical core of the linear models, on WebAssembly memory (assembly/linalg.ts): centring and
 * scaling, XᵀX / XᵀY, Cholesky solves of the ridge normal equations (primal or dual), the thin SVD of
 * the centred design that generalized and k-fold cross-validation reuse for every penalty, and
 * coordinate descent for the elastic net. Everything here works in "standardised units" (centred, and
 * divided by the column scale when asked); linear.ts and sparse.ts convert back.
 *
 * @packageDocumentation
 */
import { parallelFor } from "../engine/threads.js";
import { alloc, allocF64, memoryBytes, putF64, putI32, readF64, scoped, threadCount, viewF64, viewI32, type Kernels } from "../engine/wasm.js";
import { eigh } from "../eigen.js";
import { nonFiniteError, type Matrix } from "./matrix.js";

const EPS = 2.220446049250313e-16;

/** Width-4 panel count for m columns. */
export function panels(m: number): number {
  return (m + 3) >> 2;
}

/** m rounded up to a multiple of 4. */
export function pad4(m: number): number {
  return panels(m) << 2;
}

/** How the design matrix is transformed before fitting. */
export interface Centering {
  /** Subtract column means of X and Y (and fit an unpenalised intercept). */
  fitIntercept: boolean;
  /** Divide the columns of X by their standard deviation (divisor n) after centring. */
  standardize: boolean;
}

/** Column statistics of one fit: means (null without intercept) and scales (null unless standardised). */
export interface DesignStats {
  xMean: Float64Array | null;
  xScale: Float64Array | null;
  yMean: Float64Array | null;
}

/** Pointers to X and Y placed in WebAssembly memory, with the selected rows. */
export interface Placed {
  x: number;
  y: number;
  /** i32 row numbers (byte offset), or 0 for all rows. */
  rowIdx: number;
  n: number;
  p: number;
  t: number;
  /** Column statistics as pointers (0 = none), and as arrays. */
  mean: number;
  scale: number;
  yMean: number;
  stats: DesignStats;
}

/**
 * Copies X (and Y) into WebAssembly memory (inside a scope) and computes the column statistics of the
 * selected rows. `rows` = null selects every row.
 */
export function place(k: Kernels, X: Matrix, Y: Matrix | null, rows: Int32Array | null, c: Centering): Placed {
  const p = X.cols;
  const t = Y ? Y.cols : 0;
  const x = putF64(X.data);
  const y = Y ? putF64(Y.data) : 0;
  const n = rows ? rows.length : X.rows;
  const rowIdx = rows ? putI32(rows) : 0;
  let mean = 0, scale = 0, yMean = 0;
  if (c.fitIntercept) {
    mean = alloc(8 * p);
    k.linalg_colMeans(x, n, p, p, rowIdx, mean);
    if (Y && t > 0) {
      yMean = alloc(8 * t);
      k.linalg_colMeans(y, n, t, t, rowIdx, yMean);
    }
  }
  // Finiteness is checked in WebAssembly (SIMD). A NaN or ±∞ anywhere in a column makes its mean
  // non-finite, so when the means cover every row, the full scan (which names the first bad entry) is
  // needed only when some mean is not finite.
  const everyRow = c.fitIntercept && !rows;
  if (!everyRow || !finiteAll(mean, p)) {
    const badX = k.linalg_firstNonFinite(x, X.data.length);
    if (badX >= 0) nonFiniteError(X, badX, "X");
  }
  if (Y && (!everyRow || t === 0 || !finiteAll(yMean, t))) {
    const badY = k.linalg_firstNonFinite(y, Y.data.length);
    if (badY >= 0) nonFiniteError(Y, badY, "Y");
  }
  if (c.standardize) {
    if (!c.fitIntercept) throw new RangeError("standardize requires fitIntercept (features are centred before they are scaled)");
    scale = alloc(8 * p);
    k.linalg_colScales(x, n, p, p, rowIdx, mean, scale);
  }
  return {
    x, y, rowIdx, n, p, t, mean, scale, yMean,
    stats: {
      xMean: mean ? readF64(mean, p) : null,
      xScale: scale ? readF64(scale, p) : null,
      yMean: yMean ? readF64(yMean, t) : null,
    },
  };
}

/** True when the m f64 values at ptr are all finite. */
function finiteAll(ptr: number, m: number): boolean {
  const v = viewF64(ptr, m);
  for (let j = 0; j < m; j++) if (!Number.isFinite(v[j]!)) return false;
  return true;
}

/** Panels of the transformed X (n rows, padded with zero rows to kp ≥ n; panels over the p features). */
function packX(k: Kernels, d: Placed, kp = d.n): number {
  const ptr = alloc(panels(d.p) * kp * 32);
  parallelFor(k, "linalg_packPart", [d.x, d.n, d.p, d.p, d.rowIdx, d.mean, d.scale, ptr, kp], k.linalg_packUnits(d.p), PACK_FLOPS * d.n * d.p);
  return ptr;
}

/** Packing is memory-bound: count each element as this many operations when deciding to split it. */
const PACK_FLOPS = 8;

/** Panels of the centred Y (n rows, padded to kp ≥ n; panels over the t targets). */
function packY(k: Kernels, d: Placed, kp = d.n): number {
  const ptr = alloc(panels(d.t) * kp * 32);
  k.linalg_pack(d.y, d.n, d.t, d.t, d.rowIdx, d.yMean, 0, ptr, kp);
  return ptr;
}

/** Panels of the transposed transformed X (k = p, panels over the n samples). */
function packXT(k: Kernels, d: Placed): number {
  const ptr = alloc(panels(d.n) * d.p * 32);
  parallelFor(k, "linalg_packTPart", [d.x, d.n, d.p, d.p, d.rowIdx, d.mean, d.scale, ptr], k.linalg_packUnits(d.n), PACK_FLOPS * d.n * d.p);
  return ptr;
}

/** Copies the leading rows×cols block out of a row-major matrix with leading dimension ld. */
function readBlock(ptr: number, rows: number, cols: number, ld: number): Float64Array {
  return readRows(ptr, rows, cols, ld);
}

// Modes of the tile kernel (assembly/tiles.ts).
const TILE_SET = 0;

/**
 * Lower triangle of C = AᵀA (row-major, leading dimension ldc) for A in q panels of kp rows (k used),
 * spread over the engine's threads. With `mirror` the upper triangle is filled too.
 */
function syrk(k: Kernels, pa: number, kp: number, q: number, kk: number, c: number, ldc: number, mirror = false): void {
  parallelFor(k, "tiles_syrk", [pa, kp, q, kk, c, 8 * ldc, 32, TILE_SET, tileScratch(k)], k.tiles_syrkUnits(q), 16 * q * q * kk);
  if (mirror) k.linalg_mirrorLower(c, 4 * q);
}

/**
 * C = AᵀB for A in qa panels (kpa rows) and B in qb panels (kpb rows), over kk shared rows, spread over
 * the engine's threads. Tile (a, b) is stored at c + 4a·rc + b·bc (see tiles_gemm).
 */
function gemm(k: Kernels, pa: number, kpa: number, qa: number, pb: number, kpb: number, qb: number, kk: number, c: number, rc: number, bc: number): void {
  parallelFor(k, "tiles_gemm", [pa, kpa, qa, pb, kpb, qb, kk, c, rc, bc, TILE_SET, tileScratch(k)], k.tiles_gemmUnits(qa, qb), 32 * qa * qb * kk);
}

/** Scratch for the tile products: one block per thread (in the current workspace scope). */
function tileScratch(k: Kernels): number {
  return alloc(threadCount() * k.tiles_scratchBytes());
}

/**
 * Factors A + shift·I = L·Lᵀ (order n4, lower triangle of the row-major `a`, left intact) into the packed
 * row and column panels lp and lc (see assembly/linalg.ts), block column by block column with the panel
 * solves and trailing updates spread over the threads.
 * @returns 0, or i + 1 when the pivot of row i is not positive
 */
function cholesky(k: Kernels, a: number, n4: number, nValid: number, shift: number, lp: number, lc: number, tmp: number): number {
  k.linalg_cholInit(a, n4, nValid, shift, lp);
  const nb = k.linalg_cholBlock();
  const scratch = tileScratch(k);
  for (let k0 = 0; k0 < n4; k0 += nb) {
    const k1 = Math.min(n4, k0 + nb);
    const status = k.linalg_cholDiag(lp, lc, n4, nValid, k0, k1, tmp);
    if (status !== 0) return status;
    if (k1 < n4) {
      const rows = n4 - k1, w = k1 - k0;
      parallelFor(k, "linalg_cholTrsm", [lp, lc, n4, k0, k1, tmp], k.linalg_cholTrsmUnits(n4, k1), 2 * rows * w * w);
      parallelFor(k, "linalg_cholUpdate", [lp, n4, k0, k1, scratch], k.linalg_cholUpdateUnits(n4, k1), rows * rows * w);
    }
  }
  return 0;
}

/** Solves (L·Lᵀ)·X = Z in place for Z in q panels of n4 rows. */
function cholSolve(k: Kernels, lp: number, lc: number, n4: number, z: number, q: number): void {
  parallelFor(k, "linalg_cholSolve", [lp, lc, n4, z, q], k.linalg_cholSolveUnits(q), 8 * n4 * n4 * q);
}

/** Which closed-form ridge solve ran. */
export type RidgeSolver = "cholesky-primal" | "cholesky-dual" | "svd";

/** Result of a closed-form solve, in original units. */
export interface ClosedForm {
  /** Coefficients t×p (row o = target o), in original feature units. */
  coef: Float64Array;
  /** Intercept per target (0 without intercept). */
  intercept: Float64Array;
  solver: RidgeSolver;
}

/**
 * Ridge (α ≥ 0 per target) by Cholesky: primal (XᵀX + αI)W = XᵀY when n ≥ p, dual
 * W = Xᵀ(XXᵀ + αI)⁻¹Y when n < p; the coefficients are converted to original units here. Returns null
 * when a factorisation fails or is too ill-conditioned to trust (then the caller falls back to the SVD).
 * Everything stays in WebAssembly memory until the final copy out.
 */
export function ridgeCholesky(k: Kernels, d: Placed, alphas: Float64Array, forceDual?: boolean): ClosedForm | null {
  const { n, p, t } = d;
  const dual = forceDual ?? n < p;
  const groups = groupAlphas(alphas);
  const m = dual ? n : p; // order of the system
  const m4 = pad4(m), p4 = pad4(p), qt = panels(t), qp = panels(p);
  const g = alloc(8 * m4 * m4);
  let px: number, rhs: number;
  if (!dual) {
    px = packX(k, d);
    const py = packY(k, d);
    syrk(k, px, n, qp, n, g, m4);
    rhs = alloc(qt * m4 * 32); // XᵀY as panels of p4 rows
    gemm(k, px, n, qp, py, n, qt, n, rhs, 32, 32 * m4);
  } else {
    const pxt = packXT(k, d);
    syrk(k, pxt, p, panels(n), p, g, m4);
    rhs = packY(k, d, m4); // centred Y as panels of n4 rows
    px = packX(k, d, m4);
  }
  const diag = new Float64Array(m);
  {
    const gv = viewF64(g, m4 * m4);
    for (let i = 0; i < m; i++) diag[i] = gv[i * m4 + i]!;
  }
  const single = groups.length === 1;
  const lp = alloc(8 * m4 * m4), lc = alloc(8 * m4 * m4), tmp = alloc(128 * (m4 / 4 + 1));
  // Standardised coefficients, t rows of p4 (leading dimension p4).
  const std = alloc(8 * pad4(t) * p4);
  for (const [alpha, targets] of groups) {
    if (cholesky(k, g, m4, m, alpha, lp, lc, tmp) !== 0) return null;
    if (!wellConditioned(diag, lp, m4, m, alpha)) return null;
    const tg = targets.length, qg = panels(tg);
    let z = rhs;
    if (!single) {
      z = alloc(qg * m4 * 32);
      k.linalg_panelSelect(rhs, m4, putI32(targets), tg, z);
    }
    cholSolve(k, lp, lc, m4, z, qg);
    const out = single ? std : alloc(8 * 4 * qg * p4);
    if (!dual) k.linalg_panelsToRows(z, m4, p, tg, out, p4);
    else gemm(k, z, m4, qg, px, m4, qp, n, out, 8 * p4, 32); // Wᵀ = Cᵀ·X: rows are targets
    if (!single) {
      const mem = viewF64(0, memoryWords());
      for (let c = 0; c < tg; c++) mem.copyWithin(std / 8 + targets[c]! * p4, out / 8 + c * p4, out / 8 + c * p4 + p);
    }
  }
  const intercept = alloc(8 * t);
  k.linalg_toOriginal(std, p4, t, p, d.scale, d.mean, d.yMean, intercept);
  return { coef: readRows(std, t, p, p4), intercept: readF64(intercept, t), solver: dual ? "cholesky-dual" : "cholesky-primal" };
}

/** Copies rows×cols out of a row-major matrix with leading dimension ld ≥ cols, row by row. */
function readRows(ptr: number, rows: number, cols: number, ld: number): Float64Array {
  if (ld === cols) return readF64(ptr, rows * cols);
  const v = viewF64(ptr, rows * ld);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) out.set(v.subarray(i * ld, i * ld + cols), i * cols);
  return out;
}

/** Number of f64 words in linear memory (for a view of all of it). */
function memoryWords(): number {
  return Math.floor(memoryBytes() / 8);
}

/** The selected rows of Y (uncentred), n×t. */
function readYRows(d: Placed): Float64Array {
  const { n, t } = d;
  const out = new Float64Array(n * t);
  if (!d.rowIdx) return readF64(d.y, n * t);
  const rows = new Int32Array(readI32Copy(d.rowIdx, n));
  for (let i = 0; i < n; i++) {
    const v = viewF64(d.y + rows[i]! * t * 8, t);
    out.set(v, i * t);
  }
  return out;
}

function readI32Copy(ptr: number, n: number): Int32Array {
  return viewI32(ptr, n).slice();
}

/**
 * Rejects factorisations whose smallest pivot² is negligible against the largest diagonal entry:
 * with α = 0 (OLS) a rank-deficient XᵀX can factor "successfully" with pivots of rounding size.
 * `diag` is the diagonal of A (before the shift), L's diagonal is read from its row panels.
 */
function wellConditioned(diag: Float64Array, lp: number, n4: number, nValid: number, alpha: number): boolean {
  const lv = viewF64(lp, n4 * n4);
  let maxDiag = 0;
  let minPivot2 = Infinity;
  for (let i = 0; i < nValid; i++) {
    maxDiag = Math.max(maxDiag, diag[i]! + alpha);
    const li = lv[((i >> 2) * n4 + i) * 4 + (i & 3)]!;
    minPivot2 = Math.min(minPivot2, li * li);
  }
  return nValid === 0 || minPivot2 > maxDiag * nValid * EPS * 16;
}

/** Targets grouped by their penalty, in order of first appearance. */
function groupAlphas(alphas: Float64Array): [number, number[]][] {
  const map = new Map<number, number[]>();
  alphas.forEach((a, o) => {
    const list = map.get(a);
    if (list) list.push(o);
    else map.set(a, [o]);
  });
  return [...map.entries()];
}

// ---------------------------------------------------------------------------------------------------
// Matrix products on WebAssembly memory
// ---------------------------------------------------------------------------------------------------

/**
 * C = op(A)·B for row-major f64 arrays: A is m×kk (or kk×m when `transA`), B is kk×nb. Computed by the
 * packed 4×4-tile kernel, in a fixed summation order.
 */
export function matmul(A: Float64Array, m: number, kk: number, B: Float64Array, nb: number, transA = false): Float64Array {
  if (m === 0 || nb === 0) return new Float64Array(m * nb);
  return scoped((k) => {
    const a = putF64(A);
    const b = putF64(B);
    const pa = alloc(panels(m) * kk * 32);
    if (transA) k.linalg_pack(a, kk, m, m, 0, 0, 0, pa, kk);
    else k.linalg_packT(a, m, kk, kk, 0, 0, 0, pa);
    const pb = alloc(panels(nb) * kk * 32);
    k.linalg_pack(b, kk, nb, nb, 0, 0, 0, pb, kk);
    const c = alloc(8 * pad4(m) * pad4(nb));
    gemm(k, pa, kk, panels(m), pb, kk, panels(nb), kk, c, 8 * pad4(nb), 32);
    return readBlock(c, m, nb, pad4(nb));
  });
}

/** Out = X·Wᵀ + b for X (m×p), W (t×p), b (t): the prediction of a linear model. */
export function affine(X: Matrix, W: Float64Array, b: Float64Array): Float64Array {
  const m = X.rows, p = X.cols, t = b.length;
  if (m === 0 || t === 0) return new Float64Array(m * t);
  return scoped((k) => {
    const x = putF64(X.data);
    const bad = k.linalg_firstNonFinite(x, X.data.length);
    if (bad >= 0) nonFiniteError(X, bad, "X");
    const w = putF64(W);
    const bb = putF64(b);
    const out = alloc(8 * m * t);
    k.linalg_affine(x, m, p, p, w, t, bb, out);
    return readF64(out, m * t);
  });
}

// ---------------------------------------------------------------------------------------------------
// Thin SVD of the centred design, for cross-validation over many penalties
// ---------------------------------------------------------------------------------------------------

/**
 * The thin SVD Xc = U·diag(√λ)·Vᵀ of the transformed training design, with the projections g = UᵀYc
 * of the centred targets. Every ridge quantity is then cheap for any α:
 * coefficients V·diag(√λ/(λ+α))·g, fitted values U·diag(λ/(λ+α))·g, hat diagonal Σ U²·λ/(λ+α).
 * Components with λ ≤ max(n, p)·ε·λ_max are dropped (numerically null directions).
 */
export interface Spectrum {
  n: number;
  p: number;
  t: number;
  /** Number of kept components. */
  r: number;
  /** Squared singular values λ (r), descending. */
  values: Float64Array;
  /** Right singular vectors V, p×r row-major (column k = component k). */
  right: Float64Array;
  /** Left singular vectors U, n×r row-major (only when asked for). */
  left: Float64Array | null;
  /** g = UᵀYc, r×t. */
  proj: Float64Array;
  /** ‖yc‖² per target (t). */
  yy: Float64Array;
  stats: DesignStats;
  /** Whether the eigenproblem was XᵀX (primal, n ≥ p) or XXᵀ (dual). */
  side: "primal" | "dual";
}

/** Thin SVD of the transformed rows `rows` of X, with the projected targets; see {@link Spectrum}. */
export function spectrum(X: Matrix, Y: Matrix, rows: Int32Array | null, c: Centering, needLeft: boolean): Spectrum {
  // Products in WebAssembly; the eigen-decomposition by src/eigen.ts.
  const pre = scoped((k) => {
    const d = place(k, X, Y, rows, c);
    const { n, p, t } = d;
    const yy = new Float64Array(t);
    const ycRows = readYRows(d);
    for (let i = 0; i < n; i++) {
      for (let o = 0; o < t; o++) {
        const v = ycRows[i * t + o]! - (d.stats.yMean ? d.stats.yMean[o]! : 0);
        ycRows[i * t + o] = v;
        yy[o]! += v * v;
      }
    }
    // Xc as a plain row-major n×p array (for the products below).
    const xc = new Float64Array(n * p);
    {
      const xv = readXRows(d);
      const mean = d.stats.xMean, scale = d.stats.xScale;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < p; j++) {
          let v = xv[i * p + j]!;
          if (mean) v -= mean[j]!;
          if (scale) v /= scale[j]!;
          xc[i * p + j] = v;
        }
      }
    }
    let gramm: Float64Array, m: number;
    if (n >= p) {
      const p4 = pad4(p);
      const px = packX(k, d);
      const g = alloc(8 * p4 * p4);
      syrk(k, px, n, panels(p), n, g, p4, true);
      gramm = readBlock(g, p, p, p4);
      m = p;
    } else {
      const n4 = pad4(n);
      const pxt = packXT(k, d);
      const g = alloc(8 * n4 * n4);
      syrk(k, pxt, p, panels(n), p, g, n4, true);
      gramm = readBlock(g, n, n, n4);
      m = n;
    }
    return { n, p, t, yy, yc: ycRows, xc, gramm, m, stats: d.stats };
  });
  const { n, p, t, yy, yc, xc, gramm, m, stats } = pre;
  const side = n >= p ? "primal" : "dual";
  if (m === 0) {
    return { n, p, t, r: 0, values: new Float64Array(0), right: new Float64Array(0), left: needLeft ? new Float64Array(0) : null, proj: new Float64Array(0), yy, stats, side };
  }
  const eig = eigh(gramm, m, { vectors: true, assumeSymmetric: true });
  const vals = eig.values, vecs = eig.vectors!;
  const lmax = Math.max(vals[m - 1]!, 0);
  const tol = lmax * Math.max(n, p) * EPS;
  const keep: number[] = [];
  for (let q = m - 1; q >= 0; q--) if (vals[q]! > tol) keep.push(q);
  const r = keep.length;
  const values = new Float64Array(r);
  const basis = new Float64Array(m * r); // eigenvectors kept, m×r
  for (let c2 = 0; c2 < r; c2++) {
    const q = keep[c2]!;
    values[c2] = vals[q]!;
    for (let i = 0; i < m; i++) basis[i * r + c2] = vecs[i * m + q]!;
  }
  const sq = new Float64Array(r);
  for (let c2 = 0; c2 < r; c2++) sq[c2] = Math.sqrt(values[c2]!);
  let right: Float64Array, left: Float64Array | null = null, proj: Float64Array;
  if (side === "primal") {
    right = basis;
    // g = diag(1/√λ)·Vᵀ·(XcᵀYc)
    const xty = matmul(xc, p, n, yc, t, true);
    proj = matmul(right, r, p, xty, t, true);
    for (let c2 = 0; c2 < r; c2++) for (let o = 0; o < t; o++) proj[c2 * t + o]! /= sq[c2]!;
    if (needLeft) {
      left = matmul(xc, n, p, right, r);
      for (let i = 0; i < n; i++) for (let c2 = 0; c2 < r; c2++) left[i * r + c2]! /= sq[c2]!;
    }
  } else {
    const u = basis; // n×r
    left = needLeft ? u : null;
    proj = matmul(u, r, n, yc, t, true);
    right = matmul(xc, p, n, u, r, true); // Xcᵀ U
    for (let j = 0; j < p; j++) for (let c2 = 0; c2 < r; c2++) right[j * r + c2]! /= sq[c2]!;
  }
  return { n, p, t, r, values, right, left, proj, yy, stats, side };
}

/** The selected rows of X (raw), n×p. */
function readXRows(d: Placed): Float64Array {
  const { n, p } = d;
  if (!d.rowIdx) return readF64(d.x, n * p);
  const rows = readI32Copy(d.rowIdx, n);
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) out.set(viewF64(d.x + rows[i]! * p * 8, p), i * p);
  return out;
}

/**
 * Ridge coefficients (t×p, standardised units) from a spectrum for one penalty per target:
 * W = V·diag(√λ/(λ+α))·g. With α = 0 this is the minimum-norm least-squares solution.
 */
export function spectralCoef(s: Spectrum, alphas: Float64Array): Float64Array {
  const { p, t, r } = s;
  const coef = new Float64Array(t * p);
  const scaled = new Float64Array(r * t);
  for (let c = 0; c < r; c++) {
    const lam = s.values[c]!, sq = Math.sqrt(lam);
    for (let o = 0; o < t; o++) scaled[c * t + o] = (s.proj[c * t + o]! * sq) / (lam + alphas[o]!);
  }
  const w = matmul(s.right, p, r, scaled, t); // p×t
  for (let j = 0; j < p; j++) for (let o = 0; o < t; o++) coef[o * p + j] = w[j * t + o]!;
  return coef;
}

/**
 * Generalized cross-validation score of every (α, target): GCV = (‖r‖²/n)/(1 − tr H/n)². Both parts are
 * written so that nothing cancels as α → 0, where n < p designs interpolate:
 * ‖r‖² = ‖y⊥‖² + Σ_k g_k²·α²/(λ_k + α)² (y⊥: the part of the centred targets outside the design's span,
 * exactly 0 when the span is everything), and n − tr H = (n − [intercept] − r) + Σ_k α/(λ_k + α).
 * Returns nα×t (row a = penalty a); +∞ where the hat matrix interpolates (tr H = n).
 */
export function gcvScores(s: Spectrum, alphas: ArrayLike<number>, fitIntercept: boolean): Float64Array {
  const { n, t, r } = s;
  const free = n - (fitIntercept ? 1 : 0) - r; // dimensions of the centred target space the design misses
  const outside = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    if (free <= 0) continue;
    let inside = 0;
    for (let c = 0; c < r; c++) inside += s.proj[c * t + o]! * s.proj[c * t + o]!;
    outside[o] = Math.max(s.yy[o]! - inside, 0);
  }
  const out = new Float64Array(alphas.length * t);
  for (let a = 0; a < alphas.length; a++) {
    const alpha = alphas[a]!;
    let residualDof = free;
    for (let c = 0; c < r; c++) residualDof += alpha / (s.values[c]! + alpha);
    const denom = residualDof / n;
    for (let o = 0; o < t; o++) {
      let rss = outside[o]!;
      for (let c = 0; c < r; c++) {
        const shrink = (alpha * s.proj[c * t + o]!) / (s.values[c]! + alpha);
        rss += shrink * shrink;
      }
      out[a * t + o] = denom > 1e-12 ? rss / n / (denom * denom) : Infinity;
    }
  }
  return out;
}

/**
 * Exact leave-one-out mean squared error of every (α, target), from one decomposition (the "efficient
 * LOO" that scikit-learn's RidgeCV calls GCV): e_i = r_i/(1 − h_ii). Needs the left singular vectors.
 * Returns nα×t; +∞ where some h_ii = 1.
 */
export function looScores(s: Spectrum, yc: Float64Array, alphas: ArrayLike<number>, fitIntercept: boolean): Float64Array {
  const { n, t, r } = s;
  const u = s.left;
  if (!u) throw new Error("looScores: spectrum computed without left singular vectors");
  const out = new Float64Array(alphas.length * t);
  const f = new Float64Array(r);
  const fg = new Float64Array(r * t);
  for (let a = 0; a < alphas.length; a++) {
    const alpha = alphas[a]!;
    for (let c = 0; c < r; c++) f[c] = s.values[c]! / (s.values[c]! + alpha);
    for (let c = 0; c < r; c++) for (let o = 0; o < t; o++) fg[c * t + o] = f[c]! * s.proj[c * t + o]!;
    const fitted = matmul(u, n, r, fg, t); // n×t, centred fitted values
    const sums = new Float64Array(t);
    let bad = false;
    for (let i = 0; i < n; i++) {
      let h = fitIntercept ? 1 / n : 0;
      for (let c = 0; c < r; c++) {
        const ui = u[i * r + c]!;
        h += ui * ui * f[c]!;
      }
      const den = 1 - h;
      if (!(den > 1e-12)) {
        bad = true;
        break;
      }
      for (let o = 0; o < t; o++) {
        const e = (yc[i * t + o]! - fitted[i * t + o]!) / den;
        sums[o]! += e * e;
      }
    }
    for (let o = 0; o < t; o++) out[a * t + o] = bad ? Infinity : sums[o]! / n;
  }
  return out;
}

/** Centred targets of the selected rows (n×t) for {@link looScores}. */
export function centredTargets(Y: Matrix, rows: Int32Array | null, yMean: Float64Array | null): Float64Array {
  const n = rows ? rows.length : Y.rows, t = Y.cols;
  const out = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    const src = rows ? rows[i]! : i;
    for (let o = 0; o < t; o++) out[i * t + o] = Y.data[src * t + o]! - (yMean ? yMean[o]! : 0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Elastic-net coordinate descent
// ---------------------------------------------------------------------------------------------------

/** Coordinate-descent settings (scikit-learn's meaning). */
export interface CdSettings {
  /** Tolerance: stop when the duality gap < tol·‖yc‖² (checked when the largest update < tol·max|w|). */
  tol: number;
  /** Limit on full sweeps over the coordinates. */
  maxIter: number;
  /** Use the Gram matrix XᵀX (O(p) per update) instead of X (O(n) per update). */
  gram: boolean;
}

/** Outcome of one coordinate-descent solve. */
export interface CdResult {
  /** Sweeps done (full and active-set). */
  sweeps: number;
  /** Full sweeps. */
  fullSweeps: number;
  /** Final duality gap (on the n-scaled objective, see assembly/linalg.ts). */
  gap: number;
  /** The gap tolerance it was held to. */
  gapTol: number;
  converged: boolean;
}

/**
 * A prepared elastic-net problem on WebAssembly memory (valid inside the scope that made it):
 * the transformed X as columns (or its Gram matrix), ‖X_j‖², and per-target centred y (or Xᵀy, yᵀy).
 */
export interface CdProblem {
  n: number;
  p: number;
  t: number;
  gram: boolean;
  /** Column-major X (X solver) or Gram matrix p×p (Gram solver). */
  x: number;
  norms: number;
  /** Per target: centred y (n) for the X solver, or q = Xᵀy (p) for the Gram solver. */
  y: number[];
  /** yᵀy per target. */
  yy: Float64Array;
  /** Scratch: residual (n), XᵀR (p), stats (4), sweep scratch (2), w (p). */
  r: number;
  xtr: number;
  statsPtr: number;
  sw: number;
  w: number;
  placed: Placed;
}

/** Lays out an elastic-net problem for the rows `rows` of X, Y (inside a scope). */
export function cdProblem(k: Kernels, X: Matrix, Y: Matrix, rows: Int32Array | null, c: Centering, gram: boolean): CdProblem {
  const d = place(k, X, Y, rows, c);
  const { n, p, t } = d;
  const yy = new Float64Array(t);
  const ycAll = centredTargets(Y, rows, d.stats.yMean);
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) yy[o]! += ycAll[i * t + o]! * ycAll[i * t + o]!;
  const norms = alloc(8 * p);
  const y: number[] = [];
  let x: number;
  if (gram) {
    const p4 = pad4(p);
    const px = packX(k, d);
    x = alloc(8 * p4 * p4);
    syrk(k, px, n, panels(p), n, x, p4, true);
    // q = Xᵀy for all targets in one product.
    const py = packY(k, d);
    const xty = alloc(8 * p4 * pad4(t));
    gemm(k, px, n, panels(p), py, n, panels(t), n, xty, 8 * pad4(t), 32);
    const all = readF64(xty, p4 * pad4(t));
    const qv = new Float64Array(p);
    for (let o = 0; o < t; o++) {
      for (let j = 0; j < p; j++) qv[j] = all[j * pad4(t) + o]!;
      y.push(putF64(qv));
    }
    // ‖X_j‖² is the Gram diagonal, so both agree with the solver.
    const gv = viewF64(x, p4 * p4);
    const nv = new Float64Array(p);
    for (let j = 0; j < p; j++) nv[j] = gv[j * p4 + j]!;
    viewF64(norms, p).set(nv);
  } else {
    x = alloc(8 * n * p);
    k.linalg_colMajor(d.x, n, p, p, d.rowIdx, d.mean, d.scale, x);
    const ycol = new Float64Array(n);
    for (let o = 0; o < t; o++) {
      for (let i = 0; i < n; i++) ycol[i] = ycAll[i * t + o]!;
      y.push(putF64(ycol));
    }
    k.linalg_colNormsSq(x, n, p, norms);
  }
  return {
    n, p, t, gram, x, norms, y, yy,
    r: allocF64(n), xtr: allocF64(p), statsPtr: allocF64(4), sw: allocF64(2), w: allocF64(p), placed: d,
  };
}

/**
 * Solves one target at one penalty, warm-started from `w` (p, standardised units; overwritten with the
 * solution). Objective (1/2n)‖y − Xw‖² + α·l1·‖w‖₁ + ½α(1 − l1)‖w‖².
 */
export function cdSolve(k: Kernels, pr: CdProblem, target: number, alpha: number, l1Ratio: number, w: Float64Array, s: CdSettings): CdResult {
  const { n, p } = pr;
  const a = alpha * l1Ratio * n;
  const b = alpha * (1 - l1Ratio) * n;
  const gapTol = s.tol * pr.yy[target]!;
  viewF64(pr.w, p).set(w);
  if (pr.gram) {
    k.linalg_cdEnetGram(pr.x, pad4(p), p, pr.y[target]!, pr.yy[target]!, pr.w, pr.xtr, a, b, s.maxIter, s.tol, gapTol, pr.statsPtr, pr.sw);
  } else {
    k.linalg_cdEnet(pr.x, n, p, pr.y[target]!, pr.w, pr.r, pr.xtr, pr.norms, a, b, s.maxIter, s.tol, gapTol, pr.statsPtr, pr.sw);
  }
  w.set(viewF64(pr.w, p));
  const st = viewF64(pr.statsPtr, 4);
  return { sweeps: st[0]!, gap: st[1]!, fullSweeps: st[2]!, converged: st[3] === 1, gapTol };
}

/** max_j |X_jᵀ y_o| / n per target: the smallest α at which the lasso solution is all zeros (l1 = 1). */
export function alphaMaxPerTarget(k: Kernels, pr: CdProblem): Float64Array {
  const { n, p, t } = pr;
  const out = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    let m = 0;
    if (pr.gram) {
      const q = viewF64(pr.y[o]!, p);
      for (let j = 0; j < p; j++) m = Math.max(m, Math.abs(q[j]!));
    } else {
      // XᵀR with w = 0: run zero sweeps and read XᵀR from the gap evaluation.
      viewF64(pr.w, p).fill(0);
      k.linalg_cdEnet(pr.x, n, p, pr.y[o]!, pr.w, pr.r, pr.xtr, pr.norms, 0, 0, 0, 1, 0, pr.statsPtr, pr.sw);
      const g = viewF64(pr.xtr, p);
      for (let j = 0; j < p; j++) m = Math.max(m, Math.abs(g[j]!));
    }
    out[o] = m / n;
  }
  return out;
}

/** A geometric grid from hi down to lo with `num` points, identical in every engine (computed in WASM). */
export function geomGrid(hi: number, lo: number, num: number): Float64Array {
  if (num <= 0) return new Float64Array(0);
  return scoped((k) => {
    const out = allocF64(num);
    k.linalg_geomGrid(hi, lo, num, out);
    return readF64(out, num);
  });
}
