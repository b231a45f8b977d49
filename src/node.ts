/**
 * glassbox for Node: everything in "glassbox", plus functions that touch the file system.
 * @packageDocumentation
 */
export * from "./index.js";
export { readStructure, readFrames, writeStructure } from "./node/io.js";
export { generateDataset, loadDataset, writeAtomic, type GenerateDatasetOptions, type GenerateDatasetResult } from "./node/datasets.js";
