/**
 * The data sets `glassbox demo` generates, and why these sizes.
 *
 * Binning: g(r) of the Kob–Andersen systems in bins of 0.00125 σ (2080 bins to 2.6 σ, past every cutoff).
 * Measured on 256-atom 3D KA glasses spanning crystal → glass, the exact ⟨ω²⟩ sum-rule kernel on hard
 * histogram bins reaches R² = 0.842 at 0.02 σ, 0.997 at 0.005 σ, 0.9992 at 0.0025 σ and 0.99992 at
 * 0.00125 σ: where each pair sits inside its bin is lost, and that error only shrinks with the bin width.
 * R² ≥ 0.999 therefore needs bins ≤ 0.0025 σ; 0.00125 σ leaves room for a fitted model.
 *
 * Sizes: generation dominates the run time (relaxation to fmax and melt–quench MD, then the dense
 * eigenproblem and Allen–Feldman κ), so the counts below are what fits the time budget on 2 cores.
 * Measured from scratch on a quiet 2-core machine: --full 566 s wall (1044 s CPU): KA 3D 160 structures
 * in 167 s, KA 2D 160 in 44 s, carbon sheets, SiC and CuAlZr 120 each in 68 s, 81 s and 99 s, the five
 * studies 11–28 s each; the default run is its first two systems, about 4.5 minutes; --quick 31 s wall.
 * Per 256-atom 3D KA structure about 2 s CPU: relaxation and MD ~1 s, Allen–Feldman κ ~0.9 s, eigen 0.1 s.
 * The many-body structures themselves take 0.4–0.9 s CPU each (`node scripts/bench-generators.mjs --demo
 * --count 120`); their spectra and κ about 1 s more.
 *
 * @packageDocumentation
 */
import { defaultSpec, type DatasetSpec } from "../datasets/spec.js";
import { SYSTEMS, type SystemName } from "../generators.js";

/** Demo sizes: `quick` (< 1 minute), `default` (< 10 minutes), `full` (all five systems). */
export type DemoMode = "quick" | "default" | "full";

/** The seed of the demo data sets. */
export const DEMO_SEED = 1;

/** Bins of g(r) to 2.6 σ for the Lennard-Jones systems (0.00125 σ; see the module note). */
export const LJ_RDF = { rMax: 2.6, bins: 2080 } as const;

interface Size {
  atoms: number;
  count: number;
}

const SIZES: Record<DemoMode, Partial<Record<SystemName, Size>>> = {
  quick: { "kob-andersen-3d": { atoms: 108, count: 40 }, "kob-andersen-2d": { atoms: 100, count: 40 } },
  default: { "kob-andersen-3d": { atoms: 256, count: 160 }, "kob-andersen-2d": { atoms: 256, count: 160 } },
  full: {
    "kob-andersen-3d": { atoms: 256, count: 160 },
    "kob-andersen-2d": { atoms: 256, count: 160 },
    "carbon-monolayer": { atoms: 200, count: 120 },
    sic: { atoms: 216, count: 120 },
    cualzr: { atoms: 108, count: 120 },
  },
};

/** The data-set specs of a demo mode, in the order they are generated and reported. */
export function demoSpecs(mode: DemoMode, seed = DEMO_SEED): DatasetSpec[] {
  const sizes = SIZES[mode];
  if (!sizes) throw new RangeError(`unknown demo mode "${String(mode)}"`);
  return (Object.keys(sizes) as SystemName[]).map((system) => {
    const { atoms, count } = sizes[system]!;
    const lj = SYSTEMS[system].units === "lj";
    return defaultSpec(system, count, seed, { atoms, ...(lj ? { rdf: { ...LJ_RDF } } : {}) });
  });
}
