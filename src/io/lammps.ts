/**
 * Shared LAMMPS conventions for data and dump files: the restricted-triclinic box, type → label
 * mapping, and the conversion of a general cell into LAMMPS' lower-triangular form for writing.
 *
 * LAMMPS box: origin (xlo, ylo, zlo) and rows a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz) with
 * lx = xhi − xlo etc. Readers keep atom coordinates exactly as written (no origin subtraction, so no
 * rounding; ASE does the same) and record a non-zero origin as `info.cellOrigin = [xlo, ylo, zlo]`.
 * Writers use `info.cellOrigin` (default 0) so a read → write round trip reproduces the box.
 */
import type { Structure } from "../structure.js";
import { det3, inv3 } from "../structure.js";
import { checkLabels } from "./xyz.js";

/** The box as LAMMPS stores it. */
export interface LammpsBox {
  xlo: number; xhi: number; ylo: number; yhi: number; zlo: number; zhi: number;
  xy: number; xz: number; yz: number;
}

/** Cell rows (flat, length 9) of a LAMMPS box. */
export function boxToCell(b: LammpsBox): Float64Array {
  return Float64Array.from([b.xhi - b.xlo, 0, 0, b.xy, b.yhi - b.ylo, 0, b.xz, b.yz, b.zhi - b.zlo]);
}

/** A cell already in LAMMPS form: a along +x, b in the xy plane with b_y > 0, c_z > 0. */
export function isLammpsForm(cell: ArrayLike<number>): boolean {
  return cell[1] === 0 && cell[2] === 0 && cell[5] === 0 && cell[0]! > 0 && cell[4]! > 0 && cell[8]! > 0;
}

/** How a structure is laid out for a LAMMPS file: box, positions in that box, whether it was rotated. */
export interface LammpsLayout {
  box: LammpsBox;
  /** Positions in the LAMMPS frame (the structure's own array when no rotation was needed). */
  positions: Float64Array;
  /** True when the cell was rotated into lower-triangular form (positions rotated with it). */
  rotated: boolean;
  /** True when the box was built around the atoms (non-periodic structure without a cell). */
  boundingBox: boolean;
  /** Non-periodic axes (0, 1, 2 = a, b, c) whose box was extended so that every atom lies inside it. */
  extended: number[];
}

/**
 * Lays a structure out in LAMMPS' restricted-triclinic form.
 * - a cell already lower-triangular is used as is (positions untouched, bit-exact);
 * - a general right-handed cell is rotated: lx = |a|, xy = b·â, ly = √(|b|² − xy²), xz = c·â,
 *   yz = (b·c − xy·xz)/ly, lz = √(|c|² − xz² − yz²); positions keep their fractional coordinates;
 * - a non-periodic structure without a cell (all-zero cell, e.g. from plain XYZ) gets an orthogonal
 *   box around its atoms with 1 length unit of margin;
 * - a left-handed cell cannot be rotated into LAMMPS form: RangeError;
 * - along non-periodic axes the box is stretched, when needed, to hold every atom (LAMMPS would drop
 *   atoms outside it).
 */
export function lammpsLayout(s: Structure): LammpsLayout {
  const c = s.cell;
  const o = s.info["cellOrigin"];
  const origin = Array.isArray(o) && o.length === 3 && o.every((v) => typeof v === "number" && Number.isFinite(v)) ? (o as number[]) : [0, 0, 0];
  const vol = det3(c);
  if (s.pbc.every((p) => !p) && !(Math.abs(vol) > 0)) {
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < s.n; i++) {
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k]!, s.positions[3 * i + k]!);
        hi[k] = Math.max(hi[k]!, s.positions[3 * i + k]!);
      }
    }
    if (s.n === 0) for (let k = 0; k < 3; k++) (lo[k] = -0.5), (hi[k] = 0.5);
    return {
      box: { xlo: lo[0]! - 1, xhi: hi[0]! + 1, ylo: lo[1]! - 1, yhi: hi[1]! + 1, zlo: lo[2]! - 1, zhi: hi[2]! + 1, xy: 0, xz: 0, yz: 0 },
      positions: s.positions,
      rotated: false,
      boundingBox: true,
      extended: [],
    };
  }
  if (isLammpsForm(c)) {
    return extendOpenAxes(s, {
      box: {
        xlo: origin[0]!, xhi: origin[0]! + c[0]!, ylo: origin[1]!, yhi: origin[1]! + c[4]!, zlo: origin[2]!, zhi: origin[2]! + c[8]!,
        xy: c[3]!, xz: c[6]!, yz: c[7]!,
      },
      positions: s.positions,
      rotated: false,
      boundingBox: false,
      extended: [],
    });
  }
  if (!(vol > 0)) {
    throw new RangeError(`cell is ${vol < 0 ? "left-handed" : "degenerate"} (a·(b×c) = ${vol}); LAMMPS needs a right-handed cell: reorder or negate a lattice vector`);
  }
  const dot = (p: number, q: number) => c[3 * p]! * c[3 * q]! + c[3 * p + 1]! * c[3 * q + 1]! + c[3 * p + 2]! * c[3 * q + 2]!;
  const lx = Math.sqrt(dot(0, 0));
  const xy = dot(0, 1) / lx;
  const ly = Math.sqrt(dot(1, 1) - xy * xy);
  const xz = dot(0, 2) / lx;
  const yz = (dot(1, 2) - xy * xz) / ly;
  const lz = Math.sqrt(dot(2, 2) - xz * xz - yz * yz);
  const L = [lx, 0, 0, xy, ly, 0, xz, yz, lz];
  // x' = x · inv(A) · L (a rotation): fractional coordinates are preserved
  const ai = inv3(c);
  const R = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) R[3 * i + j] = ai[3 * i]! * L[j]! + ai[3 * i + 1]! * L[3 + j]! + ai[3 * i + 2]! * L[6 + j]!;
  const p = new Float64Array(3 * s.n);
  for (let i = 0; i < s.n; i++) {
    const x0 = s.positions[3 * i]! - origin[0]!, x1 = s.positions[3 * i + 1]! - origin[1]!, x2 = s.positions[3 * i + 2]! - origin[2]!;
    for (let k = 0; k < 3; k++) p[3 * i + k] = x0 * R[k]! + x1 * R[3 + k]! + x2 * R[6 + k]!;
  }
  return extendOpenAxes(s, { box: { xlo: 0, xhi: lx, ylo: 0, yhi: ly, zlo: 0, zhi: lz, xy, xz, yz }, positions: p, rotated: true, boundingBox: false, extended: [] });
}

/**
 * LAMMPS drops atoms outside the box along non-periodic (f, s, m) boundaries when it reads a data file.
 * Along each non-periodic axis whose atoms stick out (fractional coordinate outside [0, 1)), the box is
 * stretched along that lattice vector (with 10⁻⁴ of it as margin) and its origin moved; the other
 * lattice vectors and all Cartesian positions stay as they are.
 */
function extendOpenAxes(s: Structure, lay: LammpsLayout): LammpsLayout {
  if (s.pbc.every((p) => p) || s.n === 0) return lay;
  const b = lay.box;
  const cell = [b.xhi - b.xlo, 0, 0, b.xy, b.yhi - b.ylo, 0, b.xz, b.yz, b.zhi - b.zlo];
  const inv = inv3(cell);
  const origin = [b.xlo, b.ylo, b.zlo];
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  const x = lay.positions;
  for (let i = 0; i < s.n; i++) {
    const d0 = x[3 * i]! - origin[0]!, d1 = x[3 * i + 1]! - origin[1]!, d2 = x[3 * i + 2]! - origin[2]!;
    for (let k = 0; k < 3; k++) {
      const f = d0 * inv[k]! + d1 * inv[3 + k]! + d2 * inv[6 + k]!;
      lo[k] = Math.min(lo[k]!, f);
      hi[k] = Math.max(hi[k]!, f);
    }
  }
  const extended: number[] = [];
  for (let k = 0; k < 3; k++) {
    if (s.pbc[k] || (lo[k]! >= 0 && hi[k]! < 1)) continue;
    const f0 = Math.min(0, lo[k]! - 1e-4), f1 = Math.max(1, hi[k]! + 1e-4);
    for (let a = 0; a < 3; a++) origin[a] = origin[a]! + f0 * cell[3 * k + a]!;
    for (let a = 0; a < 3; a++) cell[3 * k + a] = cell[3 * k + a]! * (f1 - f0);
    extended.push(k);
  }
  if (extended.length === 0) return lay;
  return {
    ...lay,
    box: {
      xlo: origin[0]!, xhi: origin[0]! + cell[0]!, ylo: origin[1]!, yhi: origin[1]! + cell[4]!, zlo: origin[2]!, zhi: origin[2]! + cell[8]!,
      xy: cell[3]!, xz: cell[6]!, yz: cell[7]!,
    },
    extended,
  };
}

/**
 * Type numbering for writing: types 1..T are `order` (when given, it must contain every label of the
 * structure; extra labels get types too, as a potential file's element order requires), else the
 * sorted labels (natural order: "2" before "10").
 */
export function typeOrder(s: Structure, order?: readonly string[]): string[] {
  checkLabels(s);
  const present = s.speciesList();
  if (!order) return present;
  const missing = present.filter((l) => !order.includes(l));
  if (missing.length > 0) throw new RangeError(`types [${order.join(", ")}] has no entry for species ${missing.join(", ")}`);
  if (new Set(order).size !== order.length) throw new RangeError(`types [${order.join(", ")}] lists a label twice`);
  return order.slice();
}

/** Per-type mass (amu/reduced) from the structure; RangeError when one label carries different masses. */
export function typeMasses(s: Structure, labels: readonly string[]): number[] {
  const m = new Map<string, number>();
  for (let i = 0; i < s.n; i++) {
    const l = s.species[i]!, v = s.masses[i]!;
    const prev = m.get(l);
    if (prev === undefined) m.set(l, v);
    else if (prev !== v) throw new RangeError(`atoms of species "${l}" have different masses (${prev}, ${v}); LAMMPS types carry one mass each`);
  }
  return labels.map((l) => m.get(l) ?? 1);
}
