// Kernels of assembly/linalg.ts against plain-TypeScript twins and mathjs.
import { describe, expect, it } from "vitest";
import { lusolve, matrix as mjMatrix } from "mathjs";
import { alloc, allocF64, putF64, putI32, readF64, scoped } from "../../src/engine/wasm.js";

/** Deterministic test data: a linear congruential sequence in [−0.5, 0.5). */
function lcg(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296 - 0.5;
  };
}
function randomArray(n: number, seed: number): Float64Array {
  const r = lcg(seed);
  return Float64Array.from({ length: n }, r);
}
const panels = (m: number) => (m + 3) >> 2;
const pad4 = (m: number) => panels(m) * 4;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe("column statistics and packing", () => {
  it("colMeans / colScales match plain sums (with a row subset and a constant column)", () => {
    const n = 9, m = 6;
    const x = randomArray(n * m, 1);
    for (let i = 0; i < n; i++) x[i * m + 3] = 2.5; // constant column → scale 1
    const rows = [8, 1, 4, 2, 7];
    const [mean, scale] = scoped((k) => {
      const px = putF64(x), pr = putI32(rows), pm = allocF64(m), ps = allocF64(m);
      k.linalg_colMeans(px, rows.length, m, m, pr, pm);
      k.linalg_colScales(px, rows.length, m, m, pr, pm, ps);
      return [readF64(pm, m), readF64(ps, m)];
    });
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (const i of rows) s += x[i * m + j]!;
      const mu = s / rows.length;
      let v = 0;
      for (const i of rows) v += (x[i * m + j]! - mu) ** 2;
      expect(mean[j]).toBeCloseTo(mu, 15);
      expect(scale[j]).toBeCloseTo(j === 3 ? 1 : Math.sqrt(v / rows.length), 14);
    }
  });

  it("a constant column whose mean carries rounding error keeps scale 1 (scikit-learn's rule), a tiny real spread does not", () => {
    const n = 7, m = 3;
    const x = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      x[i * m] = 0.1; // Σ/n = 0.09999999999999999: variance 1.9e-34, rounding only
      x[i * m + 1] = 1e-9 * i; // a real spread, however small
      x[i * m + 2] = 3 + 1e-7 * (i % 2);
    }
    const scale = scoped((k) => {
      const px = putF64(x), pm = allocF64(m), ps = allocF64(m);
      k.linalg_colMeans(px, n, m, m, 0, pm);
      k.linalg_colScales(px, n, m, m, 0, pm, ps);
      return readF64(ps, m);
    });
    expect(scale[0]).toBe(1);
    expect(scale[1]).toBeCloseTo(2e-9, 20);
    expect(Math.abs(scale[2]! / ((1e-7 * Math.sqrt(12)) / 7) - 1)).toBeLessThan(1e-6); // 3 + 1e-7 carries 1e-16 rounding
  });

  it("pack, packT and colMajor lay out (x − mean)/scale as documented, zero-padded", () => {
    const n = 7, m = 6;
    const x = randomArray(n * m, 2);
    const mean = randomArray(m, 3), scale = Float64Array.from(randomArray(m, 4), (v) => 1.5 + v);
    const f = (i: number, j: number) => (x[i * m + j]! - mean[j]!) / scale[j]!;
    const [p, pt, cm] = scoped((k) => {
      const px = putF64(x), pm = putF64(mean), ps = putF64(scale);
      const a = allocF64(panels(m) * n * 4), b = allocF64(panels(n) * m * 4), c = allocF64(n * m);
      k.linalg_pack(px, n, m, m, 0, pm, ps, a, n);
      k.linalg_packT(px, n, m, m, 0, pm, ps, b);
      k.linalg_colMajor(px, n, m, m, 0, pm, ps, c);
      return [readF64(a, panels(m) * n * 4), readF64(b, panels(n) * m * 4), readF64(c, n * m)];
    });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < pad4(m); j++) {
        const q = j >> 2, c = j & 3;
        expect(p[(q * n + i) * 4 + c]).toBe(j < m ? f(i, j) : 0);
      }
    }
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < pad4(n); i++) {
        const q = i >> 2, c = i & 3;
        expect(pt[(q * m + j) * 4 + c]).toBe(i < n ? f(i, j) : 0);
      }
      for (let i = 0; i < n; i++) expect(cm[j * n + i]).toBe(f(i, j));
    }
  });
});

describe("panel products", () => {
  for (const [n, p, t] of [[1, 1, 1], [7, 5, 3], [300, 13, 9], [129, 20, 4], [257, 8, 1], [600, 70, 37]] as const) {
    it(`gram and crossprod of ${n}×${p} and ${n}×${t} match brute-force sums`, () => {
      const x = randomArray(n * p, n + p), y = randomArray(n * t, 7 * n + t);
      const [g, c] = scoped((k) => {
        const px = putF64(x), py = putF64(y);
        const a = allocF64(panels(p) * n * 4), b = allocF64(panels(t) * n * 4);
        k.linalg_pack(px, n, p, p, 0, 0, 0, a, n);
        k.linalg_pack(py, n, t, t, 0, 0, 0, b, n);
        const g = alloc(8 * pad4(p) ** 2), c = alloc(8 * pad4(p) * pad4(t));
        const w = alloc(k.tiles_scratchBytes());
        k.linalg_gram(a, n, panels(p), g, w);
        k.linalg_crossprod(a, panels(p), b, panels(t), n, c, w);
        return [readF64(g, pad4(p) ** 2), readF64(c, pad4(p) * pad4(t))];
      });
      const P = pad4(p), T = pad4(t);
      for (let j = 0; j < P; j++) {
        for (let l = 0; l < P; l++) {
          let s = 0;
          if (j < p && l < p) for (let i = 0; i < n; i++) s += x[i * p + j]! * x[i * p + l]!;
          expect(Math.abs(g[j * P + l]! - s)).toBeLessThanOrEqual(1e-13 * n);
          expect(g[j * P + l]).toBe(g[l * P + j]); // exactly symmetric
        }
        for (let o = 0; o < T; o++) {
          let s = 0;
          if (j < p && o < t) for (let i = 0; i < n; i++) s += x[i * p + j]! * y[i * t + o]!;
          expect(Math.abs(c[j * T + o]! - s)).toBeLessThanOrEqual(1e-13 * n);
        }
      }
    });
  }

  it("units computed one by one, in any order, give the same bits as one call (gemm and syrk, all modes)", () => {
    const n = 530, p = 77, t = 41; // two KC blocks of the shared dimension, several units each way
    const x = randomArray(n * p, 3), y = randomArray(n * t, 4), c0 = randomArray(pad4(p) * pad4(p), 5);
    const qp = panels(p), qt = panels(t), P = pad4(p);
    const results = scoped((k) => {
      const a = allocF64(qp * n * 4), b = allocF64(qt * n * 4);
      k.linalg_pack(putF64(x), n, p, p, 0, 0, 0, a, n);
      k.linalg_pack(putF64(y), n, t, t, 0, 0, 0, b, n);
      const out: Float64Array[] = [];
      const w = alloc(2 * k.tiles_scratchBytes());
      for (const mode of [0, 1, 2]) {
        // gemm into panel layout (rc = 32, bc = 32·P), syrk into row-major (rc = 8P, bc = 32)
        const gu = k.tiles_gemmUnits(qp, qt), su = k.tiles_syrkUnits(qp);
        expect(gu).toBeGreaterThan(4);
        expect(su).toBeGreaterThan(4);
        const g1 = putF64(c0), g2 = putF64(c0), s1 = putF64(c0), s2 = putF64(c0);
        k.tiles_gemm(a, n, qp, b, n, qt, n, g1, 32, 32 * P, mode, w, 0, gu, 0);
        for (let u = gu - 1; u >= 0; u--) k.tiles_gemm(a, n, qp, b, n, qt, n, g2, 32, 32 * P, mode, w, u, u + 1, u & 1);
        k.tiles_syrk(a, n, qp, n, s1, 8 * P, 32, mode, w, 0, su, 0);
        for (let u = su - 1; u >= 0; u--) k.tiles_syrk(a, n, qp, n, s2, 8 * P, 32, mode, w, u, u + 1, u & 1);
        out.push(readF64(g1, P * pad4(t)), readF64(g2, P * pad4(t)), readF64(s1, P * P), readF64(s2, P * P));
      }
      return out;
    });
    for (let mode = 0; mode < 3; mode++) {
      const [g1, g2, s1, s2] = results.slice(4 * mode, 4 * mode + 4) as Float64Array[];
      expect(Array.from(g2)).toEqual(Array.from(g1));
      expect(Array.from(s2)).toEqual(Array.from(s1));
      const sign = mode === 2 ? -1 : 1, base = mode === 0 ? 0 : 1;
      for (let j = 0; j < P; j++) {
        for (let o = 0; o < pad4(t); o++) {
          let s = 0;
          if (j < p && o < t) for (let i = 0; i < n; i++) s += x[i * p + j]! * y[i * t + o]!;
          // panel layout: column o of row j at ((o>>2)·P + j)·4 + (o&3)
          const at = ((o >> 2) * P + j) * 4 + (o & 3);
          expect(Math.abs(g1[at]! - (base * c0[at]! + sign * s))).toBeLessThanOrEqual(1e-12 * n);
        }
        for (let l = 0; l < P; l++) {
          if (l > (j | 3)) {
            expect(s1[j * P + l]).toBe(c0[j * P + l]); // above the diagonal tiles: untouched
            continue;
          }
          let s = 0;
          if (j < p && l < p) for (let i = 0; i < n; i++) s += x[i * p + j]! * x[i * p + l]!;
          expect(Math.abs(s1[j * P + l]! - (base * c0[j * P + l]! + sign * s))).toBeLessThanOrEqual(1e-12 * n);
        }
      }
    }
  });

  it("pack pads rows to the panel length; panelSelect, panelsToRows and toOriginal move columns as documented", () => {
    const n = 6, m = 7, kp = 9;
    const x = randomArray(n * m, 8);
    const [pk, sel, rows, coef, b] = scoped((k) => {
      const a = allocF64(panels(m) * kp * 4);
      k.linalg_pack(putF64(x), n, m, m, 0, 0, 0, a, kp);
      const s = allocF64(panels(3) * kp * 4);
      k.linalg_panelSelect(a, kp, putI32([6, 0, 5]), 3, s);
      const r = allocF64(m * 8);
      k.linalg_panelsToRows(a, kp, n, m, r, 8);
      const scale = putF64([2, 4, 0.5, 1, 1, 1, 8]), mean = putF64([1, 2, 3, 4, 5, 6, 7]), ym = putF64([10, 20, 30, 40, 50, 60]);
      const c = putF64(x.subarray(0, 6 * m)), ic = allocF64(6);
      k.linalg_toOriginal(c, m, 6, m, scale, mean, ym, ic);
      return [readF64(a, panels(m) * kp * 4), readF64(s, panels(3) * kp * 4), readF64(r, m * 8), readF64(c, 6 * m), readF64(ic, 6)];
    });
    for (let q = 0; q < panels(m); q++) for (let i = 0; i < kp; i++) for (let c = 0; c < 4; c++) {
      const j = 4 * q + c;
      expect(pk[(q * kp + i) * 4 + c]).toBe(i < n && j < m ? x[i * m + j] : 0);
    }
    [6, 0, 5].forEach((src, c) => {
      for (let i = 0; i < kp; i++) expect(sel[(c >> 2) * kp * 4 + i * 4 + (c & 3)]).toBe(i < n ? x[i * m + src] : 0);
    });
    for (let i = 0; i < kp; i++) expect(sel[i * 4 + 3]).toBe(0);
    for (let o = 0; o < m; o++) for (let j = 0; j < n; j++) expect(rows[o * 8 + j]).toBe(x[j * m + o]);
    const scale = [2, 4, 0.5, 1, 1, 1, 8], mean = [1, 2, 3, 4, 5, 6, 7], ym = [10, 20, 30, 40, 50, 60];
    for (let o = 0; o < 6; o++) {
      // Two interleaved partial sums (even and odd j), then their sum, then the odd last term.
      const lane = [0, 0];
      for (let j = 0; j < m; j++) {
        expect(coef[o * m + j]).toBe(x[o * m + j]! / scale[j]!);
        if (j < (m & ~1)) lane[j & 1]! += mean[j]! * coef[o * m + j]!;
      }
      let dot = lane[0]! + lane[1]!;
      if (m & 1) dot += mean[m - 1]! * coef[o * m + m - 1]!;
      expect(b[o]).toBe(ym[o]! - dot);
    }
  });
});

/** A random symmetric positive definite n×n matrix (BᵀB/m + δI). */
function spd(n: number, seed: number, delta = 0.1): Float64Array {
  const m = n + 3;
  const b = randomArray(m * n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += b[k * n + i]! * b[k * n + j]!;
    a[i * n + j] = s / m + (i === j ? delta : 0);
  }
  return a;
}

function padded(a: Float64Array, n: number, n4: number): Float64Array {
  const out = new Float64Array(n4 * n4);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n4 + j] = a[i * n + j]!;
  return out;
}

/** Factors padded(a) + shift·I and solves for rhs (n×t): returns status, L (row-major, from the row panels), X (n4 rows in panels). */
function factorAndSolve(a: Float64Array, n: number, shift: number, rhs: Float64Array, t: number, unitByUnit = false) {
  const n4 = pad4(n), q = panels(t);
  return scoped((k) => {
    const pa = putF64(padded(a, n, n4)), lp = allocF64(n4 * n4), lc = allocF64(n4 * n4);
    const tmp = allocF64(16 * (n4 / 4 + 1)), w = alloc(2 * k.tiles_scratchBytes());
    let code: number;
    if (!unitByUnit) code = k.linalg_cholesky(pa, n4, n, shift, lp, lc, tmp, w);
    else {
      // The blocks as src/models/solvers.ts runs them, each unit in its own call, last unit first.
      code = 0;
      k.linalg_cholInit(pa, n4, n, shift, lp);
      const nb = k.linalg_cholBlock();
      for (let k0 = 0; k0 < n4 && code === 0; k0 += nb) {
        const k1 = Math.min(n4, k0 + nb);
        code = k.linalg_cholDiag(lp, lc, n4, n, k0, k1, tmp);
        if (code !== 0 || k1 >= n4) continue;
        for (let u = k.linalg_cholTrsmUnits(n4, k1) - 1; u >= 0; u--) k.linalg_cholTrsm(lp, lc, n4, k0, k1, tmp, u, u + 1, u & 1);
        for (let u = k.linalg_cholUpdateUnits(n4, k1) - 1; u >= 0; u--) k.linalg_cholUpdate(lp, n4, k0, k1, w, u, u + 1, u & 1);
      }
    }
    const z = allocF64(q * n4 * 4);
    k.linalg_pack(putF64(rhs), n, t, t, 0, 0, 0, z, n4);
    if (code === 0) {
      const units = k.linalg_cholSolveUnits(q);
      if (!unitByUnit) k.linalg_cholSolve(lp, lc, n4, z, q, 0, units);
      else for (let u = units - 1; u >= 0; u--) k.linalg_cholSolve(lp, lc, n4, z, q, u, u + 1);
    }
    const rowPanels = readF64(lp, n4 * n4), colPanels = readF64(lc, n4 * n4);
    const l = new Float64Array(n4 * n4);
    for (let i = 0; i < n4; i++) {
      for (let j = 0; j <= i; j++) {
        l[i * n4 + j] = rowPanels[((i >> 2) * n4 + j) * 4 + (i & 3)]!;
        // the column panels hold the same L
        if (code === 0) expect(colPanels[((j >> 2) * n4 + i) * 4 + (j & 3)]).toBe(l[i * n4 + j]);
      }
    }
    return { code, l, x: readF64(z, q * n4 * 4), a: readF64(pa, n4 * n4) };
  });
}

describe("Cholesky factor and solve", () => {
  for (const n of [1, 3, 4, 9, 22, 150]) {
    it(`order ${n}: L·Lᵀ = A + shift·I, padding becomes identity, and solves agree with mathjs`, () => {
      const a = spd(n, 10 + n);
      const n4 = pad4(n), shift = 0.25, t = n > 100 ? 18 : 3;
      const rhs = randomArray(n * t, 99 + n);
      const { code, l, x } = factorAndSolve(a, n, shift, rhs, t);
      expect(code).toBe(0);
      for (let i = 0; i < n4; i++) {
        for (let j = 0; j < n4; j++) {
          let s = 0;
          for (let k = 0; k < n4; k++) s += l[i * n4 + k]! * l[j * n4 + k]!;
          const want = i < n && j < n ? a[i * n + j]! + (i === j ? shift : 0) : i === j ? 1 : 0;
          expect(Math.abs(s - want)).toBeLessThan(1e-13 * Math.max(1, n / 10));
          if (j > i) expect(l[i * n4 + j]).toBe(0);
        }
      }
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) rows.push(Array.from({ length: n }, (_, j) => a[i * n + j]! + (i === j ? shift : 0)));
      const at = (i: number, o: number) => ((o >> 2) * n4 + i) * 4 + (o & 3);
      for (let o = 0; o < t; o++) {
        const col = Array.from({ length: n }, (_, i) => [rhs[i * t + o]!]);
        const sol = (lusolve(mjMatrix(rows), mjMatrix(col)) as unknown as { toArray(): number[][] }).toArray();
        for (let i = 0; i < n; i++) expect(Math.abs(x[at(i, o)]! - sol[i]![0]!)).toBeLessThan(1e-11);
      }
      for (let i = n; i < n4; i++) for (let o = 0; o < pad4(t); o++) expect(x[at(i, o)]).toBe(0);
    });
  }

  it("the blocks and units run one by one, last first, give the same bits as one call", () => {
    const n = 203, t = 21;
    const a = spd(n, 4), rhs = randomArray(n * t, 5);
    const one = factorAndSolve(a, n, 0.5, rhs, t);
    const split = factorAndSolve(a, n, 0.5, rhs, t, true);
    expect(split.code).toBe(0);
    expect(Array.from(split.l)).toEqual(Array.from(one.l));
    expect(Array.from(split.x)).toEqual(Array.from(one.x));
  });

  it("reports the first non-positive pivot (1-based) and leaves no trap", () => {
    const n = 5;
    const a = spd(n, 3);
    a[2 * n + 2] = -1; // row 2 cannot be positive definite
    expect(factorAndSolve(a, n, 0, new Float64Array(n), 1).code).toBe(3);
    const big = spd(90, 3);
    big[77 * 90 + 77] = -5; // in the second column block
    expect(factorAndSolve(big, 90, 0, new Float64Array(90), 1).code).toBe(78);
  });

  it("reads only the lower triangle of A and leaves A intact", () => {
    const n = 10, n4 = 12;
    const a = spd(n, 5);
    const lowerOnly = padded(a, n, n4);
    for (let i = 0; i < n4; i++) for (let j = i + 1; j < n4; j++) lowerOnly[i * n4 + j] = NaN;
    const full = factorAndSolve(a, n, 0.5, new Float64Array(n), 1);
    const lower = scoped((k) => {
      const pa = putF64(lowerOnly), lp = allocF64(n4 * n4), lc = allocF64(n4 * n4);
      const code = k.linalg_cholesky(pa, n4, n, 0.5, lp, lc, allocF64(16 * (n4 / 4 + 1)), alloc(k.tiles_scratchBytes()));
      return { code, lp: readF64(lp, n4 * n4), a: readF64(pa, n4 * n4) };
    });
    expect(lower.code).toBe(0);
    for (let i = 0; i < n4; i++) for (let j = 0; j <= i; j++) expect(lower.lp[((i >> 2) * n4 + j) * 4 + (i & 3)]).toBe(full.l[i * n4 + j]);
    expect(Array.from(lower.a)).toEqual(Array.from(lowerOnly));
    expect(Array.from(full.a)).toEqual(Array.from(padded(a, n, n4)));
  });
});

describe("affine map", () => {
  it("out = b + X·Wᵀ, with a leading dimension", () => {
    const m = 5, p = 7, ld = 9, t = 3;
    const x = randomArray(m * ld, 1), w = randomArray(t * p, 2), b = randomArray(t, 3);
    const out = scoped((k) => {
      const o = allocF64(m * t);
      k.linalg_affine(putF64(x), m, p, ld, putF64(w), t, putF64(b), o);
      return readF64(o, m * t);
    });
    for (let i = 0; i < m; i++) for (let o = 0; o < t; o++) {
      let s = b[o]!;
      for (let j = 0; j < p; j++) s += x[i * ld + j]! * w[o * p + j]!;
      expect(Math.abs(out[i * t + o]! - s)).toBeLessThan(1e-15);
    }
  });
});

describe("coordinate descent kernels", () => {
  const n = 40, p = 12;
  const x = randomArray(n * p, 11);
  // Centre the columns and the target, as the models do.
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * p + j]!;
    for (let i = 0; i < n; i++) x[i * p + j]! -= s / n;
  }
  const wTrue = Float64Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 1 - j / 10 : 0));
  const y = new Float64Array(n);
  const noise = randomArray(n, 12);
  for (let i = 0; i < n; i++) {
    let s = 0.05 * noise[i]!;
    for (let j = 0; j < p; j++) s += x[i * p + j]! * wTrue[j]!;
    y[i] = s;
  }
  let ym = 0;
  for (const v of y) ym += v / n;
  for (let i = 0; i < n; i++) y[i]! -= ym;
  const xt = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xt[j * n + i] = x[i * p + j]!;
  const norms = Float64Array.from({ length: p }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * p + j]! ** 2;
    return s;
  });
  const yy = y.reduce((s, v) => s + v * v, 0);

  function solve(alpha: number, l1: number, gram: boolean): { w: Float64Array; stats: Float64Array; status: number } {
    return scoped((k) => {
      const a = alpha * l1 * n, b = alpha * (1 - l1) * n;
      const w = allocF64(p), stats = allocF64(4), sw = allocF64(2), xtr = allocF64(p);
      let status: number;
      if (gram) {
        const p4 = pad4(p);
        const g = new Float64Array(p4 * p4);
        for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[i * p + j]! * x[i * p + l]!;
          g[j * p4 + l] = s;
        }
        const q = Float64Array.from({ length: p }, (_, j) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[i * p + j]! * y[i]!;
          return s;
        });
        status = k.linalg_cdEnetGram(putF64(g), p4, p, putF64(q), yy, w, xtr, a, b, 100000, 1e-12, 1e-14 * yy, stats, sw);
      } else {
        status = k.linalg_cdEnet(putF64(xt), n, p, putF64(y), w, allocF64(n), xtr, putF64(norms), a, b, 100000, 1e-12, 1e-14 * yy, stats, sw);
      }
      return { w: readF64(w, p), stats: readF64(stats, 4), status };
    });
  }

  for (const l1 of [1, 0.5]) {
    for (const gram of [false, true]) {
      it(`KKT conditions hold (l1Ratio ${l1}, ${gram ? "Gram" : "X"} solver)`, () => {
        const alpha = 0.01;
        const { w, stats, status } = solve(alpha, l1, gram);
        expect(status).toBe(0);
        expect(stats[3]).toBe(1);
        expect(stats[1]).toBeLessThan(1e-14 * yy);
        // Gradient of the smooth part: c_j = X_jᵀ r / n − α(1 − l1)·w_j must equal α·l1·sign(w_j) where
        // w_j ≠ 0, and lie in [−α·l1, α·l1] where w_j = 0.
        let nonzero = 0;
        for (let j = 0; j < p; j++) {
          let c = 0;
          for (let i = 0; i < n; i++) {
            let r = y[i]!;
            for (let l = 0; l < p; l++) r -= x[i * p + l]! * w[l]!;
            c += x[i * p + j]! * r;
          }
          c = c / n - alpha * (1 - l1) * w[j]!;
          if (w[j] !== 0) {
            nonzero++;
            expect(Math.abs(c - alpha * l1 * Math.sign(w[j]!))).toBeLessThan(1e-7);
          } else {
            expect(Math.abs(c)).toBeLessThanOrEqual(alpha * l1 + 1e-9);
          }
        }
        expect(nonzero).toBeGreaterThan(0);
        expect(nonzero).toBeLessThan(p);
      });
    }
  }

  it("the X and Gram solvers reach the same solution", () => {
    const a = solve(0.003, 0.7, false), b = solve(0.003, 0.7, true);
    expect(maxAbsDiff(a.w, b.w)).toBeLessThan(1e-8);
  });

  it("α ≥ max|Xᵀy|/n gives w = 0 after one sweep", () => {
    let amax = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * p + j]! * y[i]!;
      amax = Math.max(amax, Math.abs(s) / n);
    }
    const { w, stats } = solve(amax * 1.000001, 1, false);
    expect(Array.from(w).every((v) => v === 0)).toBe(true);
    expect(stats[2]).toBe(1);
  });

  it("returns 1 (not converged) when the sweep limit is hit, with the gap of the last iterate", () => {
    const [status, stats] = scoped((k) => {
      const stats = allocF64(4);
      const status = k.linalg_cdEnet(putF64(xt), n, p, putF64(y), allocF64(p), allocF64(n), allocF64(p), putF64(norms), 1e-6 * n, 0, 1, 1e-12, 0, stats, allocF64(2));
      return [status, readF64(stats, 4)];
    });
    expect(status).toBe(1);
    expect(stats[3]).toBe(0);
    expect(stats[1]).toBeGreaterThan(0);
    expect(stats[2]).toBe(1);
  });
});

describe("geometric grid", () => {
  it("has exact ends, decreasing ratio-constant steps", () => {
    const g = scoped((k) => {
      const o = allocF64(7);
      k.linalg_geomGrid(2.5, 2.5e-3, 7, o);
      return readF64(o, 7);
    });
    expect(g[0]).toBe(2.5);
    expect(g[6]).toBe(2.5e-3);
    for (let i = 1; i < 7; i++) expect(g[i]! / g[i - 1]!).toBeCloseTo(10 ** -0.5, 12);
  });
});

describe("finiteness scan and column norms", () => {
  it("firstNonFinite finds the first NaN or ±∞ at any position (SIMD body and scalar tail)", () => {
    for (const len of [0, 1, 2, 7, 8]) {
      for (let pos = -1; pos < len; pos++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const x = randomArray(len, len + 3);
          if (pos >= 0) x[pos] = bad;
          if (pos >= 0 && pos + 2 < len) x[pos + 2] = NaN; // a later bad entry must not win
          expect(scoped((k) => k.linalg_firstNonFinite(putF64(x), len))).toBe(pos);
        }
      }
    }
  });

  it("colNormsSq sums squares of each column", () => {
    const n = 9, m = 4;
    const xt = randomArray(n * m, 5);
    const out = scoped((k) => {
      const o = allocF64(m);
      k.linalg_colNormsSq(putF64(xt), n, m, o);
      return readF64(o, m);
    });
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += xt[j * n + i]! ** 2;
      expect(Math.abs(out[j]! - s)).toBeLessThan(1e-15);
    }
  });
});
