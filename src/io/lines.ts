/**
 * Shared machinery of the structure readers: text chunks → lines, one parser coroutine per format that
 * pulls lines and yields frames (so the same parser serves a string, a Node stream and a browser
 * `File.stream()` without holding a whole trajectory in memory), strict number parsing, growable arrays.
 *
 * A parser is a generator `function* (src, options)` that yields either a finished {@link Structure}
 * or the {@link NEED} token. It reads lines with `src.take() ?? (yield* src.wait())`: the fast path is a
 * plain call into the current batch of lines; only when the batch is exhausted does the parser suspend
 * until the driver has fed the next chunk.
 */
import { defaultMasses, Structure, type StructureInit } from "../structure.js";
import { StructureFileError } from "./errors.js";

/** Token a parser yields when it needs more input lines. */
export const NEED: unique symbol = Symbol("need more lines");

/** What a parser coroutine yields: a finished frame or a request for input. */
export type ParserYield = Structure | typeof NEED;

/** A format parser: pulls lines from `src`, yields frames. */
export type Parser<O> = (src: LineSource, options: O) => Generator<ParserYield, void, unknown>;

/** Default cap on one line's length (characters): a file without newlines must not be buffered forever. */
export const MAX_LINE_LENGTH = 1 << 24;

/**
 * Lines as a parser sees them: batches fed by a driver, a line counter for error messages, and a
 * one-line push-back.
 */
export class LineSource {
  /** File name used in error messages. */
  readonly file: string;
  /** 1-based number of the line most recently taken (0 before the first). */
  line = 0;
  /** True once the driver has no more input. */
  eof = false;
  private buf: string[] = [];
  private pos = 0;
  private pushed: string | undefined = undefined;

  constructor(file: string) {
    this.file = file;
  }

  /** Replaces the (exhausted) batch of lines. */
  feed(lines: string[]): void {
    this.buf = lines;
    this.pos = 0;
  }

  /** The next line if one is buffered, else undefined (then call {@link LineSource.wait}). */
  take(): string | undefined {
    if (this.pushed !== undefined) {
      const l = this.pushed;
      this.pushed = undefined;
      this.line++;
      return l;
    }
    if (this.pos < this.buf.length) {
      this.line++;
      return this.buf[this.pos++];
    }
    return undefined;
  }

  /** Suspends the parser until a line is available; returns null at the end of input. */
  *wait(): Generator<ParserYield, string | null, unknown> {
    for (;;) {
      const l = this.take();
      if (l !== undefined) return l;
      if (this.eof) return null;
      yield NEED;
    }
  }

  /** Pushes back the line just taken (at most one). */
  unread(line: string): void {
    this.pushed = line;
    this.line--;
  }

  /** Throws a {@link StructureFileError} at `line` (default: the current line). */
  fail(problem: string, line = this.line): never {
    throw new StructureFileError(this.file, line, problem);
  }
}

/**
 * Splits a sequence of text chunks into lines (LF, CRLF or lone CR), carrying a partial line across
 * chunk boundaries, with a cap on line length.
 */
export class LineSplitter {
  private carry = "";
  private pendingCR = false;

  constructor(
    private readonly file: string,
    private readonly lineBase: () => number,
    private readonly maxLineLength = MAX_LINE_LENGTH,
  ) {}

  /** The complete lines in `chunk` (plus the carried partial line). */
  push(chunk: string): string[] {
    if (chunk.length === 0) return [];
    let text = chunk;
    if (this.pendingCR) {
      // a CR ended the previous chunk: a LF starting this one belongs to it
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.pendingCR = false;
    }
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) {
      this.pendingCR = true;
    }
    const parts = text.split(/\r\n|\n|\r/);
    parts[0] = this.carry + parts[0]!;
    this.carry = parts.pop()!;
    if (this.carry.length > this.maxLineLength) {
      throw new StructureFileError(
        this.file,
        this.lineBase() + parts.length + 1,
        `line longer than ${this.maxLineLength} characters (not a text structure file?)`,
      );
    }
    for (let k = 0; k < parts.length; k++) {
      if (parts[k]!.length > this.maxLineLength) {
        throw new StructureFileError(this.file, this.lineBase() + k + 1, `line longer than ${this.maxLineLength} characters`);
      }
    }
    return parts;
  }

  /** The last line when the input does not end with a newline. */
  end(): string[] {
    const c = this.carry;
    this.carry = "";
    return c.length > 0 ? [c] : [];
  }
}

/** Text pieces of at most `size` characters, so a big string is split into lines batch by batch. */
export function* pieces(text: string, size = 1 << 20): Generator<string> {
  for (let k = 0; k < text.length; k += size) yield text.slice(k, k + size);
}

/** Runs a parser over synchronous text chunks, yielding frames as they complete. */
export function* runSync<O>(parser: Parser<O>, chunks: Iterable<string>, file: string, options: O, maxLineLength?: number): Generator<Structure> {
  const src = new LineSource(file);
  const fed = { lines: 0 };
  const splitter = new LineSplitter(file, () => fed.lines, maxLineLength);
  const it = chunks[Symbol.iterator]();
  const gen = parser(src, options);
  let r = gen.next();
  while (!r.done) {
    if (r.value === NEED) {
      const c = it.next();
      let lines: string[];
      if (c.done) {
        lines = splitter.end();
        src.eof = true;
      } else {
        lines = splitter.push(c.value);
      }
      fed.lines += lines.length;
      src.feed(lines);
      r = gen.next();
    } else {
      yield r.value;
      r = gen.next();
    }
  }
}

/** Runs a parser over asynchronous chunks (text, or UTF-8 bytes decoded here), yielding frames as they complete. */
export async function* runAsync<O>(
  parser: Parser<O>,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  file: string,
  options: O,
  maxLineLength?: number,
): AsyncGenerator<Structure> {
  const src = new LineSource(file);
  const fed = { lines: 0 };
  const splitter = new LineSplitter(file, () => fed.lines, maxLineLength);
  const decoder = new TextDecoder("utf-8");
  const it = (Symbol.asyncIterator in chunks
    ? (chunks as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
    : (chunks as Iterable<string | Uint8Array>)[Symbol.iterator]()) as AsyncIterator<string | Uint8Array> | Iterator<string | Uint8Array>;
  const gen = parser(src, options);
  try {
    let r = gen.next();
    while (!r.done) {
      if (r.value === NEED) {
        const c = await it.next();
        let lines: string[];
        if (c.done) {
          lines = splitter.push(decoder.decode());
          lines.push(...splitter.end());
          src.eof = true;
        } else {
          const text = typeof c.value === "string" ? c.value : decoder.decode(c.value, { stream: true });
          lines = splitter.push(text);
        }
        fed.lines += lines.length;
        src.feed(lines);
        r = gen.next();
      } else {
        yield r.value;
        r = gen.next();
      }
    }
  } finally {
    // stop the underlying stream early when the consumer breaks out (e.g. only the first frame wanted)
    await it.return?.();
  }
}

// ---------------------------------------------------------------------------------------------------
// tokens and numbers

/** Whitespace-separated tokens of a line (whitespace: any code unit ≤ 32, as C's isspace on ASCII text). */
export function tokens(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const a = i;
    while (i < n && line.charCodeAt(i) > 32) i++;
    out.push(line.slice(a, i));
  }
  return out;
}

/** True when `tok` is a plain decimal or scientific literal: [+-] digits [. digits] [e|E [+-] digits]. */
function isDecimal(tok: string): boolean {
  const n = tok.length;
  let i = 0;
  let c = tok.charCodeAt(0);
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  while (i < n && (c = tok.charCodeAt(i)) >= 48 && c <= 57) (i++, digits++);
  if (i < n && tok.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = tok.charCodeAt(i)) >= 48 && c <= 57) (i++, digits++);
  }
  if (digits === 0) return false;
  if (i < n && ((c = tok.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    if (i < n && ((c = tok.charCodeAt(i)) === 43 || c === 45)) i++;
    let e = 0;
    while (i < n && (c = tok.charCodeAt(i)) >= 48 && c <= 57) (i++, e++);
    if (e === 0) return false;
  }
  return i === n;
}

/** True when `tok` is [+-] digits. */
function isInteger(tok: string): boolean {
  const n = tok.length;
  let i = 0;
  const c0 = tok.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i++;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = tok.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A finite number written as a plain decimal/scientific literal, else undefined (no hex, no "", no inf/nan). */
export function toFloat(tok: string | undefined): number | undefined {
  if (tok === undefined || tok.length === 0 || !isDecimal(tok)) return undefined;
  const v = Number(tok);
  return Number.isFinite(v) ? v : undefined;
}

/** Like {@link toFloat}, but also accepts nan/inf spellings (Python/C style) for data columns that may hold them. */
export function toFloatLoose(tok: string | undefined): number | undefined {
  if (tok === undefined || tok.length === 0) return undefined;
  if (isDecimal(tok)) return Number(tok); // overflow → ±Infinity
  const m = /^([+-]?)(nan|inf|infinity)$/i.exec(tok);
  if (!m) return undefined;
  if (m[2]!.toLowerCase() === "nan") return NaN;
  return m[1] === "-" ? -Infinity : Infinity;
}

/** A safe integer written as digits, else undefined. */
export function toInt(tok: string | undefined): number | undefined {
  if (tok === undefined || tok.length === 0 || !isInteger(tok)) return undefined;
  const v = Number(tok);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** Parses a finite float or fails naming `what`. */
export function needFloat(src: LineSource, tok: string | undefined, what: string): number {
  const v = toFloat(tok);
  if (v === undefined) {
    if (tok === undefined) src.fail(`missing ${what}`);
    src.fail(`${what} is not a finite number: "${clip(tok)}"`);
  }
  return v;
}

/** Parses a non-negative safe integer count or fails naming `what`. */
export function needCount(src: LineSource, tok: string | undefined, what: string): number {
  const v = toInt(tok);
  if (v === undefined || v < 0) {
    if (tok === undefined) src.fail(`missing ${what}`);
    src.fail(`${what} must be a non-negative integer, got "${clip(tok)}"`);
  }
  return v;
}

/** Shortens a token for an error message. */
export function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

// ---------------------------------------------------------------------------------------------------
// growable arrays: filled as atoms actually arrive, never pre-sized from a header count

/** A Float64Array that doubles when full. */
export class F64Builder {
  data = new Float64Array(96);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = x;
  }
  push3(x: number, y: number, z: number): void {
    if (this.length + 3 > this.data.length) this.grow();
    const d = this.data;
    d[this.length] = x;
    d[this.length + 1] = y;
    d[this.length + 2] = z;
    this.length += 3;
  }
  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  /** The filled part (a view). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------------
// per-atom arrays carried in Structure.info.arrays

/** Column types of extended XYZ: real, integer, string, logical. */
export type ColumnType = "R" | "I" | "S" | "L";

/**
 * A per-atom array kept in `structure.info.arrays[name]` (extra extended-XYZ columns, LAMMPS image flags
 * and charges, VASP selective-dynamics flags). `values` is flat, atom-major, `ncols` per atom.
 */
export interface PerAtomArray {
  type: ColumnType;
  ncols: number;
  values: number[] | string[] | boolean[];
}

/** The per-atom arrays of a structure whose length fits its atom count (stale ones are ignored). */
export function perAtomArrays(s: Structure): [string, PerAtomArray][] {
  const a = s.info["arrays"];
  if (!a || typeof a !== "object") return [];
  const out: [string, PerAtomArray][] = [];
  for (const [name, v] of Object.entries(a as Record<string, unknown>)) {
    const p = v as PerAtomArray;
    if (!p || typeof p !== "object" || !["R", "I", "S", "L"].includes(p.type)) continue;
    if (!Number.isInteger(p.ncols) || p.ncols < 1 || !Array.isArray(p.values) || p.values.length !== p.ncols * s.n) continue;
    out.push([name, p]);
  }
  return out;
}

/**
 * Default masses (as {@link defaultMasses}) computed once per distinct label rather than once per atom.
 */
export function labelMasses(species: readonly string[]): Float64Array {
  const labels = [...new Set(species)];
  const m = defaultMasses(labels);
  const of = new Map(labels.map((l, k) => [l, m[k]!]));
  const out = new Float64Array(species.length);
  for (let i = 0; i < species.length; i++) out[i] = of.get(species[i]!)!;
  return out;
}

/** Builds a Structure, turning its validation errors into a {@link StructureFileError} at `line`. */
export function makeStructure(src: LineSource, init: StructureInit, line: number): Structure {
  try {
    return new Structure(init.masses ? init : { ...init, masses: labelMasses(init.species) });
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) src.fail(e.message, line);
    throw e;
  }
}

/** Zero-volume check with a file-level message (volume relative to the cell's size). */
export function checkCell(src: LineSource, cell: ArrayLike<number>, line: number): void {
  for (let k = 0; k < 9; k++) if (!Number.isFinite(cell[k]!)) src.fail(`cell entry ${k} is not finite`, line);
  const v =
    cell[0]! * (cell[4]! * cell[8]! - cell[5]! * cell[7]!) -
    cell[1]! * (cell[3]! * cell[8]! - cell[5]! * cell[6]!) +
    cell[2]! * (cell[3]! * cell[7]! - cell[4]! * cell[6]!);
  let m = 0;
  for (let k = 0; k < 9; k++) m = Math.max(m, Math.abs(cell[k]!));
  if (!(Math.abs(v) > 1e-12 * m * m * m)) src.fail(`cell has zero volume (lattice vectors are not independent)`, line);
}

/** Shortest round-trip decimal of a float: what every reader (Python float, strtod, Fortran) parses back exactly. */
export function fmt(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}
