// The one register-tile kernel behind every dense product (model fitting in linalg.ts, the Allen–Feldman
// products in gemm.ts), and the blocked panel products built on it.
//
// Micro-kernel: a 4×4 tile C[r][c] = Σ_s A[s][r]·B[s][c] held in 8 f64x2 registers; per step two vector
// loads of B, four splat loads of A, 8 mul + 8 add. Measured on Node 20 / Zen 3: this shape compiles to
// a loop without spills; 6×4, 4×6 and k-unrolled variants make V8 spill accumulators and run slower.
//
// "Panels" (as in linalg.ts): a k×m matrix stored as ceil(m/4) column panels of width 4, panel q holding
// columns 4q…4q+3 of each of its kp ≥ k rows contiguously (row s of panel q at base + (q·kp + s)·32).
//
// Work units: the blocked products split their output into units of at most 8×8 tiles (4 instead of 8
// along a side of fewer than 64 panels, so small products still split into enough units; gemm keeps 8
// along B, over which each duplicated A panel is reused). A unit is the
// grain the thread pool hands out (src/engine/threads.ts); which thread runs a unit never changes its
// arithmetic, because every output tile sums its shared dimension in the same KC-blocks in the same
// order whatever the split. Results are therefore bit-identical for any number of threads.
import { checkRange } from "./memory";

/** Shared-dimension block: each output element is Σ over KC-blocks, in increasing order. */
export const KC: i32 = 256;
/** Tiles per unit side for a side of q panels: 8 (a unit of up to 32×32 outputs), or 4 below 64 panels. */
// @ts-ignore: decorator
@inline function side(q: i32): i32 {
  return q >= 64 ? 8 : 4;
}

/** C = Σ (overwrite). */
export const TILE_SET: i32 = 0;
/** C += Σ. */
export const TILE_ADD: i32 = 1;
/** C −= Σ. */
export const TILE_SUB: i32 = 2;

/** Writes a 4×4 tile held in registers to C (row stride rc bytes): store, add to or subtract from it. */
// @ts-ignore: decorator
@inline function storeTile(c: usize, rc: usize, mode: i32, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  const r1 = c + rc, r2 = r1 + rc, r3 = r2 + rc;
  if (mode == TILE_ADD) {
    c00 = f64x2.add(v128.load(c), c00); c01 = f64x2.add(v128.load(c, 16), c01);
    c10 = f64x2.add(v128.load(r1), c10); c11 = f64x2.add(v128.load(r1, 16), c11);
    c20 = f64x2.add(v128.load(r2), c20); c21 = f64x2.add(v128.load(r2, 16), c21);
    c30 = f64x2.add(v128.load(r3), c30); c31 = f64x2.add(v128.load(r3, 16), c31);
  } else if (mode == TILE_SUB) {
    c00 = f64x2.sub(v128.load(c), c00); c01 = f64x2.sub(v128.load(c, 16), c01);
    c10 = f64x2.sub(v128.load(r1), c10); c11 = f64x2.sub(v128.load(r1, 16), c11);
    c20 = f64x2.sub(v128.load(r2), c20); c21 = f64x2.sub(v128.load(r2, 16), c21);
    c30 = f64x2.sub(v128.load(r3), c30); c31 = f64x2.sub(v128.load(r3, 16), c31);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
}

/**
 * One 4×4 tile over kk steps: Σ_s A[s][0:4]ᵀ ⊗ B[s][0:4], with row s of A at pa + s·sa and of B at
 * pb + s·sb (4 f64 each, byte strides), combined into C (row r at c + r·rc) as `mode` says. The sum is
 * formed in registers from zero and then stored, added or subtracted.
 */
export function tile44(pa: usize, sa: usize, pb: usize, sb: usize, kk: i32, c: usize, rc: usize, mode: i32): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0), c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  let a = pa, b = pb;
  for (let s = 0; s < kk; s++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
    a += sa;
    b += sb;
  }
  storeTile(c, rc, mode, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * {@link tile44} with A pre-duplicated (each of its 4 values stored twice: 64 bytes per step, as
 * {@link dupRows} writes): plain vector loads, whose offsets V8 folds into the addressing, instead of
 * splat loads, which cost an address computation each. Same products and sums as tile44, so the same
 * bits; about 10% fewer instructions per step. A steps at 64 bytes, B at 32 (a panel).
 */
function tile44d(pa: usize, pb: usize, kk: i32, c: usize, rc: usize, mode: i32): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0), c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  let a = pa, b = pb;
  const end = pb + (<usize>kk << 5);
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load(a, 16);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load(a, 32);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load(a, 48);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
    a += 64;
    b += 32;
  }
  storeTile(c, rc, mode, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** kk rows of a panel (32 bytes each) to rows of 64 bytes with every value twice, for {@link tile44d}. */
function dupRows(src: usize, kk: i32, dst: usize): void {
  const end = src + (<usize>kk << 5);
  let d = dst;
  for (let s = src; s < end; s += 32) {
    const v = v128.load(s), w = v128.load(s, 16);
    v128.store(d, v128.shuffle<f64>(v, v, 0, 0));
    v128.store(d, v128.shuffle<f64>(v, v, 1, 1), 16);
    v128.store(d, v128.shuffle<f64>(w, w, 0, 0), 32);
    v128.store(d, v128.shuffle<f64>(w, w, 1, 1), 48);
    d += 64;
  }
}

/** Scratch bytes each thread needs for {@link tiles_gemm} / {@link tiles_syrk} (one duplicated A panel). */
export function tiles_scratchBytes(): i32 {
  return KC << 6;
}

// @ts-ignore: decorator
@inline function blocks(q: i32): i32 {
  return (q + side(q) - 1) / side(q);
}

/** Number of work units of {@link tiles_gemm} for qa×qb tiles. */
export function tiles_gemmUnits(qa: i32, qb: i32): i32 {
  return blocks(qa) * ((qb + 7) >> 3);
}

/** Number of work units of {@link tiles_syrk} for the lower triangle of q×q tiles. */
export function tiles_syrkUnits(q: i32): i32 {
  const m = blocks(q);
  return (m * (m + 1)) >> 1;
}

/**
 * The tiles (a, b), a ∈ [a0, a1), b ∈ [b0, b1) (with `lower`: only b ≤ a): C[a, b] (mode)= Σ_s A_a[s]ᵀ B_b[s]
 * over k shared rows in KC-blocks, k-blocks outermost. A_a = panel a of pa (panel stride kpa rows), B_b
 * likewise; tile (a, b) at c + a·4·rc + b·bc. Each KC-block of A_a is duplicated into `scratch` once and
 * stays in L1 while the B panels stream past it.
 */
function block(
  pa: usize, kpa: i32, pb: usize, kpb: i32, k: i32, c: usize, rc: usize, bc: usize, mode: i32,
  a0: i32, a1: i32, b0: i32, b1: i32, lower: bool, scratch: usize,
): void {
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kk = min(KC, k - k0);
    const m = k0 == 0 ? mode : mode == TILE_SUB ? TILE_SUB : TILE_ADD;
    for (let a = a0; a < a1; a++) {
      const end = lower ? min(b1, a + 1) : b1;
      if (end <= b0) continue;
      dupRows(pa + ((<usize>a * <usize>kpa + <usize>k0) << 5), kk, scratch);
      const ca = c + ((<usize>a << 2) * rc);
      for (let b = b0; b < end; b++) {
        tile44d(scratch, pb + ((<usize>b * <usize>kpb + <usize>k0) << 5), kk, ca + <usize>b * bc, rc, m);
      }
    }
  }
}

/**
 * Units [u0, u1) of C (mode)= AᵀB for panel-packed A (k×4qa, panel stride kpa) and B (k×4qb, stride
 * kpb). Output tile (a, b) (rows 4a…4a+3, columns 4b…4b+3) is at c + 4a·rc + b·bc: row-major with
 * leading dimension ld has rc = 8·ld, bc = 32; panel layout with kp rows has rc = 32, bc = 32·kp.
 * `work` holds {@link tiles_scratchBytes} per thread; `slot` picks this thread's (0 … threads − 1).
 */
export function tiles_gemm(
  pa: usize, kpa: i32, qa: i32, pb: usize, kpb: i32, qb: i32, k: i32,
  c: usize, rc: usize, bc: usize, mode: i32, work: usize, u0: i32, u1: i32, slot: i32,
): void {
  const scratch = work + <usize>slot * <usize>tiles_scratchBytes();
  checkRange(scratch, <usize>tiles_scratchBytes());
  if (qa > 0) checkRange(pa, (<usize>(qa - 1) * <usize>kpa + <usize>k) << 5);
  if (qb > 0) checkRange(pb, (<usize>(qb - 1) * <usize>kpb + <usize>k) << 5);
  // B blocks are always 8 panels wide: each duplicated A panel then serves up to 8 tiles.
  const na = blocks(qa), nb = (qb + 7) >> 3;
  for (let u = u0; u < u1; u++) {
    // Consecutive units walk the shorter side, so the block of the longer one is reused from cache
    // (for Cᵀ·X with 161 targets and 6240 features, each block of X is read from memory once).
    const ua = na <= nb ? u % na : u / nb;
    const ub = na <= nb ? u / na : u % nb;
    const a0 = ua * side(qa), b0 = ub << 3;
    const a1 = min(qa, a0 + side(qa)), b1 = min(qb, b0 + 8);
    if (!ASC_NO_ASSERT) {
      checkRange(c + ((<usize>a0 << 2) * rc) + <usize>b0 * bc, 0);
      checkRange(c + ((<usize>(a1 << 2) - 1) * rc) + <usize>(b1 - 1) * bc, 32);
    }
    if (k == 0) {
      for (let a = a0; a < a1; a++) for (let b = b0; b < b1; b++) clearTile(c + ((<usize>a << 2) * rc) + <usize>b * bc, rc, mode);
      continue;
    }
    block(pa, kpa, pb, kpb, k, c, rc, bc, mode, a0, a1, b0, b1, false, scratch);
  }
}

/**
 * Units [u0, u1) of the lower triangle of C (mode)= AᵀA for panel-packed A (k×4q, panel stride kp):
 * tiles (a, b) with b ≤ a, at c + 4a·rc + b·bc (see {@link tiles_gemm}, also for `work` and `slot`).
 * Tiles above the diagonal are not written.
 */
export function tiles_syrk(pa: usize, kp: i32, q: i32, k: i32, c: usize, rc: usize, bc: usize, mode: i32, work: usize, u0: i32, u1: i32, slot: i32): void {
  const scratch = work + <usize>slot * <usize>tiles_scratchBytes();
  checkRange(scratch, <usize>tiles_scratchBytes());
  if (q > 0) checkRange(pa, (<usize>(q - 1) * <usize>kp + <usize>k) << 5);
  for (let u = u0; u < u1; u++) {
    // Unit u is block (ua, ub), ub ≤ ua, numbered row by row: u = ua(ua+1)/2 + ub.
    let ua = <i32>((Math.sqrt(8.0 * <f64>u + 1.0) - 1.0) * 0.5);
    while (((ua * (ua + 1)) >> 1) > u) ua--;
    while ((((ua + 1) * (ua + 2)) >> 1) <= u) ua++;
    const ub = u - ((ua * (ua + 1)) >> 1);
    const a0 = ua * side(q), b0 = ub * side(q);
    const a1 = min(q, a0 + side(q)), b1 = min(q, b0 + side(q));
    if (!ASC_NO_ASSERT) {
      checkRange(c + ((<usize>a0 << 2) * rc) + <usize>b0 * bc, 0);
      checkRange(c + ((<usize>(a1 << 2) - 1) * rc) + <usize>(b1 - 1) * bc, 32);
    }
    if (k == 0) {
      for (let a = a0; a < a1; a++) for (let b = b0; b < min(b1, a + 1); b++) clearTile(c + ((<usize>a << 2) * rc) + <usize>b * bc, rc, mode);
      continue;
    }
    block(pa, kp, pa, kp, k, c, rc, bc, mode, a0, a1, b0, b1, ua == ub, scratch);
  }
}

/**
 * Units [u0, u1) (as {@link tiles_syrk}) of the lower triangle of C (mode)= AᵀA, each tile stored
 * transposed as one contiguous 128-byte block: tile (a, b), b ≤ a, row c (32 bytes apart) holding
 * Σ_s A_b[s][c]·A_a[s][0:4], at c + a·ac + b·128. This is the row-panel layout of the Cholesky working
 * matrix (assembly/linalg.ts), where the four rows of a panel at one column are one vector.
 */
export function tiles_syrkT(pa: usize, kp: i32, q: i32, k: i32, c: usize, ac: usize, mode: i32, work: usize, u0: i32, u1: i32, slot: i32): void {
  const scratch = work + <usize>slot * <usize>tiles_scratchBytes();
  checkRange(scratch, <usize>tiles_scratchBytes());
  if (q > 0) checkRange(pa, (<usize>(q - 1) * <usize>kp + <usize>k) << 5);
  for (let u = u0; u < u1; u++) {
    let ua = <i32>((Math.sqrt(8.0 * <f64>u + 1.0) - 1.0) * 0.5);
    while (((ua * (ua + 1)) >> 1) > u) ua--;
    while ((((ua + 1) * (ua + 2)) >> 1) <= u) ua++;
    const ub = u - ((ua * (ua + 1)) >> 1);
    const a0 = ua * side(q), b0 = ub * side(q);
    const a1 = min(q, a0 + side(q)), b1 = min(q, b0 + side(q));
    if (!ASC_NO_ASSERT) {
      checkRange(c + <usize>a0 * ac + (<usize>b0 << 7), 0);
      checkRange(c + <usize>(a1 - 1) * ac + (<usize>(b1 - 1) << 7), 128);
    }
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kk = min(KC, k - k0);
      const m = k0 == 0 ? mode : mode == TILE_SUB ? TILE_SUB : TILE_ADD;
      for (let b = b0; b < b1; b++) {
        const start = max(a0, b);
        if (start >= a1) continue;
        dupRows(pa + ((<usize>b * <usize>kp + <usize>k0) << 5), kk, scratch);
        for (let a = start; a < a1; a++) {
          tile44d(scratch, pa + ((<usize>a * <usize>kp + <usize>k0) << 5), kk, c + <usize>a * ac + (<usize>b << 7), 32, m);
        }
      }
    }
    if (k == 0 && mode == TILE_SET) {
      for (let a = a0; a < a1; a++) for (let b = b0; b < min(b1, a + 1); b++) clearTile(c + <usize>a * ac + (<usize>b << 7), 32, mode);
    }
  }
}

/** An empty sum: zero the tile when overwriting, leave it alone when adding or subtracting. */
function clearTile(c: usize, rc: usize, mode: i32): void {
  if (mode != TILE_SET) return;
  const z = f64x2.splat(0.0);
  for (let r: usize = 0; r < 4; r++) {
    v128.store(c + r * rc, z);
    v128.store(c + r * rc, z, 16);
  }
}
