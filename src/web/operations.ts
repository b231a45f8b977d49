/**
 * The work the web page does, as plain functions of plain inputs. The page's Web Worker calls them, and
 * the bit-identity tests call the very same functions in Node, so every number the page shows can be
 * compared with Node's bit for bit (hashes of the Float64Arrays).
 */
import { defaultSpec, type DatasetSpec } from "../datasets/spec.js";
import { computeSample, sampleStructure } from "../datasets/sample.js";
import { SYSTEMS, SYSTEM_NAMES, type SystemName } from "../generators.js";
import { detectFormat, parseStructure, parseTypes } from "../io/index.js";
import { fitRidge } from "../models/linear.js";
import { potentialFromSpec } from "../potentials/index.js";
import type { Potential } from "../potentials/potential.js";
import { rdf } from "../rdf.js";
import { participationRatios, THZ_PER_SQRT_EV_A2_AMU, vdos, vibrationalModes } from "../spectra.js";
import type { Structure } from "../structure.js";

/** Summary of a structure for display. */
export interface StructureSummary {
  name: string;
  atoms: number;
  formula: string;
  species: string[];
  composition: Record<string, number>;
  cell: number[];
  pbc: boolean[];
  dimension: number;
  volume: number;
  density: number;
}

/** Structure summary: atoms, composition, cell, density (atoms per σ³/Å³, per area for 2D). */
export function summarize(s: Structure, name: string): StructureSummary {
  const periodic = s.pbc.filter((p) => p).length;
  const measure = s.dimension === 2 || periodic === 2 ? s.area() : s.volume();
  return {
    name,
    atoms: s.n,
    formula: s.formula(),
    species: s.speciesList(),
    composition: Object.fromEntries(s.composition()),
    cell: Array.from(s.cell),
    pbc: [...s.pbc],
    dimension: s.dimension,
    volume: measure,
    density: measure > 0 ? s.n / measure : 0,
  };
}

/**
 * Parses a structure file's text. The format comes from the file name, else from the content.
 * @throws StructureFileError naming the file, line and problem
 */
export function loadStructureText(text: string, name: string, types?: string): Structure {
  const format = detectFormat(name, text.slice(0, 8192));
  if (!format) throw new Error(`${name}: unknown structure format (expected extended XYZ, LAMMPS data/dump or POSCAR)`);
  return parseStructure(text, format, { file: name, ...(types ? { types: parseTypes(types) } : {}) });
}

/** A structure from one of the built-in systems (sample 0 of a data set with that seed). */
export function generateExample(system: string, seed: number, atoms?: number): Structure {
  if (!(SYSTEM_NAMES as readonly string[]).includes(system)) throw new RangeError(`unknown system "${system}"`);
  return sampleStructure(defaultSpec(system, 1, seed, atoms ? { atoms } : {}), 0).structure;
}

/** g(r) in the `glassbox rdf --json` shape, with the raw arrays for hashing. */
export function computeRdf(s: Structure, rMax: number, bins: number) {
  const g = rdf(s, { rMax, bins, partial: true });
  return { json: g.toJSON(), arrays: { total: g.total, ...Object.fromEntries(g.partials) } as Record<string, Float64Array> };
}

/**
 * The potential for a structure: an explicit spec, else the one of the built-in system whose species
 * match (Kob–Andersen for A/B, Tersoff for C or Si/C, Zhou EAM for Cu/Al/Zr).
 */
export function potentialFor(s: Structure, spec?: string): { potential: Potential; name: string } {
  if (spec) return { potential: potentialFromSpec(spec), name: spec };
  const species = s.speciesList().join(",");
  const bySpecies: Record<string, SystemName> = { "A,B": s.dimension === 2 ? "kob-andersen-2d" : "kob-andersen-3d", C: "carbon-monolayer", "C,Si": "sic", "Al,Cu,Zr": "cualzr" };
  const system = bySpecies[species];
  if (!system) throw new Error(`no built-in potential for species ${species}; choose one (e.g. kob-andersen, zhou:Cu,Al,Zr)`);
  const potential = SYSTEMS[system].potential();
  return { potential, name: potential.name };
}

/** VDOS, participation ratios and eigenvalues of a structure. */
export function computeVdos(s: Structure, options: { potential?: string; sigma?: number } = {}) {
  const { potential, name } = potentialFor(s, options.potential);
  potential.check(s);
  const modes = vibrationalModes(s, potential, { vectors: true });
  const scale = potential.units === "metal" ? THZ_PER_SQRT_EV_A2_AMU : 1;
  const d = vdos(modes.values, {
    dimension: s.dimension,
    zeroModes: modes.modes.zeroModes,
    frequencyScale: scale,
    ...(options.sigma ? { sigma: options.sigma } : {}),
  });
  const pr = participationRatios(modes.vectors!, s.dimension * s.n, s.dimension);
  return {
    potential: name,
    unit: potential.units === "metal" ? "THz" : "(ε/m)^½/σ",
    eigenvalues: modes.values,
    omega: d.omega,
    dos: d.dos,
    modeOmega: d.modeOmega,
    participation: pr,
    imaginary: d.modes.imaginary,
    omega2Mean: d.omega2Mean,
    warnings: d.modes.warnings,
  };
}

/** Progress callback: fraction done in [0, 1] and a message. */
export type Progress = (fraction: number, message: string) => void;

/**
 * Generates a small data set in memory and fits the linear model y = W·g + b (ridge, α by GCV) to the
 * VDOS: the study in miniature. The last 20% of structures are the test set.
 */
export function fitExample(system: string, count: number, seed: number, atoms: number | undefined, progress: Progress = () => {}) {
  const spec: DatasetSpec = defaultSpec(system, count, seed, { kappa: null, ...(atoms ? { atoms } : {}) });
  const rows: Float64Array[] = [], targets: Float64Array[] = [];
  let columns: string[] = [];
  for (let i = 0; i < count; i++) {
    progress(i / count, `structure ${i + 1}/${count}`);
    const s = computeSample(spec, i);
    rows.push(s.features);
    targets.push(s.vdos);
    if (i === 0) columns = s.featureInfo.columns;
  }
  progress(1, "fitting");
  const nTest = Math.max(1, Math.round(0.2 * count));
  const nTrain = count - nTest;
  if (nTrain < 2) throw new RangeError(`need at least 3 structures to fit and test, got ${count}`);
  const p = rows[0]!.length, t = targets[0]!.length;
  const stack = (a: Float64Array[], from: number, to: number, w: number) => {
    const out = new Float64Array((to - from) * w);
    for (let i = from; i < to; i++) out.set(a[i]!, (i - from) * w);
    return { rows: to - from, cols: w, data: out };
  };
  const X = stack(rows, 0, nTrain, p), Y = stack(targets, 0, nTrain, t);
  const Xt = stack(rows, nTrain, count, p), Yt = stack(targets, nTrain, count, t);
  const model = fitRidge(X, Y, { alphas: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10], cv: "gcv", featureLabels: columns, metadata: { system, seed, count, target: "vdos" } });
  const pred = model.predict(Xt).data;
  // Mean per-bin R² on the test rows (the honest metric), beside the training-mean predictor. Bins whose
  // test variance is negligible (the empty tails of the spectrum) have no meaningful R² and are skipped.
  const variance = new Float64Array(t), means = new Float64Array(t);
  for (let o = 0; o < t; o++) {
    for (let i = 0; i < Yt.rows; i++) means[o]! += Yt.data[i * t + o]! / Yt.rows;
    for (let i = 0; i < Yt.rows; i++) variance[o]! += (Yt.data[i * t + o]! - means[o]!) ** 2;
  }
  const floor = 1e-6 * Math.max(...variance);
  let r2 = 0, r2Mean = 0, bins = 0;
  for (let o = 0; o < t; o++) {
    if (!(variance[o]! > floor)) continue;
    let trainMean = 0;
    for (let i = 0; i < nTrain; i++) trainMean += Y.data[i * t + o]! / nTrain;
    let ss = 0, sm = 0;
    for (let i = 0; i < Yt.rows; i++) {
      const y = Yt.data[i * t + o]!;
      ss += (pred[i * t + o]! - y) ** 2;
      sm += (trainMean - y) ** 2;
    }
    r2 += 1 - ss / variance[o]!;
    r2Mean += 1 - sm / variance[o]!;
    bins++;
  }
  const omega = Array.from({ length: t }, (_, j) => spec.vdos.omegaMin + j * spec.vdos.omegaStep);
  return {
    features: X.data,
    targets: Y.data,
    coef: model.coef.data,
    intercept: model.intercept,
    prediction: pred,
    truth: Yt.data,
    nTrain,
    nTest,
    p,
    t,
    omega,
    columns,
    alpha: model.alpha ? Array.from(model.alpha) : [],
    r2: bins ? r2 / bins : NaN,
    r2MeanPredictor: bins ? r2Mean / bins : NaN,
    modelText: model.toText(),
  };
}

/** SHA-256 of an array's bytes, hex; the same in Node and browsers (Web Crypto). */
export async function hashArray(a: Float64Array | Uint8Array): Promise<string> {
  const bytes = new Uint8Array(a.byteLength);
  bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
