// Neighbor lists from cell lists (assembly/cells.ts): every (i, j, S) with |r_j − r_i + S·cell| < rc,
// all periodic images, in CSR form. O(N) for a fixed density and cutoff.
import { checkRange } from "./memory";
import { G_SIZE, G_NBIN, G_REACH, G_PERIODIC, G_SCALE, G_WINDOW, gget, ld, ldi, floorDiv } from "./cells";

// Scratch layout (f64 entries): stencil rows (rowBase, shift x y z, B0, B1), one atom's window segments
// along axis 2 (first bin, last bin, image B2), then the candidate buffer of one run (i32).
const ROW_F64: usize = 6;
const SEG_F64: usize = 3;

// @ts-ignore: decorator
@inline function rowsOf(grid: usize): usize {
  const r0 = <usize>gget(grid, G_REACH), r1 = <usize>gget(grid, G_REACH + 1);
  return (2 * r0 + 1) * (2 * r1 + 1) + 1;
}
// @ts-ignore: decorator
@inline function segsOf(grid: usize): usize {
  return <usize>ceil(2 * gget(grid, G_WINDOW)) + 4;
}

/** Scratch bytes {@link nl_pass} needs for n atoms and this (column-mode) grid. */
export function nl_scratchBytes(n: i32, grid: usize): f64 {
  return <f64>((rowsOf(grid) * ROW_F64 + segsOf(grid) * SEG_F64) << 3) + <f64>(n + 8) * 4 + 64;
}

/**
 * One pass of the neighbor-list build over the atoms of cells cellBegin … cellEnd − 1 (TypeScript calls in
 * chunks, so V8 optimises the function after the first ones). Atoms are visited in cell order (locality);
 * each enumerates its own full neighborhood and writes only its own row.
 *
 * In:  pos f64[3n] ORIGINAL Cartesian positions (not wrapped) and img i32[3n] integer images, both in
 *      cell (slot) order as gathered by {@link nl_gather}; a COLUMN-mode grid and cell list from
 *      cells_build (cellStart, perm, sx, sy, sz, s2); rc cutoff (length unit), pairs kept when
 *      d < rc strictly, d = |vector| from the original positions; rcLoose ≥ rc, the prefilter radius on
 *      wrapped coordinates (covers their rounding); half: 0 full list, 1 half list (keep i < j, or i == j
 *      with S lexicographically > 0).
 * fill = 0 (count): first[i + 1] = number of entries of atom i. Then {@link nl_prefix}.
 * fill = 1: writes row i at first[i]: jOut i32, dist f64, vec f64[3] = r_j − r_i + S·cell, shift i32[3] = S.
 * Scratch: nl_scratchBytes(n, grid) bytes. Returns the number of entries of these atoms (f64).
 */
export function nl_pass(
  n: i32, pos: usize, grid: usize, cellStart: usize, perm: usize, img: usize,
  sx: usize, sy: usize, sz: usize, s2: usize,
  rc: f64, rcLoose: f64, half: i32, fill: i32, cellBegin: i32, cellEnd: i32,
  first: usize, jOut: usize, dist: usize, vec: usize, shift: usize, scratch: usize,
): f64 {
  const nu = <usize>n;
  checkRange(pos, nu * 24);
  checkRange(grid, <usize>G_SIZE << 3);
  const n0 = <i32>gget(grid, G_NBIN), n1 = <i32>gget(grid, G_NBIN + 1), n2 = <i32>gget(grid, G_NBIN + 2);
  const r0 = <i32>gget(grid, G_REACH), r1 = <i32>gget(grid, G_REACH + 1);
  const ncell = n0 * n1 * n2;
  checkRange(cellStart, (<usize>ncell + 1) << 2);
  checkRange(perm, nu << 2);
  checkRange(img, nu * 12);
  checkRange(sx, nu << 3);
  checkRange(sy, nu << 3);
  checkRange(sz, nu << 3);
  checkRange(s2, nu << 3);
  checkRange(first, (nu + 1) << 2);
  checkRange(scratch, <usize>nl_scratchBytes(n, grid));
  const rows = scratch;
  const segs = rows + ((rowsOf(grid) * ROW_F64) << 3);
  const cand = segs + ((segsOf(grid) * SEG_F64) << 3);

  const per = <i32>gget(grid, G_PERIODIC);
  const p0 = (per & 1) != 0, p1 = (per & 2) != 0, p2 = (per & 4) != 0;
  const m00 = gget(grid, 0), m01 = gget(grid, 1), m02 = gget(grid, 2);
  const m10 = gget(grid, 3), m11 = gget(grid, 4), m12 = gget(grid, 5);
  const m20 = gget(grid, 6), m21 = gget(grid, 7), m22 = gget(grid, 8);
  const sc2 = gget(grid, G_SCALE + 2);
  const w2 = gget(grid, G_WINDOW);
  const rcl2 = rcLoose * rcLoose;
  const rcl2v = f64x2.splat(rcl2);
  let total: f64 = 0;

  for (let c = max(cellBegin, 0); c < min(cellEnd, ncell); c++) {
    const i0 = <usize>ldi(cellStart, <usize>c), i1 = <usize>ldi(cellStart, <usize>c + 1);
    if (i0 == i1) continue;
    const b1 = (c / n2) % n1, b0 = c / (n1 * n2);
    // Full column stencil (every image along the periodic axes a and b within reach).
    let nrow: usize = 0;
    for (let d0 = -r0; d0 <= r0; d0++) {
      let t0 = b0 + d0, B0: i32 = 0;
      if (p0) { B0 = floorDiv(t0, n0); t0 -= B0 * n0; } else if (t0 < 0 || t0 >= n0) continue;
      for (let d1 = -r1; d1 <= r1; d1++) {
        let t1 = b1 + d1, B1: i32 = 0;
        if (p1) { B1 = floorDiv(t1, n1); t1 -= B1 * n1; } else if (t1 < 0 || t1 >= n1) continue;
        const fB0 = <f64>B0, fB1 = <f64>B1;
        const rp = rows + ((nrow * ROW_F64) << 3);
        store<f64>(rp, <f64>((t0 * n1 + t1) * n2));
        store<f64>(rp + 8, fB0 * m00 + fB1 * m10);
        store<f64>(rp + 16, fB0 * m01 + fB1 * m11);
        store<f64>(rp + 24, fB0 * m02 + fB1 * m12);
        store<f64>(rp + 32, fB0);
        store<f64>(rp + 40, fB1);
        nrow++;
      }
    }

    for (let si = i0; si < i1; si++) {
      const i = <usize>ldi(perm, si);
      // The atom's window along axis 2, in bins, one segment per periodic image.
      const u = ld(s2, si);
      const eLo = <i32>floor((u - w2) * sc2), eHi = <i32>floor((u + w2) * sc2);
      let nseg: usize = 0;
      if (p2) {
        let e = eLo;
        while (e <= eHi) {
          const B2 = floorDiv(e, n2);
          const lo = e - B2 * n2;
          const hi = min(n2 - 1, lo + (eHi - e));
          const sp = segs + ((nseg * SEG_F64) << 3);
          store<f64>(sp, <f64>lo); store<f64>(sp + 8, <f64>hi); store<f64>(sp + 16, <f64>B2);
          nseg++;
          e += hi - lo + 1;
        }
      } else {
        const lo = max(eLo, 0), hi = min(eHi, n2 - 1);
        if (lo <= hi) {
          store<f64>(segs, <f64>lo); store<f64>(segs + 8, <f64>hi); store<f64>(segs + 16, 0);
          nseg = 1;
        }
      }
      const xi = ld(sx, si), yi = ld(sy, si), zi = ld(sz, si);
      const oi0 = load<i32>(img + 12 * si), oi1 = load<i32>(img + 12 * si + 4), oi2 = load<i32>(img + 12 * si + 8);
      const pix = ld(pos, 3 * si), piy = ld(pos, 3 * si + 1), piz = ld(pos, 3 * si + 2);
      let p: usize = fill ? <usize>ldi(first, i) : 0;
      let count: i32 = 0;
      for (let r: usize = 0; r < nrow; r++) {
        const rp = rows + ((r * ROW_F64) << 3);
        const rowBase = <i32>load<f64>(rp);
        const B0 = <i32>load<f64>(rp + 32), B1 = <i32>load<f64>(rp + 40);
        for (let g: usize = 0; g < nseg; g++) {
          const sp = segs + ((g * SEG_F64) << 3);
          const fB2 = load<f64>(sp + 16);
          const B2 = <i32>fB2;
          let sj = <usize>ldi(cellStart, <usize>(rowBase + <i32>load<f64>(sp)));
          const se = <usize>ldi(cellStart, <usize>(rowBase + <i32>load<f64>(sp + 8) + 1));
          if (sj >= se) continue;
          // Centre moved by −B·M: r_j(wrapped) − q is the vector to j's image B.
          const qx = xi - (load<f64>(rp + 8) + fB2 * m20);
          const qy = yi - (load<f64>(rp + 16) + fB2 * m21);
          const qz = zi - (load<f64>(rp + 24) + fB2 * m22);
          const qxv = f64x2.splat(qx), qyv = f64x2.splat(qy), qzv = f64x2.splat(qz);
          // Candidates within the loose radius, compacted branch-free (slot indices).
          let nc: usize = 0;
          for (; sj + 1 < se; sj += 2) {
            const dx = f64x2.sub(v128.load(sx + (sj << 3)), qxv);
            const dy = f64x2.sub(v128.load(sy + (sj << 3)), qyv);
            const dz = f64x2.sub(v128.load(sz + (sj << 3)), qzv);
            const d2v = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
            const hit = f64x2.lt(d2v, rcl2v);
            store<i32>(cand + (nc << 2), <i32>sj);
            nc += <usize>(i64x2.extract_lane(hit, 0) & 1);
            store<i32>(cand + (nc << 2), <i32>sj + 1);
            nc += <usize>(i64x2.extract_lane(hit, 1) & 1);
          }
          if (sj < se) {
            const dx = ld(sx, sj) - qx, dy = ld(sy, sj) - qy, dz = ld(sz, sj) - qz;
            store<i32>(cand + (nc << 2), <i32>sj);
            nc += <usize>(dx * dx + dy * dy + dz * dz < rcl2);
          }
          const zeroB = (B0 | B1 | B2) == 0;
          for (let t: usize = 0; t < nc; t++) {
            const sjj = <usize>ldi(cand, t);
            if (zeroB && sjj == si) continue;
            const j = <usize>ldi(perm, sjj);
            const S0 = B0 + oi0 - load<i32>(img + 12 * sjj);
            const S1 = B1 + oi1 - load<i32>(img + 12 * sjj + 4);
            const S2 = B2 + oi2 - load<i32>(img + 12 * sjj + 8);
            if (half) {
              if (j < i) continue;
              if (j == i && !(S0 > 0 || (S0 == 0 && (S1 > 0 || (S1 == 0 && S2 > 0))))) continue;
            }
            const fS0 = <f64>S0, fS1 = <f64>S1, fS2 = <f64>S2;
            const vx = (ld(pos, 3 * sjj) - pix) + (fS0 * m00 + fS1 * m10 + fS2 * m20);
            const vy = (ld(pos, 3 * sjj + 1) - piy) + (fS0 * m01 + fS1 * m11 + fS2 * m21);
            const vz = (ld(pos, 3 * sjj + 2) - piz) + (fS0 * m02 + fS1 * m12 + fS2 * m22);
            const d = sqrt(vx * vx + vy * vy + vz * vz);
            if (!(d < rc)) continue;
            if (fill) {
              store<i32>(jOut + (p << 2), <i32>j);
              store<f64>(dist + (p << 3), d);
              store<f64>(vec + 24 * p, vx);
              store<f64>(vec + 24 * p + 8, vy);
              store<f64>(vec + 24 * p + 16, vz);
              store<i32>(shift + 12 * p, S0);
              store<i32>(shift + 12 * p + 4, S1);
              store<i32>(shift + 12 * p + 8, S2);
              p++;
            }
            count++;
          }
        }
      }
      if (!fill) store<i32>(first + ((i + 1) << 2), count);
      total += <f64>count;
    }
  }
  return total;
}

/**
 * Gathers the original positions and integer images into cell order (spos f64[3n], simg i32[3n] at
 * slot s = those of atom perm[s]), so {@link nl_pass} reads its neighbors' data from nearby memory.
 */
export function nl_gather(n: i32, pos: usize, img: usize, perm: usize, spos: usize, simg: usize): void {
  const nu = <usize>n;
  checkRange(pos, nu * 24);
  checkRange(img, nu * 12);
  checkRange(perm, nu << 2);
  checkRange(spos, nu * 24);
  checkRange(simg, nu * 12);
  for (let s: usize = 0; s < nu; s++) {
    const i = <usize>ldi(perm, s);
    store<f64>(spos + 24 * s, ld(pos, 3 * i));
    store<f64>(spos + 24 * s + 8, ld(pos, 3 * i + 1));
    store<f64>(spos + 24 * s + 16, ld(pos, 3 * i + 2));
    store<i32>(simg + 12 * s, load<i32>(img + 12 * i));
    store<i32>(simg + 12 * s + 4, load<i32>(img + 12 * i + 4));
    store<i32>(simg + 12 * s + 8, load<i32>(img + 12 * i + 8));
  }
}

/**
 * Turns the per-atom counts of a counting {@link nl_pass} (first[i + 1]) into row starts: first[0] = 0,
 * first[i + 1] = first[i] + count_i. Returns the total P (f64); −1 if it does not fit in i32 (nothing
 * usable is left in first then).
 */
export function nl_prefix(n: i32, first: usize): f64 {
  checkRange(first, (<usize>n + 1) << 2);
  let acc: i64 = 0;
  store<i32>(first, 0);
  for (let i: usize = 1; i <= <usize>n; i++) {
    acc += <i64>load<i32>(first + (i << 2));
    if (acc > 0x7fffffff) return -1;
    store<i32>(first + (i << 2), <i32>acc);
  }
  return <f64>acc;
}

export { cells_extent, cells_build } from "./cells";

/**
 * Compacts a neighbor list kept with a skin (radius r_c + skin, built at earlier positions) to the entries
 * that are inside their cutoff at the current positions, for kernels whose cost grows with the list
 * length (Tersoff loops over pairs of neighbors). Entries keep their order.
 *
 * In:  positions f64[3n] (current), cell f64[9] (rows a, b, c), types i32[n] (or 0: every atom type 0),
 *      cut2 f64[nt·nt] squared cutoff per (type of i, type of j); the list first i32[n+1], nbrJ i32[P],
 *      shift i32[3P]; an entry (i, j, S) is kept when |x_j − x_i + S·cell|² < cut2[t_i·nt + t_j].
 * Out: first2 i32[n+1], j2 i32[≤P], shift2 i32[3·≤P] (room for P entries); diag f64[2] = smallest kept
 *      distance (Infinity if none) and its entry index in the compacted list (−1 if none).
 * Returns the number of kept entries.
 */
export function nl_filter(
  n: i32, positions: usize, cell: usize, types: usize, nt: i32, cut2: usize,
  first: usize, nbrJ: usize, shift: usize, first2: usize, j2: usize, shift2: usize, diag: usize,
): i32 {
  const nu = <usize>n;
  checkRange(positions, nu * 24);
  checkRange(cell, 72);
  if (types) checkRange(types, nu << 2);
  checkRange(cut2, <usize>(nt * nt) << 3);
  checkRange(first, (nu + 1) << 2);
  checkRange(first2, (nu + 1) << 2);
  checkRange(diag, 16);
  const total = load<i32>(first + (nu << 2));
  checkRange(nbrJ, <usize>total << 2);
  checkRange(shift, <usize>total * 12);
  checkRange(j2, <usize>total << 2);
  checkRange(shift2, <usize>total * 12);
  const c00 = load<f64>(cell), c01 = load<f64>(cell, 8), c02 = load<f64>(cell, 16);
  const c10 = load<f64>(cell, 24), c11 = load<f64>(cell, 32), c12 = load<f64>(cell, 40);
  const c20 = load<f64>(cell, 48), c21 = load<f64>(cell, 56), c22 = load<f64>(cell, 64);
  let out: i32 = 0;
  let minsq: f64 = Infinity;
  let minp: i32 = -1;
  store<i32>(first2, 0);
  for (let i = 0; i < n; i++) {
    const ip = positions + <usize>i * 24;
    const xi = load<f64>(ip), yi = load<f64>(ip, 8), zi = load<f64>(ip, 16);
    const row = types ? cut2 + (<usize>(load<i32>(types + (<usize>i << 2)) * nt) << 3) : cut2;
    const p0 = load<i32>(first + (<usize>i << 2)), p1 = load<i32>(first + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = load<i32>(nbrJ + (<usize>p << 2));
      const sp = shift + <usize>p * 12;
      const s0 = load<i32>(sp), s1 = load<i32>(sp, 4), s2 = load<i32>(sp, 8);
      const f0 = <f64>s0, f1 = <f64>s1, f2 = <f64>s2;
      const jp = positions + <usize>j * 24;
      const dx = load<f64>(jp) - xi + f0 * c00 + f1 * c10 + f2 * c20;
      const dy = load<f64>(jp, 8) - yi + f0 * c01 + f1 * c11 + f2 * c21;
      const dz = load<f64>(jp, 16) - zi + f0 * c02 + f1 * c12 + f2 * c22;
      const rsq = dx * dx + dy * dy + dz * dz;
      const lim = types ? load<f64>(row + (<usize>load<i32>(types + (<usize>j << 2)) << 3)) : load<f64>(row);
      if (!(rsq < lim)) continue;
      if (rsq < minsq) { minsq = rsq; minp = out; }
      store<i32>(j2 + (<usize>out << 2), j);
      const op = shift2 + <usize>out * 12;
      store<i32>(op, s0); store<i32>(op, s1, 4); store<i32>(op, s2, 8);
      out++;
    }
    store<i32>(first2 + (<usize>(i + 1) << 2), out);
  }
  store<f64>(diag, Math.sqrt(minsq));
  store<f64>(diag, <f64>minp, 8);
  return out;
}
