/**
 * One data-set sample: a generated, relaxed structure and everything the study learns from it —
 * features (binned partial g(r)) and targets (binned VDOS, ⟨ω²⟩, heat capacity, Allen–Feldman κ).
 *
 * A sample is a pure function of (spec, index): the same inputs give byte-identical numbers in any
 * process, worker or browser, which is what makes data sets reproducible and resumable.
 */
import { eigh } from "../eigen.js";
import { generateStructure, sampleParameters, SYSTEMS, type StructureMetadata, type SystemName } from "../generators.js";
import { dynamicalMatrixDense } from "../hessian.js";
import { rdfFeatures } from "../rdf.js";
import { heatCapacity, THZ_PER_SQRT_EV_A2_AMU, vdos, zeroModeCount } from "../spectra.js";
import { allenFeldman } from "../thermal.js";
import type { Structure } from "../structure.js";
import type { DatasetSpec } from "./spec.js";

/** The numbers of one structure. */
export interface Sample {
  index: number;
  /** Feature row: the concatenated partial g(r) bins (columns as `featureLabels` of the manifest). */
  features: Float64Array;
  /** D(ω) on the spec's ω grid (1/frequency unit). */
  vdos: Float64Array;
  /** ⟨ω²⟩ over non-zero modes (τ⁻², or THz² in metal units: ν² with ν = ω/2π). */
  omega2: number;
  /** Heat capacity per atom at each spec temperature (k_B). */
  heatCapacity: Float64Array;
  /** Allen–Feldman κ at the spec's κ temperature (W/(m·K), k_B/(τσ), …), or NaN when not computed. */
  kappa: number;
  /** Generation record (seed, route, σ, f, cooling rate, energy, …). */
  metadata: StructureMetadata;
  /** Imaginary modes of the final spectrum (0 for a minimum). */
  imaginary: number;
  /** Feature column labels ("A-B:1.2375"), series keys and bin centers. */
  featureInfo: FeatureInfo;
}

/** What the feature columns are. */
export interface FeatureInfo {
  columns: string[];
  keys: string[];
  centers: number[];
}

/** The relaxed structure of sample `index`: deterministic in (spec, index). */
export function sampleStructure(spec: DatasetSpec, index: number): { structure: Structure; metadata: StructureMetadata } {
  const params = sampleParameters(spec.system as SystemName, spec.seed, index, spec.sampling ?? {});
  const g = generateStructure(spec.system as SystemName, { ...params, ...(spec.atoms ? { atoms: spec.atoms } : {}) });
  return { structure: g.structure, metadata: g.metadata };
}

/**
 * Computes sample `index` of a data set.
 * @throws GlassboxError when the generator cannot reach an energy minimum.
 */
export function computeSample(spec: DatasetSpec, index: number): Sample {
  const { structure, metadata } = sampleStructure(spec, index);
  const system = SYSTEMS[spec.system as SystemName];
  const potential = system.potential();
  const d = structure.dimension;

  const f = rdfFeatures([structure], { rMax: spec.rdf.rMax, bins: spec.rdf.bins, ...(spec.rdf.pairs ? { pairs: spec.rdf.pairs } : {}) });
  const features = f.matrix;

  const masses = potential.massesFor?.(structure) ?? structure.masses;
  const dyn = dynamicalMatrixDense(potential.hessian(structure), masses, d);
  const { values } = eigh(dyn, d * structure.n, { method: "tridiagonal" });
  const zeroModes = zeroModeCount(d, structure.pbc);
  const metal = potential.units === "metal";
  const scale = metal ? THZ_PER_SQRT_EV_A2_AMU : 1;
  const spectrum = vdos(values, {
    dimension: d,
    zeroModes,
    sigma: spec.vdos.sigma,
    omegaMin: spec.vdos.omegaMin,
    omegaStep: spec.vdos.omegaStep,
    count: spec.vdos.count,
    frequencyScale: scale,
  });
  const c = heatCapacity(values, spec.heatCapacity.temperatures, {
    dimension: d,
    zeroModes,
    units: potential.units,
    ...(spec.heatCapacity.hbar !== undefined ? { hbar: spec.heatCapacity.hbar } : {}),
  });
  let kappa = NaN;
  if (spec.kappa) {
    const af = allenFeldman(structure, potential, {
      temperatures: [spec.kappa.temperature],
      broadening: spec.kappa.broadening,
      ...(spec.heatCapacity.hbar !== undefined ? { hbar: spec.heatCapacity.hbar } : {}),
    });
    kappa = af.kappa[0]!;
  }
  return {
    index,
    features,
    vdos: spectrum.dos,
    omega2: spectrum.omega2Mean * scale * scale,
    heatCapacity: Float64Array.from(c.perAtom),
    kappa,
    metadata,
    imaginary: spectrum.modes.imaginary,
    featureInfo: { columns: f.columnLabels, keys: f.keys, centers: Array.from(f.centers) },
  };
}

/** A sample as plain JSON (numbers round-trip exactly through JSON's shortest representation). */
export interface SampleRecord {
  index: number;
  features: number[];
  vdos: number[];
  omega2: number;
  heatCapacity: number[];
  kappa: number | null;
  imaginary: number;
  metadata: StructureMetadata;
  /** Only in sample 0's record: what the feature columns are. */
  featureInfo?: FeatureInfo;
}

/** Plain-JSON form of a sample, for per-sample files and worker messages. */
export function sampleToRecord(s: Sample): SampleRecord {
  return {
    index: s.index,
    features: Array.from(s.features),
    vdos: Array.from(s.vdos),
    omega2: s.omega2,
    heatCapacity: Array.from(s.heatCapacity),
    kappa: Number.isNaN(s.kappa) ? null : s.kappa,
    imaginary: s.imaginary,
    metadata: s.metadata,
    ...(s.index === 0 ? { featureInfo: s.featureInfo } : {}),
  };
}
