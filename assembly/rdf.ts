// g(r) pair histograms straight from the cell list (assembly/cells.ts): no neighbor list is stored, so
// memory stays O(N + cells + histogram) and N = 10⁶ fits easily.
//
// Each unordered pair {(i, j, S), (j, i, −S)} is visited once (half stencil: bin offsets lexicographically
// positive, plus j after i inside the same bin) and counted once in hist[t_i][t_j][k]; the ordered pair
// count of types (a, b) is then hist[a][b] + hist[b][a] (TypeScript adds them).
import { checkRange } from "./memory";
import { G_SIZE, G_NBIN, G_REACH, G_PERIODIC, G_SCALE, G_WINDOW, gget, ld, ldi, floorDiv } from "./cells";

// Scratch layout (f64 units per entry): rows of the column stencil (rowBase, shift x, y, z), window
// segments along axis 2 (first bin, last bin, image), bin thresholds, hit buffers.
const ROW_F64: usize = 4;
const SEG_F64: usize = 3;

/** Rows of the half column stencil and segments of one atom's window, for a grid (upper bounds). */
// @ts-ignore: decorator
@inline function stencilRows(grid: usize): usize {
  const r0 = <usize>gget(grid, G_REACH), r1 = <usize>gget(grid, G_REACH + 1);
  return (2 * r0 + 1) * (2 * r1 + 1) + 2;
}
// @ts-ignore: decorator
@inline function windowSegments(grid: usize): usize {
  return <usize>ceil(2 * gget(grid, G_WINDOW)) + 4;
}

/** Scratch bytes {@link rdf_accumulate} needs for n atoms, this grid and this many bins. */
export function rdf_scratchBytes(n: i32, grid: usize, bins: i32): f64 {
  const entries = stencilRows(grid) * ROW_F64 + windowSegments(grid) * SEG_F64 + <usize>bins + 2;
  return <f64>(entries << 3) + <f64>(n + 4) * 12 + 64;
}

/** floor((d − rMin)/dr): the reference bin rule. */
// @ts-ignore: decorator
@inline function binRule(d: f64, rMin: f64, dr: f64): f64 {
  return floor((d - rMin) / dr);
}

/**
 * Exact thresholds E[k] = the smallest double d with floor((d − rMin)/dr) ≥ k (k = 1 … bins), E[0] = rMin,
 * E[bins] lowered to rMax (pairs with d ≥ rMax are dropped) and E[bins + 1] = ∞. The rule is monotone in d, so a pair's
 * bin is the k with E[k] ≤ d < E[k+1]: a multiply gives k to within one, a compare makes it exact, and no
 * division runs per pair.
 */
function binThresholds(E: usize, rMin: f64, rMax: f64, bins: i32, dr: f64): void {
  store<f64>(E, rMin);
  for (let k = 1; k <= bins; k++) {
    const kf = <f64>k;
    let e = rMin + kf * dr;
    if (binRule(e, rMin, dr) >= kf) {
      for (;;) {
        const p = reinterpret<f64>(reinterpret<i64>(e) - 1);
        if (p >= rMin && binRule(p, rMin, dr) >= kf) e = p; else break;
      }
    } else {
      while (binRule(e, rMin, dr) < kf) e = reinterpret<f64>(reinterpret<i64>(e) + 1);
    }
    store<f64>(E + (<usize>k << 3), e);
  }
  const last = E + (<usize>bins << 3);
  store<f64>(last, min(load<f64>(last), rMax));
  store<f64>(last + 8, Infinity);
}

// @ts-ignore: decorator
@inline function binOne(hist: usize, row: usize, stype: usize, bins: i32, E: usize, d: f64, g: i32, j: usize): i32 {
  // The guess g from a multiply is within one bin of the rule (|x·(1/dr) − x/dr| ≤ 3 ulp · bins < 1 for
  // bins ≤ 10⁷); one compare each way makes it exact: E[k] ≤ d < E[k+1]. k = −1 means d < rMin.
  const e = E + (<usize>g << 3);
  const k = g - <i32>(d < load<f64>(e)) + <i32>(d >= load<f64>(e + 8));
  if (<u32>k < <u32>bins) {
    const p = hist + ((row + <usize>ldi(stype, j) * <usize>bins + <usize>k) << 3);
    store<f64>(p, load<f64>(p) + 1.0);
    return 1;
  }
  return 0;
}

/**
 * Bins the buffered hits of one centre atom (distance² and sorted slot of j), two at a time: square roots,
 * bin guesses (clamped to [0, bins] and converted) in SIMD, then the exact compare per hit.
 */
// @ts-ignore: decorator
@inline function binHits(
  hist: usize, row: usize, stype: usize, bins: i32, E: usize, hitD: usize, hitJ: usize, nh: usize, rMin: f64, invDr: f64,
): i32 {
  let pairs: i32 = 0;
  const rMinV = f64x2.splat(rMin), invV = f64x2.splat(invDr);
  const zero = f64x2.splat(0), top = f64x2.splat(<f64>bins);
  let h: usize = 0;
  for (; h + 1 < nh; h += 2) {
    const dv = f64x2.sqrt(v128.load(hitD + (h << 3)));
    const kv = f64x2.min(f64x2.max(f64x2.floor(f64x2.mul(f64x2.sub(dv, rMinV), invV)), zero), top);
    pairs += binOne(hist, row, stype, bins, E, f64x2.extract_lane(dv, 0), <i32>f64x2.extract_lane(kv, 0), <usize>ldi(hitJ, h));
    pairs += binOne(hist, row, stype, bins, E, f64x2.extract_lane(dv, 1), <i32>f64x2.extract_lane(kv, 1), <usize>ldi(hitJ, h + 1));
  }
  if (h < nh) {
    const d = sqrt(ld(hitD, h));
    const g = <i32>min(max(floor((d - rMin) * invDr), 0), <f64>bins);
    pairs += binOne(hist, row, stype, bins, E, d, g, <usize>ldi(hitJ, h));
  }
  return pairs;
}

/**
 * Prepares {@link rdf_accumulate} for one set of bins: the exact bin thresholds, in scratch
 * (rdf_scratchBytes(n, grid, bins) bytes). Same arguments as rdf_accumulate.
 */
export function rdf_prepare(n: i32, grid: usize, rMin: f64, rMax: f64, bins: i32, scratch: usize): void {
  checkRange(grid, <usize>G_SIZE << 3);
  checkRange(scratch, <usize>rdf_scratchBytes(n, grid, bins));
  const rows = scratch;
  const segs = rows + ((stencilRows(grid) * ROW_F64) << 3);
  const E = segs + ((windowSegments(grid) * SEG_F64) << 3);
  binThresholds(E, rMin, rMax, bins, (rMax - rMin) / <f64>bins);
}

/**
 * Adds the unordered pair counts of one structure (one frame) into hist.
 *
 * In:  a COLUMN-mode grid and cell list from cells_build (cellStart; sx, sy, sz wrapped sorted Cartesian
 *      coordinates; s2 sorted fractional coordinate along axis 2; stype sorted type indices): bins along
 *      axes 0 and 1 at least rMax/reach thick, any number of bins along axis 2, G_WINDOW = rMax/height₂
 *      (with margin). ntypes T; bins [rMin + k·dr, rMin + (k+1)·dr), dr = (rMax − rMin)/bins (Å or σ).
 * In/out: hist f64[T·T·bins], hist[(t_i·T + t_j)·bins + k] += 1 for every unordered pair (i, j) visited.
 * Scratch: rdf_scratchBytes(n, grid, bins) bytes, filled by rdf_prepare for this frame.
 * Only cells cellBegin … cellEnd − 1 are centres: TypeScript calls in chunks, so V8 tiers the function up
 * from its baseline compiler after the first chunks rather than running a single long call unoptimised.
 * Returns the number of unordered pairs counted (f64).
 *
 * Each atom looks at the columns of a half stencil (rows (d0, d1) ≥ (0, 0) lexicographically) and, in
 * each, only at the bins along axis 2 that its own window [s2 − w, s2 + w] touches: contiguous runs of
 * sorted atoms, one per periodic image. In its own column it takes the atoms after it (image 0) and the
 * positive images. Distances are computed two at a time (f64x2) and hits compacted branch-free into a
 * buffer, then binned: square roots two at a time, bins from exact thresholds (no division).
 */
export function rdf_accumulate(
  n: i32, grid: usize, cellStart: usize, sx: usize, sy: usize, sz: usize, s2: usize, stype: usize,
  ntypes: i32, rMin: f64, rMax: f64, bins: i32, hist: usize, scratch: usize, cellBegin: i32, cellEnd: i32,
): f64 {
  const nu = <usize>n;
  checkRange(grid, <usize>G_SIZE << 3);
  const n0 = <i32>gget(grid, G_NBIN), n1 = <i32>gget(grid, G_NBIN + 1), n2 = <i32>gget(grid, G_NBIN + 2);
  const r0 = <i32>gget(grid, G_REACH), r1 = <i32>gget(grid, G_REACH + 1);
  const ncell = n0 * n1 * n2;
  checkRange(cellStart, (<usize>ncell + 1) << 2);
  checkRange(sx, nu << 3);
  checkRange(sy, nu << 3);
  checkRange(sz, nu << 3);
  checkRange(s2, nu << 3);
  checkRange(stype, nu << 2);
  const T = <usize>ntypes;
  checkRange(hist, (T * T * <usize>bins) << 3);
  checkRange(scratch, <usize>rdf_scratchBytes(n, grid, bins));
  const rows = scratch;
  const segs = rows + ((stencilRows(grid) * ROW_F64) << 3);
  const E = segs + ((windowSegments(grid) * SEG_F64) << 3);
  const hitD = (E + ((<usize>bins + 2) << 3) + 15) & ~<usize>15;
  const hitJ = hitD + ((nu + 4) << 3);
  const hitCap = nu + 4;

  const per = <i32>gget(grid, G_PERIODIC);
  const p0 = (per & 1) != 0, p1 = (per & 2) != 0, p2 = (per & 4) != 0;
  const m00 = gget(grid, 0), m01 = gget(grid, 1), m02 = gget(grid, 2);
  const m10 = gget(grid, 3), m11 = gget(grid, 4), m12 = gget(grid, 5);
  const m20 = gget(grid, 6), m21 = gget(grid, 7), m22 = gget(grid, 8);
  const sc2 = gget(grid, G_SCALE + 2);
  const w2 = gget(grid, G_WINDOW);
  const dr = (rMax - rMin) / <f64>bins;
  const invDr = 1.0 / dr;
  // Prefilter on d² with a hair of slack; the exact test d < rMax is on sqrt(d²) (thresholds).
  const cut2 = rMax * rMax * (1 + 1e-12);
  const cut2v = f64x2.splat(cut2);
  let pairs: f64 = 0;
  for (let c = max(cellBegin, 0); c < min(cellEnd, ncell); c++) {
    const i0 = <usize>ldi(cellStart, <usize>c), i1 = <usize>ldi(cellStart, <usize>c + 1);
    if (i0 == i1) continue;
    const b1 = (c / n2) % n1, b0 = c / (n1 * n2);

    // Half column stencil: rows (d0, d1) lexicographically ≥ (0, 0); row 0 is the atom's own column.
    let nrow: usize = 0;
    for (let d0 = 0; d0 <= r0; d0++) {
      let t0 = b0 + d0, B0: i32 = 0;
      if (p0) { B0 = floorDiv(t0, n0); t0 -= B0 * n0; } else if (t0 >= n0) continue;
      for (let d1 = d0 == 0 ? 0 : -r1; d1 <= r1; d1++) {
        let t1 = b1 + d1, B1: i32 = 0;
        if (p1) { B1 = floorDiv(t1, n1); t1 -= B1 * n1; } else if (t1 < 0 || t1 >= n1) continue;
        const fB0 = <f64>B0, fB1 = <f64>B1;
        const rp = rows + ((nrow * ROW_F64) << 3);
        store<f64>(rp, <f64>((t0 * n1 + t1) * n2));
        store<f64>(rp + 8, fB0 * m00 + fB1 * m10);
        store<f64>(rp + 16, fB0 * m01 + fB1 * m11);
        store<f64>(rp + 24, fB0 * m02 + fB1 * m12);
        nrow++;
      }
    }

    for (let i = i0; i < i1; i++) {
      // The atom's window along axis 2, in bins, split into runs of one periodic image each.
      const u = ld(s2, i);
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

      const xi = ld(sx, i), yi = ld(sy, i), zi = ld(sz, i);
      const row = (<usize>ldi(stype, i) * T) * <usize>bins;
      let nh: usize = 0;
      for (let r: usize = 0; r < nrow; r++) {
        const rp = rows + ((r * ROW_F64) << 3);
        const rowBase = <i32>load<f64>(rp);
        for (let g: usize = 0; g < nseg; g++) {
          const sp = segs + ((g * SEG_F64) << 3);
          const B2 = load<f64>(sp + 16);
          let j: usize;
          if (r == 0) {
            // Own column: image 0 → only atoms after i; negative images are counted by the partner.
            if (B2 < 0) continue;
            j = B2 == 0 ? i + 1 : <usize>ldi(cellStart, <usize>(rowBase + <i32>load<f64>(sp)));
          } else {
            j = <usize>ldi(cellStart, <usize>(rowBase + <i32>load<f64>(sp)));
          }
          const je = <usize>ldi(cellStart, <usize>(rowBase + <i32>load<f64>(sp + 8) + 1));
          if (j >= je) continue;
          if (nh + (je - j) + 2 > hitCap) {
            // Many images (a cutoff several cells long): bin what we have before the buffer overflows.
            pairs += <f64>binHits(hist, row, stype, bins, E, hitD, hitJ, nh, rMin, invDr);
            nh = 0;
          }
          // Centre moved by −B·M: r_j(wrapped) − q is the vector to j's image B.
          const qx = xi - (load<f64>(rp + 8) + B2 * m20);
          const qy = yi - (load<f64>(rp + 16) + B2 * m21);
          const qz = zi - (load<f64>(rp + 24) + B2 * m22);
          const qxv = f64x2.splat(qx), qyv = f64x2.splat(qy), qzv = f64x2.splat(qz);
          for (; j + 1 < je; j += 2) {
            const dx = f64x2.sub(v128.load(sx + (j << 3)), qxv);
            const dy = f64x2.sub(v128.load(sy + (j << 3)), qyv);
            const dz = f64x2.sub(v128.load(sz + (j << 3)), qzv);
            const d2v = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
            const hit = f64x2.lt(d2v, cut2v);
            // Branch-free compaction: always write, advance only on a hit.
            store<f64>(hitD + (nh << 3), f64x2.extract_lane(d2v, 0));
            store<i32>(hitJ + (nh << 2), <i32>j);
            nh += <usize>(i64x2.extract_lane(hit, 0) & 1);
            store<f64>(hitD + (nh << 3), f64x2.extract_lane(d2v, 1));
            store<i32>(hitJ + (nh << 2), <i32>j + 1);
            nh += <usize>(i64x2.extract_lane(hit, 1) & 1);
          }
          if (j < je) {
            const dx = ld(sx, j) - qx, dy = ld(sy, j) - qy, dz = ld(sz, j) - qz;
            const d2 = dx * dx + dy * dy + dz * dz;
            store<f64>(hitD + (nh << 3), d2);
            store<i32>(hitJ + (nh << 2), <i32>j);
            nh += <usize>(d2 < cut2);
          }
        }
      }
      pairs += <f64>binHits(hist, row, stype, bins, E, hitD, hitJ, nh, rMin, invDr);
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
