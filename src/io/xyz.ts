/**
 * Extended XYZ, as ASE reads and writes it (ase.io.extxyz), plus plain XYZ.
 *
 * Frame = atom count line, comment line, one line per atom. The comment line holds key=value pairs:
 * `Lattice="ax ay az bx by bz cx cy cz"` (rows a, b, c), `Properties=name:type:ncols:…` (types S string,
 * R real, I integer, L logical T/F), `pbc="T T F"`, and any other info (numbers, booleans, quoted strings,
 * arrays "1 2 3", `_JSON …`). Conventions follow ASE:
 * - no `Lattice` → the cell is all zeros and pbc false (ASE's non-periodic Atoms); a `pbc` key without
 *   `Lattice` that says periodic is an error (zero-volume periodic cell);
 * - `Lattice` without `pbc` → periodic along all three axes;
 * - no `Properties` → `species:S:1:pos:R:3` (plain XYZ; extra columns then ignored); a comment line
 *   without any `=` is kept verbatim as `info.comment`;
 * - `species` labels are kept as written (ASE capitalises them; labels such as `A`, `B` are allowed);
 * - a `masses` column sets the masses (amu); a `Z` column alone gives element symbols; every other column
 *   is kept in `info.arrays[name]` ({@link PerAtomArray}) and written back by the writer;
 * - trailing `VEC1 x y z` lines (ASE's `vec_cell`) set cell vectors and periodicity.
 * Blank lines between frames and at the end are skipped.
 */
import { defaultMasses, type Pbc, type Structure } from "../structure.js";
import { atomicNumber, isElementSymbol } from "../elements.js";
import {
  checkCell,
  clip,
  F64Builder,
  fmt,
  makeStructure,
  needCount,
  needFloat,
  perAtomArrays,
  toFloatLoose,
  toInt,
  tokens,
  type ColumnType,
  type LineSource,
  type ParserYield,
  type PerAtomArray,
} from "./lines.js";

/** Options of the extended-XYZ reader. */
export interface XyzReadOptions {
  /** Overrides the periodicity read from the file. */
  pbc?: Pbc;
}

/** Options of the extended-XYZ writer. */
export interface XyzWriteOptions {
  /**
   * Whether to write a `masses:R:1` column: "auto" (default) only when masses differ from the default
   * masses of the labels (standard atomic weights for elements, 1 otherwise), "always", or "never".
   */
  masses?: "auto" | "always" | "never";
  /** Write `info` key=value pairs (default true). */
  info?: boolean;
  /** Write `info.arrays` as extra columns (default true). */
  arrays?: boolean;
}

const SPECIAL_3_3_KEYS = new Set(["Lattice", "virial", "stress"]);

// ---------------------------------------------------------------------------------------------------
// key=value comment line, a port of ase.io.extxyz.key_val_str_to_dict

/** Splits an extended-XYZ comment line into [key, raw value] pairs (value "T" for a bare key), as ASE does. */
export function splitKeyValues(line: string): [string, string][] {
  const delimiters: Record<string, string> = { "'": "'", '"': '"', "{": "}", "[": "]" };
  const pairs: string[][] = [[""]];
  let cur: string | null = null;
  let escaped = false;
  const s = line.trim();
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const pair = pairs[pairs.length - 1]!;
    if (escaped) {
      pair[pair.length - 1] += ch;
      escaped = false;
    } else if (ch === "\\") {
      escaped = true;
    } else if (cur !== null) {
      if (ch === cur) cur = null;
      else pair[pair.length - 1] += ch;
    } else if (ch in delimiters) {
      cur = delimiters[ch]!;
    } else if (/\s/.test(ch)) {
      if (pairs.length === 1 && pairs[0]!.length === 1 && pairs[0]![0] === "") continue;
      if (pair[pair.length - 1] === "") continue;
      pairs.push([""]);
    } else if (ch === "=") {
      // "a = b": the empty pair opened by the space after "a" is dropped, so "b" becomes a's value
      if (pair.length === 1 && pair[0] === "" && pairs.length > 1) pairs.pop();
      pairs[pairs.length - 1]!.push("");
    } else {
      pair[pair.length - 1] += ch;
    }
  }
  const out: [string, string][] = [];
  for (const p of pairs) {
    if (p.length === 0) continue;
    if (p.length === 1) {
      if (p[0] === "") continue;
      out.push([p[0]!, "T"]);
    } else {
      out.push([p[0]!, p.slice(1).join("=")]);
    }
  }
  return out;
}

const PY_INT = /^[+-]?\d+$/;
const PY_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)$/i;

/** Converts a raw value as ASE does: (arrays of) ints, else floats, else booleans T/F, else `_JSON`, else the string. */
export function convertValue(key: string, value: string): unknown {
  if (key.toLowerCase() === "uid") return value;
  const parts = value.match(/[^\s,]+/g) ?? [];
  if (parts.length > 0) {
    if (parts.every((p) => PY_INT.test(p))) {
      const v = parts.map(Number);
      return v.length === 1 ? v[0] : v;
    }
    if (parts.every((p) => PY_FLOAT.test(p))) {
      const v = parts.map((p) => toFloatLoose(p)!);
      return v.length === 1 ? v[0] : v;
    }
    if (parts.every((p) => p === "T" || p === "F")) {
      const v = parts.map((p) => p === "T");
      return v.length === 1 ? v[0] : v;
    }
  }
  if (value.startsWith("_JSON ")) {
    try {
      return JSON.parse(value.slice(6));
    } catch {
      return value;
    }
  }
  return value;
}

/** Parses a comment line into info: key=value pairs, or `{comment}` when the line has no `=`. */
export function parseCommentLine(line: string): Record<string, unknown> {
  if (!line.includes("=")) return line.trim() === "" ? {} : { comment: line.trim() };
  const info: Record<string, unknown> = {};
  for (const [k, v] of splitKeyValues(line)) info[k] = convertValue(k, v);
  return info;
}

interface Column {
  name: string;
  type: ColumnType;
  ncols: number;
}

function parseProperties(src: LineSource, spec: unknown): Column[] {
  if (typeof spec !== "string") src.fail(`Properties must be name:type:ncols triples, got ${clip(JSON.stringify(spec) ?? "")}`);
  const f = spec.split(":");
  if (f.length % 3 !== 0) src.fail(`Properties "${clip(spec)}" is not a list of name:type:ncols triples`);
  const cols: Column[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < f.length; k += 3) {
    const name = f[k]!, type = f[k + 1]!, n = toInt(f[k + 2]);
    if (name === "") src.fail(`Properties has an empty column name`);
    if (!["R", "I", "S", "L"].includes(type)) src.fail(`Properties column "${clip(name)}" has unknown type "${clip(type)}" (expected S, R, I or L)`);
    if (n === undefined || n < 1 || n > 1000) src.fail(`Properties column "${clip(name)}" has invalid column count "${clip(f[k + 2]!)}"`);
    if (seen.has(name)) src.fail(`Properties lists column "${clip(name)}" twice`);
    seen.add(name);
    cols.push({ name, type: type as ColumnType, ncols: n });
  }
  return cols;
}

let symbolsByZ: string[] | null = null;
/** Element symbol of atomic number z (from elements.ts), or undefined. */
function symbolOf(z: number): string | undefined {
  if (!symbolsByZ) {
    symbolsByZ = [];
    const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", a = "abcdefghijklmnopqrstuvwxyz";
    for (const u of A) {
      for (const cand of [u, ...Array.from(a, (l) => u + l)]) {
        if (isElementSymbol(cand)) symbolsByZ[atomicNumber(cand)] = cand;
      }
    }
  }
  return symbolsByZ[z];
}

function toBool(v: unknown): boolean | undefined {
  return typeof v === "boolean" ? v : undefined;
}

/** The extended-XYZ parser coroutine. */
export function* parseXyz(src: LineSource, options: XyzReadOptions): Generator<ParserYield, void, unknown> {
  for (;;) {
    let line = src.take() ?? (yield* src.wait());
    while (line !== null && line.trim() === "") line = src.take() ?? (yield* src.wait());
    if (line === null) return;
    const countLine = src.line;
    const ct = tokens(line);
    if (ct.length !== 1) src.fail(`expected the number of atoms alone on the line, got "${clip(line.trim())}"`);
    const n = needCount(src, ct[0], "number of atoms");
    const comment = src.take() ?? (yield* src.wait());
    if (comment === null) src.fail(`file ends after the atom count (no comment line)`);
    const commentLine = src.line;
    const info = parseCommentLine(comment);

    // cell and periodicity
    let cell = new Float64Array(9);
    let hasLattice = false;
    if ("Lattice" in info) {
      const l = info["Lattice"];
      if (!Array.isArray(l) || l.length !== 9 || !l.every((x) => typeof x === "number" && Number.isFinite(x))) {
        src.fail(`Lattice must be 9 finite numbers (rows a, b, c)`);
      }
      cell = Float64Array.from(l as number[]);
      hasLattice = true;
      delete info["Lattice"];
    }
    let pbc: Pbc = hasLattice ? [true, true, true] : [false, false, false];
    if ("pbc" in info) {
      const p = info["pbc"];
      if (typeof p === "boolean") pbc = [p, p, p];
      else if (Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === "boolean")) pbc = [p[0], p[1], p[2]];
      else src.fail(`pbc must be T/F or three of them, got ${clip(JSON.stringify(p) ?? "")}`);
      delete info["pbc"];
    }
    for (const k of SPECIAL_3_3_KEYS) {
      if (k !== "Lattice" && k in info) {
        const v = info[k];
        if (!Array.isArray(v) || v.length !== 9 || !v.every((x) => typeof x === "number")) src.fail(`${k} must be 9 numbers (a 3×3 matrix)`);
      }
    }
    const plain = !("Properties" in info);
    const columns = plain
      ? [{ name: "species", type: "S" as ColumnType, ncols: 1 }, { name: "pos", type: "R" as ColumnType, ncols: 3 }]
      : parseProperties(src, info["Properties"]);
    delete info["Properties"];
    let width = 0;
    const offsets: number[] = [];
    for (const c of columns) {
      offsets.push(width);
      width += c.ncols;
    }
    const ci = (name: string) => columns.findIndex((c) => c.name === name);
    const iSpecies = ci("species"), iPos = ci("pos"), iMass = ci("masses"), iZ = ci("Z");
    if (iPos < 0 || columns[iPos]!.type !== "R" || columns[iPos]!.ncols !== 3) src.fail(`Properties has no pos:R:3 column`);
    if (iSpecies >= 0 && columns[iSpecies]!.type !== "S") src.fail(`species column must have type S`);
    if (iSpecies < 0 && (iZ < 0 || columns[iZ]!.type !== "I" || columns[iZ]!.ncols !== 1)) src.fail(`Properties has neither species:S:1 nor Z:I:1`);
    if (iMass >= 0 && (columns[iMass]!.type !== "R" || columns[iMass]!.ncols !== 1)) src.fail(`masses column must be masses:R:1`);
    const pOff = offsets[iPos]!;
    const sOff = iSpecies >= 0 ? offsets[iSpecies]! : offsets[iZ]!;
    const mOff = iMass >= 0 ? offsets[iMass]! : -1;
    const extras = columns
      .map((c, k) => ({ c, off: offsets[k]!, values: [] as (number | string | boolean)[] }))
      .filter(({ c }) => c.name !== "species" && c.name !== "pos" && c.name !== "masses");

    const pos = new F64Builder();
    const masses = iMass >= 0 ? new F64Builder() : null;
    const species: string[] = [];
    for (let i = 0; i < n; i++) {
      const l = src.take() ?? (yield* src.wait());
      if (l === null) src.fail(`file ends after ${i} of ${n} atoms (frame starting at line ${countLine})`);
      const t = tokens(l);
      if (plain ? t.length < width : t.length !== width) {
        src.fail(`atom line has ${t.length} columns, Properties needs ${width}`);
      }
      let label = t[sOff]!;
      if (iSpecies < 0) {
        const z = toInt(label);
        const sym = z === undefined ? undefined : symbolOf(z);
        if (sym === undefined) src.fail(`Z "${clip(label)}" is not a known atomic number`);
        label = sym;
      }
      species.push(label);
      pos.push3(
        needFloat(src, t[pOff], "x coordinate"),
        needFloat(src, t[pOff + 1], "y coordinate"),
        needFloat(src, t[pOff + 2], "z coordinate"),
      );
      if (masses) {
        const m = needFloat(src, t[mOff], "mass");
        if (!(m > 0)) src.fail(`mass must be positive, got ${m}`);
        masses.push(m);
      }
      for (const e of extras) {
        for (let k = 0; k < e.c.ncols; k++) {
          const tok = t[e.off + k]!;
          switch (e.c.type) {
            case "R": {
              const v = toFloatLoose(tok);
              if (v === undefined) src.fail(`column "${clip(e.c.name)}" needs a real number, got "${clip(tok)}"`);
              e.values.push(v);
              break;
            }
            case "I": {
              const v = toInt(tok);
              if (v === undefined) src.fail(`column "${clip(e.c.name)}" needs an integer, got "${clip(tok)}"`);
              e.values.push(v);
              break;
            }
            case "L": {
              const v = tok === "T" || tok === "True" ? true : tok === "F" || tok === "False" ? false : undefined;
              if (v === undefined) src.fail(`column "${clip(e.c.name)}" needs T or F, got "${clip(tok)}"`);
              e.values.push(v);
              break;
            }
            default:
              e.values.push(tok);
          }
        }
      }
    }

    // optional VECn pseudo-atoms (ASE vec_cell)
    let nvec = 0;
    for (;;) {
      const l = src.take() ?? (yield* src.wait());
      if (l === null) break;
      const t = tokens(l);
      if (t[0] !== `VEC${nvec + 1}` || nvec >= 3) {
        src.unread(l);
        break;
      }
      if (t.length !== 4) src.fail(`${t[0]} needs 3 numbers`);
      if (!hasLattice && nvec === 0) pbc = [false, false, false];
      for (let k = 0; k < 3; k++) cell[3 * nvec + k] = needFloat(src, t[k + 1], `${t[0]} component`);
      pbc[nvec] = true;
      nvec++;
    }

    if (options.pbc) pbc = [options.pbc[0], options.pbc[1], options.pbc[2]];
    if (pbc.some((p) => p)) checkCell(src, cell, commentLine);
    if (extras.length > 0) {
      const arrays: Record<string, PerAtomArray> = {};
      for (const e of extras) arrays[e.c.name] = { type: e.c.type, ncols: e.c.ncols, values: e.values as PerAtomArray["values"] };
      info["arrays"] = arrays;
    }
    yield makeStructure(
      src,
      { positions: pos.view(), species, cell, pbc, info, ...(masses ? { masses: masses.view() } : {}) },
      countLine,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// writer

function escapeValue(s: string): string {
  if (/[\s"'{}[\]=]/.test(s) || s === "") return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return s;
}

function infoValue(v: unknown): string | undefined {
  if (typeof v === "number") return fmt(v);
  if (typeof v === "boolean") return v ? "T" : "F";
  if (typeof v === "string") return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) v = Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v) && v.length > 0) {
    if (v.every((x) => typeof x === "number")) return v.map(fmt).join(" ");
    if (v.every((x) => typeof x === "boolean")) return v.map((x) => (x ? "T" : "F")).join(" ");
  }
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
  try {
    const j = JSON.stringify(v);
    return j === undefined ? undefined : `_JSON ${j}`;
  } catch {
    return undefined;
  }
}

/** Checks that species labels survive whitespace-separated formats. */
export function checkLabels(s: Structure): void {
  for (const l of s.speciesList()) {
    if (l.length === 0 || /\s/.test(l)) throw new RangeError(`species label "${l}" cannot be written: labels must be non-empty without whitespace`);
  }
}

/** The comment (second) line of a frame as ASE writes it: Lattice, Properties, info, pbc last. */
function commentLine(s: Structure, columns: Column[], options: XyzWriteOptions): string {
  const parts: string[] = [];
  if (s.cell.some((x) => x !== 0)) parts.push(`Lattice="${Array.from(s.cell, fmt).join(" ")}"`);
  parts.push(`Properties=${columns.map((c) => `${c.name}:${c.type}:${c.ncols}`).join(":")}`);
  if (options.info ?? true) {
    for (const [k, v] of Object.entries(s.info)) {
      if (k === "arrays" || k === "Lattice" || k === "Properties" || k === "pbc") continue;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) continue; // keys ASE's regex reader would reject
      const val = infoValue(v);
      if (val === undefined) continue;
      parts.push(`${k}=${escapeValue(val)}`);
    }
  }
  parts.push(`pbc="${s.pbc.map((p) => (p ? "T" : "F")).join(" ")}"`);
  return parts.join(" ");
}

/** Text chunks of one extended-XYZ frame (full-precision numbers, ASE's column conventions). */
export function* writeXyzFrame(s: Structure, options: XyzWriteOptions = {}): Generator<string> {
  checkLabels(s);
  const mode = options.masses ?? "auto";
  let withMasses = mode === "always";
  if (mode === "auto") {
    const d = defaultMasses(s.species);
    withMasses = s.masses.some((m, i) => m !== d[i]);
  }
  const columns: Column[] = [
    { name: "species", type: "S", ncols: 1 },
    { name: "pos", type: "R", ncols: 3 },
  ];
  if (withMasses) columns.push({ name: "masses", type: "R", ncols: 1 });
  const extras = (options.arrays ?? true)
    ? perAtomArrays(s).filter(([name, a]) => {
        if (name === "species" || name === "pos" || name === "masses") return false;
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return false;
        if (a.type === "S") return (a.values as unknown[]).every((v) => typeof v === "string" && v.length > 0 && !/\s/.test(v));
        return true;
      })
    : [];
  for (const [name, a] of extras) columns.push({ name, type: a.type, ncols: a.ncols });
  yield `${s.n}\n${commentLine(s, columns, options)}\n`;
  const x = s.positions;
  let buf = "";
  for (let i = 0; i < s.n; i++) {
    let line = `${s.species[i]} ${fmt(x[3 * i]!)} ${fmt(x[3 * i + 1]!)} ${fmt(x[3 * i + 2]!)}`;
    if (withMasses) line += ` ${fmt(s.masses[i]!)}`;
    for (const [, a] of extras) {
      for (let k = 0; k < a.ncols; k++) {
        const v = a.values[i * a.ncols + k]!;
        line += " " + (a.type === "L" ? (v ? "T" : "F") : a.type === "I" ? String(Math.trunc(Number(v))) : a.type === "R" ? fmt(Number(v)) : String(v));
      }
    }
    buf += line + "\n";
    if (buf.length > 1 << 16) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
