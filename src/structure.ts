/**
 * Atomic structures: positions, species, masses and a periodic cell.
 *
 * Conventions (as ASE and LAMMPS): the cell is a 3×3 matrix whose ROWS are the lattice vectors a, b, c;
 * positions are Cartesian, xyz interleaved, in the structure's length unit (Å for real materials,
 * σ for Lennard-Jones reduced units). 2D systems still store z (usually 0).
 */
import { atomicMass, isElementSymbol } from "./elements.js";

/** Periodicity along the three lattice vectors. */
export type Pbc = [boolean, boolean, boolean];

/** Degrees of freedom per atom: 2 for a 2D model system (2D Kob–Andersen), 3 otherwise (a monolayer of carbon keeps 3). */
export type Dimension = 2 | 3;

/** The fields a {@link Structure} is built from. */
export interface StructureInit {
  /** Cartesian positions, length 3N, xyz interleaved (Å or σ). */
  positions: ArrayLike<number>;
  /** Species label of every atom (element symbols, or any label such as "A", "B"). */
  species: readonly string[];
  /** Lattice vectors as rows: [[ax,ay,az],[bx,by,bz],[cx,cy,cz]] or a flat length-9 array (Å or σ). */
  cell: ArrayLike<number> | readonly (readonly number[])[];
  /** Periodicity per lattice vector; default all true. */
  pbc?: Pbc;
  /** Per-atom masses (amu, or m in reduced units); default {@link defaultMasses}. */
  masses?: ArrayLike<number>;
  /** Degrees of freedom per atom; default 3. */
  dimension?: Dimension;
  /** Free-form metadata carried through readers and writers (e.g. extended-XYZ info keys). */
  info?: Record<string, unknown>;
}

/** A physics-level problem with a structure or calculation (unstable structure, overlapping atoms, …). */
export class GlassboxError extends Error {
  override name = "GlassboxError";
}

/** Flattens a 3×3 cell given as rows or as a flat array into a fresh length-9 Float64Array. */
export function toCell(cell: ArrayLike<number> | readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(9);
  const c = cell as ArrayLike<unknown>;
  if (c.length === 3 && Array.isArray(c[0])) {
    const rows = cell as readonly (readonly number[])[];
    for (let r = 0; r < 3; r++) {
      const row = rows[r]!;
      if (row.length !== 3) throw new TypeError(`cell row ${r} must have 3 numbers, got ${row.length}`);
      for (let k = 0; k < 3; k++) out[3 * r + k] = row[k]!;
    }
    return out;
  }
  if (c.length !== 9) throw new TypeError(`cell must be 3×3 rows or 9 numbers, got length ${c.length}`);
  for (let k = 0; k < 9; k++) out[k] = (cell as ArrayLike<number>)[k]!;
  return out;
}

/** Determinant of a row-major 3×3 matrix: the signed cell volume a·(b×c). */
export function det3(m: ArrayLike<number>): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/** Inverse of a row-major 3×3 matrix. Fractional coordinates are s = x · inv(cell). */
export function inv3(m: ArrayLike<number>): Float64Array {
  const d = det3(m);
  const o = new Float64Array(9);
  o[0] = (m[4]! * m[8]! - m[5]! * m[7]!) / d;
  o[1] = (m[2]! * m[7]! - m[1]! * m[8]!) / d;
  o[2] = (m[1]! * m[5]! - m[2]! * m[4]!) / d;
  o[3] = (m[5]! * m[6]! - m[3]! * m[8]!) / d;
  o[4] = (m[0]! * m[8]! - m[2]! * m[6]!) / d;
  o[5] = (m[2]! * m[3]! - m[0]! * m[5]!) / d;
  o[6] = (m[3]! * m[7]! - m[4]! * m[6]!) / d;
  o[7] = (m[1]! * m[6]! - m[0]! * m[7]!) / d;
  o[8] = (m[0]! * m[4]! - m[1]! * m[3]!) / d;
  return o;
}

function cross(a: ArrayLike<number>, ia: number, b: ArrayLike<number>, ib: number): [number, number, number] {
  return [
    a[ia + 1]! * b[ib + 2]! - a[ia + 2]! * b[ib + 1]!,
    a[ia + 2]! * b[ib]! - a[ia]! * b[ib + 2]!,
    a[ia]! * b[ib + 1]! - a[ia + 1]! * b[ib]!,
  ];
}

/**
 * Perpendicular heights of the cell (distance between opposite faces) along a, b, c: h_a = V / |b × c|.
 * A cutoff r needs ⌈r / h⌉ periodic images along that axis.
 */
export function cellHeights(cell: ArrayLike<number>): [number, number, number] {
  const v = Math.abs(det3(cell));
  const h = (p: number, q: number) => {
    const c = cross(cell, 3 * p, cell, 3 * q);
    return v / Math.hypot(c[0], c[1], c[2]);
  };
  return [h(1, 2), h(2, 0), h(0, 1)];
}

/**
 * An atomic structure. Arrays are owned by the structure; methods that change geometry return a new
 * structure rather than mutating, except {@link Structure.wrap}, which is explicit about it.
 *
 * @example
 * ```ts
 * const s = new Structure({ positions: [0, 0, 0], species: ["Ar"], cell: [[3, 0, 0], [0, 3, 0], [0, 0, 3]] });
 * s.volume(); // 27 Å³
 * ```
 */
export class Structure {
  /** Cartesian positions, length 3N (Å or σ). */
  readonly positions: Float64Array;
  /** Species label per atom. */
  readonly species: string[];
  /** Mass per atom (amu or reduced). */
  readonly masses: Float64Array;
  /** Cell rows a, b, c, flat row-major, length 9 (Å or σ). */
  readonly cell: Float64Array;
  /** Periodicity along a, b, c. */
  readonly pbc: Pbc;
  /** Degrees of freedom per atom. */
  readonly dimension: Dimension;
  /** Free-form metadata. */
  info: Record<string, unknown>;

  constructor(init: StructureInit) {
    const n = init.species.length;
    if (init.positions.length !== 3 * n) {
      throw new RangeError(`positions has length ${init.positions.length}, expected 3 × ${n} atoms = ${3 * n}`);
    }
    this.positions = Float64Array.from(init.positions);
    this.species = init.species.slice();
    this.cell = toCell(init.cell);
    this.pbc = init.pbc ? [init.pbc[0], init.pbc[1], init.pbc[2]] : [true, true, true];
    this.dimension = init.dimension ?? 3;
    if (init.masses) {
      if (init.masses.length !== n) throw new RangeError(`masses has length ${init.masses.length}, expected ${n}`);
      this.masses = Float64Array.from(init.masses);
    } else {
      this.masses = defaultMasses(this.species);
    }
    this.info = { ...(init.info ?? {}) };
    this.validate();
  }

  /** Number of atoms. */
  get n(): number {
    return this.species.length;
  }

  /**
   * Checks shapes and values: finite positions and cell, positive masses, non-degenerate cell along
   * periodic axes, dimension 2 only with z periodicity off and z coordinates all equal.
   * @throws RangeError naming the first problem.
   */
  validate(): void {
    const n = this.n;
    for (let k = 0; k < 3 * n; k++) {
      if (!Number.isFinite(this.positions[k]!)) {
        throw new RangeError(`atom ${Math.floor(k / 3)} has a non-finite coordinate (${this.positions[k]})`);
      }
    }
    for (let k = 0; k < 9; k++) {
      if (!Number.isFinite(this.cell[k]!)) throw new RangeError(`cell entry ${k} is not finite (${this.cell[k]})`);
    }
    for (let i = 0; i < n; i++) {
      const m = this.masses[i]!;
      if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`atom ${i} has invalid mass ${m}`);
      if (this.species[i]!.length === 0) throw new RangeError(`atom ${i} has an empty species label`);
    }
    if (this.pbc.some((p) => p)) {
      const v = Math.abs(det3(this.cell));
      const scale = Math.max(...Array.from(this.cell, Math.abs)) ** 3;
      if (!(v > 1e-12 * scale) || v === 0) {
        throw new RangeError(`cell has zero volume (|det| = ${v}); lattice vectors must be independent`);
      }
    }
    if (this.dimension !== 2 && this.dimension !== 3) throw new RangeError(`dimension must be 2 or 3, got ${this.dimension}`);
    if (this.dimension === 2 && this.pbc[2]) {
      throw new RangeError("a 2D structure (dimension 2) must not be periodic along c");
    }
  }

  /** Sorted distinct species labels; the index of a label here is its type index. */
  speciesList(): string[] {
    return [...new Set(this.species)].sort(compareLabels);
  }

  /** Per-atom type index into {@link Structure.speciesList}, as Int32Array of length N. */
  typeIndex(): Int32Array {
    const list = this.speciesList();
    const index = new Map(list.map((s, k) => [s, k]));
    return Int32Array.from(this.species, (s) => index.get(s)!);
  }

  /** Number of atoms of each species, in {@link Structure.speciesList} order. */
  composition(): Map<string, number> {
    const out = new Map<string, number>(this.speciesList().map((s) => [s, 0]));
    for (const s of this.species) out.set(s, out.get(s)! + 1);
    return out;
  }

  /** Chemical formula-like summary, e.g. "A400B100". */
  formula(): string {
    return [...this.composition()].map(([s, c]) => `${s}${c}`).join("");
  }

  /** Signed cell volume a·(b×c) (Å³ or σ³). */
  signedVolume(): number {
    return det3(this.cell);
  }

  /** Cell volume |a·(b×c)| (Å³ or σ³). */
  volume(): number {
    return Math.abs(det3(this.cell));
  }

  /** Area |a × b| of the periodic plane (Å² or σ²), for structures periodic along a and b. */
  area(): number {
    const c = cross(this.cell, 0, this.cell, 3);
    return Math.hypot(c[0], c[1], c[2]);
  }

  /** Number of periodic axes. */
  periodicAxes(): number {
    return this.pbc.filter((p) => p).length;
  }

  /** Fractional coordinates s = x · inv(cell), length 3N. */
  fractional(): Float64Array {
    const inv = inv3(this.cell);
    const out = new Float64Array(3 * this.n);
    const x = this.positions;
    for (let i = 0; i < this.n; i++) {
      const x0 = x[3 * i]!, x1 = x[3 * i + 1]!, x2 = x[3 * i + 2]!;
      for (let k = 0; k < 3; k++) out[3 * i + k] = x0 * inv[k]! + x1 * inv[3 + k]! + x2 * inv[6 + k]!;
    }
    return out;
  }

  /** Sets positions from fractional coordinates (length 3N). */
  setFractional(s: ArrayLike<number>): void {
    const c = this.cell;
    for (let i = 0; i < this.n; i++) {
      const s0 = s[3 * i]!, s1 = s[3 * i + 1]!, s2 = s[3 * i + 2]!;
      for (let k = 0; k < 3; k++) this.positions[3 * i + k] = s0 * c[k]! + s1 * c[3 + k]! + s2 * c[6 + k]!;
    }
  }

  /** Wraps atoms into the cell along periodic axes (fractional coordinates in [0, 1)), in place. Returns this. */
  wrap(): this {
    const s = this.fractional();
    for (let i = 0; i < s.length; i++) {
      if (!this.pbc[i % 3]) continue;
      let f = s[i]! - Math.floor(s[i]!);
      if (f >= 1) f = 0; // -1e-17 - floor → 1 after rounding
      s[i] = f;
    }
    this.setFractional(s);
    return this;
  }

  /** A deep copy. */
  clone(): Structure {
    return new Structure({
      positions: this.positions,
      species: this.species,
      cell: this.cell,
      pbc: this.pbc,
      masses: this.masses,
      dimension: this.dimension,
      info: structuredClone(this.info),
    });
  }

  /** A copy with new positions (length 3N), same everything else. */
  withPositions(positions: ArrayLike<number>): Structure {
    return new Structure({
      positions,
      species: this.species,
      cell: this.cell,
      pbc: this.pbc,
      masses: this.masses,
      dimension: this.dimension,
      info: structuredClone(this.info),
    });
  }

  /**
   * Repeats the cell na × nb × nc times (atoms ordered image-major: all atoms of image (0,0,0), then (0,0,1)…,
   * as ASE's `atoms * (na, nb, nc)`).
   */
  supercell(na: number, nb: number, nc: number): Structure {
    for (const [name, v] of [["na", na], ["nb", nb], ["nc", nc]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`supercell ${name} must be a positive integer, got ${v}`);
    }
    const n = this.n;
    const reps = na * nb * nc;
    const pos = new Float64Array(3 * n * reps);
    const c = this.cell;
    let o = 0;
    for (let ia = 0; ia < na; ia++) {
      for (let ib = 0; ib < nb; ib++) {
        for (let ic = 0; ic < nc; ic++) {
          for (let k = 0; k < 3; k++) {
            const shift = ia * c[k]! + ib * c[3 + k]! + ic * c[6 + k]!;
            for (let i = 0; i < n; i++) pos[o + 3 * i + k] = this.positions[3 * i + k]! + shift;
          }
          o += 3 * n;
        }
      }
    }
    const cell = Float64Array.from(c);
    for (let k = 0; k < 3; k++) {
      cell[k] = c[k]! * na;
      cell[3 + k] = c[3 + k]! * nb;
      cell[6 + k] = c[6 + k]! * nc;
    }
    const species: string[] = [];
    const masses = new Float64Array(n * reps);
    for (let r = 0; r < reps; r++) {
      species.push(...this.species);
      masses.set(this.masses, r * n);
    }
    return new Structure({ positions: pos, species, cell, pbc: this.pbc, masses, dimension: this.dimension, info: structuredClone(this.info) });
  }
}

/**
 * Default per-atom masses: standard atomic weights (amu) when every label is an element symbol; otherwise
 * the structure is taken to be in reduced units (Kob–Andersen "A"/"B", LAMMPS type numbers) and every mass
 * is 1 — so the "B" of a Kob–Andersen glass is never mistaken for boron.
 */
export function defaultMasses(species: readonly string[]): Float64Array {
  const elemental = species.every(isElementSymbol);
  return Float64Array.from(species, (s) => (elemental ? atomicMass(s) : 1));
}

/**
 * Label order used everywhere (species lists, partial g(r) keys): natural order so that "2" < "10" for
 * numeric LAMMPS type labels, plain code-point order otherwise.
 */
export function compareLabels(a: string, b: string): number {
  const na = /^\d+$/.test(a), nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
