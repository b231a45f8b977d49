/**
 * Small helpers the study shares: row selection, the disorder score of a data set, coarser g(r) bins for
 * the nonlinear baselines, and the geometry of the generator's cells (RDF dimension, volume).
 *
 * @packageDocumentation
 */
import type { Dataset, Table } from "../datasets/dataset.js";
import { SYSTEMS, type StructureMetadata, type SystemName } from "../generators.js";
import type { Matrix } from "../models/matrix.js";
import { Rng } from "../random.js";
import type { Structure } from "../structure.js";

/** Rows `idx` of a row-major table (a copy). */
export function pickRows(t: Table | Matrix, idx: ArrayLike<number>): Matrix {
  const c = t.cols;
  const out = new Float64Array(idx.length * c);
  for (let i = 0; i < idx.length; i++) out.set(t.data.subarray(idx[i]! * c, idx[i]! * c + c), i * c);
  return { rows: idx.length, cols: c, data: out };
}

/**
 * The disorder score of every structure: its inherent-structure (relaxed) potential energy per atom above
 * the lowest in the data set (ε or eV per atom). Every generator route (Gaussian displacement, partial
 * melting, melt–quench) ends in a relaxed minimum, so one physical scale orders them all: crystals sit
 * near 0, partially melted cells in between, quenched glasses highest (and faster quenches higher still).
 * The generation parameters (σ, f, cooling rate) do not share a scale across routes, and σ ≲ 0.12 of
 * Kob–Andersen relaxes back to the crystal, so they would mislabel disorder.
 */
export function disorderScore(ds: Dataset): Float64Array {
  const e = ds.energyPerAtom;
  let min = Infinity;
  for (const v of e) if (v < min) min = v;
  return Float64Array.from(e, (v) => v - min);
}

/** A plain-language definition of {@link disorderScore}, for reports. */
export const DISORDER_CRITERION = "relaxed (inherent-structure) energy per atom above the data set's lowest";

/** The crystal a system's generator starts from with the given metadata (cell and composition; species order is irrelevant here). */
export function referenceCrystal(system: SystemName, meta: Pick<StructureMetadata, "atoms" | "latticeConstant">): Structure {
  const spec = SYSTEMS[system];
  return spec.crystal(meta.atoms, Rng.seeded(0), meta.latticeConstant);
}

/** 2 when g(r) of the system is areal (two periodic axes: 2D Kob–Andersen, the carbon monolayer), else 3. */
export function rdfDimension(system: SystemName, meta: Pick<StructureMetadata, "atoms" | "latticeConstant">): 2 | 3 {
  return referenceCrystal(system, meta).periodicAxes() === 2 ? 2 : 3;
}

/**
 * Volume (dim 3) or area of the periodic plane (dim 2) of a structure's cell (σ³/Å³ or σ²/Å²), as g(r)
 * normalises by it.
 */
export function cellMeasure(s: Structure, dim: 2 | 3): number {
  const c = s.cell;
  if (dim === 3) return Math.abs(c[0]! * (c[4]! * c[8]! - c[5]! * c[7]!) - c[1]! * (c[3]! * c[8]! - c[5]! * c[6]!) + c[2]! * (c[3]! * c[7]! - c[4]! * c[6]!));
  const axes = [0, 1, 2].filter((a) => s.pbc[a]);
  const [p, q] = axes.length === 2 ? (axes as [number, number]) : [0, 1];
  const x = c[3 * p + 1]! * c[3 * q + 2]! - c[3 * p + 2]! * c[3 * q + 1]!;
  const y = c[3 * p + 2]! * c[3 * q]! - c[3 * p]! * c[3 * q + 2]!;
  const z = c[3 * p]! * c[3 * q + 1]! - c[3 * p + 1]! * c[3 * q]!;
  return Math.sqrt(x * x + y * y + z * z);
}

/** Shell measure of bin [r0, r1): (4π/3)(r1³ − r0³) in 3D, π(r1² − r0²) in 2D (σ³ / σ² or Å³ / Å²). */
export function shellMeasure(r0: number, r1: number, dim: 2 | 3): number {
  return dim === 3 ? ((4 * Math.PI) / 3) * (r1 * r1 * r1 - r0 * r0 * r0) : Math.PI * (r1 * r1 - r0 * r0);
}

/**
 * Default width (σ or Å) of the coarse g(r) bins: the nonlinear baselines' input and the linear model's
 * coarse candidate (0.02 σ for Lennard-Jones, 0.05 Å for the real materials).
 */
export function coarseBinWidth(system: SystemName): number {
  return SYSTEMS[system].units === "metal" ? 0.05 : 0.02;
}

/** How fine features are pooled into coarse ones: for each coarse column, its fine columns and weights. */
export interface Pooling {
  /** Coarse columns. */
  cols: number;
  /** Coarse bins per series. */
  bins: number;
  /** Fine bins pooled per coarse bin. */
  factor: number;
  /** Coarse column → [first fine column, count] and the shell-measure weights of each fine column (summing to 1 per group). */
  groups: { start: number; count: number }[];
  weights: Float64Array;
}

/**
 * Pools `factor` adjacent g(r) bins of every series into one, weighting each by its shell measure: the
 * result is exactly the g(r) histogrammed with the coarser bins (same definition, wider bins).
 * @param keys series count; @param bins fine bins per series; @param rMax upper edge (σ or Å)
 */
export function pooling(keys: number, bins: number, rMax: number, factor: number, dim: 2 | 3): Pooling {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`pooling factor must be a positive integer, got ${factor}`);
  const coarse = Math.ceil(bins / factor);
  const dr = rMax / bins;
  const groups: { start: number; count: number }[] = [];
  const weights = new Float64Array(keys * bins);
  for (let q = 0; q < keys; q++) {
    for (let c = 0; c < coarse; c++) {
      const start = c * factor, count = Math.min(factor, bins - start);
      let total = 0;
      for (let k = start; k < start + count; k++) total += shellMeasure(k * dr, (k + 1) * dr, dim);
      for (let k = start; k < start + count; k++) weights[q * bins + k] = total > 0 ? shellMeasure(k * dr, (k + 1) * dr, dim) / total : 1 / count;
      groups.push({ start: q * bins + start, count });
    }
  }
  return { cols: keys * coarse, bins: coarse, factor, groups, weights };
}

/** Applies a {@link Pooling} to rows of fine features. */
export function poolRows(x: Matrix, pool: Pooling): Matrix {
  const out = new Float64Array(x.rows * pool.cols);
  for (let i = 0; i < x.rows; i++) {
    const row = i * x.cols;
    pool.groups.forEach((g, c) => {
      let s = 0;
      for (let k = g.start; k < g.start + g.count; k++) s += pool.weights[k]! * x.data[row + k]!;
      out[i * pool.cols + c] = s;
    });
  }
  return { rows: x.rows, cols: pool.cols, data: out };
}

/** Parses a formula such as "A205B51" or "Cu118Zr118Al20" into counts. */
export function parseFormula(formula: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /([A-Z][a-z]*)(\d+)/g;
  let m: RegExpExecArray | null;
  let used = 0;
  while ((m = re.exec(formula)) !== null) {
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
    used += m[0].length;
  }
  if (used !== formula.length || out.size === 0) throw new RangeError(`cannot read the formula "${formula}"`);
  return out;
}
