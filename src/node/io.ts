/**
 * Structure files by path (Node only): streaming reads, atomic writes.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { Structure } from "../structure.js";
import { formatFrames, formatFromName, readStructureStream, streamFrames, type ReadOptions, type StructureFormat, type WriteOptions } from "../io/index.js";
import { StructureFileError } from "../io/errors.js";

/** Text chunks of a file; `*.gz` files are decompressed on the fly. */
function stream(path: string): AsyncIterable<string> {
  if (/\.gz$/i.test(path)) {
    const gunzip = createGunzip();
    const raw = createReadStream(path, { highWaterMark: 1 << 20 });
    raw.on("error", (e) => gunzip.destroy(e));
    return raw.pipe(gunzip).setEncoding("utf8");
  }
  return createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
}

function withFile(path: string, options: ReadOptions): ReadOptions {
  return { ...options, file: options.file ?? path };
}

/** Converts a file-system error (missing file, directory, permission) into a StructureFileError. */
function fsError(path: string, e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === "string") throw new StructureFileError(path, 0, `cannot read: ${err.code} (${err.message})`);
  throw e;
}

/**
 * Reads one structure from a file: the first frame, or `options.frame` (−1 = last). The format comes
 * from `options`' format argument, else the file name, else the content.
 * @example
 * ```ts
 * const s = await readStructure("glass.data", { types: ["A", "B"] });
 * ```
 * @throws StructureFileError for malformed or unreadable files.
 */
export async function readStructure(path: string, options: ReadOptions & { format?: StructureFormat | string } = {}): Promise<Structure> {
  try {
    return await readStructureStream(stream(path), options.format, withFile(path, options));
  } catch (e) {
    if (e instanceof StructureFileError) throw e;
    fsError(path, e);
  }
}

/**
 * Frames of a (multi-frame) file, read and yielded one at a time.
 * @example
 * ```ts
 * for await (const frame of readFrames("traj.lammpstrj")) console.log(frame.info.timestep);
 * ```
 */
export async function* readFrames(path: string, options: ReadOptions & { format?: StructureFormat | string } = {}): AsyncGenerator<Structure> {
  try {
    yield* streamFrames(stream(path), options.format, withFile(path, options));
  } catch (e) {
    if (e instanceof StructureFileError) throw e;
    fsError(path, e);
  }
}

/**
 * Writes a structure (or frames, for extxyz and dumps) atomically: to a temporary file in the same
 * directory, then renamed over `path`, so readers never see a half-written file. A `.gz` name is
 * gzip-compressed (and {@link readStructure}/{@link readFrames} decompress `.gz` files).
 * @param format default: from the file name (RangeError when it says nothing).
 */
export async function writeStructure(
  path: string,
  s: Structure | Iterable<Structure>,
  format?: StructureFormat | string,
  options: WriteOptions = {},
): Promise<void> {
  const f = format ?? formatFromName(path);
  if (!f) throw new RangeError(`cannot tell the format from the file name "${path}"; give it explicitly`);
  const frames = Symbol.iterator in (s as object) ? (s as Iterable<Structure>) : [s as Structure];
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}.tmp`);
  // text in ~1 MiB pieces (formatFrames yields small chunks), gzip-compressed for *.gz names
  const pieces = function* () {
    let buf = "";
    for (const chunk of formatFrames(frames, f, options)) {
      buf += chunk;
      if (buf.length >= 1 << 20) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  };
  try {
    const source = Readable.from(pieces(), { objectMode: false });
    const sink = createWriteStream(tmp, { flags: "wx" });
    if (/\.gz$/i.test(path)) await pipeline(source, createGzip(), sink);
    else await pipeline(source, sink);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
