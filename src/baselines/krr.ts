/**
 * Kernel ridge regression with a Gaussian (RBF) kernel k(x, x') = exp(−γ‖x − x'‖²) on standardised
 * features: the nonlinear baseline tuned by cross-validation.
 *
 * For every γ and fold the training kernel is diagonalised once, K = QΛQᵀ, so every α on the grid costs
 * only (K + αI)⁻¹Y = Q (Λ + α)⁻¹ QᵀY. Kernel values come from WASM (assembly/krr.ts).
 */
import { allocF64, putF64, readF64, scoped } from "../engine/wasm.js";
import { eigh } from "../eigen.js";
import { fitStandardization, standardize } from "../models/standardize.js";

/** Settings of the kernel ridge fit. */
export interface KrrOptions {
  /** Candidate γ values in units of 1/p (p = number of features; default [0.01, 0.1, 1, 10] / p). */
  gammas?: number[];
  /** Candidate ridge penalties α (default 1e-6 … 1e1, one per decade). */
  alphas?: number[];
  /** Fold of every training row (0 … k−1) for the cross-validation; default 5 contiguous folds. */
  folds?: Int32Array;
}

/** A fitted kernel ridge model. */
export interface KrrModel {
  kind: "krr";
  p: number;
  t: number;
  /** Chosen kernel width γ (1/feature², on standardised features) and ridge penalty α. */
  gamma: number;
  alpha: number;
  /** Cross-validated mean squared error (standardised targets) of the chosen pair. */
  cvError: number;
  /** Training rows (standardised features, n×p) and dual coefficients (n×t). */
  xTrain: Float64Array;
  dual: Float64Array;
  xMean: Float64Array;
  xScale: Float64Array;
  yMean: Float64Array;
  yScale: Float64Array;
}

/** RBF kernel matrix (na×nb, row-major) between rows of A (na×p) and B (nb×p). */
export function rbfKernel(a: Float64Array, na: number, b: Float64Array, nb: number, p: number, gamma: number): Float64Array {
  return scoped((k) => {
    const pa = putF64(a), pb = putF64(b), out = allocF64(na * nb);
    k.krr_rbfKernel(pa, na, pb, nb, p, gamma, out);
    return readF64(out, na * nb);
  });
}


function rows(a: Float64Array, idx: number[], cols: number): Float64Array {
  const out = new Float64Array(idx.length * cols);
  idx.forEach((r, i) => out.set(a.subarray(r * cols, r * cols + cols), i * cols));
  return out;
}

/** Qᵀ Y for an n×n matrix Q (row-major) and Y (n×t). */
function transposeTimes(q: Float64Array, n: number, y: Float64Array, t: number): Float64Array {
  const c = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < n; m++) {
      const v = q[i * n + m]!;
      for (let o = 0; o < t; o++) c[m * t + o]! += v * y[i * t + o]!;
    }
  }
  return c;
}

/** diag(1/(λ + α)) C for the eigenvalues λ (negative round-off clipped to 0). */
function shrink(values: Float64Array, c: Float64Array, t: number, alpha: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let m = 0; m < values.length; m++) {
    const s = 1 / (Math.max(values[m]!, 0) + alpha);
    for (let o = 0; o < t; o++) out[m * t + o] = c[m * t + o]! * s;
  }
  return out;
}

function matmul(a: Float64Array, n: number, m: number, b: Float64Array, t: number): Float64Array {
  const out = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const v = a[i * m + j]!;
      for (let o = 0; o < t; o++) out[i * t + o]! += v * b[j * t + o]!;
    }
  }
  return out;
}

/**
 * Fits kernel ridge regression to X (n×p) → Y (n×t), choosing γ and α by k-fold cross-validation of the
 * mean squared error on standardised targets.
 */
export function fitKernelRidge(x: Float64Array, y: Float64Array, n: number, p: number, t: number, options: KrrOptions = {}): KrrModel {
  if (x.length !== n * p) throw new RangeError(`X has ${x.length} values, expected ${n}×${p}`);
  if (y.length !== n * t) throw new RangeError(`Y has ${y.length} values, expected ${n}×${t}`);
  if (n < 3) throw new RangeError(`kernel ridge needs at least 3 training rows, got ${n}`);
  const gammas = (options.gammas ?? [0.01, 0.1, 1, 10]).map((g) => g / p);
  const alphas = options.alphas ?? [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
  const folds = options.folds ?? Int32Array.from({ length: n }, (_, i) => Math.floor((i * Math.min(5, n)) / n));
  if (folds.length !== n) throw new RangeError(`folds has ${folds.length} entries, expected ${n}`);
  const k = Math.max(...folds) + 1;

  const xm = { rows: n, cols: p, data: x }, ym = { rows: n, cols: t, data: y };
  const xs = fitStandardization(xm), ys = fitStandardization(ym);
  const X = standardize(xm, xs).data, Y = standardize(ym, ys).data;

  let best = { gamma: gammas[0]!, alpha: alphas[0]!, err: Infinity };
  for (const gamma of gammas) {
    const errs = new Float64Array(alphas.length);
    for (let f = 0; f < k; f++) {
      const tr: number[] = [], te: number[] = [];
      for (let i = 0; i < n; i++) (folds[i] === f ? te : tr).push(i);
      if (te.length === 0 || tr.length === 0) continue;
      const xtr = rows(X, tr, p), xte = rows(X, te, p), ytr = rows(Y, tr, t), yte = rows(Y, te, t);
      const K = rbfKernel(xtr, tr.length, xtr, tr.length, p, gamma);
      const Kte = rbfKernel(xte, te.length, xtr, tr.length, p, gamma);
      const { values, vectors } = eigh(K, tr.length, { vectors: true });
      // Per fold once: QᵀY and K_test·Q; per α only a diagonal scaling and one product.
      const c = transposeTimes(vectors!, tr.length, ytr, t);
      const kq = matmul(Kte, te.length, tr.length, vectors!, tr.length);
      alphas.forEach((alpha, a) => {
        const pred = matmul(kq, te.length, tr.length, shrink(values, c, t, alpha), t);
        for (let i = 0; i < pred.length; i++) errs[a]! += (pred[i]! - yte[i]!) ** 2;
      });
    }
    alphas.forEach((alpha, a) => {
      const err = errs[a]! / (n * t);
      if (err < best.err) best = { gamma, alpha, err };
    });
  }
  const K = rbfKernel(X, n, X, n, p, best.gamma);
  const { values, vectors } = eigh(K, n, { vectors: true });
  const dual = matmul(vectors!, n, n, shrink(values, transposeTimes(vectors!, n, Y, t), t, best.alpha), t);
  return {
    kind: "krr",
    p,
    t,
    gamma: best.gamma,
    alpha: best.alpha,
    cvError: best.err,
    xTrain: X,
    dual,
    xMean: xs.mean,
    xScale: xs.scale,
    yMean: ys.mean,
    yScale: ys.scale,
  };
}

/** Predictions (n×t, original units) of a kernel ridge model for rows of X (n×p). */
export function predictKernelRidge(model: KrrModel, x: Float64Array, n: number): Float64Array {
  const { p, t } = model;
  if (x.length !== n * p) throw new RangeError(`X has ${x.length} values, expected ${n}×${p}`);
  const X = standardize({ rows: n, cols: p, data: x }, { mean: model.xMean, scale: model.xScale }).data;
  const nTrain = model.xTrain.length / p;
  const K = rbfKernel(X, n, model.xTrain, nTrain, p, model.gamma);
  const out = matmul(K, n, nTrain, model.dual, t);
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) out[i * t + o] = out[i * t + o]! * model.yScale[o]! + model.yMean[o]!;
  return out;
}
