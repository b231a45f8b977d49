/**
 * The study on one data set: for every target, the linear model y = W·g + b (ridge with a smoothness
 * penalty along r; order and α by leave-one-out cross-validation) against kernel ridge regression and a small
 * neural network on the SAME split, the mean predictor as the floor, learning curves, an
 * out-of-distribution split, and the readable parts — W[ω, r], the r ranges that drive each part of the
 * spectrum, lasso paths for scalar targets and, for ⟨ω²⟩ of a pair potential, the exact sum-rule kernel.
 *
 * Metric: R² averaged uniformly over target columns; for the VDOS that is the mean per-bin R² over the
 * frequency bins where the spectrum lives (the honest metric of SCIENCE.md), always beside the mean
 * predictor's. The pooled R² over all (structure, bin) values is kept for comparison only.
 *
 * Browser-safe and deterministic: the same data set and options give the same numbers (timings aside).
 *
 * @packageDocumentation
 */
import { fitKernelRidge, predictKernelRidge, type KrrOptions } from "../baselines/krr.js";
import { fitMlp, predictMlp, type MlpOptions } from "../baselines/mlp.js";
import { targetTable, DatasetError, TARGET_NAMES, type Dataset, type TargetName } from "../datasets/dataset.js";
import { SYSTEMS } from "../generators.js";
import { lassoPath } from "../models/sparse.js";
import { heldOut, outOfDistribution, type Fold } from "../models/splits.js";
import { columnMeans, r2PerTarget } from "../models/metrics.js";
import type { LinearModel } from "../models/linear.js";
import type { Matrix } from "../models/matrix.js";
import { Rng, streamId } from "../random.js";
import { coarseBinWidth, DISORDER_CRITERION, disorderScore, pickRows, pooling, poolRows, rdfDimension, type Pooling } from "./features.js";
import { ENVELOPES, fitSmoothRidge, SMOOTH_ORDERS } from "./smooth.js";
import { pairedDifference, significantWin, SIGNIFICANCE } from "./significance.js";
import { correlation, sumRuleKernel } from "./sumrule.js";
import type { CurvePoint, Scores, SystemResult, TargetResult } from "./types.js";

/** Nonlinear baselines the study can run. */
export type BaselineName = "krr" | "mlp";

/** Options of {@link runStudy}. */
export interface StudyOptions {
  /** Seed of the held-out split, learning-curve subsets and the MLP (default 0). */
  seed?: number;
  /** Fraction of structures held out for testing (default 0.25). */
  testFraction?: number;
  /** Targets to study (default: every target the data set holds; κ only when computed). */
  targets?: readonly TargetName[];
  /** Nonlinear baselines (default both). */
  baselines?: readonly BaselineName[];
  /**
   * Bin width (σ or Å) of the coarser g(r) the nonlinear baselines see (default 0.02 σ, 0.05 Å): pooled from
   * the data set's bins, exactly the g(r) of wider bins. Fine bins only add noise dimensions to an RBF kernel
   * or a network; the coarse ones are the better input for them, which makes the comparison fairer to them.
   */
  baselineBinWidth?: number;
  /** Smoothness orders the linear model chooses from (default [0, 2, 4, 8]; [0] with envelopes [0] = plain ridge). */
  smoothOrders?: readonly number[];
  /** Envelope powers p of w(r) = r⁻ᵖ u(r) the linear model chooses from (default [0, 8]). */
  envelopes?: readonly number[];
  /**
   * Learning curves: training sizes (default 5, 8, 12, 20, 32, 50, 80, 125 … up to the training set) and the
   * base number of random subsets per size (default 4; small sizes get more, see {@link curveRepeats}); false to skip.
   */
  learningCurve?: false | { sizes?: readonly number[]; repeats?: number; models?: readonly ("linear" | BaselineName | "mean")[] };
  /** Out-of-distribution split: train on the least disordered fraction (default 0.6), test on the rest; false to skip. */
  outOfDistribution?: false | { trainFraction?: number };
  /** Lasso path for scalar targets (default true). */
  lassoPath?: boolean;
  /** MLP settings (default: 32 hidden units, ≤ 300 epochs, patience 20, batch 16). */
  mlp?: MlpOptions;
  /** Kernel ridge settings (folds are set by the study). */
  krr?: Omit<KrrOptions, "folds">;
  /** Data set location and generation time, copied into the result. */
  dataset?: { dir?: string; seconds?: number };
  /** Progress messages. */
  onProgress?: (message: string) => void;
}

/** A fitted model of any kind, as a prediction function. */
type Predictor = (x: Matrix) => Matrix;

const DEFAULT_MLP: MlpOptions = { hidden: 32, epochs: 300, patience: 20, batchSize: 16, learningRate: 2e-3 };
const CURVE_SIZES = [5, 8, 12, 20, 32, 50, 80, 125, 200, 320, 500, 800];

/** Column indices of the VDOS bins where the spectrum lives: mean D(ω) above 1 % of its peak. */
export function activeBins(y: Matrix, threshold = 0.01): Int32Array {
  const mean = columnMeans(y);
  let peak = 0;
  for (const v of mean) peak = Math.max(peak, v);
  const out: number[] = [];
  mean.forEach((v, o) => {
    if (v >= threshold * peak) out.push(o);
  });
  return Int32Array.from(out);
}

function pickCols(m: Matrix, cols: Int32Array | null): Matrix {
  if (!cols) return m;
  const out = new Float64Array(m.rows * cols.length);
  for (let i = 0; i < m.rows; i++) for (let c = 0; c < cols.length; c++) out[i * cols.length + c] = m.data[i * m.cols + cols[c]!]!;
  return { rows: m.rows, cols: cols.length, data: out };
}

/**
 * Scores of predictions on test rows. R² per column over `cols` (null: all columns) averaged uniformly;
 * pooled R², MAE, RMSE over the same columns; relative L1 of whole spectra (all columns) when `spectra`.
 */
export function scoreOf(truth: Matrix, pred: Matrix, cols: Int32Array | null, spectra: boolean): Scores {
  const t = pickCols(truth, cols), p = pickCols(pred, cols);
  const r2 = r2PerTarget(t, p);
  let mean = 0, worst = Infinity;
  for (const v of r2) {
    mean += v;
    worst = Math.min(worst, v);
  }
  mean /= r2.length;
  let all = 0;
  for (const v of t.data) all += v;
  all /= t.data.length;
  let res = 0, tot = 0, abs = 0;
  for (let k = 0; k < t.data.length; k++) {
    const e = t.data[k]! - p.data[k]!;
    res += e * e;
    abs += Math.abs(e);
    const d = t.data[k]! - all;
    tot += d * d;
  }
  let relL1: number | null = null;
  if (spectra) {
    let s = 0;
    for (let i = 0; i < truth.rows; i++) {
      let num = 0, den = 0;
      for (let o = 0; o < truth.cols; o++) {
        num += Math.abs(pred.data[i * truth.cols + o]! - truth.data[i * truth.cols + o]!);
        den += Math.abs(truth.data[i * truth.cols + o]!);
      }
      s += den > 0 ? num / den : 0;
    }
    relL1 = s / truth.rows;
  }
  return {
    r2: mean,
    r2Worst: worst,
    r2Pooled: tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0,
    mae: abs / t.data.length,
    rmse: Math.sqrt(res / t.data.length),
    relL1,
  };
}

/** Everything one model family needs to be fitted on some rows. */
interface Context {
  X: Matrix;
  Xcoarse: Matrix;
  /** How X pools into Xcoarse: also a candidate binning of the linear model. */
  pool: Pooling;
  keys: number;
  bins: number;
  binWidth: number;
  smoothOrders: readonly number[];
  envelopes: readonly number[];
  centers: readonly number[];
  spectra: boolean;
  mlp: MlpOptions;
  krr: Omit<KrrOptions, "folds">;
  featureLabels: string[];
}

function fitLinearOn(ctx: Context, y: Matrix, rows: Int32Array): { predict: Predictor; model: LinearModel; order: number; envelope: number; pool: number } {
  const fit = fitSmoothRidge(pickRows(ctx.X, rows), pickRows(y, rows), {
    keys: ctx.keys,
    bins: ctx.bins,
    binWidth: ctx.binWidth,
    centers: ctx.centers,
    orders: ctx.smoothOrders,
    envelopes: ctx.envelopes,
    featureLabels: ctx.featureLabels,
    ...(ctx.pool.factor > 1 ? { pools: [ctx.pool] } : {}),
  });
  return { predict: (x) => fit.model.predict(x), model: fit.model, order: fit.order, envelope: fit.envelope, pool: fit.pool };
}

function linName(l: { order: number; envelope: number; pool: number }, binWidth: number): string {
  const parts: string[] = [];
  if (l.order > 0) parts.push(`smooth in r, m = ${l.order}`);
  if (l.envelope > 0) parts.push(`w ∝ r^-${l.envelope}·u`);
  if (l.pool > 1) parts.push(`on ${Number((l.pool * binWidth).toPrecision(4))}-wide bins`);
  return parts.length ? `ridge (${parts.join(", ")})` : "ridge";
}

function krrFolds(n: number): Int32Array {
  const k = Math.min(5, n);
  return Int32Array.from({ length: n }, (_, i) => Math.floor((i * k) / n));
}

function fitBaselineOn(name: BaselineName, ctx: Context, y: Matrix, rows: Int32Array, seed: number): Predictor {
  const x = pickRows(ctx.Xcoarse, rows), yy = pickRows(y, rows);
  if (name === "krr") {
    const m = fitKernelRidge(x.data, yy.data, x.rows, x.cols, yy.cols, { ...ctx.krr, folds: krrFolds(x.rows) });
    return (q) => ({ rows: q.rows, cols: yy.cols, data: predictKernelRidge(m, q.data, q.rows) });
  }
  const m = fitMlp(x.data, yy.data, x.rows, x.cols, yy.cols, { ...ctx.mlp, seed });
  return (q) => ({ rows: q.rows, cols: yy.cols, data: predictMlp(m, q.data, q.rows) });
}

function meanPredictor(y: Matrix, rows: Int32Array): Predictor {
  const mean = columnMeans(pickRows(y, rows));
  return (q) => {
    const out = new Float64Array(q.rows * mean.length);
    for (let i = 0; i < q.rows; i++) out.set(mean, i * mean.length);
    return { rows: q.rows, cols: mean.length, data: out };
  };
}

function toRows(m: Matrix, digits = 8): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (v) => Number(v.toPrecision(digits))));
  return out;
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
function std(a: number[]): number {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) * (v - m), 0) / a.length);
}

/** Training sizes of a learning curve for a training pool of n rows. */
export function curveSizes(n: number, sizes: readonly number[] = CURVE_SIZES): number[] {
  const out = sizes.filter((s) => s >= 5 && s < n);
  out.push(n);
  return [...new Set(out)].sort((a, b) => a - b);
}

/**
 * Random training subsets drawn per learning-curve size: small training sets vary the most from draw to
 * draw, so they get more (about 64/size, between `base` and 3·base; default base 4).
 */
export function curveRepeats(size: number, base = 4): number {
  if (!Number.isInteger(base) || base < 1) throw new RangeError(`learning curve: repeats must be a positive integer, got ${base}`);
  return Math.max(base, Math.min(3 * base, Math.ceil(64 / size)));
}

const TARGET_WORDS: Record<TargetName, string> = { vdos: "VDOS", omega2: "⟨ω²⟩", heat_capacity: "heat capacity", kappa: "κ (Allen–Feldman)" };
const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(3));

/**
 * Coarse windows of r (about 0.1 σ or 0.2 Å) whose weighted g(r) drives a target band the most: the spread
 * across training structures of Σ_{j∈window} W_j (g_j − ḡ_j), as a share of the sum over windows.
 */
function drivers(
  model: LinearModel,
  X: Matrix,
  rows: Int32Array,
  keys: string[],
  centers: number[],
  bands: { label: string; omega: [number, number] | null; cols: number[] }[],
  window: number,
): NonNullable<TargetResult["drivers"]> {
  const bins = centers.length;
  const dr = bins > 1 ? centers[1]! - centers[0]! : 1;
  const per = Math.max(1, Math.round(window / dr));
  const p = model.nFeatures;
  const xMean = columnMeans(pickRows(X, rows));
  return bands.map((band) => {
    const w = new Float64Array(p);
    for (const o of band.cols) for (let j = 0; j < p; j++) w[j]! += model.coef.data[o * p + j]!;
    const spreads: { key: string; r: [number, number]; s: number }[] = [];
    for (let q = 0; q < keys.length; q++) {
      for (let start = 0; start < bins; start += per) {
        const end = Math.min(bins, start + per);
        const vals: number[] = [];
        for (const i of rows) {
          let s = 0;
          for (let k = start; k < end; k++) {
            const j = q * bins + k;
            s += w[j]! * (X.data[i * p + j]! - xMean[j]!);
          }
          vals.push(s);
        }
        spreads.push({ key: keys[q]!, r: [Number((centers[start]! - dr / 2).toFixed(4)), Number((centers[end - 1]! + dr / 2).toFixed(4))], s: std(vals) });
      }
    }
    const total = spreads.reduce((a, b) => a + b.s, 0) || 1;
    spreads.sort((a, b) => b.s - a.s);
    return { band: band.label, omega: band.omega, ranges: spreads.slice(0, 4).map((x) => ({ key: x.key, r: x.r, share: Number((x.s / total).toFixed(4)) })) };
  });
}

/** Pools a weight map W (t × p on fine bins) to the coarse columns: the sum of the fine weights in each. */
function poolWeights(model: LinearModel, pool: Pooling): number[][] {
  const p = model.nFeatures;
  const out: number[][] = [];
  for (let o = 0; o < model.nTargets; o++) {
    out.push(pool.groups.map((g) => {
      let s = 0;
      for (let k = g.start; k < g.start + g.count; k++) s += model.coef.data[o * p + k]!;
      return Number(s.toPrecision(6));
    }));
  }
  return out;
}

/**
 * Runs the study on a loaded data set.
 * @throws DatasetError when the data set is too small to split
 */
export function runStudy(ds: Dataset, options: StudyOptions = {}): SystemResult {
  const spec = ds.manifest.spec;
  const system = spec.system;
  const n = ds.features.rows;
  if (n < 12) throw new DatasetError(`${options.dataset?.dir ?? system}: ${n} structures are too few for the study (need ≥ 12)`);
  const seed = options.seed ?? 0;
  const progress = options.onProgress ?? (() => {});
  const baselines = options.baselines ?? (["krr", "mlp"] as const);
  const meta = ds.metadata[0]!;
  const dim = rdfDimension(system, meta);
  const { keys, centers, columns } = ds.manifest.features;
  const bins = spec.rdf.bins;
  const binWidth = spec.rdf.rMax / bins;
  const metal = SYSTEMS[system].units === "metal";
  const coarseWidth = options.baselineBinWidth ?? coarseBinWidth(system);
  const pool = pooling(keys.length, bins, spec.rdf.rMax, Math.max(1, Math.round(coarseWidth / binWidth)), dim);
  const X: Matrix = { rows: n, cols: ds.features.cols, data: ds.features.data };
  const Xcoarse = poolRows(X, pool);
  const coarseCenters = Array.from({ length: pool.bins }, (_, c) => {
    const lo = c * pool.factor * binWidth, hi = Math.min(bins, (c + 1) * pool.factor) * binWidth;
    return Number(((lo + hi) / 2).toPrecision(8));
  });
  const coarseLabels = keys.flatMap((k) => coarseCenters.map((c) => `${k}:${c}`));
  const ctx: Context = {
    X, Xcoarse, pool, keys: keys.length, bins, binWidth, smoothOrders: options.smoothOrders ?? SMOOTH_ORDERS, envelopes: options.envelopes ?? ENVELOPES, centers,
    spectra: false, mlp: { ...DEFAULT_MLP, ...(options.mlp ?? {}) }, krr: options.krr ?? {}, featureLabels: columns,
  };

  const split: Fold = heldOut(n, { testFraction: options.testFraction ?? 0.25, seed });
  const score = disorderScore(ds);
  const oodOptions = options.outOfDistribution === false ? null : (options.outOfDistribution ?? {});
  const oodSplit = oodOptions ? outOfDistribution(score, { trainFraction: oodOptions.trainFraction ?? 0.6 }) : null;

  const available = TARGET_NAMES.filter((t) => !(t === "kappa" && ds.targets.kappa.data.some((v) => Number.isNaN(v))));
  const targets = (options.targets ?? available).filter((t) => {
    if (!available.includes(t)) progress(`${system}: skipping ${t} (not in this data set)`);
    return available.includes(t);
  });

  const results: TargetResult[] = [];
  for (const target of targets) {
    progress(`${system}: ${target}`);
    const table = targetTable(ds, target);
    const Y: Matrix = { rows: table.rows, cols: table.cols, data: table.data };
    const spectra = target === "vdos";
    const c: Context = { ...ctx, spectra };
    const cols = spectra ? activeBins(pickRows(Y, split.train)) : null;
    const yTest = pickRows(Y, split.test);
    const xTest = pickRows(X, split.test), xTestCoarse = pickRows(Xcoarse, split.test);
    const notes: string[] = [];

    // Headline split
    let t0 = performance.now();
    const lin = fitLinearOn(c, Y, split.train);
    const linearSeconds = (performance.now() - t0) / 1000;
    const linPred = lin.predict(xTest);
    const linScores = scoreOf(yTest, linPred, cols, spectra);
    const meanScores = scoreOf(yTest, meanPredictor(Y, split.train)(xTest), cols, spectra);
    const baseResults: TargetResult["baselines"] = [];
    const basePreds = new Map<string, Matrix>();
    for (const b of baselines) {
      try {
        t0 = performance.now();
        const f = fitBaselineOn(b, c, Y, split.train, seed);
        const seconds = (performance.now() - t0) / 1000;
        const pred = f(xTestCoarse);
        basePreds.set(b, pred);
        baseResults.push({ name: b, scores: scoreOf(yTest, pred, cols, spectra), fitSeconds: seconds });
      } catch (e) {
        notes.push(`${b} could not be fitted: ${(e as Error).message}`);
      }
    }
    const bestBase = [...baseResults].sort((a, b) => b.scores.r2 - a.scores.r2)[0];

    // Learning curves: every model is fitted on the same random subsets, so differences are paired.
    const learningCurves: Record<string, CurvePoint[]> = {};
    const lc = options.learningCurve === false ? null : (options.learningCurve ?? {});
    if (lc) {
      const models = lc.models ?? (["linear", ...baselines, "mean"] as const);
      const pool = split.train;
      for (const m of models) learningCurves[m] = [];
      for (const size of curveSizes(pool.length, lc.sizes)) {
        // NaN marks a draw a model could not fit, so the runs of two models stay aligned draw by draw.
        const r2s: Record<string, number[]> = Object.fromEntries(models.map((m) => [m, []]));
        if (size === pool.length) {
          // the whole training set: the headline fits
          for (const m of models) {
            const v = m === "linear" ? linScores.r2 : m === "mean" ? meanScores.r2 : baseResults.find((b) => b.name === m)?.scores.r2;
            r2s[m]!.push(v ?? NaN);
          }
        }
        const reps = size === pool.length ? 0 : curveRepeats(size, lc.repeats);
        for (let r = 0; r < reps; r++) {
          const perm = Rng.seeded(seed, streamId("glassbox.study.curve"), size, r).permutation(pool.length);
          const rows = Int32Array.from(perm.subarray(0, size), (i) => pool[i]!).sort();
          for (const m of models) {
            let v = NaN;
            try {
              const pred =
                m === "linear" ? fitLinearOn(c, Y, rows).predict(xTest)
                : m === "mean" ? meanPredictor(Y, rows)(xTest)
                : fitBaselineOn(m, c, Y, rows, seed + r)(xTestCoarse);
              v = scoreOf(yTest, pred, cols, spectra).r2;
            } catch {
              // a model that cannot fit this few rows leaves no point
            }
            r2s[m]!.push(v);
          }
        }
        for (const m of models) {
          const runs = r2s[m]!.filter((v) => !Number.isNaN(v));
          if (!runs.length) continue;
          const point: CurvePoint = { nTrain: size, r2: mean(runs), r2Std: std(runs), runs: runs.length };
          if (m !== "linear" && r2s.linear) {
            const d = pairedDifference(r2s[m]!, r2s.linear);
            if (d) point.vsLinear = d;
          }
          learningCurves[m]!.push(point);
        }
      }
    }

    // Out of distribution
    let ood: TargetResult["outOfDistribution"] = null;
    if (oodSplit) {
      const r2: Record<string, number> = {};
      const yo = pickRows(Y, oodSplit.test);
      const oc = spectra ? activeBins(pickRows(Y, oodSplit.train)) : null;
      r2.linear = scoreOf(yo, fitLinearOn(c, Y, oodSplit.train).predict(pickRows(X, oodSplit.test)), oc, spectra).r2;
      for (const b of baselines) {
        try {
          r2[b] = scoreOf(yo, fitBaselineOn(b, c, Y, oodSplit.train, seed)(pickRows(Xcoarse, oodSplit.test)), oc, spectra).r2;
        } catch {
          /* reported by absence */
        }
      }
      r2.mean = scoreOf(yo, meanPredictor(Y, oodSplit.train)(pickRows(X, oodSplit.test)), oc, spectra).r2;
      let threshold = -Infinity;
      for (const i of oodSplit.train) threshold = Math.max(threshold, score[i]!);
      ood = { criterion: `${DISORDER_CRITERION} (${metal ? "eV" : "ε"}): train on the lowest ${oodSplit.train.length}, test on the ${oodSplit.test.length} above`, threshold, r2 };
    }

    // Weights, drivers
    const omega = ds.manifest.targets.vdos.omega;
    const rowsAxis = spectra ? omega : target === "heat_capacity" ? ds.manifest.targets.heat_capacity.temperatures : [0];
    const weights = { rows: rowsAxis, columns: coarseLabels, values: poolWeights(lin.model, pool), intercept: Array.from(lin.model.intercept, (v) => Number(v.toPrecision(10))), binsPooled: pool.factor };
    let bands: { label: string; omega: [number, number] | null; cols: number[] }[];
    if (spectra && cols && cols.length >= 3) {
      const third = Math.floor(cols.length / 3);
      const parts = [Array.from(cols.subarray(0, third)), Array.from(cols.subarray(third, 2 * third)), Array.from(cols.subarray(2 * third))];
      bands = parts.map((p, i) => ({ label: ["low ω", "middle ω", "high ω"][i]!, omega: [omega[p[0]!]!, omega[p[p.length - 1]!]!] as [number, number], cols: p }));
    } else {
      bands = Array.from({ length: Y.cols }, (_, o) => ({ label: Y.cols > 1 ? `column ${o}` : TARGET_WORDS[target], omega: null, cols: [o] }));
    }
    const drive = drivers(lin.model, X, split.train, keys, centers, bands, metal ? 0.2 : 0.1);

    // Lasso path (scalars)
    let path: TargetResult["lassoPath"] = null;
    if (!spectra && Y.cols === 1 && options.lassoPath !== false) {
      try {
        const xp = pickRows(Xcoarse, split.train), yp = pickRows(Y, split.train);
        const lp = lassoPath(xp, yp, { nAlphas: 30, eps: 1e-3, tol: 1e-4, maxIter: 2000 });
        const coef = lp.coef[0]!, alphas = lp.alphas[0]!;
        const p = xp.cols;
        const peak = Array.from({ length: p }, (_, j) => {
          let m = 0;
          for (let a = 0; a < alphas.length; a++) m = Math.max(m, Math.abs(coef[a * p + j]!));
          return { j, m };
        }).filter((x) => x.m > 0).sort((a, b) => b.m - a.m).slice(0, 12);
        path = {
          alphas: Array.from(alphas, (v) => Number(v.toPrecision(8))),
          features: peak.map((x) => coarseLabels[x.j]!),
          coef: peak.map((x) => Array.from(alphas, (_, a) => Number(coef[a * p + x.j]!.toPrecision(8)))),
        };
      } catch (e) {
        notes.push(`lasso path failed: ${(e as Error).message}`);
      }
    }

    // Sum rule
    let sumRule: TargetResult["sumRule"] = null;
    if (target === "omega2") {
      const k = sumRuleKernel(ds);
      if (k.kernel) {
        const kernel = k.kernel;
        const exact = new Float64Array(yTest.rows);
        for (let i = 0; i < xTest.rows; i++) {
          let s = 0;
          for (let j = 0; j < xTest.cols; j++) s += kernel[j]! * xTest.data[i * xTest.cols + j]!;
          exact[i] = s;
        }
        const r2Exact = scoreOf(yTest, { rows: yTest.rows, cols: 1, data: exact }, null, false).r2;
        const fitted = lin.model.coef.data;
        // Compare where pairs exist: below the closest approach no structure has a pair, the kernel grows
        // like r⁻¹² there and the data say nothing about the weights.
        const observed: number[] = [];
        for (let j = 0; j < X.cols; j++) {
          for (const i of split.train) {
            if (X.data[i * X.cols + j]! > 0) {
              observed.push(j);
              break;
            }
          }
        }
        const pick = (v: ArrayLike<number>, idx: number[]) => idx.map((j) => v[j]!);
        const pooledObserved = pool.groups.flatMap((g, c) => (observed.some((j) => j >= g.start && j < g.start + g.count) ? [c] : []));
        const poolSum = (v: ArrayLike<number>) => pool.groups.map((g) => {
          let s = 0;
          for (let k = g.start; k < g.start + g.count; k++) s += v[k]!;
          return s;
        });
        sumRule = {
          kernel: Array.from(kernel, (v) => Number(v.toPrecision(8))),
          fitted: Array.from(fitted, (v) => Number(v.toPrecision(8))),
          correlation: correlation(pick(kernel, observed), pick(fitted, observed)),
          r2Exact,
          correlationPooled: correlation(pick(poolSum(kernel), pooledObserved), pick(poolSum(fitted), pooledObserved)),
          observedColumns: observed.length,
        };
        notes.push(
          `Sum rule: the exact kernel Σ_ab ρ-weighted (φ''_ab + (d−1)φ'_ab/r) on these bins, with no fitting at all, scores R² = ${r2Exact.toFixed(5)} on the test structures (binning is its only error); ` +
            `the fitted model scores ${linScores.r2.toFixed(5)}. Over the ${observed.length} bins where pairs occur, the fitted weights correlate with the kernel at ${sumRule.correlation.toFixed(3)} ` +
            `(${sumRule.correlationPooled!.toFixed(3)} after summing them into ${pool.factor}-bin groups).`,
        );
      } else {
        notes.push(`Sum rule: ${k.note}.`);
      }
    }

    // Notes
    const what = TARGET_WORDS[target];
    const metric = spectra ? `mean per-bin R² over the ${cols!.length} ω bins where D(ω) exceeds 1 % of its peak` : "R²";
    notes.unshift(
      `Linear model (${linName(lin, binWidth)}; bin width, m, p and α by leave-one-out CV): ${metric} = ${fmt(linScores.r2)} on ${split.test.length} held-out structures; ` +
        baseResults.map((b) => `${b.name.toUpperCase()} ${fmt(b.scores.r2)}`).join(", ") +
        `${baseResults.length ? ", " : ""}mean predictor ${fmt(meanScores.r2)}.`,
    );
    if (spectra) {
      notes.push(
        `Pooled R² over every (structure, bin) value flatters: linear ${fmt(linScores.r2Pooled)}, mean predictor ${fmt(meanScores.r2Pooled)} — the VDOS shape barely changes, so the per-bin R² is the honest number.`,
      );
    }
    for (const b of baseResults) {
      if (b.scores.r2 > linScores.r2) notes.push(`${b.name.toUpperCase()} beats the linear model on ${what} at n = ${split.train.length} (${fmt(b.scores.r2)} vs ${fmt(linScores.r2)}).`);
    }
    if (linScores.r2 <= meanScores.r2) notes.push(`The linear model does not beat the mean predictor on ${what}.`);
    for (const b of baselines) {
      const curve = (learningCurves[b] ?? []).filter((pt) => pt.vsLinear);
      const wins = curve.filter((pt) => significantWin(pt.vsLinear!));
      const noise = curve.filter((pt) => pt.vsLinear!.mean > 0 && !significantWin(pt.vsLinear!));
      const delta = (pt: CurvePoint) => `${pt.vsLinear!.mean.toFixed(3)} ± ${pt.vsLinear!.se.toFixed(3)}`;
      const noiseText = noise.length ? `; ahead within noise (less than ${SIGNIFICANCE} standard errors over the paired draws) at ${noise.map((pt) => `${pt.nTrain} (${delta(pt)})`).join(", ")}` : "";
      if (wins.length) notes.push(`${b.toUpperCase()} beats linear on ${what} at training sizes ${wins.map((pt) => `${pt.nTrain} (by ${delta(pt)})`).join(", ")} of the learning curve${noiseText}.`);
      else if (curve.length) notes.push(`${b.toUpperCase()} never beats linear on ${what} by more than the noise of the learning curve (sizes ${curve.map((pt) => pt.nTrain).join(", ")})${noiseText}.`);
    }
    if (ood) {
      const parts = Object.entries(ood.r2).map(([m, v]) => `${m} ${fmt(v)}`).join(", ");
      notes.push(`Out of distribution (trained on the least disordered ${oodSplit!.train.length}, tested on the most disordered ${oodSplit!.test.length}): ${parts}.`);
    }
    const top = drive.map((d) => `${d.band}: ${d.ranges.slice(0, 2).map((r) => `${r.key} at r ∈ [${r.r[0]}, ${r.r[1]}) (${(100 * r.share).toFixed(0)} %)`).join(", ")}`);
    notes.push(`Pair distances that drive ${what} (spread of W·g over structures): ${top.join("; ")}.`);

    const baselinePred = bestBase ? basePreds.get(bestBase.name)! : linPred;
    results.push({
      system,
      target,
      nTrain: split.train.length,
      nTest: split.test.length,
      linear: { ...linScores, model: linName(lin, binWidth), alpha: lin.model.alpha!.every((a) => a === lin.model.alpha![0]) ? lin.model.alpha![0]! : Array.from(lin.model.alpha!), fitSeconds: linearSeconds },
      baselines: baseResults,
      meanPredictor: meanScores,
      parity: { truth: toRows(yTest), linear: toRows(linPred), baseline: toRows(baselinePred), baselineName: bestBase?.name ?? "none" },
      learningCurves,
      outOfDistribution: ood,
      weights,
      lassoPath: path,
      sumRule,
      notes,
      metric,
      drivers: drive,
      smoothOrder: lin.order,
      envelope: lin.envelope,
    });
  }

  // g(r) and VDOS by disorder tertile
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]! || a - b);
  const thirds = [order.slice(0, Math.floor(n / 3)), order.slice(Math.floor(n / 3), Math.floor((2 * n) / 3)), order.slice(Math.floor((2 * n) / 3))];
  const labels = ["least disordered third", "middle third", "most disordered third"];
  const rdfGroups = thirds.map((rows, gi) => {
    const m = columnMeans(pickRows(Xcoarse, rows));
    const hi = Math.max(...rows.map((i) => score[i]!));
    return { label: `${labels[gi]} (${fmtScore(hi, metal)})`, g: keys.map((_, q) => Array.from(m.subarray(q * pool.bins, (q + 1) * pool.bins), (v) => Number(v.toPrecision(6)))) };
  });
  const V: Matrix = { rows: n, cols: ds.targets.vdos.cols, data: ds.targets.vdos.data };
  const vdosGroups = thirds.map((rows, gi) => ({ label: rdfGroups[gi]!.label, dos: Array.from(columnMeans(pickRows(V, rows)), (v) => Number(v.toPrecision(6))) }));
  return {
    system,
    dataset: { count: n, atoms: meta.atoms, seed: spec.seed, seconds: options.dataset?.seconds ?? 0, dir: options.dataset?.dir ?? "" },
    rdfByDisorder: { centers: coarseCenters, keys: [...keys], groups: rdfGroups },
    vdosByDisorder: { omega: ds.manifest.targets.vdos.omega, groups: vdosGroups },
    targets: results,
  };
}

function fmtScore(v: number, metal: boolean): string {
  return `score ≤ ${v.toPrecision(3)} ${metal ? "eV" : "ε"}/atom`;
}

