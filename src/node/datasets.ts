/**
 * Data sets on disk (Node): generation on every core with worker threads, a progress bar with ETA,
 * atomic writes, and resumption after interruption without recomputing finished structures.
 *
 * Directory layout: `spec.json` (written first), `samples/NNNNNN.json` (one per finished structure,
 * written atomically), and when all are done the arrays (`features.npy`, `vdos.npy`, …), `metadata.json`
 * and, last, `manifest.json`.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { decodeDataset, encodeDataset, DatasetError, type Dataset } from "../datasets/dataset.js";
import { computeSample, sampleToRecord, type SampleRecord } from "../datasets/sample.js";
import { validateSpec, type DatasetSpec } from "../datasets/spec.js";

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Worker threads (default: available cores; 0 or 1 computes in this thread). */
  workers?: number;
  /** Called after each finished structure with (done, total, reused). */
  onProgress?: (done: number, total: number, reused: number) => void;
}

/** What {@link generateDataset} did. */
export interface GenerateDatasetResult {
  dir: string;
  /** Structures computed in this run, and found finished from an earlier run. */
  computed: number;
  reused: number;
  seconds: number;
}

/** Writes a file atomically: a temporary sibling, then rename. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

function sampleFile(dir: string, index: number): string {
  return join(dir, "samples", `${String(index).padStart(6, "0")}.json`);
}

/** The first field where two JSON values differ, as a dotted path, or null when equal. */
function firstDifference(a: unknown, b: unknown, path = "spec"): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return path;
  if (a && typeof a === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : path;
}

async function readRecord(dir: string, index: number, spec: DatasetSpec): Promise<SampleRecord | null> {
  try {
    const r = JSON.parse(await readFile(sampleFile(dir, index), "utf8")) as SampleRecord;
    const ok =
      r.index === index &&
      Array.isArray(r.features) &&
      r.features.length === (r.featureInfo?.columns.length ?? r.features.length) &&
      Array.isArray(r.vdos) &&
      r.vdos.length === spec.vdos.count &&
      typeof r.omega2 === "number" &&
      Array.isArray(r.heatCapacity) &&
      r.heatCapacity.length === spec.heatCapacity.temperatures.length &&
      r.metadata?.index === index &&
      (index !== 0 || r.featureInfo !== undefined);
    return ok ? r : null;
  } catch {
    return null;
  }
}

/** Locates the bundled worker script next to the built package (dist/worker.js). */
function workerScript(): URL {
  const candidates = ["./worker.js", "../worker.js", "../../dist/worker.js"].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((u) => existsSync(fileURLToPath(u)));
  if (!found) throw new Error("glassbox: worker script dist/worker.js not found; run `npm run build`");
  return found;
}

/** Computes the given indices on `workers` threads, calling `done` for each record as it arrives. */
async function runPool(spec: DatasetSpec, indices: number[], workers: number, done: (r: SampleRecord) => Promise<void>): Promise<void> {
  if (workers <= 1) {
    for (const i of indices) await done(sampleToRecord(computeSample(spec, i)));
    return;
  }
  const script = workerScript();
  const queue = indices.slice();
  const pool = Array.from({ length: Math.min(workers, queue.length) }, () => new Worker(script));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const i = queue.shift();
              if (i === undefined) return resolve();
              w.postMessage({ spec, index: i });
            };
            w.on("message", (m: { index: number; record?: SampleRecord; error?: string }) => {
              if (m.error) return reject(new DatasetError(`structure ${m.index}: ${m.error}`));
              done(m.record!).then(next, reject);
            });
            w.on("error", reject);
            w.on("exit", (code) => code !== 0 && reject(new Error(`worker exited with code ${code}`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Generates (or finishes) the data set `spec` in `dir`. Structures already finished there by an
 * interrupted run with the same spec are kept; a directory holding a different data set is an error.
 * The result is byte-identical for the same spec whatever the number of workers or interruptions.
 */
export async function generateDataset(spec: DatasetSpec, dir: string, options: GenerateDatasetOptions = {}): Promise<GenerateDatasetResult> {
  validateSpec(spec);
  const t0 = performance.now();
  await mkdir(join(dir, "samples"), { recursive: true });
  const specPath = join(dir, "spec.json");
  const specText = JSON.stringify(spec, null, 1) + "\n";
  if (existsSync(specPath)) {
    let old: unknown;
    try {
      old = JSON.parse(await readFile(specPath, "utf8"));
    } catch {
      throw new DatasetError(`${dir}: spec.json is corrupt; remove the directory or choose another`);
    }
    const diff = firstDifference(old, JSON.parse(specText));
    if (diff) throw new DatasetError(`${dir} holds a different data set (${diff} differs); choose another directory or remove it`);
  } else {
    await writeAtomic(specPath, specText);
  }
  // A finished data set is rebuilt from its samples below only if something is missing.
  const records: (SampleRecord | null)[] = await Promise.all(Array.from({ length: spec.count }, (_, i) => readRecord(dir, i, spec)));
  const todo = records.flatMap((r, i) => (r ? [] : [i]));
  const reused = spec.count - todo.length;
  let finished = reused;
  options.onProgress?.(finished, spec.count, reused);
  const workers = options.workers ?? Math.max(1, availableParallelism());
  await runPool(spec, todo, workers, async (r) => {
    await writeAtomic(sampleFile(dir, r.index), JSON.stringify(r) + "\n");
    records[r.index] = r;
    options.onProgress?.(++finished, spec.count, reused);
  });
  const all = records as SampleRecord[];
  const files = encodeDataset(spec, all, all[0]!.featureInfo!);
  // Arrays first, manifest last: a manifest means a complete data set.
  for (const [name, bytes] of files) if (name !== "manifest.json") await writeAtomic(join(dir, name), bytes);
  await writeAtomic(join(dir, "manifest.json"), files.get("manifest.json")!);
  return { dir, computed: todo.length, reused, seconds: (performance.now() - t0) / 1000 };
}

/** Loads and validates a data set directory. @throws DatasetError naming the file and problem. */
export async function loadDataset(dir: string): Promise<Dataset> {
  if (!existsSync(dir)) throw new DatasetError(`${dir}: no such directory`);
  const names = new Set(await readdir(dir));
  const bytes = new Map<string, Uint8Array>();
  for (const name of names) if (name.endsWith(".json") || name.endsWith(".npy")) bytes.set(name, await readFile(join(dir, name)));
  return decodeDataset(dir, (f) => bytes.get(f));
}

/** Removes a data set directory (for tests and `--force`). */
export async function removeDataset(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
