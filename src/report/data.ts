/**
 * The report's data blocks: a {@link StudyReport} as plain JSON text that is safe inside an HTML `<script
 * type="application/json">` element, plus a short list of the numbers plain JSON cannot hold (NaN, ±Infinity
 * become null there, −0 becomes 0) with their paths, so decoding gives back exactly the input. Both directions
 * use JSON.stringify/JSON.parse without replacer or reviver (those are several times slower on the 10⁶
 * numbers of a full report). Browser-safe, no DOM.
 */
import type { StudyReport } from "../study/types.js";

/** A JSON-like value encoded for embedding. */
export interface EncodedJson {
  /** Plain JSON (NaN/±Infinity as null, −0 as 0) with every `<` written as `\u003c`. */
  json: string;
  /** JSON list of `[path, "NaN" | "Infinity" | "-Infinity" | "-0"]`, paths as key/index arrays. */
  special: string;
}

type Path = (string | number)[];

function specialName(v: number): string | null {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (v === 0 && 1 / v < 0) return "-0";
  return null;
}

function collect(value: unknown, path: Path, out: [Path, string][]): void {
  if (typeof value === "number") {
    const s = specialName(value);
    if (s) out.push([[...path], s]);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "number") {
        // Inline check: most of a report is long number arrays.
        if (!Number.isFinite(v) || (v === 0 && 1 / v < 0)) out.push([[...path, i], specialName(v)!]);
      } else if (v !== null && typeof v === "object") {
        path.push(i);
        collect(v, path, out);
        path.pop();
      }
    }
    return;
  }
  for (const k of Object.keys(value)) {
    path.push(k);
    collect((value as Record<string, unknown>)[k], path, out);
    path.pop();
  }
}

const safe = (text: string) => text.replace(/</g, "\\u003c");

/** Encodes a JSON-like value (objects, arrays, strings, numbers, booleans, null) for a `<script>` data block. */
export function encodeJson(value: unknown): EncodedJson {
  const special: [Path, string][] = [];
  collect(value, [], special);
  return { json: safe(JSON.stringify(value)), special: safe(JSON.stringify(special)) };
}

/** Inverse of {@link encodeJson}. */
export function decodeJson<T = unknown>(json: string, special = "[]"): T {
  const value = JSON.parse(json) as unknown;
  const list = JSON.parse(special) as [Path, string][];
  const numbers: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };
  for (const [path, name] of list) {
    if (Array.isArray(path) && path.length === 0 && name in numbers) return numbers[name] as T;
    if (!Array.isArray(path) || !(name in numbers)) throw new RangeError(`special number entry ${JSON.stringify([path, name])} is malformed`);
    let parent = value as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = numbers[name];
  }
  return value as T;
}

/** The embedded report, decoded (what the page draws from). */
export function decodeReport(json: string, special = "[]"): StudyReport {
  return decodeJson<StudyReport>(json, special);
}
