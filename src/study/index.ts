/**
 * The study: linear g(r) → property models against nonlinear baselines on the same splits, learning
 * curves, out-of-distribution splits, weights and the exact ⟨ω²⟩ sum rule; the JSON contract the demo,
 * the CLI and the report share; model files that remember their g(r) features.
 *
 * @packageDocumentation
 */
export { runStudy, scoreOf, activeBins, curveSizes, curveRepeats, type StudyOptions, type BaselineName } from "./study.js";
export { pairedDifference, significantWin, SIGNIFICANCE } from "./significance.js";
export { fitSmoothRidge, integrateFeatures, weightsFromSmooth, SMOOTH_ORDERS, RELATIVE_ALPHAS, type SmoothRidgeOptions, type SmoothRidgeFit } from "./smooth.js";
export { sumRuleKernel, laplacianTerm, correlation, type SumRuleKernel } from "./sumrule.js";
export { coarseBinWidth, disorderScore, DISORDER_CRITERION, pooling, poolRows, rdfDimension, cellMeasure, type Pooling } from "./features.js";
export { fitTargetModel, modelProvenance, checkCompatible, structureFeatures, targetLabels, targetUnit, type ModelProvenance, type FitTargetOptions } from "./modelfile.js";
export { demoSpecs, DEMO_SEED, LJ_RDF, type DemoMode } from "./presets.js";
export type { StudyReport, SystemResult, TargetResult, Scores, CurvePoint } from "./types.js";
