/**
 * Linear models fitted on a data set, and everything a model file must carry to be used later: which
 * target, which g(r) features (r_max, bins, partials, species, 2D/3D normalisation), and on what data. This
 * is what `glassbox fit`, `glassbox predict` and `glassbox evaluate` share.
 *
 * The model file is the versioned JSON of src/models/serialize.ts; the study's additions live in its
 * `metadata` (validated here on use). No timings or paths are stored, so the same data set and options
 * give a byte-identical file.
 *
 * @packageDocumentation
 */
import { targetTable, DatasetError, TARGET_NAMES, type Dataset, type TargetName } from "../datasets/dataset.js";
import { fitElasticNet, fitLasso } from "../models/sparse.js";
import { fitOLS, type LinearModel } from "../models/linear.js";
import type { Matrix } from "../models/matrix.js";
import { MODEL_KINDS } from "../models/fit.js";
import { ModelFileError, type ModelKind } from "../models/serialize.js";
import type { Structure } from "../structure.js";
import { rdfFeatures } from "../rdf.js";
import { cellMeasure, coarseBinWidth, parseFormula, pooling, rdfDimension, referenceCrystal } from "./features.js";
import { ENVELOPES, fitSmoothRidge, SMOOTH_ORDERS } from "./smooth.js";

/** What a model file records about its features and training data (under `metadata.glassbox`). */
export interface ModelProvenance {
  /** The target the model predicts. */
  target: TargetName;
  /** Unit of the target. */
  unit: string;
  /** g(r) features: `rdfFeatures` options that reproduce the columns, and the species they need. */
  features: { rMax: number; bins: number; pairs: string[]; dim: 2 | 3; species: string[] };
  /** The training data set: system, seed, structure count, atoms, formula, number density (atoms per σ³/Å³, or σ²/Å² in 2D). */
  dataset: { system: string; seed: number; count: number; atoms: number; formula: string; density: number | null };
  /** The target's axis: ω grid (vdos), temperatures (heat capacity) or null. */
  axis: number[] | null;
}

/** Options of {@link fitTargetModel}. */
export interface FitTargetOptions {
  /**
   * Ridge: "auto" chooses the smoothness order m ∈ {0, 2, 4, 8}, envelope p ∈ {0, 8} and the bin width (the
   * data set's, or pooled to 0.02 σ / 0.05 Å) by leave-one-out CV; a number: that order only, no envelope,
   * the data set's bins (0 = plain ridge).
   */
  smooth?: "auto" | number;
  /** Lasso/elastic net: k-fold cross-validation folds (default 5) and fold-shuffle seed (default 0). */
  folds?: number;
  seed?: number;
  /** Elastic net mixing (default 0.5). */
  l1Ratio?: number;
  /** Lasso/elastic net: number of penalties on the path (default 30). */
  nAlphas?: number;
}

/** Column labels of a target. */
export function targetLabels(ds: Dataset, target: TargetName): string[] {
  const m = ds.manifest.targets;
  if (target === "vdos") return m.vdos.omega.map((w) => `D(ω=${w})`);
  if (target === "heat_capacity") return m.heat_capacity.temperatures.map((t) => `C(T=${t})`);
  if (target === "kappa") return [`κ(T=${m.kappa.temperature})`];
  return ["⟨ω²⟩"];
}

/** Unit of a target of a data set. */
export function targetUnit(ds: Dataset, target: TargetName): string {
  const m = ds.manifest.targets;
  return target === "vdos" ? m.vdos.unit : target === "heat_capacity" ? m.heat_capacity.unit : target === "kappa" ? m.kappa.unit : m.omega2.unit;
}

function provenance(ds: Dataset, target: TargetName): ModelProvenance {
  const spec = ds.manifest.spec;
  const meta = ds.metadata[0]!;
  const dim = rdfDimension(spec.system, meta);
  const species = [...parseFormula(meta.formula).keys()].sort();
  const sameSize = ds.metadata.every((m) => m.atoms === meta.atoms && m.latticeConstant === meta.latticeConstant);
  let density: number | null = null;
  if (sameSize) {
    // number density of the generator's cell (every structure of the data set shares it)
    const crystal = referenceCrystal(spec.system, meta);
    if (crystal.n === meta.atoms) density = meta.atoms / cellMeasure(crystal, dim);
  }
  return {
    target,
    unit: targetUnit(ds, target),
    features: { rMax: spec.rdf.rMax, bins: spec.rdf.bins, pairs: [...ds.manifest.features.keys], dim, species },
    dataset: { system: spec.system, seed: spec.seed, count: spec.count, atoms: meta.atoms, formula: meta.formula, density },
    axis: target === "vdos" ? ds.manifest.targets.vdos.omega : target === "heat_capacity" ? ds.manifest.targets.heat_capacity.temperatures : null,
  };
}

/**
 * Fits a linear model of `kind` to a target of a data set on all its structures (or `rows`).
 * Ridge is ridge with a smoothness penalty along r (order and α by leave-one-out CV; see smooth.ts); lasso and elastic
 * net choose α by k-fold cross-validation; OLS is the minimum-norm least-squares fit (ill-conditioned on
 * g(r): for comparison only).
 * @throws RangeError for an unknown kind or target; DatasetError when the target is missing
 */
export function fitTargetModel(ds: Dataset, target: string, kind: string, options: FitTargetOptions = {}, rows?: Int32Array): LinearModel {
  if (!(TARGET_NAMES as readonly string[]).includes(target)) throw new RangeError(`unknown target "${target}"; choose one of ${TARGET_NAMES.join(", ")}`);
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new RangeError(`unknown model "${kind}"; choose one of ${MODEL_KINDS.join(", ")}`);
  const t = target as TargetName;
  const table = targetTable(ds, t);
  let X: Matrix = { rows: ds.features.rows, cols: ds.features.cols, data: ds.features.data };
  let Y: Matrix = { rows: table.rows, cols: table.cols, data: table.data };
  if (rows) {
    const pick = (m: Matrix): Matrix => {
      const out = new Float64Array(rows.length * m.cols);
      rows.forEach((r, i) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
      return { rows: rows.length, cols: m.cols, data: out };
    };
    X = pick(X);
    Y = pick(Y);
  }
  const glassbox = provenance(ds, t);
  const common = {
    featureLabels: ds.manifest.features.columns,
    targetLabels: targetLabels(ds, t),
    metadata: { glassbox },
  };
  const spectra = t === "vdos";
  switch (kind as ModelKind) {
    case "ridge": {
      const smooth = options.smooth ?? "auto";
      if (smooth !== "auto" && !(Number.isInteger(smooth) && smooth >= 0 && smooth <= 12)) throw new RangeError(`smooth must be "auto" or an integer in [0, 12], got ${smooth}`);
      const { rMax, bins } = ds.manifest.spec.rdf;
      const factor = Math.max(1, Math.round(coarseBinWidth(ds.manifest.spec.system) / (rMax / bins)));
      const pool = pooling(ds.manifest.features.keys.length, bins, rMax, factor, rdfDimension(ds.manifest.spec.system, ds.metadata[0]!));
      return fitSmoothRidge(X, Y, {
        ...common,
        keys: ds.manifest.features.keys.length,
        bins: ds.manifest.spec.rdf.bins,
        binWidth: ds.manifest.spec.rdf.rMax / ds.manifest.spec.rdf.bins,
        centers: ds.manifest.features.centers.slice(0, ds.manifest.spec.rdf.bins),
        orders: smooth === "auto" ? SMOOTH_ORDERS : [smooth],
        envelopes: smooth === "auto" ? ENVELOPES : [0],
        ...(smooth === "auto" && factor > 1 ? { pools: [pool] } : {}),
      }).model;
    }
    case "lasso":
    case "elasticnet": {
      const o = { ...common, cv: options.folds ?? 5, seed: options.seed ?? 0, nAlphas: options.nAlphas ?? 30, alphaMode: spectra ? ("per-target" as const) : ("shared" as const) };
      return kind === "lasso" ? fitLasso(X, Y, o) : fitElasticNet(X, Y, { ...o, l1Ratio: options.l1Ratio ?? 0.5 });
    }
    default:
      return fitOLS(X, Y, common);
  }
}

/** The provenance of a model file, validated. @throws ModelFileError naming the missing field */
export function modelProvenance(model: LinearModel, source = "model"): ModelProvenance {
  const g = (model.metadata as { glassbox?: ModelProvenance }).glassbox;
  const fail = (field: string, problem: string): never => {
    throw new ModelFileError(source, `metadata.glassbox${field}`, problem);
  };
  if (!g || typeof g !== "object") return fail("", "missing: not a model fitted by `glassbox fit` (no record of its g(r) features)");
  if (!(TARGET_NAMES as readonly string[]).includes(g.target)) fail(".target", `expected one of ${TARGET_NAMES.join(", ")}, got ${JSON.stringify(g.target)}`);
  const f = g.features;
  if (!f || !(f.rMax > 0) || !Number.isInteger(f.bins) || f.bins < 1) fail(".features", "expected rMax > 0 and a positive integer bins");
  if (!Array.isArray(f.pairs) || f.pairs.length < 1 || f.pairs.some((p) => typeof p !== "string")) fail(".features.pairs", "expected a list of partial keys");
  if (f.dim !== 2 && f.dim !== 3) fail(".features.dim", "expected 2 or 3");
  if (!Array.isArray(f.species) || f.species.some((s) => typeof s !== "string")) fail(".features.species", "expected a list of species labels");
  if (f.pairs.length * f.bins !== model.nFeatures) fail(".features", `${f.pairs.length} partials × ${f.bins} bins ≠ the model's ${model.nFeatures} features`);
  if (!g.dataset || typeof g.dataset !== "object") fail(".dataset", "missing");
  return g;
}

/**
 * Checks that a data set can be scored by a model: same feature columns, same target axis.
 * @throws DatasetError naming the data set and the mismatch
 */
export function checkCompatible(model: LinearModel, ds: Dataset, dir: string, source = "model"): ModelProvenance {
  const g = modelProvenance(model, source);
  const fail = (problem: string): never => {
    throw new DatasetError(`${dir}: ${problem} (model ${source})`);
  };
  if (ds.manifest.spec.system !== g.dataset.system) fail(`a ${ds.manifest.spec.system} data set, the model was fitted on ${g.dataset.system}`);
  try {
    model.checkFeatures(ds.manifest.features.columns, ds.features.cols, dir);
  } catch (e) {
    fail((e as Error).message.replace(`${dir}: `, ""));
  }
  const table = targetTable(ds, g.target);
  if (table.cols !== model.nTargets) fail(`${g.target} has ${table.cols} columns, the model predicts ${model.nTargets}`);
  const axis = g.target === "vdos" ? ds.manifest.targets.vdos.omega : g.target === "heat_capacity" ? ds.manifest.targets.heat_capacity.temperatures : null;
  if (g.axis && axis && (axis.length !== g.axis.length || axis.some((v, i) => v !== g.axis![i]))) {
    fail(`its ${g.target === "vdos" ? "ω grid" : "temperatures"} differ from the model's`);
  }
  return g;
}

/**
 * The feature row of a structure for a model: its g(r) with the model's bins, partials and normalisation.
 * @param file name for messages
 * @throws RangeError when the species do not match the model's
 */
export function structureFeatures(model: LinearModel, structure: Structure, file: string, source = "model"): { features: Float64Array; warnings: string[] } {
  const g = modelProvenance(model, source);
  const species = structure.speciesList();
  const want = g.features.species;
  const missing = want.filter((s) => !species.includes(s));
  const extra = species.filter((s) => !want.includes(s));
  if (missing.length || extra.length) {
    throw new RangeError(
      `${file}: species [${species.join(", ")}] do not match the model's [${want.join(", ")}]` +
        (extra.length ? ` (unknown: ${extra.join(", ")})` : ` (missing: ${missing.join(", ")})`) +
        "; give the right --types for a LAMMPS file, or use a model fitted on these species",
    );
  }
  const f = rdfFeatures([structure], { rMax: g.features.rMax, bins: g.features.bins, pairs: g.features.pairs, dim: g.features.dim });
  model.checkFeatures(f.columnLabels, f.columns, file);
  const warnings: string[] = [];
  if (structure.n !== g.dataset.atoms) warnings.push(`${file}: ${structure.n} atoms, the model was fitted on ${g.dataset.atoms}-atom structures (g(r) is normalised per pair, but finite-size effects differ)`);
  if (g.dataset.density !== null) {
    const rho = structure.n / cellMeasure(structure, g.features.dim);
    if (Math.abs(rho / g.dataset.density - 1) > 1e-3) {
      warnings.push(`${file}: number density ${rho.toPrecision(5)}, the model was fitted at ${g.dataset.density.toPrecision(5)}; a linear model on g(r) holds at fixed density only`);
    }
  }
  return { features: f.matrix, warnings };
}
