/**
 * VASP POSCAR / CONTCAR.
 *
 * Reading: comment line; scale factor (one number: > 0 multiplies the lattice and Cartesian positions,
 * < 0 is the target cell volume; or three positive numbers scaling x, y, z); three lattice rows; the species
 * line (VASP 5; a POTCAR suffix such as `Si_pv` or `Si/abc` is cut to `Si`) or, in VASP 4 files, no
 * species line: labels then come from `options.types`, else from the comment line when its first words
 * are element symbols (as ASE does), else the numbers 1, 2, …; counts; optional `Selective dynamics`
 * (flags kept in `info.arrays.selective_dynamics`, L × 3, true = free); `Direct` or `Cartesian` (first
 * letter, case-insensitive; C/K = Cartesian); one line per atom (extra words after the coordinates and
 * flags are ignored). Anything after the positions (velocities, predictor-corrector block) is ignored.
 * A POSCAR is always periodic along a, b, c; the comment line is `info.comment`.
 *
 * Writing: scale 1, the lattice rows and Cartesian (default) or Direct coordinates with full precision,
 * species in runs of consecutive atoms (so the file order is kept; `sort: true` groups each species
 * once), selective dynamics when `info.arrays.selective_dynamics` is present. Numeric labels (LAMMPS type
 * numbers) are refused: relabel first.
 */
import type { Structure } from "../structure.js";
import { det3 } from "../structure.js";
import { isElementSymbol } from "../elements.js";
import { checkLabels } from "./xyz.js";
import { checkCell, clip, F64Builder, fmt, makeStructure, needCount, perAtomArrays, toFloat, tokens, type LineSource, type ParserYield, type PerAtomArray } from "./lines.js";

/** Options of the POSCAR reader. */
export interface VaspReadOptions {
  /** Species of the count groups for VASP 4 files (no species line). */
  types?: readonly string[];
}

/** Options of the POSCAR writer. */
export interface VaspWriteOptions {
  /** Write fractional (Direct) coordinates instead of Cartesian (default false). */
  direct?: boolean;
  /** Group atoms by species (stable, in order of first appearance) instead of keeping runs (default false). */
  sort?: boolean;
  /** Comment line (default `info.comment`, else the formula). */
  comment?: string;
}

/** A VASP number: a plain decimal, or Fortran `D` exponent. */
function vaspFloat(src: LineSource, tok: string | undefined, what: string): number {
  const v = toFloat(tok === undefined ? undefined : tok.replace(/[dD]/, "e"));
  if (v === undefined) src.fail(tok === undefined ? `missing ${what}` : `${what} is not a finite number: "${clip(tok)}"`);
  return v;
}

/**
 * Cube root with + − × ÷ only (bit-identical on every JavaScript engine, unlike Math.cbrt): a power-of-two
 * bracket, Newton steps to convergence, then a final ±1-ulp correction by cubing.
 */
export function cbrtExact(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === 0 ? 0 : NaN;
  let y = 1;
  while (y * y * y < x) y *= 2;
  while (y * y * y > x) y /= 2;
  for (let k = 0; k < 200; k++) {
    const next = y - (y * y * y - x) / (3 * y * y);
    if (next === y) break;
    y = next;
  }
  return y;
}

function flag(src: LineSource, tok: string | undefined): boolean {
  const c = tok?.[0];
  if (c === "T" || c === "t") return true;
  if (c === "F" || c === "f") return false;
  src.fail(`selective-dynamics flag must be T or F, got "${clip(tok ?? "")}"`);
}

/** The POSCAR parser coroutine (one frame). */
export function* parseVasp(src: LineSource, options: VaspReadOptions): Generator<ParserYield, void, unknown> {
  const next = function* (what: string): Generator<ParserYield, string, unknown> {
    const l = src.take() ?? (yield* src.wait());
    if (l === null) src.fail(`file ends before the ${what}`);
    return l;
  };
  const comment = yield* next("comment line");
  const scaleT = tokens(yield* next("scale factor"));
  const scaleLine = src.line;
  if (scaleT.length === 0) src.fail(`missing scale factor`);
  const s0 = vaspFloat(src, scaleT[0], "scale factor");
  let scale3: number[] | null = null;
  if (scaleT.length >= 3 && toFloat(scaleT[1]) !== undefined && toFloat(scaleT[2]) !== undefined) {
    scale3 = [s0, vaspFloat(src, scaleT[1], "scale factor"), vaspFloat(src, scaleT[2], "scale factor")];
    if (!scale3.every((v) => v > 0)) src.fail(`three scale factors must all be positive`);
  } else if (s0 === 0) src.fail(`scale factor must not be 0`);
  const lat = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    const t = tokens(yield* next(`lattice vector ${r + 1}`));
    if (t.length < 3) src.fail(`lattice vector ${"abc"[r]} needs 3 numbers, got ${t.length}`);
    for (let k = 0; k < 3; k++) lat[3 * r + k] = vaspFloat(src, t[k], `lattice vector ${"abc"[r]} component`);
  }
  const latLine = src.line;
  checkCell(src, lat, latLine);
  const cell = new Float64Array(9);
  let factor = [1, 1, 1];
  if (scale3) factor = scale3;
  else if (s0 > 0) factor = [s0, s0, s0];
  else {
    const f = cbrtExact(-s0 / Math.abs(det3(lat)));
    if (!(f > 0) || !Number.isFinite(f)) src.fail(`target volume ${-s0} cannot be reached`, scaleLine);
    factor = [f, f, f];
  }
  for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) cell[3 * r + k] = lat[3 * r + k]! * factor[k]!;
  checkCell(src, cell, scaleLine);

  // species line (VASP 5) or counts (VASP 4)
  let t = tokens(yield* next("species or counts line"));
  let names: string[] | null = null;
  if (t.length > 0 && t.every((w) => needCountOrNull(w) === null)) {
    names = t.map((w) => w.split("/")[0]!.split("_")[0]!);
    if (names.some((w) => w === "")) src.fail(`empty species name on the species line`);
    t = tokens(yield* next("counts line"));
  }
  const counts: number[] = [];
  for (const w of t) {
    const c = needCountOrNull(w);
    if (c === null) break; // trailing comments after the counts
    counts.push(c);
  }
  if (counts.length === 0) src.fail(`expected atom counts, got "${clip(t.join(" "))}"`);
  for (const c of t.slice(0, counts.length)) needCount(src, c, "atom count");
  if (names && names.length !== counts.length) src.fail(`${names.length} species names but ${counts.length} counts`);
  if (!names) {
    const words = tokens(comment);
    if (options.types) {
      if (options.types.length < counts.length) src.fail(`${counts.length} species groups but types gives ${options.types.length} labels`);
      names = options.types.slice(0, counts.length);
    } else if (words.length >= counts.length && words.slice(0, counts.length).every(isElementSymbol)) {
      names = words.slice(0, counts.length);
    } else {
      names = counts.map((_, k) => String(k + 1));
    }
  }

  let mode = (yield* next("coordinate mode line")).trim();
  let selective = false;
  if (mode[0] === "S" || mode[0] === "s") {
    selective = true;
    mode = (yield* next("coordinate mode line")).trim();
  }
  const m0 = mode[0];
  if (m0 === undefined) src.fail(`expected Direct or Cartesian, got an empty line`);
  const cartesian = m0 === "C" || m0 === "c" || m0 === "K" || m0 === "k";
  if (!cartesian && m0 !== "D" && m0 !== "d") src.fail(`expected Direct or Cartesian, got "${clip(mode)}"`);
  const modeLine = src.line;

  const pos = new F64Builder();
  const flags: boolean[] | null = selective ? [] : null;
  const species: string[] = [];
  for (let g = 0; g < counts.length; g++) {
    for (let i = 0; i < counts[g]!; i++) {
      const l = src.take() ?? (yield* src.wait());
      if (l === null) src.fail(`file ends after ${species.length} atoms (counts say ${counts.reduce((a, b) => a + b, 0)})`);
      const w = tokens(l);
      if (w.length < (selective ? 6 : 3)) src.fail(`atom line needs ${selective ? "3 coordinates and 3 flags" : "3 coordinates"}, got ${w.length} words`);
      const a = vaspFloat(src, w[0], "coordinate"), b = vaspFloat(src, w[1], "coordinate"), c = vaspFloat(src, w[2], "coordinate");
      if (cartesian) pos.push3(a * factor[0]!, b * factor[1]!, c * factor[2]!);
      else pos.push3(a * cell[0]! + b * cell[3]! + c * cell[6]!, a * cell[1]! + b * cell[4]! + c * cell[7]!, a * cell[2]! + b * cell[5]! + c * cell[8]!);
      if (flags) flags.push(flag(src, w[3]), flag(src, w[4]), flag(src, w[5]));
      species.push(names[g]!);
    }
  }
  // the rest (velocities, predictor block) is ignored, but drained so a stream ends cleanly
  for (;;) {
    const l = src.take() ?? (yield* src.wait());
    if (l === null) break;
  }
  const info: Record<string, unknown> = { comment: comment.trim() };
  if (flags) info["arrays"] = { selective_dynamics: { type: "L", ncols: 3, values: flags } satisfies PerAtomArray };
  yield makeStructure(src, { positions: pos.view(), species, cell, pbc: [true, true, true], info }, modeLine);
}

function needCountOrNull(w: string): number | null {
  return /^\d+$/.test(w) && Number.isSafeInteger(Number(w)) ? Number(w) : null;
}

/** Text chunks of a POSCAR for one structure. */
export function* writeVasp(s: Structure, options: VaspWriteOptions = {}): Generator<string> {
  checkLabels(s);
  const numeric = s.speciesList().filter((l) => /^[+-]?\d+$/.test(l));
  if (numeric.length > 0) throw new RangeError(`species label "${numeric[0]}" is a number, which a POSCAR species line cannot hold (it would read as a count)`);
  if (Math.abs(det3(s.cell)) === 0) throw new RangeError("a POSCAR needs a 3D cell (this structure's cell has zero volume)");
  let order = Array.from({ length: s.n }, (_, i) => i);
  if (options.sort) {
    const first = [...new Set(s.species)];
    const rank = new Map(first.map((l, k) => [l, k]));
    order = order.sort((a, b) => rank.get(s.species[a]!)! - rank.get(s.species[b]!)! || a - b);
  }
  const runs: [string, number][] = [];
  for (const i of order) {
    const l = s.species[i]!;
    if (runs.length > 0 && runs[runs.length - 1]![0] === l) runs[runs.length - 1]![1]++;
    else runs.push([l, 1]);
  }
  const c = typeof s.info["comment"] === "string" ? (s.info["comment"] as string) : s.formula();
  const comment = (options.comment ?? c).replace(/[\r\n]+/g, " ");
  const sd = perAtomArrays(s).find(([name, a]) => name === "selective_dynamics" && a.ncols === 3 && a.type === "L")?.[1];
  let head = `${comment}\n1.0\n`;
  for (let r = 0; r < 3; r++) head += `${fmt(s.cell[3 * r]!)} ${fmt(s.cell[3 * r + 1]!)} ${fmt(s.cell[3 * r + 2]!)}\n`;
  head += runs.map((r) => r[0]).join(" ") + "\n" + runs.map((r) => r[1]).join(" ") + "\n";
  if (sd) head += "Selective dynamics\n";
  head += options.direct ? "Direct\n" : "Cartesian\n";
  yield head;
  const x = options.direct ? s.fractional() : s.positions;
  let buf = "";
  for (const i of order) {
    buf += `${fmt(x[3 * i]!)} ${fmt(x[3 * i + 1]!)} ${fmt(x[3 * i + 2]!)}`;
    if (sd) for (let k = 0; k < 3; k++) buf += sd.values[3 * i + k] ? " T" : " F";
    buf += "\n";
    if (buf.length > 1 << 16) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
