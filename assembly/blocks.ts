// 3×3 block compressed-sparse-row Hessians: sparsity pattern, block lookup and block updates.
//
// Layout (see src/potentials/potential.ts, `BlockHessian`): for N atoms,
//   rowStart i32[N+1]   blocks of row i are k = rowStart[i] … rowStart[i+1]−1,
//   col      i32[nb]    column atom of block k, strictly increasing within a row, diagonal always present,
//   blocks   f64[9·nb]  block k row-major: blocks[9k + 3α + β] = H[3i+α, 3·col[k]+β].
// Periodic images of j are summed into block (i, j); both triangles are stored.
//
// How a kernel adds a contribution to block (a, b) — any potential, pair or many-body:
//
//   import { blockFind, blockAdd9, blockAddOuter, blockAddPair } from "./blocks";
//   const k = blockFind(rowStart, col, a, b);       // binary search in row a, −1 if (a,b) not in pattern
//   blockAddOuter(blocks, k, s, ux, uy, uz, vx, vy, vz);   // H_ab += s · u vᵀ
//   blockAdd9(blocks, k, m00, m01, …, m22);                // H_ab += M (general 3×3)
//
// The pattern must contain every (a, b) the kernel touches: build it from a full neighbor list at the
// potential's `hessianRange`, or (many-body potentials) from the full list at the cutoff with `hops = 2`
// (a and b within one cutoff of a common atom k, or of each other) — see hess_pattern_count.
// A kernel that adds to (a, b) must also add the transpose to (b, a) (both triangles are stored); with
// second derivatives ∂²E/∂x_aα∂x_bβ computed for ordered pairs this is automatic. blockFind returning −1
// is a bug in the caller's pattern, never a user error: check it with `assert(k >= 0)` in debug builds.
import { checkRange } from "./memory";

/** Bytes of one 3×3 f64 block (9 × 8). */
const BLOCK_BYTES: usize = 72;

/**
 * Index k of block (a, b) in the block-CSR pattern, by binary search over row a's sorted columns,
 * or −1 when b is not in row a. `rowStart`, `col`: byte offsets of the i32 arrays.
 */
// @ts-ignore: decorator
@inline export function blockFind(rowStart: usize, col: usize, a: i32, b: i32): i32 {
  let lo = load<i32>(rowStart + (<usize>a << 2));
  let hi = load<i32>(rowStart + (<usize>(a + 1) << 2)) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = load<i32>(col + (<usize>mid << 2));
    if (c < b) lo = mid + 1;
    else if (c > b) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Byte offset of block k in the `blocks` array (byte offset `blocks`). */
// @ts-ignore: decorator
@inline export function blockPtr(blocks: usize, k: i32): usize {
  return blocks + <usize>k * BLOCK_BYTES;
}

// @ts-ignore: decorator
@inline function addAt(p: usize, off: usize, v: f64): void {
  store<f64>(p + off, load<f64>(p + off) + v);
}

/** H_block(k) += M for a general 3×3 M given row-major (m00 m01 m02 / m10 … / … m22). */
// @ts-ignore: decorator
@inline export function blockAdd9(
  blocks: usize, k: i32,
  m00: f64, m01: f64, m02: f64,
  m10: f64, m11: f64, m12: f64,
  m20: f64, m21: f64, m22: f64,
): void {
  const p = blockPtr(blocks, k);
  addAt(p, 0, m00); addAt(p, 8, m01); addAt(p, 16, m02);
  addAt(p, 24, m10); addAt(p, 32, m11); addAt(p, 40, m12);
  addAt(p, 48, m20); addAt(p, 56, m21); addAt(p, 64, m22);
}

/** H_block(k) += s · u vᵀ (u, v 3-vectors): the form of most many-body second-derivative terms. */
// @ts-ignore: decorator
@inline export function blockAddOuter(
  blocks: usize, k: i32, s: f64,
  ux: f64, uy: f64, uz: f64,
  vx: f64, vy: f64, vz: f64,
): void {
  const sx = s * ux, sy = s * uy, sz = s * uz;
  blockAdd9(blocks, k, sx * vx, sx * vy, sx * vz, sy * vx, sy * vy, sy * vz, sz * vx, sz * vy, sz * vz);
}

/**
 * H_block(k) += a · r rᵀ + d · I for a bond vector r = (x, y, z) (not normalised). The central pair
 * kernel K = φ'' r̂r̂ᵀ + (φ'/r)(I − r̂r̂ᵀ) has a = (φ'' − φ'/r)/r², d = φ'/r.
 */
// @ts-ignore: decorator
@inline export function blockAddPair(blocks: usize, k: i32, a: f64, d: f64, x: f64, y: f64, z: f64): void {
  const ax = a * x, ay = a * y, az = a * z;
  const xy = ax * y, xz = ax * z, yz = ay * z;
  blockAdd9(blocks, k, ax * x + d, xy, xz, xy, ay * y + d, yz, xz, yz, az * z + d);
}

// ---------------------------------------------------------------------------------------------------
// Pattern construction from a full neighbor list (CSR: first i32[N+1], j i32[P]).
//
// hops = 1: row i = {i} ∪ {j : (i, j, S) in the list}  (pair potentials; list at hessianRange)
// hops = 2: row i = {i} ∪ N(i) ∪ ⋃_{j∈N(i)} N(j)      (many-body potentials; list at the cutoff)
// Step 1 hess_pattern_count → distinct columns per row; TypeScript prefix-sums into rowStart.
// Step 2 hess_pattern_fill  → columns in first-seen order.
// Step 3 hess_pattern_sort  → columns sorted, by transposing the (symmetric) pattern: scattering rows in
//        increasing i into column buckets leaves every bucket sorted. O(nb), no comparison sort.
// `mark` is i32[N] scratch (any contents).
// ---------------------------------------------------------------------------------------------------

/**
 * Counts the distinct block columns of every row into `rowCount` (i32[N]); returns the total number of
 * blocks nb, or −1 if it exceeds 2³¹−1.
 */
export function hess_pattern_count(n: i32, first: usize, nbrJ: usize, hops: i32, mark: usize, rowCount: usize): i32 {
  checkRange(first, <usize>(n + 1) << 2);
  checkRange(mark, <usize>n << 2);
  checkRange(rowCount, <usize>n << 2);
  for (let i = 0; i < n; i++) store<i32>(mark + (<usize>i << 2), -1);
  let total: i64 = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(mark + (<usize>i << 2), i);
    let c = 1;
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      const mj = mark + (<usize>j << 2);
      if (load<i32>(mj) != i) { store<i32>(mj, i); c++; }
      if (hops == 2) {
        const q0 = load<i32>(first + (<usize>j << 2)), q1 = load<i32>(first + (<usize>(j + 1) << 2));
        for (let q = q0; q < q1; q++) {
          const m = mark + (<usize>load<i32>(nbrJ + (<usize>q << 2)) << 2);
          if (load<i32>(m) != i) { store<i32>(m, i); c++; }
        }
      }
    }
    store<i32>(rowCount + (<usize>i << 2), c);
    total += c;
  }
  return total > 0x7fffffff ? -1 : <i32>total;
}

/** Writes the distinct columns of every row (unsorted) at rowStart[i] in `colOut` (i32[nb]). */
export function hess_pattern_fill(n: i32, first: usize, nbrJ: usize, hops: i32, mark: usize, rowStart: usize, colOut: usize): void {
  checkRange(rowStart, <usize>(n + 1) << 2);
  checkRange(colOut, <usize>load<i32>(rowStart + (<usize>n << 2)) << 2);
  for (let i = 0; i < n; i++) store<i32>(mark + (<usize>i << 2), -1);
  for (let i = 0; i < n; i++) {
    let w = colOut + (<usize>load<i32>(rowStart + (<usize>i << 2)) << 2);
    store<i32>(mark + (<usize>i << 2), i);
    store<i32>(w, i); w += 4;
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      const mj = mark + (<usize>j << 2);
      if (load<i32>(mj) != i) { store<i32>(mj, i); store<i32>(w, j); w += 4; }
      if (hops == 2) {
        const q0 = load<i32>(first + (<usize>j << 2)), q1 = load<i32>(first + (<usize>(j + 1) << 2));
        for (let q = q0; q < q1; q++) {
          const l = load<i32>(nbrJ + (<usize>q << 2));
          const m = mark + (<usize>l << 2);
          if (load<i32>(m) != i) { store<i32>(m, i); store<i32>(w, l); w += 4; }
        }
      }
    }
  }
}

/**
 * Sorts the columns of a symmetric pattern: colSorted = transpose(colIn). `cursor` is i32[N] scratch.
 * Returns 0, or 1 if the pattern was not symmetric (a row overflowed: the neighbor list was not full).
 */
export function hess_pattern_sort(n: i32, rowStart: usize, colIn: usize, cursor: usize, colSorted: usize): i32 {
  checkRange(cursor, <usize>n << 2);
  const nb = load<i32>(rowStart + (<usize>n << 2));
  checkRange(colIn, <usize>nb << 2);
  checkRange(colSorted, <usize>nb << 2);
  for (let i = 0; i < n; i++) store<i32>(cursor + (<usize>i << 2), load<i32>(rowStart + (<usize>i << 2)));
  for (let i = 0; i < n; i++) {
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let k = k0; k < k1; k++) {
      const c = load<i32>(colIn + (<usize>k << 2));
      const cp = cursor + (<usize>c << 2);
      const w = load<i32>(cp);
      if (w >= load<i32>(rowStart + (<usize>(c + 1) << 2))) return 1;
      store<i32>(colSorted + (<usize>w << 2), i);
      store<i32>(cp, w + 1);
    }
  }
  for (let i = 0; i < n; i++) {
    if (load<i32>(cursor + (<usize>i << 2)) != load<i32>(rowStart + (<usize>(i + 1) << 2))) return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Operations on an assembled block Hessian.
// ---------------------------------------------------------------------------------------------------

/** Largest |Σ_j H_ij[α,β]| over block rows i and entries α, β: the acoustic sum rule residual. */
export function hess_rowsum_max(n: i32, rowStart: usize, blocks: usize): f64 {
  let worst: f64 = 0;
  for (let i = 0; i < n; i++) {
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = 0; e < 9; e++) {
      let s: f64 = 0;
      for (let k = k0; k < k1; k++) s += load<f64>(blockPtr(blocks, k) + (<usize>e << 3));
      const a = abs<f64>(s);
      if (a > worst) worst = a;
    }
  }
  return worst;
}

/**
 * Largest |H[3i+α, 3j+β] − H[3j+β, 3i+α]| over the stored blocks; +∞ if a block (i, j) has no partner
 * (j, i) in the pattern.
 */
export function hess_asymmetry_max(n: i32, rowStart: usize, col: usize, blocks: usize): f64 {
  let worst: f64 = 0;
  for (let i = 0; i < n; i++) {
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let k = k0; k < k1; k++) {
      const j = load<i32>(col + (<usize>k << 2));
      const t = blockFind(rowStart, col, j, i);
      if (t < 0) return Infinity;
      const p = blockPtr(blocks, k), q = blockPtr(blocks, t);
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const d = abs<f64>(load<f64>(p + (<usize>(3 * a + b) << 3)) - load<f64>(q + (<usize>(3 * b + a) << 3)));
          if (d > worst) worst = d;
        }
      }
    }
  }
  return worst;
}

/** Σ_i Tr H_ii: the trace of the Hessian (eV/Å² or ε/σ²). */
export function hess_trace(n: i32, rowStart: usize, col: usize, blocks: usize): f64 {
  let t: f64 = 0;
  for (let i = 0; i < n; i++) {
    const k = blockFind(rowStart, col, i, i);
    if (k < 0) continue;
    const p = blockPtr(blocks, k);
    t += load<f64>(p) + load<f64>(p + 32) + load<f64>(p + 64);
  }
  return t;
}

/**
 * Scatters the blocks into a dense row-major (d·N)×(d·N) matrix at `out` (zeroed here), keeping the first
 * d = `dim` (2 or 3) Cartesian components of every atom: dim 2 gives the x, y block of a 2D model system.
 */
export function hess_to_dense(n: i32, rowStart: usize, col: usize, blocks: usize, dim: i32, out: usize): void {
  const m = <u64>dim * <u64>n;
  checkRange(out, <usize>(m * m * 8));
  memory.fill(out, 0, <usize>(m * m * 8));
  for (let i = 0; i < n; i++) {
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let k = k0; k < k1; k++) {
      const j = load<i32>(col + (<usize>k << 2));
      const p = blockPtr(blocks, k);
      for (let a = 0; a < dim; a++) {
        const row = <u64>(dim * i + a) * m + <u64>(dim * j);
        for (let b = 0; b < dim; b++) {
          store<f64>(out + <usize>((row + <u64>b) << 3), load<f64>(p + (<usize>(3 * a + b) << 3)));
        }
      }
    }
  }
}

/** In place: block (i, j) ← w_i w_j · block (i, j), e.g. w = m^{-1/2} for the dynamical matrix. */
export function hess_scale(n: i32, rowStart: usize, col: usize, blocks: usize, w: usize): void {
  checkRange(w, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const wi = load<f64>(w + (<usize>i << 3));
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let k = k0; k < k1; k++) {
      const s = wi * load<f64>(w + (<usize>load<i32>(col + (<usize>k << 2)) << 3));
      const p = blockPtr(blocks, k);
      for (let e: usize = 0; e < 72; e += 8) store<f64>(p + e, load<f64>(p + e) * s);
    }
  }
}

/** y = H x for 3N-vectors x, y (byte offsets of f64[3N]); y must not alias x. */
export function hess_matvec(n: i32, rowStart: usize, col: usize, blocks: usize, x: usize, y: usize): void {
  checkRange(x, <usize>n * 24);
  checkRange(y, <usize>n * 24);
  for (let i = 0; i < n; i++) {
    let y0: f64 = 0, y1: f64 = 0, y2: f64 = 0;
    const k0 = load<i32>(rowStart + (<usize>i << 2)), k1 = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let k = k0; k < k1; k++) {
      const xp = x + <usize>load<i32>(col + (<usize>k << 2)) * 24;
      const x0 = load<f64>(xp), x1 = load<f64>(xp, 8), x2 = load<f64>(xp, 16);
      const p = blockPtr(blocks, k);
      y0 += load<f64>(p) * x0 + load<f64>(p, 8) * x1 + load<f64>(p, 16) * x2;
      y1 += load<f64>(p, 24) * x0 + load<f64>(p, 32) * x1 + load<f64>(p, 40) * x2;
      y2 += load<f64>(p, 48) * x0 + load<f64>(p, 56) * x1 + load<f64>(p, 64) * x2;
    }
    const yp = y + <usize>i * 24;
    store<f64>(yp, y0); store<f64>(yp, y1, 8); store<f64>(yp, y2, 16);
  }
}
