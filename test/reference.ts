// Paths to the shared ground-truth files (../shared/reference beside the repository), and loaders.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Root of ../shared/reference (override with GLASSBOX_REFERENCE). */
export const referenceDir = process.env.GLASSBOX_REFERENCE ?? join(repo, "..", "shared", "reference");

if (!existsSync(referenceDir)) {
  throw new Error(`reference data not found at ${referenceDir}; set GLASSBOX_REFERENCE`);
}

/** Absolute path of a file under the reference directory. */
export function ref(...parts: string[]): string {
  return join(referenceDir, ...parts);
}

/** Parses a (possibly gzipped) JSON reference file. */
export function loadJson<T = any>(...parts: string[]): T {
  const path = ref(...parts);
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return JSON.parse(text) as T;
}

/** Repository root, for spawning the built CLI. */
export const repoDir = repo;
