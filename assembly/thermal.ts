// Allen–Feldman harmonic thermal transport in glasses (Allen & Feldman, PRB 48, 12581 (1993); Allen,
// Feldman, Fabian, Wooten, Phil. Mag. B 79, 1715 (1999)).
//
// The velocity operator of direction α is the block-sparse matrix W^α = Σ_images R^α_ab D_ab (mass-weighted
// Hessian block of each periodic image times that image's bond vector, built in src/thermal.ts). Its
// matrix elements between modes, V^α_nm = e_nᵀ W^α e_m, come from one sparse × dense product
// (af_spmm, T = W^α E) and one dense Eᵀ T (gemm_tn in assembly/gemm.ts, upper triangle only: W^α is
// antisymmetric, so is V^α). af_diffusivity then sums the broadened δ(ω_n − ω_m) over mode pairs.
import { checkRange } from "./memory";

/** Widths beyond which a Gaussian is exactly 0 in f64 (exp(−800) underflows), so the cut changes no bit. */
const GAUSS_REACH: f64 = 40.0;
/** 1/√(2π). */
const INV_SQRT_2PI: f64 = 0.3989422804014327;

/**
 * T = W·E for a block-sparse W (d×d blocks, CSR over atoms) and a dense row-major E with n = d·nAtoms rows
 * and n columns. Row d·a + i of T is Σ_(blocks k of row a) Σ_j W_k[i][j] · row (d·col[k] + j) of E,
 * accumulated in f64x2 over columns.
 *
 * @param rowStart nAtoms + 1 i32: blocks of atom row a are k = rowStart[a] … rowStart[a+1] − 1
 * @param col      i32 column atom of every block
 * @param blocks   d·d f64 per block, row-major
 * @param nAtoms   number of block rows
 * @param d        block size (2 or 3)
 * @param e        n×n f64 (E), n = d·nAtoms
 * @param t        out: n×n f64 (T), overwritten
 */
export function af_spmm(rowStart: usize, col: usize, blocks: usize, nAtoms: i32, d: i32, e: usize, t: usize): void {
  const n = <usize>(d * nAtoms);
  checkRange(rowStart, <usize>(nAtoms + 1) << 2);
  const nb = load<i32>(rowStart + (<usize>nAtoms << 2));
  checkRange(col, <usize>nb << 2);
  checkRange(blocks, (<usize>nb * <usize>(d * d)) << 3);
  checkRange(e, n * n * 8);
  checkRange(t, n * n * 8);
  const rowBytes = n << 3;
  for (let a = 0; a < nAtoms; a++) {
    const k0 = load<i32>(rowStart + (<usize>a << 2));
    const k1 = load<i32>(rowStart + (<usize>(a + 1) << 2));
    for (let i = 0; i < d; i++) {
      const out = t + <usize>(d * a + i) * rowBytes;
      memory.fill(out, 0, rowBytes);
      for (let k = k0; k < k1; k++) {
        const b = load<i32>(col + (<usize>k << 2));
        const blk = blocks + ((<usize>(k * d * d + i * d)) << 3);
        for (let j = 0; j < d; j++) {
          const w = load<f64>(blk + (<usize>j << 3));
          if (w == 0) continue;
          const src = e + <usize>(d * b + j) * rowBytes;
          const vw = f64x2.splat(w);
          let c: usize = 0;
          for (; c + 1 < n; c += 2) {
            const o = c << 3;
            v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(vw, v128.load(src + o))));
          }
          if (c < n) {
            const o = c << 3;
            store<f64>(out + o, load<f64>(out + o) + w * load<f64>(src + o));
          }
        }
      }
    }
  }
}

/**
 * Allen–Feldman mode diffusivities per direction, for one broadening width:
 *
 *   D^α_n = π/(16 ω_n³) Σ_{m ≠ n} (ω_n + ω_m)²/ω_m · (V^α_nm)² · δ_η(ω_n − ω_m),
 *
 * which is SCIENCE.md's D_n = π V²/(3ħ²ω_n²) Σ_m |S_nm|² δ with S_nm = (ħ/2V)(ω_n + ω_m) v_nm,
 * v^α_nm = V^α_nm/(2√(ω_n ω_m)), resolved by direction: the isotropic 3D value is (1/3) Σ_α D^α_n.
 * Units: [length]²/[time] in the unit system of ω and V (σ²/τ, or Å²·√(eV/(Å²amu)) for metal).
 *
 * Only modes with include[n] ≠ 0 take part (as n and as m); their ω must be ascending in index order
 * (true for eigenvalues sorted ascending once zero and imaginary modes are excluded), which lets the
 * Gaussian sum stop at 40 η. Each unordered pair is visited once.
 *
 * @param v       nDir matrices n×n f64, back to back: V^α_nm read from the upper triangle (m > n)
 * @param nDir    number of directions (3, or 2 for a 2D system)
 * @param n       number of modes
 * @param omega   n f64 angular frequencies ω_n (> 0 where included)
 * @param include n i32 flags
 * @param eta     broadening width η (> 0, unit of ω)
 * @param kind    0: Gaussian exp(−Δ²/2η²)/(√(2π)η); 1: Lorentzian (η/π)/(Δ² + η²)
 * @param out     out: nDir × n f64, out[α·n + n'] = D^α_n' (0 for excluded modes)
 */
export function af_diffusivity(v: usize, nDir: i32, n: i32, omega: usize, include: usize, eta: f64, kind: i32, out: usize): void {
  const un = <usize>n;
  const mat = un * un * 8;
  checkRange(v, mat * <usize>nDir);
  checkRange(omega, un << 3);
  checkRange(include, un << 2);
  checkRange(out, (un * <usize>nDir) << 3);
  memory.fill(out, 0, (un * <usize>nDir) << 3);
  const gNorm = INV_SQRT_2PI / eta;
  const inv2e2 = 1.0 / (2.0 * eta * eta);
  const lNorm = eta / Math.PI;
  const e2 = eta * eta;
  const reach = GAUSS_REACH * eta;
  for (let p = 0; p < n; p++) {
    if (load<i32>(include + (<usize>p << 2)) == 0) continue;
    const wp = load<f64>(omega + (<usize>p << 3));
    for (let q = p + 1; q < n; q++) {
      if (load<i32>(include + (<usize>q << 2)) == 0) continue;
      const wq = load<f64>(omega + (<usize>q << 3));
      const dw = wq - wp;
      let delta: f64;
      if (kind == 0) {
        if (dw > reach) break;
        delta = gNorm * Math.exp(-dw * dw * inv2e2);
      } else {
        delta = lNorm / (dw * dw + e2);
      }
      const s = (wp + wq) * (wp + wq) * delta;
      const fp = s / wq; // weight of the pair in D_p
      const fq = s / wp; // and in D_q
      const offset = (<usize>p * un + <usize>q) << 3;
      for (let a = 0; a < nDir; a++) {
        const x = load<f64>(v + <usize>a * mat + offset);
        const x2 = x * x;
        const op = out + ((<usize>a * un + <usize>p) << 3);
        const oq = out + ((<usize>a * un + <usize>q) << 3);
        store<f64>(op, load<f64>(op) + fp * x2);
        store<f64>(oq, load<f64>(oq) + fq * x2);
      }
    }
  }
  for (let p = 0; p < n; p++) {
    if (load<i32>(include + (<usize>p << 2)) == 0) continue;
    const w = load<f64>(omega + (<usize>p << 3));
    const scale = Math.PI / (16.0 * w * w * w);
    for (let a = 0; a < nDir; a++) {
      const o = out + ((<usize>a * un + <usize>p) << 3);
      store<f64>(o, load<f64>(o) * scale);
    }
  }
}
