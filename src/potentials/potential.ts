/**
 * The contract every interatomic potential implements (Lennard-Jones, Tersoff, EAM), so relaxation,
 * Hessians, spectra and data-set generation work with any of them.
 */
import type { Kernels } from "../engine/wasm.js";
import type { Structure } from "../structure.js";

/** Unit system of a potential: LAMMPS "lj" (σ, ε, m, τ) or "metal" (Å, eV, amu, ps). */
export type Units = "lj" | "metal";

/** What {@link Potential.compute} should produce besides the total energy. */
export interface ComputeOptions {
  /** Forces F = −∇E (default true). */
  forces?: boolean;
  /** Per-atom energies, LAMMPS `pe/atom` convention of the potential (default false). */
  perAtom?: boolean;
  /** Virial W_ab = −∂E/∂u_ab for x → (I+u)x, order xx yy zz xy xz yz (default false). */
  virial?: boolean;
}

/** Energy and derivatives of one structure. */
export interface ForceResult {
  /** Total potential energy (eV or ε). */
  energy: number;
  /** Per-atom energies, length N (eV or ε), when asked. */
  energyPerAtom?: Float64Array;
  /** Forces, length 3N, xyz interleaved (eV/Å or ε/σ), when asked. */
  forces?: Float64Array;
  /** Virial, length 6: xx yy zz xy xz yz (eV or ε), when asked. Pressure tensor P = W/V. */
  virial?: Float64Array;
}

/**
 * Hessian H[3i+α, 3j+β] = ∂²E/∂x_iα∂x_jβ in 3×3 block compressed-sparse-row form, periodic images of j
 * summed into block (i, j). Both triangles are stored; columns are sorted within a row and the diagonal
 * block is always present. Units eV/Å² or ε/σ².
 */
export interface BlockHessian {
  /** Number of atoms N. */
  n: number;
  /** Row starts, length N + 1: the blocks of row i are k = rowStart[i] … rowStart[i+1] − 1. */
  rowStart: Int32Array;
  /** Column atom index of each block, length nb. */
  col: Int32Array;
  /** Blocks, length 9·nb, each 3×3 row-major: blocks[9k + 3α + β] = H[3i+α, 3·col[k]+β]. */
  blocks: Float64Array;
}

/**
 * Energy and forces of one structure from a neighbor list that lives in WebAssembly memory and is kept
 * between calls (MD steps, minimiser iterations): what a potential offers through
 * {@link Potential.openListForces}. The list has radius `cutoff` + skin and was built at earlier
 * positions; kernels recompute every bond vector from the current positions and integer image shifts, and
 * skip entries beyond their cutoff. Offsets are bytes into linear memory. @internal
 */
export interface ListForces {
  /** Interaction cutoff for this structure (Å or σ); the kept list has radius cutoff + skin. */
  readonly cutoff: number;
  /** Half list (each pair once) or full list. */
  readonly half: boolean;
  /** Default Verlet skin (Å or σ): measured per potential (list build cost against evaluation cost). */
  readonly skin: number;
  /**
   * Compact the kept list before every evaluation to the entries inside their cutoff (for kernels whose
   * cost grows faster than the list length): per-atom types i32[N], number of types, and the squared
   * cutoff per (type of i, type of j) f64[nt²]; null for none.
   */
  readonly compact: { types: number; nt: number; cut2: number } | null;
  /** Scratch bytes an evaluation needs for a list of `count` entries whose longest row has `maxRow`. */
  scratchBytes(count: number, maxRow: number): number;
  /**
   * Writes forces f64[3N] (overwritten) at `forces` for positions f64[3N] at `positions`; returns the
   * energy. `diag` f64[2] holds, after a compaction, the smallest distance in the list and its entry.
   * @throws GlassboxError for coincident atoms.
   */
  evaluate(k: Kernels, positions: number, forces: number, first: number, j: number, shift: number, scratch: number, diag: number): number;
}

/** An interatomic potential. */
export interface Potential {
  /** Name as spelled on the command line, e.g. "kob-andersen:smooth", "tersoff:SiC_1989.tersoff". */
  readonly name: string;
  /** Unit system. */
  readonly units: Units;
  /** Largest pair distance at which atoms interact (σ or Å). */
  readonly cutoff: number;
  /**
   * Largest distance between two atoms whose Hessian block can be nonzero (σ or Å): the cutoff for pair
   * potentials, twice the cutoff for many-body ones (Tersoff, EAM).
   */
  readonly hessianRange: number;
  /**
   * Masses the potential defines per species (reduced-unit presets: 1), or undefined to use the
   * structure's masses.
   */
  massesFor?(structure: Structure): Float64Array | undefined;
  /** Throws a clear error if the structure has species the potential does not know. */
  check(structure: Structure): void;
  /** Energy and, as asked, forces, per-atom energies and virial. */
  compute(structure: Structure, options?: ComputeOptions): ForceResult;
  /** Analytic (or locality-exploiting finite-difference) Hessian. */
  hessian(structure: Structure): BlockHessian;
  /**
   * Opens evaluation from a kept neighbor list for `structure` (same atoms, species and cell; positions
   * change): allocates its constant inputs in the current workspace scope. Used by MD and relaxation
   * (src/md.ts `forcesFor`); potentials without it are called through `compute`. @internal
   */
  openListForces?(k: Kernels, structure: Structure): ListForces;
}
