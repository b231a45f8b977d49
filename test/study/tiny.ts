// Tiny Kob–Andersen data sets for the study and CLI tests: a few tens of atoms, Gaussian displacements
// only (crystal → glass in σ), no κ, fine g(r) bins (the sum rule needs them). Generated in this thread.
import { defaultSpec, type DatasetSpec } from "../../src/datasets/spec.js";
import { generateDataset } from "../../src/node/datasets.js";

/** The spec of a tiny data set. */
export function tinySpec(system: "kob-andersen-2d" | "kob-andersen-3d", count: number, seed: number, bins = 2080): DatasetSpec {
  return defaultSpec(system, count, seed, {
    atoms: system === "kob-andersen-2d" ? 30 : 32,
    sampling: { weights: [1, 0, 0], sigma: [0, 0.3] },
    rdf: { rMax: 2.6, bins },
    kappa: null,
  });
}

/** Generates (or reuses) a tiny data set in `dir`. */
export async function tinyDataset(dir: string, system: "kob-andersen-2d" | "kob-andersen-3d", count: number, seed: number, bins = 2080): Promise<DatasetSpec> {
  const spec = tinySpec(system, count, seed, bins);
  await generateDataset(spec, dir, { workers: 1 });
  return spec;
}
