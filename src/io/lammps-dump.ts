/**
 * LAMMPS text dump files (`dump atom`, `dump custom`), multi-frame.
 *
 * Reading, per frame (`ITEM:` blocks, any order before `ITEM: ATOMS`):
 * - `TIMESTEP` → `info.timestep`, `TIME` → `info.time`, `UNITS` → `info.units`; unknown items are skipped;
 * - `BOX BOUNDS [xy xz yz] f1 f2 f3`: an orthogonal box (lo hi per line) or a restricted triclinic one,
 *   whose lines hold the *bounding* box plus a tilt factor; the true box follows LAMMPS' Howto triclinic:
 *   xlo = xlo_bound − min(0, xy, xz, xy+xz), xhi = xhi_bound − max(0, xy, xz, xy+xz),
 *   ylo = ylo_bound − min(0, yz), yhi = yhi_bound − max(0, yz); `BOX BOUNDS abc origin` (general
 *   triclinic: rows a, b, c each followed by an origin component) is accepted too. A boundary flag
 *   `pp` is periodic, anything else (ff, fs, sm, …) is not; no flags means periodic;
 * - `ATOMS` columns: `id`, `type`, `element`, coordinates `x y z` (preferred), else `xu yu zu`
 *   (unwrapped), else scaled `xs ys zs`, else `xsu ysu zsu` (scaled → x = origin + s·cell), plus
 *   optional `mass`, `q` (→ `info.arrays.charge`), `ix iy iz` (→ `info.arrays.image`), `vx vy vz`
 *   (→ `velocities`), `fx fy fz` (→ `forces`); other columns are ignored;
 * - atoms are sorted by id; labels: an `element` column wins, else `options.types` (labels of types
 *   1, 2, …), else the type numbers (type labels written by LAMMPS ≥ 2022 are kept as they are);
 * - positions are as written (origin kept, recorded in `info.cellOrigin` when non-zero); with
 *   `unwrap: true` and image flags, wrapped coordinates are unwrapped (x + ix·a + iy·b + iz·c).
 *
 * Writing: `ITEM: ATOMS id type [element] x y z` (element unless the labels are the type numbers) with full-precision numbers, the triclinic bounding
 * box when the cell is tilted (rotated into LAMMPS form when needed), `pp`/`ff` boundary flags.
 */
import type { Pbc, Structure } from "../structure.js";
import { sortById } from "./lammps-data.js";
import { boxToCell, lammpsLayout, typeMasses, typeOrder, type LammpsBox } from "./lammps.js";
import {
  checkCell,
  clip,
  F64Builder,
  fmt,
  makeStructure,
  needCount,
  needFloat,
  toInt,
  tokens,
  type LineSource,
  type ParserYield,
  type PerAtomArray,
} from "./lines.js";

/** Options of the LAMMPS dump reader. */
export interface LammpsDumpReadOptions {
  /** Labels of types 1, 2, … (an `element` column wins). */
  types?: readonly string[];
  /** Overrides the periodicity from the boundary flags. */
  pbc?: Pbc;
  /** Unwrap wrapped coordinates with `ix iy iz` columns (default false). */
  unwrap?: boolean;
}

/** Options of the LAMMPS dump writer. */
export interface LammpsDumpWriteOptions {
  /** Label order of types 1..T; default sorted labels. */
  types?: readonly string[];
  /** Write an `element` column: "auto" (default) unless the labels are "1", "2", … = the type numbers; or always/never. */
  element?: "auto" | "always" | "never";
  /** Also write a `mass` column (default false). */
  mass?: boolean;
}

const COORDS: [string, string, string, boolean][] = [
  ["x", "y", "z", false],
  ["xu", "yu", "zu", false],
  ["xs", "ys", "zs", true],
  ["xsu", "ysu", "zsu", true],
];

/** The LAMMPS dump parser coroutine (frames one after another). */
export function* parseLammpsDump(src: LineSource, options: LammpsDumpReadOptions): Generator<ParserYield, void, unknown> {
  for (;;) {
    let line = src.take() ?? (yield* src.wait());
    while (line !== null && line.trim() === "") line = src.take() ?? (yield* src.wait());
    if (line === null) return;
    const frameLine = src.line;
    const info: Record<string, unknown> = {};
    let natoms: number | undefined;
    let cell: Float64Array | undefined;
    let origin = [0, 0, 0];
    let pbc: Pbc = [true, true, true];
    let boxLine = 0;
    for (;;) {
      const head = line.trim();
      if (!head.startsWith("ITEM:")) src.fail(`expected an "ITEM:" line, got "${clip(head)}"`);
      const item = head.slice(5).trim();
      const value = function* (what: string): Generator<ParserYield, string, unknown> {
        const v = src.take() ?? (yield* src.wait());
        if (v === null) src.fail(`file ends before the ${what} value`);
        return v;
      };
      if (item === "TIMESTEP") {
        const t = tokens(yield* value("TIMESTEP"));
        const v = toInt(t[0]);
        if (v === undefined || t.length !== 1) src.fail(`TIMESTEP must be one integer, got "${clip(t.join(" "))}"`);
        info["timestep"] = v;
      } else if (item === "TIME") {
        info["time"] = needFloat(src, tokens(yield* value("TIME"))[0], "TIME");
      } else if (item === "UNITS") {
        info["units"] = (yield* value("UNITS")).trim();
      } else if (item === "NUMBER OF ATOMS") {
        const t = tokens(yield* value("NUMBER OF ATOMS"));
        if (t.length !== 1) src.fail(`NUMBER OF ATOMS must be one integer`);
        natoms = needCount(src, t[0], "NUMBER OF ATOMS");
      } else if (item.startsWith("BOX BOUNDS")) {
        const words = tokens(item.slice(10));
        let kind: "ortho" | "tilt" | "abc" = "ortho";
        if (words.slice(0, 3).join(" ") === "xy xz yz") {
          kind = "tilt";
          words.splice(0, 3);
        } else if (words.slice(0, 2).join(" ") === "abc origin") {
          kind = "abc";
          words.splice(0, 2);
        }
        if (words.length !== 0 && words.length !== 3) src.fail(`BOX BOUNDS needs three boundary flags (e.g. pp pp pp), got "${clip(words.join(" "))}"`);
        if (words.length === 3) {
          for (const w of words) if (!/^[pfsm]{1,2}$/.test(w)) src.fail(`unknown boundary flag "${clip(w)}"`);
          pbc = [words[0] === "pp" || words[0] === "p", words[1] === "pp" || words[1] === "p", words[2] === "pp" || words[2] === "p"];
        }
        const rows: number[][] = [];
        const width = kind === "ortho" ? 2 : kind === "tilt" ? 3 : 4;
        for (let k = 0; k < 3; k++) {
          const t = tokens(yield* value("BOX BOUNDS"));
          if (t.length !== width) src.fail(`BOX BOUNDS line needs ${width} numbers, got ${t.length}`);
          rows.push(t.map((x, j) => needFloat(src, x, `box bound ${j + 1}`)));
        }
        boxLine = src.line;
        if (kind === "abc") {
          cell = Float64Array.from([rows[0]![0]!, rows[0]![1]!, rows[0]![2]!, rows[1]![0]!, rows[1]![1]!, rows[1]![2]!, rows[2]![0]!, rows[2]![1]!, rows[2]![2]!]);
          origin = [rows[0]![3]!, rows[1]![3]!, rows[2]![3]!];
        } else {
          const xy = kind === "tilt" ? rows[0]![2]! : 0, xz = kind === "tilt" ? rows[1]![2]! : 0, yz = kind === "tilt" ? rows[2]![2]! : 0;
          const box: LammpsBox = {
            xlo: rows[0]![0]! - Math.min(0, xy, xz, xy + xz),
            xhi: rows[0]![1]! - Math.max(0, xy, xz, xy + xz),
            ylo: rows[1]![0]! - Math.min(0, yz),
            yhi: rows[1]![1]! - Math.max(0, yz),
            zlo: rows[2]![0]!,
            zhi: rows[2]![1]!,
            xy, xz, yz,
          };
          if (!(box.xhi > box.xlo && box.yhi > box.ylo && box.zhi > box.zlo)) src.fail(`box bounds give a zero or negative box length`);
          cell = boxToCell(box);
          origin = [box.xlo, box.ylo, box.zlo];
        }
        checkCell(src, cell, boxLine);
      } else if (item.startsWith("ATOMS")) {
        break;
      } else {
        // an item we do not use: skip its lines
        let l = src.take() ?? (yield* src.wait());
        while (l !== null && !l.trim().startsWith("ITEM:")) l = src.take() ?? (yield* src.wait());
        if (l === null) src.fail(`file ends inside ITEM: ${clip(item)} (no ITEM: ATOMS)`);
        line = l;
        continue;
      }
      let l = src.take() ?? (yield* src.wait());
      while (l !== null && l.trim() === "") l = src.take() ?? (yield* src.wait());
      if (l === null) src.fail(`file ends before ITEM: ATOMS (frame starting at line ${frameLine})`);
      line = l;
    }

    // ITEM: ATOMS
    const atomsLine = src.line;
    if (natoms === undefined) src.fail(`ITEM: ATOMS before ITEM: NUMBER OF ATOMS`);
    if (cell === undefined) src.fail(`ITEM: ATOMS before ITEM: BOX BOUNDS`);
    const cols = tokens(line.trim().slice(5).trim().slice(5));
    const at = new Map<string, number>();
    cols.forEach((c, k) => {
      if (at.has(c)) src.fail(`ATOMS lists column "${clip(c)}" twice`);
      at.set(c, k);
    });
    const coord = COORDS.find(([a, b, c]) => at.has(a) && at.has(b) && at.has(c));
    if (!coord) src.fail(`ATOMS has no coordinate columns (x y z, xu yu zu, xs ys zs or xsu ysu zsu)`);
    const [cx, cy, cz] = [at.get(coord[0])!, at.get(coord[1])!, at.get(coord[2])!];
    const scaled = coord[3];
    const iId = at.get("id"), iType = at.get("type"), iEl = at.get("element"), iMass = at.get("mass"), iQ = at.get("q");
    if (iType === undefined && iEl === undefined) src.fail(`ATOMS has neither a type nor an element column`);
    const triple = (a: string, b: string, c: string) => (at.has(a) && at.has(b) && at.has(c) ? [at.get(a)!, at.get(b)!, at.get(c)!] : null);
    const iImg = triple("ix", "iy", "iz"), iVel = triple("vx", "vy", "vz"), iF = triple("fx", "fy", "fz");

    const ids: number[] = [];
    const labels: string[] = [];
    const pos = new F64Builder();
    const mass = iMass !== undefined ? new F64Builder() : null;
    const q: number[] | null = iQ !== undefined ? [] : null;
    const img: number[] | null = iImg ? [] : null;
    const vel: number[] | null = iVel ? [] : null;
    const frc: number[] | null = iF ? [] : null;
    for (let i = 0; i < natoms; i++) {
      const l = src.take() ?? (yield* src.wait());
      if (l === null) src.fail(`file ends after ${i} of ${natoms} atoms (frame starting at line ${frameLine})`);
      const t = tokens(l);
      if (t.length !== cols.length) src.fail(`atom line has ${t.length} columns, ITEM: ATOMS lists ${cols.length}`);
      if (iId !== undefined) {
        const id = toInt(t[iId]);
        if (id === undefined || id < 1) src.fail(`atom id must be a positive integer, got "${clip(t[iId]!)}"`);
        ids.push(id);
      }
      if (iEl !== undefined) {
        labels.push(t[iEl]!);
      } else {
        const ty = t[iType!]!;
        const n = toInt(ty);
        if (n === undefined) {
          if (!/^[A-Za-z_][^\s]*$/.test(ty)) src.fail(`atom type must be a positive integer or a type label, got "${clip(ty)}"`);
          labels.push(ty);
        } else {
          if (n < 1) src.fail(`atom type must be positive, got ${n}`);
          if (options.types) {
            const lab = options.types[n - 1];
            if (lab === undefined) src.fail(`atom type ${n} has no label in types [${options.types.join(", ")}]`);
            labels.push(lab);
          } else {
            labels.push(String(n));
          }
        }
      }
      pos.push3(needFloat(src, t[cx], coord[0]), needFloat(src, t[cy], coord[1]), needFloat(src, t[cz], coord[2]));
      if (mass) {
        const m = needFloat(src, t[iMass!], "mass");
        if (!(m > 0)) src.fail(`mass must be positive, got ${m}`);
        mass.push(m);
      }
      if (q) q.push(needFloat(src, t[iQ!], "q"));
      if (img) {
        for (const k of iImg!) {
          const f = toInt(t[k]);
          if (f === undefined) src.fail(`image flag must be an integer, got "${clip(t[k]!)}"`);
          img.push(f);
        }
      }
      if (vel) for (const k of iVel!) vel.push(needFloat(src, t[k], "velocity"));
      if (frc) for (const k of iF!) frc.push(needFloat(src, t[k], "force"));
    }

    const n = labels.length;
    const order = iId !== undefined ? sortById(src, ids, (i) => atomsLine + 1 + i) : Int32Array.from({ length: n }, (_, i) => i);
    const p = pos.view();
    const positions = new Float64Array(3 * n);
    const species: string[] = new Array(n);
    const unwrap = options.unwrap === true && img !== null && (coord[0] === "x" || coord[0] === "xs");
    for (let r = 0; r < n; r++) {
      const i = order[r]!;
      species[r] = labels[i]!;
      let x = p[3 * i]!, y = p[3 * i + 1]!, z = p[3 * i + 2]!;
      if (scaled) {
        const s0 = x, s1 = y, s2 = z;
        x = origin[0]! + s0 * cell[0]! + s1 * cell[3]! + s2 * cell[6]!;
        y = origin[1]! + s0 * cell[1]! + s1 * cell[4]! + s2 * cell[7]!;
        z = origin[2]! + s0 * cell[2]! + s1 * cell[5]! + s2 * cell[8]!;
      }
      if (unwrap) {
        const a = img![3 * i]!, b = img![3 * i + 1]!, c = img![3 * i + 2]!;
        x += a * cell[0]! + b * cell[3]! + c * cell[6]!;
        y += a * cell[1]! + b * cell[4]! + c * cell[7]!;
        z += a * cell[2]! + b * cell[5]! + c * cell[8]!;
      }
      positions[3 * r] = x;
      positions[3 * r + 1] = y;
      positions[3 * r + 2] = z;
    }
    if (origin[0] !== 0 || origin[1] !== 0 || origin[2] !== 0) info["cellOrigin"] = origin;
    const arrays: Record<string, PerAtomArray> = {};
    const permute = (a: number[], w: number): number[] => {
      const out = new Array<number>(n * w);
      for (let r = 0; r < n; r++) for (let k = 0; k < w; k++) out[r * w + k] = a[order[r]! * w + k]!;
      return out;
    };
    if (img) arrays["image"] = { type: "I", ncols: 3, values: unwrap ? new Array<number>(3 * n).fill(0) : permute(img, 3) };
    if (q) arrays["charge"] = { type: "R", ncols: 1, values: permute(q, 1) };
    if (vel) arrays["velocities"] = { type: "R", ncols: 3, values: permute(vel, 3) };
    if (frc) arrays["forces"] = { type: "R", ncols: 3, values: permute(frc, 3) };
    if (Object.keys(arrays).length > 0) info["arrays"] = arrays;
    const mv = mass?.view();
    const masses = mv ? Float64Array.from(order, (i) => mv[i]!) : undefined;
    yield makeStructure(src, { positions, species, cell, pbc: options.pbc ?? pbc, info, ...(masses ? { masses } : {}) }, frameLine);
  }
}

/** Text chunks of one dump frame; `index` is the timestep when `info.timestep` is absent. */
export function* writeLammpsDumpFrame(s: Structure, index = 0, options: LammpsDumpWriteOptions = {}): Generator<string> {
  const labels = typeOrder(s, options.types);
  if (options.mass) typeMasses(s, labels); // same check as data files: one mass per type
  const lay = lammpsLayout(s);
  const b = lay.box;
  const el = options.element ?? "auto";
  // "auto": the element column is needed unless the labels are the type numbers themselves
  const withElement = el === "always" || (el === "auto" && !labels.every((l, k) => l === String(k + 1)));
  const ts = s.info["timestep"];
  const step = typeof ts === "number" && Number.isSafeInteger(ts) ? ts : index;
  const flags = s.pbc.map((p) => (p ? "pp" : "ff")).join(" ");
  let head = `ITEM: TIMESTEP\n${step}\nITEM: NUMBER OF ATOMS\n${s.n}\n`;
  if (b.xy !== 0 || b.xz !== 0 || b.yz !== 0) {
    const lo = Math.min(0, b.xy, b.xz, b.xy + b.xz), hi = Math.max(0, b.xy, b.xz, b.xy + b.xz);
    head += `ITEM: BOX BOUNDS xy xz yz ${flags}\n`;
    head += `${fmt(b.xlo + lo)} ${fmt(b.xhi + hi)} ${fmt(b.xy)}\n`;
    head += `${fmt(b.ylo + Math.min(0, b.yz))} ${fmt(b.yhi + Math.max(0, b.yz))} ${fmt(b.xz)}\n`;
    head += `${fmt(b.zlo)} ${fmt(b.zhi)} ${fmt(b.yz)}\n`;
  } else {
    head += `ITEM: BOX BOUNDS ${flags}\n${fmt(b.xlo)} ${fmt(b.xhi)}\n${fmt(b.ylo)} ${fmt(b.yhi)}\n${fmt(b.zlo)} ${fmt(b.zhi)}\n`;
  }
  head += `ITEM: ATOMS id type${withElement ? " element" : ""}${options.mass ? " mass" : ""} x y z\n`;
  yield head;
  const typeOf = new Map(labels.map((l, k) => [l, k + 1]));
  const x = lay.positions;
  let buf = "";
  for (let i = 0; i < s.n; i++) {
    const sp = s.species[i]!;
    buf += `${i + 1} ${typeOf.get(sp)}${withElement ? ` ${sp}` : ""}${options.mass ? ` ${fmt(s.masses[i]!)}` : ""} ${fmt(x[3 * i]!)} ${fmt(x[3 * i + 1]!)} ${fmt(x[3 * i + 2]!)}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

