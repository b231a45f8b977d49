/**
 * glassbox: from atomic structures of glasses to g(r), vibrational spectra and linear
 * structure–property models, computed in WebAssembly. Browser-safe: no Node built-ins here
 * (file-path helpers live in "glassbox/node").
 *
 * @packageDocumentation
 */
export { init, isReady, threadCount, type InitOptions } from "./engine/wasm.js";
export { version } from "./version.js";
export {
  Structure,
  GlassboxError,
  type StructureInit,
  type Pbc,
  type Dimension,
  cellHeights,
  compareLabels,
  defaultMasses,
} from "./structure.js";
export { atomicMass, isElementSymbol } from "./elements.js";
export { neighborList, buildNeighborListInWorkspace, type NeighborList, type NeighborListOptions, type NeighborListPointers } from "./neighbors.js";
export * from "./io/index.js";
export { eigh, eighTridiagonal, eighMemoryBytes, EigenConvergenceError, type EighMethod, type EighOptions, type EighResult } from "./eigen.js";
export * from "./potentials/index.js"; export * from "./hessian.js"; export * from "./relax.js"; // potentials, Hessians, relaxation
export { classifyModes, heatCapacity, heatCapacityScale, meanSquareFrequency, modeHeatCapacities, participationRatios, vdos, vibrationalModes, zeroModeCount, type HeatCapacity, type VibrationalModes, type VibrationalModesOptions, type HeatCapacityOptions, type ModeClassification, type ModeOptions, type Vdos, type VdosOptions } from "./spectra.js"; export { allenFeldman, allenFeldmanFromModes, modeDiffusivities, separatingSupercell, velocityMatrix, velocityOperator, type AllenFeldmanOptions, type AllenFeldmanResult, type BroadeningKind, type Diffusivities, type KappaAtBroadening, type VelocityMatrix, type VelocityOperator, type VelocityOperatorOptions } from "./thermal.js";
export { rdf, rdfFeatures, pairKey, RdfAccumulator, type Rdf, type RdfOptions, type RdfFeatureOptions, type RdfFeatures } from "./rdf.js";
export * from "./potentials/tersoff.js"; export * from "./potentials/eam.js"; export * from "./units.js"; // many-body potentials, frequency units
export * from "./models/index.js"; // linear models: OLS, ridge, lasso/elastic net, CV, splits, metrics, model files
export * from "./datasets/index.js";
export * from "./random.js"; export * from "./lattices.js"; export * from "./md.js"; export * from "./generators.js"; // seeded RNG, lattices, molecular dynamics, structure generators
export * from "./study/index.js"; // the study: linear vs baselines, learning curves, sum rule, model files, demo presets
