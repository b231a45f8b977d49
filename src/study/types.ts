/**
 * The results of reproducing the study on one data set: what `glassbox demo` prints and what the HTML
 * report draws. Plain JSON (numbers, strings, arrays), so results can be saved, compared and rendered in
 * Node or a browser.
 */
import type { SystemName } from "../generators.js";
import type { TargetName } from "../datasets/dataset.js";

/** Scores of one model on one split (test rows). */
export interface Scores {
  /** Uniform mean over target columns of R² (for a spectrum: the mean per-bin R², the honest metric). */
  r2: number;
  /** Worst per-column R² (spectra). */
  r2Worst: number;
  /** R² pooled over every (structure, column) value (flattering for spectra; shown for comparison). */
  r2Pooled: number;
  mae: number;
  rmse: number;
  /** Mean relative L1 error of a spectrum, Σ|ŷ − y| / Σ|y| per row, averaged (spectra only, else null). */
  relL1: number | null;
}

/** One point of a learning curve: mean and spread over random training subsets of one size. */
export interface CurvePoint {
  nTrain: number;
  r2: number;
  r2Std: number;
  /** Training subsets drawn (1 at the full training set: the headline fit). */
  runs?: number;
  /**
   * Baselines: R²(this model) − R²(linear) paired over the same subsets, mean and standard error of the
   * mean (absent with fewer than two draws, e.g. at the full training set).
   */
  vsLinear?: { mean: number; se: number };
}

/** Everything measured for one (system, target). */
export interface TargetResult {
  system: SystemName;
  target: TargetName;
  /** Training-set size of the headline comparison. */
  nTrain: number;
  nTest: number;
  /** Linear model (ridge with cross-validated α unless said otherwise) on the held-out test rows. */
  linear: Scores & { model: string; alpha: number | number[]; fitSeconds: number };
  /** Nonlinear baselines on the same split. */
  baselines: { name: "krr" | "mlp"; scores: Scores; fitSeconds: number }[];
  /** Predicting the training mean: the floor every model must beat. */
  meanPredictor: Scores;
  /** Test-set truth and predictions for plots: rows = test structures (spectra: full rows). */
  parity: { truth: number[][]; linear: number[][]; baseline: number[][]; baselineName: string };
  /** Error against training-set size, per model name ("linear", "krr", "mlp", "mean"). */
  learningCurves: Record<string, CurvePoint[]>;
  /** Out-of-distribution split (train on low disorder, test on high): R² per model; null if not run. */
  outOfDistribution: { criterion: string; threshold: number; r2: Record<string, number> } | null;
  /**
   * Weight map W[output, feature] of the linear model (spectra: W[ω-bin, r-bin] per partial; scalars: one
   * row), with axis values.
   */
  weights: {
    rows: number[];
    columns: string[];
    values: number[][];
    intercept: number[];
    /**
     * Fine g(r) bins summed into each column (1 = the model's own bins). The study fits on fine bins and
     * shows W at the coarser baseline binning: column c holds Σ of the fine weights it covers, which is the
     * weight a g(r) smooth over the coarse bin sees.
     */
    binsPooled?: number;
  };
  /** Lasso regularisation path for scalar targets: α grid and coefficient paths of the largest features. */
  lassoPath: { alphas: number[]; features: string[]; coef: number[][] } | null;
  /**
   * ⟨ω²⟩ of pair potentials only: the exact sum-rule kernel on the feature columns, beside the fitted
   * weights, and their correlation.
   */
  sumRule: {
    kernel: number[];
    fitted: number[];
    /** Pearson correlation of kernel and fitted weights over the bins where some training structure has a pair. */
    correlation: number;
    r2Exact: number;
    /** The same correlation after summing both into the coarse (baseline) bins, as the weight map shows them. */
    correlationPooled?: number;
    /** Number of fine bins where pairs occur (the columns the correlation uses). */
    observedColumns?: number;
  } | null;
  /** Plain-language findings, including where the baseline wins. */
  notes: string[];
  /** What `r2` means for this target (e.g. "mean per-bin R² over the 120 ω bins where D(ω) exceeds 1 % of its peak"). */
  metric?: string;
  /**
   * The r ranges that drive each part of the target (spectra: low/middle/high ω thirds; scalars: one band):
   * windows of r per partial ranked by the spread over structures of Σ_window W·(g − ḡ), with their share.
   */
  drivers?: { band: string; omega: [number, number] | null; ranges: { key: string; r: [number, number]; share: number }[] }[];
  /** Smoothness order m of the linear model's penalty along r (0 = none), chosen by leave-one-out cross-validation. */
  smoothOrder?: number;
  /** Envelope power p of the linear model's weights, w(r) = r⁻ᵖ·u(r) (0 = none), chosen with m. */
  envelope?: number;
}

/** Results for one system. */
export interface SystemResult {
  system: SystemName;
  /** Data set recipe summary: structures, atoms, seed, generation time. */
  dataset: { count: number; atoms: number; seed: number; seconds: number; dir: string };
  /** Mean g(r) per disorder tertile for plots: centers and series per partial key. */
  rdfByDisorder: { centers: number[]; keys: string[]; groups: { label: string; g: number[][] }[] };
  /** Mean VDOS per disorder tertile: ω grid and rows. */
  vdosByDisorder: { omega: number[]; groups: { label: string; dos: number[] }[] };
  targets: TargetResult[];
}

/** A whole study run (`glassbox demo`). */
export interface StudyReport {
  packageVersion: string;
  /** Command and settings that produced it. */
  settings: Record<string, unknown>;
  systems: SystemResult[];
  /** Total wall-clock seconds. */
  seconds: number;
}
