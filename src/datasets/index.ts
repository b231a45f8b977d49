/** Data sets: recipes, samples, on-disk encoding. */
export { computeSample, sampleStructure, sampleToRecord, type Sample, type SampleRecord, type FeatureInfo } from "./sample.js";
export { defaultSpec, validateSpec, omegaGrid, frequencyUnit, HBAR_ARGON, type DatasetSpec, type Manifest } from "./spec.js";
export { encodeDataset, decodeDataset, targetTable, kappaUnit, DatasetError, TARGET_NAMES, type Dataset, type Table, type TargetName } from "./dataset.js";
