/**
 * Regression metrics with scikit-learn's definitions: R² per target and averaged (uniformly or weighted
 * by target variance), MAE, RMSE, and metrics for whole spectra (each row a VDOS sampled on a frequency
 * grid): mean and worst per-bin R², and the relative L1 error Σ|ĝ − g| / Σ|g| of each spectrum.
 * {@link evaluate} reports a model beside the mean predictor (every prediction = the training mean),
 * the baseline any model must beat.
 *
 * All sums run in plain IEEE arithmetic in a fixed order (identical in every engine).
 *
 * @packageDocumentation
 */
import { toMatrix, type Matrix, type MatrixInput } from "./matrix.js";

function pair(yTrue: MatrixInput, yPred: MatrixInput): [Matrix, Matrix] {
  const a = toMatrix(yTrue, "yTrue", true);
  const b = toMatrix(yPred, "yPred", true);
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`yTrue is ${a.rows}×${a.cols} but yPred is ${b.rows}×${b.cols}; they must match`);
  if (a.rows < 1) throw new RangeError("metrics need at least one sample");
  return [a, b];
}

/** Column means of Y (t): the mean predictor fitted on Y. */
export function columnMeans(Y: MatrixInput): Float64Array {
  const y = toMatrix(Y, "Y", true);
  const out = new Float64Array(y.cols);
  for (let i = 0; i < y.rows; i++) for (let o = 0; o < y.cols; o++) out[o]! += y.data[i * y.cols + o]!;
  for (let o = 0; o < y.cols; o++) out[o]! /= y.rows;
  return out;
}

/** Residual and total sums of squares per target: SS_res = Σ(y − ŷ)², SS_tot = Σ(y − ȳ)² (ȳ of yTrue). */
function sumsOfSquares(a: Matrix, b: Matrix): { res: Float64Array; tot: Float64Array } {
  const t = a.cols, n = a.rows;
  const mean = columnMeans(a);
  const res = new Float64Array(t), tot = new Float64Array(t);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < t; o++) {
      const y = a.data[i * t + o]!;
      const e = y - b.data[i * t + o]!;
      const d = y - mean[o]!;
      res[o]! += e * e;
      tot[o]! += d * d;
    }
  }
  return { res, tot };
}

/**
 * R² of every target: 1 − SS_res/SS_tot. A target with zero variance in yTrue scores 1 if predicted
 * exactly, else 0 (scikit-learn's rule).
 */
export function r2PerTarget(yTrue: MatrixInput, yPred: MatrixInput): Float64Array {
  const [a, b] = pair(yTrue, yPred);
  const { res, tot } = sumsOfSquares(a, b);
  return Float64Array.from(res, (r, o) => r2Of(r, tot[o]!));
}

function r2Of(res: number, tot: number): number {
  if (tot !== 0) return 1 - res / tot;
  return res === 0 ? 1 : 0;
}

/**
 * R² averaged over targets: "uniform" (default; scikit-learn's `uniform_average`) or
 * "variance-weighted" (weights SS_tot, scikit-learn's `variance_weighted`).
 */
export function r2Score(yTrue: MatrixInput, yPred: MatrixInput, average: "uniform" | "variance-weighted" = "uniform"): number {
  const [a, b] = pair(yTrue, yPred);
  const { res, tot } = sumsOfSquares(a, b);
  const t = a.cols;
  if (average === "uniform") {
    let s = 0;
    for (let o = 0; o < t; o++) s += r2Of(res[o]!, tot[o]!);
    return s / t;
  }
  if (average !== "variance-weighted") throw new RangeError(`average must be "uniform" or "variance-weighted", got ${String(average)}`);
  let wsum = 0, s = 0;
  for (let o = 0; o < t; o++) {
    wsum += tot[o]!;
    s += tot[o]! * r2Of(res[o]!, tot[o]!);
  }
  if (wsum === 0) return res.every((r) => r === 0) ? 1 : 0;
  return s / wsum;
}

/** Mean absolute error per target (t). */
export function maePerTarget(yTrue: MatrixInput, yPred: MatrixInput): Float64Array {
  const [a, b] = pair(yTrue, yPred);
  const t = a.cols;
  const out = new Float64Array(t);
  for (let i = 0; i < a.rows; i++) for (let o = 0; o < t; o++) out[o]! += Math.abs(a.data[i * t + o]! - b.data[i * t + o]!);
  for (let o = 0; o < t; o++) out[o]! /= a.rows;
  return out;
}

/** Root mean squared error per target (t). */
export function rmsePerTarget(yTrue: MatrixInput, yPred: MatrixInput): Float64Array {
  const [a, b] = pair(yTrue, yPred);
  const { res } = sumsOfSquares(a, b);
  return Float64Array.from(res, (r) => Math.sqrt(r / a.rows));
}

/** Spectrum metrics (rows = spectra, columns = frequency bins). */
export interface SpectrumMetrics {
  /** R² of every bin across the spectra (t). */
  binR2: Float64Array;
  /** Mean and worst per-bin R², and the worst bin's index. */
  meanBinR2: number;
  worstBinR2: number;
  worstBin: number;
  /** Σ_k |ĝ_k − g_k| / Σ_k |g_k| of every spectrum (n); +∞ for an all-zero true spectrum predicted nonzero, 0 if both zero. */
  relativeL1: Float64Array;
  /** Mean and largest relative L1 error over spectra. */
  meanRelativeL1: number;
  maxRelativeL1: number;
}

/**
 * Metrics of predicted spectra (e.g. VDOS rows): per-bin R² (mean and worst) and the relative L1 error
 * of each spectrum. The bin width cancels in the relative error, so none is needed.
 */
export function spectrumMetrics(yTrue: MatrixInput, yPred: MatrixInput): SpectrumMetrics {
  const [a, b] = pair(yTrue, yPred);
  const binR2 = r2PerTarget(a, b);
  let mean = 0, worst = Infinity, worstBin = 0;
  binR2.forEach((r, o) => {
    mean += r;
    if (r < worst) [worst, worstBin] = [r, o];
  });
  mean /= binR2.length;
  const n = a.rows, t = a.cols;
  const rel = new Float64Array(n);
  let relSum = 0, relMax = 0;
  for (let i = 0; i < n; i++) {
    let num = 0, den = 0;
    for (let o = 0; o < t; o++) {
      num += Math.abs(b.data[i * t + o]! - a.data[i * t + o]!);
      den += Math.abs(a.data[i * t + o]!);
    }
    rel[i] = den > 0 ? num / den : num === 0 ? 0 : Infinity;
    relSum += rel[i]!;
    relMax = Math.max(relMax, rel[i]!);
  }
  return { binR2, meanBinR2: mean, worstBinR2: worst, worstBin, relativeL1: rel, meanRelativeL1: relSum / n, maxRelativeL1: relMax };
}

/** The metrics of one set of predictions. */
export interface RegressionMetrics {
  r2: Float64Array;
  r2Uniform: number;
  r2VarianceWeighted: number;
  mae: Float64Array;
  rmse: Float64Array;
  maeMean: number;
  rmseMean: number;
  /** Spectrum metrics (when the targets are spectra: `spectra: true`). */
  spectra: SpectrumMetrics | null;
}

/** A model's metrics beside those of the mean predictor. */
export interface Evaluation {
  model: RegressionMetrics;
  /** The mean predictor: every prediction is `baselineMean` (training means, or the test means). */
  baseline: RegressionMetrics;
  baselineMean: Float64Array;
  nSamples: number;
  nTargets: number;
}

/** All metrics of one set of predictions. */
export function regressionMetrics(yTrue: MatrixInput, yPred: MatrixInput, spectra = false): RegressionMetrics {
  const [a, b] = pair(yTrue, yPred);
  const mae = maePerTarget(a, b), rmse = rmsePerTarget(a, b);
  const avg = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  return {
    r2: r2PerTarget(a, b),
    r2Uniform: r2Score(a, b, "uniform"),
    r2VarianceWeighted: r2Score(a, b, "variance-weighted"),
    mae,
    rmse,
    maeMean: avg(mae),
    rmseMean: avg(rmse),
    spectra: spectra ? spectrumMetrics(a, b) : null,
  };
}

/**
 * Evaluates predictions against the truth, and the mean predictor on the same rows.
 *
 * @param trainMean the training-set mean of each target (the honest baseline); default: the test means
 *   (whose R² is 0 by construction)
 * @param spectra also compute spectrum metrics (rows are spectra)
 * @example
 * ```ts
 * const ev = evaluate(Ytest, model.predict(Xtest), { trainMean: columnMeans(Ytrain), spectra: true });
 * ev.model.r2Uniform; ev.baseline.r2Uniform; ev.model.spectra?.meanRelativeL1;
 * ```
 */
export function evaluate(yTrue: MatrixInput, yPred: MatrixInput, options: { trainMean?: ArrayLike<number>; spectra?: boolean } = {}): Evaluation {
  const [a, b] = pair(yTrue, yPred);
  const mean = options.trainMean ? Float64Array.from(options.trainMean) : columnMeans(a);
  if (mean.length !== a.cols) throw new RangeError(`trainMean has ${mean.length} entries for ${a.cols} targets`);
  const base = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) base.set(mean, i * a.cols);
  const spectra = options.spectra ?? false;
  return {
    model: regressionMetrics(a, b, spectra),
    baseline: regressionMetrics(a, { rows: a.rows, cols: a.cols, data: base }, spectra),
    baselineMean: mean,
    nSamples: a.rows,
    nTargets: a.cols,
  };
}
