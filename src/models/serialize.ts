/**
 * Model files: a fitted linear model as versioned JSON, and its validation on load.
 *
 * A model file is one JSON object (written with a fixed key order and JavaScript's shortest round-trip
 * number format, so the same model gives the same bytes in every engine, and numbers reload exactly):
 *
 * ```json
 * { "format": "glassbox-linear-model", "schemaVersion": 1, "glassboxVersion": "0.1.0",
 *   "kind": "ridge", "nFeatures": 50, "nTargets": 81, "featureLabels": [...], "targetLabels": [...],
 *   "fitIntercept": true, "standardize": false, "coef": [[...50 numbers], ...81 rows],
 *   "intercept": [...81], "alpha": [...81], "l1Ratio": null, "xMean": [...], "xScale": null,
 *   "yMean": [...], "selection": null, "fit": { "nSamples": 80, "solver": "cholesky-primal", ... },
 *   "metadata": {} }
 * ```
 *
 * `coef[o][j]` is the weight of feature j for target o in the original feature units, so a prediction is
 * `intercept[o] + Σ_j coef[o][j]·x[j]`. Loading checks every field and names the first bad one.
 *
 * @packageDocumentation
 */
import { version } from "../version.js";

/** The `format` tag of a model file. */
export const MODEL_FORMAT = "glassbox-linear-model";
/** Schema version written by this package; files with a newer version are refused. */
export const MODEL_SCHEMA_VERSION = 1;

/** Kinds of linear model. */
export type ModelKind = "ols" | "ridge" | "lasso" | "elasticnet";
const KINDS: readonly ModelKind[] = ["ols", "ridge", "lasso", "elasticnet"];

/** How the penalty was chosen, when it was. */
export interface SelectionRecord {
  /** "gcv": generalized cross-validation; "loo": exact leave-one-out; "kfold": k-fold cross-validation. */
  method: "gcv" | "loo" | "kfold";
  /** One penalty per target ("per-target") or one shared by all targets ("shared"). */
  mode: "per-target" | "shared";
  /** The candidate penalties: one grid shared by all targets (nα), or one grid per target (t × nα). */
  alphas: number[] | number[][];
  /** Mean squared error (standardised by nothing: target units²) per candidate, nα × t (or nα × 1 shared). */
  scores: number[][];
  /** Number of folds (k-fold only). */
  folds: number | null;
  /** Seed of the fold shuffle (k-fold only; null when folds are contiguous). */
  seed: number | null;
}

/** How the fit ran. */
export interface FitRecord {
  /** Training samples. */
  nSamples: number;
  /** "cholesky-primal", "cholesky-dual", "svd", "cd", or "cd-gram". */
  solver: string;
  /** Coordinate descent: sweeps per target. */
  iterations: number[] | null;
  /** Coordinate descent: final duality gap per target (objective scaled by n, as scikit-learn). */
  dualGap: number[] | null;
  /** Coordinate descent: whether each target converged within maxIter. */
  converged: boolean[] | null;
  /** Coordinate descent tolerance and sweep limit. */
  tol: number | null;
  maxIter: number | null;
}

/** The JSON document of a model file (schema version 1). */
export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  schemaVersion: number;
  glassboxVersion: string;
  kind: ModelKind;
  nFeatures: number;
  nTargets: number;
  featureLabels: string[] | null;
  targetLabels: string[] | null;
  fitIntercept: boolean;
  standardize: boolean;
  coef: number[][];
  intercept: number[];
  alpha: number[] | null;
  l1Ratio: number | null;
  xMean: number[] | null;
  xScale: number[] | null;
  yMean: number[] | null;
  selection: SelectionRecord | null;
  fit: FitRecord;
  metadata: Record<string, unknown>;
}

/** A model file (or object) is not a valid model: the message names the source, the field and the problem. */
export class ModelFileError extends Error {
  override name = "ModelFileError";
  readonly source: string;
  readonly field: string;
  readonly problem: string;
  constructor(source: string, field: string, problem: string) {
    super(`${source}: ${field ? field + ": " : ""}${problem}`);
    this.source = source;
    this.field = field;
    this.problem = problem;
  }
}

/**
 * Serialises a model document to text: fixed key order, numbers in shortest round-trip form, one
 * coefficient row per line, and a final newline. Same model → same bytes.
 */
export function stringifyModel(doc: ModelDocument): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) ordered[key] = doc[key];
  const lines: string[] = [];
  lines.push("{");
  const keys = KEY_ORDER;
  keys.forEach((key, i) => {
    const value = ordered[key];
    const comma = i < keys.length - 1 ? "," : "";
    if (key === "coef") {
      const rows = (value as number[][]).map((r) => "    " + JSON.stringify(r));
      lines.push(`  "coef": [${rows.length ? "\n" + rows.join(",\n") + "\n  " : ""}]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}

const KEY_ORDER: (keyof ModelDocument)[] = [
  "format", "schemaVersion", "glassboxVersion", "kind", "nFeatures", "nTargets", "featureLabels", "targetLabels",
  "fitIntercept", "standardize", "coef", "intercept", "alpha", "l1Ratio", "xMean", "xScale", "yMean",
  "selection", "fit", "metadata",
];

/**
 * Parses and validates model-file text.
 * @param source a name for error messages (the file path)
 * @throws ModelFileError for invalid JSON or any invalid field
 */
export function parseModel(text: string, source = "model"): ModelDocument {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new ModelFileError(source, "", `not valid JSON (${(err as Error).message})`);
  }
  return validateModelDocument(obj, source);
}

/**
 * Checks that `obj` is a complete, consistent model document (schema version ≤ this package's) and
 * returns it typed.
 * @throws ModelFileError naming the first bad field
 */
export function validateModelDocument(obj: unknown, source = "model"): ModelDocument {
  const fail = (field: string, problem: string): never => {
    throw new ModelFileError(source, field, problem);
  };
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) fail("", "a model file must be a JSON object");
  const o = obj as Record<string, unknown>;
  if (o.format !== MODEL_FORMAT) {
    fail("format", `expected "${MODEL_FORMAT}", got ${JSON.stringify(o.format)} (not a glassbox linear-model file)`);
  }
  if (!Number.isInteger(o.schemaVersion) || (o.schemaVersion as number) < 1) fail("schemaVersion", `expected a positive integer, got ${JSON.stringify(o.schemaVersion)}`);
  if ((o.schemaVersion as number) > MODEL_SCHEMA_VERSION) {
    fail("schemaVersion", `file has schema version ${o.schemaVersion}, this glassbox (${version}) reads up to ${MODEL_SCHEMA_VERSION}; upgrade glassbox`);
  }
  if (typeof o.glassboxVersion !== "string") fail("glassboxVersion", "expected a string");
  if (!KINDS.includes(o.kind as ModelKind)) fail("kind", `expected one of ${KINDS.join(", ")}, got ${JSON.stringify(o.kind)}`);
  const p = o.nFeatures, t = o.nTargets;
  if (!Number.isInteger(p) || (p as number) < 1) fail("nFeatures", `expected a positive integer, got ${JSON.stringify(p)}`);
  if (!Number.isInteger(t) || (t as number) < 1) fail("nTargets", `expected a positive integer, got ${JSON.stringify(t)}`);
  const P = p as number, T = t as number;
  const labels = (field: string, n: number) => {
    const v = o[field];
    if (v === null) return;
    if (!Array.isArray(v) || v.length !== n || v.some((s) => typeof s !== "string")) {
      fail(field, `expected null or ${n} strings, got ${Array.isArray(v) ? `${v.length} entries` : typeof v}`);
    }
  };
  labels("featureLabels", P);
  labels("targetLabels", T);
  if (typeof o.fitIntercept !== "boolean") fail("fitIntercept", "expected true or false");
  if (typeof o.standardize !== "boolean") fail("standardize", "expected true or false");
  const vector = (field: string, value: unknown, n: number, nullable: boolean, positive = false) => {
    if (value === null && nullable) return;
    if (!Array.isArray(value)) fail(field, `expected ${nullable ? "null or " : ""}an array of ${n} numbers, got ${typeof value}`);
    const arr = value as unknown[];
    if (arr.length !== n) fail(field, `expected ${n} numbers, got ${arr.length}`);
    arr.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x)) fail(`${field}[${i}]`, `expected a finite number, got ${JSON.stringify(x)}`);
      if (positive && !((x as number) > 0)) fail(`${field}[${i}]`, `expected a positive number, got ${x}`);
    });
  };
  if (!Array.isArray(o.coef)) fail("coef", "expected an array of nTargets rows");
  const coef = o.coef as unknown[];
  if (coef.length !== T) fail("coef", `expected ${T} rows (nTargets), got ${coef.length}`);
  coef.forEach((row, i) => vector(`coef[${i}]`, row, P, false));
  vector("intercept", o.intercept, T, false);
  vector("alpha", o.alpha, T, true);
  if (Array.isArray(o.alpha) && (o.alpha as number[]).some((a) => a < 0)) fail("alpha", "penalties must be ≥ 0");
  if (o.l1Ratio !== null && (typeof o.l1Ratio !== "number" || !(o.l1Ratio >= 0 && o.l1Ratio <= 1))) {
    fail("l1Ratio", `expected null or a number in [0, 1], got ${JSON.stringify(o.l1Ratio)}`);
  }
  vector("xMean", o.xMean, P, true);
  vector("xScale", o.xScale, P, true, true);
  vector("yMean", o.yMean, T, true);
  if (o.standardize === true && (o.xScale === null || o.xMean === null)) fail("xScale", "a standardised model needs xMean and xScale");
  if ((o.kind === "lasso" || o.kind === "elasticnet" || o.kind === "ridge") && o.alpha === null) fail("alpha", `a ${o.kind} model needs its penalties`);
  if (o.kind === "elasticnet" && o.l1Ratio === null) fail("l1Ratio", "an elasticnet model needs l1Ratio");
  validateSelection(o.selection, T, fail);
  validateFit(o.fit, T, fail);
  if (typeof o.metadata !== "object" || o.metadata === null || Array.isArray(o.metadata)) fail("metadata", "expected an object");
  return o as unknown as ModelDocument;
}

function validateSelection(s: unknown, t: number, fail: (f: string, p: string) => never): void {
  if (s === null) return;
  if (typeof s !== "object" || Array.isArray(s)) fail("selection", "expected null or an object");
  const o = s as Record<string, unknown>;
  if (!["gcv", "loo", "kfold"].includes(o.method as string)) fail("selection.method", `expected gcv, loo or kfold, got ${JSON.stringify(o.method)}`);
  if (!["per-target", "shared"].includes(o.mode as string)) fail("selection.mode", `expected per-target or shared, got ${JSON.stringify(o.mode)}`);
  const finiteList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));
  const grids = o.alphas;
  if (!Array.isArray(grids) || grids.length === 0) fail("selection.alphas", "expected a non-empty array");
  const g = grids as unknown[];
  const perTargetGrids = Array.isArray(g[0]);
  if (perTargetGrids ? g.length !== t || !g.every(finiteList) : !finiteList(g)) {
    fail("selection.alphas", perTargetGrids ? `expected ${t} grids of numbers` : "expected an array of numbers");
  }
  const nAlpha = perTargetGrids ? (g[0] as number[]).length : g.length;
  const scores = o.scores;
  if (!Array.isArray(scores) || scores.length !== nAlpha) fail("selection.scores", `expected ${nAlpha} rows (one per candidate)`);
  (scores as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.some((x) => typeof x !== "number" && x !== null)) fail(`selection.scores[${i}]`, "expected an array of numbers");
  });
  if (o.folds !== null && !(Number.isInteger(o.folds) && (o.folds as number) >= 2)) fail("selection.folds", "expected null or an integer ≥ 2");
  if (o.seed !== null && !Number.isInteger(o.seed)) fail("selection.seed", "expected null or an integer");
}

function validateFit(f: unknown, t: number, fail: (f: string, p: string) => never): void {
  if (typeof f !== "object" || f === null || Array.isArray(f)) fail("fit", "expected an object");
  const o = f as Record<string, unknown>;
  if (!Number.isInteger(o.nSamples) || (o.nSamples as number) < 1) fail("fit.nSamples", "expected a positive integer");
  if (typeof o.solver !== "string") fail("fit.solver", "expected a string");
  for (const key of ["iterations", "dualGap"]) {
    const v = o[key];
    if (v !== null && (!Array.isArray(v) || v.length !== t || v.some((x) => typeof x !== "number"))) fail(`fit.${key}`, `expected null or ${t} numbers`);
  }
  const c = o.converged;
  if (c !== null && (!Array.isArray(c) || c.length !== t || c.some((x) => typeof x !== "boolean"))) fail("fit.converged", `expected null or ${t} booleans`);
  if (o.tol !== null && typeof o.tol !== "number") fail("fit.tol", "expected null or a number");
  if (o.maxIter !== null && !Number.isInteger(o.maxIter)) fail("fit.maxIter", "expected null or an integer");
}
