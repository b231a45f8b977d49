// Cell lists (linked-cell binning) shared by the neighbor-list and g(r) kernels.
//
// Geometry works in fractional coordinates s = x · inv(M) of a "binning frame" M (rows = lattice vectors;
// for a periodic axis the row IS the cell vector; src/neighbors.ts builds M, the identity for a cluster
// with no cell). Along a periodic axis the unit interval [0, 1) is cut into n bins; along an open axis the
// range [lo, lo + extent] of the atoms is. Since |Δs_a| ≤ |Δx| / h_a (h_a = height, the distance between
// the faces normal to axis a), a neighbor within rc lies within ⌈rc·n_a/h_a⌉ bins along axis a whatever
// the tilt. TypeScript lays the grid out as columns: along a and b, bins rc/q thick (the kernels search
// ±q columns, more for a cell thinner than rc: several periodic images); along c, fine bins, of which
// each atom searches only those its own window |Δs_c| < rc/h_c touches.
//
// Atoms are counting-sorted by cell (c fastest, so a column's bins are contiguous in memory), with
// wrapped Cartesian coordinates in structure-of-arrays form (sx, sy, sz) for SIMD loads.
//
// The grid block is a small f64 array written by TypeScript (offsets below, in f64 units).
import { checkRange } from "./memory";

/** Grid block layout (f64 indices). */
export const G_FRAME: i32 = 0; // 9: binning frame rows M (length unit)
export const G_INV: i32 = 9; // 9: inv(M), s_k = Σ_m x_m inv[3m + k]
export const G_LO: i32 = 18; // 3: fractional origin of the bins (0 on periodic axes)
export const G_SCALE: i32 = 21; // 3: bins per fractional unit (n on periodic axes)
export const G_NBIN: i32 = 24; // 3: bins per axis n_a
export const G_REACH: i32 = 27; // 3: stencil reach m_a (bins searched each side)
export const G_PERIODIC: i32 = 30; // 1: bit a set when axis a is periodic
export const G_WINDOW: i32 = 31; // 1: fractional half-window along axis 2, search radius / height (column mode)
/** Length of the grid block in f64 values. */
export const G_SIZE: i32 = 32;

// @ts-ignore: decorator
@inline export function gget(grid: usize, k: i32): f64 {
  return load<f64>(grid + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline export function ld(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}

// @ts-ignore: decorator
@inline export function ldi(p: usize, i: usize): i32 {
  return load<i32>(p + (i << 2));
}

/** Floor division for possibly negative t and positive n. */
// @ts-ignore: decorator
@inline export function floorDiv(t: i32, n: i32): i32 {
  const q = t / n;
  return (t % n != 0 && t < 0) ? q - 1 : q;
}

/**
 * Min and max fractional coordinate of the atoms along each axis of the frame.
 * pos: f64[3n] Cartesian; grid: grid block (only G_INV read); out: f64[6] = min0 min1 min2 max0 max1 max2.
 */
export function cells_extent(n: i32, pos: usize, grid: usize, out: usize): void {
  checkRange(pos, <usize>n * 24);
  checkRange(grid, <usize>G_SIZE << 3);
  checkRange(out, 48);
  const i00 = gget(grid, G_INV), i01 = gget(grid, G_INV + 1), i02 = gget(grid, G_INV + 2);
  const i10 = gget(grid, G_INV + 3), i11 = gget(grid, G_INV + 4), i12 = gget(grid, G_INV + 5);
  const i20 = gget(grid, G_INV + 6), i21 = gget(grid, G_INV + 7), i22 = gget(grid, G_INV + 8);
  let lo0 = Infinity, lo1 = Infinity, lo2 = Infinity;
  let hi0 = -Infinity, hi1 = -Infinity, hi2 = -Infinity;
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = ld(pos, 3 * i), y = ld(pos, 3 * i + 1), z = ld(pos, 3 * i + 2);
    const s0 = x * i00 + y * i10 + z * i20;
    const s1 = x * i01 + y * i11 + z * i21;
    const s2 = x * i02 + y * i12 + z * i22;
    lo0 = min(lo0, s0); hi0 = max(hi0, s0);
    lo1 = min(lo1, s1); hi1 = max(hi1, s1);
    lo2 = min(lo2, s2); hi2 = max(hi2, s2);
  }
  store<f64>(out, lo0); store<f64>(out + 8, lo1); store<f64>(out + 16, lo2);
  store<f64>(out + 24, hi0); store<f64>(out + 32, hi1); store<f64>(out + 40, hi2);
}

/**
 * Bins atoms into cells and sorts them by cell (stable counting sort).
 *
 * In:  pos f64[3n] Cartesian positions; grid block; types i32[n] or 0 (no types).
 * Out: cellOf i32[n] cell of each atom (original order); cellStart i32[ncell + 1] (cell c holds sorted
 *      slots cellStart[c] … cellStart[c+1] − 1); perm i32[n] sorted slot → atom; slot i32[n] atom → sorted
 *      slot; img i32[3n] integer image o of each atom (x = x_wrapped + o·M; 0 on open axes);
 *      sx, sy, sz f64[n] wrapped Cartesian coordinates in sorted order; stype i32[n] sorted types (if types);
 *      s2 f64[n] (or 0: skipped) sorted fractional coordinate along axis 2 from the bins' origin (wrapped
 *      into [0, 1) on a periodic axis, s − lo on an open one).
 * Cell index c = (b0·n1 + b1)·n2 + b2. Returns the number of cells.
 */
export function cells_build(
  n: i32, pos: usize, grid: usize, types: usize,
  cellOf: usize, cellStart: usize, perm: usize, slot: usize, img: usize,
  sx: usize, sy: usize, sz: usize, stype: usize, s2out: usize,
): i32 {
  const nu = <usize>n;
  checkRange(pos, nu * 24);
  checkRange(grid, <usize>G_SIZE << 3);
  const n0 = <i32>gget(grid, G_NBIN), n1 = <i32>gget(grid, G_NBIN + 1), n2 = <i32>gget(grid, G_NBIN + 2);
  const ncell = n0 * n1 * n2;
  checkRange(cellOf, nu << 2);
  checkRange(cellStart, (<usize>ncell + 1) << 2);
  checkRange(perm, nu << 2);
  checkRange(slot, nu << 2);
  checkRange(img, nu * 12);
  checkRange(sx, nu << 3);
  checkRange(sy, nu << 3);
  checkRange(sz, nu << 3);
  if (types) {
    checkRange(types, nu << 2);
    checkRange(stype, nu << 2);
  }
  if (s2out) checkRange(s2out, nu << 3);
  const per = <i32>gget(grid, G_PERIODIC);
  const p0 = (per & 1) != 0, p1 = (per & 2) != 0, p2 = (per & 4) != 0;
  const m00 = gget(grid, 0), m01 = gget(grid, 1), m02 = gget(grid, 2);
  const m10 = gget(grid, 3), m11 = gget(grid, 4), m12 = gget(grid, 5);
  const m20 = gget(grid, 6), m21 = gget(grid, 7), m22 = gget(grid, 8);
  const i00 = gget(grid, G_INV), i01 = gget(grid, G_INV + 1), i02 = gget(grid, G_INV + 2);
  const i10 = gget(grid, G_INV + 3), i11 = gget(grid, G_INV + 4), i12 = gget(grid, G_INV + 5);
  const i20 = gget(grid, G_INV + 6), i21 = gget(grid, G_INV + 7), i22 = gget(grid, G_INV + 8);
  const lo0 = gget(grid, G_LO), lo1 = gget(grid, G_LO + 1), lo2 = gget(grid, G_LO + 2);
  const sc0 = gget(grid, G_SCALE), sc1 = gget(grid, G_SCALE + 1), sc2 = gget(grid, G_SCALE + 2);

  memory.fill(cellStart, 0, (<usize>ncell + 1) << 2);
  for (let i: usize = 0; i < nu; i++) {
    const x = ld(pos, 3 * i), y = ld(pos, 3 * i + 1), z = ld(pos, 3 * i + 2);
    let s0 = x * i00 + y * i10 + z * i20;
    let s1 = x * i01 + y * i11 + z * i21;
    let s2 = x * i02 + y * i12 + z * i22;
    let o0: f64 = 0, o1: f64 = 0, o2: f64 = 0;
    if (p0) { o0 = floor(s0); s0 -= o0; } else s0 -= lo0;
    if (p1) { o1 = floor(s1); s1 -= o1; } else s1 -= lo1;
    if (p2) { o2 = floor(s2); s2 -= o2; } else s2 -= lo2;
    // Clamp: s − floor(s) can round to 1, and open axes are binned over [lo, lo + extent].
    const b0 = min(max(<i32>floor(s0 * sc0), 0), n0 - 1);
    const b1 = min(max(<i32>floor(s1 * sc1), 0), n1 - 1);
    const b2 = min(max(<i32>floor(s2 * sc2), 0), n2 - 1);
    const c = (b0 * n1 + b1) * n2 + b2;
    store<i32>(cellOf + (i << 2), c);
    store<i32>(img + 12 * i, <i32>o0);
    store<i32>(img + 12 * i + 4, <i32>o1);
    store<i32>(img + 12 * i + 8, <i32>o2);
    const cp = cellStart + ((<usize>c + 1) << 2);
    store<i32>(cp, load<i32>(cp) + 1);
  }
  // Exclusive prefix sum: cellStart[c] = first slot of cell c.
  let acc: i32 = 0;
  for (let c: usize = 0; c <= <usize>ncell; c++) {
    acc += load<i32>(cellStart + (c << 2));
    store<i32>(cellStart + (c << 2), acc);
  }
  // Place atoms (cursor = cellStart[c], advanced; restored afterwards).
  for (let i: usize = 0; i < nu; i++) {
    const c = <usize>ldi(cellOf, i);
    const cp = cellStart + (c << 2);
    const s = load<i32>(cp);
    store<i32>(cp, s + 1);
    const su = <usize>s;
    store<i32>(perm + (su << 2), <i32>i);
    store<i32>(slot + (i << 2), s);
    const o0 = <f64>load<i32>(img + 12 * i), o1 = <f64>load<i32>(img + 12 * i + 4), o2 = <f64>load<i32>(img + 12 * i + 8);
    if (s2out) {
      const x = ld(pos, 3 * i), y = ld(pos, 3 * i + 1), z = ld(pos, 3 * i + 2);
      const f = x * i02 + y * i12 + z * i22;
      store<f64>(s2out + (su << 3), p2 ? f - o2 : f - lo2);
    }
    // x − o·M; exact when o = 0 (atoms already inside the cell keep their coordinates bit for bit).
    store<f64>(sx + (su << 3), ld(pos, 3 * i) - (o0 * m00 + o1 * m10 + o2 * m20));
    store<f64>(sy + (su << 3), ld(pos, 3 * i + 1) - (o0 * m01 + o1 * m11 + o2 * m21));
    store<f64>(sz + (su << 3), ld(pos, 3 * i + 2) - (o0 * m02 + o1 * m12 + o2 * m22));
    if (types) store<i32>(stype + (su << 2), ldi(types, i));
  }
  // Every cursor now points at the start of the next cell: shift back by one.
  for (let c = ncell; c > 0; c--) {
    store<i32>(cellStart + (<usize>c << 2), load<i32>(cellStart + ((<usize>c - 1) << 2)));
  }
  store<i32>(cellStart, 0);
  return ncell;
}
