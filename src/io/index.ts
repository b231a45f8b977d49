/**
 * Structure file I/O, browser-safe (no Node built-ins): extended XYZ, LAMMPS data and dump, VASP POSCAR.
 *
 * - `parseStructure(text, format?, options?)` / `parseFrames(text, …)`: from a string;
 * - `streamFrames(chunks, format?, options?)`: from an async iterable of text or UTF-8 byte chunks (a Node
 *   stream, a browser `File.stream()`), frame by frame without holding the file in memory;
 * - `formatStructure(s, format, options?)` / `formatFrames(frames, …)`: to text (a string or chunks).
 * The format may be omitted: it is detected from `options.file` (the name) and then the content.
 * Malformed input raises {@link StructureFileError}; writers raise RangeError for structures a format
 * cannot hold (e.g. a left-handed cell for LAMMPS, a POSCAR without a 3D cell).
 */
import type { Structure } from "../structure.js";
import { detectFormat, formatName, type StructureFormat } from "./detect.js";
import { StructureFileError } from "./errors.js";
import { parseLammpsData, writeLammpsData, type LammpsDataReadOptions, type LammpsDataWriteOptions } from "./lammps-data.js";
import { parseLammpsDump, writeLammpsDumpFrame, type LammpsDumpReadOptions, type LammpsDumpWriteOptions } from "./lammps-dump.js";
import { pieces, runAsync, runSync, type Parser } from "./lines.js";
import { parseVasp, writeVasp, type VaspReadOptions, type VaspWriteOptions } from "./vasp.js";
import { parseXyz, writeXyzFrame, type XyzReadOptions, type XyzWriteOptions } from "./xyz.js";

export { StructureFileError } from "./errors.js";
export { detectFormat, formatFromContent, formatFromName, formatName, STRUCTURE_FORMATS, type StructureFormat } from "./detect.js";
export type { PerAtomArray, ColumnType } from "./lines.js";
export type { AtomStyle } from "./lammps-data.js";

/** Reader options (each format uses the ones that apply to it). */
export interface ReadOptions extends XyzReadOptions, LammpsDataReadOptions, LammpsDumpReadOptions, VaspReadOptions {
  /** File name for error messages and format detection (default `<input>`). */
  file?: string;
  /**
   * Which frame {@link parseStructure} returns: 0-based index (default 0, the first), negative from the end
   * (−1 = last; reads to the end).
   */
  frame?: number;
  /** Longest accepted line, in characters (default 2^24). */
  maxLineLength?: number;
}

/** Writer options (each format uses the ones that apply to it). */
export interface WriteOptions extends XyzWriteOptions, LammpsDataWriteOptions, LammpsDumpWriteOptions, VaspWriteOptions {}

/** Formats that hold one structure per file. */
export function isSingleFrame(format: StructureFormat): boolean {
  return format === "lammps-data" || format === "vasp";
}

const PARSERS: Record<StructureFormat, Parser<ReadOptions>> = {
  extxyz: parseXyz,
  "lammps-data": parseLammpsData,
  "lammps-dump": parseLammpsDump,
  vasp: parseVasp,
};

function resolveFormat(format: StructureFormat | string | undefined, file: string, head: string): StructureFormat {
  if (format !== undefined && format !== "auto") return formatName(format);
  const f = detectFormat(file === "<input>" ? undefined : file, head);
  if (!f) throw new StructureFileError(file, 0, "cannot tell the file format from its name or content; give the format explicitly");
  return f;
}

/**
 * All frames of a structure file held in a string, one at a time.
 * @param format "extxyz" | "lammps-data" | "lammps-dump" | "vasp" (or an alias, or "auto"/undefined to detect).
 * @throws StructureFileError for malformed input.
 */
export function* parseFrames(text: string, format?: StructureFormat | string, options: ReadOptions = {}): Generator<Structure> {
  const file = options.file ?? "<input>";
  const f = resolveFormat(format, file, text.slice(0, 8192));
  yield* runSync(PARSERS[f], pieces(text), file, options, options.maxLineLength);
}

function pick<T>(frames: Iterable<T>, index: number, file: string): T {
  if (!Number.isInteger(index)) throw new RangeError(`frame must be an integer, got ${index}`);
  if (index >= 0) {
    let k = 0;
    for (const s of frames) if (k++ === index) return s;
    throw new StructureFileError(file, 0, k === 0 ? "no structure in the input" : `frame ${index} requested, the input has ${k}`);
  }
  const ring: T[] = [];
  let count = 0;
  for (const s of frames) {
    ring.push(s);
    count++;
    if (ring.length > -index) ring.shift();
  }
  if (count < -index) throw new StructureFileError(file, 0, count === 0 ? "no structure in the input" : `frame ${index} requested, the input has ${count}`);
  return ring[0]!;
}

/**
 * One structure from a string: the first frame, or `options.frame`.
 * @example
 * ```ts
 * const s = parseStructure(text, "lammps-data", { types: ["A", "B"] });
 * ```
 * @throws StructureFileError for malformed input or an empty file.
 */
export function parseStructure(text: string, format?: StructureFormat | string, options: ReadOptions = {}): Structure {
  return pick(parseFrames(text, format, options), options.frame ?? 0, options.file ?? "<input>");
}

/** Buffers the first chunks until `need` characters (or the end), so the format can be detected from content. */
async function peek(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  need: number,
): Promise<{ head: string; rest: AsyncIterable<string | Uint8Array> }> {
  const it = (Symbol.asyncIterator in chunks
    ? (chunks as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
    : (chunks as Iterable<string | Uint8Array>)[Symbol.iterator]()) as AsyncIterator<string | Uint8Array>;
  const taken: (string | Uint8Array)[] = [];
  const decoder = new TextDecoder("utf-8");
  let head = "";
  let done = false;
  while (head.length < need) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken.push(r.value);
    head += typeof r.value === "string" ? r.value : decoder.decode(r.value, { stream: true });
  }
  const rest: AsyncIterable<string | Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield* taken;
        if (done) return;
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        if (!done) await it.return?.();
      }
    },
  };
  return { head, rest };
}

/**
 * Frames of a structure file streamed as text or UTF-8 byte chunks, each yielded as soon as it is
 * complete; memory holds one frame (plus one chunk) at a time.
 * @example
 * ```ts
 * for await (const frame of streamFrames(file.stream(), "lammps-dump", { file: file.name })) { … }
 * ```
 * @throws StructureFileError for malformed input (after the frames before it were yielded).
 */
export async function* streamFrames(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  format?: StructureFormat | string,
  options: ReadOptions = {},
): AsyncGenerator<Structure> {
  const file = options.file ?? "<input>";
  let f: StructureFormat;
  let source = chunks;
  if (format !== undefined && format !== "auto") f = formatName(format);
  else {
    const byName = file === "<input>" ? null : detectFormat(file);
    if (byName) f = byName;
    else {
      const { head, rest } = await peek(chunks, 8192);
      f = resolveFormat(undefined, file, head);
      source = rest;
    }
  }
  yield* runAsync(PARSERS[f], source, file, options, options.maxLineLength);
}

/** One structure from a stream: the first frame (stops reading there), or `options.frame`. */
export async function readStructureStream(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  format?: StructureFormat | string,
  options: ReadOptions = {},
): Promise<Structure> {
  const file = options.file ?? "<input>";
  const index = options.frame ?? 0;
  if (!Number.isInteger(index)) throw new RangeError(`frame must be an integer, got ${index}`);
  let k = 0;
  const ring: Structure[] = [];
  for await (const s of streamFrames(chunks, format, options)) {
    if (index >= 0 && k === index) return s;
    k++;
    if (index < 0) {
      ring.push(s);
      if (ring.length > -index) ring.shift();
    }
  }
  if (index < 0 && k >= -index) return ring[0]!;
  throw new StructureFileError(file, 0, k === 0 ? "no structure in the input" : `frame ${index} requested, the input has ${k}`);
}

/**
 * Text chunks of structures in a format (multi-frame for extxyz and dumps; data and POSCAR hold one).
 * @throws RangeError when a single-frame format gets several structures or a structure the format cannot hold.
 */
export function* formatFrames(frames: Iterable<Structure>, format: StructureFormat | string, options: WriteOptions = {}): Generator<string> {
  const f = formatName(format);
  let k = 0;
  for (const s of frames) {
    if (k > 0 && isSingleFrame(f)) throw new RangeError(`${f} holds one structure; got several`);
    switch (f) {
      case "extxyz":
        yield* writeXyzFrame(s, options);
        break;
      case "lammps-data":
        yield* writeLammpsData(s, options);
        break;
      case "lammps-dump":
        yield* writeLammpsDumpFrame(s, k, options);
        break;
      case "vasp":
        yield* writeVasp(s, options);
        break;
    }
    k++;
  }
  if (k === 0) throw new RangeError("no structure to write");
}

/** A structure (or several, for multi-frame formats) as file text. */
export function formatStructure(s: Structure | Iterable<Structure>, format: StructureFormat | string, options: WriteOptions = {}): string {
  const frames = Symbol.iterator in (s as object) ? (s as Iterable<Structure>) : [s as Structure];
  let out = "";
  for (const c of formatFrames(frames, format, options)) out += c;
  return out;
}

/** Parses a type-label list such as the CLI's `--types A,B` (labels of types 1, 2, …). */
export function parseTypes(list: string): string[] {
  const labels = list.split(",").map((x) => x.trim());
  if (labels.length === 0 || labels.some((l) => l === "" || /\s/.test(l))) {
    throw new RangeError(`types must be comma-separated labels such as "A,B", got "${list}"`);
  }
  return labels;
}
