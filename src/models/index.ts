/**
 * Linear structure–property models: OLS, ridge, lasso, elastic net, cross-validation, splits, metrics
 * and model files. Re-exported from the package entry.
 *
 * @packageDocumentation
 */
export { LinearModel, fitOLS, fitRidge, type LinearModelInit, type CommonFitOptions, type RidgeOptions, type OlsOptions } from "./linear.js";
export { fitLasso, fitElasticNet, enetPath, lassoPath, type EnetOptions, type EnetPath } from "./sparse.js";
export { selectRidgeAlpha, selectEnetAlpha, argminScores, type CvSpec, type Selected, type SelectOptions } from "./crossval.js";
export { fitStandardization, standardize, type Standardization } from "./standardize.js";
export {
  r2PerTarget,
  r2Score,
  maePerTarget,
  rmsePerTarget,
  spectrumMetrics,
  regressionMetrics,
  evaluate,
  columnMeans,
  type SpectrumMetrics,
  type RegressionMetrics,
  type Evaluation,
} from "./metrics.js";
export {
  MODEL_FORMAT,
  MODEL_SCHEMA_VERSION,
  ModelFileError,
  parseModel,
  stringifyModel,
  validateModelDocument,
  type ModelDocument,
  type ModelKind,
  type SelectionRecord,
  type FitRecord,
} from "./serialize.js";
export { kFold, heldOut, outOfDistribution, shuffledRows, foldLabels, checkFolds, type Fold, type HeldOutOptions, type OodOptions } from "./splits.js";
export { fitLinear, MODEL_KINDS, type LinearFitOptions } from "./fit.js";
export { matrix, toMatrix, takeRows, column, toRows, type Matrix, type MatrixInput } from "./matrix.js";
