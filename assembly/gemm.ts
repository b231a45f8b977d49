// Blocked dense matrix multiply C = op(A)·B (f64, row-major), f64x2 SIMD.
//
// Goto-style blocking: a KC×NC panel of B is packed into NR-wide micro-panels (kept in L2/L3), an MC×KC
// block of op(A) into MR-high micro-panels (L2), and the 4×4 register tile of tiles.ts (the kernel the
// model fits use too) keeps its tile of C in registers while it streams both packed panels (L1).
// op(A) = A or Aᵀ: the transpose costs nothing, it is absorbed by the packing. With `upper` set only
// the tiles that touch the upper triangle (column ≥ row) are computed, which halves the work when the
// product is known to be (anti)symmetric.
//
// Used by the Allen–Feldman velocity matrix (assembly/thermal.ts): V = Eᵀ (W E) for eigenvectors E.
import { checkRange } from "./memory";
import { TILE_ADD, TILE_SET, tile44 } from "./tiles";

const MR: i32 = 4; // rows of the register tile
const NR: i32 = 4; // columns of the register tile (two f64x2)
const KC: i32 = 256; // depth of a packed panel
const MC: i32 = 128; // rows of a packed block of op(A)
const NC: i32 = 2048; // columns of a packed panel of B (multiple of NR)

/** Scratch gemm_nn/gemm_tn need, in f64 values: MC·KC (packed A) + KC·NC (packed B) + MR·NR (edge tile). */
export function gemm_workSize(): i32 {
  return MC * KC + KC * NC + MR * NR;
}

/** Packs rows [0,kc) × columns [0,nc) of B (leading dimension ldb) into NR-wide micro-panels, zero-padded. */
function packB(b: usize, ldb: usize, kc: i32, nc: i32, dst: usize): void {
  let o = dst;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const w = min(NR, nc - j0);
    if (w == NR) {
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>p * ldb + <usize>j0) << 3);
        v128.store(o, v128.load(src));
        v128.store(o + 16, v128.load(src + 16));
        o += <usize>NR << 3;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>p * ldb + <usize>j0) << 3);
        for (let j = 0; j < NR; j++) store<f64>(o + (<usize>j << 3), j < w ? load<f64>(src + (<usize>j << 3)) : 0.0);
        o += <usize>NR << 3;
      }
    }
  }
}

/**
 * Packs rows [0,mc) × depth [0,kc) of op(A) into MR-high micro-panels, zero-padded: dst[panel][p][r].
 * For op(A) = A the element (r, p) is a[r·lda + p]; for Aᵀ it is a[p·lda + r].
 */
function packA(a: usize, lda: usize, mc: i32, kc: i32, trans: bool, dst: usize): void {
  let o = dst;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const h = min(MR, mc - i0);
    if (trans) {
      for (let p = 0; p < kc; p++) {
        const src = a + ((<usize>p * lda + <usize>i0) << 3);
        if (h == MR) {
          v128.store(o, v128.load(src));
          v128.store(o + 16, v128.load(src + 16));
        } else {
          for (let r = 0; r < MR; r++) store<f64>(o + (<usize>r << 3), r < h ? load<f64>(src + (<usize>r << 3)) : 0.0);
        }
        o += <usize>MR << 3;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          store<f64>(o + (<usize>r << 3), r < h ? load<f64>(a + ((<usize>(i0 + r) * lda + <usize>p) << 3)) : 0.0);
        }
        o += <usize>MR << 3;
      }
    }
  }
}

/**
 * MR×NR micro-kernel: tile = Σ_p pa[p][0..MR) ⊗ pb[p][0..NR) (the shared 4×4 tile of tiles.ts); stores
 * (accumulate = false) or adds (accumulate = true) the h×w valid part into C at c (leading dimension ldc).
 */
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool, h: i32, w: i32, edge: usize): void {
  if (h == MR && w == NR) {
    tile44(pa, 32, pb, 32, kc, c, ldc << 3, accumulate ? TILE_ADD : TILE_SET);
    return;
  }
  tile44(pa, 32, pb, 32, kc, edge, 32, TILE_SET);
  for (let r = 0; r < h; r++) {
    for (let j = 0; j < w; j++) {
      const dst = c + ((<usize>r * ldc + <usize>j) << 3);
      const v = load<f64>(edge + ((<usize>(r * NR + j)) << 3));
      store<f64>(dst, accumulate ? load<f64>(dst) + v : v);
    }
  }
}

function gemm(a: usize, lda: usize, trans: bool, b: usize, ldb: usize, c: usize, ldc: usize, m: i32, n: i32, k: i32, upper: bool, work: usize): void {
  const pA = work;
  const pB = work + ((<usize>(MC * KC)) << 3);
  const edge = pB + ((<usize>(KC * NC)) << 3);
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(c + ((<usize>i * ldc) << 3), 0, <usize>n << 3);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b + ((<usize>pc * ldb + <usize>jc) << 3), ldb, kc, nc, pB);
      for (let ic = 0; ic < m; ic += MC) {
        if (upper && ic > jc + nc - 1) break; // every row of this block lies below every column
        const mc = min(MC, m - ic);
        const aBlock = trans ? a + ((<usize>pc * lda + <usize>ic) << 3) : a + ((<usize>ic * lda + <usize>pc) << 3);
        packA(aBlock, lda, mc, kc, trans, pA);
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            if (upper && ic + ir > jc + jr + w - 1) break; // tile entirely below the diagonal
            const h = min(MR, mc - ir);
            micro(
              kc,
              pA + ((<usize>(ir * kc)) << 3),
              pB + ((<usize>(jr * kc)) << 3),
              c + ((<usize>(ic + ir) * ldc + <usize>(jc + jr)) << 3),
              ldc,
              pc > 0,
              h,
              w,
              edge,
            );
          }
        }
      }
    }
  }
}

/**
 * C = A·B, row-major: A m×k (leading dimension lda), B k×n (ldb), C m×n (ldc), all f64.
 * With upper ≠ 0 only tiles that touch column ≥ row are computed; C below them is left untouched.
 *
 * @param work scratch of {@link gemm_workSize} f64 (byte offset)
 */
export function gemm_nn(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32, upper: i32, work: usize): void {
  checkRange(a, (<usize>(m - 1) * <usize>lda + <usize>k) << 3);
  checkRange(b, (<usize>(k - 1) * <usize>ldb + <usize>n) << 3);
  checkRange(c, (<usize>(m - 1) * <usize>ldc + <usize>n) << 3);
  checkRange(work, <usize>gemm_workSize() << 3);
  gemm(a, <usize>lda, false, b, <usize>ldb, c, <usize>ldc, m, n, k, upper != 0, work);
}

/**
 * C = Aᵀ·B, row-major: A k×m (leading dimension lda, so op(A) = Aᵀ is m×k), B k×n (ldb), C m×n (ldc).
 * With upper ≠ 0 only tiles that touch column ≥ row are computed; C below them is left untouched.
 *
 * @param work scratch of {@link gemm_workSize} f64 (byte offset)
 */
export function gemm_tn(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32, upper: i32, work: usize): void {
  checkRange(a, (<usize>(k - 1) * <usize>lda + <usize>m) << 3);
  checkRange(b, (<usize>(k - 1) * <usize>ldb + <usize>n) << 3);
  checkRange(c, (<usize>(m - 1) * <usize>ldc + <usize>n) << 3);
  checkRange(work, <usize>gemm_workSize() << 3);
  gemm(a, <usize>lda, true, b, <usize>ldb, c, <usize>ldc, m, n, k, upper != 0, work);
}
