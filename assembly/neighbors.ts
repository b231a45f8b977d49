// Neighbor lists from cell lists (assembly/cells.ts): every (i, j, S) with |r_j − r_i + S·cell| < rc,
// all periodic images, in CSR form. O(N) for a fixed density and cutoff.
import { checkRange } from "./memory";
import { G_SIZE, G_NBIN, G_REACH, G_PERIODIC, gget, ld, ldi, floorDiv } from "./cells";

/**
 * Builds the full or half neighbor list.
 *
 * In:  pos f64[3n] ORIGINAL Cartesian positions (not wrapped); grid block and the cell list from
 *      cells_build (cellOf, cellStart, perm, slot, img, sx, sy, sz); rc cutoff (length unit), pairs kept when
 *      d < rc strictly; rcLoose ≥ rc, the prefilter radius on wrapped coordinates (covers their rounding);
 *      half: 0 full list, 1 half list (keep i < j, or i == j with S lexicographically > 0); cap: room for
 *      entries in the outputs.
 * Out: first i32[n + 1] (always written completely); for entries p < cap: jOut i32[p], dist f64[p],
 *      vec f64[3p] = r_j − r_i + S·cell (original positions), shift i32[3p] = S.
 * Returns the total number of entries P as f64; when P > cap only the first cap entries were written and
 * the caller must call again with cap ≥ P.
 */
export function nl_build(
  n: i32, pos: usize, grid: usize,
  cellOf: usize, cellStart: usize, perm: usize, slot: usize, img: usize,
  sx: usize, sy: usize, sz: usize,
  rc: f64, rcLoose: f64, half: i32, cap: i32,
  first: usize, jOut: usize, dist: usize, vec: usize, shift: usize,
): f64 {
  const nu = <usize>n;
  checkRange(pos, nu * 24);
  checkRange(grid, <usize>G_SIZE << 3);
  const n0 = <i32>gget(grid, G_NBIN), n1 = <i32>gget(grid, G_NBIN + 1), n2 = <i32>gget(grid, G_NBIN + 2);
  const r0 = <i32>gget(grid, G_REACH), r1 = <i32>gget(grid, G_REACH + 1), r2 = <i32>gget(grid, G_REACH + 2);
  checkRange(cellOf, nu << 2);
  checkRange(cellStart, (<usize>(n0 * n1 * n2) + 1) << 2);
  checkRange(perm, nu << 2);
  checkRange(slot, nu << 2);
  checkRange(img, nu * 12);
  checkRange(sx, nu << 3);
  checkRange(sy, nu << 3);
  checkRange(sz, nu << 3);
  checkRange(first, (nu + 1) << 2);
  const capu = <usize>max(cap, 0);
  checkRange(jOut, capu << 2);
  checkRange(dist, capu << 3);
  checkRange(vec, capu * 24);
  checkRange(shift, capu * 12);

  const per = <i32>gget(grid, G_PERIODIC);
  const p0 = (per & 1) != 0, p1 = (per & 2) != 0, p2 = (per & 4) != 0;
  const m00 = gget(grid, 0), m01 = gget(grid, 1), m02 = gget(grid, 2);
  const m10 = gget(grid, 3), m11 = gget(grid, 4), m12 = gget(grid, 5);
  const m20 = gget(grid, 6), m21 = gget(grid, 7), m22 = gget(grid, 8);
  const rcl2 = rcLoose * rcLoose;
  let count: u64 = 0;
  store<i32>(first, 0);
  for (let i: usize = 0; i < nu; i++) {
    const si = <usize>ldi(slot, i);
    const c = ldi(cellOf, i);
    const b2 = c % n2, b1 = (c / n2) % n1, b0 = c / (n1 * n2);
    const xi = ld(sx, si), yi = ld(sy, si), zi = ld(sz, si);
    const oi0 = load<i32>(img + 12 * i), oi1 = load<i32>(img + 12 * i + 4), oi2 = load<i32>(img + 12 * i + 8);
    const pix = ld(pos, 3 * i), piy = ld(pos, 3 * i + 1), piz = ld(pos, 3 * i + 2);
    for (let d0 = -r0; d0 <= r0; d0++) {
      let t0 = b0 + d0, B0: i32 = 0;
      if (p0) { B0 = floorDiv(t0, n0); t0 -= B0 * n0; } else if (t0 < 0 || t0 >= n0) continue;
      for (let d1 = -r1; d1 <= r1; d1++) {
        let t1 = b1 + d1, B1: i32 = 0;
        if (p1) { B1 = floorDiv(t1, n1); t1 -= B1 * n1; } else if (t1 < 0 || t1 >= n1) continue;
        for (let d2 = -r2; d2 <= r2; d2++) {
          let t2 = b2 + d2, B2: i32 = 0;
          if (p2) { B2 = floorDiv(t2, n2); t2 -= B2 * n2; } else if (t2 < 0 || t2 >= n2) continue;
          const cc = <usize>((t0 * n1 + t1) * n2 + t2);
          const fB0 = <f64>B0, fB1 = <f64>B1, fB2 = <f64>B2;
          // Centre moved by −B·M: then r_j(wrapped) − q is the vector to j's image B.
          const qx = xi - (fB0 * m00 + fB1 * m10 + fB2 * m20);
          const qy = yi - (fB0 * m01 + fB1 * m11 + fB2 * m21);
          const qz = zi - (fB0 * m02 + fB1 * m12 + fB2 * m22);
          const zeroB = (B0 | B1 | B2) == 0;
          const end = <usize>ldi(cellStart, cc + 1);
          for (let sj = <usize>ldi(cellStart, cc); sj < end; sj++) {
            const dx = ld(sx, sj) - qx, dy = ld(sy, sj) - qy, dz = ld(sz, sj) - qz;
            if (dx * dx + dy * dy + dz * dz >= rcl2) continue;
            const j = <usize>ldi(perm, sj);
            if (j == i && zeroB) continue;
            const S0 = B0 + oi0 - load<i32>(img + 12 * j);
            const S1 = B1 + oi1 - load<i32>(img + 12 * j + 4);
            const S2 = B2 + oi2 - load<i32>(img + 12 * j + 8);
            if (half) {
              if (j < i) continue;
              if (j == i && !(S0 > 0 || (S0 == 0 && (S1 > 0 || (S1 == 0 && S2 > 0))))) continue;
            }
            const fS0 = <f64>S0, fS1 = <f64>S1, fS2 = <f64>S2;
            const vx = (ld(pos, 3 * j) - pix) + (fS0 * m00 + fS1 * m10 + fS2 * m20);
            const vy = (ld(pos, 3 * j + 1) - piy) + (fS0 * m01 + fS1 * m11 + fS2 * m21);
            const vz = (ld(pos, 3 * j + 2) - piz) + (fS0 * m02 + fS1 * m12 + fS2 * m22);
            const d = sqrt(vx * vx + vy * vy + vz * vz);
            if (!(d < rc)) continue;
            if (count < <u64>capu) {
              const p = <usize>count;
              store<i32>(jOut + (p << 2), <i32>j);
              store<f64>(dist + (p << 3), d);
              store<f64>(vec + 24 * p, vx);
              store<f64>(vec + 24 * p + 8, vy);
              store<f64>(vec + 24 * p + 16, vz);
              store<i32>(shift + 12 * p, S0);
              store<i32>(shift + 12 * p + 4, S1);
              store<i32>(shift + 12 * p + 8, S2);
            }
            count++;
          }
        }
      }
    }
    store<i32>(first + ((i + 1) << 2), <i32>count);
  }
  return <f64>count;
}

export { cells_extent, cells_build } from "./cells";
