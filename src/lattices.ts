/**
 * Crystal lattices the generators start from, and seeded species assignment for mixtures and random
 * solid solutions.
 *
 * All cells are orthorhombic (rows a = (Lx,0,0), b = (0,Ly,0), c = (0,0,Lz)), atoms ordered cell-major
 * (unit cell (i, j, k) with k fastest, then the basis), like ASE's `atoms * (na, nb, nc)` of a
 * conventional cell. Lengths in Å for real materials, σ for Lennard-Jones reduced units.
 */
import { Structure, type Dimension } from "./structure.js";
import type { Rng } from "./random.js";
import { wasmMath } from "./md.js";

/** Repetitions of the conventional cell along a, b, c (2D lattices: c is 1). */
export type Repeats = [number, number, number];

interface Basis {
  /** Conventional cell edges (Lx, Ly, Lz). */
  edges: [number, number, number];
  /** Basis positions, Cartesian, in the conventional cell. */
  sites: [number, number, number][];
  /** Basis sublattice label per site (species placeholder; e.g. 0/1 for zincblende). */
  sublattice: number[];
}

function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`lattices: ${name} must be a positive number, got ${v}`);
}

function checkRepeats(reps: Repeats): void {
  reps.forEach((r, k) => {
    if (!Number.isInteger(r) || r < 1) throw new RangeError(`lattices: repeats[${k}] must be a positive integer, got ${r}`);
  });
}

function tile(basis: Basis, reps: Repeats): { positions: Float64Array; sublattice: Int32Array; cell: number[] } {
  checkRepeats(reps);
  const [na, nb, nc] = reps;
  const nBasis = basis.sites.length;
  const n = na * nb * nc * nBasis;
  const positions = new Float64Array(3 * n);
  const sublattice = new Int32Array(n);
  const [lx, ly, lz] = basis.edges;
  let i = 0;
  for (let ia = 0; ia < na; ia++) {
    for (let ib = 0; ib < nb; ib++) {
      for (let ic = 0; ic < nc; ic++) {
        for (let s = 0; s < nBasis; s++) {
          const site = basis.sites[s]!;
          positions[3 * i] = ia * lx + site[0];
          positions[3 * i + 1] = ib * ly + site[1];
          positions[3 * i + 2] = ic * lz + site[2];
          sublattice[i] = basis.sublattice[s]!;
          i++;
        }
      }
    }
  }
  return { positions, sublattice, cell: [na * lx, 0, 0, 0, nb * ly, 0, 0, 0, nc * lz] };
}

function fccBasis(a: number): Basis {
  const h = a / 2;
  return {
    edges: [a, a, a],
    sites: [[0, 0, 0], [0, h, h], [h, 0, h], [h, h, 0]],
    sublattice: [0, 0, 0, 0],
  };
}

/** Options shared by the lattice builders. */
export interface LatticeOptions {
  /** Species label of every atom (default "A"); replace later with {@link assignSpecies}. */
  species?: string;
  /** Masses per atom (amu or reduced); default from the species (see Structure). */
  mass?: number;
}

function build(
  tiled: { positions: Float64Array; cell: number[] },
  opts: LatticeOptions,
  extra: { pbc?: [boolean, boolean, boolean]; dimension?: Dimension } = {},
): Structure {
  const n = tiled.positions.length / 3;
  const species = new Array<string>(n).fill(opts.species ?? "A");
  return new Structure({
    positions: tiled.positions,
    species,
    cell: tiled.cell,
    pbc: extra.pbc ?? [true, true, true],
    dimension: extra.dimension ?? 3,
    ...(opts.mass !== undefined ? { masses: new Float64Array(n).fill(opts.mass) } : {}),
  });
}

/**
 * Face-centred cubic crystal: conventional cubic cell of edge `a` (4 atoms), repeated. Nearest-neighbor
 * distance a/√2 (12 neighbors), number density 4/a³.
 */
export function fcc(a: number, reps: Repeats, opts: LatticeOptions = {}): Structure {
  checkPositive("a", a);
  return build(tile(fccBasis(a), reps), opts);
}

/** Body-centred cubic crystal: cubic cell of edge `a` (2 atoms). Nearest neighbors: 8 at a√3/2; density 2/a³. */
export function bcc(a: number, reps: Repeats, opts: LatticeOptions = {}): Structure {
  checkPositive("a", a);
  const h = a / 2;
  return build(tile({ edges: [a, a, a], sites: [[0, 0, 0], [h, h, h]], sublattice: [0, 0] }, reps), opts);
}

/**
 * Zincblende crystal (SiC, GaAs): fcc of `species[0]` plus fcc of `species[1]` shifted by a/4 (1,1,1).
 * Conventional cubic cell of edge `a` with 8 atoms, ordered 4 × species[0] then 4 × species[1] per cell.
 * Each atom has 4 unlike nearest neighbors at a√3/4; density 8/a³.
 */
export function zincblende(a: number, reps: Repeats, species: [string, string], opts: Omit<LatticeOptions, "species"> = {}): Structure {
  checkPositive("a", a);
  const q = a / 4;
  const f = fccBasis(a).sites;
  const basis: Basis = {
    edges: [a, a, a],
    sites: [...f, ...f.map(([x, y, z]) => [x + q, y + q, z + q] as [number, number, number])],
    sublattice: [0, 0, 0, 0, 1, 1, 1, 1],
  };
  const t = tile(basis, reps);
  const s = build(t, opts);
  const labels = Array.from(t.sublattice, (k) => species[k]!);
  return new Structure({ positions: s.positions, species: labels, cell: s.cell, pbc: s.pbc, ...(opts.mass !== undefined ? { masses: s.masses } : {}) });
}

/**
 * 2D triangular (hexagonal close-packed) lattice with spacing `a`, in a rectangular cell (a, √3 a) of 2
 * atoms, repeated na × nb. Dimension 2 (atoms move in x, y), periodic along a and b, z = 0; the c vector
 * (0, 0, `height`) only closes the cell. Each atom has 6 nearest neighbors at distance a; areal density
 * 2/(√3 a²).
 */
export function triangular(a: number, reps: [number, number], opts: LatticeOptions & { height?: number } = {}): Structure {
  checkPositive("a", a);
  const height = opts.height ?? 10 * a;
  checkPositive("height", height);
  const ly = Math.sqrt(3) * a;
  const basis: Basis = { edges: [a, ly, height], sites: [[0, 0, 0], [a / 2, ly / 2, 0]], sublattice: [0, 0] };
  return build(tile(basis, [reps[0], reps[1], 1]), opts, { pbc: [true, true, false], dimension: 2 });
}

/**
 * Honeycomb (graphene) sheet with bond length `bond` (Å), in a rectangular 4-atom cell (3·bond, √3·bond)
 * repeated na × nb (armchair edge along x, zigzag along y), at z = vacuum/2 in a box of height `vacuum`
 * (Å), periodic in-plane only. Dimension 3 (flexural modes are physical). Each atom has 3 neighbors at
 * `bond`; areal density 4/(3√3 bond²).
 */
export function honeycomb(bond: number, reps: [number, number], opts: LatticeOptions & { vacuum?: number } = {}): Structure {
  checkPositive("bond", bond);
  const vacuum = opts.vacuum ?? 20;
  checkPositive("vacuum", vacuum);
  const h = (Math.sqrt(3) / 2) * bond, z = vacuum / 2;
  const basis: Basis = {
    edges: [3 * bond, 2 * h, vacuum],
    sites: [[0, 0, z], [bond, 0, z], [1.5 * bond, h, z], [2.5 * bond, h, z]],
    sublattice: [0, 0, 0, 0],
  };
  return build(tile(basis, [reps[0], reps[1], 1]), opts, { pbc: [true, true, false], dimension: 3 });
}

/**
 * Integer counts for a composition: n·fraction rounded by largest remainder (ties to the earlier
 * species), so the counts sum to n exactly. Fractions need not be normalised.
 *
 * @example speciesCounts(256, { A: 80, B: 20 }) → Map { A → 205, B → 51 }
 */
export function speciesCounts(n: number, composition: Readonly<Record<string, number>>): Map<string, number> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`lattices: atom count must be a non-negative integer, got ${n}`);
  const entries = Object.entries(composition);
  if (entries.length === 0) throw new RangeError("lattices: composition is empty");
  let total = 0;
  for (const [s, f] of entries) {
    if (!(f >= 0) || !Number.isFinite(f)) throw new RangeError(`lattices: fraction of ${s} must be ≥ 0, got ${f}`);
    total += f;
  }
  if (!(total > 0)) throw new RangeError("lattices: composition fractions sum to zero");
  const exact = entries.map(([, f]) => (n * f) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - counts[k]!, k] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let t = 0; left > 0; t++, left--) counts[order[t]![1]]!++;
  return new Map(entries.map(([s], k) => [s, counts[k]!]));
}

/**
 * Species labels for n sites: the counts of {@link speciesCounts}, laid out in composition order and then
 * shuffled by a seeded permutation (random solid solution / random mixture).
 */
export function randomSpecies(n: number, composition: Readonly<Record<string, number>>, rng: Rng): string[] {
  const ordered: string[] = [];
  for (const [s, c] of speciesCounts(n, composition)) for (let k = 0; k < c; k++) ordered.push(s);
  const perm = rng.permutation(n);
  return Array.from(perm, (p) => ordered[p]!);
}

/**
 * A copy of `structure` with species replaced by a seeded random assignment of `composition` (masses
 * from the new species, or `masses` per species when given).
 */
export function assignSpecies(
  structure: Structure,
  composition: Readonly<Record<string, number>>,
  rng: Rng,
  masses?: Readonly<Record<string, number>>,
): Structure {
  const species = randomSpecies(structure.n, composition, rng);
  return new Structure({
    positions: structure.positions,
    species,
    cell: structure.cell,
    pbc: structure.pbc,
    dimension: structure.dimension,
    ...(masses ? { masses: Float64Array.from(species, (s) => massOf(masses, s)) } : {}),
    info: structuredClone(structure.info),
  });
}

function massOf(masses: Readonly<Record<string, number>>, s: string): number {
  const m = masses[s];
  if (m === undefined) throw new RangeError(`lattices: no mass given for species ${s}`);
  return m;
}

/** fcc cubic lattice constant for number density ρ: a = (4/ρ)^(1/3) (σ or Å). */
export function fccLatticeConstant(density: number): number {
  checkPositive("density", density);
  return wasmMath.cbrt(4 / density);
}

/** Triangular-lattice spacing for areal density ρ: a = √(2/(√3 ρ)). */
export function triangularSpacing(density: number): number {
  checkPositive("density", density);
  return Math.sqrt(2 / (Math.sqrt(3) * density));
}
