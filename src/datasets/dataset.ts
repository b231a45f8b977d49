/**
 * A data set in memory, and its on-disk form: `manifest.json` plus one `.npy` file per array, which
 * `numpy.load` reads. Browser-safe: the Node side (src/node/datasets.ts) only moves bytes.
 */
import { SYSTEMS, type StructureMetadata, type SystemName } from "../generators.js";
import { readNpy, writeNpy } from "../io/npy.js";
import { DATASET_FORMAT, DATASET_SCHEMA_VERSION, frequencyUnit, omegaGrid, packageVersion, validateSpec, type DatasetSpec, type Manifest } from "./spec.js";
import type { SampleRecord } from "./sample.js";

/** A target the models can learn. */
export type TargetName = "vdos" | "omega2" | "heat_capacity" | "kappa";
export const TARGET_NAMES: readonly TargetName[] = ["vdos", "omega2", "heat_capacity", "kappa"];

/** A row-major matrix. */
export interface Table {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A loaded data set. */
export interface Dataset {
  manifest: Manifest;
  /** Features, rows = structures, columns = partial g(r) bins. */
  features: Table;
  /** Targets, rows = structures (vdos: ω bins; heat_capacity: temperatures; omega2, kappa: 1 column). */
  targets: Record<TargetName, Table>;
  /** Disorder parameters per structure, for out-of-distribution splits and plots. */
  sigma: Float64Array;
  fraction: Float64Array;
  coolingRate: Float64Array;
  energyPerAtom: Float64Array;
  /** Per-structure generation records. */
  metadata: StructureMetadata[];
}

/** A corrupt, incomplete or mismatched data set; the message names the directory/file and the problem. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** κ unit of a system's Allen–Feldman target. */
export function kappaUnit(system: SystemName): string {
  const s = SYSTEMS[system];
  if (s.units === "metal") return "W/(m·K)";
  return s.dimension === 2 ? "k_B/τ" : "k_B/(τ·σ)";
}

const ARRAY_FILES = ["features", "vdos", "omega2", "heat_capacity", "kappa", "sigma", "fraction", "cooling_rate", "energy_per_atom"] as const;

/**
 * Assembles the arrays and manifest of a finished data set from its sample records (in index order).
 * @returns manifest text and the bytes of each file, keyed by file name.
 */
export function encodeDataset(spec: DatasetSpec, records: SampleRecord[], featureInfo: { columns: string[]; keys: string[]; centers: number[] }): Map<string, Uint8Array> {
  validateSpec(spec);
  if (records.length !== spec.count) throw new DatasetError(`expected ${spec.count} samples, have ${records.length}`);
  records.forEach((r, i) => {
    if (r.index !== i) throw new DatasetError(`sample ${i} carries index ${r.index}`);
  });
  const n = records.length;
  const p = featureInfo.columns.length;
  const m = spec.vdos.count;
  const nt = spec.heatCapacity.temperatures.length;
  const fill = (cols: number, get: (r: SampleRecord) => ArrayLike<number> | number) => {
    const out = new Float64Array(n * cols);
    records.forEach((r, i) => {
      const v = get(r);
      if (typeof v === "number") out[i] = v;
      else {
        if (v.length !== cols) throw new DatasetError(`sample ${i} has ${v.length} values where ${cols} belong`);
        out.set(Array.from(v), i * cols);
      }
    });
    return out;
  };
  const arrays: Record<(typeof ARRAY_FILES)[number], { data: Float64Array; shape: number[] }> = {
    features: { data: fill(p, (r) => r.features), shape: [n, p] },
    vdos: { data: fill(m, (r) => r.vdos), shape: [n, m] },
    omega2: { data: fill(1, (r) => r.omega2), shape: [n] },
    heat_capacity: { data: fill(nt, (r) => r.heatCapacity), shape: [n, nt] },
    kappa: { data: fill(1, (r) => r.kappa ?? NaN), shape: [n] },
    sigma: { data: fill(1, (r) => r.metadata.sigma), shape: [n] },
    fraction: { data: fill(1, (r) => r.metadata.fraction), shape: [n] },
    cooling_rate: { data: fill(1, (r) => r.metadata.coolingRate ?? Infinity), shape: [n] },
    energy_per_atom: { data: fill(1, (r) => r.metadata.energyPerAtom), shape: [n] },
  };
  const units = SYSTEMS[spec.system].units;
  const manifest: Manifest = {
    format: DATASET_FORMAT,
    schemaVersion: DATASET_SCHEMA_VERSION,
    packageVersion,
    spec,
    features: featureInfo,
    targets: {
      vdos: { omega: Array.from(omegaGrid(spec)), unit: `D(ω) per ${frequencyUnit(spec.system)}` },
      omega2: { unit: units === "metal" ? "THz² (⟨ν²⟩)" : "ε/(mσ²)" },
      heat_capacity: { temperatures: spec.heatCapacity.temperatures, unit: "k_B per atom" },
      kappa: { temperature: spec.kappa?.temperature ?? null, unit: kappaUnit(spec.system) },
    },
    arrays: Object.fromEntries(ARRAY_FILES.map((k) => [k, { file: `${k}.npy`, shape: arrays[k].shape }])),
  };
  const files = new Map<string, Uint8Array>();
  for (const k of ARRAY_FILES) files.set(`${k}.npy`, writeNpy(arrays[k].data, arrays[k].shape));
  files.set("metadata.json", new TextEncoder().encode(JSON.stringify(records.map((r) => r.metadata)) + "\n"));
  files.set("manifest.json", new TextEncoder().encode(JSON.stringify(manifest, null, 1) + "\n"));
  return files;
}

/**
 * Parses and validates a data set from its files.
 * @param source directory name for messages
 * @param read returns a file's bytes, or undefined when missing
 */
export function decodeDataset(source: string, read: (file: string) => Uint8Array | undefined): Dataset {
  const fail = (problem: string): never => {
    throw new DatasetError(`${source}: ${problem}`);
  };
  const manifestBytes = read("manifest.json") ?? fail("no manifest.json (not a glassbox data set, or generation has not finished)");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (e) {
    return fail(`manifest.json is not valid JSON (${(e as Error).message})`);
  }
  if (manifest?.format !== DATASET_FORMAT) fail(`manifest.json: format is "${String(manifest?.format)}", expected "${DATASET_FORMAT}"`);
  if (manifest.schemaVersion !== DATASET_SCHEMA_VERSION) fail(`manifest.json: schemaVersion ${manifest.schemaVersion} is not supported (this glassbox reads ${DATASET_SCHEMA_VERSION})`);
  try {
    validateSpec(manifest.spec);
  } catch (e) {
    fail(`manifest.json: spec.${(e as Error).message}`);
  }
  const n = manifest.spec.count;
  const load = (name: string, cols: number | null): Table => {
    const entry = manifest.arrays?.[name] ?? fail(`manifest.json lists no array "${name}"`);
    const bytes = read(entry.file) ?? fail(`${entry.file} is missing`);
    let arr;
    try {
      arr = readNpy(bytes, `${source}/${entry.file}`);
    } catch (e) {
      return fail((e as Error).message.replace(`${source}/`, ""));
    }
    if (!(arr.data instanceof Float64Array)) fail(`${entry.file}: dtype ${arr.dtype}, expected float64`);
    const shape = arr.shape;
    if (shape[0] !== n) fail(`${entry.file} has ${shape[0]} rows, the manifest says ${n} structures`);
    if (JSON.stringify(shape) !== JSON.stringify(entry.shape)) fail(`${entry.file} has shape [${shape}], the manifest says [${entry.shape}]`);
    const c = shape.length === 1 ? 1 : shape[1]!;
    if (cols !== null && c !== cols) fail(`${entry.file} has ${c} columns, expected ${cols}`);
    return { rows: n, cols: c, data: arr.data as Float64Array };
  };
  const features = load("features", manifest.features?.columns?.length ?? fail("manifest.json has no feature columns"));
  for (let i = 0; i < features.data.length; i++) {
    if (!Number.isFinite(features.data[i]!)) fail(`features.npy: non-finite value in row ${Math.floor(i / features.cols)}`);
  }
  const targets = {
    vdos: load("vdos", manifest.spec.vdos.count),
    omega2: load("omega2", 1),
    heat_capacity: load("heat_capacity", manifest.spec.heatCapacity.temperatures.length),
    kappa: load("kappa", 1),
  };
  const metaBytes = read("metadata.json") ?? fail("metadata.json is missing");
  let metadata: StructureMetadata[];
  try {
    metadata = JSON.parse(new TextDecoder().decode(metaBytes));
  } catch (e) {
    return fail(`metadata.json is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(metadata) || metadata.length !== n) fail(`metadata.json holds ${Array.isArray(metadata) ? metadata.length : "no"} records, expected ${n}`);
  return {
    manifest,
    features,
    targets,
    sigma: load("sigma", 1).data,
    fraction: load("fraction", 1).data,
    coolingRate: load("cooling_rate", 1).data,
    energyPerAtom: load("energy_per_atom", 1).data,
    metadata,
  };
}

/** The target matrix named `name`, checked to be computed (κ may be absent). */
export function targetTable(ds: Dataset, name: string): Table {
  if (!(TARGET_NAMES as readonly string[]).includes(name)) throw new RangeError(`unknown target "${name}"; choose one of ${TARGET_NAMES.join(", ")}`);
  const t = ds.targets[name as TargetName];
  if (name === "kappa" && t.data.some((v) => Number.isNaN(v))) {
    throw new DatasetError(`this data set has no κ values (generated with kappa off)`);
  }
  return t;
}
