// Embedded-atom method (LAMMPS `pair_style eam/alloy`): densities and the analytic block Hessian from a
// FULL neighbor list; energy, per-atom energies, forces and virial in one call from a HALF list
// (eam_compute, at the end).
//
// E = Σ_i F_a(ρ_i) + ½ Σ_i Σ_{j≠i} φ_ab(r_ij),   ρ_i = Σ_{j≠i} f_b(r_ij)   (a = type of i, b = type of j)
//
// Two ways to evaluate F, f, φ (argument `mode`):
//   0  DYNAMO setfl tables with LAMMPS' cubic interpolation (PairEAM::interpolate/array2spline): every
//      table is a spline with 7 coefficients per knot, row m−1 for LAMMPS' 1-based knot m,
//      [3c3/δ, 2c4/δ, c5/δ, c3, c4, c5, c6]; value ((c3 p + c4) p + c5) p + c6, derivative
//      (c0 p + c1) p + c2, second derivative (2 c0 p + c1)/δ (the spline is only C¹: it jumps at knots).
//      Pair tables hold r·φ(r) (z2r), lower triangle, row max(a,b)·(max(a,b)+1)/2 + min(a,b).
//      ρ above the table end extends F linearly (as LAMMPS).
//   1  The analytic Zhou–Johnson–Wadley 2004 alloy form (parameters per element, see ZH_* fields).
//
// `hdr` f64 block: [0] nrho, [1] nr, [2] 1/drho, [3] 1/dr, [4] rhomax, [5] rc², [6] drho, [7] dr,
// then (mode 1) ZH_STRIDE values per element from offset 8.
// Units: Å, eV, density in the potential's arbitrary units.
//
// Bond vectors are recomputed from positions, cell and the integer image shift of each list entry,
// u = x_j − x_i + S·cell, so a list built with a skin stays valid while atoms move.
import { checkRange } from "./memory";
import { blockAddOuter, blockAddPair } from "./blocks";

const H_NRHO: i32 = 0;
const H_NR: i32 = 1;
const H_RDRHO: i32 = 2;
const H_RDR: i32 = 3;
const H_RHOMAX: i32 = 4;
const H_CUTSQ: i32 = 5;
const H_DRHO: i32 = 6;
const H_DR: i32 = 7;
const H_ELEMENTS: i32 = 8;

// Zhou parameters of one element (mode 1), offsets inside its ZH_STRIDE block.
const ZH_STRIDE: i32 = 32;
const Z_RE: i32 = 0;
const Z_FE: i32 = 1;
const Z_RHOE: i32 = 2;
const Z_RHOS: i32 = 3;
const Z_ALPHA: i32 = 4;
const Z_BETA: i32 = 5;
const Z_A: i32 = 6;
const Z_B: i32 = 7;
const Z_KAPPA: i32 = 8;
const Z_LAMBDA: i32 = 9;
const Z_FN0: i32 = 10; // Fn0…Fn3 at 10…13
const Z_F0: i32 = 14; // F0…F3 at 14…17
const Z_ETA: i32 = 18;
const Z_FEMB: i32 = 19; // Fe
const Z_F3ABOVE: i32 = 20;
const Z_BETAD: i32 = 21; // β of the density
const Z_LAMBDAD: i32 = 22; // λ of the density
const Z_RHON: i32 = 23; // ρ_n = rho_low_factor · ρe
const Z_RHO0: i32 = 24; // ρ_0 = rho_high_factor · ρe
const Z_RMIN: i32 = 25; // tables are clamped below this r (0.5 Å)

// Function outputs: value, first and second derivative.
let o_v: f64 = 0, o_d: f64 = 0, o_dd: f64 = 0;

// @ts-ignore: decorator
@inline function hd(hdr: usize, f: i32): f64 {
  return load<f64>(hdr + (<usize>f << 3));
}

// @ts-ignore: decorator
@inline function zp(hdr: usize, e: i32, f: i32): f64 {
  return load<f64>(hdr + (<usize>(H_ELEMENTS + e * ZH_STRIDE + f) << 3));
}

/** LAMMPS spline at r (or ρ) = x: 1-based knot m, fraction p; value and derivatives into o_*. */
// @ts-ignore: decorator
@inline function splineEval(table: usize, p: f64, m: i32, delta: f64): void {
  const c = table + <usize>(m - 1) * 56;
  const c0 = load<f64>(c), c1 = load<f64>(c, 8), c2 = load<f64>(c, 16);
  o_v = ((load<f64>(c, 24) * p + load<f64>(c, 32)) * p + load<f64>(c, 40)) * p + load<f64>(c, 48);
  o_d = (c0 * p + c1) * p + c2;
  o_dd = (2.0 * c0 * p + c1) / delta;
}

// Position of r in the r tables, as LAMMPS: p = r/dr + 1, m = min(⌊p⌋, nr − 1), p −= m, p = min(p, 1).
let g_m: i32 = 0;
let g_p: f64 = 0;
// @ts-ignore: decorator
@inline function locateR(hdr: usize, r: f64): void {
  let p = r * hd(hdr, H_RDR) + 1.0;
  let m = <i32>p;
  const nr = <i32>hd(hdr, H_NR);
  if (m > nr - 1) m = nr - 1;
  p -= <f64>m;
  if (p > 1.0) p = 1.0;
  g_m = m;
  g_p = p;
}

/** x-derivatives of C·exp(−a(x−1)) / (1 + (x−k)^20) into o_*. */
function expRational(x: f64, C: f64, a: f64, k: f64): void {
  const t = x - k;
  const t2 = t * t, t4 = t2 * t2, t8 = t4 * t4, t16 = t8 * t8;
  const t18 = t16 * t2, t20 = t16 * t4;
  const D = 1.0 + t20;
  const v = C * Math.exp(-a * (x - 1.0)) / D;
  const q = 20.0 * t18 * t / D;
  const l1 = -a - q;
  const l2 = -380.0 * t18 / D + q * q;
  o_v = v;
  o_d = v * l1;
  o_dd = v * (l1 * l1 + l2);
}

/** Zhou electron density f_e(r) of element e and its r-derivatives (clamped to r ≥ rmin) into o_*. */
function zhouDensity(hdr: usize, e: i32, r: f64): void {
  const re = zp(hdr, e, Z_RE);
  const clamped = r < zp(hdr, e, Z_RMIN);
  const rr = clamped ? zp(hdr, e, Z_RMIN) : r;
  expRational(rr / re, zp(hdr, e, Z_FE), zp(hdr, e, Z_BETAD), zp(hdr, e, Z_LAMBDAD));
  if (clamped) { o_d = 0; o_dd = 0; return; }
  o_d /= re;
  o_dd /= re * re;
}

/** Zhou same-element pair φ_ee(r) (no clamp) into o_*. */
function zhouPairSame(hdr: usize, e: i32, r: f64): void {
  const re = zp(hdr, e, Z_RE);
  const x = r / re;
  expRational(x, zp(hdr, e, Z_A), zp(hdr, e, Z_ALPHA), zp(hdr, e, Z_KAPPA));
  const v1 = o_v, d1 = o_d, dd1 = o_dd;
  expRational(x, zp(hdr, e, Z_B), zp(hdr, e, Z_BETA), zp(hdr, e, Z_LAMBDA));
  o_v = v1 - o_v;
  o_d = (d1 - o_d) / re;
  o_dd = (dd1 - o_dd) / (re * re);
}

/**
 * Zhou pair φ_ab(r): φ_aa for a = b, ½[(f_b/f_a)φ_aa + (f_a/f_b)φ_bb] otherwise. Below rmin the
 * tabulated convention is kept: r·φ(r) = rmin·φ(rmin), so φ = rmin φ(rmin)/r.
 */
function zhouPair(hdr: usize, a: i32, b: i32, r: f64): void {
  const rmin = zp(hdr, a, Z_RMIN);
  const clamped = r < rmin;
  const rr = clamped ? rmin : r;
  if (a == b) {
    zhouPairSame(hdr, a, rr);
  } else {
    zhouDensity(hdr, a, rr);
    const fa = o_v, fad = o_d, fadd = o_dd;
    zhouDensity(hdr, b, rr);
    const fb = o_v, fbd = o_d, fbdd = o_dd;
    zhouPairSame(hdr, a, rr);
    const pa = o_v, pad = o_d, padd = o_dd;
    zhouPairSame(hdr, b, rr);
    const pb = o_v, pbd = o_d, pbdd = o_dd;
    // q = f_b/f_a and 1/q with derivatives
    const ia = 1.0 / fa, ib = 1.0 / fb;
    const q = fb * ia;
    const qd = (fbd * fa - fb * fad) * ia * ia;
    const qdd = (fbdd * fa - fb * fadd) * ia * ia - 2.0 * fad * (fbd * fa - fb * fad) * ia * ia * ia;
    const s = fa * ib;
    const sd = (fad * fb - fa * fbd) * ib * ib;
    const sdd = (fadd * fb - fa * fbdd) * ib * ib - 2.0 * fbd * (fad * fb - fa * fbd) * ib * ib * ib;
    o_v = 0.5 * (q * pa + s * pb);
    o_d = 0.5 * (qd * pa + q * pad + sd * pb + s * pbd);
    o_dd = 0.5 * (qdd * pa + 2.0 * qd * pad + q * padd + sdd * pb + 2.0 * sd * pbd + s * pbdd);
  }
  if (clamped) {
    const z = rmin * o_v; // r·φ held constant
    const ir = 1.0 / r;
    o_v = z * ir;
    o_d = -z * ir * ir;
    o_dd = 2.0 * z * ir * ir * ir;
  }
}

/** Zhou embedding F_e(ρ) and derivatives into o_*. */
function zhouEmbed(hdr: usize, e: i32, rho: f64): void {
  const rhoe = zp(hdr, e, Z_RHOE);
  const rhon = zp(hdr, e, Z_RHON);
  if (rho < rhon) {
    const t = rho / rhon - 1.0;
    const a0 = zp(hdr, e, Z_FN0), a1 = zp(hdr, e, Z_FN0 + 1), a2 = zp(hdr, e, Z_FN0 + 2), a3 = zp(hdr, e, Z_FN0 + 3);
    o_v = a0 + a1 * t + a2 * t * t + a3 * t * t * t;
    o_d = (a1 + 2.0 * a2 * t + 3.0 * a3 * t * t) / rhon;
    o_dd = (2.0 * a2 + 6.0 * a3 * t) / (rhon * rhon);
    return;
  }
  if (rho < zp(hdr, e, Z_RHO0)) {
    const t = rho / rhoe - 1.0;
    const a0 = zp(hdr, e, Z_F0), a1 = zp(hdr, e, Z_F0 + 1), a2 = zp(hdr, e, Z_F0 + 2);
    const a3 = rho < rhoe ? zp(hdr, e, Z_F0 + 3) : zp(hdr, e, Z_F3ABOVE);
    o_v = a0 + a1 * t + a2 * t * t + a3 * t * t * t;
    o_d = (a1 + 2.0 * a2 * t + 3.0 * a3 * t * t) / rhoe;
    o_dd = (2.0 * a2 + 6.0 * a3 * t) / (rhoe * rhoe);
    return;
  }
  const rhos = zp(hdr, e, Z_RHOS), eta = zp(hdr, e, Z_ETA), Fe = zp(hdr, e, Z_FEMB);
  const x = rho / rhos;
  const lx = Math.log(x);
  const xe = Math.pow(x, eta);
  o_v = Fe * (1.0 - eta * lx) * xe;
  o_d = -Fe * eta * eta * xe / x * lx / rhos;
  o_dd = -Fe * eta * eta * xe / (x * x) * ((eta - 1.0) * lx + 1.0) / (rhos * rhos);
}

/** Density contributed by an atom of type b at distance r, into o_*. */
// @ts-ignore: decorator
@inline function density(mode: i32, hdr: usize, rhor: usize, b: i32, r: f64): void {
  if (mode == 0) {
    locateR(hdr, r);
    splineEval(rhor + <usize>b * <usize>(<i32>hd(hdr, H_NR)) * 56, g_p, g_m, hd(hdr, H_DR));
  } else zhouDensity(hdr, b, r);
}

/** Pair potential φ_ab(r) into o_* (mode 0: from the r·φ spline). */
// @ts-ignore: decorator
@inline function pair(mode: i32, hdr: usize, z2r: usize, a: i32, b: i32, r: f64): void {
  if (mode == 0) {
    locateR(hdr, r);
    const hi = a > b ? a : b, lo = a > b ? b : a;
    splineEval(z2r + <usize>((hi * (hi + 1)) / 2 + lo) * <usize>(<i32>hd(hdr, H_NR)) * 56, g_p, g_m, hd(hdr, H_DR));
    const z = o_v, zd = o_d, zdd = o_dd;
    const ir = 1.0 / r;
    o_v = z * ir;
    o_d = zd * ir - o_v * ir;
    o_dd = (zdd - 2.0 * o_d) * ir;
  } else zhouPair(hdr, a, b, r);
}

/** Embedding F_a(ρ) into o_* (mode 0: LAMMPS spline with linear extension above rhomax). */
// @ts-ignore: decorator
@inline function embed(mode: i32, hdr: usize, frho: usize, a: i32, rho: f64): void {
  if (mode == 0) {
    let p = rho * hd(hdr, H_RDRHO) + 1.0;
    let m = <i32>p;
    const nrho = <i32>hd(hdr, H_NRHO);
    if (m > nrho - 1) m = nrho - 1;
    if (m < 1) m = 1;
    p -= <f64>m;
    if (p > 1.0) p = 1.0;
    splineEval(frho + <usize>a * <usize>nrho * 56, p, m, hd(hdr, H_DRHO));
    const rhomax = hd(hdr, H_RHOMAX);
    if (rho > rhomax) { o_v += o_d * (rho - rhomax); o_dd = 0; }
  } else zhouEmbed(hdr, a, rho);
}

// Bond vector of list entry p into g_x, g_y, g_z; returns the neighbor atom.
let g_x: f64 = 0, g_y: f64 = 0, g_z: f64 = 0;
// @ts-ignore: decorator
@inline function bondVector(positions: usize, cell: usize, shift: usize, nbrJ: usize, xi: f64, yi: f64, zi: f64, p: i32): i32 {
  const j = load<i32>(nbrJ + (<usize>p << 2));
  const sp = shift + <usize>p * 12;
  const s0 = <f64>load<i32>(sp), s1 = <f64>load<i32>(sp, 4), s2 = <f64>load<i32>(sp, 8);
  const jp = positions + <usize>j * 24;
  g_x = load<f64>(jp) - xi + s0 * load<f64>(cell) + s1 * load<f64>(cell, 24) + s2 * load<f64>(cell, 48);
  g_y = load<f64>(jp, 8) - yi + s0 * load<f64>(cell, 8) + s1 * load<f64>(cell, 32) + s2 * load<f64>(cell, 56);
  g_z = load<f64>(jp, 16) - zi + s0 * load<f64>(cell, 16) + s1 * load<f64>(cell, 40) + s2 * load<f64>(cell, 64);
  return j;
}

// @ts-ignore: decorator
@inline function addF(p: usize, off: usize, v: f64): void {
  store<f64>(p + off, load<f64>(p + off) + v);
}

function checkCommon(n: i32, positions: usize, cell: usize, types: usize, hdr: usize, first: usize): void {
  checkRange(positions, <usize>n * 24);
  checkRange(cell, 72);
  checkRange(types, <usize>n << 2);
  checkRange(hdr, <usize>H_ELEMENTS << 3);
  checkRange(first, <usize>(n + 1) << 2);
}

/**
 * Host densities ρ_i = Σ_j f_b(r_ij) into `rho` f64[N] (overwritten). `diag` f64[2] receives the smallest
 * pair distance inside the cutoff (Å) and its list entry (−1 if none).
 */
export function eam_density(
  n: i32, positions: usize, cell: usize, types: usize, mode: i32, hdr: usize, rhor: usize,
  first: usize, nbrJ: usize, shift: usize, rho: usize, diag: usize,
): void {
  checkCommon(n, positions, cell, types, hdr, first);
  checkRange(rho, <usize>n << 3);
  checkRange(diag, 16);
  const cutsq = hd(hdr, H_CUTSQ);
  let minsq: f64 = Infinity;
  let minp: i32 = -1;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    let s: f64 = 0;
    for (let p = p0; p < p1; p++) {
      const j = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, p);
      const rsq = g_x * g_x + g_y * g_y + g_z * g_z;
      if (rsq >= cutsq) continue;
      if (rsq < minsq) { minsq = rsq; minp = p; }
      density(mode, hdr, rhor, load<i32>(types + (<usize>j << 2)), Math.sqrt(rsq));
      s += o_v;
    }
    store<f64>(rho + (<usize>i << 3), s);
  }
  store<f64>(diag, Math.sqrt(minsq));
  store<f64>(diag, <f64>minp, 8);
}

/**
 * Embedding energies F_a(ρ_i) into `emb`, F′ into `fp`, F″ into `fpp` (each f64[N], overwritten; `emb`
 * and `fpp` may be 0 to skip). Returns Σ_i F (eV).
 */
export function eam_embed(
  n: i32, types: usize, mode: i32, hdr: usize, frho: usize, rho: usize, emb: usize, fp: usize, fpp: usize,
): f64 {
  checkRange(types, <usize>n << 2);
  checkRange(rho, <usize>n << 3);
  checkRange(fp, <usize>n << 3);
  if (emb) checkRange(emb, <usize>n << 3);
  if (fpp) checkRange(fpp, <usize>n << 3);
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    embed(mode, hdr, frho, load<i32>(types + (<usize>i << 2)), load<f64>(rho + (<usize>i << 3)));
    total += o_v;
    if (emb) store<f64>(emb + (<usize>i << 3), o_v);
    store<f64>(fp + (<usize>i << 3), o_d);
    if (fpp) store<f64>(fpp + (<usize>i << 3), o_dd);
  }
  return total;
}

/**
 * Adds the analytic Hessian to `blocks` (f64[9·nb], zero it first; pattern from the full list with
 * hops = 2):
 *   pair part, per pair: ψ″ ûûᵀ + ψ′/r (I − ûûᵀ) with ψ = φ_ab + F′(ρ_i) f_b + F′(ρ_j) f_a,
 *   embedding part, per atom i: F″(ρ_i) ∇ρ_i ∇ρ_iᵀ, which couples every two neighbors j, k of i.
 * Needs F′ and F″ (eam_embed).
 *
 * Assembled row by row, so every write of row a lands in its own contiguous blocks and every block is
 * found through a column map (O(1)) instead of a search. With ∇_b ρ_i = Σ_{p∈list(i), j_p=b} g_p − δ_ib G_i
 * (g_p = f′_{type j_p}(r_p) û_p, G_i = Σ_p g_p), row a gathers Σ_i F″_i (∇_a ρ_i)(∇_b ρ_i)ᵀ over i = a and
 * over the i of a's own list entries q (a → i), for which ∇_a ρ_i gets −h_q, h_q = f′_{type a}(r_q) û_q
 * (the reverse entry's g).
 *
 * Scratch: `gh` f64[6P] (g_p, h_p per list entry), `gsum` f64[3N] (G_i), `colmap` i32[N] (any contents;
 * left all −1). Returns 0, or 1 if a needed block is missing from the pattern.
 */
export function eam_hessian(
  n: i32, positions: usize, cell: usize, types: usize, mode: i32, hdr: usize, rhor: usize, z2r: usize,
  first: usize, nbrJ: usize, shift: usize, fp: usize, fpp: usize,
  rowStart: usize, col: usize, blocks: usize, gh: usize, gsum: usize, colmap: usize,
): i32 {
  checkCommon(n, positions, cell, types, hdr, first);
  checkRange(fp, <usize>n << 3);
  checkRange(fpp, <usize>n << 3);
  checkRange(rowStart, <usize>(n + 1) << 2);
  const nP = load<i32>(first + (<usize>n << 2));
  checkRange(gh, <usize>nP * 48);
  checkRange(gsum, <usize>n * 24);
  checkRange(colmap, <usize>n << 2);
  const cutsq = hd(hdr, H_CUTSQ);
  // Pass 1: g_p, h_p (zero outside the cutoff) and G_i.
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    let gx: f64 = 0, gy: f64 = 0, gz: f64 = 0;
    for (let p = p0; p < p1; p++) {
      const j = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, p);
      const ux = g_x, uy = g_y, uz = g_z;
      const rsq = ux * ux + uy * uy + uz * uz;
      const o = gh + <usize>p * 48;
      if (rsq >= cutsq) {
        for (let e: usize = 0; e < 48; e += 8) store<f64>(o + e, 0);
        continue;
      }
      const r = Math.sqrt(rsq);
      const ir = 1.0 / r;
      density(mode, hdr, rhor, load<i32>(types + (<usize>j << 2)), r);
      const sg = o_d * ir;
      density(mode, hdr, rhor, ti, r);
      const sh = o_d * ir;
      store<f64>(o, sg * ux); store<f64>(o, sg * uy, 8); store<f64>(o, sg * uz, 16);
      store<f64>(o, sh * ux, 24); store<f64>(o, sh * uy, 32); store<f64>(o, sh * uz, 40);
      gx += sg * ux; gy += sg * uy; gz += sg * uz;
    }
    const gp = gsum + <usize>i * 24;
    store<f64>(gp, gx); store<f64>(gp, gy, 8); store<f64>(gp, gz, 16);
  }
  for (let c = 0; c < n; c++) store<i32>(colmap + (<usize>c << 2), -1);
  // Pass 2: row by row.
  for (let a = 0; a < n; a++) {
    const k0 = load<i32>(rowStart + (<usize>a << 2)), k1 = load<i32>(rowStart + (<usize>(a + 1) << 2));
    for (let k = k0; k < k1; k++) store<i32>(colmap + (<usize>load<i32>(col + (<usize>k << 2)) << 2), k);
    const kaa = load<i32>(colmap + (<usize>a << 2));
    if (kaa < 0) return 1;
    const ip = positions + <usize>a * 24;
    const xa = load<f64>(ip), ya = load<f64>(ip, 8), za = load<f64>(ip, 16);
    const ta = load<i32>(types + (<usize>a << 2));
    const fpa = load<f64>(fp + (<usize>a << 3)), fppa = load<f64>(fpp + (<usize>a << 3));
    const ga = gsum + <usize>a * 24;
    const Gx = load<f64>(ga), Gy = load<f64>(ga, 8), Gz = load<f64>(ga, 16);
    const p0 = load<i32>(first + (<usize>a << 2)), p1 = load<i32>(first + (<usize>(a + 1) << 2));
    // self embedding: (a, a) += F″_a G Gᵀ
    if (fppa != 0) blockAddOuter(blocks, kaa, fppa, Gx, Gy, Gz, Gx, Gy, Gz);
    for (let q = p0; q < p1; q++) {
      const i = bondVector(positions, cell, shift, nbrJ, xa, ya, za, q);
      const ux = g_x, uy = g_y, uz = g_z;
      const rsq = ux * ux + uy * uy + uz * uz;
      if (rsq >= cutsq) continue;
      const kai = load<i32>(colmap + (<usize>i << 2));
      if (kai < 0) return 1;
      const r = Math.sqrt(rsq);
      const ir = 1.0 / r;
      const ti = load<i32>(types + (<usize>i << 2));
      const fpi = load<f64>(fp + (<usize>i << 3));
      // pair part
      density(mode, hdr, rhor, ta, r);
      const fad = o_d, fadd = o_dd;
      density(mode, hdr, rhor, ti, r);
      const fid = o_d, fidd = o_dd;
      pair(mode, hdr, z2r, ta, ti, r);
      const d1 = o_d + fpa * fid + fpi * fad;
      const d2 = o_dd + fpa * fidd + fpi * fadd;
      const ca = (d2 - d1 * ir) * ir * ir, cd = d1 * ir;
      blockAddPair(blocks, kai, -ca, -cd, ux, uy, uz);
      blockAddPair(blocks, kaa, ca, cd, ux, uy, uz);
      // self embedding: (a, j_q) −= F″_a G g_qᵀ
      const gq = gh + <usize>q * 48;
      if (fppa != 0) blockAddOuter(blocks, kai, -fppa, Gx, Gy, Gz, load<f64>(gq), load<f64>(gq, 8), load<f64>(gq, 16));
      // embedding of neighbor i: row side v = −F″_i h_q
      const fppi = load<f64>(fpp + (<usize>i << 3));
      if (fppi == 0) continue;
      const vx = -fppi * load<f64>(gq, 24), vy = -fppi * load<f64>(gq, 32), vz = -fppi * load<f64>(gq, 40);
      const gi = gsum + <usize>i * 24;
      blockAddOuter(blocks, kai, -1.0, vx, vy, vz, load<f64>(gi), load<f64>(gi, 8), load<f64>(gi, 16));
      const s0 = load<i32>(first + (<usize>i << 2)), s1 = load<i32>(first + (<usize>(i + 1) << 2));
      for (let p = s0; p < s1; p++) {
        const kb = load<i32>(colmap + (<usize>load<i32>(nbrJ + (<usize>p << 2)) << 2));
        if (kb < 0) return 1;
        const gp = gh + <usize>p * 48;
        blockAddOuter(blocks, kb, 1.0, vx, vy, vz, load<f64>(gp), load<f64>(gp, 8), load<f64>(gp, 16));
      }
    }
    for (let k = k0; k < k1; k++) store<i32>(colmap + (<usize>load<i32>(col + (<usize>k << 2)) << 2), -1);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Energy and forces in one call from a HALF list (each pair once): the path of `compute`, MD and
// relaxation. Per pair the functions of both elements are evaluated once (value and first derivative);
// for the Zhou form that is two exponentials per element (one when a = b), where the full-list kernels
// above evaluate each pair from both sides and every mixed φ_ab from scratch (up to 18 exponentials per
// pair). Same functions, same conventions (clamps below rmin, linear F above the setfl table end).
// ---------------------------------------------------------------------------------------------------

// Pair functions of types a, b at r: f_a, f_a′, f_b, f_b′, φ_ab, φ_ab′.
let q_fa: f64 = 0, q_fad: f64 = 0, q_fb: f64 = 0, q_fbd: f64 = 0, q_phi: f64 = 0, q_phid: f64 = 0;
// One Zhou element at r: A term, B term of φ_ee and density, each value and r-derivative.
let z_pa: f64 = 0, z_pad: f64 = 0, z_pb: f64 = 0, z_pbd: f64 = 0, z_f: f64 = 0, z_fd: f64 = 0;

/** C·e^{−a(x−1)}/(1 + (x−k)^20) and its x-derivative, value into o_v, derivative into o_d. */
// @ts-ignore: decorator
@inline function expRational1(x: f64, C: f64, a: f64, k: f64): void {
  const t = x - k;
  const t2 = t * t, t4 = t2 * t2, t8 = t4 * t4, t16 = t8 * t8;
  const t19 = t16 * t2 * t;
  const iD = 1.0 / (1.0 + t16 * t4);
  const v = C * Math.exp(-a * (x - 1.0)) * iD;
  o_v = v;
  o_d = v * (-a - 20.0 * t19 * iD);
}

/** The Zhou functions of element e at r ≥ rmin (value and r-derivative) into z_*. */
function zhouElement(hdr: usize, e: i32, r: f64): void {
  const re = zp(hdr, e, Z_RE);
  const ire = 1.0 / re;
  const x = r * ire;
  const beta = zp(hdr, e, Z_BETA), lam = zp(hdr, e, Z_LAMBDA);
  expRational1(x, zp(hdr, e, Z_A), zp(hdr, e, Z_ALPHA), zp(hdr, e, Z_KAPPA));
  z_pa = o_v; z_pad = o_d * ire;
  // the B term of φ and the density share e^{−β(x−1)}/(1 + (x−λ)^20) when β, λ agree (Zhou 2004: always)
  const t = x - lam;
  const t2 = t * t, t4 = t2 * t2, t8 = t4 * t4, t16 = t8 * t8;
  const iD = 1.0 / (1.0 + t16 * t4);
  const u = Math.exp(-beta * (x - 1.0)) * iD;
  const l = (-beta - 20.0 * t16 * t2 * t * iD) * ire;
  const B = zp(hdr, e, Z_B);
  z_pb = B * u; z_pbd = z_pb * l;
  const betad = zp(hdr, e, Z_BETAD), lamd = zp(hdr, e, Z_LAMBDAD);
  if (betad == beta && lamd == lam) {
    const fe = zp(hdr, e, Z_FE);
    z_f = fe * u; z_fd = z_f * l;
  } else {
    expRational1(x, zp(hdr, e, Z_FE), betad, lamd);
    z_f = o_v; z_fd = o_d * ire;
  }
}

/** Zhou pair functions of types a, b at r into q_* (first derivatives only). */
function zhouPairFunctions(hdr: usize, a: i32, b: i32, r: f64): void {
  if (r < zp(hdr, a, Z_RMIN) || r < zp(hdr, b, Z_RMIN)) {
    // clamped region (closer than 0.5 Å): the general functions, rare
    zhouDensity(hdr, a, r); q_fa = o_v; q_fad = o_d;
    zhouDensity(hdr, b, r); q_fb = o_v; q_fbd = o_d;
    zhouPair(hdr, a, b, r); q_phi = o_v; q_phid = o_d;
    return;
  }
  zhouElement(hdr, a, r);
  q_fa = z_f; q_fad = z_fd;
  const paa = z_pa - z_pb, paad = z_pad - z_pbd;
  if (a == b) {
    q_fb = q_fa; q_fbd = q_fad;
    q_phi = paa; q_phid = paad;
    return;
  }
  zhouElement(hdr, b, r);
  q_fb = z_f; q_fbd = z_fd;
  const pbb = z_pa - z_pb, pbbd = z_pad - z_pbd;
  // φ_ab = ½[q φ_aa + φ_bb / q], q = f_b/f_a
  const ia = 1.0 / q_fa, ib = 1.0 / q_fb;
  const q = q_fb * ia, s = q_fa * ib;
  const qd = (q_fbd * q_fa - q_fb * q_fad) * ia * ia;
  const sd = (q_fad * q_fb - q_fa * q_fbd) * ib * ib;
  q_phi = 0.5 * (q * paa + s * pbb);
  q_phid = 0.5 * (qd * paa + q * paad + sd * pbb + s * pbbd);
}

/** Setfl pair functions of types a, b at r into q_* (LAMMPS splines, as density() and pair()). */
function setflPairFunctions(hdr: usize, rhor: usize, z2r: usize, a: i32, b: i32, r: f64): void {
  locateR(hdr, r);
  const nr = <usize>(<i32>hd(hdr, H_NR));
  const dr = hd(hdr, H_DR);
  const m = g_m, p = g_p;
  splineEval(rhor + <usize>a * nr * 56, p, m, dr);
  q_fa = o_v; q_fad = o_d;
  if (a == b) { q_fb = q_fa; q_fbd = q_fad; } else {
    splineEval(rhor + <usize>b * nr * 56, p, m, dr);
    q_fb = o_v; q_fbd = o_d;
  }
  const hi = a > b ? a : b, lo = a > b ? b : a;
  splineEval(z2r + <usize>((hi * (hi + 1)) / 2 + lo) * nr * 56, p, m, dr);
  const ir = 1.0 / r;
  q_phi = o_v * ir;
  q_phid = o_d * ir - q_phi * ir;
}

/**
 * Energy (returned, eV: Σ_i F(ρ_i) + Σ_pairs φ) and, when their offsets are non-zero, forces f64[3N]
 * (eV/Å, overwritten), per-atom energies f64[N] (LAMMPS pe/atom: F_i + ½ Σ_j φ_ij, overwritten) and
 * virial f64[6] (eV, overwritten; xx yy zz xy xz yz), from a HALF list (every pair once; entries beyond
 * the cutoff are skipped, so a list kept with a skin works). `rho`, `fp` f64[N] receive ρ_i and F′(ρ_i);
 * `scratch` f64[4P] holds per-entry f_a′, f_b′, φ′ and 1/r between the two passes. `diag` f64[2]: the
 * smallest pair distance inside the cutoff (Å) and its list entry (−1 if none).
 */
export function eam_compute(
  n: i32, positions: usize, cell: usize, types: usize, mode: i32, hdr: usize, frho: usize, rhor: usize, z2r: usize,
  first: usize, nbrJ: usize, shift: usize, rho: usize, fp: usize, scratch: usize,
  forces: usize, eatom: usize, virial: usize, diag: usize,
): f64 {
  checkCommon(n, positions, cell, types, hdr, first);
  const nP = load<i32>(first + (<usize>n << 2));
  checkRange(rho, <usize>n << 3);
  checkRange(fp, <usize>n << 3);
  checkRange(scratch, <usize>nP << 5);
  checkRange(diag, 16);
  if (forces) checkRange(forces, <usize>n * 24);
  if (eatom) checkRange(eatom, <usize>n << 3);
  if (virial) checkRange(virial, 48);
  const cutsq = hd(hdr, H_CUTSQ);
  let minsq: f64 = Infinity;
  let minp: i32 = -1;
  for (let i = 0; i < n; i++) store<f64>(rho + (<usize>i << 3), 0);
  if (eatom) for (let i = 0; i < n; i++) store<f64>(eatom + (<usize>i << 3), 0);
  // Pass 1: pair functions, densities, pair energy.
  let epair: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    let rhoi: f64 = 0, ei: f64 = 0;
    for (let p = p0; p < p1; p++) {
      const j = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, p);
      const rsq = g_x * g_x + g_y * g_y + g_z * g_z;
      const o = scratch + (<usize>p << 5);
      if (rsq >= cutsq) { store<f64>(o, 0, 24); continue; }
      if (rsq < minsq) { minsq = rsq; minp = p; }
      const r = Math.sqrt(rsq);
      const tj = load<i32>(types + (<usize>j << 2));
      if (mode == 0) setflPairFunctions(hdr, rhor, z2r, ti, tj, r);
      else zhouPairFunctions(hdr, ti, tj, r);
      rhoi += q_fb;
      addF(rho, <usize>j << 3, q_fa);
      ei += 0.5 * q_phi;
      if (eatom) addF(eatom, <usize>j << 3, 0.5 * q_phi);
      store<f64>(o, q_fad); store<f64>(o, q_fbd, 8); store<f64>(o, q_phid, 16); store<f64>(o, 1.0 / r, 24);
    }
    addF(rho, <usize>i << 3, rhoi);
    epair += 2.0 * ei;
    if (eatom) addF(eatom, <usize>i << 3, ei);
  }
  store<f64>(diag, Math.sqrt(minsq));
  store<f64>(diag, <f64>minp, 8);
  // Embedding.
  let eemb: f64 = 0;
  for (let i = 0; i < n; i++) {
    embed(mode, hdr, frho, load<i32>(types + (<usize>i << 2)), load<f64>(rho + (<usize>i << 3)));
    eemb += o_v;
    if (eatom) addF(eatom, <usize>i << 3, o_v);
    store<f64>(fp + (<usize>i << 3), o_d);
  }
  if (!forces && !virial) return eemb + epair;
  // Pass 2: forces. dE/dr = ψ′ = F′_i f_b′ + F′_j f_a′ + φ′; F_i += ψ′ û, F_j −= ψ′ û.
  if (forces) for (let k = 0; k < 3 * n; k++) store<f64>(forces + (<usize>k << 3), 0);
  let wxx: f64 = 0, wyy: f64 = 0, wzz: f64 = 0, wxy: f64 = 0, wxz: f64 = 0, wyz: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const fpi = load<f64>(fp + (<usize>i << 3));
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    let fx: f64 = 0, fy: f64 = 0, fz: f64 = 0;
    for (let p = p0; p < p1; p++) {
      const o = scratch + (<usize>p << 5);
      const ir = load<f64>(o, 24);
      if (ir == 0) continue;
      const j = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, p);
      const ux = g_x, uy = g_y, uz = g_z;
      const s = (fpi * load<f64>(o, 8) + load<f64>(fp + (<usize>j << 3)) * load<f64>(o) + load<f64>(o, 16)) * ir;
      const sx = s * ux, sy = s * uy, sz = s * uz;
      fx += sx; fy += sy; fz += sz;
      if (forces) {
        const fj = forces + <usize>j * 24;
        addF(fj, 0, -sx); addF(fj, 8, -sy); addF(fj, 16, -sz);
      }
      wxx -= sx * ux; wyy -= sy * uy; wzz -= sz * uz;
      wxy -= sx * uy; wxz -= sx * uz; wyz -= sy * uz;
    }
    if (forces) {
      const f = forces + <usize>i * 24;
      addF(f, 0, fx); addF(f, 8, fy); addF(f, 16, fz);
    }
  }
  if (virial) {
    store<f64>(virial, wxx); store<f64>(virial, wyy, 8); store<f64>(virial, wzz, 16);
    store<f64>(virial, wxy, 24); store<f64>(virial, wxz, 32); store<f64>(virial, wyz, 40);
  }
  return eemb + epair;
}
