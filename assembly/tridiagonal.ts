// Dense symmetric eigenproblem by Householder tridiagonalisation and implicit QL/QR (the fast path).
//
// Storage: the matrix is row-major with leading dimension lda (elements per row, lda ≥ n), and only the
// lower triangle (c ≤ r) is read. A row-major lower triangle is a column-major upper triangle, so this
// is LAPACK's uplo = 'U' reduction (dsytrd/dlatrd/dsytd2) seen through the transpose: it reduces from
// the last row upward, and every vector it touches (a row to annihilate, a Householder vector, the
// symmetric matrix–vector product) is a contiguous run of a row.
//
//   step i (i = n−1 … 1): the row segment x = A[i, 0:i] is mapped by G_i = I − τ_i v vᵀ onto β e_{i−1}
//   (v[i−1] = 1, v stored over x), then A[0:i, 0:i] ← G_i A G_i.   T = Qᵀ A Q with Q = G_{n−1} ⋯ G_1.
//
// Blocking (dsytrd): nb steps form a panel; the leading block is updated only once per panel by the
// rank-2k update A ← A − V Wᵀ − W Vᵀ, packed into 4×4 f64x2 register tiles (the BLAS-3 half of the
// work). The other half is the symmetric matrix–vector product of each step, four rows at a time.
//
// Then: eigenvalues only by the root-free Pal–Walker–Kahan QL/QR (dsterf, O(n²)), or eigenvalues and
// vectors by implicit QL/QR (dsteqr) whose rotations are applied to the rows of Qᵀ (formed explicitly,
// dorgtr), which end as the eigenvectors; there the shifts alternate between perfect shifts (the block's
// eigenvalues from dsterf) and Wilkinson's, and the rotations of a sweep are applied in fused pairs.
// Measured at n = 1500 (CPU time, one thread, busy machine): reduction ≈ 0.45 s, dsterf ≈ 0.03 s, Qᵀ ≈ 0.7 s,
// QL/QR with vectors ≈ 2 s; LAPACK (OpenBLAS, AVX2 + FMA) takes 0.26 s for values, 0.73 s with vectors.
import { checkRange } from "./memory";
import { axpy, axpy2, dot, hypot, nrm2, scal } from "./blas";

const EPS: f64 = 1.1102230246251565e-16; // 2^-53, unit roundoff (LAPACK dlamch('E'))
const EPS2: f64 = EPS * EPS;
const SAFMIN: f64 = 2.2250738585072014e-308;
const SAFMAX: f64 = 1.0 / SAFMIN;
const SSFMAX: f64 = Math.sqrt(SAFMAX) / 3.0;
const SSFMIN: f64 = Math.sqrt(SAFMIN) / EPS2;
/** QL/QR iterations allowed per eigenvalue (LAPACK's MAXIT). */
const MAXIT: i32 = 30;

// @ts-ignore: decorator
@inline function row(a: usize, lda: usize, r: usize): usize {
  return a + ((r * lda) << 3);
}

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// ---------------------------------------------------------------------------------------------------
// Householder reduction
// ---------------------------------------------------------------------------------------------------

/**
 * Householder vector for x = xr[0, m) (LAPACK dlarfg with alpha = x[m−1]): returns τ and writes β to
 * e[m−1]; x[0, m−1) becomes v (v[m−1] = 1 is stored too).
 */
function householder(xr: usize, m: i32, e: usize): f64 {
  let alpha = ld(xr, m - 1);
  let xnorm = m > 1 ? nrm2(xr, m - 1) : 0.0;
  st(xr, m - 1, 1.0);
  if (xnorm == 0.0) {
    st(e, m - 1, alpha);
    return 0.0;
  }
  let beta = -copysign<f64>(hypot(alpha, xnorm), alpha);
  const safmn = SAFMIN / EPS;
  let knt = 0;
  if (abs<f64>(beta) < safmn) {
    const rsafmn = 1.0 / safmn;
    do {
      knt++;
      scal(xr, rsafmn, m - 1);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (abs<f64>(beta) < safmn && knt < 20);
    xnorm = nrm2(xr, m - 1);
    beta = -copysign<f64>(hypot(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scal(xr, 1.0 / (alpha - beta), m - 1);
  for (let j = 0; j < knt; j++) beta *= safmn;
  st(e, m - 1, beta);
  return tau;
}

/**
 * y[0, m) = B·x with B = A[0:m, 0:m] symmetric, read from its lower triangle (row-major, lda).
 * Four rows at a time: each pass over a row segment feeds both the row's dot product and the
 * column contributions (y[c] += A[r,c]·x[r]), so A is read once.
 */
function symvLower(a: usize, lda: usize, m: i32, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  let r = 0;
  for (; r + 3 < m; r += 4) {
    const r0 = row(a, lda, <usize>r);
    const r1 = r0 + (lda << 3);
    const r2 = r1 + (lda << 3);
    const r3 = r2 + (lda << 3);
    const x0 = ld(x, r);
    const x1 = ld(x, r + 1);
    const x2 = ld(x, r + 2);
    const x3 = ld(x, r + 3);
    const vx0 = f64x2.splat(x0);
    const vx1 = f64x2.splat(x1);
    const vx2 = f64x2.splat(x2);
    const vx3 = f64x2.splat(x3);
    let s0 = f64x2.splat(0.0);
    let s1 = f64x2.splat(0.0);
    let s2 = f64x2.splat(0.0);
    let s3 = f64x2.splat(0.0);
    // Four columns per pass, moving pointers: fewer integer ops per f64x2 operation.
    let p0 = r0;
    let p1 = r1;
    let p2 = r2;
    let p3 = r3;
    let px = x;
    let py = y;
    const c4 = r & ~3;
    const pend = r0 + (<usize>c4 << 3);
    while (p0 < pend) {
      const a0 = v128.load(p0);
      const a1 = v128.load(p1);
      const a2 = v128.load(p2);
      const a3 = v128.load(p3);
      const xv = v128.load(px);
      s0 = f64x2.add(s0, f64x2.mul(a0, xv));
      s1 = f64x2.add(s1, f64x2.mul(a1, xv));
      s2 = f64x2.add(s2, f64x2.mul(a2, xv));
      s3 = f64x2.add(s3, f64x2.mul(a3, xv));
      v128.store(py, f64x2.add(v128.load(py), f64x2.add(f64x2.add(f64x2.mul(a0, vx0), f64x2.mul(a1, vx1)), f64x2.add(f64x2.mul(a2, vx2), f64x2.mul(a3, vx3)))));
      const b0 = v128.load(p0, 16);
      const b1 = v128.load(p1, 16);
      const b2 = v128.load(p2, 16);
      const b3 = v128.load(p3, 16);
      const xw = v128.load(px, 16);
      s0 = f64x2.add(s0, f64x2.mul(b0, xw));
      s1 = f64x2.add(s1, f64x2.mul(b1, xw));
      s2 = f64x2.add(s2, f64x2.mul(b2, xw));
      s3 = f64x2.add(s3, f64x2.mul(b3, xw));
      v128.store(py, f64x2.add(v128.load(py, 16), f64x2.add(f64x2.add(f64x2.mul(b0, vx0), f64x2.mul(b1, vx1)), f64x2.add(f64x2.mul(b2, vx2), f64x2.mul(b3, vx3)))), 16);
      p0 += 32;
      p1 += 32;
      p2 += 32;
      p3 += 32;
      px += 32;
      py += 32;
    }
    let c = c4;
    let d0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    let d1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    let d2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    let d3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    for (; c < r; c++) {
      const o = <usize>c << 3;
      const a0 = load<f64>(r0 + o);
      const a1 = load<f64>(r1 + o);
      const a2 = load<f64>(r2 + o);
      const a3 = load<f64>(r3 + o);
      const xc = load<f64>(x + o);
      d0 += a0 * xc;
      d1 += a1 * xc;
      d2 += a2 * xc;
      d3 += a3 * xc;
      store<f64>(y + o, load<f64>(y + o) + (a0 * x0 + a1 * x1 + (a2 * x2 + a3 * x3)));
    }
    // The 4×4 lower corner: columns r … r+3.
    const o = <usize>r << 3;
    const a00 = load<f64>(r0 + o);
    const a10 = load<f64>(r1 + o);
    const a11 = load<f64>(r1 + o, 8);
    const a20 = load<f64>(r2 + o);
    const a21 = load<f64>(r2 + o, 8);
    const a22 = load<f64>(r2 + o, 16);
    const a30 = load<f64>(r3 + o);
    const a31 = load<f64>(r3 + o, 8);
    const a32 = load<f64>(r3 + o, 16);
    const a33 = load<f64>(r3 + o, 24);
    d0 += a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
    d1 += a10 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
    d2 += a20 * x0 + a21 * x1 + a22 * x2 + a32 * x3;
    d3 += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
    store<f64>(y + o, load<f64>(y + o) + d0);
    store<f64>(y + o, load<f64>(y + o, 8) + d1, 8);
    store<f64>(y + o, load<f64>(y + o, 16) + d2, 16);
    store<f64>(y + o, load<f64>(y + o, 24) + d3, 24);
  }
  for (; r < m; r++) {
    const rr = row(a, lda, <usize>r);
    const xr = ld(x, r);
    let s = 0.0;
    for (let c = 0; c < r; c++) {
      const o = <usize>c << 3;
      const arc = load<f64>(rr + o);
      s += arc * load<f64>(x + o);
      store<f64>(y + o, load<f64>(y + o) + arc * xr);
    }
    st(y, r, ld(y, r) + s + load<f64>(rr + (<usize>r << 3)) * xr);
  }
}

/**
 * One panel of nbp reduction steps, rows ihi, ihi−1, …, ihi−nbp+1 (dlatrd). The leading block is not
 * updated; the panel's vectors are V_k = row ihi−k of A and W_k = w + k·lda.
 */
function panel(a: usize, lda: usize, ihi: i32, nbp: i32, d: usize, e: usize, tau: usize, w: usize): void {
  for (let j = 0; j < nbp; j++) {
    const i = ihi - j;
    const ri = row(a, lda, <usize>i);
    // Bring row i (columns 0 … i) up to date with the panel's earlier steps.
    for (let k = 0; k < j; k++) {
      const vk = row(a, lda, <usize>(ihi - k));
      const wk = w + ((<usize>k * lda) << 3);
      axpy2(ri, -ld(vk, i), wk, -ld(wk, i), vk, i + 1);
    }
    st(d, i, ld(ri, i));
    const t = householder(ri, i, e);
    st(tau, i, t);
    const wj = w + ((<usize>j * lda) << 3);
    if (t == 0.0) {
      memory.fill(wj, 0, <usize>i << 3);
      continue;
    }
    // w_j = τ (B − Σ_k V_k W_kᵀ − Σ_k W_k V_kᵀ) v − ½ τ² (vᵀ B' v) v
    symvLower(a, lda, i, ri, wj);
    for (let k = 0; k < j; k++) {
      const vk = row(a, lda, <usize>(ihi - k));
      const wk = w + ((<usize>k * lda) << 3);
      const tw = dot(wk, ri, i);
      const tv = dot(vk, ri, i);
      axpy2(wj, -tw, vk, -tv, wk, i);
    }
    scal(wj, t, i);
    axpy(wj, -0.5 * t * dot(wj, ri, i), ri, i);
  }
}

// Rank-2k update of the leading m×m block: A[r, c] −= Σ_k U[r,k]·Ũ[c,k] with U = [V W], Ũ = [W V],
// K = 2·nbp. U and Ũ are packed in 4-row slivers, sliver[b][k][0..3], so the micro-kernel streams both.

/** Packs sliver-major: out[(r>>2)·K·4 + k·4 + (r&3)] = (k < nbp ? X_k : Y_{k−nbp})[r], zero past m. */
function packSlivers(out: usize, m: i32, K: i32, nbp: i32, xBase: usize, xStride: isize, yBase: usize, yStride: isize): void {
  const mb = (m + 3) >> 2;
  memory.fill(out, 0, (<usize>mb * <usize>K) << 5);
  for (let k = 0; k < K; k++) {
    const src = k < nbp ? <usize>(<isize>xBase + <isize>k * xStride) : <usize>(<isize>yBase + <isize>(k - nbp) * yStride);
    const dst = out + (<usize>k << 5);
    for (let r = 0; r < m; r++) {
      store<f64>(dst + ((<usize>(r >> 2) * <usize>K) << 5) + (<usize>(r & 3) << 3), ld(src, r));
    }
  }
}

/** A[r0 … r0+3][c0 … c0+3] −= Σ_k rp[k][·] ⊗ cp[k][·]; stores only rows < m and columns < m. */
function microKernel(a: usize, lda: usize, m: i32, r0: i32, c0: i32, rp: usize, cp: usize, K: i32): void {
  let c00 = f64x2.splat(0.0);
  let c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0);
  let c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0);
  let c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0);
  let c31 = f64x2.splat(0.0);
  let pa = rp;
  let pb = cp;
  const end = rp + (<usize>K << 5);
  while (pa < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load64_splat(pa);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0));
    c01 = f64x2.add(c01, f64x2.mul(a0, b1));
    const a1 = v128.load64_splat(pa, 8);
    c10 = f64x2.add(c10, f64x2.mul(a1, b0));
    c11 = f64x2.add(c11, f64x2.mul(a1, b1));
    const a2 = v128.load64_splat(pa, 16);
    c20 = f64x2.add(c20, f64x2.mul(a2, b0));
    c21 = f64x2.add(c21, f64x2.mul(a2, b1));
    const a3 = v128.load64_splat(pa, 24);
    c30 = f64x2.add(c30, f64x2.mul(a3, b0));
    c31 = f64x2.add(c31, f64x2.mul(a3, b1));
    pa += 32;
    pb += 32;
  }
  if (r0 + 4 <= m && c0 + 4 <= m) {
    let p = row(a, lda, <usize>r0) + (<usize>c0 << 3);
    const step = lda << 3;
    v128.store(p, f64x2.sub(v128.load(p), c00));
    v128.store(p, f64x2.sub(v128.load(p, 16), c01), 16);
    p += step;
    v128.store(p, f64x2.sub(v128.load(p), c10));
    v128.store(p, f64x2.sub(v128.load(p, 16), c11), 16);
    p += step;
    v128.store(p, f64x2.sub(v128.load(p), c20));
    v128.store(p, f64x2.sub(v128.load(p, 16), c21), 16);
    p += step;
    v128.store(p, f64x2.sub(v128.load(p), c30));
    v128.store(p, f64x2.sub(v128.load(p, 16), c31), 16);
    return;
  }
  // Edge tile: spill the accumulators and store element by element.
  for (let i = 0; i < 4; i++) {
    const r = r0 + i;
    if (r >= m) break;
    const lo = i == 0 ? c00 : i == 1 ? c10 : i == 2 ? c20 : c30;
    const hi = i == 0 ? c01 : i == 1 ? c11 : i == 2 ? c21 : c31;
    const p = row(a, lda, <usize>r) + (<usize>c0 << 3);
    if (c0 < m) store<f64>(p, load<f64>(p) - f64x2.extract_lane(lo, 0));
    if (c0 + 1 < m) store<f64>(p, load<f64>(p, 8) - f64x2.extract_lane(lo, 1), 8);
    if (c0 + 2 < m) store<f64>(p, load<f64>(p, 16) - f64x2.extract_lane(hi, 0), 16);
    if (c0 + 3 < m) store<f64>(p, load<f64>(p, 24) - f64x2.extract_lane(hi, 1), 24);
  }
}

/** Column slivers per cache chunk: 64 slivers × K ≤ 64 × 32 B = 128 KiB, resident in L2. */
const CHUNK: i32 = 64;

/** Leading-block update after a panel: A[0:m, 0:m] −= V Wᵀ + W Vᵀ (lower triangle; tiles on the diagonal also touch the unused upper triangle). */
function rank2kUpdate(a: usize, lda: usize, m: i32, ihi: i32, nbp: i32, w: usize, pack: usize): void {
  if (m <= 0) return;
  const K = 2 * nbp;
  const mb = (m + 3) >> 2;
  const rp = pack;
  const cp = pack + ((<usize>mb * <usize>K) << 5);
  const vBase = row(a, lda, <usize>ihi);
  const vStride = -(<isize>(lda << 3)); // V_k is row ihi − k
  const wStride = <isize>(lda << 3);
  packSlivers(rp, m, K, nbp, vBase, vStride, w, wStride); // U = [V W]
  packSlivers(cp, m, K, nbp, w, wStride, vBase, vStride); // Ũ = [W V]
  const sliver = <usize>K << 5;
  for (let cc = 0; cc < mb; cc += CHUNK) {
    const ccEnd = min<i32>(cc + CHUNK, mb);
    for (let rb = cc; rb < mb; rb++) {
      const cbEnd = min<i32>(ccEnd, rb + 1);
      const rps = rp + <usize>rb * sliver;
      for (let cb = cc; cb < cbEnd; cb++) {
        microKernel(a, lda, m, rb << 2, cb << 2, rps, cp + <usize>cb * sliver, K);
      }
    }
  }
}

/** Unblocked update A[0:m, 0:m] −= v wᵀ + w vᵀ (lower triangle), for the last small steps. */
function rank2Update(a: usize, lda: usize, m: i32, v: usize, w: usize): void {
  for (let r = 0; r < m; r++) {
    axpy2(row(a, lda, <usize>r), -ld(v, r), w, -ld(w, r), v, r + 1);
  }
}

/**
 * Reduces the symmetric matrix (lower triangle of a, row-major, leading dimension lda) to tridiagonal
 * form T = Qᵀ A Q.
 *
 * @param a    n×lda (byte offset); on exit row i holds Householder vector v_i in columns [0, i)
 * @param d    out: diagonal of T, n values
 * @param e    out: off-diagonal of T, e[i] = T[i, i+1], n − 1 values (n slots)
 * @param tau  out: τ_i of G_i (tau[0] = 0), n values
 * @param w    scratch: nb·lda f64
 * @param pack scratch: f64 count from `tridiag_packSize(n, nb)`
 * @param nb   panel width (1 = unblocked; 32 is a good default)
 */
export function tridiag_reduce(a: usize, n: i32, lda: i32, d: usize, e: usize, tau: usize, w: usize, pack: usize, nb: i32): void {
  const ul = <usize>lda;
  checkRange(a, (<usize>n * ul) << 3);
  checkRange(d, <usize>n << 3);
  checkRange(e, <usize>n << 3);
  checkRange(tau, <usize>n << 3);
  checkRange(w, (<usize>max<i32>(nb, 1) * ul) << 3);
  if (nb < 1) nb = 1;
  st(tau, 0, 0.0);
  st(e, n - 1, 0.0);
  const nx = max<i32>(2 * nb, 64); // below this leading size, unblocked steps
  let i = n - 1;
  if (nb > 1) {
    while (i + 1 > nx) {
      panel(a, ul, i, nb, d, e, tau, w);
      rank2kUpdate(a, ul, i - nb + 1, i, nb, w, pack);
      i -= nb;
    }
  }
  for (; i >= 1; i--) {
    panel(a, ul, i, 1, d, e, tau, w);
    rank2Update(a, ul, i, row(a, ul, <usize>i), w);
  }
  st(d, 0, load<f64>(a));
}

/** Scratch f64 count that `tridiag_reduce` needs for `pack` at order n and panel width nb. */
export function tridiag_packSize(n: i32, nb: i32): i32 {
  const mb = (n + 3) >> 2;
  return 2 * mb * 4 * 2 * max<i32>(nb, 1);
}

/**
 * Forms Qᵀ = G_1 G_2 ⋯ G_{n−1} from the reflectors left in a by `tridiag_reduce` (dorgtr), row-major
 * in qt (leading dimension ldq). Reflectors are applied in groups of nb so each row of Qᵀ stays in L1
 * while a group (in L2) is applied to it.
 */
export function tridiag_formQt(a: usize, n: i32, lda: i32, tau: usize, qt: usize, ldq: i32, nb: i32): void {
  const ul = <usize>lda;
  const uq = <usize>ldq;
  checkRange(a, (<usize>n * ul) << 3);
  checkRange(tau, <usize>n << 3);
  checkRange(qt, (<usize>n * uq) << 3);
  for (let r = 0; r < n; r++) {
    const q = row(qt, uq, <usize>r);
    memory.fill(q, 0, <usize>n << 3);
    st(q, r, 1.0);
  }
  if (nb < 1) nb = 1;
  // Before group [i0, i1] the matrix is G_1 ⋯ G_{i0−1}: rows ≥ i0−1 are still unit rows e_r, and G_i
  // changes a row only through its columns [0, i).
  for (let i0 = 1; i0 < n; i0 += nb) {
    const i1 = min<i32>(i0 + nb - 1, n - 1);
    for (let r = 0; r < i1; r++) {
      const q = row(qt, uq, <usize>r);
      for (let i = max<i32>(i0, r + 1); i <= i1; i++) {
        const t = ld(tau, i);
        if (t == 0.0) continue;
        const v = row(a, ul, <usize>i);
        const s = t * dot(q, v, i);
        axpy(q, -s, v, i);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Symmetric tridiagonal eigenproblem
// ---------------------------------------------------------------------------------------------------

let rt1: f64 = 0.0;
let rt2: f64 = 0.0;
let cs1: f64 = 0.0;
let sn1: f64 = 0.0;

/** Eigenvalues of [[a, b], [b, c]] into rt1 (larger |·|), rt2 (LAPACK dlae2); with `vec`, also the unit eigenvector (cs1, sn1) of rt1 (dlaev2). */
function eig2(a: f64, b: f64, c: f64, vec: bool): void {
  const sm = a + c;
  const df = a - c;
  const adf = abs<f64>(df);
  const tb = b + b;
  const ab = abs<f64>(tb);
  let acmx: f64, acmn: f64;
  if (abs<f64>(a) > abs<f64>(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: f64;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * Math.sqrt(1.0 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * Math.sqrt(1.0 + q * q);
  } else {
    rt = ab * Math.SQRT2;
  }
  let sgn1: i32;
  if (sm < 0.0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0.0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  if (!vec) return;
  let cs: f64;
  let sgn2: i32;
  if (df >= 0.0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  if (abs<f64>(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1.0 / Math.sqrt(1.0 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab == 0.0) {
    cs1 = 1.0;
    sn1 = 0.0;
  } else {
    const tn = -cs / tb;
    cs1 = 1.0 / Math.sqrt(1.0 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 == sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
}

let gc: f64 = 0.0;
let gs: f64 = 0.0;
let gr: f64 = 0.0;

/** Plane rotation [c s; −s c]·[f; g] = [r; 0] into gc, gs, gr (LAPACK 3.10 dlartg). */
function givens(f: f64, g: f64): void {
  const rtmin = 1.4916681462400413e-154; // √safmin
  const rtmax = 9.480751908109176e153; // √(safmax/2)
  if (g == 0.0) {
    gc = 1.0;
    gs = 0.0;
    gr = f;
    return;
  }
  if (f == 0.0) {
    gc = 0.0;
    gs = copysign<f64>(1.0, g);
    gr = abs<f64>(g);
    return;
  }
  const f1 = abs<f64>(f);
  const g1 = abs<f64>(g);
  if (f1 > rtmin && f1 < rtmax && g1 > rtmin && g1 < rtmax) {
    const dd = Math.sqrt(f * f + g * g);
    gc = f1 / dd;
    gr = copysign<f64>(dd, f);
    gs = g / gr;
  } else {
    const u = min<f64>(SAFMAX, max<f64>(SAFMIN, max<f64>(f1, g1)));
    const fs = f / u;
    const gsc = g / u;
    const dd = Math.sqrt(fs * fs + gsc * gsc);
    gc = abs<f64>(fs) / dd;
    gr = copysign<f64>(dd, f);
    gs = gsc / gr;
    gr *= u;
  }
}

/** Largest |d[l … lend]|, |e[l … lend−1]| (dlanst 'M'). */
function maxAbs(d: usize, e: usize, l: i32, lend: i32): f64 {
  let anorm = 0.0;
  for (let i = l; i <= lend; i++) anorm = max<f64>(anorm, abs<f64>(ld(d, i)));
  for (let i = l; i < lend; i++) anorm = max<f64>(anorm, abs<f64>(ld(e, i)));
  return anorm;
}

function scaleRange(x: usize, lo: i32, hi: i32, f: f64): void {
  for (let i = lo; i <= hi; i++) st(x, i, ld(x, i) * f);
}

/**
 * Eigenvalues of the symmetric tridiagonal (d, e) by the root-free Pal–Walker–Kahan QL/QR with
 * Wilkinson-type shifts (LAPACK dsterf). d is overwritten with the eigenvalues (unsorted), e destroyed.
 * @returns QL/QR iterations (≥ 0) when converged, or −1 − iterations if the limit (30 per eigenvalue) was hit
 */
export function tridiag_values(d: usize, e: usize, n: i32): i32 {
  checkRange(d, <usize>n << 3);
  checkRange(e, <usize>n << 3);
  if (n <= 1) return 0;
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 <= n - 1) {
    if (l1 > 0) st(e, l1 - 1, 0.0);
    let m = n - 1;
    for (let mm = l1; mm < n - 1; mm++) {
      const tst = abs<f64>(ld(e, mm));
      if (tst == 0.0) {
        m = mm;
        break;
      }
      if (tst <= Math.sqrt(abs<f64>(ld(d, mm))) * Math.sqrt(abs<f64>(ld(d, mm + 1))) * EPS) {
        st(e, mm, 0.0);
        m = mm;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;
    const anorm = maxAbs(d, e, l, lend);
    if (anorm == 0.0) continue;
    let iscale = 0;
    if (anorm > SSFMAX) {
      iscale = 1;
      scaleRange(d, l, lend, SSFMAX / anorm);
      scaleRange(e, l, lend - 1, SSFMAX / anorm);
    } else if (anorm < SSFMIN) {
      iscale = 2;
      scaleRange(d, l, lend, SSFMIN / anorm);
      scaleRange(e, l, lend - 1, SSFMIN / anorm);
    }
    for (let i = l; i < lend; i++) {
      const v = ld(e, i);
      st(e, i, v * v);
    }
    if (abs<f64>(ld(d, lend)) < abs<f64>(ld(d, l))) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      // QL iteration: deflate at the top.
      while (true) {
        let mm = lend;
        for (let k = l; k < lend; k++) {
          if (abs<f64>(ld(e, k)) <= EPS2 * abs<f64>(ld(d, k) * ld(d, k + 1))) {
            mm = k;
            break;
          }
        }
        if (mm < lend) st(e, mm, 0.0);
        let p = ld(d, l);
        if (mm == l) {
          l++;
          if (l <= lend) continue;
          break;
        }
        if (mm == l + 1) {
          eig2(ld(d, l), Math.sqrt(ld(e, l)), ld(d, l + 1), false);
          st(d, l, rt1);
          st(d, l + 1, rt2);
          st(e, l, 0.0);
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        const rte = Math.sqrt(ld(e, l));
        let sigma = (ld(d, l + 1) - p) / (2.0 * rte);
        let r = hypot(sigma, 1.0);
        sigma = p - rte / (sigma + copysign<f64>(r, sigma));
        let c = 1.0;
        let s = 0.0;
        let gamma = ld(d, mm) - sigma;
        p = gamma * gamma;
        for (let i = mm - 1; i >= l; i--) {
          const bb = ld(e, i);
          r = p + bb;
          if (i != mm - 1) st(e, i + 1, s * r);
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = ld(d, i);
          gamma = c * (alpha - sigma) - s * oldgam;
          st(d, i + 1, oldgam + (alpha - gamma));
          if (c != 0.0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        st(e, l, s * p);
        st(d, l, sigma + gamma);
      }
    } else {
      // QR iteration: deflate at the bottom.
      while (true) {
        let mm = lend;
        for (let k = l; k > lend; k--) {
          if (abs<f64>(ld(e, k - 1)) <= EPS2 * abs<f64>(ld(d, k) * ld(d, k - 1))) {
            mm = k;
            break;
          }
        }
        if (mm > lend) st(e, mm - 1, 0.0);
        let p = ld(d, l);
        if (mm == l) {
          l--;
          if (l >= lend) continue;
          break;
        }
        if (mm == l - 1) {
          eig2(ld(d, l), Math.sqrt(ld(e, l - 1)), ld(d, l - 1), false);
          st(d, l, rt1);
          st(d, l - 1, rt2);
          st(e, l - 1, 0.0);
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        const rte = Math.sqrt(ld(e, l - 1));
        let sigma = (ld(d, l - 1) - p) / (2.0 * rte);
        let r = hypot(sigma, 1.0);
        sigma = p - rte / (sigma + copysign<f64>(r, sigma));
        let c = 1.0;
        let s = 0.0;
        let gamma = ld(d, mm) - sigma;
        p = gamma * gamma;
        for (let i = mm; i < l; i++) {
          const bb = ld(e, i);
          r = p + bb;
          if (i != mm) st(e, i - 1, s * r);
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = ld(d, i + 1);
          gamma = c * (alpha - sigma) - s * oldgam;
          st(d, i, oldgam + (alpha - gamma));
          if (c != 0.0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        st(e, l - 1, s * p);
        st(d, l, sigma + gamma);
      }
    }
    if (iscale == 1) scaleRange(d, lsv, lendsv, anorm / SSFMAX);
    else if (iscale == 2) scaleRange(d, lsv, lendsv, anorm / SSFMIN);
    if (jtot >= nmaxit) return -1 - jtot;
  }
  return jtot;
}

/** Rows hi, lo of Zᵀ ← rotation: hi ← c·hi − s·lo, lo ← s·hi + c·lo (LAPACK dlasr on columns of Z). */
function rotRows(hi: usize, lo: usize, len: i32, c: f64, s: f64): void {
  const vc = f64x2.splat(c);
  const vs = f64x2.splat(s);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    const t = v128.load(hi + o);
    const u = v128.load(lo + o);
    v128.store(hi + o, f64x2.sub(f64x2.mul(vc, t), f64x2.mul(vs, u)));
    v128.store(lo + o, f64x2.add(f64x2.mul(vs, t), f64x2.mul(vc, u)));
  }
  if (i < len) {
    const o = <usize>i << 3;
    const t = load<f64>(hi + o);
    const u = load<f64>(lo + o);
    store<f64>(hi + o, c * t - s * u);
    store<f64>(lo + o, s * t + c * u);
  }
}

// Fused rotation pairs: two consecutive rotations of a sweep share one pass over the columns (3 row
// loads and 3 stores instead of 4 and 4; measured ~1.4× faster than two rotRows calls). Per element the
// operations and their order are exactly those of the two separate calls.

/** Rotation j on rows (j+1, j), then j−1 on rows (j, j−1): r2 = row j+1, r1 = row j, r0 = row j−1. */
function rot2Down(r2: usize, r1: usize, r0: usize, len: i32, ca: f64, sa: f64, cb: f64, sb: f64): void {
  const vca = f64x2.splat(ca);
  const vsa = f64x2.splat(sa);
  const vcb = f64x2.splat(cb);
  const vsb = f64x2.splat(sb);
  let p2 = r2;
  let p1 = r1;
  let p0 = r0;
  const end = r2 + (<usize>(len & ~1) << 3);
  while (p2 < end) {
    const t = v128.load(p2);
    const u = v128.load(p1);
    v128.store(p2, f64x2.sub(f64x2.mul(vca, t), f64x2.mul(vsa, u)));
    const t1 = f64x2.add(f64x2.mul(vsa, t), f64x2.mul(vca, u));
    const u1 = v128.load(p0);
    v128.store(p1, f64x2.sub(f64x2.mul(vcb, t1), f64x2.mul(vsb, u1)));
    v128.store(p0, f64x2.add(f64x2.mul(vsb, t1), f64x2.mul(vcb, u1)));
    p2 += 16;
    p1 += 16;
    p0 += 16;
  }
  if (len & 1) {
    const t = load<f64>(p2);
    const u = load<f64>(p1);
    store<f64>(p2, ca * t - sa * u);
    const t1 = sa * t + ca * u;
    const u1 = load<f64>(p0);
    store<f64>(p1, cb * t1 - sb * u1);
    store<f64>(p0, sb * t1 + cb * u1);
  }
}

/** Rotation j on rows (j+1, j), then j+1 on rows (j+2, j+1): r0 = row j, r1 = row j+1, r2 = row j+2. */
function rot2Up(r0: usize, r1: usize, r2: usize, len: i32, ca: f64, sa: f64, cb: f64, sb: f64): void {
  const vca = f64x2.splat(ca);
  const vsa = f64x2.splat(sa);
  const vcb = f64x2.splat(cb);
  const vsb = f64x2.splat(sb);
  let p0 = r0;
  let p1 = r1;
  let p2 = r2;
  const end = r0 + (<usize>(len & ~1) << 3);
  while (p0 < end) {
    const t = v128.load(p1);
    const u = v128.load(p0);
    const t1 = f64x2.sub(f64x2.mul(vca, t), f64x2.mul(vsa, u));
    v128.store(p0, f64x2.add(f64x2.mul(vsa, t), f64x2.mul(vca, u)));
    const t2 = v128.load(p2);
    v128.store(p2, f64x2.sub(f64x2.mul(vcb, t2), f64x2.mul(vsb, t1)));
    v128.store(p1, f64x2.add(f64x2.mul(vsb, t2), f64x2.mul(vcb, t1)));
    p0 += 16;
    p1 += 16;
    p2 += 16;
  }
  if (len & 1) {
    const t = load<f64>(p1);
    const u = load<f64>(p0);
    const t1 = ca * t - sa * u;
    store<f64>(p0, sa * t + ca * u);
    const t2 = load<f64>(p2);
    store<f64>(p2, cb * t2 - sb * t1);
    store<f64>(p1, sb * t2 + cb * t1);
  }
}

/** Rotations j = top down to bot of a QL sweep (LAPACK dlasr 'R','V','B'), two at a time. */
function sweepDown(zt: usize, uz: usize, n: i32, top: i32, bot: i32, wc: usize, ws: usize): void {
  let j = top;
  for (; j - 1 >= bot; j -= 2) {
    const r1 = row(zt, uz, <usize>j);
    rot2Down(r1 + (uz << 3), r1, r1 - (uz << 3), n, ld(wc, j), ld(ws, j), ld(wc, j - 1), ld(ws, j - 1));
  }
  if (j >= bot) rotRows(row(zt, uz, <usize>(j + 1)), row(zt, uz, <usize>j), n, ld(wc, j), ld(ws, j));
}

/** Rotations j = bot up to top of a QR sweep (LAPACK dlasr 'R','V','F'), two at a time. */
function sweepUp(zt: usize, uz: usize, n: i32, bot: i32, top: i32, wc: usize, ws: usize): void {
  let j = bot;
  for (; j + 1 <= top; j += 2) {
    const r0 = row(zt, uz, <usize>j);
    rot2Up(r0, r0 + (uz << 3), r0 + (uz << 4), n, ld(wc, j), ld(ws, j), ld(wc, j + 1), ld(ws, j + 1));
  }
  if (j <= top) rotRows(row(zt, uz, <usize>(j + 1)), row(zt, uz, <usize>j), n, ld(wc, j), ld(ws, j));
}

// Perfect shifts for the QL/QR iteration with vectors: the eigenvalues of each unreduced block are
// first found by the cheap root-free iteration (O(m²)); each QL/QR sweep then shifts by the remaining
// block eigenvalue nearest the Wilkinson shift, so many eigenvalues deflate after one sweep instead
// of about two, cutting the O(n) rotation work per sweep that dominates the cost (measured: 1.6 instead
// of 2.0 sweeps per eigenvalue on random matrices; deflation needs |e| ≲ ε·|λ|, which an absolutely
// accurate shift does not always reach in one sweep). The values returned still come from the
// iteration (the shifts only steer it), so stability is unchanged; a sweep that fails to deflate is
// followed by a Wilkinson-shifted one, which keeps Wilkinson's convergence guarantee.
let psBase: usize = 0;
let psCount: i32 = 0;
let psLast: i32 = -1;

/** Index of the entry of the ascending list psBase[0, psCount) nearest x (psCount ≥ 1). */
function psNearest(x: f64): i32 {
  let lo = 0;
  let hi = psCount; // first entry ≥ x is in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ld(psBase, mid) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo == psCount) return psCount - 1;
  if (lo > 0 && x - ld(psBase, lo - 1) < ld(psBase, lo) - x) return lo - 1;
  return lo;
}

/** Removes the list entry nearest x (an eigenvalue that has just deflated). */
function psRemove(x: f64): void {
  if (psCount <= 0) return;
  const k = psNearest(x);
  memory.copy(psBase + (<usize>k << 3), psBase + (<usize>(k + 1) << 3), <usize>(psCount - k - 1) << 3);
  psCount--;
}

/** Prepares the perfect shifts of block [l, lend] (already scaled) in scratch ps (2m f64). */
function psPrepare(d: usize, e: usize, l: i32, lend: i32, ps: usize): void {
  const m = lend - l + 1;
  const pe = ps + (<usize>m << 3);
  memory.copy(ps, d + (<usize>l << 3), <usize>m << 3);
  memory.copy(pe, e + (<usize>l << 3), <usize>(m - 1) << 3);
  st(pe, m - 1, 0.0);
  psBase = ps;
  psCount = 0;
  psLast = -1;
  if (tridiag_values(ps, pe, m) < 0) return; // no perfect shifts: plain Wilkinson shifts
  // Shell sort, ascending.
  let gap = 1;
  while (gap < m / 3) gap = 3 * gap + 1;
  for (; gap > 0; gap = (gap - 1) / 3) {
    for (let i = gap; i < m; i++) {
      const v = ld(ps, i);
      let j = i;
      while (j >= gap && ld(ps, j - gap) > v) {
        st(ps, j, ld(ps, j - gap));
        j -= gap;
      }
      st(ps, j, v);
    }
  }
  psCount = m;
}

/**
 * Eigenvalues and eigenvectors of the symmetric tridiagonal (d, e) by implicit QL/QR (LAPACK dsteqr,
 * compz = 'V'), shifted alternately by a perfect shift (see psPrepare) and the Wilkinson shift. Every rotation is applied to the rows of zt (n×ldz), which
 * must hold Qᵀ on entry (the identity for a plain tridiagonal problem); on exit row k of zt is the
 * eigenvector of eigenvalue d[k] (unsorted).
 * @param work scratch: 4n f64 (rotation cosines and sines; the block eigenvalues used as shifts)
 * @returns QL/QR iterations (≥ 0) when converged, or −1 − iterations if the limit (30 per eigenvalue) was hit
 */
export function tridiag_vectors(d: usize, e: usize, n: i32, zt: usize, ldz: i32, work: usize): i32 {
  const uz = <usize>ldz;
  checkRange(d, <usize>n << 3);
  checkRange(e, <usize>n << 3);
  checkRange(zt, (<usize>n * uz) << 3);
  checkRange(work, <usize>n << 5);
  if (n <= 1) return 0;
  const wc = work;
  const ws = work + (<usize>n << 3);
  const ps = work + (<usize>n << 4);
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 <= n - 1) {
    if (l1 > 0) st(e, l1 - 1, 0.0);
    let m = n - 1;
    for (let mm = l1; mm < n - 1; mm++) {
      const tst = abs<f64>(ld(e, mm));
      if (tst == 0.0) {
        m = mm;
        break;
      }
      if (tst <= Math.sqrt(abs<f64>(ld(d, mm))) * Math.sqrt(abs<f64>(ld(d, mm + 1))) * EPS) {
        st(e, mm, 0.0);
        m = mm;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;
    const anorm = maxAbs(d, e, l, lend);
    if (anorm == 0.0) continue;
    let iscale = 0;
    if (anorm > SSFMAX) {
      iscale = 1;
      scaleRange(d, l, lend, SSFMAX / anorm);
      scaleRange(e, l, lend - 1, SSFMAX / anorm);
    } else if (anorm < SSFMIN) {
      iscale = 2;
      scaleRange(d, l, lend, SSFMIN / anorm);
      scaleRange(e, l, lend - 1, SSFMIN / anorm);
    }
    psPrepare(d, e, l, lend, ps);
    if (abs<f64>(ld(d, lend)) < abs<f64>(ld(d, l))) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL iteration.
      while (true) {
        let mm = lend;
        for (let k = l; k < lend; k++) {
          const ek = abs<f64>(ld(e, k));
          if (ek * ek <= EPS2 * abs<f64>(ld(d, k)) * abs<f64>(ld(d, k + 1)) + SAFMIN) {
            mm = k;
            break;
          }
        }
        if (mm < lend) st(e, mm, 0.0);
        let p = ld(d, l);
        if (mm == l) {
          psRemove(p);
          l++;
          if (l <= lend) continue;
          break;
        }
        if (mm == l + 1) {
          eig2(ld(d, l), ld(e, l), ld(d, l + 1), true);
          rotRows(row(zt, uz, <usize>(l + 1)), row(zt, uz, <usize>l), n, cs1, sn1);
          st(d, l, rt1);
          st(d, l + 1, rt2);
          st(e, l, 0.0);
          psRemove(rt1);
          psRemove(rt2);
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        let g = (ld(d, l + 1) - p) / (2.0 * ld(e, l));
        let r = hypot(g, 1.0);
        g = ld(d, mm) - p + ld(e, l) / (g + copysign<f64>(r, g));
        if (psCount > 0 && psLast != l) {
          g = ld(d, mm) - ld(psBase, psNearest(ld(d, mm) - g)); // perfect shift
          psLast = l;
        }
        let s = 1.0;
        let c = 1.0;
        p = 0.0;
        for (let i = mm - 1; i >= l; i--) {
          const f = s * ld(e, i);
          const b = c * ld(e, i);
          givens(g, f);
          c = gc;
          s = gs;
          if (i != mm - 1) st(e, i + 1, gr);
          g = ld(d, i + 1) - p;
          r = (ld(d, i) - g) * s + 2.0 * c * b;
          p = s * r;
          st(d, i + 1, g + p);
          g = c * r - b;
          st(wc, i, c);
          st(ws, i, -s);
        }
        sweepDown(zt, uz, n, mm - 1, l, wc, ws);
        st(d, l, ld(d, l) - p);
        st(e, l, g);
      }
    } else {
      // QR iteration.
      while (true) {
        let mm = lend;
        for (let k = l; k > lend; k--) {
          const ek = abs<f64>(ld(e, k - 1));
          if (ek * ek <= EPS2 * abs<f64>(ld(d, k)) * abs<f64>(ld(d, k - 1)) + SAFMIN) {
            mm = k;
            break;
          }
        }
        if (mm > lend) st(e, mm - 1, 0.0);
        let p = ld(d, l);
        if (mm == l) {
          psRemove(p);
          l--;
          if (l >= lend) continue;
          break;
        }
        if (mm == l - 1) {
          eig2(ld(d, l - 1), ld(e, l - 1), ld(d, l), true);
          rotRows(row(zt, uz, <usize>l), row(zt, uz, <usize>(l - 1)), n, cs1, sn1);
          st(d, l - 1, rt1);
          st(d, l, rt2);
          st(e, l - 1, 0.0);
          psRemove(rt1);
          psRemove(rt2);
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        let g = (ld(d, l - 1) - p) / (2.0 * ld(e, l - 1));
        let r = hypot(g, 1.0);
        g = ld(d, mm) - p + ld(e, l - 1) / (g + copysign<f64>(r, g));
        if (psCount > 0 && psLast != l) {
          g = ld(d, mm) - ld(psBase, psNearest(ld(d, mm) - g)); // perfect shift
          psLast = l;
        }
        let s = 1.0;
        let c = 1.0;
        p = 0.0;
        for (let i = mm; i < l; i++) {
          const f = s * ld(e, i);
          const b = c * ld(e, i);
          givens(g, f);
          c = gc;
          s = gs;
          if (i != mm) st(e, i - 1, gr);
          g = ld(d, i) - p;
          r = (ld(d, i + 1) - g) * s + 2.0 * c * b;
          p = s * r;
          st(d, i, g + p);
          g = c * r - b;
          st(wc, i, c);
          st(ws, i, s);
        }
        sweepUp(zt, uz, n, mm, l - 1, wc, ws);
        st(d, l, ld(d, l) - p);
        st(e, l - 1, g);
      }
    }
    if (iscale == 1) {
      scaleRange(d, lsv, lendsv, anorm / SSFMAX);
      scaleRange(e, lsv, lendsv - 1, anorm / SSFMAX);
    } else if (iscale == 2) {
      scaleRange(d, lsv, lendsv, anorm / SSFMIN);
      scaleRange(e, lsv, lendsv - 1, anorm / SSFMIN);
    }
    if (jtot >= nmaxit) return -1 - jtot;
  }
  return jtot;
}
