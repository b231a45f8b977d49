/**
 * LAMMPS data files (read_data / write_data).
 *
 * Reading:
 * - header: `N atoms`, `T atom types`, `xlo xhi`, `ylo yhi`, `zlo zhi`, optional `xy xz yz` (missing box
 *   lines default to −0.5 0.5 as in LAMMPS); other header keywords are ignored;
 * - `Atoms` section in styles atomic (`id type x y z`), charge (`id type q x y z`), full
 *   (`id mol type q x y z`) or molecular/bond/angle (`id mol type x y z`), each optionally followed by
 *   three image flags. The style comes from `options.atomStyle`, else the `Atoms # style` comment, else
 *   the column count (5/8 atomic, 6/9 charge, 7/10 full);
 * - atoms are sorted by id (ids must be distinct positive integers);
 * - type → species label: an `Atom Type Labels` section, else `# label` comments in `Masses`, else
 *   `options.types` (labels of types 1, 2, …), else the type numbers as strings;
 * - masses from the `Masses` section, else the default masses of the labels;
 * - image flags are kept in `info.arrays.image` (I, 3 columns) and applied only with `unwrap: true`
 *   (x_true = x + ix·a + iy·b + iz·c); charges in `info.arrays.charge`, molecule ids in `info.arrays.mol`;
 * - positions are kept as written; a non-zero box origin is `info.cellOrigin`; pbc is all periodic
 *   (a data file does not record the boundary; override with `options.pbc`);
 * - Velocities and all other sections are skipped.
 *
 * Writing (what LAMMPS 2021+ read_data accepts): atomic style (or charge, with `info.arrays.charge`),
 * `Masses` with `# label` comments, the tilt line when the cell is triclinic, full-precision numbers.
 * A cell that is not lower-triangular is rotated into LAMMPS form, and along non-periodic axes the box is
 * stretched to hold every atom when some stick out (the title line says so). Data files do not record
 * periodicity: give LAMMPS the matching `boundary` (and glassbox's reader the `pbc` option).
 */
import type { Pbc, Structure } from "../structure.js";
import { boxToCell, lammpsLayout, typeMasses, typeOrder, type LammpsBox } from "./lammps.js";
import {
  checkCell,
  clip,
  F64Builder,
  fmt,
  makeStructure,
  needCount,
  needFloat,
  perAtomArrays,
  toInt,
  tokens,
  type LineSource,
  type ParserYield,
  type PerAtomArray,
} from "./lines.js";

/** LAMMPS atom styles the data reader understands. */
export type AtomStyle = "atomic" | "charge" | "full" | "molecular" | "bond" | "angle";

/** Options of the LAMMPS data reader. */
export interface LammpsDataReadOptions {
  /** Atom style of the `Atoms` section (overrides the `# style` comment and the column count). */
  atomStyle?: AtomStyle;
  /** Labels of types 1, 2, … when the file has neither `Atom Type Labels` nor `# label` comments. */
  types?: readonly string[];
  /** Periodicity (default all periodic). */
  pbc?: Pbc;
  /** Apply image flags: x_true = x + ix·a + iy·b + iz·c (default false: positions as written). */
  unwrap?: boolean;
}

/** Options of the LAMMPS data writer. */
export interface LammpsDataWriteOptions {
  /** Label order of types 1..T (e.g. the element order of a potential file); default sorted labels. */
  types?: readonly string[];
  /** "atomic" (default) or "charge" (charges from `info.arrays.charge`, else 0). */
  atomStyle?: "atomic" | "charge";
  /** Also write an `Atom Type Labels` section (LAMMPS ≥ 15 Sep 2022 only; older versions reject it). */
  typeLabels?: boolean;
  /** Title line (default: a description naming glassbox). */
  title?: string;
}

const STYLE_COLUMNS: Record<AtomStyle, { type: number; x: number; q?: number; mol?: number; n: number }> = {
  atomic: { type: 1, x: 2, n: 5 },
  charge: { type: 1, q: 2, x: 3, n: 6 },
  full: { mol: 1, type: 2, q: 3, x: 4, n: 7 },
  molecular: { mol: 1, type: 2, x: 3, n: 6 },
  bond: { mol: 1, type: 2, x: 3, n: 6 },
  angle: { mol: 1, type: 2, x: 3, n: 6 },
};

const SECTIONS = new Set([
  "Atoms", "Velocities", "Masses", "Ellipsoids", "Lines", "Triangles", "Bodies",
  "Bonds", "Angles", "Dihedrals", "Impropers",
  "Pair Coeffs", "PairIJ Coeffs", "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs", "Improper Coeffs",
  "BondBond Coeffs", "BondAngle Coeffs", "MiddleBondTorsion Coeffs", "EndBondTorsion Coeffs",
  "AngleTorsion Coeffs", "AngleAngleTorsion Coeffs", "BondBond13 Coeffs", "AngleAngle Coeffs",
  "Atom Type Labels", "Bond Type Labels", "Angle Type Labels", "Dihedral Type Labels", "Improper Type Labels",
]);

function splitComment(line: string): [string, string | null] {
  const h = line.indexOf("#");
  return h < 0 ? [line, null] : [line.slice(0, h), line.slice(h + 1).trim()];
}

/** The LAMMPS data parser coroutine (one frame). */
export function* parseLammpsData(src: LineSource, options: LammpsDataReadOptions): Generator<ParserYield, void, unknown> {
  const title = src.take() ?? (yield* src.wait());
  if (title === null) src.fail("empty file (a LAMMPS data file starts with a title line)");
  let natoms: number | undefined;
  let ntypes: number | undefined;
  const box: LammpsBox = { xlo: -0.5, xhi: 0.5, ylo: -0.5, yhi: 0.5, zlo: -0.5, zhi: 0.5, xy: 0, xz: 0, yz: 0 };
  let boxLine = 0;
  let section: string | null = null;
  let sectionComment: string | null = null;

  // header
  for (;;) {
    const raw = src.take() ?? (yield* src.wait());
    if (raw === null) break;
    const [body, comment] = splitComment(raw);
    const t = tokens(body);
    if (t.length === 0) continue;
    const name = t.join(" ");
    if (SECTIONS.has(name)) {
      section = name;
      sectionComment = comment;
      break;
    }
    const last = t.slice(-2).join(" ");
    if (t.length === 2 && t[1] === "atoms") natoms = needCount(src, t[0], "atom count");
    else if (t.length === 3 && t[1] === "atom" && t[2] === "types") ntypes = needCount(src, t[0], "atom type count");
    else if (t.length === 4 && (last === "xlo xhi" || last === "ylo yhi" || last === "zlo zhi")) {
      const lo = needFloat(src, t[0], `${t[2]}`), hi = needFloat(src, t[1], `${t[3]}`);
      if (!(hi > lo)) src.fail(`${t[3]} (${hi}) must exceed ${t[2]} (${lo}): zero-volume box`);
      const ax = t[2]![0] as "x" | "y" | "z";
      box[`${ax}lo` as const] = lo;
      box[`${ax}hi` as const] = hi;
      boxLine = src.line;
    } else if (t.length === 6 && t.slice(3).join(" ") === "xy xz yz") {
      box.xy = needFloat(src, t[0], "xy");
      box.xz = needFloat(src, t[1], "xz");
      box.yz = needFloat(src, t[2], "yz");
    } else if (toInt(t[0]) === undefined && toFloatish(t[0]!) === false) {
      src.fail(`unknown header line or section "${clip(body.trim())}"`);
    }
    // other numeric header keywords (bonds, angles, ellipsoids, …) are irrelevant here
  }
  if (natoms === undefined) src.fail(`header has no "N atoms" line`);

  // sections
  const ids: number[] = [];
  const types: string[] = [];
  const pos = new F64Builder();
  let image: number[] | null = null;
  let charge: number[] | null = null;
  let mol: number[] | null = null;
  const massOf = new Map<string, number>();
  const labelComment = new Map<string, string>();
  const labelSection = new Map<string, string>();
  let atomsLine = 0;
  let firstAtomLine = 0;
  let sawAtoms = false;

  /** Reads `count` non-blank data lines of the current section, calling `each(tokens, comment)`. */
  const readRows = function* (count: number, what: string, each: (t: string[], comment: string | null) => void): Generator<ParserYield, number, unknown> {
    let first = true;
    let firstLine = src.line + 1;
    for (let k = 0; k < count; k++) {
      let raw = src.take() ?? (yield* src.wait());
      if (first) {
        // one blank line follows the section keyword; tolerate several
        while (raw !== null && raw.trim() === "") raw = src.take() ?? (yield* src.wait());
        first = false;
        firstLine = src.line;
      }
      if (raw === null) src.fail(`file ends after ${k} of ${count} ${what} lines`);
      const [body, comment] = splitComment(raw);
      const t = tokens(body);
      if (t.length === 0) src.fail(`blank line after ${k} of ${count} ${what} lines`);
      const c0 = t[0]!.charCodeAt(0);
      const letter = (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122);
      if (letter && SECTIONS.has(t.join(" "))) src.fail(`section "${t.join(" ")}" starts after ${k} of ${count} ${what} lines`);
      each(t, comment);
    }
    return firstLine;
  };

  while (section !== null) {
    const here = src.line;
    switch (section) {
      case "Atoms": {
        if (sawAtoms) src.fail(`second Atoms section`);
        sawAtoms = true;
        atomsLine = here;
        const declared = options.atomStyle ?? (sectionComment ? tokens(sectionComment)[0] : undefined);
        if (declared !== undefined && !(declared in STYLE_COLUMNS)) src.fail(`unsupported atom style "${clip(declared)}" (atomic, charge, full, molecular, bond, angle)`);
        let style = declared as AtomStyle | undefined;
        let layout = style ? STYLE_COLUMNS[style] : undefined;
        let withImage: boolean | undefined;
        firstAtomLine = yield* readRows(natoms, "Atoms", (t) => {
          if (!layout) {
            style = t.length === 5 || t.length === 8 ? "atomic" : t.length === 6 || t.length === 9 ? "charge" : t.length === 7 || t.length === 10 ? "full" : undefined;
            if (!style) src.fail(`cannot infer the atom style from ${t.length} columns; give it as "Atoms # atomic" or the atomStyle option`);
            layout = STYLE_COLUMNS[style];
          }
          if (withImage === undefined) {
            if (t.length === layout.n) withImage = false;
            else if (t.length === layout.n + 3) withImage = true;
            else src.fail(`Atoms line has ${t.length} columns; atom style ${style} needs ${layout.n} or ${layout.n + 3}`);
            if (withImage) image = [];
            if (layout.q !== undefined) charge = [];
            if (layout.mol !== undefined) mol = [];
          }
          if (t.length !== layout.n + (withImage ? 3 : 0)) src.fail(`Atoms line has ${t.length} columns, expected ${layout.n + (withImage ? 3 : 0)} like the first one`);
          const id = toInt(t[0]);
          if (id === undefined || id < 1) src.fail(`atom id must be a positive integer, got "${clip(t[0]!)}"`);
          ids.push(id);
          const ty = t[layout.type]!;
          const tn = toInt(ty);
          if (tn !== undefined && (tn < 1 || (ntypes !== undefined && tn > ntypes))) src.fail(`atom type ${tn} out of range 1..${ntypes ?? "∞"}`);
          types.push(tn !== undefined ? String(tn) : ty);
          pos.push3(needFloat(src, t[layout.x], "x"), needFloat(src, t[layout.x + 1], "y"), needFloat(src, t[layout.x + 2], "z"));
          if (layout.q !== undefined) charge!.push(needFloat(src, t[layout.q], "charge"));
          if (layout.mol !== undefined) {
            const m = toInt(t[layout.mol]);
            if (m === undefined) src.fail(`molecule id must be an integer, got "${clip(t[layout.mol]!)}"`);
            mol!.push(m);
          }
          if (withImage) {
            for (let k = 0; k < 3; k++) {
              const f = toInt(t[layout.n + k]);
              if (f === undefined) src.fail(`image flag must be an integer, got "${clip(t[layout.n + k]!)}"`);
              image!.push(f);
            }
          }
        });
        break;
      }
      case "Masses": {
        if (ntypes === undefined) src.fail(`Masses section before the "N atom types" header line`);
        yield* readRows(ntypes, "Masses", (t, comment) => {
          if (t.length !== 2) src.fail(`Masses line needs "type mass", got ${t.length} columns`);
          const m = needFloat(src, t[1], "mass");
          if (!(m > 0)) src.fail(`mass must be positive, got ${m}`);
          const tn = toInt(t[0]);
          if (tn !== undefined && (tn < 1 || tn > ntypes!)) src.fail(`Masses type ${tn} out of range 1..${ntypes}`);
          const key = tn !== undefined ? String(tn) : t[0]!;
          if (massOf.has(key)) src.fail(`type ${clip(key)} has two masses`);
          massOf.set(key, m);
          const c = comment ? tokens(comment) : [];
          if (c.length === 1) labelComment.set(key, c[0]!);
        });
        break;
      }
      case "Atom Type Labels": {
        if (ntypes === undefined) src.fail(`Atom Type Labels section before the "N atom types" header line`);
        yield* readRows(ntypes, "Atom Type Labels", (t) => {
          if (t.length !== 2) src.fail(`Atom Type Labels line needs "type label"`);
          const ty = toInt(t[0]);
          if (ty === undefined || ty < 1 || ty > ntypes!) src.fail(`type ${clip(t[0]!)} out of range 1..${ntypes}`);
          labelSection.set(String(ty), t[1]!);
        });
        break;
      }
      case "Velocities":
        yield* readRows(natoms, "Velocities", (t) => {
          if (t.length < 4) src.fail(`Velocities line needs "id vx vy vz"`);
        });
        break;
      default: {
        // skip an unneeded section: lines up to the next section keyword
        for (;;) {
          const raw = src.take() ?? (yield* src.wait());
          if (raw === null) {
            section = null;
            break;
          }
          const [body, comment] = splitComment(raw);
          const name = tokens(body).join(" ");
          if (SECTIONS.has(name)) {
            src.unread(raw);
            void comment;
            break;
          }
        }
      }
    }
    if (section === null) break;
    // next section keyword
    section = null;
    for (;;) {
      const raw = src.take() ?? (yield* src.wait());
      if (raw === null) break;
      const [body, comment] = splitComment(raw);
      const t = tokens(body);
      if (t.length === 0) continue;
      const name = t.join(" ");
      if (!SECTIONS.has(name)) src.fail(`expected a section keyword, got "${clip(body.trim())}"`);
      section = name;
      sectionComment = comment;
      break;
    }
  }
  if (!sawAtoms && natoms > 0) src.fail(`no Atoms section (header says ${natoms} atoms)`);

  // type → label
  const ntyp = ntypes ?? 0;
  const labelOfType = (ty: string, line: number): string => {
    const n = toInt(ty);
    if (n === undefined) {
      // a type label used directly (LAMMPS ≥ 2022 with labelmaps)
      for (const [k, v] of labelSection) if (v === ty) return v;
      src.fail(`unknown atom type "${clip(ty)}"`, line);
    }
    if (ntypes !== undefined && (n < 1 || n > ntyp)) src.fail(`atom type ${n} out of range 1..${ntyp}`, line);
    if (n < 1) src.fail(`atom type ${n} must be positive`, line);
    const key = String(n);
    if (labelSection.size > 0) return labelSection.get(key) ?? key;
    if (labelComment.size > 0 && labelComment.size === massOf.size) return labelComment.get(key) ?? key;
    if (options.types) {
      const l = options.types[n - 1];
      if (l === undefined) src.fail(`atom type ${n} has no label in types [${options.types.join(", ")}]`, line);
      return l;
    }
    return key;
  };
  const typeKey = (ty: string): string => {
    const n = toInt(ty);
    if (n !== undefined) return String(n);
    for (const [k, v] of labelSection) if (v === ty) return k;
    return ty;
  };

  // order by id
  const n = ids.length;
  const order = sortById(src, ids, (i) => firstAtomLine + i);
  const species: string[] = new Array(n);
  const positions = new Float64Array(3 * n);
  const p = pos.view();
  const cell = boxToCell(box);
  checkCell(src, cell, boxLine);
  const masses = massOf.size > 0 ? new Float64Array(n) : null;
  const img = image as number[] | null;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const line = firstAtomLine + i; // Atoms rows are contiguous (a blank line inside is an error)
    species[r] = labelOfType(types[i]!, line);
    for (let k = 0; k < 3; k++) positions[3 * r + k] = p[3 * i + k]!;
    if (options.unwrap && img) {
      for (let k = 0; k < 3; k++) {
        positions[3 * r + k] = positions[3 * r + k]! + img[3 * i]! * cell[k]! + img[3 * i + 1]! * cell[3 + k]! + img[3 * i + 2]! * cell[6 + k]!;
      }
    }
    if (masses) {
      const m = massOf.get(typeKey(types[i]!)) ?? massOf.get(species[r]!);
      if (m === undefined) src.fail(`type ${types[i]} has no mass in the Masses section`, line);
      masses[r] = m;
    }
  }
  const info: Record<string, unknown> = {};
  if (box.xlo !== 0 || box.ylo !== 0 || box.zlo !== 0) info["cellOrigin"] = [box.xlo, box.ylo, box.zlo];
  const arrays: Record<string, PerAtomArray> = {};
  const permute = (a: number[], w: number): number[] => {
    const out = new Array<number>(n * w);
    for (let r = 0; r < n; r++) for (let k = 0; k < w; k++) out[r * w + k] = a[order[r]! * w + k]!;
    return out;
  };
  if (img) arrays["image"] = { type: "I", ncols: 3, values: options.unwrap ? new Array<number>(3 * n).fill(0) : permute(img, 3) };
  if (charge) arrays["charge"] = { type: "R", ncols: 1, values: permute(charge, 1) };
  if (mol) arrays["mol"] = { type: "I", ncols: 1, values: permute(mol, 1) };
  if (Object.keys(arrays).length > 0) info["arrays"] = arrays;
  yield makeStructure(
    src,
    { positions, species, cell, pbc: options.pbc ?? [true, true, true], info, ...(masses ? { masses } : {}) },
    atomsLine,
  );
}

function toFloatish(tok: string): boolean {
  return /^[+-]?(\d|\.\d)/.test(tok);
}

/**
 * Permutation that sorts atoms by id, checking ids are distinct. Ids 1..N in any order are placed
 * directly (O(N)); other positive ids are sorted.
 */
export function sortById(src: LineSource, ids: readonly number[], lineOf: (i: number) => number): Int32Array {
  const n = ids.length;
  const order = new Int32Array(n);
  let dense = true;
  for (let i = 0; i < n; i++) if (ids[i]! > n) dense = false;
  if (dense) {
    const seen = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (seen[id - 1]! >= 0) src.fail(`duplicate atom id ${id}`, lineOf(i));
      seen[id - 1] = i;
    }
    for (let r = 0; r < n; r++) order[r] = seen[r]!;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => ids[a]! - ids[b]!);
  for (let r = 1; r < n; r++) {
    if (ids[order[r]!] === ids[order[r - 1]!]) src.fail(`duplicate atom id ${ids[order[r]!]}`, lineOf(Math.max(order[r]!, order[r - 1]!)));
  }
  return order;
}

/** Text chunks of a LAMMPS data file for one structure. */
export function* writeLammpsData(s: Structure, options: LammpsDataWriteOptions = {}): Generator<string> {
  const labels = typeOrder(s, options.types);
  const tmass = typeMasses(s, labels);
  const lay = lammpsLayout(s);
  const b = lay.box;
  const style = options.atomStyle ?? "atomic";
  const title = (options.title ?? `${s.formula() || "empty"} written by glassbox`).replace(/[\r\n]+/g, " ");
  const notes = [lay.rotated ? "cell rotated into LAMMPS lower-triangular form" : "", lay.boundingBox ? "box built around the non-periodic atoms" : "",
    lay.extended.length ? `box extended along non-periodic ${lay.extended.map((k) => "abc"[k]).join(", ")} to hold every atom` : ""].filter(Boolean);
  let head = `${title}${notes.length ? ` (${notes.join("; ")})` : ""}\n\n`;
  head += `${s.n} atoms\n${labels.length} atom types\n\n`;
  head += `${fmt(b.xlo)} ${fmt(b.xhi)} xlo xhi\n${fmt(b.ylo)} ${fmt(b.yhi)} ylo yhi\n${fmt(b.zlo)} ${fmt(b.zhi)} zlo zhi\n`;
  if (b.xy !== 0 || b.xz !== 0 || b.yz !== 0) head += `${fmt(b.xy)} ${fmt(b.xz)} ${fmt(b.yz)} xy xz yz\n`;
  head += `\nMasses\n\n`;
  labels.forEach((l, k) => (head += `${k + 1} ${fmt(tmass[k]!)} # ${l}\n`));
  if (options.typeLabels) {
    head += `\nAtom Type Labels\n\n`;
    labels.forEach((l, k) => (head += `${k + 1} ${l}\n`));
  }
  head += `\nAtoms # ${style}\n\n`;
  yield head;
  const typeOf = new Map(labels.map((l, k) => [l, k + 1]));
  const q = style === "charge" ? perAtomArrays(s).find(([name, a]) => name === "charge" && a.ncols === 1 && a.type === "R")?.[1] : undefined;
  const x = lay.positions;
  let buf = "";
  for (let i = 0; i < s.n; i++) {
    const qv = style === "charge" ? ` ${fmt(q ? Number(q.values[i]) : 0)}` : "";
    buf += `${i + 1} ${typeOf.get(s.species[i]!)}${qv} ${fmt(x[3 * i]!)} ${fmt(x[3 * i + 1]!)} ${fmt(x[3 * i + 2]!)}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
