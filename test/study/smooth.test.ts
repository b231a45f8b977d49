// Smooth ridge (ridge with an m-th order difference penalty along r), the pooling of g(r) bins and the
// Lennard-Jones Laplacian term of the sum rule: exact identities and brute-force twins.
import { describe, expect, it } from "vitest";
import { fitRidge } from "../../src/models/linear.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { Rng } from "../../src/random.js";
import { fcc } from "../../src/lattices.js";
import { rdfFeatures } from "../../src/rdf.js";
import { pooling, poolRows, shellMeasure } from "../../src/study/features.js";
import { fitSmoothRidge, integrateFeatures, looCurve, pairedOneSe, weightsFromSmooth } from "../../src/study/smooth.js";
import { spectrum } from "../../src/models/solvers.js";
import { laplacianTerm } from "../../src/study/sumrule.js";

function randomMatrix(rows: number, cols: number, seed: number) {
  return { rows, cols, data: Rng.seeded(seed).normal(rows * cols) };
}

describe("smooth ridge", () => {
  it("X·(L⁻¹v) equals (X L⁻¹)·v: integrating features and un-integrating weights are adjoint (orders 0–6)", () => {
    const keys = 3, bins = 17, n = 5, t = 2;
    const x = randomMatrix(n, keys * bins, 1);
    const v = Rng.seeded(2).normal(t * keys * bins);
    for (const order of [0, 1, 2, 3, 6]) {
      const xi = integrateFeatures(x, keys, bins, order, 0.1);
      const w = weightsFromSmooth(v, t, keys, bins, order, 0.1);
      for (let i = 0; i < n; i++) {
        for (let o = 0; o < t; o++) {
          let a = 0, b = 0, scale = 0;
          for (let j = 0; j < keys * bins; j++) {
            a += x.data[i * keys * bins + j]! * w[o * keys * bins + j]!;
            b += xi.data[i * keys * bins + j]! * v[o * keys * bins + j]!;
            scale += Math.abs(xi.data[i * keys * bins + j]! * v[o * keys * bins + j]!);
          }
          expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * scale);
        }
      }
    }
  });

  it("one integration is a cumulative sum × h within each series, never across series", () => {
    const x = { rows: 1, cols: 6, data: Float64Array.from([1, 2, 3, 10, 20, 30]) };
    expect(Array.from(integrateFeatures(x, 2, 3, 1, 0.5).data)).toEqual([0.5, 1.5, 3, 5, 15, 30]);
    expect(Array.from(weightsFromSmooth(Float64Array.from([1, 2, 3, 10, 20, 30]), 1, 2, 3, 1, 0.5))).toEqual([3, 2.5, 1.5, 30, 25, 15]);
  });

  it("order 0 is plain ridge: same coefficients as fitRidge with the chosen α", () => {
    const x = randomMatrix(30, 40, 3), y = randomMatrix(30, 2, 4);
    const fit = fitSmoothRidge(x, y, { keys: 2, bins: 20, orders: [0], envelopes: [0] });
    expect(fit.order).toBe(0);
    const ref = fitRidge(x, y, { alpha: Array.from(fit.model.alpha!) });
    for (let k = 0; k < ref.coef.data.length; k++) expect(fit.model.coef.data[k]).toBeCloseTo(ref.coef.data[k]!, 10);
    for (let o = 0; o < 2; o++) expect(fit.model.intercept[o]).toBeCloseTo(ref.intercept[o]!, 10);
  });

  it("recovers a smooth kernel from few rows where plain ridge cannot, and chooses a smoothing order", () => {
    // y = Σ_k w(r_k) x_k with a smooth w, x noisy "histograms": 25 rows, 400 columns.
    const bins = 400, n = 40;
    const w = Float64Array.from({ length: bins }, (_, k) => Math.exp(-((k / bins - 0.3) ** 2) / 0.02) * 5);
    const x = { rows: n, cols: bins, data: Float64Array.from(Rng.seeded(5).uniform(n * bins), (u) => u * 2) };
    const y = { rows: n, cols: 1, data: new Float64Array(n) };
    for (let i = 0; i < n; i++) for (let k = 0; k < bins; k++) y.data[i]! += w[k]! * x.data[i * bins + k]!;
    const train = { rows: 25, cols: bins, data: x.data.subarray(0, 25 * bins) }, ytrain = { rows: 25, cols: 1, data: y.data.subarray(0, 25) };
    const test = { rows: 15, cols: bins, data: x.data.subarray(25 * bins) }, ytest = y.data.subarray(25);
    const r2 = (pred: Float64Array) => {
      let m = 0;
      for (const v of ytest) m += v / ytest.length;
      let res = 0, tot = 0;
      ytest.forEach((v, i) => {
        res += (v - pred[i]!) ** 2;
        tot += (v - m) ** 2;
      });
      return 1 - res / tot;
    };
    const smooth = fitSmoothRidge(train, ytrain, { keys: 1, bins });
    const plain = fitSmoothRidge(train, ytrain, { keys: 1, bins, orders: [0], envelopes: [0] });
    expect(smooth.order).toBeGreaterThan(0);
    expect(r2(smooth.model.predict(test).data)).toBeGreaterThan(0.98);
    expect(r2(plain.model.predict(test).data)).toBeLessThan(0.5);
    expect(smooth.scores.map((s) => `${s.envelope}/${s.order}`)).toEqual(["0/0", "0/2", "0/4", "0/8", "8/0", "8/2", "8/4", "8/8"]);
  });

  it("the r⁻ᵖ envelope: W on the original bins predicts exactly what ridge on X·r⁻ᵖ integrated m times predicts", () => {
    const x = randomMatrix(12, 30, 7), y = randomMatrix(12, 1, 8);
    const centers = Array.from({ length: 15 }, (_, k) => 0.5 + 0.1 * k);
    const fit = fitSmoothRidge(x, y, { keys: 2, bins: 15, centers, binWidth: 0.1, orders: [2], envelopes: [8] });
    expect(fit.envelope).toBe(8);
    const scaled = { rows: 12, cols: 30, data: Float64Array.from(x.data, (v, j) => v / centers[j % 15]! ** 8) };
    const xt = integrateFeatures(scaled, 2, 15, 2, 0.1);
    const ref = fitRidge(xt, y, { alpha: fit.model.alpha![0]! });
    const a = fit.model.predict(randomMatrix(5, 30, 9)).data;
    const xq = randomMatrix(5, 30, 9);
    const b = ref.predict(integrateFeatures({ rows: 5, cols: 30, data: Float64Array.from(xq.data, (v, j) => v / centers[j % 15]! ** 8) }, 2, 15, 2, 0.1)).data;
    for (let i = 0; i < 5; i++) expect(a[i]).toBeCloseTo(b[i]!, 8);
    expect(fit.model.metadata.penalty).toMatchObject({ kind: "smoothness", order: 2, envelope: 8 });
  });

  it("a coarser binning candidate: chosen when the truth lives on wide bins, and its fine-bin W predicts exactly what ridge on the pooled g(r) predicts", () => {
    const keys = 2, bins = 40, factor = 4, n = 30;
    const pool = pooling(keys, bins, 2, factor, 3);
    const x = { rows: n, cols: keys * bins, data: Float64Array.from(Rng.seeded(31).uniform(n * keys * bins), (u) => 2 * u) };
    const wc = Rng.seeded(32).normal(pool.cols); // one weight per wide bin
    const truth = (m: { rows: number; cols: number; data: Float64Array }) => {
      const g = poolRows(m, pool);
      return Float64Array.from({ length: m.rows }, (_, i) => wc.reduce((s, w, c) => s + w * g.data[i * pool.cols + c]!, 0.5));
    };
    const y = { rows: n, cols: 1, data: truth(x) };
    const fit = fitSmoothRidge(x, y, { keys, bins, binWidth: 0.05, orders: [0], envelopes: [0], pools: [pool] });
    expect(fit.pool).toBe(factor);
    expect(fit.scores.map((c) => c.pool)).toEqual([1, factor]);
    expect(fit.model.metadata.penalty).toMatchObject({ pool: factor });
    const ref = fitRidge(poolRows(x, pool), y, { alpha: fit.model.alpha![0]! });
    const q = { rows: 6, cols: keys * bins, data: Float64Array.from(Rng.seeded(33).uniform(6 * keys * bins), (u) => 2 * u) };
    const a = fit.model.predict(q).data, b = ref.predict(poolRows(q, pool)).data, want = truth(q);
    for (let i = 0; i < 6; i++) {
      expect(a[i]).toBeCloseTo(b[i]!, 9);
      expect(a[i]).toBeCloseTo(want[i]!, 3);
    }
    // Without the candidate the fine bins (80 columns, 30 rows) cannot find the wide-bin structure as well.
    const fine = fitSmoothRidge(x, y, { keys, bins, binWidth: 0.05, orders: [0], envelopes: [0] });
    expect(fine.pool).toBe(1);
    expect(fine.scores[0]!.score).toBeGreaterThan(100 * fit.scores[1]!.score);
    expect(() => fitSmoothRidge(x, y, { keys, bins, pools: [{ factor: 1, weights: pool.weights }] })).toThrow(RangeError);
  });

  it("leave-one-out curves equal brute-force refits without each structure (with t > n target columns)", () => {
    const n = 9, p = 25, t = 12;
    const x = randomMatrix(n, p, 21), y = randomMatrix(n, t, 22);
    const yc = new Float64Array(n * t);
    for (let o = 0; o < t; o++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += y.data[i * t + o]! / n;
      for (let i = 0; i < n; i++) yc[i * t + o] = y.data[i * t + o]! - m;
    }
    const sp = spectrum(x, { rows: n, cols: t, data: yc }, null, { fitIntercept: true, standardize: false }, true);
    const grid = [1e-3, 0.1, 1, 10, 1e3];
    const curve = looCurve(sp, yc, t, grid);
    grid.forEach((alpha, a) => {
      const losses: number[] = [];
      for (let i = 0; i < n; i++) {
        const rows = Array.from({ length: n }, (_, k) => k).filter((k) => k !== i);
        const xs = { rows: n - 1, cols: p, data: Float64Array.from(rows.flatMap((k) => Array.from(x.data.subarray(k * p, (k + 1) * p)))) };
        const ys = { rows: n - 1, cols: t, data: Float64Array.from(rows.flatMap((k) => Array.from(yc.subarray(k * t, (k + 1) * t)))) };
        const pred = fitRidge(xs, ys, { alpha }).predict({ rows: 1, cols: p, data: x.data.subarray(i * p, (i + 1) * p) }).data;
        let l = 0;
        for (let o = 0; o < t; o++) l += (yc[i * t + o]! - pred[o]!) ** 2 / t;
        losses.push(l);
      }
      const mean = losses.reduce((u, v) => u + v, 0) / n;
      expect(curve.score[a]! / mean - 1).toBeCloseTo(0, 6);
      const sd = Math.sqrt(losses.reduce((u, v) => u + (v - mean) ** 2, 0) / (n - 1));
      expect(curve.se[a]! / (sd / Math.sqrt(n)) - 1).toBeCloseTo(0, 6);
    });
  });

  it("paired rule: keeps the largest α whose paired loss excess is within one standard error", () => {
    // 4 structures, 3 penalties; structure 0 is hard for every α (a common, heavy-tailed part)
    const losses = Float64Array.from([
      100, 1, 1, 1, // α0: best
      100.1, 1.1, 1.0, 1.1, // α1: slightly worse, consistently
      103, 2, 2, 2, // α2: clearly worse
    ]);
    const curve = { score: Float64Array.from([25.75, 25.825, 27.25]), se: new Float64Array(3), losses };
    expect(pairedOneSe(curve, 4, 0)).toBe(0); // α1 is worse by 0.075 ± 0.025: significant
    const noisy = Float64Array.from([100, 1, 1, 1, 100.3, 0.9, 1.1, 0.9, 103, 2, 2, 2]);
    expect(pairedOneSe({ ...curve, losses: noisy }, 4, 0)).toBe(1); // worse by 0.05 ± 0.096: kept
  });

  it("rejects shapes that are not keys × bins", () => {
    expect(() => fitSmoothRidge(randomMatrix(5, 10, 1), randomMatrix(5, 1, 2), { keys: 3, bins: 3 })).toThrow(RangeError);
  });
});

describe("pooled g(r) bins", () => {
  it("pooling fine bins with shell weights gives exactly the g(r) histogrammed with the wider bins (3D)", () => {
    const rng = Rng.seeded(9);
    const base = fcc(1.5, [3, 3, 3]);
    const z = rng.normal(3 * base.n);
    const s = base.withPositions(Float64Array.from(base.positions, (p, k) => p + 0.08 * z[k]!));
    const fine = rdfFeatures([s], { rMax: 2.6, bins: 416 });
    const coarse = rdfFeatures([s], { rMax: 2.6, bins: 26 });
    const pooled = poolRows({ rows: 1, cols: fine.columns, data: fine.matrix }, pooling(1, 416, 2.6, 16, 3));
    expect(pooled.cols).toBe(26);
    for (let c = 0; c < 26; c++) expect(pooled.data[c]).toBeCloseTo(coarse.matrix[c]!, 10);
  });

  it("a ragged last group is weighted by its own shells", () => {
    const p = pooling(2, 10, 1, 4, 2);
    expect(p.bins).toBe(3);
    expect(p.groups.map((g) => g.count)).toEqual([4, 4, 2, 4, 4, 2]);
    const last = p.weights.subarray(8, 10);
    expect(last[0]! + last[1]!).toBeCloseTo(1, 14);
    expect(last[1]! / last[0]!).toBeCloseTo(shellMeasure(0.9, 1, 2) / shellMeasure(0.8, 0.9, 2), 12);
  });
});

describe("sum-rule Laplacian term", () => {
  it("matches φ'' + (d − 1)φ'/r of the Kob–Andersen potential for every variant and pair", () => {
    for (const variant of ["cut", "shift", "smooth"] as const) {
      const pot = kobAndersen(variant);
      for (const [a, b] of [["A", "A"], ["A", "B"], ["B", "B"]] as const) {
        for (const r of [0.75, 0.9, 1.1, 1.5, 1.99, 2.19, 2.49, 2.6]) {
          for (const d of [2, 3]) {
            const f = pot.pairFunction(a, b, r);
            const expected = f.d2phi + ((d - 1) * f.dphi) / r;
            expect(laplacianTerm(pot, a, b, r, d)).toBeCloseTo(expected, 8);
          }
        }
      }
    }
  });

  it("is zero at and beyond the cutoff", () => {
    const pot = kobAndersen("smooth");
    expect(laplacianTerm(pot, "A", "A", 2.5, 3)).toBe(0);
    expect(laplacianTerm(pot, "A", "B", 2.0, 3)).toBe(0);
  });
});

