/**
 * Lasso and elastic net by cyclic coordinate descent (WebAssembly kernels in assembly/linalg.ts), with
 * warm-started regularisation paths and k-fold cross-validation over the path.
 *
 * Conventions follow scikit-learn's `Lasso` / `ElasticNet` / `LassoCV` / `ElasticNetCV` exactly. Per
 * target, on centred (and optionally standardised) data, the objective is
 *
 *   (1/2n)‖y − Xw − b‖² + α·l1Ratio·‖w‖₁ + ½·α·(1 − l1Ratio)·‖w‖²
 *
 * and the solver stops when, after a sweep whose largest coefficient change is below tol·max|w|, the
 * duality gap (on n times this objective) is below tol·‖y − ȳ‖². Several targets are independent
 * problems. Between full sweeps the solver sweeps only the nonzero coefficients until they settle (an
 * active-set strategy); a full sweep and the gap test decide convergence, so the answer meets the same
 * certificate as scikit-learn's. With n > p and several problems (targets or path points) it works
 * from the Gram matrix XᵀX, so an update costs O(p) instead of O(n).
 *
 * The default penalty grid (nAlphas values from α_max = max|Xᵀy|/(n·l1Ratio) down to eps·α_max,
 * geometric) is scikit-learn's `_alpha_grid`.
 *
 * @packageDocumentation
 */
import { scoped } from "../engine/wasm.js";
import { selectEnetAlpha } from "./crossval.js";
import { LinearModel, centering, checkLabels, checkXY, toOriginalUnits, type CommonFitOptions } from "./linear.js";
import type { MatrixInput } from "./matrix.js";
import type { SelectionRecord } from "./serialize.js";
import { alphaMaxPerTarget, cdProblem, cdSolve, geomGrid, type CdResult, type CdSettings, type Centering } from "./solvers.js";
import type { Fold } from "./splits.js";

/** Options of {@link fitElasticNet} and {@link fitLasso}. */
export interface EnetOptions extends CommonFitOptions {
  /** Fixed penalty α ≥ 0 (one, or one per target); default 1 (as scikit-learn) unless cross-validating. */
  alpha?: number | ArrayLike<number>;
  /** Mixing between L1 (1 = lasso) and L2 (0 = ridge) penalties, in (0, 1]; default 0.5 for the elastic net. */
  l1Ratio?: number;
  /** Candidate penalties for cross-validation (any order; searched from largest to smallest). */
  alphas?: ArrayLike<number>;
  /** Number of automatic candidates when `cv` is given without `alphas` (default 100). */
  nAlphas?: number;
  /** Ratio α_min/α_max of the automatic grid (default 1e-3). */
  eps?: number;
  /** k-fold cross-validation: k (integer ≥ 2) or explicit folds. Giving `alphas` alone implies 5 folds. */
  cv?: number | readonly Fold[];
  /** One penalty per target ("per-target") or one for all ("shared", default). */
  alphaMode?: "per-target" | "shared";
  /** Shuffle seed for the folds (default: contiguous folds, as scikit-learn). */
  seed?: number;
  /** Duality-gap tolerance relative to ‖y − ȳ‖² (default 1e-4, as scikit-learn). */
  tol?: number;
  /** Limit on full coordinate sweeps per solve (default 1000, as scikit-learn). */
  maxIter?: number;
  /** Work from the Gram matrix XᵀX: true, false, or "auto" (default: when n > p and several problems are solved). */
  precompute?: boolean | "auto";
}

/** A regularisation path for every target. */
export interface EnetPath {
  /** Penalties per target, descending (t arrays of nα). */
  alphas: Float64Array[];
  /** Coefficients per target: nα×p row-major, original feature units. */
  coef: Float64Array[];
  /** Intercepts per target (nα). */
  intercept: Float64Array[];
  /** Final duality gap per target and penalty (nα). */
  dualGap: Float64Array[];
  /** Sweeps per target and penalty (nα). */
  iterations: Int32Array[];
  nFeatures: number;
  nTargets: number;
}

function settingsOf(o: EnetOptions, n: number, p: number, solves: number): CdSettings {
  const tol = o.tol ?? 1e-4;
  const maxIter = o.maxIter ?? 1000;
  if (!(Number.isFinite(tol) && tol >= 0)) throw new RangeError(`tol must be a finite number ≥ 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`maxIter must be a positive integer, got ${maxIter}`);
  const pre = o.precompute ?? "auto";
  if (pre !== "auto" && typeof pre !== "boolean") throw new TypeError(`precompute must be true, false or "auto"`);
  const gram = pre === "auto" ? n > p && solves > 1 : pre;
  return { tol, maxIter, gram };
}

function l1Of(o: EnetOptions, fallback: number): number {
  const l1 = o.l1Ratio ?? fallback;
  if (!(Number.isFinite(l1) && l1 > 0 && l1 <= 1)) {
    throw new RangeError(`l1Ratio must be in (0, 1] (use fitRidge for a pure L2 penalty), got ${l1}`);
  }
  return l1;
}

/**
 * Candidate grids per target: explicit `alphas` sorted descending (shared), or scikit-learn's automatic
 * grid from α_max (one per target in "per-target" mode, one from the largest α_max when "shared").
 */
function grids(x: import("./matrix.js").Matrix, y: import("./matrix.js").Matrix, o: EnetOptions, l1: number, c: Centering, mode: "per-target" | "shared"): Float64Array[] {
  const t = y.cols;
  if (o.alphas !== undefined) {
    const g = Float64Array.from(o.alphas).sort().reverse();
    if (g.length === 0) throw new RangeError("alphas is empty");
    g.forEach((a) => {
      if (!(Number.isFinite(a) && a >= 0)) throw new RangeError(`candidate penalties must be finite and ≥ 0, got ${a}`);
    });
    return Array.from({ length: t }, () => g);
  }
  const nA = o.nAlphas ?? 100;
  const eps = o.eps ?? 1e-3;
  if (!Number.isInteger(nA) || nA < 1) throw new RangeError(`nAlphas must be a positive integer, got ${nA}`);
  if (!(eps > 0 && eps < 1)) throw new RangeError(`eps must be in (0, 1), got ${eps}`);
  const amax = scoped((k) => alphaMaxPerTarget(k, cdProblem(k, x, y, null, c, false)));
  for (let q = 0; q < t; q++) amax[q] = amax[q]! / l1;
  const make = (hi: number) => (hi > 0 ? geomGrid(hi, hi * eps, nA) : new Float64Array(nA).fill(Number.EPSILON));
  if (mode === "shared") {
    const g = make(Math.max(...amax));
    return Array.from({ length: t }, () => g);
  }
  return Array.from(amax, (a) => make(a));
}

function fitEnetModel(kind: "lasso" | "elasticnet", X: MatrixInput, Y: MatrixInput, o: EnetOptions, l1: number): LinearModel {
  const { x, y } = checkXY(X, Y);
  const n = x.rows, p = x.cols, t = y.cols;
  const labels = checkLabels(o, p, t);
  const c = centering(o);
  const mode = o.alphaMode ?? "shared";
  if (mode !== "shared" && mode !== "per-target") throw new RangeError(`alphaMode must be "shared" or "per-target", got ${String(mode)}`);
  const crossValidate = o.cv !== undefined || o.alphas !== undefined;
  let alphas: Float64Array;
  let selection: SelectionRecord | null = null;
  let path: Float64Array[] | null = null;
  let settings: CdSettings;
  if (crossValidate) {
    if (o.alpha !== undefined) throw new RangeError("give either alpha (fixed) or cv/alphas (choose by cross-validation), not both");
    const gs = grids(x, y, o, l1, c, mode);
    settings = settingsOf(o, n, p, gs[0]!.length * t);
    const sel = selectEnetAlpha(x, y, gs, l1, o.cv ?? 5, settings, { ...c, mode, seed: o.seed });
    alphas = sel.alphas;
    selection = sel.record;
    // Refit on all rows along each target's grid down to its chosen penalty (warm starts).
    path = gs.map((g, q) => g.subarray(0, g.indexOf(alphas[q]!) + 1));
  } else {
    const a = o.alpha ?? 1;
    alphas = new Float64Array(t);
    if (typeof a === "number") alphas.fill(a);
    else {
      if (a.length !== t) throw new RangeError(`alpha: ${a.length} penalties for ${t} targets`);
      for (let q = 0; q < t; q++) alphas[q] = a[q]!;
    }
    alphas.forEach((v) => {
      if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`alpha must be finite and ≥ 0, got ${v}`);
    });
    settings = settingsOf(o, n, p, t);
  }
  const results: CdResult[] = [];
  let sweeps = 0;
  const { coefStd, stats } = scoped((k) => {
    const pr = cdProblem(k, x, y, null, c, settings.gram);
    const coefStd = new Float64Array(t * p);
    const w = new Float64Array(p);
    for (let q = 0; q < t; q++) {
      w.fill(0);
      const steps = path ? path[q]! : [alphas[q]!];
      let last: CdResult | null = null;
      sweeps = 0;
      for (const a of steps) {
        last = cdSolve(k, pr, q, a, l1, w, settings);
        sweeps += last.sweeps;
      }
      results.push({ ...last!, sweeps });
      coefStd.set(w, q * p);
    }
    return { coefStd, stats: pr.placed.stats };
  });
  const { coef, intercept } = toOriginalUnits(coefStd, p, t, stats);
  return new LinearModel({
    kind,
    coef,
    intercept,
    nFeatures: p,
    nTargets: t,
    alpha: alphas,
    l1Ratio: l1,
    fitIntercept: c.fitIntercept,
    standardize: c.standardize,
    stats,
    ...labels,
    selection,
    fit: {
      nSamples: n,
      solver: settings.gram ? "cd-gram" : "cd",
      iterations: results.map((r) => r.sweeps),
      dualGap: results.map((r) => r.gap),
      converged: results.map((r) => r.converged),
      tol: settings.tol,
      maxIter: settings.maxIter,
    },
    metadata: { ...(o.metadata ?? {}) },
  });
}

/**
 * Lasso (scikit-learn `Lasso`, or `LassoCV` when `cv`/`alphas` is given): minimises
 * (1/2n)‖y − Xw − b‖² + α‖w‖₁ per target.
 *
 * @example
 * ```ts
 * const fixed = fitLasso(X, Y, { alpha: 1e-4, tol: 1e-8 });
 * const tuned = fitLasso(X, Y, { cv: 5, nAlphas: 50, alphaMode: "per-target" });
 * tuned.fit.converged; // per target
 * ```
 */
export function fitLasso(X: MatrixInput, Y: MatrixInput, options: Omit<EnetOptions, "l1Ratio"> = {}): LinearModel {
  if ((options as EnetOptions).l1Ratio !== undefined && (options as EnetOptions).l1Ratio !== 1) {
    throw new RangeError("fitLasso: l1Ratio is 1 by definition; use fitElasticNet for other values");
  }
  return fitEnetModel("lasso", X, Y, options, 1);
}

/**
 * Elastic net (scikit-learn `ElasticNet` / `ElasticNetCV`): minimises
 * (1/2n)‖y − Xw − b‖² + α·l1Ratio·‖w‖₁ + ½α(1 − l1Ratio)‖w‖² per target.
 */
export function fitElasticNet(X: MatrixInput, Y: MatrixInput, options: EnetOptions = {}): LinearModel {
  return fitEnetModel("elasticnet", X, Y, options, l1Of(options, 0.5));
}

/**
 * The regularisation path (scikit-learn `enet_path` / `lasso_path`): solutions for every candidate
 * penalty, from the largest down, each warm-started from the previous one.
 */
export function enetPath(X: MatrixInput, Y: MatrixInput, options: Omit<EnetOptions, "cv" | "alpha" | "alphaMode" | "seed"> = {}): EnetPath {
  const { x, y } = checkXY(X, Y);
  const n = x.rows, p = x.cols, t = y.cols;
  const l1 = l1Of(options, 1);
  const c = centering(options);
  const gs = grids(x, y, options, l1, c, "per-target");
  const settings = settingsOf(options, n, p, gs[0]!.length * t);
  const out: EnetPath = { alphas: gs, coef: [], intercept: [], dualGap: [], iterations: [], nFeatures: p, nTargets: t };
  scoped((k) => {
    const pr = cdProblem(k, x, y, null, c, settings.gram);
    const st = pr.placed.stats;
    const w = new Float64Array(p);
    for (let q = 0; q < t; q++) {
      const g = gs[q]!;
      const nA = g.length;
      const coef = new Float64Array(nA * p), icpt = new Float64Array(nA), gaps = new Float64Array(nA), its = new Int32Array(nA);
      w.fill(0);
      for (let a = 0; a < nA; a++) {
        const r = cdSolve(k, pr, q, g[a]!, l1, w, settings);
        const single = toOriginalUnits(w, p, 1, { xMean: st.xMean, xScale: st.xScale, yMean: st.yMean ? st.yMean.subarray(q, q + 1) : null });
        coef.set(single.coef, a * p);
        icpt[a] = single.intercept[0]!;
        gaps[a] = r.gap;
        its[a] = r.sweeps;
      }
      out.coef.push(coef);
      out.intercept.push(icpt);
      out.dualGap.push(gaps);
      out.iterations.push(its);
    }
  });
  return out;
}

/** The lasso path: {@link enetPath} with l1Ratio = 1. */
export function lassoPath(X: MatrixInput, Y: MatrixInput, options: Omit<EnetOptions, "cv" | "alpha" | "alphaMode" | "seed" | "l1Ratio"> = {}): EnetPath {
  return enetPath(X, Y, { ...options, l1Ratio: 1 });
}
