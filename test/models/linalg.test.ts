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
      k.linalg_pack(px, n, m, m, 0, pm, ps, a);
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
  for (const [n, p, t] of [[1, 1, 1], [7, 5, 3], [300, 13, 9], [129, 20, 4], [257, 8, 1]] as const) {
    it(`gram and crossprod of ${n}×${p} and ${n}×${t} match brute-force sums`, () => {
      const x = randomArray(n * p, n + p), y = randomArray(n * t, 7 * n + t);
      const [g, c] = scoped((k) => {
        const px = putF64(x), py = putF64(y);
        const a = allocF64(panels(p) * n * 4), b = allocF64(panels(t) * n * 4);
        k.linalg_pack(px, n, p, p, 0, 0, 0, a);
        k.linalg_pack(py, n, t, t, 0, 0, 0, b);
        const g = alloc(8 * pad4(p) ** 2), c = alloc(8 * pad4(p) * pad4(t));
        k.linalg_gram(a, n, panels(p), g);
        k.linalg_crossprod(a, panels(p), b, panels(t), n, c);
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

describe("Cholesky factor and solve", () => {
  for (const n of [1, 3, 4, 9, 22]) {
    it(`order ${n}: L·Lᵀ = A + shift·I, padding becomes identity, and solves agree with mathjs`, () => {
      const a = spd(n, 10 + n);
      const n4 = pad4(n), shift = 0.25, t = 3, t4 = pad4(t);
      const rhs = randomArray(n * t, 99 + n);
      const [code, l, x] = scoped((k) => {
        const pa = putF64(padded(a, n, n4)), pl = allocF64(n4 * n4), w = allocF64(n4 * n4 + 16);
        const code = k.linalg_cholesky(pa, n4, n, shift, pl, w);
        const b = new Float64Array(n4 * t4);
        for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) b[i * t4 + o] = rhs[i * t + o]!;
        const pb = putF64(b);
        k.linalg_cholSolve(pl, n4, pb, t4);
        return [code, readF64(pl, n4 * n4), readF64(pb, n4 * t4)];
      });
      expect(code).toBe(0);
      for (let i = 0; i < n4; i++) {
        for (let j = 0; j < n4; j++) {
          let s = 0;
          for (let k = 0; k < n4; k++) s += l[i * n4 + k]! * l[j * n4 + k]!;
          const want = i < n && j < n ? a[i * n + j]! + (i === j ? shift : 0) : i === j ? 1 : 0;
          expect(Math.abs(s - want)).toBeLessThan(1e-13);
          if (j > i) expect(l[i * n4 + j]).toBe(0);
        }
      }
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) rows.push(Array.from({ length: n }, (_, j) => a[i * n + j]! + (i === j ? shift : 0)));
      for (let o = 0; o < t; o++) {
        const col = Array.from({ length: n }, (_, i) => [rhs[i * t + o]!]);
        const sol = (lusolve(mjMatrix(rows), mjMatrix(col)) as unknown as { toArray(): number[][] }).toArray();
        for (let i = 0; i < n; i++) expect(Math.abs(x[i * t4 + o]! - sol[i]![0]!)).toBeLessThan(1e-11);
      }
      for (let i = n; i < n4; i++) for (let o = 0; o < t4; o++) expect(x[i * t4 + o]).toBe(0);
    });
  }

  it("reports the first non-positive pivot (1-based) and leaves no trap", () => {
    const n = 5, n4 = 8;
    const a = spd(n, 3);
    a[2 * n + 2] = -1; // row 2 cannot be positive definite
    const code = scoped((k) => k.linalg_cholesky(putF64(padded(a, n, n4)), n4, n, 0, allocF64(n4 * n4), allocF64(n4 * n4 + 16)));
    expect(code).toBe(3);
  });

  it("factors in place (a = l)", () => {
    const n = 10, n4 = 12;
    const a = spd(n, 5);
    const [l1, l2] = scoped((k) => {
      const w = allocF64(n4 * n4 + 16);
      const pa = putF64(padded(a, n, n4)), pl = allocF64(n4 * n4);
      k.linalg_cholesky(pa, n4, n, 0, pl, w);
      const pb = putF64(padded(a, n, n4));
      k.linalg_cholesky(pb, n4, n, 0, pb, w);
      return [readF64(pl, n4 * n4), readF64(pb, n4 * n4)];
    });
    expect(Array.from(l2)).toEqual(Array.from(l1));
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
