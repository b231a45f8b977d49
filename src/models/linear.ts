/**
 * Linear structure–property models y = W·x + b: the fitted-model object shared by every kind, ordinary
 * least squares, and ridge regression in closed form.
 *
 * Conventions follow scikit-learn exactly, so coefficients can be compared with it:
 * - Ridge minimises ‖Y − XWᵀ − b‖²_F + α‖W‖²_F (a sum over samples, no 1/n), intercept unpenalised.
 * - With `fitIntercept` (default) X and Y are centred on their training means, the centred problem is
 *   solved, and b = ȳ − x̄·Wᵀ.
 * - With `standardize` the centred features are divided by their standard deviation before fitting (the
 *   penalty acts on standardised weights, as in a StandardScaler → Ridge pipeline); the stored
 *   coefficients are converted back to the original feature units.
 * - Several targets (Y n×t) are fitted together, each independently (one penalty per target allowed).
 *
 * Closed form: primal (XᵀX + αI)W = XᵀY by Cholesky when n ≥ p, dual W = Xᵀ(XXᵀ + αI)⁻¹Y when n < p;
 * a factorisation that fails or is numerically singular (OLS on collinear features) falls back to the
 * thin SVD, which gives the minimum-norm solution like scikit-learn's LinearRegression.
 *
 * @packageDocumentation
 */
import { alloc, putF64, readF64, scoped } from "../engine/wasm.js";
import { version } from "../version.js";
import { selectRidgeAlpha, type CvSpec } from "./crossval.js";
import { toMatrix, type Matrix, type MatrixInput } from "./matrix.js";
import {
  MODEL_FORMAT,
  MODEL_SCHEMA_VERSION,
  parseModel,
  stringifyModel,
  validateModelDocument,
  type FitRecord,
  type ModelDocument,
  type ModelKind,
  type SelectionRecord,
} from "./serialize.js";
import { affine, place, ridgeCholesky, spectralCoef, spectrum, type Centering, type DesignStats } from "./solvers.js";

/** Everything that defines a fitted linear model (see {@link LinearModel}). */
export interface LinearModelInit {
  kind: ModelKind;
  /** Coefficients, t×p row-major (row o = target o), in the original feature units. */
  coef: Float64Array;
  /** Intercept per target (t). */
  intercept: Float64Array;
  nFeatures: number;
  nTargets: number;
  /** Penalty per target (null for OLS). */
  alpha: Float64Array | null;
  /** Elastic-net mixing (1 = lasso), null otherwise. */
  l1Ratio: number | null;
  fitIntercept: boolean;
  standardize: boolean;
  stats: DesignStats;
  featureLabels: string[] | null;
  targetLabels: string[] | null;
  selection: SelectionRecord | null;
  fit: FitRecord;
  metadata: Record<string, unknown>;
}

/**
 * A fitted linear model ŷ = W·x + b with t targets and p features.
 *
 * @example
 * ```ts
 * await init();
 * const model = fitRidge(X, Y, { alpha: 0.1 });  // X n×p g(r) bins, Y n×t VDOS bins
 * const yHat = model.predict(Xtest);              // Matrix m×t
 * const text = model.toText();                    // versioned JSON; LinearModel.fromText(text) reloads it
 * ```
 */
export class LinearModel {
  readonly kind: ModelKind;
  /** p: number of features (columns of X). */
  readonly nFeatures: number;
  /** t: number of targets (columns of Y). */
  readonly nTargets: number;
  /** Coefficients W, t×p, original feature units (target units per feature unit). */
  readonly coef: Matrix;
  /** Intercepts b (t), in target units. */
  readonly intercept: Float64Array;
  /** Penalty per target (ridge: sum-of-squares convention; lasso/elastic net: 1/(2n) convention), or null. */
  readonly alpha: Float64Array | null;
  readonly l1Ratio: number | null;
  readonly fitIntercept: boolean;
  readonly standardize: boolean;
  /** Training column means of X (null without intercept), scales (null unless standardised), means of Y. */
  readonly xMean: Float64Array | null;
  readonly xScale: Float64Array | null;
  readonly yMean: Float64Array | null;
  readonly featureLabels: string[] | null;
  readonly targetLabels: string[] | null;
  /** How the penalty was chosen (cross-validation record), or null for a fixed penalty. */
  readonly selection: SelectionRecord | null;
  readonly fit: FitRecord;
  readonly metadata: Record<string, unknown>;

  constructor(init: LinearModelInit) {
    const { nFeatures: p, nTargets: t } = init;
    if (init.coef.length !== t * p) throw new RangeError(`LinearModel: coef has ${init.coef.length} entries, expected t×p = ${t}×${p}`);
    if (init.intercept.length !== t) throw new RangeError(`LinearModel: intercept has ${init.intercept.length} entries, expected ${t}`);
    if (init.featureLabels && init.featureLabels.length !== p) throw new RangeError(`LinearModel: ${init.featureLabels.length} feature labels for ${p} features`);
    if (init.targetLabels && init.targetLabels.length !== t) throw new RangeError(`LinearModel: ${init.targetLabels.length} target labels for ${t} targets`);
    this.kind = init.kind;
    this.nFeatures = p;
    this.nTargets = t;
    this.coef = { rows: t, cols: p, data: init.coef };
    this.intercept = init.intercept;
    this.alpha = init.alpha;
    this.l1Ratio = init.l1Ratio;
    this.fitIntercept = init.fitIntercept;
    this.standardize = init.standardize;
    this.xMean = init.stats.xMean;
    this.xScale = init.stats.xScale;
    this.yMean = init.stats.yMean;
    this.featureLabels = init.featureLabels;
    this.targetLabels = init.targetLabels;
    this.selection = init.selection;
    this.fit = init.fit;
    this.metadata = init.metadata;
  }

  /**
   * Predictions for the rows of X (m×p, original feature units): m×t, ŷ[i, o] = b[o] + Σ_j x[i, j]·W[o, j].
   * Computed in WebAssembly in a fixed order (bit-identical everywhere).
   * @throws RangeError when X does not have p columns
   */
  predict(X: MatrixInput): Matrix {
    const x = toMatrix(X, "X", false, false); // values are checked in WebAssembly
    if (x.cols !== this.nFeatures && !(x.rows === 0)) {
      throw new RangeError(`predict: X has ${x.cols} columns, the model was fitted on ${this.nFeatures} features`);
    }
    return { rows: x.rows, cols: this.nTargets, data: affine(x, this.coef.data, this.intercept) };
  }

  /**
   * Checks that a data set's feature columns are the ones this model was fitted on: the same count and,
   * when both sides have labels, the same labels in the same order (e.g. the same g(r) bins).
   * @param source a name for error messages (the data set path)
   * @throws RangeError naming the first mismatch
   */
  checkFeatures(labels: readonly string[] | null, nFeatures: number, source = "data"): void {
    if (nFeatures !== this.nFeatures) {
      throw new RangeError(`${source}: has ${nFeatures} feature columns, the model was fitted on ${this.nFeatures}`);
    }
    if (labels && this.featureLabels) {
      if (labels.length !== nFeatures) throw new RangeError(`${source}: ${labels.length} feature labels for ${nFeatures} columns`);
      for (let j = 0; j < nFeatures; j++) {
        if (labels[j] !== this.featureLabels[j]) {
          throw new RangeError(`${source}: feature ${j} is "${labels[j]}", the model expects "${this.featureLabels[j]}" (a different binning or feature set)`);
        }
      }
    }
  }

  /**
   * Coefficients in standardised units, W·diag(scale) (t×p): comparable across features of different
   * spread. Equal to `coef` for a model fitted without standardisation.
   */
  standardizedCoef(): Matrix {
    const { rows, cols, data } = this.coef;
    const out = new Float64Array(data.length);
    for (let o = 0; o < rows; o++) for (let j = 0; j < cols; j++) out[o * cols + j] = data[o * cols + j]! * (this.xScale ? this.xScale[j]! : 1);
    return { rows, cols, data: out };
  }

  /** The versioned JSON document of this model (see serialize.ts). */
  toJSON(): ModelDocument {
    const p = this.nFeatures;
    const coef: number[][] = [];
    for (let o = 0; o < this.nTargets; o++) coef.push(Array.from(this.coef.data.subarray(o * p, (o + 1) * p)));
    const list = (a: Float64Array | null) => (a ? Array.from(a) : null);
    return {
      format: MODEL_FORMAT,
      schemaVersion: MODEL_SCHEMA_VERSION,
      glassboxVersion: version,
      kind: this.kind,
      nFeatures: p,
      nTargets: this.nTargets,
      featureLabels: this.featureLabels ? [...this.featureLabels] : null,
      targetLabels: this.targetLabels ? [...this.targetLabels] : null,
      fitIntercept: this.fitIntercept,
      standardize: this.standardize,
      coef,
      intercept: Array.from(this.intercept),
      alpha: list(this.alpha),
      l1Ratio: this.l1Ratio,
      xMean: list(this.xMean),
      xScale: list(this.xScale),
      yMean: list(this.yMean),
      selection: this.selection,
      fit: this.fit,
      metadata: this.metadata,
    };
  }

  /** The model file text: deterministic JSON (same model → same bytes). */
  toText(): string {
    return stringifyModel(this.toJSON());
  }

  /**
   * A model from its JSON document (as from `toJSON` or `JSON.parse` of a model file), validated.
   * @param source a name for error messages (the file path)
   * @throws ModelFileError naming the first invalid field
   */
  static fromJSON(doc: unknown, source = "model"): LinearModel {
    const d = validateModelDocument(doc, source);
    const t = d.nTargets;
    const coef = new Float64Array(t * d.nFeatures);
    d.coef.forEach((row, o) => coef.set(row, o * d.nFeatures));
    const arr = (a: number[] | null) => (a ? Float64Array.from(a) : null);
    return new LinearModel({
      kind: d.kind,
      coef,
      intercept: Float64Array.from(d.intercept),
      nFeatures: d.nFeatures,
      nTargets: t,
      alpha: arr(d.alpha),
      l1Ratio: d.l1Ratio,
      fitIntercept: d.fitIntercept,
      standardize: d.standardize,
      stats: { xMean: arr(d.xMean), xScale: arr(d.xScale), yMean: arr(d.yMean) },
      featureLabels: d.featureLabels,
      targetLabels: d.targetLabels,
      selection: d.selection,
      fit: d.fit,
      metadata: d.metadata,
    });
  }

  /** A model from model-file text. @throws ModelFileError */
  static fromText(text: string, source = "model"): LinearModel {
    return LinearModel.fromJSON(parseModel(text, source), source);
  }
}

/** Options every linear fit takes. */
export interface CommonFitOptions {
  /** Fit an unpenalised intercept by centring X and Y (default true). */
  fitIntercept?: boolean;
  /** Divide centred features by their standard deviation before fitting (default false). */
  standardize?: boolean;
  /** Names of the p features (e.g. "g_AB(1.05)"); stored in the model file. */
  featureLabels?: readonly string[];
  /** Names of the t targets (e.g. "vdos(12.5)"); stored in the model file. */
  targetLabels?: readonly string[];
  /** Free-form JSON-serialisable information stored in the model file (data set, target name…). */
  metadata?: Record<string, unknown>;
}

/** Options of {@link fitRidge}. */
export interface RidgeOptions extends CommonFitOptions {
  /** Fixed penalty α ≥ 0 (one for all targets, or one per target). Default 1 unless `alphas` is given. */
  alpha?: number | ArrayLike<number>;
  /** Candidate penalties α > 0: the penalty is chosen by cross-validation (`cv`). */
  alphas?: ArrayLike<number>;
  /**
   * How to choose among `alphas`: "gcv" (generalized cross-validation, default), "loo" (exact
   * leave-one-out, scikit-learn RidgeCV's default), k (an integer ≥ 2: k-fold), or explicit folds.
   */
  cv?: CvSpec;
  /** One penalty per target ("per-target") or one for all ("shared", default, as scikit-learn). */
  alphaMode?: "per-target" | "shared";
  /** k-fold only: shuffle the rows with this seed before cutting folds (default: contiguous folds). */
  seed?: number;
  /** "auto" (default: primal when n ≥ p, else dual), "primal", "dual", or "svd" (thin SVD, slowest, most robust). */
  solver?: "auto" | "primal" | "dual" | "svd";
}

/** Validates X and Y together. */
export function checkXY(X: MatrixInput, Y: MatrixInput): { x: Matrix; y: Matrix } {
  // Shapes here; finiteness when the data are placed in WebAssembly memory (solvers.ts `place`).
  const x = toMatrix(X, "X", false, false);
  const y = toMatrix(Y, "Y", true, false);
  if (x.rows !== y.rows) throw new RangeError(`X has ${x.rows} rows but Y has ${y.rows}; they must match (one row per sample)`);
  if (x.rows < 1) throw new RangeError("no training samples (X has 0 rows)");
  if (x.cols < 1) throw new RangeError("X has no columns (features)");
  if (y.cols < 1) throw new RangeError("Y has no columns (targets)");
  return { x, y };
}

/** Checks the label lists against p and t. */
export function checkLabels(o: CommonFitOptions, p: number, t: number): { featureLabels: string[] | null; targetLabels: string[] | null } {
  const f = o.featureLabels ? [...o.featureLabels] : null;
  const g = o.targetLabels ? [...o.targetLabels] : null;
  if (f && f.length !== p) throw new RangeError(`featureLabels has ${f.length} names for ${p} features`);
  if (g && g.length !== t) throw new RangeError(`targetLabels has ${g.length} names for ${t} targets`);
  return { featureLabels: f, targetLabels: g };
}

export function centering(o: CommonFitOptions): Centering {
  const c = { fitIntercept: o.fitIntercept ?? true, standardize: o.standardize ?? false };
  if (c.standardize && !c.fitIntercept) throw new RangeError("standardize: true requires fitIntercept: true (features are centred before scaling)");
  return c;
}

/**
 * Coefficients in original units and the intercepts, from standardised-unit coefficients (t×p):
 * coef = coefStd / scale, intercept = ȳ − x̄·coef (0 without intercept). Computed in WebAssembly, each
 * sum in feature order.
 */
export function toOriginalUnits(coefStd: Float64Array, p: number, t: number, stats: DesignStats): { coef: Float64Array; intercept: Float64Array } {
  if (t === 0 || p === 0) return { coef: new Float64Array(t * p), intercept: stats.yMean && p === 0 ? stats.yMean.slice(0, t) : new Float64Array(t) };
  return scoped((k) => {
    const w = putF64(coefStd);
    const scale = stats.xScale ? putF64(stats.xScale) : 0;
    const mean = stats.xMean ? putF64(stats.xMean) : 0;
    const yMean = stats.yMean ? putF64(stats.yMean) : 0;
    const intercept = alloc(8 * t);
    k.linalg_toOriginal(w, p, t, p, scale, mean, yMean, intercept);
    return { coef: readF64(w, t * p), intercept: readF64(intercept, t) };
  });
}

function perTarget(alpha: number | ArrayLike<number>, t: number, name: string): Float64Array {
  const out = new Float64Array(t);
  if (typeof alpha === "number") out.fill(alpha);
  else {
    if (alpha.length !== t) throw new RangeError(`${name}: ${alpha.length} penalties for ${t} targets`);
    for (let o = 0; o < t; o++) out[o] = alpha[o]!;
  }
  out.forEach((a) => {
    if (!Number.isFinite(a) || a < 0) throw new RangeError(`${name}: penalties must be finite and ≥ 0, got ${a}`);
  });
  return out;
}

/**
 * Closed-form ridge (or OLS with α = 0) for fixed penalties: coefficients and intercepts in original
 * units, with the statistics and the solver that ran.
 */
export function solveRidge(
  x: Matrix,
  y: Matrix,
  alphas: Float64Array,
  c: Centering,
  solver: "auto" | "primal" | "dual" | "svd" = "auto",
  rows: Int32Array | null = null,
): { coef: Float64Array; intercept: Float64Array; stats: DesignStats; solver: string; nSamples: number } {
  if (solver !== "svd") {
    const res = scoped((k) => {
      const d = place(k, x, y, rows, c);
      const forceDual = solver === "primal" ? false : solver === "dual" ? true : undefined;
      const cf = ridgeCholesky(k, d, alphas, forceDual);
      return cf ? { coef: cf.coef, intercept: cf.intercept, stats: d.stats, solver: cf.solver as string, nSamples: d.n } : null;
    });
    if (res) return res;
  }
  const s = spectrum(x, y, rows, c, false);
  const { coef, intercept } = toOriginalUnits(spectralCoef(s, alphas), x.cols, y.cols, s.stats);
  return { coef, intercept, stats: s.stats, solver: "svd", nSamples: s.n };
}

/**
 * Ridge regression (scikit-learn `Ridge` / `RidgeCV` conventions): minimises ‖Y − XWᵀ − b‖² + α‖W‖²
 * per target. With `alphas` the penalty is chosen by generalized cross-validation (default), exact
 * leave-one-out or k-fold cross-validation, then the model is refitted on all rows with it.
 *
 * @param X n×p features (e.g. g(r) bins), Y n×t targets (or a vector of n values)
 * @throws RangeError for mismatched shapes, non-finite values or invalid penalties
 *
 * @example
 * ```ts
 * const m = fitRidge(X, Y, { alphas: [1e-4, 1e-3, 1e-2, 0.1, 1], cv: "gcv" });
 * m.alpha; // chosen penalty per target
 * ```
 */
export function fitRidge(X: MatrixInput, Y: MatrixInput, options: RidgeOptions = {}): LinearModel {
  const { x, y } = checkXY(X, Y);
  const p = x.cols, t = y.cols;
  const labels = checkLabels(options, p, t);
  const c = centering(options);
  let alphas: Float64Array;
  let selection: SelectionRecord | null = null;
  if (options.alphas !== undefined) {
    if (options.alpha !== undefined) throw new RangeError("fitRidge: give either alpha (fixed) or alphas (a grid to choose from), not both");
    const grid = Float64Array.from(options.alphas);
    if (grid.length === 0) throw new RangeError("fitRidge: alphas is empty");
    grid.forEach((a) => {
      if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`fitRidge: candidate penalties must be finite and > 0, got ${a}`);
    });
    const sel = selectRidgeAlpha(x, y, grid, options.cv ?? "gcv", {
      ...c,
      mode: options.alphaMode ?? "shared",
      seed: options.seed,
    });
    alphas = sel.alphas;
    selection = sel.record;
  } else {
    alphas = perTarget(options.alpha ?? 1, t, "fitRidge: alpha");
  }
  const solved = solveRidge(x, y, alphas, c, options.solver ?? "auto");
  const { coef, intercept } = solved;
  return new LinearModel({
    kind: "ridge",
    coef,
    intercept,
    nFeatures: p,
    nTargets: t,
    alpha: alphas,
    l1Ratio: null,
    fitIntercept: c.fitIntercept,
    standardize: c.standardize,
    stats: solved.stats,
    ...labels,
    selection,
    fit: { nSamples: solved.nSamples, solver: solved.solver, iterations: null, dualGap: null, converged: null, tol: null, maxIter: null },
    metadata: { ...(options.metadata ?? {}) },
  });
}

/** Options of {@link fitOLS}. */
export type OlsOptions = CommonFitOptions;

/**
 * Ordinary least squares (scikit-learn `LinearRegression`): minimises ‖Y − XWᵀ − b‖². Full-rank
 * problems are solved by Cholesky of XᵀX (or the dual); rank-deficient ones (more features than
 * samples, collinear or constant bins) by the thin SVD, giving the minimum-norm solution.
 */
export function fitOLS(X: MatrixInput, Y: MatrixInput, options: OlsOptions = {}): LinearModel {
  const { x, y } = checkXY(X, Y);
  const p = x.cols, t = y.cols;
  const labels = checkLabels(options, p, t);
  const c = centering(options);
  const zeros = new Float64Array(t);
  // The dual with α = 0 is singular whenever n ≤ p after centring: go straight to the SVD then.
  const solved = solveRidge(x, y, zeros, c, x.rows - (c.fitIntercept ? 1 : 0) >= p ? "primal" : "svd");
  const { coef, intercept } = solved;
  return new LinearModel({
    kind: "ols",
    coef,
    intercept,
    nFeatures: p,
    nTargets: t,
    alpha: null,
    l1Ratio: null,
    fitIntercept: c.fitIntercept,
    standardize: c.standardize,
    stats: solved.stats,
    ...labels,
    selection: null,
    fit: { nSamples: solved.nSamples, solver: solved.solver, iterations: null, dualGap: null, converged: null, tol: null, maxIter: null },
    metadata: { ...(options.metadata ?? {}) },
  });
}
