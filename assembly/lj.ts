// Multi-species Lennard-Jones: energy, per-atom energy, forces, virial (half neighbor list) and the
// analytic block Hessian (full neighbor list), for the plain cut, energy-shifted and force-shifted forms.
//
// φ(r)   = c12/r¹² − c6/r⁶                (c12 = 4εσ¹², c6 = 4εσ⁶; ε, σ reduced or eV, Å)
// φ_v(r) = φ(r) − A − B (r − r_c)          for r < r_c, 0 beyond
//   cut:    A = 0,      B = 0
//   shift:  A = φ(r_c), B = 0
//   smooth: A = φ(r_c), B = φ'(r_c)        (LAMMPS lj/smooth/linear: energy and force vanish at r_c)
//
// Parameters: f64 table of nt·nt rows of LJ_STRIDE values, row a·nt + b = [c12, c6, rc², rc, A, B, σ², 0].
// Bond vectors are recomputed from positions, cell and the integer image shift of every list entry,
// r_ij = x_j − x_i + S·cell, so a list built with a skin stays valid while atoms move (relaxation).
import { checkRange } from "./memory";
import { blockFind, blockAddPair } from "./blocks";

/** f64 values per type pair in the parameter table. */
const LJ_STRIDE: i32 = 8;

/**
 * Energy (returned), and when their offsets are non-zero: per-atom energies f64[N] (each pair's energy split
 * half and half, as LAMMPS pe/atom), forces f64[3N] (added to, zero them first), virial f64[6] (added to;
 * xx yy zz xy xz yz, W = −Σ_pairs φ'/r · r rᵀ). Half list (each pair once). `diag` f64[3] receives the
 * smallest r²/σ² over interacting pairs and that pair's atoms i, j (overlap diagnostics).
 */
export function lj_compute(
  n: i32, positions: usize, cell: usize, types: usize, nt: i32, params: usize,
  first: usize, nbrJ: usize, shift: usize,
  perAtom: usize, forces: usize, virial: usize, diag: usize,
): f64 {
  checkRange(positions, <usize>n * 24);
  checkRange(types, <usize>n << 2);
  checkRange(params, <usize>(nt * nt * LJ_STRIDE) << 3);
  checkRange(first, <usize>(n + 1) << 2);
  checkRange(diag, 24);
  if (perAtom) checkRange(perAtom, <usize>n << 3);
  if (forces) checkRange(forces, <usize>n * 24);
  if (virial) checkRange(virial, 48);
  const ax = load<f64>(cell), ay = load<f64>(cell, 8), az = load<f64>(cell, 16);
  const bx = load<f64>(cell, 24), by = load<f64>(cell, 32), bz = load<f64>(cell, 40);
  const cx = load<f64>(cell, 48), cy = load<f64>(cell, 56), cz = load<f64>(cell, 64);
  let energy: f64 = 0;
  let wxx: f64 = 0, wyy: f64 = 0, wzz: f64 = 0, wxy: f64 = 0, wxz: f64 = 0, wyz: f64 = 0;
  let minRatio: f64 = Infinity, minI: i32 = -1, minJ: i32 = -1;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const row = params + (<usize>(ti * nt * LJ_STRIDE) << 3);
    let fxi: f64 = 0, fyi: f64 = 0, fzi: f64 = 0, ei: f64 = 0;
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      const sp = shift + <usize>p * 12;
      const s0 = <f64>load<i32>(sp), s1 = <f64>load<i32>(sp, 4), s2 = <f64>load<i32>(sp, 8);
      const jp = positions + <usize>j * 24;
      const x = load<f64>(jp) - xi + s0 * ax + s1 * bx + s2 * cx;
      const y = load<f64>(jp, 8) - yi + s0 * ay + s1 * by + s2 * cy;
      const z = load<f64>(jp, 16) - zi + s0 * az + s1 * bz + s2 * cz;
      const r2 = x * x + y * y + z * z;
      const pp = row + (<usize>(load<i32>(types + (<usize>j << 2)) * LJ_STRIDE) << 3);
      if (!(r2 < load<f64>(pp, 16))) continue;
      const c12 = load<f64>(pp), c6 = load<f64>(pp, 8);
      const ratio = r2 / load<f64>(pp, 48);
      if (ratio < minRatio) { minRatio = ratio; minI = i; minJ = j; }
      const ir2 = 1.0 / r2;
      const ir6 = ir2 * ir2 * ir2;
      const a12 = c12 * ir6 * ir6, a6 = c6 * ir6;
      // g = φ_v'(r)/r
      let g = (6.0 * a6 - 12.0 * a12) * ir2;
      let e = a12 - a6 - load<f64>(pp, 32);
      const B = load<f64>(pp, 40);
      if (B != 0) {
        const r = sqrt<f64>(r2);
        g -= B / r;
        e -= B * (r - load<f64>(pp, 24));
      }
      energy += e;
      if (perAtom) {
        ei += 0.5 * e;
        const q = perAtom + (<usize>j << 3);
        store<f64>(q, load<f64>(q) + 0.5 * e);
      }
      // F_i = (φ'/r) r_ij, F_j = −F_i
      const fx = g * x, fy = g * y, fz = g * z;
      fxi += fx; fyi += fy; fzi += fz;
      if (forces) {
        const q = forces + <usize>j * 24;
        store<f64>(q, load<f64>(q) - fx);
        store<f64>(q, load<f64>(q, 8) - fy, 8);
        store<f64>(q, load<f64>(q, 16) - fz, 16);
      }
      wxx -= fx * x; wyy -= fy * y; wzz -= fz * z;
      wxy -= fx * y; wxz -= fx * z; wyz -= fy * z;
    }
    if (forces) {
      const q = forces + <usize>i * 24;
      store<f64>(q, load<f64>(q) + fxi);
      store<f64>(q, load<f64>(q, 8) + fyi, 8);
      store<f64>(q, load<f64>(q, 16) + fzi, 16);
    }
    if (perAtom) {
      const q = perAtom + (<usize>i << 3);
      store<f64>(q, load<f64>(q) + ei);
    }
  }
  if (virial) {
    store<f64>(virial, load<f64>(virial) + wxx);
    store<f64>(virial, load<f64>(virial, 8) + wyy, 8);
    store<f64>(virial, load<f64>(virial, 16) + wzz, 16);
    store<f64>(virial, load<f64>(virial, 24) + wxy, 24);
    store<f64>(virial, load<f64>(virial, 32) + wxz, 32);
    store<f64>(virial, load<f64>(virial, 40) + wyz, 40);
  }
  store<f64>(diag, minRatio);
  store<f64>(diag, <f64>minI, 8);
  store<f64>(diag, <f64>minJ, 16);
  return energy;
}

/**
 * Adds the analytic Hessian into a block-CSR pattern (rowStart, col, blocks; blocks zeroed by the caller)
 * built from the same FULL neighbor list (hops = 1). Row-wise: block (i, j) −= K(r_ij) for every image,
 * block (i, i) += Σ_j K(r_ij), K = φ'' r̂r̂ᵀ + (φ_v'/r)(I − r̂r̂ᵀ). Self-image entries (j = i) cancel exactly
 * and are skipped. Returns the number of list entries missing from the pattern (0 unless misused), or
 * −(i + 1) if atom i has a coincident partner (r = 0), which would make the Hessian infinite.
 */
export function lj_hessian(
  n: i32, positions: usize, cell: usize, types: usize, nt: i32, params: usize,
  first: usize, nbrJ: usize, shift: usize,
  rowStart: usize, col: usize, blocks: usize,
): i32 {
  checkRange(positions, <usize>n * 24);
  checkRange(types, <usize>n << 2);
  checkRange(params, <usize>(nt * nt * LJ_STRIDE) << 3);
  checkRange(first, <usize>(n + 1) << 2);
  checkRange(rowStart, <usize>(n + 1) << 2);
  checkRange(blocks, <usize>load<i32>(rowStart + (<usize>n << 2)) * 72);
  const ax = load<f64>(cell), ay = load<f64>(cell, 8), az = load<f64>(cell, 16);
  const bx = load<f64>(cell, 24), by = load<f64>(cell, 32), bz = load<f64>(cell, 40);
  const cx = load<f64>(cell, 48), cy = load<f64>(cell, 56), cz = load<f64>(cell, 64);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const ti = load<i32>(types + (<usize>i << 2));
    const row = params + (<usize>(ti * nt * LJ_STRIDE) << 3);
    let dxx: f64 = 0, dyy: f64 = 0, dzz: f64 = 0, dxy: f64 = 0, dxz: f64 = 0, dyz: f64 = 0;
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      if (j == i) continue;
      const sp = shift + <usize>p * 12;
      const s0 = <f64>load<i32>(sp), s1 = <f64>load<i32>(sp, 4), s2 = <f64>load<i32>(sp, 8);
      const jp = positions + <usize>j * 24;
      const x = load<f64>(jp) - xi + s0 * ax + s1 * bx + s2 * cx;
      const y = load<f64>(jp, 8) - yi + s0 * ay + s1 * by + s2 * cy;
      const z = load<f64>(jp, 16) - zi + s0 * az + s1 * bz + s2 * cz;
      const r2 = x * x + y * y + z * z;
      const pp = row + (<usize>(load<i32>(types + (<usize>j << 2)) * LJ_STRIDE) << 3);
      if (!(r2 < load<f64>(pp, 16))) continue;
      if (r2 == 0) return -(i + 1);
      const ir2 = 1.0 / r2;
      const ir6 = ir2 * ir2 * ir2;
      const a12 = load<f64>(pp) * ir6 * ir6, a6 = load<f64>(pp, 8) * ir6;
      let d = (6.0 * a6 - 12.0 * a12) * ir2; // φ'/r
      const h2 = (156.0 * a12 - 42.0 * a6) * ir2; // φ''
      const B = load<f64>(pp, 40);
      if (B != 0) d -= B / sqrt<f64>(r2);
      const a = (h2 - d) * ir2;
      const k = blockFind(rowStart, col, i, j);
      if (k < 0) { missing++; continue; }
      blockAddPair(blocks, k, -a, -d, x, y, z);
      const axx = a * x, ayy = a * y;
      dxx += axx * x + d; dyy += ayy * y + d; dzz += a * z * z + d;
      dxy += axx * y; dxz += axx * z; dyz += ayy * z;
    }
    const kd = blockFind(rowStart, col, i, i);
    if (kd < 0) { missing++; continue; }
    const q = blocks + <usize>kd * 72;
    store<f64>(q, load<f64>(q) + dxx);
    store<f64>(q, load<f64>(q, 8) + dxy, 8);
    store<f64>(q, load<f64>(q, 16) + dxz, 16);
    store<f64>(q, load<f64>(q, 24) + dxy, 24);
    store<f64>(q, load<f64>(q, 32) + dyy, 32);
    store<f64>(q, load<f64>(q, 40) + dyz, 40);
    store<f64>(q, load<f64>(q, 48) + dxz, 48);
    store<f64>(q, load<f64>(q, 56) + dyz, 56);
    store<f64>(q, load<f64>(q, 64) + dzz, 64);
  }
  return missing;
}

/**
 * Pair-sum form of the second-moment sum rule: Σ over FULL-list entries (every ordered pair i ≠ j and every
 * image) of φ''(r) + (d − 1) φ_v'(r)/r for r < r_c, with d = `dim` (2 for x, y motion of a planar system with
 * all z equal, 3 otherwise). Equals Tr H exactly: Tr K = φ'' + (d − 1)φ'/r. Self-image entries (j = i) are
 * skipped, since their K enters block (i, i) twice with opposite signs.
 */
export function lj_pair_trace(
  n: i32, positions: usize, cell: usize, types: usize, nt: i32, params: usize,
  first: usize, nbrJ: usize, shift: usize, dim: i32,
): f64 {
  checkRange(positions, <usize>n * 24);
  const ax = load<f64>(cell), ay = load<f64>(cell, 8), az = load<f64>(cell, 16);
  const bx = load<f64>(cell, 24), by = load<f64>(cell, 32), bz = load<f64>(cell, 40);
  const cx = load<f64>(cell, 48), cy = load<f64>(cell, 56), cz = load<f64>(cell, 64);
  const dm1 = <f64>(dim - 1);
  let t: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const row = params + (<usize>(load<i32>(types + (<usize>i << 2)) * nt * LJ_STRIDE) << 3);
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      if (j == i) continue;
      const sp = shift + <usize>p * 12;
      const s0 = <f64>load<i32>(sp), s1 = <f64>load<i32>(sp, 4), s2 = <f64>load<i32>(sp, 8);
      const jp = positions + <usize>j * 24;
      const x = load<f64>(jp) - xi + s0 * ax + s1 * bx + s2 * cx;
      const y = load<f64>(jp, 8) - yi + s0 * ay + s1 * by + s2 * cy;
      const z = load<f64>(jp, 16) - zi + s0 * az + s1 * bz + s2 * cz;
      const r2 = x * x + y * y + z * z;
      const pp = row + (<usize>(load<i32>(types + (<usize>j << 2)) * LJ_STRIDE) << 3);
      if (!(r2 < load<f64>(pp, 16))) continue;
      const ir2 = 1.0 / r2;
      const ir6 = ir2 * ir2 * ir2;
      const a12 = load<f64>(pp) * ir6 * ir6, a6 = load<f64>(pp, 8) * ir6;
      let d = (6.0 * a6 - 12.0 * a12) * ir2;
      const B = load<f64>(pp, 40);
      if (B != 0) d -= B / sqrt<f64>(r2);
      t += (156.0 * a12 - 42.0 * a6) * ir2 + dm1 * d;
    }
  }
  return t;
}
