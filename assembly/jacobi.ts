// Cyclic Jacobi eigensolver for a dense real symmetric matrix (eigenvalues and eigenvectors).
//
// The accurate reference: every rotation is an exact plane rotation computed in Rutishauser's stable
// form (t = tan θ from the smaller root, τ = s/(1 + c)), diagonal updates are accumulated separately
// per sweep, and during the first three sweeps only entries above a threshold are rotated
// (0.2·Σ|a_pq|/n²), later sweeps rotate everything and flush entries that are negligible against both
// diagonal entries. Converges quadratically; costs O(n³) per sweep, so it is for small matrices.
//
// Layout: the matrix is row-major n×n and only its lower triangle (c ≤ r) is read. The kernel works on
// full symmetric storage: it first mirrors the lower triangle into the upper one, then each rotation
// updates rows p and q contiguously (f64x2) and mirrors them into columns p and q.
// Eigenvectors are accumulated transposed, VT[k·n + j] = component j of eigenvector k, so that every
// rotation is also a pair of contiguous rows.
import { checkRange } from "./memory";

// @ts-ignore: decorator
@inline function at(base: usize, n: usize, r: usize, c: usize): usize {
  return base + ((r * n + c) << 3);
}

/** Rotates rows p and q: P ← P − s(Q + τP), Q ← Q + s(P − τQ), over columns [0, n). */
function rotateRows(rowP: usize, rowQ: usize, n: i32, s: f64, tau: f64): void {
  const vs = f64x2.splat(s);
  const vt = f64x2.splat(tau);
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    const g = v128.load(rowP + o);
    const h = v128.load(rowQ + o);
    v128.store(rowP + o, f64x2.sub(g, f64x2.mul(vs, f64x2.add(h, f64x2.mul(g, vt)))));
    v128.store(rowQ + o, f64x2.add(h, f64x2.mul(vs, f64x2.sub(g, f64x2.mul(h, vt)))));
  }
  if (j < n) {
    const o = <usize>j << 3;
    const g = load<f64>(rowP + o);
    const h = load<f64>(rowQ + o);
    store<f64>(rowP + o, g - s * (h + g * tau));
    store<f64>(rowQ + o, h + s * (g - h * tau));
  }
}

/**
 * Eigen-decomposition by cyclic Jacobi with threshold.
 *
 * @param a        n×n row-major (byte offset); lower triangle read, whole matrix overwritten (scratch)
 * @param n        order
 * @param d        out: n eigenvalues (unsorted, in the order of the rows of VT)
 * @param vt       out: n×n, row k = unit eigenvector k (row-major); 0 = eigenvalues only (about a third
 *                 less work: no rotations of VT)
 * @param work     scratch: 2n f64
 * @param maxSweeps sweep limit (≥ 1)
 * @returns number of sweeps done when converged (≥ 0), or −(sweeps) when the limit was reached first
 */
export function eigh_jacobi(a: usize, n: i32, d: usize, vt: usize, work: usize, maxSweeps: i32): i32 {
  const un = <usize>n;
  checkRange(a, un * un * 8);
  const vectors = vt != 0;
  if (vectors) checkRange(vt, un * un * 8);
  checkRange(d, un * 8);
  checkRange(work, un * 16);
  const b = work;
  const z = work + (un << 3);

  // Mirror the lower triangle, set VT = I, d = b = diag(A), z = 0.
  for (let r: usize = 0; r < un; r++) {
    for (let c: usize = 0; c < r; c++) store<f64>(at(a, un, c, r), load<f64>(at(a, un, r, c)));
    if (vectors) {
      memory.fill(vt + r * un * 8, 0, un * 8);
      store<f64>(at(vt, un, r, r), 1.0);
    }
    const arr = load<f64>(at(a, un, r, r));
    store<f64>(d + (r << 3), arr);
    store<f64>(b + (r << 3), arr);
    store<f64>(z + (r << 3), 0.0);
  }
  if (n <= 1) return 0;

  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let sm = 0.0;
    for (let r: usize = 1; r < un; r++) {
      for (let c: usize = 0; c < r; c++) sm += abs<f64>(load<f64>(at(a, un, r, c)));
    }
    if (sm == 0.0) return sweep - 1;
    const tresh = sweep < 4 ? (0.2 * sm) / (<f64>n * <f64>n) : 0.0;

    for (let p: usize = 0; p + 1 < un; p++) {
      for (let q: usize = p + 1; q < un; q++) {
        const apq = load<f64>(at(a, un, p, q));
        const g = 100.0 * abs<f64>(apq);
        const dp = load<f64>(d + (p << 3));
        const dq = load<f64>(d + (q << 3));
        if (sweep > 4 && abs<f64>(dp) + g == abs<f64>(dp) && abs<f64>(dq) + g == abs<f64>(dq)) {
          store<f64>(at(a, un, p, q), 0.0);
          store<f64>(at(a, un, q, p), 0.0);
        } else if (abs<f64>(apq) > tresh) {
          let h = dq - dp;
          let t: f64;
          if (abs<f64>(h) + g == abs<f64>(h)) {
            t = apq / h;
          } else {
            const theta = (0.5 * h) / apq;
            t = 1.0 / (abs<f64>(theta) + Math.sqrt(1.0 + theta * theta));
            if (theta < 0.0) t = -t;
          }
          const c = 1.0 / Math.sqrt(1.0 + t * t);
          const s = t * c;
          const tau = s / (1.0 + c);
          h = t * apq;
          store<f64>(z + (p << 3), load<f64>(z + (p << 3)) - h);
          store<f64>(z + (q << 3), load<f64>(z + (q << 3)) + h);
          store<f64>(d + (p << 3), dp - h);
          store<f64>(d + (q << 3), dq + h);
          // Rows p and q (all columns; the 2×2 block is fixed below), then mirror into columns p, q.
          const rowP = at(a, un, p, 0);
          const rowQ = at(a, un, q, 0);
          rotateRows(rowP, rowQ, n, s, tau);
          for (let j: usize = 0; j < un; j++) {
            store<f64>(at(a, un, j, p), load<f64>(rowP + (j << 3)));
            store<f64>(at(a, un, j, q), load<f64>(rowQ + (j << 3)));
          }
          store<f64>(at(a, un, p, q), 0.0);
          store<f64>(at(a, un, q, p), 0.0);
          if (vectors) rotateRows(at(vt, un, p, 0), at(vt, un, q, 0), n, s, tau);
        }
      }
    }
    for (let r: usize = 0; r < un; r++) {
      const br = load<f64>(b + (r << 3)) + load<f64>(z + (r << 3));
      store<f64>(b + (r << 3), br);
      store<f64>(d + (r << 3), br);
      store<f64>(z + (r << 3), 0.0);
    }
  }
  // One last check: the final sweep may have zeroed everything.
  let sm = 0.0;
  for (let r: usize = 1; r < un; r++) {
    for (let c: usize = 0; c < r; c++) sm += abs<f64>(load<f64>(at(a, un, r, c)));
  }
  return sm == 0.0 ? maxSweeps : -maxSweeps;
}
