/**
 * Ridge regression on g(r) with a smoothness prior along r: y = W·g + b with each row of W written as
 * w(r) = r⁻ᵖ·u(r), and u penalised by α‖Δᵐ u‖²/h²ᵐ (m-th differences along r within each partial, bin width
 * h), anchored so that u vanishes beyond r_max. Still an ordinary linear model on the binned g(r) — only the
 * prior on W changes: neighbouring bins get similar weights, and weights may grow towards short pair
 * distances like r⁻ᵖ (pair interactions are steepest there). The envelope power p, the order m and α are
 * chosen together by exact leave-one-out cross-validation; p = m = 0 is plain ridge.
 *
 * Why: a pair-sum property such as ⟨ω²⟩ = Σ_pairs f(r) has a smooth kernel f in r, but on fine bins each
 * g(r) bin holds a handful of pairs, so bin-to-bin counting noise is real signal that an isotropic ridge
 * (‖w‖²) cannot tell apart from the kernel with a hundred structures. Measured on 3D Kob–Andersen (256
 * atoms, 0.00125 σ bins, 75 training structures, test R² of ⟨ω²⟩): plain ridge −0.10; m = 2: 0.9925;
 * m = 4: 0.9985; with p = 8, m = 2–8: 0.9992–0.9994 (the exact kernel itself: 0.9999).
 * Exact leave-one-out rather than GCV: the α rule compares per-structure losses, which GCV does not give.
 *
 * Implementation: with v = L·diag(rᵖ)·w (L the scaled m-th difference operator, per partial), the penalty is
 * ‖v‖² and X w = (X diag(r⁻ᵖ) L⁻¹) v, where X diag(r⁻ᵖ) L⁻¹ is X·r⁻ᵖ integrated m times along r (cumulative
 * sums × h from r = 0). Ordinary ridge on it gives v; w = r⁻ᵖ·L⁻¹v (m reverse cumulative sums × h). The
 * intercept is unchanged.
 *
 * @packageDocumentation
 */
import { eigh } from "../eigen.js";
import { alloc, allocF64, putF64, scoped, viewF64 } from "../engine/wasm.js";
import { LinearModel, checkLabels, type CommonFitOptions } from "../models/linear.js";
import type { Matrix } from "../models/matrix.js";
import type { SelectionRecord } from "../models/serialize.js";
import { spectralCoef, spectrum, type Spectrum } from "../models/solvers.js";

/** Options of {@link fitSmoothRidge}. */
export interface SmoothRidgeOptions extends Omit<CommonFitOptions, "standardize" | "fitIntercept"> {
  /** Series (partials) in the feature columns, each `bins` consecutive columns. */
  keys: number;
  /** Bins per series. */
  bins: number;
  /** Bin width h (σ or Å); scales the penalty so α is comparable across binnings (default 1/bins). */
  binWidth?: number;
  /** Candidate difference orders m (0 = no smoothing). Default [0, 2, 4, 8]. */
  orders?: readonly number[];
  /** Candidate envelope powers p of w(r) = r⁻ᵖ u(r) (0 = none). Default [0, 8]. */
  envelopes?: readonly number[];
  /** Bin centers r_k of one series (σ or Å); default (k + ½)·binWidth. */
  centers?: readonly number[];
  /**
   * How α is chosen from the leave-one-out curve of the best (m, p): "paired" (default) — the largest α
   * not significantly worse than the minimum in paired per-structure differences; "min" — the minimum;
   * "one-se" — the classic one-standard-error rule (on Kob–Andersen the per-structure losses are
   * heavy-tailed, crystals vs glasses, and it over-smooths: 2D VDOS R² 0.047 against 0.165 at the minimum).
   */
  alphaRule?: "paired" | "min" | "one-se";
  /** Candidate penalties per order as multiples of tr(X̃ᵀX̃) after centring (default 10^−24 … 10^6, 61 values). */
  relativeAlphas?: readonly number[];
  /**
   * Coarser binnings to try beside the fine one (default none): each pools `factor` adjacent bins of every
   * series, g_coarse = Σ weight_k·g_k over its fine bins (weights per fine column, summing to 1 within each
   * coarse bin: shell measures give exactly the g(r) of the wider bin, see study/features.ts `pooling`).
   * A coarse winner is still a linear model on the fine bins: w_k = weight_k·w_coarse.
   */
  pools?: readonly CoarseBinning[];
}

/** A coarser binning candidate of {@link SmoothRidgeOptions.pools}. */
export interface CoarseBinning {
  /** Fine bins per coarse bin (the last one of a series may hold fewer). */
  factor: number;
  /** Weight of each fine column (keys × bins) in its coarse bin. */
  weights: Float64Array;
}

/** A fitted smooth ridge model and the cross-validation record of the order. */
export interface SmoothRidgeFit {
  model: LinearModel;
  /** Chosen difference order m, envelope power p and binning (fine bins pooled per bin; 1 = the given bins). */
  order: number;
  envelope: number;
  pool: number;
  /** Per candidate (m, p, pool): its best cross-validation score relative to the target variance (lower is better). */
  scores: { order: number; envelope: number; pool: number; score: number }[];
}

/** Fine columns pooled into coarse ones (x: rows × keys·bins → rows × keys·coarse). */
function poolColumns(x: Matrix, keys: number, bins: number, pool: CoarseBinning): Matrix {
  const coarse = Math.ceil(bins / pool.factor);
  const out = new Float64Array(x.rows * keys * coarse);
  for (let i = 0; i < x.rows; i++) for (let q = 0; q < keys; q++) for (let k = 0; k < bins; k++) {
    const j = q * bins + k;
    out[(i * keys + q) * coarse + Math.floor(k / pool.factor)]! += pool.weights[j]! * x.data[i * x.cols + j]!;
  }
  return { rows: x.rows, cols: keys * coarse, data: out };
}

/**
 * Default relative penalty grid: 10^−24 … 10^6 in half decades (products of √10: identical in every
 * engine). The top end shrinks every prediction to within 10⁻⁶ of the training mean, so a target with no
 * learnable signal gets the mean predictor.
 */
export const RELATIVE_ALPHAS: readonly number[] = (() => {
  const out = [1e-24];
  const step = Math.sqrt(10);
  for (let e = 1; e < 61; e++) out.push(out[e - 1]! * step);
  return out;
})();
/** Default candidate orders. */
export const SMOOTH_ORDERS: readonly number[] = [0, 2, 4, 8];
/** Default candidate envelope powers. */
export const ENVELOPES: readonly number[] = [0, 8];

/** r⁻ᵖ for integer p ≥ 0 by repeated multiplication (identical in every engine). */
function inversePower(r: number, p: number): number {
  let v = 1;
  for (let k = 0; k < p; k++) v /= r;
  return v;
}

/** X·diag(r⁻ᵖ) on every series. */
export function envelopeFeatures(x: Matrix, keys: number, bins: number, centers: readonly number[], p: number): Matrix {
  if (p === 0) return x;
  const scale = centers.map((r) => inversePower(r, p));
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) for (let q = 0; q < keys; q++) for (let k = 0; k < bins; k++) {
    const j = i * x.cols + q * bins + k;
    out[j] = x.data[j]! * scale[k]!;
  }
  return { rows: x.rows, cols: x.cols, data: out };
}

/** X integrated `order` times along r within each series: cumulative sums × h from r = 0. */
export function integrateFeatures(x: Matrix, keys: number, bins: number, order: number, h: number): Matrix {
  if (x.cols !== keys * bins) throw new RangeError(`smooth ridge: X has ${x.cols} columns, expected ${keys} series × ${bins} bins`);
  const out = Float64Array.from(x.data);
  const p = x.cols;
  for (let m = 0; m < order; m++) {
    for (let i = 0; i < x.rows; i++) {
      for (let q = 0; q < keys; q++) {
        const base = i * p + q * bins;
        let s = 0;
        for (let k = 0; k < bins; k++) {
          s += out[base + k]! * h;
          out[base + k] = s;
        }
      }
    }
  }
  return { rows: x.rows, cols: p, data: out };
}

/** w = L⁻¹ v for every row of coefficients (t×p): `order` reverse cumulative sums × h within each series. */
export function weightsFromSmooth(v: Float64Array, t: number, keys: number, bins: number, order: number, h: number): Float64Array {
  const w = Float64Array.from(v);
  const p = keys * bins;
  for (let m = 0; m < order; m++) {
    for (let o = 0; o < t; o++) {
      for (let q = 0; q < keys; q++) {
        const base = o * p + q * bins;
        let s = 0;
        for (let k = bins - 1; k >= 0; k--) {
          s += w[base + k]! * h;
          w[base + k] = s;
        }
      }
    }
  }
  return w;
}

function variances(y: Matrix): Float64Array {
  const out = new Float64Array(y.cols);
  for (let o = 0; o < y.cols; o++) {
    let mean = 0;
    for (let i = 0; i < y.rows; i++) mean += y.data[i * y.cols + o]!;
    mean /= y.rows;
    for (let i = 0; i < y.rows; i++) {
      const d = y.data[i * y.cols + o]! - mean;
      out[o]! += d * d;
    }
    out[o] = out[o]! / y.rows;
  }
  return out;
}

/** Leave-one-out curves of one design: mean per-structure loss and its standard error, for every α. */
export interface LooCurve {
  score: Float64Array;
  se: Float64Array;
  /** Per-structure losses, nα × n row-major (+∞ rows where the hat matrix interpolates). */
  losses: Float64Array;
}

/** Targets reduced to at most n columns with the same row Gram matrix (see {@link targetScores}). */
export interface TargetScores {
  z: Float64Array;
  tz: number;
}

/**
 * Centred targets Yc (n×t) as at most n columns Z with Z Zᵀ = Yc Ycᵀ: Yc itself when t ≤ n, else
 * Z = Q diag(√μ) from the eigen-decomposition Yc Ycᵀ = Q diag(μ) Qᵀ. They depend on the targets only, so
 * one computation serves every candidate design.
 */
export function targetScores(yc: Float64Array, n: number, t: number): TargetScores {
  if (t <= n) return { z: yc, tz: t };
  const yyT = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) {
      let d = 0;
      for (let o = 0; o < t; o++) d += yc[i * t + o]! * yc[k * t + o]!;
      yyT[i * n + k] = d;
      yyT[k * n + i] = d;
    }
  }
  const e = eigh(yyT, n, { vectors: true, assumeSymmetric: true });
  const z = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const sq = Math.sqrt(Math.max(e.values[k]!, 0));
    for (let i = 0; i < n; i++) z[i * n + k] = e.vectors![i * n + k]! * sq;
  }
  return { z, tz: n };
}

/**
 * Exact leave-one-out errors of ridge (with intercept) for every penalty, from the thin SVD of the centred
 * design: e_i = (y_i − ŷ_i)/(1 − H_ii), H = 11ᵀ/n + U diag(λ/(λ + α)) Uᵀ. The per-structure loss is the
 * mean over target columns of e², computed directly (no expansion that could cancel). The targets enter
 * only through Σ_o e_io², which is invariant under rotations of the target space, so they are replaced by
 * their n principal scores first (t → at most n columns).
 */
export function looCurve(s: Spectrum, yc: Float64Array, t: number, grid: readonly number[], scores: TargetScores = targetScores(yc, s.n, t)): LooCurve {
  const { n, r } = s;
  const u = s.left!;
  const { z, tz } = scores;
  // g = Uᵀ Z (r × tz)
  const g = new Float64Array(r * tz);
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) {
    const uic = u[i * r + c]!;
    for (let o = 0; o < tz; o++) g[c * tz + o]! += uic * z[i * tz + o]!;
  }
  const score = new Float64Array(grid.length), se = new Float64Array(grid.length);
  const losses = new Float64Array(grid.length * n);
  const f = new Float64Array(r);
  // The fits U·diag(f)·g for every α are n×r×tz products: a WebAssembly gemm each, not a JS triple loop.
  scoped((k) => {
    const uPtr = putF64(u.subarray(0, n * r));
    const fgPtr = allocF64(r * tz);
    const fitPtr = allocF64(n * tz);
    const work = alloc(8 * k.gemm_workSize!());
    grid.forEach((alpha, a) => {
      const loss = losses.subarray(a * n, (a + 1) * n);
      for (let c = 0; c < r; c++) f[c] = s.values[c]! / (s.values[c]! + alpha);
      const fg = viewF64(fgPtr, r * tz);
      for (let c = 0; c < r; c++) for (let o = 0; o < tz; o++) fg[c * tz + o] = f[c]! * g[c * tz + o]!;
      k.gemm_nn!(uPtr, r, fgPtr, tz, fitPtr, tz, n, tz, r, 0, work);
      const fit = viewF64(fitPtr, n * tz);
      for (let i = 0; i < n; i++) {
        let h = 1 / n;
        for (let c = 0; c < r; c++) h += u[i * r + c]! * u[i * r + c]! * f[c]!;
        const den = 1 - h;
        if (!(den > 1e-10)) {
          score[a] = Infinity;
          se[a] = Infinity;
          loss.fill(Infinity);
          return;
        }
        let sum = 0;
        for (let o = 0; o < tz; o++) {
          const e = (z[i * tz + o]! - fit[i * tz + o]!) / den;
          sum += e * e;
        }
        loss[i] = sum / t;
      }
      let m = 0;
      for (let i = 0; i < n; i++) m += loss[i]!;
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (loss[i]! - m) * (loss[i]! - m);
      score[a] = m;
      se[a] = n > 1 ? Math.sqrt(v / (n - 1) / n) : 0;
    });
  });
  return { score, se, losses };
}

/**
 * The largest penalty (index into the grid, at or above `best`) that is not significantly worse than the
 * best: mean over structures of the paired loss difference L_i(α) − L_i(α_best) within one standard error
 * of that difference. Pairing removes what is common to all penalties (a hard structure is hard for every
 * α), so unlike the unpaired one-standard-error rule it is not swamped by heavy-tailed losses.
 */
export function pairedOneSe(curve: LooCurve, n: number, best: number): number {
  const nA = curve.score.length;
  const base = curve.losses.subarray(best * n, (best + 1) * n);
  for (let a = nA - 1; a > best; a--) {
    const l = curve.losses.subarray(a * n, (a + 1) * n);
    let m = 0;
    for (let i = 0; i < n; i++) m += l[i]! - base[i]!;
    m /= n;
    if (!Number.isFinite(m)) continue;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = l[i]! - base[i]! - m;
      v += d * d;
    }
    const se = Math.sqrt(v / (n - 1) / n);
    if (m <= se) return a;
  }
  return best;
}

/**
 * Fits ridge with an m-th order smoothness penalty along r and an r⁻ᵖ envelope. Every target column is
 * scaled to unit variance and one penalty serves them all (for a spectrum, one α chosen from all bins at
 * once is far more stable with few structures than one per bin); coefficients come back in the original
 * units. (m, p) are chosen by the minimum exact leave-one-out loss, then α by `alphaRule` (default: the
 * largest α not significantly worse than the minimum, paired over structures; see {@link pairedOneSe}).
 * @returns an ordinary {@link LinearModel} (coefficients on the original g(r) bins)
 * @throws RangeError for shapes that do not match keys × bins
 */
export function fitSmoothRidge(X: Matrix, Y: Matrix, options: SmoothRidgeOptions): SmoothRidgeFit {
  const { keys, bins } = options;
  if (!Number.isInteger(keys) || keys < 1 || !Number.isInteger(bins) || bins < 1) throw new RangeError(`smooth ridge: keys and bins must be positive integers`);
  if (X.cols !== keys * bins) throw new RangeError(`smooth ridge: X has ${X.cols} columns, expected ${keys} series × ${bins} bins`);
  if (Y.rows !== X.rows) throw new RangeError(`smooth ridge: X has ${X.rows} rows but Y has ${Y.rows}`);
  if (X.rows < 3) throw new RangeError(`smooth ridge: leave-one-out needs at least 3 structures, got ${X.rows}`);
  const h = options.binWidth ?? 1 / bins;
  const orders = options.orders ?? SMOOTH_ORDERS;
  const envelopes = options.envelopes ?? ENVELOPES;
  if (orders.length === 0 || orders.some((m) => !Number.isInteger(m) || m < 0 || m > 12)) throw new RangeError(`smooth ridge: orders must be integers in [0, 12]`);
  if (envelopes.length === 0 || envelopes.some((p) => !Number.isInteger(p) || p < 0 || p > 24)) throw new RangeError(`smooth ridge: envelopes must be integers in [0, 24]`);
  const centers = options.centers ?? Array.from({ length: bins }, (_, k) => (k + 0.5) * h);
  if (centers.length !== bins || centers.some((r) => !(r > 0))) throw new RangeError(`smooth ridge: need ${bins} positive bin centers`);
  const rel = options.relativeAlphas ?? RELATIVE_ALPHAS;
  const rule = options.alphaRule ?? "paired";
  if (rule !== "paired" && rule !== "min" && rule !== "one-se") throw new RangeError(`smooth ridge: alphaRule must be "paired", "min" or "one-se", got ${String(rule)}`);
  const n = X.rows, t = Y.cols, p = X.cols;
  // Targets: centred and scaled to unit variance (zero-variance columns keep scale 1 and contribute 0).
  const yMean = new Float64Array(t);
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) yMean[o]! += Y.data[i * t + o]!;
  for (let o = 0; o < t; o++) yMean[o] = yMean[o]! / n;
  const yScale = Float64Array.from(variances(Y), (v) => (v > 0 ? Math.sqrt(v) : 1));
  const ys = new Float64Array(n * t);
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) ys[i * t + o] = (Y.data[i * t + o]! - yMean[o]!) / yScale[o]!;
  const yStd: Matrix = { rows: n, cols: t, data: ys };

  type Candidate = { order: number; envelope: number; pool: number; bins: number; h: number; centers: readonly number[]; spectrum: Spectrum; grid: number[]; curve: LooCurve; best: number };
  let best: Candidate | null = null;
  const scores: SmoothRidgeFit["scores"] = [];
  const binnings: { pool: CoarseBinning | null; bins: number; h: number; centers: readonly number[]; x: Matrix }[] = [{ pool: null, bins, h, centers, x: X }];
  for (const pool of options.pools ?? []) {
    if (!Number.isInteger(pool.factor) || pool.factor < 2 || pool.weights.length !== p) throw new RangeError(`smooth ridge: a coarse binning needs an integer factor ≥ 2 and ${p} weights`);
    const cb = Math.ceil(bins / pool.factor);
    // centre of each coarse bin: the mean of its fine centres
    const cc = Array.from({ length: cb }, (_, c) => {
      const lo = c * pool.factor, hi = Math.min(bins, lo + pool.factor);
      let sum = 0;
      for (let k = lo; k < hi; k++) sum += centers[k]!;
      return sum / (hi - lo);
    });
    binnings.push({ pool, bins: cb, h: h * pool.factor, centers: cc, x: poolColumns(X, keys, bins, pool) });
  }
  const zs = targetScores(ys, n, t);
  for (const b of binnings) {
    const factor = b.pool ? b.pool.factor : 1;
    for (const envelope of envelopes) {
      const xe = envelopeFeatures(b.x, keys, b.bins, b.centers, envelope);
      for (const order of orders) {
        const xt = integrateFeatures(xe, keys, b.bins, order, b.h);
        const sp = spectrum(xt, yStd, null, { fitIntercept: true, standardize: false }, true);
        const trace = sp.values.reduce((a, v) => a + v, 0);
        const grid = rel.map((a) => a * (trace > 0 ? trace : 1));
        const curve = looCurve(sp, ys, t, grid, zs);
        let k = 0;
        for (let a = 1; a < grid.length; a++) if (curve.score[a]! < curve.score[k]!) k = a;
        scores.push({ order, envelope, pool: factor, score: curve.score[k]! });
        if (!best || curve.score[k]! < best.curve.score[best.best]!) best = { order, envelope, pool: factor, bins: b.bins, h: b.h, centers: b.centers, spectrum: sp, grid, curve, best: k };
      }
    }
  }
  const c = best!;
  let chosen = c.best;
  if (rule === "paired") chosen = pairedOneSe(c.curve, n, c.best);
  else if (rule === "one-se") {
    const limit = c.curve.score[c.best]! + c.curve.se[c.best]!;
    for (let a = c.grid.length - 1; a > c.best; a--) {
      if (c.curve.score[a]! <= limit) {
        chosen = a;
        break;
      }
    }
  }
  const alpha = c.grid[chosen]!;
  // v in the transformed space (t×p), then w = r⁻ᵖ·L⁻¹v and the original target units.
  const v = spectralCoef(c.spectrum, new Float64Array(t).fill(alpha));
  const cw = weightsFromSmooth(v, t, keys, c.bins, c.order, c.h);
  const env = c.centers.map((r) => inversePower(r, c.envelope));
  for (let o = 0; o < t; o++) for (let q = 0; q < keys; q++) for (let k = 0; k < c.bins; k++) cw[o * keys * c.bins + q * c.bins + k]! *= env[k]! * yScale[o]!;
  let coef = cw;
  if (c.pool > 1) {
    // back onto the fine bins: w_k = weight_k · w_coarse of its bin
    const weights = binnings.find((b) => b.pool?.factor === c.pool)!.pool!.weights;
    coef = new Float64Array(t * p);
    for (let o = 0; o < t; o++) for (let q = 0; q < keys; q++) for (let k = 0; k < bins; k++) {
      coef[o * p + q * bins + k] = weights[q * bins + k]! * cw[(o * keys + q) * c.bins + Math.floor(k / c.pool)]!;
    }
  }
  const xMean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xMean[j]! += X.data[i * p + j]!;
  for (let j = 0; j < p; j++) xMean[j] = xMean[j]! / n;
  const intercept = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    let dot = 0;
    for (let j = 0; j < p; j++) dot += xMean[j]! * coef[o * p + j]!;
    intercept[o] = yMean[o]! - dot;
  }
  const labels = checkLabels(options, p, t);
  const selection: SelectionRecord = {
    method: "loo",
    mode: "shared",
    alphas: c.grid,
    scores: Array.from(c.curve.score, (v) => [Number.isFinite(v) ? v : null as unknown as number]),
    folds: null,
    seed: null,
  };
  const model = new LinearModel({
    kind: "ridge",
    coef,
    intercept,
    nFeatures: p,
    nTargets: t,
    alpha: new Float64Array(t).fill(alpha),
    l1Ratio: null,
    fitIntercept: true,
    standardize: false,
    stats: { xMean, xScale: null, yMean },
    ...labels,
    selection,
    fit: { nSamples: n, solver: c.spectrum.side === "dual" ? "svd-dual" : "svd", iterations: null, dualGap: null, converged: null, tol: null, maxIter: null },
    metadata: {
      ...(options.metadata ?? {}),
      penalty: {
        kind: "smoothness",
        order: c.order,
        envelope: c.envelope,
        pool: c.pool,
        binWidth: h,
        keys,
        bins,
        standardizedTargets: true,
        rule,
        candidates: scores,
      },
    },
  });
  return { model, order: c.order, envelope: c.envelope, pool: c.pool, scores };
}
