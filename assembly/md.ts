// Molecular-dynamics integrator steps: velocity Verlet (kick/drift), the Langevin BAOAB splitting
// (Leimkuhler & Matthews 2013), Nosé–Hoover velocity scaling, kinetic energy and displacement checks.
// Forces come from the potential (TypeScript calls its kernels between these steps), so the integrator
// works for every potential. Arrays: x, v, f f64[3n] xyz interleaved; w f64[n] = force-to-acceleration
// factor per atom (1/m in reduced units, ftm2v/m in metal units; 0 freezes an atom); `dim` = 2 leaves z
// untouched (2D systems), 3 moves all three.
//
// Transcendentals (exp, log, cbrt, cos, sin) that decide results are evaluated here, with
// AssemblyScript's compiled-in Math, so they are bit-identical in every engine: `md_math`.
import { checkRange } from "./memory";

// @ts-ignore: decorator
@inline function ld(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: usize, v: f64): void {
  store<f64>(p + (i << 3), v);
}

/** Deterministic transcendental: op 0 exp(x), 1 ln(x), 2 cbrt(x), 3 cos(x), 4 sin(x), 5 pow(x, y). */
export function md_math(op: i32, x: f64, y: f64): f64 {
  switch (op) {
    case 0: return Math.exp(x);
    case 1: return Math.log(x);
    case 2: return Math.cbrt(x);
    case 3: return Math.cos(x);
    case 4: return Math.sin(x);
    case 5: return Math.pow(x, y);
    default: return NaN;
  }
}

/** Kick: v += h·w·f for every atom (B step of velocity Verlet with h = dt/2). */
export function md_kick(n: i32, dim: i32, v: usize, f: usize, w: usize, h: f64): void {
  checkRange(v, <usize>n * 24);
  checkRange(f, <usize>n * 24);
  checkRange(w, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    const c = h * ld(w, i);
    st(v, b, ld(v, b) + c * ld(f, b));
    st(v, b + 1, ld(v, b + 1) + c * ld(f, b + 1));
    if (dim == 3) st(v, b + 2, ld(v, b + 2) + c * ld(f, b + 2));
  }
}

/** Drift: x += h·v (A step). */
export function md_drift(n: i32, dim: i32, x: usize, v: usize, h: f64): void {
  checkRange(x, <usize>n * 24);
  checkRange(v, <usize>n * 24);
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    st(x, b, ld(x, b) + h * ld(v, b));
    st(x, b + 1, ld(x, b + 1) + h * ld(v, b + 1));
    if (dim == 3) st(x, b + 2, ld(x, b + 2) + h * ld(v, b + 2));
  }
}

/**
 * The first half of a velocity-Verlet step: v += (dt/2)·w·f, then x += dt·v. The caller then computes
 * forces at the new x and finishes with md_kick(dt/2).
 */
export function md_verlet1(n: i32, dim: i32, x: usize, v: usize, f: usize, w: usize, dt: f64): void {
  md_kick(n, dim, v, f, w, 0.5 * dt);
  md_drift(n, dim, x, v, dt);
}

/**
 * The B A O A part of one BAOAB Langevin step: v += (dt/2)·w·f; x += (dt/2)·v;
 * v = c1·v + √((1 − c1²)·kT·u)·ξ with c1 = exp(−γ·dt) and u the kinetic factor per atom (1/m in reduced units,
 * 1/(m·mvv2e) in metal units; ξ from `noise` f64[3n], standard normal); x += (dt/2)·v.
 * Frozen atoms (w = 0) must have u = 0 too. The caller computes forces and finishes with md_kick(dt/2).
 */
export function md_baoa(
  n: i32, dim: i32, x: usize, v: usize, f: usize, w: usize, u: usize, noise: usize,
  dt: f64, gammaDt: f64, kT: f64,
): void {
  checkRange(u, <usize>n << 3);
  checkRange(noise, <usize>n * 24);
  md_kick(n, dim, v, f, w, 0.5 * dt);
  md_drift(n, dim, x, v, 0.5 * dt);
  const c1 = Math.exp(-gammaDt);
  const c2 = (1.0 - c1 * c1) * kT;
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    const s = Math.sqrt(c2 * ld(u, i));
    st(v, b, c1 * ld(v, b) + s * ld(noise, b));
    st(v, b + 1, c1 * ld(v, b + 1) + s * ld(noise, b + 1));
    if (dim == 3) st(v, b + 2, c1 * ld(v, b + 2) + s * ld(noise, b + 2));
  }
  md_drift(n, dim, x, v, 0.5 * dt);
}

/** Scales every velocity by exp(arg) (Nosé–Hoover thermostat step; arg = −ξ·dt/2). Returns the factor. */
export function md_scaleExp(n: i32, dim: i32, v: usize, arg: f64): f64 {
  checkRange(v, <usize>n * 24);
  const s = Math.exp(arg);
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    st(v, b, s * ld(v, b));
    st(v, b + 1, s * ld(v, b + 1));
    if (dim == 3) st(v, b + 2, s * ld(v, b + 2));
  }
  return s;
}

/** Σ_i m_i |v_i|² (twice the kinetic energy, in mass·velocity² units), over the moving components. */
export function md_mv2(n: i32, dim: i32, v: usize, m: usize): f64 {
  checkRange(v, <usize>n * 24);
  checkRange(m, <usize>n << 3);
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    const vx = ld(v, b), vy = ld(v, b + 1), vz = dim == 3 ? ld(v, b + 2) : 0.0;
    s += ld(m, i) * (vx * vx + vy * vy + vz * vz);
  }
  return s;
}

/** Largest squared displacement max_i |x_i − x0_i|² (length²), for neighbor-list skin checks. */
export function md_maxDisp2(n: i32, x: usize, x0: usize): f64 {
  checkRange(x, <usize>n * 24);
  checkRange(x0, <usize>n * 24);
  let best: f64 = 0;
  for (let i = 0; i < n; i++) {
    const b = <usize>i * 3;
    const dx = ld(x, b) - ld(x0, b), dy = ld(x, b + 1) - ld(x0, b + 1), dz = ld(x, b + 2) - ld(x0, b + 2);
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > best) best = d2;
  }
  return best;
}
