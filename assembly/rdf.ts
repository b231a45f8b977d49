// g(r) pair histograms straight from the cell list (assembly/cells.ts): no neighbor list is stored, so
// memory stays O(N + cells + histogram) and N = 10⁶ fits easily.
//
// Each unordered pair {(i, j, S), (j, i, −S)} is visited once (half stencil: bin offsets lexicographically
// positive, plus j after i inside the same bin) and counted once in hist[t_i][t_j][k]; the ordered pair
// count of types (a, b) is then hist[a][b] + hist[b][a] (TypeScript adds them).
import { checkRange } from "./memory";
import { G_SIZE, G_NBIN, G_REACH, G_PERIODIC, gget, ld, ldi, floorDiv } from "./cells";

// @ts-ignore: decorator
@inline function bump(hist: usize, row: usize, d2: f64, rMin: f64, rMax: f64, dr: f64, bins: i32): void {
  const d = sqrt(d2);
  if (d < rMax && d >= rMin) {
    // The reference bin rule: k = floor((d − rMin)/dr), pairs with d ≥ rMax dropped.
    const k = <i32>floor((d - rMin) / dr);
    if (k < bins) {
      const p = hist + ((row + <usize>k) << 3);
      store<f64>(p, load<f64>(p) + 1.0);
    }
  }
}

/**
 * Adds the unordered pair counts of one structure (one frame) into hist.
 *
 * In:  grid block and cell list from cells_build (cellStart, sx, sy, sz wrapped sorted coordinates, stype
 *      sorted type indices); ntypes T; bins [rMin + k·dr, rMin + (k+1)·dr), k < bins, dr = (rMax − rMin)/bins
 *      (lengths in Å or σ). The cell list must have been built with a search radius ≥ rMax.
 * In/out: hist f64[T·T·bins], hist[(t_i·T + t_j)·bins + k] += 1 for every unordered pair visited (i, j).
 * Returns the number of unordered pairs counted (f64).
 */
export function rdf_accumulate(
  n: i32, grid: usize, cellStart: usize, sx: usize, sy: usize, sz: usize, stype: usize,
  ntypes: i32, rMin: f64, rMax: f64, bins: i32, hist: usize,
): f64 {
  const nu = <usize>n;
  checkRange(grid, <usize>G_SIZE << 3);
  const n0 = <i32>gget(grid, G_NBIN), n1 = <i32>gget(grid, G_NBIN + 1), n2 = <i32>gget(grid, G_NBIN + 2);
  const r0 = <i32>gget(grid, G_REACH), r1 = <i32>gget(grid, G_REACH + 1), r2 = <i32>gget(grid, G_REACH + 2);
  const ncell = n0 * n1 * n2;
  checkRange(cellStart, (<usize>ncell + 1) << 2);
  checkRange(sx, nu << 3);
  checkRange(sy, nu << 3);
  checkRange(sz, nu << 3);
  checkRange(stype, nu << 2);
  const T = <usize>ntypes;
  checkRange(hist, (T * T * <usize>bins) << 3);
  const per = <i32>gget(grid, G_PERIODIC);
  const p0 = (per & 1) != 0, p1 = (per & 2) != 0, p2 = (per & 4) != 0;
  const m00 = gget(grid, 0), m01 = gget(grid, 1), m02 = gget(grid, 2);
  const m10 = gget(grid, 3), m11 = gget(grid, 4), m12 = gget(grid, 5);
  const m20 = gget(grid, 6), m21 = gget(grid, 7), m22 = gget(grid, 8);
  const dr = (rMax - rMin) / <f64>bins;
  const binsU = <usize>bins;
  // Prefilter on d² with a hair of slack; the exact test d < rMax is on sqrt(d²) in bump().
  const cut2 = rMax * rMax * (1 + 1e-12);
  const cut2v = f64x2.splat(cut2);
  let pairs: f64 = 0;

  for (let c = 0; c < ncell; c++) {
    const b2 = c % n2, b1 = (c / n2) % n1, b0 = c / (n1 * n2);
    const i0 = <usize>ldi(cellStart, <usize>c), i1 = <usize>ldi(cellStart, <usize>c + 1);
    if (i0 == i1) continue;

    // Same cell, no shift: j after i.
    for (let i = i0; i < i1; i++) {
      const qx = ld(sx, i), qy = ld(sy, i), qz = ld(sz, i);
      const row = (<usize>ldi(stype, i) * T) * binsU;
      for (let j = i + 1; j < i1; j++) {
        const dx = ld(sx, j) - qx, dy = ld(sy, j) - qy, dz = ld(sz, j) - qz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < cut2) {
          bump(hist, row + <usize>ldi(stype, j) * binsU, d2, rMin, rMax, dr, bins);
          pairs += 1;
        }
      }
    }

    // Bin offsets lexicographically > 0: every other unordered pair exactly once.
    for (let d0 = 0; d0 <= r0; d0++) {
      let t0 = b0 + d0, B0: i32 = 0;
      if (p0) { B0 = floorDiv(t0, n0); t0 -= B0 * n0; } else if (t0 >= n0) continue;
      for (let d1 = d0 == 0 ? 0 : -r1; d1 <= r1; d1++) {
        let t1 = b1 + d1, B1: i32 = 0;
        if (p1) { B1 = floorDiv(t1, n1); t1 -= B1 * n1; } else if (t1 < 0 || t1 >= n1) continue;
        for (let d2 = (d0 == 0 && d1 == 0) ? 1 : -r2; d2 <= r2; d2++) {
          let t2 = b2 + d2, B2: i32 = 0;
          if (p2) { B2 = floorDiv(t2, n2); t2 -= B2 * n2; } else if (t2 < 0 || t2 >= n2) continue;
          const cc = <usize>((t0 * n1 + t1) * n2 + t2);
          const j0 = <usize>ldi(cellStart, cc), j1 = <usize>ldi(cellStart, cc + 1);
          if (j0 == j1) continue;
          const fB0 = <f64>B0, fB1 = <f64>B1, fB2 = <f64>B2;
          const bx = fB0 * m00 + fB1 * m10 + fB2 * m20;
          const by = fB0 * m01 + fB1 * m11 + fB2 * m21;
          const bz = fB0 * m02 + fB1 * m12 + fB2 * m22;
          for (let i = i0; i < i1; i++) {
            // Centre moved by −B·M: r_j(wrapped) − q is the vector to j's image B.
            const qx = ld(sx, i) - bx, qy = ld(sy, i) - by, qz = ld(sz, i) - bz;
            const row = (<usize>ldi(stype, i) * T) * binsU;
            const qxv = f64x2.splat(qx), qyv = f64x2.splat(qy), qzv = f64x2.splat(qz);
            let j = j0;
            for (; j + 1 < j1; j += 2) {
              const dx = f64x2.sub(v128.load(sx + (j << 3)), qxv);
              const dy = f64x2.sub(v128.load(sy + (j << 3)), qyv);
              const dz = f64x2.sub(v128.load(sz + (j << 3)), qzv);
              const d2v = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
              const hit = f64x2.lt(d2v, cut2v);
              if (v128.any_true(hit)) {
                if (i64x2.extract_lane(hit, 0) != 0) {
                  bump(hist, row + <usize>ldi(stype, j) * binsU, f64x2.extract_lane(d2v, 0), rMin, rMax, dr, bins);
                  pairs += 1;
                }
                if (i64x2.extract_lane(hit, 1) != 0) {
                  bump(hist, row + <usize>ldi(stype, j + 1) * binsU, f64x2.extract_lane(d2v, 1), rMin, rMax, dr, bins);
                  pairs += 1;
                }
              }
            }
            if (j < j1) {
              const dx = ld(sx, j) - qx, dy = ld(sy, j) - qy, dz = ld(sz, j) - qz;
              const d2 = dx * dx + dy * dy + dz * dz;
              if (d2 < cut2) {
                bump(hist, row + <usize>ldi(stype, j) * binsU, d2, rMin, rMax, dr, bins);
                pairs += 1;
              }
            }
          }
        }
      }
    }
  }
  return pairs;
}

/**
 * Gaussian smoothing on the bin grid, row by row: out[s][k] = Σ_q w_kq in[s][q] / Σ_q w_kq with
 * w_kq = exp(−(r_k − r_q)²/(2σ²)), renormalised at the ends of the range, terms beyond 10σ (w < 2e-22,
 * below double precision next to w_kk = 1) skipped. The exp runs here, in WASM, so results are
 * bit-identical in every JavaScript engine.
 *
 * In: centers f64[bins] ascending (Å or σ); sigma > 0 (same unit); input f64[series·bins].
 * Out: output f64[series·bins]. Scratch: weights f64[bins].
 */
export function rdf_smooth(bins: i32, centers: usize, sigma: f64, series: i32, input: usize, output: usize, weights: usize): void {
  const b = <usize>bins;
  const ns = <usize>series;
  checkRange(centers, b << 3);
  checkRange(input, (ns * b) << 3);
  checkRange(output, (ns * b) << 3);
  checkRange(weights, b << 3);
  const inv2s2 = 1.0 / (2.0 * sigma * sigma);
  const reach = 10.0 * sigma;
  let lo: usize = 0;
  for (let k: usize = 0; k < b; k++) {
    const rk = ld(centers, k);
    while (lo < k && rk - ld(centers, lo) > reach) lo++;
    let hi = k + 1;
    while (hi < b && ld(centers, hi) - rk <= reach) hi++;
    let sum: f64 = 0;
    for (let q = lo; q < hi; q++) {
      const t = rk - ld(centers, q);
      const w = Math.exp(-t * t * inv2s2);
      store<f64>(weights + (q << 3), w);
      sum += w;
    }
    const inv = 1.0 / sum;
    for (let s: usize = 0; s < ns; s++) {
      const inRow = input + ((s * b) << 3);
      let acc: f64 = 0;
      for (let q = lo; q < hi; q++) acc += ld(weights, q) * ld(inRow, q);
      store<f64>(output + ((s * b + k) << 3), acc * inv);
    }
  }
}
