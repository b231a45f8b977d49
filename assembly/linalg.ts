// Dense kernels for fitting linear models: column statistics, packing, XᵀX / XᵀY, Cholesky factor and
// solve, prediction, and cyclic coordinate descent for the lasso / elastic net.
//
// Layouts (all f64, row-major unless stated, sizes in elements, pointers are byte offsets):
// - "Panels": a k×m matrix packed as ceil(m/4) column panels of width 4; panel q holds columns 4q…4q+3
//   of every row contiguously (row i of panel q at dst + (q·k + i)·32). Columns ≥ m are zero, so every
//   product of panels is a whole number of 4×4 tiles and the matrices it writes have sizes 4q.
// - "Column-major": column j of an n×m matrix at dst + j·n·8 (coordinate descent walks columns).
// - Matrices a Cholesky factorisation touches have order n4, a multiple of 4; rows/columns ≥ the valid
//   order are padding that the factorisation turns into identity.
//
// Products use an outer-product 4×4 register tile (8 f64x2 accumulators, two vector loads and four
// splat loads per step), blocked over the shared dimension so a block of panels stays in L2. Every
// summation runs in a fixed order, so results are bit-identical in every engine.
import { checkRange } from "./memory";

/** Rows of the shared dimension per block in the panel products. */
const KB: i32 = 128;

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

/**
 * Packs the selected rows of an n×m matrix (leading dimension ld) into width-4 column panels (see the
 * file header), as x' = (x − mean[j]) / scale[j]; `mean`/`scale` = 0 skip that step, `rowIdx` = 0 takes
 * rows 0…n−1. dst needs ceil(m/4)·n·4 f64.
 */
export function linalg_pack(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize): void {
  const q = (m + 3) >> 2;
  const full = m >> 2; // panels whose four columns all exist: two f64x2 per row, same per-lane arithmetic
  checkRange(dst, (<usize>q * <usize>n) << 5);
  if (mean != 0) checkRange(mean, <usize>m << 3);
  if (scale != 0) checkRange(scale, <usize>m << 3);
  for (let i = 0; i < n; i++) {
    const row = src + ((<usize>rowOf(rowIdx, i) * <usize>ld) << 3);
    checkRange(row, <usize>m << 3);
    for (let p = 0; p < full; p++) {
      const out = dst + ((<usize>p * <usize>n + <usize>i) << 5);
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
    for (let p = full; p < q; p++) {
      const out = dst + ((<usize>p * <usize>n + <usize>i) << 5);
      for (let c = 0; c < 4; c++) {
        const j = (p << 2) + c;
        store<f64>(out + (<usize>c << 3), j < m ? transformed(load<f64>(row + (<usize>j << 3)), j, mean, scale) : 0.0);
      }
    }
  }
}

/**
 * Packs the transpose of the selected rows: the k×m' matrix Aᵀ with k = m (columns of src, transformed
 * as in {@link linalg_pack}) and m' = n (selected rows), as width-4 panels over the rows of src.
 * dst needs ceil(n/4)·m·4 f64. Used for XXᵀ (dual ridge) and for X·Wᵀ.
 */
export function linalg_packT(src: usize, n: i32, m: i32, ld: i32, rowIdx: usize, mean: usize, scale: usize, dst: usize): void {
  const q = (n + 3) >> 2;
  checkRange(dst, (<usize>q * <usize>m) << 5);
  for (let p = 0; p < q; p++) {
    const panel = dst + ((<usize>p * <usize>m) << 5);
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

// ---------------------------------------------------------------------------------------------------
// Panel products
// ---------------------------------------------------------------------------------------------------

/**
 * One 4×4 tile: C[0:4, 0:4] (=|+=) Σ_s A[s, 0:4]ᵀ B[s, 0:4] over kk rows of two panels.
 * `acc` = 0 overwrites the tile, otherwise adds to it.
 */
function tile44(pa: usize, pb: usize, kk: i32, c: usize, ldc: usize, acc: bool): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0), c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  const d = pa - pb;
  const end = pb + (<usize>kk << 5);
  for (let s = pb; s < end; s += 32) {
    const b0 = v128.load(s);
    const b1 = v128.load(s, 16);
    let a = v128.load64_splat(s + d);
    c00 = f64x2.add(c00, f64x2.mul(a, b0));
    c01 = f64x2.add(c01, f64x2.mul(a, b1));
    a = v128.load64_splat(s + d, 8);
    c10 = f64x2.add(c10, f64x2.mul(a, b0));
    c11 = f64x2.add(c11, f64x2.mul(a, b1));
    a = v128.load64_splat(s + d, 16);
    c20 = f64x2.add(c20, f64x2.mul(a, b0));
    c21 = f64x2.add(c21, f64x2.mul(a, b1));
    a = v128.load64_splat(s + d, 24);
    c30 = f64x2.add(c30, f64x2.mul(a, b0));
    c31 = f64x2.add(c31, f64x2.mul(a, b1));
  }
  const r = ldc << 3;
  if (acc) {
    c00 = f64x2.add(c00, v128.load(c)); c01 = f64x2.add(c01, v128.load(c, 16));
    c10 = f64x2.add(c10, v128.load(c + r)); c11 = f64x2.add(c11, v128.load(c + r, 16));
    c20 = f64x2.add(c20, v128.load(c + 2 * r)); c21 = f64x2.add(c21, v128.load(c + 2 * r, 16));
    c30 = f64x2.add(c30, v128.load(c + 3 * r)); c31 = f64x2.add(c31, v128.load(c + 3 * r, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + r, c10); v128.store(c + r, c11, 16);
  v128.store(c + 2 * r, c20); v128.store(c + 2 * r, c21, 16);
  v128.store(c + 3 * r, c30); v128.store(c + 3 * r, c31, 16);
}

/**
 * Gram matrix of a panel-packed k×(4q) matrix A: G = AᵀA, (4q)×(4q) row-major, both triangles written.
 * Only the tiles on or above the diagonal are computed (half the work), then mirrored.
 */
export function linalg_gram(pa: usize, k: i32, q: i32, g: usize): void {
  const m = <usize>q << 2;
  checkRange(pa, (<usize>q * <usize>k) << 5);
  checkRange(g, (m * m) << 3);
  if (k == 0) {
    memory.fill(g, 0, (m * m) << 3);
    return;
  }
  for (let k0 = 0; k0 < k; k0 += KB) {
    const kk = min(KB, k - k0);
    for (let a = 0; a < q; a++) {
      const ta = pa + ((<usize>a * <usize>k + <usize>k0) << 5);
      for (let b = a; b < q; b++) {
        const tb = pa + ((<usize>b * <usize>k + <usize>k0) << 5);
        tile44(ta, tb, kk, g + (((<usize>a << 2) * m + (<usize>b << 2)) << 3), m, k0 > 0);
      }
    }
  }
  for (let i: usize = 1; i < m; i++) {
    for (let j: usize = 0; j < i; j++) store<f64>(g + ((i * m + j) << 3), load<f64>(g + ((j * m + i) << 3)));
  }
}

/**
 * C = AᵀB for panel-packed A (k×4qa) and B (k×4qb): C is (4qa)×(4qb) row-major.
 */
export function linalg_crossprod(pa: usize, qa: i32, pb: usize, qb: i32, k: i32, c: usize): void {
  const mb = <usize>qb << 2;
  checkRange(pa, (<usize>qa * <usize>k) << 5);
  checkRange(pb, (<usize>qb * <usize>k) << 5);
  checkRange(c, ((<usize>qa << 2) * mb) << 3);
  if (k == 0) {
    memory.fill(c, 0, ((<usize>qa << 2) * mb) << 3);
    return;
  }
  for (let k0 = 0; k0 < k; k0 += KB) {
    const kk = min(KB, k - k0);
    for (let a = 0; a < qa; a++) {
      const ta = pa + ((<usize>a * <usize>k + <usize>k0) << 5);
      for (let b = 0; b < qb; b++) {
        const tb = pb + ((<usize>b * <usize>k + <usize>k0) << 5);
        tile44(ta, tb, kk, c + (((<usize>a << 2) * mb + (<usize>b << 2)) << 3), mb, k0 > 0);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Cholesky factorisation and solves (order n4, a multiple of 4)
// ---------------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Cholesky factorisation A + shift·I = L·Lᵀ (lower, row-major) of a symmetric n4×n4 matrix, n4 a multiple
 * of 4. Only the lower triangle of `a` is read; `a` and `l` may be the same array. Rows and columns
 * ≥ nValid are padding: they become identity rows in L. The strict upper triangle of L is zeroed.
 *
 * Left-looking by 4×4 blocks: each block's update Σ_k L[I,k]·L[J,k] is one {@link tile44} product of
 * two packed row panels of L (rows i0…i0+3 interleaved over k), kept in `work` as the factor grows.
 *
 * @param work scratch of n4·n4 + 16 f64
 * @returns 0 on success, or i + 1 when the pivot of row i is not positive and finite (L is then partial)
 */
export function linalg_cholesky(a: usize, n4: i32, nValid: i32, shift: f64, l: usize, work: usize): i32 {
  const n = <usize>n4;
  checkRange(a, (n * n) << 3);
  checkRange(l, (n * n) << 3);
  checkRange(work, (n * n + 16) << 3);
  const rb = n << 3;
  const tile = work + ((n * n) << 3);
  for (let i0: usize = 0; i0 < n; i0 += 4) {
    const pi = work + ((i0 * n) << 3); // panel of rows i0…i0+3: entry (k, r) at pi + (4k + r)·8
    // Off-diagonal blocks L[I, J] for J < I.
    for (let j0: usize = 0; j0 < i0; j0 += 4) {
      const pj = work + ((j0 * n) << 3);
      tile44(pi, pj, <i32>j0, tile, 4, false); // tile[r][c] = Σ_{k<j0} L[i0+r, k]·L[j0+c, k]
      for (let c: usize = 0; c < 4; c++) {
        const jr = l + (j0 + c) * rb;
        const djj = load<f64>(jr + ((j0 + c) << 3));
        for (let r: usize = 0; r < 4; r++) {
          const i = i0 + r;
          const ir = l + i * rb;
          let v = 0.0;
          if (<i32>i < nValid) {
            let s = load<f64>(a + i * rb + ((j0 + c) << 3)) - load<f64>(tile + ((r * 4 + c) << 3));
            for (let cc: usize = 0; cc < c; cc++) s -= load<f64>(ir + ((j0 + cc) << 3)) * load<f64>(jr + ((j0 + cc) << 3));
            v = s / djj;
          }
          store<f64>(ir + ((j0 + c) << 3), v);
          store<f64>(pi + (((j0 + c) * 4 + r) << 3), v);
        }
      }
    }
    // Diagonal block.
    tile44(pi, pi, <i32>i0, tile, 4, false);
    for (let c: usize = 0; c < 4; c++) {
      const j = i0 + c;
      const jr = l + j * rb;
      for (let r: usize = 0; r < 4; r++) {
        const i = i0 + r;
        const ir = l + i * rb;
        if (r < c) {
          store<f64>(pi + ((j * 4 + r) << 3), 0.0);
          continue;
        }
        let s: f64;
        if (<i32>i >= nValid || <i32>j >= nValid) {
          s = i == j ? 1.0 : 0.0;
        } else {
          s = load<f64>(a + i * rb + (j << 3)) - load<f64>(tile + ((r * 4 + c) << 3));
          if (i == j) s += shift;
          for (let cc: usize = 0; cc < c; cc++) s -= load<f64>(ir + ((i0 + cc) << 3)) * load<f64>(jr + ((i0 + cc) << 3));
        }
        let v: f64;
        if (r == c) {
          if (!(s > 0.0) || !isFinite(s)) return <i32>i + 1;
          v = Math.sqrt(s);
        } else {
          v = s / load<f64>(jr + (j << 3));
        }
        store<f64>(ir + (j << 3), v);
        store<f64>(pi + ((j * 4 + r) << 3), v);
      }
    }
  }
  for (let i: usize = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) store<f64>(l + i * rb + (j << 3), 0.0);
  }
  return 0;
}

/**
 * Solves (L·Lᵀ)·X = B in place for a Cholesky factor L (n4×n4, lower, row-major) and B (n4×t4, row-major,
 * t4 a multiple of 4). Forward then backward substitution, both by 4×4 register tiles.
 */
export function linalg_cholSolve(l: usize, n4: i32, b: usize, t4: i32): void {
  const n = <usize>n4, t = <usize>t4;
  checkRange(l, (n * n) << 3);
  checkRange(b, (n * t) << 3);
  const lr = n << 3, br = t << 3;
  // Forward: L·Z = B.
  for (let i0: usize = 0; i0 < n; i0 += 4) {
    const l0 = l + i0 * lr, l1 = l0 + lr, l2 = l1 + lr, l3 = l2 + lr;
    for (let c0: usize = 0; c0 < t; c0 += 4) {
      let x00 = f64x2.splat(0.0), x01 = f64x2.splat(0.0), x10 = f64x2.splat(0.0), x11 = f64x2.splat(0.0);
      let x20 = f64x2.splat(0.0), x21 = f64x2.splat(0.0), x30 = f64x2.splat(0.0), x31 = f64x2.splat(0.0);
      for (let k: usize = 0; k < i0; k++) {
        const bk = b + k * br + (c0 << 3);
        const v0 = v128.load(bk), v1 = v128.load(bk, 16);
        const ko = k << 3;
        let s = v128.load64_splat(l0 + ko);
        x00 = f64x2.add(x00, f64x2.mul(s, v0)); x01 = f64x2.add(x01, f64x2.mul(s, v1));
        s = v128.load64_splat(l1 + ko);
        x10 = f64x2.add(x10, f64x2.mul(s, v0)); x11 = f64x2.add(x11, f64x2.mul(s, v1));
        s = v128.load64_splat(l2 + ko);
        x20 = f64x2.add(x20, f64x2.mul(s, v0)); x21 = f64x2.add(x21, f64x2.mul(s, v1));
        s = v128.load64_splat(l3 + ko);
        x30 = f64x2.add(x30, f64x2.mul(s, v0)); x31 = f64x2.add(x31, f64x2.mul(s, v1));
      }
      const r0 = b + i0 * br + (c0 << 3), r1 = r0 + br, r2 = r1 + br, r3 = r2 + br;
      const o = i0 << 3;
      let y0 = f64x2.sub(v128.load(r0), x00), z0 = f64x2.sub(v128.load(r0, 16), x01);
      let y1 = f64x2.sub(v128.load(r1), x10), z1 = f64x2.sub(v128.load(r1, 16), x11);
      let y2 = f64x2.sub(v128.load(r2), x20), z2 = f64x2.sub(v128.load(r2, 16), x21);
      let y3 = f64x2.sub(v128.load(r3), x30), z3 = f64x2.sub(v128.load(r3, 16), x31);
      let d = f64x2.splat(load<f64>(l0 + o));
      y0 = f64x2.div(y0, d); z0 = f64x2.div(z0, d);
      let s = f64x2.splat(load<f64>(l1 + o));
      y1 = f64x2.sub(y1, f64x2.mul(s, y0)); z1 = f64x2.sub(z1, f64x2.mul(s, z0));
      d = f64x2.splat(load<f64>(l1 + o + 8));
      y1 = f64x2.div(y1, d); z1 = f64x2.div(z1, d);
      s = f64x2.splat(load<f64>(l2 + o));
      y2 = f64x2.sub(y2, f64x2.mul(s, y0)); z2 = f64x2.sub(z2, f64x2.mul(s, z0));
      s = f64x2.splat(load<f64>(l2 + o + 8));
      y2 = f64x2.sub(y2, f64x2.mul(s, y1)); z2 = f64x2.sub(z2, f64x2.mul(s, z1));
      d = f64x2.splat(load<f64>(l2 + o + 16));
      y2 = f64x2.div(y2, d); z2 = f64x2.div(z2, d);
      s = f64x2.splat(load<f64>(l3 + o));
      y3 = f64x2.sub(y3, f64x2.mul(s, y0)); z3 = f64x2.sub(z3, f64x2.mul(s, z0));
      s = f64x2.splat(load<f64>(l3 + o + 8));
      y3 = f64x2.sub(y3, f64x2.mul(s, y1)); z3 = f64x2.sub(z3, f64x2.mul(s, z1));
      s = f64x2.splat(load<f64>(l3 + o + 16));
      y3 = f64x2.sub(y3, f64x2.mul(s, y2)); z3 = f64x2.sub(z3, f64x2.mul(s, z2));
      d = f64x2.splat(load<f64>(l3 + o + 24));
      y3 = f64x2.div(y3, d); z3 = f64x2.div(z3, d);
      v128.store(r0, y0); v128.store(r0, z0, 16);
      v128.store(r1, y1); v128.store(r1, z1, 16);
      v128.store(r2, y2); v128.store(r2, z2, 16);
      v128.store(r3, y3); v128.store(r3, z3, 16);
    }
  }
  // Backward: Lᵀ·X = Z.
  for (let i0 = <isize>n - 4; i0 >= 0; i0 -= 4) {
    const ui0 = <usize>i0;
    const o = ui0 << 3;
    const l0 = l + ui0 * lr, l1 = l0 + lr, l2 = l1 + lr, l3 = l2 + lr;
    for (let c0: usize = 0; c0 < t; c0 += 4) {
      let x00 = f64x2.splat(0.0), x01 = f64x2.splat(0.0), x10 = f64x2.splat(0.0), x11 = f64x2.splat(0.0);
      let x20 = f64x2.splat(0.0), x21 = f64x2.splat(0.0), x30 = f64x2.splat(0.0), x31 = f64x2.splat(0.0);
      for (let k: usize = ui0 + 4; k < n; k++) {
        const bk = b + k * br + (c0 << 3);
        const v0 = v128.load(bk), v1 = v128.load(bk, 16);
        const lk = l + k * lr + o;
        let s = v128.load64_splat(lk);
        x00 = f64x2.add(x00, f64x2.mul(s, v0)); x01 = f64x2.add(x01, f64x2.mul(s, v1));
        s = v128.load64_splat(lk, 8);
        x10 = f64x2.add(x10, f64x2.mul(s, v0)); x11 = f64x2.add(x11, f64x2.mul(s, v1));
        s = v128.load64_splat(lk, 16);
        x20 = f64x2.add(x20, f64x2.mul(s, v0)); x21 = f64x2.add(x21, f64x2.mul(s, v1));
        s = v128.load64_splat(lk, 24);
        x30 = f64x2.add(x30, f64x2.mul(s, v0)); x31 = f64x2.add(x31, f64x2.mul(s, v1));
      }
      const r0 = b + ui0 * br + (c0 << 3), r1 = r0 + br, r2 = r1 + br, r3 = r2 + br;
      let y0 = f64x2.sub(v128.load(r0), x00), z0 = f64x2.sub(v128.load(r0, 16), x01);
      let y1 = f64x2.sub(v128.load(r1), x10), z1 = f64x2.sub(v128.load(r1, 16), x11);
      let y2 = f64x2.sub(v128.load(r2), x20), z2 = f64x2.sub(v128.load(r2, 16), x21);
      let y3 = f64x2.sub(v128.load(r3), x30), z3 = f64x2.sub(v128.load(r3, 16), x31);
      let d = f64x2.splat(load<f64>(l3 + o + 24));
      y3 = f64x2.div(y3, d); z3 = f64x2.div(z3, d);
      let s = f64x2.splat(load<f64>(l3 + o + 16));
      y2 = f64x2.sub(y2, f64x2.mul(s, y3)); z2 = f64x2.sub(z2, f64x2.mul(s, z3));
      d = f64x2.splat(load<f64>(l2 + o + 16));
      y2 = f64x2.div(y2, d); z2 = f64x2.div(z2, d);
      s = f64x2.splat(load<f64>(l3 + o + 8));
      y1 = f64x2.sub(y1, f64x2.mul(s, y3)); z1 = f64x2.sub(z1, f64x2.mul(s, z3));
      s = f64x2.splat(load<f64>(l2 + o + 8));
      y1 = f64x2.sub(y1, f64x2.mul(s, y2)); z1 = f64x2.sub(z1, f64x2.mul(s, z2));
      d = f64x2.splat(load<f64>(l1 + o + 8));
      y1 = f64x2.div(y1, d); z1 = f64x2.div(z1, d);
      s = f64x2.splat(load<f64>(l3 + o));
      y0 = f64x2.sub(y0, f64x2.mul(s, y3)); z0 = f64x2.sub(z0, f64x2.mul(s, z3));
      s = f64x2.splat(load<f64>(l2 + o));
      y0 = f64x2.sub(y0, f64x2.mul(s, y2)); z0 = f64x2.sub(z0, f64x2.mul(s, z2));
      s = f64x2.splat(load<f64>(l1 + o));
      y0 = f64x2.sub(y0, f64x2.mul(s, y1)); z0 = f64x2.sub(z0, f64x2.mul(s, z1));
      d = f64x2.splat(load<f64>(l0 + o));
      y0 = f64x2.div(y0, d); z0 = f64x2.div(z0, d);
      v128.store(r0, y0); v128.store(r0, z0, 16);
      v128.store(r1, y1); v128.store(r1, z1, 16);
      v128.store(r2, y2); v128.store(r2, z2, 16);
      v128.store(r3, y3); v128.store(r3, z3, 16);
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
