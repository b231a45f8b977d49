// Dense kernels for fitting linear models: column statistics, packing, XᵀX / XᵀY, blocked Cholesky factor
// and solves, prediction, and cyclic coordinate descent for the lasso / elastic net.
//
// Layouts (all f64, row-major unless stated, sizes in elements, pointers are byte offsets):
// - "Panels": a k×m matrix packed as ceil(m/4) column panels of width 4; panel q holds columns 4q…4q+3
//   of every row contiguously (row i of panel q at dst + (q·kp + i)·32, kp ≥ k the panel length, rows
//   k…kp−1 zero). Columns ≥ m are zero, so every product of panels is a whole number of 4×4 tiles.
// - "Column-major": column j of an n×m matrix at dst + j·n·8 (coordinate descent walks columns).
// - Matrices a Cholesky factorisation touches have order n4, a multiple of 4; rows/columns ≥ the valid
//   order are padding that the factorisation turns into identity.
//
// Products run on the 4×4 register tile of tiles.ts, in units (see there) that the thread pool may spread
// over threads; each output element is summed in the same order whatever thread computes it, so results
// are bit-identical in every engine and for any number of threads.
import { checkRange } from "./memory";
import { TILE_SET, TILE_SUB, tile44, tiles_gemm, tiles_gemmUnits, tiles_syrk, tiles_syrkT, tiles_syrkUnits } from "./tiles";

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function rowOf(rowIdx: usize, i: i32): i32 {
  return rowIdx == 0 ? i : load<i32>(rowIdx + (<usize>i << 2));
}

// ---------------------------------------------------------------------------------------------------
// Column statistics and packing
// ---------------------------------------------------------------------------------------------------

/**
 * Column means of the rows selected from an n×m matrix (leading dimension ld): out[j] = Σ_i x[r(i), j] / n,
 * summed in row order. `rowIdx` is an i32 array of n row numbers, or 0 for rows 0…n−1.
 */
export function linalg_colMeans(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, out: usize): void {
  checkRange(out, <usize>m << 3);
  for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), 0.0);
  const m2 = m & ~1;
  for (let i = 0; i < n; i++) {
    const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
    checkRange(row, <usize>m << 3);
    let j = 0;
    for (; j < m2; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), v128.load(row + o)));
    }
    if (j < m) {
      const o = <usize>j << 3;
      store<f64>(out + o, load<f64>(out + o) + load<f64>(row + o));
    }
  }
  const inv = <f64>n;
  for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), load<f64>(out + (<usize>j << 3)) / inv);
}

/**
 * Population standard deviations (divisor n) about `mean` of the selected rows; a column whose deviation
 * is 0 gets scale 1 (it carries no information and must not divide by zero), as scikit-learn does.
 */
export function linalg_colScales(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, out: usize): void {
  checkRange(out, <usize>m << 3);
  checkRange(mean, <usize>m << 3);
  for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), 0.0);
  for (let i = 0; i < n; i++) {
    const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
    checkRange(row, <usize>m << 3);
    for (let j = 0; j < m; j++) {
      const o = <usize>j << 3;
      const d = load<f64>(row + o) - load<f64>(mean + o);
      store<f64>(out + o, load<f64>(out + o) + d * d);
    }
  }
  // Constant columns keep scale 1. As scikit-learn decides it: var ≤ n·ε·var + (n·ε·mean)², so a constant
  // column whose mean carries rounding error is not blown up into noise of unit variance.
  const eps: f64 = 2.220446049250313e-16;
  for (let j = 0; j < m; j++) {
    const o = <usize>j << 3;
    const v = load<f64>(out + o) / <f64>n;
    const ne = <f64>n * eps, nm = ne * load<f64>(mean + o);
    store<f64>(out + o, v > ne * v + nm * nm ? Math.sqrt(v) : 1.0);
  }
}

// @ts-ignore: decorator
@inline function transformed(x: f64, j: i32, mean: usize, scale: usize): f64 {
  if (mean != 0) x -= load<f64>(mean + (<usize>j << 3));
  if (scale != 0) x /= load<f64>(scale + (<usize>j << 3));
  return x;
}

/** Panels per unit of {@link linalg_packPart} / {@link linalg_packTPart}. */
const PACK_GROUP: i32 = 16;

/** Work units of {@link linalg_packPart} (m columns) or {@link linalg_packTPart} (m = n rows). */
export function linalg_packUnits(m: i32): i32 {
  return (((m + 3) >> 2) + PACK_GROUP - 1) / PACK_GROUP;
}

/**
 * Packs the selected rows of an n×m matrix (leading dimension ld) into width-4 column panels of kp ≥ n
 * rows (kp = 0 means n; rows n…kp−1 are zero), as x' = (x − mean[j]) / scale[j]; `mean`/`scale` = 0
 * skip that step, `rowIdx` = 0 takes rows 0…n−1. dst needs ceil(m/4)·kp·4 f64.
 */
export function linalg_pack(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize, kp: i32): void {
  linalg_packPart(src, n, m, ld, rowIdx, mean, scale, dst, kp, 0, linalg_packUnits(m), 0);
}

/** Units [u0, u1) of {@link linalg_pack}: unit u packs panels 16u … 16u + 15. */
export function linalg_packPart(
  src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize, kp: i32, u0: i32, u1: i32, slot: i32,
): void {
  if (kp < n) kp = n;
  const q = (m + 3) >> 2;
  const full = m >> 2; // panels whose four columns all exist: two f64x2 per row, same per-lane arithmetic
  checkRange(dst, (<usize>q * <usize>kp) << 5);
  if (mean != 0) checkRange(mean, <usize>m << 3);
  if (scale != 0) checkRange(scale, <usize>m << 3);
  const p0 = min(q, u0 * PACK_GROUP), p1 = min(q, u1 * PACK_GROUP);
  for (let i = 0; i < n; i++) {
    const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
    checkRange(row, <usize>m << 3);
    for (let p = p0; p < min(p1, full); p++) {
      const out = dst + ((<usize>p * <usize>kp + <usize>i) << 5);
      const o = <usize>p << 5;
      let a = v128.load(row + o), b = v128.load(row + o, 16);
      if (mean != 0) {
        a = f64x2.sub(a, v128.load(mean + o));
        b = f64x2.sub(b, v128.load(mean + o, 16));
      }
      if (scale != 0) {
        a = f64x2.div(a, v128.load(scale + o));
        b = f64x2.div(b, v128.load(scale + o, 16));
      }
      v128.store(out, a);
      v128.store(out, b, 16);
    }
    for (let p = max(p0, full); p < p1; p++) {
      const out = dst + ((<usize>p * <usize>kp + <usize>i) << 5);
      for (let c = 0; c < 4; c++) {
        const j = (p << 2) + c;
        store<f64>(out + (<usize>c << 3), j < m ? transformed(load<f64>(row + (<usize>j << 3)), j, mean, scale) : 0.0);
      }
    }
  }
  if (kp > n) for (let p = p0; p < p1; p++) memory.fill(dst + ((<usize>p * <usize>kp + <usize>n) << 5), 0, <usize>(kp - n) << 5);
}

/**
 * Packs the transpose of the selected rows: the k×m' matrix Aᵀ with k = m (columns of src, transformed
 * as in {@link linalg_pack}) and m' = n (selected rows), as width-4 panels over the rows of src.
 * dst needs ceil(n/4)·m·4 f64. Used for XXᵀ (dual ridge) and for X·Wᵀ.
 */
export function linalg_packT(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize): void {
  linalg_packTPart(src, n, m, ld, rowIdx, mean, scale, dst, 0, linalg_packUnits(n), 0);
}

/** Units [u0, u1) of {@link linalg_packT}: unit u packs panels 16u … 16u + 15 (source rows 64u …). */
export function linalg_packTPart(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize, u0: i32, u1: i32, slot: i32): void {
  const q = (n + 3) >> 2;
  checkRange(dst, (<usize>q * <usize>m) << 5);
  if (mean != 0) checkRange(mean, <usize>m << 3);
  if (scale != 0) checkRange(scale, <usize>m << 3);
  const m2 = m & ~1;
  for (let p = min(q, u0 * PACK_GROUP); p < min(q, u1 * PACK_GROUP); p++) {
    const panel = dst + ((<usize>p * <usize>m) << 5);
    if ((p << 2) + 3 < n) {
      // Four source rows: read two columns of each, transform per column (the same f64 arithmetic as
      // the scalar path), and interleave them into two panel rows.
      const s0 = src + ((<usize>rowOf(rowIdx, p << 2) * <usize>ld) << 3);
      const s1 = src + ((<usize>rowOf(rowIdx, (p << 2) + 1) * <usize>ld) << 3);
      const s2 = src + ((<usize>rowOf(rowIdx, (p << 2) + 2) * <usize>ld) << 3);
      const s3 = src + ((<usize>rowOf(rowIdx, (p << 2) + 3) * <usize>ld) << 3);
      checkRange(s0, <usize>m << 3); checkRange(s1, <usize>m << 3);
      checkRange(s2, <usize>m << 3); checkRange(s3, <usize>m << 3);
      let j = 0;
      for (; j < m2; j += 2) {
        const o = <usize>j << 3;
        let v0 = v128.load(s0 + o), v1 = v128.load(s1 + o), v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
        if (mean != 0) {
          const mu = v128.load(mean + o);
          v0 = f64x2.sub(v0, mu); v1 = f64x2.sub(v1, mu); v2 = f64x2.sub(v2, mu); v3 = f64x2.sub(v3, mu);
        }
        if (scale != 0) {
          const sc = v128.load(scale + o);
          v0 = f64x2.div(v0, sc); v1 = f64x2.div(v1, sc); v2 = f64x2.div(v2, sc); v3 = f64x2.div(v3, sc);
        }
        const out = panel + (<usize>j << 5);
        v128.store(out, v128.shuffle<f64>(v0, v1, 0, 2));
        v128.store(out, v128.shuffle<f64>(v2, v3, 0, 2), 16);
        v128.store(out, v128.shuffle<f64>(v0, v1, 1, 3), 32);
        v128.store(out, v128.shuffle<f64>(v2, v3, 1, 3), 48);
      }
      if (j < m) {
        const o = <usize>j << 3;
        const out = panel + (<usize>j << 5);
        store<f64>(out, transformed(load<f64>(s0 + o), j, mean, scale));
        store<f64>(out, transformed(load<f64>(s1 + o), j, mean, scale), 8);
        store<f64>(out, transformed(load<f64>(s2 + o), j, mean, scale), 16);
        store<f64>(out, transformed(load<f64>(s3 + o), j, mean, scale), 24);
      }
      continue;
    }
    for (let c = 0; c < 4; c++) {
      const i = (p << 2) + c;
      if (i < n) {
        const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
        checkRange(row, <usize>m << 3);
        for (let j = 0; j < m; j++) {
          store<f64>(panel + (<usize>j << 5) + (<usize>c << 3), transformed(load<f64>(row + (<usize>j << 3)), j, mean, scale));
        }
      } else {
        for (let j = 0; j < m; j++) store<f64>(panel + (<usize>j << 5) + (<usize>c << 3), 0.0);
      }
    }
  }
}

/**
 * Column-major copy of the selected rows, transformed as in {@link linalg_pack}: dst[j·n + i]. Rows go in
 * blocks of 8 so each column receives a whole 64-byte line at a time.
 */
export function linalg_colMajor(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize): void {
  checkRange(dst, (<usize>n * <usize>m) << 3);
  for (let i0 = 0; i0 < n; i0 += 8) {
    const i1 = min(n, i0 + 8);
    for (let i = i0; i < i1; i++) checkRange(src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3), <usize>m << 3);
    for (let j = 0; j < m; j++) {
      const col = dst + ((<usize>j * <usize>n) << 3);
      for (let i = i0; i < i1; i++) {
        const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
        store<f64>(col + (<usize>i << 3), transformed(load<f64>(row + (<usize>j << 3)), j, mean, scale));
      }
    }
  }
}

/** out[j] = ‖column j‖² of a column-major n×m matrix. */
export function linalg_colNormsSq(xt: usize, n: i32, m: i32, out: usize): void {
  checkRange(xt, (<usize>n * <usize>m) << 3);
  checkRange(out, <usize>m << 3);
  for (let j = 0; j < m; j++) {
    const c = xt + ((<usize>j * <usize>n) << 3);
    store<f64>(out + (<usize>j << 3), dot(c, c, n));
  }
}

/** Index of the first entry of x[0…count) that is NaN or ±∞, or −1 when all are finite. */
export function linalg_firstNonFinite(x: usize, count: i32): i32 {
  checkRange(x, <usize>count << 3);
  const zero = f64x2.splat(0.0);
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const v = v128.load(x + (<usize>i << 3));
    // v − v is 0 for finite lanes and NaN otherwise; NaN ≠ 0.
    if (v128.any_true(f64x2.ne(f64x2.sub(v, v), zero))) break;
  }
  for (; i < count; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v - v != 0.0) return i;
  }
  return -1;
}

/**
 * Copies panel columns: column c of dst (panel c>>2, lane c&3) = column idx[c] of src, for count columns
 * of kp rows each (both with panel length kp); lanes of dst past `count` in its last panel are zero.
 */
export function linalg_panelSelect(src: usize, kp: i32, idx: usize, count: i32, dst: usize): void {
  const q = (count + 3) >> 2;
  checkRange(idx, <usize>count << 2);
  checkRange(dst, (<usize>q * <usize>kp) << 5);
  for (let c = 0; c < q << 2; c++) {
    const out = dst + ((<usize>(c >> 2) * <usize>kp) << 5) + (<usize>(c & 3) << 3);
    if (c < count) {
      const s = load<i32>(idx + (<usize>c << 2));
      const from = src + ((<usize>(s >> 2) * <usize>kp) << 5) + (<usize>(s & 3) << 3);
      checkRange(from, ((<usize>kp - 1) << 5) + 8);
      for (let i = 0; i < kp; i++) store<f64>(out + (<usize>i << 5), load<f64>(from + (<usize>i << 5)));
    } else {
      for (let i = 0; i < kp; i++) store<f64>(out + (<usize>i << 5), 0.0);
    }
  }
}

/**
 * Unpacks panels to rows of the transpose: dst[o·ldd + j] = column o, row j of the panel matrix (panel
 * length kp), for o < m, j < k. Turns the p×t solution of the normal equations into t×p coefficients.
 */
export function linalg_panelsToRows(src: usize, kp: i32, k: i32, m: i32, dst: usize, ldd: i32): void {
  const q = (m + 3) >> 2;
  checkRange(src, (<usize>q * <usize>kp) << 5);
  checkRange(dst, ((<usize>(m - 1) * <usize>ldd + <usize>k) << 3));
  for (let g = 0; g < q; g++) {
    const panel = src + ((<usize>g * <usize>kp) << 5);
    const lanes = min(4, m - (g << 2));
    for (let c = 0; c < lanes; c++) {
      const out = dst + ((<usize>((g << 2) + c) * <usize>ldd) << 3);
      const from = panel + (<usize>c << 3);
      for (let j = 0; j < k; j++) store<f64>(out + (<usize>j << 3), load<f64>(from + (<usize>j << 5)));
    }
  }
}

/**
 * Coefficients in original units and intercepts, in place: for t rows of p standardised coefficients
 * (leading dimension ld), w[o, j] /= scale[j], then intercept[o] = yMean[o] − Σ_j mean[j]·w[o, j] (0
 * without yMean; no sum without mean). `scale`, `mean`, `yMean` = 0 skip their step. The sums run in a
 * fixed order (two interleaved lanes, then their sum, then the odd last term).
 */
export function linalg_toOriginal(w: usize, ld: i32, t: i32, p: i32, scale: usize, mean: usize, yMean: usize, intercept: usize): void {
  if (t <= 0) return;
  checkRange(w, (<usize>(t - 1) * <usize>ld + <usize>p) << 3);
  checkRange(intercept, <usize>t << 3);
  if (scale != 0) checkRange(scale, <usize>p << 3);
  if (mean != 0) checkRange(mean, <usize>p << 3);
  if (yMean != 0) checkRange(yMean, <usize>t << 3);
  const p2 = p & ~1;
  for (let o = 0; o < t; o++) {
    const d = w + ((<usize>o * <usize>ld) << 3);
    if (scale != 0) {
      let j = 0;
      for (; j < p2; j += 2) {
        const q = <usize>j << 3;
        v128.store(d + q, f64x2.div(v128.load(d + q), v128.load(scale + q)));
      }
      if (j < p) store<f64>(d + (<usize>j << 3), load<f64>(d + (<usize>j << 3)) / load<f64>(scale + (<usize>j << 3)));
    }
    let b = 0.0;
    if (yMean != 0) {
      let dotv = 0.0;
      if (mean != 0) {
        let acc = f64x2.splat(0.0);
        let j = 0;
        for (; j < p2; j += 2) {
          const q = <usize>j << 3;
          acc = f64x2.add(acc, f64x2.mul(v128.load(mean + q), v128.load(d + q)));
        }
        dotv = hsum(acc);
        if (j < p) dotv += load<f64>(mean + (<usize>j << 3)) * load<f64>(d + (<usize>j << 3));
      }
      b = load<f64>(yMean + (<usize>o << 3)) - dotv;
    }
    store<f64>(intercept + (<usize>o << 3), b);
  }
}

// ---------------------------------------------------------------------------------------------------
// Panel products (the unit-wise kernels are tiles_gemm / tiles_syrk; these run all units at once)
// ---------------------------------------------------------------------------------------------------

/**
 * Gram matrix of a panel-packed k×(4q) matrix A: G = AᵀA, (4q)×(4q) row-major, both triangles written
 * (the lower one computed, the upper one mirrored, so G is exactly symmetric).
 */
export function linalg_gram(pa: usize, k: i32, q: i32, g: usize, work: usize): void {
  const m = <usize>q << 2;
  checkRange(g, (m * m) << 3);
  tiles_syrk(pa, k, q, k, g, m << 3, 32, TILE_SET, work, 0, tiles_syrkUnits(q), 0);
  linalg_mirrorLower(g, <i32>m);
}

/** Copies the strict lower triangle of an m×m row-major matrix onto its upper triangle. */
export function linalg_mirrorLower(g: usize, m: i32): void {
  const n = <usize>m;
  checkRange(g, (n * n) << 3);
  // In 8×8 blocks, so both the rows read and the rows written stay in cache.
  for (let i0: usize = 0; i0 < n; i0 += 8) {
    for (let j0: usize = 0; j0 <= i0; j0 += 8) {
      const i1 = min(n, i0 + 8), j1 = min(n, j0 + 8);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < min(j1, i); j++) store<f64>(g + ((j * n + i) << 3), load<f64>(g + ((i * n + j) << 3)));
      }
    }
  }
}

/** C = AᵀB for panel-packed A (k×4qa) and B (k×4qb): C is (4qa)×(4qb) row-major. */
export function linalg_crossprod(pa: usize, qa: i32, pb: usize, qb: i32, k: i32, c: usize, work: usize): void {
  const mb = <usize>qb << 2;
  checkRange(c, ((<usize>qa << 2) * mb) << 3);
  tiles_gemm(pa, k, qa, pb, k, qb, k, c, mb << 3, 32, TILE_SET, work, 0, tiles_gemmUnits(qa, qb), 0);
}

// ---------------------------------------------------------------------------------------------------
// Blocked Cholesky factorisation (order n4, a multiple of 4), right-looking over column blocks
// ---------------------------------------------------------------------------------------------------
//
// The working matrix lives in row panels (lp): entry (i, k) at lp + ((i>>2)·n4 + k)·32 + (i&3)·8, so the
// four rows of a panel at one column are one 32-byte vector. It starts as the lower triangle of A + shift·I
// (linalg_cholInit) and is overwritten by L. For each column block [k0, k1) (CHOL_BLOCK wide):
// linalg_cholDiag factors the diagonal block (sequential), linalg_cholTrsm computes the rows below it
// (units: 4-row panels; each 4×4 block solved four rows at a time in SIMD), and linalg_cholUpdate
// subtracts L[:, k0:k1]·L[:, k0:k1]ᵀ from the trailing lower triangle (units of tiles_syrkT, each 4×4
// block one contiguous 128-byte tile). Every entry of L receives the same operations in the same order
// whatever thread runs a unit. L is also written as column panels (lc) for the backward solve:
//   lc: L[k, j] at lc + ((j>>2)·n4 + k)·32 + (j&3)·8   (k ≥ j)
// Padding rows and columns (≥ nValid) are identity in A, so their entries of L stay exactly 0 (1 on the
// diagonal) through every update.

/** Width of a Cholesky column block (a multiple of 4). */
const CHOL_BLOCK: i32 = 64;

/** {@link CHOL_BLOCK}, for the caller that runs the blocks (src/models/solvers.ts). */
export function linalg_cholBlock(): i32 {
  return CHOL_BLOCK;
}

/**
 * Starts a factorisation: lp (row panels, see above) = the lower triangle of the row-major n4×n4 matrix
 * a, plus shift on the diagonal of rows < nValid; rows and columns ≥ nValid become identity; entries of
 * a panel above the diagonal are zero. Only the lower triangle of a is read, and a is not changed.
 */
export function linalg_cholInit(a: usize, n4: i32, nValid: i32, shift: f64, lp: usize): void {
  const n = <usize>n4;
  checkRange(a, (n * n) << 3);
  checkRange(lp, (n * n) << 3);
  for (let i0: usize = 0; i0 < n; i0 += 4) {
    const pi = lp + (((i0 >> 2) * n) << 5);
    for (let r: usize = 0; r < 4; r++) {
      const i = i0 + r;
      const row = a + ((i * n) << 3);
      for (let k: usize = 0; k <= i0 + 3; k++) {
        let v = 0.0;
        if (k <= i) {
          if (<i32>i >= nValid || <i32>k >= nValid) v = i == k ? 1.0 : 0.0;
          else v = load<f64>(row + (k << 3)) + (i == k ? shift : 0.0);
        }
        store<f64>(pi + (k << 5) + (r << 3), v);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function putLc(lc: usize, n: usize, i0: usize, j: usize, lo: v128, hi: v128): void {
  // L[i0 + r, j] for r = 0…3 (lanes of lo, hi) into the column panel of j.
  const base = lc + ((((j >> 2) * n) + i0) << 5) + ((j & 3) << 3);
  store<f64>(base, f64x2.extract_lane(lo, 0));
  store<f64>(base + 32, f64x2.extract_lane(lo, 1));
  store<f64>(base + 64, f64x2.extract_lane(hi, 0));
  store<f64>(base + 96, f64x2.extract_lane(hi, 1));
}

/**
 * The 4×4 block L[i0:i0+4, j0:j0+4] below the diagonal (j0 < i0, both at or after the block start k0):
 * (A[I, J] − Σ_{k0 ≤ k < j0} L[I, k]·L[J, k]ᵀ) solved against the diagonal block L[J, J], column by
 * column, four rows at a time.
 */
function offBlock(lp: usize, lc: usize, n: usize, i0: usize, j0: usize, k0: usize, tmp: usize): void {
  const pi = lp + (((i0 >> 2) * n) << 5), pj = lp + (((j0 >> 2) * n) << 5);
  // tmp row c = Σ_k L[j0 + c, k]·L[i0 + r, k] over r (four lanes in two vectors).
  tile44(pj + (k0 << 5), 32, pi + (k0 << 5), 32, <i32>(j0 - k0), tmp, 32, TILE_SET);
  const d = pj + (j0 << 5); // L[j0 + c, j0 + cc] at d + cc·32 + c·8
  const x = pi + (j0 << 5); // A[i0 + r, j0 + c] at x + c·32 + r·8
  let a0 = f64x2.sub(v128.load(x), v128.load(tmp)), b0 = f64x2.sub(v128.load(x, 16), v128.load(tmp, 16));
  let s = f64x2.splat(load<f64>(d));
  a0 = f64x2.div(a0, s); b0 = f64x2.div(b0, s);
  let a1 = f64x2.sub(v128.load(x, 32), v128.load(tmp, 32)), b1 = f64x2.sub(v128.load(x, 48), v128.load(tmp, 48));
  s = f64x2.splat(load<f64>(d, 8));
  a1 = f64x2.sub(a1, f64x2.mul(a0, s)); b1 = f64x2.sub(b1, f64x2.mul(b0, s));
  s = f64x2.splat(load<f64>(d, 40));
  a1 = f64x2.div(a1, s); b1 = f64x2.div(b1, s);
  let a2 = f64x2.sub(v128.load(x, 64), v128.load(tmp, 64)), b2 = f64x2.sub(v128.load(x, 80), v128.load(tmp, 80));
  s = f64x2.splat(load<f64>(d, 16));
  a2 = f64x2.sub(a2, f64x2.mul(a0, s)); b2 = f64x2.sub(b2, f64x2.mul(b0, s));
  s = f64x2.splat(load<f64>(d, 48));
  a2 = f64x2.sub(a2, f64x2.mul(a1, s)); b2 = f64x2.sub(b2, f64x2.mul(b1, s));
  s = f64x2.splat(load<f64>(d, 80));
  a2 = f64x2.div(a2, s); b2 = f64x2.div(b2, s);
  let a3 = f64x2.sub(v128.load(x, 96), v128.load(tmp, 96)), b3 = f64x2.sub(v128.load(x, 112), v128.load(tmp, 112));
  s = f64x2.splat(load<f64>(d, 24));
  a3 = f64x2.sub(a3, f64x2.mul(a0, s)); b3 = f64x2.sub(b3, f64x2.mul(b0, s));
  s = f64x2.splat(load<f64>(d, 56));
  a3 = f64x2.sub(a3, f64x2.mul(a1, s)); b3 = f64x2.sub(b3, f64x2.mul(b1, s));
  s = f64x2.splat(load<f64>(d, 88));
  a3 = f64x2.sub(a3, f64x2.mul(a2, s)); b3 = f64x2.sub(b3, f64x2.mul(b2, s));
  s = f64x2.splat(load<f64>(d, 120));
  a3 = f64x2.div(a3, s); b3 = f64x2.div(b3, s);
  v128.store(x, a0); v128.store(x, b0, 16);
  v128.store(x, a1, 32); v128.store(x, b1, 48);
  v128.store(x, a2, 64); v128.store(x, b2, 80);
  v128.store(x, a3, 96); v128.store(x, b3, 112);
  putLc(lc, n, i0, j0, a0, b0);
  putLc(lc, n, i0, j0 + 1, a1, b1);
  putLc(lc, n, i0, j0 + 2, a2, b2);
  putLc(lc, n, i0, j0 + 3, a3, b3);
}

/**
 * Factors the diagonal block [k0, k1) of the working matrix (after the updates from all earlier blocks).
 * @param tmp scratch of 16 f64
 * @returns 0, or i + 1 when the pivot of row i is not positive and finite (L is then partial)
 */
export function linalg_cholDiag(lp: usize, lc: usize, n4: i32, nValid: i32, k0: i32, k1: i32, tmp: usize): i32 {
  const n = <usize>n4;
  checkRange(lp, (n * n) << 3);
  checkRange(lc, (n * n) << 3);
  checkRange(tmp, 128);
  const b0 = <usize>k0;
  for (let i0 = b0; i0 < <usize>k1; i0 += 4) {
    for (let j0 = b0; j0 < i0; j0 += 4) offBlock(lp, lc, n, i0, j0, b0, tmp);
    const pi = lp + (((i0 >> 2) * n) << 5);
    tile44(pi + (b0 << 5), 32, pi + (b0 << 5), 32, <i32>(i0 - b0), tmp, 32, TILE_SET);
    const x = pi + (i0 << 5); // A / L[i0 + r, i0 + c] at x + c·32 + r·8
    for (let c: usize = 0; c < 4; c++) {
      const j = i0 + c;
      for (let r: usize = 0; r < 4; r++) {
        const i = i0 + r;
        if (r < c) {
          store<f64>(x + (c << 5) + (r << 3), 0.0);
          store<f64>(lc + ((((j >> 2) * n) + i) << 5) + (c << 3), 0.0);
          continue;
        }
        let v: f64;
        if (<i32>i >= nValid || <i32>j >= nValid) {
          v = i == j ? 1.0 : 0.0;
        } else {
          let t = load<f64>(x + (c << 5) + (r << 3)) - load<f64>(tmp + ((c * 4 + r) << 3));
          for (let cc: usize = 0; cc < c; cc++) t -= load<f64>(x + (cc << 5) + (r << 3)) * load<f64>(x + (cc << 5) + (c << 3));
          if (r == c) {
            if (!(t > 0.0) || !isFinite(t)) return <i32>i + 1;
            v = Math.sqrt(t);
          } else {
            v = t / load<f64>(x + (c << 5) + (c << 3));
          }
        }
        store<f64>(x + (c << 5) + (r << 3), v);
        store<f64>(lc + ((((j >> 2) * n) + i) << 5) + (c << 3), v);
      }
    }
  }
  return 0;
}

/** Work units of {@link linalg_cholTrsm}: the 4-row panels below the block. */
export function linalg_cholTrsmUnits(n4: i32, k1: i32): i32 {
  return (n4 - k1) >> 2;
}

/**
 * Units [u0, u1) of the panel below the diagonal block [k0, k1): rows 4u + k1 … + 3 of L[:, k0:k1].
 * @param tmp scratch of 16 f64 per unit (unit u uses tmp + 128u)
 */
export function linalg_cholTrsm(lp: usize, lc: usize, n4: i32, k0: i32, k1: i32, tmp: usize, u0: i32, u1: i32, slot: i32): void {
  const n = <usize>n4;
  checkRange(lp, (n * n) << 3);
  checkRange(lc, (n * n) << 3);
  checkRange(tmp, <usize>u1 << 7);
  for (let u = u0; u < u1; u++) {
    const i0 = <usize>k1 + (<usize>u << 2);
    const scratch = tmp + (<usize>u << 7);
    for (let j0 = <usize>k0; j0 < <usize>k1; j0 += 4) offBlock(lp, lc, n, i0, j0, <usize>k0, scratch);
  }
}

/**
 * Units [u0, u1) of the trailing update after block [k0, k1): A[I, J] −= L[I, k0:k1]·L[J, k0:k1]ᵀ for the
 * 4×4 blocks I ≥ J ≥ k1 (units of tiles_syrkT over the (n4 − k1)/4 trailing panels; `work`, `slot` as
 * there).
 */
export function linalg_cholUpdate(lp: usize, n4: i32, k0: i32, k1: i32, work: usize, u0: i32, u1: i32, slot: i32): void {
  const n = <usize>n4;
  checkRange(lp, (n * n) << 3);
  const q = (n4 - k1) >> 2;
  const first = lp + ((((<usize>k1 >> 2) * n)) << 5); // panel k1/4
  // Panel a (of the trailing ones) holds its k0…k1 columns at first + a·32n + 32·k0; its block with
  // panel b (columns 4b + k1 …) at first + a·32n + 32·(k1 + 4b).
  tiles_syrkT(first + (<usize>k0 << 5), n4, q, k1 - k0, first + (<usize>k1 << 5), n << 5, TILE_SUB, work, u0, u1, slot);
}

/** Work units of {@link linalg_cholUpdate}. */
export function linalg_cholUpdateUnits(n4: i32, k1: i32): i32 {
  return tiles_syrkUnits((n4 - k1) >> 2);
}

/**
 * The whole factorisation in one call (one thread): A + shift·I = L·Lᵀ into lp and lc as above
 * (`a` row-major, only its lower triangle read, left intact).
 * @param tmp scratch of 16·n4/4 + 16 f64;  work: tiles_scratchBytes() bytes
 * @returns 0, or i + 1 for the first non-positive pivot (row i)
 */
export function linalg_cholesky(a: usize, n4: i32, nValid: i32, shift: f64, lp: usize, lc: usize, tmp: usize, work: usize): i32 {
  linalg_cholInit(a, n4, nValid, shift, lp);
  for (let k0 = 0; k0 < n4; k0 += CHOL_BLOCK) {
    const k1 = min(n4, k0 + CHOL_BLOCK);
    const st = linalg_cholDiag(lp, lc, n4, nValid, k0, k1, tmp);
    if (st != 0) return st;
    if (k1 < n4) {
      linalg_cholTrsm(lp, lc, n4, k0, k1, tmp, 0, linalg_cholTrsmUnits(n4, k1), 0);
      linalg_cholUpdate(lp, n4, k0, k1, work, 0, linalg_cholUpdateUnits(n4, k1), 0);
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Solves with the factor, on panel-packed right-hand sides
// ---------------------------------------------------------------------------------------------------

/** Right-hand-side panels per solve unit (they share each panel of L while it is in cache). */
const SOLVE_GROUP: i32 = 2;

/** Work units of {@link linalg_cholSolve} for q right-hand-side panels. */
export function linalg_cholSolveUnits(q: i32): i32 {
  return (q + SOLVE_GROUP - 1) / SOLVE_GROUP;
}

/**
 * Units [u0, u1) of (L·Lᵀ)·X = Z in place for Z in q panels of n4 rows (unit u: panels 2u, 2u + 1). Forward
 * substitution with the row panels lp, backward with the column panels lc (see the Cholesky above),
 * both as 4×4 tiles: every column of X is computed by the same operations whatever the unit split.
 */
export function linalg_cholSolve(lp: usize, lc: usize, n4: i32, z: usize, q: i32, u0: i32, u1: i32): void {
  const n = <usize>n4;
  checkRange(lp, (n * n) << 3);
  checkRange(lc, (n * n) << 3);
  checkRange(z, (<usize>q * n) << 5);
  for (let u = u0; u < u1; u++) {
    const g0 = u * SOLVE_GROUP, g1 = min(q, g0 + SOLVE_GROUP);
    // Forward: L·Y = Z.
    for (let i0: usize = 0; i0 < n; i0 += 4) {
      const pi = lp + (((i0 >> 2) * n) << 5);
      const d = pi + (i0 << 5); // L[i0+r, i0+c] at d + c·32 + r·8
      for (let g = g0; g < g1; g++) {
        const zg = z + ((<usize>g * n) << 5);
        const r0 = zg + (i0 << 5);
        tile44(pi, 32, zg, 32, <i32>i0, r0, 32, TILE_SUB);
        let y0 = v128.load(r0), z0 = v128.load(r0, 16);
        let y1 = v128.load(r0, 32), z1 = v128.load(r0, 48);
        let y2 = v128.load(r0, 64), z2 = v128.load(r0, 80);
        let y3 = v128.load(r0, 96), z3 = v128.load(r0, 112);
        let s = f64x2.splat(load<f64>(d));
        y0 = f64x2.div(y0, s); z0 = f64x2.div(z0, s);
        s = f64x2.splat(load<f64>(d, 8));
        y1 = f64x2.sub(y1, f64x2.mul(s, y0)); z1 = f64x2.sub(z1, f64x2.mul(s, z0));
        s = f64x2.splat(load<f64>(d, 40));
        y1 = f64x2.div(y1, s); z1 = f64x2.div(z1, s);
        s = f64x2.splat(load<f64>(d, 16));
        y2 = f64x2.sub(y2, f64x2.mul(s, y0)); z2 = f64x2.sub(z2, f64x2.mul(s, z0));
        s = f64x2.splat(load<f64>(d, 48));
        y2 = f64x2.sub(y2, f64x2.mul(s, y1)); z2 = f64x2.sub(z2, f64x2.mul(s, z1));
        s = f64x2.splat(load<f64>(d, 80));
        y2 = f64x2.div(y2, s); z2 = f64x2.div(z2, s);
        s = f64x2.splat(load<f64>(d, 24));
        y3 = f64x2.sub(y3, f64x2.mul(s, y0)); z3 = f64x2.sub(z3, f64x2.mul(s, z0));
        s = f64x2.splat(load<f64>(d, 56));
        y3 = f64x2.sub(y3, f64x2.mul(s, y1)); z3 = f64x2.sub(z3, f64x2.mul(s, z1));
        s = f64x2.splat(load<f64>(d, 88));
        y3 = f64x2.sub(y3, f64x2.mul(s, y2)); z3 = f64x2.sub(z3, f64x2.mul(s, z2));
        s = f64x2.splat(load<f64>(d, 120));
        y3 = f64x2.div(y3, s); z3 = f64x2.div(z3, s);
        v128.store(r0, y0); v128.store(r0, z0, 16);
        v128.store(r0, y1, 32); v128.store(r0, z1, 48);
        v128.store(r0, y2, 64); v128.store(r0, z2, 80);
        v128.store(r0, y3, 96); v128.store(r0, z3, 112);
      }
    }
    // Backward: Lᵀ·X = Y.
    for (let i0 = <isize>n - 4; i0 >= 0; i0 -= 4) {
      const ui0 = <usize>i0;
      const pc = lc + (((ui0 >> 2) * n) << 5);
      const d = pc + (ui0 << 5); // L[i0+a, i0+b] at d + a·32 + b·8 (a ≥ b)
      for (let g = g0; g < g1; g++) {
        const zg = z + ((<usize>g * n) << 5);
        const r0 = zg + (ui0 << 5);
        tile44(pc + ((ui0 + 4) << 5), 32, zg + ((ui0 + 4) << 5), 32, <i32>(n - ui0 - 4), r0, 32, TILE_SUB);
        let y0 = v128.load(r0), z0 = v128.load(r0, 16);
        let y1 = v128.load(r0, 32), z1 = v128.load(r0, 48);
        let y2 = v128.load(r0, 64), z2 = v128.load(r0, 80);
        let y3 = v128.load(r0, 96), z3 = v128.load(r0, 112);
        let s = f64x2.splat(load<f64>(d, 120));
        y3 = f64x2.div(y3, s); z3 = f64x2.div(z3, s);
        s = f64x2.splat(load<f64>(d, 112));
        y2 = f64x2.sub(y2, f64x2.mul(s, y3)); z2 = f64x2.sub(z2, f64x2.mul(s, z3));
        s = f64x2.splat(load<f64>(d, 80));
        y2 = f64x2.div(y2, s); z2 = f64x2.div(z2, s);
        s = f64x2.splat(load<f64>(d, 104));
        y1 = f64x2.sub(y1, f64x2.mul(s, y3)); z1 = f64x2.sub(z1, f64x2.mul(s, z3));
        s = f64x2.splat(load<f64>(d, 72));
        y1 = f64x2.sub(y1, f64x2.mul(s, y2)); z1 = f64x2.sub(z1, f64x2.mul(s, z2));
        s = f64x2.splat(load<f64>(d, 40));
        y1 = f64x2.div(y1, s); z1 = f64x2.div(z1, s);
        s = f64x2.splat(load<f64>(d, 96));
        y0 = f64x2.sub(y0, f64x2.mul(s, y3)); z0 = f64x2.sub(z0, f64x2.mul(s, z3));
        s = f64x2.splat(load<f64>(d, 64));
        y0 = f64x2.sub(y0, f64x2.mul(s, y2)); z0 = f64x2.sub(z0, f64x2.mul(s, z2));
        s = f64x2.splat(load<f64>(d, 32));
        y0 = f64x2.sub(y0, f64x2.mul(s, y1)); z0 = f64x2.sub(z0, f64x2.mul(s, z1));
        s = f64x2.splat(load<f64>(d));
        y0 = f64x2.div(y0, s); z0 = f64x2.div(z0, s);
        v128.store(r0, y0); v128.store(r0, z0, 16);
        v128.store(r0, y1, 32); v128.store(r0, z1, 48);
        v128.store(r0, y2, 64); v128.store(r0, z2, 80);
        v128.store(r0, y3, 96); v128.store(r0, z3, 112);
      }
    }
  }
}


// ---------------------------------------------------------------------------------------------------
// Prediction
// ---------------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function dot(x: usize, y: usize, len: i32): f64 {
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const o = <usize>j << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  let s = hsum(f64x2.add(s0, s1));
  for (; j < len; j++) s += load<f64>(x + (<usize>j << 3)) * load<f64>(y + (<usize>j << 3));
  return s;
}

/**
 * Affine map of rows: out[i, o] = b[o] + Σ_j x[i, j]·w[o, j] for x (m×p, leading dimension ldx),
 * w (t×p row-major), b (t), out (m×t row-major). The dot products run in a fixed order.
 */
export function linalg_affine(x: usize, m: i32, p: i32, ldx: i32, w: usize, t: i32, b: usize, out: usize): void {
  checkRange(w, (<usize>t * <usize>p) << 3);
  checkRange(b, <usize>t << 3);
  checkRange(out, (<usize>m * <usize>t) << 3);
  for (let i = 0; i < m; i++) {
    const xi = x + ((<usize>i * <usize>ldx) << 3);
    checkRange(xi, <usize>p << 3);
    const oi = out + ((<usize>i * <usize>t) << 3);
    for (let o = 0; o < t; o++) {
      const wo = w + ((<usize>o * <usize>p) << 3);
      store<f64>(oi + (<usize>o << 3), load<f64>(b + (<usize>o << 3)) + dot(xi, wo, p));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Coordinate descent for the elastic net
// ---------------------------------------------------------------------------------------------------
//
// Objective (scikit-learn's cd_fast, on centred data, multiplied by n):
//   P(w) = ½‖y − Xw‖² + a‖w‖₁ + ½ b‖w‖²,   a = α·l1_ratio·n,  b = α·(1 − l1_ratio)·n.
// Duality gap as scikit-learn: with XtA = XᵀR − b·w, dual_norm = max|XtA|, const = min(1, a / dual_norm),
//   gap = ½‖R‖²(1 + const²) + a‖w‖₁ − const·Rᵀy + ½ b (1 + const²)‖w‖²   (or ‖R‖² + … when const = 1).
// Stopping as scikit-learn: after a sweep whose largest update is below dwTol × the largest |w|, the gap
// is computed and the solver stops when gap < gapTol. Between full sweeps the solver sweeps only the
// active set (w ≠ 0) until it settles (an active-set strategy): a full sweep then checks every
// coordinate again, so the stopping test is unchanged.
//
// stats (out, 4 f64): [sweeps done, final duality gap, full sweeps, 1 if converged else 0]

// @ts-ignore: decorator
@inline function softThreshold(z: f64, a: f64): f64 {
  return z > a ? z - a : z < -a ? z + a : 0.0;
}

/** R ← R − δ·x over n entries. */
// @ts-ignore: decorator
@inline function axpyNeg(r: usize, delta: f64, x: usize, n: i32): void {
  const vd = f64x2.splat(delta);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    v128.store(r + o, f64x2.sub(v128.load(r + o), f64x2.mul(vd, v128.load(x + o))));
    v128.store(r + o, f64x2.sub(v128.load(r + o, 16), f64x2.mul(vd, v128.load(x + o, 16))), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(r + o, load<f64>(r + o) - delta * load<f64>(x + o));
  }
}

/** Duality gap of the X-based solver; also fills xtr (p) with XᵀR. */
function gapX(xt: usize, n: i32, p: i32, y: usize, w: usize, r: usize, xtr: usize, a: f64, b: f64): f64 {
  let dualNorm = 0.0, wNorm2 = 0.0, l1 = 0.0;
  for (let j = 0; j < p; j++) {
    const wj = load<f64>(w + (<usize>j << 3));
    const g = dot(xt + ((<usize>j * <usize>n) << 3), r, n);
    store<f64>(xtr + (<usize>j << 3), g);
    const v = Math.abs(g - b * wj);
    if (v > dualNorm) dualNorm = v;
    wNorm2 += wj * wj;
    l1 += Math.abs(wj);
  }
  const rNorm2 = dot(r, r, n);
  const ry = dot(r, y, n);
  return gapFormula(dualNorm, rNorm2, ry, l1, wNorm2, a, b);
}

// @ts-ignore: decorator
@inline function gapFormula(dualNorm: f64, rNorm2: f64, ry: f64, l1: f64, wNorm2: f64, a: f64, b: f64): f64 {
  let c = 1.0;
  let gap: f64;
  if (dualNorm > a) {
    c = a / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * c * c);
  } else {
    gap = rNorm2;
  }
  return gap + (a * l1 - c * ry + 0.5 * b * (1.0 + c * c) * wNorm2);
}

/**
 * One cyclic sweep of the X-based solver over every coordinate (active = 0) or only w ≠ 0 (active = 1).
 * Writes [largest |Δw|, largest |w|] to sw.
 */
function sweepX(xt: usize, n: i32, p: i32, w: usize, r: usize, norms: usize, a: f64, b: f64, active: bool, sw: usize): void {
  let dMax = 0.0, wMax = 0.0;
  for (let j = 0; j < p; j++) {
    const jo = <usize>j << 3;
    const wOld = load<f64>(w + jo);
    if (active && wOld == 0.0) continue;
    const nj = load<f64>(norms + jo);
    if (nj == 0.0) continue;
    const xj = xt + ((<usize>j * <usize>n) << 3);
    const z = dot(xj, r, n) + wOld * nj;
    const wNew = softThreshold(z, a) / (nj + b);
    const delta = wNew - wOld;
    if (delta != 0.0) {
      axpyNeg(r, delta, xj, n);
      store<f64>(w + jo, wNew);
    }
    const ad = Math.abs(delta);
    if (ad > dMax) dMax = ad;
    const aw = Math.abs(wNew);
    if (aw > wMax) wMax = aw;
  }
  store<f64>(sw, dMax);
  store<f64>(sw, wMax, 8);
}

/**
 * Elastic-net coordinate descent on column-major centred data (see the block comment above).
 *
 * @param xt     X column-major (p columns of n), centred/scaled
 * @param y      centred target (n)
 * @param w      in: warm start, out: solution (p)
 * @param r      scratch (n): the residual y − Xw on return
 * @param xtr    scratch (p): XᵀR at the last gap evaluation
 * @param norms  ‖X_j‖² per column (p)
 * @param a      L1 weight α·l1_ratio·n;  b: L2 weight α(1 − l1_ratio)·n
 * @param maxSweeps limit on full sweeps;  dwTol: relative update tolerance;  gapTol: absolute gap tolerance
 * @param stats  out (4 f64), see above;  scratch2: 2 f64
 * @returns 0 converged, 1 when the sweep limit was reached first
 */
export function linalg_cdEnet(
  xt: usize, n: i32, p: i32, y: usize, w: usize, r: usize, xtr: usize, norms: usize,
  a: f64, b: f64, maxSweeps: i32, dwTol: f64, gapTol: f64, stats: usize, scratch2: usize,
): i32 {
  checkRange(xt, (<usize>n * <usize>p) << 3);
  checkRange(y, <usize>n << 3);
  checkRange(r, <usize>n << 3);
  checkRange(w, <usize>p << 3);
  checkRange(xtr, <usize>p << 3);
  checkRange(norms, <usize>p << 3);
  checkRange(stats, 32);
  checkRange(scratch2, 16);
  // R = y − Xw.
  memory.copy(r, y, <usize>n << 3);
  for (let j = 0; j < p; j++) {
    const wj = load<f64>(w + (<usize>j << 3));
    if (wj != 0.0) axpyNeg(r, wj, xt + ((<usize>j * <usize>n) << 3), n);
  }
  let sweeps = 0, full = 0;
  let gap = Infinity;
  let innerTol = dwTol;
  let status = 1;
  while (full < maxSweeps) {
    sweepX(xt, n, p, w, r, norms, a, b, false, scratch2);
    full++;
    sweeps++;
    let dMax = load<f64>(scratch2), wMax = load<f64>(scratch2, 8);
    if (wMax == 0.0 || dMax / wMax < dwTol || full == maxSweeps) {
      gap = gapX(xt, n, p, y, w, r, xtr, a, b);
      if (gap < gapTol) {
        status = 0;
        break;
      }
      if (full == maxSweeps) break;
      innerTol *= 0.25; // the active set looked settled but the gap says otherwise: settle it harder
    }
    // Active-set sweeps until the active coordinates settle (bounded so a stalled set cannot spin).
    for (let inner = 0; inner < 1000; inner++) {
      sweepX(xt, n, p, w, r, norms, a, b, true, scratch2);
      sweeps++;
      dMax = load<f64>(scratch2);
      wMax = load<f64>(scratch2, 8);
      if (wMax == 0.0 || dMax / wMax < innerTol) break;
    }
  }
  if (status != 0 && gap == Infinity) gap = gapX(xt, n, p, y, w, r, xtr, a, b);
  store<f64>(stats, <f64>sweeps);
  store<f64>(stats, gap, 8);
  store<f64>(stats, <f64>full, 16);
  store<f64>(stats, status == 0 ? 1.0 : 0.0, 24);
  return status;
}

/** Duality gap of the Gram solver from c = q − Gw (XᵀR), q = Xᵀy, yy = yᵀy. */
function gapGram(p: i32, q: usize, yy: f64, w: usize, c: usize, a: f64, b: f64): f64 {
  let dualNorm = 0.0, wNorm2 = 0.0, l1 = 0.0, wq = 0.0, wc = 0.0;
  for (let j = 0; j < p; j++) {
    const jo = <usize>j << 3;
    const wj = load<f64>(w + jo);
    const cj = load<f64>(c + jo);
    const v = Math.abs(cj - b * wj);
    if (v > dualNorm) dualNorm = v;
    wNorm2 += wj * wj;
    l1 += Math.abs(wj);
    wq += wj * load<f64>(q + jo);
    wc += wj * cj;
  }
  // ‖R‖² = yᵀy − 2wᵀq + wᵀGw, and Gw = q − c.
  let rNorm2 = yy - wq - wc;
  if (rNorm2 < 0.0) rNorm2 = 0.0;
  return gapFormula(dualNorm, rNorm2, yy - wq, l1, wNorm2, a, b);
}

/** One sweep of the Gram solver (see {@link sweepX}). */
function sweepGram(g: usize, ldg: usize, p: i32, w: usize, c: usize, a: f64, b: f64, active: bool, sw: usize): void {
  let dMax = 0.0, wMax = 0.0;
  for (let j = 0; j < p; j++) {
    const jo = <usize>j << 3;
    const wOld = load<f64>(w + jo);
    if (active && wOld == 0.0) continue;
    const gj = g + ((<usize>j * ldg) << 3);
    const gjj = load<f64>(gj + jo);
    if (gjj == 0.0) continue;
    const z = load<f64>(c + jo) + wOld * gjj;
    const wNew = softThreshold(z, a) / (gjj + b);
    const delta = wNew - wOld;
    if (delta != 0.0) {
      axpyNeg(c, delta, gj, p);
      store<f64>(w + jo, wNew);
    }
    const ad = Math.abs(delta);
    if (ad > dMax) dMax = ad;
    const aw = Math.abs(wNew);
    if (aw > wMax) wMax = aw;
  }
  store<f64>(sw, dMax);
  store<f64>(sw, wMax, 8);
}

/**
 * Elastic-net coordinate descent from the Gram matrix G = XᵀX (p×p, leading dimension ldg), q = Xᵀy and
 * yy = yᵀy of centred data: each update costs O(p) instead of O(n), and the duality gap costs O(p).
 * Same objective, tolerances, stats and return value as {@link linalg_cdEnet}; c (p) is scratch holding
 * XᵀR = q − Gw on return.
 */
export function linalg_cdEnetGram(
  g: usize, ldg: i32, p: i32, q: usize, yy: f64, w: usize, c: usize,
  a: f64, b: f64, maxSweeps: i32, dwTol: f64, gapTol: f64, stats: usize, scratch2: usize,
): i32 {
  const ld = <usize>ldg;
  checkRange(g, (ld * <usize>p) << 3);
  checkRange(q, <usize>p << 3);
  checkRange(w, <usize>p << 3);
  checkRange(c, <usize>p << 3);
  checkRange(stats, 32);
  checkRange(scratch2, 16);
  memory.copy(c, q, <usize>p << 3);
  for (let j = 0; j < p; j++) {
    const wj = load<f64>(w + (<usize>j << 3));
    if (wj != 0.0) axpyNeg(c, wj, g + ((<usize>j * ld) << 3), p);
  }
  let sweeps = 0, full = 0;
  let gap = Infinity;
  let innerTol = dwTol;
  let status = 1;
  while (full < maxSweeps) {
    sweepGram(g, ld, p, w, c, a, b, false, scratch2);
    full++;
    sweeps++;
    let dMax = load<f64>(scratch2), wMax = load<f64>(scratch2, 8);
    if (wMax == 0.0 || dMax / wMax < dwTol || full == maxSweeps) {
      gap = gapGram(p, q, yy, w, c, a, b);
      if (gap < gapTol) {
        status = 0;
        break;
      }
      if (full == maxSweeps) break;
      innerTol *= 0.25;
    }
    for (let inner = 0; inner < 1000; inner++) {
      sweepGram(g, ld, p, w, c, a, b, true, scratch2);
      sweeps++;
      dMax = load<f64>(scratch2);
      wMax = load<f64>(scratch2, 8);
      if (wMax == 0.0 || dMax / wMax < innerTol) break;
    }
  }
  if (status != 0 && gap == Infinity) gap = gapGram(p, q, yy, w, c, a, b);
  store<f64>(stats, <f64>sweeps);
  store<f64>(stats, gap, 8);
  store<f64>(stats, <f64>full, 16);
  store<f64>(stats, status == 0 ? 1.0 : 0.0, 24);
  return status;
}

/**
 * A geometric grid from `hi` down to `lo`: out[k] = hi·(lo/hi)^(k/(num−1)), k = 0…num−1, with the ends
 * exact. Computed here (compiled-in pow/log) so the grid is bit-identical in every engine.
 */
export function linalg_geomGrid(hi: f64, lo: f64, num: i32, out: usize): void {
  checkRange(out, <usize>num << 3);
  if (num <= 0) return;
  store<f64>(out, hi);
  if (num == 1) return;
  const lh = Math.log10(hi), ll = Math.log10(lo);
  const step = (ll - lh) / <f64>(num - 1);
  for (let k = 1; k < num - 1; k++) store<f64>(out + (<usize>k << 3), Math.pow(10.0, lh + step * <f64>k));
  store<f64>(out + (<usize>(num - 1) << 3), lo);
}
