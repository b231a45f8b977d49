/**
 * Periodic neighbor lists: every pair (i, j, S) of atoms closer than a cutoff, over all periodic images S,
 * computed in WebAssembly from cell lists in O(N).
 *
 * Works for orthogonal and triclinic cells, any cutoff (including cutoffs larger than the cell: as many
 * images as needed are visited, and an atom's own images i == j, S ≠ 0 are neighbors), and any mix of
 * periodic and open axes (no images along an open axis; atoms may lie anywhere along it).
 */
import { alloc, allocI32, putF64, putI32, readF64, readI32, scoped, workspaceTop, type Kernels } from "./engine/wasm.js";
import { Structure, cellHeights, det3, inv3, type Pbc } from "./structure.js";

/**
 * A neighbor list in compressed-sparse-row form. Entries of atom i are p = first[i] … first[i+1] − 1.
 * Every array is a fresh copy owned by the caller.
 */
export interface NeighborList {
  /** Number of atoms N. */
  readonly n: number;
  /** Cutoff (Å or σ): entries have distance < cutoff, strictly. */
  readonly cutoff: number;
  /**
   * True for a half list: each pair once, as (i, j, S) with i < j, or i == j with S lexicographically
   * positive (ASE's convention). False (default) for the full list: (i, j, S) and (j, i, −S) both present.
   */
  readonly half: boolean;
  /** Row starts, Int32Array of length N + 1. */
  readonly first: Int32Array;
  /** Neighbor atom index of each entry, Int32Array of length P. */
  readonly j: Int32Array;
  /** Distance |vector| of each entry (Å or σ), Float64Array of length P. */
  readonly distance: Float64Array;
  /** Vector r_j − r_i + S·cell of each entry (Å or σ), Float64Array of length 3P, xyz interleaved. */
  readonly vector: Float64Array;
  /** Integer image shift S of each entry (multiples of the lattice vectors a, b, c), Int32Array of length 3P. */
  readonly shift: Int32Array;
  /**
   * Number of neighbors of each atom within the cutoff, counting periodic images separately
   * (Int32Array, length N). For the full list this is first[i+1] − first[i]; a half list gives the same
   * numbers (each pair i ≠ j counts for both atoms, a self-image pair (i, i, S) counts twice for i, once
   * for S and once for −S). One atom in a unit cube has 6 at cutoff 1.1.
   */
  coordination(): Int32Array;
}

/** Options for {@link neighborList}. */
export interface NeighborListOptions {
  /** Cutoff radius (Å or σ), > 0 and finite. */
  cutoff: number;
  /** Half list instead of the full list (default false). */
  half?: boolean;
}

/**
 * Byte offsets of a neighbor list that lives in WebAssembly memory, for kernels that consume it without
 * copying (potentials, Hessians). Layout: first i32[N+1], j i32[P], distance f64[P], vector f64[3P]
 * (r_j − r_i + S·cell), shift i32[3P]. Valid only inside the workspace scope that built it.
 */
export interface NeighborListPointers {
  /** Number of atoms N. */
  n: number;
  /** Number of entries P. */
  count: number;
  /** Byte offset of first, i32[N+1]. */
  first: number;
  /** Byte offset of j, i32[P]. */
  j: number;
  /** Byte offset of distance, f64[P] (Å or σ). */
  distance: number;
  /** Byte offset of vector, f64[3P] (Å or σ). */
  vector: number;
  /** Byte offset of shift, i32[3P]. */
  shift: number;
}

/** A cell list in WebAssembly memory (byte offsets), built by {@link cellListInWorkspace}. @internal */
export interface CellListPointers {
  n: number;
  ncell: number;
  /** Grid block (f64[32], layout in assembly/cells.ts). */
  grid: number;
  pos: number;
  cellOf: number;
  cellStart: number;
  perm: number;
  slot: number;
  img: number;
  sx: number;
  sy: number;
  sz: number;
  /** Sorted types i32[N], or 0 when no types were given. */
  stype: number;
  /** Sorted fractional coordinate along c from the bins' origin, f64[N]. */
  s2: number;
}

/** Relative safety margin on bin thickness: rounding of fractional coordinates can never lose a pair. */
const MARGIN = 1e-6;
const G_SIZE = 32;

function validateCutoff(cutoff: unknown, name = "cutoff"): number {
  if (typeof cutoff !== "number") throw new TypeError(`${name} must be a number, got ${typeof cutoff}`);
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`${name} must be positive and finite, got ${cutoff}`);
  return cutoff;
}

/**
 * Binning frame M: the cell itself when it is non-degenerate; otherwise (only possible when no axis is
 * periodic, since a Structure with a periodic axis has a non-zero volume) the identity.
 */
function bindingFrame(cell: Float64Array): Float64Array {
  const scale = Math.max(...Array.from(cell, Math.abs));
  const v = Math.abs(det3(cell));
  if (scale > 0 && v > 1e-12 * scale ** 3) return Float64Array.from(cell);
  return Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
}

/**
 * Puts positions into the workspace and bins them into a column grid (see `columns`),
 * sorting the atoms by cell. Must run inside a {@link scoped} block. @internal
 *
 * @param positions Cartesian positions, length 3N (Å or σ).
 * @param cell Lattice vectors as rows, length 9.
 * @param pbc Periodicity per axis.
 * @param rc Search radius (Å or σ).
 * @param types Optional per-atom type index (Int32Array, length N), sorted along with the atoms.
 * @param columns q ≥ 1 (default 1): columns rc/q thick along a and b (searched q columns each way, more
 *   for a cell thinner than rc), cut into fine bins (about rc/4) along c that each atom searches through
 *   its own window ±G_WINDOW = rc/height_c; the sorted fractional coordinate along c is stored (s2).
 */
export function cellListInWorkspace(
  k: Kernels,
  positions: Float64Array,
  cell: Float64Array,
  pbc: Pbc,
  rc: number,
  types?: Int32Array,
  columns = 1,
): CellListPointers {
  const n = positions.length / 3;
  const frame = bindingFrame(cell);
  const inv = inv3(frame);
  const heights = cellHeights(frame);
  const grid = new Float64Array(G_SIZE);
  grid.set(frame, 0);
  grid.set(inv, 9);
  const gridPtr = putF64(grid);
  const pos = putF64(positions);
  const ext = alloc(48);
  k.cells_extent!(n, pos, gridPtr, ext);
  const e = readF64(ext, 6);
  const rcSafe = rc * (1 + MARGIN);
  const nb = [1, 1, 1];
  const span = [1, 1, 1]; // fractional span of the binned region per axis
  const lo = [0, 0, 0];
  let periodic = 0;
  // Bins per cutoff along each axis: q along a and b, 4 along c.
  if (!(Number.isInteger(columns) && columns >= 1)) throw new RangeError(`columns must be a positive integer, got ${columns}`);
  const perCutoff = [columns, columns, 4];
  for (let a = 0; a < 3; a++) {
    const h = heights[a]!;
    if (pbc[a]) {
      periodic |= 1 << a;
    } else {
      lo[a] = n > 0 ? e[a]! : 0;
      span[a] = n > 0 ? e[3 + a]! - e[a]! : 0;
    }
    nb[a] = Math.max(1, Math.floor((perCutoff[a]! * span[a]! * h) / rcSafe));
  }
  // Keep the grid at most ~2 cells per atom (a small cutoff in a big box, or atoms spread far along an
  // open axis): fewer, thicker bins stay correct (the reach grows to match). The fine c bins go first.
  const maxCells = Math.max(64, 2 * n);
  while (nb[0]! * nb[1]! * nb[2]! > maxCells) {
    let a = nb[2]! > 1 ? 2 : 0;
    if (a !== 2) {
      if (nb[1]! > nb[a]!) a = 1;
      if (nb[2]! > nb[a]!) a = 2;
    }
    nb[a] = Math.ceil(nb[a]! / 2);
  }
  let images = 1;
  for (let a = 0; a < 3; a++) {
    const h = heights[a]!;
    const thickness = (span[a]! * h) / nb[a]!;
    grid[18 + a] = lo[a]!;
    grid[24 + a] = nb[a]!;
    if (pbc[a]) {
      grid[21 + a] = nb[a]!;
      grid[27 + a] = Math.max(1, Math.ceil(rcSafe / thickness));
      images *= 2 * Math.ceil(rcSafe / h) + 1;
    } else if (nb[a] === 1) {
      // One bin along an open axis (thin or flat, e.g. a monolayer's normal): everything in bin 0.
      grid[21 + a] = 0;
      grid[27 + a] = 1;
    } else {
      grid[21 + a] = nb[a]! / span[a]!;
      grid[27 + a] = Math.min(nb[a]!, Math.max(1, Math.ceil(rcSafe / thickness)));
    }
  }
  if (!(images <= 2 ** 24)) {
    throw new RangeError(
      `cutoff ${rc} spans ${images.toExponential(2)} periodic images of a cell with heights ` +
        `${heights.map((h) => h.toPrecision(4)).join(", ")}: too many; use a larger cell (supercell) or a smaller cutoff`,
    );
  }
  grid[31] = rcSafe / heights[2]!;
  grid[30] = periodic;
  new Float64Array(k.memory.buffer, gridPtr, G_SIZE).set(grid);
  const ncell = nb[0]! * nb[1]! * nb[2]!;
  const cellOf = alloc(4 * n);
  const cellStart = alloc(4 * (ncell + 1));
  const perm = alloc(4 * n);
  const slot = alloc(4 * n);
  const img = alloc(12 * n);
  const sx = alloc(8 * n);
  const sy = alloc(8 * n);
  const sz = alloc(8 * n);
  let typesPtr = 0;
  let stype = 0;
  if (types) {
    typesPtr = putI32(types);
    stype = alloc(4 * n);
  }
  const s2 = alloc(8 * n);
  k.cells_build!(n, pos, gridPtr, typesPtr, cellOf, cellStart, perm, slot, img, sx, sy, sz, stype, s2);
  return { n, ncell, grid: gridPtr, pos, cellOf, cellStart, perm, slot, img, sx, sy, sz, stype, s2 };
}

function checkStructure(structure: Structure): void {
  if (!(structure instanceof Structure)) throw new TypeError("expected a Structure");
}

/**
 * Builds a neighbor list inside the current workspace scope and returns byte offsets into WebAssembly
 * memory (no copies), for kernels that consume it directly. Call it inside {@link scoped}; the list is
 * freed when the scope ends.
 *
 * @param k The kernels (from `scoped((k) => …)`).
 * @param structure The structure (positions Å or σ).
 * @param cutoff Cutoff radius (Å or σ), pairs with d < cutoff.
 * @param half Half list (true) or full list (false).
 * @throws RangeError for a bad cutoff, or when the list would not fit in the wasm32 4 GiB memory.
 *
 * @example
 * ```ts
 * scoped((k) => {
 *   const nl = buildNeighborListInWorkspace(k, structure, 2.5, true);
 *   k.lj_forces(nl.n, nl.first, nl.j, nl.distance, nl.vector, …);
 * });
 * ```
 */
export function buildNeighborListInWorkspace(
  k: Kernels,
  structure: Structure,
  cutoff: number,
  half: boolean,
): NeighborListPointers {
  checkStructure(structure);
  const rc = validateCutoff(cutoff);
  const n = structure.n;
  const cl = cellListInWorkspace(k, structure.positions, structure.cell, structure.pbc, rc);
  const first = allocI32(n + 1);
  const scratch = alloc(k.nl_scratchBytes!(n, cl.grid));
  const spos = alloc(24 * n);
  const simg = alloc(12 * n);
  k.nl_gather!(n, cl.pos, cl.img, cl.perm, spos, simg);
  const rcLoose = rc * (1 + 1e-9) + 1e-12 * maxLength(structure.cell);
  // Two passes over the atoms in cell order: count each atom's entries, then fill its row. Chunks of cells
  // let V8 optimise the kernel after the first calls instead of running one long call in its baseline tier.
  const chunks = n >= 20000 ? 32 : 1;
  const step = Math.max(1, Math.ceil(cl.ncell / chunks));
  const pass = (fill: number, out: { j: number; distance: number; vector: number; shift: number }) => {
    for (let c = 0; c < cl.ncell; c += step) {
      k.nl_pass!(
        n, spos, cl.grid, cl.cellStart, cl.perm, simg, cl.sx, cl.sy, cl.sz, cl.s2,
        rc, rcLoose, half ? 1 : 0, fill, c, c + step,
        first, out.j, out.distance, out.vector, out.shift, scratch,
      );
    }
  };
  pass(0, { j: 0, distance: 0, vector: 0, shift: 0 });
  const count = k.nl_prefix!(n, first);
  if (count < 0 || count * 48 + workspaceTop() > 2 ** 32) {
    const entries = count < 0 ? "more than 2³¹" : String(count);
    throw new RangeError(
      `neighbor list of ${n} atoms at cutoff ${rc} has ${entries} entries (48 bytes each): ` +
        `too large for WebAssembly memory (4 GiB); use a smaller cutoff or a half list`,
    );
  }
  const out = { j: alloc(4 * count), distance: alloc(8 * count), vector: alloc(24 * count), shift: alloc(12 * count) };
  pass(1, out);
  return { n, count, first, ...out };
}

function maxLength(cell: Float64Array): number {
  let m = 0;
  for (let r = 0; r < 3; r++) m = Math.max(m, Math.hypot(cell[3 * r]!, cell[3 * r + 1]!, cell[3 * r + 2]!));
  return m;
}

/**
 * Neighbor list of a structure: all (i, j, S) with |r_j − r_i + S·cell| < cutoff over every periodic image.
 *
 * @param structure The structure (positions in Å or σ; atoms need not be wrapped into the cell).
 * @param options `cutoff` (Å or σ) and `half` (default false: full list).
 * @returns A {@link NeighborList} of fresh copies.
 * @throws TypeError / RangeError for a bad structure or cutoff, or a list too large for memory.
 *
 * @example
 * ```ts
 * const nl = neighborList(structure, { cutoff: 2.5 });
 * nl.coordination(); // Int32Array: neighbors per atom
 * ```
 */
export function neighborList(structure: Structure, options: NeighborListOptions): NeighborList {
  checkStructure(structure);
  if (typeof options !== "object" || options === null) throw new TypeError("neighborList: options { cutoff } required");
  const rc = validateCutoff(options.cutoff, "neighborList: cutoff");
  const half = options.half ?? false;
  if (typeof half !== "boolean") throw new TypeError(`neighborList: half must be a boolean, got ${typeof half}`);
  return scoped((k) => {
    const p = buildNeighborListInWorkspace(k, structure, rc, half);
    const first = readI32(p.first, p.n + 1);
    const j = readI32(p.j, p.count);
    const distance = readF64(p.distance, p.count);
    const vector = readF64(p.vector, 3 * p.count);
    const shift = readI32(p.shift, 3 * p.count);
    return makeList(p.n, rc, half, first, j, distance, vector, shift);
  });
}

function makeList(
  n: number, cutoff: number, half: boolean, first: Int32Array, j: Int32Array,
  distance: Float64Array, vector: Float64Array, shift: Int32Array,
): NeighborList {
  return {
    n, cutoff, half, first, j, distance, vector, shift,
    coordination(): Int32Array {
      const c = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        if (!half) {
          c[i] = first[i + 1]! - first[i]!;
          continue;
        }
        for (let p = first[i]!; p < first[i + 1]!; p++) {
          c[i]!++;
          c[j[p]!]!++;
        }
      }
      return c;
    },
  };
}
