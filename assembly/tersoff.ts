// Tersoff potential (LAMMPS `pair_style tersoff`): energy, per-atom energies, forces, virial and the
// analytic block Hessian, from a FULL neighbor list.
//
// E = ½ Σ_i Σ_{j≠i} V_ij,   V_ij = f_c(r_ij) [f_R(r_ij) + b_ij f_A(r_ij)]
//   f_R = A e^{−λ1 r},  f_A = −B e^{−λ2 r},  b_ij = (1 + (β ζ_ij)^n)^{−1/2n}
//   ζ_ij = Σ_{k≠i,j} f_c(r_ik) g(cos θ_ijk) exp((λ3 (r_ij − r_ik))^m)
//   g(t) = γ (1 + c²/d² − c²/(d² + (h − t)²)),  f_c = ½ (1 − sin(π/2 (r − R)/D)) on R−D < r < R+D.
// Parameters as LAMMPS: everything in V_ij and b_ij from the (i,j,j) entry, f_c(r_ik), g and the
// exponential in ζ from the (i,j,k) entry. Units: Å, eV.
//
// LAMMPS evaluates each pair's repulsion once, with the entry of one atom chosen by atom-id parity; this
// kernel is symmetric instead (½ V_R from each side), which differs only where the (i,j,j) and (j,i,i)
// entries differ (SiC_1989.tersoff: A = 1597.311 vs 1597.31114).
//
// With `parity` = 1 the repulsion follows LAMMPS' atom-id rule instead (see repulsionWeight), to reproduce
// LAMMPS numbers exactly.
//
// Parameter table: nel³ rows of TS_STRIDE f64, row (ti·nel + tj)·nel + tk, fields below. TypeScript fills
// the file values; tersoff_setup derives the bond-order thresholds (with WASM pow, for reproducibility).
//
// Bond vectors are recomputed from positions, cell and the integer image shift of each list entry,
// u = x_j − x_i + S·cell, so a list built with a skin stays valid while atoms move.
import { checkRange } from "./memory";
import { blockFind, blockAdd9, blockAddOuter } from "./blocks";

const TS_STRIDE: i32 = 20;
const P_M: i32 = 0; // power m (1 or 3)
const P_GAMMA: i32 = 1;
const P_LAM3: i32 = 2;
const P_CC: i32 = 3; // c²
const P_DD: i32 = 4; // d²
const P_H: i32 = 5; // cos θ0
const P_N: i32 = 6;
const P_BETA: i32 = 7;
const P_LAM2: i32 = 8;
const P_B: i32 = 9;
const P_R: i32 = 10;
const P_D: i32 = 11;
const P_LAM1: i32 = 12;
const P_A: i32 = 13;
const P_CUTSQ: i32 = 14; // (R + D)²
const P_T1: i32 = 15; // bond-order branch thresholds c1…c4 of LAMMPS
const P_T2: i32 = 16;
const P_T3: i32 = 17;
const P_T4: i32 = 18;

const PI2: f64 = Math.PI / 2;
const PI4: f64 = Math.PI / 4;

// @ts-ignore: decorator
@inline function par(row: usize, f: i32): f64 {
  return load<f64>(row + (<usize>f << 3));
}

// @ts-ignore: decorator
@inline function rowOf(params: usize, nel: i32, ti: i32, tj: i32, tk: i32): usize {
  return params + (<usize>(((ti * nel + tj) * nel + tk) * TS_STRIDE) << 3);
}

/** Fills the bond-order thresholds of every row (LAMMPS c1 = (2n·1e-16)^{−1/n}, c2 = (2n·1e-8)^{−1/n}, c3 = 1/c2, c4 = 1/c1). */
export function tersoff_setup(rows: i32, params: usize): void {
  checkRange(params, <usize>(rows * TS_STRIDE) << 3);
  for (let r = 0; r < rows; r++) {
    const row = params + (<usize>(r * TS_STRIDE) << 3);
    const n = par(row, P_N);
    const c1 = Math.pow(2.0 * n * 1.0e-16, -1.0 / n);
    const c2 = Math.pow(2.0 * n * 1.0e-8, -1.0 / n);
    store<f64>(row + (<usize>P_T1 << 3), c1);
    store<f64>(row + (<usize>P_T2 << 3), c2);
    store<f64>(row + (<usize>P_T3 << 3), 1.0 / c2);
    store<f64>(row + (<usize>P_T4 << 3), 1.0 / c1);
  }
}

// Scalar function outputs (value, first and second derivative), to avoid managed tuples.
let o_v: f64 = 0, o_d: f64 = 0, o_dd: f64 = 0;

/** Cutoff function f_c(r) and derivatives (1/Å, 1/Å²) into o_v, o_d, o_dd. */
function cutoffFn(r: f64, R: f64, D: f64): void {
  if (r < R - D) { o_v = 1.0; o_d = 0; o_dd = 0; return; }
  if (r > R + D) { o_v = 0; o_d = 0; o_dd = 0; return; }
  const a = PI2 * (r - R) / D;
  const s = Math.sin(a);
  o_v = 0.5 * (1.0 - s);
  o_d = -(PI4 / D) * Math.cos(a);
  o_dd = (PI4 / D) * (PI2 / D) * s;
}

/** Angular function g(t) of cos θ and derivatives into o_v, o_d, o_dd. */
function angularFn(t: f64, row: usize): void {
  const gamma = par(row, P_GAMMA), cc = par(row, P_CC), dd = par(row, P_DD);
  const hc = par(row, P_H) - t;
  const den = dd + hc * hc;
  const inv = 1.0 / den;
  o_v = gamma * (1.0 + cc / dd - cc / den);
  o_d = gamma * (-2.0 * cc * hc) * inv * inv;
  o_dd = 2.0 * gamma * cc * (den - 4.0 * hc * hc) * inv * inv * inv;
}

/** exp((λ3 δ)^m) with LAMMPS' clamps, and derivatives with respect to δ = r_ij − r_ik, into o_v, o_d, o_dd. */
function expFn(delta: f64, row: usize): void {
  const lam3 = par(row, P_LAM3);
  if (lam3 == 0) { o_v = 1.0; o_d = 0; o_dd = 0; return; } // Tersoff 1989: no exponential term
  const cubic = par(row, P_M) == 3.0;
  let arg: f64;
  if (cubic) { const x = lam3 * delta; arg = x * x * x; } else arg = lam3 * delta;
  let e: f64;
  if (arg > 69.0776) e = 1.0e30;
  else if (arg < -69.0776) e = 0.0;
  else e = Math.exp(arg);
  let a1: f64, a2: f64;
  if (cubic) {
    const l3 = lam3 * lam3 * lam3;
    a1 = 3.0 * l3 * delta * delta;
    a2 = 6.0 * l3 * delta;
  } else {
    a1 = lam3;
    a2 = 0;
  }
  o_v = e;
  o_d = a1 * e;
  o_dd = (a2 + a1 * a1) * e;
}

/** Bond order b(ζ) with LAMMPS' asymptotic branches, and db/dζ, d²b/dζ², into o_v, o_d, o_dd. */
function bondOrder(zeta: f64, row: usize): void {
  const beta = par(row, P_BETA), n = par(row, P_N);
  const tmp = beta * zeta;
  if (tmp > par(row, P_T1)) {
    const s = Math.sqrt(tmp);
    o_v = 1.0 / s;
    o_d = beta * -0.5 * Math.pow(tmp, -1.5);
    o_dd = beta * beta * 0.75 * Math.pow(tmp, -2.5);
    return;
  }
  if (tmp > par(row, P_T2)) {
    const tn = Math.pow(tmp, -n);
    o_v = (1.0 - tn / (2.0 * n)) / Math.sqrt(tmp);
    o_d = beta * (-0.5 * Math.pow(tmp, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * n)) * tn));
    o_dd = beta * beta * (0.75 * Math.pow(tmp, -2.5) - ((n + 0.5) * (n + 1.5) / (2.0 * n)) * tn * Math.pow(tmp, -2.5));
    return;
  }
  if (tmp < par(row, P_T4)) { o_v = 1.0; o_d = 0; o_dd = 0; return; }
  if (tmp < par(row, P_T3)) {
    o_v = 1.0 - Math.pow(tmp, n) / (2.0 * n);
    o_d = -0.5 * beta * Math.pow(tmp, n - 1.0);
    o_dd = -0.5 * beta * beta * (n - 1.0) * Math.pow(tmp, n - 2.0);
    return;
  }
  const tn = Math.pow(tmp, n);
  o_v = Math.pow(1.0 + tn, -1.0 / (2.0 * n));
  const q = o_v / (1.0 + tn); // (1 + tn)^{−1−1/2n}
  o_d = -0.5 * q * tn / zeta;
  o_dd = -0.5 * q * (tn / (zeta * zeta)) * ((n - 1.0) - (n + 0.5) * tn / (1.0 + tn));
}

/**
 * Share of the pair repulsion V_R carried by the directed bond i→j: ½ (symmetric; also for an atom's own
 * periodic images), or with `parity` LAMMPS' rule (ids i+1, j+1): the whole V_R on the bond whose
 * first atom owns the pair, 0 on the other.
 */
// @ts-ignore: decorator
@inline function repulsionWeight(parity: i32, i: i32, j: i32): f64 {
  if (!parity || i == j) return 0.5;
  const odd = ((i + j) & 1) != 0; // (i+1)+(j+1) has the parity of i+j
  if (i > j) return odd ? 1.0 : 0.0;
  return odd ? 0.0 : 1.0;
}

// Bond vector of list entry p, recomputed from positions, cell and shift, into o_v, o_d, o_dd as x, y, z.
// @ts-ignore: decorator
@inline function bondVector(positions: usize, cell: usize, shift: usize, nbrJ: usize, xi: f64, yi: f64, zi: f64, p: i32): i32 {
  const j = load<i32>(nbrJ + (<usize>p << 2));
  const sp = shift + <usize>p * 12;
  const s0 = <f64>load<i32>(sp), s1 = <f64>load<i32>(sp, 4), s2 = <f64>load<i32>(sp, 8);
  const jp = positions + <usize>j * 24;
  o_v = load<f64>(jp) - xi + s0 * load<f64>(cell) + s1 * load<f64>(cell, 24) + s2 * load<f64>(cell, 48);
  o_d = load<f64>(jp, 8) - yi + s0 * load<f64>(cell, 8) + s1 * load<f64>(cell, 32) + s2 * load<f64>(cell, 56);
  o_dd = load<f64>(jp, 16) - zi + s0 * load<f64>(cell, 16) + s1 * load<f64>(cell, 40) + s2 * load<f64>(cell, 64);
  return j;
}

// @ts-ignore: decorator
@inline function addF(p: usize, off: usize, v: f64): void {
  store<f64>(p + off, load<f64>(p + off) + v);
}

/**
 * Energy (returned, eV) and, when their byte offsets are non-zero: forces f64[3N] (eV/Å, added to: zero
 * them first), per-atom energies in LAMMPS' pe/atom split f64[N] (every bond term ½V_ij shared half and
 * half by i and j), site energies f64[N] (½ Σ_j V_ij on i, V_ij from the (i,j,j) entry in both modes), virial f64[6] (eV, added to; xx yy zz xy xz yz,
 * W_ab = Σ u_a F_b over bond vectors u). Full neighbor list `first`/`nbrJ`/`shift` (any cutoff ≥ the
 * largest R + D; entries beyond their cutoff are skipped, so a list kept with a skin works);
 * `types` i32[N] element index of every atom into the nel³ parameter table.
 *
 * `scratch` f64[(14 + 2·nel)·maxRow], maxRow the longest row of the list: atom i's bond vectors, lengths
 * and cutoff functions f_c(r_ik), f_c′ for every possible middle type (the (i,j,k) entry depends on j's
 * type) are computed once per atom instead of once per (j, k) pair, and the angular and exponential
 * factors of each (j, k) once for ζ and the forces.
 */
export function tersoff_compute(
  n: i32, positions: usize, cell: usize, types: usize, nel: i32, params: usize, parity: i32,
  first: usize, nbrJ: usize, shift: usize,
  forces: usize, eatom: usize, esite: usize, virial: usize, scratch: usize,
): f64 {
  checkRange(positions, <usize>n * 24);
  checkRange(cell, 72);
  checkRange(types, <usize>n << 2);
  checkRange(params, <usize>(nel * nel * nel * TS_STRIDE) << 3);
  checkRange(first, (<usize>n + 1) << 2);
  if (forces) checkRange(forces, <usize>n * 24);
  if (eatom) checkRange(eatom, <usize>n << 3);
  if (esite) checkRange(esite, <usize>n << 3);
  if (virial) checkRange(virial, 48);
  const SC = <usize>(8 + 2 * nel); // f64 per cached entry: ux uy uz r 1/r r² e^{−λ1 r} e^{−λ2 r}, then (f_c, f_c′) per middle type
  const BK: usize = 6; // f64 per k of the current bond: in ζ (0/1), cos θ, g, g′, e, e′
  let energy: f64 = 0;
  let wxx: f64 = 0, wyy: f64 = 0, wzz: f64 = 0, wxy: f64 = 0, wxz: f64 = 0, wyz: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    checkRange(scratch, <usize>(p1 - p0) * (SC + BK) << 3);
    const bond = scratch + ((<usize>(p1 - p0) * SC) << 3);
    // Cache of atom i's entries.
    for (let q = p0; q < p1; q++) {
      const c = scratch + ((<usize>(q - p0) * SC) << 3);
      const k = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, q);
      const vx = o_v, vy = o_d, vz = o_dd;
      const tk = load<i32>(types + (<usize>k << 2));
      const rsq = vx * vx + vy * vy + vz * vz;
      const rk = Math.sqrt(rsq);
      store<f64>(c, vx); store<f64>(c, vy, 8); store<f64>(c, vz, 16);
      store<f64>(c, rk, 24); store<f64>(c, 1.0 / rk, 32); store<f64>(c, rsq, 40);
      for (let t = 0; t < nel; t++) {
        const row = rowOf(params, nel, ti, t, tk);
        const o = c + (<usize>(8 + 2 * t) << 3);
        if (rsq >= par(row, P_CUTSQ)) { store<f64>(o, 0); store<f64>(o, 0, 8); continue; }
        cutoffFn(rk, par(row, P_R), par(row, P_D));
        store<f64>(o, o_v); store<f64>(o, o_d, 8);
      }
      const rjj = rowOf(params, nel, ti, tk, tk);
      if (rsq < par(rjj, P_CUTSQ)) {
        store<f64>(c, Math.exp(-par(rjj, P_LAM1) * rk), 48);
        store<f64>(c, Math.exp(-par(rjj, P_LAM2) * rk), 56);
      }
    }
    for (let p = p0; p < p1; p++) {
      const cp = scratch + ((<usize>(p - p0) * SC) << 3);
      const j = load<i32>(nbrJ + (<usize>p << 2));
      const tj = load<i32>(types + (<usize>j << 2));
      const rij = rowOf(params, nel, ti, tj, tj);
      if (load<f64>(cp, 40) >= par(rij, P_CUTSQ)) continue;
      const ux = load<f64>(cp), uy = load<f64>(cp, 8), uz = load<f64>(cp, 16);
      const r = load<f64>(cp, 24), rinv = load<f64>(cp, 32);
      const hx = ux * rinv, hy = uy * rinv, hz = uz * rinv;
      const fcOff = <usize>(8 + 2 * tj) << 3;
      // ζ_ij; the angular and exponential factors of every k are kept (bond scratch) for the forces
      let zeta: f64 = 0;
      for (let q = p0; q < p1; q++) {
        const b = bond + ((<usize>(q - p0) * BK) << 3);
        if (q == p) { store<f64>(b, 0); continue; }
        const c = scratch + ((<usize>(q - p0) * SC) << 3);
        const k = load<i32>(nbrJ + (<usize>q << 2));
        const rik = rowOf(params, nel, ti, tj, load<i32>(types + (<usize>k << 2)));
        if (load<f64>(c, 40) >= par(rik, P_CUTSQ)) { store<f64>(b, 0); continue; }
        const rk = load<f64>(c, 24), rkinv = load<f64>(c, 32);
        const ct = (hx * load<f64>(c) + hy * load<f64>(c, 8) + hz * load<f64>(c, 16)) * rkinv;
        expFn(r - rk, rik);
        const ex = o_v, exd = o_d;
        angularFn(ct, rik);
        zeta += load<f64>(c + fcOff) * o_v * ex;
        store<f64>(b, 1.0); store<f64>(b, ct, 8); store<f64>(b, o_v, 16); store<f64>(b, o_d, 24); store<f64>(b, ex, 32); store<f64>(b, exd, 40);
      }
      const fc = load<f64>(cp + fcOff), fcd = load<f64>(cp + fcOff, 8);
      const eR = load<f64>(cp, 48);
      const vR = fc * par(rij, P_A) * eR;
      const vRd = par(rij, P_A) * eR * (fcd - fc * par(rij, P_LAM1));
      const eA = load<f64>(cp, 56);
      const fa = -par(rij, P_B) * eA * fc;
      const fad = par(rij, P_B) * eA * (par(rij, P_LAM2) * fc - fcd);
      bondOrder(zeta, rij);
      const b = o_v, bd = o_d;
      const wR = repulsionWeight(parity, i, j);
      const rep = wR * vR, att = 0.5 * b * fa;
      const e = rep + att;
      energy += e;
      if (eatom) {
        addF(eatom, <usize>i << 3, 0.5 * e);
        addF(eatom, <usize>j << 3, 0.5 * e);
      }
      // Site energy ½V_ij with the (i,j,j) entry, in both modes (so it sums to the symmetric total).
      if (esite) addF(esite, <usize>i << 3, 0.5 * vR + att);
      if (!forces && !virial) continue;
      // Gradient of the bond term with respect to u (bond i→j) and each u_k (bond i→k): G0, Gk;
      // F_j −= G0, F_k −= Gk, F_i += G0 + Σ Gk.
      const sr = (wR * vRd + 0.5 * b * fad) * rinv;
      const sb = 0.5 * fa * bd;
      let g0x = sr * ux, g0y = sr * uy, g0z = sr * uz;
      let fix: f64 = 0, fiy: f64 = 0, fiz: f64 = 0;
      if (sb != 0) {
        for (let q = p0; q < p1; q++) {
          const b = bond + ((<usize>(q - p0) * BK) << 3);
          if (load<f64>(b) == 0) continue; // the bond itself, or k beyond its cutoff
          const c = scratch + ((<usize>(q - p0) * SC) << 3);
          const k = load<i32>(nbrJ + (<usize>q << 2));
          const vx = load<f64>(c), vy = load<f64>(c, 8), vz = load<f64>(c, 16);
          const rkinv = load<f64>(c, 32);
          const kx = vx * rkinv, ky = vy * rkinv, kz = vz * rkinv;
          const ct = load<f64>(b, 8);
          const g = load<f64>(b, 16), gd = load<f64>(b, 24), ex = load<f64>(b, 32), exd = load<f64>(b, 40);
          const fck = load<f64>(c + fcOff), fckd = load<f64>(c + fcOff, 8);
          // ζ_k(r, r_k, t): partials
          const z_r0 = fck * g * exd;
          const z_rk = fckd * g * ex - fck * g * exd;
          const z_t = fck * gd * ex;
          // ∇_u t = (k̂ − t ĥ)/r,  ∇_{u_k} t = (ĥ − t k̂)/r_k
          const a0x = (kx - ct * hx) * rinv, a0y = (ky - ct * hy) * rinv, a0z = (kz - ct * hz) * rinv;
          const akx = (hx - ct * kx) * rkinv, aky = (hy - ct * ky) * rkinv, akz = (hz - ct * kz) * rkinv;
          g0x += sb * (z_r0 * hx + z_t * a0x);
          g0y += sb * (z_r0 * hy + z_t * a0y);
          g0z += sb * (z_r0 * hz + z_t * a0z);
          const gkx = sb * (z_rk * kx + z_t * akx);
          const gky = sb * (z_rk * ky + z_t * aky);
          const gkz = sb * (z_rk * kz + z_t * akz);
          if (forces) {
            const kp = forces + <usize>k * 24;
            addF(kp, 0, -gkx); addF(kp, 8, -gky); addF(kp, 16, -gkz);
          }
          fix += gkx; fiy += gky; fiz += gkz;
          wxx -= vx * gkx; wyy -= vy * gky; wzz -= vz * gkz;
          wxy -= vx * gky; wxz -= vx * gkz; wyz -= vy * gkz;
        }
      }
      if (forces) {
        const jp = forces + <usize>j * 24;
        addF(jp, 0, -g0x); addF(jp, 8, -g0y); addF(jp, 16, -g0z);
        const ipf = forces + <usize>i * 24;
        addF(ipf, 0, fix + g0x); addF(ipf, 8, fiy + g0y); addF(ipf, 16, fiz + g0z);
      }
      wxx -= ux * g0x; wyy -= uy * g0y; wzz -= uz * g0z;
      wxy -= ux * g0y; wxz -= ux * g0z; wyz -= uy * g0z;
    }
  }
  if (virial) {
    addF(virial, 0, wxx); addF(virial, 8, wyy); addF(virial, 16, wzz);
    addF(virial, 24, wxy); addF(virial, 32, wxz); addF(virial, 40, wyz);
  }
  return energy;
}

// ---------------------------------------------------------------------------------------------------
// Hessian.
//
// For one directed bond term ½V_ij the variables are u0 = u_ij and u_k = u_ik (k over i's other list
// entries inside their cutoff). With V = P(r) + A(r) b(ζ), P = f_c f_R, A = f_c f_A, ζ = Σ_k ζ_k(u0, u_k):
//   K00 = ½[(P″+A″b) ĥĥᵀ + (P′+A′b)/r (I−ĥĥᵀ) + A′b′(ĥZ0ᵀ+Z0ĥᵀ) + A b″ Z0Z0ᵀ + A b′ Σ_k ∂²ζ_k/∂u0²]
//   K0k = W Zkᵀ + ½ A b′ ∂²ζ_k/∂u0∂u_k,   W = ½(A′b′ ĥ + A b″ Z0)
//   Kkl = ½ A b″ Zk Zlᵀ + δ_kl ½ A b′ ∂²ζ_k/∂u_k²
// (Z0 = Σ_k ∂ζ_k/∂u0, Zk = ∂ζ_k/∂u_k). Atoms: u0 → j, u_k → k, and i enters every u with −1, so
// block (a_atom, b_atom) += K_ab, (i, b_atom) −= C_b, (b_atom, i) −= C_bᵀ, (i, i) += Σ_b C_b with the
// column sums C_b = Σ_a K_ab. Each ζ_k is a function of (r, r_k, t = cos θ); its vector derivatives
// follow from the scalar ones and those of r, r_k and t.
//
// Scratch per k entry (f64, SK values): Zk[3], ζ0k[9] (∂²ζ_k/∂u0∂u_k, row u0), ζkk[9] (∂²ζ_k/∂u_k²).
// ---------------------------------------------------------------------------------------------------

const SK: i32 = 21;

/** m += s·(I − ĥĥᵀ) for a unit vector ĥ (row-major 3×3 at m). */
// @ts-ignore: decorator
@inline function addProj(m: usize, s: f64, hx: f64, hy: f64, hz: f64): void {
  addF(m, 0, s * (1.0 - hx * hx)); addF(m, 8, -s * hx * hy); addF(m, 16, -s * hx * hz);
  addF(m, 24, -s * hy * hx); addF(m, 32, s * (1.0 - hy * hy)); addF(m, 40, -s * hy * hz);
  addF(m, 48, -s * hz * hx); addF(m, 56, -s * hz * hy); addF(m, 64, s * (1.0 - hz * hz));
}

/** m += s·u vᵀ. */
// @ts-ignore: decorator
@inline function addOuter(m: usize, s: f64, ux: f64, uy: f64, uz: f64, vx: f64, vy: f64, vz: f64): void {
  const a = s * ux, b = s * uy, c = s * uz;
  addF(m, 0, a * vx); addF(m, 8, a * vy); addF(m, 16, a * vz);
  addF(m, 24, b * vx); addF(m, 32, b * vy); addF(m, 40, b * vz);
  addF(m, 48, c * vx); addF(m, 56, c * vy); addF(m, 64, c * vz);
}

/** m += s·(u vᵀ + v uᵀ). */
// @ts-ignore: decorator
@inline function addSym(m: usize, s: f64, ux: f64, uy: f64, uz: f64, vx: f64, vy: f64, vz: f64): void {
  addOuter(m, s, ux, uy, uz, vx, vy, vz);
  addOuter(m, s, vx, vy, vz, ux, uy, uz);
}

/** m += s·a (3×3 at a), or its transpose when `tr`. */
// @ts-ignore: decorator
@inline function addMat(m: usize, s: f64, a: usize, tr: bool): void {
  if (!tr) {
    for (let e: usize = 0; e < 72; e += 8) addF(m, e, s * load<f64>(a + e));
  } else {
    for (let r: usize = 0; r < 3; r++) for (let c: usize = 0; c < 3; c++) addF(m, (r * 3 + c) << 3, s * load<f64>(a + ((c * 3 + r) << 3)));
  }
}

// @ts-ignore: decorator
@inline function zero9(m: usize): void {
  for (let e: usize = 0; e < 72; e += 8) store<f64>(m + e, 0);
}

/** Adds 3×3 matrix at m (times s, transposed if tr) to block (a, b); returns false if not in the pattern. */
// @ts-ignore: decorator
@inline function addBlockMat(rowStart: usize, col: usize, blocks: usize, a: i32, b: i32, m: usize, s: f64, tr: bool): bool {
  const kb = blockFind(rowStart, col, a, b);
  if (kb < 0) return false;
  if (!tr) {
    blockAdd9(blocks, kb,
      s * load<f64>(m), s * load<f64>(m, 8), s * load<f64>(m, 16),
      s * load<f64>(m, 24), s * load<f64>(m, 32), s * load<f64>(m, 40),
      s * load<f64>(m, 48), s * load<f64>(m, 56), s * load<f64>(m, 64));
  } else {
    blockAdd9(blocks, kb,
      s * load<f64>(m), s * load<f64>(m, 24), s * load<f64>(m, 48),
      s * load<f64>(m, 8), s * load<f64>(m, 32), s * load<f64>(m, 56),
      s * load<f64>(m, 16), s * load<f64>(m, 40), s * load<f64>(m, 64));
  }
  return true;
}

/**
 * Adds the analytic Hessian to the block-CSR `blocks` (f64[9·nb], zero it first; pattern rowStart/col
 * must contain every pair of atoms within two list hops: hess_pattern with hops = 2). Same inputs as
 * tersoff_compute. `scratch` is f64[SK·maxNeighbors + 64] and `katom` i32[maxNeighbors], where
 * maxNeighbors is the longest row of the list. Returns 0, or 1 if a needed block is missing from the pattern.
 */
export function tersoff_hessian(
  n: i32, positions: usize, cell: usize, types: usize, nel: i32, params: usize, parity: i32,
  first: usize, nbrJ: usize, shift: usize,
  rowStart: usize, col: usize, blocks: usize, scratch: usize, katom: usize,
): i32 {
  checkRange(positions, <usize>n * 24);
  checkRange(cell, 72);
  checkRange(types, <usize>n << 2);
  checkRange(params, <usize>(nel * nel * nel * TS_STRIDE) << 3);
  checkRange(first, <usize>(n + 1) << 2);
  checkRange(rowStart, <usize>(n + 1) << 2);
  let maxNb: i32 = 0;
  for (let i = 0; i < n; i++) {
    const c = load<i32>(first + (<usize>(i + 1) << 2)) - load<i32>(first + (<usize>i << 2));
    if (c > maxNb) maxNb = c;
  }
  checkRange(scratch, <usize>(SK * maxNb + 64) << 3);
  checkRange(katom, <usize>maxNb << 2);
  const Z00 = scratch; // Σ_k ∂²ζ_k/∂u0²
  const K00 = scratch + 72;
  const C = scratch + 144; // column sum being built
  const T = scratch + 216; // Σ_b C_b
  const S0K = scratch + 288; // Σ_k ζ0k
  const per = scratch + (<usize>64 << 3);
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, p);
      const ux = o_v, uy = o_d, uz = o_dd;
      const tj = load<i32>(types + (<usize>j << 2));
      const rij = rowOf(params, nel, ti, tj, tj);
      const rsq = ux * ux + uy * uy + uz * uz;
      if (rsq >= par(rij, P_CUTSQ)) continue;
      const r = Math.sqrt(rsq);
      const rinv = 1.0 / r;
      const hx = ux * rinv, hy = uy * rinv, hz = uz * rinv;
      zero9(Z00);
      zero9(S0K);
      let zeta: f64 = 0;
      let z0x: f64 = 0, z0y: f64 = 0, z0z: f64 = 0;
      let szx: f64 = 0, szy: f64 = 0, szz: f64 = 0;
      let m = 0;
      for (let q = p0; q < p1; q++) {
        if (q == p) continue;
        const k = bondVector(positions, cell, shift, nbrJ, xi, yi, zi, q);
        const vx = o_v, vy = o_d, vz = o_dd;
        const rik = rowOf(params, nel, ti, tj, load<i32>(types + (<usize>k << 2)));
        const rsq2 = vx * vx + vy * vy + vz * vz;
        if (rsq2 >= par(rik, P_CUTSQ)) continue;
        const rk = Math.sqrt(rsq2);
        const rkinv = 1.0 / rk;
        const kx = vx * rkinv, ky = vy * rkinv, kz = vz * rkinv;
        const ct = (ux * vx + uy * vy + uz * vz) / (r * rk);
        expFn(r - rk, rik);
        const ex = o_v, exd = o_d, exdd = o_dd;
        angularFn(ct, rik);
        const g = o_v, gd = o_d, gdd = o_dd;
        cutoffFn(rk, par(rik, P_R), par(rik, P_D));
        const fc = o_v, fcd = o_d, fcdd = o_dd;
        zeta += fc * g * ex;
        const z_r0 = fc * g * exd;
        const z_rk = fcd * g * ex - fc * g * exd;
        const z_t = fc * gd * ex;
        const z_r0r0 = fc * g * exdd;
        const z_r0rk = fcd * g * exd - fc * g * exdd;
        const z_r0t = fc * gd * exd;
        const z_rkrk = fcdd * g * ex - 2.0 * fcd * g * exd + fc * g * exdd;
        const z_rkt = fcd * gd * ex - fc * gd * exd;
        const z_tt = fc * gdd * ex;
        const a0x = (kx - ct * hx) * rinv, a0y = (ky - ct * hy) * rinv, a0z = (kz - ct * hz) * rinv;
        const akx = (hx - ct * kx) * rkinv, aky = (hy - ct * ky) * rkinv, akz = (hz - ct * kz) * rkinv;
        z0x += z_r0 * hx + z_t * a0x;
        z0y += z_r0 * hy + z_t * a0y;
        z0z += z_r0 * hz + z_t * a0z;
        const zkx = z_rk * kx + z_t * akx, zky = z_rk * ky + z_t * aky, zkz = z_rk * kz + z_t * akz;
        szx += zkx; szy += zky; szz += zkz;
        const s = per + <usize>(m * SK) * 8;
        store<f64>(s, zkx); store<f64>(s, zky, 8); store<f64>(s, zkz, 16);
        const z0k = s + 24, zkk = s + 96;
        zero9(z0k);
        zero9(zkk);
        // ∂²ζ_k/∂u0²
        addOuter(Z00, z_r0r0, hx, hy, hz, hx, hy, hz);
        addSym(Z00, z_r0t - z_t * rinv, hx, hy, hz, a0x, a0y, a0z);
        addOuter(Z00, z_tt, a0x, a0y, a0z, a0x, a0y, a0z);
        addProj(Z00, z_r0 * rinv - z_t * ct * rinv * rinv, hx, hy, hz);
        // ∂²ζ_k/∂u0∂u_k
        addOuter(z0k, z_r0rk, hx, hy, hz, kx, ky, kz);
        addOuter(z0k, z_r0t - z_t * rinv, hx, hy, hz, akx, aky, akz);
        addOuter(z0k, z_rkt, a0x, a0y, a0z, kx, ky, kz);
        addOuter(z0k, z_tt, a0x, a0y, a0z, akx, aky, akz);
        addProj(z0k, z_t * rinv * rkinv, kx, ky, kz);
        addMat(S0K, 1.0, z0k, false);
        // ∂²ζ_k/∂u_k²
        addOuter(zkk, z_rkrk, kx, ky, kz, kx, ky, kz);
        addSym(zkk, z_rkt - z_t * rkinv, kx, ky, kz, akx, aky, akz);
        addOuter(zkk, z_tt, akx, aky, akz, akx, aky, akz);
        addProj(zkk, z_rk * rkinv - z_t * ct * rkinv * rkinv, kx, ky, kz);
        store<i32>(katom + (<usize>m << 2), k);
        m++;
      }
      cutoffFn(r, par(rij, P_R), par(rij, P_D));
      const fc = o_v, fcd = o_d, fcdd = o_dd;
      const lam1 = par(rij, P_LAM1), lam2 = par(rij, P_LAM2);
      const eR = par(rij, P_A) * Math.exp(-lam1 * r);
      const P1 = eR * (fcd - lam1 * fc);
      const P2 = eR * (fcdd - 2.0 * lam1 * fcd + lam1 * lam1 * fc);
      const eA = -par(rij, P_B) * Math.exp(-lam2 * r);
      const A0 = eA * fc;
      const A1 = eA * (fcd - lam2 * fc);
      const A2 = eA * (fcdd - 2.0 * lam2 * fcd + lam2 * lam2 * fc);
      bondOrder(zeta, rij);
      const b = o_v, bd = o_d, bdd = o_dd;
      const sbb = 0.5 * A0 * bdd, sb = 0.5 * A0 * bd, sab = 0.5 * A1 * bd;
      const wR = repulsionWeight(parity, i, j);
      // K00
      zero9(K00);
      addOuter(K00, wR * P2 + 0.5 * A2 * b, hx, hy, hz, hx, hy, hz);
      addProj(K00, (wR * P1 + 0.5 * A1 * b) * rinv, hx, hy, hz);
      addSym(K00, sab, hx, hy, hz, z0x, z0y, z0z);
      addOuter(K00, sbb, z0x, z0y, z0z, z0x, z0y, z0z);
      addMat(K00, sb, Z00, false);
      const wx = sab * hx + sbb * z0x, wy = sab * hy + sbb * z0y, wz = sab * hz + sbb * z0z;
      if (!addBlockMat(rowStart, col, blocks, j, j, K00, 1.0, false)) return 1;
      // C0 = K00 + SZ Wᵀ + sb (Σ_k ζ0k)ᵀ
      zero9(T);
      zero9(C);
      addMat(C, 1.0, K00, false);
      addOuter(C, 1.0, szx, szy, szz, wx, wy, wz);
      addMat(C, sb, S0K, true);
      if (!addBlockMat(rowStart, col, blocks, i, j, C, -1.0, false)) return 1;
      if (!addBlockMat(rowStart, col, blocks, j, i, C, -1.0, true)) return 1;
      addMat(T, 1.0, C, false);
      // c = W + sbb SZ, for Cl = c Zlᵀ + sb (ζ0l + ζll)
      const cx = wx + sbb * szx, cy = wy + sbb * szy, cz = wz + sbb * szz;
      for (let a = 0; a < m; a++) {
        const s = per + <usize>(a * SK) * 8;
        const ka = load<i32>(katom + (<usize>a << 2));
        const zax = load<f64>(s), zay = load<f64>(s, 8), zaz = load<f64>(s, 16);
        const z0k = s + 24, zkk = s + 96;
        // K0a and Ka0 = K0aᵀ
        let kb = blockFind(rowStart, col, j, ka);
        if (kb < 0) return 1;
        const px = wx, py = wy, pz = wz;
        blockAdd9(blocks, kb,
          px * zax + sb * load<f64>(z0k), px * zay + sb * load<f64>(z0k, 8), px * zaz + sb * load<f64>(z0k, 16),
          py * zax + sb * load<f64>(z0k, 24), py * zay + sb * load<f64>(z0k, 32), py * zaz + sb * load<f64>(z0k, 40),
          pz * zax + sb * load<f64>(z0k, 48), pz * zay + sb * load<f64>(z0k, 56), pz * zaz + sb * load<f64>(z0k, 64));
        kb = blockFind(rowStart, col, ka, j);
        if (kb < 0) return 1;
        blockAdd9(blocks, kb,
          zax * px + sb * load<f64>(z0k), zax * py + sb * load<f64>(z0k, 24), zax * pz + sb * load<f64>(z0k, 48),
          zay * px + sb * load<f64>(z0k, 8), zay * py + sb * load<f64>(z0k, 32), zay * pz + sb * load<f64>(z0k, 56),
          zaz * px + sb * load<f64>(z0k, 16), zaz * py + sb * load<f64>(z0k, 40), zaz * pz + sb * load<f64>(z0k, 64));
        // Kab for all b (rank one), plus the diagonal ζaa term
        for (let bb = 0; bb < m; bb++) {
          const sbp = per + <usize>(bb * SK) * 8;
          const kbb = load<i32>(katom + (<usize>bb << 2));
          const q = blockFind(rowStart, col, ka, kbb);
          if (q < 0) return 1;
          blockAddOuter(blocks, q, sbb, zax, zay, zaz, load<f64>(sbp), load<f64>(sbp, 8), load<f64>(sbp, 16));
        }
        if (!addBlockMat(rowStart, col, blocks, ka, ka, zkk, sb, false)) return 1;
        // column sum Ca
        zero9(C);
        addOuter(C, 1.0, cx, cy, cz, zax, zay, zaz);
        addMat(C, sb, z0k, false);
        addMat(C, sb, zkk, false);
        if (!addBlockMat(rowStart, col, blocks, i, ka, C, -1.0, false)) return 1;
        if (!addBlockMat(rowStart, col, blocks, ka, i, C, -1.0, true)) return 1;
        addMat(T, 1.0, C, false);
      }
      if (!addBlockMat(rowStart, col, blocks, i, i, T, 1.0, false)) return 1;
    }
  }
  return 0;
}
